from __future__ import annotations

import json
import re
import sqlite3
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import fieldsales.workspace as workspace_module
from fieldsales import Workspace
from fieldsales.exceptions import (
    DataValidationError,
    UnknownTableError,
    WorkspaceError,
    WorkspaceNotFoundError,
)

TODAY = date(2026, 11, 27)


@pytest.fixture
def ws(tmp_path, tiny_tables):
    ws = Workspace.create(tmp_path / "ws")
    ws.write_tables(tiny_tables, source_files={"reps": ["reps.csv"]}, today=TODAY)
    return ws


def snapshot(path):
    """Every file of a folder with its bytes: equal snapshots mean nothing changed."""
    return {p.relative_to(path): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def test_round_trip_through_parquet(ws, tiny_tables):
    again = Workspace.open(ws.path)
    assert again.tables == list(tiny_tables)
    for name, df in tiny_tables.items():
        stored = again.frame(name)
        assert len(stored) == len(df)
        assert list(stored.columns) == list(df.columns)
    pd.testing.assert_series_equal(
        again.frame("deals")["amount"], tiny_tables["deals"]["amount"], check_names=False
    )


def test_ibis_table_reads_the_same_rows(ws, tiny_tables):
    deals = ws.table("deals")
    assert deals.count().to_pyarrow().as_py() == len(tiny_tables["deals"])
    won = deals.filter(deals.status == "won").amount.sum().to_pyarrow().as_py()
    expected = tiny_tables["deals"].query("status == 'won'")["amount"].sum()
    assert won == pytest.approx(expected)


def test_manifest_describes_each_table(ws, tiny_tables):
    manifest = json.loads((ws.path / "manifest.json").read_text())
    assert manifest["schema_version"] == workspace_module.SCHEMA_VERSION
    assert manifest["created_at"]
    entry = manifest["tables"]["reps"]
    assert entry["rows"] == len(tiny_tables["reps"])
    assert [c["name"] for c in entry["columns"]] == list(tiny_tables["reps"].columns)
    assert entry["source_files"] == ["reps.csv"]
    assert (ws.path / entry["file"]).is_file()
    assert entry["content_hash"] in entry["file"] or entry["content_hash"][:16] in entry["file"]


def test_timestamps_are_stored_without_time_zone(ws):
    schema = pq.read_schema(ws.file("activities"))
    assert schema.field("started_at").type.tz is None


def test_state_store_is_sqlite_in_wal_mode(ws):
    with sqlite3.connect(ws.path / "state.sqlite") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_data_hash_follows_content(ws, tiny_tables):
    before = ws.data_hash
    ws.write("reps", tiny_tables["reps"], source_files=["reps.csv"])
    assert ws.data_hash == before  # same data, same hash
    changed = tiny_tables["deals"].copy()
    changed.loc[0, "amount"] += 1
    ws.write_tables({"deals": changed}, today=TODAY)
    assert ws.data_hash != before


def test_open_missing_workspace_says_how_to_make_one(tmp_path):
    with pytest.raises(WorkspaceNotFoundError, match=r"no workspace at .*fieldsales sample"):
        Workspace.open(tmp_path / "nothing")


def test_create_refuses_a_folder_with_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(WorkspaceError, match="non-empty folder"):
        Workspace.create(tmp_path)


def test_create_refuses_an_existing_workspace(ws):
    with pytest.raises(WorkspaceError, match="already holds a workspace"):
        Workspace.create(ws.path)
    assert Workspace.create(ws.path, exist_ok=True).tables == ws.tables


def test_unknown_table_name_lists_the_canonical_ones(ws, tiny_tables):
    with pytest.raises(UnknownTableError, match="unknown table 'sales'.*reps, accounts"):
        ws.write("sales", tiny_tables["deals"])
    with pytest.raises(UnknownTableError, match="unknown table"):
        ws.frame("sales")


def test_invalid_data_leaves_the_workspace_unchanged(ws, tiny_tables):
    before = snapshot(ws.path)
    bad = tiny_tables["deals"].copy()
    bad.loc[1, "amount"] = -5.0
    bad.loc[2, "status"] = "pending"
    with pytest.raises(DataValidationError) as err:
        ws.write_tables({"deals": bad}, today=TODAY)
    text = str(err.value)
    assert "deals.amount row 1" in text and "-5.0" in text
    assert "deals.status row 2" in text and "pending" in text
    assert snapshot(ws.path) == before


def test_references_are_checked_against_stored_tables(ws, tiny_tables):
    bad = tiny_tables["deals"].copy()
    bad.loc[0, "rep_id"] = "R99999"
    with pytest.raises(DataValidationError, match="deals.rep_id row 0.*R99999"):
        ws.write("deals", bad)


def test_crash_before_manifest_swap_keeps_previous_state(ws, tiny_tables, monkeypatch):
    before = snapshot(ws.path)
    old_deals = ws.frame("deals")

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(workspace_module, "_write_json_atomic", crash)
    changed = tiny_tables["deals"].copy()
    changed["amount"] = changed["amount"] * 2
    with pytest.raises(KeyboardInterrupt):
        ws.write_tables({"deals": changed}, today=TODAY)
    monkeypatch.undo()

    reopened = Workspace.open(ws.path)
    pd.testing.assert_frame_equal(reopened.frame("deals"), old_deals)
    assert (ws.path / "manifest.json").read_bytes() == before[Path("manifest.json")]
    # the orphaned new file is removed by the next successful write
    reopened.write_tables({"deals": changed}, today=TODAY)
    files = sorted(p.name for p in (ws.path / "tables").iterdir())
    assert len(files) == len(tiny_tables)
    assert reopened.frame("deals")["amount"].sum() == pytest.approx(old_deals["amount"].sum() * 2)


def test_crash_while_writing_parquet_leaves_no_partial_file(ws, tiny_tables, monkeypatch):
    before = snapshot(ws.path)

    def half_written(table, where, **kwargs):
        with open(where, "wb") as fh:
            fh.write(b"PAR1 half")
        raise OSError("disk full")

    monkeypatch.setattr(workspace_module.pq, "write_table", half_written)
    with pytest.raises(OSError, match="disk full"):
        ws.write_tables({"deals": tiny_tables["deals"]}, today=TODAY)
    assert snapshot(ws.path) == before


def test_damaged_manifest_is_reported(ws):
    (ws.path / "manifest.json").write_text("{not json")
    with pytest.raises(WorkspaceError, match="manifest.json is damaged"):
        Workspace.open(ws.path)


def test_newer_schema_version_is_refused(ws):
    manifest = json.loads((ws.path / "manifest.json").read_text())
    manifest["schema_version"] = 99
    (ws.path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(WorkspaceError, match="schema version 99"):
        Workspace.open(ws.path)


def test_tables_that_refer_to_an_absent_table_are_refused(tmp_path, tiny_tables):
    ws = Workspace.create(tmp_path / "ws")
    with pytest.raises(
        DataValidationError,
        match=r"deals\.account_id: refers to accounts\.account_id, but no accounts table",
    ) as err:
        ws.write("deals", tiny_tables["deals"])
    assert "deals.rep_id: refers to reps.rep_id, but no reps table was given" in str(err.value)
    assert ws.tables == []
    ws.write("reps", tiny_tables["reps"])  # reps first: it refers only to itself
    ws.write("accounts", tiny_tables["accounts"])
    ws.write_tables({"deals": tiny_tables["deals"]}, today=TODAY)
    assert ws.tables == ["reps", "accounts", "deals"]


def test_dropping_a_rep_that_stored_tables_refer_to_is_refused(ws, tiny_tables):
    before = snapshot(ws.path)
    reps = tiny_tables["reps"]
    gone = tiny_tables["deals"]["rep_id"].iloc[0]  # a seller: no rep has them as manager
    assert gone not in set(reps["manager_id"])
    users = {
        (name, column): (df[column] == gone).sum()
        for name, df in tiny_tables.items()
        for column in df.columns
        if column in ("rep_id", "owner_rep_id", "manager_id") and name != "reps"
    }
    assert users[("deals", "rep_id")] > 0 and users[("activities", "rep_id")] > 0
    with pytest.raises(DataValidationError) as err:
        ws.write("reps", reps[reps["rep_id"] != gone].reset_index(drop=True))
    text = str(err.value)
    assert re.search(
        rf"\w+\.\w+ row \d+: stored row refers to a reps\.rep_id that the new reps table "
        rf"does not have \(got '{gone}'\) — \w+ is already in the workspace",
        text,
    ), text
    failing = {(f.table, f.column) for f in err.value.failures}
    assert all(table != "reps" for table, _ in failing)
    assert err.value.count == sum(users.values())
    assert snapshot(ws.path) == before


def test_inbound_check_reads_only_the_referencing_columns(ws, tiny_tables, monkeypatch):
    read = []
    original = Workspace.frame

    def spy(self, name, columns=None):
        read.append((name, columns))
        return original(self, name, columns=columns)

    monkeypatch.setattr(Workspace, "frame", spy)
    ws.write_tables({"accounts": tiny_tables["accounts"]}, today=TODAY)
    assert all(columns is not None for _, columns in read), read
    assert ("reps", ["rep_id", "hire_date", "exit_date"]) in read
    assert ("deals", ["account_id"]) in read


def test_inbound_and_new_failures_are_reported_together(ws, tiny_tables):
    reps = tiny_tables["reps"].iloc[1:].reset_index(drop=True)
    reps.loc[0, "role"] = "boss"
    with pytest.raises(DataValidationError) as err:
        ws.write("reps", reps)
    tables = {f.table for f in err.value.failures}
    assert "reps" in tables and len(tables) > 1


def test_open_names_a_missing_table_file(ws):
    file = ws.file("deals")
    file.unlink()
    with pytest.raises(
        WorkspaceError,
        match=rf"workspace .* is damaged:\n  tables/{file.name} \(table deals\) is missing\n"
        r"rebuild the workspace from its sources \(`fieldsales load CSV_DIR",
    ):
        Workspace.open(ws.path)
    with pytest.raises(WorkspaceError, match=r"\(table deals\) is missing"):
        ws.frame("deals")  # deleted after it was opened


def test_verify_finds_a_changed_file(ws):
    ws.verify()
    ws.verify(content=False)
    deals, reps = ws.file("deals"), ws.file("reps")
    deals.write_bytes(reps.read_bytes())  # swapped content
    reopened = Workspace.open(ws.path)  # every file is there
    with pytest.raises(
        WorkspaceError,
        match=rf"tables/{deals.name} \(table deals\) was changed after it was written: its "
        r"content hash differs from manifest\.json",
    ):
        reopened.verify()
    with pytest.raises(WorkspaceError, match=r"\(table deals\) was changed .* columns differ"):
        reopened.verify(content=False)
    deals.write_bytes(b"not parquet")
    with pytest.raises(WorkspaceError, match=r"\(table deals\) is not a readable Parquet file"):
        reopened.verify(content=False)
