"""`fieldsales reports` / run_reports: files, offline HTML, manifest, reruns, failures."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from reports_helpers import make_template

from fieldsales import __version__
from fieldsales.exceptions import ConfigError
from fieldsales.reports import run_reports

REPS = ["R00004", "R00006"]


@pytest.fixture(scope="module")
def batch(sample_ws, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports") / "out"
    result = run_reports(sample_ws, "2026-10", out=out, reps=REPS, progress=False)
    return out, result


def test_writes_notebook_and_html_per_rep(batch):
    out, result = batch
    assert result.ok and result.ran == REPS
    for rep in REPS:
        assert (out / f"{rep}.ipynb").is_file()
        assert (out / f"{rep}.html").is_file()
    assert not list(out.glob(".*.tmp")), "temporary files left behind"


def test_html_is_offline_and_has_no_code(batch):
    out, _ = batch
    page = (out / "R00004.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc=", page), "no external script"
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "no network reference"
    assert "<link" not in page
    assert "require.js" not in page and "mathjax" not in page.lower()
    assert "data:image/svg+xml" in page or "<svg" in page, "charts embedded"
    assert "rep_report(" not in page and "reset_kernel_state" not in page, "inputs hidden"
    for heading in ("Scorecard", "Trends", "Open pipeline", "Activity mix", "overdue",
                    "satisfaction", "1:1 history", "Training", "Alerts", "Risk"):  # fmt: skip
        assert heading in page, heading
    assert "No trained risk model" in page


def test_manifest_and_index(batch, sample_ws):
    out, _ = batch
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    from fieldsales import Workspace

    assert manifest["data_hash"] == Workspace.open(sample_ws).data_hash
    assert manifest["version"] == __version__
    assert manifest["last_batch"]["seconds_total"] > 0
    for rep in REPS:
        entry = manifest["reports"][f"manager/{rep}"]
        assert entry["status"] == "ok" and entry["error"] is None
        assert entry["parameters"]["rep_id"] == rep and entry["parameters"]["period"] == "2026-10"
        assert entry["seconds"] > 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="R00004.html"' in index and 'href="R00006.html"' in index


def test_rerun_skips_unless_forced(batch, sample_ws):
    out, _ = batch
    again = run_reports(sample_ws, "2026-10", out=out, reps=REPS, progress=False)
    assert again.skipped == REPS and again.ran == []
    forced = run_reports(sample_ws, "2026-10", out=out, reps=REPS[:1], force=True, progress=False)
    assert forced.ran == REPS[:1]


def test_one_failing_rep_does_not_stop_the_batch(sample_ws, tmp_path):
    template = make_template(
        tmp_path / "t.ipynb",
        "print('report for', rep_id)",
        "if rep_id == 'R00004':\n    raise ValueError('broken on purpose')",
        "print('done')",
    )
    out = tmp_path / "out"
    result = run_reports(sample_ws, "2026-10", out=out, reps=["R00004", "R00006", "R00007"],
                         template=template, progress=False)  # fmt: skip
    assert result.failed == ["R00004"] and result.ran == ["R00006", "R00007"]
    entry = result.manifest["reports"]["manager/R00004"]
    assert entry["status"] == "error" and "broken on purpose" in entry["error"]
    partial = json.loads((out / "R00004.ipynb").read_text(encoding="utf-8"))
    text = json.dumps([c.get("outputs", []) for c in partial["cells"]])
    assert "report for" in text and "broken on purpose" in text and "done" not in text
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "broken on purpose" in index
    # a rerun retries only the failed report
    again = run_reports(sample_ws, "2026-10", out=out, reps=["R00004", "R00006", "R00007"],
                        template=template, progress=False)  # fmt: skip
    assert again.skipped == ["R00006", "R00007"] and again.failed == ["R00004"]


def test_choice_of_reps_is_checked(sample_ws, tmp_path):
    with pytest.raises(ConfigError, match="unknown rep id"):
        run_reports(sample_ws, "2026-10", out=tmp_path, reps=["NOPE"], progress=False)
    with pytest.raises(ConfigError, match="no team 'Nowhere'"):
        run_reports(sample_ws, "2026-10", out=tmp_path, team="Nowhere", progress=False)
    with pytest.raises(ConfigError, match="audience"):
        run_reports(sample_ws, "2026-10", out=tmp_path, audience="ceo", progress=False)


def test_cli_exit_codes(sample_ws, tmp_path, monkeypatch):
    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "fieldsales.cli", "reports", str(sample_ws), *args],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip

    bad = cli("--out", str(tmp_path / "o"), "--reps", "NOPE")
    assert bad.returncode == 2 and "unknown rep id" in bad.stderr
    assert "Traceback" not in bad.stderr
    bad = cli("--out", str(tmp_path / "o"), "--executor", "spark://x")
    assert bad.returncode == 2 and "dask://HOST:PORT" in bad.stderr


def test_cli_exits_non_zero_when_a_report_fails(sample_ws, tmp_path, monkeypatch, capsys):
    from fieldsales import cli
    from fieldsales.reports import TEMPLATES

    failing = make_template(tmp_path / "t.ipynb", "raise RuntimeError('no luck')")
    monkeypatch.setitem(TEMPLATES, "rep", failing)
    out = tmp_path / "out"
    monkeypatch.setattr(sys, "argv", ["fieldsales", "reports", str(sample_ws), "--out", str(out),
                                      "--reps", "R00006", "--workers", "1"])  # fmt: skip
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 1
    captured = capsys.readouterr()
    assert "1 failed" in captured.out and "no luck" in captured.err
    # the CLI adds the team overview to a manager batch
    assert "Team overview" in (out / "team-overview.html").read_text(encoding="utf-8")
    assert "Leaderboard" in (out / "team-overview.html").read_text(encoding="utf-8")
