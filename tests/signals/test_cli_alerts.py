"""`fieldsales alerts` as a user runs it: a real process on the hand-built workspace."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest

from fieldsales import Workspace
from fieldsales.signals import ALERT_COLUMNS


def run(*args):
    proc = subprocess.run(
        [sys.executable, "-m", "fieldsales.cli", "alerts", *map(str, args)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_table_lists_the_alerts_with_their_actions(hand_ws):
    proc = run(hand_ws.path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "4 alert(s) for 2026-02 (data up to 2026-02-27)"
    assert lines[1].split() == ["severity", "practice", "rep_id", "rep_name", "kind",
                                "message", "/", "action"]  # fmt: skip
    assert lines[2].split()[:6] == ["high", "13", "R1", "Rui", "Field", "compliance_overdue"]
    assert lines[3].strip().startswith("-> Agree a completion date this week")
    # the action starts under the message
    assert lines[3].index("->") == lines[2].index("1 compliance item(s)")
    assert "note: 2026-02 is under way" in proc.stderr


def test_chinese_table(hand_ws):
    proc = run(hand_ws.path, "--period", "2026-01", "--lang", "zh")
    assert proc.returncode == 0, proc.stderr
    assert "2026-01目标2,000，赢单1,000，目标达成率50%。" in proc.stdout
    assert "-> 一周内" not in proc.stdout  # no decline here
    assert "本周安排一次一对一面谈" in proc.stdout


def test_csv_to_a_file_has_every_column(hand_ws, tmp_path):
    out = tmp_path / "alerts.csv"
    proc = run(hand_ws.path, "--period", "2026-01", "--format", "csv", "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert "wrote 7 alert(s)" in proc.stderr
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert list(frame.columns) == ALERT_COLUMNS
    assert frame["kind"].tolist()[:3] == ["pace", "one_on_one_overdue", "sla_breach"]


def test_json_in_one_language(hand_ws):
    proc = run(hand_ws.path, "--format", "json", "--lang", "zh")
    assert proc.returncode == 0, proc.stderr
    records = json.loads(proc.stdout)
    assert len(records) == 4
    assert set(records[0]) == {
        "rep_id", "rep_name", "period", "kind", "severity", "practice", "message", "action",
        "value", "threshold",
    }  # fmt: skip
    assert records[0]["message"].startswith("截至2026-02-27，有1项合规事项逾期")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2026-13"], "error: period '2026-13' not understood"),
        (["--period", "2031-01"], "error: period 2031-01 starts after the data end"),
        (["--format", "xml"], "error: --format must be table, csv or json"),
        (["--lang", "fr"], "error: --lang must be en or zh"),
    ],
)
def test_bad_input_exits_2_with_one_message(hand_ws, args, message):
    proc = run(hand_ws.path, *args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert proc.stdout == ""


def test_a_missing_workspace_exits_2(tmp_path):
    proc = run(tmp_path / "nowhere")
    assert proc.returncode == 2
    assert proc.stderr.startswith("error:")


def test_names_from_the_crm_are_escaped(tmp_path, hand_frames):
    hand_frames["reps"].loc[hand_frames["reps"]["rep_id"] == "R1", "name"] = (
        '=HYPERLINK("http://x")\x1b[31m'
    )
    ws = Workspace.create(tmp_path / "ws")
    ws.write_tables(hand_frames, today=date(2026, 3, 1))
    table = run(ws.path)
    assert table.returncode == 0, table.stderr
    assert "\x1b" not in table.stdout and '=HYPERLINK("http://x")?[31m' in table.stdout
    out = tmp_path / "a.csv"
    assert run(ws.path, "--format", "csv", "--out", out).returncode == 0
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert frame["rep_name"].iloc[0].startswith("'=HYPERLINK")
    stdout_csv = run(ws.path, "--format", "csv")
    assert "'=HYPERLINK" in stdout_csv.stdout
