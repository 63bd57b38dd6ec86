"""Which rows break which canonical rule: every row, every rule, as masks.

The validator (:func:`fieldsales.schema.validate_tables`) lists at most 1000
rows per rule, which is right for an error message but not for sorting a
million-row import into loaded and quarantined rows. This module evaluates
the *same* rules — the pandera model's own checks, with their rule texts —
as boolean masks over every row, plus the cross-table rules (references,
dates in the future, activity dates within the rep's employment). The
validator stays the final gate when the workspace is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np
import pandas as pd

from ..schema._base import describe_check
from ..schema._coerce import positions_in
from ..schema._tables import EMPLOYMENT_CHECKED, FUTURE_CHECKED, references, schema_for

__all__ = ["rule_masks"]

_REQUIRED = "value is required (the cell is empty)"


def _mask(result, n: int) -> np.ndarray:
    """Failing positions of a pandera check result (cells it skipped, e.g. empty, pass)."""
    out = result.check_output
    if isinstance(out, pd.DataFrame):
        out = out.all(axis=1)
    failed = np.zeros(n, dtype=bool)
    failed[out.index.to_numpy(dtype="int64")[~out.to_numpy(dtype=bool, na_value=False)]] = True
    return failed


def rule_masks(
    table: str,
    frame: pd.DataFrame,
    *,
    lookup: Mapping[str, pd.DataFrame],
    today: date,
) -> list[tuple[str | None, str, np.ndarray]]:
    """``(column, rule, failing-rows mask)`` for every rule of ``table`` that fails somewhere.

    ``frame`` holds typed canonical columns (positional order is used); key
    uniqueness is not checked here (duplicates are handled by the importer).
    ``lookup`` gives the reps and accounts to check references and
    employment dates against.
    """
    schema = schema_for(table)
    work = frame.reset_index(drop=True)
    out = []
    for name, column in schema.columns.items():
        if name not in work:
            continue
        series = work[name]
        if not column.nullable:
            out.append((name, _REQUIRED, series.isna().to_numpy()))
        for check in column.checks:
            failed = _mask(check(series), len(work))
            out.append((name, describe_check(check)[0], failed))
    for check in schema.checks:
        try:
            failed = _mask(check(work), len(work))
        except KeyError:
            continue
        out.append((check.name, describe_check(check)[0], failed))
    for column, (ref_table, ref_column) in references(table).items():
        target = lookup.get(ref_table)
        if column not in work or target is None or ref_column not in target:
            continue
        values = work[column]
        missing = positions_in(values, target[ref_column].dropna().astype("str")) < 0
        out.append(
            (
                column,
                f"must match an existing {ref_table}.{ref_column}",
                missing & values.notna().to_numpy(),
            )
        )
    limit = pd.Timestamp(today) + pd.Timedelta(days=1)
    for column, condition in FUTURE_CHECKED.get(table, {}).items():
        if column not in work:
            continue
        mask = (work[column] >= limit).to_numpy(dtype=bool, na_value=False).copy()
        if condition:
            mask = mask & work[condition[0]].isin(condition[1]).to_numpy(dtype=bool, na_value=False)
        out.append((column, f"must not be in the future (after {today:%Y-%m-%d})", mask))
    out += _employment(table, work, lookup.get("reps"))
    return [(c, r, m) for c, r, m in out if m.any()]


def _employment(table, work, reps) -> list:
    column = EMPLOYMENT_CHECKED.get(table)
    if reps is None or column not in work or "rep_id" not in work or not len(reps):
        return []
    reps = reps.dropna(subset=["rep_id"]).drop_duplicates("rep_id")
    found = positions_in(work["rep_id"], reps["rep_id"].astype("str"))
    known = found >= 0
    when = work[column].to_numpy(dtype="datetime64[ns]")

    def per_row(values: pd.Series) -> np.ndarray:
        arr = pd.to_datetime(values).to_numpy(dtype="datetime64[ns]")
        res = np.full(len(found), np.datetime64("NaT"), dtype="datetime64[ns]")
        res[known] = arr[found[known]]
        return res

    out = []
    with np.errstate(invalid="ignore"):
        if "hire_date" in reps:
            hire = per_row(reps["hire_date"])
            out.append((column, "must not be before the rep's hire_date", when < hire))
        if "exit_date" in reps:
            limit = per_row(reps["exit_date"]) + np.timedelta64(1, "D")
            out.append((column, "must not be after the rep's exit_date", when >= limit))
    return out
