"""Opening the store: from a workspace, a file, a URL or the environment; upgrades."""

from __future__ import annotations

import sqlite3
from importlib.util import find_spec

import pytest
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateIndex, CreateTable

import fieldsales.workspace as workspace_module
from fieldsales import Workspace
from fieldsales.exceptions import ConfigError
from fieldsales.state import (
    ENV_URL,
    STATE_SCHEMA_VERSION,
    StateStoreError,
    open_store,
)
from fieldsales.state._tables import metadata

TABLES = {
    "meta",
    "documents",
    "one_on_one_records",
    "action_items",
    "checklist_items",
    "checklist_history",
}


def tables_in(path):
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    conn.close()
    return {name for (name,) in rows}


def meta_of(path):
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT key, value FROM meta").fetchall())
    finally:
        conn.close()


def test_store_of_a_new_workspace_lives_in_its_state_sqlite(tmp_path):
    ws = Workspace.create(tmp_path / "ws")
    with open_store(ws) as store:
        assert store.url == f"sqlite:///{ws.path.absolute() / 'state.sqlite'}"
        store.save_document("goals", "q3", {"a": 1}, "li")
    assert tables_in(ws.path / "state.sqlite") == TABLES
    assert meta_of(ws.path / "state.sqlite") == {
        "schema_version": str(workspace_module.SCHEMA_VERSION),
        "state_schema_version": str(STATE_SCHEMA_VERSION),
    }
    with open_store(ws.path) as again:  # the workspace folder works too
        assert again.latest("goals", "q3").body == {"a": 1}


def test_an_older_store_with_only_the_meta_table_is_upgraded(tmp_path):
    path = tmp_path / "state.sqlite"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    conn.close()
    with open_store(path) as store:
        assert store.save_document("plan", "2026", {"rate": 0.05}, "li") == 1
    assert tables_in(path) == TABLES
    assert meta_of(path)["schema_version"] == "1"


def test_the_file_made_by_create_state_store_is_upgraded(tmp_path):
    path = tmp_path / "state.sqlite"
    workspace_module._create_state_store(path)
    with open_store(path) as store:
        store.ensure_checklist("c", [("a", "A")])
    with open_store(path) as store:  # opening again changes nothing
        assert store.checklist("c")["item_id"].tolist() == ["a"]
    assert meta_of(path)["state_schema_version"] == str(STATE_SCHEMA_VERSION)


def test_a_store_written_by_a_newer_fieldsales_is_refused(tmp_path):
    path = tmp_path / "state.sqlite"
    open_store(path).close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'state_schema_version'")
    conn.close()
    with pytest.raises(StateStoreError, match=r"layout version '99'.*Upgrade fieldsales"):
        open_store(path)


def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(store):
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_writes_take_the_write_lock_when_they_begin(store, tmp_path):
    """BEGIN IMMEDIATE: a second writer cannot start while a write transaction is open."""
    path = tmp_path / "state.sqlite"

    def probe(conn):
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()
        return "probed"

    assert store._write(probe) == "probed"


def test_reads_do_not_take_the_write_lock(store, tmp_path):
    store.save_document("goals", "q3", {"a": 1}, "li")
    with store._read():
        other = sqlite3.connect(tmp_path / "state.sqlite", timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
        finally:
            other.close()


def test_foreign_keys_are_enforced(store):
    from datetime import date

    from sqlalchemy import insert
    from sqlalchemy.exc import IntegrityError

    from fieldsales.state._tables import action_items

    row = {"record_id": 42, "rep_id": "R1", "text": "x", "owner": "li", "status": "open"}
    statement = insert(action_items).values(due=date(2026, 1, 1), **row)
    with pytest.raises(IntegrityError, match="FOREIGN KEY"):
        store._write(lambda conn: conn.execute(statement))


def test_url_strings_and_plain_files_open(tmp_path):
    with open_store(f"sqlite:///{tmp_path / 'a.sqlite'}") as store:
        store.save_document("goals", "k", [1, 2], "li")
    with open_store(str(tmp_path / "a.sqlite")) as store:
        assert store.latest("goals", "k").body == [1, 2]


def test_env_url_replaces_the_workspace_default(tmp_path, monkeypatch):
    ws = Workspace.create(tmp_path / "ws")
    shared = tmp_path / "shared.sqlite"
    monkeypatch.setenv(ENV_URL, f"sqlite:///{shared}")
    with open_store(ws) as store:
        store.save_document("goals", "k", {"x": 1}, "li")
        assert store.url.endswith("shared.sqlite")
    with open_store() as store:
        assert store.latest("goals", "k").body == {"x": 1}
    # an explicit file is used as given
    with open_store(ws.path / "state.sqlite") as store:
        assert store.latest("goals", "k") is None


def test_no_target_uses_the_workspace_from_the_environment(tmp_path, monkeypatch):
    ws = Workspace.create(tmp_path / "ws")
    monkeypatch.setenv("FIELDSALES_WORKSPACE", str(ws.path))
    with open_store() as store:
        assert store.url.endswith("ws/state.sqlite")


def test_no_target_and_no_environment(monkeypatch):
    with pytest.raises(ConfigError, match=r"no state store given: .*FIELDSALES_STATE_URL"):
        open_store()


@pytest.mark.parametrize(
    ("value", "match"),
    [
        ("not a url://", r"is not an SQLAlchemy URL; use sqlite:///"),
        ("mysql://u@h/db", r"uses 'mysql'; the state store supports sqlite and postgresql"),
    ],
)
def test_bad_env_urls(monkeypatch, value, match):
    monkeypatch.setenv(ENV_URL, value)
    with pytest.raises(ConfigError, match=f"FIELDSALES_STATE_URL .*{match}"):
        open_store()


def test_missing_postgres_driver_says_what_to_install():
    if find_spec("psycopg") is not None:
        pytest.skip("psycopg is installed")
    with pytest.raises(ConfigError, match=r"driver .* is not installed .*psycopg\[binary\]"):
        open_store("postgresql+psycopg://li:secret@localhost/fieldsales")


def test_password_is_hidden_in_messages(monkeypatch):
    monkeypatch.setenv(ENV_URL, "mysql://li:secret@h/db")
    with pytest.raises(ConfigError) as info:
        open_store()
    assert "secret" not in str(info.value) and "***" in str(info.value)


def test_a_folder_that_is_not_a_workspace_is_refused(tmp_path):
    with pytest.raises(StateStoreError, match=r"is a folder but not a workspace"):
        open_store(tmp_path)
    with pytest.raises(StateStoreError, match=r"the folder .* does not exist"):
        open_store(tmp_path / "missing" / "state.sqlite")
    with pytest.raises(ConfigError, match=r"cannot open a state store from 42"):
        open_store(42)


def test_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "state.sqlite"
    path.write_text("hello, this is not SQLite" * 100)
    with pytest.raises(StateStoreError, match=r"cannot open the state store .*not a database"):
        open_store(path)


def test_a_closed_store_says_so(tmp_path):
    store = open_store(tmp_path / "s.sqlite")
    store.close()
    with pytest.raises(StateStoreError, match=r"is closed; open it again"):
        store.latest("goals", "k")


def test_tables_compile_for_postgresql():
    """No server in CI: at least the table layer must be valid PostgreSQL DDL."""
    dialect = postgresql.dialect()
    for table in metadata.sorted_tables:
        ddl = str(CreateTable(table).compile(dialect=dialect))
        assert "AUTOINCREMENT" not in ddl
        for index in table.indexes:
            str(CreateIndex(index).compile(dialect=dialect))
    documents = str(CreateTable(metadata.tables["documents"]).compile(dialect=dialect))
    assert "body JSON NOT NULL" in documents
    assert "saved_at TIMESTAMP WITH TIME ZONE NOT NULL" in documents


def test_a_store_locked_too_long_gives_a_clear_error(tmp_path, monkeypatch):
    from fieldsales.state import _engine

    monkeypatch.setattr(_engine, "BUSY_TIMEOUT_S", 0.2)
    path = tmp_path / "state.sqlite"
    with open_store(path) as store:
        holder = sqlite3.connect(path, isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")
            with pytest.raises(StateStoreError, match=r"is locked by another process .*0.2 s"):
                store.save_document("goals", "k", {}, "li")
            assert store.list_keys("goals") == []  # reads go on while a writer holds the lock
            holder.execute("ROLLBACK")
        finally:
            holder.close()
        assert store.save_document("goals", "k", {}, "li") == 1


def test_opening_a_ready_store_does_not_wait_for_a_writer(store, tmp_path):
    # a writer holds the lock (e.g. another manager saving); opening must not queue behind it
    writer = sqlite3.connect(tmp_path / "state.sqlite", timeout=0, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        with open_store(tmp_path / "state.sqlite") as again:
            assert again.latest("goals", "nothing") is None
        writer.execute("ROLLBACK")
    finally:
        writer.close()
