"""The 1:1 planner (``playbook/one_on_ones.ipynb``): who is due, an agenda, the record, actions.

Practice 2 (regular communication): days since each rep's last 1:1 against
the team's cadence (:class:`fieldsales.signals.AlertThresholds`), counting the
1:1s of the CRM export and those recorded on this page; a suggested agenda
drafted from the rep's signals; a form that records a 1:1 with its action
items in the state store; the open actions, to be marked done.

The first view reads only the reps, the latest 1:1 per rep and the store:
the alerts behind the agenda are computed when a manager asks for an agenda.
Risk scores are not shown here.
"""

from __future__ import annotations

from datetime import date
from os import PathLike

import altair as alt
import ipywidgets as widgets
import pandas as pd

from .. import config
from ..exceptions import ConfigError, FieldsalesError
from ..kpis import data_end
from ..signals import AlertThresholds, alerts
from ..signals._agenda import CADENCE_STATUSES, agenda, cadence, crm_last_one_on_ones, last_notes
from ..state import open_store
from ..workspace import Workspace
from ._agenda import (
    ACTIONS_GRID_COLUMNS,
    AGENDA_STYLE,
    RecordForm,
    agenda_html,
    fill_actions_grid,
)
from ._common import (
    APPS,
    STYLE,
    App,
    default_user,
    error_html,
    esc,
    guarded,
    html_table,
    links_html,
    note_html,
    open_ws,
    tiles_html,
    wait_for_viewer,
)
from ._render import chart_output, show_chart, show_html

__all__ = ["one_on_ones", "cadence_chart", "CHART_REPS", "TABLE_ROWS", "ACTION_ROWS"]

#: Bars in the chart: the most overdue reps of the scope.
CHART_REPS = 25
#: Rows of the "who is due" table (the chart's reps) before it says how many more there are.
TABLE_ROWS = CHART_REPS
#: Open actions listed before the list says how many more there are.
ACTION_ROWS = 40
#: Days after the data's end from which the page says the CRM data are old.
STALE_AFTER_DAYS = 7
_ALL = ""
_COLORS = ("#3b6ea8", "#e67e22", "#c0392b")


def cadence_chart(frame: pd.DataFrame, threshold: int, title: str) -> alt.LayerChart:
    """Horizontal bars of ``days`` per rep (in the frame's order); the cadence, a dashed rule.

    ``frame``: rows of :func:`fieldsales.signals._agenda.cadence`; bars are
    coloured by ``status``.
    """
    data = frame[["rep_name", "team", "days", "status"]].copy()
    data["last_1_1"] = ["none" if pd.isna(v) else f"{v:%Y-%m-%d}" for v in frame["last"]]
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("days:Q", title="days since the last 1:1"),
        y=alt.Y("rep_name:N", sort=None, title=None),
        color=alt.Color(
            "status:N",
            scale=alt.Scale(domain=list(CADENCE_STATUSES), range=list(_COLORS)),
            legend=alt.Legend(title=None, orient="bottom"),
        ),
        tooltip=[
            alt.Tooltip("rep_name:N", title="rep"), "team:N",
            alt.Tooltip("last_1_1:N", title="last 1:1"), "days:Q", "status:N",
        ],
    )  # fmt: skip
    rule = alt.Chart(data).mark_rule(color="#333", strokeDash=[4, 3]).encode(x=alt.datum(threshold))
    return alt.layer(bars, rule).properties(title=title, width=380, height=max(60, 18 * len(data)))


def _tiles(scope: pd.DataFrame, actions: pd.DataFrame, t: AlertThresholds) -> str:
    late = int(actions["late"].sum()) if len(actions) else 0
    tiles = [
        (f"{len(scope):,}", "reps at work", False),
        (f"{int((scope['days'] > t.one_on_one_days).sum()):,}",
         f"overdue (over {t.one_on_one_days} days)", False),
        (f"{int((scope['days'] > t.one_on_one_high_days).sum()):,}",
         f"over {t.one_on_one_high_days} days", True),
        (f"{len(actions):,}", "open actions", False),
        (f"{late:,}", "actions past due", True),
    ]  # fmt: skip
    return tiles_html([(value, text, bad and value != "0") for value, text, bad in tiles])


def _due_html(scope: pd.DataFrame, scope_text: str, *, with_team: bool) -> str:
    shown = scope.head(TABLE_ROWS).assign(
        last_text=[
            "none" if pd.isna(v) else f"{v:%d %b %Y}" for v in scope["last"].head(TABLE_ROWS)
        ],
        source_text=scope["source"].head(TABLE_ROWS).replace({"none": "–"}),
    )
    columns = {"rep_name": "Rep", "team": "Team", "last_text": "Last 1:1",
               "source_text": "Recorded in", "days": "Days", "status": "Status"}  # fmt: skip
    if not with_team:
        del columns["team"]
    table = html_table(
        shown, columns, units={"days": "count"}, nowrap=("rep_name", "team", "last_text"),
        empty=f"No rep of {scope_text} is at work today.",
    )  # fmt: skip
    more = len(scope) - len(shown)
    if more > 0:
        table += f'<p class="fs-muted">and {more} more, fewer days since their last 1:1.</p>'
    return table


def one_on_ones(
    ws: Workspace | str | PathLike | None = None,
    today: date | None = None,
    *,
    team: str = "",
    user: str = "",
    thresholds: AlertThresholds | None = None,
) -> App:
    """The 1:1 planner: a fresh widget tree.

    Parameters
    ----------
    ws : a workspace, its folder, or empty for ``FIELDSALES_WORKSPACE``.
    today : the day the days are counted to and the default day of a 1:1;
        default :func:`fieldsales.config.today`.
    team : the team shown first; empty for all teams.
    user : the name saves are made under; default ``FIELDSALES_USER``, else
        the login name. The manager can change it on the page.
    thresholds : the cadence (``one_on_one_days``, ``one_on_one_high_days``);
        default :class:`~fieldsales.signals.AlertThresholds()`.

    Returns
    -------
    :class:`App` with ``controls`` ``team``, ``user``, ``rep`` (the rep to
    prepare and record a 1:1 with), ``lang``, ``draft`` (button), ``held_on``,
    ``notes``, ``add_action``, ``save`` (button) and ``actions_rep``; and
    ``parts`` ``summary``, ``due`` (HTML), ``chart``, ``agenda``,
    ``action_rows`` (a VBox of the form's rows), ``saved``, ``open_actions``
    (a GridBox whose "Done" buttons close an action) and ``status``.
    """
    wait_for_viewer()  # pre-heated: read saved decisions when the page is asked for
    ws = open_ws(ws)
    today = today or config.today()
    t = thresholds or AlertThresholds()
    reps = ws.frame("reps")
    teams = sorted(set(reps.loc[reps["role"] != "manager", "team"].dropna().astype("str")))
    if team and team not in teams:
        raise ConfigError(f"no team {team!r} in workspace {ws.path}; teams: {', '.join(teams)}")
    end = data_end(ws)
    month = f"{min(pd.Timestamp(today), end):%Y-%m}"
    month_text = f"{pd.Period(month, freq='M'):%B %Y}"
    crm_last = crm_last_one_on_ones(ws, today)
    names = reps.set_index("rep_id")["name"].astype("str")
    state: dict = {"alerts": None}

    team_box = widgets.Dropdown(
        options=[("All teams", _ALL)] + [(x, x) for x in teams], value=team or _ALL,
        description="Team", layout=widgets.Layout(width="260px"),
    )  # fmt: skip
    user_box = widgets.Text(
        value=user or default_user(), description="Your name", placeholder="who is saving",
        layout=widgets.Layout(width="300px"),
    )  # fmt: skip
    header = widgets.HTML(
        STYLE + AGENDA_STYLE + "<h1>1:1 planning</h1>"
        '<p class="fs-lead">Regular 1:1s (practice 2 of the playbook): who is due for one, '
        "what to talk about, and what was agreed. "
        f"The cadence is a 1:1 at least every {t.one_on_one_days} days (weekly is best). "
        "Choose a team, prepare a 1:1 from the rep's signals, record it, and follow up on "
        "the actions.</p>"
    )  # fmt: skip
    status, summary, due = widgets.HTML(), widgets.HTML(), widgets.HTML()
    summary.add_class("fs-view")
    due.add_class("fs-view")
    chart_out = chart_output(name="cadence")
    chart_out.layout.width = "560px"
    rep_box = widgets.Dropdown(description="1:1 with", layout=widgets.Layout(width="420px"))
    lang_box = widgets.ToggleButtons(
        options=[("English", "en"), ("中文 (Chinese)", "zh")], value="en"
    )
    lang_box.style.button_width = "110px"
    draft = widgets.Button(description="Draft the agenda", icon="list")
    agenda_box = widgets.HTML()
    agenda_box.add_class("fs-view")
    form = RecordForm(today)
    actions_rep = widgets.Dropdown(description="Rep", layout=widgets.Layout(width="420px"))
    grid = widgets.GridBox(layout=widgets.Layout(grid_template_columns=ACTIONS_GRID_COLUMNS))
    grid.add_class("fs-grid")
    grid.add_class("fs-view")
    actions_note = widgets.HTML()
    links = widgets.HTML("<h2>The other apps</h2>" + links_html(APPS, current="one_on_ones"))

    def load_store() -> None:
        with open_store(ws) as store:
            state["recorded"] = store.one_on_ones()
            found = store.open_actions()
        found["late"] = pd.to_datetime(found["due"]) < pd.Timestamp(today)
        found["rep_name"] = found["rep_id"].map(names).fillna(found["rep_id"]).astype("str")
        state["actions"] = found
        state["cadence"] = cadence(reps, crm_last, state["recorded"], today, t)

    def in_scope() -> pd.DataFrame:
        frame = state["cadence"]
        return frame if not team_box.value else frame[frame["team"] == team_box.value]

    def scoped_actions() -> pd.DataFrame:
        found = state["actions"]
        if team_box.value:
            found = found[found["rep_id"].isin(set(in_scope()["rep_id"]))]
        return found

    def show_overview() -> None:
        scope = in_scope()
        chosen = team_box.value
        scope_text = f"team {chosen}" if chosen else "all teams"
        age = (pd.Timestamp(today) - end.normalize()).days
        meta = (
            f"{scope_text[0].upper()}{scope_text[1:]} · today {today:%d %b %Y} "
            f"· CRM data up to {end:%d %b %Y}"
        )
        notes = []
        if age > STALE_AFTER_DAYS:
            notes.append(
                f"The CRM data end on {end:%d %b %Y}, {age} days ago: 1:1s held since then "
                "count only once recorded on this page (or after the next CRM import)."
            )
        if not ws.has("one_on_ones"):
            notes.append(
                "The workspace has no one_on_ones table: only the 1:1s recorded on this page "
                "count; reps without one are counted from their start date."
            )
        summary.value = (
            f'<p class="fs-muted">{esc(meta)}</p>' + "".join(note_html(n) for n in notes)
            + _tiles(scope, scoped_actions(), t)
        )  # fmt: skip
        due.value = _due_html(scope, scope_text, with_team=not chosen)
        if scope.empty:
            show_html(chart_out, f'<p class="fs-muted">No rep of {esc(scope_text)} at work.</p>')
        else:
            top = scope.head(CHART_REPS)
            title = alt.TitleParams(
                f"Days since the last 1:1, {scope_text}",
                subtitle=[
                    f"the {len(top)} most overdue of {len(scope)} reps"
                    if len(top) < len(scope) else f"{len(scope)} reps",
                    f"dashed line: the cadence, a 1:1 every {t.one_on_one_days} days",
                ],
            )  # fmt: skip
            show_chart(chart_out, cadence_chart(top, t.one_on_one_days, title))

    def rep_options() -> None:
        scope = in_scope()
        with_team = not team_box.value
        options = [
            (f"{r.rep_name}{', ' + r.team if with_team else ''} ({r.days} days)", r.rep_id)
            for r in scope.itertuples(index=False)
        ]
        current = rep_box.value
        state["quiet"] = True
        try:
            rep_box.options = options
            ids = [rid for _, rid in options]
            rep_box.value = current if current in ids else (ids[0] if ids else None)
        finally:
            state["quiet"] = False

    def show_agenda() -> None:
        rep_id = rep_box.value
        if rep_id is None:
            agenda_box.value = '<p class="fs-muted">No rep to prepare a 1:1 with.</p>'
            return
        row = state["cadence"].set_index("rep_id").loc[rep_id]
        form.set_owners([row["rep_name"], user_box.value.strip()])
        if state["alerts"] is None:
            draft.layout.display = None
            agenda_box.value = (
                f'<p class="fs-muted">Press “Draft the agenda” to suggest topics for the 1:1 with '
                f"{esc(row['rep_name'])} from their signals of {month_text} and the actions still "
                "open from earlier 1:1s (the first draft takes a few seconds).</p>"
            )
            return
        found = state["alerts"]
        mine = state["actions"][state["actions"]["rep_id"] == rep_id]
        items = agenda(found[found["rep_id"] == rep_id], mine, lang=lang_box.value, today=today)
        notes = last_notes(ws, state["recorded"], rep_id, row["last"], row["source"])
        agenda_box.value = agenda_html(
            row["rep_name"], items, lang=lang_box.value, month=month, last=row["last"],
            source=row["source"], last_notes=notes, since=row["since"],
        )  # fmt: skip

    def load_alerts() -> None:
        if state["alerts"] is None:
            status.value = f'<p class="fs-muted">Reading the signals of {month_text}…</p>'
            state["alerts"] = alerts(ws, month)
            draft.layout.display = "none"
            status.value = ""
        show_agenda()

    def show_actions() -> None:
        found = scoped_actions()
        reps_with = found.drop_duplicates("rep_id").sort_values("rep_name")
        options = [("All reps", _ALL)] + [
            (r.rep_name, r.rep_id) for r in reps_with.itertuples(index=False)
        ]
        keep = actions_rep.value if actions_rep.value in {v for _, v in options} else _ALL
        state["quiet"] = True
        try:
            actions_rep.options = options
            actions_rep.value = keep
        finally:
            state["quiet"] = False
        if keep:
            found = found[found["rep_id"] == keep]
        fill_actions_grid(grid, found.head(ACTION_ROWS), close_one)
        more = len(found) - min(len(found), ACTION_ROWS)
        actions_note.value = (
            '<p class="fs-muted"><em>No open actions.</em></p>' if found.empty
            else f'<p class="fs-muted">and {more} more: choose a rep to see them all.</p>'
            if more > 0 else ""
        )  # fmt: skip

    def close_one(action_id: int) -> None:
        def run() -> None:
            who = user_box.value.strip()
            if not who:
                status.value = error_html("Fill in “Your name” first: it is saved with the change.")
                return
            with open_store(ws) as store:
                store.close_action(int(action_id), who)
            load_store()
            refresh_all()
            status.value = '<p class="fs-muted">Marked done.</p>'

        guarded(status, run)()

    def save() -> None:
        rep_id, who = rep_box.value, user_box.value.strip()
        held_on, actions, problems = form.check()
        if rep_id is None:
            problems.insert(0, "choose the rep the 1:1 was with")
        if not who:
            problems.insert(0, "fill in “Your name”: it is saved with the 1:1")
        if problems:
            form.saved.value = error_html("Not saved: " + "; ".join(problems) + ".")
            return
        with open_store(ws) as store:
            store.record_one_on_one(rep_id, held_on, form.notes.value, actions, saved_by=who)
        name = names.get(rep_id, rep_id)
        form.clear()
        load_store()
        refresh_all()
        count = f"{len(actions)} action{'s' if len(actions) != 1 else ''}"
        form.saved.value = (
            f'<span class="fs-muted">Saved: the 1:1 with {esc(name)} on {held_on:%d %b %Y}, '
            f"{count}.</span>"
        )

    def refresh_all() -> None:
        status.value = ""
        show_overview()
        rep_options()
        show_agenda()
        show_actions()

    def on_quiet(action):
        def run() -> None:
            if not state.get("quiet"):
                action()

        return run

    team_box.observe(guarded(status, refresh_all), names="value")
    rep_box.observe(guarded(status, on_quiet(show_agenda)), names="value")
    lang_box.observe(guarded(status, show_agenda), names="value")
    actions_rep.observe(guarded(status, on_quiet(show_actions)), names="value")
    draft.on_click(guarded(status, load_alerts))
    form.save.on_click(guarded(form.saved, save))
    try:
        load_store()
        refresh_all()
    except FieldsalesError as exc:  # e.g. the store cannot be opened: say so, bugs still raise
        status.value = error_html(str(exc))

    return App(
        [
            header,
            widgets.HBox([team_box, user_box]),
            status,
            summary,
            widgets.HTML("<h2>Who is due for a 1:1</h2>"),
            widgets.HBox([chart_out, due], layout=widgets.Layout(flex_flow="row wrap")),
            widgets.HTML("<h2>Prepare and record a 1:1</h2>"),
            widgets.HBox([rep_box, lang_box, draft]),
            agenda_box,
            widgets.HTML("<h3>Record the 1:1</h3>"),
            form.box,
            widgets.HTML("<h2>Open actions</h2>"),
            actions_rep,
            grid,
            actions_note,
            links,
        ],
        controls={
            "team": team_box, "user": user_box, "rep": rep_box, "lang": lang_box,
            "draft": draft, "held_on": form.held_on, "notes": form.notes,
            "add_action": form.add, "save": form.save, "actions_rep": actions_rep,
        },
        parts={
            "summary": summary, "due": due, "chart": chart_out, "agenda": agenda_box,
            "action_rows": form.rows_box, "saved": form.saved, "open_actions": grid,
            "actions_note": actions_note, "status": status, "links": links,
        },
    )  # fmt: skip
