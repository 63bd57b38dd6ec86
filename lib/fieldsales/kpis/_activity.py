"""Activity KPIs: visits, calls, coverage of accounts, when work happens, CRM data.

Practices 2, 4, 8, 9, 14, 16.
"""

from __future__ import annotations

import ibis

from .. import rollups
from ..config import CONTACT_DAYS_BY_TIER
from ._contacts import bucket_columns, contacts, last_contact_at_ends
from ._context import Context
from ._registry import KPI, Event, Ratio, register

ACTIVITY_TYPES = {
    "visit": ("customer_visits", "Customer visits", "客户拜访次数", (9, 14)),
    "call": ("activities_call", "Calls", "电话次数", (8, 14)),
    "email": ("activities_email", "E-mails", "邮件次数", (8,)),
    "meeting": ("activities_meeting", "Meetings", "会议次数", (8, 14)),
    "demo": ("activities_demo", "Demos", "产品演示次数", (4, 14)),
}
if tuple(ACTIVITY_TYPES) != rollups.ACTIVITY_TYPES:  # the rollup counts exactly these types
    raise ImportError("fieldsales.rollups.ACTIVITY_TYPES differs from the activity KPIs")


def _days(column: str) -> Event:
    """Sum of a column of the per rep and day rollup of the log (fieldsales.rollups)."""
    return Event("activity_days", "day", lambda t: t[column].sum())


register(KPI(
    "activities_total", "Activities", "活动总数",
    "Calls, visits, e-mails, meetings, demos and other logged activities.", "count(activities)",
    "count", "neutral", ("activities",), (4, 9), "sum", fill=0.0,
    event=_days("activities"),
))  # fmt: skip
for _kind, (_id, _en, _zh, _practices) in ACTIVITY_TYPES.items():
    register(KPI(
        _id, _en, _zh, f"Activities of type {_kind}.", f"count(type = {_kind})",
        "count", "higher", ("activities",), _practices, "sum", fill=0.0,
        event=_days(f"type_{_kind}"),
    ))  # fmt: skip


register(KPI(
    "accounts_touched", "Accounts touched", "接触客户数",
    "Distinct accounts with at least one activity in the period.", "count(distinct account_id)",
    "count", "higher", ("activities",), (14,), "recompute", fill=0.0,
    custom=lambda ctx: _accounts_touched(ctx),  # defined below, with the account KPIs
))  # fmt: skip


register(KPI(
    "activities_after_hours", "Activities after hours", "非工作时间活动数",
    "Activities started before 08:00, from 19:00, or at weekends (local time).",
    "count(after hours)", "count", "neutral", ("activities",), (9, 10), "sum", fill=0.0,
    internal=True,
    event=_days("after_hours"),
))  # fmt: skip
register(KPI(
    "after_hours_share", "After-hours share", "非工作时间活动占比",
    "Share of activities outside 08:00-19:00 on weekdays, in the rep's local time.",
    "activities_after_hours / activities_total",
    "ratio", "lower", ("activities",), (9, 10), "ratio",
    ratio=Ratio(("activities_after_hours",), ("activities_total",)),
))  # fmt: skip


def _accounts_touched(ctx: Context) -> ibis.Table:
    """Distinct accounts per group and bucket (an account two reps of a team touched
    counts once for the team)."""
    c = ctx.with_entity(contacts(ctx).filter(lambda t: t.bucket >= 0))
    # a rep's contacts have one row per account and month or week: count them (8x
    # faster than counting distinct accounts, which quarters, years and teams need)
    unique = ctx.by == "rep" and ctx.grain in ("month", "week")
    value = c.count() if unique else c.account_id.nunique()
    counts = c.group_by(["entity", "bucket"]).aggregate(value=value)
    p = ctx.periods()
    return counts.join(p, counts.bucket == p.bucket_index).select("entity", "period_start", "value")


def _accounts_overdue(ctx: Context) -> ibis.Table:
    """Accounts owned at the end of each bucket whose last contact is older than allowed.

    No accounts x buckets grid and no as-of join (which took 5.9 s and 1.9 GB
    on 20M activities): one column per bucket end.
    """
    columns = bucket_columns(ctx)
    last = last_contact_at_ends(ctx).rename(c_account="account_id")
    a = ctx.table("accounts").filter(lambda t: t.owner_rep_id.notnull())
    a = a.select("account_id", "owner_rep_id", "tier", "created_date")
    a = a.left_join(last, a.account_id == last.c_account).drop("c_account")
    limit = ibis.cases(*((a.tier == k, v) for k, v in CONTACT_DAYS_BY_TIER.items()), else_=90)
    created = a.created_date.cast("timestamp")
    late = {}
    for name, end in zip(columns, (e.to_pydatetime() for e in ctx.buckets.ends), strict=True):
        # a contact logged before the CRM record existed still counts (it did, in the
        # pandas reference; see tests)
        since = ibis.coalesce(a[name], created)
        # calendar days on both sides: backends differ on day counts between timestamps
        days = ibis.literal(end.date()).delta(since.date(), unit="day")
        late[name] = ((created < end) & (days > limit)).cast("int64")
    owned = ctx.with_entity(a.select("owner_rep_id", **late), rep="owner_rep_id")
    counts = owned.group_by("entity").aggregate(**{n: owned[n].sum() for n in columns})
    return _by_bucket(ctx, counts, columns)


def _by_bucket(ctx: Context, counts: ibis.Table, columns: list[str]) -> ibis.Table:
    """One row per entity and bucket (``value``) from one column per bucket; zeros left out."""
    long = counts.pivot_longer(ibis.selectors.cols(*columns), names_to="bucket", values_to="value")
    p = ctx.periods()
    index = p.mutate(bucket=ibis.literal("last_").concat(p.bucket_index.cast("string")))
    long = long.join(index, "bucket").select("entity", "period_start", "value")
    return long.filter(long.value > 0)


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
    event=Event("activity_days", "day", lambda t: t.with_account.sum() + t.with_duration.sum()),
))  # fmt: skip
register(KPI(
    "activity_fields", "Activity fields", "活动字段数",
    "Account and duration fields of activities.", "2 x count(activities)",
    "count", "neutral", ("activities",), (16,), "sum", fill=0.0, internal=True,
    event=Event("activity_days", "day", lambda t: 2 * t.activities.sum()),
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
