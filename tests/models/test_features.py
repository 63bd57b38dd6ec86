"""Feature values by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from fieldsales.models import build_features
from fieldsales.models._features import TO_DATE_PSEUDO


@pytest.mark.parametrize(
    ("feature", "table", "date", "value"),
    [
        ("training_score", "trainings", "completed_on", "score"),
        ("nps_to_date", "customer_feedback", "date", "nps"),
    ],
)
def test_to_date_averages_by_hand(tiny_ws, feature, table, date, value):
    """Every record up to the month's end, shrunk to the company's average to that date."""
    sample, ws = tiny_ws
    features = build_features(ws)
    records = sample.tables[table].dropna(subset=[value, "rep_id"])
    checked = 0
    for month in ("2026-01", "2026-08"):
        end = pd.Period(month, freq="M").end_time
        known = records[records[date] <= end]
        company = known[value].mean()
        rows = features[features["month"] == month]
        for rep_id, got in zip(rows["rep_id"], rows[feature], strict=True):
            own = known.loc[known["rep_id"] == rep_id, value]
            expected = (own.sum() + TO_DATE_PSEUDO * company) / (len(own) + TO_DATE_PSEUDO)
            assert got == pytest.approx(expected, rel=1e-9), (rep_id, month)
            checked += len(own) > 0
    assert checked >= 5


def test_trailing_windows_by_hand():
    """Rep A's rows 1, NaN, 3, 4 and rep B's 10, 20: windows never cross into another rep."""
    from fieldsales.models._features import _Trailing

    p = pd.DataFrame({"rep_id": ["A", "A", "A", "A", "B", "B"]})
    x = pd.Series([1.0, float("nan"), 3.0, 4.0, 10.0, 20.0])
    g = _Trailing(p)
    # sums of the last 3 rows that are there (missing only when all are)
    assert g.sum(x, 3).tolist() == [1.0, 1.0, 4.0, 7.0, 10.0, 30.0]
    assert g.shift(x, 1).fillna(-1).tolist() == [-1, 1.0, -1, 3.0, -1, 10.0]
    # std of 1, 3, 4 (NaN skipped): mean 8/3, squares 25/9 + 1/9 + 16/9 = 42/9, / 2
    std = g.std(x, 4, min_periods=3)
    assert std.iloc[3] == pytest.approx((42 / 9 / 2) ** 0.5)
    assert std.iloc[:3].isna().all() and std.iloc[4:].isna().all()  # fewer than 3 values


def test_trailing_windows_match_pandas():
    """On random data with gaps, the same as pandas' group-wise rolling and shift."""
    import numpy as np

    from fieldsales.models._features import _Trailing

    rng = np.random.default_rng(4)
    reps = np.repeat([f"R{i}" for i in range(40)], rng.integers(1, 15, 40))
    p = pd.DataFrame({"rep_id": reps, "x": rng.normal(size=len(reps))})
    p.loc[rng.random(len(p)) < 0.2, "x"] = np.nan
    g, by = _Trailing(p), p.groupby("rep_id", sort=False)["x"]
    for window in (3, 6, 12):
        expected = by.rolling(window, min_periods=1).sum().reset_index(level=0, drop=True)
        pd.testing.assert_series_equal(g.sum(p["x"], window), expected, check_names=False)
    expected = by.rolling(6, min_periods=3).std().reset_index(level=0, drop=True)
    pd.testing.assert_series_equal(g.std(p["x"], 6, 3), expected, check_names=False)
    pd.testing.assert_series_equal(g.shift(p["x"], 3), by.shift(3), check_names=False)
