"""Payouts worked out by hand: tier boundaries, decelerator, cap, SPIFs, clawback, quotas.

Reference plan TIERED (see conftest.py): base 15,000 and target variable 10,000 a
quarter; tiers 0-0.5 at 0.5, 0.5-1.0 at 1.5, 1.0-1.5 at 2.0, above 1.5 at 1.25.
Quota 100,000, so attainment = revenue / 100,000.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fieldsales.exceptions import ConfigError, DataValidationError
from fieldsales.incentives import (
    PAYOUT_COLUMNS,
    Clawback,
    Decelerator,
    Spif,
    calculate_payouts,
    commission_multiple,
    tier_slices,
)

from .conftest import QUOTA, inputs, tiered_plan

# attainment -> commission; multiple × 10,000
TIER_CASES = [
    (0.0, 0.0),  # nothing won
    (0.25, 1_250.0),  # 0.25 × 0.5 = 0.125
    (0.49, 2_450.0),  # 0.49 × 0.5 = 0.245
    (0.5, 2_500.0),  # boundary: 0.5 × 0.5 = 0.25
    (0.51, 2_650.0),  # 0.25 + 0.01 × 1.5 = 0.265
    (0.99, 9_850.0),  # 0.25 + 0.49 × 1.5 = 0.985
    (1.0, 10_000.0),  # boundary: 0.25 + 0.5 × 1.5 = 1.0 — on target pays the target
    (1.01, 10_200.0),  # 1.0 + 0.01 × 2.0 = 1.02 — accelerator
    (1.49, 19_800.0),  # 1.0 + 0.49 × 2.0 = 1.98
    (1.5, 20_000.0),  # boundary: 1.0 + 0.5 × 2.0 = 2.0
    (1.51, 20_125.0),  # 2.0 + 0.01 × 1.25 = 2.0125
    (2.0, 26_250.0),  # 2.0 + 0.5 × 1.25 = 2.625
]


@pytest.mark.parametrize(("attainment", "commission"), TIER_CASES)
def test_commission_at_and_around_each_tier_boundary(plan, attainment, commission):
    out = calculate_payouts(plan, inputs([attainment])).iloc[0]
    assert out["status"] == "ok"
    assert out["attainment"] == pytest.approx(attainment)
    assert out["commission"] == pytest.approx(commission)
    assert out["base_pay"] == 15_000.0
    assert out["target_variable"] == 10_000.0
    assert out["total_pay"] == pytest.approx(15_000.0 + commission)
    assert not out["capped"] and not out["decelerated"]


def test_boundaries_are_exact(plan):
    # binary fractions: no rounding at 0.5, 1.0 and 1.5
    curve = commission_multiple(plan, np.array([0.5, 1.0, 1.5]))
    assert curve.multiple.tolist() == [0.25, 1.0, 2.0]


def test_tier_slices_add_up(plan):
    slices = tier_slices(plan, 1.2)
    # 0-0.5 at 0.5 = 0.25; 0.5-1.0 at 1.5 = 0.75; 1.0-1.2 at 2.0 = 0.4; total 1.4
    assert [(s.from_attainment, s.rate) for s in slices] == [(0.0, 0.5), (0.5, 1.5), (1.0, 2.0)]
    assert [s.multiple for s in slices] == pytest.approx([0.25, 0.75, 0.4])
    assert tier_slices(plan, 0.5)[-1].to_attainment == 0.5 and len(tier_slices(plan, 0.5)) == 1
    assert tier_slices(plan, 0.0) == [] and tier_slices(plan, float("nan")) == []


def test_negative_revenue_pays_no_commission(plan):
    out = calculate_payouts(plan, inputs([-0.1])).iloc[0]
    assert out["attainment"] == pytest.approx(-0.1)
    assert out["commission"] == 0.0
    assert "negative revenue" in out["notes"]


@pytest.mark.parametrize(
    ("attainment", "commission", "capped"),
    [
        (1.0, 10_000.0, False),  # 1.0 × 10,000, far below the cap
        (1.5, 20_000.0, False),  # 2.0 × 10,000 equals the cap 2.0: reached, not exceeded
        (1.51, 20_000.0, True),  # 2.0125 > 2.0 → 2.0 × 10,000
        (2.0, 20_000.0, True),  # 2.625 > 2.0 → 2.0 × 10,000
    ],
)
def test_cap(attainment, commission, capped):
    plan = tiered_plan(cap=2.0)
    out = calculate_payouts(plan, inputs([attainment])).iloc[0]
    assert out["commission"] == pytest.approx(commission)
    assert bool(out["capped"]) is capped
    if capped:
        assert "cap reached" in out["notes"]


def test_cap_note_gives_uncapped_amount():
    out = calculate_payouts(tiered_plan(cap=2.0), inputs([2.0])).iloc[0]
    # uncapped 2.625 × 10,000 = 26,250
    assert "(uncapped 26,250.00)" in out["notes"]


def test_spifs_are_outside_the_cap():
    plan = tiered_plan(cap=2.0, spifs=(Spif("new_logo", "new_customers", 500.0),))
    out = calculate_payouts(plan, inputs([2.0], new_customers=[3])).iloc[0]
    # commission capped at 20,000; SPIF 3 × 500 = 1,500 on top
    assert out["commission"] == 20_000.0
    assert out["variable_pay"] == 21_500.0
    assert out["total_pay"] == 36_500.0  # 15,000 + 21,500


@pytest.mark.parametrize(
    ("attainment", "commission", "decelerated"),
    [
        (0.4, 1_000.0, True),  # tiers 0.4 × 0.5 = 0.2; × 0.5 = 0.1 → 1,000
        (0.59, 1_925.0, True),  # tiers 0.25 + 0.09 × 1.5 = 0.385; × 0.5 = 0.1925
        (0.6, 4_000.0, False),  # exactly at the threshold: 0.25 + 0.1 × 1.5 = 0.4, not reduced
        (0.61, 4_150.0, False),  # 0.25 + 0.11 × 1.5 = 0.415
    ],
)
def test_decelerator(attainment, commission, decelerated):
    plan = tiered_plan(decelerator=Decelerator(threshold=0.6, factor=0.5))
    out = calculate_payouts(plan, inputs([attainment])).iloc[0]
    assert out["commission"] == pytest.approx(commission)
    assert bool(out["decelerated"]) is decelerated
    assert ("decelerator" in out["notes"]) is decelerated


def test_decelerator_as_gate():
    plan = tiered_plan(decelerator=Decelerator(threshold=0.5, factor=0.0))
    out = calculate_payouts(plan, inputs([0.49, 0.5]))
    # 0.49 < 0.5: 0.245 × 0 = 0; at 0.5 the full 0.25 × 10,000 = 2,500
    assert out["commission"].tolist() == pytest.approx([0.0, 2_500.0])


@pytest.mark.parametrize("quota", [0.0, np.nan], ids=["zero", "missing"])
def test_no_quota_is_flagged_never_infinite_never_silently_zero(plan, quota):
    frame = inputs([1.0, 1.0])
    frame.loc[0, "quota"] = quota
    out = calculate_payouts(plan, frame)
    row = out.iloc[0]
    assert row["status"] == "no quota"
    assert np.isnan(row["attainment"]) and np.isnan(row["commission"])
    assert np.isnan(row["variable_pay"]) and np.isnan(row["total_pay"])
    assert row["base_pay"] == 15_000.0  # base is still owed
    assert "no quota for the period" in row["notes"]
    assert not np.isinf(out.select_dtypes("number").to_numpy()).any()
    assert out.iloc[1]["status"] == "ok" and out.iloc[1]["commission"] == 10_000.0


def test_missing_revenue_is_flagged(plan):
    out = calculate_payouts(plan, inputs([np.nan])).iloc[0]
    assert out["status"] == "no revenue" and np.isnan(out["total_pay"])
    assert "revenue missing" in out["notes"]


def test_mid_period_hire_quota_already_prorated(plan):
    # hired half-way through the quarter: quota 100,000 × 0.5 = 50,000 given pro-rated,
    # revenue 50,000 → attainment 1.0; target variable 10,000 × 0.5 = 5,000 → commission 5,000;
    # base 15,000 × 0.5 = 7,500; total 12,500
    frame = inputs([0.5], employed_share=[0.5])
    frame["quota"] = 50_000.0
    out = calculate_payouts(plan, frame).iloc[0]
    assert out["attainment"] == 1.0
    assert out["target_variable"] == 5_000.0 and out["commission"] == 5_000.0
    assert out["base_pay"] == 7_500.0 and out["total_pay"] == 12_500.0
    assert "employed 50% of the period: base and target pro-rated" in out["notes"]


def test_mid_period_hire_full_quota_prorated_on_request(plan):
    # full-period quota 100,000 × 0.5 employed = 50,000; same figures as above
    frame = inputs([0.5], employed_share=[0.5])
    out = calculate_payouts(plan, frame, prorate_quota=True).iloc[0]
    assert out["quota"] == 50_000.0 and out["attainment"] == 1.0
    assert out["commission"] == 5_000.0 and out["total_pay"] == 12_500.0
    assert "quota pro-rated" in out["notes"]
    # not pro-rated: attainment 50,000 / 100,000 = 0.5 → 0.25 × 5,000 = 1,250
    plain = calculate_payouts(plan, frame).iloc[0]
    assert plain["attainment"] == 0.5 and plain["commission"] == 1_250.0


def test_spif_counting():
    plan = tiered_plan(
        spifs=(Spif("new_logo", "new_customers", 500.0), Spif("demo", "demos", 50.0))
    )
    frame = inputs([1.0, 1.0], new_customers=[3, np.nan], demos=[10, 0])
    out = calculate_payouts(plan, frame)
    # R1: 3 × 500 = 1,500 and 10 × 50 = 500 → 2,000; variable 10,000 + 2,000
    assert out.loc[0, ["spif_new_logo", "spif_demo", "spif_pay"]].tolist() == [1500, 500, 2000]
    assert out.loc[0, "variable_pay"] == 12_000.0
    # R2: count missing → not paid, and said so
    assert out.loc[1, "spif_pay"] == 0.0
    assert "SPIF new_logo: new_customers count missing, not paid" in out.loc[1, "notes"]
    cols = list(out.columns)
    assert cols.index("spif_new_logo") < cols.index("spif_demo") < cols.index("spif_pay")


def test_clawback():
    plan = tiered_plan(clawback=Clawback(share=0.5, window_days=90))
    frame = inputs([1.0, 0.0], clawback_commission=[3_000.0, 3_000.0])
    out = calculate_payouts(plan, frame)
    # R1: 0.5 × 3,000 = 1,500 recovered; variable 10,000 − 1,500 = 8,500; total 23,500
    assert out.loc[0, "clawback"] == 1_500.0
    assert out.loc[0, "variable_pay"] == 8_500.0 and out.loc[0, "total_pay"] == 23_500.0
    assert "clawback: 50% of 3,000.00 commission" in out.loc[0, "notes"]
    # R2 earned nothing: variable −1,500, total 15,000 − 1,500 = 13,500, flagged
    assert out.loc[1, "variable_pay"] == -1_500.0 and out.loc[1, "total_pay"] == 13_500.0
    assert "clawback exceeds this period's commission and SPIFs by 1,500.00" in out.loc[1, "notes"]


def test_clawback_data_missing_or_unused_is_said(plan):
    with_clawback = tiered_plan(clawback=Clawback(1.0, 90))
    out = calculate_payouts(with_clawback, inputs([1.0]))
    assert out.loc[0, "clawback"] == 0.0
    assert out.attrs["notes"] == ["no clawback_commission column: nothing clawed back"]
    out = calculate_payouts(plan, inputs([1.0], clawback_commission=[100.0]))
    assert out.loc[0, "clawback"] == 0.0
    assert "ignored: the plan has no clawback" in out.loc[0, "notes"]


def test_output_columns_and_attrs(plan):
    frame = inputs([1.0], rep_name=["Ann"])
    out = calculate_payouts(plan, frame)
    assert list(out.columns) == list(PAYOUT_COLUMNS)
    assert out.loc[0, "plan"] == "Tiered" and out.loc[0, "rep_name"] == "Ann"
    assert out.attrs["grain"] == "quarter" and out.attrs["plan"] == plan.to_dict()


def test_invalid_inputs_listed_at_once():
    plan = tiered_plan(spifs=(Spif("new_logo", "new_customers", 500.0),))
    frame = pd.DataFrame({
        "rep_id": ["R1", "R1", "R2"],
        "period": ["2026-Q3", "2026-Q3", "2026-Q3"],
        "revenue_won": [1.0, "lots", 3.0],
        "quota": [QUOTA, QUOTA, -5.0],
        "employed_share": [1.0, 1.2, 1.0],
    })  # fmt: skip
    with pytest.raises(DataValidationError) as info:
        calculate_payouts(plan, frame)
    text = str(info.value)
    assert "payout inputs.new_customers: required column is missing" in text
    assert "one row per rep and period" in text
    assert "revenue_won row 1: must be a number (got 'lots')" in text
    assert "quota row 2: must be >= 0 (got -5.0)" in text
    assert "employed_share row 1: must be a share from 0 to 1 (got 1.2)" in text


def test_grain_mismatch_is_an_error(plan):
    frame = inputs([1.0])
    frame.attrs["grain"] = "month"
    with pytest.raises(
        ConfigError, match="inputs are per month but plan 'Tiered' pays per quarter"
    ):
        calculate_payouts(plan, frame)
