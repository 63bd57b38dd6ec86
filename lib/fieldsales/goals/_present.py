"""What a goal set shows a manager, as small frames: totals, plan, reasons, chart data, checks.

The goal-setting app renders these (escaping every CRM string); they are
plain pandas, so they are tested without widgets.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._decompose import decompose
from ._goalset import GoalSet
from ._smart import CHECKS

__all__ = [
    "totals",
    "plan_frame",
    "explain_frame",
    "chart_frame",
    "breakdown_frame",
    "check_summary",
]


def totals(goals: GoalSet) -> dict:
    """``reps``, ``proposed``, ``target``, ``reference`` (sums), ``change`` (target over
    reference - 1, NaN without a reference), ``flagged`` (reps with a warn or fail check)."""
    t = goals.table
    reference, target = float(t["reference"].sum()), float(t["target"].sum())
    status = goals.status()
    return {
        "reps": len(t),
        "proposed": float(t["proposed"].sum()),
        "target": target,
        "reference": reference,
        "change": target / reference - 1 if reference > 0 else np.nan,
        "flagged": int(status.isin(["warn", "fail"]).any(axis=1).sum()),
    }


def plan_frame(goals: GoalSet, level: str) -> pd.DataFrame:
    """Targets per ``level`` slice (``quarter``, ``month`` or ``week``) as columns, one row
    per rep (column ``rep``) and a last row ``Team total``."""
    parts = goals.decomposition
    parts = parts[parts["level"] == level]
    if level == "week":
        parts = parts.assign(
            slice=parts["slice"]
            + np.where(
                parts.duplicated(["rep_id", "slice"], keep=False), " (" + parts["parent"] + ")", ""
            )
        )
    columns = list(dict.fromkeys(parts["slice"]))
    wide = parts.pivot(index="rep_id", columns="slice", values="target")
    wide = wide.reindex(index=goals.table["rep_id"], columns=columns)
    wide.loc["total"] = wide.sum()
    names = [*goals.table["rep_name"], "Team total"]
    return (
        wide.reset_index(drop=True).rename_axis(None, axis=1).assign(rep=names)[["rep", *columns]]
    )


def explain_frame(goals: GoalSet) -> pd.DataFrame:
    """The components of each proposal, ready to show: trend as a change (``+6%``),
    book index as ``1.30`` (``–`` without account data)."""
    t = goals.table
    return pd.DataFrame(
        {
            "rep_name": t["rep_name"],
            "pace": t["pace"],
            "pace_source": t["pace_source"],
            "trend": (t["trend"] - 1).map(lambda v: f"{v:+.0%}"),
            "accounts": t["accounts"],
            "book_index": t["book_index"].map(lambda v: "–" if pd.isna(v) else f"{v:.2f}"),
            "season_share": t["season_share"],
            "ramp": t["ramp"],
            "from_history": t["from_history"],
            "from_territory": t["from_territory"].where(t["territory_weight"] > 0),
            "proposed": t["proposed"],
        }
    )


def chart_frame(goals: GoalSet, by: str = "rep") -> pd.DataFrame:
    """Long frame for :func:`targets_chart`: ``who`` (rep name, or team when
    ``by="team"``), ``series`` (actual of the reference, proposed, target), ``value``."""
    t = goals.table
    column = "rep_name" if by == "rep" else "team"
    sums = t.groupby(column, sort=by == "team")[["reference", "proposed", "target"]].sum()
    actual = f"actual {t.attrs.get('reference_label', '')}".strip()
    sums = sums.rename(columns={"reference": actual})
    return (
        sums.reset_index()
        .melt(id_vars=column, var_name="series", value_name="value")
        .rename(columns={column: "who"})
    )


def breakdown_frame(goals: GoalSet) -> pd.DataFrame:
    """The total target by month (a year) or by week piece (a quarter or month), for
    :func:`breakdown_chart`: ``slice``, ``group`` (its quarter or month), ``target``,
    ``level``; the total is split as one target, so the bars add up to it exactly."""
    weights, _ = goals.model.season(goals.period)
    total = float(goals.table["target"].sum())
    parts = decompose(total, goals.period, weights, goals.model.metric.decimals)
    level = "month" if goals.period.grain == "year" else "week"
    parts = parts[parts["level"] == level].rename(columns={"parent": "group"})
    return parts[["slice", "group", "target", "level"]].reset_index(drop=True)


def check_summary(checks: pd.DataFrame) -> list[dict]:
    """Per check (SMART order): ``name``, ``passed``, ``total``, ``example`` (a passing
    sentence) and ``issues`` (rows not ``ok``: ``rep_name``, ``status``, ``text``)."""
    out = []
    for check, name in CHECKS.items():
        rows = checks[checks["check"] == check]
        issues = rows[rows["status"] != "ok"][["rep_name", "status", "text"]]
        passing = rows.loc[rows["status"] == "ok", "text"]
        out.append(
            {
                "name": name,
                "passed": len(rows) - len(issues),
                "total": len(rows),
                "example": passing.iloc[0] if len(passing) else "",
                "issues": issues,
            }
        )
    return out
