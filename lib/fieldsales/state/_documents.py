"""Versioned JSON documents: goal sets, commission plans, any decision saved whole.

A save never changes a stored row: it adds version ``latest + 1`` with who
saved it, when (UTC) and an optional note. The version is computed and the
row inserted in one transaction, so concurrent savers get consecutive
versions and nothing is overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlalchemy import func, insert, select

from ._errors import StateConflictError, StateNotFoundError
from ._frames import frame
from ._tables import KEY_LEN, KIND_LEN, NAME_LEN, documents
from ._values import Problems

__all__ = ["Document", "DocumentsMixin"]


@dataclass(frozen=True)
class Document:
    """One saved version of a document."""

    kind: str
    key: str
    version: int
    body: Any
    saved_by: str
    saved_at: datetime  # UTC
    note: str | None = None


_COLUMNS = (
    documents.c.kind,
    documents.c.key,
    documents.c.version,
    documents.c.body,
    documents.c.saved_by,
    documents.c.saved_at,
    documents.c.note,
)


class DocumentsMixin:
    """Methods of :class:`~fieldsales.state.StateStore` for versioned documents."""

    def save_document(
        self,
        kind: str,
        key: str,
        body: Any,
        saved_by: str,
        note: str | None = None,
        expected_version: int | None = None,
    ) -> int:
        """Save ``body`` as the next version of document ``kind``/``key``.

        Parameters
        ----------
        kind
            What the document is, e.g. ``"goals"`` or ``"plan"``.
        key
            Which one, e.g. ``"2026-Q3/team-north"``.
        body
            Any JSON value (dicts, lists, text, numbers, booleans, None inside).
        saved_by
            Who saves it (a name or login); recorded with the version.
        note
            Optional comment shown in :meth:`history`.
        expected_version
            The version the edit started from (0: nothing was saved yet). When
            given and another version was saved since, nothing is saved and
            :class:`~fieldsales.state.StateConflictError` names who saved the
            newer version and when. None saves without checking.

        Returns
        -------
        int
            The new version number (1 for the first save).
        """
        what = f"{kind} {key!r}" if isinstance(kind, str) and isinstance(key, str) else "a document"
        problems = Problems()
        kind = problems.text("kind", kind, max_len=KIND_LEN)
        key = problems.text("key", key, max_len=KEY_LEN)
        body = problems.json_body("body", body)
        saved_by = problems.text("saved_by", saved_by, max_len=NAME_LEN, hint=_WHO)
        note = problems.text("note", note, required=False, strip=False)
        expected = problems.version("expected_version", expected_version)
        problems.raise_for(what)

        def save(conn) -> int:
            newest = conn.execute(
                select(documents.c.version, documents.c.saved_by, documents.c.saved_at)
                .where(documents.c.kind == kind, documents.c.key == key)
                .order_by(documents.c.version.desc())
                .limit(1)
            ).first()
            current = newest.version if newest else 0
            if expected is not None and expected != current:
                raise _conflict(kind, key, expected, current, newest)
            conn.execute(
                insert(documents).values(
                    kind=kind,
                    key=key,
                    version=current + 1,
                    body=body,
                    saved_by=saved_by,
                    saved_at=datetime.now(UTC),
                    note=note,
                )
            )
            return current + 1

        return self._write(save)

    def latest(self, kind: str, key: str) -> Document | None:
        """The newest version of ``kind``/``key``, or None when nothing was saved."""
        with self._read() as conn:
            row = conn.execute(
                select(*_COLUMNS)
                .where(documents.c.kind == kind, documents.c.key == key)
                .order_by(documents.c.version.desc())
                .limit(1)
            ).first()
        return Document(**row._mapping) if row else None

    def get(self, kind: str, key: str, version: int) -> Document:
        """Version ``version`` of ``kind``/``key``.

        Raises
        ------
        StateNotFoundError
            When that version was never saved (the message names the saved ones).
        """
        with self._read() as conn:
            row = conn.execute(
                select(*_COLUMNS).where(
                    documents.c.kind == kind,
                    documents.c.key == key,
                    documents.c.version == version,
                )
            ).first()
            if row is None:
                newest = conn.execute(
                    select(func.max(documents.c.version)).where(
                        documents.c.kind == kind, documents.c.key == key
                    )
                ).scalar()
        if row is not None:
            return Document(**row._mapping)
        if newest is None:
            raise StateNotFoundError(
                f"nothing is saved as {kind} {key!r}; list_keys({kind!r}) names the saved ones"
            )
        raise StateNotFoundError(
            f"{kind} {key!r} has no version {version!r}; its saved versions are 1 to {newest}"
        )

    def history(self, kind: str, key: str) -> pd.DataFrame:
        """Every version of ``kind``/``key``, oldest first: version, saved_by, saved_at, note."""
        with self._read() as conn:
            rows = conn.execute(
                select(
                    documents.c.version,
                    documents.c.saved_by,
                    documents.c.saved_at,
                    documents.c.note,
                )
                .where(documents.c.kind == kind, documents.c.key == key)
                .order_by(documents.c.version)
            ).mappings()
            return frame(
                rows, {"version": "int", "saved_by": "str", "saved_at": "utc", "note": "str"}
            )

    def list_keys(self, kind: str) -> list[str]:
        """The keys saved under ``kind``, sorted."""
        with self._read() as conn:
            return list(
                conn.execute(
                    select(documents.c.key)
                    .where(documents.c.kind == kind)
                    .distinct()
                    .order_by(documents.c.key)
                ).scalars()
            )


_WHO = "pass the name or login of the person saving"


def _conflict(kind: str, key: str, expected: int, current: int, newest) -> StateConflictError:
    if newest is None:
        message = (
            f"{kind} {key!r} was edited from version {expected}, but nothing is saved under "
            "that name; save with expected_version=0 to create it"
        )
        return StateConflictError(message, expected_version=expected, latest_version=0)
    when = f"{newest.saved_at:%Y-%m-%d %H:%M:%S} UTC"
    message = (
        f"{kind} {key!r} changed since it was loaded: the edit started from version "
        f"{expected}, but the latest is version {current}, saved by {newest.saved_by} at "
        f"{when}; nothing was saved. Reload the latest version, apply your changes to it "
        "and save again"
    )
    return StateConflictError(
        message,
        expected_version=expected,
        latest_version=current,
        saved_by=newest.saved_by,
        saved_at=newest.saved_at,
    )
