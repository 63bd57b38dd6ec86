"""Train, evaluate and score the two risk models on a workspace."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..exceptions import ConfigError
from ..workspace import Workspace
from ._estimators import AttritionRiskModel, UnderperformanceRiskModel
from ._evaluate import (
    REALISED_ORACLE,
    calibration_table,
    oracle_attrition,
    oracle_attrition_realised,
    oracle_underperformance,
    oracle_underperformance_realised,
    risk_metrics,
    time_split,
)
from ._features import attainment_ahead, attrition_target, build_features, feature_names

__all__ = ["TARGETS", "Evaluation", "evaluate", "fit_model", "labelled_panel"]

TARGETS = ("attrition", "underperformance")


@dataclass
class Evaluation:
    """What :func:`evaluate` found; ``model`` is refitted on every labelled month."""

    target: str
    model: object
    metrics: pd.DataFrame  # one row per scorer: model, baselines, oracle
    calibration: pd.DataFrame
    test: pd.DataFrame  # test rows: rep, month, label, score, groups
    window: dict
    notes: list[str] = field(default_factory=list)

    @property
    def headline(self) -> dict:
        return self.metrics.set_index("model").loc["model"].to_dict()


def _check_target(target: str) -> None:
    if target not in TARGETS:
        raise ConfigError(f"unknown target {target!r}; use one of: {', '.join(TARGETS)}")


def labelled_panel(
    ws: Workspace, target: str, *, horizon: int = 3, features: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, np.ndarray]:
    """Feature rows and their outcome: ``[months followed, exit]`` or next-quarter attainment."""
    _check_target(target)
    features = build_features(ws) if features is None else features
    if target == "attrition":
        return features, attrition_target(ws, features)
    return features, attainment_ahead(ws, features, months=3)


def make_model(target: str, *, horizon: int = 3, threshold: float = 0.8, C: float = 1.0):
    _check_target(target)
    if target == "attrition":
        return AttritionRiskModel(horizon=horizon, C=C)
    return UnderperformanceRiskModel(threshold=threshold, C=C)


def fit_model(model, features: pd.DataFrame, y: np.ndarray):
    """Fit on the rows with an outcome (attrition: followed at least a month)."""
    X = features[feature_names()]
    if isinstance(model, AttritionRiskModel):
        keep = y[:, 0] >= 1
        if not keep.any():
            raise ConfigError("no rep-month is followed by a later month: nothing to learn from")
        return model.fit(X[keep], y[keep])
    return model.fit(X, y)


def _binary(target: str, y: np.ndarray, horizon: int, threshold: float):
    """Fully observed binary outcomes and where they are known."""
    if target == "attrition":
        event = (y[:, 1] > 0) & (y[:, 0] <= horizon)
        known = event | (y[:, 0] >= horizon)
        return event.astype(float), known
    known = ~np.isnan(y)
    return (np.nan_to_num(y, nan=np.inf) < threshold).astype(float), known


def evaluate(
    ws: Workspace,
    target: str,
    *,
    horizon: int = 3,
    threshold: float = 0.8,
    test_share: float = 0.3,
    C: float = 1.0,
    features: pd.DataFrame | None = None,
) -> Evaluation:
    """Train on earlier months, test on later ones, then refit on all labelled months.

    Reports the model beside two baselines (tenure only; last quarter's
    attainment below the threshold) and, for generated workspaces, the
    generator's true probabilities given its state at the end of t (``oracle``,
    when the sample was generated with ``truth_at_t``) and the older oracle that
    knows part of the future (:data:`REALISED_ORACLE`), all on the same rows.
    """
    _check_target(target)
    features, y = labelled_panel(ws, target, horizon=horizon, features=features)
    label, known = _binary(target, y, horizon, threshold)
    ahead = horizon if target == "attrition" else 3
    notes = []
    months = features.loc[known, "month"]
    if months.empty:
        raise ConfigError(
            f"no rep-month has a known {target} outcome yet (the data must run "
            f"{ahead} month(s) past a month to label it)"
        )
    last_train, first_test = time_split(months, test_share, gap=ahead - 1)
    train = (features["month"] <= last_train).to_numpy()
    test = (features["month"] >= first_test).to_numpy() & known
    model = make_model(target, horizon=horizon, threshold=threshold, C=C)
    if target == "attrition":
        # training rows may only be followed up to the last training month's outcomes
        y_train = y.copy()
        cap = _months_until(features["month"], last_train) + ahead
        y_train[:, 1] = np.where(y_train[:, 0] > cap, 0.0, y_train[:, 1])
        y_train[:, 0] = np.minimum(y_train[:, 0], cap)
        fit_model(model, features[train], y_train[train])
    else:
        fit_model(model, features[train], y[train])
    X_test = features.loc[test, feature_names()]
    p = model.predict_proba(X_test)[:, 1]
    y_test = label[test]
    rows = [risk_metrics(y_test, p, "model")]
    for name, score in _baselines(target, features, label, train & known, test, threshold):
        rows.append(risk_metrics(y_test, score, name))
    oracles = _oracles(ws, target, features.loc[test], horizon, threshold)
    if oracles:
        ok = np.logical_and.reduce([~np.isnan(v) for v in oracles.values()])
        if ok.sum() < len(ok):
            notes.append(
                f"oracle missing for {len(ok) - ok.sum()} test rows; oracles scored on the rest"
            )
        if "oracle" not in oracles:
            notes.append(
                "no oracle as of t in the ground truth (generate the sample with truth_at_t); "
                f"only the {REALISED_ORACLE[target]}, which knows part of the future"
            )
        for name, values in oracles.items():
            rows.append(risk_metrics(y_test[ok], values[ok], name))
        rows.append(risk_metrics(y_test[ok], p[ok], "model (oracle rows)"))
    test_frame = features.loc[test, ["rep_id", "rep_name", "team", "month"]].copy()
    test_frame["label"] = y_test
    test_frame["score"] = p
    for name, values in oracles.items():
        test_frame["oracle" if name == "oracle" else "oracle_realised"] = values
    final = make_model(target, horizon=horizon, threshold=threshold, C=C)
    fit_model(final, features[known | (target == "attrition")], y[known | (target == "attrition")])
    window = {
        "first_month": str(features["month"].min()),
        "last_month": str(features["month"].max()),
        "last_labelled_month": str(months.max()),
        "train_months": f"{features['month'].min()}..{last_train}",
        "test_months": f"{first_test}..{months.max()}",
        "train_rows": int(train.sum()),
        "test_rows": int(test.sum()),
        "reps": int(features["rep_id"].nunique()),
    }
    return Evaluation(
        target=target,
        model=final,
        metrics=pd.DataFrame(rows),
        calibration=calibration_table(y_test, p),
        test=test_frame,
        window=window,
        notes=notes + [f"feature {f} is empty; filled with 0" for f in final.empty_features_],
    )


def _oracles(ws, target, features, horizon, threshold) -> dict[str, np.ndarray]:
    """The generator's probabilities for the test rows, when the workspace has them.

    ``oracle``: given the generator's whole state at the end of t and nothing
    after (the target's yardstick). Beside it, the older figure that knows part
    of the future, under the name of :data:`REALISED_ORACLE`.
    """
    if target == "attrition":
        at_t = oracle_attrition(ws, features, horizon)
        realised = oracle_attrition_realised(ws, features, horizon)
    elif threshold == 0.8:
        at_t = oracle_underperformance(ws, features)
        realised = oracle_underperformance_realised(ws, features)
    else:
        return {}
    out = {}
    if at_t is not None:
        out["oracle"] = at_t
    if realised is not None:
        out[REALISED_ORACLE[target]] = realised
    return out


def _months_until(months: pd.Series, last: str) -> np.ndarray:
    m = pd.PeriodIndex(months, freq="M").asi8
    return pd.Period(last, freq="M").ordinal - np.asarray(m)


def _baselines(target, features, label, train, test, threshold):
    """Tenure only (a logistic model), and last quarter's attainment below the threshold."""
    from sklearn.linear_model import LogisticRegression

    tenure = np.log1p(features["tenure_months"].to_numpy(dtype=float))[:, None]
    out = []
    if 0 < label[train].sum() < train.sum():
        lr = LogisticRegression().fit(tenure[train], label[train])
        out.append(("baseline: tenure only", lr.predict_proba(tenure[test])[:, 1]))
    rule = features["attainment_3m"].fillna(1.0).to_numpy() < threshold
    rates = [label[train & (rule == v)].mean() if (train & (rule == v)).any() else np.nan
             for v in (False, True)]  # fmt: skip
    rates = np.nan_to_num(np.array(rates), nan=label[train].mean() if train.any() else 0.0)
    out.append((f"baseline: last quarter < {threshold:.0%}", rates[rule[test].astype(int)]))
    return out
