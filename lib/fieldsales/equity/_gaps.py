"""Target and attrition gaps between groups, controlling for tenure and place.

**Target gap.** A least-squares fit of the log of each rep's revenue target
per FTE month on group, tenure band and place (territory or region as fixed
effects, absorbed by subtracting each place's mean: the Frisch-Waugh-Lovell
theorem gives the same group coefficients as one dummy per place). A group's
coefficient ``b`` is a gap of ``exp(b) - 1`` against the reference group (the
largest one) among reps of the same tenure band in the same place.

**Attrition gap.** Voluntary exits per rep-year, standardised for tenure
indirectly: the company's exit rate in each tenure band, applied to a group's
rep-years in that band, gives the exits to expect from tenure alone; the
group's tenure-adjusted rate is observed/expected times the company's rate.

Both carry a 95% interval from a bootstrap over reps (fixed seed). A group
with fewer than ``min_group`` reps is "too small to judge": no number is given.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._data import MIN_GROUP_REPS, TENURE_BANDS, tenure_band

__all__ = [
    "target_gap",
    "attrition_gap",
    "exposure_by_band",
    "standardized_rates",
    "BOOTSTRAP",
    "TOO_SMALL",
]

#: Bootstrap draws for the 95% intervals.
BOOTSTRAP = 200
#: What a page shows instead of a number for a group below the minimum size.
TOO_SMALL = "too small to judge"
_DAYS_PER_YEAR = 365.25
_EPS = 1e-9
#: Interval ends closer to 0 than this count as 0 (floating-point noise of an exact fit).
_TOLERANCE = 1e-9


def _reference(counts: pd.Series, min_group: int, wanted: str | None = None) -> str | None:
    """``wanted`` when it has ``min_group`` reps, else the largest such group (ties: by name)."""
    big = counts[counts >= min_group]
    if wanted is not None and wanted in big.index:
        return wanted
    if big.empty:
        return None
    return sorted(big.index, key=lambda g: (-big[g], g))[0]


def _interval(draws: np.ndarray) -> tuple[float, float]:
    """The 2.5% and 97.5% percentiles of the finite bootstrap draws (NaN when none)."""
    finite = draws[np.isfinite(draws)]
    if finite.size == 0:
        return np.nan, np.nan
    lo, hi = np.percentile(finite, [2.5, 97.5])
    return float(lo), float(hi)


def _verdict(lo: float, hi: float, what: str) -> str:
    if np.isnan(lo) or np.isnan(hi):
        return "no interval: too little variation to judge"
    if lo > _TOLERANCE:
        return f"clear gap: {what} higher"
    if hi < -_TOLERANCE:
        return f"clear gap: {what} lower"
    return "no clear gap: the difference could be chance"


# -- targets -----------------------------------------------------------------------------


def _demean(values: np.ndarray, codes: np.ndarray, n: int) -> np.ndarray:
    """Subtract from each row the mean of its place (``codes``) column by column."""
    counts = np.bincount(codes, minlength=n).astype(float)
    sums = np.stack(
        [np.bincount(codes, weights=values[:, j], minlength=n) for j in range(values.shape[1])],
        axis=1,
    )
    means = sums / np.maximum(counts, 1)[:, None]
    return values - means[codes]


def _fit(y: np.ndarray, x: np.ndarray, codes: np.ndarray, n_places: int) -> np.ndarray:
    z = _demean(np.column_stack([y, x]), codes, n_places)
    return np.linalg.lstsq(z[:, 1:], z[:, 0], rcond=None)[0]


def _identified(x: np.ndarray, codes: np.ndarray, n_places: int, columns: range) -> list[bool]:
    """Whether each of ``columns`` varies within places beyond what the others explain."""
    xd = _demean(x, codes, n_places)
    out = []
    for j in columns:
        others = np.delete(xd, j, axis=1)
        col = xd[:, j]
        if others.shape[1]:
            col = col - others @ np.linalg.lstsq(others, col, rcond=None)[0]
        out.append(float(col @ col) > _EPS * max(len(col), 1))
    return out


def target_gap(
    targets: pd.DataFrame,
    groups: pd.Series,
    places: pd.Series,
    *,
    min_group: int = MIN_GROUP_REPS,
    reference: str | None = None,
    n_boot: int = BOOTSTRAP,
    seed: int = 0,
) -> pd.DataFrame:
    """Revenue target gap per group, for the same tenure band and place.

    Parameters
    ----------
    targets : :func:`~fieldsales.equity.targets_per_fte` rows (``rep_id``,
        ``target_per_fte``, ``tenure_months``).
    groups : each rep's group, indexed by ``rep_id``.
    places : each rep's territory or region, indexed by ``rep_id``.
    reference : the group compared against; default (or when too small) the largest.

    Returns
    -------
    One row per group, largest first: ``group``, ``reps``, ``mean_target``
    (average target per FTE month), ``raw_gap`` (ratio of averages - 1 against
    the reference), ``gap`` (adjusted), ``low``, ``high`` (95% interval),
    ``verdict``. Numbers are NaN for the reference group's gaps and for groups
    too small to judge.
    """
    data = targets.assign(
        group=targets["rep_id"].map(groups), place=targets["rep_id"].map(places)
    ).dropna(subset=["group", "place", "target_per_fte"])
    data = data[data["target_per_fte"] > 0].reset_index(drop=True)
    counts = data["group"].value_counts()
    reference = _reference(counts, min_group, reference)
    order = sorted(counts.index, key=lambda g: (-counts[g], g))
    means = data.groupby("group")["target_per_fte"].mean()
    rows = {g: _row(g, int(counts[g]), means[g]) for g in order}
    for g in order:
        if counts[g] < min_group:
            rows[g]["verdict"] = TOO_SMALL
            rows[g]["mean_target"] = np.nan
    if reference is None:
        return pd.DataFrame(rows.values())
    rows[reference]["verdict"] = "reference group"
    others = [g for g in order if g != reference]
    bands = pd.Categorical(
        tenure_band(data["tenure_months"]).to_numpy(), categories=[b[2] for b in TENURE_BANDS]
    )
    present = [b for b in bands.categories if (bands == b).any()]
    x = np.column_stack(
        [(data["group"] == g).to_numpy(float) for g in others]
        + [np.asarray(bands == b, dtype=float) for b in present[1:]]
    )
    y = np.log(data["target_per_fte"].to_numpy(float))
    codes, uniques = pd.factorize(data["place"])
    judged = [i for i, g in enumerate(others) if counts[g] >= min_group]
    if not judged:
        return pd.DataFrame(rows.values())
    ok = _identified(x, codes, len(uniques), range(len(others)))
    beta = _fit(y, x, codes, len(uniques))
    rng = np.random.default_rng(seed)
    draws = np.full((n_boot, len(others)), np.nan)
    group_codes = data["group"].to_numpy()
    for b in range(n_boot):
        pick = rng.integers(0, len(data), len(data))
        fitted = _fit(y[pick], x[pick], codes[pick], len(uniques))
        seen = set(group_codes[pick])
        draws[b] = [fitted[i] if g in seen and reference in seen else np.nan
                    for i, g in enumerate(others)]  # fmt: skip
    ref_mean = means[reference]
    for i in judged:
        g = others[i]
        row = rows[g]
        row["raw_gap"] = means[g] / ref_mean - 1
        if not ok[i]:
            row["verdict"] = "cannot be compared: no rep of it shares a place with the reference"
            continue
        lo, hi = _interval(draws[:, i])
        row.update(gap=np.expm1(beta[i]), low=np.expm1(lo), high=np.expm1(hi))
        row["verdict"] = _verdict(row["low"], row["high"], "targets")
    return pd.DataFrame(rows.values())


def _row(group: str, n: int, mean: float) -> dict:
    return {"group": group, "reps": n, "mean_target": mean, "raw_gap": np.nan,
            "gap": np.nan, "low": np.nan, "high": np.nan, "verdict": ""}  # fmt: skip


# -- attrition ---------------------------------------------------------------------------


def exposure_by_band(
    reps: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp
) -> tuple[np.ndarray, np.ndarray]:
    """Rep-years per tenure band in ``[start, end]``, and the band of each voluntary exit.

    Returns
    -------
    ``years``: array (reps x :data:`TENURE_BANDS`) of years employed in the
    window while in each tenure band; ``exit_band``: per rep, the band index of
    their voluntary exit in the window, or -1.
    """
    start = np.datetime64(pd.Timestamp(start).date(), "D")
    end = np.datetime64(pd.Timestamp(end).date(), "D")
    hire = reps["hire_date"].to_numpy("datetime64[D]")
    exit_ = reps["exit_date"].to_numpy("datetime64[D]")
    stop = np.where(np.isnat(exit_), end, np.minimum(exit_, end))
    begin = np.maximum(hire, start)
    years = np.zeros((len(reps), len(TENURE_BANDS)))
    for k, (lo, hi, _label) in enumerate(TENURE_BANDS):
        band_from = hire + np.round(lo * _DAYS_PER_YEAR / 12).astype("timedelta64[D]")
        band_to = (
            hire + np.round(hi * _DAYS_PER_YEAR / 12).astype("timedelta64[D]")
            if hi is not None
            else np.full(len(reps), end + 1)
        )
        # days [max(begin, band_from), min(stop + 1, band_to)), the last day counted in full
        days = (np.minimum(stop + 1, band_to) - np.maximum(begin, band_from)).astype(int)
        years[:, k] = np.clip(days, 0, None) / _DAYS_PER_YEAR
    voluntary = (reps["exit_type"] == "voluntary").to_numpy() & ~np.isnat(exit_)
    voluntary &= (exit_ >= start) & (exit_ <= end)
    tenure_at_exit = (exit_ - hire).astype("timedelta64[D]").astype(float) * 12 / _DAYS_PER_YEAR
    band = np.asarray(
        [_band_index(t) if v else -1 for t, v in zip(tenure_at_exit, voluntary, strict=True)]
    )
    return years, band.astype(int)


def _band_index(months: float) -> int:
    for k, (lo, hi, _label) in enumerate(TENURE_BANDS):
        if months >= lo and (hi is None or months < hi):
            return k
    return 0


def _rates(years: np.ndarray, exits: np.ndarray, codes: np.ndarray, n: int):
    """Per group code: rep-years, exits, expected exits and adjusted rate (arrays of ``n``)."""
    total_years, total_exits = years.sum(0), exits.sum(0)
    band_rate = np.divide(
        total_exits, total_years, out=np.zeros_like(total_years), where=total_years > 0
    )
    overall = total_exits.sum() / total_years.sum() if total_years.sum() > 0 else np.nan
    group_years = np.stack(
        [np.bincount(codes, weights=years[:, k], minlength=n) for k in range(years.shape[1])],
        axis=1,
    )
    observed = np.bincount(codes, weights=exits.sum(1), minlength=n)
    expected = group_years @ band_rate
    with np.errstate(divide="ignore", invalid="ignore"):
        adjusted = np.where(expected > 0, observed / expected * overall, np.nan)
    return group_years.sum(1), observed, expected, adjusted


def _exit_matrix(exit_band: np.ndarray, n_bands: int) -> np.ndarray:
    exits = np.zeros((len(exit_band), n_bands))
    has = exit_band >= 0
    exits[np.flatnonzero(has), exit_band[has]] = 1
    return exits


def standardized_rates(
    years: np.ndarray, exit_band: np.ndarray, groups: np.ndarray, names: list[str]
) -> pd.DataFrame:
    """Per group: rep-years, exits, raw rate, exits expected from tenure, adjusted rate.

    The company's rate in band ``b`` is its exits in ``b`` over its rep-years in
    ``b``; a group's expected exits are its rep-years per band times those
    rates; its adjusted rate is observed / expected times the company's overall
    rate (exits / rep-years).
    """
    index = {name: i for i, name in enumerate(names)}
    codes = np.asarray([index.get(g, len(names)) for g in groups], dtype=int)
    exits = _exit_matrix(exit_band, years.shape[1])
    rep_years, observed, expected, adjusted = _rates(years, exits, codes, len(names) + 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = np.where(rep_years > 0, observed / rep_years, np.nan)
    return pd.DataFrame(
        {
            "group": names,
            "rep_years": rep_years[:-1],
            "exits": observed[:-1].astype(int),
            "raw_rate": raw[:-1],
            "expected": expected[:-1],
            "adjusted_rate": adjusted[:-1],
        }
    )


def attrition_gap(
    reps: pd.DataFrame,
    groups: pd.Series,
    start: pd.Timestamp,
    end: pd.Timestamp,
    *,
    min_group: int = MIN_GROUP_REPS,
    reference: str | None = None,
    n_boot: int = BOOTSTRAP,
    seed: int = 0,
) -> pd.DataFrame:
    """Voluntary exit rate per group over ``[start, end]``, adjusted for tenure.

    Parameters
    ----------
    reps : sales reps (``rep_id``, ``hire_date``, ``exit_date``, ``exit_type``).
    groups : each rep's group, aligned with ``reps``' rows.
    reference : the group compared against; default (or when too small) the largest.

    Returns
    -------
    One row per group, largest first: ``group``, ``reps`` (employed at some
    time in the window), ``rep_years``, ``exits``, ``raw_rate``, ``expected``,
    ``adjusted_rate``, ``gap`` (adjusted rate minus the reference group's, in
    exits per rep-year), ``low``, ``high`` (95% interval), ``verdict``.
    """
    years, band = exposure_by_band(reps, start, end)
    exposed = years.sum(1) > 0
    years, band = years[exposed], band[exposed]
    names_of = np.asarray(groups, dtype=object)[exposed]
    counts = pd.Series(names_of).value_counts()
    order = sorted(counts.index, key=lambda g: (-counts[g], g))
    table = standardized_rates(years, band, names_of, order)
    table.insert(1, "reps", [int(counts[g]) for g in order])
    table = table.assign(gap=np.nan, low=np.nan, high=np.nan, verdict="")
    small = table["reps"] < min_group
    numbers = ["rep_years", "exits", "raw_rate", "expected", "adjusted_rate"]
    table.loc[small, "verdict"] = TOO_SMALL
    reference = _reference(counts, min_group, reference)
    if reference is None or (band >= 0).sum() == 0:
        table[numbers] = table[numbers].astype(float).where(~small)
        if reference is not None:
            table.loc[~small, "verdict"] = "no voluntary exits in the window: nothing to compare"
        return table
    judged = [g for g in order if g != reference and counts[g] >= min_group]
    rng = np.random.default_rng(seed)
    compared = [reference, *judged]
    index = {name: i for i, name in enumerate(compared)}
    codes = np.asarray([index.get(g, len(compared)) for g in names_of], dtype=int)
    exits = _exit_matrix(band, years.shape[1])
    draws = np.full((n_boot, len(judged)), np.nan)
    for b in range(n_boot):
        pick = rng.integers(0, len(band), len(band))
        rates = _rates(years[pick], exits[pick], codes[pick], len(compared) + 1)[3]
        draws[b] = rates[1:-1] - rates[0]
    ref_rate = table.loc[table["group"] == reference, "adjusted_rate"].iloc[0]
    table.loc[table["group"] == reference, "verdict"] = "reference group"
    for i, g in enumerate(judged):
        at = table["group"] == g
        gap = table.loc[at, "adjusted_rate"].iloc[0] - ref_rate
        lo, hi = _interval(draws[:, i])
        table.loc[at, ["gap", "low", "high"]] = [gap, lo, hi]
        table.loc[at, "verdict"] = _verdict(lo, hi, "exits")
    table[numbers] = table[numbers].astype(float).where(~small)
    return table
