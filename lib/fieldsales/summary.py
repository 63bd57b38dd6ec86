"""What is in a workspace: tables, rows, date ranges and missing values.

Computed in DuckDB through Ibis, so it stays fast on tens of millions of rows.
"""

from __future__ import annotations

import pandas as pd

from .workspace import Workspace

__all__ = ["table_summary", "missing_values"]


def table_summary(ws: Workspace) -> pd.DataFrame:
    """One row per table: rows, columns, first and last date of its date columns."""
    rows = []
    for name in ws.tables:
        t = ws.table(name)
        dates = [c for c, dt in t.schema().items() if dt.is_timestamp() or dt.is_date()]
        aggs = {"rows": t.count()}
        if dates:
            aggs["first_date"] = ibis_least([t[c].min() for c in dates])
            aggs["last_date"] = ibis_greatest([t[c].max() for c in dates])
        row = t.aggregate(**aggs).to_pandas().iloc[0].to_dict()
        row.update(table=name, columns=len(t.columns))
        rows.append(row)
    out = pd.DataFrame(rows, columns=["table", "rows", "columns", "first_date", "last_date"])
    for col in ("first_date", "last_date"):
        out[col] = pd.to_datetime(out[col]).dt.date
    return out


def missing_values(ws: Workspace) -> pd.DataFrame:
    """Columns with missing values: table, column, missing count and share."""
    rows = []
    for name in ws.tables:
        t = ws.table(name)
        counts = (
            t.aggregate(_rows=t.count(), **{c: t[c].isnull().sum() for c in t.columns})
            .to_pandas()
            .iloc[0]
        )
        n = int(counts.pop("_rows"))
        for column, missing in counts.items():
            if missing:
                rows.append((name, column, int(missing), missing / n if n else 0.0))
    return pd.DataFrame(rows, columns=["table", "column", "missing", "share"])


def ibis_least(exprs):
    import ibis

    return exprs[0] if len(exprs) == 1 else ibis.least(*exprs)


def ibis_greatest(exprs):
    import ibis

    return exprs[0] if len(exprs) == 1 else ibis.greatest(*exprs)
