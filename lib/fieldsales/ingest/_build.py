"""Turn an export's text columns into one canonical table, cell by cell.

Every canonical column is parsed by its kind (text, number, date, timestamp)
with the file's decisions (day/month order, decimal separator). A cell that
cannot be parsed is not guessed: its row collects a reason and goes to
quarantine later. Table-specific values are derived here too: a deal's
status from its stage (preset stage list), its currency from the amount's
symbol or code, an activity's type from the preset's type names.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..exceptions import InputFileError
from ..schema import columns as canonical_columns
from ..schema._tables import schema_for
from ._dates import ORDERS, decide_order, parse_dates
from ._detect import Detection, best_guess
from ._numbers import decide_decimal, parse_amounts, parse_minutes, parse_numbers
from ._presets import STATUSES, normalize_header
from ._raw import RawTable

__all__ = ["Batch", "build_table", "column_kinds"]

_WON = ("closed won", "won", "赢单", "成交", "已成交", "签约")
_LOST = ("closed lost", "lost", "输单", "丢单", "失败", "无效", "流失")


@dataclass
class Batch:
    """One canonical table built from an export, before references and rules."""

    table: str
    frame: pd.DataFrame
    reasons: dict[int, list[str]]
    headers: dict[str, str]
    notes: list[str] = field(default_factory=list)
    decisions: dict[str, str] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)
    helpers: dict[str, pd.Series] = field(default_factory=dict)
    failed: dict[str, np.ndarray] = field(default_factory=dict)

    def fail(self, mask: np.ndarray, reason) -> None:
        """Add ``reason`` (text, or a function of the line) to the rows in ``mask``."""
        for line in self.frame.index[np.asarray(mask, dtype=bool)]:
            self.reasons.setdefault(int(line), []).append(
                reason(int(line)) if callable(reason) else reason
            )


def column_kinds(table: str) -> dict[str, str]:
    """Canonical column -> ``string``, ``number``, ``date`` or ``timestamp``."""
    from ..schema._base import column_kind

    schema = schema_for(table)
    return {name: column_kind(col) for name, col in schema.columns.items()}


def _missing_required(batch_headers, table, detection, raw, fallbacks) -> None:
    schema = schema_for(table)
    derived = {"deals": {"status", "currency", "deal_id"}, "activities": {"type", "activity_id"}}
    derived = derived.get(table, set()) | set(fallbacks)
    derived |= set(detection.preset.default_values(table))
    missing = [
        c
        for c, col in schema.columns.items()
        if col.required and not col.nullable and c not in batch_headers and c not in derived
    ]
    if table in ("deals", "activities", "accounts") and "account_name" in batch_headers:
        missing = [c for c in missing if c != "account_id"]
    if not missing:
        return
    spec = detection.preset.tables[table]
    lines = [
        f"{table}.{c}: none of the headers {', '.join(repr(h) for h in spec.columns.get(c, [])) or '(none in the preset)'} is in the file"  # noqa: E501
        for c in missing
    ]
    hint = ""
    guess = best_guess(raw.columns)
    if guess and (guess.preset.name != detection.preset.name or guess.table != table):
        hint = (
            f" This file looks like a {guess.preset.name} {guess.table} export "
            f"({guess.score} headers match): try --preset {guess.preset.name} "
            f"--table {guess.table}."
        )
    raise InputFileError(
        f"{raw.path}: the {detection.preset.name} preset cannot fill required column(s) of "
        f"{table}:\n  "
        + "\n  ".join(lines)
        + "\nThe file's headers are: "
        + ", ".join(raw.columns)
        + "."
        + hint
        + " Map the columns with --mapping (draft one with `fieldsales import --suggest-mapping "
        "FILE`), or for a date column add e.g. `fallbacks: {created_date: close_date}`."
    )


def _derive_ids(raw: RawTable, spec, table: str, key: str) -> tuple[pd.Series, str]:
    found = [
        h
        for h in spec.id_from
        if normalize_header(h) in {normalize_header(c): c for c in raw.columns}
    ]
    if not found:
        raise InputFileError(
            f"{raw.path}: no id column for {table}.{key} (headers tried: "
            f"{', '.join(spec.columns.get(key, [])) or 'none'}) and none of the columns to "
            f"derive one from ({', '.join(spec.id_from) or 'none declared'}); add the record id "
            "to the export, or map a column to it with --mapping"
        )
    lookup = {normalize_header(c): c for c in raw.columns}
    parts = [raw.frame[lookup[normalize_header(h)]].fillna("").astype(str) for h in found]
    joined = parts[0].str.cat(parts[1:], sep="\x1f") if len(parts) > 1 else parts[0]
    ids = joined.map(lambda s: "H-" + hashlib.sha1(s.encode()).hexdigest()[:12].upper())
    note = (
        f"no id column: {key} derived from {' + '.join(found)} (stable across imports while "
        "those values do not change; add the CRM's record id to the export for reliable updates)"
    )
    return ids.astype("str"), note


def build_table(
    raw: RawTable,
    detection: Detection,
    *,
    date_order: str | None = None,
    decimal: str | None = None,
    currency: str | None = None,
) -> Batch:
    """Build the canonical columns of ``detection.table`` from ``raw``.

    Parameters
    ----------
    date_order, decimal, currency
        Overrides of the preset's file-level settings (``DMY``/``MDY``,
        ``.``/``,``, an ISO code used when amounts name no currency).
    """
    table, preset = detection.table, detection.preset
    spec = preset.tables[table]
    headers = dict(detection.headers)
    _missing_required(headers, table, detection, raw, preset.fallbacks)
    kinds = column_kinds(table)
    frame_in = raw.frame
    batch = Batch(table, pd.DataFrame(index=frame_in.index), {}, headers)
    batch.unmapped = [c for c in raw.columns if c not in headers.values()]
    text = {c: frame_in[h] for c, h in headers.items()}

    # file-level decisions
    date_cols = [c for c in headers if kinds.get(c) in ("date", "timestamp")]
    order, why = decide_order([text[c] for c in date_cols], date_order or preset.date_order)
    if date_cols:
        batch.decisions["date_order"] = f"{order}: {why}"
    default_decimal = decimal or preset.decimal or ("," if raw.delimiter == ";" else ".")
    number_cols = [c for c in headers if kinds.get(c) == "number"]
    decimals = {}
    for c in number_cols:
        if c == "amount" and not decimal:
            continue  # decided while parsing, from the same pass
        decimals[c], why = (
            (decimal, "given") if decimal else decide_decimal(text[c], default_decimal)
        )
        batch.decisions[f"decimal {headers[c]}"] = why

    out = {}
    for c, kind in kinds.items():
        if c not in headers:
            continue
        series = text[c]
        header = headers[c]
        if kind in ("date", "timestamp"):
            values, bad, notes = parse_dates(series, order, date_only=kind == "date")
            batch.failed[c] = bad
            batch.notes += [f"{header}: {n}" for n in notes]
            batch.fail(
                bad,
                lambda line, h=header, s=series: (
                    f"{h} {s.loc[line]!r}: not a date in this file's format ({ORDERS[order]})"
                ),
            )
        elif kind == "number" and c == "amount":
            decision: list = []
            values, found, bad, conflict = parse_amounts(
                series,
                decimals.get(c),
                symbols=preset.currency_symbols,
                default=default_decimal,
                decision=decision,
            )
            if decision:
                decimals[c] = decision[0]
                batch.decisions[f"decimal {header}"] = decision[1]
            batch.helpers["amount_currency"] = found
            batch.failed[c] = bad
            batch.fail(
                bad & ~conflict,
                lambda line, h=header, s=series: f"{h} {s.loc[line]!r}: not an amount",
            )
            batch.fail(
                conflict,
                lambda line, h=header, s=series, d=decimals[c]: (
                    f"{h} {s.loc[line]!r}: written with the other decimal separator than this "
                    f"column ({d!r})"
                ),
            )
        elif kind == "number":
            parse = parse_minutes if c == "duration_minutes" else parse_numbers
            values, bad = parse(series, decimals[c])
            batch.failed[c] = bad
            batch.fail(bad, lambda line, h=header, s=series: f"{h} {s.loc[line]!r}: not a number")
        else:
            values = series.str.strip().replace("", None).astype("str")
        out[c] = values
    for helper in ("account_name", "owner_email"):
        if helper in headers:
            batch.helpers[helper] = text[helper].str.strip().replace("", None).astype("str")
    batch.frame = pd.DataFrame(out, index=frame_in.index)
    for target, source in preset.fallbacks.items():
        if target in kinds and target not in batch.frame and source in batch.frame:
            batch.frame[target] = batch.frame[source]
            batch.notes.append(f"no column for {target}: copied from {source} (mapping fallback)")
    _derive(batch, raw, spec, preset, currency)
    cols = [c for c in canonical_columns(table) if c in batch.frame]
    batch.frame = batch.frame[cols]
    return batch


def _counts(values: pd.Series) -> str:
    top = Counter(values.dropna().tolist()).most_common(8)
    return ", ".join(f"{v!r} ({n})" for v, n in top)


def _derive(batch: Batch, raw: RawTable, spec, preset, currency: str | None) -> None:
    frame, table = batch.frame, batch.table
    key = {"deals": "deal_id", "activities": "activity_id"}.get(table)
    if key and key not in frame:
        frame[key], note = _derive_ids(raw, spec, table, key)
        batch.notes.append(note)
    if table == "deals":
        _status(batch, spec)
        _currency(batch, preset, currency)
        open_empty = frame["amount"].isna() & (frame["status"] == "open")
        if "amount" in batch.headers:
            open_empty &= ~pd.Series(batch.frame.index.isin(list(batch.reasons)), index=frame.index)
        if open_empty.any():
            frame.loc[open_empty, "amount"] = 0.0
            batch.notes.append(
                f"{int(open_empty.sum())} open deal(s) without an amount loaded with amount 0"
            )
    if table == "activities":
        _activity_type(batch, spec, raw)
    if table == "accounts" and "tier" in frame:
        _tiers(batch, spec)
    for column, value in preset.default_values(table).items():
        if column not in frame:
            frame[column] = value
            batch.notes.append(f"no column for {column}: every row set to {value!r} (default)")
        elif frame[column].isna().any():
            n = int(frame[column].isna().sum())
            frame[column] = frame[column].fillna(value)
            batch.notes.append(f"{column}: {n} empty cell(s) set to {value!r} (default)")
    for c in canonical_columns(table):
        if c not in frame and not schema_for(table).columns[c].required:
            continue
        if c not in frame:
            frame[c] = pd.Series(None, index=frame.index, dtype=_dtype(table, c))


def _dtype(table: str, column: str) -> str:
    kind = column_kinds(table)[column]
    return {"number": "float64", "date": "datetime64[ns]", "timestamp": "datetime64[ns]"}.get(
        kind, "str"
    )


def _map(series: pd.Series, fn) -> pd.Series:
    """``fn`` applied once per distinct value (empty cells stay empty), as an object Series."""
    from ._vector import distinct

    values, codes = distinct(series)
    out = np.array([fn(v) if v else None for v in values.to_pylist()] + [None], dtype=object)
    codes = np.where(series.isna().to_numpy(), len(values), codes)
    return pd.Series(out[codes], index=series.index, dtype=object)


def _lookup(mapping: dict[str, str]) -> dict[str, str]:
    return {normalize_header(k): v for k, v in mapping.items()}


def _status(batch: Batch, spec) -> None:
    frame = batch.frame
    stages = _lookup(spec.stages)
    if "status" in frame:
        values = _lookup(spec.status_values)
        values.update({s: s for s in STATUSES})
        raw = frame["status"]
        mapped = _map(raw, lambda v: values.get(normalize_header(v)))
        unknown = raw.notna() & mapped.isna()
        batch.fail(
            unknown,
            lambda line, s=raw: (
                f"{batch.headers['status']} {s.loc[line]!r}: not a known status "
                f"(open, won, lost or "
                f"{', '.join(spec.status_values)}); add it under status_values in a mapping"
            ),
        )
        from_stage = mapped.isna() & ~unknown & frame["stage"].notna() if "stage" in frame else None
        frame["status"] = mapped.astype("str")
        if from_stage is None or not from_stage.any():
            return
        rows = from_stage
    else:
        frame["status"] = pd.Series(None, index=frame.index, dtype="str")
        rows = frame["stage"].notna()
    stage = frame["stage"]
    known = _map(stage, lambda v: stages.get(normalize_header(v)))
    guess = _map(stage, lambda v: _guess_status(normalize_header(v)))
    unknown = rows & known.isna() & stage.notna()
    if unknown.any():
        batch.notes.append(
            f"stage(s) not in the {'preset' if spec.stages else 'mapping'} stage list, status "
            f"taken from the name (won/lost words, else open): {_counts(stage[unknown])}; "
            "list them under stages: in a mapping file to decide"
        )
    frame.loc[rows, "status"] = known.where(known.notna(), guess)[rows]


def _guess_status(stage: str) -> str:
    if any(w in stage for w in _WON):
        return "won"
    if any(w in stage for w in _LOST):
        return "lost"
    return "open"


def _currency(batch: Batch, preset, currency: str | None) -> None:
    frame = batch.frame
    from_amount = batch.helpers.get("amount_currency")
    default = currency or preset.currency
    if "currency" in frame:
        given = frame["currency"].str.strip().str.upper()
        from ._numbers import SYMBOLS

        given = _map(given, lambda v: SYMBOLS.get(v, v)).astype("str")
        if from_amount is not None:
            clash = given.notna() & from_amount.notna() & (given != from_amount)
            batch.fail(
                clash,
                lambda line: (
                    f"{batch.headers['currency']} {given.loc[line]!r} does not match the currency "
                    f"of {batch.headers['amount']} ({from_amount.loc[line]})"
                ),
            )
            given = given.fillna(from_amount)
    else:
        given = (
            from_amount
            if from_amount is not None
            else pd.Series(None, index=frame.index, dtype="str")
        )
    if default:
        n = int(given.isna().sum())
        if n:
            batch.notes.append(f"currency {default} for {n:,} amount(s) naming none (default)")
        given = given.fillna(default)
    missing = given.isna() & frame["amount"].notna()
    if len(missing) and given.isna().all() and frame["amount"].notna().any():
        raise InputFileError(
            f"no currency in this export: no currency column, no symbol or code in the amounts, "
            f"and the {preset.name} preset has no default; pass --currency (e.g. --currency EUR) "
            "or add `currency: EUR` to a mapping file"
        )
    batch.failed["currency"] = missing.to_numpy()
    batch.fail(
        missing,
        (
            "no currency: the amount names none and there is no default; pass --currency EUR "
            "or add `currency: EUR` to a mapping file"
        ),
    )
    frame["currency"] = given.astype("str")


def _activity_type(batch: Batch, spec, raw: RawTable) -> None:
    frame = batch.frame
    types = _lookup(spec.types)
    types.update({t: t for t in ("visit", "call", "email", "meeting", "demo", "other")})
    if "type" in frame:
        raw_type = frame["type"]
        mapped = _map(raw_type, lambda v: types.get(normalize_header(v)))
        unknown = raw_type.notna() & mapped.isna()
        if unknown.any():
            batch.notes.append(
                "activity type(s) not in the preset, loaded as 'other': "
                + _counts(raw_type[unknown])
            )
        frame["type"] = mapped.fillna("other").where(raw_type.notna(), None).astype("str")
        return
    present = {normalize_header(c) for c in raw.columns}
    for header, kind in spec.type_by_header.items():
        if normalize_header(header) in present:
            frame["type"] = kind
            batch.notes.append(
                f"no type column: every activity is a {kind} (the file has {header!r})"
            )
            return
    frame["type"] = "other"
    batch.notes.append("no type column: every activity loaded as 'other'")


def _tiers(batch: Batch, spec) -> None:
    frame = batch.frame
    tiers = _lookup(spec.tiers)
    tiers.update({"a": "A", "b": "B", "c": "C"})
    raw_tier = frame["tier"]
    mapped = _map(raw_tier, lambda v: tiers.get(normalize_header(v)))
    unknown = raw_tier.notna() & mapped.isna()
    if unknown.any():
        batch.notes.append(
            f"tier value(s) not A/B/C nor in the preset's tiers, left empty "
            f"(then the default applies): {_counts(raw_tier[unknown])}"
        )
    frame["tier"] = mapped.astype("str")
