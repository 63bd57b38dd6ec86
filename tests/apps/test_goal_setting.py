"""The goal-setting app driven from Python: choose, edit, save, reload, export."""

from __future__ import annotations

import base64
import re
import shutil

import ipywidgets as widgets
import pandas as pd
import pytest
from apps_helpers import EVIL

from fieldsales import open_workspace
from fieldsales.apps import VEGALITE_V5, App, default_user, goal_setting
from fieldsales.exceptions import ConfigError
from fieldsales.goals import GoalModel, GoalSet, goal_key, target_period
from fieldsales.state import open_store


def spec(out: widgets.Output) -> dict:
    assert len(out.outputs) == 1
    return out.outputs[0]["data"][VEGALITE_V5]


def tile(app: App, label: str) -> str:
    match = re.search(rf"<b>([^<]*)</b><span>{re.escape(label)}</span>", app.parts["summary"].value)
    assert match, f"no tile {label!r} in {app.parts['summary'].value}"
    return match.group(1)


@pytest.fixture
def ws(small_ws, tmp_path):
    """A copy of the small workspace: these tests save into its decisions store."""
    return open_workspace(shutil.copytree(small_ws.path, tmp_path / "ws"))


@pytest.fixture(scope="module")
def team(small_ws) -> str:
    reps = small_ws.frame("reps")
    working = reps[(reps["role"] != "manager") & reps["exit_date"].isna()]
    return working["team"].value_counts().index[0]


def test_a_fresh_tree_with_sensible_defaults(small_ws):
    app = goal_setting(small_ws, user="li.wei")
    assert isinstance(app, widgets.VBox)
    assert {"period", "team", "metric", "who", "save", "export_csv"} <= set(app.controls)
    # the data end on 2026-10-31: the next quarter is the default, all teams, revenue
    values = [app.controls[k].value for k in ("period", "team", "metric", "who")]
    assert values == ["2027-Q1", "", "revenue", "li.wei"]
    assert "Q1 2027 (Jan–Mar), all teams, revenue won (USD)" in app.parts["summary"].value
    assert app.parts["status"].value == ""
    assert app.parts["editing"].layout.display == "none" and not app.inputs  # edited per team
    assert "Choose a team" in app.parts["grid"].children[0].value
    assert "Choose a team to see the numbers" in app.parts["why"].value  # not 1,000 rows
    assert spec(app.parts["targets_chart"])["$schema"].endswith("/vega-lite/v5.json")
    assert spec(app.parts["breakdown_chart"])["mark"]["type"] == "bar"
    other = goal_setting(small_ws)
    assert other.controls["period"] is not app.controls["period"]


def test_the_page_shows_the_library_s_proposals(small_ws, team):
    app = goal_setting(small_ws, team=team)
    assert app.parts["editing"].layout.display is None
    proposals = GoalSet(GoalModel.load(small_ws, "revenue"), target_period("2027-Q1"), team)
    expected = dict(zip(proposals.table["rep_id"], proposals.table["proposed"], strict=True))
    assert {rep: box.value for rep, box in app.inputs.items()} == expected
    total = sum(expected.values())
    assert tile(app, "proposed in total") == f"{total:,.0f}"
    assert tile(app, "your targets in total") == f"{total:,.0f}"
    assert "Why these numbers" in app.parts["why"].value
    assert "Plan by month" in app.parts["plan"].value
    assert "<b>Achievable</b>" in app.parts["checks"].value


def test_editing_a_target_changes_totals_flags_and_charts(ws, team):
    app = goal_setting(ws, team=team)
    rep, box = next(iter(app.inputs.items()))
    before_total = sum(b.value for b in app.inputs.values())
    before_chart = spec(app.parts["targets_chart"])
    box.value = box.value + 100_000
    # the total rises by exactly the edit
    assert tile(app, "your targets in total") == f"{before_total + 100_000:,.0f}"
    assert "Unsaved changes" in app.parts["saved"].value
    assert spec(app.parts["targets_chart"]) != before_chart
    grid = app.parts["grid"].children[0]
    flags = [
        c.value for c in grid.children if isinstance(c, widgets.HTML) and "fs-flags" in c.value
    ]
    assert "edited" in flags[0] and "edited" not in "".join(flags[1:])
    app.controls["reset"].click()
    assert "Unsaved changes" not in app.parts["saved"].value
    assert tile(app, "your targets in total") == f"{before_total:,.0f}"


def test_a_saved_target_survives_a_new_page(ws, team):
    app = goal_setting(ws, team=team)
    rep, box = next(iter(app.inputs.items()))
    box.value = 123_456.0
    app.controls["who"].value = "  "
    app.controls["save"].click()
    assert "Type your name" in app.parts["saved"].value  # nobody to record: nothing saved
    app.controls["who"].value = "li.wei"
    app.controls["note"].value = "first cut"
    app.controls["save"].click()
    assert app.parts["status"].value == ""
    assert re.search(r"Version 1 saved by li\.wei at \d{4}-\d\d-\d\d \d\d:\d\d UTC",
                     app.parts["saved"].value)  # fmt: skip
    assert "first cut" in app.parts["history"].value and app.controls["note"].value == ""
    with open_store(ws) as store:
        doc = store.latest("goals", goal_key("2027-Q1", team, "revenue"))
    assert doc.version == 1 and doc.saved_by == "li.wei"
    saved = {t["rep_id"]: t["target"] for t in doc.body["targets"]}
    assert saved[rep] == 123_456.0
    assert {"targets", "decomposition", "checks", "method"} <= set(doc.body)
    # a new page (a reload) shows the saved version
    again = goal_setting(ws, team=team)
    assert again.inputs[rep].value == 123_456.0
    assert "Version 1 saved by li.wei" in again.parts["saved"].value
    # all teams: the team's saved targets count in the totals, and it is listed as saved
    everyone = goal_setting(ws)
    assert f"{team} (version 1)" in everyone.parts["grid"].children[0].value


def test_a_target_that_fails_a_check_is_not_saved(ws, team):
    app = goal_setting(ws, team=team, user="li.wei")
    rep, box = next(iter(app.inputs.items()))
    box.value = -10.0
    assert "M✗" in app.parts["grid"].children[0].children[9].value  # the first row's flags
    assert app.parts["status"].value == ""  # the page keeps working (no error shown)
    app.controls["save"].click()
    assert "Nothing was saved: fix the targets marked ✗ first" in app.parts["saved"].value
    assert "A target cannot be negative (got -10)" in app.parts["saved"].value
    with open_store(ws) as store:
        assert store.latest("goals", goal_key("2027-Q1", team, "revenue")) is None


def test_a_save_after_someone_else_saved_is_refused(ws, team):
    mine, theirs = goal_setting(ws, team=team, user="me"), goal_setting(ws, team=team, user="ana")
    next(iter(theirs.inputs.values())).value = 1.0
    theirs.controls["save"].click()
    next(iter(mine.inputs.values())).value = 2.0
    mine.controls["save"].click()
    assert "Nothing was saved: ana saved version 1" in mine.parts["saved"].value
    with open_store(ws) as store:
        assert store.latest("goals", goal_key("2027-Q1", team, "revenue")).version == 1


def test_edits_are_kept_while_looking_at_another_team(ws, team):
    app = goal_setting(ws, team=team)
    rep, box = next(iter(app.inputs.items()))
    box.value = 777.0
    others = [t for _, t in app.controls["team"].options if t not in ("", team)]
    app.controls["team"].value = others[0]
    assert rep not in app.inputs
    app.controls["team"].value = team
    assert app.inputs[rep].value == 777.0 and "Unsaved changes" in app.parts["saved"].value


def test_period_and_metric_change_what_is_shown(small_ws, team):
    app = goal_setting(small_ws, team=team)
    app.controls["period"].value = "2027"
    assert "Year 2027" in app.parts["summary"].value
    assert app.parts["plan"].value.count("<th>2027-") == 12
    assert spec(app.parts["breakdown_chart"])["title"] == f"Total target by month, team {team}"
    app.controls["period"].value = "2026-11"
    assert "Plan by week" in app.parts["plan"].value
    app.controls["metric"].value = "visits"
    assert "customer visits" in app.parts["summary"].value
    assert "customer_visits" in app.parts["checks"].value
    assert app.parts["status"].value == ""


def test_exports_are_written_and_offered_for_download(ws, team):
    app = goal_setting(ws, team=team)
    app.controls["export_csv"].click()
    path = ws.path / "exports" / f"goals-2027-Q1-{team.lower().replace(' ', '-')}-revenue.csv"
    assert path.is_file()
    link = re.search(r'href="data:text/csv;base64,([^"]+)"', app.parts["download"].value)
    assert base64.b64decode(link.group(1)) == path.read_bytes()
    frame = pd.read_csv(path, encoding="utf-8-sig")
    assert frame["rep_id"].iloc[:-1].tolist() == list(app.inputs)
    assert frame["target"].iloc[-1] == pytest.approx(sum(b.value for b in app.inputs.values()))
    app.controls["export_xlsx"].click()
    assert path.with_suffix(".xlsx").is_file()
    assert "spreadsheetml.sheet;base64," in app.parts["download"].value


def test_crm_strings_are_escaped(evil_ws):
    reps = evil_ws.frame("reps")
    evil_team = next(t for t in reps["team"].unique() if t.startswith(EVIL))
    app = goal_setting(evil_ws, team=evil_team)
    shown = [app.parts[p].value for p in ("summary", "why", "checks", "plan")]
    shown += [c.value for c in app.parts["grid"].children[0].children if hasattr(c, "value")
              and isinstance(c.value, str)]  # fmt: skip
    assert EVIL not in "".join(shown)
    assert "&lt;img src=x" in app.parts["why"].value


def test_bad_parameters_are_refused(small_ws):
    with pytest.raises(ConfigError, match="no team 'Nowhere'"):
        goal_setting(small_ws, team="Nowhere")
    with pytest.raises(ConfigError, match="target period 'soon' not understood"):
        goal_setting(small_ws, period="soon")
    with pytest.raises(ConfigError, match="no goal metric 'profit'"):
        goal_setting(small_ws, metric="profit")
    app = goal_setting(small_ws, period="2028-Q2")  # any period can be asked for
    assert app.controls["period"].value == "2028-Q2"


def test_the_user_defaults_to_fieldsales_user(monkeypatch):
    monkeypatch.setenv("FIELDSALES_USER", "  li.wei ")
    assert default_user() == "li.wei"
    monkeypatch.delenv("FIELDSALES_USER")
    assert isinstance(default_user(), str)


def test_a_saved_target_of_a_rep_who_left_is_kept_when_the_page_saves(ws, team):
    """A version saved with a rep who has since left the team: the page says so, and
    its next save keeps that target (it is not among the team's reps any more)."""
    model = GoalModel.load(ws, "revenue")
    first = GoalSet(model, target_period("2027-Q1"), team, {"GONE1": 4_321.0})
    with open_store(ws) as store:
        from fieldsales.goals import save_goals

        save_goals(store, first, "li.wei", expected_version=0)
    app = goal_setting(ws, team=team)
    assert "1 saved target(s) of reps no longer in this team" in app.parts["saved"].value
    assert "GONE1" in app.parts["saved"].value and "GONE1" not in app.inputs
    rep, box = next(iter(app.inputs.items()))
    box.value = 99_000.0
    app.controls["who"].value = "li.wei"
    app.controls["save"].click()
    with open_store(ws) as store:
        doc = store.latest("goals", goal_key("2027-Q1", team, "revenue"))
    assert doc.version == 2
    assert [(k["rep_id"], k["target"]) for k in doc.body["kept"]] == [("GONE1", 4_321.0)]
    assert {t["rep_id"]: t["target"] for t in doc.body["targets"]}[rep] == 99_000.0
