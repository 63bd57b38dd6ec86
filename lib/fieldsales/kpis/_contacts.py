"""Contacts per account, rep and bucket: the table both account KPIs read.

``accounts_touched`` (distinct accounts with an activity) and
``accounts_overdue_contact`` (accounts whose last contact is too old) need,
per account and rep, the last contact in each bucket and before the window.

Months, quarters and years read the ``account_months`` rollup of the log
(7.5M rows at 20M activities); weeks do not nest in months, so at week grain
the log is grouped by account, rep and week here, once per computation.
"""

from __future__ import annotations

import ibis

from ._context import Context

__all__ = ["contacts", "bucket_columns"]


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


def contacts(ctx: Context) -> ibis.Table:
    """``account_id``, ``rep_id``, ``last_at`` (a last contact) and ``bucket`` (its
    bucket's index, -1 before or after the window); activities without an account
    are left out."""
    if ctx.grain != "week":
        months = ctx.table("account_months")
        return months.select(
            "account_id", "rep_id", "last_at", bucket=_bucket_index(ctx, months.month)
        )
    acts = ctx.table("activities")
    at = acts.started_at.cast("timestamp")
    # nothing after the window, so that bucket -1 holds only what came before it
    acts = acts.filter(acts.account_id.notnull(), at < ctx.buckets.end.to_pydatetime())
    at = acts.started_at.cast("timestamp")
    acts = acts.mutate(_at=at, bucket=_bucket_index(ctx, at))
    weekly = acts.group_by(["account_id", "rep_id", "bucket"]).aggregate(last_at=acts._at.max())
    return ctx.remember("weekly_contacts", weekly)
