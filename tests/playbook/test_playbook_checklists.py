"""The practice checklists as data: both languages, stable ids, every problem reported."""

from __future__ import annotations

import pytest

from fieldsales.exceptions import ConfigError
from fieldsales.playbook import (
    LANGUAGES,
    checklist_name,
    checklist_practices,
    load_checklist,
    parse_checklist,
)

#: The item ids as first published. Saved answers are keyed by them: an id may be
#: added (at the end) or retired, never renamed, reused or removed from this list.
STABLE_IDS = {
    19: [
        "p19-partner-owners", "p19-won-deal-handoff", "p19-handoff-times",
        "p19-regular-meeting", "p19-complaint-loop", "p19-shared-records",
        "p19-lead-agreement", "p19-product-feedback", "p19-finance-rules", "p19-shared-goal",
        "p19-joint-visits", "p19-escalation", "p19-recognition",
    ],
    20: [
        "p20-composition-review", "p20-target-gap", "p20-pay-gap", "p20-attrition-gap",
        "p20-inclusive-hiring", "p20-bias-training", "p20-territory-allocation",
        "p20-evaluation-criteria", "p20-inclusive-calendar", "p20-languages",
        "p20-customer-cultures", "p20-speak-up", "p20-group-data",
    ],
}  # fmt: skip


def test_the_practices_with_a_checklist():
    assert checklist_practices() == [19, 20]


@pytest.mark.parametrize("practice", [19, 20])
def test_published_ids_are_kept_in_order(practice):
    ids = [item.id for item in load_checklist(practice).items]
    assert ids[: len(STABLE_IDS[practice])] == STABLE_IDS[practice]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("practice", [19, 20])
def test_every_text_in_english_and_chinese(practice):
    checklist = load_checklist(practice)
    assert checklist.practice == practice
    for lang in LANGUAGES:
        assert checklist.title_in(lang) and checklist.lead_in(lang)
    assert checklist.title_in("zh") != checklist.title_in("en")
    for item in checklist.items:
        assert item.id.startswith(f"p{practice}-")
        assert item.text["en"] != item.text["zh"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in item.text["zh"])  # Chinese characters
        assert item.evidence_in("en") and item.evidence_in("zh")
        assert "  " not in item.text_in("en")  # folded YAML is one line


def test_titles_match_the_playbook():
    assert load_checklist(19).title == {"en": "Cross-department collaboration", "zh": "跨部门协作"}
    assert load_checklist(20).title == {"en": "Cultural diversity", "zh": "文化多样性管理"}


def test_seed_gives_the_store_id_text_pairs():
    seed = load_checklist(20).seed()
    assert seed[0] == (
        "p20-composition-review",
        "Review your team's composition by gender and age band at least twice a year.",
    )
    assert len(seed) == 13


def test_the_store_name_of_a_checklist():
    assert checklist_name(19) == "practice-19/company"
    assert checklist_name(20, "East 3") == "practice-20/team/East 3"


def _raw(**changes):
    raw = {
        "practice": 19,
        "title": {"en": "T", "zh": "标题"},
        "lead": {"en": "L", "zh": "说明"},
        "items": [
            {"id": "p19-one", "en": "One", "zh": "一"},
            {"id": "p19-two", "en": "Two", "zh": "二", "retired": True},
        ],
    }
    raw.update(changes)
    return raw


def test_a_retired_item_is_kept_but_not_seeded():
    checklist = parse_checklist(_raw())
    assert [i.id for i in checklist.items] == ["p19-one", "p19-two"]
    assert [i.id for i in checklist.active()] == ["p19-one"]
    assert checklist.seed("zh") == [("p19-one", "一")]
    assert checklist.items[0].evidence_in("en") == ""


def test_every_problem_of_a_file_is_listed_at_once():
    items = [
        {"id": "p19-one", "en": "One", "zh": "一"},
        {"id": "p19-one", "en": "Again", "zh": "又"},
        {"id": "p20-wrong", "en": "Wrong practice", "zh": "错"},
        {"id": "p19-no-zh", "en": "No Chinese"},
        {"id": "p19-extra", "en": "E", "zh": "额", "owner": "me"},
        "not a mapping",
    ]
    with pytest.raises(ConfigError, match=r"5 problem\(s\)") as err:
        parse_checklist(_raw(items=items), where="practice-19.yaml")
    text = str(err.value)
    assert "practice-19.yaml" in text
    assert "'p19-one' is given twice" in text
    assert "expected 'p19-words-with-dashes'" in text and "'p20-wrong'" in text
    assert "items[3].zh: expected a text" in text
    assert "unknown keys ['owner']" in text
    assert "items[5]: expected a mapping" in text


def test_a_malformed_header_is_reported():
    with pytest.raises(ConfigError, match="practice: expected a number from 1 to 20"):
        parse_checklist(_raw(practice=21, title="T"))
    with pytest.raises(ConfigError, match="expected a mapping"):
        parse_checklist(["not", "a", "mapping"])


def test_a_practice_without_a_checklist():
    with pytest.raises(
        ConfigError, match="practice 7 has no checklist; practices with one: 19, 20"
    ):
        load_checklist(7)
