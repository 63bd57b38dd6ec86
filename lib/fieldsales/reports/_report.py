"""A rep's diagnostic report and the team overview: sections as data, shown as escaped HTML.

Notebooks call :func:`rep_report` / :func:`team_report` and then ``report.show(section)``.
Every string from the CRM goes through :func:`html.escape` (tables too).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import charts
from ..config import CONTACT_DAYS_BY_TIER
from ..exceptions import ConfigError
from ..playbook import PRACTICE_TITLES
from ..workspace import Workspace, open_workspace
from ._data import AUDIENCES, MIN_TEAM_FOR_REP, BatchData, overdue_accounts, read_rows

__all__ = [
    "RepReport",
    "TeamReport",
    "rep_report",
    "team_report",
    "REP_SECTIONS",
    "TEAM_SECTIONS",
    "PRACTICE_NAMES",
]

#: English names of the twenty PLAYBOOK practices (fieldsales.playbook's table).
PRACTICE_NAMES = {number: en for number, (en, _zh) in PRACTICE_TITLES.items()}
REP_SECTIONS = (
    "header", "scorecard", "trends", "pipeline", "activity", "accounts", "satisfaction",
    "one_on_ones", "training", "alerts", "risk",
)  # fmt: skip
TEAM_SECTIONS = ("header", "leaderboard", "attainment", "alerts", "action")
_MANAGER_ONLY = {"risk"}
_REP_HIDDEN_ALERTS = {"wellbeing"}  # routed to a 1:1 conversation, not printed for the rep
_STAGES = ["Qualification", "Needs Analysis", "Proposal", "Negotiation"]
_TRENDS = [
    ("revenue_won", "Revenue won"),
    ("quota_attainment", "Quota attainment"),
    ("activities_total", "Activities"),
    ("deals_created", "Deals created"),
]
_SCORECARD_KPIS = [
    "revenue_won", "quota_attainment", "deals_won", "win_rate", "avg_deal_size",
    "pipeline_open_value", "pipeline_coverage", "new_customers", "customer_visits",
    "activities_total", "accounts_overdue_contact", "days_since_one_on_one", "training_hours",
    "csat", "nps", "complaints_opened", "sla_breaches", "compliance_overdue",
]  # fmt: skip


def _esc(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return "–"
    return html.escape(str(value), quote=True)


def _fmt(value: object, unit: str = "") -> str:
    if value is None or pd.isna(value):
        return "–"
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, (int, float, np.integer, np.floating)):
        if unit == "ratio":
            return f"{value:.0%}"
        if unit in ("currency", "count", "days") or float(value).is_integer():
            return f"{value:,.0f}"
        return f"{value:,.2f}"
    return str(value)


def html_table(frame: pd.DataFrame, units: dict[str, str] | None = None) -> str:
    """An HTML table with every cell escaped; ``units`` formats numbers by column."""
    units = units or {}
    if frame.empty:
        return "<p><em>(none)</em></p>"
    head = "".join(f"<th>{_esc(c)}</th>" for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = "".join(
            f"<td>{_esc(_fmt(v, units.get(c, '')))}</td>"
            for c, v in zip(frame.columns, record, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    return _table(head, rows)


def _table(head: str, rows: list[str]) -> str:
    body = "".join(rows)
    return f'<table class="fs-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _show_html(text: str) -> None:
    from IPython.display import HTML, display

    display(HTML(text))


def _heading(title: str) -> str:
    return f"<h2>{_esc(title)}</h2>"


def _note(text: str) -> str:
    return f"<p><em>{_esc(text)}</em></p>"


def _workspace(workspace: str | Workspace) -> Workspace:
    if isinstance(workspace, Workspace):
        return workspace
    return open_workspace(workspace or None)


_LOADED: dict[tuple[str, str], BatchData] = {}


def _batch(ws: Workspace, period: str, cache: str) -> BatchData:
    """The batch data: from ``cache`` (read once per kernel and data hash) or computed here.

    Keeping the last cache read in module state is safe for isolation: it is the
    same for every report of the batch and never modified.
    """
    if not cache:
        return BatchData.build(ws, period or None)
    key = (str(cache), ws.data_hash)
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = BatchData.load(cache, ws)
    return _LOADED[key]


@dataclass
class RepReport:
    """One rep's diagnostic for one period and audience; :meth:`show` displays a section."""

    ws: Workspace
    batch: BatchData
    rep_id: str
    audience: str
    data: dict[str, object] = field(default_factory=dict)

    @property
    def for_rep(self) -> bool:
        return self.audience == "rep"

    @property
    def team_visible(self) -> bool:
        """Whether team aggregates may be shown (always to a manager; to a rep if team >= 3)."""
        return not self.for_rep or len(self.batch.team_of(self.rep_id)) >= MIN_TEAM_FOR_REP

    def section(self, name: str) -> list[tuple[str, object]]:
        """The parts of section ``name``: ("html", text) or ("chart", alt.Chart)."""
        if name not in REP_SECTIONS:
            raise ConfigError(f"unknown section {name!r}; use one of: {', '.join(REP_SECTIONS)}")
        if self.for_rep and name in _MANAGER_ONLY:
            return []
        return getattr(self, f"_{name}")()

    def show(self, name: str) -> None:
        """Display section ``name`` (charts as static SVG: the HTML needs no network)."""
        for kind, part in self.section(name):
            if kind == "chart":
                charts.show_offline(part)
            else:
                _show_html(part)

    # -- sections ---------------------------------------------------------------------------

    def _header(self):
        rep = self.batch.rep(self.rep_id)
        who = "for the rep" if self.for_rep else "for the manager (confidential)"
        lines = [
            f"<h1>Diagnostic: {_esc(rep['name'])} ({_esc(self.rep_id)})</h1>",
            f"<p>Period {_esc(self.batch.period)}, figures up to "
            f"{self.batch.as_of:%Y-%m-%d}; team {_esc(rep['team'])}; report {_esc(who)}. "
            f"Data {_esc(self.batch.data_hash[:12])}.</p>",
        ]
        lines += [_note(n) for n in self.batch.notes if "under way" in n]
        if self.for_rep and not self.team_visible:
            lines.append(_note(f"Team figures are left out: the team has fewer than "
                               f"{MIN_TEAM_FOR_REP} reps with figures this period."))  # fmt: skip
        return [("html", "\n".join(lines))]

    def _scorecard(self):
        card = self.batch.scorecard(self.rep_id)
        card = card.set_index("kpi").reindex([k for k in _SCORECARD_KPIS if k in set(card["kpi"])])
        cols = ["name", "value", "target", "previous", "change"]
        if self.team_visible:
            cols += ["team_median", "team_percentile"]
        view = card[cols].copy()
        units = dict(zip(card["name"], card["unit"], strict=True))
        rows = []
        for _, row in view.iterrows():
            unit = units[row["name"]]
            cells = [_esc(row["name"])] + [_esc(_fmt(row[c], unit)) for c in cols[1:-1]]
            if self.team_visible:
                cells[-1] = _esc(_fmt(row["team_median"], unit))
                cells.append(_esc(_fmt(row["team_percentile"], "ratio")))
            else:
                cells.append(_esc(_fmt(row[cols[-1]], unit)))
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        head = "".join(f"<th>{_esc(c.replace('_', ' '))}</th>" for c in cols)
        self.data["scorecard"] = view
        table = _table(head, rows)
        note = _note("team percentile: share of teammates this rep does at least as well as.")
        return [("html", _heading("Scorecard vs target and team") + table + note)]

    def _rep_alerts(self) -> pd.DataFrame:
        found = self.batch.alerts[self.batch.alerts["rep_id"] == self.rep_id]
        if self.for_rep:
            found = found[~found["kind"].isin(_REP_HIDDEN_ALERTS)]
        return found

    def _trends(self):
        monthly = self.batch.monthly
        mine = monthly[monthly["rep_id"] == self.rep_id].sort_values("period_start")
        team = monthly[monthly["rep_id"].isin(self.batch.team_of(self.rep_id))]
        declines = self._rep_alerts()
        declines = declines[declines["kind"] == "decline"]
        parts: list[tuple[str, object]] = [("html", _heading("Trends, last 12 months"))]
        if len(declines):
            text = " ".join(declines["message_en"].astype(str))
            parts.append(
                ("html", f'<p class="fs-alert"><strong>Decline signal:</strong> {_esc(text)}</p>')
            )
        else:
            parts.append(("html", _note("No persistent decline is flagged.")))
        for kpi, title in _TRENDS:
            if kpi not in mine.columns:
                continue
            frame = mine[["period_start", kpi]].copy()
            median = None
            if self.team_visible:
                medians = team.groupby("period_start")[kpi].median()
                frame["team_median"] = frame["period_start"].map(medians)
                median = "team_median"
            chart = charts.trend_chart(
                frame, kpi, f"{title} (dashed: team median)" if median else title,
                declining=bool(len(declines)), team=median,
            )  # fmt: skip
            parts.append(("chart", chart))
        return parts

    def _pipeline(self):
        parts: list[tuple[str, object]] = [("html", _heading("Open pipeline by stage"))]
        if not self.ws.has("deals"):
            return parts + [("html", _note("No deals table in this workspace."))]
        pipe = self.batch.pipeline
        by_stage = pipe[pipe["rep_id"] == self.rep_id].set_index("stage")[["deals", "amount"]]
        order = [s for s in _STAGES if s in by_stage.index]
        order += sorted(s for s in by_stage.index if s not in order)
        frame = by_stage.reindex(order).reset_index()
        if frame.empty:
            return parts + [("html", _note("No open deals."))]
        return parts + [("chart", charts.pipeline_chart(frame)),
                        ("html", html_table(frame, {"amount": "currency"}))]  # fmt: skip

    def _activity(self):
        now = self.batch.current[self.batch.current["period"] == self.batch.period]
        kinds = {"activities_call": "call", "activities_email": "email",
                 "activities_meeting": "meeting", "activities_demo": "demo",
                 "customer_visits": "visit"}  # fmt: skip
        kinds = {k: v for k, v in kinds.items() if k in now.columns}
        parts: list[tuple[str, object]] = [("html", _heading("Activity mix"))]

        def mix(rows: pd.DataFrame, who: str) -> pd.DataFrame:
            counts = rows[list(kinds)].sum()
            total = rows["activities_total"].sum()
            frame = pd.DataFrame({"type": list(kinds.values()), "count": counts.to_numpy()})
            frame.loc[len(frame)] = ["other", max(total - counts.sum(), 0)]
            frame["share"] = frame["count"] / total if total else np.nan
            frame["who"] = who
            return frame

        mine = mix(now[now["rep_id"] == self.rep_id], "this rep")
        frames = [mine]
        if self.team_visible:
            frames.append(mix(now[now["rep_id"].isin(self.batch.team_of(self.rep_id))], "team"))
        data = pd.concat(frames, ignore_index=True)
        if not mine["count"].sum():
            return parts + [("html", _note("No activities logged in the period."))]
        table = html_table(mine[["type", "count", "share"]], {"share": "ratio"})
        return parts + [("chart", charts.activity_mix_chart(data)), ("html", table)]

    def _accounts(self):
        frame = overdue_accounts(self.batch, self.ws, self.rep_id)
        head = _heading("Accounts overdue for contact")
        rule = ", ".join(f"tier {t}: {d} days" for t, d in CONTACT_DAYS_BY_TIER.items())
        return [("html", head + _note(f"Allowed gap since last contact — {rule}.")
                 + html_table(frame.head(30), {"days_since": "days"}))]  # fmt: skip

    def _satisfaction(self):
        card = self.batch.scorecard(self.rep_id).set_index("kpi")
        facts = []
        for kpi, unit in (("csat", "ratio"), ("nps", "percent"), ("csat_responses", "count")):
            if kpi in card.index:
                facts.append(f"{card.at[kpi, 'name']}: {_fmt(card.at[kpi, 'value'], unit)}")
        fb = read_rows(self.ws, "customer_feedback", "rep_id", self.rep_id)
        parts = _heading("Customer satisfaction") + f"<p>{_esc('; '.join(facts))}</p>"
        if fb.empty:
            return [("html", parts + _note("No feedback recorded."))]
        start = self.batch.as_of - pd.DateOffset(months=3)
        low = fb[(fb["date"] > start) & (fb["date"] <= self.batch.as_of + pd.Timedelta(days=1))
                 & ((fb["csat"] <= 3) | (fb["nps"] <= 6))]  # fmt: skip
        low = low.sort_values("date", ascending=False)[
            ["date", "account_id", "csat", "nps", "comment"]
        ]
        return [("html", parts + "<h3>Low scores, last 3 months</h3>" + html_table(low.head(20)))]

    def _one_on_ones(self):
        rows = read_rows(self.ws, "one_on_ones", "rep_id", self.rep_id)
        head = _heading("1:1 history, last 6 months")
        if rows.empty:
            return [("html", head + _note("No 1:1s recorded."))]
        start = self.batch.as_of - pd.DateOffset(months=6)
        rows = rows[
            (rows["date"] > start) & (rows["date"] <= self.batch.as_of + pd.Timedelta(days=1))
        ]
        cols = ["date", "minutes"] + ([] if self.for_rep else ["notes"])  # notes: manager's only
        return [("html", head + html_table(rows.sort_values("date", ascending=False)[cols]))]

    def _training(self):
        rows = read_rows(self.ws, "trainings", "rep_id", self.rep_id)
        head = _heading("Training, last 12 months")
        if rows.empty:
            return [("html", head + _note("No training recorded."))]
        start = self.batch.as_of - pd.DateOffset(months=12)
        end = self.batch.as_of + pd.Timedelta(days=1)
        rows = rows[(rows["completed_on"] > start) & (rows["completed_on"] <= end)]
        cols = ["completed_on", "course", "hours", "score"]
        return [
            ("html", head + html_table(rows.sort_values("completed_on", ascending=False)[cols]))
        ]

    def _alerts(self):
        found = self._rep_alerts()
        head = _heading("Alerts and recommended practices" if not self.for_rep
                        else "Points to work on")  # fmt: skip
        if found.empty:
            return [("html", head + _note("No alerts this period."))]
        view = pd.DataFrame({
            "severity": found["severity"].astype(str),
            "practice": [f"{p}. {PRACTICE_NAMES.get(int(p), '')}" for p in found["practice"]],
            "what": found["message_en"].astype(str),
            "recommended": found["action_en"].astype(str),
        })  # fmt: skip
        return [("html", head + html_table(view))]

    def _risk(self):
        head = _heading("Risk scores (attrition, underperformance)")
        risk = self.batch.risk
        mine = risk[risk["rep_id"] == self.rep_id]
        if mine.empty:
            note = self.batch.risk_note or f"No risk score for this rep in {self.batch.period}."
            return [("html", head + _note(note))]
        view = mine.drop(columns=["rep_id"])
        units = {"attrition_risk": "ratio", "underperformance_risk": "ratio"}
        note = _note(
            "Risk is a prompt for a conversation, never a verdict; drivers are the "
            "features that raise it most."
        )
        return [("html", head + html_table(view, units) + note)]


def rep_report(
    workspace: str | Workspace = "",
    rep_id: str = "",
    period: str = "",
    audience: str = "manager",
    *,
    cache: str = "",
) -> RepReport:
    """The diagnostic report of one rep: call ``.show(section)`` for each of :data:`REP_SECTIONS`.

    Parameters
    ----------
    workspace : workspace folder (empty: ``FIELDSALES_WORKSPACE``) or a :class:`Workspace`.
    rep_id : the rep; empty picks the first rep with figures in the period.
    period : ``2026-10``, ``2026-Q3``, ``2026``, ``2026-W41`` or ``last-month``; empty: the
        month the data end in.
    audience : ``manager`` (everything) or ``rep`` (the rep's own figures and team
        aggregates only: no colleague's name or figure, no risk score, no manager notes).
    cache : a folder written by :meth:`BatchData.save` (``fieldsales reports`` passes it)
        so the KPIs are computed once per batch; empty computes them here.
    """
    if audience not in AUDIENCES:
        raise ConfigError(f"audience must be one of {', '.join(AUDIENCES)}; got {audience!r}")
    ws = _workspace(workspace)
    batch = _batch(ws, period, cache)
    if not rep_id:
        ids = batch.rep_ids()
        if not ids:
            raise ConfigError(f"no rep has figures in {batch.period}")
        rep_id = ids[0]
    batch.rep(rep_id)
    return RepReport(ws, batch, rep_id, audience)


@dataclass
class TeamReport:
    """The manager's monthly summary; :meth:`show` displays one of :data:`TEAM_SECTIONS`."""

    ws: Workspace
    batch: BatchData
    team: str

    def _now(self) -> pd.DataFrame:
        now = self.batch.current[self.batch.current["period"] == self.batch.period]
        return now[now["rep_id"].isin(self.batch.rep_ids(self.team or None))]

    def _alerts(self) -> pd.DataFrame:
        ids = self.batch.rep_ids(self.team or None)
        return self.batch.alerts[self.batch.alerts["rep_id"].isin(ids)]

    def show(self, name: str) -> None:
        if name not in TEAM_SECTIONS:
            raise ConfigError(f"unknown section {name!r}; use one of: {', '.join(TEAM_SECTIONS)}")
        now, found = self._now(), self._alerts()
        if name == "header":
            scope = f"team {self.team}" if self.team else "all teams"
            _show_html(f"<h1>Team overview: {_esc(scope)}</h1><p>Period {_esc(self.batch.period)}"
                       f", figures up to {self.batch.as_of:%Y-%m-%d}; {len(now)} reps, "
                       f"{len(found)} alerts.</p>")  # fmt: skip
        elif name == "leaderboard":
            cols = ["rep_name", "rep_id", "revenue_won", "revenue_target", "quota_attainment",
                    "deals_won", "win_rate", "pipeline_coverage", "customer_visits"]  # fmt: skip
            board = now[[c for c in cols if c in now.columns]].sort_values(
                "revenue_won", ascending=False
            )
            _show_html(_heading("Leaderboard"))
            charts.show_offline(charts.leaderboard_chart(board.head(25), title="Revenue won"))
            units = {"revenue_won": "currency", "revenue_target": "currency",
                     "quota_attainment": "ratio", "win_rate": "ratio"}  # fmt: skip
            _show_html(html_table(board, units))
        elif name == "attainment":
            att = now[["rep_id", "quota_attainment"]].dropna()
            met = (att["quota_attainment"] >= 1).mean() if len(att) else np.nan
            _show_html(_heading("Attainment distribution")
                       + f"<p>{_esc(_fmt(met, 'ratio'))} of reps with a target reached it "
                       "(a typical year: 40-60%).</p>")  # fmt: skip
            if len(att):
                charts.show_offline(charts.attainment_histogram(att))
        elif name == "alerts":
            counts = found.groupby(["practice", "severity"]).size().rename("alerts").reset_index()
            counts["practice_name"] = [f"{p}. {PRACTICE_NAMES.get(int(p), '')}"
                                       for p in counts["practice"]]  # fmt: skip
            _show_html(_heading("Alerts by practice"))
            if len(counts):
                charts.show_offline(charts.alerts_by_practice_chart(counts))
            _show_html(html_table(counts[["practice_name", "severity", "alerts"]]))
        else:
            high = found[found["severity"] == "high"]
            view = high[["rep_name", "rep_id", "kind", "message_en", "action_en"]]
            _show_html(_heading("Reps needing action (high-severity alerts)") + html_table(view))


def team_report(
    workspace: str | Workspace = "", period: str = "", team: str = "", *, cache: str = ""
) -> TeamReport:
    """The manager's monthly summary of one team (empty: every team). See :func:`rep_report`."""
    ws = _workspace(workspace)
    batch = _batch(ws, period, cache)
    if team and team not in set(batch.reps["team"].astype(str)):
        raise ConfigError(f"no team {team!r} in the workspace; teams: "
                          f"{', '.join(sorted(set(batch.reps['team'].astype(str))))}")  # fmt: skip
    return TeamReport(ws, batch, team)
