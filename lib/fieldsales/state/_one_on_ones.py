"""1:1 meetings: the record (date, notes) and its action items (owner, due date).

A record and all its actions are saved in one transaction: if one action is
invalid, nothing is saved. Actions stay open until closed; closing records who
closed it and when.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import case, func, insert, select, update

from .. import config
from ._errors import StateNotFoundError
from ._frames import frame
from ._tables import ID_LEN, NAME_LEN, action_items, one_on_one_records
from ._values import Problems

__all__ = ["ACTION_STATUSES", "OneOnOnesMixin"]

#: Status of an action item.
ACTION_STATUSES = ("open", "done")
_ACTION_KEYS = ("text", "owner", "due")
_WHO = "pass the name or login of the person saving"

_ACTION_COLUMNS = {
    "action_id": "int",
    "record_id": "int",
    "rep_id": "str",
    "held_on": "date",
    "text": "str",
    "owner": "str",
    "due": "date",
    "status": "str",
    "overdue": "bool",
    "closed_at": "utc",
    "closed_by": "str",
}
_OPEN_COLUMNS = ("action_id", "record_id", "rep_id", "held_on", "text", "owner", "due", "overdue")


class OneOnOnesMixin:
    """Methods of :class:`~fieldsales.state.StateStore` for 1:1 records and actions."""

    def record_one_on_one(
        self,
        rep_id: str,
        held_on: date | str,
        notes: str,
        actions: Iterable[Mapping] = (),
        *,
        saved_by: str,
        manager: str | None = None,
    ) -> int:
        """Save a 1:1 held with ``rep_id`` on ``held_on`` and its action items.

        Parameters
        ----------
        rep_id
            The rep met (``reps.rep_id``).
        held_on
            The day of the meeting (a date or ``"YYYY-MM-DD"``).
        notes
            What was discussed (may be empty).
        actions
            Action items agreed, each a mapping with ``text``, ``owner`` and
            ``due`` (a date). Every action starts open.
        saved_by
            Who saves the record.
        manager
            Who held the 1:1; ``saved_by`` when not given.

        Returns
        -------
        int
            The id of the new record.

        Raises
        ------
        StateValueError
            Listing every invalid value, of the record and of each action; nothing is saved.
        """
        problems = Problems()
        rep_id = problems.text("rep_id", rep_id, max_len=ID_LEN)
        held_on = problems.day("held_on", held_on)
        notes = "" if notes is None else problems.text("notes", notes, required=False, strip=False)
        saved_by = problems.text("saved_by", saved_by, max_len=NAME_LEN, hint=_WHO)
        if manager is not None:
            manager = problems.text("manager", manager, max_len=NAME_LEN)
        items = _check_actions(problems, actions)
        problems.raise_for(f"the 1:1 with {rep_id or 'the rep'}")
        now = datetime.now(UTC)

        def save(conn) -> int:
            record_id = conn.execute(
                insert(one_on_one_records).values(
                    rep_id=rep_id,
                    held_on=held_on,
                    manager=manager or saved_by,
                    notes=notes or "",
                    saved_by=saved_by,
                    saved_at=now,
                )
            ).inserted_primary_key[0]
            if items:
                conn.execute(
                    insert(action_items),
                    [
                        {"record_id": record_id, "rep_id": rep_id, "status": "open", **item}
                        for item in items
                    ],
                )
            return record_id

        return self._write(save)

    def one_on_ones(self, rep_id: str | None = None) -> pd.DataFrame:
        """The 1:1 records (of ``rep_id``, or all), newest first, with action counts."""
        r, a = one_on_one_records.c, action_items.c
        query = (
            select(
                r.id.label("record_id"),
                r.rep_id,
                r.held_on,
                r.manager,
                r.notes,
                r.saved_by,
                r.saved_at,
                func.count(a.id).label("actions"),
                func.coalesce(func.sum(case((a.status == "open", 1), else_=0)), 0).label(
                    "open_actions"
                ),
            )
            .select_from(one_on_one_records.outerjoin(action_items))
            .group_by(r.id)
            .order_by(r.held_on.desc(), r.id.desc())
        )
        if rep_id is not None:
            query = query.where(r.rep_id == rep_id)
        with self._read() as conn:
            rows = conn.execute(query).mappings()
            return frame(
                rows,
                {
                    "record_id": "int",
                    "rep_id": "str",
                    "held_on": "date",
                    "manager": "str",
                    "notes": "str",
                    "saved_by": "str",
                    "saved_at": "utc",
                    "actions": "int",
                    "open_actions": "int",
                },
            )

    def actions(self, rep_id: str | None = None) -> pd.DataFrame:
        """Every action item (of ``rep_id``, or all), open and done, by due date."""
        return self._actions(rep_id, open_only=False)

    def open_actions(self, rep_id: str | None = None) -> pd.DataFrame:
        """The open action items (of ``rep_id``, or all), by due date.

        Columns: action_id, record_id, rep_id, held_on, text, owner, due and
        overdue (due before today; ``FIELDSALES_TODAY`` sets today).
        """
        return self._actions(rep_id, open_only=True)[list(_OPEN_COLUMNS)]

    def _actions(self, rep_id: str | None, *, open_only: bool) -> pd.DataFrame:
        a, r = action_items.c, one_on_one_records.c
        query = (
            select(
                a.id.label("action_id"),
                a.record_id,
                a.rep_id,
                r.held_on,
                a.text,
                a.owner,
                a.due,
                a.status,
                a.closed_at,
                a.closed_by,
            )
            .select_from(action_items.join(one_on_one_records))
            .order_by(a.due, a.rep_id, a.id)
        )
        if rep_id is not None:
            query = query.where(a.rep_id == rep_id)
        if open_only:
            query = query.where(a.status == "open")
        today = config.today()
        with self._read() as conn:
            rows = [
                {**row, "overdue": row["status"] == "open" and row["due"] < today}
                for row in conn.execute(query).mappings()
            ]
        return frame(rows, _ACTION_COLUMNS)

    def close_action(self, action_id: int, saved_by: str) -> bool:
        """Mark action ``action_id`` done.

        Returns
        -------
        bool
            True when this call closed it; False when it was already done (the
            first closer and time are kept).

        Raises
        ------
        StateNotFoundError
            When there is no action with that id.
        """
        problems = Problems()
        # numpy integers too: ids read back from an open_actions() frame are np.int64
        if isinstance(action_id, bool) or not isinstance(action_id, numbers.Integral):
            problems.add("action_id", "must be a whole number", action_id, _ACTION_ID_HINT)
        else:
            action_id = int(action_id)
        saved_by = problems.text("saved_by", saved_by, max_len=NAME_LEN, hint=_WHO)
        problems.raise_for(f"the closing of action {action_id!r}")

        def close(conn) -> bool:
            status = conn.execute(
                select(action_items.c.status)
                .where(action_items.c.id == action_id)
                .with_for_update()
            ).scalar()
            if status is None:
                raise StateNotFoundError(f"there is no action item {action_id}; {_ACTION_ID_HINT}")
            if status == "done":
                return False
            conn.execute(
                update(action_items)
                .where(action_items.c.id == action_id)
                .values(status="done", closed_at=datetime.now(UTC), closed_by=saved_by)
            )
            return True

        return self._write(close)


_ACTION_ID_HINT = "take it from the action_id column of open_actions()"


def _check_actions(problems: Problems, actions: Iterable[Mapping]) -> list[dict]:
    if actions is None:
        return []
    if isinstance(actions, Mapping | str) or not isinstance(actions, Iterable):
        problems.add(
            "actions", "must be a list of actions", actions, "pass [{'text', 'owner', 'due'}, ...]"
        )
        return []
    items = []
    for i, action in enumerate(actions):
        where = f"actions[{i}]"
        if not isinstance(action, Mapping):
            problems.add(where, "must be a mapping", action, "give text, owner and due")
            continue
        unknown = sorted(set(map(str, action)) - set(_ACTION_KEYS))
        if unknown:
            problems.add(
                where, f"has unknown fields {unknown}", dict(action), "use text, owner, due"
            )
        items.append(
            {
                "text": problems.text(f"{where}.text", action.get("text"), strip=False),
                "owner": problems.text(f"{where}.owner", action.get("owner"), max_len=NAME_LEN),
                "due": problems.day(f"{where}.due", action.get("due")),
            }
        )
    return items
