"""SMART goals (practice 1 of the playbook): proposed targets, breakdown, checks, saving.

>>> from fieldsales.goals import GoalModel, GoalSet, target_period      # doctest: +SKIP
>>> model = GoalModel.load(ws, "revenue")                              # doctest: +SKIP
>>> goals = GoalSet(model, target_period("2027-Q1"), "East 3")        # doctest: +SKIP
>>> goals.table[["rep_name", "proposed", "why"]]                       # doctest: +SKIP
>>> goals.checks, goals.decomposition                                  # doctest: +SKIP

A proposal per rep comes from the rep's pace of the last 12 months and its
trend, the season's share of the period, the value of the rep's account book
against the team's, and a ramp for new hires (``docs/goals.md`` has the
formula and a worked example). Breakdowns add up exactly (largest remainder).
Importing this package does not import Ibis: :func:`load_history` and
:meth:`GoalModel.load` load the KPI layer when called.
"""

from ._calendar import (
    TargetPeriod,
    WeekPiece,
    complete_months,
    default_period,
    flat_weights,
    month_working_days,
    period_options,
    target_period,
    week_pieces,
    working_days,
)
from ._charts import MAX_HEIGHT, breakdown_chart, targets_chart
from ._decompose import LEVELS, decompose, decompose_targets
from ._goalset import GOALS_KIND, GoalSet, goal_key, targets_from_body, write_export
from ._history import (
    MIN_EXPOSURE,
    MIN_PREV_EXPOSURE,
    RAMP_MONTHS,
    SEASON_YEARS,
    TREND_CAP,
    TREND_SHARE,
    History,
    growth_pool,
    paces,
    ramp_matrix,
    season_weights,
)
from ._metrics import METRICS, GoalMetric, goal_metric
from ._model import GoalModel
from ._present import (
    breakdown_frame,
    chart_frame,
    check_summary,
    explain_frame,
    plan_frame,
    totals,
)
from ._propose import HISTORY_WEIGHT, TERRITORY_WEIGHT, propose, reference_window, why
from ._rounding import split_exactly, split_units, split_units_many, to_units
from ._smart import CHECKS, MIN_POOL, STATUSES, growth_bounds, smart_checks
from ._store import SavedGoals, load_goals, save_goals, saved_by_team
from ._territory import book_index, books, tier_values
from ._workspace import HISTORY_MONTHS, data_window, load_books, load_currency, load_history

__all__ = [
    # periods
    "TargetPeriod",
    "WeekPiece",
    "target_period",
    "default_period",
    "period_options",
    "complete_months",
    "working_days",
    "month_working_days",
    "week_pieces",
    "flat_weights",
    # metrics
    "GoalMetric",
    "METRICS",
    "goal_metric",
    # history
    "History",
    "ramp_matrix",
    "season_weights",
    "paces",
    "growth_pool",
    "RAMP_MONTHS",
    "MIN_EXPOSURE",
    "MIN_PREV_EXPOSURE",
    "TREND_SHARE",
    "TREND_CAP",
    "SEASON_YEARS",
    # territory
    "tier_values",
    "books",
    "book_index",
    # proposals
    "propose",
    "why",
    "reference_window",
    "HISTORY_WEIGHT",
    "TERRITORY_WEIGHT",
    # breakdown
    "decompose",
    "decompose_targets",
    "split_units",
    "split_units_many",
    "split_exactly",
    "to_units",
    "LEVELS",
    # charts
    "targets_chart",
    "breakdown_chart",
    "MAX_HEIGHT",
    # what the app shows
    "totals",
    "plan_frame",
    "explain_frame",
    "chart_frame",
    "breakdown_frame",
    "check_summary",
    # checks
    "smart_checks",
    "growth_bounds",
    "CHECKS",
    "STATUSES",
    "MIN_POOL",
    # workspace, model, goal sets
    "load_history",
    "load_books",
    "load_currency",
    "data_window",
    "HISTORY_MONTHS",
    "GoalModel",
    "GoalSet",
    "goal_key",
    "targets_from_body",
    "write_export",
    "GOALS_KIND",
    "SavedGoals",
    "load_goals",
    "saved_by_team",
    "save_goals",
]
