"""Customer KPIs: satisfaction, complaints, service levels (practices 14, 17, 18)."""

from __future__ import annotations

import ibis

from ..config import SLA_HOURS
from ._context import Context
from ._registry import KPI, Event, Ratio, register

register(KPI(
    "csat_responses", "CSAT responses", "满意度回复数",
    "Survey answers with a CSAT score.", "count(csat)",
    "count", "higher", ("customer_feedback",), (17,), "sum", fill=0.0,
    event=Event("customer_feedback", "date", lambda t: t.csat.count()),
))  # fmt: skip
register(KPI(
    "csat_satisfied", "Satisfied answers", "满意回复数",
    "CSAT answers of 4 or 5.", "count(csat >= 4)",
    "count", "higher", ("customer_feedback",), (17,), "sum", fill=0.0, internal=True,
    event=Event("customer_feedback", "date", lambda t: t.count(where=t.csat >= 4)),
))  # fmt: skip
register(KPI(
    "csat", "CSAT", "客户满意度",
    "Share of CSAT answers (1-5) that are 4 or 5.", "count(csat >= 4) / count(csat)",
    "ratio", "higher", ("customer_feedback",), (17,), "ratio",
    ratio=Ratio(("csat_satisfied",), ("csat_responses",)),
))  # fmt: skip
register(KPI(
    "nps_responses", "NPS responses", "NPS回复数",
    "Survey answers with a 0-10 recommendation score.", "count(nps)",
    "count", "higher", ("customer_feedback",), (17,), "sum", fill=0.0, internal=True,
    event=Event("customer_feedback", "date", lambda t: t.nps.count()),
))  # fmt: skip
register(KPI(
    "nps_net", "Promoters minus detractors", "推荐者减贬损者",
    "Answers of 9-10 minus answers of 0-6.", "count(nps >= 9) - count(nps <= 6)",
    "count", "higher", ("customer_feedback",), (17,), "sum", fill=0.0, internal=True,
    event=Event(
        "customer_feedback", "date", lambda t: t.count(where=t.nps >= 9) - t.count(where=t.nps <= 6)
    ),
))  # fmt: skip
register(KPI(
    "nps", "NPS", "净推荐值",
    "Net promoter score: percent of promoters (9-10) minus percent of detractors (0-6).",
    "100 x (count(nps >= 9) - count(nps <= 6)) / count(nps)",
    "percent", "higher", ("customer_feedback",), (17,), "ratio",
    ratio=Ratio(("nps_net",), ("nps_responses",), scale=100.0),
))  # fmt: skip
register(KPI(
    "complaints_opened", "Complaints opened", "新增投诉数",
    "Complaints opened, by opening time.", "count(complaints)",
    "count", "lower", ("complaints",), (18,), "sum", fill=0.0,
    event=Event("complaints", "opened_at", lambda t: t.count()),
))  # fmt: skip


def _hours(later, earlier):
    # float first: Spark reads 3600.0 as a decimal and rounds the hours to 6 places
    return later.delta(earlier, unit="second").cast("float64") / 3600.0


register(KPI(
    "first_response_hours", "Time to first response (median h)", "首次响应时间（中位小时）",
    "Median hours from opening to first response of complaints opened in the period.",
    "median(first_response_at - opened_at)",
    "hours", "lower", ("complaints",), (18,), "recompute",
    event=Event("complaints", "opened_at",
                lambda t: _hours(t.first_response_at, t.opened_at).median()),
))  # fmt: skip
register(KPI(
    "resolution_hours", "Time to resolution (median h)", "解决时间（中位小时）",
    "Median hours from opening to resolution of complaints opened in the period "
    "(resolved ones only).",
    "median(resolved_at - opened_at)",
    "hours", "lower", ("complaints",), (18,), "recompute",
    event=Event("complaints", "opened_at", lambda t: _hours(t.resolved_at, t.opened_at).median()),
))  # fmt: skip


def _sla_breaches(ctx: Context) -> ibis.Table:
    """Complaints opened in the bucket whose first response came (or is still) too late."""
    c = ctx.in_window(ctx.table("complaints"), "opened_at")
    limit = ibis.cases(*((c.severity == k, v) for k, v in SLA_HOURS.items()), else_=24)
    answered = ibis.coalesce(c.first_response_at, ibis.literal(ctx.as_of).cast("timestamp"))
    c = ctx.with_entity(c.filter(_hours(answered, c.opened_at) > limit))
    return c.group_by(["entity", "period_start"]).aggregate(value=c.count())


register(KPI(
    "sla_breaches", "SLA breaches", "超时未响应投诉",
    "Complaints opened in the period not answered within the SLA of their severity "
    "(critical 2 h, high 8 h, medium 24 h, low 48 h); unanswered ones count once the "
    "SLA has passed at the end of the data.",
    "count(first_response_at - opened_at > sla(severity))",
    "count", "lower", ("complaints",), (18,), "sum", custom=_sla_breaches, fill=0.0,
))  # fmt: skip
