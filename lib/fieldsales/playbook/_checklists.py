"""Practice checklists as data: ``checklists/practice-NN.yaml``, English and Chinese.

Each file holds one practice's checklist: its title and lead line, and the
items, each with a stable ``id`` (saved answers in :mod:`fieldsales.state`
are keyed by it), the text in ``en`` and ``zh``, and a hint of what counts as
``evidence``. An item is never renamed or reused; one that no longer applies
is marked ``retired: true`` and is no longer seeded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from ..exceptions import ConfigError

__all__ = [
    "ChecklistItem",
    "PracticeChecklist",
    "load_checklist",
    "parse_checklist",
    "checklist_practices",
    "checklist_name",
    "LANGUAGES",
]

#: Languages every text is given in.
LANGUAGES = ("en", "zh")
_ID = re.compile(r"^p(\d{1,2})-[a-z0-9]+(-[a-z0-9]+)*$")
_FILE = re.compile(r"^practice-(\d{1,2})\.yaml$")


@dataclass(frozen=True)
class ChecklistItem:
    """One item: its stable id, its text and evidence hint per language."""

    id: str
    text: dict[str, str]
    evidence: dict[str, str]
    retired: bool = False

    def text_in(self, lang: str = "en") -> str:
        """The item's text in ``lang`` (English when that language is missing)."""
        return self.text.get(lang) or self.text["en"]

    def evidence_in(self, lang: str = "en") -> str:
        """What counts as evidence, in ``lang`` (empty when the item gives no hint)."""
        return self.evidence.get(lang) or self.evidence.get("en", "")


@dataclass(frozen=True)
class PracticeChecklist:
    """The checklist of one of the twenty practices."""

    practice: int
    title: dict[str, str]
    lead: dict[str, str]
    items: tuple[ChecklistItem, ...]

    def active(self) -> list[ChecklistItem]:
        """The items in use (not retired), in order."""
        return [item for item in self.items if not item.retired]

    def seed(self, lang: str = "en") -> list[tuple[str, str]]:
        """``(item_id, text)`` pairs for :meth:`fieldsales.state.StateStore.ensure_checklist`."""
        return [(item.id, item.text_in(lang)) for item in self.active()]

    def title_in(self, lang: str = "en") -> str:
        return self.title.get(lang) or self.title["en"]

    def lead_in(self, lang: str = "en") -> str:
        return self.lead.get(lang) or self.lead["en"]


def checklist_practices() -> list[int]:
    """The practices that have a checklist file, in order."""
    folder = resources.files("fieldsales.playbook").joinpath("checklists")
    found = (_FILE.match(entry.name) for entry in folder.iterdir())
    return sorted(int(m.group(1)) for m in found if m)


def checklist_name(practice: int, team: str = "") -> str:
    """The store's name for a checklist: ``practice-20/company`` or ``practice-20/team/East 3``."""
    return f"practice-{practice}/" + (f"team/{team}" if team else "company")


@cache
def load_checklist(practice: int) -> PracticeChecklist:
    """The checklist of ``practice`` (e.g. 19 or 20), checked.

    Raises
    ------
    ConfigError
        When the practice has no checklist, or its file is malformed (every
        problem listed at once).
    """
    name = f"practice-{int(practice)}.yaml"
    path = resources.files("fieldsales.playbook").joinpath("checklists", name)
    if not path.is_file():
        have = ", ".join(map(str, checklist_practices())) or "none"
        raise ConfigError(f"practice {practice} has no checklist; practices with one: {have}")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return parse_checklist(raw, where=name)


def parse_checklist(raw: object, *, where: str = "checklist") -> PracticeChecklist:
    """Build a :class:`PracticeChecklist` from the YAML's data, listing every problem."""
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a mapping with practice, title, lead and items")
    practice = raw.get("practice")
    if not isinstance(practice, int) or not 1 <= practice <= 20:
        problems.append(f"practice: expected a number from 1 to 20, got {practice!r}")
        practice = 0
    title = _texts(raw.get("title"), "title", problems)
    lead = _texts(raw.get("lead"), "lead", problems)
    items, seen = [], set()
    entries = raw.get("items")
    if not isinstance(entries, list) or not entries:
        problems.append("items: expected a list of items")
        entries = []
    for i, entry in enumerate(entries):
        at = f"items[{i}]"
        if not isinstance(entry, dict):
            problems.append(f"{at}: expected a mapping with id, en, zh")
            continue
        item_id = entry.get("id")
        match = _ID.match(item_id) if isinstance(item_id, str) else None
        if not match or int(match.group(1)) != practice:
            problems.append(
                f"{at}.id: expected 'p{practice}-words-with-dashes' (lower case), got {item_id!r}"
            )
        elif item_id in seen:
            problems.append(f"{at}.id: {item_id!r} is given twice; ids must be unique")
        seen.add(item_id)
        text = _texts({k: entry.get(k) for k in LANGUAGES}, f"{at}", problems)
        hint = entry.get("evidence") or {}
        evidence = _texts(hint, f"{at}.evidence", problems) if hint else {}
        unknown = sorted(set(entry) - {"id", "evidence", "retired", *LANGUAGES})
        if unknown:
            problems.append(f"{at}: unknown keys {unknown}; use id, en, zh, evidence, retired")
        items.append(ChecklistItem(str(item_id), text, evidence, bool(entry.get("retired"))))
    if problems:
        raise ConfigError(f"{where}: {len(problems)} problem(s)\n  " + "\n  ".join(problems))
    return PracticeChecklist(practice, title, lead, tuple(items))


def _texts(value: object, where: str, problems: list[str]) -> dict[str, str]:
    if not isinstance(value, dict):
        problems.append(f"{where}: expected texts in {', '.join(LANGUAGES)}")
        return {}
    out = {}
    for lang in LANGUAGES:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}.{lang}: expected a text, got {text!r}")
        else:
            out[lang] = " ".join(text.split())
    return out
