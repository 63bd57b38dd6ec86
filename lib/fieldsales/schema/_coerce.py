"""Coerce raw columns to canonical dtypes, and build capped failure lists.

Numbers go through :func:`pandas.to_numeric`; dates and timestamps are parsed
from ISO 8601 text (``2024-03-01``, ``2024-03-01 09:30``). Time-zone-aware
timestamps become naive *local wall time*: the offset is dropped, not applied
(``2024-03-01 09:30+01:00`` becomes ``2024-03-01 09:30``), because a rep's
working day is judged on the clock the rep saw. A cell that cannot be coerced
is reported once and becomes empty, so that every other rule still runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..exceptions import ValidationFailure

__all__ = [
    "MAX_PER_RULE",
    "failures_at",
    "coerce_column",
    "to_datetime",
    "duplicate_positions",
    "positions_in",
]

#: Rows listed per rule, column and table; further rows are summarized in one failure.
#: (DataValidationError.MORE and the CLI quote this number in their messages.)
MAX_PER_RULE = 1000

Hint = str | Callable[[int], str]

_OFFSET = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")
_RULES = {
    "number": ("must be a number", "write digits with '.' as decimal point, no currency sign"),
    "date": ("must be a date written YYYY-MM-DD", "convert the date to ISO 8601, e.g. 2024-03-01"),
    "timestamp": (
        "must be a date-time written YYYY-MM-DD HH:MM[:SS]",
        "convert the time to ISO 8601, e.g. 2024-03-01 09:30",
    ),
}
_OUT_OF_RANGE = ("must be a date between 1678 and 2261", "the year looks mistyped")
_NOT_FINITE = (
    "must be a finite number",
    "write the value in digits, or leave the cell empty when it is unknown",
)
_NAN_TEXT = frozenset({"nan", "+nan", "-nan"})


def _plain(value: object) -> object:
    """Missing markers (NaN, NaT, NA) become None, timestamps ISO text; rest unchanged."""
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, pd.Timestamp):
        return str(value.date()) if value == value.normalize() else str(value)
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):  # array-likes
        return value


def failures_at(
    table: str,
    column: str | None,
    positions: np.ndarray,
    labels: pd.Index,
    values: Callable[[np.ndarray], list] | None,
    rule: str,
    hint: Hint,
) -> list[ValidationFailure]:
    """Failures for the rows at ``positions`` (sorted), capped per rule.

    Parameters
    ----------
    table, column, rule, hint
        As in :class:`~fieldsales.exceptions.ValidationFailure`; ``hint`` may be
        a function of the row position.
    positions
        Positions (not labels) of the failing rows.
    labels
        The table's index; ``labels[position]`` is the reported row.
    values
        Returns the failing values for an array of positions, or None.

    Returns
    -------
    list of ValidationFailure
        At most :data:`MAX_PER_RULE` rows, plus one summary of the rest.
    """
    if len(positions) == 0:
        return []
    shown = positions[:MAX_PER_RULE]
    rows = labels[shown].tolist()
    vals = values(shown) if values is not None else [None] * len(shown)
    out = [
        ValidationFailure(
            table, column, row, _plain(value), rule, hint(pos) if callable(hint) else hint
        )
        for pos, row, value in zip(shown, rows, vals, strict=True)
    ]
    more = len(positions) - len(shown)
    if more > 0:
        summary = f"{rule} — {more:,} more row(s) broke this rule (first {len(shown):,} listed)"
        out.append(
            ValidationFailure(
                table, column, None, None, summary, "" if callable(hint) else hint, count=more
            )
        )
    return out


def to_datetime(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse to naive ``datetime64[ns]`` wall time.

    Returns
    -------
    values, out_of_range
        The parsed column (unparseable cells are NaT) and a mask of the cells
        that parsed but lie outside the ``datetime64[ns]`` range (now NaT).
    """
    if isinstance(raw.dtype, pd.DatetimeTZDtype):
        parsed = raw.dt.tz_localize(None)
    elif pd.api.types.is_datetime64_dtype(raw.dtype):
        parsed = raw
    else:
        text = raw.astype("str")
        try:
            parsed = pd.to_datetime(text, format="ISO8601", errors="coerce")
        except ValueError:  # mixed UTC offsets: keep each wall time, drop the offset
            stripped = text.str.replace(_OFFSET, "", regex=True)
            parsed = pd.to_datetime(stripped, format="ISO8601", errors="coerce")
        if isinstance(parsed.dtype, pd.DatetimeTZDtype):
            parsed = parsed.dt.tz_localize(None)
    if parsed.dtype == "datetime64[ns]":  # already in range by construction
        return parsed, pd.Series(False, index=parsed.index)
    out_of_range = parsed.notna() & ((parsed < pd.Timestamp.min) | (parsed > pd.Timestamp.max))
    if out_of_range.any():
        parsed = parsed.mask(out_of_range)
    return parsed.astype("datetime64[ns]"), out_of_range


def coerce_column(
    table: str, column: str, kind: str, raw: pd.Series, labels: pd.Index
) -> tuple[pd.Series, list[ValidationFailure], np.ndarray]:
    """Coerce one column to its canonical dtype.

    Parameters
    ----------
    kind
        ``"string"``, ``"number"``, ``"date"`` or ``"timestamp"``.

    Returns
    -------
    values, failures, positions
        The coerced column, the failures, and the positions of the cells that
        failed (now empty) so that later rules do not report them again.
    """
    none = np.empty(0, dtype="int64")
    if kind == "string":
        return _blank_as_missing(raw if raw.dtype == "str" else raw.astype("str")), [], none

    def raw_values(pos: np.ndarray) -> list:
        return raw.iloc[pos].tolist()

    if kind == "number":
        return _coerce_number(table, column, raw, labels, raw_values)
    out, out_of_range = to_datetime(raw)
    unparsed = _unparsed(out, raw, out_of_range)
    failures = failures_at(table, column, unparsed, labels, raw_values, *_RULES[kind])
    positions = np.flatnonzero(out_of_range.to_numpy())
    failures += failures_at(table, column, positions, labels, raw_values, *_OUT_OF_RANGE)
    return out, failures, np.sort(np.concatenate([unparsed, positions]))


def _unparsed(out: pd.Series, raw: pd.Series, skip: pd.Series | None = None) -> np.ndarray:
    """Positions of cells with a value that did not coerce (blank text is an empty cell).

    ``skip`` masks cells reported otherwise (dates out of range).
    """
    empty = out.isna() & raw.notna()
    if skip is not None:
        empty &= ~skip
    unparsed = np.flatnonzero(empty.to_numpy())
    if len(unparsed):
        blank = raw.iloc[unparsed].astype("str").str.strip().eq("").to_numpy()
        unparsed = unparsed[~blank]
    return unparsed


def _coerce_number(
    table: str, column: str, raw: pd.Series, labels: pd.Index, raw_values: Callable
) -> tuple[pd.Series, list[ValidationFailure], np.ndarray]:
    """Numbers as float64; text that is no number, NaN text and infinities are failures."""
    if pd.api.types.is_numeric_dtype(raw.dtype):
        out = raw.astype("float64")
        unparsed = np.empty(0, dtype="int64")
    else:
        out = pd.to_numeric(raw, errors="coerce").astype("float64")
        unparsed = _unparsed(out, raw)
    infinite = np.flatnonzero(np.isinf(out.to_numpy()))
    nan_text = np.zeros(len(unparsed), dtype=bool)
    if len(unparsed):  # 'NaN' parses to an empty cell: it is a value, but not a finite one
        text = raw.iloc[unparsed].astype("str").str.strip().str.lower()
        nan_text = text.isin(_NAN_TEXT).to_numpy()
    not_finite = np.sort(np.concatenate([unparsed[nan_text], infinite]))
    failures = failures_at(
        table, column, unparsed[~nan_text], labels, raw_values, *_RULES["number"]
    )
    failures += failures_at(table, column, not_finite, labels, raw_values, *_NOT_FINITE)
    if len(infinite):
        out = out.copy()
        out.iloc[infinite] = np.nan
    return out, failures, np.sort(np.concatenate([unparsed, infinite]))


def _blank_as_missing(values: pd.Series) -> pd.Series:
    """Text cells that are empty or hold only whitespace become missing; others stay as is."""
    array = pa.array(values.array)
    blank = pc.or_(pc.equal(array, ""), pc.utf8_is_space(array))
    blank = pc.fill_null(blank, False).to_numpy(zero_copy_only=False)
    return values.mask(blank) if blank.any() else values


def duplicate_positions(series: pd.Series) -> np.ndarray:
    """Sorted positions of every non-empty value that occurs more than once.

    Sort-based with pyarrow: ~1.7 s for 20 million distinct ids, where a hash
    table (``Series.duplicated``, pandera's ``unique=True``) takes 8-10 s.
    """
    values = pa.array(series.array)
    order = pc.sort_indices(values)
    ordered = pc.take(values, order)
    same = pc.fill_null(pc.equal(ordered[1:], ordered[:-1]), False).to_numpy(zero_copy_only=False)
    hit = np.zeros(len(values), dtype=bool)
    hit[1:] |= same
    hit[:-1] |= same
    return np.sort(order.to_numpy()[hit])


def positions_in(values: pd.Series, keys: pd.Series) -> np.ndarray:
    """For each value, the position of the first equal key, or -1 (vectorized lookup)."""
    array = pa.array(values.array)
    key_set = pa.array(keys.array).cast(array.type)
    found = pc.index_in(array, value_set=key_set, skip_nulls=True)
    return pc.fill_null(found, -1).to_numpy(zero_copy_only=False)
