"""Ramp, season, pace, trend and the growth pool, worked by hand on small histories."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from goals_helpers import FLAT, make_history, rep

from fieldsales.goals import growth_bounds, growth_pool, paces, ramp_matrix, season_weights


def test_ramp_counts_the_month_of_employment_at_its_middle():
    months = list(pd.period_range("2026-08", "2027-04", freq="M"))
    ramp = ramp_matrix(pd.Series([pd.Timestamp("2026-09-10")]), months)[0]
    # August: before the hire, 0. September is month 1: (1 - 0.5) / 6 = 0.0833; then
    # 1.5/6 = 0.25, 2.5/6 = 0.4167, 3.5/6 = 0.5833, 4.5/6 = 0.75, 5.5/6 = 0.9167, then 1.
    expected = [0, 0.5 / 6, 1.5 / 6, 2.5 / 6, 3.5 / 6, 4.5 / 6, 5.5 / 6, 1, 1]
    assert ramp == pytest.approx(expected)


def test_season_from_whole_years_with_a_flat_year_mixed_in():
    # 24 months Jan 2025 - Dec 2026, one rep, 100 a month and 200 every December: in each
    # 12-month block December holds 200/1300 = 0.153846, every other month 100/1300.
    actual = ([100.0] * 11 + [200.0]) * 2
    history = make_history([rep("A")], {"A": actual}, first="2025-01")
    weights, years = season_weights(history, 2027)
    assert years == 2
    # the flat year 2027: January 21 of 261 working days, December 23 of 261.
    # January: (2 x 100/1300 + 21/261) / 3 = (0.153846 + 0.080460) / 3 = 0.078102
    # December: (2 x 200/1300 + 23/261) / 3 = (0.307692 + 0.088123) / 3 = 0.131938
    assert weights[0] == pytest.approx(0.078102, abs=1e-6)
    assert weights[11] == pytest.approx(0.131938, abs=1e-6)
    assert weights.sum() == pytest.approx(1.0)


def test_less_than_a_year_gives_the_flat_season():
    history = make_history([rep("A")], {"A": [100.0] * 8}, first="2026-03")
    weights, years = season_weights(history, 2027)
    assert years == 0 and weights[1] == pytest.approx(20 / 261)  # February 2027: 20 days


def test_a_year_without_sales_is_left_out_of_the_season():
    # the older block has no sales: only the newer one counts (1 year + the flat one)
    history = make_history([rep("A")], {"A": [0.0] * 12 + [100.0] * 12}, first="2025-01")
    weights, years = season_weights(history, 2027)
    assert years == 1
    assert weights[0] == pytest.approx((1 / 12 + 21 / 261) / 2)


def test_pace_trend_and_their_limits():
    reps = [rep("A"), rep("B"), rep("C", hire="2026-09-10"), rep("D")]
    actual = {
        "A": [100.0] * 12 + [120.0] * 12,  # +20 % year on year
        "B": [50.0] * 12 + [120.0] * 12,  # +140 %: trend capped
        "C": [0.0] * 22 + [10.0, 30.0],  # hired in the last two months
        "D": [60.0] * 24,  # half time
    }
    fte = {"C": [0.0] * 22 + [0.7, 1.0], "D": [0.5] * 24}
    table = paces(make_history(reps, actual, fte, first="2024-11"), FLAT).set_index("rep_id")
    # A: last 12 months 12 x 120 = 1440 over exposure 12 x 1/12 = 1 -> pace 1440; the year
    # before 1200 -> growth +20 %, trend 1 + 0.5 x 0.20 = 1.10
    assert table.loc["A", "pace"] == pytest.approx(1440)
    assert table.loc["A", "growth"] == pytest.approx(0.20)
    assert table.loc["A", "trend"] == pytest.approx(1.10)
    # B: 1440 against 600 -> +140 %, half of it is +70 %, capped at +15 %
    assert table.loc["B", "growth"] == pytest.approx(1.40)
    assert table.loc["B", "trend"] == pytest.approx(1.15)
    # C: exposure 0.7 x 1/12 x 0.0833 + 1 x 1/12 x 0.25 = 0.00486 + 0.02083 = 0.0257 < 0.25:
    # no pace of their own, no trend
    assert table.loc["C", "exposure"] == pytest.approx(0.7 / 12 * 0.5 / 6 + 1 / 12 * 1.5 / 6)
    assert np.isnan(table.loc["C", "pace"]) and table.loc["C", "trend"] == 1.0
    # D: 12 x 60 = 720 over 12 x 0.5 x 1/12 = 0.5 -> a full-time pace of 1440; flat -> trend 1
    assert table.loc["D", "pace"] == pytest.approx(1440)
    assert table.loc["D", "trend"] == pytest.approx(1.0)


def test_the_growth_pool_by_hand():
    history = make_history([rep("A")], {"A": [100.0] * 12 + [120.0] * 12}, first="2024-11")
    pool = growth_pool(history, FLAT, 3)
    # quarters ending at months 15..24 of the history (10 stretches)
    assert len(pool) == 10 and pool["end"].iloc[0] == "2026-01"
    # first: Nov 2025 - Jan 2026, 360 against the year before's pace 1200 over an exposure
    # of 3/12: 360 / (1200 x 0.25) - 1 = +20 %
    assert pool["growth"].iloc[0] == pytest.approx(0.20)
    # last: Aug - Oct 2026, 360; the 12 months before hold 3 x 100 + 9 x 120 = 1380:
    # 360 / (1380 x 0.25) - 1 = 360 / 345 - 1 = +4.35 %
    assert pool["growth"].iloc[-1] == pytest.approx(360 / 345 - 1)
    assert set(pool["team"]) == {"T"}
    # a year's stretches need 24 months: one here; a 25-month stretch has none
    assert len(growth_pool(history, FLAT, 12)) == 1
    assert growth_pool(make_history([rep("A")], {"A": [1.0] * 14}), FLAT, 3).empty


def test_a_stretch_after_a_year_without_sales_is_not_in_the_pool():
    history = make_history([rep("A")], {"A": [0.0] * 12 + [120.0] * 12}, first="2024-11")
    pool = growth_pool(history, FLAT, 1)
    # stretches whose previous 12 months are all zero have no pace to beat: the first
    # stretch with sales in its previous year ends in month 14 (Dec 2025)
    assert pool["end"].iloc[0] == "2025-12"


def test_growth_bounds_use_the_team_or_else_the_company():
    team = pd.DataFrame({"team": "T", "growth": np.arange(25) / 100})  # 0.00 .. 0.24
    other = pd.DataFrame({"team": "U", "growth": np.arange(10) / 10})
    pool = pd.concat([team, other], ignore_index=True)
    # 25 values 0..0.24: the 10th percentile (linear) is 0.024, the 90th 0.216
    assert growth_bounds(pool, "T") == pytest.approx(
        {"low": 0.024, "high": 0.216, "n": 25, "scope": "team"}
    )
    # U has 10 values (< 20): the company's 35 values are used
    company = growth_bounds(pool, "U")
    assert company["scope"] == "company" and company["n"] == 35
    assert company["high"] == pytest.approx(np.percentile(pool["growth"], 90))
    assert growth_bounds(other, "U")["scope"] == "none"
