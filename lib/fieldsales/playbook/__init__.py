"""The playbook's practices as data: the checklists of practices 19 and 20 (en + zh).

>>> from fieldsales.playbook import load_checklist, checklist_name
>>> checklist = load_checklist(20)
>>> checklist.items[0].id
'p20-composition-review'
>>> checklist_name(20, "East 3")
'practice-20/team/East 3'

Item ids are stable: the answers managers save (:mod:`fieldsales.state`) are
keyed by them. See ``docs/checklists.md``.
"""

from ._checklists import (
    LANGUAGES,
    ChecklistItem,
    PracticeChecklist,
    checklist_name,
    checklist_practices,
    load_checklist,
    parse_checklist,
)
from ._practices import PRACTICE_TITLES, practice_name

__all__ = [
    "PRACTICE_TITLES",
    "practice_name",
    "load_checklist",
    "parse_checklist",
    "checklist_practices",
    "checklist_name",
    "ChecklistItem",
    "PracticeChecklist",
    "LANGUAGES",
]
