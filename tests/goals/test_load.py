"""Reading a workspace: the metric's history agrees with the KPI layer; books; the model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fieldsales.goals import (
    GoalModel,
    GoalSet,
    data_window,
    load_books,
    load_currency,
    load_history,
    target_period,
)
from fieldsales.kpis import compute


def test_the_history_is_the_kpi_per_rep_and_month(sample_ws):
    start, end, months = data_window(sample_ws)
    assert str(months[-1]) == "2026-10" and months[0] >= pd.Period(start, "M")
    assert len(months) <= 16
    history = load_history(sample_ws, "revenue")
    reps = sample_ws.frame("reps")
    assert set(history.reps["rep_id"]) == set(reps.loc[reps["role"] != "manager", "rep_id"])
    kpis = compute(sample_ws, ["revenue_won", "rep_fte"], grain="month",
                   period=f"{months[0]}..{months[-1]}", by="rep")  # fmt: skip
    expected = kpis.groupby("rep_id")["revenue_won"].sum()
    got = pd.Series(history.actual.sum(axis=1), index=history.reps["rep_id"])
    assert got.reindex(expected.index).to_numpy() == pytest.approx(expected.to_numpy())
    assert history.fte.max() <= 1.0 and history.fte.sum() == pytest.approx(kpis["rep_fte"].sum())
    visits = load_history(sample_ws, "visits")
    assert visits.metric.kpi == "customer_visits" and visits.actual.sum() > 0


def test_books_and_currency(sample_ws):
    months = data_window(sample_ws)[2]
    book = load_books(sample_ws, months)
    accounts = sample_ws.frame("accounts")
    owned = accounts["owner_rep_id"].value_counts()
    assert book[["A", "B", "C"]].sum(axis=1).reindex(owned.index).tolist() == owned.tolist()
    values = book.attrs["tier_values"]
    assert set(values) == {"A", "B", "C"} and all(v >= 0 for v in values.values())
    assert load_currency(sample_ws) == "USD"


def test_the_model_proposes_for_every_rep_employed_now(sample_ws):
    model = GoalModel.load(sample_ws, "revenue")
    reps = sample_ws.frame("reps")
    working = reps[(reps["role"] != "manager") & reps["exit_date"].isna()]
    proposals = model.proposals("2027-Q1")
    assert set(proposals["rep_id"]) == set(working["rep_id"])
    assert (proposals["proposed"] >= 0).all() and np.isfinite(proposals["proposed"]).all()
    assert model.proposals("2027-Q1") is proposals  # cached
    assert model.season("2027-Q1")[1] == 1  # one whole year of history
    team = working["team"].iloc[0]
    goals = GoalSet(model, target_period("2027-Q1"), team)
    assert set(goals.table["rep_id"]) == set(working.loc[working["team"] == team, "rep_id"])
    assert set(goals.checks["status"]) <= {"ok", "warn", "fail", "unknown"}
    assert len(model.pool("2027-Q1")) > 0  # 16 months: quarters with a year before them
