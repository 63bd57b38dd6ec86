"""A commission plan as data: a frozen dataclass, validated at construction.

Every problem of a plan is reported at once (one :class:`PlanError` listing
each field, the value received and how to fix it), as the project's
validation is lazy everywhere. :meth:`CommissionPlan.to_dict` and
:meth:`CommissionPlan.from_dict` give a lossless, JSON-safe form for the
state store that saves versioned plans.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._parts import (
    PAY_PERIODS,
    PLAN_FORMAT,
    PLAN_FORMAT_VERSION,
    Clawback,
    Decelerator,
    PlanError,
    Spif,
    Tier,
)
from ._validate import plan_problems

__all__ = ["CommissionPlan", "example_plan"]


@dataclass(frozen=True)
class CommissionPlan:
    """A commission plan: pay mix, tiers, decelerator, cap, SPIFs and clawback.

    Parameters
    ----------
    name
        Name shown in the app and on statements.
    on_target_earnings
        Annual pay (base + variable) of a rep at 100% attainment, in ``currency``.
    variable_share
        Share of on-target earnings that is variable (0..1); the rest is base pay.
    tiers
        Commission curve: :class:`Tier` objects (or ``(from_attainment, rate)``
        pairs), the first starting at 0, starts strictly increasing.
    pay_period
        Period attainment is measured and paid over: ``month``, ``quarter`` or ``year``.
    decelerator
        Optional :class:`Decelerator`.
    cap
        Most the tier commission pays in a period, as a multiple of the
        period's target variable pay; ``None`` for no cap. SPIFs are outside it.
    spifs
        :class:`Spif` bonuses.
    clawback
        Optional :class:`Clawback`.
    currency
        ISO 4217 code, for statements.
    description
        Free text.

    Raises
    ------
    PlanError
        Listing every invalid field at once.
    """

    name: str
    on_target_earnings: float
    variable_share: float
    tiers: tuple[Tier, ...]
    pay_period: str = "quarter"
    decelerator: Decelerator | None = None
    cap: float | None = None
    spifs: tuple[Spif, ...] = ()
    clawback: Clawback | None = None
    currency: str = "EUR"
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "tiers", _as_tuple(self.tiers, Tier, 2))
        object.__setattr__(self, "spifs", _as_tuple(self.spifs, Spif, 3))
        problems = plan_problems(self)
        if problems:
            raise PlanError(self.name, problems)
        _normalise(self)

    # -- derived figures -------------------------------------------------------
    @property
    def periods_per_year(self) -> int:
        """12, 4 or 1, from :attr:`pay_period`."""
        return PAY_PERIODS[self.pay_period]

    @property
    def base_per_period(self) -> float:
        """Base pay of a full period: OTE × (1 − variable share) ÷ periods per year."""
        return self.on_target_earnings * (1 - self.variable_share) / self.periods_per_year

    @property
    def target_variable_per_period(self) -> float:
        """Variable pay at 100% attainment of a full period: OTE × variable share ÷ periods."""
        return self.on_target_earnings * self.variable_share / self.periods_per_year

    def tier_ends(self) -> list[float | None]:
        """Where each tier ends (the next tier's start; ``None`` for the last)."""
        starts = [t.from_attainment for t in self.tiers]
        return [*starts[1:], None]

    # -- serialisation ---------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict that :meth:`from_dict` turns back into an equal plan."""
        return {
            "format": PLAN_FORMAT,
            "version": PLAN_FORMAT_VERSION,
            "name": self.name,
            "description": self.description,
            "currency": self.currency,
            "on_target_earnings": self.on_target_earnings,
            "variable_share": self.variable_share,
            "pay_period": self.pay_period,
            "tiers": [{"from_attainment": t.from_attainment, "rate": t.rate} for t in self.tiers],
            "decelerator": None
            if self.decelerator is None
            else {"threshold": self.decelerator.threshold, "factor": self.decelerator.factor},
            "cap": self.cap,
            "spifs": [{"name": s.name, "kpi": s.kpi, "amount": s.amount} for s in self.spifs],
            "clawback": None
            if self.clawback is None
            else {"share": self.clawback.share, "window_days": self.clawback.window_days},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CommissionPlan:
        """The plan saved by :meth:`to_dict`; every problem is reported at once.

        Raises
        ------
        PlanError
            Unknown or missing keys, a wrong format or version, or an invalid plan.
        """
        return _from_dict(cls, data)


def _as_tuple(items: Any, cls: type, size: int) -> Any:
    """A tuple of ``cls``, plain tuples of ``size`` values converted; other values kept for
    validation to report."""
    if not isinstance(items, list | tuple):
        return items
    return tuple(cls(*x) if isinstance(x, list | tuple) and len(x) == size else x for x in items)


def _normalise(plan: CommissionPlan) -> None:
    """Store numbers as floats (ints given by a caller), so equal plans serialise alike."""
    s = object.__setattr__
    s(plan, "on_target_earnings", float(plan.on_target_earnings))
    s(plan, "variable_share", float(plan.variable_share))
    s(plan, "tiers", tuple(Tier(float(t.from_attainment), float(t.rate)) for t in plan.tiers))
    if plan.decelerator is not None:
        d = plan.decelerator
        s(plan, "decelerator", Decelerator(float(d.threshold), float(d.factor)))
    if plan.cap is not None:
        s(plan, "cap", float(plan.cap))
    s(plan, "spifs", tuple(Spif(x.name, x.kpi, float(x.amount)) for x in plan.spifs))
    if plan.clawback is not None:
        s(plan, "clawback", Clawback(float(plan.clawback.share), plan.clawback.window_days))


# -- from_dict -------------------------------------------------------------------

_KEYS = (
    "format",
    "version",
    "name",
    "description",
    "currency",
    "on_target_earnings",
    "variable_share",
    "pay_period",
    "tiers",
    "decelerator",
    "cap",
    "spifs",
    "clawback",
)
_PARTS = {
    "tiers": (Tier, ("from_attainment", "rate")),
    "spifs": (Spif, ("name", "kpi", "amount")),
    "decelerator": (Decelerator, ("threshold", "factor")),
    "clawback": (Clawback, ("share", "window_days")),
}


def _part(p: list[str], where: str, kind: str, value: object) -> object:
    cls, keys = _PARTS[kind]
    if not isinstance(value, Mapping):
        p.append(f"{where} = {value!r}: expected an object with keys {', '.join(keys)}")
        return None
    unknown = sorted(set(value) - set(keys))
    missing = [k for k in keys if k not in value]
    if unknown:
        p.append(f"{where}: unknown key(s) {', '.join(map(repr, unknown))}; expected {keys}")
    if missing:
        p.append(f"{where}: missing key(s) {', '.join(map(repr, missing))}")
    if unknown or missing:
        return None
    return cls(**{k: value[k] for k in keys})


def _from_dict(cls: type[CommissionPlan], data: Mapping[str, Any]) -> CommissionPlan:
    if not isinstance(data, Mapping):
        raise PlanError(None, [f"expected a dict made by CommissionPlan.to_dict(), got {data!r}"])
    p: list[str] = []
    name = data.get("name")
    if data.get("format") != PLAN_FORMAT:
        p.append(f"format = {data.get('format')!r}: expected {PLAN_FORMAT!r}")
    if data.get("version") != PLAN_FORMAT_VERSION:
        p.append(
            f"version = {data.get('version')!r}: this fieldsales reads plan version "
            f"{PLAN_FORMAT_VERSION}; upgrade fieldsales to read newer plans"
        )
    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        p.append(f"unknown key(s) {', '.join(map(repr, unknown))}; expected only {_KEYS}")
    missing = [k for k in _KEYS if k not in data]
    if missing:
        p.append(f"missing key(s) {', '.join(map(repr, missing))}")
    if p:
        raise PlanError(name, p)
    kwargs: dict[str, Any] = {k: data[k] for k in _KEYS if k not in ("format", "version")}
    for key in ("tiers", "spifs"):
        items = data[key]
        if not isinstance(items, list | tuple):
            p.append(f"{key} = {items!r}: expected a list")
            continue
        kwargs[key] = tuple(_part(p, f"{key}[{i}]", key, v) for i, v in enumerate(items))
    for key in ("decelerator", "clawback"):
        if data[key] is not None:
            kwargs[key] = _part(p, key, key, data[key])
    if p:
        raise PlanError(name, p)
    return cls(**kwargs)


def example_plan() -> CommissionPlan:
    """The worked example of ``docs/incentives.md``: a 60/40 plan paid quarterly.

    80,000 on-target earnings; below 50% attainment half the commission is
    paid; 1.0× up to 100%, accelerators 1.5× to 150% and 2.0× above; cap at
    2.5× target variable; 500 per new customer; 100% clawback within 90 days.
    """
    return CommissionPlan(
        name="Field 2026",
        on_target_earnings=80_000.0,
        variable_share=0.4,
        tiers=(Tier(0.0, 1.0), Tier(1.0, 1.5), Tier(1.5, 2.0)),
        pay_period="quarter",
        decelerator=Decelerator(threshold=0.5, factor=0.5),
        cap=2.5,
        spifs=(Spif("new_logo", "new_customers", 500.0),),
        clawback=Clawback(share=1.0, window_days=90),
        currency="EUR",
        description="Worked example of docs/incentives.md",
    )
