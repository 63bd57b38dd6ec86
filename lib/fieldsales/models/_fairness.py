"""Fairness audit of risk flags across groups (gender, age band, region).

The group columns are read for the audit only; they are never model inputs.
For each group: how many reps are flagged (flag rate), how many of those who
had the outcome were flagged (true-positive rate), and the disparate-impact
ratio (the group's flag rate over the highest group's) against the 80% rule.
A group too small to judge is reported as such, not as a number. A model input
that is a close proxy for a protected attribute is warned about.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._features import PROTECTED

__all__ = ["fairness_audit", "proxy_check", "group_columns", "MIN_GROUP", "PROXY_THRESHOLD"]

MIN_GROUP = 30  # rep-months in a group (and 5 with the outcome for its TPR)
MIN_EVENTS = 5
PROXY_THRESHOLD = 0.3  # correlation ratio (eta) between a feature and a group


def group_columns(ws) -> pd.DataFrame:
    """``rep_id`` and whichever of gender, age_band, region the reps table has."""
    reps = ws.frame("reps")
    present = [c for c in PROTECTED if c in reps.columns and reps[c].notna().any()]
    out = reps[["rep_id", *present]].copy()
    out["rep_id"] = out["rep_id"].astype(str)
    return out


def fairness_audit(
    scores,
    labels,
    groups: pd.DataFrame,
    *,
    flag_share: float = 0.1,
    threshold: float | None = None,
    min_group: int = MIN_GROUP,
) -> pd.DataFrame:
    """Flag rate, TPR and disparate impact per group value.

    Parameters
    ----------
    scores : risk scores, one per row.
    labels : 1 where the outcome happened, 0 where not, NaN where unknown.
    groups : one column per protected attribute, rows aligned with ``scores``.
    flag_share : share of rows flagged (the highest scores) when ``threshold`` is None.
    threshold : flag rows scoring at or above it instead.
    min_group : groups with fewer rows are "too small to judge".

    Returns
    -------
    One row per attribute and group value: ``n``, ``flagged``, ``flag_rate``,
    ``events``, ``tpr``, ``di_ratio``, ``passes_80_rule`` and ``note``.
    """
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels, dtype=float)
    if threshold is None:
        threshold = float(np.quantile(s, 1 - flag_share)) if s.size else np.inf
    flag = s >= threshold
    rows = []
    for column in groups.columns:
        values = groups[column].astype("object").where(groups[column].notna(), "(missing)")
        part = []
        for value in sorted(values.unique(), key=str):
            m = (values == value).to_numpy()
            n, events = int(m.sum()), int(np.nansum(y[m] == 1))
            row = {
                "attribute": column,
                "group": str(value),
                "n": n,
                "flagged": int(flag[m].sum()),
                "flag_rate": float(flag[m].mean()) if n else np.nan,
                "events": events,
                "tpr": float(flag[m & (y == 1)].mean()) if events else np.nan,
                "note": "",
            }
            if n < min_group:
                row["note"] = f"too small to judge (n={n} < {min_group})"
                row["flag_rate"] = row["tpr"] = np.nan
            elif events < MIN_EVENTS:
                row["note"] = f"too few outcomes to judge TPR ({events} < {MIN_EVENTS})"
                row["tpr"] = np.nan
            part.append(row)
        judged = [r["flag_rate"] for r in part if not np.isnan(r["flag_rate"])]
        top = max(judged) if judged else np.nan
        for r in part:
            if np.isnan(r["flag_rate"]) or not top:
                r["di_ratio"] = np.nan
                r["passes_80_rule"] = None
            else:
                r["di_ratio"] = r["flag_rate"] / top
                r["passes_80_rule"] = bool(r["di_ratio"] >= 0.8)
        rows += part
    columns = ["attribute", "group", "n", "flagged", "flag_rate", "events", "tpr"]
    columns += ["di_ratio", "passes_80_rule", "note"]
    return pd.DataFrame(rows, columns=columns)


def _eta(x: np.ndarray, g: np.ndarray) -> float:
    """Correlation ratio: share of x's spread explained by the groups (0..1)."""
    ok = ~np.isnan(x)
    x, g = x[ok], g[ok]
    if x.size < 2 or np.var(x) == 0:
        return 0.0
    frame = pd.DataFrame({"x": x, "g": g})
    means = frame.groupby("g")["x"].agg(["mean", "size"])
    between = float((means["size"] * (means["mean"] - x.mean()) ** 2).sum())
    return float(np.sqrt(between / (np.var(x) * x.size)))


def proxy_check(
    features: pd.DataFrame, groups: pd.DataFrame, threshold: float = PROXY_THRESHOLD
) -> pd.DataFrame:
    """Correlation ratio of every model input with every protected attribute.

    Returns rows ``feature``, ``attribute``, ``eta`` and ``warning`` (text when
    eta exceeds ``threshold``: the input may stand in for the attribute).
    """
    rows = []
    for attribute in groups.columns:
        g = groups[attribute].astype("object").where(groups[attribute].notna(), "(missing)")
        g = g.to_numpy()
        for name in features.columns:
            eta = _eta(features[name].to_numpy(dtype=float, na_value=np.nan), g)
            warn = (
                f"{name} is a close proxy for {attribute} (eta {eta:.2f} > {threshold}); "
                "review whether it should be a model input"
                if eta > threshold
                else ""
            )
            rows.append({"feature": name, "attribute": attribute, "eta": eta, "warning": warn})
    return pd.DataFrame(rows, columns=["feature", "attribute", "eta", "warning"])
