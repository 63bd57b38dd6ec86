"""Data-quality views over a workspace and its import reports."""

from __future__ import annotations

import pandas as pd

from fieldsales import Workspace
from fieldsales.ingest import (
    completeness,
    date_ranges,
    duplicate_counts,
    import_file,
    import_history,
    new_owners,
    quality_headlines,
    quarantine_reasons,
)

from .conftest import FIXTURES, TODAY


def test_quality_after_an_import(tmp_path):
    import_file(tmp_path / "ws", FIXTURES / "zoho_deals.csv", today=TODAY, currency="USD")
    ws = Workspace.open(tmp_path / "ws")
    reasons = quarantine_reasons(ws)
    assert reasons[["table", "reason", "rows"]].to_dict("records") == [
        {"table": "deals", "reason": "Amount: not an amount", "rows": 1}
    ]
    owners = new_owners(ws)
    assert sorted(owners["name"]) == ["Ana Lima", "Ben Okafor", "Chen Wei"]
    assert owners["in_reps"].all()
    history = import_history(ws)
    assert history[["rows_read", "loaded", "duplicates", "quarantined"]].iloc[0].tolist() == [
        7,
        5,
        1,
        1,
    ]
    assert duplicate_counts(ws)["duplicates"].tolist() == [1]
    comp = completeness(ws).set_index(["table", "column"])
    assert comp.loc[("deals", "product"), "filled"] == 0
    assert comp.loc[("deals", "amount"), "filled_share"] == 1.0
    ranges = date_ranges(ws).set_index(["table", "column"])
    assert ranges.loc[("deals", "created_date"), "first"] == pd.Timestamp("2026-06-30")
    assert ranges.loc[("deals", "close_date"), "last"] == pd.Timestamp("2026-12-20")
    lines = quality_headlines(ws)
    assert "1 quarantined rows" in lines and "3 rep(s) created from unmatched owners" in lines


def test_quality_of_a_workspace_without_imports(tmp_path, tiny_tables):
    ws = Workspace.create(tmp_path / "ws")
    ws.write_tables({"reps": tiny_tables["reps"]})
    assert quarantine_reasons(ws).empty and new_owners(ws).empty and import_history(ws).empty
    assert "no quarantined rows" in quality_headlines(ws)
