"""A tiny workspace built by hand; every KPI's expected value is worked out in test_by_hand.py."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from fieldsales import Workspace

NA = np.nan


def hand_tables() -> dict[str, pd.DataFrame]:
    ts = pd.Timestamp
    return {
        "reps": pd.DataFrame({
            "rep_id": ["M1", "R1", "R2", "R3"],
            "name": ["Mia Manager", "Rui Field", "Rosa Inside", "Ravi New"],
            "email": ["m1@x.com", "r1@x.com", "r2@x.com", "r3@x.com"],
            "manager_id": [NA, "M1", "M1", "M1"],
            "team": ["T1", "T1", "T1", "T2"],
            "region": ["North", "North", "North", "South"],
            "territory": ["N", "N-1", "N-2", "S-1"],
            "hire_date": [ts("2020-01-01"), ts("2026-01-01"), ts("2025-06-01"), ts("2026-02-16")],
            "exit_date": [pd.NaT, pd.NaT, ts("2026-02-14"), pd.NaT],
            "exit_type": [NA, NA, "voluntary", NA],
            "role": ["manager", "field_rep", "inside_rep", "field_rep"],
        }),
        "accounts": pd.DataFrame({
            "account_id": ["A1", "A2", "A3"],
            "name": ["Alpha", "Beta", "Gamma"],
            "owner_rep_id": ["R1", "R1", "R3"],
            "tier": ["A", "C", "B"],
            "segment": ["Enterprise", "SMB", "Mid-Market"],
            "region": ["North", "North", "South"],
            "created_date": [ts("2025-01-01"), ts("2025-06-01"), ts("2026-02-20")],
        }),
        "deals": pd.DataFrame({
            "deal_id": ["D1", "D2", "D3", "D4", "D5", "D6"],
            "account_id": ["A1", "A1", "A2", "A2", "A3", "A3"],
            "rep_id": ["R1", "R1", "R1", "R1", "R3", "R2"],
            "amount": [1000.0, 3000.0, 500.0, 2000.0, 4000.0, 700.0],
            "currency": ["USD"] * 6,
            "stage": ["Closed Won", "Closed Won", "Closed Lost", "Proposal", "Closed Won",
                      "Closed Lost"],
            "status": ["won", "won", "lost", "open", "won", "lost"],
            "created_date": [ts("2026-01-05"), ts("2026-01-10"), ts("2026-01-15"),
                             ts("2026-02-01"), ts("2026-02-20"), ts("2026-01-03")],
            "close_date": [ts("2026-01-20"), ts("2026-02-10"), ts("2026-02-05"),
                           ts("2026-04-30"), ts("2026-02-27"), ts("2026-01-31")],
            "product": ["Core", "Core", NA, NA, "Core", "Add-on"],
        }),
        "activities": pd.DataFrame({
            "activity_id": ["X1", "X2", "X3", "X4", "X5"],
            "rep_id": ["R1", "R1", "R1", "R2", "R3"],
            "account_id": ["A1", "A1", "A2", NA, "A3"],
            "type": ["visit", "call", "email", "call", "demo"],
            "started_at": [ts("2026-01-06 10:00"), ts("2026-01-31 23:30"),
                           ts("2026-02-07 09:00"), ts("2026-02-02 14:00"),
                           ts("2026-02-20 11:00")],
            "duration_minutes": [60.0, 10.0, NA, 5.0, 45.0],
        }),
        "quotas": pd.DataFrame({
            "rep_id": ["R1", "R1", "R2", "R2", "R3"],
            "period": ["2026-01", "2026-02", "2026-01", "2026-02", "2026-02"],
            "metric": ["revenue"] * 5,
            "target": [2000.0, 4000.0, 1000.0, 0.0, 2000.0],
        }),
        "one_on_ones": pd.DataFrame({
            "rep_id": ["R1", "R1", "R3"],
            "manager_id": ["M1", "M1", "M1"],
            "date": [ts("2026-01-15"), ts("2026-02-12"), ts("2026-02-25")],
            "minutes": [30.0, 30.0, 20.0],
            "notes": [NA, NA, NA],
        }),
        "trainings": pd.DataFrame({
            "rep_id": ["R1", "R3"],
            "course": ["CRM basics", "Product fundamentals"],
            "completed_on": [ts("2026-01-20"), ts("2026-02-18")],
            "hours": [2.0, 4.0],
            "score": [80.0, NA],
        }),
        "customer_feedback": pd.DataFrame({
            "account_id": ["A1", "A1", "A3"],
            "rep_id": ["R1", "R1", "R3"],
            "date": [ts("2026-01-25"), ts("2026-02-15"), ts("2026-02-28")],
            "csat": [5.0, 3.0, 4.0],
            "nps": [10.0, 6.0, 8.0],
            "comment": [NA, "slow", NA],
        }),
        "pulse_surveys": pd.DataFrame({
            "rep_id": ["R1", "R1", "R3"],
            "date": [ts("2026-01-28"), ts("2026-02-25"), ts("2026-02-26")],
            "engagement": [4.0, 3.0, 5.0],
            "stress": [2.0, 4.0, 1.0],
        }),
        "complaints": pd.DataFrame({
            "complaint_id": ["C1", "C2"],
            "account_id": ["A1", "A3"],
            "rep_id": ["R1", "R3"],
            "opened_at": [ts("2026-01-10 09:00"), ts("2026-02-21 08:00")],
            "first_response_at": [ts("2026-01-10 19:00"), ts("2026-02-21 10:00")],
            "resolved_at": [ts("2026-01-12 09:00"), pd.NaT],
            "severity": ["high", "low"],
            "category": ["billing", "delivery"],
        }),
        "compliance": pd.DataFrame({
            "rep_id": ["R1", "R1", "R3"],
            "item": ["Employment contract", "Product certification", "Employment contract"],
            "kind": ["contract", "certification", "contract"],
            "due_date": [ts("2026-01-15"), ts("2026-02-10"), ts("2026-03-01")],
            "completed_on": [ts("2026-01-10"), pd.NaT, pd.NaT],
            "expires_on": [pd.NaT, pd.NaT, pd.NaT],
        }),
    }  # fmt: skip


@pytest.fixture(scope="session")
def hand_ws(tmp_path_factory):
    ws = Workspace.create(tmp_path_factory.mktemp("kpis") / "ws")
    ws.write_tables(hand_tables(), today=date(2026, 3, 1))
    return ws
