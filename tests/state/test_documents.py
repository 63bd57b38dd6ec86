from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fieldsales.exceptions import FieldsalesError
from fieldsales.state import Document, StateConflictError, StateNotFoundError, StateValueError

KEY = "2026-Q3/team-north"
GOALS = {"period": "2026-Q3", "targets": [{"rep_id": "R001", "revenue": 120000.0}]}


def test_round_trip_keeps_body_and_who(store):
    before = datetime.now(UTC)
    assert store.save_document("goals", KEY, GOALS, "li.wei", note="first draft") == 1
    doc = store.latest("goals", KEY)
    assert isinstance(doc, Document)
    assert (doc.kind, doc.key, doc.version, doc.body) == ("goals", KEY, 1, GOALS)
    assert (doc.saved_by, doc.note) == ("li.wei", "first draft")
    assert doc.saved_at.tzinfo is UTC
    assert before <= doc.saved_at <= datetime.now(UTC)


def test_json_body_reads_back_as_json(store):
    body = {"name": "目标", "weights": (0.5, 0.5), "nested": {"ok": True, "none": None}}
    store.save_document("plan", "2026", body, "li")
    assert store.latest("plan", "2026").body == {
        "name": "目标",
        "weights": [0.5, 0.5],
        "nested": {"ok": True, "none": None},
    }


def test_each_save_adds_a_version_and_keeps_the_old_ones(store):
    for i in range(3):
        assert store.save_document("goals", KEY, {"i": i}, f"user{i}") == i + 1
    assert store.latest("goals", KEY).body == {"i": 2}
    assert store.get("goals", KEY, 1).body == {"i": 0}
    assert store.get("goals", KEY, 2).saved_by == "user1"


def test_history_lists_who_when_and_note_per_version(store):
    store.save_document("plan", "2026-H2", {"rate": 0.05}, "li", note="draft")
    store.save_document("plan", "2026-H2", {"rate": 0.06}, "wang")
    history = store.history("plan", "2026-H2")
    assert list(history.columns) == ["version", "saved_by", "saved_at", "note"]
    assert history["version"].tolist() == [1, 2]
    assert history["saved_by"].tolist() == ["li", "wang"]
    assert history["note"].iloc[0] == "draft" and history["note"].isna().iloc[1]
    assert str(history["saved_at"].dtype) == "datetime64[ns, UTC]"
    assert history["saved_at"].is_monotonic_increasing


def test_documents_of_other_kinds_and_keys_are_separate(store):
    store.save_document("goals", "a", {"x": 1}, "li")
    store.save_document("goals", "b", {"x": 2}, "li")
    store.save_document("plan", "a", {"x": 3}, "li")
    assert store.save_document("goals", "a", {"x": 4}, "li") == 2
    assert store.list_keys("goals") == ["a", "b"]
    assert store.list_keys("plan") == ["a"]
    assert store.list_keys("nothing") == []
    assert store.latest("plan", "a").version == 1


def test_nothing_saved_reads_as_none_and_empty_history(store):
    assert store.latest("goals", KEY) is None
    history = store.history("goals", KEY)
    assert history.empty and list(history.columns) == ["version", "saved_by", "saved_at", "note"]


def test_get_of_a_missing_version_names_the_saved_ones(store):
    store.save_document("goals", KEY, GOALS, "li")
    with pytest.raises(StateNotFoundError, match=r"no version 5; its saved versions are 1 to 1"):
        store.get("goals", KEY, 5)
    with pytest.raises(LookupError, match=r"nothing is saved as goals 'other'; list_keys"):
        store.get("goals", "other", 1)


def test_expected_version_saves_when_nobody_else_did(store):
    assert store.save_document("goals", KEY, GOALS, "li", expected_version=0) == 1
    assert store.save_document("goals", KEY, GOALS, "li", expected_version=1) == 2


def test_conflict_names_who_saved_the_newer_version_and_when(store):
    store.save_document("goals", KEY, {"v": 1}, "li")
    store.save_document("goals", KEY, {"v": 2}, "wang.fang")
    newest = store.latest("goals", KEY)
    with pytest.raises(StateConflictError) as info:
        store.save_document("goals", KEY, {"v": "mine"}, "li", expected_version=1)
    message = str(info.value)
    assert "started from version 1, but the latest is version 2, saved by wang.fang" in message
    assert f"{newest.saved_at:%Y-%m-%d %H:%M:%S} UTC" in message
    assert "nothing was saved" in message and "Reload the latest version" in message
    err = info.value
    assert (err.expected_version, err.latest_version, err.saved_by) == (1, 2, "wang.fang")
    assert err.saved_at == newest.saved_at
    assert isinstance(err, FieldsalesError)
    assert store.latest("goals", KEY).version == 2


def test_conflict_when_the_document_was_never_saved(store):
    with pytest.raises(StateConflictError, match=r"nothing is saved under that name"):
        store.save_document("goals", KEY, GOALS, "li", expected_version=3)
    assert store.latest("goals", KEY) is None


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"saved_by": ""}, r"saved_by: must not be empty \(got ''\) — pass the name or login"),
        ({"saved_by": None}, r"saved_by: is missing"),
        ({"kind": ""}, r"kind: must not be empty"),
        ({"key": 7}, r"key: must be text \(got 7\)"),
        ({"key": "x" * 300}, r"key: is 300 characters long, at most 200 fit"),
        ({"body": None}, r"body: is missing"),
        (
            {"body": {"when": datetime(2026, 1, 1)}},
            r"body: cannot be stored as JSON .*'YYYY-MM-DD'",
        ),
        ({"body": {"x": float("nan")}}, r"body: cannot be stored as JSON"),
        ({"expected_version": -1}, r"expected_version: must be a whole number >= 0 \(got -1\)"),
        ({"expected_version": "2"}, r"expected_version: must be a whole number"),
    ],
)
def test_invalid_values_are_refused_with_the_field_named(store, kwargs, match):
    args = {"kind": "goals", "key": KEY, "body": GOALS, "saved_by": "li"} | kwargs
    with pytest.raises(StateValueError, match=match):
        store.save_document(**args)
    assert store.list_keys("goals") == []


def test_every_invalid_value_is_listed_at_once(store):
    with pytest.raises(StateValueError) as info:
        store.save_document("goals", "", object(), " ")
    assert [p.split(":")[0] for p in info.value.problems] == ["key", "body", "saved_by"]
    assert "3 problem(s)" in str(info.value) and str(info.value).endswith("nothing was saved")
