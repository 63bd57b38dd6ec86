"""Read what goal setting needs from a workspace: one metric's monthly history, account books.

The only module of :mod:`fieldsales.goals` that touches a workspace (and the
KPI layer, hence Ibis); everything else works on the frames it returns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..exceptions import ConfigError
from ._calendar import complete_months
from ._history import History
from ._metrics import GoalMetric, goal_metric
from ._territory import books, tier_values

if TYPE_CHECKING:
    from ..workspace import Workspace

__all__ = ["HISTORY_MONTHS", "data_window", "load_history", "load_books", "load_currency"]

#: Complete months of history read, at most (three years: the season needs whole years).
HISTORY_MONTHS = 36
_STARTS = (("activities", "started_at"), ("deals", "created_date"))


def data_window(ws: Workspace) -> tuple[pd.Timestamp, pd.Timestamp, list[pd.Period]]:
    """When the data start and end, and the complete months in between (36 at most).

    The start is the first activity (deal exports often reach further back
    than the rest of the data), else the first deal.
    """
    from ..kpis import data_end

    end = data_end(ws)
    start = end
    for table, column in _STARTS:
        if ws.has(table):
            value = ws.table(table)[column].min().to_pyarrow().as_py()
            if value is not None:
                start = pd.Timestamp(value)
                break
    return start, end, complete_months(start, end)[-HISTORY_MONTHS:]


def load_history(
    ws: Workspace,
    metric: str | GoalMetric,
    window: tuple[pd.Timestamp, pd.Timestamp, list[pd.Period]] | None = None,
) -> History:
    """The metric's monthly actual and FTE per rep over the complete months of data.

    ``window`` is :func:`data_window` when already known (it queries every table).
    """
    from ..kpis import compute

    metric = goal_metric(metric)
    start, end, months = window or data_window(ws)
    if not months:
        raise ConfigError(
            f"goal setting needs at least one complete month of data; the workspace {ws.path} "
            f"has data from {start:%d %b %Y} to {end:%d %b %Y} only"
        )
    frame = compute(
        ws, [metric.kpi, "rep_fte"], grain="month", period=f"{months[0]}..{months[-1]}", by="rep"
    )
    return History.from_frames(frame, ws.frame("reps"), metric, months, end)


def load_books(ws: Workspace, months: list[pd.Period]) -> pd.DataFrame | None:
    """Account books per rep (:func:`fieldsales.goals.books`), tier values from the last
    12 of ``months``; None without accounts, deals or months."""
    if not (ws.has("accounts") and ws.has("deals") and months):
        return None
    window = months[-12:]
    start, stop = window[0].start_time, window[-1].end_time
    accounts = ws.frame("accounts", columns=["account_id", "owner_rep_id", "tier"])
    d = ws.table("deals")
    won = d.filter(
        (d.status == "won") & d.account_id.notnull() & (d.close_date >= start.to_pydatetime())
        & (d.close_date <= stop.to_pydatetime())
    ).select("account_id", "amount").to_pyarrow().to_pandas()  # fmt: skip
    values = tier_values(accounts, won, len(window))
    book = books(accounts, values)
    book.attrs["tier_values"] = {str(k): float(v) for k, v in values.items()}
    return book


def load_currency(ws: Workspace) -> str:
    """The currency codes of the deals (``USD``; ``EUR, USD`` when mixed; empty without deals)."""
    if not ws.has("deals"):
        return ""
    codes = ws.table("deals").select("currency").distinct().to_pyarrow()["currency"].to_pylist()
    return ", ".join(sorted(str(c) for c in codes if c))
