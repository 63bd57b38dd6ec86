"""Scoring against the ground truth: by hand, and on a generated sample with loose bounds."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from fieldsales.exceptions import ConfigError
from fieldsales.signals import detect_declines, evaluate_declines, naive_declines


def months(rep, first, n, **cols):
    periods = pd.period_range(first, periods=n, freq="M").astype("str")
    return pd.DataFrame({"rep_id": rep, "period": periods, "rep_fte": 1.0, **cols})


def test_evaluation_worked_out_by_hand():
    # R1 declines from 2025-03 and is observed 2025-01..06; R2 has no decline (6 months).
    panel = pd.concat([months("R1", "2025-01", 6), months("R2", "2025-01", 6)])
    truth = pd.DataFrame({"rep_id": ["R1", "R2"], "decline_start_month": ["2025-03", None]})
    flags = pd.DataFrame(
        {"rep_id": ["R1", "R1", "R2"], "period": ["2025-02", "2025-05", "2025-04"]}
    )
    score = evaluate_declines(flags, truth, panel)
    assert score.declines == 1 and score.detected == 1 and score.recall == 1.0
    assert score.median_delay_months == 2  # 2025-05 - 2025-03
    assert score.declines_long == 1  # observed 03..06: 4 months
    assert score.recall_long == 1.0
    # false alarms: R1 in 2025-02 (before the start) and R2 in 2025-04
    assert score.false_alarms == 2
    # months without an active decline: R1 Jan, Feb and R2's six: 8 rep-months = 8/3 quarters
    assert score.rep_quarters == pytest.approx(8 / 3)
    assert score.false_alarms_per_100_rep_quarters == pytest.approx(75.0)
    assert "recall 100.0% (1/1)" in score.summary()


def test_a_decline_seen_too_briefly_counts_only_in_the_overall_recall():
    panel = months("R1", "2025-01", 4)
    truth = pd.DataFrame({"rep_id": ["R1"], "decline_start_month": ["2025-03"]})
    score = evaluate_declines(pd.DataFrame({"rep_id": [], "period": []}), truth, panel)
    assert (score.declines, score.detected, score.recall) == (1, 0, 0.0)
    assert score.declines_long == 0 and math.isnan(score.recall_long)
    assert math.isnan(score.median_delay_months)
    assert score.false_alarms == 0


def test_evaluation_needs_the_truth_columns():
    with pytest.raises(ConfigError, match="decline_start_month"):
        evaluate_declines(pd.DataFrame(), pd.DataFrame({"rep_id": []}), months("R1", "2025-01", 2))


def test_naive_rule_worked_out_by_hand():
    att = [1.0, 0.7, 0.6, 0.5, 0.9, 0.7, 0.7, 0.2]
    # runs below 80%: months 2-4 (flag at the 2nd: 2025-03), months 6-8 (flag 2025-07)
    flags = naive_declines(months("R1", "2025-01", 8, quota_attainment=att))
    assert flags["period"].tolist() == ["2025-03", "2025-07"]
    with pytest.raises(ConfigError, match="quota_attainment"):
        naive_declines(months("R1", "2025-01", 2))


def test_the_detector_finds_injected_declines_with_few_false_alarms(generated):
    # measured at seed 3: recall 70% overall, 77% on declines seen >= 4 months, 92% on
    # >= 6 months, median delay 5 months, 3.9 false alarms per 100 rep-quarters
    sample, _, panel = generated
    flags = detect_declines(panel)
    truth = sample.truth["reps"]
    score = evaluate_declines(flags, truth, panel, min_months=4)
    six = evaluate_declines(flags, truth, panel, min_months=6)
    assert score.declines >= 30
    assert score.recall_long >= 0.45
    assert six.recall_long >= 0.7
    assert score.median_delay_months <= 7
    assert score.false_alarms_per_100_rep_quarters <= 7
    naive = evaluate_declines(naive_declines(panel), truth, panel)
    assert score.false_alarms_per_100_rep_quarters < naive.false_alarms_per_100_rep_quarters / 3
