"""The commission curve: attainment in, commission as a multiple of target variable pay out.

One vectorised function serves the calculator, the simulator and the
statements, so the three can never disagree::

    tiers     m = Σ over tiers of  width of the attainment slice in the tier × tier rate
    decel.    m = m × factor                 when attainment < threshold
    cap       m = min(m, cap)

Attainment below 0 (net refunds) counts as 0; missing attainment stays missing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._plan import CommissionPlan

__all__ = ["Curve", "TierSlice", "commission_multiple", "tier_slices"]


@dataclass(frozen=True)
class Curve:
    """Result of :func:`commission_multiple`, one value per attainment.

    Attributes
    ----------
    multiple : commission ÷ target variable pay, after decelerator and cap.
    tiers : the tiers alone (before decelerator and cap).
    decelerated : the decelerator applied (attainment below its threshold).
    capped : the cap bound (the decelerated multiple was above the cap).
    """

    multiple: np.ndarray
    tiers: np.ndarray
    decelerated: np.ndarray
    capped: np.ndarray


@dataclass(frozen=True)
class TierSlice:
    """The part of one tier an attainment reaches, for statements.

    ``to_attainment`` is where the slice ends: the attainment itself or the
    tier's end; ``multiple = width × rate``.
    """

    from_attainment: float
    to_attainment: float
    rate: float

    @property
    def width(self) -> float:
        return self.to_attainment - self.from_attainment

    @property
    def multiple(self) -> float:
        return self.width * self.rate


def _breakpoints(plan: CommissionPlan) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    starts = np.array([t.from_attainment for t in plan.tiers], dtype=float)
    rates = np.array([t.rate for t in plan.tiers], dtype=float)
    # cumulative multiple at each tier start
    cum = np.concatenate([[0.0], np.cumsum(np.diff(starts) * rates[:-1])])
    return starts, rates, cum


def commission_multiple(plan: CommissionPlan, attainment: np.ndarray | float) -> Curve:
    """Commission as a multiple of target variable pay, for each attainment.

    Parameters
    ----------
    plan
        The plan whose tiers, decelerator and cap apply.
    attainment
        Attainment ratios (1.0 = 100% of quota); NaN stays NaN.

    Returns
    -------
    Curve
        Arrays of the shape of ``attainment``.
    """
    a = np.asarray(attainment, dtype=float)
    missing = np.isnan(a)
    a_pos = np.where(missing, np.nan, np.maximum(a, 0.0))
    starts, rates, cum = _breakpoints(plan)
    # piecewise linear: interpolate between tier starts, extend the last tier's slope
    tiers = np.interp(a_pos, starts, cum) + np.maximum(a_pos - starts[-1], 0.0) * rates[-1]
    multiple = tiers
    decelerated = np.zeros(a.shape, dtype=bool)
    if plan.decelerator is not None:
        decelerated = ~missing & (a_pos < plan.decelerator.threshold)
        multiple = np.where(decelerated, multiple * plan.decelerator.factor, multiple)
    capped = np.zeros(a.shape, dtype=bool)
    if plan.cap is not None:
        capped = ~missing & (multiple > plan.cap)
        multiple = np.where(capped, plan.cap, multiple)
    return Curve(multiple=multiple, tiers=tiers, decelerated=decelerated, capped=capped)


def tier_slices(plan: CommissionPlan, attainment: float) -> list[TierSlice]:
    """The slices of each tier that ``attainment`` reaches, lowest first.

    Their ``multiple`` values add up to :attr:`Curve.tiers`; an empty list when
    attainment is 0, negative or missing.
    """
    if attainment is None or not np.isfinite(attainment) or attainment <= 0:
        return []
    out = []
    for tier, end in zip(plan.tiers, plan.tier_ends(), strict=True):
        if attainment <= tier.from_attainment:
            break
        top = attainment if end is None else min(attainment, end)
        out.append(TierSlice(tier.from_attainment, top, tier.rate))
    return out
