"""Persistent-decline detection per rep: a one-sided CUSUM on a peer-relative monthly score.

Practice 7 asks that a rep whose sales keep falling be noticed early and
offered a conversation and help. The detector reads the monthly KPI panel
(:func:`fieldsales.kpis.compute` with ``grain="month"``) and, per rep:

1. **Puts each series on a log scale per month worked.** Activities and new
   deals are divided by the share of the month the rep worked (``rep_fte``)
   and the data cover (``coverage``: the current month is partial), then
   ``log(x + 1)``; quota attainment ``log(x + 0.1)`` (quotas already follow
   seasonality, ramp and part months); revenue (only without quotas) in units
   of the panel's median month.
2. **Measures it against the peers.** When a month has at least
   ``min_peers`` eligible reps, the peers' median of that month is subtracted:
   seasonality, holidays (Chinese New Year, August, December) and
   company-wide swings cancel out.
3. **Compares it with the rep's own usual level**: the median of up to
   ``baseline_months`` earlier eligible months, frozen while a run is under
   way. Each series' deviation is divided by its robust scale (median absolute
   deviation over all reps) and clipped to +-``z_cap``; the month's score z is
   the weighted mean over the series the rep has that month.
4. **Accumulates only falls**: ``S = max(0, S - z - k)``. A month at the
   usual level lets S decay by ``k``; S grows only while months stay more than
   ``k`` standard deviations below usual.
5. **Flags** the month when ``S >= h`` and at least ``min_run`` months of the
   current run (the months since S was last 0) were below the usual level.
   The run's first month is reported as ``since``. After a flag, S restarts
   at 0 and the run's months become the new usual level, so a rep who
   settles at a lower level is not flagged again, while one who keeps falling
   is flagged again a few months later.

The first ``ramp_months`` months after a hire are neither tested nor used as
the usual level (new reps ramp up; and a rising series never raises a flag),
nor are months with less than ``min_exposure`` of the month worked.
"""

from __future__ import annotations

import math
from statistics import median

import numpy as np
import pandas as pd

from ..exceptions import ConfigError
from ._settings import SERIES, DeclineParams
from ._text import decline_evidence

__all__ = ["detect_declines", "prepare_panel", "DECLINE_COLUMNS"]

DECLINE_COLUMNS = [
    "rep_id",
    "rep_name",
    "period",
    "since",
    "months",
    "score",
    "evidence_en",
    "evidence_zh",
]
_OFFSET = {"count": 1.0, "ratio": 0.1, "currency": 0.1}


def detect_declines(panel: pd.DataFrame, params: DeclineParams | None = None) -> pd.DataFrame:
    """Persistent declines in a monthly per-rep KPI panel.

    Parameters
    ----------
    panel : one row per rep and month, as from ``compute(ws, grain="month")``
        or :func:`monthly_panel`: ``rep_id``, ``period`` (``YYYY-MM``) and at
        least one weighted series (``activities_total``, ``deals_created``,
        ``quota_attainment``, ``revenue_won``). Optional: ``rep_name``,
        ``rep_fte`` (share of the month worked; 0 = not employed),
        ``coverage`` (share of the month the data cover), ``hire_date``.
    params : the method's parameters; default :class:`DeclineParams()`.

    Returns
    -------
    DataFrame, one row per flag: ``rep_id``, ``rep_name``, ``period`` (the
    month the decline is detected), ``since`` (first month of the run),
    ``months`` (length of the run), ``score`` (S at the flag), evidence in
    plain words (``evidence_en``, ``evidence_zh``) and, per series used,
    ``<series>_recent`` and ``<series>_usual`` (medians per month worked).
    ``attrs["scales"]`` and ``attrs["weights"]`` hold what was used.
    """
    params = params or DeclineParams()
    prep = prepare_panel(panel, params)
    weights = prep.attrs["weights"]
    names = list(weights)
    y = prep[[f"y_{s}" for s in names]].to_numpy(dtype=float)
    v = prep[[f"v_{s}" for s in names]].to_numpy(dtype=float)
    w = np.array([weights[s] for s in names])
    scales = np.array([prep.attrs["scales"][s] for s in names])
    eligible = prep["eligible"].to_numpy()
    reps = prep["rep_id"].to_numpy()
    periods = prep["period"].to_numpy()
    bounds = np.flatnonzero(np.r_[True, reps[1:] != reps[:-1], True]) if len(prep) else [0]
    rows = []
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        for flag_at, run, ref, score in _cusum(y[a:b], eligible[a:b], w, scales, params):
            recent = _medians(v[a:b], run)
            usual = _medians(v[a:b], ref)
            row = {
                "rep_id": reps[a],
                "period": periods[a + flag_at],
                "since": periods[a + run[0]],
                "months": len(run),
                "score": round(score, 3),
            }
            for s, r, u in zip(names, recent, usual, strict=True):
                row[f"{s}_recent"], row[f"{s}_usual"] = r, u
            figures = {s: (r, u) for s, r, u in zip(names, recent, usual, strict=True)}
            row["evidence_en"], row["evidence_zh"] = decline_evidence(
                row["since"], len(run), figures
            )
            rows.append(row)
    extra = [c for s in names for c in (f"{s}_recent", f"{s}_usual")]
    out = pd.DataFrame(rows, columns=[c for c in DECLINE_COLUMNS if c != "rep_name"] + extra)
    names_by_rep = prep.drop_duplicates("rep_id").set_index("rep_id")["rep_name"]
    out.insert(1, "rep_name", out["rep_id"].map(names_by_rep).astype("str"))
    out = out.astype({"rep_id": "str", "period": "str", "since": "str"})
    out.attrs["scales"] = dict(prep.attrs["scales"])
    out.attrs["weights"] = dict(weights)
    return out


def prepare_panel(panel: pd.DataFrame, params: DeclineParams | None = None) -> pd.DataFrame:
    """The panel sorted by rep and month with ``y_<series>`` (log, peer-relative),
    ``v_<series>`` (per month worked), ``eligible``; ``attrs``: weights, scales."""
    params = params or DeclineParams()
    missing = [c for c in ("rep_id", "period") if c not in panel.columns]
    if missing:
        raise ConfigError(
            f"the panel lacks the column(s) {', '.join(missing)}; build it with "
            "fieldsales.signals.monthly_panel(ws) or fieldsales.kpis.compute(ws, grain='month')"
        )
    weights = _effective_weights(panel, params)
    df = pd.DataFrame({"rep_id": panel["rep_id"].astype("str")})
    df["rep_name"] = panel["rep_name"].astype("str") if "rep_name" in panel else df["rep_id"]
    month = _months(panel["period"])
    df["period"] = month.astype("str")
    df["_m"] = month.year * 12 + month.month
    fte = _column(panel, "rep_fte", 1.0)
    coverage = _column(panel, "coverage", 1.0)
    exposure = fte * coverage
    eligible = exposure >= max(params.min_exposure, 1e-9)
    if "hire_date" in panel:
        hire = pd.to_datetime(panel["hire_date"])
        tenure = df["_m"] - (hire.dt.year * 12 + hire.dt.month)
        eligible &= ~(tenure < params.ramp_months).to_numpy()  # unknown hire date: established
    df["eligible"] = eligible
    safe = np.where(exposure > 0, exposure, np.nan)
    for s in weights:
        x = pd.to_numeric(panel[s], errors="coerce").to_numpy(dtype=float)
        kind = SERIES[s]
        if kind == "ratio":
            value = x / np.where(coverage > 0, coverage, np.nan)
        else:
            value = x / safe
        value = np.where(value < 0, np.nan, value)
        df[f"v_{s}"] = value
        unit = 1.0
        if kind == "currency":
            positive = value[eligible & (value > 0)]
            unit = float(np.median(positive)) if positive.size else 1.0
        df[f"y_{s}"] = np.log(value / unit + _OFFSET[kind])
    df = df.sort_values(["rep_id", "_m"], kind="stable", ignore_index=True)
    scales = {}
    for s in weights:
        col = f"y_{s}"
        _peer_adjust(df, col, params.min_peers)
        scales[s] = _scale(df, col, s, params)
    df.attrs["weights"] = weights
    df.attrs["scales"] = scales
    return df


def _effective_weights(panel: pd.DataFrame, params: DeclineParams) -> dict[str, float]:
    weights = {s: w for s, w in params.weights.items() if w > 0}
    has = {s for s in SERIES if s in panel.columns and panel[s].notna().any()}
    att = weights.pop("quota_attainment", None)
    if att is not None:
        if "quota_attainment" in has:
            weights["quota_attainment"] = att
        elif "revenue_won" in has and "revenue_won" not in weights:
            weights["revenue_won"] = att  # no quotas: revenue stands in for attainment
    weights = {s: w for s, w in weights.items() if s in has}
    if not weights:
        wanted = ", ".join(s for s, w in params.weights.items() if w > 0)
        raise ConfigError(
            f"the panel has none of the series the decline detector weighs ({wanted}); "
            "compute them with fieldsales.signals.monthly_panel(ws)"
        )
    return weights


def _months(period: pd.Series) -> pd.PeriodIndex:
    try:
        return pd.PeriodIndex(pd.to_datetime(period.astype("str"), format="%Y-%m"), freq="M")
    except (ValueError, TypeError):
        bad = period.astype("str").head(3).tolist()
        raise ConfigError(
            f"the panel's period column must hold months like 2026-10 (grain='month'); got {bad}"
        ) from None


def _column(panel: pd.DataFrame, name: str, default: float) -> np.ndarray:
    if name not in panel:
        return np.full(len(panel), default)
    return pd.to_numeric(panel[name], errors="coerce").fillna(0.0).to_numpy(dtype=float)


def _peer_adjust(df: pd.DataFrame, col: str, min_peers: int) -> None:
    """Subtract the peers' median of each month that has enough eligible reps."""
    ok = df["eligible"] & df[col].notna()
    stats = df.loc[ok].groupby("_m")[col].agg(["median", "size"])
    stats = stats[stats["size"] >= min_peers]["median"]
    df[col] = df[col] - df["_m"].map(stats).fillna(0.0)


def _scale(df: pd.DataFrame, col: str, series: str, params: DeclineParams) -> float:
    if params.scales and series in params.scales:
        return float(params.scales[series])
    ok = df["eligible"] & df[col].notna()
    sub = df.loc[ok, ["rep_id", col]]
    counts = sub.groupby("rep_id")[col].transform("size")
    sub = sub[counts >= 3]
    default = params.default_scales.get(series, 0.5)
    if len(sub) < params.min_scale_rows:
        return default
    dev = sub[col] - sub.groupby("rep_id")[col].transform("median")
    value = 1.4826 * float(np.median(np.abs(dev)))
    return value if math.isfinite(value) and value > 1e-6 else default


def _cusum(y, eligible, w, scales, p: DeclineParams):
    """Yield (flag index, run indices, reference indices, score) for one rep's months.

    ``run`` holds the months since S was last 0; ``below`` counts those of
    them under the usual level (z < 0): a flag needs ``min_run`` of them.
    """
    hist: list[int] = []
    run: list[int] = []
    score, below, base = 0.0, 0, None
    n_series = y.shape[1]
    for i in range(len(y)):
        if not eligible[i]:
            continue
        z = 0.0
        if len(hist) >= p.min_baseline:
            if base is None:
                ref = hist[-p.baseline_months :]
                base = [_median([y[j, s] for j in ref], p.min_baseline) for s in range(n_series)]
            z_sum = w_sum = 0.0
            for s in range(n_series):
                if math.isnan(y[i, s]) or math.isnan(base[s]):
                    continue
                z_s = (y[i, s] - base[s]) / scales[s]
                z_sum += w[s] * min(p.z_cap, max(-p.z_cap, z_s))
                w_sum += w[s]
            if w_sum == 0:
                continue
            z = z_sum / w_sum
            score = max(0.0, score - z - p.k)
        if score > 0:
            run.append(i)
            below += z < 0
            if score >= p.h and below >= p.min_run:
                yield i, list(run), hist[-p.baseline_months :], score
                hist, run, score, below, base = list(run), [], 0.0, 0, None
        else:
            hist.extend(run)
            hist.append(i)
            run, below, base = [], 0, None


def _median(values, at_least: int = 1) -> float:
    vals = [x for x in values if not math.isnan(x)]
    return median(vals) if len(vals) >= at_least else math.nan


def _medians(v, idx) -> list[float]:
    return [_median([v[j, s] for j in idx]) for s in range(v.shape[1])]
