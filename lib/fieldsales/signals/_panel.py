"""The monthly per-rep panel the decline detector reads, straight from a workspace."""

from __future__ import annotations

import pandas as pd

from ..exceptions import ConfigError
from ..kpis import compute, data_end, get
from ..workspace import Workspace

__all__ = ["monthly_panel", "PANEL_KPIS"]

#: KPIs read for decline detection (those whose tables the workspace has).
PANEL_KPIS = ["activities_total", "deals_created", "revenue_won", "quota_attainment", "rep_fte"]


def monthly_panel(ws: Workspace, end: str | None = None, months: int = 24) -> pd.DataFrame:
    """Monthly KPIs per rep for the ``months`` months ending with ``end``.

    Parameters
    ----------
    ws : the workspace.
    end : last month, ``YYYY-MM``; default the month of the latest data.
    months : how many months to read.

    Returns
    -------
    The frame of :func:`fieldsales.kpis.compute` (grain month) for
    :data:`PANEL_KPIS` the workspace can compute, plus ``coverage`` (share of
    the month the data cover: below 1 for the month the data end in, 0 after)
    and ``hire_date``. ``attrs["skipped"]`` lists KPIs left out for want of a table.
    """
    if months < 1:
        raise ConfigError(f"months must be at least 1, got {months}")
    last_data = data_end(ws)
    last = pd.Period(end, freq="M") if end else pd.Period(last_data, freq="M")
    first = last - (months - 1)
    chosen = [k for k in PANEL_KPIS if all(ws.has(t) for t in get(k).tables)]
    skipped = [k for k in PANEL_KPIS if k not in chosen]
    panel = compute(ws, chosen, grain="month", period=f"{first}..{last}")
    start = pd.to_datetime(panel["period_start"])
    days = start.dt.days_in_month
    covered = (last_data.normalize() - start).dt.days + 1
    panel["coverage"] = (covered / days).clip(0.0, 1.0)
    reps = ws.frame("reps", columns=["rep_id", "hire_date"]).set_index("rep_id")["hire_date"]
    panel["hire_date"] = panel["rep_id"].map(reps)
    panel.attrs["skipped"] = skipped
    return panel
