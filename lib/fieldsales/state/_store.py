"""The store object and :func:`open_store`."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import insert, inspect, select
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError, ProgrammingError

from ..workspace import Workspace
from . import _engine
from ._checklists import ChecklistsMixin
from ._documents import DocumentsMixin
from ._engine import READ, describe, make_engine, resolve_url
from ._errors import StateStoreError
from ._one_on_ones import OneOnOnesMixin
from ._tables import STATE_SCHEMA_VERSION, meta, metadata

__all__ = ["StateStore", "open_store"]

T = TypeVar("T")
_RETRIES = 10  # server databases only: a unique version taken by a concurrent saver


def open_store(target: Workspace | str | os.PathLike | None = None) -> StateStore:
    """Open the decisions store, creating its tables when missing.

    Parameters
    ----------
    target
        A :class:`~fieldsales.Workspace` or workspace folder (its
        ``state.sqlite``, unless ``FIELDSALES_STATE_URL`` names another store),
        an SQLite file, or an SQLAlchemy URL (``sqlite:///PATH``,
        ``postgresql+psycopg://USER@HOST/DB``). None: ``FIELDSALES_STATE_URL``,
        else the workspace named by ``FIELDSALES_WORKSPACE``.

    Returns
    -------
    StateStore
        Close it (or use it in a ``with`` block) to release its connections.
    """
    url = resolve_url(target)
    engine = make_engine(url)
    try:
        store = StateStore(engine, url)
        with store._read() as conn:  # the usual case: nothing to create, no write lock
            ready = _ready(conn)
        if not ready:
            store._write(_initialize, retry_on=(IntegrityError, ProgrammingError))
    except DatabaseError as exc:
        engine.dispose()
        raise StateStoreError(
            f"cannot open the state store {describe(url)}: {exc.orig}; check that it is an "
            "SQLite file or a reachable database server"
        ) from None
    except BaseException:
        engine.dispose()
        raise
    return store


def _ready(conn: Connection) -> bool:
    """Every table is there and the layout version is recorded (and readable by us)."""
    if not set(metadata.tables) <= set(inspect(conn).get_table_names()):
        return False
    found = conn.execute(select(meta.c.value).where(meta.c.key == "state_schema_version")).scalar()
    if found is None:
        return False
    _check_version(found)
    return True


def _initialize(conn: Connection) -> None:
    """Create missing tables (idempotent) and check the stored layout version."""
    metadata.create_all(conn)
    found = conn.execute(select(meta.c.value).where(meta.c.key == "state_schema_version")).scalar()
    if found is None:
        conn.execute(
            insert(meta).values(key="state_schema_version", value=str(STATE_SCHEMA_VERSION))
        )
    else:
        _check_version(found)


def _check_version(found: object) -> None:
    if not str(found).isdigit() or int(found) > STATE_SCHEMA_VERSION:
        raise StateStoreError(
            f"the state store has layout version {found!r}; this fieldsales reads version "
            f"{STATE_SCHEMA_VERSION} and older. Upgrade fieldsales to use it"
        )


class StateStore(DocumentsMixin, OneOnOnesMixin, ChecklistsMixin):
    """The decisions of the manager apps: versioned documents, 1:1s, checklists.

    Made by :func:`open_store`. Every save is one transaction; reads see a
    consistent snapshot. Safe to share between threads; each process opens its own.
    """

    def __init__(self, engine: Engine, url: URL):
        self._engine = engine
        self._url = url
        self._sqlite = url.get_backend_name() == "sqlite"
        self._closed = False

    @property
    def url(self) -> str:
        """Where the store is (an SQLAlchemy URL, password hidden)."""
        return describe(self._url)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for reading the tables directly."""
        return self._engine

    def close(self) -> None:
        """Release every connection; the store cannot be used afterwards."""
        self._closed = True
        self._engine.dispose()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"StateStore({self.url!r})"

    # -- transactions --------------------------------------------------------------
    def _write(self, fn: Callable[[Connection], T], retry_on: tuple = (IntegrityError,)) -> T:
        """Run ``fn`` in one write transaction (BEGIN IMMEDIATE on SQLite).

        On a server, a concurrent saver may take the same new version number
        first; the unique constraint refuses the second, which is rolled back
        and run again on the new state.
        """
        self._check_open()
        attempts = 1 if self._sqlite else _RETRIES
        for attempt in range(1, attempts + 1):
            try:
                with self._engine.begin() as conn:
                    return fn(conn)
            except retry_on:
                if attempt == attempts:
                    raise
            except OperationalError as exc:
                raise self._locked(exc) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A read transaction: one consistent snapshot, without taking the write lock."""
        self._check_open()
        try:
            with self._engine.connect() as conn:
                conn.execution_options(**READ)
                with conn.begin():
                    yield conn
        except OperationalError as exc:
            raise self._locked(exc) from exc

    def _locked(self, exc: OperationalError) -> Exception:
        text = str(exc.orig).lower()
        if "locked" in text or "busy" in text:
            return StateStoreError(
                f"the state store {self.url} is locked by another process (waited up to "
                f"{_engine.BUSY_TIMEOUT_S} s); nothing was saved. Try again; if it persists, "
                "look for a process holding a long transaction on it"
            )
        return exc

    def _check_open(self) -> None:
        if self._closed:
            raise StateStoreError(f"the state store {self.url} is closed; open it again")
