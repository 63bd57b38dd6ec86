"""Rollups: small summaries of the activity log, stored beside it.

The activity log is the largest table by far (20M rows at 10,000 reps x 2
years) and every activity KPI reads it. These summaries answer them all:

* ``activity_days``: per rep and day, the number of activities of each type,
  after hours, and with an account or a duration filled in (5.5M rows at
  that size); ``activity_months`` the same per rep and month (240k rows).
  Days nest in weeks, months in quarters and years.
* ``account_months``: per account, rep and month, the last contact
  (``last_at``); ``account_runs`` per account, the last contact as of the end
  of every month (a list). Enough for months, quarters and years; KPIs at
  week grain read the log itself.

They are written when the activities are (``Workspace.write_tables``) to
``rollups/NAME-KEY.parquet``, where KEY hashes the activity file's content
and the summary's definition, so a changed log or definition is never read
through an old summary. A workspace written before rollups existed gets
them on first use; one that cannot be written to computes them in memory
for each query instead (slower, same figures). Each summary is an Ibis
expression over the log, so another backend (PySpark) computes those the
KPIs read there (all but ``account_runs``) from the log with the same
definition.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import inspect
import os
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import ibis
import pyarrow.parquet as pq

from .config import WORKING_HOURS

__all__ = [
    "ROLLUPS",
    "activity_days",
    "activity_months",
    "account_months",
    "account_runs",
    "path",
    "table",
    "build",
    "remove_stale",
]

ROLLUPS_DIR = "rollups"
SOURCE = "activities"
ACTIVITY_TYPES = ("visit", "call", "email", "meeting", "demo")


def after_hours(at: ibis.TimestampValue) -> ibis.BooleanValue:
    """Before 08:00, from 19:00, or at a weekend (the log holds local times)."""
    hour = at.hour()
    weekend = at.day_of_week.index() >= 5  # Monday = 0
    return (hour < WORKING_HOURS[0]) | (hour >= WORKING_HOURS[1]) | weekend


def activity_days(acts: ibis.Table) -> ibis.Table:
    """Per rep and day: ``activities``, one count per type, ``after_hours``,
    ``with_account`` and ``with_duration`` (activities with that field filled)."""
    at = acts.started_at.cast("timestamp")
    acts = acts.mutate(day=at.date(), _after=after_hours(at))
    return acts.group_by(["rep_id", "day"]).aggregate(
        activities=acts.count(),
        **{f"type_{kind}": acts.count(where=acts.type == kind) for kind in ACTIVITY_TYPES},
        after_hours=acts.count(where=acts._after),
        with_account=acts.account_id.count(),
        with_duration=acts.duration_minutes.count(),
    )


def activity_months(days: ibis.Table) -> ibis.Table:
    """Per rep and month: the sums of :func:`activity_days` (``days``), dated on the
    month's first day (``day``), so that the same KPI definitions read either."""
    days = days.mutate(day=days.day.truncate("M"))
    counts = [c for c in days.columns if c not in ("rep_id", "day")]
    return days.group_by(["rep_id", "day"]).aggregate(**{c: days[c].sum() for c in counts})


def account_months(acts: ibis.Table) -> ibis.Table:
    """Per account, rep and month (its first day): ``last_at``, the last contact."""
    acts = acts.filter(acts.account_id.notnull())
    at = acts.started_at.cast("timestamp")
    acts = acts.mutate(month=at.truncate("M"), _at=at)
    return acts.group_by(["account_id", "rep_id", "month"]).aggregate(last_at=acts._at.max())


def account_runs(months: ibis.Table) -> ibis.Table:
    """Per account (any rep): ``first_month`` of contact and ``runs``, the day of the last
    contact as of the end of each month from then to the log's last month.

    Accounts overdue for contact at a month's end then need one list element per
    account instead of a pass over the 7.5M rows of :func:`account_months`.
    """
    per_month = months.group_by(["account_id", "month"]).aggregate(last_at=months.last_at.max())
    span = per_month.group_by("account_id").aggregate(first_month=per_month.month.min())
    end = per_month.month.max().as_scalar() + ibis.interval(months=1)
    grid = span.select(
        "account_id",
        "first_month",
        month=ibis.range(span.first_month, end, ibis.interval(months=1)).unnest(),
    )
    grid = grid.left_join(per_month, ["account_id", "month"]).select(grid, "last_at")
    so_far = ibis.window(group_by="account_id", order_by="month", preceding=None, following=0)
    filled = grid.mutate(last_at=grid.last_at.max().over(so_far))
    return filled.group_by(["account_id", "first_month"]).aggregate(
        runs=filled.last_at.date().collect(order_by=filled.month, include_null=True)
    )


ROLLUPS: dict[str, Callable[[ibis.Table], ibis.Table]] = {
    "activity_days": activity_days,
    "activity_months": lambda acts: activity_months(activity_days(acts)),
    "account_months": account_months,
    "account_runs": lambda acts: account_runs(account_months(acts)),
}
# built from another rollup rather than from the log
_FROM_ROLLUP = {
    "activity_months": ("activity_days", activity_months),
    "account_runs": ("account_months", account_runs),
}
_ORDER = {
    "activity_days": ["rep_id", "day"],
    "activity_months": ["rep_id", "day"],
    "account_months": ["account_id", "rep_id", "month"],
    "account_runs": ["account_id"],
}


@functools.cache
def _definition() -> str:
    """The summaries' definitions as text: their code and settings, so that a rollup
    written by other code is never read as current (the package version stands in
    where the source is not installed)."""
    functions = (after_hours, activity_days, activity_months, account_months, account_runs)
    try:
        code = [inspect.getsource(f) for f in (*functions, _summary)]
    except OSError:
        from importlib.metadata import version

        code = [f"fieldsales {version('fieldsales')}"]
    return f"{code} working_hours={WORKING_HOURS} types={ACTIVITY_TYPES}"


def path(ws, name: str) -> Path:
    """Where rollup ``name`` of the workspace's current activity log is stored."""
    source = ws.manifest["tables"][SOURCE]["content_hash"]
    key = hashlib.sha256(f"{name} {source} {_definition()}".encode()).hexdigest()[:16]
    return Path(ws.path) / ROLLUPS_DIR / f"{name}-{key}.parquet"


def table(ws, name: str) -> ibis.Table:
    """Rollup ``name`` as an Ibis table on the workspace's DuckDB, built now when missing.

    Another backend computes it from the log: ``ROLLUPS[name](log)``.
    """
    file = path(ws, name)
    if not file.is_file():
        try:
            _write(ws, name, file)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise
            # a workspace we may only read: compute it in each query (slower, same figures)
            warnings.warn(
                f"cannot write {file} ({exc.strerror}): the activity log's summary "
                f"{name!r} is computed in each query, which is slower on a large log",
                stacklevel=2,
            )
            return ROLLUPS[name](ws.table(SOURCE))
    return ws.con.read_parquet(file, table_name=f"{name}_{file.stem.rsplit('-', 1)[-1]}")


def build(ws) -> None:
    """Write every rollup of the current activity log that is not stored yet."""
    if not ws.has(SOURCE):
        return
    for name in ROLLUPS:
        file = path(ws, name)
        if not file.is_file():
            _write(ws, name, file)


def remove_stale(ws) -> None:
    """Remove rollups of activity logs (or definitions) that are no longer current."""
    folder = Path(ws.path) / ROLLUPS_DIR
    if not folder.is_dir():
        return
    keep = {path(ws, name).name for name in ROLLUPS} if ws.has(SOURCE) else set()
    for file in folder.iterdir():
        # another process may be writing a .tmp file: only old ones are crash leftovers
        leftover = file.suffix == ".tmp" and time.time() - file.stat().st_mtime > 3600
        if (file.suffix == ".parquet" and file.name not in keep) or leftover:
            file.unlink(missing_ok=True)


# account_runs spans every account x month (8M cells at 10k reps): built in slices of
# accounts, its peak memory is a quarter (4.8 GB in one piece)
_SLICES = {"account_runs": 4}


def _write(ws, name: str, file: Path) -> None:
    """Compute on DuckDB and write to a temporary file, then rename: readers never see
    half a file, and two processes building the same rollup write the same bytes."""
    file.parent.mkdir(exist_ok=True)
    ws.con.raw_sql("SET enable_progress_bar = false")  # no bar in the import's output
    fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=file.parent)
    os.close(fd)
    try:
        slices = _SLICES.get(name, 1)
        if slices == 1:
            ws.con.to_parquet(_summary(ws, name), tmp, compression="zstd")
        else:
            with pq.ParquetWriter(
                tmp, _summary(ws, name).schema().to_pyarrow(), compression="zstd"
            ) as out:
                for k in range(slices):
                    out.write_table(ws.con.to_pyarrow(_summary(ws, name, (k, slices))))
        os.replace(tmp, file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _summary(ws, name: str, part: tuple[int, int] | None = None) -> ibis.Table:
    """Rollup ``name`` computed from the log (or from the rollup it summarises), in order;
    ``part`` = (k, n): only the accounts whose hash is k modulo n."""
    if name in _FROM_ROLLUP:
        source, summarise = _FROM_ROLLUP[name]
        rows = table(ws, source)
    else:
        rows, summarise = ws.table(SOURCE), ROLLUPS[name]
    if part is not None:
        k, n = part
        rows = rows.filter((rows.account_id.hash() % n + n) % n == k)  # hash may be < 0
    return summarise(rows).order_by(_ORDER[name])
