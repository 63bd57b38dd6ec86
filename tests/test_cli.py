"""The `fieldsales` command, run as a user runs it: a real process, real files."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest


def run(*args, cwd=None):
    proc = subprocess.run(
        [sys.executable, "-m", "fieldsales.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
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
    for word in ("activities", "first_date", "empty cells", "data hash", "people:", "deals:"):
        assert word in info.stdout


def test_sample_writes_a_workspace_directly(tmp_path):
    proc = run("sample", tmp_path / "ws", "--reps", 4, "--months", 6)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "ws" / "manifest.json").is_file()
    again = run("sample", tmp_path / "ws", "--reps", 4, "--months", 6)
    assert again.returncode == 2
    assert "exists and is not empty; add --force" in again.stderr


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
    (bad / "notes.csv").write_text("a,b\n1,2\n")

    proc = run("validate", bad)
    assert proc.returncode == 2
    assert "row = line number in TABLE.csv" in proc.stderr
    assert "deals.amount row 3" in proc.stderr and "12k" in proc.stderr
    assert "deals.rep_id row 5" in proc.stderr and "R77777" in proc.stderr
    assert "notes.csv: not read" in proc.stderr

    report = tmp_path / "failures.csv"
    proc = run("validate", bad, "--report", report)
    assert proc.returncode == 2
    failures = pd.read_csv(report, encoding="utf-8-sig")
    assert set(failures["column"]) == {"amount", "rep_id"}
    assert sorted(failures["row"]) == [3, 5]

    proc = run("load", bad, ws, "--force")
    assert proc.returncode == 2
    assert "deals.amount row 3" in proc.stderr
    assert (ws / "manifest.json").read_bytes() == manifest
    assert not (tmp_path / "ws.loading").exists()


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
