"""Target periods (a year, a quarter or a month), their months, working days and week pieces.

Working days are Monday to Friday; there is no holiday calendar. A week is an
ISO week (Monday to Sunday, labelled ``2027-W05``); a week that crosses a
month boundary is cut in two pieces, one per month, each carrying the working
days it holds in that month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import numpy as np
import pandas as pd

from ..exceptions import ConfigError

__all__ = [
    "TargetPeriod",
    "WeekPiece",
    "target_period",
    "working_days",
    "month_working_days",
    "week_pieces",
    "flat_weights",
    "default_period",
    "period_options",
    "complete_months",
]

GRAINS = ("year", "quarter", "month")
_FORMS = "2027 (a year), 2027-Q1 (a quarter) or 2027-01 (a month)"


@dataclass(frozen=True)
class TargetPeriod:
    """The period a target is for: ``label`` (``2027``, ``2027-Q1``, ``2027-01``) and its days."""

    label: str
    grain: str
    start: pd.Timestamp  # first day
    end: pd.Timestamp  # the day after the last day

    @property
    def last_day(self) -> pd.Timestamp:
        return self.end - pd.Timedelta(days=1)

    @property
    def months(self) -> list[pd.Period]:
        """The calendar months of the period, in order."""
        return list(pd.period_range(self.start, self.last_day, freq="M"))

    @property
    def title(self) -> str:
        """``Q1 2027 (Jan–Mar)``, ``Year 2027`` or ``January 2027``."""
        if self.grain == "year":
            return f"Year {self.start.year}"
        if self.grain == "quarter":
            q = (self.start.month - 1) // 3 + 1
            return f"Q{q} {self.start.year} ({self.start:%b}–{self.last_day:%b})"
        return f"{self.start:%B %Y}"

    def year_earlier(self) -> TargetPeriod:
        """The same period one year before."""
        return TargetPeriod(
            _label(self.start - pd.DateOffset(years=1), self.grain),
            self.grain,
            self.start - pd.DateOffset(years=1),
            self.end - pd.DateOffset(years=1),
        )


@dataclass(frozen=True)
class WeekPiece:
    """The part of ISO week ``week`` that falls in ``month``."""

    week: str  # 2027-W05
    month: str  # 2027-01
    start: date  # first day of the piece
    last: date  # last day of the piece
    working_days: int


def _label(start: pd.Timestamp, grain: str) -> str:
    if grain == "year":
        return f"{start.year}"
    if grain == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start:%Y-%m}"


def target_period(text: str) -> TargetPeriod:
    """Parse ``2027``, ``2027-Q1`` or ``2027-01``; anything else is a ``ConfigError``."""
    text = str(text).strip()
    if m := re.fullmatch(r"(\d{4})", text):
        start = pd.Timestamp(int(m[1]), 1, 1)
        return TargetPeriod(text, "year", start, start + pd.DateOffset(years=1))
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", text, re.IGNORECASE):
        start = pd.Timestamp(int(m[1]), 3 * int(m[2]) - 2, 1)
        return TargetPeriod(text.upper(), "quarter", start, start + pd.DateOffset(months=3))
    if m := re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", text):
        start = pd.Timestamp(int(m[1]), int(m[2]), 1)
        return TargetPeriod(text, "month", start, start + pd.DateOffset(months=1))
    raise ConfigError(f"target period {text!r} not understood; write {_FORMS}")


def working_days(start: date | pd.Timestamp, end: date | pd.Timestamp) -> int:
    """Monday-to-Friday days from ``start`` (included) to ``end`` (excluded)."""
    return int(np.busday_count(pd.Timestamp(start).date(), pd.Timestamp(end).date()))


def month_working_days(month: pd.Period) -> int:
    return working_days(month.start_time, month.end_time.normalize() + pd.Timedelta(days=1))


def week_pieces(month: pd.Period) -> list[WeekPiece]:
    """The ISO-week pieces of ``month`` that hold at least one working day, in order."""
    first = month.start_time.date()
    last = month.end_time.date()
    pieces = []
    day = first
    while day <= last:
        year, week, weekday = day.isocalendar()
        piece_last = min(last, day + timedelta(days=7 - weekday))
        days = working_days(day, piece_last + timedelta(days=1))
        if days:
            pieces.append(WeekPiece(f"{year}-W{week:02d}", f"{month}", day, piece_last, days))
        day = piece_last + timedelta(days=1)
    return pieces


def flat_weights(year: int) -> np.ndarray:
    """Each calendar month's share of the year's working days (12 numbers summing to 1)."""
    return np.array(_flat(int(year)))


@lru_cache(maxsize=64)
def _flat(year: int) -> tuple[float, ...]:
    days = np.array([month_working_days(pd.Period(f"{year}-{m:02d}", "M")) for m in range(1, 13)])
    return tuple(days / days.sum())


def default_period(data_end: pd.Timestamp) -> str:
    """The quarter after the one holding the data's last day."""
    return str(pd.Period(pd.Timestamp(data_end), freq="Q") + 1).replace("Q", "-Q")


def period_options(data_end: pd.Timestamp) -> list[tuple[str, str]]:
    """Dropdown options ``(text, label)``: the next four quarters first, then years, then months.

    The quarter holding the data's end (already under way) comes after the
    next four; the years are those of the next quarter and the one after; the
    months are the six after the data's end.
    """
    end = pd.Timestamp(data_end)
    current_q = pd.Period(end, freq="Q")
    labels = [str(current_q + k).replace("Q", "-Q") for k in range(1, 5)]
    labels.append(str(current_q).replace("Q", "-Q"))
    year = (current_q + 1).year
    labels += [f"{year}", f"{year + 1}"]
    month = pd.Period(end, freq="M")
    labels += [f"{month + k}" for k in range(1, 7)]
    return [(target_period(label).title, label) for label in labels]


def complete_months(first_day: pd.Timestamp, last_day: pd.Timestamp) -> list[pd.Period]:
    """Calendar months fully covered by data from ``first_day`` to ``last_day``.

    A month counts as covered at the start when the data begin on or before
    its first working day, and at the end when they reach its last working day.
    """
    first_day, last_day = pd.Timestamp(first_day), pd.Timestamp(last_day)
    first = pd.Period(first_day, freq="M")
    if first_day.normalize() > _first_working_day(first):
        first += 1
    last = pd.Period(last_day, freq="M")
    if last_day.normalize() < _last_working_day(last):
        last -= 1
    if last < first:
        return []
    return list(pd.period_range(first, last, freq="M"))


def _first_working_day(month: pd.Period) -> pd.Timestamp:
    day = month.start_time.normalize()
    while day.weekday() >= 5:
        day += pd.Timedelta(days=1)
    return day


def _last_working_day(month: pd.Period) -> pd.Timestamp:
    day = month.end_time.normalize()
    while day.weekday() >= 5:
        day -= pd.Timedelta(days=1)
    return day
