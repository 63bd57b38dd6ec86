"""Payout statements: line items that add up, escaped self-contained HTML, safe CSV."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from fieldsales.incentives import (
    Clawback,
    Decelerator,
    Spif,
    calculate_payouts,
    payout_statement_html,
    statement_lines,
    write_payout_statement_csv,
)

from .conftest import inputs, tiered_plan

FULL = tiered_plan(
    cap=2.0,
    decelerator=Decelerator(0.6, 0.5),
    spifs=(Spif("new_logo", "new_customers", 500.0),),
    clawback=Clawback(0.5, 90),
)


def payouts(attainments, **columns):
    n = len(attainments)
    columns.setdefault("new_customers", [1] * n)
    columns.setdefault("clawback_commission", [0.0] * n)
    return calculate_payouts(FULL, inputs(attainments, **columns))


@pytest.mark.parametrize("attainment", [0.0, 0.4, 0.6, 1.0, 1.5, 2.0])
def test_lines_add_up_to_total(attainment):
    row = payouts([attainment], clawback_commission=[1_000.0]).iloc[0]
    lines = statement_lines(row, FULL)
    assert lines.iloc[-1]["item"] == "Total pay"
    assert lines["amount"].iloc[:-1].sum() == pytest.approx(row["total_pay"])


def test_lines_by_hand():
    row = payouts([2.0], clawback_commission=[1_000.0]).iloc[0]
    lines = statement_lines(row, FULL).set_index("item")["amount"]
    # base 15,000; tiers 2,500 + 7,500 + 10,000 + 6,250 = 26,250; cap 2.0 → −6,250;
    # SPIF 1 × 500; clawback 0.5 × 1,000 = −500; total 15,000 + 20,000 + 500 − 500
    assert lines["Base pay"] == 15_000.0
    assert lines["Commission 0.0% to 50.0%"] == 2_500.0
    assert lines["Commission 50.0% to 100.0%"] == 7_500.0
    assert lines["Commission 100.0% to 150.0%"] == 10_000.0
    assert lines["Commission 150.0% to 200.0%"] == 6_250.0
    assert lines["Cap"] == -6_250.0
    assert lines["SPIF new_logo"] == 500.0
    assert lines["Clawback"] == -500.0
    assert lines["Total pay"] == 35_000.0


def test_decelerator_line():
    row = payouts([0.4]).iloc[0]
    lines = statement_lines(row, FULL).set_index("item")
    # tiers 0.4 × 0.5 × 10,000 = 2,000; × 0.5 → −1,000
    assert lines.loc["Decelerator", "amount"] == -1_000.0
    assert "below 60.0%: commission × 0.5" in lines.loc["Decelerator", "detail"]


def test_no_quota_statement():
    frame = inputs([1.0], new_customers=[0], clawback_commission=[0.0])
    frame["quota"] = 0.0
    row = calculate_payouts(FULL, frame).iloc[0]
    lines = statement_lines(row, FULL).set_index("item")
    assert lines.loc["Commission", "detail"] == "not computed: no quota"
    assert np.isnan(lines.loc["Commission", "amount"])
    html = payout_statement_html(row, FULL)
    assert "no quota for the period" in html and "—" in html


def test_html_escapes_crm_text_and_is_self_contained():
    evil = '<script>alert("x")</script>'
    row = payouts([1.0], rep_name=[evil]).iloc[0].copy()
    row["rep_id"] = "R1&<b>"
    html = payout_statement_html(row, FULL)
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "R1&amp;&lt;b&gt;" in html
    assert not re.search(r"https?://|src=|<link|@import|url\(", html)


def test_html_escapes_plan_text():
    plan = tiered_plan(name="Q3 <plan> & co")
    row = calculate_payouts(plan, inputs([1.0])).iloc[0]
    html = payout_statement_html(row, plan)
    assert "Q3 &lt;plan&gt; &amp; co" in html and "<plan>" not in html


def test_html_shows_only_this_reps_figures():
    frame = payouts([1.0, 1.5], rep_name=["Ann Alpha", "Bob Beta"])
    html = payout_statement_html(frame.iloc[0], FULL)
    assert "Ann Alpha" in html and "Bob Beta" not in html and "R2" not in html


def test_csv_statement_escapes_formulas(tmp_path):
    row = payouts([1.0], rep_name=['=HYPERLINK("http://x")']).iloc[0]
    path = write_payout_statement_csv(row, FULL, tmp_path / "r1.csv")
    text = path.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert list(back.columns) == [
        "rep_id", "rep_name", "period", "plan", "currency", "item", "detail", "amount",
    ]  # fmt: skip
    assert back["amount"].iloc[-1] == row["total_pay"]
    assert set(back["rep_id"]) == {"R1"}
