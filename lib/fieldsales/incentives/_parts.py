"""The pieces of a commission plan: tiers, decelerator, SPIFs, clawback, and the plan's error."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..exceptions import ConfigError

__all__ = [
    "PAY_PERIODS",
    "PLAN_FORMAT",
    "PLAN_FORMAT_VERSION",
    "Clawback",
    "Decelerator",
    "PlanError",
    "Spif",
    "Tier",
]

PAY_PERIODS = {"month": 12, "quarter": 4, "year": 1}
PLAN_FORMAT = "fieldsales.commission_plan"
PLAN_FORMAT_VERSION = 1

SPIF_NAME_RE = re.compile(r"[a-z][a-z0-9_]*")
CURRENCY_RE = re.compile(r"[A-Z]{3}")


class PlanError(ConfigError):
    """A commission plan is invalid; :attr:`problems` lists every problem found.

    Each problem names the field (``tiers[1].rate``), the value received and
    how to fix it.
    """

    def __init__(self, plan_name: object, problems: Sequence[str]):
        self.plan_name = plan_name
        self.problems = list(problems)
        head = f"commission plan {plan_name!r}: {len(self.problems)} problem(s)"
        super().__init__("\n".join([head, *("  " + p for p in self.problems)]))


@dataclass(frozen=True)
class Tier:
    """One attainment slice of the commission curve.

    The tier runs from ``from_attainment`` up to the next tier's start (the
    last tier has no end). Every unit of attainment inside the slice pays
    ``rate`` times the target variable pay: the rate is *marginal*, so a rate
    of 1.5 from 1.0 is an accelerator that applies only to attainment above
    100%.
    """

    from_attainment: float
    rate: float


@dataclass(frozen=True)
class Decelerator:
    """Below ``threshold`` attainment the tier commission is multiplied by ``factor``.

    ``factor=0`` makes the threshold a gate (no commission below it);
    ``factor=0.5`` halves it. Attainment exactly at the threshold is not
    decelerated. SPIFs and clawbacks are not affected.
    """

    threshold: float
    factor: float = 0.0


@dataclass(frozen=True)
class Spif:
    """A fixed bonus of ``amount`` per qualifying event counted in the input column ``kpi``.

    ``name`` is a short identifier (``new_logo``); the payout frame gets a
    column ``spif_<name>``. ``kpi`` is the input column holding the count per
    rep and period, e.g. the KPI ``new_customers``.
    """

    name: str
    kpi: str
    amount: float


@dataclass(frozen=True)
class Clawback:
    """Recover ``share`` of the commission paid on deals cancelled within ``window_days``.

    The canonical data model has no cancellation status (deals are open, won
    or lost), so the commission to recover comes in as an input column
    (``clawback_commission``, see :func:`add_clawbacks`).
    """

    share: float
    window_days: int
