"""Plans: derived figures, validation errors (every one named), lossless to_dict/from_dict."""

from __future__ import annotations

import dataclasses
import json

import pytest

from fieldsales.exceptions import ConfigError, FieldsalesError
from fieldsales.incentives import (
    Clawback,
    CommissionPlan,
    Decelerator,
    PlanError,
    Spif,
    Tier,
    example_plan,
    plan_checks,
)

from .conftest import tiered_plan


def test_pay_mix_per_period():
    plan = tiered_plan()
    # 100,000 × 0.6 / 4 and 100,000 × 0.4 / 4
    assert plan.base_per_period == 15_000.0
    assert plan.target_variable_per_period == 10_000.0
    monthly = tiered_plan(pay_period="month")
    # 100,000 × 0.4 / 12
    assert monthly.target_variable_per_period == pytest.approx(3_333.333333)
    assert tiered_plan(pay_period="year").base_per_period == 60_000.0


def test_tier_ends():
    assert tiered_plan().tier_ends() == [0.5, 1.0, 1.5, None]


def test_tuples_and_ints_are_normalised():
    a = CommissionPlan("P", 100_000, 0, [(0, 1), (1, 2)])
    b = CommissionPlan("P", 100_000.0, 0.0, (Tier(0.0, 1.0), Tier(1.0, 2.0)))
    assert a == b
    assert isinstance(a.tiers, tuple) and isinstance(a.tiers[0], Tier)
    assert isinstance(a.to_dict()["on_target_earnings"], float)


def test_replace_revalidates():
    plan = tiered_plan()
    assert dataclasses.replace(plan, cap=3.0).cap == 3.0
    with pytest.raises(PlanError, match=r"cap = -1"):
        dataclasses.replace(plan, cap=-1)


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"variable_share": 1.5}, r"variable_share = 1\.5: expected a number from 0 to 1"),
        ({"variable_share": -0.1}, r"variable_share = -0\.1"),
        ({"on_target_earnings": 0}, r"on_target_earnings = 0: expected a number above 0"),
        ({"on_target_earnings": float("nan")}, r"on_target_earnings = nan"),
        ({"name": "  "}, r"name = '  ': expected a non-empty text"),
        ({"currency": "eur"}, r"currency = 'eur': expected an ISO 4217 code"),
        ({"pay_period": "week"}, r"pay_period = 'week': expected one of month, quarter, year"),
        ({"tiers": ()}, r"tiers = \(\): expected at least one tier"),
        ({"tiers": (Tier(0.2, 1.0),)}, r"tiers\[0\]\.from_attainment = 0\.2: .*must start at 0"),
        (
            {"tiers": (Tier(0.0, 1.0), Tier(1.0, 1.5), Tier(1.0, 2.0))},
            r"tiers\[2\]\.from_attainment = 1\.0 is the same as tiers\[1\]'s: overlapping",
        ),
        (
            {"tiers": (Tier(0.0, 1.0), Tier(1.5, 2.0), Tier(1.0, 1.5))},
            r"tiers\[2\]\.from_attainment = 1\.0 is below .* increasing order",
        ),
        ({"tiers": (Tier(0.0, -1.0),)}, r"tiers\[0\]\.rate = -1\.0: expected a number of at least"),
        ({"tiers": ("x",)}, r"tiers\[0\] = 'x': expected a Tier"),
        ({"cap": -1}, r"cap = -1: expected a number above 0; .*use None for no cap"),
        # the tiers pay 1.0 × target variable at 100% attainment; a cap of 0.8 would stop it
        ({"cap": 0.8}, r"cap = 0\.8 is below the commission paid at 100% attainment \(1 ×"),
        ({"decelerator": Decelerator(1.2, 0.5)}, r"decelerator\.threshold = 1\.2"),
        ({"decelerator": Decelerator(0.5, 2.0)}, r"decelerator\.factor = 2\.0"),
        ({"decelerator": 0.5}, r"decelerator = 0\.5: expected a Decelerator"),
        ({"spifs": (Spif("New Logo", "new_customers", 1.0),)}, r"spifs\[0\]\.name = 'New Logo'"),
        (
            {"spifs": (Spif("a", "x", 1.0), Spif("a", "y", 1.0))},
            r"spifs\[1\]\.name = 'a' is used twice",
        ),
        ({"spifs": (Spif("a", "", 1.0),)}, r"spifs\[0\]\.kpi = ''"),
        ({"spifs": (Spif("a", "x", -5),)}, r"spifs\[0\]\.amount = -5"),
        ({"clawback": Clawback(0.0, 90)}, r"clawback\.share = 0\.0: expected a number above 0"),
        ({"clawback": Clawback(1.0, 0)}, r"clawback\.window_days = 0: expected a whole number"),
        ({"clawback": Clawback(1.0, 30.5)}, r"clawback\.window_days = 30\.5"),
    ],
)
def test_invalid_plans_name_field_value_and_fix(changes, match):
    with pytest.raises(PlanError, match=match):
        tiered_plan(**changes)


def test_every_problem_is_listed_at_once():
    with pytest.raises(PlanError) as info:
        tiered_plan(variable_share=2, cap=-1, tiers=(Tier(0.0, 1.0), Tier(0.0, 2.0)))
    err = info.value
    assert len(err.problems) == 3
    assert "3 problem(s)" in str(err)
    assert err.plan_name == "Tiered"
    # catchable as the project's errors and as the builtin
    assert isinstance(err, ConfigError) and isinstance(err, FieldsalesError)
    assert isinstance(err, ValueError)


@pytest.mark.parametrize(
    "plan",
    [
        example_plan(),
        tiered_plan(),
        tiered_plan(variable_share=0.0, tiers=(Tier(0.0, 0.0),), pay_period="month"),
    ],
    ids=["example", "tiered", "no-variable"],
)
def test_to_dict_from_dict_round_trip_through_json(plan):
    data = json.loads(json.dumps(plan.to_dict()))
    again = CommissionPlan.from_dict(data)
    assert again == plan
    assert again.to_dict() == plan.to_dict()


def test_to_dict_is_json_safe_and_versioned():
    data = example_plan().to_dict()
    assert data["format"] == "fieldsales.commission_plan" and data["version"] == 1
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert data["tiers"][1] == {"from_attainment": 1.0, "rate": 1.5}
    assert data["clawback"] == {"share": 1.0, "window_days": 90}


def test_from_dict_reports_every_key_problem():
    data = example_plan().to_dict()
    data["version"] = 2
    data["colour"] = "red"
    del data["cap"]
    with pytest.raises(PlanError) as info:
        CommissionPlan.from_dict(data)
    text = str(info.value)
    assert "version = 2" in text and "'colour'" in text and "missing key(s) 'cap'" in text


def test_from_dict_checks_parts_and_values():
    data = example_plan().to_dict()
    data["tiers"][1] = {"from_attainment": 1.0, "rate": 1.5, "extra": 1}
    data["clawback"] = {"share": 1.0}
    with pytest.raises(PlanError, match=r"tiers\[1\]: unknown key\(s\) 'extra'") as info:
        CommissionPlan.from_dict(data)
    assert "clawback: missing key(s) 'window_days'" in str(info.value)
    data = example_plan().to_dict()
    data["variable_share"] = "0.4"
    with pytest.raises(PlanError, match=r"variable_share = '0\.4'"):
        CommissionPlan.from_dict(data)
    with pytest.raises(PlanError, match="expected a dict"):
        CommissionPlan.from_dict([1, 2])


def test_plan_checks_against_playbook_figures():
    assert plan_checks(tiered_plan()) == []
    remarks = plan_checks(
        tiered_plan(variable_share=0.7, tiers=(Tier(0.0, 0.8),), cap=1.0,
                    decelerator=Decelerator(0.5, 0.0))
    )  # fmt: skip
    text = "\n".join(remarks)
    assert "variable share 70% is outside the usual 30%-50%" in text
    assert "pays 0.8 × target variable pay" in text
    assert "no accelerator above 100%" in text
    assert "capped at 1" in text
    assert "no commission below 50%" in text
