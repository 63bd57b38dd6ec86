"""What is in a workspace: tables, rows, date ranges and missing values.

Computed in DuckDB through Ibis, so it stays fast on tens of millions of rows.
Results go through Arrow (``to_pyarrow().to_pandas()``): Ibis 12's own
``to_pandas`` sets a pandas option that pandas 3.1 deprecates, with a warning
in every notebook.
"""

from __future__ import annotations

import pandas as pd

from .workspace import Workspace

__all__ = ["table_summary", "missing_values", "headlines", "DATE_RANGE_NOTE"]

#: How to read the ``earliest`` / ``latest`` columns of :func:`table_summary`.
DATE_RANGE_NOTE = (
    "earliest/latest span every date column of a table, planned dates included: the "
    "expected close of open deals and compliance due and expiry dates may lie in the future"
)


def table_summary(ws: Workspace) -> pd.DataFrame:
    """One row per table: rows, columns, and the earliest and latest date in it.

    ``earliest`` and ``latest`` span all date and timestamp columns of the
    table (quotas: the first day of its first and last month), planned dates
    included (see :data:`DATE_RANGE_NOTE`).
    """
    rows = []
    for name in ws.tables:
        t = ws.table(name)
        dates = [c for c, dt in t.schema().items() if dt.is_timestamp() or dt.is_date()]
        aggs = {"rows": t.count()}
        if "period" in t.columns:  # quotas: calendar months as text, YYYY-MM
            aggs["earliest"] = t.period.min().concat("-01").cast("date")
            aggs["latest"] = t.period.max().concat("-01").cast("date")
        elif dates:
            aggs["earliest"] = ibis_least([t[c].min() for c in dates])
            aggs["latest"] = ibis_greatest([t[c].max() for c in dates])
        row = t.aggregate(**aggs).to_pyarrow().to_pandas().iloc[0].to_dict()
        row.update(table=name, columns=len(t.columns))
        rows.append(row)
    out = pd.DataFrame(rows, columns=["table", "rows", "columns", "earliest", "latest"])
    for col in ("earliest", "latest"):
        out[col] = pd.to_datetime(out[col]).dt.date
    return out


def missing_values(ws: Workspace) -> pd.DataFrame:
    """Columns with missing values: table, column, missing count and share."""
    rows = []
    for name in ws.tables:
        t = ws.table(name)
        counts = (
            t.aggregate(_rows=t.count(), **{c: t[c].isnull().sum() for c in t.columns})
            .to_pyarrow()
            .to_pandas()
            .iloc[0]
        )
        n = int(counts.pop("_rows"))
        for column, missing in counts.items():
            if missing:
                rows.append((name, column, int(missing), missing / n if n else 0.0))
    return pd.DataFrame(rows, columns=["table", "column", "missing", "share"])


def headlines(ws: Workspace) -> list[str]:
    """A few sentences a manager reads first: people, deals, and the period covered."""
    lines = []
    if ws.has("reps"):
        reps = ws.frame("reps", columns=["role", "exit_date", "exit_type"])
        sellers = reps[reps["role"] != "manager"]
        active = sellers["exit_date"].isna().sum()
        vol = (sellers["exit_type"] == "voluntary").sum()
        invol = (sellers["exit_type"] == "involuntary").sum()
        managers = (reps["role"] == "manager").sum()
        lines.append(
            f"people: {_n(active, 'rep')} employed, {_n(managers, 'manager')}; "
            f"{_n(vol + invol, 'rep')} left ({vol} voluntary, {invol} involuntary)"
        )
    if ws.has("deals"):
        d = ws.table("deals")
        by = d.group_by(["status", "currency"]).aggregate(n=d.count(), amount=d.amount.sum())
        by = by.to_pyarrow().to_pandas()
        counts = by.groupby("status")["n"].sum()
        won = by[by["status"] == "won"]
        revenue = ", ".join(
            f"{a:,.0f} {c}" for c, a in zip(won["currency"], won["amount"], strict=True)
        )
        parts = ", ".join(f"{counts.get(s, 0):,} {s}" for s in ("won", "lost", "open"))
        lines.append(f"deals: {counts.sum():,} ({parts}); won revenue {revenue or 0}")
    if ws.has("activities"):
        a = ws.table("activities")
        span = (
            a.aggregate(first=a.started_at.min(), last=a.started_at.max()).to_pyarrow().to_pandas()
        )
        lines.append(
            f"activity recorded from {span['first'][0]:%Y-%m-%d} to {span['last'][0]:%Y-%m-%d}"
        )
    return lines


def _n(count: int, noun: str) -> str:
    """``1 rep``, ``2 reps``, ``0 reps``."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def ibis_least(exprs):
    import ibis

    return exprs[0] if len(exprs) == 1 else ibis.least(*exprs)


def ibis_greatest(exprs):
    import ibis

    return exprs[0] if len(exprs) == 1 else ibis.greatest(*exprs)
