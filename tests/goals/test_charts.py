"""The goal charts: sizes worked out by hand, specs that vega-lite 5 draws."""

from __future__ import annotations

import pandas as pd

from fieldsales.goals import MAX_HEIGHT, breakdown_chart, targets_chart


def bars(whos: int) -> pd.DataFrame:
    return pd.DataFrame(
        [{"who": f"W{i:03d}", "series": s, "value": float(i)} for i in range(whos)
         for s in ("actual Q1 2026", "proposed", "target")]
    )  # fmt: skip


def test_targets_chart_height_is_capped():
    # 2 reps x 3 series = 6 bars x 16 px = 96 -> the 120 px minimum
    assert targets_chart(bars(2), "t").to_dict()["height"] == 120
    # 10 reps: 30 bars x 16 px = 480
    spec = targets_chart(bars(10), "t").to_dict()
    assert spec["height"] == 480 and spec["encoding"]["yOffset"]["field"] == "series"
    # 100 teams: 300 bars would be 4800 px; capped at 1200 / 300 = 4 px a bar -> 1200
    assert targets_chart(bars(100), "t").to_dict()["height"] == MAX_HEIGHT == 1200
    colors = spec["encoding"]["color"]["scale"]["range"]
    assert colors == ["#9aa5b1", "#9ec5e8", "#1f5f99"]


def test_breakdown_chart_width_grows_with_the_slices():
    frame = pd.DataFrame({"slice": [f"2027-W{i:02d}" for i in range(1, 15)], "group": "2027-01",
                          "target": 1.0})  # fmt: skip
    # 14 weeks x 26 px = 364 px
    spec = breakdown_chart(frame, "by week").to_dict()
    assert spec["width"] == 364 and spec["mark"]["type"] == "bar"
    assert breakdown_chart(frame.head(3), "x").to_dict()["width"] == 240  # the minimum
