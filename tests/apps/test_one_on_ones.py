"""The 1:1 planner driven from Python: who is due, the agenda, recording, open actions."""

from __future__ import annotations

import re
from datetime import date, timedelta

import ipywidgets as widgets
import pandas as pd
import pytest
from apps_helpers import EVIL, TODAY

from fieldsales.apps import VEGALITE_V5, App
from fieldsales.apps import _one_on_ones as planner
from fieldsales.apps._one_on_ones import cadence_chart, one_on_ones
from fieldsales.exceptions import ConfigError
from fieldsales.kpis import compute
from fieldsales.sample import generate, write_workspace
from fieldsales.signals import AlertThresholds
from fieldsales.signals._agenda import (
    PRACTICE_TITLES,
    agenda,
    cadence,
    crm_last_one_on_ones,
    practice_title,
)
from fieldsales.state import open_store

D = pd.Timestamp


@pytest.fixture(autouse=True)
def _own_store(tmp_path, monkeypatch):
    """Each test saves into its own store: the session's workspaces stay untouched."""
    monkeypatch.setenv("FIELDSALES_STATE_URL", f"sqlite:///{tmp_path / 'state.sqlite'}")


def tile(app: App, label: str) -> str:
    match = re.search(rf"<b>([^<]*)</b><span>{re.escape(label)}</span>", app.parts["summary"].value)
    assert match, f"no tile {label!r} in {app.parts['summary'].value}"
    return match.group(1)


def due_rows(app: App) -> list[list[str]]:
    body = app.parts["due"].value.split("<tbody>")[1]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in body.split("</tr>")[:-1]]


def spec(out: widgets.Output) -> dict:
    assert len(out.outputs) == 1
    return out.outputs[0]["data"][VEGALITE_V5]


def grid_rows(app: App) -> list[list[str]]:
    """The open-actions grid as rows of cell texts (the header row left out)."""
    cells = app.parts["open_actions"].children
    width = 7
    rows = [cells[i : i + width] for i in range(0, len(cells), width)][1:]
    return [[c.value if isinstance(c, widgets.HTML) else c.description for c in r] for r in rows]


def fill_action(app: App, index: int, text: str, owner: str, due: date | None = None) -> None:
    row = app.parts["action_rows"].children[index].children
    row[0].value, row[1].value = text, owner
    if due is not None:
        row[2].value = due


# -- who is due: figures worked out by hand -----------------------------------------------


def test_cadence_merges_the_crm_and_the_store_and_counts_days_by_hand():
    reps = pd.DataFrame(
        {
            "rep_id": ["R0", "R1", "R2", "R3", "R4", "R5", "R6", "R7", "M1", "R9"],
            "name": ["Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Max", "Ivy"],
            "team": ["A", "A", "A", "B", "B", "B", "B", "A", "A", "B"],
            "role": ["field_rep"] * 8 + ["manager", "field_rep"],
            "hire_date": [D("2026-01-01")] * 4 + [D("2026-09-15")] + [D("2026-01-01")] * 4
            + [D("2026-11-10")],
            "exit_date": [pd.NaT] * 7 + [D("2026-10-15"), pd.NaT, pd.NaT],
        }
    )  # fmt: skip
    crm = pd.Series(
        [D("2026-10-19"), D("2026-10-20"), D("2026-10-01"), D("2026-10-30"), D("2026-10-03"),
         D("2026-10-04"), D("2026-10-01")],
        index=["R0", "R1", "R2", "R3", "R5", "R6", "R7"],
    )  # fmt: skip
    recorded = pd.DataFrame(
        {
            "rep_id": ["R2", "R3", "R1"],
            "held_on": [D("2026-10-25"), D("2026-10-02"), D("2026-11-05")],  # R1's is after today
        }
    )
    out = cadence(reps, crm, recorded, date(2026, 11, 3)).set_index("rep_id")
    # R7 left on 10-15, M1 is a manager, R9 starts on 11-10: not at work on 11-03
    assert sorted(out.index) == ["R0", "R1", "R2", "R3", "R4", "R5", "R6"]
    # Ed (R4): no 1:1 ever, hired 09-15: 15 days of September + 31 of October + 3 = 49
    # Flo (R5): 10-03 -> 11-03 = 31 days > 30: long overdue
    # Gus (R6): 10-04 -> 11-03 = 30 days: overdue, not yet long overdue (30 is not > 30)
    # Ann (R0): 10-19 -> 11-03 = 12 + 3 = 15 > 14: overdue
    # Bo (R1): 10-20 -> 11-03 = 14, not > 14: on track; his 11-05 record is in the future
    # Cy (R2): CRM 10-01, recorded here 10-25 -> 6 + 3 = 9 days
    # Di (R3): CRM 10-30 is later than the 10-02 recorded here -> 1 + 3 = 4 days
    assert list(out.index) == ["R4", "R5", "R6", "R0", "R1", "R2", "R3"]
    assert out["days"].tolist() == [49, 31, 30, 15, 14, 9, 4]
    assert out["status"].tolist() == ["long overdue", "long overdue", "overdue", "overdue",
                                      "on track", "on track", "on track"]  # fmt: skip
    assert out["source"].tolist() == ["none", "CRM", "CRM", "CRM", "CRM", "recorded here", "CRM"]
    assert pd.isna(out.loc["R4", "last"]) and out.loc["R4", "since"] == D("2026-09-15")
    assert out.loc["R2", "last"] == D("2026-10-25")
    assert out.loc["R0", "rep_name"] == "Ann" and out.loc["R5", "team"] == "B"
    # a weekly cadence: Bo (14 days) is overdue too; Gus (30) is long overdue beyond 21
    weekly = AlertThresholds(one_on_one_days=7, one_on_one_high_days=21)
    strict = cadence(reps, crm, recorded, date(2026, 11, 3), weekly).set_index("rep_id")
    assert strict.loc["R1", "status"] == "overdue" and strict.loc["R6", "status"] == "long overdue"
    assert strict.loc["R2", "status"] == "overdue"  # 9 > 7


def test_days_agree_with_the_kpi_at_the_end_of_the_data(small_ws):
    """At the data's end, no 1:1 recorded here: the KPI's figure, rep by rep."""
    end = date(2026, 10, 31)
    mine = cadence(
        small_ws.frame("reps"), crm_last_one_on_ones(small_ws, end),
        pd.DataFrame({"rep_id": [], "held_on": []}), end,
    ).set_index("rep_id")  # fmt: skip
    kpi = compute(small_ws, ["days_since_one_on_one"], grain="month", period="2026-10")
    kpi = kpi.set_index("rep_id")["days_since_one_on_one"].dropna()
    shared = mine.index.intersection(kpi.index)
    assert len(shared) == len(mine) > 5
    assert (mine.loc[shared, "days"] == kpi.loc[shared].astype(int)).all()


def test_crm_1_1s_after_today_do_not_count(small_ws):
    before = crm_last_one_on_ones(small_ws, date(2026, 9, 30))
    assert before.max() <= D("2026-09-30")
    assert crm_last_one_on_ones(small_ws, TODAY).max() > D("2026-09-30")


def test_the_chart_draws_the_cadence_as_a_rule(small_ws):
    frame = cadence(
        small_ws.frame("reps"), crm_last_one_on_ones(small_ws, TODAY),
        pd.DataFrame({"rep_id": [], "held_on": []}), TODAY,
    )  # fmt: skip
    chart = cadence_chart(frame.head(3), 14, "t").to_dict()
    bars, rule = chart["layer"]
    assert bars["mark"]["type"] == "bar" and bars["encoding"]["y"]["sort"] is None
    assert rule["mark"]["type"] == "rule" and rule["encoding"]["x"]["datum"] == 14
    assert chart["height"] == 60  # three bars: the 60 px minimum (3 x 18 = 54)
    assert len(cadence_chart(frame.head(10), 14, "t").to_dict()["datasets"]) >= 1


# -- the app: first view, team, record, actions -------------------------------------------


def test_first_view_lists_reps_most_overdue_first(small_ws):
    app = one_on_ones(small_ws, TODAY, user="li.wei")
    assert isinstance(app, widgets.VBox)
    assert {"team", "user", "rep", "lang", "draft", "held_on", "notes", "save",
            "add_action", "actions_rep"} <= set(app.controls)  # fmt: skip
    assert all("fs-control" in c._dom_classes for c in app.controls.values())
    assert app.controls["team"].value == "" and app.controls["user"].value == "li.wei"
    assert app.parts["status"].value == ""
    frame = cadence(small_ws.frame("reps"), crm_last_one_on_ones(small_ws, TODAY),
                    pd.DataFrame({"rep_id": [], "held_on": []}), TODAY)  # fmt: skip
    assert tile(app, "reps at work") == str(len(frame))
    assert tile(app, "overdue (over 14 days)") == str(int((frame["days"] > 14).sum()))
    assert tile(app, "over 30 days") == str(int((frame["days"] > 30).sum()))
    assert tile(app, "open actions") == "0"
    days = [int(r[4]) for r in due_rows(app)]
    assert days == sorted(days, reverse=True) and days[0] == frame["days"].max()
    assert app.controls["rep"].value == frame["rep_id"].iloc[0]  # the most overdue rep
    chart = spec(app.parts["chart"])
    assert chart["$schema"].endswith("/vega-lite/v5.json")
    assert chart["title"]["text"] == "Days since the last 1:1, all teams"
    assert len(frame) < planner.CHART_REPS  # 16 reps at work: every one has a bar
    assert chart["title"]["subtitle"] == [
        f"{len(frame)} reps",
        "dashed line: the cadence, a 1:1 every 14 days",
    ]
    assert [len(rows) for rows in chart["datasets"].values()] == [len(frame)]
    assert "Press “Draft the agenda”" in app.parts["agenda"].value
    assert app.controls["held_on"].value == TODAY
    assert "risk" not in app.parts["summary"].value.lower() + app.parts["due"].value.lower()


def test_a_long_list_shows_the_most_overdue_and_says_how_many_more(small_ws, monkeypatch):
    monkeypatch.setattr(planner, "CHART_REPS", 5)
    monkeypatch.setattr(planner, "TABLE_ROWS", 5)
    app = one_on_ones(small_ws, TODAY)
    reps = int(tile(app, "reps at work"))
    chart = spec(app.parts["chart"])
    assert chart["title"]["subtitle"][0] == f"the 5 most overdue of {reps} reps"
    assert [len(rows) for rows in chart["datasets"].values()] == [5]
    assert len(due_rows(app)) == 5
    assert f"and {reps - 5} more, fewer days since their last 1:1." in app.parts["due"].value


def test_choosing_a_team_narrows_every_view(small_ws):
    app = one_on_ones(small_ws, TODAY)
    before = app.parts["due"].value
    teams = [v for _, v in app.controls["team"].options if v]
    team = teams[0]
    app.controls["team"].value = team
    reps = small_ws.frame("reps")
    members = set(reps.loc[reps["team"] == team, "name"])
    assert app.parts["due"].value != before
    assert {r[0] for r in due_rows(app)} <= members
    assert "<th>Team</th>" not in app.parts["due"].value  # one team: no team column
    assert spec(app.parts["chart"])["title"]["text"] == f"Days since the last 1:1, team {team}"
    ids = set(reps.loc[reps["team"] == team, "rep_id"])
    assert {v for _, v in app.controls["rep"].options} <= ids
    assert f"Team {team}" in app.parts["summary"].value


def test_recording_a_1_1_updates_the_rep_at_once_and_is_kept(small_ws):
    app = one_on_ones(small_ws, TODAY, user="li.wei")
    rep_id = app.controls["rep"].value
    name = small_ws.frame("reps").set_index("rep_id").loc[rep_id, "name"]
    overdue = int(tile(app, "overdue (over 14 days)"))
    app.controls["notes"].value = "Walked through the pipeline."
    fill_action(app, 0, "Shadow two visits", name, TODAY + timedelta(days=10))
    app.controls["add_action"].click()
    assert len(app.parts["action_rows"].children) == 2
    fill_action(app, 1, "Book the CRM course", "li.wei")
    app.controls["save"].click()

    assert "Saved: the 1:1 with" in app.parts["saved"].value
    assert "2 actions" in app.parts["saved"].value
    row = next(r for r in due_rows(app) if r[0] == name)
    assert row[2:] == [f"{TODAY:%d %b %Y}", "recorded here", "0", "on track"]
    assert int(tile(app, "overdue (over 14 days)")) == overdue - 1
    assert tile(app, "open actions") == "2"
    label = dict((v, k) for k, v in app.controls["rep"].options)[rep_id]
    assert label.endswith("(0 days)")
    assert app.controls["rep"].value == rep_id  # the form stays with the rep
    assert app.controls["notes"].value == "" and len(app.parts["action_rows"].children) == 1
    texts = [r[1] for r in grid_rows(app)]
    assert texts == ["Shadow two visits", "Book the CRM course"]  # by due date
    # default due: 14 days after the 1:1
    with open_store(small_ws) as store:
        kept = store.open_actions(rep_id)
        records = store.one_on_ones(rep_id)
    assert kept.loc[kept["text"] == "Book the CRM course", "due"].iloc[0] == D(
        TODAY
    ) + pd.Timedelta(days=14)
    assert records["saved_by"].tolist() == ["li.wei"]
    assert records["notes"].tolist() == ["Walked through the pipeline."]
    # a new page (a reload) shows the same
    again = one_on_ones(small_ws, TODAY)
    assert next(r for r in due_rows(again) if r[0] == name)[3] == "recorded here"
    assert [r[1] for r in grid_rows(again)] == texts


def test_a_form_with_problems_saves_nothing_and_says_why(small_ws):
    app = one_on_ones(small_ws, TODAY, user="")
    app.controls["user"].value = ""  # the login name was filled in
    app.controls["held_on"].value = TODAY + timedelta(days=1)
    fill_action(app, 0, "Call the distributor", "")
    app.controls["save"].click()
    message = app.parts["saved"].value
    assert message.startswith('<div class="fs-error">Not saved:')
    assert "fill in “Your name”" in message
    assert "is after today: record a 1:1 once held" in message
    assert "action 1 needs an owner" in message
    app.controls["user"].value = "li.wei"
    app.controls["held_on"].value = None
    fill_action(app, 0, "", "")  # an empty row is skipped, not an error
    app.controls["save"].click()
    assert "choose the day the 1:1 was held" in app.parts["saved"].value
    assert "action 1" not in app.parts["saved"].value
    with open_store(small_ws) as store:
        assert store.one_on_ones().empty


def test_an_action_is_marked_done_from_the_list(small_ws):
    with open_store(small_ws) as store:
        reps = small_ws.frame("reps")
        first, second = reps.loc[reps["role"] != "manager", "rep_id"].iloc[:2]
        store.record_one_on_one(first, "2026-10-01", "", [
            {"text": "Late one", "owner": "x", "due": "2026-10-20"},
            {"text": "Later one", "owner": "x", "due": "2026-12-01"},
        ], saved_by="li")  # fmt: skip
        store.record_one_on_one(second, "2026-10-02", "", [
            {"text": "For the other rep", "owner": "y", "due": "2026-11-20"},
        ], saved_by="li")  # fmt: skip
    app = one_on_ones(small_ws, TODAY, user="li.wei")
    rows = grid_rows(app)
    assert [r[1] for r in rows] == ["Late one", "For the other rep", "Later one"]
    assert "past due" in rows[0][5] and rows[1][5] == "" and rows[2][5] == ""
    assert tile(app, "actions past due") == "1"
    app.controls["actions_rep"].value = first
    assert [r[1] for r in grid_rows(app)] == ["Late one", "Later one"]
    done = app.parts["open_actions"].children[7 + 6]  # first row's button
    assert done.description == "Done"
    done.click()
    assert app.parts["status"].value == '<p class="fs-muted">Marked done.</p>'
    assert [r[1] for r in grid_rows(app)] == ["Later one"]
    assert app.controls["actions_rep"].value == first  # the filter is kept
    assert tile(app, "actions past due") == "0"
    with open_store(small_ws) as store:
        closed = store.actions(first)
    assert closed.loc[closed["text"] == "Late one", "closed_by"].iloc[0] == "li.wei"
    app.controls["actions_rep"].value = ""
    assert len(grid_rows(app)) == 2
    assert app.parts["actions_note"].value == ""


def test_a_long_action_list_says_how_many_more(small_ws, monkeypatch):
    monkeypatch.setattr(planner, "ACTION_ROWS", 2)
    rep = small_ws.frame("reps").query("role != 'manager'")["rep_id"].iloc[0]
    with open_store(small_ws) as store:
        store.record_one_on_one(rep, "2026-10-01", "", [
            {"text": f"step {i}", "owner": "x", "due": "2026-11-20"} for i in range(3)
        ], saved_by="li")  # fmt: skip
    app = one_on_ones(small_ws, TODAY)
    assert [r[1] for r in grid_rows(app)] == ["step 0", "step 1"]
    assert "and 1 more: choose a rep to see them all." in app.parts["actions_note"].value


def test_the_agenda_puts_open_actions_first_and_speaks_chinese(small_ws):
    app = one_on_ones(small_ws, TODAY, user="li.wei")
    rep_id = app.controls["rep"].value
    with open_store(small_ws) as store:
        store.record_one_on_one(rep_id, "2026-10-01", "Talked about the <b>north</b> accounts", [
            {"text": "Visit <script>x</script> Corp", "owner": "li", "due": "2026-10-20"},
        ], saved_by="li")  # fmt: skip
    app = one_on_ones(small_ws, TODAY, user="li.wei")
    app.controls["rep"].value = rep_id
    app.controls["draft"].click()
    assert app.parts["status"].value == ""
    assert app.controls["draft"].layout.display == "none"  # drafted once, then follows the rep
    html = app.parts["agenda"].value
    topics = re.findall(r'<span class="fs-topic">(.*?)</span>', html)
    assert topics[0] == "Follow up: an action from the 1:1 of 01 Oct 2026"
    assert topics[-1] == "Agree next steps"
    # due 10-20, today 11-03: 11 + 3 = 14 days late
    assert "Past due by 14 day(s)." in html
    assert "Visit &lt;script&gt;x&lt;/script&gt; Corp" in html and "<script>" not in html
    assert "Notes then: “Talked about the &lt;b&gt;north&lt;/b&gt; accounts”" in html
    assert "practice 2 · Regular communication" in html
    assert "1:1 overdue" not in html  # the reason for the meeting, not a topic
    app.controls["lang"].value = "zh"
    zh = app.parts["agenda"].value
    assert "的一对一面谈建议议程" in zh and "跟进：2026年10月1日一对一面谈的待办事项" in zh
    assert "已逾期14天。" in zh and "实践 2 · 定期沟通" in zh
    other = next(v for _, v in app.controls["rep"].options if v != rep_id)
    app.controls["rep"].value = other
    assert "Follow up" not in app.parts["agenda"].value
    assert "risk" not in (html + zh).lower()


def test_strings_are_escaped_everywhere(evil_ws):
    app = one_on_ones(evil_ws, TODAY, user="li.wei")
    rep_id = app.controls["rep"].value
    fill_action(app, 0, EVIL + "action", EVIL + "owner")
    app.controls["notes"].value = EVIL
    app.controls["save"].click()
    app.controls["draft"].click()
    evil_team = next(v for _, v in app.controls["team"].options if v.startswith(EVIL))
    for team in ("", evil_team):
        app.controls["team"].value = team
        texts = [app.parts[p].value for p in ("summary", "due", "agenda", "saved")]
        texts += [c.value for c in app.parts["open_actions"].children if hasattr(c, "value")]
        for text in texts:
            assert "<img" not in text and 'onerror="' not in text, text
    app.controls["team"].value = ""
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;" in app.parts["due"].value
    app.controls["rep"].value = rep_id
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;action" in app.parts["agenda"].value


def test_unknown_team_and_missing_store_messages(small_ws, monkeypatch):
    with pytest.raises(ConfigError, match=r"no team 'Atlantis'.*teams: "):
        one_on_ones(small_ws, TODAY, team="Atlantis")
    monkeypatch.setenv("FIELDSALES_STATE_URL", "sqlite:////nonexistent-folder/x/state.sqlite")
    app = one_on_ones(small_ws, TODAY)
    assert 'class="fs-error"' in app.parts["status"].value


def test_old_data_and_a_workspace_without_1_1s(tmp_path):
    data = generate(reps=8, months=6, seed=5, end="2026-10", truth_sims=1)
    del data.tables["one_on_ones"]
    ws = write_workspace(data, tmp_path / "ws")
    app = one_on_ones(ws, date(2026, 11, 20))
    summary = app.parts["summary"].value
    assert "The CRM data end on 31 Oct 2026, 20 days ago" in summary
    assert "no one_on_ones table" in summary
    assert {r[3] for r in due_rows(app)} == {"–"}  # every rep counted from the start date
    app.controls["draft"].click()
    assert "No 1:1 recorded yet (at work since" in app.parts["agenda"].value


def test_a_bug_in_an_update_shows_a_short_message(small_ws, monkeypatch, capfd):
    app = one_on_ones(small_ws, TODAY)

    def bug(*args, **kwargs):
        raise KeyError("secret_column")

    monkeypatch.setattr(planner, "alerts", bug)
    app.controls["draft"].click()
    status = app.parts["status"].value
    assert "could not be updated (KeyError)" in status and "secret_column" not in status
    assert "secret_column" in capfd.readouterr().err


# -- the agenda, from hand-made alerts ------------------------------------------------------


def _alert(kind, severity, practice, rep="R1"):
    return {"rep_id": rep, "kind": kind, "severity": severity, "practice": practice,
            "message_en": f"{kind} figures", "message_zh": f"{kind}数据",
            "action_en": f"do {kind}", "action_zh": f"处理{kind}"}  # fmt: skip


def test_agenda_order_urgency_and_gentle_wellbeing():
    found = pd.DataFrame([
        _alert("pace", "medium", 1), _alert("one_on_one_overdue", "high", 2),
        _alert("compliance_due_soon", "low", 13), _alert("decline", "high", 7),
        _alert("wellbeing", "medium", 10), _alert("compliance_overdue", "high", 13),
    ])  # fmt: skip
    actions = pd.DataFrame({
        "action_id": [5, 6], "rep_id": ["R1", "R1"], "held_on": [D("2026-10-01")] * 2,
        "text": ["later", "late"], "owner": ["Bo", "Bo"],
        "due": [D("2026-11-10"), D("2026-10-30")],
    })  # fmt: skip
    items = agenda(found, actions, today=date(2026, 11, 3))
    kinds = [i.kind for i in items]
    # follow-ups by due date; wellbeing first of the alerts; high before medium before low,
    # by practice within a severity; the overdue-1:1 alert left out; next steps last
    assert kinds == ["follow_up", "follow_up", "wellbeing", "decline", "compliance_overdue",
                     "pace", "compliance_due_soon", "general"]  # fmt: skip
    assert [i.action_id for i in items[:2]] == [6, 5]
    assert [i.urgent for i in items] == [True, False, False, True, True, False, False, False]
    # due 10-30, today 11-03: 1 + 3 = 4 days late
    assert items[0].detail == "“late” (owner Bo, due 30 Oct 2026). Past due by 4 day(s)."
    assert [i.practice for i in items] == [2, 2, 10, 7, 13, 1, 13, 2]
    care = items[2]
    assert care.title == "How are they doing? A wellbeing check-in"
    assert (care.detail, care.suggestion) == ("wellbeing figures", "do wellbeing")
    zh = agenda(found, actions, lang="zh", today=date(2026, 11, 3))
    assert zh[0].detail == "“late”（负责人：Bo，截止：2026年10月30日）。已逾期4天。"
    assert zh[2].title == "近况如何？关怀式沟通" and zh[3].detail == "decline数据"
    assert zh[-1].title == "商定下一步"


def test_agenda_wording_of_the_wellbeing_check_is_never_a_sanction():
    from fieldsales.signals import ACTIONS

    item = agenda(pd.DataFrame([{**_alert("wellbeing", "medium", 10),
                                 "action_en": ACTIONS["wellbeing"][0]}]))[0]  # fmt: skip
    words = f"{item.title} {item.suggestion}".lower()
    assert not item.urgent
    for word in ("penalty", "warning", "sanction", "disciplin", "underperform", "poor"):
        assert word not in words
    assert "not a performance matter" in words


def test_agenda_without_signals_opens_the_conversation():
    items = agenda(None, None, today=date(2026, 11, 3))
    assert [i.title for i in items] == ["What is going well, what is in the way",
                                        "Agree next steps"]  # fmt: skip
    assert agenda(pd.DataFrame([_alert("one_on_one_overdue", "high", 2)]))[0].kind == "general"


def test_agenda_refuses_several_reps_and_unknown_languages():
    two = pd.DataFrame([_alert("pace", "medium", 1), _alert("pace", "medium", 1, rep="R2")])
    with pytest.raises(ConfigError, match=r"one rep, but alerts has rows of several \(R1, R2\)"):
        agenda(two)
    with pytest.raises(ConfigError, match="agenda language 'fr' is not one of en, zh"):
        agenda(None, lang="fr")


def test_practice_titles_cover_the_twenty_practices():
    assert sorted(PRACTICE_TITLES) == list(range(1, 21))
    assert practice_title(10) == "10 · Psychological support"
    assert practice_title(10, "zh") == "10 · 心理支持与关怀"
