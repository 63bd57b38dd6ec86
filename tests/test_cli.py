"""The `fieldsales` command, run as a user runs it: a real process, real files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest


def run(*args, cwd=None, **env):
    proc = subprocess.run(
        [sys.executable, "-m", "fieldsales.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        env={**os.environ, **env},
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture(scope="module")
def csv_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "csv"
    proc = run("sample", out, "--csv", "--reps", 6, "--months", 6, "--seed", 2)
    assert proc.returncode == 0, proc.stderr
    return out


def test_sample_load_validate_info(csv_dir, tmp_path):
    assert (csv_dir / "deals.csv").is_file()
    assert (csv_dir / "ground_truth" / "rep_months.csv").is_file()
    ws = tmp_path / "ws"
    proc = run("load", csv_dir, ws)
    assert proc.returncode == 0, proc.stderr
    assert "loaded 11 tables" in proc.stdout
    assert (ws / "ground_truth" / "reps.csv").is_file()
    assert run("validate", ws).returncode == 0
    assert run("validate", csv_dir).returncode == 0
    info = run("info", ws)
    assert info.returncode == 0, info.stderr
    for word in ("activities", "earliest", "empty cells", "data hash", "people:", "deals:"):
        assert word in info.stdout
    assert "(earliest/latest span every date column of a table, planned dates included" in (
        info.stdout
    )


def test_sample_writes_a_workspace_directly(tmp_path):
    proc = run("sample", tmp_path / "ws", "--reps", 4, "--months", 6)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "ws" / "manifest.json").is_file()
    again = run("sample", tmp_path / "ws", "--reps", 4, "--months", 6)
    assert again.returncode == 2
    assert "exists and is not empty; add --force" in again.stderr


def test_sample_with_the_truth_at_t(tmp_path):
    proc = run("sample", tmp_path / "ws", "--reps", 4, "--months", 6, "--truth-at-t")
    assert proc.returncode == 0, proc.stderr
    truth = pd.read_parquet(tmp_path / "ws" / "ground_truth" / "rep_months.parquet")
    for column in ("voluntary_exit_prob_3m_at_t", "underperformance_prob_at_t"):
        assert truth[column].between(0, 1).any(), column


def test_every_bad_row_is_reported_and_the_workspace_kept(csv_dir, tmp_path):
    ws = tmp_path / "ws"
    assert run("load", csv_dir, ws).returncode == 0
    manifest = (ws / "manifest.json").read_bytes()

    bad = tmp_path / "bad"
    shutil.copytree(csv_dir, bad)
    lines = (bad / "deals.csv").read_text().splitlines()
    header = lines[0].split(",")
    row = lines[2].split(",")  # line 3 of the file
    row[header.index("amount")] = "12k"
    lines[2] = ",".join(row)
    row = lines[4].split(",")  # line 5
    row[header.index("rep_id")] = "R77777"
    lines[4] = ",".join(row)
    (bad / "deals.csv").write_text("\n".join(lines) + "\n")

    proc = run("validate", bad)
    assert proc.returncode == 2
    assert "2 validation failure(s)" in proc.stderr
    assert "row = line number in TABLE.csv" in proc.stderr
    assert "deals.amount row 3" in proc.stderr and "12k" in proc.stderr
    assert "deals.rep_id row 5" in proc.stderr and "R77777" in proc.stderr

    report = tmp_path / "failures.csv"
    proc = run("validate", bad, "--report", report)
    assert proc.returncode == 2
    failures = pd.read_csv(report, encoding="utf-8-sig")
    assert set(failures["column"]) == {"amount", "rep_id"}
    assert sorted(failures["row"]) == [3, 5]
    assert f"wrote 2 row(s) to {report}" in proc.stderr

    proc = run("load", bad, ws, "--force")
    assert proc.returncode == 2
    assert "deals.amount row 3" in proc.stderr
    assert (ws / "manifest.json").read_bytes() == manifest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "failures.csv", "ws"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("info", "/no/such/workspace"), "no workspace at /no/such/workspace"),
        (("validate", "/no/such/folder"), "is not a folder of CSV tables"),
        (("sample", "x", "--months", "3"), "--months must be at least 6"),
        (("sample", "x", "--end", "Oct"), "--end must be a month like 2026-10"),
        (("load", "/no/such/folder", "ws"), "is not a folder of CSV tables"),
    ],
)
def test_user_errors_exit_2_with_one_message(tmp_path, args, message):
    proc = run(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert message in proc.stderr


def test_empty_csv_file_is_named(tmp_path):
    (tmp_path / "reps.csv").write_text("")
    proc = run("validate", tmp_path)
    assert proc.returncode == 2
    assert "reps.csv: the file is empty" in proc.stderr


def test_unknown_option_is_a_usage_error():
    proc = run("info", "--colour")
    assert proc.returncode == 2
    assert "No such option" in proc.stderr


# --- --force replaces only what fieldsales wrote ---------------------------------------


def snapshot(path):
    return {p.relative_to(path): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    "args",
    [
        ("sample", "{out}", "--end", "2026-13", "--force"),
        ("sample", "{out}", "--force", "--reps", 4, "--months", 6),
        ("sample", "{out}", "--csv", "--force", "--reps", 4, "--months", 6),
        ("load", "{csv}", "{out}", "--force"),
    ],
)
def test_force_leaves_a_folder_with_other_files_alone(csv_dir, tmp_path, args):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.docx").write_text("years of work")
    (out / "deals.csv").write_text("mine")
    proc = run(*(str(a).format(out=out, csv=csv_dir) for a in args))
    assert proc.returncode == 2
    assert "nothing was deleted" in proc.stderr
    assert "thesis.docx" in proc.stderr or "not a workspace" in proc.stderr
    assert snapshot(out) == {Path("thesis.docx"): b"years of work", Path("deals.csv"): b"mine"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["precious"]


def test_bad_arguments_leave_a_previous_sample_untouched(tmp_path):
    ws = tmp_path / "ws"
    assert run("sample", ws, "--reps", 4, "--months", 6).returncode == 0
    before = snapshot(ws)
    for args, message in [
        (("--end", "2026-13"), "--end must be a month like 2026-10, got '2026-13'"),
        (("--seed", -1), "--seed must be a whole number, 0 or more, got -1"),
        (("--months", 2), "--months must be at least 6 (two quarters), got 2"),
    ]:
        proc = run("sample", ws, "--force", "--reps", 4, *args)
        assert proc.returncode == 2
        assert proc.stderr == f"error: {message}\n"
    assert snapshot(ws) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ws"]


@pytest.mark.parametrize(
    "args",
    [
        ("sample", ".", "--force"),
        ("sample", ".", "--csv"),
        ("sample", "..", "--force"),
        ("load", "{csv}", ".", "--force"),
        ("load", "{csv}", "{parent}", "--force"),
    ],
)
def test_the_current_folder_and_its_parents_are_refused(csv_dir, tmp_path, args):
    here = tmp_path / "work"
    here.mkdir()
    (here / "notes.txt").write_text("mine")
    args = [str(a).format(csv=csv_dir, parent=tmp_path) for a in args]
    extra = ("--reps", 4, "--months", 6) if args[0] == "sample" else ()
    proc = run(*args, *extra, cwd=here)
    assert proc.returncode == 2
    assert "is the current folder or one above it" in proc.stderr
    assert (here / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"]


def test_force_replaces_a_previous_output(csv_dir, tmp_path):
    out = tmp_path / "csv"
    assert run("sample", out, "--csv", "--reps", 4, "--months", 6).returncode == 0
    (out / "README.md").write_text("# our sample")
    deals = (out / "deals.csv").read_bytes()
    proc = run("sample", out, "--csv", "--force", "--reps", 4, "--months", 6, "--seed", 9)
    assert proc.returncode == 0, proc.stderr
    assert (out / "deals.csv").read_bytes() != deals
    assert (out / "README.md").read_text() == "# our sample"  # kept across the replacement

    ws = tmp_path / "ws"
    assert run("load", csv_dir, ws).returncode == 0
    proc = run("load", out, ws, "--force")
    assert proc.returncode == 0, proc.stderr
    assert run("validate", ws).returncode == 0
    proc = run("sample", out, "--force", "--reps", 4, "--months", 6)  # a CSV folder
    assert proc.returncode == 2
    assert "is not a workspace (it has no manifest.json)" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv", "ws"]


def test_end_must_be_a_completed_month(tmp_path):
    for end in ("2026-11", "2027-01"):
        proc = run("sample", tmp_path / "ws", "--end", end, FIELDSALES_TODAY="2026-11-27")
        assert proc.returncode == 2
        assert (
            f"--end must be a completed month before the current one, got {end} (today is "
            "2026-11-27); use 2026-10 or earlier" in proc.stderr
        )
    assert not (tmp_path / "ws").exists()
    proc = run("sample", tmp_path / "ws", "--reps", 4, "--months", 6, FIELDSALES_TODAY="2026-11-01")
    assert proc.returncode == 0, proc.stderr
    assert run("validate", tmp_path / "ws", FIELDSALES_TODAY="2026-11-01").returncode == 0


# --- what the folder and the workspace hold ---------------------------------------------


def test_an_unknown_csv_name_fails_and_keeps_the_workspace(csv_dir, tmp_path):
    ws = tmp_path / "ws"
    assert run("load", csv_dir, ws).returncode == 0
    manifest = (ws / "manifest.json").read_bytes()
    bad = tmp_path / "bad"
    shutil.copytree(csv_dir, bad)
    (bad / "deals.csv").rename(bad / "Deals.csv")
    for proc in (run("validate", bad), run("load", bad, ws, "--force")):
        assert proc.returncode == 2
        assert "Deals.csv: not a canonical table name — rename it to deals.csv" in proc.stderr
    assert (ws / "manifest.json").read_bytes() == manifest


def test_a_damaged_workspace_is_named_not_a_traceback(csv_dir, tmp_path):
    ws = tmp_path / "ws"
    assert run("load", csv_dir, ws).returncode == 0
    deals = next((ws / "tables").glob("deals-*.parquet"))
    reps = next((ws / "tables").glob("reps-*.parquet"))
    deals.write_bytes(reps.read_bytes())  # swapped
    info, validate = run("info", ws), run("validate", ws)
    assert info.returncode == validate.returncode == 2
    assert f"tables/{deals.name} (table deals) was changed after it was written" in info.stderr
    assert "columns differ" in info.stderr
    assert "content hash differs from manifest.json" in validate.stderr
    assert "fieldsales load CSV_DIR" in validate.stderr
    deals.unlink()
    for proc in (run("info", ws), run("validate", ws)):
        assert proc.returncode == 2
        assert f"tables/{deals.name} (table deals) is missing" in proc.stderr


def test_failure_counts_are_true_and_the_report_is_explained(csv_dir, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(csv_dir, bad)
    activities = pd.read_csv(bad / "activities.csv", dtype=str)
    activities["duration_minutes"] = "x"
    activities.loc[:9, "type"] = "lunch"
    activities.to_csv(bad / "activities.csv", index=False)
    n = len(activities)
    assert n > 1000

    proc = run("validate", bad)
    assert proc.returncode == 2
    assert f": {n + 10:,} validation failure(s)\n" in proc.stderr
    assert proc.stderr.rstrip().endswith(
        f"... and {n + 10 - 50:,} more (add --report FILE to write them to a CSV file (the "
        "first 1,000 rows of each rule, plus a count of the further rows))"
    )
    assert ".failures" not in proc.stderr

    report = tmp_path / "report.csv"
    proc = run("validate", bad, "--report", report)
    assert proc.returncode == 2
    assert f"... and {n + 10 - 50:,} more (all in {report}: the first 1,000" in proc.stderr
    assert f"wrote 1,011 row(s) to {report} (the first 1,000 rows of each rule, plus a count" in (
        proc.stderr
    )
    rows = pd.read_csv(report, encoding="utf-8-sig")
    assert len(rows) == 1011
    assert rows["rule"].str.contains(f"{n - 1000:,} more row").sum() == 1


def test_reload_keeps_saved_decisions(csv_dir, tmp_path):
    """Goals and checklist answers in state.sqlite survive `load --force` of new data."""
    import sqlite3

    ws = tmp_path / "ws"
    assert run("load", csv_dir, ws).returncode == 0
    with sqlite3.connect(ws / "state.sqlite") as conn:
        conn.execute("CREATE TABLE goals (rep_id TEXT, target REAL)")
        conn.execute("INSERT INTO goals VALUES ('R00001', 50000)")
    proc = run("load", csv_dir, ws, "--force")
    assert proc.returncode == 0, proc.stderr
    assert "kept the saved decisions" in proc.stdout
    with sqlite3.connect(ws / "state.sqlite") as conn:
        assert conn.execute("SELECT * FROM goals").fetchall() == [("R00001", 50000.0)]
