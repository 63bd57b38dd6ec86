"""The worked example of docs/incentives.md, figure by figure."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fieldsales.incentives import calculate_payouts, example_plan

DOC = Path(__file__).resolve().parents[2] / "docs" / "incentives.md"


def test_worked_example_table():
    plan = example_plan()
    # base 80,000 × 0.6 / 4 = 12,000; target variable 80,000 × 0.4 / 4 = 8,000
    assert (plan.base_per_period, plan.target_variable_per_period) == (12_000.0, 8_000.0)
    frame = pd.DataFrame({
        "rep_id": ["Ana", "Ben", "Chen", "Dora"],
        "period": "2026-Q3",
        "revenue_won": [130_000.0, 40_000.0, 200_000.0, 60_000.0],
        "quota": [100_000.0, 100_000.0, 100_000.0, 0.0],
        "new_customers": [2, 0, 1, 1],
        "clawback_commission": [400.0, 0.0, 0.0, 0.0],
    })  # fmt: skip
    out = calculate_payouts(plan, frame).set_index("rep_id")
    # Ana: 1.0 × 1.0 + 0.3 × 1.5 = 1.45 → 11,600; 12,000 + 11,600 + 1,000 − 400 = 24,200
    # Ben: 0.4 × 1.0 = 0.4, below 50% → × 0.5 = 0.2 → 1,600; 12,000 + 1,600 = 13,600
    # Chen: 1.0 + 0.75 + 1.0 = 2.75, capped at 2.5 → 20,000; 12,000 + 20,000 + 500 = 32,500
    assert out["commission"].tolist()[:3] == pytest.approx([11_600.0, 1_600.0, 20_000.0])
    assert out["total_pay"].tolist()[:3] == pytest.approx([24_200.0, 13_600.0, 32_500.0])
    assert out.loc["Dora", "status"] == "no quota" and np.isnan(out.loc["Dora", "total_pay"])
    assert out.loc["Dora", "spif_pay"] == 500.0


def test_doc_shows_the_example_plan_as_saved():
    text = DOC.read_text(encoding="utf-8")
    for figure in ("**24,200**", "**13,600**", "**32,500**", '"fieldsales.commission_plan"'):
        assert figure in text
    # the JSON in the doc is example_plan().to_dict()
    start = text.index("```json\n") + len("```json\n")
    shown = text[start : text.index("```", start)]
    assert json.loads(shown) == example_plan().to_dict()
