"""Revenue won broken down by product, customer segment, account tier or account region.

A breakdown is not a KPI column: its values (the products, the segments) come
from the data. One row per entity (company, region, team or rep), bucket and
value, with the share of the entity's revenue in that bucket and the growth
against the bucket before. Won deals with no product (or no account) are
counted under ``(not set)``, so the values add up to ``revenue_won``.
"""

from __future__ import annotations

import pandas as pd

from ..exceptions import ConfigError
from ..workspace import Workspace
from ._compute import ENTITY_COLUMN, _with_previous, data_end
from ._context import BY, Context
from ._periods import buckets_for, latest_buckets

__all__ = ["revenue_breakdown", "DIMENSIONS", "NOT_SET"]

#: dimension -> (table, column) it is read from
DIMENSIONS = {
    "product": ("deals", "product"),
    "segment": ("accounts", "segment"),
    "tier": ("accounts", "tier"),
    "account_region": ("accounts", "region"),
}
NOT_SET = "(not set)"


def revenue_breakdown(
    ws: Workspace,
    dimension: str = "product",
    grain: str = "month",
    period: str | None = None,
    by: str = "company",
    backend=None,
) -> pd.DataFrame:
    """Revenue and deals won per value of ``dimension``, per entity and bucket.

    Parameters
    ----------
    ws : the workspace.
    dimension : ``product``, ``segment``, ``tier`` or ``account_region``.
    grain, period, by, backend : as in :func:`fieldsales.kpis.compute`.

    Returns
    -------
    DataFrame with ``period``, ``period_start``, the entity column, the
    dimension's column, ``revenue_won``, ``deals_won``, ``share`` (of the
    entity's revenue won in the bucket; missing when it won nothing) and
    ``growth`` (against the bucket before; missing when that was 0).
    """
    if dimension not in DIMENSIONS:
        raise ConfigError(f"unknown breakdown {dimension!r}; use one of: {', '.join(DIMENSIONS)}")
    if by not in BY:
        raise ConfigError(f"unknown grouping by={by!r}; use one of: {', '.join(BY)}")
    for table in {"deals", DIMENSIONS[dimension][0]}:
        if not ws.has(table):
            raise ConfigError(
                f"a breakdown by {dimension} needs the table {table}, which the workspace "
                f"{ws.path} does not have; load it first"
            )
    buckets = buckets_for(period, grain) if period else latest_buckets(data_end(ws), grain)
    ctx = Context(ws, _with_previous(buckets), by, as_of=None, backend=backend)

    deals = ctx.table("deals")
    won = ctx.in_window(deals.filter(deals.status == "won"), "close_date")
    table, column = DIMENSIONS[dimension]
    if table == "accounts":
        a = ctx.table("accounts").select(_account=lambda t: t.account_id, _value=column)
        won = won.left_join(a, won.account_id == a._account).drop("_account")
    else:
        won = won.mutate(_value=won[column])
    won = ctx.with_entity(won.mutate(_value=won._value.fill_null(NOT_SET)))
    query = won.group_by(["entity", "period_start", "_value"]).aggregate(
        revenue_won=won.amount.sum(), deals_won=won.count()
    )
    rows = (backend.to_pyarrow(query) if backend else query.to_pyarrow()).to_pandas()
    return _shares_and_growth(rows, buckets, by, dimension, ws)


def _shares_and_growth(rows, buckets, by, dimension, ws) -> pd.DataFrame:
    rows["period_start"] = pd.to_datetime(rows["period_start"]).astype("datetime64[ns]")
    rows["revenue_won"] = rows["revenue_won"].astype("float64")
    rows["deals_won"] = rows["deals_won"].astype("float64")
    starts = list(_with_previous(buckets).starts)
    previous = dict(zip(starts[1:], starts[:-1], strict=True))
    before = rows.assign(period_start=rows["period_start"].map({v: k for k, v in previous.items()}))
    before = before.rename(columns={"revenue_won": "_prev"})[
        ["entity", "period_start", "_value", "_prev"]
    ]
    out = rows[rows["period_start"] >= buckets.start].merge(
        before, on=["entity", "period_start", "_value"], how="left"
    )
    total = out.groupby(["entity", "period_start"])["revenue_won"].transform("sum")
    out["share"] = out["revenue_won"] / total.where(total > 0)
    out["growth"] = out["revenue_won"] / out["_prev"].where(out["_prev"] > 0) - 1
    labels = dict(zip(buckets.starts, buckets.labels, strict=True))
    entity = ENTITY_COLUMN[by]
    result = pd.DataFrame(
        {
            "period": out["period_start"].map(labels).astype("str"),
            "period_start": out["period_start"],
            entity: out["entity"].astype("str"),
            dimension: out["_value"].astype("str"),
            "revenue_won": out["revenue_won"],
            "deals_won": out["deals_won"],
            "share": out["share"],
            "growth": out["growth"],
        }
    )
    if by == "rep":
        names = ws.frame("reps", columns=["rep_id", "name"]).set_index("rep_id")["name"]
        result.insert(3, "rep_name", result["rep_id"].map(names).astype("str"))
    return result.sort_values(
        ["period_start", entity, "revenue_won"], ascending=[True, True, False], ignore_index=True
    )
