"""Proposals: history, season, territory and ramp, worked by hand on a three-rep team."""

from __future__ import annotations

import pandas as pd
import pytest
from goals_helpers import FLAT, make_history, rep

from fieldsales.goals import propose, reference_window, target_period, why


@pytest.fixture
def history():
    # 12 months Nov 2025 - Oct 2026, flat season (1/12 a month) in the tests below.
    reps = [rep("A"), rep("B"), rep("C", hire="2026-09-10"), rep("L", exit="2026-06-30")]
    actual = {
        "A": [110.0] * 12,
        "B": [200.0] * 12,
        "C": [0.0] * 10 + [10.0, 30.0],
        "L": [50.0] * 8 + [0.0] * 4,
    }
    fte = {"C": [0.0] * 10 + [0.7, 1.0], "L": [1.0] * 8 + [0.0] * 4}
    return make_history(reps, actual, fte)


@pytest.fixture
def book() -> pd.DataFrame:
    return pd.DataFrame({"A": [1, 3, 2], "book": [100.0, 300.0, 200.0]}, index=["A", "B", "C"])


def test_proposals_by_hand(history, book):
    table = propose(history, target_period("2027-Q1"), book, weights=FLAT).set_index("rep_id")
    assert list(table.index) == ["A", "B", "C"]  # L has left: no target
    # paces: A 12 x 110 / 1 = 1320, B 2400; C has too little history (exposure 0.026):
    # the team median of the own paces, (1320 + 2400) / 2 = 1860. No year before: trend 1.
    assert table["pace"].to_dict() == pytest.approx({"A": 1320, "B": 2400, "C": 1860})
    assert table["pace_source"].to_dict() == {"A": "own", "B": "own", "C": "team median"}
    # team pace: (1320 + 2400 + 1860) / 3 = 1860; books 100, 300, 200 (mean 200) -> index
    # 0.5, 1.5, 1.0
    assert table["team_pace"].iloc[0] == pytest.approx(1860)
    assert table["book_index"].to_dict() == pytest.approx({"A": 0.5, "B": 1.5, "C": 1.0})
    # Q1 holds 3/12 = 0.25 of the year. C's ramp: January is month 5 (4.5/6 = 0.75),
    # February 0.9167, March 1 -> season x ramp = (0.75 + 0.9167 + 1) / 12 = 0.2222
    assert table["season_share"].iloc[0] == pytest.approx(0.25)
    assert table.loc["C", "ramp"] == pytest.approx((0.75 + 5.5 / 6 + 1) / 3)
    # A: history 1320 x 0.25 = 330; territory 1860 x 0.5 x 0.25 = 232.5;
    #    0.7 x 330 + 0.3 x 232.5 = 231 + 69.75 = 300.75 -> 301
    # B: history 600; territory 1860 x 1.5 x 0.25 = 697.5; 420 + 209.25 = 629.25 -> 629
    # C: history 1860 x 0.2222 = 413.33; territory 1860 x 1.0 x 0.2222 = 413.33 -> 413
    assert table["from_history"].to_dict() == pytest.approx({"A": 330, "B": 600, "C": 413.3333})
    assert table["from_territory"].to_dict() == pytest.approx(
        {"A": 232.5, "B": 697.5, "C": 413.3333}
    )
    assert table["proposed"].to_dict() == {"A": 301, "B": 629, "C": 413}
    # compared with Q1 2026 (in the history): A 3 x 110, B 3 x 200, C nothing
    assert table["reference"].to_dict() == {"A": 330, "B": 600, "C": 0}
    assert table.attrs["reference_label"] == "Q1 2026 (Jan–Mar)"
    assert table["accounts"].to_dict() == {"A": "1 A", "B": "3 A", "C": "2 A"}


def test_without_account_data_the_proposal_is_history_only(history):
    table = propose(history, target_period("2027-Q1"), None, weights=FLAT).set_index("rep_id")
    assert (table["territory_weight"] == 0).all() and table["book_index"].isna().all()
    # A: 1320 x 0.25 = 330; C: 1860 x 0.2222 = 413.33 -> 413
    assert table["proposed"].to_dict() == {"A": 330, "B": 600, "C": 413}


def test_a_team_without_history_takes_the_company_median():
    reps = [rep("A"), rep("N", team="New", hire="2026-10-01")]
    history = make_history(reps, {"A": [100.0] * 12, "N": [0.0] * 11 + [5.0]},
                           {"N": [0.0] * 11 + [1.0]})  # fmt: skip
    table = propose(history, target_period("2027-01"), None, weights=FLAT).set_index("rep_id")
    # N's team has no pace of its own: the company median (A's 1200) x 1/12 x ramp of
    # January (month 4: 3.5/6) = 1200 / 12 x 0.5833 = 58.33 -> 58
    assert table.loc["N", "pace_source"] == "company median"
    assert table.loc["N", "proposed"] == 58


def test_the_season_comes_from_the_history_by_default(history):
    table = propose(history, target_period("2027-Q1"))
    # one whole year of history, mixed with the flat year 2027
    assert table.attrs["season_years"] == 1
    assert len(table.attrs["weights"]) == 12 and sum(table.attrs["weights"]) == pytest.approx(1)


def test_the_reference_is_the_latest_months_when_last_year_is_missing(history):
    columns, label = reference_window(history, target_period("2027"))
    # 2026 is not all in the history (it ends in Oct 2026): the latest 12 months instead
    assert columns == list(range(12)) and label == "Nov 2025–Oct 2026"
    columns, label = reference_window(history, target_period("2026-12"))
    assert columns == [1] and label == "December 2025"


def test_why_tells_the_arithmetic(history, book):
    table = propose(history, target_period("2027-Q1"), book, weights=FLAT)
    text = why(table.iloc[0])
    assert text == (
        "pace 1,320 a year (own, last 12 months); team pace 1,860 × book 0.50 (1 A) = 930; "
        "70%/30% blend 1,203; × season 25.0% → 301"
    )
    ramped = why(table.iloc[2])
    assert "team median" in ramped and "× ramp 89% (new hire)" in ramped


def test_nothing_to_propose_without_reps():
    history = make_history([rep("A", exit="2026-05-31")], {"A": [1.0] * 12})
    table = propose(history, target_period("2027-Q1"), None, weights=FLAT)
    assert table.empty and "proposed" in table.columns
