"""Goal setting (``playbook/goal_setting.ipynb``): SMART targets per rep, edited, saved, exported.

Choose a period, a team and a metric; each rep gets a proposed target (history,
season, territory, ramp: :mod:`fieldsales.goals`), which the manager edits.
Every target is checked (SMART), broken down into months and weeks, saved as a
versioned ``goals`` document in the decisions store, and exported as CSV or XLSX.
"""

from __future__ import annotations

import base64
from os import PathLike

import ipywidgets as widgets
import pandas as pd

from .. import goals as g
from ..exceptions import ConfigError, FieldsalesError
from ..state import StateConflictError, open_store
from ..workspace import Workspace
from ._common import (
    APPS,
    STYLE,
    App,
    default_user,
    error_html,
    esc,
    fmt,
    guarded,
    html_table,
    links_html,
    note_html,
    open_ws,
    tiles_html,
    wait_for_viewer,
)
from ._render import chart_output, show_chart, show_html

__all__ = ["goal_setting"]

_ALL = ""
_MARK = {"ok": "✓", "warn": "⚠", "fail": "✗", "unknown": "?"}
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_MIME = {"csv": "text/csv", "xlsx": _XLSX}
_CSS = """<style>
.fs-goal-grid { align-items: center; margin: 4px 0 8px; }
.fs-goal-head { font-weight: 600; border-bottom: 2px solid #ccd; }
.fs-flags span { margin-right: 6px; white-space: nowrap; }
.fs-flag-ok { color: #1e8449; } .fs-flag-warn { color: #b9770e; font-weight: 600; }
.fs-flag-fail { color: #c0392b; font-weight: 600; } .fs-flag-unknown { color: #888; }
.fs-checks li { margin: 2px 0; }
</style>"""
_LEAD = (
    '<p class="fs-lead">A proposed target for each rep from their history, the season and '
    "their territory: adjust it, check it is SMART, save it and export it. Choose a period, "
    "a team and a metric.</p>"
)
_HOW = (
    '<p class="fs-muted">Proposed = (70% × pace × trend + 30% × team pace × book index) × '
    "season share × ramp. Pace: a full-pace year of the rep (last 12 months, season and ramp "
    "taken out); trend: half the change against the year before (±15% at most); book index: "
    "the value of the rep's accounts over the team's average; ramp: new hires reach full pace "
    f"after {g.RAMP_MONTHS} months. Season: {{season}}. docs/goals.md has a worked example.</p>"
)
_ALL_TEAMS_NOTE = (
    "Choose a team to see and edit its reps' targets. The totals below use each team's saved "
    "targets, and the proposals where none are saved. "
)
_WHY_COLUMNS = {"rep_name": "Rep", "pace": "Pace a year", "pace_source": "Pace from",
                "trend": "Trend", "accounts": "Accounts", "book_index": "Book index",
                "season_share": "Season share", "ramp": "Ramp", "from_history": "From history",
                "from_territory": "From territory", "proposed": "Proposed"}  # fmt: skip
_HISTORY_COLUMNS = {"version": "Version", "saved_by": "Saved by", "saved_at": "When (UTC)",
                    "note": "Note"}  # fmt: skip


def _unit(metric: g.GoalMetric) -> str:
    return "currency" if metric.unit == "currency" else "count"


def _flags_html(status: pd.Series, texts: pd.Series, edited: bool) -> str:
    """S M A R T marks of one rep, each with its sentence as a tooltip."""
    spans = []
    for check, name in g.CHECKS.items():
        state, text = status.get(check, "unknown"), texts.get(check, "")
        word = ""
        if check == "achievable" and state == "warn":
            word = " too easy?" if "too easy" in text else " stretch"
        spans.append(
            f'<span class="fs-flag-{esc(state)}" title="{esc(name)}: {esc(text)}">'
            f"{name[0]}{_MARK[state]}{esc(word)}</span>"
        )
    mark = ' <span class="fs-muted">edited</span>' if edited else ""
    return f'<div class="fs-flags">{"".join(spans)}{mark}</div>'


def _summary_html(goals: g.GoalSet, scope: str) -> str:
    m, tp, model = goals.model.metric, goals.period, goals.model
    figures, label = g.totals(goals), goals.table.attrs.get("reference_label", "")
    change = figures["change"]
    unit = f" ({model.currency})" if m.unit == "currency" and model.currency else ""
    notes = [] if model.book is not None else ["No account data: proposals use history only."]
    if tp.start <= model.data_end:
        notes.append(f"{tp.title} has already begun: the data reach {model.data_end:%d %b %Y}.")
    if not figures["reps"]:
        notes.append(f"No rep of {scope} is employed now: there is nothing to set.")
    tiles = [
        (f"{figures['reps']:,}", "reps with a target", False),
        (fmt(figures["proposed"], _unit(m)), "proposed in total", False),
        (fmt(figures["target"], _unit(m)), "your targets in total", False),
        ("–" if change != change else f"{change:+.0%}", f"against {label}", False),
        (
            f"{figures['flagged']:,}",
            "target to look at" if figures["flagged"] == 1 else "targets to look at",
            figures["flagged"] > 0,
        ),  # fmt: skip
    ]
    return (
        f'<p class="fs-muted">{esc(tp.title)}, {esc(scope)}, {esc(m.noun)}{esc(unit)} · data '
        f"up to {model.data_end:%d %b %Y}</p>"
        + "".join(note_html(n) for n in notes)
        + tiles_html(tiles)
    )


def _checks_html(goals: g.GoalSet) -> str:
    items = []
    for check in g.check_summary(goals.checks):
        head = f"<b>{esc(check['name'])}</b>: {check['passed']} of {check['total']} pass"
        if check["example"] and check["issues"].empty:
            head += f" — e.g. {esc(check['example'])}"
        issues = "".join(
            f"<li>{_MARK[status]} {esc(name)}: {esc(text)}</li>"
            for name, status, text in check["issues"].head(30).itertuples(index=False)
        )
        items.append(f"<li>{head}<ul>{issues}</ul></li>" if issues else f"<li>{head}</li>")
    return f'<h2>SMART checks</h2><ul class="fs-checks">{"".join(items)}</ul>'


def _why_html(goals: g.GoalSet) -> str:
    """The formula, and each rep's components (for one team: all teams are too many rows)."""
    _, years = goals.model.season(goals.period)
    season = (f"from {years} year(s) of history with a flat year mixed in" if years
              else "flat (working days), as there is less than a year of history")  # fmt: skip
    unit = _unit(goals.model.metric)
    units = {"pace": unit, "season_share": "ratio", "ramp": "ratio", "from_history": unit,
             "from_territory": unit, "proposed": unit}  # fmt: skip
    table = '<p class="fs-muted">Choose a team to see the numbers of each of its reps.</p>'
    if goals.team:
        table = html_table(g.explain_frame(goals), _WHY_COLUMNS, units=units,
                           nowrap=("rep_name", "accounts"), empty="No reps.")  # fmt: skip
    return "<h2>Why these numbers</h2>" + _HOW.format(season=esc(season)) + table


def _plan_html(goals: g.GoalSet) -> str:
    level = "week" if goals.period.grain == "month" else "month"
    plan = g.plan_frame(goals, level)
    columns = {c: c for c in plan.columns} | {"rep": "Rep"}
    units = dict.fromkeys(plan.columns[1:], _unit(goals.model.metric))
    return (
        f"<h2>Plan by {level}</h2>"
        '<p class="fs-muted">Each target split by the season (months) and by working days '
        "(weeks); the parts add up exactly. The export has every quarter, month and week.</p>"
        + html_table(plan, columns, units=units, nowrap=("rep",))
    )


def _history_html(history: pd.DataFrame) -> str:
    if history.empty:
        return ""
    shown = history.sort_values("version", ascending=False).head(10)
    shown = shown.assign(saved_at=pd.to_datetime(shown["saved_at"]).dt.strftime("%Y-%m-%d %H:%M"))
    return "<h2>Saved versions</h2>" + html_table(
        shown, _HISTORY_COLUMNS, nowrap=("saved_by", "saved_at")
    )


def goal_setting(
    ws: Workspace | str | PathLike | None = None,
    *,
    period: str = "",
    team: str = "",
    metric: str = "revenue",
    user: str = "",
) -> App:
    """The goal-setting app: a fresh widget tree.

    Parameters
    ----------
    ws : a workspace, its folder, or empty for ``FIELDSALES_WORKSPACE``.
    period : ``2027``, ``2027-Q1`` or ``2027-01``; empty: the quarter after the data's end.
    team : the team shown first; empty for all teams (targets are edited per team).
    metric : ``revenue``, ``new_customers``, ``deals_won`` or ``visits``.
    user : the name saves are recorded under; empty: :func:`default_user`.

    Returns
    -------
    :class:`App` with ``controls`` ``period``, ``team``, ``metric`` (dropdowns),
    ``who``, ``note`` (text), ``save``, ``reset``, ``export_csv``,
    ``export_xlsx`` (buttons), and ``parts`` ``summary``, ``grid`` (one row
    per rep; its ``FloatText`` boxes are ``app.inputs``, by rep id), ``editing``
    (reset and save: shown for one team only), ``saved``,
    ``targets_chart``, ``breakdown_chart``, ``why``, ``checks``, ``plan``,
    ``history``, ``download``, ``status``, ``links``.
    """
    wait_for_viewer()  # pre-heated: read saved decisions when the page is asked for
    ws = open_ws(ws)
    people = ws.frame("reps", columns=["team", "role", "exit_date"])
    working = (people["role"] != "manager") & people["exit_date"].isna()
    teams = sorted(set(people.loc[working, "team"].astype(str)))
    window = g.data_window(ws)
    end = window[1]
    options = g.period_options(end)
    chosen = g.target_period(period or g.default_period(end))
    if chosen.label not in [label for _, label in options]:
        options.append((chosen.title, chosen.label))
    if team and team not in teams:
        raise ConfigError(f"no team {team!r} in workspace {ws.path}; teams: {', '.join(teams)}")
    g.goal_metric(metric)

    def field(kind, description, value, **kw):
        return kind(description=description, value=value, layout={"width": "300px"}, **kw)

    period_box = field(widgets.Dropdown, "Period", chosen.label, options=options)
    teams_offered = [("All teams", _ALL)] + [(t, t) for t in teams]
    team_box = field(widgets.Dropdown, "Team", team or _ALL, options=teams_offered)
    metrics = [(m.name, m.id) for m in g.METRICS.values()]
    metric_box = field(widgets.Dropdown, "Metric", metric, options=metrics)
    who = field(widgets.Text, "Your name", user or default_user())
    note = field(widgets.Text, "Note", "", placeholder="optional: what changed and why")
    note.layout.width = "420px"
    save_btn = widgets.Button(description="Save targets", button_style="primary")
    reset_btn = widgets.Button(description="Use the proposals")
    csv_btn = widgets.Button(description="Export CSV")
    xlsx_btn = widgets.Button(description="Export Excel")
    header = widgets.HTML(STYLE + _CSS + "<h1>Goal setting</h1>" + _LEAD)
    status, summary, saved, why, checks, plan, history, download = (
        widgets.HTML() for _ in range(8)
    )
    grid = widgets.VBox()
    for part in (summary, saved, why, checks, grid):
        part.add_class("fs-view")
    targets_out, breakdown_out = chart_output(name="targets"), chart_output(name="breakdown")
    targets_out.layout.width, breakdown_out.layout.width = "560px", "540px"
    links = widgets.HTML("<h2>The other apps</h2>" + links_html(APPS, current="goal_setting"))

    models: dict[str, g.GoalModel] = {}
    book: dict = {"book": True}  # read with the first metric, then shared
    drafts: dict[str, dict[str, float]] = {}  # unsaved edits per goal-set key
    inputs: dict[str, widgets.FloatText] = {}
    flags: dict[str, widgets.HTML] = {}
    view: dict = {"key": "", "saved": g.SavedGoals(""), "quiet": False}

    def model() -> g.GoalModel:
        if metric_box.value not in models:
            status.value = '<p class="fs-muted">Reading the history…</p>'
            loaded = g.GoalModel.load(ws, metric_box.value, book=book["book"], window=window)
            models[metric_box.value], book["book"] = loaded, loaded.book
        return models[metric_box.value]

    def typed() -> dict[str, float]:
        return {rep: float(box.value) for rep, box in inputs.items()}

    def goal_set() -> g.GoalSet:
        # targets saved for reps no longer in the team stay in the set (GoalSet.kept)
        given = {**view["saved"].targets, **typed()} if team_box.value else view["saved"].targets
        return g.GoalSet(model(), g.target_period(period_box.value), team_box.value, given)

    def set_grid(children: tuple) -> None:
        old = grid.children
        inputs.clear()
        flags.clear()
        grid.children = children
        for widget in old:  # the rows' boxes too: each is a comm with the page
            for child in getattr(widget, "children", ()):
                child.close()
            widget.close()

    def build_grid(goals: g.GoalSet) -> None:
        m, t = goals.model.metric, goals.table
        ref = t.attrs.get("reference_label", "")
        heads = ("Rep", f"{ref} actual", "Proposed", "Your target", "SMART")
        cells = [widgets.HTML(f'<div class="fs-goal-head">{esc(h)}</div>') for h in heads]
        rows = {}
        for row in t.to_dict("records"):
            step = 1000.0 if m.unit == "currency" else 1.0
            target = widgets.FloatText(value=row["target"], step=step, layout={"width": "150px"})
            target.add_class("fs-target")
            rows[row["rep_id"]] = (target, widgets.HTML())
            new = ' <span class="fs-muted">(new hire)</span>' if row["ramp"] < 1 else ""
            cells += [
                widgets.HTML(esc(row["rep_name"]) + new),
                widgets.HTML(fmt(row["reference"], _unit(m))),
                widgets.HTML(fmt(row["proposed"], _unit(m))),
                *rows[row["rep_id"]],
            ]
        columns = "200px 190px 110px 170px auto"
        table = widgets.GridBox(
            cells, layout={"grid_template_columns": columns, "grid_gap": "2px 10px"}
        )
        table.add_class("fs-goal-grid")
        set_grid((table,))
        for rep, (target, flag) in rows.items():
            inputs[rep], flags[rep] = target, flag
            target.observe(edited, names="value")

    def render() -> None:
        goals = goal_set()
        chosen_team, t = team_box.value, goals.table
        scope = f"team {chosen_team}" if chosen_team else "all teams"
        wide, texts = goals.status(), goals.checks.set_index(["rep_id", "check"])["text"]
        proposed = t.set_index("rep_id")["proposed"]
        for rep, flag in flags.items():
            changed = abs(inputs[rep].value - proposed[rep]) >= 0.005
            flag.value = _flags_html(wide.loc[rep], texts.loc[rep], changed)
        summary.value = _summary_html(goals, scope)
        if t.empty:
            show_html(targets_out, f'<p class="fs-muted">No targets for {esc(scope)}.</p>')
            show_html(breakdown_out, "")
        else:
            frame = g.chart_frame(goals, "rep" if chosen_team else "team")
            label = "Rep" if chosen_team else "Team"
            show_chart(targets_out, g.targets_chart(frame, f"Targets, {scope}", label=label))
            parts = g.breakdown_frame(goals)
            title = f"Total target by {parts['level'].iloc[0]}, {scope}"
            show_chart(breakdown_out, g.breakdown_chart(parts, title))
        why.value, checks.value = _why_html(goals), _checks_html(goals)
        plan.value = _plan_html(goals) if chosen_team and not t.empty else ""
        if chosen_team:
            dirty = view["key"] in drafts
            saved.value = f"<p><b>{esc(view['saved'].text)}</b></p>" + (
                note_html("Unsaved changes: press Save targets to keep them.") if dirty else ""
            )
            if len(goals.kept):
                saved.value += note_html(
                    f"{len(goals.kept)} saved target(s) of reps no longer in this team (left "
                    f"or moved): {esc(', '.join(goals.kept['rep_id']))}. They stay in the "
                    "saved set, outside the totals."
                )
        status.value = ""

    def load_team(m: g.GoalModel, tp: g.TargetPeriod) -> None:
        with open_store(ws) as store:
            view["saved"] = g.load_goals(store, view["key"])
        shown = {**view["saved"].targets, **drafts.get(view["key"], {})}
        build_grid(g.GoalSet(m, tp, team_box.value, shown))
        history.value = _history_html(view["saved"].history)

    def load_all_teams(m: g.GoalModel, tp: g.TargetPeriod) -> None:
        with open_store(ws) as store:
            found, sets = g.saved_by_team(store, tp.label, m.metric.id, teams)
        view["saved"] = g.SavedGoals(view["key"], targets=found)
        listed = ", ".join(f"{s.key.split('/')[1]} (version {s.version})" for s in sets)
        text = _ALL_TEAMS_NOTE + f"Saved for this period so far: {listed or 'none'}."
        set_grid((widgets.HTML(note_html(text)),))
        saved.value = history.value = ""

    def refresh() -> None:
        m, tp = model(), g.target_period(period_box.value)
        view["key"] = g.goal_key(tp.label, team_box.value, m.metric.id)
        view["quiet"] = True
        try:
            (load_team if team_box.value else load_all_teams)(m, tp)
        finally:
            view["quiet"] = False
        editing.layout.display = None if team_box.value else "none"
        download.value = ""
        render()

    def on_edit(_change=None) -> None:
        if view["quiet"]:
            return
        now = typed()
        proposals = model().proposals(period_box.value).set_index("rep_id")["proposed"]
        baseline = view["saved"].targets
        if any(abs(v - baseline.get(r, proposals[r])) >= 0.005 for r, v in now.items()):
            drafts[view["key"]] = now
        else:
            drafts.pop(view["key"], None)
        render()

    def reset() -> None:
        proposals = model().proposals(period_box.value).set_index("rep_id")["proposed"]
        view["quiet"] = True
        try:
            for rep, target in inputs.items():
                target.value = float(proposals[rep])
        finally:
            view["quiet"] = False
        on_edit()

    def save() -> None:
        name = who.value.strip()
        if not team_box.value:
            raise ConfigError("Choose a team first: targets are saved per team.")
        if not name:
            saved.value = error_html("Type your name in “Your name” before saving.")
            return
        goals = goal_set()
        wrong = goals.checks[goals.checks["status"] == "fail"]
        if len(wrong):
            first = wrong.iloc[0]
            saved.value = error_html(f"Nothing was saved: fix the targets marked ✗ first "
                                     f"({first['rep_name']}: {first['text']})")  # fmt: skip
            return
        try:
            with open_store(ws) as store:
                g.save_goals(store, goals, name, note=note.value.strip() or None,
                             expected_version=view["saved"].version)  # fmt: skip
        except StateConflictError as err:
            saved.value = error_html(
                f"Nothing was saved: {err.saved_by} saved version {err.latest_version} after "
                "you opened these targets. Reload the page to see them, then edit again."
            )
            return
        drafts.pop(view["key"], None)
        note.value = ""
        refresh()

    def export(kind: str) -> None:
        folder = ws.path / "exports"
        try:
            path = g.write_export(goal_set(), folder, kind)
        except OSError as exc:
            download.value = error_html(f"Could not write the export to {folder}: {exc}.")
            return
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        download.value = (
            f'<p>Written to <code>{esc(path)}</code> · <a class="fs-download" '
            f'download="{esc(path.name)}" href="data:{_MIME[kind]};base64,{data}">'
            f"Download {esc(path.name)}</a></p>"
        )

    flow = widgets.Layout(flex_flow="row wrap", align_items="flex-start")
    save_row = widgets.HBox([who, note, save_btn], layout=flow)
    editing = widgets.VBox([reset_btn, widgets.HTML("<h2>Save</h2>"), save_row, saved])
    update, edited = guarded(status, refresh), guarded(status, on_edit)
    for control in (period_box, team_box, metric_box):
        control.observe(update, names="value")
    save_btn.on_click(guarded(status, save))
    reset_btn.on_click(guarded(status, reset))
    csv_btn.on_click(guarded(status, lambda: export("csv")))
    xlsx_btn.on_click(guarded(status, lambda: export("xlsx")))
    try:
        refresh()
    except FieldsalesError as exc:  # e.g. no deals table: say so on the page; bugs still raise
        status.value = error_html(str(exc))

    export_row = widgets.HBox([csv_btn, xlsx_btn])
    app = App(
        [header, widgets.HBox([period_box, team_box, metric_box], layout=flow), status, summary,
         grid, editing, widgets.HBox([targets_out, breakdown_out], layout=flow), plan, checks,
         why, widgets.HTML("<h2>Export</h2>"), export_row, download, history, links],
        controls=dict(period=period_box, team=team_box, metric=metric_box, who=who, note=note,
                      save=save_btn, reset=reset_btn, export_csv=csv_btn, export_xlsx=xlsx_btn),
        parts=dict(summary=summary, grid=grid, editing=editing, saved=saved, why=why,
                   targets_chart=targets_out, breakdown_chart=breakdown_out, checks=checks,
                   plan=plan, history=history, download=download, status=status, links=links),
    )  # fmt: skip
    app.inputs = inputs
    return app
