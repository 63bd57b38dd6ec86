"""Territory potential: how valuable the book of accounts a rep owns is, against the team's.

Each account tier is worth what an account of that tier brought the company
on average in a year of history (revenue won over the accounts of the tier,
per account). A rep's *book* is the sum over the accounts the rep owns; the
*book index* is the book over the average book of the rep's team (1.0 = an
average book). The book is measured in revenue for every metric: a richer
book means more of every kind of sales work.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["tier_values", "books", "book_index"]

TIERS = ("A", "B", "C")


def tier_values(accounts: pd.DataFrame, won: pd.DataFrame, months: int) -> pd.Series:
    """Yearly revenue per account of each tier.

    Parameters
    ----------
    accounts : ``account_id``, ``tier`` (every account, owned or not).
    won : deals won in the last ``months`` months: ``account_id``, ``amount``.
    months : the length of that window (the sum is scaled to a year).

    Returns
    -------
    Series tier -> revenue per account and year; 0 for a tier with no revenue.
    """
    counts = accounts.groupby("tier").size()
    tiers = won.merge(accounts[["account_id", "tier"]], on="account_id", how="inner")
    revenue = tiers.groupby("tier")["amount"].sum().reindex(counts.index, fill_value=0.0)
    return (revenue / counts * 12 / max(months, 1)).astype(float).rename("value")


def books(accounts: pd.DataFrame, values: pd.Series) -> pd.DataFrame:
    """Per owning rep: ``book`` (sum of the tier values of the accounts owned) and the
    number of accounts per tier (``A``, ``B``, ``C``, ...), indexed by ``rep_id``."""
    owned = accounts[accounts["owner_rep_id"].notna()]
    counts = owned.pivot_table(
        index="owner_rep_id", columns="tier", values="account_id", aggfunc="count", fill_value=0
    )
    tiers = sorted(set(counts.columns) | set(TIERS))
    counts = counts.reindex(columns=tiers, fill_value=0).astype(int)
    book = (counts * values.reindex(tiers, fill_value=0.0)).sum(axis=1)
    return counts.assign(book=book.astype(float)).rename_axis("rep_id").rename_axis(None, axis=1)


def book_index(book: pd.Series, team: pd.Series) -> pd.Series:
    """``book`` over the mean book of the same ``team`` (aligned series, one row per rep).

    Missing where the team's mean book is 0 (no account data to judge by).
    """
    mean = book.groupby(team).transform("mean")
    return (book / mean.where(mean > 0)).astype(float).replace([np.inf, -np.inf], np.nan)
