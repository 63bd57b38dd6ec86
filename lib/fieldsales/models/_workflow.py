"""Workspace-level workflow: train both models (with cards) and score a month."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import ConfigError
from ..workspace import Workspace
from ._evaluate import time_split  # noqa: F401  (re-exported for notebooks)
from ._explain import drivers
from ._fairness import fairness_audit, group_columns, proxy_check
from ._features import build_features, feature_names
from ._persist import MODELS_DIR, load_model, model_card, save_model
from ._train import TARGETS, Evaluation, evaluate

__all__ = ["Report", "report", "train", "score", "models_dir"]


def models_dir(ws: Workspace) -> Path:
    return Path(ws.path) / MODELS_DIR


@dataclass
class Report:
    """One model's evaluation with its fairness audit, proxy check and drivers."""

    evaluation: Evaluation
    fairness: pd.DataFrame
    proxies: pd.DataFrame
    drivers: pd.DataFrame  # the test month's highest-risk reps and why

    @property
    def metrics(self) -> pd.DataFrame:
        return self.evaluation.metrics

    @property
    def calibration(self) -> pd.DataFrame:
        return self.evaluation.calibration

    @property
    def proxy_warnings(self) -> list[str]:
        return [w for w in self.proxies["warning"] if w]

    @property
    def coefficients(self) -> pd.DataFrame:
        m = self.evaluation.model
        frame = pd.DataFrame({"feature": m.feature_names_in_, "coefficient_per_sd": m.coef_})
        return frame.sort_values("coefficient_per_sd", key=abs, ascending=False, ignore_index=True)


def report(
    ws: Workspace,
    target: str,
    *,
    horizon: int = 3,
    threshold: float = 0.8,
    features: pd.DataFrame | None = None,
    top: int = 10,
) -> Report:
    """Evaluate ``target`` (attrition or underperformance) on ``ws`` and audit it."""
    features = build_features(ws) if features is None else features
    ev = evaluate(ws, target, horizon=horizon, threshold=threshold, features=features)
    groups = group_columns(ws)
    test = ev.test.merge(groups, on="rep_id", how="left")
    audit = fairness_audit(test["score"], test["label"], test[groups.columns[1:]])
    proxies = proxy_check(features[feature_names()], _aligned_groups(features, groups))
    last = features["month"].max()
    now = features[features["month"] == last]
    risk = ev.model.predict_proba(now[feature_names()])[:, 1]
    why = drivers(ev.model, now[feature_names()])
    table = now[["rep_id", "rep_name", "month"]].assign(risk=risk, drivers=why["drivers"])
    table = table.sort_values("risk", ascending=False, ignore_index=True).head(top)
    return Report(ev, audit, proxies, table)


def _aligned_groups(features: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    g = features[["rep_id"]].merge(groups, on="rep_id", how="left")
    return g.drop(columns=["rep_id"])


def train(
    ws: Workspace, *, horizon: int = 3, threshold: float = 0.8, out: Path | None = None
) -> dict[str, Report]:
    """Evaluate, audit and save both models with their cards under ``WORKSPACE/models``."""
    features = build_features(ws)
    reports = {}
    folder = Path(out) if out is not None else models_dir(ws)
    for target in TARGETS:
        rep = report(ws, target, horizon=horizon, threshold=threshold, features=features)
        card = model_card(rep.evaluation, ws, rep.fairness, rep.proxies)
        save_model(rep.evaluation.model, card, folder, target)
        reports[target] = rep
    _save_features(features, ws, folder)
    return reports


_FEATURES_FILE = "features-{hash}.parquet"


def _save_features(features: pd.DataFrame, ws: Workspace, folder: Path) -> None:
    """Keep the feature panel beside the models: scoring the same data then reads it."""
    for old in folder.glob(_FEATURES_FILE.format(hash="*")):
        old.unlink(missing_ok=True)
    path = folder / _FEATURES_FILE.format(hash=ws.data_hash[:16])
    tmp = path.with_name(f".{path.name}.tmp")
    features.to_parquet(tmp, index=False)
    tmp.replace(path)


def _month_features(ws: Workspace, month: str | None, folder: Path) -> pd.DataFrame:
    """Features of one month: from the panel saved at training when the data are the
    same (same content hash), else computed."""
    path = folder / _FEATURES_FILE.format(hash=ws.data_hash[:16])
    if path.is_file():
        saved = pd.read_parquet(path)
        wanted = month or saved["month"].max()
        rows = saved[saved["month"] == wanted]
        if len(rows):
            return rows.reset_index(drop=True)
    return build_features(ws, start=month, end=month)


def score(ws: Workspace, period: str | None = None, *, folder: Path | None = None) -> pd.DataFrame:
    """Risk of every rep employed at the end of month ``period`` (default: the last month).

    Columns: ``rep_id``, ``rep_name``, ``attrition_risk``, ``underperformance_risk``,
    ``drivers`` (the top three of whichever risk is higher, relative to it),
    plus ``attrition_drivers`` and ``underperformance_drivers``.
    """
    folder = Path(folder) if folder is not None else models_dir(ws)
    attrition = load_model(folder, "attrition")
    under = load_model(folder, "underperformance")
    if period is not None:
        try:
            month = str(pd.Period(period, freq="M"))
        except (ValueError, TypeError):
            raise ConfigError(f"--period must be a month like 2026-10, got {period!r}") from None
    else:
        month = None
    features = _month_features(ws, month, folder)
    if features.empty:
        raise ConfigError(f"no rep was employed at the end of {month or 'the last month'}")
    X = features[feature_names()]
    a = attrition.predict_proba(X)[:, 1]
    u = under.predict_proba(X)[:, 1]
    da = drivers(attrition, X)["drivers"].to_numpy()
    du = drivers(under, X)["drivers"].to_numpy()
    out = pd.DataFrame(
        {
            "rep_id": features["rep_id"].to_numpy(),
            "rep_name": features["rep_name"].to_numpy(),
            "month": features["month"].to_numpy(),
            "attrition_risk": np.round(a, 4),
            "underperformance_risk": np.round(u, 4),
            "drivers": np.where(a >= u, "attrition: " + da, "underperformance: " + du),
            "attrition_drivers": da,
            "underperformance_drivers": du,
        }
    )
    return out.sort_values(["attrition_risk"], ascending=False, ignore_index=True)
