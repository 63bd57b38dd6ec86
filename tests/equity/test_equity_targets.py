"""Targets per FTE month and the target gap, with every expected figure worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fieldsales.equity import TOO_SMALL, choose_place, target_gap, targets_per_fte, tenure_band

ts = pd.Timestamp


def reps_frame(rows):
    """rows: (rep_id, hire, exit) -> a reps frame with the columns the functions read."""
    return pd.DataFrame(
        {
            "rep_id": [r[0] for r in rows],
            "hire_date": [ts(r[1]) for r in rows],
            "exit_date": [ts(r[2]) if r[2] else pd.NaT for r in rows],
        }
    )


def quota_frame(rows):
    return pd.DataFrame(rows, columns=["rep_id", "period", "metric", "target"])


def test_a_partial_month_counts_for_its_share_of_days():
    reps = reps_frame([("R1", "2026-01-17", None), ("R2", "2020-01-01", "2026-02-10"),
                       ("R3", "2020-01-01", None)])  # fmt: skip
    quotas = quota_frame([
        ("R1", "2026-01", "revenue", 500.0), ("R1", "2026-02", "revenue", 1000.0),
        ("R1", "2026-02", "visits", 20.0),  # another metric: ignored
        ("R2", "2026-01", "revenue", 1000.0), ("R2", "2026-02", "revenue", 400.0),
        ("R2", "2025-12", "revenue", 9999.0),  # before the two months compared
        ("R3", "2026-01", "revenue", 0.0), ("R3", "2026-02", "revenue", 0.0),  # no target
    ])  # fmt: skip
    out = targets_per_fte(reps, quotas, "2026-02", months=2).set_index("rep_id")
    assert list(out.index) == ["R1", "R2"]  # R3's targets sum to 0
    # R1: hired 17 Jan, so 15 of January's 31 days, then all of February:
    # FTE months 15/31 + 1 = 46/31 = 1.48387; target 500 + 1000 = 1500; 1500 / (46/31) = 1010.87
    assert out.loc["R1", "fte_months"] == pytest.approx(46 / 31)
    assert out.loc["R1", "target_per_fte"] == pytest.approx(1500 / (46 / 31))
    assert out.loc["R1", "months"] == 2
    # R2: left on 10 Feb, so 10 of February's 28 days: FTE 1 + 10/28 = 1.35714;
    # target 1000 + 400 = 1400; 1400 / 1.35714 = 1031.58
    assert out.loc["R2", "fte_months"] == pytest.approx(1 + 10 / 28)
    assert out.loc["R2", "target_per_fte"] == pytest.approx(1400 / (1 + 10 / 28))
    # tenure: R2 has been there six years, R1 under a month on average
    assert out.loc["R2", "tenure_months"] > 70
    assert out.loc["R1", "tenure_months"] < 1


def test_tenure_bands():
    bands = tenure_band([0, 5.9, 6, 11.99, 12, 35.9, 36, 200])
    assert list(bands) == ["<6 months", "<6 months", "6-12 months", "6-12 months", "1-3 years",
                           "1-3 years", "3+ years", "3+ years"]  # fmt: skip


def _reps(groups, places, targets, tenure=60.0):
    ids = [f"R{i:02d}" for i in range(len(groups))]
    tenure = np.broadcast_to(tenure, len(ids)).astype(float)
    frame = pd.DataFrame({"rep_id": ids, "target_per_fte": targets, "tenure_months": tenure})
    return frame, pd.Series(groups, index=ids), pd.Series(places, index=ids)


def test_the_gap_compares_reps_in_the_same_place():
    # A: 8 reps in North (target 1000), 4 in South (2000); B: 4 in North, 8 in South, each
    # with targets 1.1 x A's in the same region. Raw averages: A (8*1000 + 4*2000)/12 = 1333.33,
    # B (4*1100 + 8*2200)/12 = 1833.33, a raw gap of 1833.33/1333.33 - 1 = +37.5% that comes
    # from where B works; within each region B's targets are +10.0%.
    groups = ["A"] * 12 + ["B"] * 12
    places = ["N"] * 8 + ["S"] * 4 + ["N"] * 4 + ["S"] * 8
    targets = [1000.0] * 8 + [2000.0] * 4 + [1100.0] * 4 + [2200.0] * 8
    frame, g, p = _reps(groups, places, targets)
    out = target_gap(frame, g, p, min_group=10, n_boot=50).set_index("group")
    assert out.loc["A", "verdict"] == "reference group"
    assert np.isnan(out.loc["A", "gap"])
    assert out.loc["A", "mean_target"] == pytest.approx(16000 / 12)
    assert out.loc["B", "mean_target"] == pytest.approx(22000 / 12)
    assert out.loc["B", "raw_gap"] == pytest.approx(0.375)
    assert out.loc["B", "gap"] == pytest.approx(0.10)
    # the fit is exact, so every bootstrap draw gives +10% too
    assert out.loc["B", "low"] == pytest.approx(0.10)
    assert out.loc["B", "high"] == pytest.approx(0.10)
    assert out.loc["B", "verdict"] == "clear gap: targets higher"


def test_the_gap_compares_reps_of_the_same_tenure():
    # Targets depend on tenure only: new reps (<6 months) 500, others 1000. A has 2 new of 12,
    # B 6 new of 12. Raw: A (2*500 + 10*1000)/12 = 916.67, B (6*500 + 6*1000)/12 = 750,
    # 750/916.67 - 1 = -18.18%; for the same tenure band the gap is 0.
    groups = ["A"] * 12 + ["B"] * 12
    tenure = [3.0] * 2 + [60.0] * 10 + [3.0] * 6 + [60.0] * 6
    targets = [500.0] * 2 + [1000.0] * 10 + [500.0] * 6 + [1000.0] * 6
    frame, g, p = _reps(groups, ["N"] * 24, targets, tenure=tenure)
    out = target_gap(frame, g, p, min_group=10, n_boot=50).set_index("group")
    assert out.loc["B", "raw_gap"] == pytest.approx(750 / (11000 / 12) - 1)
    assert out.loc["B", "gap"] == pytest.approx(0.0, abs=1e-12)
    assert out.loc["B", "verdict"] == "no clear gap: the difference could be chance"


def test_small_groups_get_no_number():
    groups = ["A"] * 12 + ["B"] * 10 + ["C"] * 3
    targets = [1000.0] * 12 + [900.0] * 10 + [5000.0] * 3
    frame, g, p = _reps(groups, ["N"] * 25, targets)
    out = target_gap(frame, g, p, min_group=10, n_boot=20).set_index("group")
    assert list(out.index) == ["A", "B", "C"]  # largest first
    assert out.loc["C", "verdict"] == TOO_SMALL
    assert out.loc["C", "reps"] == 3
    assert out.loc["C", ["mean_target", "raw_gap", "gap", "low", "high"]].isna().all()
    assert out.loc["B", "gap"] == pytest.approx(-0.10)  # 900 / 1000 - 1, all in one place


def test_no_group_large_enough():
    frame, g, p = _reps(["A"] * 4 + ["B"] * 3, ["N"] * 7, [1000.0] * 7)
    out = target_gap(frame, g, p, min_group=10, n_boot=5)
    assert set(out["verdict"]) == {TOO_SMALL}
    assert out["gap"].isna().all()


def test_a_group_alone_in_its_places_cannot_be_compared():
    # C works only in East, where nobody of A works: no comparison in the same place.
    groups = ["A"] * 12 + ["C"] * 10
    places = ["N"] * 12 + ["E"] * 10
    frame, g, p = _reps(groups, places, [1000.0] * 12 + [1500.0] * 10)
    out = target_gap(frame, g, p, min_group=10, n_boot=5).set_index("group")
    assert out.loc["C", "verdict"].startswith("cannot be compared")
    assert np.isnan(out.loc["C", "gap"])
    assert out.loc["C", "raw_gap"] == pytest.approx(0.5)


def test_the_reference_group_can_be_chosen():
    groups = ["A"] * 12 + ["B"] * 11
    frame, g, p = _reps(groups, ["N"] * 23, [1000.0] * 12 + [800.0] * 11)
    out = target_gap(frame, g, p, min_group=10, reference="B", n_boot=5).set_index("group")
    assert out.loc["B", "verdict"] == "reference group"
    assert out.loc["A", "gap"] == pytest.approx(0.25)  # 1000 / 800 - 1


def test_territory_only_when_it_holds_several_reps():
    few = pd.DataFrame({"territory": ["T1", "T2", "T3", "T3"]})  # 4 reps / 3 = 1.33
    many = pd.DataFrame({"territory": ["T1"] * 3 + ["T2"] * 3})  # 6 / 2 = 3
    assert choose_place(few) == "region"
    assert choose_place(many) == "territory"
