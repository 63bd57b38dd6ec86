"""The decisions store: what managers decide in the apps, kept safe.

Goal sets and commission plans (versioned JSON documents: who saved which
version when), 1:1 records with their action items, and checklist answers,
saved in the workspace's ``state.sqlite`` (SQLite in WAL mode) or, through
``FIELDSALES_STATE_URL``, on a PostgreSQL server. Every save is one
transaction; several processes saving at once lose nothing. See ``docs/state.md``.

>>> from fieldsales.state import open_store
>>> with open_store(ws) as store:                                # doctest: +SKIP
...     v = store.save_document("goals", "2026-Q3/team-north", goals, saved_by="li")
...     store.latest("goals", "2026-Q3/team-north").body
"""

from ._checklists import CHECKLIST_STATUSES
from ._documents import Document
from ._engine import BUSY_TIMEOUT_S, ENV_URL
from ._errors import (
    StateConflictError,
    StateError,
    StateNotFoundError,
    StateStoreError,
    StateValueError,
)
from ._one_on_ones import ACTION_STATUSES
from ._store import StateStore, open_store
from ._tables import STATE_SCHEMA_VERSION
from ._values import UNCHANGED

__all__ = [
    "open_store",
    "StateStore",
    "Document",
    "CHECKLIST_STATUSES",
    "ACTION_STATUSES",
    "UNCHANGED",
    "ENV_URL",
    "BUSY_TIMEOUT_S",
    "STATE_SCHEMA_VERSION",
    "StateError",
    "StateValueError",
    "StateConflictError",
    "StateNotFoundError",
    "StateStoreError",
]
