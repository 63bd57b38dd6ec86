"""Safe to hand to each rep: no colleague in a rep's copy; hostile ids and names are harmless."""

from __future__ import annotations

import json
import re

import pytest
from reports_helpers import EVIL_ID, EVIL_NAME

from fieldsales.reports import (
    REP_SECTIONS,
    BatchData,
    RepReport,
    rep_report,
    resolve_period_text,
    run_reports,
    safe_name,
)
from fieldsales.workspace import Workspace


def _rendered(report) -> str:
    """Everything a report would display: its HTML parts and its charts' specs and data."""
    parts = []
    for name in REP_SECTIONS:
        for kind, part in report.section(name):
            chart = kind == "chart"
            parts.append(json.dumps(part.to_dict(validate=False), default=str) if chart else part)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def sample_batch(sample_ws):
    ws = Workspace.open(sample_ws)
    return ws, BatchData.build(ws, "2026-10")


def test_every_rep_copy_names_no_other_rep(sample_batch):
    ws, batch = sample_batch
    reps = batch.reps[batch.reps["role"] != "manager"]
    names = dict(zip(reps["rep_id"].astype(str), reps["name"].astype(str), strict=True))
    ids = batch.rep_ids()
    assert len(ids) >= 50
    notes = ws.frame("one_on_ones")
    for rep_id in ids:
        report = RepReport(ws, batch, rep_id, "rep")  # as rep_report(), figures computed once
        text = _rendered(report)
        assert names[rep_id] in text
        others = [n for r, n in names.items() if r != rep_id and n != names[rep_id]]
        leaked = [n for n in others if n in text]
        assert not leaked, f"{rep_id}'s copy names {leaked}"
        other_ids = [r for r in names if r != rep_id and re.search(rf"\b{r}\b", text)]
        assert not other_ids, f"{rep_id}'s copy holds {other_ids}"
        assert "Risk scores" not in text
        own_notes = notes.loc[notes["rep_id"] == rep_id, "notes"].dropna().astype(str)
        assert not any(n in text for n in own_notes if len(n) > 15), "manager notes shown"


def test_manager_copy_has_risk_and_notes(sample_batch):
    ws, batch = sample_batch
    report = RepReport(ws, batch, "R00004", "manager")
    text = _rendered(report)
    assert "Risk scores" in text and "No trained risk model" in text
    assert "<th>notes</th>" in text


def test_risk_scores_from_trained_models_reach_managers_only(sample_ws, tmp_path, monkeypatch):
    import shutil

    import pandas as pd

    models = pytest.importorskip("fieldsales.models")
    ws_path = tmp_path / "ws"
    shutil.copytree(sample_ws, ws_path)
    (ws_path / "models").mkdir(exist_ok=True)
    for name in ("attrition", "underperformance"):
        (ws_path / "models" / f"{name}.skops").write_bytes(b"stand-in")
    scores = pd.DataFrame({
        "rep_id": ["R00004", "R00006"], "rep_name": ["a", "b"], "month": ["2026-10"] * 2,
        "attrition_risk": [0.61, 0.1], "underperformance_risk": [0.2, 0.3],
        "drivers": ["attrition: days since 1:1 high", "x"],
    })  # fmt: skip
    monkeypatch.setattr(models, "score", lambda ws, period: scores)
    ws = Workspace.open(ws_path)
    batch = BatchData.build(ws, "2026-10")
    manager = _rendered(RepReport(ws, batch, "R00004", "manager"))
    assert "61%" in manager and "days since 1:1 high" in manager
    mine = _rendered(RepReport(ws, batch, "R00004", "rep"))
    assert "61%" not in mine and "days since 1:1 high" not in mine and "Risk" not in mine


def test_small_team_hides_team_aggregates_from_the_rep(sample_batch, monkeypatch):
    ws, batch = sample_batch
    report = RepReport(ws, batch, "R00004", "rep")
    monkeypatch.setattr(BatchData, "team_of", lambda self, rep_id: [rep_id, "X"])
    assert not report.team_visible
    assert "team median" not in _rendered(report)


@pytest.mark.parametrize(
    "rep_id",
    ["../../etc/passwd", 'a"b', "a'b", "line\nbreak", "<script>x</script>", "..", "", "CON"],
)
def test_safe_name(rep_id):
    name = safe_name(rep_id)
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name), name
    assert "/" not in name and ".." not in name.replace("...", "")[:2]


def test_safe_names_do_not_collide():
    assert safe_name("a/b") != safe_name("a_b") != safe_name("a\nb")
    assert safe_name("R00004") == "R00004"


def test_hostile_id_and_name_are_sanitized_and_escaped(evil_ws, tmp_path):
    out = tmp_path / "out"
    for audience in ("manager", "rep"):
        result = run_reports(evil_ws, out=out, reps=[EVIL_ID], audience=audience, progress=False)
        assert result.ok, result.manifest["reports"]
    files = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+", f) for f in files), files
    assert not (tmp_path / "x").exists() and len([f for f in files if f.endswith(".html")]) == 3
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page.name
        assert "&lt;script&gt;alert(" in text, page.name
    # the executed notebook keeps the true id as a parameter (JSON-escaped)
    manifest = result.manifest["reports"]
    assert manifest[f"rep/{EVIL_ID}"]["rep_name"] == EVIL_NAME


def test_rep_report_checks_its_arguments(sample_ws):
    from fieldsales.exceptions import ConfigError

    with pytest.raises(ConfigError, match="audience must be one of manager, rep"):
        rep_report(sample_ws, "R00004", "2026-10", audience="everyone")


def test_last_month_is_relative_to_today(monkeypatch):
    monkeypatch.setenv("FIELDSALES_TODAY", "2026-11-15")
    assert resolve_period_text("last-month") == "2026-10"
    monkeypatch.setenv("FIELDSALES_TODAY", "2027-01-03")
    assert resolve_period_text("last-month") == "2026-12"
    assert resolve_period_text("2026-Q3") == "2026-Q3"
    assert resolve_period_text("") is None
