"""The incentive design app driven from Python, and its parts worked out by hand.

The workspaces are ``small_ws`` and ``evil_ws`` of ``conftest.py`` (data from
2026-03 to 2026-10, the page "today" 2026-11-03), copied per test where the
test saves plans, so every test starts from an empty decisions store.
"""

from __future__ import annotations

import base64
import dataclasses
import re
import shutil
from datetime import date
from html import unescape

import numpy as np
import pandas as pd
import pytest
from apps_helpers import EVIL, TODAY

from fieldsales import open_workspace
from fieldsales.apps import VEGALITE_V5, App
from fieldsales.apps import _incentive_data as data_module
from fieldsales.apps import _incentive_design as design
from fieldsales.apps import _incentive_saved as saved_module
from fieldsales.apps._incentive_data import statement_path
from fieldsales.apps._incentive_design import DEFAULT_DRAWS, incentive_design
from fieldsales.apps._incentive_form import plain_problem
from fieldsales.apps._incentive_views import (
    comparison_html,
    complete_periods,
    curve_frame,
    payouts_html,
    quantile_histogram,
    short,
)
from fieldsales.exceptions import ConfigError
from fieldsales.incentives import (
    Decelerator,
    PlanError,
    Spif,
    calculate_payouts,
    compare_plans,
    example_plan,
    payout_inputs,
    payout_summary,
)
from fieldsales.state import open_store


def text(html: str) -> str:
    """What a manager reads: tags dropped, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def spec(out) -> dict:
    assert len(out.outputs) == 1
    return out.outputs[0]["data"][VEGALITE_V5]


def rows(chart: dict) -> list[dict]:
    """The inline data rows of a chart (layers share one dataset here)."""
    datasets = chart["datasets"]
    return [row for values in datasets.values() for row in values if "plan" in row]


def compared(app: App, basis: str = "actual") -> dict[str, tuple[str, str, str]]:
    """The comparison table of ``basis``: metric -> (plan A, plan B, B − A) as shown."""
    html = app.parts["comparison"].value
    block = html.split('<div class="fs-side">')[1 if basis == "actual" else 2]
    cells = re.findall(r"<tr><td>(.*?)</td><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td>"
                       r"<td[^>]*>(.*?)</td></tr>", block)  # fmt: skip
    return {m: (a, b, d) for m, a, b, d in cells}


@pytest.fixture
def ws(small_ws, tmp_path):
    """A copy of ``small_ws`` with an empty decisions store."""
    target = tmp_path / "ws"
    shutil.copytree(small_ws.path, target, ignore=shutil.ignore_patterns("state.sqlite*"))
    return open_workspace(target)


@pytest.fixture
def app(ws) -> App:
    return incentive_design(ws, TODAY)


# -- the page -----------------------------------------------------------------------------


def test_a_fresh_widget_tree_with_sensible_defaults(app, ws):
    assert set(app.controls) == {"draws", "seed", "user", "period", "pay_plan", "rep", "saved",
                                 "version", "load_a", "load_b", "copy_b"}  # fmt: skip
    assert {"curve", "distribution", "summary", "plan_a", "plan_b", "comparison", "payouts",
            "statement", "history", "status"} <= set(app.parts)  # fmt: skip
    assert all("fs-control" in c._dom_classes for c in app.controls.values())
    assert app.parts["status"].value == ""
    # data to 2026-10-31, today 2026-11-03: the latest complete quarter is 2026-Q3; 2026-Q1
    # holds only March (the data start), a partial quota, so it is not offered
    assert [v for _, v in app.controls["period"].options] == ["2026-Q3", "2026-Q2"]
    assert app.controls["period"].value == "2026-Q3"
    assert app.controls["draws"].value == DEFAULT_DRAWS == 2_000
    a, b = app.parts["plan_a"].read(), app.parts["plan_b"].read()
    assert a == example_plan()  # nothing saved yet: the example plan
    assert b == dataclasses.replace(a, name="Field 2026 – variant")  # B starts as a copy
    assert "the example plan, not saved yet" in app.parts["plan_a"].origin.value
    assert "2,000 simulated quarters" in app.parts["summary"].value
    assert "Plan A, “Field 2026” · 2026-Q3" in app.parts["payouts"].value
    assert "No plan is saved yet" in app.parts["history"].value
    assert incentive_design(ws, TODAY).parts["curve"] is not app.parts["curve"]


def test_the_curve_chart_draws_both_plans_from_0_to_200_percent(app):
    curve = spec(app.parts["curve"])
    assert curve["$schema"].endswith("/vega-lite/v5.json")
    data = pd.DataFrame(rows(curve))
    assert set(data["plan"]) == {"A: Field 2026", "B: Field 2026 – variant"}
    a = data[data["plan"] == "A: Field 2026"].set_index("attainment")["multiple"]
    # example plan: 1.0× to 100%, 1.5× to 150%, 2.0× above; × 0.5 below 50%; cap 2.5
    assert a[0.4] == pytest.approx(0.2)  # 0.4 × 1.0 × 0.5
    assert a[1.3] == pytest.approx(1.45)  # 1.0 + 0.3 × 1.5
    assert a[2.0] == pytest.approx(2.5)  # 1.0 + 0.75 + 0.5 × 2.0 = 2.75, capped
    assert spec(app.parts["distribution"])["mark"]["type"] == "area"


def test_editing_plan_b_redraws_the_curve_and_the_comparison(app):
    form = app.parts["plan_b"]
    assert compared(app)["total pay"][2] == "same"
    form.cap_on.value = False  # B pays 2.75 at 200% instead of 2.5
    data = pd.DataFrame(rows(spec(app.parts["curve"])))
    b = data[data["plan"] == "B: Field 2026 – variant"].set_index("attainment")["multiple"]
    assert b[2.0] == pytest.approx(2.75)
    assert compared(app)["reps capped"][1] == "0.0%"
    assert compared(app)["total pay"][2].startswith("+")  # no cap: B pays more
    assert compared(app, "simulated")["expected team pay"][2].startswith("+")
    assert "capped" not in form.advice.value  # the advice follows the plan
    assert app.parts["status"].value == ""


def test_an_invalid_plan_is_explained_inline_and_its_last_valid_version_kept(app):
    form = app.parts["plan_b"]
    before = app.parts["comparison"].value
    form.variable.value = 150.0
    form.cap.value = 0.5
    problems = text(form.problems.value)
    assert "Plan B has 2 problem(s)" in problems
    assert "Variable pay (150%): expected a percentage from 0 to 100; the variable part of " \
           "on-target earnings, e.g. 40 for a 60/40 mix" in problems  # fmt: skip
    assert "Cap (0.5×) is below the commission paid at 100% attainment" in problems
    assert "variable_share" not in problems and "Traceback" not in problems
    assert app.parts["comparison"].value == before  # figures of the last valid plan B
    assert app.parts["status"].value == ""
    form.variable.value, form.cap.value = 40.0, 2.5
    assert form.problems.value == ""


def test_tiers_are_added_and_removed(app):
    form = app.parts["plan_b"]
    form.add_tier.click()  # from 150 + 50 = 200%, at the last rate 2.0
    assert [(s.value, r.value) for s, r, _ in form.tier_rows][-1] == (200.0, 2.0)
    form.tier_rows[-1][0].value = 150.0
    assert "Tier 4 start (150%) is the same as tier 3's: overlapping tiers" in text(
        form.problems.value
    )
    form.tier_rows[-1][2].click()  # remove it
    assert len(form.tier_rows) == 3 and form.problems.value == ""
    assert form.tier_rows[0][2].disabled  # the first tier, from 0, stays


def test_spifs_are_added_and_paid(app):
    form = app.parts["plan_b"]
    form.add_spif.click()
    name, kpi, amount, _ = form.spif_rows[-1]
    assert name.value == "bonus_1" and kpi.value == "new_customers"
    kpi.value, amount.value = "deals_won", 100.0
    assert form.read().spifs[-1].kpi == "deals_won"
    assert compared(app)["SPIFs"][2].startswith("+")
    name.value = "Big deal"
    assert "SPIF 2 name (“Big deal”): expected a short identifier" in text(form.problems.value)


def test_a_period_is_cut_from_inputs_computed_once(ws, monkeypatch):
    loads = []
    real = data_module.load_inputs

    def counting(*args):
        loads.append(args[1])
        return real(*args)

    monkeypatch.setattr(design, "load_inputs", counting)
    monkeypatch.setattr(data_module, "load_inputs", counting)  # warm_up's
    app = incentive_design(ws, TODAY)
    app.controls["period"].value = "2026-Q2"
    assert "2026-Q2" in app.parts["payouts"].value
    assert "Paid on actual data, 2026-Q2" in app.parts["comparison"].value
    app.parts["plan_b"].ote.value = 90_000.0
    app.controls["period"].value = "2026-Q3"
    assert loads == ["quarter"]


def test_a_preheated_kernel_computes_first_and_reads_the_store_when_asked(ws, monkeypatch):
    events = []
    real_inputs, real_store = data_module.load_inputs, saved_module.open_store

    def inputs(*args):
        events.append("inputs")
        return real_inputs(*args)

    def store(*args):
        events.append("store")
        return real_store(*args)

    monkeypatch.setattr(design, "wait_for_viewer", lambda: events.append("page asked for"))
    monkeypatch.setattr(data_module, "load_inputs", inputs)
    monkeypatch.setattr(saved_module, "open_store", store)
    app = incentive_design(ws, TODAY, user="li.wei")
    assert events[:2] == ["inputs", "page asked for"] and "store" in events[2:]
    assert events.count("inputs") == 1  # the quarterly inputs of the warm-up are used
    assert app.controls["user"].value == "li.wei"


def test_a_plan_edit_simulates_only_that_plan(app, monkeypatch):
    calls = []
    real = design.simulate

    def counting(plan, *args, **kwargs):
        calls.append(plan.on_target_earnings)
        return real(plan, *args, **kwargs)

    monkeypatch.setattr(design, "simulate", counting)
    app.parts["plan_b"].name.value = "Plan B"  # the same terms: nothing to simulate
    app.parts["plan_b"].description.value = "richer"
    assert calls == []
    app.parts["plan_b"].ote.value = 90_000.0
    assert calls == [90_000.0]
    app.controls["seed"].value = 1
    assert calls[1:] == [80_000.0, 90_000.0]
    app.controls["seed"].value = 0  # simulated before: kept
    app.controls["draws"].value = 1_000
    assert calls[3:] == [80_000.0, 90_000.0]
    assert "1,000 simulated quarters" in app.parts["summary"].value
    assert "Simulated, 1,000 quarters" in app.parts["comparison"].value


def test_the_payout_table_totals_what_the_engine_pays(app, ws):
    inputs = payout_inputs(ws, "2026-Q3")
    summary = payout_summary(calculate_payouts(example_plan(), inputs)).set_index("metric")
    shown = text(app.parts["payouts"].value)
    total = summary.loc["total_pay", "value"]
    assert f"Total of {int(summary.loc['rows_paid', 'value'])} reps with a quota" in shown
    assert f"{total:,.0f}" in shown
    # the tiles: the same total, short (e.g. 327 k), and the cost of sales to one decimal
    assert short(total, "money") in shown
    assert f"{summary.loc['cost_of_sales', 'value']:.1%}" in shown


def test_plans_of_different_pay_periods_are_not_compared(app):
    app.parts["plan_b"].period.value = "month"
    assert "cannot be compared: plan A pays per quarter and plan B per month" in text(
        app.parts["comparison"].value
    )
    assert "Only plan A is simulated" in app.parts["summary"].value
    assert len({r["plan"] for r in rows(spec(app.parts["distribution"]))}) == 1
    app.controls["pay_plan"].value = "B"  # plan B is paid per month: months are offered
    months = [v for _, v in app.controls["period"].options]
    assert months[0] == "2026-10" and months[-1] == "2026-03"
    assert "Plan B, “Field 2026 – variant” · 2026-10" in app.parts["payouts"].value
    app.parts["plan_b"].period.value = "year"  # no complete year with quotas
    assert "no complete year from 2023 to 2025 has reps with a revenue quota" in (
        app.parts["status"].value
    )
    app.parts["plan_b"].period.value = "quarter"
    assert app.parts["status"].value == ""  # the next change clears the message


def test_a_reps_statement_is_shown_escaped_and_written_as_csv(app, ws):
    rep = app.controls["rep"]
    assert rep.value == "" and "Choose a rep" in app.parts["statement"].value
    app.controls["period"].value = "2026-Q2"
    in_q2 = {value for _, value in rep.options}
    app.controls["period"].value = "2026-Q3"
    rep_id = next(value for _, value in rep.options[1:] if value in in_q2)
    rep.value = rep_id
    html = app.parts["statement"].value
    path = statement_path(ws, example_plan(), "2026-Q3", rep_id)
    assert path == ws.path / "exports" / f"payout-statement-Field-2026-2026-Q3-{rep_id}.csv"
    assert path.is_file()
    link = re.search(r'href="data:text/csv;base64,([^"]+)"', html)
    assert base64.b64decode(link[1]) == path.read_bytes()
    assert "Total pay" in path.read_text(encoding="utf-8-sig")
    srcdoc = re.search(r'<iframe class="fs-statement" sandbox="" [^>]*srcdoc="([^"]*)"', html)
    assert srcdoc and "&lt;h1&gt;Payout statement&lt;/h1&gt;" in srcdoc[1]
    app.controls["period"].value = "2026-Q2"  # the same rep, another period
    assert rep.value == rep_id and "2026-Q2" in app.parts["statement"].value


def test_a_plan_is_saved_versioned_and_loaded_back(app, ws):
    form = app.parts["plan_a"]
    app.controls["user"].value = ""
    form.save.click()
    assert "Type your name" in form.message.value
    app.controls["user"].value = "li.wei"
    form.description.value = "first draft"
    form.note.value = "for the Q4 review"
    form.save.click()
    assert "Saved “Field 2026” as version 1, by li.wei" in form.message.value
    assert form.note.value == "" and "saved plan, version 1" in form.origin.value
    form.ote.value = 84_000.0
    form.save.click()
    assert "as version 2" in form.message.value
    history = text(app.parts["history"].value)
    assert "Versions of “Field 2026”" in history and "for the Q4 review" in history
    assert [v for _, v in app.controls["version"].options] == [2, 1]
    with open_store(ws) as store:
        assert store.latest("plan", "Field 2026").body["on_target_earnings"] == 84_000.0
        assert store.latest("plan", "Field 2026").saved_by == "li.wei"
    app.controls["version"].value = 1
    app.controls["load_b"].click()  # version 1 into plan B
    assert app.parts["plan_b"].read().on_target_earnings == 80_000.0
    assert app.parts["plan_b"].read().description == "first draft"
    # a new page (a reload) opens the most recently saved plan as plan A
    again = incentive_design(ws, TODAY)
    assert again.parts["plan_a"].read().on_target_earnings == 84_000.0
    assert "saved plan, version 2" in again.parts["plan_a"].origin.value
    assert again.controls["saved"].value == "Field 2026"


def test_saving_over_a_newer_version_is_refused(ws):
    first, second = incentive_design(ws, TODAY), incentive_design(ws, TODAY)
    for page in (first, second):
        page.controls["user"].value = "li.wei" if page is first else "ana.ruiz"
    first.parts["plan_a"].save.click()  # version 1 of "Field 2026"
    second.parts["plan_a"].save.click()  # an unsaved plan of the same name
    message = text(second.parts["plan_a"].message.value)
    assert "A plan named “Field 2026” is already saved (version 1, by li.wei" in message
    assert "Nothing was saved" in message
    first.parts["plan_a"].save.click()
    assert "as version 2" in first.parts["plan_a"].message.value
    second.controls["load_a"].click()  # the latest, version 2: now saving is fine
    second.parts["plan_a"].save.click()
    assert "as version 3, by ana.ruiz" in second.parts["plan_a"].message.value
    invalid = second.parts["plan_b"]
    invalid.variable.value = 150.0
    invalid.save.click()
    assert "Fix the problems of plan B before saving it" in invalid.message.value


def test_parameters_name_saved_plans_and_periods(ws):
    app = incentive_design(ws, TODAY)
    app.controls["user"].value = "li.wei"
    app.parts["plan_b"].save.click()  # "Field 2026 – variant"
    chosen = incentive_design(ws, TODAY, plan="Field 2026 – variant", period="2026-Q2")
    assert chosen.parts["plan_a"].read().name == "Field 2026 – variant"
    assert chosen.controls["period"].value == "2026-Q2"
    with pytest.raises(ConfigError, match=r"no saved plan 'Nope'; saved plans: Field 2026 – v"):
        incentive_design(ws, TODAY, plan="Nope")
    with pytest.raises(ConfigError, match=r"period '2025-Q1' is not one of the quarters offered"):
        incentive_design(ws, TODAY, period="2025-Q1")


def test_saved_plans_the_app_cannot_use_fully_are_still_shown(ws):
    plan = dataclasses.replace(example_plan(), name="Referrals",
                               spifs=(Spif("referral", "referrals", 300.0),))  # fmt: skip
    broken = {**example_plan().to_dict(), "name": "Broken", "variable_share": 1.5}
    with open_store(ws) as store:
        store.save_document("plan", "Referrals", plan.to_dict(), "li.wei")
        store.save_document("plan", "Broken", broken, "li.wei")  # saved last
    app = incentive_design(ws, TODAY)
    note = text(app.parts["status"].value)
    assert "The saved plan “Broken” could not be read (variable_share = 1.5" in note
    assert app.parts["plan_a"].read() == example_plan()
    # a SPIF on a count the workspace does not have pays nothing, and says so
    loaded = incentive_design(ws, TODAY, plan="Referrals")
    assert loaded.parts["plan_a"].read() == plan
    assert "SPIF referral: referrals count missing, not paid" in loaded.parts["payouts"].value
    assert "SPIF referral not simulated" in loaded.parts["summary"].value
    assert loaded.parts["status"].value == ""


def test_crm_and_plan_strings_are_escaped(evil_ws, tmp_path):
    target = tmp_path / "evil"
    shutil.copytree(evil_ws.path, target, ignore=shutil.ignore_patterns("state.sqlite*"))
    app = incentive_design(open_workspace(target), TODAY)
    app.controls["rep"].value = app.controls["rep"].options[1][1]
    app.controls["user"].value = EVIL
    app.parts["plan_b"].name.value = EVIL + "plan"
    app.parts["plan_b"].save.click()
    for part in ("payouts", "statement", "comparison", "history", "summary"):
        html = app.parts[part].value
        assert "<img" not in html and 'onerror="' not in html, part
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;" in app.parts["payouts"].value
    assert "&amp;lt;img" in app.parts["statement"].value  # escaped twice inside srcdoc
    assert "&lt;img" in app.parts["plan_b"].message.value
    assert EVIL in app.controls["rep"].options[1][0]  # option labels are text, not HTML


def test_a_failing_update_shows_a_message_not_a_traceback(app, monkeypatch, capfd):
    def bug(*args, **kwargs):
        raise KeyError("secret_column")

    monkeypatch.setattr(design, "calculate_payouts", bug)
    app.controls["period"].value = "2026-Q2"
    status = app.parts["status"].value
    assert "could not be updated (KeyError)" in status and "secret_column" not in status
    assert "secret_column" in capfd.readouterr().err


def test_a_workspace_without_quotas_says_so(tmp_path):
    from fieldsales.sample import generate, write_workspace

    data = generate(reps=6, months=6, seed=3, end="2026-10", truth_sims=1)
    del data.tables["quotas"]
    app = incentive_design(write_workspace(data, tmp_path / "ws"), TODAY)
    assert "quotas" in app.parts["status"].value
    assert spec(app.parts["curve"])  # the plans' curves need no data
    assert "Nothing to simulate" in app.parts["distribution"].outputs[0]["data"]["text/html"]


# -- the parts, by hand -------------------------------------------------------------------


def test_complete_periods():
    end = pd.Timestamp("2026-10-31 23:32")
    # Q4 ends on 31 December, after the data: Q3 is the latest complete quarter
    assert complete_periods(end, date(2026, 11, 3), "quarter", 3) == [
        "2026-Q1", "2026-Q2", "2026-Q3"]  # fmt: skip
    # October ends on the data's last day and before today: complete
    assert complete_periods(end, date(2026, 11, 3), "month", 2) == ["2026-09", "2026-10"]
    # ... but not on 31 October itself, which is not over yet
    assert complete_periods(end, date(2026, 10, 31), "month", 1) == ["2026-09"]
    assert complete_periods(end, date(2026, 11, 3), "year", 2) == ["2024", "2025"]


def test_curve_frame_holds_tier_starts_and_the_jump_at_the_threshold():
    frame = curve_frame({"A": example_plan()})
    # 201 points from 0 to 2 by 0.01, plus one just below the decelerator's 0.5
    assert len(frame) == 202
    a = frame.set_index("attainment")["multiple"]
    assert a[0.5 - 1e-9] == pytest.approx(0.25)  # (0.5 × 1.0) × 0.5 below the threshold
    assert a[0.5] == 0.5  # at the threshold: not decelerated
    assert a[1.5] == pytest.approx(1.75)  # 1.0 + 0.5 × 1.5


def test_quantile_histogram_by_hand():
    uniform = np.linspace(0, 100, 101)
    assert quantile_histogram(uniform, np.array([0, 50, 100])) == pytest.approx([0.5, 0.5])
    # 30% of reps paid exactly 0 (30 gaps of width 0 at 0), the rest spread evenly on 0-70:
    # bin 0-35 holds 30% + 35%, bin 35-70 holds 35%
    mass = np.concatenate([np.zeros(30), np.linspace(0, 70, 71)])
    assert quantile_histogram(mass, np.array([0, 35, 70])) == pytest.approx([0.65, 0.35])
    # beyond the last edge counts in the last bin: 0-50 25%, 50-100 25% + 100-200 50%
    wide = np.linspace(0, 200, 101)
    assert quantile_histogram(wide, np.array([0, 50, 100])) == pytest.approx([0.25, 0.75])


def test_payouts_html_totals_by_hand():
    # docs/incentives.md's worked example: Ana 24,200, Ben 13,600, Dora without a quota
    inputs = pd.DataFrame({
        "rep_id": ["R1", "R2", "R3"], "rep_name": ["Ana", "Ben", "Dora"], "period": "2026-Q3",
        "revenue_won": [130_000.0, 40_000.0, 60_000.0], "quota": [100_000.0, 100_000.0, 0.0],
        "new_customers": [2, 0, 1], "clawback_commission": [400.0, 0.0, 0.0],
    })  # fmt: skip
    paid = calculate_payouts(example_plan(), inputs)
    shown = text(payouts_html(paid, payout_summary(paid)))
    # base 12,000 + 12,000; commission 11,600 + 1,600; SPIFs 1,000 (Dora's 500 not summed);
    # clawback 400; total 24,200 + 13,600 = 37,800
    assert "Total of 2 reps with a quota 24,000 13,200 1,000 400 37,800" in shown
    assert shown.index("Ana") < shown.index("Ben") < shown.index("Dora")
    assert "Dora no quota 12,000" in shown


def test_comparison_differences_read_as_points_and_amounts():
    plan = example_plan()
    richer = dataclasses.replace(plan, name="Richer", variable_share=0.5)
    inputs = pd.DataFrame({"rep_id": ["R1"], "period": "2026-Q3", "revenue_won": [100_000.0],
                           "quota": [100_000.0], "new_customers": [0]})  # fmt: skip
    frame = compare_plans(plan, richer, inputs=inputs)
    html = comparison_html(frame, ("Field 2026", "Richer"), {"actual": "Paid"})
    cells = dict(re.findall(r"<tr><td>(.*?)</td>(?:<td[^>]*>.*?</td>){2}<td[^>]*>(.*?)</td>", html))
    # A: 12,000 + 8,000 = 20,000; B: 80,000 × 0.5 ÷ 4 = 10,000 base + 10,000 = 20,000
    assert cells["base pay"] == "-2,000" and cells["commission"] == "+2,000"
    assert cells["total pay"] == "same"
    assert cells["reps at or above target"] == "same"
    # cost of sales: 20,000 ÷ 100,000 = 20.0% in both


def test_short_figures():
    assert short(0.16625, "ratio") == "16.6%"
    assert short(1_418_426, "money") == "1.42 M"
    assert short(10_614, "money") == "11 k"
    assert short(950, "money") == "950"


def test_plain_problems_name_the_fields_of_the_form():
    with pytest.raises(PlanError) as caught:
        dataclasses.replace(example_plan(), decelerator=Decelerator(1.5, 2.0))
    said = [plain_problem(p) for p in caught.value.problems]
    assert said == [
        "Decelerator threshold (150%): expected a percentage above 0, at most 100; the "
        "attainment below which commission is reduced, e.g. 50",
        "Decelerator pay (200%): expected a percentage from 0 to 100; 0 pays no commission "
        "below the threshold, 50 pays half",
    ]
    assert plain_problem("name = '': expected a non-empty text; give the plan a name") == (
        "Plan name: expected a non-empty text; give the plan a name"
    )
    assert plain_problem("clawback.window_days = 0: expected a whole number of days") == (
        "Clawback window (0 days): expected a whole number of days"
    )
    assert plain_problem("something else") == "something else"


def test_statement_paths_are_safe_file_names(ws):
    plan = dataclasses.replace(example_plan(), name="Plan ../../etc")
    path = statement_path(ws, plan, "2026-Q3", "../R1")
    assert path.parent == ws.path / "exports"
    assert path.name == "payout-statement-Plan-etc-2026-Q3-R1.csv"
