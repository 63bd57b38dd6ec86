"""Build payout inputs: from a workspace's KPIs, plus clawbacks from a cancellations list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..exceptions import ConfigError, DataValidationError, ValidationFailure
from ._plan import CommissionPlan

if TYPE_CHECKING:  # the KPI layer imports Ibis; load it only when used
    from ..workspace import Workspace

__all__ = ["DEFAULT_SPIF_KPIS", "add_clawbacks", "payout_inputs"]

#: Counts added to the inputs by default, for SPIFs on them.
DEFAULT_SPIF_KPIS = ("new_customers", "deals_won")
_RENAME = {"revenue_target": "quota", "rep_fte": "employed_share"}
_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def payout_inputs(
    ws: Workspace,
    period: str | None = None,
    grain: str = "quarter",
    *,
    spif_kpis: Sequence[str] = DEFAULT_SPIF_KPIS,
) -> pd.DataFrame:
    """Inputs of :func:`calculate_payouts` for every rep and period of a workspace.

    Parameters
    ----------
    ws
        The workspace.
    period
        ``2026-Q3``, ``2026``, ``2025-Q1..2026-Q2`` ... (see
        :func:`fieldsales.kpis.compute`); default the twelve latest periods.
        Many periods make the history :func:`simulate` resamples.
    grain
        The plan's pay period: ``month``, ``quarter`` or ``year``.
    spif_kpis
        Further KPI ids to add as count columns, for the plan's SPIFs.

    Returns
    -------
    DataFrame
        ``rep_id``, ``rep_name``, ``period``, ``period_start``, ``revenue_won``,
        ``quota`` (KPI ``revenue_target``: the monthly revenue quotas of the
        period, which the workspace stores already pro-rated in hire and exit
        months; missing when the rep has none), ``employed_share`` (KPI
        ``rep_fte``), ``attainment`` (KPI ``quota_attainment``) and one column
        per ``spif_kpis``, and ``quota_months_missing``: months of the period
        the rep was employed in without a revenue quota (a partial quota
        overstates attainment; :func:`calculate_payouts` notes it and
        :func:`simulate` leaves such rows out). ``attrs["grain"]`` records the grain. There is no
        ``clawback_commission``: the canonical deals have no cancelled status;
        add it with :func:`add_clawbacks`.
    """
    from ..kpis import compute

    if grain not in _MONTHS:
        raise ConfigError(f"grain {grain!r}: a plan pays per {', '.join(_MONTHS)}; use one of them")
    kpis = ["revenue_won", "revenue_target", "quota_attainment", "rep_fte"]
    kpis += [k for k in spif_kpis if k not in kpis]
    frame = compute(ws, kpis=kpis, grain=grain, period=period, by="rep")
    frame = frame.rename(columns={**_RENAME, "quota_attainment": "attainment"})
    columns = [
        "rep_id",
        "rep_name",
        "period",
        "period_start",
        "revenue_won",
        "quota",
        "employed_share",
        "attainment",
        *[k for k in spif_kpis if k not in kpis[:4]],
    ]
    out = frame[columns].reset_index(drop=True)
    out["quota_months_missing"] = _quota_months_missing(ws, out, grain)
    out.attrs["grain"] = grain
    return out


def _quota_months_missing(ws: Workspace, frame: pd.DataFrame, grain: str) -> np.ndarray:
    """Per row: months of the period the rep was employed in but has no revenue quota for.

    A quota covering only part of the period (e.g. the first quarter of an
    import that starts mid-quarter) would overstate attainment.
    """
    step = _MONTHS[grain]
    first = frame["period_start"].to_numpy().astype("datetime64[M]")
    month = np.repeat(first, step) + np.tile(np.arange(step), len(frame))
    grid = pd.DataFrame(
        {
            "row": np.repeat(np.arange(len(frame)), step),
            "rep_id": np.repeat(frame["rep_id"].astype(str).to_numpy(), step),
            "period": np.datetime_as_string(month, unit="M"),
            "start": month.astype("datetime64[ns]"),
            "end": (month + 1).astype("datetime64[ns]"),
        }
    )
    reps = ws.frame("reps", columns=["rep_id", "hire_date", "exit_date"])
    grid = grid.merge(reps.astype({"rep_id": str}), on="rep_id", how="left")
    employed = (grid["hire_date"] < grid["end"]) & (
        grid["exit_date"].isna() | (grid["exit_date"] >= grid["start"])
    )
    has_quota = np.zeros(len(grid), dtype=bool)
    if ws.has("quotas"):
        q = ws.frame("quotas", columns=["rep_id", "period", "metric"])
        q = q.loc[q["metric"] == "revenue", ["rep_id", "period"]].astype(str).drop_duplicates()
        hit = grid[["rep_id", "period"]].merge(
            q.assign(hit=True), how="left", on=["rep_id", "period"]
        )
        has_quota = hit["hit"].notna().to_numpy()
    missing = (employed.to_numpy() & ~has_quota).astype(np.int64)
    return np.bincount(grid["row"].to_numpy(), weights=missing, minlength=len(frame)).astype(
        np.int64
    )


def _label(day: pd.Timestamp, grain: str) -> str:
    if grain == "month":
        return f"{day:%Y-%m}"
    if grain == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}"


def add_clawbacks(
    inputs: pd.DataFrame, cancellations: pd.DataFrame, plan: CommissionPlan
) -> pd.DataFrame:
    """``inputs`` with a ``clawback_commission`` column from a list of cancelled deals.

    Parameters
    ----------
    inputs
        Payout inputs (rep × period), e.g. from :func:`payout_inputs`.
    cancellations
        One row per cancelled or refunded deal: ``rep_id``, ``won_date``,
        ``cancelled_date`` and ``commission_paid`` (the commission the rep was
        paid on it). The CRM export of cancellations or refunds is the source;
        the canonical model does not hold them.
    plan
        Its clawback window says which cancellations count: those with
        ``cancelled_date - won_date <= window_days``. Each counts in the
        period holding its ``cancelled_date`` (a period of ``plan.pay_period``).

    Returns
    -------
    DataFrame
        A copy of ``inputs`` with ``clawback_commission``: the sum of
        ``commission_paid`` per rep and period (0 where there is none).
        Cancellations in periods not in ``inputs`` are left out. The share
        recovered is applied by :func:`calculate_payouts`.
    """
    if plan.clawback is None:
        raise ConfigError(
            f"plan {plan.name!r} has no clawback, so cancellations recover nothing; "
            "add a Clawback(share, window_days) to the plan first"
        )
    failures: list[ValidationFailure] = []
    need = ("rep_id", "won_date", "cancelled_date", "commission_paid")
    for column in need:
        if column not in cancellations.columns:
            failures.append(
                ValidationFailure("cancellations", column, None, None, "required column is missing")
            )
    if failures:
        raise DataValidationError(failures, source="cancellations")
    c = cancellations.copy()
    won = pd.to_datetime(c["won_date"], errors="coerce")
    cancelled = pd.to_datetime(c["cancelled_date"], errors="coerce")
    paid = pd.to_numeric(c["commission_paid"], errors="coerce")
    checks = [
        ("won_date", won.isna(), "must be a date"),
        ("cancelled_date", cancelled.isna(), "must be a date"),
        ("cancelled_date", cancelled < won, "must be on or after won_date"),
        ("commission_paid", paid.isna() | (paid < 0), "must be a number >= 0"),
    ]
    for column, bad, rule in checks:
        for label in c.index[bad]:
            value = c.at[label, column]
            value = value.item() if isinstance(value, np.generic) else value
            failures.append(ValidationFailure("cancellations", column, label, value, rule))
    if failures:
        raise DataValidationError(failures, source="cancellations")
    grain = inputs.attrs.get("grain", plan.pay_period)
    inside = (cancelled - won).dt.days <= plan.clawback.window_days
    per = pd.DataFrame(
        {
            "rep_id": c["rep_id"].astype(str)[inside],
            "period": [_label(d, grain) for d in cancelled[inside]],
            "clawback_commission": paid[inside],
        }
    )
    per = per.groupby(["rep_id", "period"], as_index=False)["clawback_commission"].sum()
    base = inputs.drop(columns=["clawback_commission"], errors="ignore")
    keys = base[["rep_id", "period"]].astype(str)
    out = base.copy()
    merged = keys.merge(per, on=["rep_id", "period"], how="left")
    out["clawback_commission"] = merged["clawback_commission"].fillna(0.0).to_numpy()
    out.attrs = dict(inputs.attrs)
    return out
