"""Validation of a commission plan: every problem, each naming field, value and fix."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ._parts import CURRENCY_RE, PAY_PERIODS, SPIF_NAME_RE, Clawback, Decelerator, Spif, Tier

if TYPE_CHECKING:
    from ._plan import CommissionPlan

__all__ = ["plan_problems"]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _number(
    problems: list[str],
    where: str,
    value: object,
    lo: float | None = None,
    hi: float | None = None,
    lo_open: bool = False,
    fix: str = "",
) -> bool:
    """Check ``value`` is a finite number in the range; add a problem and return False if not."""
    ok = _is_number(value)
    if ok and lo is not None:
        ok = value > lo if lo_open else value >= lo
    if ok and hi is not None:
        ok = value <= hi
    if not ok:
        if lo is not None and hi is not None:
            expected = f"a number {'above' if lo_open else 'from'} {lo:g} to {hi:g}"
        elif lo is not None:
            expected = "a number above 0" if lo_open and lo == 0 else f"a number of at least {lo:g}"
        else:
            expected = "a finite number"
        problems.append(f"{where} = {value!r}: expected {expected}" + (f"; {fix}" if fix else ""))
    return ok


def plan_problems(plan: CommissionPlan) -> list[str]:
    p: list[str] = []
    if not isinstance(plan.name, str) or not plan.name.strip():
        p.append(f"name = {plan.name!r}: expected a non-empty text; give the plan a name")
    if not isinstance(plan.description, str):
        p.append(f"description = {plan.description!r}: expected text (may be empty)")
    if not isinstance(plan.currency, str) or not CURRENCY_RE.fullmatch(plan.currency):
        p.append(f"currency = {plan.currency!r}: expected an ISO 4217 code such as EUR or USD")
    _number(
        p,
        "on_target_earnings",
        plan.on_target_earnings,
        0,
        lo_open=True,
        fix="the annual pay (base + variable) of a rep at 100% attainment",
    )
    _number(
        p,
        "variable_share",
        plan.variable_share,
        0,
        1,
        fix="the variable part of on-target earnings, e.g. 0.4 for a 60/40 mix",
    )
    if not isinstance(plan.pay_period, str) or plan.pay_period not in PAY_PERIODS:
        p.append(f"pay_period = {plan.pay_period!r}: expected one of {', '.join(PAY_PERIODS)}")
    tiers_ok = _tier_problems(p, plan.tiers)
    if plan.decelerator is not None:
        d = plan.decelerator
        if not isinstance(d, Decelerator):
            p.append(f"decelerator = {d!r}: expected a Decelerator(threshold, factor) or None")
        else:
            _number(
                p,
                "decelerator.threshold",
                d.threshold,
                0,
                1,
                lo_open=True,
                fix="the attainment below which commission is reduced, e.g. 0.5",
            )
            _number(
                p,
                "decelerator.factor",
                d.factor,
                0,
                1,
                fix="0 pays no commission below the threshold, 0.5 pays half",
            )
    if (
        plan.cap is not None
        and _number(
            p,
            "cap",
            plan.cap,
            0,
            lo_open=True,
            fix="a multiple of the target variable pay, e.g. 2.0; use None for no cap",
        )
        and tiers_ok
    ):
        at_target = _cumulative(plan.tiers, 1.0)
        if plan.cap < at_target:
            p.append(
                f"cap = {plan.cap!r} is below the commission paid at 100% attainment "
                f"({at_target:g} × target variable): reps could never earn their on-target "
                f"pay; raise the cap to at least {at_target:g} or remove it"
            )
    _spif_problems(p, plan.spifs)
    if plan.clawback is not None:
        c = plan.clawback
        if not isinstance(c, Clawback):
            p.append(f"clawback = {c!r}: expected a Clawback(share, window_days) or None")
        else:
            _number(
                p,
                "clawback.share",
                c.share,
                0,
                1,
                lo_open=True,
                fix="the share of the commission recovered, e.g. 1.0 for all of it",
            )
            if (
                isinstance(c.window_days, bool)
                or not isinstance(c.window_days, int)
                or (c.window_days < 1)
            ):
                p.append(
                    f"clawback.window_days = {c.window_days!r}: expected a whole number of "
                    "days of at least 1, e.g. 90"
                )
    return p


def _tier_problems(p: list[str], tiers: tuple) -> bool:
    before = len(p)
    if not isinstance(tiers, tuple):
        p.append(f"tiers = {tiers!r}: expected a list of Tier(from_attainment, rate)")
        return False
    if not tiers:
        p.append(
            "tiers = (): expected at least one tier; e.g. (Tier(0.0, 1.0),) pays "
            "the target variable pay at 100% attainment"
        )
        return False
    for i, t in enumerate(tiers):
        if not isinstance(t, Tier):
            p.append(f"tiers[{i}] = {t!r}: expected a Tier(from_attainment, rate)")
            continue
        _number(
            p,
            f"tiers[{i}].from_attainment",
            t.from_attainment,
            0,
            fix="attainment as a ratio, 1.0 meaning 100% of quota",
        )
        _number(
            p,
            f"tiers[{i}].rate",
            t.rate,
            0,
            fix="the multiple of target variable pay per unit of attainment",
        )
    if len(p) > before:
        return False
    if tiers[0].from_attainment != 0:
        p.append(
            f"tiers[0].from_attainment = {tiers[0].from_attainment!r}: the first tier must "
            "start at 0; add a tier from 0 (with rate 0 if nothing is paid below it) or use "
            "a decelerator"
        )
    for i in range(1, len(tiers)):
        prev, cur = tiers[i - 1].from_attainment, tiers[i].from_attainment
        if cur == prev:
            p.append(
                f"tiers[{i}].from_attainment = {cur!r} is the same as tiers[{i - 1}]'s: "
                "overlapping tiers; remove one or move its start"
            )
        elif cur < prev:
            p.append(
                f"tiers[{i}].from_attainment = {cur!r} is below tiers[{i - 1}]'s ({prev!r}): "
                "tiers overlap; list them in increasing order of from_attainment"
            )
    return len(p) == before


def _spif_problems(p: list[str], spifs: tuple) -> None:
    seen: set[str] = set()
    if not isinstance(spifs, tuple):
        p.append(f"spifs = {spifs!r}: expected a list of Spif(name, kpi, amount)")
        return
    for i, s in enumerate(spifs):
        if not isinstance(s, Spif):
            p.append(f"spifs[{i}] = {s!r}: expected a Spif(name, kpi, amount)")
            continue
        if not isinstance(s.name, str) or not SPIF_NAME_RE.fullmatch(s.name):
            p.append(
                f"spifs[{i}].name = {s.name!r}: expected a short identifier of lower-case "
                "letters, digits and _ starting with a letter, e.g. new_logo"
            )
        elif s.name in seen:
            p.append(f"spifs[{i}].name = {s.name!r} is used twice; give each SPIF its own name")
        else:
            seen.add(s.name)
        if not isinstance(s.kpi, str) or not s.kpi.strip():
            p.append(
                f"spifs[{i}].kpi = {s.kpi!r}: expected the name of the input column that "
                "counts qualifying events, e.g. new_customers"
            )
        _number(p, f"spifs[{i}].amount", s.amount, 0, fix="the bonus paid per event")


def _cumulative(tiers: Sequence[Tier], attainment: float) -> float:
    """Commission multiple of the tiers alone at ``attainment`` (no decelerator, no cap)."""
    total = 0.0
    for i, t in enumerate(tiers):
        end = tiers[i + 1].from_attainment if i + 1 < len(tiers) else math.inf
        if attainment > t.from_attainment:
            total += (min(attainment, end) - t.from_attainment) * t.rate
    return total
