"""Sales KPIs: revenue, deals, pipeline, targets (practices 1, 4, 5, 6, 7, 15)."""

from __future__ import annotations

from datetime import datetime

import ibis

from ._context import Context
from ._registry import KPI, Event, Ratio, register

DAYS_PER_QUARTER = 365.25 / 4


def _won(t):
    return t.status == "won"


def _closed(t):
    return t.status.isin(["won", "lost"])


register(KPI(
    "revenue_won", "Revenue won", "赢单收入",
    "Amount of deals won, by close date.", "sum(amount | status = won)",
    "currency", "higher", ("deals",), (5, 6, 7), "sum", fill=0.0,
    event=Event("deals", "close_date", lambda t: t.amount.sum(where=_won(t))),
))  # fmt: skip
register(KPI(
    "deals_won", "Deals won", "赢单数",
    "Number of deals won, by close date.", "count(status = won)",
    "count", "higher", ("deals",), (5, 7), "sum", fill=0.0,
    event=Event("deals", "close_date", lambda t: t.count(where=_won(t))),
))  # fmt: skip
register(KPI(
    "deals_lost", "Deals lost", "输单数",
    "Number of deals lost, by close date.", "count(status = lost)",
    "count", "lower", ("deals",), (4, 7), "sum", fill=0.0,
    event=Event("deals", "close_date", lambda t: t.count(where=t.status == "lost")),
))  # fmt: skip
register(KPI(
    "deals_closed", "Deals closed", "已结束商机数",
    "Deals won or lost, by close date.", "count(status in won, lost)",
    "count", "neutral", ("deals",), (4,), "sum", fill=0.0, internal=True,
    event=Event("deals", "close_date", lambda t: t.count(where=_closed(t))),
))  # fmt: skip
register(KPI(
    "deals_created", "Deals created", "新建商机数",
    "Deals opened, by created date: pipeline generation.", "count by created_date",
    "count", "higher", ("deals",), (4, 7), "sum", fill=0.0,
    event=Event("deals", "created_date", lambda t: t.count()),
))  # fmt: skip
register(KPI(
    "win_rate", "Win rate", "赢单率",
    "Share of closed deals that were won.", "deals_won / (deals_won + deals_lost)",
    "ratio", "higher", ("deals",), (4, 5, 7), "ratio",
    ratio=Ratio(("deals_won",), ("deals_closed",)),
))  # fmt: skip
register(KPI(
    "avg_deal_size", "Average deal size", "平均成交金额",
    "Average amount of a won deal.", "revenue_won / deals_won",
    "currency", "higher", ("deals",), (5, 15), "ratio",
    ratio=Ratio(("revenue_won",), ("deals_won",)),
))  # fmt: skip
register(KPI(
    "sales_cycle_days", "Sales cycle (median days)", "销售周期（中位天数）",
    "Median days from creation to close of deals won or lost in the period.",
    "median(close_date - created_date | status in won, lost)",
    "days", "lower", ("deals",), (4, 7), "recompute",
    event=Event(
        "deals", "close_date",
        # cases(...).median() rather than median(where=): Spark rejects the latter's SQL
        lambda t: ibis.cases(
            (_closed(t), t.close_date.date().delta(t.created_date.date(), unit="day"))
        ).median(),
    ),
))  # fmt: skip


def _target(metric: str):
    def build(ctx: Context) -> ibis.Table:
        return _quota(ctx, metric)

    return build


def _quota(ctx: Context, metric: str) -> ibis.Table:
    """Monthly quotas of ``metric`` spread over the buckets by the days they share."""
    q = ctx.table("quotas").filter(lambda t: t.metric == metric)
    q = q.mutate(m_start=(q.period + "-01").cast("date").cast("timestamp"))
    q = q.mutate(m_end=q.m_start + ibis.interval(months=1))
    p = ctx.periods()
    j = q.join(p, [q.m_start < p.period_end, q.m_end > p.period_start])
    start = ibis.greatest(j.m_start, j.period_start)
    end = ibis.least(j.m_end, j.period_end)
    share = end.delta(start, unit="day") / j.m_end.delta(j.m_start, unit="day")
    j = ctx.with_entity(j.mutate(part=j.target * share))
    return j.group_by(["entity", "period_start"]).aggregate(value=j.part.sum())


register(KPI(
    "revenue_target", "Revenue target", "收入目标",
    "Revenue quota for the period (monthly quotas, pro-rated by days for weeks).",
    "sum(quotas.target | metric = revenue)",
    "currency", "neutral", ("quotas",), (1, 5), "sum", custom=_target("revenue"),
))  # fmt: skip
register(KPI(
    "visits_target", "Visits target", "拜访目标",
    "Customer-visit quota for the period (monthly quotas, pro-rated by days for weeks).",
    "sum(quotas.target | metric = visits)",
    "count", "neutral", ("quotas",), (1, 14), "sum", custom=_target("visits"),
))  # fmt: skip
register(KPI(
    "quota_attainment", "Quota attainment", "目标达成率",
    "Revenue won as a share of the revenue target; missing when the target is 0 or absent.",
    "revenue_won / revenue_target",
    "ratio", "higher", ("deals", "quotas"), (1, 5, 6), "ratio",
    ratio=Ratio(("revenue_won",), ("revenue_target",)),
))  # fmt: skip


def _pipeline_open(ctx: Context) -> ibis.Table:
    """Deals open at the end of each bucket: created before it, closed (if ever) after it."""
    d = ctx.table("deals")
    # an open deal stays open; both bounds in the join let DuckDB use a range join
    forever = ibis.literal(datetime(2200, 1, 1)).cast("timestamp")  # fits nanoseconds too
    d = d.mutate(open_until=ibis.ifelse(d.status == "open", forever, d.close_date))
    p = ctx.periods()
    j = d.join(p, [d.created_date < p.period_end, d.open_until >= p.period_end])
    j = ctx.with_entity(j)
    return j.group_by(["entity", "period_start"]).aggregate(value=j.amount.sum())


register(KPI(
    "pipeline_open_value", "Open pipeline", "在途商机金额",
    "Amount of deals open at the end of the period (created before its end, not yet closed).",
    "sum(amount | created_date < end and (status = open or close_date >= end))",
    "currency", "higher", ("deals",), (4, 7), "sum", custom=_pipeline_open, fill=0.0,
))  # fmt: skip
register(KPI(
    "pipeline_coverage", "Pipeline coverage", "商机覆盖率",
    "Open pipeline at period end over a quarter's revenue target at the period's quota rate.",
    "pipeline_open_value / (revenue_target x 91.3 / days in period)",
    "ratio", "higher", ("deals", "quotas"), (4, 7), "ratio",
    ratio=Ratio(
        ("pipeline_open_value",), ("revenue_target",),
        per_bucket_days=lambda days: days / DAYS_PER_QUARTER,
    ),
))  # fmt: skip


def _new_customers(ctx: Context) -> ibis.Table:
    """Accounts whose first won deal ever closes in the bucket, credited to its owner."""
    d = ctx.table("deals").filter(_won)
    first = d.group_by("account_id").aggregate(
        first_won=d.close_date.min(), rep_id=d.rep_id.argmin(d.close_date)
    )
    first = first.filter(first.account_id.notnull())
    t = ctx.with_entity(ctx.in_window(first, "first_won"))
    return t.group_by(["entity", "period_start"]).aggregate(value=t.count())


register(KPI(
    "new_customers", "New customers", "新客户数",
    "Accounts whose first won deal closes in the period.",
    "count(accounts | min(close_date of won deals) in period)",
    "count", "higher", ("deals",), (1, 5, 15), "sum", custom=_new_customers, fill=0.0,
))  # fmt: skip
register(KPI(
    "revenue_growth", "Revenue growth", "收入增长率",
    "Change of revenue won against the period before.", "revenue_won / revenue_won(prev) - 1",
    "ratio", "higher", ("deals",), (7, 15), "ratio", growth_of="revenue_won",
))  # fmt: skip
