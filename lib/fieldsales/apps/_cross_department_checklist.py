"""Practice 19, cross-department collaboration: the checklist, then hand-off times.

``playbook/cross_department_checklist.ipynb``. The checklist (items from
:mod:`fieldsales.playbook`, answers in the decisions store) comes first; below
it, from :mod:`fieldsales.handoffs`, the hand-offs the data can time, per team
(median and spread), and the ones they cannot, said plainly.
"""

from __future__ import annotations

from datetime import date
from os import PathLike

import altair as alt
import ipywidgets as widgets
import numpy as np
import pandas as pd

from .. import config
from ..exceptions import ConfigError, FieldsalesError
from ..handoffs import HANDOFFS, NOT_IN_DATA, HandOff, handoff_events, handoff_summary
from ..playbook import load_checklist
from ..workspace import Workspace
from ._checklist import checklist_app
from ._common import App, error_html, esc, guarded, html_table, note_html, open_ws, wait_for_viewer
from ._render import chart_output, show_chart, show_html

__all__ = ["cross_department_checklist", "spread_chart"]

_UNIT = {"hours": "h", "days": "days"}


def spread_chart(summary: pd.DataFrame, title: str, unit: str) -> alt.LayerChart:
    """Per team: median (tick), middle half (bar) and 80% of times (line, p10 to p90).

    ``summary`` is :func:`fieldsales.handoffs.handoff_summary` output; teams
    without a time are left out. Hours are drawn on a log scale (a few slow
    answers would squeeze the rest into a corner).
    """
    data = summary[summary["timed"] > 0].copy()
    teams = list(data["team"])
    low = 0.1 if unit == "hours" else 0.0
    for column in ("p10", "p25", "median", "p75", "p90"):
        data[column] = data[column].clip(lower=low)
    scale = alt.Scale(type="log") if unit == "hours" else alt.Scale(zero=True)
    y = alt.Y("team:N", sort=teams, title=None)
    x_title = f"{unit} (log scale)" if unit == "hours" else unit
    tooltip = [
        alt.Tooltip("team:N", title="team"),
        alt.Tooltip("timed:Q", title="hand-offs timed"),
        alt.Tooltip("median:Q", title=f"median ({unit})", format=".1f"),
        alt.Tooltip("p25:Q", title="25%", format=".1f"),
        alt.Tooltip("p75:Q", title="75%", format=".1f"),
        alt.Tooltip("p90:Q", title="90%", format=".1f"),
    ]
    base = alt.Chart(data, width=460)
    spread = base.mark_rule(color="#7f8c8d").encode(
        y=y, x=alt.X("p10:Q", scale=scale, title=x_title), x2="p90:Q", tooltip=tooltip
    )
    middle = base.mark_bar(size=12, color="#9ec1e6").encode(
        y=y, x=alt.X("p25:Q", scale=scale), x2="p75:Q", tooltip=tooltip
    )
    median = base.mark_tick(color="#1f3b57", thickness=3, size=16).encode(
        y=y, x=alt.X("median:Q", scale=scale), tooltip=tooltip
    )
    return alt.layer(spread, middle, median).properties(title=title)


def _time(value: float, unit: str) -> str:
    if value is None or not np.isfinite(value):
        return "–"
    return f"{value:,.1f} {_UNIT[unit]}"


def _table(summary: pd.DataFrame, handoff: HandOff) -> str:
    unit = handoff.unit
    shown = pd.DataFrame({
        "team": summary["team"],
        "n": summary["n"].map(lambda v: f"{v:,}"),
        "median": summary["median"].map(lambda v: _time(v, unit)),
        "middle": [f"{_time(a, unit)} to {_time(b, unit)}" if np.isfinite(a) else "–"
                   for a, b in zip(summary["p25"], summary["p75"], strict=True)],
        "p90": summary["p90"].map(lambda v: _time(v, unit)),
        "within": summary["within"].map(lambda v: f"{v:.0%}" if np.isfinite(v) else "–"),
        "pending": summary["pending"].map(lambda v: f"{v:,}"),
    })  # fmt: skip
    columns = {"team": "Team", "n": "Hand-offs", "median": "Median", "middle": "Middle half",
               "p90": "9 in 10 within", "within": "Within target",
               "pending": handoff.missing.capitalize()}  # fmt: skip
    if not handoff.target:
        del columns["within"]
    return html_table(shown, columns, nowrap=("team", "median", "middle", "p90"))


def _not_in_data_html() -> str:
    rows = pd.DataFrame(NOT_IN_DATA, columns=["handoff", "department", "why"])
    return (
        "<h3>What the data cannot show</h3>"
        '<p class="fs-muted">These hand-offs matter as much, but no table of the data model '
        "holds the dates they need, so no figure is given for them.</p>"
        + html_table(
            rows,
            {"handoff": "Hand-off", "department": "Department", "why": "Why not"},
            nowrap=("handoff",),
        )  # fmt: skip
    )


def cross_department_checklist(
    ws: Workspace | str | PathLike | None = None,
    today: date | None = None,
    *,
    team: str = "",
    handoff: str = "",
    user: str = "",
    lang: str = "en",
) -> App:
    """The cross-department checklist app (practice 19): a fresh widget tree.

    Parameters
    ----------
    ws : a workspace, its folder, or empty for ``FIELDSALES_WORKSPACE``.
    today : the day overdue items are judged against; default :func:`fieldsales.config.today`.
    team : the team whose checklist is shown first; empty for the whole company's.
    handoff : the hand-off shown first (a :data:`fieldsales.handoffs.HANDOFFS` key); empty
        for the first the data can time.
    user : the name recorded with saves; default ``FIELDSALES_USER`` or the OS user.
    lang : ``en`` or ``zh``, the language of the checklist items.

    Returns
    -------
    :class:`~fieldsales.apps.App` with ``controls`` ``team``, ``user`` and
    ``handoff`` (when the data time one), and ``parts`` ``checklist``,
    ``summary``, ``message``, ``status``, ``handoffs`` (table), ``chart``,
    ``missing`` (the hand-offs the data cannot show).
    """
    wait_for_viewer()  # pre-heated: read saved decisions when the page is asked for
    ws = open_ws(ws)
    today = today or config.today()
    events = handoff_events(ws)
    timed = [h for h in HANDOFFS if h.key in events]
    if handoff and handoff not in {h.key for h in timed}:
        keys = ", ".join(h.key for h in timed) or "none"
        raise ConfigError(f"handoff must be one of the hand-offs the data time ({keys}), "
                          f"got {handoff!r}")  # fmt: skip
    view = widgets.HTML()
    view.add_class("fs-view")
    chart_out = chart_output(name="handoffs")
    missing = widgets.HTML(_not_in_data_html())
    status = widgets.HTML()
    controls: dict[str, widgets.Widget] = {}
    body: list[widgets.Widget] = []
    cache: dict[str, pd.DataFrame] = {}
    if not timed:
        view.value = note_html(
            "The data have no complaints and no customer feedback after won deals: no hand-off "
            "between sales and another department can be timed. Import the complaints and "
            "customer_feedback tables to see them."
        )
        body = [view, missing]
    else:
        box = widgets.Dropdown(
            options=[(h.title, h.key) for h in timed], value=handoff or timed[0].key,
            description="Hand-off", layout=widgets.Layout(width="380px"),
        )  # fmt: skip
        controls["handoff"] = box
        by_key = {h.key: h for h in timed}

        def refresh() -> None:
            chosen = by_key[box.value]
            frame = events[chosen.key]
            if chosen.key not in cache:
                cache[chosen.key] = handoff_summary(frame)
            summary = cache[chosen.key]
            start, end = frame.attrs["start"], frame.attrs.get("last", frame.attrs["end"])
            target = f" On target: {chosen.target}." if chosen.target else ""
            later = frame.attrs.get("note", "")
            view.value = (
                f'<p class="fs-muted"><b>{esc(chosen.title)}</b> ({esc(chosen.between)}): '
                f"{start:%d %b %Y} to {end:%d %b %Y}, by the team of the rep concerned."
                f"{esc(target)} {esc(later)}</p>" + _table(summary, chosen)
            )
            if summary["timed"].sum() == 0:
                show_html(chart_out, '<p class="fs-muted">No hand-off of this kind was timed '
                                     "in these months.</p>")  # fmt: skip
            else:
                show_chart(chart_out, spread_chart(summary, f"{chosen.title}, per team",
                                                   chosen.unit))  # fmt: skip
            status.value = ""

        box.observe(guarded(status, refresh), names="value")
        try:
            refresh()
        except FieldsalesError as exc:
            status.value = error_html(str(exc))
        body = [widgets.HBox([box]), status, view, chart_out, missing]
    intro = widgets.HTML(
        "<h2>What the data show: hand-off times</h2>"
        '<p class="fs-muted">How fast work passes between sales and the other departments, '
        "timed from the CRM data: the median per team, the middle half of the times (bar) and "
        "9 in 10 of them (line).</p>"
    )
    return checklist_app(
        ws, load_checklist(19), team=team, user=user, today=today, lang=lang,
        analytics=[intro, *body], controls=controls,
        parts={"handoffs": view, "chart": chart_out, "missing": missing},
    )  # fmt: skip
