"""Where the store lives and how to talk to it: URL resolution and engine set-up.

SQLite connections get, on every connect: WAL journal, a 30 s busy timeout and
foreign keys. pysqlite's own transaction handling is switched off and
SQLAlchemy emits ``BEGIN IMMEDIATE`` for write transactions (and a plain,
deferred ``BEGIN`` for reads), the pattern of SQLAlchemy's SQLite docs
("Enabling Non-Legacy SQLite Transactional Modes"). A writer therefore takes
the write lock before it reads, so concurrent writers queue on the busy
timeout instead of failing with "database is locked" when a read transaction
tries to upgrade.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError

from .. import config
from ..exceptions import ConfigError
from ..workspace import STATE_DB, Workspace
from ._errors import StateStoreError

__all__ = ["ENV_URL", "BUSY_TIMEOUT_S", "resolve_url", "make_engine", "READ", "describe"]

#: Environment variable naming the store (an SQLAlchemy URL); replaces the workspace's file.
ENV_URL = "FIELDSALES_STATE_URL"
#: How long an SQLite writer waits for another one before giving up.
BUSY_TIMEOUT_S = 30
#: Execution option selecting the BEGIN statement on SQLite.
_BEGIN = "fieldsales_sqlite_begin"
#: Execution options of a read-only transaction.
READ = {_BEGIN: "BEGIN"}
_BACKENDS = ("sqlite", "postgresql")


def resolve_url(target: object = None) -> URL:
    """The store for ``target``: a Workspace, a workspace folder, a file or a URL.

    ``FIELDSALES_STATE_URL`` replaces the default store of a workspace (its
    ``state.sqlite``) and is used when ``target`` is None; an explicit file or
    URL is used as given.
    """
    env = os.environ.get(ENV_URL, "").strip()
    if isinstance(target, Workspace):
        return _parse(env, ENV_URL) if env else _sqlite_url(target.path / STATE_DB)
    if target is None or (isinstance(target, str) and not target.strip()):
        if env:
            return _parse(env, ENV_URL)
        folder = config.default_workspace()
        if folder is None:
            raise ConfigError(
                "no state store given: pass a workspace, a state.sqlite file or a URL, or set "
                f"{ENV_URL} (an SQLAlchemy URL) or FIELDSALES_WORKSPACE"
            )
        target = folder
    if isinstance(target, str) and "://" in target:
        return _parse(target, "the store URL")
    if not isinstance(target, str | os.PathLike):
        raise ConfigError(
            f"cannot open a state store from {target!r}: pass a Workspace, a folder, "
            "a .sqlite file or an SQLAlchemy URL string"
        )
    path = Path(target)
    if path.is_dir():
        if not (path / "manifest.json").is_file():
            raise StateStoreError(
                f"{path} is a folder but not a workspace (no manifest.json); pass a "
                "workspace folder, a .sqlite file or an SQLAlchemy URL"
            )
        return _parse(env, ENV_URL) if env else _sqlite_url(path / STATE_DB)
    if not path.parent.is_dir():
        raise StateStoreError(
            f"cannot make the state store {path}: the folder {path.parent} does not exist; "
            "create it first or choose another file"
        )
    return _sqlite_url(path)


def _sqlite_url(path: Path) -> URL:
    return URL.create("sqlite", database=str(Path(path).absolute()))


def _parse(text: str, source: str) -> URL:
    try:
        url = make_url(text.strip())
    except ArgumentError:
        raise ConfigError(
            f"{source} {text!r} is not an SQLAlchemy URL; use sqlite:///PATH/state.sqlite "
            "or postgresql+psycopg://USER@HOST/DB"
        ) from None
    if url.get_backend_name() not in _BACKENDS:
        raise ConfigError(
            f"{source} {describe(url)!r} uses {url.get_backend_name()!r}; the state store "
            "supports sqlite and postgresql"
        )
    return url


def describe(url: URL) -> str:
    """The URL for messages: without its password."""
    return url.render_as_string(hide_password=True)


def make_engine(url: URL) -> Engine:
    """An engine for ``url``, set up for safe concurrent writes."""
    is_sqlite = url.get_backend_name() == "sqlite"
    try:
        if is_sqlite:
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except ImportError as exc:
        raise ConfigError(
            f"the database driver for {describe(url)!r} is not installed ({exc}); install "
            "one, e.g. `pip install 'psycopg[binary]'`, and use a postgresql+psycopg:// URL"
        ) from None
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection, connection_record) -> None:
    # SQLAlchemy, not pysqlite, emits BEGIN (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL").fetchall()
    finally:
        cursor.close()


def _sqlite_begin(conn) -> None:
    conn.exec_driver_sql(conn.get_execution_options().get(_BEGIN, "BEGIN IMMEDIATE"))
