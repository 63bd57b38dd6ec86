from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from fieldsales import Workspace
from fieldsales.summary import DATE_RANGE_NOTE, headlines, missing_values, table_summary


@pytest.fixture
def ws(tmp_path, tiny_tables):
    ws = Workspace.create(tmp_path / "ws")
    ws.write_tables(tiny_tables, today=date(2026, 11, 27))
    return ws


def test_table_summary_counts_rows_and_spans_dates(ws, tiny_tables):
    summary = table_summary(ws).set_index("table")
    for name, df in tiny_tables.items():
        assert summary.loc[name, "rows"] == len(df)
        assert summary.loc[name, "columns"] == df.shape[1]
    acts = tiny_tables["activities"]["started_at"]
    assert summary.loc["activities", "earliest"] == acts.min().date()
    assert summary.loc["activities", "latest"] == acts.max().date()
    periods = tiny_tables["quotas"]["period"]
    assert summary.loc["quotas", "earliest"] == pd.Period(periods.min()).start_time.date()
    # planned dates count too: the note says so (expiry dates lie after the data)
    expires = tiny_tables["compliance"]["expires_on"].max()
    assert summary.loc["compliance", "latest"] == expires.date() > acts.max().date()
    assert "expiry dates may lie in the future" in DATE_RANGE_NOTE


def test_missing_values_match_pandas(ws, tiny_tables):
    missing = missing_values(ws).set_index(["table", "column"])
    for name, df in tiny_tables.items():
        for column, n in df.isna().sum().items():
            if n:
                assert missing.loc[(name, column), "missing"] == n
                assert missing.loc[(name, column), "share"] == pytest.approx(n / len(df))
            else:
                assert (name, column) not in missing.index


def test_headlines_count_people_and_deals(ws, tiny_tables):
    reps, deals = tiny_tables["reps"], tiny_tables["deals"]
    sellers = reps[reps["role"] != "manager"]
    text = "\n".join(headlines(ws))
    assert f"{sellers['exit_date'].isna().sum()} reps employed" in text
    assert f"{(sellers['exit_type'] == 'voluntary').sum()} voluntary" in text
    won = deals.loc[deals["status"] == "won", "amount"].sum()
    assert f"won revenue {won:,.0f} USD" in text
    assert f"{(deals['status'] == 'open').sum():,} open" in text


def test_headlines_use_singular_for_one(tmp_path):
    reps = pd.DataFrame(
        {
            "rep_id": ["R1", "R2", "R3"],
            "name": ["Mia", "Ravi", "Ines"],
            "email": [None, None, None],
            "manager_id": [None, "R1", "R1"],
            "team": ["North"] * 3,
            "region": ["EU"] * 3,
            "territory": ["Lyon"] * 3,
            "hire_date": ["2018-01-15", "2020-03-01", "2021-06-01"],
            "exit_date": [None, None, "2024-03-31"],
            "exit_type": [None, None, "voluntary"],
            "role": ["manager", "field_rep", "inside_rep"],
        }
    )
    ws = Workspace.create(tmp_path / "one")
    ws.write("reps", reps)
    assert headlines(ws)[0] == (
        "people: 1 rep employed, 1 manager; 1 rep left (1 voluntary, 0 involuntary)"
    )
