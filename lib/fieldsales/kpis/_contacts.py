"""Contacts with accounts: what the two account KPIs read.

``accounts_touched`` counts distinct accounts with an activity in a bucket
(:func:`contacts`); ``accounts_overdue_contact`` needs each account's last
contact as of each bucket's end (:func:`last_contact_at_ends`).

Months, quarters and years read rollups of the log (``account_months``,
``account_runs``; :mod:`fieldsales.rollups`); weeks do not nest in months,
so at week grain the log itself is grouped, once per computation.
"""

from __future__ import annotations

import ibis
import pandas as pd

from ._context import Context

__all__ = ["contacts", "last_contact_at_ends", "bucket_columns"]


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
    bucket's index, -1 outside the window); activities without an account are left
    out. A rep has one row per account and month (week at week grain)."""
    if ctx.grain != "week":
        months = ctx.table("account_months")
        months = months.select(
            "account_id", "rep_id", "last_at", bucket=_bucket_index(ctx, months.month)
        )
        # stored on DuckDB; on another backend computed from the log: once, for both KPIs
        return months if ctx.backend is None else ctx.remember("contacts", months)
    acts = ctx.table("activities")
    at = acts.started_at.cast("timestamp")
    # nothing after the window, so that bucket -1 holds only what came before it
    acts = acts.filter(acts.account_id.notnull(), at < ctx.buckets.end.to_pydatetime())
    at = acts.started_at.cast("timestamp")
    acts = acts.mutate(_at=at, bucket=_bucket_index(ctx, at))
    weekly = acts.group_by(["account_id", "rep_id", "bucket"]).aggregate(last_at=acts._at.max())
    return ctx.remember("weekly_contacts", weekly)


def last_contact_at_ends(ctx: Context) -> ibis.Table:
    """Per contacted account: ``last_k``, its last contact (any rep's) before the end
    of bucket k, missing when there was none. Only its day counts: from the
    ``account_runs`` rollup the time is midnight."""
    if ctx.grain != "week" and ctx.backend is None:
        return _from_runs(ctx)
    return _from_contacts(ctx)


def _from_runs(ctx: Context) -> ibis.Table:
    """One element of the account's running last contacts: that of the bucket's last month
    (the last element once the log has ended; none before the first contact)."""
    r = ctx.table("account_runs")
    first = r.first_month.year() * 12 + r.first_month.month()
    ends = {}
    for name, end in zip(bucket_columns(ctx), ctx.buckets.ends, strict=True):
        last = end - pd.Timedelta(days=1)  # the bucket's last day, in its last month
        i = last.year * 12 + last.month - first
        day = r.runs[ibis.least(i, r.runs.length() - 1)]
        ends[name] = ibis.ifelse(i < 0, ibis.null("date"), day).cast("timestamp")
    return r.select("account_id", **ends)


def _from_contacts(ctx: Context) -> ibis.Table:
    """From :func:`contacts`: the last contact in each bucket as its own column (one hash
    aggregation with a group per account, no accounts x buckets grid), then the greatest
    of buckets 0..k, else the last before the window."""
    c = contacts(ctx)
    columns = bucket_columns(ctx)
    in_bucket = {name: c.last_at.max(where=c.bucket == k) for k, name in enumerate(columns)}
    window_start = ctx.buckets.start.to_pydatetime()
    a = c.group_by("account_id").aggregate(
        prior=c.last_at.max(where=c.last_at < window_start), **in_bucket
    )
    ends = {}
    for k, name in enumerate(columns):
        running = ibis.greatest(*(a[n] for n in columns[: k + 1])) if k else a[columns[0]]
        ends[name] = ibis.coalesce(running, a.prior)
    return a.select("account_id", **ends)
