"""Every alert rule on the hand-built workspace (tests/kpis/conftest.py), worked out by hand.

The data end on 2026-02-27 (D5 closes then). Reps: R1 (hired 2026-01-01),
R2 (2025-06-01, left 2026-02-14), R3 (hired 2026-02-16); M1 is a manager.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from fieldsales.signals import (
    ALERT_COLUMNS,
    AlertThresholds,
    PeriodFacts,
    alerts,
    detect_declines,
    monthly_panel,
)
from fieldsales.signals._rules import compliance_alerts, pace_alerts, wellbeing_alerts

PLAYBOOK_PRACTICES = set(range(1, 21))


def summary(frame):
    return [
        (r.rep_id, r.kind, r.severity, r.practice, round(r.value, 4), r.threshold)
        for r in frame.itertuples()
    ]


def test_the_default_period_is_the_month_the_data_end_in(hand_ws):
    # 2026-02, counted up to 2026-02-27 (27 of 28 days); R2 left on the 14th: not listed
    #  R1 compliance: certification due 02-10, not completed                   -> overdue, high
    #  R1 pace: won 3,000 (D2) of 4,000; 3000 / (4000 x 27/28) = 0.7778 < 0.8   -> medium
    #  R1 1:1: KPI 16 days to 02-28 (last 02-12), 1 day past the data: 15 > 14 -> medium
    #  R3 compliance: contract due 03-01, within 30 days of 02-27            -> due soon, low
    #  R3: pace 4,000 / 2,000 is ahead; 1:1 on 02-25; no SLA breach (low, 2 h)
    frame = alerts(hand_ws)
    assert list(frame.columns) == ALERT_COLUMNS
    assert summary(frame) == [
        ("R1", "compliance_overdue", "high", 13, 1.0, 0.0),
        ("R1", "pace", "medium", 1, 0.7778, 0.8),
        ("R1", "one_on_one_overdue", "medium", 2, 15.0, 14.0),
        ("R3", "compliance_due_soon", "low", 13, 1.0, 30.0),
    ]
    assert set(frame["period"]) == {"2026-02"}
    assert frame.set_index("rep_id")["rep_name"].to_dict() == {"R1": "Rui Field", "R3": "Ravi New"}
    assert frame.attrs["as_of"] == "2026-02-27"
    assert frame.attrs["notes"] == [
        "2026-02 is under way: the data end on 2026-02-27 (96% of the period); "
        "figures are counted up to then"
    ]
    messages = frame.set_index("kind")["message_en"]
    assert messages["pace"] == (
        "Revenue won 3,000 of a 4,000 target for 2026-02: 75% with 96% of the period elapsed, "
        "78% of the linear pace."
    )
    assert messages["compliance_overdue"] == (
        "1 compliance item(s) overdue or expired as of 2026-02-27: "
        "Product certification (due 2026-02-10)."
    )
    assert messages["compliance_due_soon"] == (
        "1 compliance item(s) due or expiring within 30 days of 2026-02-27: "
        "Employment contract (due 2026-03-01)."
    )
    zh = frame.set_index("kind")["message_zh"]
    assert zh["one_on_one_overdue"] == (
        "截至2026-02-27，距上次一对一面谈（或入职）已有15天；建议每周面谈一次。"
    )


def test_a_complete_month(hand_ws):
    # 2026-01 (complete): R1 and R2 are employed on 01-31, R3 not yet hired
    #  R2 pace: 0 of 1,000 = 0 < 0.5                        -> high
    #  R2 1:1: never, 244 days since hire (2025-06-01)       -> high (> 30)
    #  R1 SLA: C1 high severity, answered after 10 h > 8 h   -> high
    #  R1 pace: 1,000 of 2,000 = 0.5 (not < 0.5)             -> medium
    #  R1 1:1: 01-31 - 01-15 = 16 > 14                       -> medium
    #  R1 accounts: A2 (tier C) not contacted since 2025-06-01 -> 1, medium
    #  R1 compliance: certification due 02-10, within 30 days -> due soon, low
    frame = alerts(hand_ws, "2026-01")
    assert summary(frame) == [
        ("R2", "pace", "high", 1, 0.0, 0.8),
        ("R2", "one_on_one_overdue", "high", 2, 244.0, 14.0),
        ("R1", "sla_breach", "high", 18, 1.0, 1.0),
        ("R1", "pace", "medium", 1, 0.5, 0.8),
        ("R1", "one_on_one_overdue", "medium", 2, 16.0, 14.0),
        ("R1", "accounts_overdue", "medium", 14, 1.0, 1.0),
        ("R1", "compliance_due_soon", "low", 13, 1.0, 30.0),
    ]
    assert frame.attrs["notes"] == []
    messages = frame.set_index(["rep_id", "kind"])["message_en"]
    assert messages[("R1", "pace")] == (
        "Revenue won 1,000 of a 2,000 target for 2026-01: 50% attainment."
    )
    assert messages[("R1", "accounts_overdue")] == (
        "1 owned account(s) went longer than their tier allows without contact "
        "(A 30, B 60, C 90 days) by 2026-01-31."
    )
    assert messages[("R1", "sla_breach")].startswith("1 complaint(s) opened in 2026-01")


def test_a_quarter_under_way(hand_ws):
    # 2026-Q1 up to 02-27: 58 of 90 days elapsed
    #  R1 pace: 4,000 of 6,000 / (58/90) = 1.03: on pace
    #  R1 1:1: the KPI counts to 03-31 (47 days since 02-12); less 32 days after 02-27: 15
    #  R1 accounts: A1 (tier A) last contacted 01-31: 60 days by 04-01 > 30 -> will be overdue
    #  R1 SLA: C1 in January is in the quarter
    frame = alerts(hand_ws, "2026-q1")
    assert summary(frame) == [
        ("R1", "compliance_overdue", "high", 13, 1.0, 0.0),
        ("R1", "sla_breach", "high", 18, 1.0, 1.0),
        ("R1", "one_on_one_overdue", "medium", 2, 15.0, 14.0),
        ("R1", "accounts_overdue", "medium", 14, 1.0, 1.0),
        ("R3", "compliance_due_soon", "low", 13, 1.0, 30.0),
    ]
    assert set(frame["period"]) == {"2026-Q1"}
    accounts = frame.set_index("kind").loc["accounts_overdue"]
    assert accounts["message_en"] == (
        "1 owned account(s) will be past their tier's contact interval (A 30, B 60, C 90 days) "
        "by 2026-03-31 unless contacted."
    )


def test_thresholds_are_parameters(hand_ws):
    # R1's pulse stress over Dec-Feb is mean(2, 4) = 3.0: a wellbeing flag at a threshold of 3
    t = AlertThresholds(stress_high=3.0, one_on_one_days=20, pace_ratio=0.7)
    frame = alerts(hand_ws, thresholds=t)
    assert summary(frame) == [
        ("R1", "compliance_overdue", "high", 13, 1.0, 0.0),
        ("R1", "wellbeing", "medium", 10, 3.0, 3.0),
        ("R3", "compliance_due_soon", "low", 13, 1.0, 30.0),
    ]
    row = frame.set_index("kind").loc["wellbeing"]
    assert row["message_en"] == "Pulse stress averages 3.0 of 5 over the last three months."
    assert row["message_zh"] == "近三个月脉搏调查的压力均值为3.0（满分5）。"


def test_pace_is_not_judged_too_early_in_a_period(hand_ws):
    frame = alerts(hand_ws, thresholds=AlertThresholds(pace_min_elapsed=0.97))
    assert "pace" not in set(frame["kind"])
    assert (
        "pace vs target skipped: only 96% of 2026-02 has elapsed (needs 97%)"
        in (frame.attrs["notes"])
    )


FACTS = PeriodFacts(
    "2026-02", "month", pd.Timestamp("2026-02-01"), pd.Timestamp("2026-03-01"),
    pd.Timestamp("2026-02-14"),
)  # fmt: skip


def test_pace_uses_the_share_of_the_period_elapsed():
    # 14 of 28 days: target 4,000 x 0.5 = 2,000 expected so far
    kp = pd.DataFrame(
        {
            "rep_id": ["A", "B", "C", "D"],
            "revenue_won": [1500.0, 900.0, 1700.0, 500.0],
            "revenue_target": [4000.0, 4000.0, 4000.0, 0.0],
        }
    )
    rows = pace_alerts(kp, FACTS, AlertThresholds())
    # A 0.75 < 0.8 medium; B 0.45 < 0.5 high; C 0.85 fine; D has no target
    assert [(r["rep_id"], r["severity"], r["value"]) for r in rows] == [
        ("A", "medium", 0.75),
        ("B", "high", 0.45),
    ]


def test_compliance_expiry_and_renewal():
    ts = pd.Timestamp
    items = pd.DataFrame(
        {
            "rep_id": ["A", "A", "B", "B", "C"],
            "item": ["Cert", "Cert", "Cert", "Training", "Cert"],
            "kind": ["certification", "certification", "certification", "training", "cert"],
            "due_date": [ts("2025-01-01"), ts("2026-01-01"), ts("2025-02-01"),
                         ts("2026-03-10"), ts("2025-03-01")],
            "completed_on": [ts("2025-01-01"), ts("2026-01-05"), ts("2025-02-01"),
                             pd.NaT, ts("2025-03-10")],
            "expires_on": [ts("2026-01-01"), ts("2027-01-05"), ts("2026-02-01"),
                           pd.NaT, ts("2026-03-01")],
        }
    )  # fmt: skip
    rows = compliance_alerts(items, FACTS, AlertThresholds(), ["A", "B", "C"])
    got = [(r["rep_id"], r["kind"], r["value"], r["message_en"].split(": ", 1)[1]) for r in rows]
    # A renewed its certification: the expired first one does not count
    assert got == [
        ("B", "compliance_overdue", 1.0, "Cert (expired 2026-02-01)."),
        ("B", "compliance_due_soon", 1.0, "Training (due 2026-03-10)."),
        ("C", "compliance_due_soon", 1.0, "Cert (expires 2026-03-01)."),
    ]
    assert rows[0]["message_zh"].endswith("Cert（已于2026-02-01过期）。")


def test_compliance_lists_three_items_then_counts():
    ts = pd.Timestamp
    items = pd.DataFrame(
        {
            "rep_id": ["A"] * 5,
            "item": [f"Item {i}" for i in range(5)],
            "kind": ["training"] * 5,
            "due_date": [ts(f"2026-01-0{i + 1}") for i in range(5)],
            "completed_on": [pd.NaT] * 5,
            "expires_on": [pd.NaT] * 5,
        }
    )
    (row,) = compliance_alerts(items, FACTS, AlertThresholds(), ["A"])
    assert row["message_en"].endswith("Item 2 (due 2026-01-03) and 2 more.")
    assert row["message_zh"].endswith("Item 2（2026-01-03截止）等5项。")


def test_wellbeing_flags_high_stress_or_falling_engagement():
    pulse = pd.DataFrame(
        {
            "rep_id": ["A", "B", "C", "D", "E"],
            "stress": [4.2, 2.0, 4.0, 3.9, None],
            "engagement": [4.0, 2.5, 2.0, 3.5, 3.0],
            "engagement_before": [4.0, 3.5, 3.5, 4.0, None],
        }
    )
    rows = wellbeing_alerts(pulse, AlertThresholds())
    # A stress 4.2; B engagement 3.5 -> 2.5 (drop 1.0); C both; D neither; E no answers
    assert [(r["rep_id"], r["value"], r["threshold"]) for r in rows] == [
        ("A", 4.2, 4.0),
        ("B", 1.0, 1.0),
        ("C", 4.0, 4.0),
    ]
    assert rows[1]["message_en"] == (
        "Pulse engagement fell from 3.5 to 2.5 (of 5) against the three months before."
    )
    assert rows[2]["message_en"].startswith("Pulse stress averages 4.0 of 5")
    assert "2.0" in rows[2]["message_en"]  # both findings named
    assert {r["severity"] for r in rows} == {"medium"}


PENALTY_WORDS = re.compile(
    r"penalt|disciplin|warning|sanction|dismiss|fire|demot|performance improvement plan|"
    r"处罚|惩罚|警告|处分|扣|降级|解雇|开除",
    re.IGNORECASE,
)


def test_wellbeing_routes_to_a_supportive_one_on_one_never_a_penalty():
    rows = wellbeing_alerts(
        pd.DataFrame(
            {"rep_id": ["A"], "stress": [5.0], "engagement": [1.0], "engagement_before": [5.0]}
        ),
        AlertThresholds(),
    )
    (row,) = rows
    assert row["practice"] == 10
    for text in (row["message_en"], row["message_zh"], row["action_en"], row["action_zh"]):
        assert not PENALTY_WORDS.search(text), text
    assert "supportive 1:1" in row["action_en"] and "not a performance matter" in row["action_en"]
    assert "关怀式一对一面谈" in row["action_zh"] and "与绩效无关" in row["action_zh"]


def test_decline_alerts_are_the_detectors_recent_flags(generated):
    _, ws, _ = generated
    frame = alerts(ws, "2026-10")
    flags = detect_declines(monthly_panel(ws, end="2026-10", months=24))
    recent = flags[flags["period"].isin(["2026-08", "2026-09", "2026-10"])]
    reps = ws.frame("reps")
    gone = set(reps.loc[reps["exit_date"] < pd.Timestamp("2026-10-31"), "rep_id"])
    expected = sorted(set(recent["rep_id"]) - gone)
    declines = frame[frame["kind"] == "decline"]
    assert expected and sorted(declines["rep_id"]) == expected
    assert set(declines["practice"]) == {7} and set(declines["severity"]) == {"high"}
    latest = recent.sort_values("period").groupby("rep_id").tail(1).set_index("rep_id")
    row = declines.iloc[0]
    assert row["message_en"] == (
        f"Persistent decline flagged in {latest.loc[row.rep_id, 'period']}. "
        f"{latest.loc[row.rep_id, 'evidence_en']}"
    )
    assert row["value"] == pytest.approx(latest.loc[row.rep_id, "score"])


def test_every_alert_names_a_practice_and_an_action_in_both_languages(generated):
    _, ws, _ = generated
    frame = alerts(ws, "2026-Q3")
    assert set(frame["kind"]) >= {"decline", "pace", "one_on_one_overdue", "accounts_overdue"}
    assert set(frame["practice"]) <= PLAYBOOK_PRACTICES
    assert frame["severity"].isin(["high", "medium", "low"]).all()
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for column in ("message_en", "action_en"):
        assert frame[column].str.len().gt(10).all()
        assert not frame[column].str.contains(cjk).any()
    for column in ("message_zh", "action_zh"):
        assert frame[column].str.contains(cjk).all()
    order = frame["severity"].map({"high": 0, "medium": 1, "low": 2})
    assert order.is_monotonic_increasing
