"""Goal sets in the decisions store: load the latest, list what each team saved, save a version.

Thin helpers over :class:`fieldsales.state.StateStore` (documents of kind
``goals``, keyed by :func:`fieldsales.goals.goal_key`), so the app and a
notebook save and read goal sets the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from ._goalset import GOALS_KIND, GoalSet, goal_key, targets_from_body

if TYPE_CHECKING:
    from ..state import StateStore

__all__ = ["SavedGoals", "load_goals", "saved_by_team", "save_goals"]


@dataclass
class SavedGoals:
    """The latest saved version of a goal set (``version`` 0: nothing saved yet)."""

    key: str
    version: int = 0
    saved_by: str = ""
    saved_at: Any = None  # UTC datetime
    targets: dict[str, float] = field(default_factory=dict)
    history: pd.DataFrame = field(default_factory=pd.DataFrame)  # version, saved_by, saved_at, note

    @property
    def text(self) -> str:
        """``Version 3 saved by li.wei at 2026-11-03 14:05 UTC.``, or that none is saved."""
        if not self.version:
            return "Not saved yet: the targets shown are the proposals."
        return (
            f"Version {self.version} saved by {self.saved_by} at "
            f"{pd.Timestamp(self.saved_at):%Y-%m-%d %H:%M} UTC."
        )


def load_goals(store: StateStore, key: str) -> SavedGoals:
    """The latest version of the goal set ``key`` and the list of its versions."""
    doc = store.latest(GOALS_KIND, key)
    if doc is None:
        return SavedGoals(key)
    return SavedGoals(
        key, doc.version, doc.saved_by, doc.saved_at, targets_from_body(doc.body),
        store.history(GOALS_KIND, key),
    )  # fmt: skip


def saved_by_team(
    store: StateStore, period: str, metric: str, teams: Iterable[str]
) -> tuple[dict[str, float], list[SavedGoals]]:
    """Targets saved for ``period`` and ``metric`` by any of ``teams`` (``rep_id`` -> target),
    and the latest version of each team that saved one."""
    keys = set(store.list_keys(GOALS_KIND))
    targets: dict[str, float] = {}
    found = []
    for team in teams:
        key = goal_key(period, team, metric)
        if key in keys:
            saved = load_goals(store, key)
            targets.update(saved.targets)
            found.append(saved)
    return targets, found


def save_goals(
    store: StateStore,
    goals: GoalSet,
    saved_by: str,
    *,
    note: str | None = None,
    expected_version: int | None = None,
) -> int:
    """Save ``goals`` as the next version of its key; returns the version number.

    ``expected_version`` is the version the edit started from (0: none): when
    someone saved since, :class:`fieldsales.state.StateConflictError` says who.
    """
    key = goal_key(goals.period.label, goals.team, goals.model.metric.id)
    return store.save_document(
        GOALS_KIND, key, goals.body(), saved_by, note=note, expected_version=expected_version
    )
