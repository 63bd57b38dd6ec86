"""Rep-years by tenure band, tenure-adjusted exit rates and the exit gap, worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fieldsales.equity import (
    MIN_CELL_REPS,
    NOT_GIVEN,
    SMALL_GROUPS,
    TOO_SMALL,
    attrition_gap,
    composition,
    exposure_by_band,
    standardized_rates,
)

ts = pd.Timestamp
YEAR = 365.25
START, END = ts("2025-01-01"), ts("2025-12-31")  # 365 days


def reps_frame(rows):
    """rows: (rep_id, hire, exit, exit_type)."""
    return pd.DataFrame(
        {
            "rep_id": [r[0] for r in rows],
            "hire_date": [ts(r[1]) for r in rows],
            "exit_date": [ts(r[2]) if r[2] else pd.NaT for r in rows],
            "exit_type": [r[3] for r in rows],
        }
    )


def test_rep_years_are_split_by_tenure_band():
    reps = reps_frame([
        ("R1", "2024-10-01", None, None),
        ("R2", "2020-01-01", "2025-06-30", "voluntary"),
        ("R3", "2020-01-01", "2025-03-31", "involuntary"),
        ("R4", "2026-01-05", None, None),  # hired after the window
        ("R5", "2019-01-01", "2024-12-31", "voluntary"),  # left the day before it
    ])  # fmt: skip
    years, band = exposure_by_band(reps, START, END)
    # R1, hired 1 Oct 2024: 6 months = round(6 * 365.25 / 12) = 183 days -> 2 Apr 2025,
    # 12 months = 365 days -> 1 Oct 2025. <6 months: 1 Jan to 1 Apr = 31 + 28 + 31 + 1 = 91
    # days; 6-12 months: 2 Apr to 30 Sep = 182 days; 1-3 years: 1 Oct to 31 Dec = 92 days.
    assert years[0] * YEAR == pytest.approx([91, 182, 92, 0])
    # R2, 3+ years, to 30 June inclusive: 31+28+31+30+31+30 = 181 days; a voluntary exit
    assert years[1] * YEAR == pytest.approx([0, 0, 0, 181])
    # R3: to 31 March, 90 days; an involuntary exit is not counted as an exit
    assert years[2] * YEAR == pytest.approx([0, 0, 0, 90])
    assert years[3].sum() == 0 and years[4].sum() == 0
    assert list(band) == [-1, 3, -1, -1, -1]


def test_rates_adjusted_for_tenure_by_hand():
    # Two bands. Company: band 0 has 2 exits in 1 + 3 = 4 rep-years (0.5 a year), band 1 has
    # 1 exit in 9 + 1 = 10 rep-years (0.1 a year); overall 3 / 14.
    # A: 1 exit, rep-years (1, 9): expected 1*0.5 + 9*0.1 = 1.4, adjusted 1/1.4 * 3/14 = 0.153061
    # B: 2 exits, rep-years (3, 1): expected 3*0.5 + 1*0.1 = 1.6, adjusted 2/1.6 * 3/14 = 0.267857
    years = np.array([[1.0, 0.0], [0.0, 9.0], [3.0, 0.0], [0.0, 1.0]])
    exit_band = np.array([0, -1, 0, 1])
    groups = np.array(["A", "A", "B", "B"], dtype=object)
    out = standardized_rates(years, exit_band, groups, ["A", "B"]).set_index("group")
    assert out.loc["A", "rep_years"] == pytest.approx(10)
    assert out.loc["A", "exits"] == 1 and out.loc["B", "exits"] == 2
    assert out.loc["A", "raw_rate"] == pytest.approx(0.1)
    assert out.loc["B", "raw_rate"] == pytest.approx(0.5)
    assert out.loc["A", "expected"] == pytest.approx(1.4)
    assert out.loc["B", "expected"] == pytest.approx(1.6)
    assert out.loc["A", "adjusted_rate"] == pytest.approx(1 / 1.4 * 3 / 14)
    assert out.loc["B", "adjusted_rate"] == pytest.approx(2 / 1.6 * 3 / 14)


def _two_groups():
    """A: 10 reps, one leaves on 30 June; B: 10 reps, two leave then, one is dismissed then."""
    rows = []
    for i in range(10):
        left = i == 0
        rows.append((f"A{i}", "2015-01-01", "2025-06-30" if left else None,
                     "voluntary" if left else None))  # fmt: skip
    for i in range(10):
        kind = "voluntary" if i < 2 else "involuntary" if i == 2 else None
        rows.append((f"B{i}", "2015-01-01", "2025-06-30" if kind else None, kind))
    rows.append(("C0", "2015-01-01", "2025-06-30", "voluntary"))
    groups = ["A"] * 10 + ["B"] * 10 + [None]
    return reps_frame(rows), pd.Series(groups).fillna(NOT_GIVEN)


def test_the_exit_gap_by_hand():
    reps, groups = _two_groups()
    out = attrition_gap(reps, groups, START, END, min_group=10, n_boot=30).set_index("group")
    # all reps are in the 3+ years band, so the adjusted rate is the raw rate.
    # A: 9 * 365 + 181 = 3466 days = 9.48939 rep-years, 1 exit: 0.105381 a year
    # B: 7 * 365 + 3 * 181 = 3098 days = 8.48186 rep-years, 2 exits: 0.235797 a year
    # gap B - A = 0.130416 exits per rep-year (13.0 per 100 reps a year)
    a, b = 1 / (3466 / YEAR), 2 / (3098 / YEAR)
    assert out.loc["A", "verdict"] == "reference group"  # 10 reps each: the first by name
    assert out.loc["A", "rep_years"] == pytest.approx(3466 / YEAR)
    assert out.loc["A", "raw_rate"] == pytest.approx(a)
    assert out.loc["A", "adjusted_rate"] == pytest.approx(a)
    assert out.loc["B", "adjusted_rate"] == pytest.approx(b)
    assert out.loc["B", "gap"] == pytest.approx(b - a)
    assert out.loc["B", "low"] <= out.loc["B", "gap"] <= out.loc["B", "high"]
    assert out.loc["B", "verdict"] in {"clear gap: exits higher",
                                       "no clear gap: the difference could be chance"}  # fmt: skip
    # one rep without a group: too small to judge, and no figure at all
    assert out.loc[NOT_GIVEN, "verdict"] == TOO_SMALL
    assert out.loc[NOT_GIVEN, "reps"] == 1
    numbers = ["rep_years", "exits", "raw_rate", "expected", "adjusted_rate", "gap"]
    assert out.loc[NOT_GIVEN, numbers].isna().all()


def test_no_voluntary_exit_means_nothing_to_compare():
    reps = reps_frame([(f"R{i}", "2015-01-01", None, None) for i in range(12)])
    out = attrition_gap(reps, pd.Series(["A"] * 12), START, END, min_group=10, n_boot=5)
    assert out.loc[0, "verdict"] == "no voluntary exits in the window: nothing to compare"
    assert out.loc[0, "exits"] == 0


def test_composition_counts_the_reps_at_work_on_the_day():
    reps = pd.DataFrame({
        "team": ["T1", "T1", "T1", "T2", "T2"],
        "gender": ["female", "male", None, "female", "male"],
        "hire_date": [ts("2020-01-01")] * 4 + [ts("2026-01-01")],  # the last one not yet hired
        "exit_date": [pd.NaT, ts("2025-12-31"), pd.NaT, ts("2025-06-01"), pd.NaT],
    })  # fmt: skip
    out = composition(reps, "gender", ts("2025-12-31"), min_cell=1).set_index(["team", "group"])
    # at work on 31 Dec 2025: T1 female, T1 male (last day), T1 not given; T2's female left
    assert out.loc[("All teams", "female"), "reps"] == 1
    assert out.loc[("All teams", "male"), "reps"] == 1
    assert out.loc[("T1", NOT_GIVEN), "reps"] == 1
    assert out.loc[("T1", "female"), "share"] == pytest.approx(1 / 3)
    assert ("T2", "female") not in out.index and ("T2", "male") not in out.index


def _team(counts: dict[str, int]) -> pd.DataFrame:
    groups = [g for g, n in counts.items() for _ in range(n)]
    return pd.DataFrame({
        "team": "T1", "gender": groups, "hire_date": ts("2020-01-01"), "exit_date": pd.NaT,
    })  # fmt: skip


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        # nothing small: every group shown
        ({"female": 6, "male": 5}, {"female": 6, "male": 5}),
        # two small groups merge (3 reps); neither can be told apart
        ({"female": 6, "male": 5, "x": 2, "y": 1}, {"female": 6, "male": 5, "x + y": 3}),
        # one small group alone would be total - the rest: the next smallest joins it
        ({"female": 6, "male": 7, "x": 1}, {"male": 7, "female + x": 7}),
        # 7 and 1: nothing can be shown apart
        ({"male": 7, "female": 1}, {"female + male": 8}),
    ],
)
def test_composition_merges_groups_too_small_to_show(counts, shown):
    out = composition(_team(counts), "gender", ts("2025-12-31"))
    team = out[out["team"] == "T1"].set_index("group")["reps"].to_dict()
    label = {g: SMALL_GROUPS.format(groups=g, n=MIN_CELL_REPS) for g in shown if "+" in g}
    assert team == {label.get(g, g): n for g, n in shown.items()}
    assert sum(team.values()) == sum(counts.values())  # no rep lost
