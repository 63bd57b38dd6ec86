"""The worked examples of docs/goals.md, figure by figure, against the code."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from goals_helpers import FLAT, make_history, rep

from fieldsales.goals import decompose, propose, target_period, why

DOC = Path(__file__).resolve().parents[2] / "docs" / "goals.md"


def test_the_proposal_example():
    reps = [rep("A"), rep("B"), rep("C", hire="2026-09-10")]
    actual = {"A": [110.0] * 12, "B": [200.0] * 12, "C": [0.0] * 10 + [10.0, 30.0]}
    history = make_history(reps, actual, {"C": [0.0] * 10 + [0.7, 1.0]})
    book = pd.DataFrame({"A": [1, 3, 2], "book": [100.0, 300.0, 200.0]}, index=["A", "B", "C"])
    table = propose(history, target_period("2027-Q1"), book, weights=FLAT)
    assert table["proposed"].tolist() == [301, 629, 413]
    text = DOC.read_text(encoding="utf-8")
    for figure in ("**301**", "**629**", "**413**", "(1,320 + 2,400) / 2 = 1,860"):
        assert figure in text
    # the sentence the page shows, as quoted in the doc (wrapped over lines there)
    quoted = " ".join(
        text.split("The page says it the same way, per rep: *")[1].split("*")[0].split()
    )
    assert quoted == why(table.iloc[0])


def test_the_breakdown_example():
    parts = decompose(1000.0, target_period("2027-Q1"), FLAT)
    january = parts[(parts["level"] == "week") & (parts["parent"] == "2027-01")]["target"]
    shown = " + ".join(f"{v:.2f}" for v in january)
    assert shown == "15.87 + 79.37 + 79.37 + 79.37 + 79.36"
    assert " ".join(DOC.read_text(encoding="utf-8").split()).count(shown) == 1
