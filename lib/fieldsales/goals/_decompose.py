"""Break a target down: year -> quarters -> months -> weeks, adding up exactly at every level.

Quarters and months get the season's weights (:func:`fieldsales.goals.season_weights`);
weeks get the working days they hold in the month (an ISO week that crosses
a month boundary is split, each piece in its own month). Every split uses
the largest-remainder method (:func:`fieldsales.goals.split_units`), so the
quarters add up to the year, the months to their quarter and the weeks to
their month, to the cent (or to the unit for counts). Many targets are split
at once (:func:`decompose_targets`): the slices are the same for every rep.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from ._calendar import TargetPeriod, WeekPiece, week_pieces
from ._rounding import split_units_many, to_units

__all__ = ["decompose", "decompose_targets", "LEVELS"]

LEVELS = ("period", "quarter", "month", "week")
_COLUMNS = ["level", "slice", "parent", "start", "last", "target"]


@lru_cache(maxsize=128)
def _pieces(month: str) -> tuple[WeekPiece, ...]:
    return tuple(week_pieces(pd.Period(month, freq="M")))


def _slices(units: np.ndarray, period: TargetPeriod, weights: Sequence[float]) -> list[tuple]:
    """``(level, slice, parent, start, last, units per target)`` in the order shown."""
    rows = [("period", period.label, "", period.start.date(), period.last_day.date(), units)]
    months = period.months
    if period.grain == "year":
        quarters = [months[i : i + 3] for i in range(0, 12, 3)]
        split = split_units_many(units, [sum(weights[m.month - 1] for m in q) for q in quarters])
        groups = []
        for k, q in enumerate(quarters):
            label = f"{q[0].year}-Q{(q[0].month - 1) // 3 + 1}"
            rows.append(("quarter", label, "", q[0].start_time.date(), q[-1].end_time.date(),
                         split[:, k]))  # fmt: skip
            groups.append((label, q, split[:, k]))
    else:
        groups = [(period.label, months, units)]
    for parent, group, total in groups:
        split = split_units_many(total, [weights[m.month - 1] for m in group])
        for k, month in enumerate(group):
            label = f"{month}"
            if period.grain != "month":
                rows.append(("month", label, parent, month.start_time.date(),
                             month.end_time.date(), split[:, k]))  # fmt: skip
            pieces = _pieces(label)
            weeks = split_units_many(split[:, k], [p.working_days for p in pieces])
            rows += [("week", p.week, label, p.start, p.last, weeks[:, i])
                     for i, p in enumerate(pieces)]  # fmt: skip
    return rows


def decompose_targets(
    targets: pd.Series, period: TargetPeriod, weights: Sequence[float], decimals: int = 2
) -> pd.DataFrame:
    """Each target of ``targets`` (``rep_id`` -> target) per quarter (years only), month and
    week piece; reps without a target, or with a negative or infinite one (the
    SMART checks report it), are left out.

    Parameters
    ----------
    targets : the targets, indexed by rep id (each rounded to ``decimals`` places first).
    period : a year, quarter or month.
    weights : twelve season weights, January first.
    decimals : 2 for money (cents), 0 for counts.

    Returns
    -------
    DataFrame with ``rep_id``, ``level`` (``period``, ``quarter``, ``month``,
    ``week``), ``slice`` (``2027``, ``2027-Q1``, ``2027-01``, ``2027-W05``),
    ``parent`` (the quarter or period of a month, the month of a week piece),
    ``start`` and ``last`` (days, inclusive) and ``target``; one block of rows
    per rep, in the order of ``targets``.
    """
    values = pd.to_numeric(targets, errors="coerce").astype("float64")
    given = values[np.isfinite(values) & (values >= 0)]
    units = np.array([to_units(float(t), decimals) for t in given], dtype=np.int64)
    if not len(units):
        return pd.DataFrame(columns=["rep_id", *_COLUMNS])
    rows = _slices(units, period, weights)
    values = np.column_stack([row[-1] for row in rows])  # reps x slices
    n, b = values.shape
    frame = pd.DataFrame({"rep_id": np.repeat(given.index.to_numpy(), b)})
    for i, name in enumerate(_COLUMNS[:-1]):
        frame[name] = np.tile(np.array([row[i] for row in rows], dtype=object), n)
    frame["target"] = (values.reshape(-1) / 10**decimals).round(decimals)
    return frame


def decompose(
    target: float, period: TargetPeriod, weights: Sequence[float], decimals: int = 2
) -> pd.DataFrame:
    """One target per quarter (years only), month and week piece: see :func:`decompose_targets`.

    Returns the same columns without ``rep_id``; the first row is the period itself.
    """
    frame = decompose_targets(pd.Series({"": float(target)}), period, weights, decimals)
    return frame.drop(columns="rep_id").reset_index(drop=True)
