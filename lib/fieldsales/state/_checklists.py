"""Checklists: items with owner, status, evidence and due date, every change kept.

``checklist_items`` holds the current answer per item and ``checklist_history``
every version of it (the current one included), written in the same
transaction. The item texts come from elsewhere (the playbook);
:meth:`ensure_checklist` adds missing items and never touches saved answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import func, insert, select, update

from ._errors import StateConflictError, StateNotFoundError
from ._frames import frame
from ._tables import ID_LEN, NAME_LEN, checklist_history, checklist_items
from ._values import UNCHANGED, Problems

__all__ = ["CHECKLIST_STATUSES", "ChecklistsMixin"]

#: Status of a checklist item.
CHECKLIST_STATUSES = ("todo", "doing", "done", "not_applicable")
_FIELDS = ("text", "owner", "status", "evidence", "due")
_WHO = "pass the name or login of the person saving"
_COLUMNS = {
    "item_id": "str",
    "text": "str",
    "owner": "str",
    "status": "str",
    "evidence": "str",
    "due": "date",
    "version": "int",
    "updated_by": "str",
    "updated_at": "utc",
}


class ChecklistsMixin:
    """Methods of :class:`~fieldsales.state.StateStore` for checklists."""

    def ensure_checklist(
        self, name: str, items: Iterable, *, saved_by: str = "fieldsales"
    ) -> list[str]:
        """Add the items of ``items`` that checklist ``name`` does not have yet.

        Saved items are left as they are (text, status, owner, evidence); new
        ones start as ``todo``, after the existing ones.

        Parameters
        ----------
        name
            The checklist, e.g. ``"practice-19/team-north"``.
        items
            ``(item_id, text)`` pairs, or mappings with ``item_id`` and
            ``text`` and optionally ``owner`` and ``due``.
        saved_by
            Recorded as the author of the added items.

        Returns
        -------
        list of str
            The ids of the items added (empty when all were there).
        """
        problems = Problems()
        name = problems.text("name", name, max_len=NAME_LEN)
        saved_by = problems.text("saved_by", saved_by, max_len=NAME_LEN, hint=_WHO)
        wanted = _check_items(problems, items)
        problems.raise_for(f"checklist {name!r}" if name else "the checklist")

        def seed(conn) -> list[str]:
            have = set(
                conn.execute(
                    select(checklist_items.c.item_id).where(checklist_items.c.checklist == name)
                ).scalars()
            )
            position = _last_position(conn, name)
            now = datetime.now(UTC)
            added = []
            for item in wanted:
                if item["item_id"] in have:
                    continue
                position += 1
                row = {"status": "todo", "evidence": None, **item}
                _store(conn, name, item["item_id"], row, 1, saved_by, now, position)
                added.append(item["item_id"])
            return added

        return self._write(seed)

    def save_checklist_item(
        self,
        checklist: str,
        item_id: str,
        *,
        saved_by: str,
        status: str = UNCHANGED,
        owner: str | None = UNCHANGED,
        evidence: str | None = UNCHANGED,
        due: date | str | None = UNCHANGED,
        text: str = UNCHANGED,
        expected_version: int | None = None,
    ) -> int:
        """Change the fields given of one item; the others keep their saved values.

        Pass None to clear ``owner``, ``evidence`` or ``due``. An item not in
        the checklist is added when ``text`` is given.

        Parameters
        ----------
        status
            One of ``todo``, ``doing``, ``done``, ``not_applicable``.
        expected_version
            The item version the edit started from; when another version was
            saved since, nothing is saved and
            :class:`~fieldsales.state.StateConflictError` says who saved it.

        Returns
        -------
        int
            The item's version after the save (unchanged when no field changed).
        """
        problems = Problems()
        checklist = problems.text("checklist", checklist, max_len=NAME_LEN)
        item_id = problems.text("item_id", item_id, max_len=ID_LEN)
        saved_by = problems.text("saved_by", saved_by, max_len=NAME_LEN, hint=_WHO)
        given = {}
        if status is not UNCHANGED:
            given["status"] = problems.choice("status", status, CHECKLIST_STATUSES)
        if owner is not UNCHANGED:
            given["owner"] = problems.text("owner", owner, max_len=NAME_LEN, required=False)
        if evidence is not UNCHANGED:
            given["evidence"] = problems.text("evidence", evidence, required=False, strip=False)
        if due is not UNCHANGED:
            given["due"] = problems.day("due", due, required=False)
        if text is not UNCHANGED:
            given["text"] = problems.text("text", text, strip=False)
        expected = problems.version("expected_version", expected_version)
        problems.raise_for(f"item {item_id!r} of checklist {checklist!r}")

        def save(conn) -> int:
            current = (
                conn.execute(
                    select(checklist_items)
                    .where(
                        checklist_items.c.checklist == checklist,
                        checklist_items.c.item_id == item_id,
                    )
                    .with_for_update()
                )
                .mappings()
                .first()
            )
            version = current["version"] if current else 0
            if expected is not None and expected != version:
                raise _conflict(checklist, item_id, expected, current)
            now = datetime.now(UTC)
            if current is None:
                if "text" not in given:
                    raise StateNotFoundError(
                        f"checklist {checklist!r} has no item {item_id!r}; seed it with "
                        "ensure_checklist, or pass text= to add it"
                    )
                row = {"owner": None, "evidence": None, "due": None, "status": "todo", **given}
                position = _last_position(conn, checklist) + 1
                _store(conn, checklist, item_id, row, 1, saved_by, now, position)
                return 1
            row = {f: current[f] for f in _FIELDS} | given
            if all(row[f] == current[f] for f in _FIELDS):
                return version
            _store(conn, checklist, item_id, row, version + 1, saved_by, now)
            return version + 1

        return self._write(save)

    def checklist(self, name: str) -> pd.DataFrame:
        """The items of checklist ``name`` in order, with their current answers.

        Columns: item_id, text, owner, status, evidence, due, version,
        updated_by, updated_at. Empty when the checklist has no items yet.
        """
        c = checklist_items.c
        with self._read() as conn:
            rows = conn.execute(
                select(*(getattr(c, col) for col in _COLUMNS))
                .where(c.checklist == name)
                .order_by(c.position, c.item_id)
            ).mappings()
            return frame(rows, _COLUMNS)

    def checklist_history(self, name: str, item_id: str | None = None) -> pd.DataFrame:
        """Every saved version of the items of ``name`` (or of one item), oldest first."""
        h = checklist_history.c
        query = (
            select(*(getattr(h, col) for col in _COLUMNS))
            .where(h.checklist == name)
            .order_by(h.item_id, h.version)
        )
        if item_id is not None:
            query = query.where(h.item_id == item_id)
        with self._read() as conn:
            return frame(conn.execute(query).mappings(), _COLUMNS)

    def checklists(self) -> list[str]:
        """The names of the checklists in the store, sorted."""
        with self._read() as conn:
            return list(
                conn.execute(
                    select(checklist_items.c.checklist)
                    .distinct()
                    .order_by(checklist_items.c.checklist)
                ).scalars()
            )


def _last_position(conn, name: str) -> int:
    return conn.execute(
        select(func.coalesce(func.max(checklist_items.c.position), 0)).where(
            checklist_items.c.checklist == name
        )
    ).scalar()


def _store(conn, name, item_id, row, version, saved_by, now, position=None) -> None:
    """Write version ``version`` of an item: the current row and its history row."""
    values = {f: row[f] for f in _FIELDS}
    values.update(version=version, updated_by=saved_by, updated_at=now)
    if version == 1:
        conn.execute(
            insert(checklist_items).values(
                checklist=name, item_id=item_id, position=position, **values
            )
        )
    else:
        conn.execute(
            update(checklist_items)
            .where(
                checklist_items.c.checklist == name,
                checklist_items.c.item_id == item_id,
            )
            .values(**values)
        )
    conn.execute(insert(checklist_history).values(checklist=name, item_id=item_id, **values))


def _check_items(problems: Problems, items: Iterable) -> list[dict]:
    hint = "pass (item_id, text) pairs or mappings with item_id and text"
    if isinstance(items, Mapping | str) or not isinstance(items, Iterable):
        problems.add("items", "must be a list of items", items, hint)
        return []
    out, seen = [], set()
    for i, item in enumerate(items):
        where = f"items[{i}]"
        if isinstance(item, Mapping):
            raw = dict(item)
        elif isinstance(item, tuple | list) and len(item) == 2:
            raw = {"item_id": item[0], "text": item[1]}
        else:
            problems.add(where, "is not an item", item, hint)
            continue
        unknown = sorted(set(map(str, raw)) - {"item_id", "text", "owner", "due"})
        if unknown:
            problems.add(
                where, f"has unknown fields {unknown}", raw, "use item_id, text, owner, due"
            )
        item_id = problems.text(f"{where}.item_id", raw.get("item_id"), max_len=ID_LEN)
        if item_id is not None and item_id in seen:
            problems.add(f"{where}.item_id", "is given twice", item_id, "give each item once")
        seen.add(item_id)
        out.append(
            {
                "item_id": item_id,
                "text": problems.text(f"{where}.text", raw.get("text"), strip=False),
                "owner": problems.text(
                    f"{where}.owner", raw.get("owner"), max_len=NAME_LEN, required=False
                ),
                "due": problems.day(f"{where}.due", raw.get("due"), required=False),
            }
        )
    return out


def _conflict(name: str, item_id: str, expected: int, current) -> StateConflictError:
    if current is None:
        return StateConflictError(
            f"item {item_id!r} of checklist {name!r} was edited from version {expected}, but it "
            "is not saved; save with expected_version=0 to add it",
            expected_version=expected,
            latest_version=0,
        )
    return StateConflictError(
        f"item {item_id!r} of checklist {name!r} changed since it was loaded: the edit started "
        f"from version {expected}, but the latest is version {current['version']}, saved by "
        f"{current['updated_by']} at {current['updated_at']:%Y-%m-%d %H:%M:%S} UTC; nothing was "
        "saved. Reload the checklist, apply your change and save again",
        expected_version=expected,
        latest_version=current["version"],
        saved_by=current["updated_by"],
        saved_at=current["updated_at"],
    )
