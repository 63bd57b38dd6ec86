"""The equity analysis read from a generated workspace: windows, groups, one reference."""

from __future__ import annotations

import pandas as pd
import pytest

from fieldsales.equity import MIN_GROUP_REPS, load_equity
from fieldsales.exceptions import ConfigError
from fieldsales.sample import generate, write_workspace


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    data = generate(reps=24, months=8, seed=11, end="2026-10", truth_sims=1)
    return write_workspace(data, tmp_path_factory.mktemp("equity") / "ws")


def test_what_is_read(ws):
    data = load_equity(ws)
    reps = ws.frame("reps")
    assert "manager" not in set(data.reps["role"])
    assert len(data.reps) == (reps["role"] != "manager").sum()
    assert data.end == pd.Timestamp("2026-10-31")
    assert data.target_months == ("2025-11", "2026-10")  # the 12 months up to the last quota
    assert set(data.targets["rep_id"]) <= set(data.reps["rep_id"])
    assert (data.targets["target_per_fte"] > 0).all()
    assert data.place in ("territory", "region")
    assert data.columns == ["gender", "age_band"]
    assert data.attrition_window == (pd.Timestamp("2024-11-01"), pd.Timestamp("2026-10-31"))


def test_one_reference_group_for_both_gaps(ws):
    data = load_equity(ws)
    reference = data.reference("gender")
    counts = data.reps["gender"].value_counts()
    assert reference == counts.index[0] and counts.iloc[0] >= MIN_GROUP_REPS
    for table in (data.target_gap("gender"), data.attrition_gap("gender")):
        refs = table.loc[table["verdict"] == "reference group", "group"]
        assert list(refs) == [reference]
    assert data.target_gap("gender") is data.target_gap("gender")  # computed once


def test_composition_counts_the_reps_at_work(ws):
    data = load_equity(ws)
    comp = data.composition("gender")
    at_work = data.reps[data.reps["exit_date"].isna() | (data.reps["exit_date"] >= data.end)]
    assert comp.loc[comp["team"] == "All teams", "reps"].sum() == len(at_work)
    assert comp.groupby("team")["share"].sum().round(9).eq(1).all()


def test_an_unknown_group_column(ws):
    with pytest.raises(ConfigError, match="no values in 'religion'; group columns with values"):
        load_equity(ws).target_gap("religion")
