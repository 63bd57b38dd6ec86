"""Two plans side by side, on actual data and by simulation."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from fieldsales.exceptions import ConfigError
from fieldsales.incentives import calculate_payouts, compare_plans, payout_summary

from .conftest import inputs, tiered_plan
from .test_simulate import random_history


def test_payout_summary_by_hand(plan):
    frame = inputs([1.0, 0.5, 1.0])
    frame.loc[2, "quota"] = 0.0  # no quota: counted, not summed
    summary = payout_summary(calculate_payouts(plan, frame)).set_index("metric")
    value = summary["value"]
    # R1: 15,000 + 10,000; R2: 15,000 + 0.25 × 10,000 = 17,500
    assert value["rows_paid"] == 2 and value["rows_without_quota"] == 1
    assert value["commission"] == 12_500.0
    assert value["total_pay"] == 42_500.0
    assert value["revenue_won"] == 150_000.0  # 100,000 + 50,000
    assert value["cost_of_sales"] == pytest.approx(42_500 / 150_000)
    assert value["share_at_or_above_target"] == 0.5
    assert summary.loc["total_pay", "unit"] == "EUR"


def test_compare_on_actual_data(plan):
    richer = dataclasses.replace(plan, name="Richer", variable_share=0.5)
    out = compare_plans(plan, richer, inputs=inputs([1.0, 0.5]))
    assert list(out.columns) == ["basis", "metric", "unit", "plan_a", "plan_b", "difference"]
    assert out.attrs == {"plan_a": "Tiered", "plan_b": "Richer"}
    row = out.set_index("metric").loc["total_pay"]
    # A: 42,500 (above). B: base 100,000 × 0.5 / 4 = 12,500 each; target 12,500;
    #    R1 12,500 + 12,500, R2 12,500 + 0.25 × 12,500 = 15,625 → 40,625
    assert (row["plan_a"], row["plan_b"]) == (42_500.0, 40_625.0)
    assert row["difference"] == -1_875.0
    assert set(out["basis"]) == {"actual"}


def test_compare_by_simulation_uses_the_same_draws(plan):
    capped = dataclasses.replace(plan, name="Capped", cap=1.5)
    out = compare_plans(plan, capped, history=random_history(), n_draws=2_000, seed=9)
    sim = out[out["basis"] == "simulated"].set_index("metric")
    assert sim.loc["share_at_or_above_target", "difference"] == 0.0
    assert sim.loc["expected_team_revenue", "difference"] == 0.0
    assert sim.loc["expected_team_pay", "difference"] < 0  # a cap can only lower pay
    assert sim.loc["share_capped", "plan_a"] == 0.0 and sim.loc["share_capped", "plan_b"] > 0


def test_compare_both_bases(plan):
    h = random_history(reps=5)
    out = compare_plans(plan, plan, inputs=inputs([1.0]), history=h, n_draws=100)
    assert list(dict.fromkeys(out["basis"])) == ["actual", "simulated"]
    assert np.all(out["difference"].fillna(0) == 0)  # a plan against itself


def test_compare_errors(plan):
    with pytest.raises(ConfigError, match="needs inputs="):
        compare_plans(plan, plan)
    with pytest.raises(ConfigError, match="differ in pay_period"):
        compare_plans(plan, tiered_plan(pay_period="month"), inputs=inputs())
    with pytest.raises(ConfigError, match="differ in currency"):
        compare_plans(plan, tiered_plan(currency="USD"), inputs=inputs())
