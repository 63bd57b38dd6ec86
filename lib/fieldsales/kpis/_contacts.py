"""Last contact per account, rep and bucket: one scan that two account KPIs share.

``accounts_touched`` (distinct accounts with an activity) and
``accounts_overdue_contact`` (accounts whose last contact is too old) both
need, per account, when it was last contacted in each bucket. Grouping the
activities by (account, rep), with the last contact of each bucket as its own
column, is one hash aggregation with about as many groups as account-rep
pairs (0.5M on 20M activities), instead of one group per account, rep and
bucket (7.7M): on 2 cores it took about half the time of the two separate
queries it replaces. The result is cached for the rest of the computation.
"""

from __future__ import annotations

import ibis

from ._context import Context

__all__ = ["account_contacts", "bucket_columns"]


def bucket_columns(ctx: Context) -> list[str]:
    """``last_0``, ``last_1``, ...: one column per bucket of ``ctx``."""
    return [f"last_{k}" for k in range(len(ctx.buckets.starts))]


def _bucket_index(ctx: Context, at: ibis.TimestampValue) -> ibis.IntegerValue:
    """The bucket ``at`` falls in (0, 1, ...), or -1 outside the window."""
    start = ctx.buckets.start
    if ctx.grain == "month":
        k = (at.year() - start.year) * 12 + at.month() - start.month
    elif ctx.grain == "quarter":
        k = (at.year() - start.year) * 4 + at.quarter() - start.quarter
    elif ctx.grain == "year":
        k = at.year() - start.year
    else:  # weeks: whole days since the first Monday, by 7 (non-negative inside the window)
        k = at.date().delta(ibis.literal(start.date()), unit="day") // 7
    inside = (at >= start.to_pydatetime()) & (at < ctx.buckets.end.to_pydatetime())
    return ibis.ifelse(inside, k, -1)


def account_contacts(ctx: Context) -> ibis.Table:
    """Per account and rep: ``prior`` (last contact before the window) and ``last_k``.

    Computed once per :class:`Context` (cached on the backend); activities
    without an account are left out.
    """
    acts = ctx.table("activities").filter(lambda t: t.account_id.notnull())
    at = acts.started_at.cast("timestamp")
    acts = acts.mutate(_at=at, _k=_bucket_index(ctx, at))
    last = {name: acts._at.max(where=acts._k == k) for k, name in enumerate(bucket_columns(ctx))}
    window_start = ctx.buckets.start.to_pydatetime()
    contacts = acts.group_by(["account_id", "rep_id"]).aggregate(
        prior=acts._at.max(where=acts._at < window_start), **last
    )
    return ctx.remember("account_contacts", contacts)
