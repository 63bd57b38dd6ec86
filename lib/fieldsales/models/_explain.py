"""Why a rep is at risk, in plain words, from the model itself.

A fitted risk model's log-odds are ``intercept + sum_j coef_j * z_j`` with
``z_j`` the rep's standardized feature (0 = the training population's mean).
``coef_j * z_j`` is feature j's contribution relative to an average rep: the
drivers are the largest positive contributions (what raises this rep's risk
above average), each with its direction and the practice that addresses it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._features import FEATURES

__all__ = ["drivers", "describe_driver", "PRACTICES"]

PRACTICES = {
    1: "clear goals",
    2: "regular 1:1s",
    3: "training and support",
    4: "CRM and pipeline",
    5: "performance evaluation",
    6: "fair pay and incentives",
    7: "data-driven follow-up",
    9: "flexible work",
    10: "wellbeing support",
    11: "culture and engagement",
    17: "customer satisfaction",
}
_BY_NAME = {f.name: f for f in FEATURES}


def _value_text(unit: str, value: float) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "unknown"
    if unit == "pct":
        return f"{value:.0%}"
    if unit == "days":
        return f"{value:.0f} days"
    if unit == "months":
        return f"{value:.0f} months"
    if unit == "hours":
        return f"{value:.0f} h"
    if unit == "flag":
        return "yes" if value >= 0.5 else "no"
    if unit == "log":
        return f"{np.exp(value):.2f}x"
    if unit == "ratio":
        return f"{value:.2f}"
    return f"{value:.1f}"


def describe_driver(feature: str, value: float, z: float) -> str:
    """E.g. ``days since the last 1:1 high (45 days) -> practice 2 (regular 1:1s)``."""
    spec = _BY_NAME.get(feature)
    if spec is None:
        return f"{feature} {'high' if z > 0 else 'low'}"
    shown = value
    if feature in ("pipeline_coverage", "pipeline_generation") and not np.isnan(value):
        shown = np.expm1(value)  # stored as log1p(ratio)
    if feature in ("activity_trend", "activity_level", "activity_last_month", "earnings_vs_team"):
        unit = "log"
    else:
        unit = spec.unit
    direction = "high" if z > 0 else "low"
    practice = PRACTICES.get(spec.practice, "")
    return f"{spec.label} {direction} ({_value_text(unit, shown)}) -> practice {spec.practice}" + (
        f" ({practice})" if practice else ""
    )


def drivers(model, X: pd.DataFrame, top: int = 3) -> pd.DataFrame:
    """The ``top`` features raising each row's risk most above an average rep's.

    Returns a frame indexed like ``X`` with ``drivers`` (one string, ``; ``
    between drivers) and ``driver_1..top`` / ``contribution_1..top`` (log-odds).
    Rows where no feature raises the risk say so.
    """
    contrib = model.contributions(X)
    z = model._transform(X)
    values = X[model.feature_names_in_].to_numpy(dtype=float, na_value=np.nan)
    c = contrib.to_numpy()
    order = np.argsort(-c, axis=1, kind="stable")[:, :top]
    out = pd.DataFrame(index=X.index)
    texts = []
    names = list(model.feature_names_in_)
    for k in range(top):
        out[f"driver_{k + 1}"] = [
            names[j] if c[i, j] > 0 else "" for i, j in enumerate(order[:, k])
        ]
        out[f"contribution_{k + 1}"] = np.maximum(c[np.arange(len(c)), order[:, k]], 0.0)
    for i in range(len(c)):
        parts = [describe_driver(names[j], values[i, j], z[i, j]) for j in order[i] if c[i, j] > 0]
        texts.append("; ".join(parts) if parts else "no factor above the average rep's")
    out.insert(0, "drivers", texts)
    return out
