"""The decline detector on hand-made monthly series, expected flags worked out by hand.

Unless a test says otherwise: one series (activities), its scale fixed at
0.2, default k = 0.75, h = 3, min_run = 3. A single rep has no peers (fewer
than 5), so values are not measured against a peer median. The series is put
on a log scale as y = log(x + 1); a month's z is (y - usual) / 0.2, and the
score runs S = max(0, S - z - 0.75).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from fieldsales.exceptions import ConfigError
from fieldsales.signals import DeclineParams, detect_declines

ONE = DeclineParams(weights={"activities_total": 1.0}, scales={"activities_total": 0.2})


def panel(values, start="2024-01", rep="R1", column="activities_total", **extra):
    months = pd.period_range(start, periods=len(values), freq="M").astype("str")
    frame = pd.DataFrame({"rep_id": rep, "rep_name": f"Name {rep}", "period": months})
    frame[column] = values
    for name, value in extra.items():
        frame[name] = value
    return frame


def falling(months: int, step: float = 0.1) -> list[float]:
    """101 e^(-step j) - 1: log(x + 1) falls by exactly ``step`` a month, so z = -step j / 0.2."""
    return [101 * math.exp(-step * j) - 1 for j in range(1, months + 1)]


def test_a_flat_series_is_never_flagged():
    assert detect_declines(panel([100.0] * 24), ONE).empty


def test_a_steady_fall_is_flagged_in_its_fifth_month():
    # 12 months at 100 (usual y = log 101), then 2025-01 is fall month j = 1 with z = -0.5 j:
    #   j=1 2025-01  z -0.5   S = max(0, 0 + 0.5 - 0.75)    = 0     (no run)
    #   j=2 2025-02  z -1.0   S = 0 + 1.0 - 0.75            = 0.25  run 1
    #   j=3 2025-03  z -1.5   S = 0.25 + 1.5 - 0.75         = 1.0   run 2
    #   j=4 2025-04  z -2.0   S = 1.0 + 2.0 - 0.75          = 2.25  run 3
    #   j=5 2025-05  z -2.5   S = 2.25 + 2.5 - 0.75         = 4.0 >= h = 3, run 4 >= 3: flag
    flags = detect_declines(panel([100.0] * 12 + falling(5)), ONE)
    assert len(flags) == 1
    flag = flags.iloc[0]
    assert (flag.rep_id, flag.rep_name, flag.period, flag.since, flag.months) == (
        "R1", "Name R1", "2025-05", "2025-02", 4,
    )  # fmt: skip
    assert flag.score == pytest.approx(4.0)
    # evidence: median of the run (j = 2..5) vs median of the usual months (100)
    recent = (falling(5)[2] + falling(5)[3]) / 2  # (73.82 + 66.70) / 2 = 70.26
    assert flag.activities_total_recent == pytest.approx(recent)
    assert flag.activities_total_usual == 100.0
    assert flag.evidence_en == (
        "Since 2025-02, 4 months below the rep's usual level: "
        "activities 70 a month (usual 100, -30%)."
    )
    assert (
        flag.evidence_zh == "自2025-02起连续4个月低于其常态水平：活动每月70次（常态100次，-30%）。"
    )


def test_a_fall_that_goes_on_is_flagged_again_against_the_new_level():
    # h = 2.5 here (the first flag stays in 2025-05: S is 2.25 in 2025-04, 4.0 in 2025-05).
    # After it the run (j = 2..5) is the new usual level: median of y over j=2..5 is 0.35
    # below log 101, so z_j = (-0.1 j + 0.35) / 0.2:
    #   j=6  z -1.25  S = 0.5;   j=7  z -1.75  S = 1.5;   j=8  z -2.25  S = 3.0 >= 2.5: flag
    params = DeclineParams(
        weights={"activities_total": 1.0}, scales={"activities_total": 0.2}, h=2.5
    )
    flags = detect_declines(panel([100.0] * 12 + falling(8)), params)
    assert flags["period"].tolist() == ["2025-05", "2025-08"]
    assert flags["since"].tolist() == ["2025-02", "2025-06"]
    assert flags["score"].tolist() == pytest.approx([4.0, 3.0])


def test_a_rep_who_settles_at_a_lower_level_is_not_flagged_again():
    flags = detect_declines(panel([100.0] * 12 + falling(5) + [falling(5)[-1]] * 12), ONE)
    assert flags["period"].tolist() == ["2025-05"]


@pytest.mark.parametrize("dip", [60.0, 10.0, 0.0])
def test_a_one_month_dip_is_not_flagged(dip):
    # the dip's z is clipped to -3: S = 3 - 0.75 = 2.25 < h; then it decays by 0.75 a month
    values = [100.0] * 12 + [dip] + [100.0] * 11
    assert detect_declines(panel(values), ONE).empty


def test_two_dips_apart_are_not_a_persistent_decline():
    # S: 2.25 (dip, z -3), 1.5, 0.75, 3.0 (dip) >= h, but only 2 of the run's 4 months
    # were below the usual level (min_run = 3): no flag
    values = [100.0] * 12 + [10.0, 100.0, 100.0, 10.0] + [100.0] * 8
    assert detect_declines(panel(values), ONE).empty
    # a third month below usual right after makes it persistent: z = log(71/101) / 0.2 = -1.76,
    # S = 3.0 + 1.76 - 0.75 = 4.01, 3 months below usual
    values = [100.0] * 12 + [10.0, 100.0, 100.0, 10.0, 70.0] + [100.0] * 7
    assert detect_declines(panel(values), ONE)["period"].tolist() == ["2025-05"]


def test_a_new_hires_ramp_is_not_flagged():
    # a new rep ramps 25%, 50%, 75%, 100% of full activity: a rising series never flags
    values = [25.0, 50.0, 75.0] + [100.0] * 15
    assert detect_declines(panel(values, hire_date=pd.Timestamp("2024-01-10")), ONE).empty
    assert detect_declines(panel(values), ONE).empty


def test_ramp_months_are_not_the_usual_level():
    # attainment inflated in the first months by the inherited pipeline, then 100%:
    # without a hire date the first three months are the usual level (median log 2.1):
    #   month 4: z = (log 1.1 - log 2.1) / 0.2 = -3.23, clipped to -3: S = 2.25, run 1
    #   month 5: S = 4.5 (run 2, too short);  month 6: S = 6.75, run 3: flagged 2024-06
    values = [3.0, 2.0, 1.5] + [1.0] * 15
    params = DeclineParams(weights={"quota_attainment": 1.0}, scales={"quota_attainment": 0.2})
    flags = detect_declines(panel(values, column="quota_attainment"), params)
    assert flags["period"].tolist() == ["2024-06"]
    assert flags["evidence_en"].iloc[0].endswith("quota attainment 100% (usual 200%).")
    # with the hire date, months 0-3 of tenure are skipped (ramp_months = 4): no flag
    hired = panel(values, column="quota_attainment", hire_date=pd.Timestamp("2024-01-10"))
    assert detect_declines(hired, params).empty


def test_part_months_count_per_month_worked():
    # the exit month: 12 of 30 days worked (rep_fte 0.4) with 40 activities is not tested;
    # a month at 60% with 60 activities is 100 a month worked: no decline
    fte = [1.0] * 12 + [0.6, 0.6, 0.6, 0.4]
    values = [100.0] * 12 + [60.0, 60.0, 60.0, 40.0]
    assert detect_declines(panel(values, rep_fte=fte), ONE).empty
    assert not detect_declines(panel(values), ONE).empty  # read as raw counts it would flag


def test_the_partial_current_month_is_scaled_by_coverage():
    values = [100.0] * 12 + [30.0]
    coverage = [1.0] * 12 + [0.3]
    flags = detect_declines(panel(values, coverage=coverage), ONE)
    assert flags.empty


def test_a_season_shared_by_all_reps_is_not_a_decline():
    # six reps, all at half their activity for three holiday months: measured against
    # the peers' median the dip vanishes; without peers (min_peers too high) it is flagged
    values = [100.0] * 12 + [50.0, 50.0, 50.0] + [100.0] * 6
    team = pd.concat([panel(values, rep=f"R{i}") for i in range(6)], ignore_index=True)
    assert detect_declines(team, ONE).empty
    alone = DeclineParams(
        weights={"activities_total": 1.0}, scales={"activities_total": 0.2}, min_peers=100
    )
    assert len(detect_declines(team, alone)) == 6


def test_one_declining_rep_among_peers():
    steady = [panel([100.0] * 20, rep=f"R{i}") for i in range(5)]
    team = pd.concat([*steady, panel([100.0] * 12 + falling(8), rep="R9")], ignore_index=True)
    flags = detect_declines(team, ONE)
    assert flags["rep_id"].unique().tolist() == ["R9"]
    assert flags["period"].iloc[0] == "2025-05"


def test_several_series_are_averaged_in_z_units():
    # activities fall as before, deals stay flat; no clipping (z_cap 10) and k = 0.7:
    # z = (-0.5 j + 0) / 2 = -0.25 j, so S = max(0, S + 0.25 j - 0.7):
    #   j=1, 2: 0;  j=3: 0.05 (run starts 2025-03);  j=4: 0.35;  j=5: 0.9;  j=6: 1.7;
    #   j=7: 2.75;  j=8: 4.05 >= 3: flagged 2025-08, run of 6 months
    frame = panel([100.0] * 12 + falling(8), deals_created=8.0)
    params = DeclineParams(
        weights={"activities_total": 1.0, "deals_created": 1.0},
        scales={"activities_total": 0.2, "deals_created": 0.2},
        k=0.7,
        z_cap=10.0,
    )
    flags = detect_declines(frame, params)
    assert flags[["period", "since", "months"]].values.tolist() == [["2025-08", "2025-03", 6]]
    assert flags["score"].iloc[0] == pytest.approx(4.05)
    assert "new deals 8.0 a month (usual 8.0, +0%)" in flags["evidence_en"].iloc[0]


def test_revenue_stands_in_for_attainment_without_quotas():
    frame = panel([100.0] * 20, revenue_won=10_000.0)
    flags = detect_declines(frame, DeclineParams())
    assert flags.attrs["weights"] == {
        "activities_total": 1.0,
        "revenue_won": 0.5,
    }


def test_scales_are_measured_on_the_panel_or_fall_back_to_the_defaults():
    small = detect_declines(panel([100.0] * 20), DeclineParams())
    assert small.attrs["scales"]["activities_total"] == 0.25  # too few rep-months: default


@pytest.mark.parametrize(
    ("frame", "params", "match"),
    [
        (pd.DataFrame({"rep_id": ["R1"], "activities_total": [1.0]}), None, "lacks the column"),
        (panel([1.0, 2.0], column="other"), None, "none of the series"),
        (
            pd.DataFrame({"rep_id": ["R1"], "period": ["2026-Q1"], "activities_total": [1.0]}),
            None,
            "months like 2026-10",
        ),
    ],
)
def test_bad_panels_raise_a_clear_error(frame, params, match):
    with pytest.raises(ConfigError, match=match):
        detect_declines(frame, params)


def test_bad_parameters_raise_a_clear_error():
    with pytest.raises(ConfigError, match="unknown series"):
        DeclineParams(weights={"calls": 1.0})
    with pytest.raises(ConfigError, match="at least one positive weight"):
        DeclineParams(weights={"activities_total": 0.0})
    with pytest.raises(ConfigError, match="min_run must be >= 1"):
        DeclineParams(min_run=0)
