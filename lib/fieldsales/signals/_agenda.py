"""Planning 1:1s (practice 2): who is due for one, and what to talk about.

**Who is due** (:func:`cadence`): days since each rep's last 1:1, counting the
1:1s of the CRM export (the ``one_on_ones`` table, as the KPI
``days_since_one_on_one`` does) and those recorded in the state store, against
the cadence of :class:`~fieldsales.signals.AlertThresholds` (overdue beyond
``one_on_one_days``, long overdue beyond ``one_on_one_high_days``, as the
``one_on_one_overdue`` alert).

**What to talk about** (:func:`agenda`): a suggested agenda drafted from the
rep's alerts and open action items, in the order a 1:1 usually takes:

1. follow-ups: the action items still open from earlier 1:1s (by due date);
2. how the rep is doing: a wellbeing check-in, worded as care and never as a
   performance matter (practice 10);
3. the other alerts, high severity first, then by practice;
4. agreeing next steps.

The ``one_on_one_overdue`` alert is left out: it is why the 1:1 is held, not
a topic of it. Texts come in English and Chinese; alert texts are those of
:mod:`fieldsales.signals` (``message_*``, ``action_*``). Strings from the CRM
or typed by a manager (an action's text, an owner) are returned as given: the
surface escapes what it renders.

>>> from fieldsales.signals import alerts                        # doctest: +SKIP
>>> from fieldsales.signals._agenda import agenda, cadence, crm_last_one_on_ones
>>> found = alerts(ws)                                           # doctest: +SKIP
>>> agenda(found[found["rep_id"] == "R00012"], lang="zh")        # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from ..exceptions import ConfigError
from ..playbook import PRACTICE_TITLES, practice_name
from ..workspace import Workspace
from ._rules import PRACTICE
from ._settings import AlertThresholds

__all__ = [
    "AgendaItem",
    "agenda",
    "cadence",
    "crm_last_one_on_ones",
    "last_notes",
    "practice_title",
    "PRACTICE_TITLES",
    "CADENCE_STATUSES",
    "LANGUAGES",
    "SKIPPED",
]

#: Status of a rep's 1:1 cadence: within it, beyond ``one_on_one_days``, beyond
#: ``one_on_one_high_days``.
CADENCE_STATUSES = ("on track", "overdue", "long overdue")

#: Languages of the agenda texts.
LANGUAGES = ("en", "zh")
#: Alert kinds that are no agenda topic.
SKIPPED = frozenset({"one_on_one_overdue"})

#: Agenda titles of the alert kinds: (English, Chinese).
_TITLES = {
    "wellbeing": ("How are they doing? A wellbeing check-in", "近况如何？关怀式沟通"),
    "decline": ("Sales trend: a persistent decline", "业绩趋势：持续下滑"),
    "pace": ("Pace against target", "目标进度"),
    "accounts_overdue": ("Customers waiting for contact", "待联系的客户"),
    "sla_breach": ("Complaints answered late", "投诉响应超时"),
    "compliance_overdue": ("Compliance items overdue", "逾期的合规事项"),
    "compliance_due_soon": ("Compliance items due soon", "即将到期的合规事项"),
}
_FOLLOW_UP = {
    "title": ("Follow up: an action from the 1:1 of {held}", "跟进：{held}一对一面谈的待办事项"),
    "detail": (
        "“{text}” (owner {owner}, due {due}).",
        "“{text}”（负责人：{owner}，截止：{due}）。",
    ),
    "late": (" Past due by {days} day(s).", "已逾期{days}天。"),
    "suggestion": (
        "Ask how it went and what got in the way; mark it done on this page once it is, or "
        "agree a new date together.",
        "询问进展和遇到的阻碍；完成后在本页标记为已完成，或一起商定新的截止日期。",
    ),
}
_OPEN_TALK = (
    "What is going well, what is in the way",
    "哪些顺利，哪些受阻",
    "No alerts for this rep: ask what is going well, what is in the way and what help would "
    "make the next weeks easier.",
    "该销售目前没有提醒：请询问哪些方面进展顺利、遇到了哪些阻碍，以及需要哪些支持。",
)
_NEXT_STEPS = (
    "Agree next steps",
    "商定下一步",
    "Agree each action with an owner and a due date, and record them with the 1:1.",
    "为每项行动明确负责人和截止日期，并与本次面谈一起记录。",
)
_SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


def crm_last_one_on_ones(ws: Workspace, today: date) -> pd.Series:
    """The day of each rep's latest 1:1 in the workspace's ``one_on_ones`` table, up to today."""
    if not ws.has("one_on_ones"):
        return pd.Series(dtype="datetime64[ns]", name="last")
    table = ws.table("one_on_ones")
    table = table.filter(table.date < pd.Timestamp(today) + pd.Timedelta(days=1))
    last = table.group_by("rep_id").aggregate(last=table.date.max()).to_pyarrow().to_pandas()
    return last.set_index("rep_id")["last"].dt.normalize().astype("datetime64[ns]")


def cadence(
    reps: pd.DataFrame,
    crm_last: pd.Series,
    recorded: pd.DataFrame,
    today: date,
    thresholds: AlertThresholds | None = None,
) -> pd.DataFrame:
    """Days since each rep's last 1:1 on ``today``, most overdue first.

    Parameters
    ----------
    reps : the ``reps`` table; managers and reps not at work on ``today`` are left out.
    crm_last : rep_id -> day of the latest 1:1 in the CRM (:func:`crm_last_one_on_ones`).
    recorded : the 1:1s recorded in the state store (``rep_id``, ``held_on``);
        days after ``today`` are ignored.
    today : the day the days are counted to.
    thresholds : the cadence: overdue beyond ``one_on_one_days``, long overdue
        beyond ``one_on_one_high_days`` (as the ``one_on_one_overdue`` alert).

    Returns
    -------
    DataFrame: ``rep_id``, ``rep_name``, ``team``, ``last`` (the latest 1:1,
    NaT when none), ``source`` (``CRM``, ``recorded here`` or ``none``),
    ``since`` (``last``, else the hire date), ``days`` and ``status``
    (``on track``, ``overdue``, ``long overdue``).
    """
    t = thresholds or AlertThresholds()
    day = pd.Timestamp(today)
    here = reps[
        (reps["role"] != "manager")
        & (reps["hire_date"] <= day)
        & (reps["exit_date"].isna() | (reps["exit_date"] >= day))
    ]
    out = pd.DataFrame(
        {
            "rep_id": here["rep_id"].astype("str").to_numpy(),
            "rep_name": here["name"].astype("str").to_numpy(),
            "team": here["team"].astype("str").to_numpy(),
            "hire": pd.to_datetime(here["hire_date"]).dt.normalize().to_numpy("datetime64[ns]"),
        }
    )
    crm = _per_rep(crm_last, out["rep_id"])
    held = pd.to_datetime(recorded["held_on"])
    app = _per_rep(held[held <= day].groupby(recorded["rep_id"]).max(), out["rep_id"])
    use_app = app.notna() & (crm.isna() | (app >= crm))
    out["last"] = app.where(use_app, crm)
    out["source"] = "none"
    out.loc[crm.notna(), "source"] = "CRM"
    out.loc[use_app, "source"] = "recorded here"
    out["since"] = out["last"].fillna(out["hire"])
    out["days"] = (day - out["since"]).dt.days.astype("int64")
    level = (out["days"] > t.one_on_one_days).astype(int) + (out["days"] > t.one_on_one_high_days)
    out["status"] = [CADENCE_STATUSES[i] for i in level]
    out = out.drop(columns="hire").sort_values(["days", "rep_name"], ascending=[False, True])
    return out.reset_index(drop=True)


def _per_rep(days: pd.Series, rep_ids: pd.Series) -> pd.Series:
    """``days`` (indexed by rep_id) aligned on ``rep_ids``, as naive dates; NaT where none."""
    values = pd.to_datetime(days).astype("datetime64[ns]").reindex(rep_ids.to_numpy())
    return pd.Series(values.to_numpy(), index=rep_ids.index)


def last_notes(
    ws: Workspace, recorded: pd.DataFrame, rep_id: str, last: pd.Timestamp, source: str
) -> str:
    """The notes of the rep's latest 1:1 (on day ``last``, from ``source`` as :func:`cadence`
    gives them): recorded in the store (``recorded``, newest first), or the CRM's table."""
    if source == "recorded here":
        mine = recorded[recorded["rep_id"] == rep_id]
        return str(mine["notes"].iloc[0]) if len(mine) else ""
    if source != "CRM" or not ws.has("one_on_ones"):
        return ""
    table = ws.table("one_on_ones")
    day = pd.Timestamp(last)
    found = (
        table.filter(
            (table.rep_id == rep_id)
            & (table.date >= day)
            & (table.date < day + pd.Timedelta(days=1))
        )
        .select("notes")
        .to_pyarrow()
        .to_pandas()
    )
    notes = found["notes"].dropna()
    return str(notes.iloc[-1]) if len(notes) else ""


@dataclass(frozen=True)
class AgendaItem:
    """One topic of a 1:1.

    Attributes
    ----------
    kind : ``follow_up`` (an open action), ``general`` (opening or closing
        topic), or the alert kind (``wellbeing``, ``pace``, ...).
    practice : the PLAYBOOK practice the topic serves.
    title, detail, suggestion : what to raise, the figures or facts behind it,
        and a suggested way to handle it, in the agenda's language.
    urgent : a high-severity alert or a follow-up past its due date
        (never set for wellbeing: a check-in is care, not an emergency).
    action_id : the action item of a follow-up (None otherwise).
    """

    kind: str
    practice: int
    title: str
    detail: str
    suggestion: str
    urgent: bool = False
    action_id: int | None = None


def practice_title(number: int, lang: str = "en") -> str:
    """``"7 · Data-driven decisions"``: the practice's number and title in ``lang``."""
    title = practice_name(number, _lang(lang))
    return f"{int(number)} · {title}" if title else str(int(number))


def _lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ConfigError(f"agenda language {lang!r} is not one of {', '.join(LANGUAGES)}")
    return lang


def _day(value, lang: str) -> str:
    day = pd.Timestamp(value)
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else f"{day:%d %b %Y}"


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]


def _follow_ups(actions: pd.DataFrame, lang: str, today: date) -> list[AgendaItem]:
    """One item per open action: past due first (the longest late first), then by due date."""
    if actions is None or actions.empty:
        return []
    rows = actions.assign(due_day=pd.to_datetime(actions["due"]))
    rows = rows.sort_values(["due_day", "action_id"], kind="stable")
    items = []
    for row in rows.itertuples(index=False):
        late = (pd.Timestamp(today) - row.due_day).days
        detail = _pick(_FOLLOW_UP["detail"], lang).format(
            text=row.text, owner=row.owner, due=_day(row.due_day, lang)
        )
        if late > 0:
            detail += _pick(_FOLLOW_UP["late"], lang).format(days=late)
        items.append(
            AgendaItem(
                kind="follow_up",
                practice=PRACTICE["one_on_one_overdue"],
                title=_pick(_FOLLOW_UP["title"], lang).format(held=_day(row.held_on, lang)),
                detail=detail,
                suggestion=_pick(_FOLLOW_UP["suggestion"], lang),
                urgent=late > 0,
                action_id=int(row.action_id),
            )
        )
    return items


def _alert_items(alerts: pd.DataFrame, lang: str) -> list[AgendaItem]:
    """Wellbeing first, then high severity first, then by practice (stable within)."""
    if alerts is None or alerts.empty:
        return []
    found = alerts[~alerts["kind"].isin(SKIPPED)]
    order = found.assign(
        _care=(found["kind"] != "wellbeing").astype(int),
        _rank=found["severity"].map(_SEVERITY_RANK).fillna(len(_SEVERITY_RANK)),
    ).sort_values(["_care", "_rank", "practice"], kind="stable")
    items = []
    for row in order.itertuples(index=False):
        kind = str(row.kind)
        title = _TITLES.get(kind, (kind.replace("_", " ").capitalize(),) * 2)
        items.append(
            AgendaItem(
                kind=kind,
                practice=int(row.practice),
                title=_pick(title, lang),
                detail=str(getattr(row, f"message_{lang}")),
                suggestion=str(getattr(row, f"action_{lang}")),
                urgent=kind != "wellbeing" and row.severity == "high",
            )
        )
    return items


def agenda(
    alerts: pd.DataFrame | None,
    actions: pd.DataFrame | None = None,
    *,
    lang: str = "en",
    today: date | None = None,
) -> list[AgendaItem]:
    """The suggested agenda of a 1:1 with one rep.

    Parameters
    ----------
    alerts : that rep's rows of :func:`fieldsales.signals.alerts` (columns
        ``rep_id``, ``kind``, ``severity``, ``practice``, ``message_en/zh``,
        ``action_en/zh``); None or empty when the rep has none.
    actions : that rep's open action items
        (:meth:`fieldsales.state.StateStore.open_actions`: ``action_id``,
        ``held_on``, ``text``, ``owner``, ``due``); None when unknown.
    lang : ``"en"`` or ``"zh"``.
    today : the day follow-ups are late against; default
        :func:`fieldsales.config.today`.

    Returns
    -------
    list of :class:`AgendaItem`: follow-ups, the wellbeing check-in, the other
    alerts, then "agree next steps"; with neither alerts nor open actions, an
    opening question takes their place.

    Raises
    ------
    ConfigError
        For a language other than ``en``/``zh``, or rows of more than one rep.
    """
    lang = _lang(lang)
    if today is None:
        from ..config import today as config_today

        today = config_today()
    for name, frame in (("alerts", alerts), ("actions", actions)):
        if frame is not None and not frame.empty and frame["rep_id"].nunique() > 1:
            reps = ", ".join(sorted(map(str, frame["rep_id"].unique()))[:5])
            raise ConfigError(
                f"an agenda is for one rep, but {name} has rows of several ({reps}); "
                f"pass {name}[{name}['rep_id'] == REP]"
            )
    items = _follow_ups(actions, lang, today) + _alert_items(alerts, lang)
    practice = PRACTICE["one_on_one_overdue"]
    if not items:
        title, title_zh, text, text_zh = _OPEN_TALK
        items.append(
            AgendaItem("general", practice, _pick((title, title_zh), lang), "",
                       _pick((text, text_zh), lang))
        )  # fmt: skip
    title, title_zh, text, text_zh = _NEXT_STEPS
    items.append(
        AgendaItem("general", practice, _pick((title, title_zh), lang), "",
                   _pick((text, text_zh), lang))
    )  # fmt: skip
    return items
