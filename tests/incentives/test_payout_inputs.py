"""Inputs from a workspace (hand-made, see conftest.py) and clawbacks from cancellations."""

from __future__ import annotations

import pandas as pd
import pytest

from fieldsales.exceptions import ConfigError, DataValidationError
from fieldsales.incentives import (
    Clawback,
    Spif,
    add_clawbacks,
    calculate_payouts,
    payout_inputs,
)

from .conftest import tiered_plan


def test_payout_inputs_from_workspace(hand_ws):
    frame = payout_inputs(hand_ws, "2026-Q1").set_index("rep_id")
    assert frame.attrs["grain"] == "quarter"
    assert list(frame.index) == ["R1", "R2"]  # the manager is not paid by the plan
    # R1: won D1 20,000 (20 Jan) + D2 10,000 (10 Mar); D3 lost, D5 open → 30,000
    #     quota 10,000 × 3 months = 30,000 → attainment 1.0; employed all 90 days
    # R2: won D4 11,000; quota 7,000 (Feb, pro-rated) + 15,000 = 22,000 → 0.5;
    #     hired 15 Feb: 45 of 90 days → 0.5
    assert frame.loc["R1", ["revenue_won", "quota", "attainment", "employed_share"]].tolist() == [
        30_000.0, 30_000.0, 1.0, 1.0,
    ]  # fmt: skip
    assert frame.loc["R2", ["revenue_won", "quota", "attainment", "employed_share"]].tolist() == [
        11_000.0, 22_000.0, 0.5, 0.5,
    ]  # fmt: skip
    # new customers: A1 (R1, first won 20 Jan), A2 (R1, 10 Mar), A3 (R2)
    assert frame["new_customers"].tolist() == [2.0, 1.0]
    assert frame["deals_won"].tolist() == [2.0, 1.0]
    assert frame.loc["R1", "rep_name"] == "Rui <b>Field</b>"
    assert frame["quota_months_missing"].tolist() == [0, 0]  # R2 has quotas from hiring on


def test_partial_quota_is_counted_and_noted(hand_ws):
    frame = payout_inputs(hand_ws, "2025-Q4..2026-Q1")
    r1 = frame[frame["rep_id"] == "R1"].set_index("period")
    # 2025-Q4: employed October to December, quota only for December → 2 months missing
    assert r1["quota_months_missing"].to_dict() == {"2025-Q4": 2, "2026-Q1": 0}
    assert r1.loc["2025-Q4", "quota"] == 10_000.0
    out = calculate_payouts(tiered_plan(), frame).set_index(["rep_id", "period"])
    assert "no revenue quota for 2 employed month(s)" in out.loc[("R1", "2025-Q4"), "notes"]
    assert "no revenue quota" not in out.loc[("R1", "2026-Q1"), "notes"]


def test_payouts_on_workspace_inputs(hand_ws):
    plan = tiered_plan(spifs=(Spif("new_logo", "new_customers", 500.0),))
    out = calculate_payouts(plan, payout_inputs(hand_ws, "2026-Q1")).set_index("rep_id")
    # R1: attainment 1.0 → 10,000; 2 × 500 SPIF; base 15,000 → 26,000
    assert out.loc["R1", "total_pay"] == 26_000.0
    # R2 (quota already pro-rated): attainment 0.5 → 0.25 × (10,000 × 0.5) = 1,250;
    #     1 × 500 SPIF; base 15,000 × 0.5 = 7,500 → 9,250
    assert out.loc["R2", "commission"] == 1_250.0
    assert out.loc["R2", "total_pay"] == 9_250.0


def test_payout_inputs_other_grain_and_kpis(hand_ws):
    frame = payout_inputs(hand_ws, "2026-02", grain="month", spif_kpis=("deals_created",))
    assert frame.attrs["grain"] == "month"
    assert "deals_created" in frame.columns and "new_customers" not in frame.columns
    with pytest.raises(
        ConfigError, match="inputs are per month but plan 'Tiered' pays per quarter"
    ):
        calculate_payouts(tiered_plan(), frame)


def cancellations() -> pd.DataFrame:
    ts = pd.Timestamp
    return pd.DataFrame({
        "rep_id": ["R1", "R1", "R2", "R2"],
        "won_date": [ts("2026-07-01"), ts("2026-03-01"), ts("2026-06-20"), ts("2026-09-01")],
        "cancelled_date": [ts("2026-08-15"), ts("2026-07-10"), ts("2026-09-18"), ts("2026-10-02")],
        "commission_paid": [2_000.0, 999.0, 400.0, 777.0],
    })  # fmt: skip


def test_add_clawbacks_window_and_period():
    plan = tiered_plan(clawback=Clawback(share=0.5, window_days=90))
    base = pd.DataFrame({
        "rep_id": ["R1", "R2", "R3"],
        "period": "2026-Q3",
        "revenue_won": 100_000.0,
        "quota": 100_000.0,
    })  # fmt: skip
    out = add_clawbacks(base, cancellations(), plan)
    # R1: 45 days after winning → counts (2,000); 131 days → outside the window
    # R2: exactly 90 days → counts (400); cancelled 2 Oct is in 2026-Q4, not in the inputs
    # R3: nothing. Variable pay (attainment 1.0 → 10,000) less half of it:
    # R1 10,000 − 1,000 = 9,000; R2 10,000 − 200 = 9,800; R3 10,000
    assert out["clawback_commission"].tolist() == [2_000.0, 400.0, 0.0]
    assert "clawback_commission" not in base.columns  # the input is not modified
    paid = calculate_payouts(plan, out)
    assert paid["variable_pay"].tolist() == [9_000.0, 9_800.0, 10_000.0]


def test_add_clawbacks_errors():
    plan = tiered_plan(clawback=Clawback(1.0, 90))
    base = pd.DataFrame({"rep_id": ["R1"], "period": ["2026-Q3"]})
    with pytest.raises(ConfigError, match="has no clawback"):
        add_clawbacks(base, cancellations(), tiered_plan())
    with pytest.raises(DataValidationError, match="commission_paid: required column is missing"):
        add_clawbacks(base, cancellations().drop(columns="commission_paid"), plan)
    bad = cancellations()
    bad.loc[0, "cancelled_date"] = pd.Timestamp("2026-06-01")
    bad.loc[1, "commission_paid"] = -1.0
    with pytest.raises(DataValidationError) as info:
        add_clawbacks(base, bad, plan)
    text = str(info.value)
    assert "cancelled_date row 0: must be on or after won_date" in text
    assert "commission_paid row 1: must be a number >= 0 (got -1.0)" in text
