"""`fieldsales kpis` as a user runs it."""

import json
import subprocess
import sys

import pandas as pd


def run(*args):
    proc = subprocess.run(
        [sys.executable, "-m", "fieldsales.cli", "kpis", *map(str, args)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_list_prints_the_catalogue():
    proc = run("--list")
    assert proc.returncode == 0
    assert "win_rate" in proc.stdout and "Share of closed deals" in proc.stdout


def test_csv_json_parquet_are_wide(hand_ws, tmp_path):
    out = tmp_path / "k.csv"
    proc = run(hand_ws.path, "--kpis", "revenue_won,win_rate", "--period", "2026-02",
               "--format", "csv", "--out", out)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert list(frame.columns) == ["period", "rep_id", "rep_name", "revenue_won", "win_rate"]
    assert frame.set_index("rep_id").loc["R1", "revenue_won"] == 3000
    proc = run(hand_ws.path, "--kpis", "revenue_won", "--period", "2026-02", "--by", "team",
               "--format", "json")  # fmt: skip
    records = json.loads(proc.stdout)
    assert {r["team"]: r["revenue_won"] for r in records} == {"T1": 3000.0, "T2": 4000.0}
    pq = tmp_path / "k.parquet"
    assert (
        run(hand_ws.path, "--period", "2026-02", "--format", "parquet", "--out", pq).returncode == 0
    )
    assert len(pd.read_parquet(pq)) == 3


def test_bad_options_exit_2(hand_ws):
    for args, message in [
        (("--grain", "day"), "unknown grain 'day'"),
        (("--kpis", "revenue"), "unknown KPI 'revenue'"),
        (("--format", "parquet"), "--format parquet needs --out FILE"),
        (("--format", "xml"), "unknown format 'xml'"),
        (("--by", "manager"), "unknown grouping"),
    ]:
        proc = run(hand_ws.path, *args)
        assert proc.returncode == 2, args
        assert message in proc.stderr
    proc = run()
    assert proc.returncode == 2 and "give a WORKSPACE folder" in proc.stderr


def test_breakdown_by_segment(hand_ws, tmp_path):
    out = tmp_path / "seg.csv"
    proc = run(hand_ws.path, "--breakdown", "segment", "--period", "2026-02", "--by", "company",
               "--format", "csv", "--out", out)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    frame = pd.read_csv(out, encoding="utf-8-sig")
    # D5 4000 (Mid-Market) and D2 3000 (Enterprise), won in February
    assert frame[["segment", "revenue_won"]].values.tolist() == [
        ["Mid-Market", 4000.0],
        ["Enterprise", 3000.0],
    ]
    proc = run(hand_ws.path, "--breakdown", "colour")
    assert proc.returncode == 2 and "unknown breakdown 'colour'" in proc.stderr
