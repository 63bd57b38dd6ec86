"""SMART checks: each check's verdict and its plain-words reason, on hand-made figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fieldsales.goals import CHECKS, goal_metric, smart_checks, target_period

END = pd.Timestamp("2026-10-31 18:00")


@pytest.fixture
def proposals() -> pd.DataFrame:
    # pace 1200 a year, a quarter holds 0.25 of it: 300 expected at the rep's pace
    return pd.DataFrame(
        {
            "rep_id": ["A", "N"],
            "rep_name": ["Ann <b>", "Ned"],
            "team": ["T", "T"],
            "pace": [1200.0, 0.0],
            "pace_source": ["own", "none"],
            "season_share": [0.25, 0.25],
            "ramp": [1.0, 1.0],
        }
    )


@pytest.fixture
def pool() -> pd.DataFrame:
    # 25 past stretches of team T: growth 0 %..24 % -> 10th percentile +2.4 %, 90th +21.6 %
    return pd.DataFrame({"rep_id": "A", "team": "T", "growth": np.arange(25) / 100})


def run(targets, proposals, pool, period="2027-Q1", **kw) -> pd.DataFrame:
    frame = pd.DataFrame(targets)
    checks = smart_checks(frame, proposals, pool, target_period(period), goal_metric("revenue"),
                          END, currency="USD", **kw)  # fmt: skip
    return checks.set_index(["rep_id", "check"])


def test_a_reasonable_target_passes_everything(proposals, pool):
    checks = run({"rep_id": ["A"], "target": [330.0]}, proposals, pool)
    assert list(checks.loc["A"].index) == list(CHECKS)
    assert set(checks["status"]) == {"ok"}
    # 330 / 300 - 1 = +10 %, between +2 % and +22 %
    text = checks.loc[("A", "achievable"), "text"]
    assert text.startswith("Asks +10% over Ann <b>'s pace of the last 12 months (300 in this")
    assert "Within what reps of the team usually did (+2% to +22%)." in text
    assert checks.loc[("A", "specific"), "text"] == (
        "One number for one rep and one metric: 330 USD of revenue won."
    )
    assert "revenue_won" in checks.loc[("A", "measurable"), "text"]
    assert "practices 5, 6, 7" in checks.loc[("A", "relevant"), "text"]
    assert checks.loc[("A", "time_bound"), "text"] == "From 1 Jan 2027 to 31 Mar 2027."


def test_a_stretch_and_a_possibly_too_easy_target(proposals, pool):
    # 400 / 300 - 1 = +33 % > +21.6 %: a stretch; 300 / 300 - 1 = 0 % < +2.4 %: too easy?
    stretch = run({"rep_id": ["A"], "target": [400.0]}, proposals, pool)
    assert stretch.loc[("A", "achievable"), "status"] == "warn"
    assert "Asks +33%" in stretch.loc[("A", "achievable"), "text"]
    assert "A stretch: only 1 in 10 past stretches of reps of the team beat their previous " \
           "year's pace by more than +22%." in stretch.loc[("A", "achievable"), "text"]  # fmt: skip
    easy = run({"rep_id": ["A"], "target": [300.0]}, proposals, pool)
    assert easy.loc[("A", "achievable"), "status"] == "warn"
    assert "Possibly too easy (sandbagging?)" in easy.loc[("A", "achievable"), "text"]


def test_missing_negative_and_zero_targets(proposals, pool):
    checks = run({"rep_id": ["A", "A", "A"], "target": [np.nan, -5.0, 0.0]}, proposals, pool)
    rows = checks.reset_index()
    specific = rows[rows["check"] == "specific"]["status"].tolist()
    measurable = rows[rows["check"] == "measurable"]["status"].tolist()
    assert specific == ["fail", "ok", "ok"]
    assert measurable[1:] == ["fail", "warn"]
    assert rows[rows["check"] == "achievable"]["status"].iloc[0] == "unknown"


def test_no_history_cannot_be_judged(proposals, pool):
    checks = run({"rep_id": ["N"], "target": [100.0]}, proposals, pool)
    assert checks.loc[("N", "achievable"), "status"] == "unknown"
    assert "Cannot judge: no revenue won" in checks.loc[("N", "achievable"), "text"]


def test_a_thin_pool_falls_back_to_the_company_then_to_unknown(proposals, pool):
    other = pool.assign(team="U")  # team T has no stretch of its own; the company has 25
    checks = run({"rep_id": ["A"], "target": [330.0]}, proposals, other)
    assert "reps of the company" in checks.loc[("A", "achievable"), "text"]
    thin = run({"rep_id": ["A"], "target": [330.0]}, proposals, pool.head(5))
    assert thin.loc[("A", "achievable"), "status"] == "unknown"
    assert "Too little history" in thin.loc[("A", "achievable"), "text"]


def test_a_rep_who_left_or_moved_is_not_relevant(proposals, pool):
    checks = run({"rep_id": ["X", "A"], "target": [10.0, 330.0], "team": ["T", "Old"],
                  "rep_name": ["Xi", "Ann"]}, proposals, pool)  # fmt: skip
    assert checks.loc[("X", "relevant"), "status"] == "fail"
    assert checks.loc[("X", "relevant"), "text"] == "Xi has left: the target no longer applies."
    assert checks.loc[("A", "relevant"), "text"] == "Ann <b> is now in team T, not Old."


def test_time_bound_needs_a_period_still_to_come(proposals, pool):
    over = run({"rep_id": ["A"], "target": [100.0]}, proposals, pool, period="2026-09")
    assert over.loc[("A", "time_bound"), "status"] == "fail"
    assert "is already over" in over.loc[("A", "time_bound"), "text"]
    running = run({"rep_id": ["A"], "target": [100.0]}, proposals, pool, period="2026-Q4")
    assert running.loc[("A", "time_bound"), "status"] == "ok"
    assert "already under way (data up to 31 Oct 2026)" in running.loc[("A", "time_bound"), "text"]


def test_an_unregistered_kpi_is_neither_measurable_nor_relevant(proposals, pool):
    checks = run({"rep_id": ["A"], "target": [330.0]}, proposals, pool, registry={})
    assert checks.loc[("A", "measurable"), "status"] == "fail"
    assert checks.loc[("A", "relevant"), "status"] == "fail"
