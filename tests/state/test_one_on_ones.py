from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from fieldsales.state import StateNotFoundError, StateValueError

ACTIONS = [
    {"text": "Shadow two customer visits", "owner": "R001", "due": date(2026, 6, 30)},
    {"text": "Send the pricing sheet", "owner": "li", "due": "2026-06-10"},
]


def test_record_with_actions_round_trips(store):
    record_id = store.record_one_on_one(
        "R001", date(2026, 6, 3), "Pipeline review; wants training.", ACTIONS, saved_by="li"
    )
    records = store.one_on_ones()
    assert records["record_id"].tolist() == [record_id]
    row = records.iloc[0]
    assert (row.rep_id, row.manager, row.saved_by) == ("R001", "li", "li")
    assert row.held_on == pd.Timestamp("2026-06-03")
    assert row.notes == "Pipeline review; wants training."
    assert (row.actions, row.open_actions) == (2, 2)

    actions = store.open_actions()
    assert list(actions.columns) == [
        "action_id", "record_id", "rep_id", "held_on", "text", "owner", "due", "overdue"
    ]  # fmt: skip
    assert actions["text"].tolist() == ["Send the pricing sheet", "Shadow two customer visits"]
    assert actions["due"].tolist() == [pd.Timestamp("2026-06-10"), pd.Timestamp("2026-06-30")]
    assert actions["overdue"].tolist() == [True, False]  # FIELDSALES_TODAY=2026-06-15
    assert set(actions["record_id"]) == {record_id}


def test_manager_may_differ_from_who_saves(store):
    store.record_one_on_one("R002", "2026-06-01", "", saved_by="assistant", manager="li")
    row = store.one_on_ones("R002").iloc[0]
    assert (row.manager, row.saved_by, row.notes, row.actions) == ("li", "assistant", "", 0)


def test_open_actions_of_one_rep_and_closing(store):
    store.record_one_on_one("R001", "2026-06-01", "a", ACTIONS[:1], saved_by="li")
    store.record_one_on_one("R002", "2026-06-02", "b", ACTIONS, saved_by="li")
    assert len(store.open_actions()) == 3
    r2 = store.open_actions("R002")
    assert set(r2["rep_id"]) == {"R002"} and len(r2) == 2

    first = int(r2["action_id"].iloc[0])
    assert store.close_action(first, "wang") is True
    assert store.close_action(first, "li") is False  # already done: the first closer stays
    assert first not in store.open_actions()["action_id"].tolist()
    done = store.actions("R002").set_index("action_id").loc[first]
    assert (done.status, done.closed_by, done.overdue) == ("done", "wang", False)
    assert done.closed_at.tzinfo is not None
    assert store.one_on_ones("R002").iloc[0].open_actions == 1


def test_records_are_listed_newest_first(store):
    for day in ("2026-05-01", "2026-06-01", "2026-04-01"):
        store.record_one_on_one("R001", day, day, saved_by="li")
    assert store.one_on_ones("R001")["notes"].tolist() == ["2026-06-01", "2026-05-01", "2026-04-01"]


def test_one_invalid_action_saves_nothing(store):
    bad = [*ACTIONS, {"text": "Call back", "owner": "li", "due": "next week"}]
    with pytest.raises(
        StateValueError, match=r"actions\[2\]\.due: is not a date \(got 'next week'\)"
    ):
        store.record_one_on_one("R001", "2026-06-03", "notes", bad, saved_by="li")
    assert store.one_on_ones().empty
    assert store.open_actions().empty


def test_a_failing_insert_rolls_the_whole_record_back(store, monkeypatch):
    """Even past validation, the record and its actions commit together or not at all."""
    real_write = store._write

    def write_then_fail(fn, **kw):
        def failing(conn):
            fn(conn)
            raise RuntimeError("disk full")

        return real_write(failing, **kw)

    monkeypatch.setattr(store, "_write", write_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        store.record_one_on_one("R001", "2026-06-03", "notes", ACTIONS, saved_by="li")
    monkeypatch.undo()
    assert store.one_on_ones().empty and store.actions().empty


def test_every_problem_of_record_and_actions_is_listed(store):
    with pytest.raises(StateValueError) as info:
        store.record_one_on_one(
            "",
            date(2026, 6, 3),
            "ok",
            [{"text": "", "owner": None, "due": pd.Timestamp("2026-06-10 14:30"), "x": 1}],
            saved_by="li",
        )
    fields = [p.split(":")[0] for p in info.value.problems]
    assert fields == [
        "rep_id",
        "actions[0]",
        "actions[0].text",
        "actions[0].owner",
        "actions[0].due",
    ]
    assert "has unknown fields ['x']" in info.value.problems[1]
    assert "must be a date without a time of day" in info.value.problems[4]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"held_on": "03/06/2026"}, r"held_on: is not a date .* 'YYYY-MM-DD'"),
        ({"held_on": None}, r"held_on: is missing"),
        ({"saved_by": ""}, r"saved_by: must not be empty"),
        ({"actions": {"text": "x"}}, r"actions: must be a list of actions"),
        ({"actions": ["call"]}, r"actions\[0\]: must be a mapping"),
    ],
)
def test_invalid_record_values(store, kwargs, match):
    args = {"rep_id": "R001", "held_on": "2026-06-03", "notes": "", "saved_by": "li"} | kwargs
    with pytest.raises(StateValueError, match=match):
        store.record_one_on_one(**args)


def test_midnight_timestamps_from_a_frame_are_dates(store):
    store.record_one_on_one(
        "R001",
        pd.Timestamp("2026-06-03"),
        "",
        [{"text": "x", "owner": "li", "due": pd.Timestamp("2026-06-20")}],
        saved_by="li",
    )
    assert store.open_actions()["due"].iloc[0] == pd.Timestamp("2026-06-20")


def test_closing_an_unknown_action(store):
    with pytest.raises(StateNotFoundError, match=r"no action item 99; take it from the action_id"):
        store.close_action(99, "li")
    with pytest.raises(StateValueError, match=r"action_id: must be a whole number \(got '1'\)"):
        store.close_action("1", "li")
    with pytest.raises(StateValueError, match=r"saved_by: must not be empty"):
        store.close_action(1, "")


def test_an_id_read_from_open_actions_closes_it(store):
    store.record_one_on_one(
        "R1", "2026-06-01", "pipeline", [{"text": "call Acme", "owner": "R1", "due": "2026-06-20"}],
        saved_by="wang",
    )  # fmt: skip
    action_id = store.open_actions()["action_id"].iloc[0]  # a numpy integer, as users get it
    assert store.close_action(action_id, "wang") is True
    assert store.open_actions().empty
