"""Rollups of the activity log: written with it, read by the KPIs, same figures as the log."""

from __future__ import annotations

import errno
import shutil
import warnings
from datetime import date

import pandas as pd
import pytest

from fieldsales import Workspace, rollups
from fieldsales.kpis import compute
from fieldsales.sample import generate, write_workspace

ROLLUP_NAMES = ["account_months", "account_runs", "activity_days", "activity_months"]


def rollup_files(ws: Workspace) -> list[str]:
    folder = ws.path / rollups.ROLLUPS_DIR
    return sorted(p.name.rsplit("-", 1)[0] for p in folder.iterdir()) if folder.is_dir() else []


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    sample = generate(reps=25, months=12, seed=3)
    ws = write_workspace(sample, tmp_path_factory.mktemp("rollups") / "ws")
    return ws, "..".join(sample.parameters["window"])


def test_writing_the_activities_writes_their_rollups(tmp_path, tiny_tables):
    ws = Workspace.create(tmp_path / "ws")
    ws.write_tables(tiny_tables, today=date(2026, 12, 1))
    assert rollup_files(ws) == ROLLUP_NAMES
    before = sorted(p.name for p in (ws.path / rollups.ROLLUPS_DIR).iterdir())

    ws.write_tables({"deals": tiny_tables["deals"]}, today=date(2026, 12, 1))  # log unchanged
    assert sorted(p.name for p in (ws.path / rollups.ROLLUPS_DIR).iterdir()) == before

    fewer = tiny_tables["activities"].iloc[:-1]
    ws.write_tables({"activities": fewer}, today=date(2026, 12, 1))
    after = sorted(p.name for p in (ws.path / rollups.ROLLUPS_DIR).iterdir())
    assert len(after) == len(ROLLUP_NAMES) and not set(after) & set(
        before
    )  # rebuilt, old ones removed


def test_rollup_counts_by_hand(hand_ws):
    """R1 on 2026-01-31: X2, a call at 23:30 (after hours) with account and duration."""
    days = hand_ws.con.to_pyarrow(rollups.table(hand_ws, "activity_days")).to_pandas()
    r1 = days[(days["rep_id"] == "R1") & (pd.to_datetime(days["day"]) == "2026-01-31")]
    assert r1.drop(columns=["rep_id", "day"]).iloc[0].to_dict() == {
        "activities": 1,
        "type_visit": 0,
        "type_call": 1,
        "type_email": 0,
        "type_meeting": 0,
        "type_demo": 0,
        "after_hours": 1,
        "with_account": 1,
        "with_duration": 1,
    }
    months = hand_ws.con.to_pyarrow(rollups.table(hand_ws, "activity_months")).to_pandas()
    january = months[(months["rep_id"] == "R1") & (pd.to_datetime(months["day"]) == "2026-01-01")]
    assert january[["activities", "type_visit", "type_call", "after_hours"]].iloc[0].tolist() == [
        2, 1, 1, 1  # X1 visit on 01-06 10:00, X2 call on 01-31 23:30
    ]  # fmt: skip
    contacts = hand_ws.con.to_pyarrow(rollups.table(hand_ws, "account_months")).to_pandas()
    a1 = contacts[contacts["account_id"] == "A1"]
    assert a1["last_at"].tolist() == [pd.Timestamp("2026-01-31 23:30")]  # X1 and X2: one month
    runs = hand_ws.con.to_pyarrow(rollups.table(hand_ws, "account_runs")).to_pandas()
    runs = runs.set_index("account_id")
    # A1: last contact (its day) at the end of January (X2) and still at the end of
    # February, the log's last month; A2 first contacted in February (X3)
    assert str(runs.loc["A1", "first_month"])[:10] == "2026-01-01"
    assert list(runs.loc["A1", "runs"]) == [date(2026, 1, 31)] * 2
    assert list(runs.loc["A2", "runs"]) == [date(2026, 2, 7)]


@pytest.mark.parametrize("grain", ["week", "month", "quarter"])
@pytest.mark.parametrize("by", ["rep", "team"])
def test_kpis_from_the_rollups_equal_kpis_from_the_log(generated, monkeypatch, grain, by):
    ws, window = generated
    if grain == "quarter":
        window = "2026-Q1..2026-Q3"
    elif grain == "week":
        window = "2026-W10..2026-W22"
    stored = compute(ws, grain=grain, period=window, by=by)
    # the log's rollups computed in each query instead (as on a read-only workspace)
    monkeypatch.setattr(rollups, "path", lambda ws, name: ws.path / "no-such-folder" / name)
    monkeypatch.setattr(rollups, "_write", _refuse)
    with warnings.catch_warnings(record=True) as caught:  # other warnings stay errors
        warnings.simplefilter("always", UserWarning)
        from_log = compute(Workspace.open(ws.path), grain=grain, period=window, by=by)
    assert any("computed in each query" in str(w.message) for w in caught)
    pd.testing.assert_frame_equal(stored, from_log)


def _refuse(ws, name, file):
    raise PermissionError(errno.EROFS, "Read-only file system", str(file))


def test_missing_rollups_are_built_on_first_use(generated, tmp_path):
    ws, window = generated
    copy = tmp_path / "ws"
    shutil.copytree(ws.path, copy)
    shutil.rmtree(copy / rollups.ROLLUPS_DIR)  # as written by a fieldsales without rollups
    copied = Workspace.open(copy)
    compute(copied, ["customer_visits", "accounts_overdue_contact"], period=window)
    assert rollup_files(copied) == ROLLUP_NAMES


@pytest.mark.parametrize(
    ("grain", "period"),
    [
        ("month", "2025-06..2026-10"),  # months before the first contact
        ("quarter", "2025-Q4..2027-Q1"),  # quarters after the log's last month
        ("year", "2025..2027"),
    ],
)
def test_overdue_from_running_contacts_equals_the_per_account_aggregation(generated, grain, period):
    """The account_runs rollup (the workspace's DuckDB) against the aggregation of
    account_months that other backends use (here a second DuckDB backend)."""
    import ibis

    ws, _ = generated
    kpis = ["accounts_overdue_contact", "accounts_touched"]
    stored = compute(ws, kpis, grain=grain, period=period, by="team")
    other = compute(ws, kpis, grain=grain, period=period, by="team", backend=ibis.duckdb.connect())
    pd.testing.assert_frame_equal(stored, other)
    assert stored["accounts_overdue_contact"].sum() > 0


def test_a_stale_rollup_is_removed_and_a_file_being_written_is_not(tmp_path, tiny_tables):
    ws = Workspace.create(tmp_path / "ws")
    ws.write_tables(tiny_tables, today=date(2026, 12, 1))
    folder = ws.path / rollups.ROLLUPS_DIR
    (folder / "activity_days-0000000000000000.parquet").write_bytes(b"old")
    (folder / ".account_runs-inflight.tmp").write_bytes(b"another process is writing")
    ws.write_tables({"deals": tiny_tables["deals"]}, today=date(2026, 12, 1))
    assert not (folder / "activity_days-0000000000000000.parquet").exists()
    assert (folder / ".account_runs-inflight.tmp").exists()


def test_account_runs_built_in_slices_hold_every_contacted_account(generated):
    ws, _ = generated
    runs = ws.con.to_pyarrow(rollups.table(ws, "account_runs")).to_pandas()
    months = ws.con.to_pyarrow(rollups.table(ws, "account_months")).to_pandas()
    assert sorted(runs["account_id"]) == sorted(months["account_id"].unique())
