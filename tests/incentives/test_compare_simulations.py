"""compare_simulations and compare_payouts: compare_plans' rows from results already made."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from fieldsales.exceptions import ConfigError
from fieldsales.incentives import (
    calculate_payouts,
    compare_payouts,
    compare_plans,
    compare_simulations,
    simulate,
)

from .conftest import inputs
from .test_simulate import history, random_history


def test_the_same_rows_as_compare_plans(plan):
    capped = dataclasses.replace(plan, name="Capped", cap=1.5)
    h = random_history(reps=8)
    kw = {"n_draws": 300, "seed": 4}
    out = compare_simulations(simulate(plan, h, **kw), simulate(capped, h, **kw))
    expected = compare_plans(plan, capped, history=h, **kw)
    pd.testing.assert_frame_equal(out, expected)
    assert out.attrs == {"plan_a": "Tiered", "plan_b": "Capped"}


def test_by_hand(plan):
    # always on target: A pays 15,000 + 10,000 per rep; B (variable share 0.5) pays
    # 12,500 + 12,500: the same 25,000, but 2,500 more of it variable
    h = history({"A": [1.0, 1.0], "B": [1.0]})
    richer = dataclasses.replace(plan, name="Richer", variable_share=0.5)
    out = compare_simulations(simulate(plan, h, n_draws=50), simulate(richer, h, n_draws=50))
    row = out.set_index("metric")
    assert (row.loc["expected_team_pay", "plan_a"], row.loc["expected_team_pay", "plan_b"]) == (
        50_000.0, 50_000.0)  # fmt: skip
    assert row.loc["expected_team_variable_pay", "difference"] == 5_000.0  # 2 × 2,500
    assert set(out["basis"]) == {"simulated"}


def test_refuses_simulations_on_other_draws_or_pay_periods(plan):
    h = random_history(reps=5)
    a = simulate(plan, h, n_draws=100, seed=1)
    with pytest.raises(ConfigError, match="did not draw the same attainment"):
        compare_simulations(a, simulate(plan, h, n_draws=100, seed=2))
    with pytest.raises(ConfigError, match="did not draw the same attainment"):
        compare_simulations(a, simulate(plan, h, n_draws=50, seed=1))
    monthly = dataclasses.replace(plan, pay_period="month")
    with pytest.raises(ConfigError, match=r"differ in pay_period \('quarter' vs 'month'\)"):
        compare_simulations(a, simulate(monthly, h, n_draws=100, seed=1))


def test_payouts_compared_as_compare_plans_does(plan):
    richer = dataclasses.replace(plan, name="Richer", variable_share=0.5)
    frame = inputs([1.0, 0.5])
    out = compare_payouts(calculate_payouts(plan, frame), calculate_payouts(richer, frame))
    pd.testing.assert_frame_equal(out, compare_plans(plan, richer, inputs=frame))
    # by hand (test_compare.py): A 42,500, B 40,625
    row = out.set_index("metric").loc["total_pay"]
    assert (row["plan_a"], row["plan_b"], row["difference"]) == (42_500.0, 40_625.0, -1_875.0)
    assert out.attrs == {"plan_a": "Tiered", "plan_b": "Richer"}


def test_payouts_on_other_inputs_or_pay_periods_are_refused(plan):
    a = calculate_payouts(plan, inputs([1.0, 0.5]))
    with pytest.raises(ConfigError, match="not for the same reps and periods"):
        compare_payouts(a, calculate_payouts(plan, inputs([1.0])))
    eur = dataclasses.replace(plan, currency="USD")
    with pytest.raises(ConfigError, match=r"differ in currency \('EUR' vs 'USD'\)"):
        compare_payouts(a, calculate_payouts(eur, inputs([1.0, 0.5])))
