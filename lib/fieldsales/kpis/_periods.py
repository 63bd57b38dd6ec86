"""Periods and grains: which calendar buckets a KPI is computed for.

A *grain* is the bucket size (week, month, quarter, year); a *period* is the
span asked for: ``2026``, ``2026-Q3``, ``2026-10``, ``2026-W41`` (ISO week) or
``START..END`` with any two of those (both included). The period is cut into
the grain's buckets; it must cover whole buckets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from ..exceptions import ConfigError

__all__ = ["GRAINS", "Buckets", "parse_period", "bucket_label", "buckets_for", "latest_buckets"]

GRAINS = ("week", "month", "quarter", "year")
# pandas frequency and Ibis truncate unit of each grain
_FREQ = {"week": "W-MON", "month": "MS", "quarter": "QS", "year": "YS"}
TRUNCATE_UNIT = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}

_FORMS = "2026, 2026-Q3, 2026-10, 2026-W41 or START..END (e.g. 2026-01..2026-06)"


@dataclass(frozen=True)
class Buckets:
    """The buckets of one request: starts (inclusive) and ends (exclusive)."""

    grain: str
    starts: pd.DatetimeIndex

    @property
    def ends(self) -> pd.DatetimeIndex:
        return pd.DatetimeIndex([_next_start(s, self.grain) for s in self.starts])

    @property
    def start(self) -> pd.Timestamp:
        return self.starts[0]

    @property
    def end(self) -> pd.Timestamp:
        return self.ends[-1]

    @property
    def labels(self) -> list[str]:
        return [bucket_label(s, self.grain) for s in self.starts]

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {"period": self.labels, "period_start": self.starts, "period_end": self.ends}
        )

    def previous(self) -> Buckets:
        """The same number of buckets just before these (for growth figures)."""
        n = len(self.starts)
        starts = pd.date_range(end=self.start, periods=n + 1, freq=_FREQ[self.grain])[:-1]
        return Buckets(self.grain, pd.DatetimeIndex(starts))


def _check_grain(grain: str) -> None:
    if grain not in GRAINS:
        raise ConfigError(f"unknown grain {grain!r}; use one of: {', '.join(GRAINS)}")


def _next_start(start: pd.Timestamp, grain: str) -> pd.Timestamp:
    step = {"week": pd.DateOffset(weeks=1), "month": pd.DateOffset(months=1),
            "quarter": pd.DateOffset(months=3), "year": pd.DateOffset(years=1)}[grain]  # fmt: skip
    return start + step


def bucket_label(start: pd.Timestamp, grain: str) -> str:
    """``2026-W41``, ``2026-10``, ``2026-Q4`` or ``2026`` for a bucket start."""
    if grain == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if grain == "month":
        return f"{start:%Y-%m}"
    if grain == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}"


def _span(text: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First day and the day after the last day of one period term."""
    text = text.strip()
    if m := re.fullmatch(r"(\d{4})", text):
        start = pd.Timestamp(int(m[1]), 1, 1)
        return start, start + pd.DateOffset(years=1)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", text, re.IGNORECASE):
        start = pd.Timestamp(int(m[1]), 3 * int(m[2]) - 2, 1)
        return start, start + pd.DateOffset(months=3)
    if m := re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", text):
        start = pd.Timestamp(int(m[1]), int(m[2]), 1)
        return start, start + pd.DateOffset(months=1)
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", text, re.IGNORECASE):
        try:
            start = pd.Timestamp(date.fromisocalendar(int(m[1]), int(m[2]), 1))
        except ValueError:
            raise ConfigError(f"{text!r} is not an ISO week of {m[1]}") from None
        return start, start + pd.DateOffset(weeks=1)
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        start = pd.Timestamp(text)
        return start, start + pd.DateOffset(days=1)
    raise ConfigError(f"period {text!r} not understood; write {_FORMS}")


def parse_period(text: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """``(start, end)`` of a period text, ``end`` exclusive."""
    if ".." in text:
        first, _, last = text.partition("..")
        start, _ = _span(first)
        _, end = _span(last)
        if end <= start:
            raise ConfigError(f"period {text!r} ends before it starts")
        return start, end
    return _span(text)


def buckets_for(period: str, grain: str) -> Buckets:
    """The grain's buckets that make up ``period``; it must cover whole buckets."""
    _check_grain(grain)
    start, end = parse_period(period)
    starts = pd.date_range(start, end, freq=_FREQ[grain], inclusive="left")
    buckets = Buckets(grain, pd.DatetimeIndex(starts))
    if len(starts) == 0 or starts[0] != start or buckets.end != end:
        raise ConfigError(
            f"period {period!r} does not split into whole {grain}s; choose a period made of "
            f"whole {grain}s (e.g. grain month with 2026-Q3) or another grain"
        )
    return buckets


def latest_buckets(last_day: pd.Timestamp, grain: str, count: int = 12) -> Buckets:
    """The ``count`` buckets ending with the one that holds ``last_day``."""
    _check_grain(grain)
    # date_range with end= gives the bucket starts on or before last_day
    starts = pd.date_range(end=pd.Timestamp(last_day).normalize(), periods=count, freq=_FREQ[grain])
    return Buckets(grain, pd.DatetimeIndex(starts))
