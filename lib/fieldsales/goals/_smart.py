"""SMART checks of targets: specific, measurable, achievable, relevant, time-bound.

Each check of each target gives a ``status`` (``ok``, ``warn``, ``fail`` or
``unknown``) and a sentence in plain words. *Achievable* compares the growth
a target asks over the rep's pace of the last 12 months with the growth reps
of the team really achieved over their previous year's pace, in stretches of
the same length (:func:`fieldsales.goals.growth_pool`): above the 90th
percentile is a stretch, below the 10th possibly too easy.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ._calendar import TargetPeriod
from ._metrics import GoalMetric

__all__ = [
    "CHECKS",
    "STATUSES",
    "MIN_POOL",
    "HIGH_PERCENTILE",
    "LOW_PERCENTILE",
    "growth_bounds",
    "smart_checks",
]

#: The checks, in SMART order, with their names.
CHECKS = {
    "specific": "Specific",
    "measurable": "Measurable",
    "achievable": "Achievable",
    "relevant": "Relevant",
    "time_bound": "Time-bound",
}
STATUSES = ("ok", "warn", "fail", "unknown")
#: Fewest growth observations a team needs to be judged against itself (else: the company).
MIN_POOL = 20
HIGH_PERCENTILE = 90
LOW_PERCENTILE = 10


def _bounds(values: np.ndarray, scope: str) -> dict | None:
    if len(values) < MIN_POOL:
        return None
    low, high = np.percentile(values, [LOW_PERCENTILE, HIGH_PERCENTILE])
    return {"low": float(low), "high": float(high), "n": len(values), "scope": scope}


def growth_bounds(pool: pd.DataFrame, team: str) -> dict:
    """The 10th and 90th percentiles of ``pool``'s growth for ``team``, or the company's.

    Returns ``{"low", "high", "n", "scope"}`` (``scope``: ``team``, ``company``
    or ``none`` when even the company has fewer than :data:`MIN_POOL`).
    """
    return _all_bounds(pool, [team])[team]


def _all_bounds(pool: pd.DataFrame, teams) -> dict[str, dict]:
    """:func:`growth_bounds` of each of ``teams``, grouping the pool once."""
    pool = pool[pool["growth"].notna()]
    values = pool["growth"].to_numpy(float)
    company = _bounds(values, "company") or {
        "low": np.nan, "high": np.nan, "n": len(values), "scope": "none"
    }  # fmt: skip
    by_team = {t: g.to_numpy(float) for t, g in pool.groupby("team")["growth"]}
    return {t: _bounds(by_team.get(t, values[:0]), "team") or company for t in teams}


def _day(day: pd.Timestamp) -> str:
    return f"{day.day} {day:%b %Y}"


def _fmt(value: float, metric: GoalMetric) -> str:
    return f"{value:,.2f}" if metric.decimals and value != round(value) else f"{value:,.0f}"


def _achievable(target: float, row: Mapping, bounds: dict, metric: GoalMetric) -> tuple[str, str]:
    expected = row["pace"] * row["season_share"] * row["ramp"]
    name = row["rep_name"]
    if not np.isfinite(target):
        return "unknown", "No target to judge."
    if not expected > 0:
        return "unknown", (f"Cannot judge: no {metric.noun} in {name}'s last 12 months or "
                           "the team's to compare with.")  # fmt: skip
    asks = target / expected - 1
    at_pace = f"{expected:,.0f}" if expected >= 10 else f"{expected:,.1f}"
    basis = {"own": f"{name}'s pace of the last 12 months ({at_pace} in this period, season "
             "and ramp counted)"}.get(
        row["pace_source"], f"the {row['pace_source']} pace ({at_pace} in this period), as "
        f"{name} has too little history of their own")  # fmt: skip
    text = f"Asks {asks:+.0%} over {basis}."
    if bounds["scope"] == "none":
        return "unknown", text + (f" Too little history (under {MIN_POOL} past stretches) to "
                                  "say what growth is usual.")  # fmt: skip
    who = "reps of the team" if bounds["scope"] == "team" else "reps of the company"
    if asks > bounds["high"]:
        return "warn", text + (
            f" A stretch: only 1 in 10 past stretches of {who} beat their previous year's pace "
            f"by more than {bounds['high']:+.0%}."
        )
    if asks < bounds["low"]:
        return "warn", text + (
            f" Possibly too easy (sandbagging?): 9 in 10 past stretches of {who} did better "
            f"than {bounds['low']:+.0%} against their previous year's pace."
        )
    return "ok", text + (
        f" Within what {who} usually did ({bounds['low']:+.0%} to {bounds['high']:+.0%})."
    )


def smart_checks(
    targets: pd.DataFrame,
    proposals: pd.DataFrame,
    pool: pd.DataFrame,
    period: TargetPeriod,
    metric: GoalMetric,
    data_end: pd.Timestamp,
    *,
    currency: str = "",
    registry: Mapping | None = None,
) -> pd.DataFrame:
    """Every SMART check of every target, in plain words.

    Parameters
    ----------
    targets : ``rep_id``, ``target`` (missing: no target), optionally ``team``
        (the team the target was set for).
    proposals : :func:`fieldsales.goals.propose` for the same period and metric
        (the reps employed now, their teams, paces, season and ramp).
    pool : :func:`fieldsales.goals.growth_pool` for the period's length.
    period, metric : what the targets are for.
    data_end : the data's last moment (a period already over is not time-bound).
    currency : shown with money targets.
    registry : KPI id -> KPI; default the registered KPIs of :mod:`fieldsales.kpis`.

    Returns
    -------
    DataFrame with ``rep_id``, ``rep_name``, ``check`` (keys of :data:`CHECKS`),
    ``status`` (``ok``, ``warn``, ``fail``, ``unknown``) and ``text``.
    """
    if registry is None:
        from ..kpis import REGISTRY as registry
    kpi = registry.get(metric.kpi)
    reps = {r["rep_id"]: r for r in proposals.to_dict("records")}
    end = pd.Timestamp(data_end)
    unit = f" {currency}" if metric.unit == "currency" and currency else ""
    rows = []
    bounds_of = _all_bounds(pool, set(proposals["team"]))
    for item in targets.to_dict("records"):
        rep_id, target = item["rep_id"], float(item.get("target", np.nan))
        known = rep_id in reps
        rep = reps.get(rep_id)
        name = rep["rep_name"] if known else str(item.get("rep_name", rep_id))

        def add(check: str, status: str, text: str, rep_id=rep_id, name=name) -> None:
            rows.append({"rep_id": rep_id, "rep_name": name, "check": check,
                         "status": status, "text": text})  # fmt: skip

        if np.isfinite(target):
            add("specific", "ok", f"One number for one rep and one metric: "
                f"{_fmt(target, metric)}{unit} of {metric.noun}.")  # fmt: skip
        else:
            add("specific", "fail", f"No target given for {name}.")
        if kpi is None:
            add(
                "measurable", "fail", f"{metric.kpi} is not a registered KPI: it cannot be counted."
            )
        elif np.isfinite(target) and target < 0:
            add("measurable", "fail", f"A target cannot be negative (got {_fmt(target, metric)}).")
        elif target == 0:
            add("measurable", "warn", f"A target of 0 measures nothing; counted by {kpi.id}.")
        else:
            add("measurable", "ok", f"Counted by the KPI {kpi.id} ({kpi.name_en}) every "
                "month, week or quarter, so progress can be tracked.")  # fmt: skip
        if not known:
            add("achievable", "unknown", f"{name} is not employed now: nothing to judge by.")
        else:
            add("achievable", *_achievable(target, rep, bounds_of[rep["team"]], metric))
        saved_team = item.get("team")
        if not known:
            add("relevant", "fail", f"{name} has left: the target no longer applies.")
        elif saved_team not in (None, "") and saved_team != rep["team"]:
            add("relevant", "fail", f"{name} is now in team {rep['team']}, not {saved_team}.")
        elif kpi is None:
            add("relevant", "fail", f"{metric.kpi} is not a KPI the team is measured on.")
        else:
            practices = ", ".join(str(p) for p in kpi.practices)
            add("relevant", "ok", f"Tied to the KPI {kpi.id}, which the scorecards use "
                f"(playbook practices {practices}), for a rep of team {rep['team']}.")  # fmt: skip
        span = f"{_day(period.start)} to {_day(period.last_day)}"
        if period.end <= end.normalize():
            add("time_bound", "fail", f"The period ({span}) is already over: choose a later one.")
        elif period.start <= end:
            add("time_bound", "ok", f"From {span}; already under way (data up to "
                f"{_day(end)}).")  # fmt: skip
        else:
            add("time_bound", "ok", f"From {span}.")
    return pd.DataFrame(rows, columns=["rep_id", "rep_name", "check", "status", "text"])
