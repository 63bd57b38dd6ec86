from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from fieldsales.state import (
    CHECKLIST_STATUSES,
    StateConflictError,
    StateNotFoundError,
    StateValueError,
)

NAME = "practice-19/team-north"
ITEMS = [
    ("consent", "Reps consented to the data collected about them"),
    ("retention", "Personnel data older than the retention period is deleted"),
    {"item_id": "training", "text": "Compliance training done this year", "owner": "hr"},
]
COLUMNS = [
    "item_id", "text", "owner", "status", "evidence", "due", "version", "updated_by", "updated_at"
]  # fmt: skip


def test_seeding_creates_todo_items_in_order(store):
    assert store.ensure_checklist(NAME, ITEMS) == ["consent", "retention", "training"]
    items = store.checklist(NAME)
    assert list(items.columns) == COLUMNS
    assert items["item_id"].tolist() == ["consent", "retention", "training"]
    assert set(items["status"]) == {"todo"} and set(items["version"]) == {1}
    assert items.set_index("item_id").loc["training", "owner"] == "hr"
    assert set(items["updated_by"]) == {"fieldsales"}
    assert store.checklists() == [NAME]


def test_seeding_again_keeps_saved_answers_and_adds_new_items(store):
    store.ensure_checklist(NAME, ITEMS)
    store.save_checklist_item(
        NAME, "consent", saved_by="li", status="done", evidence="signed forms in HR folder"
    )
    changed = [("consent", "Reworded consent item"), *ITEMS[1:], ("audit", "Yearly audit")]
    assert store.ensure_checklist(NAME, changed, saved_by="setup") == ["audit"]
    items = store.checklist(NAME).set_index("item_id")
    assert items.index.tolist() == ["consent", "retention", "training", "audit"]
    consent = items.loc["consent"]
    assert (consent.status, consent.evidence, consent.version) == (
        "done",
        "signed forms in HR folder",
        2,
    )
    assert consent.text == ITEMS[0][1]  # saved text kept
    assert items.loc["audit", "updated_by"] == "setup"


def test_saving_changes_only_the_fields_given(store):
    store.ensure_checklist(NAME, ITEMS)
    assert (
        store.save_checklist_item(NAME, "retention", saved_by="li", owner="it", due="2026-07-01")
        == 2
    )
    assert store.save_checklist_item(NAME, "retention", saved_by="wang", status="doing") == 3
    row = store.checklist(NAME).set_index("item_id").loc["retention"]
    assert (row.owner, row.status, row.due, row.updated_by) == (
        "it",
        "doing",
        pd.Timestamp("2026-07-01"),
        "wang",
    )
    assert store.save_checklist_item(NAME, "retention", saved_by="li", owner=None, due=None) == 4
    row = store.checklist(NAME).set_index("item_id").loc["retention"]
    assert pd.isna(row.owner) and pd.isna(row.due) and row.status == "doing"


def test_history_keeps_every_version(store):
    store.ensure_checklist(NAME, ITEMS)
    store.save_checklist_item(NAME, "consent", saved_by="li", status="doing")
    store.save_checklist_item(NAME, "consent", saved_by="wang", status="done", evidence="link")
    history = store.checklist_history(NAME, "consent")
    assert list(history.columns) == COLUMNS
    assert history["version"].tolist() == [1, 2, 3]
    assert history["status"].tolist() == ["todo", "doing", "done"]
    assert history["updated_by"].tolist() == ["fieldsales", "li", "wang"]
    assert len(store.checklist_history(NAME)) == 5


def test_a_save_that_changes_nothing_adds_no_version(store):
    store.ensure_checklist(NAME, ITEMS)
    assert store.save_checklist_item(NAME, "consent", saved_by="li", status="todo") == 1
    assert len(store.checklist_history(NAME, "consent")) == 1


def test_an_item_not_seeded_is_added_when_text_is_given(store):
    store.ensure_checklist(NAME, ITEMS[:1])
    with pytest.raises(
        StateNotFoundError, match=r"has no item 'extra'; seed it with ensure_checklist"
    ):
        store.save_checklist_item(NAME, "extra", saved_by="li", status="done")
    assert (
        store.save_checklist_item(
            NAME, "extra", saved_by="li", text="Own item", due=date(2026, 7, 1)
        )
        == 1
    )
    assert store.checklist(NAME)["item_id"].tolist() == ["consent", "extra"]


def test_conflicting_item_edit_names_who_saved(store):
    store.ensure_checklist(NAME, ITEMS)
    store.save_checklist_item(NAME, "consent", saved_by="wang", status="doing", expected_version=1)
    with pytest.raises(StateConflictError, match=r"latest is version 2, saved by wang at .* UTC"):
        store.save_checklist_item(NAME, "consent", saved_by="li", status="done", expected_version=1)
    assert store.checklist(NAME).set_index("item_id").loc["consent", "status"] == "doing"


def test_checklists_are_separate(store):
    store.ensure_checklist("a", ITEMS[:1])
    store.ensure_checklist("b", ITEMS[:2])
    store.save_checklist_item("a", "consent", saved_by="li", status="done")
    assert store.checklist("b").set_index("item_id").loc["consent", "status"] == "todo"
    assert store.checklists() == ["a", "b"]
    empty = store.checklist("never-seeded")
    assert empty.empty and list(empty.columns) == COLUMNS


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (
            {"status": "finished"},
            r"status: is not a known value \(got 'finished'\) — use one of: todo, doing, done, "
            r"not_applicable",
        ),
        ({"due": "tomorrow"}, r"due: is not a date \(got 'tomorrow'\)"),
        ({"due": 20260701}, r"due: is not a date"),
        ({"saved_by": ""}, r"saved_by: must not be empty"),
        ({"owner": 3}, r"owner: must be text"),
        ({"text": ""}, r"text: must not be empty"),
    ],
)
def test_invalid_item_values(store, kwargs, match):
    store.ensure_checklist(NAME, ITEMS)
    with pytest.raises(StateValueError, match=match):
        store.save_checklist_item(NAME, "consent", **({"saved_by": "li"} | kwargs))
    assert store.checklist_history(NAME, "consent")["version"].tolist() == [1]


def test_invalid_seed_items_are_all_listed_and_nothing_is_seeded(store):
    with pytest.raises(StateValueError) as info:
        store.ensure_checklist(NAME, [("a", "A"), ("a", "again"), ("", "B"), "c", {"item_id": "d"}])
    problems = info.value.problems
    assert [p.split(":")[0] for p in problems] == [
        "items[1].item_id", "items[2].item_id", "items[3]", "items[4].text"
    ]  # fmt: skip
    assert "is given twice" in problems[0]
    assert store.checklist(NAME).empty


def test_statuses():
    assert CHECKLIST_STATUSES == ("todo", "doing", "done", "not_applicable")
