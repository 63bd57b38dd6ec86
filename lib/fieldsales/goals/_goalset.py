"""A team's goal set: the targets, their proposals, SMART checks and breakdown; saved and exported.

A goal set is saved in the decisions store as document kind ``goals`` under
the key :func:`goal_key` (``2027-Q1/East 3/revenue``), its body built by
:meth:`GoalSet.body` (plain JSON: numbers, text, lists). Exports are one row
per rep (and a team total) with the breakdown as columns, written by
:func:`write_export` as CSV or XLSX whose cells never run as formulas.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import ConfigError
from ._calendar import TargetPeriod
from ._history import RAMP_MONTHS, TREND_CAP, TREND_SHARE
from ._model import GoalModel
from ._propose import HISTORY_WEIGHT, TERRITORY_WEIGHT, why
from ._smart import CHECKS

__all__ = ["GOALS_KIND", "GOALS_FORMAT", "GoalSet", "goal_key", "targets_from_body", "write_export"]

#: Document kind of goal sets in the decisions store.
GOALS_KIND = "goals"
#: ``format`` of a saved body, and its version.
GOALS_FORMAT = ("fieldsales.goals", 1)
ALL_TEAMS = "all-teams"
KEPT_NOTE = "not among the team's reps now (left or moved): kept from the version before"
_TARGET_FIELDS = [
    "rep_id", "rep_name", "team", "target", "proposed", "edited", "reference", "pace",
    "pace_source", "trend", "season_share", "ramp", "book_index", "accounts", "from_history",
    "from_territory", "why",
]  # fmt: skip


def goal_key(period: str, team: str, metric: str) -> str:
    """``2027-Q1/East 3/revenue`` (``all-teams`` when ``team`` is empty)."""
    return f"{period}/{team or ALL_TEAMS}/{metric}"


def _json(value):
    """A JSON-safe scalar: NaN/inf -> None, numpy numbers -> Python numbers."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: _json(v) for k, v in row.items()} for row in frame.to_dict("records")]


@dataclass
class GoalSet:
    """Targets of the reps of ``team`` (empty: every team) for ``period``.

    ``targets`` maps ``rep_id`` to the manager's target; reps not in it get
    their proposal. Only reps employed now (in the proposals) are included.
    """

    model: GoalModel
    period: TargetPeriod
    team: str = ""
    targets: Mapping[str, float] | None = None

    @cached_property
    def table(self) -> pd.DataFrame:
        """Per rep: the proposal's components, ``target`` and ``edited``."""
        rows = self.model.proposals(self.period)
        if self.team:
            rows = rows[rows["team"] == self.team]
        rows = rows.copy()
        given = pd.Series(dict(self.targets or {}), dtype=float)
        rows["target"] = rows["rep_id"].map(given).fillna(rows["proposed"])
        decimals = self.model.metric.decimals
        rows["target"] = rows["target"].round(decimals)
        rows["edited"] = (rows["target"] - rows["proposed"]).abs() > 10 ** (-decimals) / 2
        return rows.reset_index(drop=True)

    @cached_property
    def kept(self) -> pd.DataFrame:
        """Targets given for reps not in :attr:`table` (they left, or moved to another
        team): ``rep_id`` and ``target``. Not in the totals or the checks, but saved
        with the set, so that saving it again does not drop them."""
        shown = set(self.table["rep_id"])
        rows = [(str(r), float(t)) for r, t in (self.targets or {}).items() if r not in shown]
        return pd.DataFrame(rows, columns=["rep_id", "target"])

    @cached_property
    def reasons(self) -> pd.Series:
        """Per rep (aligned with :attr:`table`): the proposal in words (:func:`why`)."""
        unit = self.model.metric.unit
        return pd.Series([why(r, unit) for r in self.table.to_dict("records")], dtype=object)

    @cached_property
    def checks(self) -> pd.DataFrame:
        """:func:`fieldsales.goals.smart_checks` of the targets."""
        return self.model.checks(self.table[["rep_id", "target", "team"]], self.period)

    @cached_property
    def decomposition(self) -> pd.DataFrame:
        """Each target per quarter, month and week piece (long: one row per rep and slice)."""
        targets = self.table.set_index("rep_id")["target"]
        return self.model.decomposition(targets, self.period)

    def status(self) -> pd.DataFrame:
        """One row per rep, one column per check: its status (``ok``, ``warn``...)."""
        wide = self.checks.pivot(index="rep_id", columns="check", values="status")
        return wide.reindex(index=self.table["rep_id"], columns=list(CHECKS))

    def body(self) -> dict:
        """The JSON body saved in the decisions store."""
        metric, period = self.model.metric, self.period
        weights, years = self.model.season(period)
        table = self.table
        return {
            "format": GOALS_FORMAT[0],
            "format_version": GOALS_FORMAT[1],
            "period": period.label,
            "period_title": period.title,
            "start": period.start.date().isoformat(),
            "last": period.last_day.date().isoformat(),
            "team": self.team,
            "metric": metric.id,
            "kpi": metric.kpi,
            "unit": metric.unit,
            "currency": self.model.currency,
            "data_end": self.model.data_end.isoformat(),
            "reference_label": table.attrs.get("reference_label", ""),
            "method": {
                "history_weight": HISTORY_WEIGHT,
                "territory_weight": TERRITORY_WEIGHT,
                "trend_share": TREND_SHARE,
                "trend_cap": TREND_CAP,
                "ramp_months": RAMP_MONTHS,
                "season_weights": [round(float(w), 6) for w in weights],
                "season_years": years,
            },
            "targets": _records(table.assign(why=self.reasons)[_TARGET_FIELDS]),
            "kept": _records(self.kept.assign(note=KEPT_NOTE)),
            "checks": _records(self.checks[["rep_id", "check", "status", "text"]]),
            "decomposition": _records(self.decomposition),
        }

    def export_frame(self) -> pd.DataFrame:
        """One row per rep and a team total: target, proposal, reasons, checks, breakdown."""
        metric, table = self.model.metric, self.table
        label = table.attrs.get("reference_label", "reference")
        notes = (
            self.checks[self.checks["status"] != "ok"]
            .assign(note=lambda f: f["check"].map(CHECKS) + ": " + f["text"])
            .groupby("rep_id")["note"]
            .agg(" | ".join)
        )
        out = pd.DataFrame(
            {
                "team": table["team"],
                "rep_id": table["rep_id"],
                "rep": table["rep_name"],
                "metric": metric.id,
                "kpi": metric.kpi,
                "period": self.period.label,
                "target": table["target"],
                "proposed": table["proposed"],
                f"actual {label}": table["reference"],
                "from history": table["from_history"].round(metric.decimals),
                "from territory": table["from_territory"].round(metric.decimals),
                "why": self.reasons,
                "SMART checks": table["rep_id"].map(notes).fillna("all checks passed"),
            }
        )
        parts = self.decomposition[self.decomposition["level"] != "period"]
        if len(parts):
            weeks = parts["level"] == "week"
            parts = parts.assign(
                column=np.where(weeks, parts["parent"] + " " + parts["slice"], parts["slice"])
            )
            wide = parts.pivot(index="rep_id", columns="column", values="target")
            wide = wide[list(dict.fromkeys(parts["column"]))]
            out = out.join(wide, on="rep_id")
        total = {c: out[c].sum() for c in out.columns if pd.api.types.is_numeric_dtype(out[c])}
        total.update(team=self.team or "all teams", rep="Total", metric=metric.id,
                     kpi=metric.kpi, period=self.period.label)  # fmt: skip
        out = pd.concat([out, pd.DataFrame([total])], ignore_index=True)
        for column in out.columns:
            if pd.api.types.is_float_dtype(out[column]):
                out[column] = out[column].round(metric.decimals)
        return out


def targets_from_body(body: Mapping) -> dict[str, float]:
    """``rep_id`` -> target of a saved goal set body, those kept for reps no longer in
    the team (:attr:`GoalSet.kept`) included."""
    out = {}
    for item in [*body.get("kept", []), *body.get("targets", [])]:
        if item.get("target") is not None:
            out[str(item["rep_id"])] = float(item["target"])
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "team"


def write_export(goals: GoalSet, folder: str | Path, fmt: str = "csv") -> Path:
    """Write ``goals.export_frame()`` to ``folder/goals-PERIOD-TEAM-METRIC.csv`` (or .xlsx)."""
    from ..safe_csv import write_csv, write_xlsx

    if fmt not in ("csv", "xlsx"):
        raise ConfigError(f"export format {fmt!r}: use csv or xlsx")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"goals-{goals.period.label}-{_slug(goals.team or ALL_TEAMS)}-{goals.model.metric.id}"
    frame = goals.export_frame()
    if fmt == "csv":
        return write_csv(frame, folder / f"{name}.csv")
    return write_xlsx(frame, folder / f"{name}.xlsx", sheet="goals")
