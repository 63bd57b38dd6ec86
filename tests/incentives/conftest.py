"""Plans and inputs whose payouts are worked out by hand in the tests.

The reference plan TIERED (quarterly, no decelerator, no cap):

    on-target earnings 100,000 a year, variable share 0.4
    base per quarter            = 100,000 × 0.6 / 4 = 15,000
    target variable per quarter = 100,000 × 0.4 / 4 = 10,000

    tier   attainment    rate   multiple at the tier's end
    1      0.0 - 0.5     0.5    0.5 × 0.5              = 0.25
    2      0.5 - 1.0     1.5    0.25 + 0.5 × 1.5       = 1.00   (on target pays 1 × target)
    3      1.0 - 1.5     2.0    1.00 + 0.5 × 2.0       = 2.00   (accelerator)
    4      1.5 -         1.25   2.00 + (a - 1.5) × 1.25

Rates and boundaries are binary fractions, so values at the boundaries are exact.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from fieldsales import Workspace
from fieldsales.incentives import CommissionPlan, Tier

NA = np.nan
QUOTA = 100_000.0  # quarterly quota of the hand-made inputs: attainment = revenue / 100,000


def tiered_plan(**changes) -> CommissionPlan:
    fields = {
        "name": "Tiered",
        "on_target_earnings": 100_000.0,
        "variable_share": 0.4,
        "tiers": (Tier(0.0, 0.5), Tier(0.5, 1.5), Tier(1.0, 2.0), Tier(1.5, 1.25)),
        "pay_period": "quarter",
    }
    fields.update(changes)
    return CommissionPlan(**fields)


@pytest.fixture
def plan() -> CommissionPlan:
    return tiered_plan()


def inputs(attainments=(1.0,), **columns) -> pd.DataFrame:
    """One quarter, one row per attainment: revenue = attainment × 100,000, quota 100,000."""
    n = len(attainments)
    frame = pd.DataFrame({
        "rep_id": [f"R{i + 1}" for i in range(n)],
        "period": "2026-Q3",
        "revenue_won": [a * QUOTA for a in attainments],
        "quota": QUOTA,
    })  # fmt: skip
    for name, values in columns.items():
        frame[name] = values
    return frame


def hand_tables() -> dict[str, pd.DataFrame]:
    """R1 works all of 2026-Q1; R2 is hired on 15 February (45 of the quarter's 90 days)."""
    ts = pd.Timestamp
    return {
        "reps": pd.DataFrame({
            "rep_id": ["M1", "R1", "R2"],
            "name": ["Mia Manager", "Rui <b>Field</b>", "Rosa New"],
            "email": ["m1@x.com", "r1@x.com", "r2@x.com"],
            "manager_id": [NA, "M1", "M1"],
            "team": ["T1", "T1", "T1"],
            "region": ["North", "North", "North"],
            "territory": ["N", "N-1", "N-2"],
            "hire_date": [ts("2020-01-01"), ts("2025-01-01"), ts("2026-02-15")],
            "exit_date": [pd.NaT, pd.NaT, pd.NaT],
            "exit_type": [NA, NA, NA],
            "role": ["manager", "field_rep", "field_rep"],
        }),
        "accounts": pd.DataFrame({
            "account_id": ["A1", "A2", "A3"],
            "name": ["Alpha", "Beta", "Gamma"],
            "owner_rep_id": ["R1", "R1", "R2"],
            "tier": ["A", "B", "C"],
            "segment": ["SMB", "SMB", "SMB"],
            "region": ["North", "North", "North"],
            "created_date": [ts("2025-01-01"), ts("2025-06-01"), ts("2026-02-20")],
        }),
        "deals": pd.DataFrame({
            "deal_id": ["D1", "D2", "D3", "D4", "D5"],
            "account_id": ["A1", "A2", "A2", "A3", "A1"],
            "rep_id": ["R1", "R1", "R1", "R2", "R1"],
            "amount": [20_000.0, 10_000.0, 5_000.0, 11_000.0, 9_999.0],
            "currency": ["EUR"] * 5,
            "stage": ["Won", "Won", "Lost", "Won", "Proposal"],
            "status": ["won", "won", "lost", "won", "open"],
            "created_date": [ts("2025-12-01"), ts("2026-01-10"), ts("2026-01-15"),
                             ts("2026-02-20"), ts("2026-03-01")],
            "close_date": [ts("2026-01-20"), ts("2026-03-10"), ts("2026-02-05"),
                           ts("2026-03-20"), ts("2026-05-30")],
            "product": ["Core"] * 5,
        }),
        "quotas": pd.DataFrame({
            "rep_id": ["R1", "R1", "R1", "R2", "R2", "R1"],
            "period": ["2026-01", "2026-02", "2026-03", "2026-02", "2026-03", "2025-12"],
            "metric": ["revenue"] * 6,
            # R2's February quota is already pro-rated for the hire date, as in the sample;
            # R1 has no quota for October and November 2025 (a partial 2025-Q4)
            "target": [10_000.0, 10_000.0, 10_000.0, 7_000.0, 15_000.0, 10_000.0],
        }),
    }  # fmt: skip


@pytest.fixture(scope="session")
def hand_ws(tmp_path_factory):
    ws = Workspace.create(tmp_path_factory.mktemp("incentives") / "ws")
    ws.write_tables(hand_tables(), today=date(2026, 4, 1))
    return ws
