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
