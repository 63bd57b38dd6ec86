"""Builders of small, hand-checkable goal-setting inputs (imported by name: no package)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from fieldsales.goals import History, goal_metric

#: Season weights that make hand arithmetic easy: every month 1/12 of a year.
FLAT = np.full(12, 1 / 12)


def rep(rep_id: str, team: str = "T", hire: str = "2020-01-01", exit: str | None = None) -> dict:
    return {
        "rep_id": rep_id,
        "name": f"Rep {rep_id}",
        "team": team,
        "hire_date": pd.Timestamp(hire),
        "exit_date": pd.Timestamp(exit) if exit else pd.NaT,
        "role": "field_rep",
    }


def make_history(
    reps: list[dict],
    actual: dict[str, list[float]],
    fte: dict[str, list[float]] | None = None,
    *,
    first: str = "2025-11",
    metric: str = "revenue",
    data_end: str | None = None,
) -> History:
    """A History over ``len(actual[...])`` months from ``first``; FTE 1 unless given."""
    n = len(next(iter(actual.values())))
    months = list(pd.period_range(first, periods=n, freq="M"))
    kpi = goal_metric(metric).kpi
    rows = []
    for rep_id, values in actual.items():
        shares = (fte or {}).get(rep_id, [1.0] * n)
        for month, value, share in zip(months, values, shares, strict=True):
            rows.append(
                {"rep_id": rep_id, "period_start": month.start_time, kpi: value, "rep_fte": share}
            )
    end = pd.Timestamp(data_end) if data_end else months[-1].end_time.normalize()
    return History.from_frames(
        pd.DataFrame(rows), pd.DataFrame(reps), goal_metric(metric), months, end
    )
