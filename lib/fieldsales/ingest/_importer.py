"""Import CRM exports into a workspace: every row loaded, a duplicate, or quarantined.

For each file: read (:func:`read_export`), detect preset and table, build the
canonical columns (:func:`build_table`), match owners to reps and account
names to accounts, drop exact duplicates, quarantine conflicting duplicates
and every row that breaks a canonical rule (:func:`rule_masks`), then upsert
by id into the workspace (validated once more by the workspace itself).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..exceptions import DataValidationError
from ..schema import columns as canonical_columns
from ..schema._tables import references, schema_for
from ..workspace import Workspace
from ._build import Batch, build_table, column_kinds
from ._detect import detect
from ._presets import load_mapping, load_preset
from ._raw import RawTable
from ._read import read_export
from ._refs import earliest_dates, resolve_accounts, resolve_owners
from ._report import QUARANTINE_DIR, REPORTS_DIR, ImportReport, Quarantine, new_stamp
from ._rules import rule_masks

__all__ = ["import_file", "import_files", "key_columns"]

_OWNER = {"deals": "rep_id", "activities": "rep_id", "accounts": "owner_rep_id"}
_MAX_ROUNDS = 3


def key_columns(table: str) -> list[str]:
    """The columns identifying a row of ``table`` (empty for tables without a key)."""
    schema = schema_for(table)
    unique = [c for c, col in schema.columns.items() if col.unique]
    return unique or list(schema.unique or [])


def import_files(workspace: str | Path, files: Iterable[str | Path], **options) -> list:
    """Import several files one after the other (see :func:`import_file`)."""
    return [import_file(workspace, f, **options) for f in files]


def import_file(
    workspace: str | Path,
    path: str | Path,
    *,
    preset: str | None = None,
    table: str | None = None,
    mapping: str | Path | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    date_order: str | None = None,
    decimal: str | None = None,
    currency: str | None = None,
    today: date | None = None,
) -> ImportReport:
    """Import one export into ``workspace`` (created when missing).

    Returns
    -------
    ImportReport
        Also saved as ``imports/<table>-<stamp>.json`` in the workspace; rows
        not loaded are in ``quarantine/<table>-<stamp>.csv``.

    Raises
    ------
    fieldsales.exceptions.InputFileError
        The file cannot be used at all: missing, empty, binary, no
        recognisable header, required columns missing for the preset.
    fieldsales.exceptions.ConfigError
        Unknown preset, bad mapping file or option value.
    """
    ws = Workspace.create(workspace, exist_ok=True)
    raw = read_export(path, sheet=sheet, encoding=encoding, delimiter=delimiter)
    chosen = (
        load_mapping(mapping, base=preset) if mapping else (load_preset(preset) if preset else None)
    )  # noqa: E501
    detection = detect(raw.columns, preset=chosen, table=table)
    table = detection.table
    report = ImportReport(str(path), table, detection.preset.name, detection.how)
    report.notes += raw.notes
    report.rows_read = raw.rows_read
    quarantine = Quarantine(raw.columns)
    for reject in raw.rejected:
        quarantine.add(reject.line, reject.values, reject.reason, reject.text)
    stamp = new_stamp(ws.path, table)
    report.stamp = stamp
    if len(raw.frame) == 0:
        report.notes.append("no data rows: nothing to do")
        return _finish(ws, report, quarantine, stamp)
    batch = build_table(raw, detection, date_order=date_order, decimal=decimal, currency=currency)
    report.columns, report.unmapped = batch.headers, batch.unmapped
    report.decisions, report.notes = batch.decisions, report.notes + batch.notes
    today = today or config.today()
    new_reps, new_accounts = _resolve(ws, batch, today, report)
    frame = batch.frame
    dup_mask = _duplicates(batch, raw, report)
    for line in frame.index[dup_mask]:
        batch.reasons.pop(int(line), None)
    lookup = _lookup(ws, table, frame, new_reps, new_accounts)
    for column, rule, mask in rule_masks(table, frame, lookup=lookup, today=today):
        done = batch.failed.get(column)
        if done is not None:
            mask = mask & ~done
        batch.fail(mask & ~dup_mask, lambda line, c=column, r=rule: _reason(batch, raw, c, line, r))
    originals = _originals(raw, list(batch.reasons))
    for line, reasons in batch.reasons.items():
        for reason in reasons:
            quarantine.add(line, originals.get(line, {}), reason)
    keep = ~dup_mask & ~frame.index.isin(list(batch.reasons))
    loaded = frame[keep]
    last: DataValidationError | None = None
    for _ in range(_MAX_ROUNDS):
        try:
            _write(ws, table, loaded, new_reps, new_accounts, path, today, report)
            last = None
            break
        except DataValidationError as exc:  # the rule masks should have caught these rows
            last = exc
            bad = _failures_on_rows(exc, table, set(loaded.index))
            for line, reason in bad:
                quarantine.add(line, _original(raw, line), reason)
            loaded = loaded.drop(index=sorted({line for line, _ in bad}))
    if last is not None:
        raise last
    return _finish(ws, report, quarantine, stamp)


def _finish(ws: Workspace, report: ImportReport, quarantine: Quarantine, stamp: str):
    report.quarantined = len(quarantine)
    report.count_reasons(quarantine)
    if len(quarantine):
        path = quarantine.write(ws.path / QUARANTINE_DIR / f"{report.table}-{stamp}.csv")
        report.quarantine_file = str(path)
    report.check()
    report.save(ws.path / REPORTS_DIR / f"{report.table}-{stamp}.json")
    return report


def _originals(raw: RawTable, lines: list[int]) -> dict[int, dict]:
    """Original cells of many rows at once: line -> {header: text}."""
    if not lines:
        return {}
    rows = raw.frame.loc[raw.frame.index.intersection(lines)]
    return {
        int(line): dict(zip(raw.columns, values, strict=True))
        for line, values in zip(rows.index, rows.itertuples(index=False), strict=True)
    }


def _original(raw: RawTable, line: int) -> dict:
    if line in raw.frame.index:
        return dict(zip(raw.columns, raw.frame.loc[line].tolist(), strict=True))
    return {}


def _reason(batch: Batch, raw: RawTable, column: str | None, line: int, rule: str) -> str:
    header = batch.headers.get(column, column) if column else None
    if header in raw.frame.columns:
        value = raw.frame.at[line, header]
        if isinstance(value, str) and value.strip():
            return f"{header} {value.strip()!r}: {rule}"
    return f"{header or batch.table}: {rule}"


def _imported_reps(ws: Workspace) -> set[str]:
    """Rep ids created from owners by earlier imports (listed in their reports)."""
    out = set()
    for path in sorted((ws.path / REPORTS_DIR).glob("*.json")):
        try:
            out |= {r["rep_id"] for r in json.loads(path.read_text("utf-8")).get("new_reps", [])}
        except (json.JSONDecodeError, OSError, KeyError, TypeError):
            continue
    return out


def _resolve(ws: Workspace, batch: Batch, today: date, report: ImportReport):
    """Match owners and account names; return the new reps and accounts (for all rows)."""
    table, frame = batch.table, batch.frame
    kinds = column_kinds(table)
    first_seen = earliest_dates(
        frame, tuple(c for c, k in kinds.items() if k in ("date", "timestamp"))
    )
    reps = ws.frame("reps") if ws.has("reps") else None
    accounts = ws.frame("accounts") if ws.has("accounts") else None
    new_reps = pd.DataFrame(columns=canonical_columns("reps"))
    new_accounts = pd.DataFrame(columns=canonical_columns("accounts"))
    from ._presets import DEFAULTS

    for column, (ref_table, _) in references(table).items():
        if ref_table != "reps" or column not in frame or table == "reps":
            continue
        emails = batch.helpers.get("owner_email") if column == _OWNER.get(table) else None
        original = frame[column]
        match = resolve_owners(original, emails, reps, first_seen, DEFAULTS["reps"])
        frame[column] = match.ids
        for owner, hits in match.ambiguous.items():
            mask = original.to_numpy() == owner
            batch.fail(
                mask,
                f"{batch.headers.get(column, column)} {owner!r}: matches "
                f"{len(hits)} reps by name ({', '.join(hits)}); put the owner's "
                "e-mail or id in the export",
            )
        new_reps = pd.concat([new_reps, match.new]).drop_duplicates("rep_id")
        report.decisions[f"owners {batch.headers.get(column, column)}"] = ", ".join(
            f"{n} by {how}" for how, n in match.matched.items() if n
        )
    if table != "accounts" and ("account_id" in frame or "account_name" in batch.helpers):
        if "account_id" in frame and column_kinds(table).get("account_id"):
            ids = frame["account_id"] if "account_id" in batch.headers else None
            resolved, new_accounts, ambiguous = resolve_accounts(
                ids, batch.helpers.get("account_name"), accounts, first_seen, DEFAULTS["accounts"]
            )
            frame["account_id"] = resolved
            for name, hits in ambiguous.items():
                mask = batch.helpers["account_name"].to_numpy() == name
                batch.fail(
                    mask,
                    f"{batch.headers.get('account_name')} {name!r}: matches "
                    f"{len(hits)} accounts by name ({', '.join(hits)}); export the "
                    "account id",
                )
    _lower_hire_dates(ws, reps, frame, first_seen, report)
    return new_reps, new_accounts


def _lower_hire_dates(ws, reps, frame, first_seen, report) -> None:
    """Reps created by earlier imports start no later than their earliest record."""
    if reps is None or "rep_id" not in frame:
        return
    created = _imported_reps(ws)
    if not created:
        return
    earliest = _earliest_by(frame["rep_id"], first_seen)
    earliest = earliest[earliest.index.isin(list(created))]
    if earliest.empty:
        return
    hire = reps.set_index("rep_id")["hire_date"]
    lower = earliest[earliest.index.isin(hire.index)]
    lower = lower[lower.dt.normalize() < hire.reindex(lower.index)]
    if len(lower):
        report.notes.append(
            f"hire_date moved earlier for {len(lower)} rep(s) created by earlier imports "
            "(their earliest record is older)"
        )
        report._hire_updates = lower.dt.normalize().to_dict()


def _duplicates(batch: Batch, raw: RawTable, report: ImportReport) -> np.ndarray:
    """Exact duplicates (dropped, counted) and conflicting ones (quarantined): mask of drops."""
    frame = batch.frame
    key = key_columns(batch.table) or list(frame.columns)
    key = [k for k in key if k in frame]
    candidates = (
        frame.duplicated(subset=key, keep=False).to_numpy()
        & frame[key].notna().all(axis=1).to_numpy()
    )
    drop = np.zeros(len(frame), dtype=bool)
    if not candidates.any():
        return drop
    sub = frame[candidates]
    exact_later = sub.duplicated(keep="first")
    variants = sub.drop_duplicates().groupby(key, dropna=False).size()
    conflict_keys = variants[variants > 1].index
    key_index = pd.MultiIndex.from_frame(sub[key]) if len(key) > 1 else pd.Index(sub[key[0]])
    conflicting = key_index.isin(conflict_keys)
    shown = {h for c, h in batch.headers.items() if c in key} or set(key)
    for line, is_conflict in zip(sub.index, conflicting, strict=True):
        if is_conflict:
            value = ", ".join(str(sub.at[line, k]) for k in key)
            lines = sub.index[(key_index == key_index[sub.index.get_loc(line)])].tolist()
            batch.reasons.setdefault(int(line), []).append(
                f"{' + '.join(sorted(shown))} {value!r}: conflicting duplicate — lines "
                f"{', '.join(map(str, lines))} share this id with different values"
            )
    exact = exact_later.to_numpy() & ~conflicting
    drop[np.flatnonzero(candidates)[exact]] = True
    report.duplicates = int(drop.sum())
    if report.duplicates:
        report.notes.append(f"{report.duplicates} exact duplicate row(s) dropped")
    return drop


def _lookup(ws, table, frame, new_reps, new_accounts) -> dict:
    out = {}
    for name, new in (("reps", new_reps), ("accounts", new_accounts)):
        parts = [ws.frame(name)] if ws.has(name) else []
        if table == name:
            parts.append(frame)
        if len(new):
            parts.append(new)
        if parts:
            out[name] = pd.concat(parts, ignore_index=True)
    return out


def _typed(df: pd.DataFrame, table: str) -> pd.DataFrame:
    kinds = column_kinds(table)
    out = {}
    for c in df.columns:
        kind = kinds.get(c, "string")
        if kind == "number":
            out[c] = df[c].astype("float64")
        elif kind in ("date", "timestamp"):
            out[c] = pd.to_datetime(df[c]).astype("datetime64[ns]")
        else:
            out[c] = df[c].astype("str")
    return pd.DataFrame(out, index=df.index)


def _upsert(existing: pd.DataFrame | None, new: pd.DataFrame, table: str):
    """Merge ``new`` rows into ``existing`` by key; returns (merged, inserted, updated, unchanged).

    Existing rows keep their order (updated ones in place); new rows come last.
    Index labels: existing rows -1, -2, ...; new rows keep their line numbers.
    """
    cols = canonical_columns(table)
    new = _typed(new[[c for c in cols if c in new]], table)
    if existing is None or not len(existing):
        return new, len(new), 0, 0
    existing = _typed(existing[[c for c in cols if c in existing]], table)
    existing = existing.set_axis(-np.arange(1, len(existing) + 1), axis=0)
    key = key_columns(table) or list(new.columns)

    def hashes(df: pd.DataFrame, subset) -> np.ndarray:
        return pd.util.hash_pandas_object(df[subset], index=False).to_numpy()

    shared = [c for c in new.columns if c in existing.columns]
    ekey, nkey = hashes(existing, key), hashes(new, key)
    erow, nrow = hashes(existing, shared), hashes(new, shared)
    pos = pd.Index(ekey).get_indexer(nkey)
    found = pos >= 0
    same = np.zeros(len(new), dtype=bool)
    same[found] = erow[pos[found]] == nrow[found]
    updated = found & ~same
    merged = existing
    if updated.any():
        where = pos[updated]
        order = existing.index.to_numpy().copy()
        order[where] = new.index[updated]
        merged = pd.concat([existing.drop(index=existing.index[where]), new[updated]]).loc[order]
    merged = pd.concat([merged, new[~found]])
    return merged, int((~found).sum()), int(updated.sum()), int(same.sum())


def _write(ws, table, loaded, new_reps, new_accounts, path, today, report) -> None:
    frames, sources = {}, {}
    existing = ws.frame(table) if ws.has(table) else None
    merged, ins, upd, same = _upsert(existing, loaded, table)
    report.inserted, report.updated, report.unchanged = ins, upd, same
    if ins or upd:
        frames[table] = merged
    used_reps = set()
    for column, (ref_table, _) in references(table).items():
        if ref_table == "reps" and column in loaded:
            used_reps |= set(loaded[column].dropna())
    reps_new = new_reps[new_reps["rep_id"].isin(used_reps)] if len(new_reps) else new_reps
    kinds = column_kinds(table)
    seen = earliest_dates(loaded, tuple(c for c, k in kinds.items() if k in ("date", "timestamp")))
    if len(reps_new) and _OWNER.get(table) in loaded:
        first = _earliest_by(loaded[_OWNER[table]], seen)
        reps_new = reps_new.assign(
            hire_date=reps_new["rep_id"]
            .map(first)
            .fillna(reps_new["hire_date"])
            .astype("datetime64[ns]")
        )
    hire_updates = getattr(report, "_hire_updates", {})
    if len(reps_new) or hire_updates:
        reps = ws.frame("reps") if ws.has("reps") else None
        if reps is not None and hire_updates:
            reps = reps.copy()
            lower = reps["rep_id"].map(hire_updates)
            reps["hire_date"] = lower.where(lower.notna(), reps["hire_date"]).astype(
                "datetime64[ns]"
            )
        frames["reps"] = _append(reps, reps_new, "reps")
        report.new_reps = [
            {
                "rep_id": r.rep_id,
                "name": r.name,
                "email": r.email if isinstance(r.email, str) else None,
            }
            for r in reps_new.itertuples()
        ]
    if len(new_accounts) and "account_id" in loaded:
        acc_new = new_accounts[new_accounts["account_id"].isin(set(loaded["account_id"].dropna()))]
        if len(acc_new):
            first = _earliest_by(loaded["account_id"], seen)
            acc_new = acc_new.assign(
                created_date=acc_new["account_id"]
                .map(first)
                .fillna(acc_new["created_date"])
                .astype("datetime64[ns]")
            )
            accounts = ws.frame("accounts") if ws.has("accounts") else None
            frames["accounts"] = _append(accounts, acc_new, "accounts")
            report.new_accounts = len(acc_new)
    if not frames:
        report.written = False
        return
    for name in frames:
        previous = ws.manifest["tables"].get(name, {}).get("source_files", [])
        sources[name] = previous + ([str(path)] if str(path) not in previous else [])
    ws.write_tables(frames, source_files=sources, today=today, source=f"import of {path}")
    report.written = True


def _earliest_by(keys: pd.Series, dates: pd.Series) -> pd.Series:
    """The earliest date (normalised to the day) per key."""
    frame = pd.DataFrame({"k": keys.to_numpy(), "d": dates.to_numpy()})
    return frame.groupby("k", sort=False)["d"].min().dt.normalize()


def _append(existing: pd.DataFrame | None, new: pd.DataFrame, table: str) -> pd.DataFrame:
    cols = canonical_columns(table)
    if existing is None:
        return new[[c for c in cols if c in new]].set_axis(-np.arange(1, len(new) + 1) - 10**9)
    existing = existing.set_axis(-np.arange(1, len(existing) + 1), axis=0)
    new = new[[c for c in existing.columns if c in new]].set_axis(
        -np.arange(1, len(new) + 1) - 10**9, axis=0
    )
    return pd.concat([existing, new])


def _failures_on_rows(exc: DataValidationError, table: str, lines: set) -> list[tuple[int, str]]:
    out = []
    for f in exc.failures:
        if f.table == table and isinstance(f.row, int | np.integer) and int(f.row) in lines:
            out.append((int(f.row), f"{f.column}: {f.rule}"))
        else:
            raise exc
    return out
