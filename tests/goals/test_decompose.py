"""Year -> quarter -> month -> week: hand-worked splits, and exact sums at every level."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from goals_helpers import FLAT

from fieldsales.goals import decompose, decompose_targets, flat_weights, target_period


def units(frame: pd.DataFrame, decimals: int = 2) -> pd.Series:
    return (frame["target"] * 10**decimals).round().astype(int)


def test_a_quarter_by_hand():
    parts = decompose(1000.0, target_period("2027-Q1"), FLAT)
    months = parts[parts["level"] == "month"]
    # equal weights: 100000 cents / 3 = 33333.33 -> 33334, 33333, 33333 (the cent left to
    # the first equal remainder)
    assert list(months["slice"]) == ["2027-01", "2027-02", "2027-03"]
    assert list(months["target"]) == [333.34, 333.33, 333.33]
    assert set(months["parent"]) == {"2027-Q1"}
    # January's 33334 cents by working days 1, 5, 5, 5, 5 (sum 21): 33334 / 21 = 1587.33 and
    # 33334 x 5 / 21 = 7936.67 -> floors 1587 + 4 x 7936 = 33331; the 3 cents left go to the
    # largest remainders (.67, the first three five-day weeks).
    january = parts[(parts["level"] == "week") & (parts["parent"] == "2027-01")]
    assert list(january["slice"]) == ["2026-W53", "2027-W01", "2027-W02", "2027-W03", "2027-W04"]
    assert list(january["target"]) == [15.87, 79.37, 79.37, 79.37, 79.36]
    assert parts.iloc[0].to_dict() | {"start": None, "last": None} == {
        "level": "period", "slice": "2027-Q1", "parent": "", "start": None, "last": None,
        "target": 1000.0,
    }  # fmt: skip


def test_a_year_with_season_weights_by_hand():
    # weights: December twice any other month (1/13 each, December 2/13). Quarters 3, 3, 3,
    # 4 thirteenths of 1300.00: 300, 300, 300, 400 exactly.
    weights = np.full(12, 1 / 13)
    weights[11] = 2 / 13
    parts = decompose(1300.0, target_period("2027"), weights)
    quarters = parts[parts["level"] == "quarter"]
    assert list(quarters["target"]) == [300.0, 300.0, 300.0, 400.0]
    december = parts[(parts["level"] == "month") & (parts["slice"] == "2027-12")]
    # Q4's 400 by 1, 1, 2: 100, 100, 200
    assert december["target"].item() == 200.0 and december["parent"].item() == "2027-Q4"


def test_a_month_splits_into_weeks_only():
    parts = decompose(21.0, target_period("2027-01"), FLAT, decimals=0)
    assert list(parts["level"]) == ["period"] + ["week"] * 5
    # 21 deals by working days 1, 5, 5, 5, 5: exactly 1, 5, 5, 5, 5
    assert list(parts["target"].iloc[1:]) == [1, 5, 5, 5, 5]


@pytest.mark.parametrize("label", ["2027", "2027-Q2", "2027-Q4", "2027-03", "2028-02"])
@pytest.mark.parametrize("target", [0.0, 0.01, 987_654.32, 1_000_000.0])
def test_every_level_adds_up_to_its_parent_to_the_cent(label, target):
    weights = flat_weights(2027) * np.linspace(0.7, 1.3, 12)
    weights = weights / weights.sum()
    parts = decompose(target, target_period(label), weights)
    cents = units(parts)
    assert cents.iloc[0] == round(target * 100)
    months = parts["level"] == "month"
    if label == "2027":
        quarters = parts["level"] == "quarter"
        assert cents[quarters].sum() == cents.iloc[0]
        for q in parts.loc[quarters, "slice"]:
            in_q = months & (parts["parent"] == q)
            assert cents[in_q].sum() == cents[quarters & (parts["slice"] == q)].item()
    elif len(target_period(label).months) > 1:
        assert cents[months].sum() == cents.iloc[0]
    month_totals = (
        dict(zip(parts.loc[months, "slice"], cents[months], strict=True))
        if months.any()
        else {label: cents.iloc[0]}
    )
    weeks = parts[parts["level"] == "week"]
    by_month = units(weeks).groupby(weeks["parent"]).sum()
    assert by_month.to_dict() == month_totals


def test_counts_split_in_whole_units():
    parts = decompose(7, target_period("2027-Q1"), flat_weights(2027), decimals=0)
    assert (parts["target"] == parts["target"].round()).all()
    assert parts.loc[parts["level"] == "month", "target"].sum() == 7


def test_many_reps_at_once():
    targets = pd.Series({"A": 300.0, "B": float("nan"), "C": 0.5})
    frame = decompose_targets(targets, target_period("2027-Q1"), FLAT)
    assert list(frame.columns[:2]) == ["rep_id", "level"]
    assert set(frame["rep_id"]) == {"A", "C"}  # no target, no breakdown
    c = frame[(frame["rep_id"] == "C") & (frame["level"] == "month")]
    assert list(c["target"]) == [0.17, 0.17, 0.16]  # 50 cents: 16.67 each -> 17, 17, 16
    empty = decompose_targets(pd.Series(dtype=float), target_period("2027-Q1"), FLAT)
    assert empty.empty and "target" in empty.columns


def test_many_reps_split_like_one_by_one():
    weights = flat_weights(2027) * np.linspace(0.8, 1.2, 12)
    targets = pd.Series({"A": 1234.56, "B": 0.0, "C": 99_999.99})
    many = decompose_targets(targets, target_period("2027"), weights)
    for rep_id, target in targets.items():
        one = decompose(target, target_period("2027"), weights)
        mine = many[many["rep_id"] == rep_id].drop(columns="rep_id").reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, one)
