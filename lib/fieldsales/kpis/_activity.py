"""Activity KPIs: visits, calls, coverage of accounts, when work happens, CRM data.

Practices 2, 4, 8, 9, 14, 16.
"""

from __future__ import annotations

import ibis

from ..config import CONTACT_DAYS_BY_TIER, WORKING_HOURS
from ._context import Context
from ._registry import KPI, Event, Ratio, register

ACTIVITY_TYPES = {
    "visit": ("customer_visits", "Customer visits", "客户拜访次数", (9, 14)),
    "call": ("activities_call", "Calls", "电话次数", (8, 14)),
    "email": ("activities_email", "E-mails", "邮件次数", (8,)),
    "meeting": ("activities_meeting", "Meetings", "会议次数", (8, 14)),
    "demo": ("activities_demo", "Demos", "产品演示次数", (4, 14)),
}


def _count_type(kind):
    return lambda t: t.count(where=t.type == kind)


register(KPI(
    "activities_total", "Activities", "活动总数",
    "Calls, visits, e-mails, meetings, demos and other logged activities.", "count(activities)",
    "count", "neutral", ("activities",), (4, 9), "sum", fill=0.0,
    event=Event("activities", "started_at", lambda t: t.count()),
))  # fmt: skip
for _kind, (_id, _en, _zh, _practices) in ACTIVITY_TYPES.items():
    register(KPI(
        _id, _en, _zh, f"Activities of type {_kind}.", f"count(type = {_kind})",
        "count", "higher", ("activities",), _practices, "sum", fill=0.0,
        event=Event("activities", "started_at", _count_type(_kind)),
    ))  # fmt: skip


def _accounts_touched(ctx: Context) -> ibis.Table:
    """Distinct accounts per group and bucket, as two plain aggregations.

    DuckDB's COUNT(DISTINCT) inside a grouped aggregate took 10 s on 20M
    activities; distinct pairs first, then a count, takes about 3 s.
    """
    acts = ctx.table("activities").filter(lambda t: t.account_id.notnull())
    t = ctx.with_entity(ctx.in_window(acts, "started_at"))
    pairs = t.select("entity", "period_start", "account_id").distinct()
    return pairs.group_by(["entity", "period_start"]).aggregate(value=pairs.count())


register(KPI(
    "accounts_touched", "Accounts touched", "接触客户数",
    "Distinct accounts with at least one activity in the period.", "count(distinct account_id)",
    "count", "higher", ("activities",), (14,), "recompute", fill=0.0, custom=_accounts_touched,
))  # fmt: skip


def _after_hours(t):
    hour = t.started_at.hour()
    weekend = t.started_at.day_of_week.index() >= 5  # Monday = 0
    return (hour < WORKING_HOURS[0]) | (hour >= WORKING_HOURS[1]) | weekend


register(KPI(
    "activities_after_hours", "Activities after hours", "非工作时间活动数",
    "Activities started before 08:00, from 19:00, or at weekends (local time).",
    "count(after hours)", "count", "neutral", ("activities",), (9, 10), "sum", fill=0.0,
    internal=True,
    event=Event("activities", "started_at", lambda t: t.count(where=_after_hours(t))),
))  # fmt: skip
register(KPI(
    "after_hours_share", "After-hours share", "非工作时间活动占比",
    "Share of activities outside 08:00-19:00 on weekdays, in the rep's local time.",
    "activities_after_hours / activities_total",
    "ratio", "lower", ("activities",), (9, 10), "ratio",
    ratio=Ratio(("activities_after_hours",), ("activities_total",)),
))  # fmt: skip


def _accounts_overdue(ctx: Context) -> ibis.Table:
    """Accounts owned at the end of each bucket whose last contact is older than allowed.

    Last contact per account and bucket, then a running maximum over the
    buckets (seeded with the last contact before the window): linear in
    accounts x buckets, no inequality join over the activities.
    """
    acts = ctx.table("activities").filter(lambda t: t.account_id.notnull())
    window_start = ctx.buckets.start.to_pydatetime()
    before = acts.filter(acts.started_at < window_start)
    prior = before.group_by("account_id").aggregate(prior=before.started_at.max())
    inside = ctx.in_window(acts, "started_at")
    per_bucket = inside.group_by(["account_id", "period_start"]).aggregate(
        last=inside.started_at.max()
    )
    a = ctx.table("accounts").filter(lambda t: t.owner_rep_id.notnull())
    a = a.select("account_id", "owner_rep_id", "tier", "created_date")
    p = ctx.periods()
    # every bucket, also those before the account was created: a contact logged before
    # the CRM record existed still counts (it did, in the pandas reference; see tests)
    grid = a.cross_join(p)
    pb = per_bucket.rename(pb_account="account_id", pb_start="period_start")
    if ctx.backend is None:
        # DuckDB: as-of join, the latest bucket with a contact at or before each bucket
        grid = grid.asof_join(
            pb, on=grid.period_start >= pb.pb_start, predicates=[grid.account_id == pb.pb_account]
        ).drop("pb_account", "pb_start")
        grid = grid.rename(running="last")
    else:
        # elsewhere (Spark has no as-of join): running maximum over the buckets
        grid = grid.left_join(
            pb, [grid.account_id == pb.pb_account, grid.period_start == pb.pb_start]
        ).drop("pb_account", "pb_start")
        window = ibis.window(group_by="account_id", order_by="period_start", rows=(None, 0))
        grid = grid.mutate(running=grid["last"].max().over(window)).drop("last")
    prior = prior.rename(prior_account="account_id")
    grid = grid.left_join(prior, grid.account_id == prior.prior_account).drop("prior_account")
    grid = grid.filter(lambda t: t.created_date < t.period_end)
    since = ibis.coalesce(grid.running, grid.prior, grid.created_date)
    limit = ibis.cases(*((grid.tier == k, v) for k, v in CONTACT_DAYS_BY_TIER.items()), else_=90)
    # calendar days on both sides: backends differ on day counts between timestamps
    overdue = grid.filter(grid.period_end.date().delta(since.date(), unit="day") > limit)
    overdue = ctx.with_entity(overdue, rep="owner_rep_id")
    return overdue.group_by(["entity", "period_start"]).aggregate(value=overdue.count())


register(KPI(
    "accounts_overdue_contact", "Accounts overdue for contact", "超期未联系客户数",
    "Accounts owned at period end whose last activity is older than their tier allows "
    "(A 30, B 60, C 90 days; since creation when never contacted).",
    "count(accounts | period_end - last contact > limit(tier))",
    "count", "lower", ("accounts", "activities"), (14,), "sum",
    custom=_accounts_overdue, fill=0.0,
))  # fmt: skip

# CRM completeness: share of the optional fields people should fill in
register(KPI(
    "deal_fields_filled", "Deal fields filled", "商机字段填写数",
    "Filled account and product fields of deals created.", "count(account_id) + count(product)",
    "count", "higher", ("deals",), (16,), "sum", fill=0.0, internal=True,
    event=Event("deals", "created_date", lambda t: t.account_id.count() + t.product.count()),
))  # fmt: skip
register(KPI(
    "deal_fields", "Deal fields", "商机字段数",
    "Account and product fields of deals created.", "2 x count(deals)",
    "count", "neutral", ("deals",), (16,), "sum", fill=0.0, internal=True,
    event=Event("deals", "created_date", lambda t: 2 * t.count()),
))  # fmt: skip
register(KPI(
    "activity_fields_filled", "Activity fields filled", "活动字段填写数",
    "Filled account and duration fields of activities.",
    "count(account_id) + count(duration_minutes)",
    "count", "higher", ("activities",), (16,), "sum", fill=0.0, internal=True,
    event=Event(
        "activities", "started_at", lambda t: t.account_id.count() + t.duration_minutes.count()
    ),
))  # fmt: skip
register(KPI(
    "activity_fields", "Activity fields", "活动字段数",
    "Account and duration fields of activities.", "2 x count(activities)",
    "count", "neutral", ("activities",), (16,), "sum", fill=0.0, internal=True,
    event=Event("activities", "started_at", lambda t: 2 * t.count()),
))  # fmt: skip
register(KPI(
    "crm_completeness", "CRM completeness", "CRM数据完整度",
    "Share of optional fields filled in: account and product on deals created, "
    "account and duration on activities.",
    "(deal_fields_filled + activity_fields_filled) / (deal_fields + activity_fields)",
    "ratio", "higher", ("deals", "activities"), (4, 16), "ratio",
    ratio=Ratio(
        ("deal_fields_filled", "activity_fields_filled"), ("deal_fields", "activity_fields")
    ),
))  # fmt: skip
