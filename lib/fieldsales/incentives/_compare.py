"""Two plans side by side: on actual data, by simulation, or both."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..exceptions import ConfigError
from ._payouts import calculate_payouts
from ._plan import CommissionPlan
from ._simulate import SimulationResult, simulate

__all__ = ["compare_plans", "compare_payouts", "compare_simulations", "payout_summary"]


def payout_summary(payouts: pd.DataFrame) -> pd.DataFrame:
    """Team totals of a :func:`calculate_payouts` frame: ``metric``, ``value``, ``unit``.

    Sums cover the rows whose ``status`` is ``ok``; the rows left out are
    counted (``rows_without_quota``, ``rows_without_revenue``), never hidden.
    """
    plan = payouts.attrs.get("plan", {})
    cur = plan.get("currency", "currency")
    ok = payouts[payouts["status"] == "ok"]
    revenue = ok["revenue_won"].sum()
    total = ok["total_pay"].sum()
    rows = [
        ("rows_paid", len(ok), "count"),
        ("rows_without_quota", int((payouts["status"] == "no quota").sum()), "count"),
        ("rows_without_revenue", int((payouts["status"] == "no revenue").sum()), "count"),
        ("revenue_won", revenue, cur),
        ("base_pay", ok["base_pay"].sum(), cur),
        ("commission", ok["commission"].sum(), cur),
        ("spif_pay", ok["spif_pay"].sum(), cur),
        ("clawback", ok["clawback"].sum(), cur),
        ("variable_pay", ok["variable_pay"].sum(), cur),
        ("total_pay", total, cur),
        ("cost_of_sales", total / revenue if revenue > 0 else np.nan, "ratio"),
        (
            "share_at_or_above_target",
            (ok["attainment"] >= 1).mean() if len(ok) else np.nan,
            "ratio",
        ),
        ("share_capped", ok["capped"].mean() if len(ok) else np.nan, "ratio"),
        ("share_decelerated", ok["decelerated"].mean() if len(ok) else np.nan, "ratio"),
    ]
    frame = pd.DataFrame(rows, columns=["metric", "value", "unit"])
    frame["value"] = frame["value"].astype(float)
    return frame


def compare_plans(
    plan_a: CommissionPlan,
    plan_b: CommissionPlan,
    *,
    inputs: pd.DataFrame | None = None,
    history: pd.DataFrame | None = None,
    n_draws: int = 10_000,
    seed: int | None = 0,
    shrinkage: float = 4.0,
    quota: float | Mapping[str, float] | None = None,
    reps: Sequence[str] | None = None,
    prorate_quota: bool = False,
) -> pd.DataFrame:
    """Plan A and plan B side by side.

    Parameters
    ----------
    plan_a, plan_b
        The plans; they must share the pay period and currency.
    inputs
        Actual data (see :func:`calculate_payouts`): both plans are paid on it.
    history
        Historical attainment (see :func:`simulate`): both plans are simulated
        with the same seed, hence on the same draws.
    n_draws, seed, shrinkage, quota, reps
        Passed to :func:`simulate`.
    prorate_quota
        Passed to :func:`calculate_payouts`.

    Returns
    -------
    DataFrame
        ``basis`` (``actual`` or ``simulated``), ``metric``, ``unit``,
        ``plan_a``, ``plan_b``, ``difference`` (B − A). ``attrs["plan_a"]`` and
        ``attrs["plan_b"]`` hold the plans' names.
    """
    if inputs is None and history is None:
        raise ConfigError("compare_plans needs inputs= (actual data), history= or both")
    for attr in ("pay_period", "currency"):
        if getattr(plan_a, attr) != getattr(plan_b, attr):
            raise ConfigError(
                f"the plans differ in {attr} ({getattr(plan_a, attr)!r} vs "
                f"{getattr(plan_b, attr)!r}); compare plans of the same {attr}"
            )
    parts = []
    if inputs is not None:
        a = payout_summary(calculate_payouts(plan_a, inputs, prorate_quota=prorate_quota))
        b = payout_summary(calculate_payouts(plan_b, inputs, prorate_quota=prorate_quota))
        parts.append(_side_by_side("actual", a, b))
    if history is not None:
        kw = {
            "n_draws": n_draws,
            "seed": seed,
            "shrinkage": shrinkage,
            "quota": quota,
            "reps": reps,
        }
        a = simulate(plan_a, history, **kw).summary().drop(columns="plan")
        b = simulate(plan_b, history, **kw).summary().drop(columns="plan")
        parts.append(_side_by_side("simulated", a, b))
    out = pd.concat(parts, ignore_index=True)
    out.attrs = {"plan_a": plan_a.name, "plan_b": plan_b.name}
    return out


def _side_by_side(basis: str, a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "basis": basis,
            "metric": a["metric"],
            "unit": a["unit"],
            "plan_a": a["value"].to_numpy(),
            "plan_b": b["value"].to_numpy(),
        }
    )
    out["difference"] = out["plan_b"] - out["plan_a"]
    return out


def compare_simulations(result_a: SimulationResult, result_b: SimulationResult) -> pd.DataFrame:
    """The ``simulated`` rows of :func:`compare_plans`, from two simulations already run.

    An app that also draws the simulations' distributions simulates each plan
    once and compares the results, instead of simulating both again.

    Parameters
    ----------
    result_a, result_b
        :func:`simulate` results of plan A and plan B on the same draws: the
        same history, ``reps``, ``n_draws``, ``shrinkage`` and ``seed``.

    Returns
    -------
    DataFrame
        As :func:`compare_plans` with ``history=`` only.

    Raises
    ------
    ConfigError
        When the plans differ in pay period or currency, or the simulations
        did not draw the same attainment.
    """
    plan_a, plan_b = result_a.plan, result_b.plan
    for attr in ("pay_period", "currency"):
        if getattr(plan_a, attr) != getattr(plan_b, attr):
            raise ConfigError(
                f"the plans differ in {attr} ({getattr(plan_a, attr)!r} vs "
                f"{getattr(plan_b, attr)!r}); compare plans of the same {attr}"
            )
    same = (
        result_a.n_draws == result_b.n_draws
        and result_a.seed == result_b.seed
        and result_a.shrinkage == result_b.shrinkage
        and list(result_a.per_rep["rep_id"]) == list(result_b.per_rep["rep_id"])
        and np.array_equal(result_a.team_revenue, result_b.team_revenue, equal_nan=True)
        and np.array_equal(result_a.share_at_target, result_b.share_at_target)
    )
    if not same:
        raise ConfigError(
            "the two simulations did not draw the same attainment; simulate both plans on the "
            "same history with the same reps, n_draws, shrinkage and seed"
        )
    a = result_a.summary().drop(columns="plan")
    b = result_b.summary().drop(columns="plan")
    out = _side_by_side("simulated", a, b)
    out.attrs = {"plan_a": plan_a.name, "plan_b": plan_b.name}
    return out


def compare_payouts(payouts_a: pd.DataFrame, payouts_b: pd.DataFrame) -> pd.DataFrame:
    """The ``actual`` rows of :func:`compare_plans`, from two payouts already calculated.

    An app that also shows each plan's payouts per rep calculates them once
    and compares the results, instead of paying both plans again.

    Parameters
    ----------
    payouts_a, payouts_b
        :func:`calculate_payouts` of plan A and plan B on the same inputs.

    Returns
    -------
    DataFrame
        As :func:`compare_plans` with ``inputs=`` only.

    Raises
    ------
    ConfigError
        When the plans differ in pay period or currency, or the payouts are
        not for the same reps and periods.
    """
    plan_a, plan_b = payouts_a.attrs.get("plan", {}), payouts_b.attrs.get("plan", {})
    for attr in ("pay_period", "currency"):
        if plan_a.get(attr) != plan_b.get(attr):
            raise ConfigError(
                f"the plans differ in {attr} ({plan_a.get(attr)!r} vs {plan_b.get(attr)!r}); "
                f"compare plans of the same {attr}"
            )
    keys = ["rep_id", "period"]
    if not payouts_a[keys].astype(str).equals(payouts_b[keys].astype(str)):
        raise ConfigError(
            "the two payouts are not for the same reps and periods; calculate both plans "
            "on the same inputs"
        )
    out = _side_by_side("actual", payout_summary(payouts_a), payout_summary(payouts_b))
    out.attrs = {"plan_a": plan_a.get("name"), "plan_b": plan_b.get("name")}
    return out
