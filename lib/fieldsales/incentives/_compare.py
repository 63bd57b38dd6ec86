"""Two plans side by side: on actual data, by simulation, or both."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..exceptions import ConfigError
from ._payouts import calculate_payouts
from ._plan import CommissionPlan
from ._simulate import simulate

__all__ = ["compare_plans", "payout_summary"]


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
