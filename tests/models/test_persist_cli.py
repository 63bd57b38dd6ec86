"""skops persistence with model cards, the train/score commands, and bad input."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from fieldsales.cli import app
from fieldsales.exceptions import ConfigError, WorkspaceError
from fieldsales.models import (
    build_features,
    evaluate,
    feature_names,
    load_model,
    score,
    train,
)
from fieldsales.sample import Sample, write_workspace


@pytest.fixture(scope="module")
def trained(tiny_ws, tmp_path_factory):
    """The tiny sample trained once, in its own copy."""
    sample, _ = tiny_ws
    ws = write_workspace(sample, tmp_path_factory.mktemp("trained") / "ws")
    reports = train(ws)
    return ws, reports


def test_saved_with_skops_and_a_card(trained):
    ws, reports = trained
    folder = ws.path / "models"
    for target in ("attrition", "underperformance"):
        assert (folder / f"{target}.skops").is_file()
        card = json.loads((folder / f"{target}.card.json").read_text(encoding="utf-8"))
        assert {"data_window", "features", "metrics", "calibration", "fairness"} <= set(card)
        assert [f["name"] for f in card["features"]] == feature_names()
        md = (folder / f"{target}.card.md").read_text(encoding="utf-8")
        assert md.startswith(f"# Model card: {target} risk") and "## Fairness" in md
        model = load_model(folder, target)
        X = build_features(ws)[feature_names()]
        np.testing.assert_array_equal(
            model.predict_proba(X), reports[target].evaluation.model.predict_proba(X)
        )
    assert not list(folder.glob("*.pkl")) and not list(folder.glob("*.pickle"))


def test_score_has_every_employed_rep_and_plain_drivers(trained):
    ws, _ = trained
    out = score(ws, "2026-09")
    assert list(out.columns[:6]) == [
        "rep_id", "rep_name", "month", "attrition_risk", "underperformance_risk", "drivers",
    ]  # fmt: skip
    assert out["month"].eq("2026-09").all()
    assert out[["attrition_risk", "underperformance_risk"]].apply(np.isfinite).all().all()
    assert out["drivers"].str.contains("practice").any()


def test_a_rep_with_one_month_of_history_is_scored(trained):
    ws, _ = trained
    features = build_features(ws)
    new = features[features["tenure_months"] < 1.2]
    assert len(new), "the tiny sample has new hires"
    out = score(ws, new["month"].iloc[0])
    row = out[out["rep_id"] == new["rep_id"].iloc[0]]
    assert len(row) == 1 and np.isfinite(row["attrition_risk"]).all()


def test_missing_model_and_bad_period_are_clear(tiny_ws, trained):
    _, untrained = tiny_ws
    with pytest.raises(WorkspaceError, match="train one first"):
        score(untrained)
    ws, _ = trained
    with pytest.raises(ConfigError, match="after the data"):
        score(ws, "2030-01")
    with pytest.raises(ConfigError, match="month like"):
        score(ws, "soon")


def test_a_workspace_with_no_exits(tiny_ws, tmp_path):
    sample, _ = tiny_ws
    t = {k: v.copy() for k, v in sample.tables.items()}
    t["reps"][["exit_date", "exit_type"]] = [pd.NaT, None]
    ws = write_workspace(Sample(t, sample.truth, sample.parameters), tmp_path / "stay")
    with pytest.raises(ConfigError, match="no exits has nothing to learn"):
        evaluate(ws, "attrition")
    result = CliRunner().invoke(app, ["train", str(ws.path)])
    assert isinstance(result.exception, ConfigError)


def _main(monkeypatch, capsys, *args) -> tuple[int, str, str]:
    """Run the ``fieldsales`` entry point in-process: exit code, stdout, stderr."""
    from fieldsales.cli import main

    monkeypatch.setattr("sys.argv", ["fieldsales", *args])
    with pytest.raises(SystemExit) as exit_:
        main()
    out = capsys.readouterr()
    return exit_.value.code, out.out, out.err


def test_cli_train_and_score(trained, monkeypatch, capsys):
    ws, _ = trained
    code, out, err = _main(monkeypatch, capsys, "score", str(ws.path), "--period", "2026-10")
    assert code == 0, err
    assert out.startswith("risk at the end of 2026-10")
    code, out, _ = _main(monkeypatch, capsys, "score", str(ws.path), "--format", "csv")
    assert out.splitlines()[0] == "rep_id,rep_name,attrition_risk,underperformance_risk,drivers"
    code, _, err = _main(monkeypatch, capsys, "score", str(ws.path), "--format", "xml")
    assert code == 2 and "--format must be table or csv" in err
    code, _, err = _main(monkeypatch, capsys, "score", str(ws.path), "--period", "2031-01")
    assert code == 2 and "after the data" in err


def test_cli_train(tiny_ws, tmp_path, monkeypatch, capsys):
    sample, _ = tiny_ws
    ws = write_workspace(sample, tmp_path / "cli")
    code, out, err = _main(monkeypatch, capsys, "train", str(ws.path))
    assert code == 0, err
    assert "saved models and model cards" in out and "roc_auc" in out
    code, _, err = _main(monkeypatch, capsys, "train", str(ws.path), "--horizon", "0")
    assert code == 2 and "--horizon must be at least 1" in err
