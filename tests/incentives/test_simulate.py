"""Monte Carlo: hand-checkable cases, determinism with a seed, and sanity across plans."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from fieldsales.exceptions import ConfigError
from fieldsales.incentives import Spif, Tier, simulate

from .conftest import tiered_plan


def history(rows: dict[str, list[float]], quota: float = 100_000.0, **extra) -> pd.DataFrame:
    """rep_id → attainments, one row per past quarter."""
    frame = pd.DataFrame(
        [(rep, a) for rep, values in rows.items() for a in values], columns=["rep_id", "attainment"]
    )
    frame["quota"] = quota
    for name, values in extra.items():
        frame[name] = values
    return frame


def random_history(reps: int = 40, quarters: int = 6, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    values = rng.lognormal(0.0, 0.45, size=(reps, quarters))
    return history({f"R{i}": list(values[i]) for i in range(reps)})


def test_always_on_target_costs_exactly_ote_over_quota(plan):
    result = simulate(plan, history({"A": [1.0, 1.0], "B": [1.0]}), n_draws=500, seed=1)
    # every draw: each rep pays base 15,000 + 1.0 × 10,000 = 25,000, revenue 100,000
    assert np.all(result.team_pay == 50_000.0)
    assert np.all(result.team_revenue == 200_000.0)
    assert np.allclose(result.cost_of_sales, 0.25)  # 25,000 / 100,000
    assert np.all(result.share_at_target == 1.0)
    summary = result.summary().set_index("metric")["value"]
    assert summary["expected_cost_of_sales"] == pytest.approx(0.25)
    assert summary["expected_variable_cost_of_sales"] == pytest.approx(0.10)  # 10,000 / 100,000
    assert summary["rep_variable_pay_p50"] == pytest.approx(10_000.0)
    assert summary["reps"] == 2 and summary["draws"] == 500


def test_shrinkage_zero_resamples_own_history_only(plan):
    h = history({"A": [0.5, 0.5], "B": [1.5, 1.5]})
    result = simulate(plan, h, n_draws=1_000, seed=3, shrinkage=0)
    per_rep = result.per_rep.set_index("rep_id")
    # A always 0.5 → 0.25 × 10,000 = 2,500; B always 1.5 → 2.0 × 10,000 = 20,000
    assert per_rep.loc["A", "expected_variable_pay"] == pytest.approx(2_500.0)
    assert per_rep.loc["B", "expected_variable_pay"] == pytest.approx(20_000.0)
    assert per_rep["own_weight"].tolist() == [1.0, 1.0]
    assert np.all(result.team_variable_pay == 22_500.0)
    assert per_rep["p_at_target"].tolist() == [0.0, 1.0]


def test_large_shrinkage_draws_from_the_team(plan):
    h = history({"A": [0.5, 0.5], "B": [1.5, 1.5]})
    result = simulate(plan, h, n_draws=10_000, seed=3, shrinkage=1e12)
    per_rep = result.per_rep.set_index("rep_id")
    # pooled: half the draws 2,500, half 20,000 → 11,250 each; standard error ≈ 8,750/√10,000
    assert per_rep["expected_variable_pay"].tolist() == pytest.approx([11_250.0] * 2, abs=400)
    assert result.share_at_target.mean() == pytest.approx(0.5, abs=0.02)


def test_own_weight_is_n_over_n_plus_shrinkage(plan):
    h = history({"A": [1.0] * 4, "B": [1.0] * 12})
    per_rep = simulate(plan, h, n_draws=10, shrinkage=4).per_rep
    # A: 4 / (4 + 4) = 0.5; B: 12 / (12 + 4) = 0.75
    assert per_rep["own_weight"].tolist() == [0.5, 0.75]


def test_same_seed_same_result_other_seed_other_result(plan):
    h = random_history()
    a = simulate(plan, h, n_draws=2_000, seed=42)
    b = simulate(plan, h, n_draws=2_000, seed=42)
    c = simulate(plan, h, n_draws=2_000, seed=43)
    assert np.array_equal(a.team_pay, b.team_pay)
    pd.testing.assert_frame_equal(a.summary(), b.summary())
    pd.testing.assert_frame_equal(a.per_rep, b.per_rep)
    assert not np.array_equal(a.team_pay, c.team_pay)


def test_higher_rates_cost_more_on_the_same_draws(plan):
    h = random_history()
    richer = dataclasses.replace(
        plan, name="Richer", tiers=tuple(Tier(t.from_attainment, t.rate * 1.5) for t in plan.tiers)
    )
    a = simulate(plan, h, n_draws=2_000, seed=5)
    b = simulate(richer, h, n_draws=2_000, seed=5)
    # same attainment draws (common random numbers): only pay differs
    assert np.array_equal(a.team_revenue, b.team_revenue)
    assert np.array_equal(a.share_at_target, b.share_at_target)
    assert np.all(b.team_variable_pay >= a.team_variable_pay)
    assert np.nanmean(b.cost_of_sales) > np.nanmean(a.cost_of_sales)
    # the rates are 1.5 × as high everywhere (no cap): variable pay is exactly 1.5 × as high
    assert b.team_variable_pay == pytest.approx(1.5 * a.team_variable_pay)


def test_cap_and_share_reached(plan):
    h = history({"A": [2.0], "B": [0.8]})
    result = simulate(dataclasses.replace(plan, cap=2.0), h, n_draws=100, shrinkage=0)
    # A always capped (2.625 > 2.0); B never; half the reps at or above target
    assert np.all(result.share_capped == 0.5) and np.all(result.share_at_target == 0.5)


def test_quota_from_history_uses_full_period_quota(plan):
    h = pd.DataFrame({
        "rep_id": ["A", "A", "A"],
        "attainment": [1.0, 1.0, 1.0],
        "quota": [50_000.0, 100_000.0, 100_000.0],
        "employed_share": [0.5, 1.0, 1.0],
    })  # fmt: skip
    # 50,000 / 0.5 = 100,000; median of 100,000 ×3 = 100,000
    assert simulate(plan, h, n_draws=10).per_rep["quota"].tolist() == [100_000.0]


def test_attainment_from_revenue_and_quota(plan):
    h = pd.DataFrame({"rep_id": ["A", "A"], "revenue_won": [50_000.0, 7.0], "quota": [1e5, 0.0]})
    result = simulate(plan, h, n_draws=10)
    # row 2 has no quota → no attainment → left out, and said so
    assert result.per_rep["expected_attainment"].tolist() == [0.5]
    assert result.notes == ("1 history row(s) without attainment left out",)


def test_rows_with_partial_quota_left_out(plan):
    h = history({"A": [1.0, 9.0]}, quota_months_missing=[0, 2])
    result = simulate(plan, h, n_draws=20)
    # the 9.0 comes from a quarter with a quota for one month only
    assert result.per_rep["expected_attainment"].tolist() == [1.0]
    assert (
        "1 history row(s) with no quota for some employed month(s) of the period left out"
        in result.notes
    )


def test_spifs_resampled_with_attainment():
    plan = tiered_plan(
        spifs=(Spif("new_logo", "new_customers", 500.0), Spif("demo", "demos", 10.0))
    )
    h = history({"A": [1.0, 1.0]}, new_customers=[2, 2])
    result = simulate(plan, h, n_draws=50)
    # 10,000 commission + 2 × 500 SPIF per draw; no demos column → said so
    assert np.all(result.team_variable_pay == 11_000.0)
    assert result.notes == ("SPIF demo not simulated: the history has no demos column",)


def test_reps_subset_and_new_reps(plan):
    h = history({"A": [0.5, 0.5], "B": [1.5, 1.5]})
    result = simulate(plan, h, n_draws=2_000, seed=1, reps=["B", "NEW"], quota=100_000.0)
    per_rep = result.per_rep.set_index("rep_id")
    assert list(per_rep.index) == ["B", "NEW"]
    assert per_rep.loc["NEW", "own_weight"] == 0.0 and per_rep.loc["NEW", "history_periods"] == 0
    assert "1 rep(s) without history drawn from the team's history" in result.notes
    # NEW draws from the pooled history: attainment 0.5 or 1.5, mean ≈ 1.0
    assert per_rep.loc["NEW", "expected_attainment"] == pytest.approx(1.0, abs=0.05)


def test_errors(plan):
    h = history({"A": [1.0]})
    with pytest.raises(ConfigError, match="n_draws = 0"):
        simulate(plan, h, n_draws=0)
    with pytest.raises(ConfigError, match="shrinkage = -1"):
        simulate(plan, h, shrinkage=-1)
    with pytest.raises(ConfigError, match=r"no quota column .* pass quota="):
        simulate(plan, h.drop(columns="quota"))
    with pytest.raises(ConfigError, match="needs an attainment column"):
        simulate(plan, h.drop(columns="attainment"))
    with pytest.raises(ConfigError, match="no row with an attainment"):
        simulate(plan, history({"A": [np.nan]}))
    with pytest.raises(ConfigError, match=r"quota= has no quota for 1 rep\(s\) .* NEW"):
        simulate(plan, h, reps=["A", "NEW"], quota={"A": 1.0})
    with pytest.raises(ConfigError, match=r"no positive quota for rep\(s\) NEW"):
        simulate(plan, h, reps=["NEW"])
    monthly = h.copy()
    monthly.attrs["grain"] = "month"
    with pytest.raises(ConfigError, match="history is per month"):
        simulate(plan, monthly)
