"""The data behind the incentive design app: payout inputs per pay period, statements.

:func:`warm_up` computes what the page needs before anyone asks for it (in a
pre-heated Voila kernel, before the saved plans are read).

:func:`load_inputs` computes the payout inputs of every complete pay period of
the history window at once (the app cuts a period from them, and the
simulation resamples them all); :func:`write_statement` writes a rep's payout
statement to ``<workspace>/exports/`` and returns what the page shows of it.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import ConfigError, FieldsalesError
from ..incentives import (
    DEFAULT_SPIF_KPIS,
    CommissionPlan,
    payout_inputs,
    payout_statement_html,
    write_payout_statement_csv,
)
from ..kpis import catalogue, data_end
from ..workspace import Workspace
from ._common import esc
from ._incentive_views import HISTORY_PERIODS, complete_periods

__all__ = [
    "SPIF_KPIS",
    "Inputs",
    "Warm",
    "warm_up",
    "load_inputs",
    "with_spifs",
    "statement_path",
    "write_statement",
]


#: KPIs a SPIF can count (those whose tables the workspace has are offered).
SPIF_KPIS = ("new_customers", "deals_won", "customer_visits", "activities_demo",
             "trainings_completed", "csat_responses")  # fmt: skip


@dataclass
class Inputs:
    """The payout inputs of one pay period grain: the history and the periods offered."""

    frame: pd.DataFrame  # payout_inputs over the complete periods of the history window
    periods: list[str]  # periods with at least one rep with a full quota, newest first
    team: list[str]  # reps simulated: at work at the end of the newest period, with history
    note: str  # who is simulated, from which periods, in words


def load_inputs(ws: Workspace, grain: str, kpis: tuple[str, ...], end: pd.Timestamp,
                today: date) -> Inputs:  # fmt: skip
    """Payout inputs of the complete ``grain`` periods of the history window.

    A period is offered when at least one rep has a quota for all of it. The
    team simulated is the reps paid in the newest such period who had not
    left by its end.

    Raises
    ------
    ConfigError
        When no complete period of the window has a rep with a full quota.
    """
    window = complete_periods(end, today, grain, HISTORY_PERIODS[grain])
    inputs = payout_inputs(ws, f"{window[0]}..{window[-1]}", grain, spif_kpis=kpis)
    usable = np.isfinite(inputs["attainment"].astype(float)) & (inputs["quota_months_missing"] == 0)
    periods = [p for p in reversed(window) if (usable & (inputs["period"] == p)).any()]
    if not periods:
        raise ConfigError(
            f"no complete {grain} from {window[0]} to {window[-1]} has reps with a revenue "
            "quota: ask your analyst to import the quotas, or choose another pay period"
        )
    newest = inputs[usable & (inputs["period"] == periods[0])]
    ends = pd.Period(newest["period_start"].iloc[0], freq=grain[0].upper()).end_time
    exits = newest["rep_id"].map(ws.frame("reps").set_index("rep_id")["exit_date"])
    team = list(newest.loc[exits.isna() | (exits > ends), "rep_id"])
    used = [p for p in window if p in set(inputs.loc[usable, "period"])]
    note = (
        f"the {len(team):,} reps at work at the end of {periods[0]}, each drawing attainment "
        f"from their own {grain}s of {used[0]} to {used[-1]}, blended with the team's"
    )
    return Inputs(inputs, periods, team, note)


def with_spifs(frame: pd.DataFrame, *plans: CommissionPlan) -> pd.DataFrame:
    """Inputs with a (missing) count column for SPIFs on KPIs the workspace lacks:
    they pay nothing, and the payout notes say so."""
    lacking = {s.kpi for p in plans for s in p.spifs if s.kpi not in frame.columns}
    return frame.assign(**dict.fromkeys(lacking, np.nan)) if lacking else frame


def statement_path(ws: Workspace, plan: CommissionPlan, period: str, rep_id: str) -> Path:
    """Where a rep's payout statement CSV is written: ``<workspace>/exports/``."""

    def slug(text: str) -> str:
        return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")[:60] or "x"

    name = f"payout-statement-{slug(plan.name)}-{slug(period)}-{slug(rep_id)}.csv"
    return ws.path / "exports" / name


def write_statement(ws: Workspace, row: pd.Series, plan: CommissionPlan) -> str:
    """Write ``row``'s statement as CSV; return a download link and the HTML statement.

    The statement is a whole page with its own styles, so it is shown in a
    sandboxed ``iframe`` (its HTML escaped into ``srcdoc``): its styles stay
    inside and nothing in it can run. The link carries the CSV itself
    (a ``data:`` URL), so it downloads without the server serving files.
    """
    path = statement_path(ws, plan, str(row["period"]), str(row["rep_id"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_payout_statement_csv(row, plan, path)
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    page = escape(payout_statement_html(row, plan), quote=True)
    return (
        f'<p><a download="{esc(path.name)}" href="data:text/csv;base64,{data}">'
        f'Download the statement as CSV</a> <span class="fs-muted">(written to '
        f"{esc(str(path))})</span></p>"
        f'<iframe class="fs-statement" sandbox="" title="Payout statement" srcdoc="{page}" '
        'style="width:760px;height:640px;border:1px solid #dde3ea;background:#fff"></iframe>'
    )


@dataclass
class Warm:
    """What the page needs before anyone asks for it (a pre-heated kernel computes it)."""

    end: pd.Timestamp  # the data's end
    kpis: dict[str, str]  # SPIF counts the workspace has: KPI id -> name
    inputs: dict[tuple, Inputs]  # (grain, SPIF KPIs, today) -> payout inputs


def warm_up(ws: Workspace, today: date) -> Warm:
    """The data's end, the SPIF counts offered, and the quarterly inputs (most plans')."""
    cat = catalogue().set_index("id")
    kpis = {
        k: str(cat.at[k, "name"]) for k in SPIF_KPIS
        if k in cat.index and all(ws.has(t.strip()) for t in cat.at[k, "tables"].split(","))
    }  # fmt: skip
    warm = Warm(data_end(ws), kpis, {})
    default = tuple(k for k in kpis if k in DEFAULT_SPIF_KPIS)
    try:
        warm.inputs["quarter", default, today] = load_inputs(ws, "quarter", default, warm.end,
                                                             today)  # fmt: skip
    except FieldsalesError:  # e.g. no quotas: the page says so when it is built
        pass
    return warm
