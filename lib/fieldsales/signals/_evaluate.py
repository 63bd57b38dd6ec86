"""Score a decline detector against the generator's ground truth, and a naive baseline.

A generated sample (:func:`fieldsales.sample.generate`) records for each rep
the first month of an injected persistent decline
(``truth["reps"].decline_start_month``); the decline lasts for the rest of the
rep's employment. Against it:

* **recall**: share of the injected declines observed in the panel that
  have a flag in or after their start month;
* **median delay**: months from the start to that first flag;
* **false alarms per 100 rep-quarters**: flags in months without an active
  injected decline (reps without one, or before its start), per 100
  quarters of such rep-months in the panel (employed months only).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from ..exceptions import ConfigError

__all__ = ["DeclineScore", "evaluate_declines", "naive_declines"]


@dataclass(frozen=True)
class DeclineScore:
    """How a set of flags compares with the injected declines."""

    declines: int  # injected declines observed in the panel
    detected: int
    recall: float
    median_delay_months: float
    declines_long: int  # declines observed for at least ``min_months`` months
    recall_long: float
    min_months: int
    false_alarms: int
    rep_quarters: float  # rep-months without an active decline / 3
    false_alarms_per_100_rep_quarters: float

    def as_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        return (
            f"recall {self.recall:.1%} ({self.detected}/{self.declines}), "
            f"{self.recall_long:.1%} of the {self.declines_long} declines observed "
            f">= {self.min_months} months; median delay {self.median_delay_months:g} months; "
            f"{self.false_alarms_per_100_rep_quarters:.2f} false alarms per 100 rep-quarters "
            f"({self.false_alarms} in {self.rep_quarters:,.0f} rep-quarters)"
        )


def _month_number(values) -> pd.Series:
    month = pd.PeriodIndex(pd.to_datetime(pd.Series(values).astype("str")), freq="M")
    return pd.Series(month.year * 12 + month.month, index=getattr(values, "index", None))


def evaluate_declines(
    flags: pd.DataFrame, truth_reps: pd.DataFrame, panel: pd.DataFrame, *, min_months: int = 4
) -> DeclineScore:
    """Recall, median delay and false alarms of ``flags`` against the ground truth.

    Parameters
    ----------
    flags : from :func:`detect_declines` or :func:`naive_declines`
        (``rep_id``, ``period``).
    truth_reps : ``sample.truth["reps"]`` (``rep_id``, ``decline_start_month``).
    panel : the monthly panel the flags were computed on; its rows with
        ``rep_fte > 0`` (all rows when there is no ``rep_fte``) are the
        observed rep-months.
    min_months : declines observed at least this many months (start month
        included) are also scored apart (``recall_long``): shorter ones end
        with the rep's exit or the data before most detectors could see them.
    """
    missing = {"rep_id", "decline_start_month"} - set(truth_reps.columns)
    if missing:
        raise ConfigError(f"truth_reps lacks {sorted(missing)}; pass sample.truth['reps']")
    rows = (
        panel[pd.to_numeric(panel["rep_fte"], errors="coerce") > 0] if "rep_fte" in panel else panel
    )
    obs = pd.DataFrame({"rep_id": rows["rep_id"].astype("str").to_numpy()})
    obs["m"] = _month_number(rows["period"]).to_numpy()
    starts = truth_reps.dropna(subset=["decline_start_month"])
    starts = starts[starts["decline_start_month"].astype("str").str.fullmatch(r"\d{4}-\d{2}")]
    start = pd.Series(
        _month_number(starts["decline_start_month"]).to_numpy(),
        index=starts["rep_id"].astype("str").to_numpy(),
    )
    obs["start"] = obs["rep_id"].map(start)
    active = obs["start"].notna() & (obs["m"] >= obs["start"])
    last = obs.groupby("rep_id")["m"].max()
    observed = start[start.index.isin(obs.loc[active, "rep_id"])]
    length = last.reindex(observed.index) - observed + 1

    f = pd.DataFrame({"rep_id": flags["rep_id"].astype("str").to_numpy()})
    f["m"] = _month_number(flags["period"]).to_numpy() if len(flags) else np.array([], int)
    f["start"] = f["rep_id"].map(start)
    true = f["start"].notna() & (f["m"] >= f["start"])
    first = f[true].groupby("rep_id")["m"].min()
    first = first[first.index.isin(observed.index)]
    delay = first - observed.reindex(first.index)
    long_ids = length.index[length >= min_months]
    rep_quarters = float((~active).sum()) / 3
    false_alarms = int((~true).sum())
    n = len(observed)
    return DeclineScore(
        declines=n,
        detected=len(first),
        recall=len(first) / n if n else float("nan"),
        median_delay_months=float(delay.median()) if len(delay) else float("nan"),
        declines_long=len(long_ids),
        recall_long=float(first.index.isin(long_ids).sum() / len(long_ids))
        if len(long_ids)
        else float("nan"),
        min_months=min_months,
        false_alarms=false_alarms,
        rep_quarters=rep_quarters,
        false_alarms_per_100_rep_quarters=100 * false_alarms / rep_quarters
        if rep_quarters
        else float("nan"),
    )


def naive_declines(
    panel: pd.DataFrame, *, below: float = 0.8, months: int = 2, min_exposure: float = 0.5
) -> pd.DataFrame:
    """The spreadsheet rule: attainment below ``below`` for ``months`` months running.

    Flags the month the run reaches ``months``; re-arms after a month at or
    above ``below``. Months worked less than ``min_exposure`` are skipped
    (as the detector skips them). Columns ``rep_id``, ``period``.
    """
    if "quota_attainment" not in panel:
        raise ConfigError("the naive rule needs quota_attainment in the panel (load quotas)")
    df = panel[["rep_id", "period", "quota_attainment"]].copy()
    df["rep_id"] = df["rep_id"].astype("str")
    df["m"] = _month_number(panel["period"]).to_numpy()
    if "rep_fte" in panel:
        df = df[pd.to_numeric(panel["rep_fte"], errors="coerce").fillna(0) >= min_exposure]
    df = df.dropna(subset=["quota_attainment"]).sort_values(["rep_id", "m"], kind="stable")
    low = (df["quota_attainment"] < below).to_numpy()
    rep = df["rep_id"].to_numpy()
    new_rep = np.r_[True, rep[1:] != rep[:-1]]
    # length of the current run of low months, per rep
    run = np.zeros(len(df), dtype=int)
    for i in range(len(df)):
        run[i] = (0 if new_rep[i] else run[i - 1]) + 1 if low[i] else 0
    hit = run == months
    out = df.loc[hit, ["rep_id", "period"]].astype("str").reset_index(drop=True)
    return out
