"""Data quality of a workspace and its imports, for notebooks/data_quality.ipynb.

Everything here reads the workspace (tables through DuckDB/Ibis, import
reports from ``imports/*.json``) and returns plain pandas frames; a
workspace that never saw an import (the sample) gives empty frames and
:func:`quality_headlines` says so.
"""

from __future__ import annotations

import json

import pandas as pd

from ..workspace import Workspace
from ._report import REPORTS_DIR

__all__ = [
    "completeness",
    "quarantine_reasons",
    "new_owners",
    "date_ranges",
    "duplicate_counts",
    "import_history",
    "quality_headlines",
]


def _reports(ws: Workspace) -> list[dict]:
    out = []
    for path in sorted((ws.path / REPORTS_DIR).glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        data["report"] = path.name
        out.append(data)
    return out


def completeness(ws: Workspace) -> pd.DataFrame:
    """Per table and column: rows, filled cells and the filled share (1.0 = complete)."""
    rows = []
    for name in ws.tables:
        t = ws.table(name)
        counts = t.aggregate(_rows=t.count(), **{c: t[c].count() for c in t.columns})
        counts = counts.to_pyarrow().to_pandas().iloc[0]
        total = int(counts.pop("_rows"))
        for column, filled in counts.items():
            rows.append((name, column, total, int(filled), filled / total if total else 1.0))
    return pd.DataFrame(rows, columns=["table", "column", "rows", "filled", "filled_share"])


def import_history(ws: Workspace) -> pd.DataFrame:
    """One row per import: file, table, rows read, loaded, duplicates, quarantined."""
    cols = [
        "report",
        "file",
        "table",
        "preset",
        "rows_read",
        "loaded",
        "inserted",
        "updated",
        "unchanged",
        "duplicates",
        "quarantined",
        "quarantine_file",
    ]
    return pd.DataFrame([{c: r.get(c) for c in cols} for r in _reports(ws)], columns=cols)


def duplicate_counts(ws: Workspace) -> pd.DataFrame:
    """Imports that dropped exact duplicates or quarantined conflicting ones."""
    history = import_history(ws)
    conflicts = []
    for r in _reports(ws):
        conflicts.append(
            sum(n for k, n in r.get("reasons", {}).items() if "conflicting duplicate" in k)
        )
    history["conflicting_duplicates"] = conflicts
    keep = (history["duplicates"] > 0) | (history["conflicting_duplicates"] > 0)
    return history.loc[
        keep, ["report", "file", "table", "rows_read", "duplicates", "conflicting_duplicates"]
    ].reset_index(drop=True)


def quarantine_reasons(ws: Workspace) -> pd.DataFrame:
    """Quarantined rows per import and reason (a row with two reasons counts under both)."""
    rows = [
        (r["report"], r.get("file"), r.get("table"), reason, n, r.get("quarantine_file"))
        for r in _reports(ws)
        for reason, n in r.get("reasons", {}).items()
    ]
    return pd.DataFrame(
        rows, columns=["report", "file", "table", "reason", "rows", "quarantine_file"]
    )


def new_owners(ws: Workspace) -> pd.DataFrame:
    """Reps created from unmatched owners by imports, and whether they are still in reps."""
    present = set(ws.frame("reps", columns=["rep_id"])["rep_id"]) if ws.has("reps") else set()
    rows = [
        (
            r["report"],
            r.get("file"),
            rep["rep_id"],
            rep.get("name"),
            rep.get("email"),
            rep["rep_id"] in present,
        )
        for r in _reports(ws)
        for rep in r.get("new_reps", [])
    ]
    return pd.DataFrame(rows, columns=["report", "file", "rep_id", "name", "email", "in_reps"])


def date_ranges(ws: Workspace) -> pd.DataFrame:
    """Per date column: first and last value, empty cells, and values after today."""
    from .. import config

    today = pd.Timestamp(config.today())
    rows = []
    for name in ws.tables:
        t = ws.table(name)
        dates = [c for c, dt in t.schema().items() if dt.is_timestamp() or dt.is_date()]
        if not dates:
            continue
        aggs = {}
        for c in dates:
            aggs[f"{c}__min"] = t[c].min()
            aggs[f"{c}__max"] = t[c].max()
            aggs[f"{c}__empty"] = t[c].isnull().sum()
            aggs[f"{c}__future"] = (t[c] >= today + pd.Timedelta(days=1)).fill_null(False).sum()
        got = t.aggregate(**aggs).to_pyarrow().to_pandas().iloc[0]
        for c in dates:
            rows.append(
                (
                    name,
                    c,
                    got[f"{c}__min"],
                    got[f"{c}__max"],
                    int(got[f"{c}__empty"]),
                    int(pd.Series([got[f"{c}__future"]]).fillna(0).iloc[0]),
                )
            )
    out = pd.DataFrame(rows, columns=["table", "column", "first", "last", "empty", "after_today"])
    for c in ("first", "last"):
        out[c] = pd.to_datetime(out[c])
    return out


def quality_headlines(ws: Workspace) -> list[str]:
    """A few sentences: imports, rows quarantined, new owners, incomplete columns."""
    history = import_history(ws)
    lines = []
    if history.empty:
        lines.append("no imports recorded in this workspace (built from canonical tables)")
    else:
        lines.append(
            f"{len(history)} import(s): {int(history['rows_read'].sum()):,} rows read, "
            f"{int(history['loaded'].sum()):,} loaded, {int(history['duplicates'].sum()):,} "
            f"duplicates dropped"
        )
    quarantined = int(history["quarantined"].sum()) if not history.empty else 0
    lines.append(f"{quarantined:,} quarantined rows" if quarantined else "no quarantined rows")
    owners = new_owners(ws)
    lines.append(
        f"{len(owners)} rep(s) created from unmatched owners"
        if len(owners)
        else "no reps created from unmatched owners"
    )
    comp = completeness(ws)
    gaps = comp[comp["filled_share"] < 1.0]
    lines.append(
        f"{len(gaps)} column(s) with empty cells" if len(gaps) else "every column complete"
    )
    return lines
