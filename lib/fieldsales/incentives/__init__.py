"""Commission plans: define, pay, simulate, compare, explain (practice 6 of the playbook).

>>> from fieldsales.incentives import example_plan, calculate_payouts, simulate
>>> plan = example_plan()
>>> plan.target_variable_per_period
8000.0
>>> inputs = payout_inputs(ws, "2026-Q3")                     # doctest: +SKIP
>>> payouts = calculate_payouts(plan, inputs)                 # doctest: +SKIP
>>> simulate(plan, payout_inputs(ws, "2025-Q1..2026-Q2")).summary()  # doctest: +SKIP

See ``docs/incentives.md``. Importing this package does not import Ibis;
:func:`payout_inputs` loads the KPI layer when called.
"""

from ._checks import REFERENCE, plan_checks
from ._compare import compare_payouts, compare_plans, compare_simulations, payout_summary
from ._formula import Curve, TierSlice, commission_multiple, tier_slices
from ._inputs import DEFAULT_SPIF_KPIS, add_clawbacks, payout_inputs
from ._payouts import PAYOUT_COLUMNS, STATUSES, calculate_payouts
from ._plan import (
    PAY_PERIODS,
    PLAN_FORMAT,
    PLAN_FORMAT_VERSION,
    Clawback,
    CommissionPlan,
    Decelerator,
    PlanError,
    Spif,
    Tier,
    example_plan,
)
from ._simulate import SimulationResult, simulate
from ._statements import payout_statement_html, statement_lines, write_payout_statement_csv

__all__ = [
    # plan
    "CommissionPlan",
    "Tier",
    "Decelerator",
    "Spif",
    "Clawback",
    "PlanError",
    "PAY_PERIODS",
    "PLAN_FORMAT",
    "PLAN_FORMAT_VERSION",
    "example_plan",
    "plan_checks",
    "REFERENCE",
    # curve
    "commission_multiple",
    "tier_slices",
    "Curve",
    "TierSlice",
    # payouts
    "payout_inputs",
    "add_clawbacks",
    "calculate_payouts",
    "payout_summary",
    "PAYOUT_COLUMNS",
    "STATUSES",
    "DEFAULT_SPIF_KPIS",
    # simulation and comparison
    "simulate",
    "SimulationResult",
    "compare_plans",
    "compare_simulations",
    "compare_payouts",
    # statements
    "statement_lines",
    "payout_statement_html",
    "write_payout_statement_csv",
]
