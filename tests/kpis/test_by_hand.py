"""Every KPI on the hand-built workspace of conftest.py, expected values worked out by hand.

Calendar: 2026-01-31 is a Saturday's eve (a Saturday itself is 2026-02-07);
January has 31 days, February 28. A quarter is 365.25 / 4 = 91.3125 days.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from fieldsales.kpis import REGISTRY, compute, public_ids

NAN = math.nan

# (kpi, rep, period) -> expected value, with the arithmetic
EXPECTED = {
    # --- January, R1 (hired 2026-01-01) -------------------------------------------------
    ("revenue_won", "R1", "2026-01"): 1000.0,  # D1 won 01-20
    ("deals_won", "R1", "2026-01"): 1.0,
    ("deals_lost", "R1", "2026-01"): 0.0,  # D3 closes in February
    ("deals_created", "R1", "2026-01"): 3.0,  # D1, D2, D3
    ("win_rate", "R1", "2026-01"): 1.0,  # 1 won / 1 closed
    ("avg_deal_size", "R1", "2026-01"): 1000.0,  # 1000 / 1
    ("sales_cycle_days", "R1", "2026-01"): 15.0,  # D1: 01-05 -> 01-20
    ("revenue_target", "R1", "2026-01"): 2000.0,
    ("visits_target", "R1", "2026-01"): NAN,  # no visit quota: missing, not 0
    ("quota_attainment", "R1", "2026-01"): 0.5,  # 1000 / 2000
    ("pipeline_open_value", "R1", "2026-01"): 3500.0,  # open at 02-01: D2 3000 + D3 500
    ("pipeline_coverage", "R1", "2026-01"): 3500 * 31 / (2000 * 91.3125),  # 0.5941
    ("new_customers", "R1", "2026-01"): 1.0,  # A1's first won deal, D1
    ("revenue_growth", "R1", "2026-01"): NAN,  # R1 not there in December
    ("activities_total", "R1", "2026-01"): 2.0,  # X1, X2 (23:30 on the 31st is January)
    ("customer_visits", "R1", "2026-01"): 1.0,  # X1
    ("activities_call", "R1", "2026-01"): 1.0,  # X2
    ("activities_email", "R1", "2026-01"): 0.0,
    ("activities_meeting", "R1", "2026-01"): 0.0,
    ("accounts_touched", "R1", "2026-01"): 1.0,  # A1 twice
    ("after_hours_share", "R1", "2026-01"): 0.5,  # X2 at 23:30 of 2
    (
        "accounts_overdue_contact",
        "R1",
        "2026-01",
    ): 1.0,  # A2 (tier C) never contacted since 2025-06-01: 245 d > 90
    (
        "crm_completeness",
        "R1",
        "2026-01",
    ): 0.9,  # deals D1-D3: 3 accounts + 2 products of 6; X1, X2: 4 of 4 -> 9/10
    ("rep_fte", "R1", "2026-01"): 1.0,
    ("one_on_ones_held", "R1", "2026-01"): 1.0,
    ("days_since_one_on_one", "R1", "2026-01"): 16.0,  # 01-31 - 01-15
    ("training_hours", "R1", "2026-01"): 2.0,
    ("trainings_completed", "R1", "2026-01"): 1.0,
    ("compliance_overdue", "R1", "2026-01"): 0.0,  # contract done 01-10; certification due 02-10
    ("pulse_engagement", "R1", "2026-01"): 4.0,
    ("pulse_stress", "R1", "2026-01"): 2.0,
    ("csat_responses", "R1", "2026-01"): 1.0,
    ("csat", "R1", "2026-01"): 1.0,  # 5 is satisfied
    ("nps", "R1", "2026-01"): 100.0,  # one promoter (10) of one
    ("complaints_opened", "R1", "2026-01"): 1.0,  # C1
    ("first_response_hours", "R1", "2026-01"): 10.0,  # 09:00 -> 19:00
    ("resolution_hours", "R1", "2026-01"): 48.0,  # 01-10 09:00 -> 01-12 09:00
    ("sla_breaches", "R1", "2026-01"): 1.0,  # high: 8 h allowed, took 10 h
    # --- January, R2 (hired 2025-06-01, leaves 2026-02-14) -----------------------------
    ("revenue_won", "R2", "2026-01"): 0.0,
    ("deals_lost", "R2", "2026-01"): 1.0,  # D6 01-31
    ("win_rate", "R2", "2026-01"): 0.0,  # 0 won / 1 closed
    ("avg_deal_size", "R2", "2026-01"): NAN,  # no deal won: undefined, not 0
    ("sales_cycle_days", "R2", "2026-01"): 28.0,  # D6: 01-03 -> 01-31
    ("quota_attainment", "R2", "2026-01"): 0.0,  # 0 / 1000
    ("pipeline_open_value", "R2", "2026-01"): 0.0,  # D6 closed before 02-01
    ("pipeline_coverage", "R2", "2026-01"): 0.0,
    ("after_hours_share", "R2", "2026-01"): NAN,  # no activity
    ("crm_completeness", "R2", "2026-01"): 1.0,  # D6: account and product
    ("days_since_one_on_one", "R2", "2026-01"): 244.0,  # never: 2026-01-31 - 2025-06-01
    ("rep_fte", "R2", "2026-01"): 1.0,
    # --- February, R1 ----------------------------------------------------------------------
    ("revenue_won", "R1", "2026-02"): 3000.0,  # D2
    ("deals_won", "R1", "2026-02"): 1.0,
    ("deals_lost", "R1", "2026-02"): 1.0,  # D3
    ("win_rate", "R1", "2026-02"): 0.5,
    ("sales_cycle_days", "R1", "2026-02"): 26.0,  # median(D2 31 d, D3 21 d)
    ("quota_attainment", "R1", "2026-02"): 0.75,  # 3000 / 4000
    ("pipeline_open_value", "R1", "2026-02"): 2000.0,  # D4 open
    ("pipeline_coverage", "R1", "2026-02"): 2000 * 28 / (4000 * 91.3125),  # 0.1533
    ("revenue_growth", "R1", "2026-02"): 2.0,  # 3000 / 1000 - 1
    ("new_customers", "R1", "2026-02"): 0.0,
    ("activities_total", "R1", "2026-02"): 1.0,  # X3
    ("activities_email", "R1", "2026-02"): 1.0,
    ("after_hours_share", "R1", "2026-02"): 1.0,  # X3 on Saturday 02-07
    ("accounts_overdue_contact", "R1", "2026-02"): 0.0,  # A1 29 day boundaries <= 30, A2 22 d
    ("crm_completeness", "R1", "2026-02"): 0.5,  # D4: account, no product; X3: account, no duration
    ("days_since_one_on_one", "R1", "2026-02"): 16.0,  # 02-28 - 02-12
    ("compliance_overdue", "R1", "2026-02"): 1.0,  # certification due 02-10, not done
    ("pulse_engagement", "R1", "2026-02"): 3.5,  # mean(4, 3) over Dec-Feb
    ("pulse_stress", "R1", "2026-02"): 3.0,  # mean(2, 4)
    ("csat", "R1", "2026-02"): 0.0,  # a 3
    ("nps", "R1", "2026-02"): -100.0,  # one detractor (6)
    ("complaints_opened", "R1", "2026-02"): 0.0,
    ("first_response_hours", "R1", "2026-02"): NAN,
    # --- February, R2 (leaves on the 14th, quota 0) -------------------------------------
    ("rep_fte", "R2", "2026-02"): 0.5,  # 14 of 28 days
    ("quota_attainment", "R2", "2026-02"): NAN,  # zero quota: undefined
    ("pipeline_coverage", "R2", "2026-02"): NAN,
    ("activities_call", "R2", "2026-02"): 1.0,  # X4, Monday 14:00
    ("after_hours_share", "R2", "2026-02"): 0.0,
    ("accounts_touched", "R2", "2026-02"): 0.0,  # X4 has no account
    ("crm_completeness", "R2", "2026-02"): 0.5,  # X4: duration, no account
    ("days_since_one_on_one", "R2", "2026-02"): 258.0,  # 2026-02-14 - 2025-06-01
    ("revenue_growth", "R2", "2026-02"): NAN,  # 0 before: undefined
    # --- February, R3 (hired on the 16th) -----------------------------------------------
    ("rep_fte", "R3", "2026-02"): 13 / 28,  # 16th..28th
    ("revenue_won", "R3", "2026-02"): 4000.0,  # D5
    ("quota_attainment", "R3", "2026-02"): 2.0,  # 4000 / 2000
    ("sales_cycle_days", "R3", "2026-02"): 7.0,  # D5: 02-20 -> 02-27
    ("new_customers", "R3", "2026-02"): 1.0,  # A3: D6 was lost, D5 is its first win
    ("customer_visits", "R3", "2026-02"): 0.0,
    ("activities_demo", "R3", "2026-02"): 1.0,
    ("accounts_overdue_contact", "R3", "2026-02"): 0.0,  # A3 contacted 02-20
    ("one_on_ones_held", "R3", "2026-02"): 1.0,
    ("days_since_one_on_one", "R3", "2026-02"): 3.0,  # 02-28 - 02-25
    ("training_hours", "R3", "2026-02"): 4.0,
    ("compliance_overdue", "R3", "2026-02"): 0.0,  # due 03-01
    ("pulse_engagement", "R3", "2026-02"): 5.0,
    ("csat", "R3", "2026-02"): 1.0,  # a 4
    ("nps", "R3", "2026-02"): 0.0,  # one passive (8)
    ("first_response_hours", "R3", "2026-02"): 2.0,
    ("resolution_hours", "R3", "2026-02"): NAN,  # not resolved
    ("sla_breaches", "R3", "2026-02"): 0.0,  # low: 48 h allowed, took 2 h
}


@pytest.fixture(scope="module")
def by_rep(hand_ws):
    return compute(hand_ws, period="2026-01..2026-02").set_index(["rep_id", "period"])


@pytest.mark.parametrize(("kpi", "rep", "period"), list(EXPECTED), ids="-".join)
def test_kpi_value_worked_out_by_hand(by_rep, kpi, rep, period):
    expected = EXPECTED[(kpi, rep, period)]
    value = by_rep.loc[(rep, period), kpi]
    if math.isnan(expected):
        assert math.isnan(value), f"{kpi} should be undefined, got {value}"
    else:
        assert value == pytest.approx(expected, rel=1e-9)


def test_every_public_kpi_has_a_hand_worked_value():
    covered = {kpi for kpi, _, _ in EXPECTED}
    assert set(public_ids()) - covered == set()


def test_rows_are_reps_there_in_the_period(by_rep):
    assert sorted(by_rep.index) == [
        ("R1", "2026-01"), ("R1", "2026-02"), ("R2", "2026-01"), ("R2", "2026-02"),
        ("R3", "2026-02"),
    ]  # fmt: skip
    assert by_rep.loc[("R3", "2026-02"), "rep_name"] == "Ravi New"


def test_team_and_company_roll_ups(hand_ws, by_rep):
    teams = compute(hand_ws, period="2026-02", by="team").set_index("team")
    company = compute(hand_ws, period="2026-02", by="company").iloc[0]
    # February: T1 = R1 + R2, T2 = R3
    assert teams.loc["T1", "revenue_won"] == 3000.0
    assert teams.loc["T1", "win_rate"] == 0.5  # 1 won of 2 closed, not a mean of rates
    assert teams.loc["T2", "revenue_won"] == 4000.0
    assert company["revenue_won"] == 7000.0
    assert company["win_rate"] == pytest.approx(2 / 3)  # D2, D5 won; D3 lost
    assert company["quota_attainment"] == pytest.approx(7000 / 6000)  # 4000 + 0 + 2000
    assert company["days_since_one_on_one"] == pytest.approx((16 + 258 + 3) / 3)
    # additive KPIs: every roll-up is the sum of its reps
    feb = by_rep.xs("2026-02", level="period")
    for kpi in [k for k in public_ids() if REGISTRY[k].additive]:
        reps_total = feb[kpi].sum(min_count=1)  # all missing stays missing (no visit quotas)
        assert teams[kpi].sum(min_count=1) == pytest.approx(reps_total, nan_ok=True), kpi
        assert company[kpi] == pytest.approx(reps_total, nan_ok=True), kpi


def test_region_roll_up(hand_ws):
    regions = compute(hand_ws, ["revenue_won", "rep_fte"], period="2026-02", by="region")
    assert regions.set_index("region")["revenue_won"].to_dict() == {
        "North": 3000.0,
        "South": 4000.0,
    }


def test_quarter_and_week_grains(hand_ws):
    q = compute(hand_ws, ["revenue_won", "revenue_target"], grain="quarter", period="2026-Q1")
    q = q.set_index("rep_id")
    assert q.loc["R1", "revenue_won"] == 4000.0  # D1 + D2
    assert q.loc["R1", "revenue_target"] == 6000.0  # 2000 + 4000
    weeks = compute(hand_ws, ["revenue_won", "revenue_target"], grain="week", period="2026-W04")
    r1 = weeks.set_index("rep_id").loc["R1"]
    assert r1["period"] == "2026-W04"  # Monday 01-19 .. Sunday 01-25
    assert r1["revenue_won"] == 1000.0  # D1 on Tuesday 01-20
    assert r1["revenue_target"] == pytest.approx(2000 * 7 / 31)  # January's quota by days


def test_an_empty_period_gives_no_rows(hand_ws):
    out = compute(hand_ws, ["revenue_won", "accounts_touched"], period="2025-03")
    assert len(out) == 0
    assert list(out.columns) == [
        "period",
        "period_start",
        "rep_id",
        "rep_name",
        "revenue_won",
        "accounts_touched",
    ]


def test_unknown_kpi_and_bad_period_are_explained(hand_ws):
    from fieldsales.exceptions import ConfigError

    with pytest.raises(ConfigError, match="unknown KPI 'revenue'.*fieldsales kpis --list"):
        compute(hand_ws, ["revenue"])
    with pytest.raises(ConfigError, match="period '2026-13' not understood"):
        compute(hand_ws, period="2026-13")
    with pytest.raises(ConfigError, match="does not split into whole quarters"):
        compute(hand_ws, grain="quarter", period="2026-02")
    with pytest.raises(ConfigError, match="period 2030-01 starts after the workspace's data"):
        compute(hand_ws, period="2030-01")
    with pytest.raises(ConfigError, match="unknown grouping by='manager'"):
        compute(hand_ws, by="manager")


def test_undefined_values_are_missing_never_infinite(hand_ws):
    out = compute(hand_ws, period="2026-01..2026-02")
    numbers = out.select_dtypes("number")
    assert not numbers.isin([math.inf, -math.inf]).any().any()
    assert isinstance(out, pd.DataFrame)


def test_account_kpis_at_week_grain(hand_ws):
    """Weeks do not nest in months, so these read the activity log, not its monthly rollup.

    R1 owns A1 (tier A, 30 days) and A2 (tier C, 90 days, created 2025-06-01). Contacts:
    A1 on Tue 01-06 (W02) and Sat 01-31 (W05), A2 on Sat 02-07 (W06). A week ends (exclusive)
    on the next Monday: W03 01-19, W04 01-26, W05 02-02, W06 02-09, W07 02-16.
    """
    weeks = compute(
        hand_ws,
        ["accounts_touched", "accounts_overdue_contact"],
        grain="week",
        period="2026-W03..2026-W07",
    )
    r1 = weeks[weeks["rep_id"] == "R1"].set_index("period")
    assert r1["accounts_touched"].to_dict() == {
        "2026-W03": 0.0,
        "2026-W04": 0.0,
        "2026-W05": 1.0,  # A1 (X2)
        "2026-W06": 1.0,  # A2 (X3)
        "2026-W07": 0.0,
    }
    assert r1["accounts_overdue_contact"].to_dict() == {
        # A1 last contacted 01-06, before the window: 13 days <= 30; A2 never
        # contacted: 232 days since its creation > 90
        "2026-W03": 1.0,
        "2026-W04": 1.0,  # A1 20 days; A2 239 days
        "2026-W05": 1.0,  # A1 2 days (01-31); A2 246 days
        "2026-W06": 0.0,  # A1 9 days; A2 2 days (02-07)
        "2026-W07": 0.0,  # A1 16 days; A2 9 days
    }
    # a contact after the window (A1's on 01-31) must not hide the one before it (01-06)
    w03 = compute(hand_ws, ["accounts_overdue_contact"], grain="week", period="2026-W03")
    assert w03.set_index("rep_id").loc["R1", "accounts_overdue_contact"] == 1.0  # A2 only
