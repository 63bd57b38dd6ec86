"""A small, valid, hand-built set of all eleven canonical tables."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

NA = np.nan
TODAY = date(2024, 6, 30)


def make_tables() -> dict[str, pd.DataFrame]:
    """Fresh valid tables, dates as ISO text (as read from CSV)."""
    return {
        "reps": pd.DataFrame(
            {
                "rep_id": ["R1", "R2", "R3"],
                "name": ["Mia Manager", "Ravi Field", "Ines Inside"],
                "email": ["mia@example.com", "ravi@example.com", NA],
                "manager_id": [NA, "R1", "R1"],
                "team": ["North", "North", "North"],
                "region": ["EU", "EU", "EU"],
                "territory": ["Lyon", "Lyon", "Remote"],
                "hire_date": ["2018-01-15", "2020-03-01", "2021-06-01"],
                "exit_date": [NA, NA, "2024-03-31"],
                "exit_type": [NA, NA, "voluntary"],
                "role": ["manager", "field_rep", "inside_rep"],
                "gender": ["f", "m", NA],
                "age_band": ["40-49", "30-39", "20-29"],
            }
        ),
        "accounts": pd.DataFrame(
            {
                "account_id": ["A1", "A2"],
                "name": ["Boulangerie Paul", "Garage Martin"],
                "owner_rep_id": ["R2", NA],
                "tier": ["A", "B"],
                "segment": ["SMB", "SMB"],
                "region": ["EU", "EU"],
                "created_date": ["2019-05-01", "2022-02-14"],
            }
        ),
        "deals": pd.DataFrame(
            {
                "deal_id": ["D1", "D2", "D3"],
                "account_id": ["A1", "A1", "A2"],
                "rep_id": ["R2", "R2", "R3"],
                "amount": [1000.0, 5000.0, 200.0],
                "currency": ["EUR", "EUR", "EUR"],
                "stage": ["Negotiation", "Closed Won", "Closed Lost"],
                "status": ["open", "won", "lost"],
                "created_date": ["2024-05-01", "2024-01-10", "2023-11-01"],
                "close_date": ["2024-08-01", "2024-02-20", "2023-12-01"],
                "product": ["Ovens", "Ovens", NA],
            }
        ),
        "activities": pd.DataFrame(
            {
                "activity_id": ["X1", "X2", "X3"],
                "rep_id": ["R2", "R2", "R3"],
                "account_id": ["A1", NA, "A2"],
                "type": ["visit", "call", "email"],
                "started_at": ["2024-06-03 09:30", "2024-06-04 14:00", "2024-03-31 17:00"],
                "duration_minutes": [45.0, NA, 5.0],
            }
        ),
        "quotas": pd.DataFrame(
            {
                "rep_id": ["R2", "R2", "R3"],
                "period": ["2024-06", "2024-06", "2024-03"],
                "metric": ["revenue", "visits", "revenue"],
                "target": [10000.0, 20.0, 5000.0],
            }
        ),
        "one_on_ones": pd.DataFrame(
            {
                "rep_id": ["R2", "R3"],
                "manager_id": ["R1", "R1"],
                "date": ["2024-06-10", "2024-03-01"],
                "minutes": [30.0, NA],
                "notes": ["pipeline review", NA],
            }
        ),
        "trainings": pd.DataFrame(
            {
                "rep_id": ["R2", "R3"],
                "course": ["Negotiation basics", "CRM hygiene"],
                "completed_on": ["2024-02-15", "2023-09-01"],
                "hours": [4.0, 1.5],
                "score": [85.0, NA],
            }
        ),
        "customer_feedback": pd.DataFrame(
            {
                "account_id": ["A1", "A2"],
                "rep_id": ["R2", NA],
                "date": ["2024-06-12", "2024-05-02"],
                "csat": [5.0, NA],
                "nps": [9.0, 6.0],
                "comment": ["Great service", NA],
            }
        ),
        "pulse_surveys": pd.DataFrame(
            {
                "rep_id": ["R2", "R1"],
                "date": ["2024-06-01", "2024-06-01"],
                "engagement": [4.0, 3.0],
                "stress": [2.0, 3.0],
            }
        ),
        "complaints": pd.DataFrame(
            {
                "complaint_id": ["C1", "C2"],
                "account_id": ["A1", "A2"],
                "rep_id": ["R2", NA],
                "opened_at": ["2024-05-03 10:00", "2024-06-20 08:15"],
                "first_response_at": ["2024-05-03 11:30", NA],
                "resolved_at": ["2024-05-06 16:00", NA],
                "severity": ["medium", "low"],
                "category": ["delivery", "billing"],
            }
        ),
        "compliance": pd.DataFrame(
            {
                "rep_id": ["R2", "R1"],
                "item": ["Code of conduct", "Data protection"],
                "kind": ["contract", "certification"],
                "due_date": ["2024-01-31", "2024-09-30"],
                "completed_on": ["2024-01-20", NA],
                "expires_on": [NA, NA],
            }
        ),
    }


@pytest.fixture
def tables() -> dict[str, pd.DataFrame]:
    return make_tables()


@pytest.fixture
def today() -> date:
    return TODAY
