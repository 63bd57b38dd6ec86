"""Team health at a glance: the playbook's front page (``playbook/index.ipynb``).

Attainment distribution, alerts by practice and the reps needing action this
week, for one team or all, for one month; with links to the other apps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from os import PathLike

import altair as alt
import ipywidgets as widgets
import pandas as pd

from .. import charts, config
from ..exceptions import ConfigError, FieldsalesError
from ..kpis import compute, data_end
from ..playbook import practice_name
from ..signals import KIND_NAMES, alerts
from ..workspace import Workspace
from ._common import (
    APPS,
    STYLE,
    App,
    error_html,
    esc,
    fmt,
    guarded,
    html_table,
    links_html,
    note_html,
    open_ws,
    tiles_html,
)
from ._render import chart_output, show_chart, show_html

__all__ = ["team_health", "MONTHS_SHOWN", "ACTION_ROWS"]

#: Months the period selector offers, newest first.
MONTHS_SHOWN = 12
#: Rows of the "needing action" table before it says how many more there are.
ACTION_ROWS = 25
#: Attainment drawn in the histogram's last bar when at or above this (a few 400% months
#: would otherwise squeeze everyone else into a corner).
ATTAINMENT_CAP = 2.0
#: Days after the data's end from which the page says the data are old.
STALE_AFTER_DAYS = 7
_KPIS = ["rep_fte", "quota_attainment", "revenue_won", "revenue_target"]
_ALL = ""
#: Which alert's action comes first for a rep with several: a customer waiting today,
#: then a sustained decline (its 1:1 also covers pace), wellbeing, the overdue 1:1, ...
_URGENCY = {
    kind: rank
    for rank, kind in enumerate(
        ["sla_breach", "decline", "wellbeing", "one_on_one_overdue", "pace",
         "compliance_overdue", "accounts_overdue", "compliance_due_soon"]
    )
}  # fmt: skip
_DATED = {
    "activities": "started_at",
    "deals": "created_date",
    "one_on_ones": "date",
    "complaints": "opened_at",
}


@dataclass
class _Month:
    """One month's figures for every rep, computed once and cut per team."""

    label: str
    reps: pd.DataFrame  # rep_id, rep_name, team, quota_attainment, revenue_won, revenue_target
    alerts: pd.DataFrame  # fieldsales.signals.alerts, team added
    notes: list[str]


def _data_start(ws: Workspace) -> pd.Timestamp | None:
    """When the data start: the first activity (deal exports often reach further back)."""
    for table, column in _DATED.items():
        if ws.has(table):
            value = ws.table(table)[column].min().to_pyarrow().as_py()
            if value is not None:
                return pd.Timestamp(value)
    return None


def _months(ws: Workspace, today: date) -> tuple[list[tuple[str, str]], pd.Timestamp]:
    """Dropdown options (text, label) of the months with data up to today, newest first."""
    end = data_end(ws)
    start = _data_start(ws) or end
    last = min(pd.Period(end, freq="M"), pd.Period(today, freq="M"))
    first = max(pd.Period(start, freq="M"), last - (MONTHS_SHOWN - 1))
    if last < first:  # today before the data start (FIELDSALES_TODAY in the past)
        last = first = pd.Period(end, freq="M")
    options = []
    month = last
    while month >= first:
        text = f"{month:%B %Y}"
        if month == pd.Period(end, freq="M") and end.normalize() < month.end_time.normalize():
            text += f" (to {end:%d %b})"
        options.append((text, str(month)))
        month -= 1
    return options, end


def _load_month(ws: Workspace, label: str, teams: pd.Series) -> _Month:
    kpis = compute(ws, _KPIS, grain="month", period=label, by="rep")
    kpis = kpis[kpis["rep_fte"].fillna(0) > 0].copy()
    kpis["team"] = kpis["rep_id"].map(teams)
    kpis = kpis[kpis["team"].notna()]  # managers have no team row here
    found = alerts(ws, label)
    found = found.assign(team=found["rep_id"].map(teams))
    return _Month(label, kpis.reset_index(drop=True), found, list(found.attrs.get("notes", [])))


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match.group(1) if match else text


def _needing_action(reps: pd.DataFrame, found: pd.DataFrame) -> pd.DataFrame:
    """One row per rep with a high-severity alert: what needs attention and a first step."""
    high = found[found["severity"] == "high"]
    if high.empty:
        return pd.DataFrame(columns=["rep_name", "team", "quota_attainment", "needs", "step"])
    rows = []
    for rep_id, group in high.groupby("rep_id", sort=False):
        group = group.sort_values("kind", key=lambda k: k.map(_URGENCY).fillna(len(_URGENCY)))
        kinds = list(dict.fromkeys(group["kind"]))
        rows.append(
            {
                "rep_id": rep_id,
                "rep_name": group["rep_name"].iloc[0],
                "team": group["team"].iloc[0],
                "high": len(group),
                "needs": ", ".join(KIND_NAMES.get(k, (k,))[0] for k in kinds),
                "step": _first_sentence(str(group["action_en"].iloc[0])),
            }
        )
    table = pd.DataFrame(rows)
    attainment = reps.set_index("rep_id")["quota_attainment"]
    table["quota_attainment"] = table["rep_id"].map(attainment)
    return table.sort_values(
        ["high", "quota_attainment"], ascending=[False, True], na_position="last"
    ).reset_index(drop=True)


def _tiles(reps: pd.DataFrame, found: pd.DataFrame, needing: int) -> str:
    att = reps["quota_attainment"].dropna()
    reached = (att >= 1).mean() if len(att) else float("nan")
    high = int((found["severity"] == "high").sum())
    tiles = [
        (f"{len(reps):,}", "reps at work", False),
        (fmt(reached, "ratio"), "reached their target", len(att) > 0 and reached < 0.4),
        (fmt(att.median() if len(att) else float("nan"), "ratio"), "median attainment", False),
        (f"{high:,}", "high-severity alerts", high > 0),
        (f"{needing:,}", "reps needing action", needing > 0),
    ]
    return tiles_html(tiles)


def _practice_counts(found: pd.DataFrame) -> pd.DataFrame:

    counts = found.groupby(["practice", "severity"]).size().rename("alerts").reset_index()
    counts["practice_name"] = [f"{int(p)}. {practice_name(p)}" for p in counts["practice"]]
    return counts


def _show_attainment(out: widgets.Output, reps: pd.DataFrame, scope: str) -> None:
    att = reps[["quota_attainment"]].dropna()
    if att.empty:
        show_html(out, f'<p class="fs-muted">No rep of {esc(scope)} has a target this month.</p>')
        return
    top = int((att["quota_attainment"] >= ATTAINMENT_CAP).sum())
    title = alt.TitleParams(
        f"Quota attainment, {scope}",
        subtitle=f"{top} rep(s) at {ATTAINMENT_CAP:.0%} or more: last bar" if top else "",
    )
    chart = charts.attainment_histogram(att.clip(upper=ATTAINMENT_CAP)).properties(title=title)
    show_chart(out, chart.properties(width=420, height=240).configure_axisY(tickMinStep=1))


def _show_alerts(out: widgets.Output, found: pd.DataFrame, scope: str) -> None:
    if found.empty:
        show_html(out, f'<p class="fs-muted">No alerts for {esc(scope)} this month.</p>')
        return
    chart = charts.alerts_by_practice_chart(
        _practice_counts(found), title=f"Alerts by practice, {scope}"
    )
    show_chart(out, chart.properties(width=300).configure_axisX(tickMinStep=1))


def _action_html(needing: pd.DataFrame, scope: str, *, with_team: bool) -> str:
    shown = needing.head(ACTION_ROWS)
    columns = {"rep_name": "Rep", "team": "Team", "quota_attainment": "Attainment",
               "needs": "Needs attention for", "step": "First step"}  # fmt: skip
    if not with_team:
        del columns["team"]
    table = html_table(
        shown, columns, units={"quota_attainment": "ratio"}, nowrap=("rep_name", "team"),
        empty=f"No rep of {scope} has a high-severity alert this month.",
    )  # fmt: skip
    more = len(needing) - len(shown)
    if more > 0:
        table += f'<p class="fs-muted">and {more} more: choose a team to see them all.</p>'
    return (
        "<h2>Reps needing action this week</h2>"
        '<p class="fs-muted">Reps with a high-severity alert, most alerts first. The first step '
        "is the recommended action for the most urgent of them.</p>" + table
    )


def team_health(
    ws: Workspace | str | PathLike | None = None,
    today: date | None = None,
    *,
    team: str = "",
    period: str = "",
) -> App:
    """The team health app: a fresh widget tree.

    Parameters
    ----------
    ws : a workspace, its folder, or empty for ``FIELDSALES_WORKSPACE``.
    today : the day the page is for; default :func:`fieldsales.config.today`.
        It picks the newest month offered and says how old the data are.
    team : the team shown first; empty for all teams.
    period : the month shown first (``2026-10``); empty for the newest.

    Returns
    -------
    :class:`App` with ``controls`` ``team`` and ``period`` (dropdowns) and
    ``parts`` ``summary``, ``action`` (HTML), ``attainment``, ``alerts``
    (chart outputs) and ``status``.
    """
    ws = open_ws(ws)
    today = today or config.today()
    reps = ws.frame("reps")
    reps = reps[reps["role"] != "manager"]
    teams_of = reps.set_index("rep_id")["team"].astype(str)
    teams = sorted(set(teams_of))
    months, end = _months(ws, today)
    if team and team not in teams:
        raise ConfigError(f"no team {team!r} in workspace {ws.path}; teams: {', '.join(teams)}")
    labels = [label for _, label in months]
    if period and period not in labels:
        raise ConfigError(
            f"period {period!r} is not one of the months offered ({labels[-1]} to {labels[0]}); "
            "give one of them as YYYY-MM, or leave it empty for the newest"
        )

    team_box = widgets.Dropdown(
        options=[("All teams", _ALL)] + [(t, t) for t in teams],
        value=team or _ALL,
        description="Team",
        layout=widgets.Layout(width="260px"),
    )
    month_box = widgets.Dropdown(
        options=months,
        value=period or labels[0],
        description="Month",
        layout=widgets.Layout(width="300px"),
    )
    header = widgets.HTML(
        STYLE
        + "<h1>Team health</h1>"
        + '<p class="fs-lead">How your team is doing at a glance: how close each rep is to '
        "target, which of the twenty management practices the alerts point to, and who needs "
        "your attention this week. Choose a team or a month below.</p>"
    )
    status = widgets.HTML()
    summary = widgets.HTML()
    summary.add_class("fs-view")
    attainment_out = chart_output(name="attainment")
    attainment_out.layout.width = "520px"
    alerts_out = chart_output(name="alerts")
    alerts_out.layout.width = "600px"
    action = widgets.HTML()
    action.add_class("fs-view")
    links = widgets.HTML("<h2>The other apps</h2>" + links_html(APPS, current="index"))
    cache: dict[str, _Month] = {}
    month_names = {label: text for text, label in months}

    def refresh() -> None:
        label = month_box.value
        if label not in cache:
            status.value = f'<p class="fs-muted">Computing the figures for {esc(label)}…</p>'
            cache[label] = _load_month(ws, label, teams_of)
        month, chosen = cache[label], team_box.value
        scope = f"team {chosen}" if chosen else "all teams"
        in_scope = month.reps if not chosen else month.reps[month.reps["team"] == chosen]
        found = month.alerts[month.alerts["rep_id"].isin(set(in_scope["rep_id"]))]
        needing = _needing_action(in_scope, found)
        meta = f"{month_names[label]}, {scope} · data up to {end:%d %b %Y} · today {today:%d %b %Y}"
        notes = list(month.notes)
        age = (pd.Timestamp(today) - end.normalize()).days
        if age > STALE_AFTER_DAYS:
            notes.insert(0, f"The data end on {end:%d %b %Y}, {age} days ago: ask your analyst "
                         "to import the latest CRM exports to see the weeks since.")  # fmt: skip
        summary.value = (
            f'<p class="fs-muted">{esc(meta)}</p>'
            + "".join(note_html(n) for n in notes)
            + _tiles(in_scope, found, len(needing))
        )
        _show_attainment(attainment_out, in_scope, scope)
        _show_alerts(alerts_out, found, scope)
        action.value = _action_html(needing, scope, with_team=not chosen)
        status.value = ""

    update = guarded(status, refresh)
    team_box.observe(update, names="value")
    month_box.observe(update, names="value")
    try:
        refresh()
    except FieldsalesError as exc:  # e.g. a table missing: say so on the page; bugs still raise
        status.value = error_html(str(exc))

    controls_row = widgets.HBox([team_box, month_box])
    charts_row = widgets.HBox(
        [attainment_out, alerts_out], layout=widgets.Layout(flex_flow="row wrap")
    )
    return App(
        [header, controls_row, status, summary, charts_row, action, links],
        controls={"team": team_box, "period": month_box},
        parts={
            "summary": summary,
            "attainment": attainment_out,
            "alerts": alerts_out,
            "action": action,
            "status": status,
            "links": links,
        },
    )
