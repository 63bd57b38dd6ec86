"""Tier values, books and the book index, by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from fieldsales.goals import book_index, books, tier_values


@pytest.fixture
def accounts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "account_id": ["A1", "A2", "B1", "C1", "C2"],
            "owner_rep_id": ["X", "Y", "X", "Y", None],
            "tier": ["A", "A", "B", "C", "C"],
        }
    )


def test_tier_values_books_and_index(accounts):
    won = pd.DataFrame({"account_id": ["A1", "B1", "C1", "ZZ"], "amount": [600.0, 300, 60, 999]})
    values = tier_values(accounts, won, months=6)
    # six months, so x 2 for a year: A 600 x 2 / 2 accounts = 600; B 300 x 2 / 1 = 600;
    # C 60 x 2 / 2 = 60 (the unowned C2 counts in the average). ZZ is no known account.
    assert values.to_dict() == pytest.approx({"A": 600.0, "B": 600.0, "C": 60.0})
    book = books(accounts, values)
    # X owns A1 and B1: 600 + 600 = 1200; Y owns A2 and C1: 600 + 60 = 660
    assert book["book"].to_dict() == pytest.approx({"X": 1200.0, "Y": 660.0})
    assert book.loc["X", ["A", "B", "C"]].tolist() == [1, 1, 0]
    # both in one team: mean 930 -> X 1200/930 = 1.2903, Y 660/930 = 0.7097
    index = book_index(book["book"], pd.Series("T", index=book.index))
    assert index.to_dict() == pytest.approx({"X": 1200 / 930, "Y": 660 / 930})


def test_no_revenue_means_no_index(accounts):
    values = tier_values(accounts, pd.DataFrame({"account_id": [], "amount": []}), months=12)
    assert (values == 0).all()
    book = books(accounts, values)
    assert book_index(book["book"], pd.Series("T", index=book.index)).isna().all()
