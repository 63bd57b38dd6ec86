"""A rep's scorecard: every KPI with its target, change and place in the team."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..exceptions import ConfigError
from ..workspace import Workspace
from ._compute import compute
from ._periods import buckets_for
from ._registry import REGISTRY

__all__ = ["scorecard", "scorecard_rows", "grain_of"]

# KPI -> (target KPI, or a fixed target)
TARGETS = {
    "revenue_won": "revenue_target",
    "customer_visits": "visits_target",
    "quota_attainment": 1.0,
    "pipeline_coverage": 3.0,  # the common rule of thumb: three times the quota in pipeline
}


def grain_of(period: str) -> str:
    """The grain a single period names: 2026 year, 2026-Q3 quarter, 2026-10 month, 2026-W41 week."""
    for pattern, grain in ((r"\d{4}", "year"), (r"\d{4}-Q[1-4]", "quarter"),
                           (r"\d{4}-\d{2}", "month"), (r"\d{4}-W\d{2}", "week")):  # fmt: skip
        if re.fullmatch(pattern, period.strip(), re.IGNORECASE):
            return grain
    raise ConfigError(
        f"a scorecard is for one period such as 2026-10, 2026-Q3, 2026 or 2026-W41; got {period!r}"
    )


def scorecard(ws: Workspace, rep_id: str, period: str) -> pd.DataFrame:
    """Each public KPI for one rep and period: value, target, previous, change, team percentile.

    ``team_percentile`` is the share of the rep's teammates (in the same
    period) the rep does at least as well as, with "well" following the KPI's
    direction; it is missing for neutral KPIs and teams of one.
    """
    grain = grain_of(period)
    current = buckets_for(period, grain)
    previous = current.previous()
    frame = compute(ws, grain=grain, period=f"{previous.labels[0]}..{current.labels[-1]}")
    reps = ws.frame("reps", columns=["rep_id", "team"]).set_index("rep_id")["team"]
    if rep_id not in reps.index:
        raise ConfigError(f"no rep {rep_id!r} in the workspace {ws.path}")
    label = current.labels[0]
    now = frame[frame["period"] == label].set_index("rep_id")
    before = frame[frame["period"] == previous.labels[0]].set_index("rep_id")
    if rep_id not in now.index:
        raise ConfigError(f"rep {rep_id} has no data and was not employed in {label}")
    team = now[now.index.map(reps) == reps[rep_id]]
    out = scorecard_rows(now, before, rep_id, team)
    out.attrs.update(rep_id=rep_id, period=label, team=reps[rep_id], team_size=len(team))
    return out


def scorecard_rows(
    now: pd.DataFrame, before: pd.DataFrame, rep_id: str, team: pd.DataFrame
) -> pd.DataFrame:
    """One row per KPI of ``now`` (KPI frame of the period, indexed by rep_id) for ``rep_id``.

    ``before`` is the previous period's frame, ``team`` the rows of ``now`` for
    the rep's team (the rep included). Shared by :func:`scorecard` and the reports.
    """
    rows = []
    for kpi_id in [k for k in now.columns if k in REGISTRY]:
        kpi = REGISTRY[kpi_id]
        value = now.at[rep_id, kpi_id]
        prev = before.at[rep_id, kpi_id] if rep_id in before.index else np.nan
        target = TARGETS.get(kpi_id)
        if isinstance(target, str):
            target = now.at[rep_id, target] if target in now.columns else np.nan
        rows.append({
            "kpi": kpi_id, "name": kpi.name_en, "name_zh": kpi.name_zh, "unit": kpi.unit,
            "direction": kpi.direction, "value": value, "target": target, "previous": prev,
            "change": value - prev,
            "team_median": team[kpi_id].median() if len(team) else np.nan,
            "team_percentile": _percentile(team[kpi_id], value, kpi.direction),
            "practices": ", ".join(map(str, kpi.practices)),
        })  # fmt: skip
    return pd.DataFrame(rows)


def _percentile(values: pd.Series, value: float, direction: str) -> float:
    others = values.dropna()
    if direction == "neutral" or len(others) < 2 or pd.isna(value):
        return np.nan
    at_least = (others <= value) if direction == "higher" else (others >= value)
    return float(at_least.mean())
