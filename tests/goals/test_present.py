"""What the app shows, as frames: totals, plan, reasons, chart data, check summary."""

from __future__ import annotations

import pandas as pd
import pytest
from goals_helpers import make_history, rep

from fieldsales.goals import (
    GoalModel,
    GoalSet,
    breakdown_frame,
    chart_frame,
    check_summary,
    explain_frame,
    plan_frame,
    target_period,
    totals,
)


@pytest.fixture
def model() -> GoalModel:
    # 8 months Mar - Oct 2026 (flat season: less than a year), A 100 a month, B 50
    history = make_history([rep("A"), rep("B")], {"A": [100.0] * 8, "B": [50.0] * 8},
                           first="2026-03")  # fmt: skip
    return GoalModel(history)


def test_totals_by_hand(model):
    goals = GoalSet(model, target_period("2027-Q1"), "T", {"A": 500.0, "B": 250.0})
    figures = totals(goals)
    # targets 500 + 250 = 750 against the latest three months, 3 x 100 + 3 x 50 = 450:
    # 750 / 450 - 1 = +66.7 %
    assert figures["target"] == 750 and figures["reference"] == 450
    assert figures["change"] == pytest.approx(750 / 450 - 1)
    assert figures["reps"] == 2 and figures["flagged"] == 0
    assert figures["proposed"] == goals.table["proposed"].sum()
    negative = GoalSet(model, target_period("2027-Q1"), "T", {"A": -1.0})
    assert totals(negative)["flagged"] == 1  # a negative target fails Measurable


def test_the_plan_adds_up_by_rep_and_by_month(model):
    goals = GoalSet(model, target_period("2027-Q1"), "T", {"A": 500.0, "B": 250.0})
    plan = plan_frame(goals, "month")
    assert list(plan.columns) == ["rep", "2027-01", "2027-02", "2027-03"]
    assert list(plan["rep"]) == ["Rep A", "Rep B", "Team total"]
    assert plan.iloc[:, 1:].sum(axis=1).round(2).tolist() == [500.0, 250.0, 750.0]
    # January 2027 holds 21 of Q1's 64 working days (flat season): 500 x 21/64 = 164.0625
    # -> 164.06 for A
    assert plan.loc[0, "2027-01"] == pytest.approx(164.06)


def test_a_week_split_by_a_month_end_is_shown_twice_with_its_month(model):
    # 31 May 2027 is a Monday: ISO week 2027-W22 runs into June
    goals = GoalSet(model, target_period("2027-Q2"), "T", {"A": 1000.0, "B": 0.0})
    plan = plan_frame(goals, "week")
    assert "2027-W22 (2027-05)" in plan.columns and "2027-W22 (2027-06)" in plan.columns
    assert plan.iloc[0, 1:].sum() == pytest.approx(1000.0)


def test_reasons_chart_data_and_breakdown(model):
    goals = GoalSet(model, target_period("2027-Q1"), "T", {"A": 500.0, "B": 250.0})
    why = explain_frame(goals)
    assert why["trend"].tolist() == ["+0%", "+0%"] and why["book_index"].tolist() == ["–", "–"]
    assert why["from_territory"].isna().all()  # no account data: no territory part
    long = chart_frame(goals)
    assert set(long["series"]) == {"actual Aug 2026–Oct 2026", "proposed", "target"}
    target = long[long["series"] == "target"].set_index("who")["value"]
    assert target.to_dict() == {"Rep A": 500.0, "Rep B": 250.0}
    by_team = chart_frame(goals, "team")
    assert by_team[by_team["series"] == "target"]["value"].tolist() == [750.0]
    parts = breakdown_frame(goals)
    assert set(parts["level"]) == {"week"} and parts["target"].sum() == pytest.approx(750.0)
    assert parts["group"].iloc[0] == "2027-01" and parts["slice"].iloc[0] == "2026-W53"


def test_the_check_summary(model):
    goals = GoalSet(model, target_period("2027-Q1"), "T", {"A": -1.0})
    summary = {s["name"]: s for s in check_summary(goals.checks)}
    assert list(summary) == ["Specific", "Measurable", "Achievable", "Relevant", "Time-bound"]
    assert (summary["Measurable"]["passed"], summary["Measurable"]["total"]) == (1, 2)
    issues = summary["Measurable"]["issues"]
    assert isinstance(issues, pd.DataFrame) and issues["rep_name"].tolist() == ["Rep A"]
    assert summary["Time-bound"]["example"] == "From 1 Jan 2027 to 31 Mar 2027."
