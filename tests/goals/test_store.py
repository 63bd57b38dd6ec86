"""Goal sets saved in, and read back from, the decisions store."""

from __future__ import annotations

import pytest
from goals_helpers import make_history, rep

from fieldsales.goals import (
    GoalModel,
    GoalSet,
    load_goals,
    save_goals,
    saved_by_team,
    target_period,
)
from fieldsales.state import StateConflictError, open_store


@pytest.fixture
def model() -> GoalModel:
    reps = [rep("A"), rep("B", team="U")]
    return GoalModel(make_history(reps, {"A": [100.0] * 8, "B": [50.0] * 8}, first="2026-03"))


def test_save_load_and_list_by_team(model, tmp_path):
    period = target_period("2027-Q1")
    with open_store(tmp_path / "state.sqlite") as store:
        assert load_goals(store, "2027-Q1/T/revenue").version == 0
        assert load_goals(store, "2027-Q1/T/revenue").text.startswith("Not saved yet")
        first = save_goals(store, GoalSet(model, period, "T", {"A": 400.0}), "li.wei",
                           expected_version=0)  # fmt: skip
        second = save_goals(store, GoalSet(model, period, "T", {"A": 450.0}), "ana",
                            note="after the review", expected_version=1)  # fmt: skip
        saved = load_goals(store, "2027-Q1/T/revenue")
        assert (first, second, saved.version, saved.saved_by) == (1, 2, 2, "ana")
        assert saved.targets == {"A": 450.0}
        assert saved.text.startswith("Version 2 saved by ana at ") and saved.text.endswith("UTC.")
        assert saved.history["note"].isna().tolist() == [True, False]
        assert saved.history["note"].iloc[1] == "after the review"
        with pytest.raises(StateConflictError):
            save_goals(store, GoalSet(model, period, "T", {"A": 1.0}), "li.wei",
                       expected_version=1)  # fmt: skip
        targets, sets = saved_by_team(store, "2027-Q1", "revenue", ["T", "U"])
        assert targets == {"A": 450.0} and [s.key for s in sets] == ["2027-Q1/T/revenue"]
