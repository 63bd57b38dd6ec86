"""A metric's monthly history per rep, and what targets are built from: season, pace, trend.

Everything here works on a :class:`History` (plain arrays, one row per rep and
one column per complete calendar month), so it is pure and fast: the
workspace is read once, by :func:`fieldsales.goals.load_history`.

- **Ramp.** A new hire is expected to reach full pace after
  :data:`RAMP_MONTHS` months: a calendar month counts for
  ``(k - 0.5) / 6`` of a full month, ``k`` being the month of employment it is
  (1 for the month of hire), up to 1.
- **Season.** Each calendar month's share of a year, from the company's
  monthly figure per rep (FTE) in the last whole years of history (12-month
  blocks ending with the last complete month), with a flat year (shares of
  working days) mixed in as one more year, so that one odd month does not
  swing a target.
- **Exposure.** A rep-month's expected share of a full-pace year:
  ``FTE x season weight x ramp``.
- **Pace.** What a full-pace year of the rep looks like: the last 12 months'
  actual over their exposure.
- **Trend.** Half of the rep's change of pace against the 12 months before,
  at most +/-15 %.
- **Growth pool.** How far reps beat their previous year's pace in every
  stretch of the target's length: what "achievable" is judged against.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._calendar import flat_weights
from ._metrics import GoalMetric

__all__ = [
    "History",
    "RAMP_MONTHS",
    "MIN_EXPOSURE",
    "MIN_PREV_EXPOSURE",
    "TREND_SHARE",
    "TREND_CAP",
    "SEASON_YEARS",
    "ramp_matrix",
    "season_weights",
    "paces",
    "growth_pool",
]

#: Months a new hire takes to reach full pace.
RAMP_MONTHS = 6
#: Exposure (full-pace years) the last 12 months need for a pace of the rep's own.
MIN_EXPOSURE = 0.25
#: Exposure the 12 months before need for a trend (and a growth-pool entry).
MIN_PREV_EXPOSURE = 0.5
#: Share of the rep's year-on-year change of pace carried into the target.
TREND_SHARE = 0.5
#: Largest trend either way.
TREND_CAP = 0.15
#: Whole years of history the season is estimated from, at most.
SEASON_YEARS = 3


@dataclass(frozen=True)
class History:
    """Monthly actuals of one metric: ``actual`` and ``fte`` are reps x months arrays.

    ``reps`` is indexed like the arrays' rows (``rep_id`` column, plus
    ``rep_name``, ``team``, ``hire_date``, ``exit_date``); ``months`` are the
    complete calendar months, oldest first; ``data_end`` the data's last moment.
    """

    metric: GoalMetric
    months: list[pd.Period]
    reps: pd.DataFrame
    actual: np.ndarray
    fte: np.ndarray
    data_end: pd.Timestamp

    @classmethod
    def from_frames(
        cls,
        monthly: pd.DataFrame,
        reps: pd.DataFrame,
        metric: GoalMetric,
        months: list[pd.Period],
        data_end: pd.Timestamp,
    ) -> History:
        """From a long frame (``rep_id``, ``period_start``, the KPI column, ``rep_fte``).

        ``reps`` is the reps table (managers are left out); months missing from
        ``monthly`` count as 0 with no FTE.
        """
        people = reps[reps["role"] != "manager"] if "role" in reps else reps
        people = people.rename(columns={"name": "rep_name"})
        people = people[["rep_id", "rep_name", "team", "hire_date", "exit_date"]]
        people = people.sort_values("rep_id", ignore_index=True)
        index = pd.Index(people["rep_id"].astype(str))
        columns = pd.PeriodIndex(months, freq="M")
        frame = monthly.assign(month=pd.PeriodIndex(monthly["period_start"], freq="M"))
        frame = frame[frame["rep_id"].isin(index) & frame["month"].isin(columns)]

        def grid(column: str) -> np.ndarray:
            wide = frame.pivot_table(index="rep_id", columns="month", values=column, aggfunc="sum")
            return wide.reindex(index=index, columns=columns).fillna(0.0).to_numpy(float)

        return cls(
            metric, list(columns), people, grid(metric.kpi), grid("rep_fte"), pd.Timestamp(data_end)
        )

    @property
    def current(self) -> np.ndarray:
        """Rows of the reps still employed at the data's end (no exit date)."""
        return self.reps["exit_date"].isna().to_numpy()


def ramp_matrix(hire_dates: pd.Series, months: list[pd.Period]) -> np.ndarray:
    """reps x months: the share of full pace expected in each month (0 before the hire)."""
    hired = pd.to_datetime(hire_dates)
    hire_index = (hired.dt.year * 12 + hired.dt.month).to_numpy(float)[:, None]
    month_index = np.array([m.year * 12 + m.month for m in months], dtype=float)[None, :]
    k = month_index - hire_index + 1  # month of employment, 1 for the month of hire
    return np.clip((k - 0.5) / RAMP_MONTHS, 0.0, 1.0)


def season_weights(history: History, year: int) -> tuple[np.ndarray, int]:
    """Shares of a year per calendar month (12 numbers summing to 1) and the years used.

    The flat year is ``year``'s working days; with no whole year of history
    the weights are the flat year alone.
    """
    flat = flat_weights(year)
    per_fte = history.actual.sum(axis=0) / np.where(
        history.fte.sum(axis=0) > 0, history.fte.sum(axis=0), np.nan
    )
    calendar = np.array([m.month - 1 for m in history.months])
    shares = []
    for block in range(min(SEASON_YEARS, len(history.months) // 12)):
        cut = slice(len(calendar) - 12 * (block + 1), len(calendar) - 12 * block)
        values = per_fte[cut]
        if np.isnan(values).any() or values.sum() <= 0:
            continue
        share = np.zeros(12)
        share[calendar[cut]] = values / values.sum()
        shares.append(share)
    if not shares:
        return flat, 0
    used = len(shares)
    return (np.sum(shares, axis=0) + flat) / (used + 1), used


def _exposure(history: History, weights: np.ndarray) -> np.ndarray:
    calendar = np.array([m.month - 1 for m in history.months])
    return (
        history.fte
        * weights[calendar][None, :]
        * ramp_matrix(history.reps["hire_date"], history.months)
    )


def _ratio(num: np.ndarray, den: np.ndarray, minimum: float) -> np.ndarray:
    return np.where(den >= minimum, num / np.where(den > 0, den, 1.0), np.nan)


def paces(history: History, weights: np.ndarray) -> pd.DataFrame:
    """Per rep (rows as ``history.reps``): ``pace`` (a full-pace year), ``exposure``,
    ``prev_pace`` (the 12 months before), ``growth`` and ``trend``.

    ``pace`` is missing when the last 12 months' exposure is below
    :data:`MIN_EXPOSURE`; ``growth`` when the year before is too thin or 0.
    """
    exposure = _exposure(history, weights)
    n = len(history.months)
    last = slice(max(0, n - 12), n)
    prev = slice(max(0, n - 24), max(0, n - 12))
    x_last = exposure[:, last].sum(axis=1)
    pace = _ratio(history.actual[:, last].sum(axis=1), x_last, MIN_EXPOSURE)
    prev_pace = _ratio(
        history.actual[:, prev].sum(axis=1), exposure[:, prev].sum(axis=1), MIN_PREV_EXPOSURE
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = np.where(prev_pace > 0, pace / prev_pace - 1, np.nan)
    trend = 1 + np.clip(TREND_SHARE * growth, -TREND_CAP, TREND_CAP)
    return pd.DataFrame(
        {
            "rep_id": history.reps["rep_id"].to_numpy(),
            "pace": pace,
            "exposure": x_last,
            "prev_pace": prev_pace,
            "growth": growth,
            "trend": np.where(np.isnan(growth), 1.0, trend),
        }
    )


def growth_pool(history: History, weights: np.ndarray, length: int) -> pd.DataFrame:
    """Every stretch of ``length`` months with a year before it, per rep: how far the rep
    beat (or missed) that year's pace.

    ``growth = actual in the stretch / (previous 12 months' pace x the stretch's
    exposure) - 1``; stretches whose year before has under
    :data:`MIN_PREV_EXPOSURE` exposure, no sales, or whose own exposure is under
    half of the season's share are left out. Columns: ``rep_id``, ``team``,
    ``end`` (the stretch's last month), ``growth``.
    """
    n = len(history.months)
    columns = ["rep_id", "team", "end", "growth"]
    if n < 12 + length:
        return pd.DataFrame(columns=columns)
    exposure = _exposure(history, weights)
    calendar = np.array([m.month - 1 for m in history.months])
    zero = np.zeros((history.actual.shape[0], 1))
    cum_a = np.hstack([zero, history.actual.cumsum(axis=1)])
    cum_x = np.hstack([zero, exposure.cumsum(axis=1)])
    cum_w = np.concatenate([[0.0], weights[calendar].cumsum()])
    ends = np.arange(12 + length - 1, n)
    stop, start, before = ends + 1, ends + 1 - length, ends + 1 - length - 12
    win_a, win_x = cum_a[:, stop] - cum_a[:, start], cum_x[:, stop] - cum_x[:, start]
    prev_pace = _ratio(cum_a[:, start] - cum_a[:, before], cum_x[:, start] - cum_x[:, before],
                       MIN_PREV_EXPOSURE)  # fmt: skip
    possible = (cum_w[stop] - cum_w[start])[None, :]
    ok = (prev_pace > 0) & (win_x >= 0.5 * possible)
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = win_a / (prev_pace * win_x) - 1
    rows, cols = np.nonzero(ok)
    return pd.DataFrame(
        {
            "rep_id": history.reps["rep_id"].to_numpy()[rows],
            "team": history.reps["team"].to_numpy()[rows],
            "end": [str(history.months[e]) for e in ends[cols]],
            "growth": growth[rows, cols],
        },
        columns=columns,
    )
