"""What the equity analysis reads: sales reps with their groups, targets per FTE month.

Group columns (``reps.gender``, ``reps.age_band``) are optional in the data
model and used here for equity analysis only. A rep whose group is empty
counts in the group ``not given``. Managers are left out: their targets and
careers are not comparable with their reps'.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "GROUP_COLUMNS",
    "NOT_GIVEN",
    "MIN_GROUP_REPS",
    "MIN_CELL_REPS",
    "SMALL_GROUPS",
    "TENURE_BANDS",
    "TARGET_MONTHS",
    "ATTRITION_YEARS",
    "sales_reps",
    "group_columns_in",
    "group_of",
    "tenure_band",
    "composition",
    "targets_per_fte",
]

#: Group columns of the reps table, with the words a page uses for them.
GROUP_COLUMNS = {"gender": "gender", "age_band": "age band"}
#: The group of a rep whose group cell is empty.
NOT_GIVEN = "not given"
#: Fewest reps a group needs before its gap is shown; smaller ones are "too small to judge".
#: (The risk models' fairness audit counts rep-months, 30; here each rep counts once.)
MIN_GROUP_REPS = 10
#: Fewest reps of one group a team's composition shows; smaller groups are merged.
MIN_CELL_REPS = 5
#: The group a team's small groups are merged into, named by the groups it holds.
SMALL_GROUPS = "{groups} (merged: under {n} reps in one)"
#: Tenure bands, in months since hire: (from, to, label); ``to`` None is open-ended.
TENURE_BANDS = ((0, 6, "<6 months"), (6, 12, "6-12 months"), (12, 36, "1-3 years"),
                (36, None, "3+ years"))  # fmt: skip
#: Months of targets compared (the latest ones with quotas).
TARGET_MONTHS = 12
#: Years of exits compared (up to the end of the data).
ATTRITION_YEARS = 2
_DAYS_PER_MONTH = 365.25 / 12


def sales_reps(reps: pd.DataFrame) -> pd.DataFrame:
    """The reps table without managers, ``rep_id`` as text."""
    out = reps[reps["role"] != "manager"].copy()
    out["rep_id"] = out["rep_id"].astype(str)
    return out.reset_index(drop=True)


def group_columns_in(reps: pd.DataFrame) -> list[str]:
    """The group columns the reps table has with at least one value."""
    return [c for c in GROUP_COLUMNS if c in reps.columns and reps[c].notna().any()]


def group_of(reps: pd.DataFrame, column: str) -> pd.Series:
    """Each rep's group in ``column`` as text, :data:`NOT_GIVEN` where empty."""
    values = reps[column].astype("object")
    return values.where(values.notna(), NOT_GIVEN).astype(str)


def tenure_band(months: pd.Series | np.ndarray) -> pd.Series:
    """The label of the :data:`TENURE_BANDS` band each tenure (in months) falls in."""
    months = np.asarray(months, dtype=float)
    labels = np.full(months.shape, TENURE_BANDS[-1][2], dtype=object)
    for lo, hi, label in reversed(TENURE_BANDS[:-1]):
        labels[(months >= lo) & (months < hi)] = label
    return pd.Series(labels)


def composition(
    reps: pd.DataFrame, column: str, on: pd.Timestamp, *, min_cell: int = MIN_CELL_REPS
) -> pd.DataFrame:
    """Reps at work on day ``on`` per team and group of ``column``.

    A team's group of fewer than ``min_cell`` reps is not shown: it is merged
    with the team's other small groups (:data:`SMALL_GROUPS`), so that
    nobody's gender or age band can be read off a bar. When that would leave
    a single group in the merge (which the team's total would give away), the
    next smallest group joins it.

    Returns
    -------
    DataFrame with ``team``, ``group``, ``reps`` and ``share`` (of the team),
    one row per team and group present, plus the rows of team ``All teams``.
    """
    on = pd.Timestamp(on).normalize()
    working = reps[(reps["hire_date"] <= on) & ~(reps["exit_date"] < on)]
    frame = pd.DataFrame({"team": working["team"].astype(str), "group": group_of(working, column)})
    everyone = frame.assign(team="All teams")
    counts = (
        pd.concat([everyone, frame])
        .groupby(["team", "group"], sort=False)
        .size()
        .rename("reps")
        .reset_index()
    )
    counts = pd.concat(
        [_merge_small(cells, min_cell) for _, cells in counts.groupby("team", sort=False)],
        ignore_index=True,
    )
    counts["share"] = counts["reps"] / counts.groupby("team")["reps"].transform("sum")
    return counts


def _merge_small(cells: pd.DataFrame, min_cell: int) -> pd.DataFrame:
    """One team's cells with those under ``min_cell`` merged (see :func:`composition`)."""
    cells = cells.sort_values("reps", kind="stable")
    small = cells["reps"] < min_cell
    if small.sum() == 1:  # alone in the merge it would be read off as total - the rest
        small.iloc[min(1, len(small) - 1)] = True
    if not small.any():
        return cells
    names = " + ".join(sorted(cells.loc[small, "group"]))
    merged = pd.DataFrame(
        {
            "team": [cells["team"].iloc[0]],
            "group": [SMALL_GROUPS.format(groups=names, n=min_cell)],
            "reps": [cells.loc[small, "reps"].sum()],
        }
    )
    return pd.concat([cells[~small], merged], ignore_index=True)


def targets_per_fte(
    reps: pd.DataFrame, quotas: pd.DataFrame, last: str | pd.Period, months: int = TARGET_MONTHS
) -> pd.DataFrame:
    """Each rep's revenue target per FTE month over the ``months`` months up to ``last``.

    A month a rep worked only part of counts for its share of days (hired on
    the 17th of a 31-day month: 15/31 of a month), so a pro-rated target is
    not mistaken for a low one. Months without a revenue target, or in which
    the rep did not work, are left out.

    Returns
    -------
    DataFrame with ``rep_id``, ``target`` (sum), ``fte_months``,
    ``target_per_fte``, ``months`` and ``tenure_months`` (the rep's average
    tenure over the months counted, weighted by FTE); reps whose targets sum to
    0 are left out.
    """
    last = pd.Period(last, freq="M")
    first = last - (months - 1)
    revenue = quotas[quotas["metric"] == "revenue"]
    text = revenue["period"].astype(str)
    keep = (text >= str(first)) & (text <= str(last))  # YYYY-MM sorts as text
    rows = revenue.loc[keep, ["rep_id", "target"]].copy()
    rows["rep_id"] = rows["rep_id"].astype(str)
    months_seen = {m: pd.Period(m, freq="M") for m in text[keep].unique()}  # a few labels
    rows["start"] = text[keep].map({m: p.start_time for m, p in months_seen.items()})
    rows["end"] = text[keep].map({m: p.end_time.normalize() for m, p in months_seen.items()})
    dates = reps.set_index("rep_id")[["hire_date", "exit_date"]]
    rows = rows.join(dates, on="rep_id", how="inner")
    worked_from = rows[["start", "hire_date"]].max(axis=1)
    worked_to = rows["end"].where(rows["exit_date"].isna(), rows[["end", "exit_date"]].min(axis=1))
    days = (worked_to - worked_from).dt.days + 1
    rows["fte"] = days.clip(lower=0) / ((rows["end"] - rows["start"]).dt.days + 1)
    rows = rows[rows["fte"] > 0]
    middle = rows["start"] + (rows["end"] - rows["start"]) / 2
    rows["tenure"] = (middle - rows["hire_date"]).dt.days.clip(lower=0) / _DAYS_PER_MONTH
    rows["tenure_x_fte"] = rows["tenure"] * rows["fte"]
    per_rep = rows.groupby("rep_id").agg(
        target=("target", "sum"),
        fte_months=("fte", "sum"),
        months=("fte", "size"),
        tenure_x_fte=("tenure_x_fte", "sum"),
    )
    per_rep["target_per_fte"] = per_rep["target"] / per_rep["fte_months"]
    per_rep["tenure_months"] = per_rep.pop("tenure_x_fte") / per_rep["fte_months"]
    per_rep = per_rep[per_rep["target"] > 0]
    return per_rep.reset_index()[
        ["rep_id", "target", "fte_months", "target_per_fte", "months", "tenure_months"]
    ]
