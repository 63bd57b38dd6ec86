"""Attrition and underperformance risk models: speed at 10k reps, quality against the oracle.

1. 10,000 seats x 24 months: seconds to train (features, time-split evaluation,
   refit, fairness audit, model cards, skops files) and to score one month:
   on the data the models were trained on (the feature panel saved at
   training is read) and after the data changed (features for the month with
   their 12-month look-back are computed); peak memory; the evaluation table.
2. 2,000 seats x 36 months: the evaluation table of each model beside the
   baselines and the generator's true probabilities, with the targets (ROC AUC
   within 0.03 of the oracle's, ECE <= 0.03). The oracle is the generator's
   probability given its whole state at the end of month t and nothing after
   (ground truth made with ``generate(truth_at_t=True)``); the older oracle that
   also knows part of the future (realised hazards of later months; the drawn
   close days of open deals) is printed beside it, not as a target.

A 10k workspace made by the same generator is reused when one is found at
--ws10k (default: /tmp/ws10k, then /tmp/fs-bench-ws10k); otherwise it is generated
(with the truth as of t). A --ws2000 workspace is reused only when its ground
truth has the oracle as of t (``truth_at_t`` in ground_truth/parameters.json).

Run: .venv/bin/python benchmarks/bench_models.py [--ws10k PATH] [--ws2000 PATH] [--skip-10k]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

os.environ.setdefault("FIELDSALES_TODAY", "2026-11-30")

import pandas as pd  # noqa: E402

from fieldsales import Workspace  # noqa: E402
from fieldsales.exceptions import WorkspaceError  # noqa: E402
from fieldsales.models import (  # noqa: E402
    build_features,
    drivers,
    feature_names,
    load_model,
    report,
    score,
    train,
)
from fieldsales.sample import generate, write_workspace  # noqa: E402

CANDIDATES_10K = ["/tmp/ws10k", "/tmp/fs-bench-ws10k"]


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def _usable(path: str, reps: int, months: int, at_t: bool = False) -> Workspace | None:
    try:
        ws = Workspace.open(path)
        ws.verify(content=False)
    except WorkspaceError:
        return None
    import json

    params = Path(path) / "ground_truth" / "parameters.json"
    if not params.is_file():
        return None
    p = json.loads(params.read_text())
    if at_t and not p.get("truth_at_t"):
        return None  # made before the oracle as of t existed: regenerate
    return ws if (p.get("reps"), p.get("months")) == (reps, months) else None


def _workspace(path: str | None, candidates, reps, months, seed, tmp: Path, at_t=False) -> tuple:
    for candidate in [path] if path else candidates:
        ws = _usable(candidate, reps, months, at_t) if candidate else None
        if ws is not None:
            return ws, f"reused {candidate}", 0.0
    t = time.perf_counter()
    sample = generate(reps=reps, months=months, seed=seed, truth_at_t=True)
    ws = write_workspace(sample, tmp / f"ws{reps}x{months}")
    return ws, f"generated (seed {seed})", time.perf_counter() - t


def _table(metrics: pd.DataFrame) -> str:
    cols = ["model", "n", "events", "roc_auc", "pr_auc", "brier", "ece", "lift_top10"]
    with pd.option_context("display.width", 140):
        return metrics[cols].round(4).to_string(index=False)


def _targets(metrics: pd.DataFrame) -> str:
    """Model vs the oracle as of t (the target), vs the oracle that knows part of the
    future (reported so the yardstick never moves silently), and vs the baselines."""
    m = metrics.set_index("model")
    base = max(m.loc[i, "roc_auc"] for i in m.index if i.startswith("baseline"))
    ece = m.loc["model", "ece"]
    lines = []
    if "model (oracle rows)" in m.index:
        model = m.loc["model (oracle rows)", "roc_auc"]
        lines.append(f"ROC AUC on the oracle rows: model {model:.4f}")
        if "oracle" in m.index:
            gap = m.loc["oracle", "roc_auc"] - model
            lines.append(
                f"  oracle as of t (state at t, nothing after) {m.loc['oracle', 'roc_auc']:.4f}: "
                f"gap {gap:+.4f} (target <= 0.03: {'met' if gap <= 0.03 else 'NOT met'})"
            )
        else:
            lines.append("  (no oracle as of t: generate the sample with truth_at_t)")
        for name in [i for i in m.index if i.startswith("oracle with")]:
            gap = m.loc[name, "roc_auc"] - model
            lines.append(f"  {name} (not a target) {m.loc[name, 'roc_auc']:.4f}: gap {gap:+.4f}")
    else:
        lines.append("(no ground truth: oracles not available)")
    lines.append(
        f"best baseline {base:.4f} (model {m.loc['model', 'roc_auc']:.4f}); ECE {ece:.4f} "
        f"(target <= 0.03: {'met' if ece <= 0.03 else 'NOT met'})"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ws10k", default=None, help="a 10k x 24 workspace to reuse")
    parser.add_argument("--ws2000", default=None, help="a 2,000 x 36 workspace to reuse")
    parser.add_argument("--skip-10k", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-models-"))
    try:
        if not args.skip_10k:
            ws, how, gen_s = _workspace(args.ws10k, CANDIDATES_10K, 10_000, 24, 1, tmp)
            print(f"== 10,000 seats x 24 months: {how}" + (f" in {gen_s:.1f} s" if gen_s else ""))
            t = time.perf_counter()
            reports = train(ws, out=tmp / "models10k")
            train_s = time.perf_counter() - t
            month = reports["attrition"].evaluation.window["last_month"]
            t = time.perf_counter()
            scored = score(ws, month, folder=tmp / "models10k")
            score_s = time.perf_counter() - t
            for saved in (tmp / "models10k").glob("features-*.parquet"):
                saved.unlink()  # now the slow path: data changed since training
            t = time.perf_counter()
            score(ws, month, folder=tmp / "models10k")
            fresh_s = time.perf_counter() - t
            t = time.perf_counter()
            features = build_features(ws, start=month, end=month)
            feat_s = time.perf_counter() - t
            t = time.perf_counter()
            X = features[feature_names()]
            for target in ("attrition", "underperformance"):
                model = load_model(tmp / "models10k", target)
                model.predict_proba(X)
                drivers(model, X)
            model_s = time.perf_counter() - t
            rows = reports["attrition"].evaluation.window["train_rows"]
            print(f"train (both models, {rows:,} training rep-months): {train_s:6.1f} s  [<= 60]")
            print(
                f"score {month} ({len(scored):,} reps), data as trained: {score_s:6.2f} s  [<= 2]"
            )
            print(f"score {month}, data changed since training:   {fresh_s:6.2f} s")
            print(f"  of which features for the month (12-month look-back): {feat_s:6.2f} s")
            print(f"  of which load + predict + drivers, both models:       {model_s:6.2f} s")
            print(f"peak memory so far: {peak_gb():.2f} GB")
            for target, rep in reports.items():
                print(f"\n{target} (test months {rep.evaluation.window['test_months']})")
                print(_table(rep.metrics))
                print(_targets(rep.metrics))
        ws, how, gen_s = _workspace(args.ws2000, [], 2_000, 36, 11, tmp, at_t=True)
        print(f"\n== 2,000 seats x 36 months: {how}" + (f" in {gen_s:.1f} s" if gen_s else ""))
        features = build_features(ws)
        for target in ("attrition", "underperformance"):
            t = time.perf_counter()
            rep = report(ws, target, features=features)
            print(f"\n{target} (test months {rep.evaluation.window['test_months']}, "
                  f"{time.perf_counter() - t:.1f} s)")  # fmt: skip
            print(_table(rep.metrics))
            print(_targets(rep.metrics))
            print("calibration (test months):")
            print(rep.calibration.round(4).to_string(index=False))
            judged = rep.fairness[rep.fairness["note"] == ""]
            failing = judged[judged["passes_80_rule"] == False]  # noqa: E712
            names = ", ".join(failing["attribute"] + "=" + failing["group"])
            print(
                f"fairness: {len(judged)} groups judged, {len(failing)} below the 80% rule"
                + (f": {names}" if len(failing) else "")
            )
        print(f"\npeak memory: {peak_gb():.2f} GB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
