"""Advice on a valid plan, against the reference figures of PLAYBOOK.md (practice 6).

These are not errors: a plan outside the usual ranges may be right for a
company. The plan editor shows them next to the plan.
"""

from __future__ import annotations

from ._formula import commission_multiple
from ._plan import CommissionPlan

__all__ = ["REFERENCE", "plan_checks"]

#: Usual ranges for field reps (public industry surveys; defaults a user may change).
REFERENCE = {
    "variable_share": (0.30, 0.50),
    "accelerator": (1.4, 2.0),
}


def plan_checks(plan: CommissionPlan, reference: dict | None = None) -> list[str]:
    """Plain-language remarks on ``plan``; an empty list when nothing is unusual.

    Parameters
    ----------
    plan
        A valid plan.
    reference
        Ranges to judge against; default :data:`REFERENCE`.
    """
    ref = {**REFERENCE, **(reference or {})}
    out = []
    lo, hi = ref["variable_share"]
    if not lo <= plan.variable_share <= hi:
        out.append(
            f"variable share {plan.variable_share:.0%} is outside the usual {lo:.0%}-{hi:.0%} "
            "for field reps"
        )
    at_target = float(commission_multiple(plan, 1.0).multiple)
    if abs(at_target - 1.0) > 1e-9:
        out.append(
            f"at 100% attainment the plan pays {at_target:g} × target variable pay, so a rep "
            "on target does not earn the on-target earnings"
        )
    above = [t.rate for t in plan.tiers if t.from_attainment >= 1.0]
    lo, hi = ref["accelerator"]
    if not above or max(above) <= 1.0:
        out.append("no accelerator above 100% attainment: over-performance pays no more")
    elif not lo <= max(above) <= hi:
        out.append(
            f"highest accelerator {max(above):g}× is outside the usual {lo:g}-{hi:g}× above 100%"
        )
    if plan.cap is not None:
        out.append(
            f"commission is capped at {plan.cap:g} × target variable: caps are rare and can "
            "make top reps hold deals back"
        )
    if plan.decelerator is not None and plan.decelerator.factor == 0:
        out.append(
            f"no commission below {plan.decelerator.threshold:.0%} attainment: a rep there "
            "has little reason to close the next deal this period"
        )
    return out
