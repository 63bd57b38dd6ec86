"""Honest evaluation: a time split, metrics, calibration, baselines and the oracle."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

from ..exceptions import ConfigError

__all__ = [
    "time_split",
    "risk_metrics",
    "calibration_table",
    "expected_calibration_error",
    "lift_top_decile",
    "oracle_attrition",
    "oracle_attrition_realised",
    "oracle_underperformance",
    "oracle_underperformance_realised",
]


def time_split(months: pd.Series, test_share: float = 0.3, gap: int = 0) -> tuple[str, str]:
    """``(last train month, first test month)``: earlier months train, later months test.

    ``gap`` months are left out between them: with a label that looks ``gap``
    months ahead, the last training labels then end before the test window starts.
    """
    ordered = sorted(pd.unique(months.astype(str)))
    if len(ordered) < gap + 2:
        raise ConfigError(
            f"{len(ordered)} month(s) with outcomes: a time split needs at least {gap + 2}"
        )
    n_test = min(max(1, round(len(ordered) * test_share)), len(ordered) - gap - 1)
    first_test = ordered[len(ordered) - n_test]
    last_train = ordered[len(ordered) - n_test - 1 - gap]
    return last_train, first_test


def expected_calibration_error(y, p, bins: int = 10) -> float:
    """Mean |observed rate - mean predicted| over equal-count bins, weighted by size."""
    table = calibration_table(y, p, bins)
    if table.empty:
        return float("nan")
    gap = (table["observed"] - table["predicted"]).abs()
    return float((gap * table["n"]).sum() / table["n"].sum())


def calibration_table(y, p, bins: int = 10) -> pd.DataFrame:
    """Equal-count bins of the predicted probability: n, mean predicted, observed rate."""
    y, p = np.asarray(y, float), np.asarray(p, float)
    if y.size == 0:
        return pd.DataFrame(columns=["bin", "n", "predicted", "observed"])
    order = np.argsort(p, kind="stable")
    parts = np.array_split(order, min(bins, y.size))
    rows = [
        {
            "bin": i + 1,
            "n": len(idx),
            "predicted": float(p[idx].mean()),
            "observed": float(y[idx].mean()),
        }
        for i, idx in enumerate(parts)
        if len(idx)
    ]
    return pd.DataFrame(rows)


def lift_top_decile(y, p) -> float:
    """Event rate among the 10% highest scores over the overall event rate."""
    y, p = np.asarray(y, float), np.asarray(p, float)
    if y.size == 0 or y.mean() == 0:
        return float("nan")
    n = max(1, int(np.ceil(0.1 * y.size)))
    top = np.argsort(-p, kind="stable")[:n]
    return float(y[top].mean() / y.mean())


def risk_metrics(y, p, name: str = "model") -> dict:
    """ROC AUC, PR AUC, Brier score, ECE and top-decile lift of scores ``p`` for labels ``y``."""
    y, p = np.asarray(y, float), np.asarray(p, float)
    both = y.size > 0 and 0 < y.sum() < y.size
    return {
        "model": name,
        "n": int(y.size),
        "events": int(y.sum()),
        "roc_auc": float(roc_auc_score(y, p)) if both else float("nan"),
        "pr_auc": float(average_precision_score(y, p)) if both else float("nan"),
        "brier": float(brier_score_loss(y, p)) if y.size else float("nan"),
        "ece": expected_calibration_error(y, p),
        "lift_top10": lift_top_decile(y, p),
    }


def _truth(ws) -> pd.DataFrame | None:
    path = Path(ws.path) / "ground_truth" / "rep_months.parquet"
    if path.is_file():
        return pd.read_parquet(path)
    csv = path.with_suffix(".csv")
    if csv.is_file():
        return pd.read_csv(csv, dtype={"rep_id": str, "month": str})
    return None


AT_T_COLUMNS = {
    "attrition": "voluntary_exit_prob_3m_at_t",
    "underperformance": "underperformance_prob_at_t",
}
REALISED_ORACLE = {
    "attrition": "oracle with realised future hazards",
    "underperformance": "oracle with realised close months",
}


def _truth_column(ws, features: pd.DataFrame, column: str) -> np.ndarray | None:
    truth = _truth(ws)
    if truth is None or column not in truth:
        return None
    values = truth.set_index(["rep_id", "month"])[column]
    key = pd.MultiIndex.from_arrays([features["rep_id"].astype(str), features["month"]])
    return values.reindex(key).to_numpy(dtype=float)


def oracle_attrition(ws, features: pd.DataFrame, horizon: int = 3) -> np.ndarray | None:
    """The generator's P(voluntary exit within ``horizon`` months | its state at the end of t).

    The oracle the model is judged against: it knows every latent variable at
    the end of t but nothing that happens after. For ``horizon`` 1 it is the
    truth's ``voluntary_exit_hazard``; for 3 the truth's
    ``voluntary_exit_prob_3m_at_t`` (a sample generated with ``truth_at_t``).
    None without that truth (or for another horizon).
    """
    column = {1: "voluntary_exit_hazard", 3: AT_T_COLUMNS["attrition"]}.get(horizon)
    return None if column is None else _truth_column(ws, features, column)


def oracle_attrition_realised(ws, features: pd.DataFrame, horizon: int = 3) -> np.ndarray | None:
    """``1 - prod(1 - h)`` over the truth's hazards of months t..t+horizon-1: *not* an oracle
    as of t, since the hazards of t+1.. depend on what happened after t (revenue won,
    1:1s held, stress, pay). Reported beside the oracle, named for what it is.

    Where the rep has no hazard for a later month (already left, or an exit already
    fixed) the last known hazard is carried forward. None without truth.
    """
    truth = _truth(ws)
    if truth is None:
        return None
    hz = truth.set_index(["rep_id", "month"])["voluntary_exit_hazard"]
    m0 = pd.PeriodIndex(features["month"], freq="M")
    survive = np.ones(len(features))
    rep = features["rep_id"].astype(str)
    first = last = None
    for k in range(horizon):
        key = pd.MultiIndex.from_arrays([rep, (m0 + k).astype(str)])
        h = hz.reindex(key).to_numpy(dtype=float)
        if k == 0:
            first = last = h
        # after an exit the truth has no hazard; carrying the last one forward keeps the
        # oracle from "knowing" who left (a missing hazard read as 0 would favour stayers)
        h = np.where(np.isnan(h), last, h)
        last = h
        survive *= 1.0 - np.nan_to_num(h)
    return np.where(np.isnan(first), np.nan, 1.0 - survive)


def oracle_underperformance(ws, features: pd.DataFrame) -> np.ndarray | None:
    """The generator's P(next-quarter attainment < 80% | its state at the end of t).

    The truth's ``underperformance_prob_at_t`` (a sample generated with
    ``truth_at_t``), or None.
    """
    return _truth_column(ws, features, AT_T_COLUMNS["underperformance"])


def oracle_underperformance_realised(ws, features: pd.DataFrame) -> np.ndarray | None:
    """The truth's ``underperformance_prob``: it knows on which day each open deal will
    close (drawn when the deal is created) and when a future decline starts, so it
    is not an oracle as of t. None without truth."""
    return _truth_column(ws, features, "underperformance_prob")
