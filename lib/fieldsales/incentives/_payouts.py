"""Payouts on actual data: one row per rep and period, every figure explained.

Input columns (one row per rep and period):

- ``rep_id``, ``period`` (required): one row per pair; ``period`` a label such
  as ``2026-Q3``.
- ``revenue_won`` (required): revenue credited in the period.
- ``quota`` (required): the revenue quota the rep is measured against in the
  period, **already pro-rated** for a mid-period hire or exit (the
  workspace's quotas are); pass ``prorate_quota=True`` if it is a
  full-period quota.
- ``employed_share`` (optional, default 1): share of the period the rep was
  employed, 0..1 (the KPI ``rep_fte``); pro-rates base pay, target variable
  pay and, with ``prorate_quota``, the quota.
- ``rep_name`` (optional): carried to the output.
- one column per distinct ``Spif.kpi`` of the plan: event counts.
- ``clawback_commission`` (optional): commission paid earlier on deals
  cancelled in this period within the clawback window
  (:func:`~fieldsales.incentives.add_clawbacks`).
- ``quota_months_missing`` (optional, from
  :func:`~fieldsales.incentives.payout_inputs`): employed months of the
  period without a quota; noted, as attainment may be overstated.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..exceptions import ConfigError, DataValidationError, ValidationFailure
from ._formula import commission_multiple
from ._plan import CommissionPlan

__all__ = ["PAYOUT_COLUMNS", "STATUSES", "calculate_payouts"]

REQUIRED = ("rep_id", "period", "revenue_won", "quota")
#: Values of the ``status`` column.
STATUSES = ("ok", "no quota", "no revenue")
#: Output columns, in order; ``spif_<name>`` columns come before ``spif_pay``.
PAYOUT_COLUMNS = (
    "plan",
    "rep_id",
    "rep_name",
    "period",
    "status",
    "employed_share",
    "quota",
    "revenue_won",
    "attainment",
    "base_pay",
    "target_variable",
    "commission",
    "decelerated",
    "capped",
    "spif_pay",
    "clawback",
    "variable_pay",
    "total_pay",
    "notes",
)
_TABLE = "payout inputs"


def _money(x: float) -> str:
    return f"{x:,.2f}"


def _check_inputs(plan: CommissionPlan, df: pd.DataFrame) -> None:
    """Raise one DataValidationError listing every unusable column and row."""
    failures: list[ValidationFailure] = []

    def fail(column, row, value, rule, hint=""):
        value = value.item() if isinstance(value, np.generic) else value  # plain repr
        failures.append(ValidationFailure(_TABLE, column, row, value, rule, hint))

    spif_columns = sorted({s.kpi for s in plan.spifs})
    for column in [*REQUIRED, *spif_columns]:
        if column not in df.columns:
            hint = "add it to the input frame"
            if column in spif_columns:
                hint = f"the plan's SPIFs count events in {column!r}; add that column"
            fail(column, None, None, "required column is missing", hint)
    present = set(df.columns)
    if {"rep_id", "period"} <= present:
        dup = df.duplicated(["rep_id", "period"], keep=False)
        for label in df.index[dup]:
            rep, period = df.at[label, "rep_id"], df.at[label, "period"]
            fail(
                "rep_id",
                label,
                f"{rep} {period}",
                "one row per rep and period",
                "sum or remove the duplicated rows",
            )
    numeric = ["revenue_won", "quota", "employed_share", "clawback_commission", *spif_columns]
    for column in [c for c in numeric if c in present]:
        values = pd.to_numeric(df[column], errors="coerce")
        bad_type = values.isna() & df[column].notna()
        for label in df.index[bad_type]:
            fail(column, label, df.at[label, column], "must be a number")
        if column == "revenue_won":
            bad = np.isinf(values)
        elif column == "employed_share":
            bad = values.isna() | (values < 0) | (values > 1)
        else:
            bad = (values < 0) | np.isinf(values)
        for label in df.index[bad & ~bad_type]:
            rule = {"employed_share": "must be a share from 0 to 1"}.get(column, "must be >= 0")
            fail(column, label, df.at[label, column], rule)
    if failures:
        raise DataValidationError(failures, source=_TABLE)


def calculate_payouts(
    plan: CommissionPlan, inputs: pd.DataFrame, *, prorate_quota: bool = False
) -> pd.DataFrame:
    """Pay per rep and period under ``plan``.

    Parameters
    ----------
    plan
        The commission plan.
    inputs
        One row per rep and period, columns as described in this module
        (:func:`~fieldsales.incentives.payout_inputs` builds it from a workspace).
    prorate_quota
        ``False`` (default): ``quota`` is already pro-rated for partial
        employment. ``True``: ``quota`` is a full-period quota and is
        multiplied by ``employed_share``.

    Returns
    -------
    DataFrame
        Columns :data:`PAYOUT_COLUMNS` plus ``spif_<name>`` per SPIF.
        ``attainment = revenue_won ÷ quota``; ``commission = target_variable ×
        curve multiple``; ``variable_pay = commission + spif_pay − clawback``;
        ``total_pay = base_pay + variable_pay``. When the quota is 0 or missing,
        ``status`` is ``"no quota"`` and attainment, commission, variable and
        total pay are missing (never 0 and never infinite); ``notes`` says why.
        ``attrs`` holds ``plan`` (its :meth:`~CommissionPlan.to_dict`), ``grain``
        and ``notes`` (remarks on the whole frame, e.g. no clawback data given).

    Raises
    ------
    DataValidationError
        Listing every missing column and invalid value at once.
    ConfigError
        When the inputs were built for another pay period than the plan's.
    """
    grain = inputs.attrs.get("grain")
    if grain is not None and grain != plan.pay_period:
        raise ConfigError(
            f"the inputs are per {grain} but plan {plan.name!r} pays per {plan.pay_period}; "
            f"build the inputs with grain={plan.pay_period!r}"
        )
    _check_inputs(plan, inputs)
    df = inputs.reset_index(drop=True)
    n = len(df)
    num = {c: pd.to_numeric(df[c]).to_numpy(dtype=float) for c in ("revenue_won", "quota")}
    share = (
        pd.to_numeric(df["employed_share"]).to_numpy(dtype=float)
        if "employed_share" in df
        else np.ones(n)
    )
    quota = num["quota"] * share if prorate_quota else num["quota"]
    revenue = num["revenue_won"]
    no_quota = ~(quota > 0)  # 0, missing
    no_revenue = np.isnan(revenue) & ~no_quota
    attainment = np.where(no_quota, np.nan, revenue / np.where(no_quota, 1.0, quota))
    curve = commission_multiple(plan, attainment)
    base = plan.base_per_period * share
    target_variable = plan.target_variable_per_period * share
    commission = target_variable * curve.multiple

    out = pd.DataFrame({"plan": plan.name, "rep_id": df["rep_id"]})
    out["rep_name"] = df["rep_name"] if "rep_name" in df else pd.NA
    out["period"] = df["period"]
    out["status"] = np.select([no_quota, no_revenue], ["no quota", "no revenue"], "ok")
    out["employed_share"] = share
    out["quota"] = quota
    out["revenue_won"] = revenue
    out["attainment"] = attainment
    out["base_pay"] = base
    out["target_variable"] = target_variable
    out["commission"] = commission
    out["decelerated"] = curve.decelerated
    out["capped"] = curve.capped
    notes: list[list[str]] = [[] for _ in range(n)]
    frame_notes: list[str] = []

    spif_total = np.zeros(n)
    for spif in plan.spifs:
        counts = pd.to_numeric(df[spif.kpi]).to_numpy(dtype=float)
        for i in np.flatnonzero(np.isnan(counts)):
            notes[i].append(f"SPIF {spif.name}: {spif.kpi} count missing, not paid")
        pay = np.nan_to_num(counts) * spif.amount
        out[f"spif_{spif.name}"] = pay
        spif_total += pay
    out["spif_pay"] = spif_total

    recovered = np.zeros(n)
    if "clawback_commission" in df:
        paid = pd.to_numeric(df["clawback_commission"]).to_numpy(dtype=float)
        if plan.clawback is None:
            for i in np.flatnonzero(np.nan_to_num(paid) > 0):
                notes[i].append("clawback_commission ignored: the plan has no clawback")
        else:
            recovered = np.nan_to_num(paid) * plan.clawback.share
            for i in np.flatnonzero(recovered > 0):
                notes[i].append(
                    f"clawback: {plan.clawback.share:.0%} of {_money(paid[i])} commission "
                    f"on deals cancelled within {plan.clawback.window_days} days"
                )
    elif plan.clawback is not None:
        frame_notes.append("no clawback_commission column: nothing clawed back")
    out["clawback"] = recovered
    out["variable_pay"] = commission + spif_total - recovered
    out["total_pay"] = base + out["variable_pay"].to_numpy()
    missing_months = (
        pd.to_numeric(df["quota_months_missing"]).fillna(0).to_numpy()
        if "quota_months_missing" in df
        else np.zeros(n)
    )
    _explain(plan, out.assign(quota_months_missing=missing_months), curve, notes, prorate_quota)
    out["notes"] = ["; ".join(row) for row in notes]
    spif_cols = [f"spif_{s.name}" for s in plan.spifs]
    order = list(PAYOUT_COLUMNS)
    order[order.index("spif_pay") : order.index("spif_pay")] = spif_cols
    out.attrs["plan"] = plan.to_dict()
    out.attrs["grain"] = plan.pay_period
    out.attrs["notes"] = frame_notes
    return out[order]


def _explain(plan, out: pd.DataFrame, curve, notes: Sequence[list[str]], prorate: bool) -> None:
    """Fill ``notes``: why each row pays what it pays, in plain words."""
    for i, row in enumerate(out.itertuples(index=False)):
        before: list[str] = []
        if row.employed_share < 1:
            text = f"employed {row.employed_share:.0%} of the period: base and target pro-rated"
            before.append(text + (", quota pro-rated" if prorate else ""))
        if row.quota_months_missing > 0 and row.status != "no quota":
            before.append(
                f"no revenue quota for {row.quota_months_missing:g} employed month(s) of the "
                "period (quotas incomplete, or the period is not over): attainment may be "
                "overstated"
            )
        if row.status == "no quota":
            before.append(
                "no quota for the period (0 or missing): attainment and commission not "
                "computed; set the rep's quota and recompute"
            )
        elif row.status == "no revenue":
            before.append("revenue missing: commission not computed; supply revenue_won")
        else:
            if row.revenue_won < 0:
                before.append("negative revenue counts as 0 attainment")
            if row.attainment > 1 and any(
                t.rate > 1 and t.from_attainment >= 1 for t in plan.tiers
            ):
                before.append(f"attainment {row.attainment:.1%}: accelerator applies above 100%")
            if row.decelerated:
                d = plan.decelerator
                before.append(
                    f"attainment {row.attainment:.1%} below the {d.threshold:.0%} threshold: "
                    f"commission × {d.factor:g} (decelerator)"
                )
            if row.capped:
                before.append(
                    f"cap reached: commission limited to {plan.cap:g} × target variable "
                    f"(uncapped {_money(row.target_variable * _uncapped(plan, curve, i))})"
                )
            if row.variable_pay < 0:
                before.append(
                    f"clawback exceeds this period's commission and SPIFs by "
                    f"{_money(-row.variable_pay)}: deducted from total pay"
                )
        notes[i][:0] = before


def _uncapped(plan: CommissionPlan, curve, i: int) -> float:
    m = float(curve.tiers[i])
    if curve.decelerated[i]:
        m *= plan.decelerator.factor
    return m
