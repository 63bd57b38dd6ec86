"""Proposed targets per rep: history, season, territory and ramp, each shown as a component.

For a rep and a target period::

    yearly from history   = pace x trend
    yearly from territory = team pace x book index
    proposed = (70 % x yearly from history + 30 % x yearly from territory)
               x season share of the period x ramp

``pace`` is what a full-pace year of the rep looks like (the last 12 months,
season and ramp taken out), ``trend`` half the change of that pace against
the year before (within +/-15 %), ``team pace`` the mean of ``pace x trend``
over the rep's team, ``book index`` the value of the accounts the rep owns
over the team's average book, ``season share`` the period's share of a
year, and ``ramp`` the share of full pace a new hire is expected at in the
period. Without account data the territory part is left out (100 % history).
A rep with too little history gets the team's median pace. See ``docs/goals.md``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._calendar import TargetPeriod
from ._history import History, paces, ramp_matrix, season_weights
from ._territory import TIERS, book_index

__all__ = ["propose", "why", "HISTORY_WEIGHT", "TERRITORY_WEIGHT", "reference_window"]

#: Weight of the rep's own history in a proposal (the rest is territory).
HISTORY_WEIGHT = 0.7
#: Weight of the territory's potential in a proposal, when account data exist.
TERRITORY_WEIGHT = 1 - HISTORY_WEIGHT


def reference_window(history: History, period: TargetPeriod) -> tuple[list[int], str]:
    """Columns of ``history`` to compare a target with, and their name.

    The same period a year earlier when every month of it is in the history,
    else the latest months of the same length.
    """
    index = {m: i for i, m in enumerate(history.months)}
    earlier = period.year_earlier()
    columns = [index.get(m) for m in earlier.months]
    if all(c is not None for c in columns):
        return columns, earlier.title
    n = min(len(period.months), len(history.months))
    columns = list(range(len(history.months) - n, len(history.months)))
    first, last = history.months[columns[0]], history.months[columns[-1]]
    name = f"{first:%b %Y}" if n == 1 else f"{first:%b %Y}–{last:%b %Y}"
    return columns, name


def propose(
    history: History,
    period: TargetPeriod,
    book: pd.DataFrame | None = None,
    *,
    weights: Sequence[float] | None = None,
) -> pd.DataFrame:
    """One row per rep employed at the data's end: the proposed target and its components.

    Parameters
    ----------
    history : the metric's monthly history (:class:`History`).
    period : the target period.
    book : per ``rep_id`` (index), column ``book`` and the account counts per
        tier, from :func:`fieldsales.goals.books`; None leaves territory out.
    weights : twelve season weights (January first, summing to 1) to use
        instead of :func:`fieldsales.goals.season_weights` (``season_years`` is then 0).

    Returns
    -------
    DataFrame with ``rep_id``, ``rep_name``, ``team``, ``hire_date``, ``pace``,
    ``pace_source`` (``own``, ``team median``, ``company median``, ``none``),
    ``growth``, ``trend``, ``yearly_history``, ``team_pace``, ``book``,
    ``accounts`` (text), ``book_index``, ``yearly_territory``,
    ``territory_weight``, ``season_share``, ``ramp``, ``from_history``,
    ``from_territory``, ``proposed`` (whole units) and ``reference`` (actual of
    :func:`reference_window`). ``attrs``: ``weights`` (12 season shares),
    ``season_years``, ``reference_label``, ``period``.
    """
    if weights is None:
        weights, years = season_weights(history, period.start.year)
    else:
        weights, years = np.asarray(weights, dtype=float), 0
    table = history.reps.reset_index(drop=True).join(paces(history, weights).drop(columns="rep_id"))
    reference, reference_label = reference_window(history, period)
    table["reference"] = history.actual[:, reference].sum(axis=1)
    table = table[history.current].reset_index(drop=True)

    own = table["pace"].notna()
    team_median = table["team"].map(table[own].groupby("team")["pace"].median())
    company = table.loc[own, "pace"].median() if own.any() else np.nan
    table["pace_source"] = np.select(
        [own, team_median.notna(), pd.notna(company)], ["own", "team median", "company median"],
        "none",
    )  # fmt: skip
    table["pace"] = table["pace"].fillna(team_median).fillna(company).fillna(0.0)

    months = period.months
    w = weights[[m.month - 1 for m in months]]
    season_ramp = ramp_matrix(table["hire_date"], months) @ w
    table["season_share"] = w.sum()
    table["ramp"] = season_ramp / w.sum()
    table["yearly_history"] = table["pace"] * table["trend"]
    table["team_pace"] = table.groupby("team")["yearly_history"].transform("mean")

    if book is not None and len(book):
        owned = book.reindex(table["rep_id"])
        table["book"] = owned["book"].fillna(0.0).to_numpy()
        counts = owned.reindex(columns=[t for t in book.columns if t != "book"]).fillna(0)
        table["accounts"] = [_accounts_text(row) for row in counts.to_dict("records")]
        table["book_index"] = book_index(table["book"], table["team"]).to_numpy()
    else:
        table["book"], table["accounts"], table["book_index"] = np.nan, "", np.nan
    table["yearly_territory"] = table["team_pace"] * table["book_index"]
    table["territory_weight"] = np.where(table["book_index"].notna(), TERRITORY_WEIGHT, 0.0)
    table["from_history"] = table["yearly_history"] * season_ramp
    table["from_territory"] = table["yearly_territory"].fillna(0.0) * season_ramp
    blended = (1 - table["territory_weight"]) * table["from_history"] + table[
        "territory_weight"
    ] * table["from_territory"]
    table["proposed"] = np.floor(blended + 0.5)
    table.attrs.update(
        weights=[float(x) for x in weights], season_years=years,
        reference_label=reference_label, period=period.label,
    )  # fmt: skip
    return table


def _accounts_text(counts: dict) -> str:
    tiers = [t for t in TIERS if t in counts] + sorted(set(counts) - set(TIERS))
    shown = [f"{int(counts[t])} {t}" for t in tiers if counts[t]]
    return " · ".join(shown) if shown else "no accounts"


def _num(value: float, unit: str) -> str:
    if unit == "currency" or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def why(row: pd.Series | dict, unit: str = "currency") -> str:
    """The proposal of one row of :func:`propose`, in words a manager can check."""
    r = dict(row)
    source = {
        "own": "own, last 12 months",
        "team median": "team median: too little history of their own",
        "company median": "company median: too little history in the team",
        "none": "no history at all",
    }[r["pace_source"]]
    text = f"pace {_num(r['pace'], unit)} a year ({source})"
    if r["trend"] != 1:
        text += f" × trend {r['trend']:.2f} = {_num(r['yearly_history'], unit)}"
    if r["territory_weight"] > 0:
        blend = HISTORY_WEIGHT * r["yearly_history"] + TERRITORY_WEIGHT * r["yearly_territory"]
        text += (
            f"; team pace {_num(r['team_pace'], unit)} × book {r['book_index']:.2f} "
            f"({r['accounts']}) = {_num(r['yearly_territory'], unit)}; "
            f"{HISTORY_WEIGHT:.0%}/{TERRITORY_WEIGHT:.0%} blend {_num(blend, unit)}"
        )
    text += f"; × season {r['season_share']:.1%}"
    if r["ramp"] < 1:
        text += f" × ramp {r['ramp']:.0%} (new hire)"
    return text + f" → {_num(r['proposed'], unit)}"
