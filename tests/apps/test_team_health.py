"""The team health app driven from Python: set a control, read what is shown."""

from __future__ import annotations

import re
from datetime import date

import ipywidgets as widgets
import pandas as pd
import pytest
from apps_helpers import EVIL, TODAY

from fieldsales.apps import VEGALITE_V5, App, team_health
from fieldsales.apps import _index as index_module
from fieldsales.exceptions import ConfigError, WorkspaceNotFoundError


def tile(app: App, label: str) -> str:
    """The figure of the summary tile called ``label``."""
    match = re.search(rf"<b>([^<]*)</b><span>{re.escape(label)}</span>", app.parts["summary"].value)
    assert match, f"no tile {label!r} in {app.parts['summary'].value}"
    return match.group(1)


def action_rows(app: App) -> list[str]:
    return re.findall(r"<tr><td[^>]*>(.*?)</td>", app.parts["action"].value)


def spec(out: widgets.Output) -> dict:
    assert len(out.outputs) == 1
    return out.outputs[0]["data"][VEGALITE_V5]


@pytest.fixture(scope="module")
def reps(small_ws) -> pd.DataFrame:
    frame = small_ws.frame("reps")
    return frame[frame["role"] != "manager"]


def test_a_fresh_widget_tree_with_named_controls_and_parts(small_ws):
    app = team_health(small_ws, TODAY)
    assert isinstance(app, widgets.VBox)
    assert set(app.controls) == {"team", "period"}
    assert {"summary", "attainment", "alerts", "action", "status"} <= set(app.parts)
    assert all("fs-control" in c._dom_classes for c in app.controls.values())
    assert app.controls["team"].value == ""  # all teams
    assert app.controls["period"].value == "2026-10"  # the newest month with data
    assert "October 2026, all teams" in app.parts["summary"].value
    assert app.parts["status"].value == ""
    other = team_health(small_ws, TODAY)
    assert other is not app and other.controls["team"] is not app.controls["team"]


def test_charts_are_vegalite_v5_with_their_data_inline(small_ws):
    app = team_health(small_ws, TODAY)
    histogram = spec(app.parts["attainment"])
    assert histogram["$schema"].endswith("/vega-lite/v5.json")
    assert histogram["mark"]["type"] == "bar"
    assert "datasets" in histogram  # no URL to fetch
    alerts = spec(app.parts["alerts"])
    assert alerts["encoding"]["y"]["field"] == "practice_name"
    metadata = app.parts["alerts"].outputs[0]["metadata"][VEGALITE_V5]
    assert metadata["embed_options"]["actions"]["editor"] is False


def test_choosing_a_team_changes_what_is_shown(small_ws, reps):
    app = team_health(small_ws, TODAY)
    everyone = int(tile(app, "reps at work"))
    before = (app.parts["summary"].value, app.parts["action"].value, spec(app.parts["attainment"]))
    team = reps["team"].value_counts().index[0]
    app.controls["team"].value = team

    assert app.parts["status"].value == ""
    assert f"October 2026, team {team}" in app.parts["summary"].value
    assert int(tile(app, "reps at work")) < everyone
    after = (app.parts["summary"].value, app.parts["action"].value, spec(app.parts["attainment"]))
    assert after[0] != before[0] and after[2] != before[2]
    assert spec(app.parts["attainment"])["title"]["text"] == f"Quota attainment, team {team}"
    members = set(reps.loc[reps["team"] == team, "name"])
    assert set(action_rows(app)) <= members
    assert "<th>Team</th>" not in app.parts["action"].value  # one team: no team column


def test_choosing_a_month_recomputes_once_and_caches(small_ws, monkeypatch):
    calls = []
    real = index_module._load_month

    def counting(ws, label, teams):
        calls.append(label)
        return real(ws, label, teams)

    monkeypatch.setattr(index_module, "_load_month", counting)
    app = team_health(small_ws, TODAY)
    labels = [label for _, label in app.controls["period"].options]
    assert labels[:3] == ["2026-10", "2026-09", "2026-08"]
    assert labels[-1] == "2026-03"  # eight months of data, not twelve
    app.controls["period"].value = "2026-09"
    assert "September 2026, all teams" in app.parts["summary"].value
    app.controls["period"].value = "2026-10"
    app.controls["period"].value = "2026-09"
    assert calls == ["2026-10", "2026-09"]


def test_action_table_lists_reps_with_high_alerts_most_first(small_ws):
    app = team_health(small_ws, TODAY)
    needing = int(tile(app, "reps needing action"))
    assert needing > 0
    assert len(action_rows(app)) == min(needing, index_module.ACTION_ROWS)
    assert "<th>Team</th>" in app.parts["action"].value
    assert "Reps needing action this week" in app.parts["action"].value


def test_initial_team_and_period_parameters(small_ws, reps):
    team = sorted(reps["team"].unique())[-1]
    app = team_health(str(small_ws.path), TODAY, team=team, period="2026-08")
    assert app.controls["team"].value == team
    assert f"August 2026, team {team}" in app.parts["summary"].value


def test_unknown_team_or_period_says_what_is_offered(small_ws):
    with pytest.raises(ConfigError, match=r"no team 'Atlantis'.*teams: "):
        team_health(small_ws, TODAY, team="Atlantis")
    with pytest.raises(ConfigError, match=r"period '2020-01' is not one of .*2026-03 to 2026-10"):
        team_health(small_ws, TODAY, period="2020-01")


def test_workspace_from_the_environment(small_ws, monkeypatch):
    monkeypatch.setenv("FIELDSALES_WORKSPACE", str(small_ws.path))
    assert team_health("", TODAY).controls["period"].value == "2026-10"
    monkeypatch.delenv("FIELDSALES_WORKSPACE")
    with pytest.raises(WorkspaceNotFoundError, match="FIELDSALES_WORKSPACE"):
        team_health("", TODAY)


def test_today_picks_the_months_and_the_data_age_note(small_ws):
    late = team_health(small_ws, date(2027, 1, 15))
    assert "76 days ago" in late.parts["summary"].value
    fresh = team_health(small_ws, date(2026, 11, 2))
    assert "days ago" not in fresh.parts["summary"].value
    earlier = team_health(small_ws, date(2026, 9, 20))  # FIELDSALES_TODAY in the past
    assert earlier.controls["period"].value == "2026-09"


def test_crm_strings_are_escaped_everywhere(evil_ws):
    app = team_health(evil_ws, TODAY)
    evil_team = next(v for _, v in app.controls["team"].options if v.startswith(EVIL))
    for team in ("", evil_team):
        app.controls["team"].value = team
        for part in ("summary", "action"):
            text = app.parts[part].value
            assert "<img" not in text and 'onerror="' not in text, text
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;" in app.parts["action"].value
    assert "team &lt;img" in app.parts["summary"].value


def test_a_failing_update_shows_a_message_not_a_traceback(small_ws, monkeypatch, capfd):
    app = team_health(small_ws, TODAY)

    def broken(*args):
        raise ConfigError("the deals table is missing; load it first")

    monkeypatch.setattr(index_module, "_load_month", broken)
    app.controls["period"].value = "2026-09"
    assert "the deals table is missing" in app.parts["status"].value

    def bug(*args):
        raise KeyError("secret_column")

    monkeypatch.setattr(index_module, "_load_month", bug)
    app.controls["period"].value = "2026-08"
    status = app.parts["status"].value
    assert "could not be updated (KeyError)" in status and "secret_column" not in status
    assert "Traceback" not in status
    assert "secret_column" in capfd.readouterr().err  # the details go to the server's log


def test_the_first_step_answers_the_most_urgent_alert():
    def alert(rep, kind, severity="high"):
        return {"rep_id": rep, "rep_name": f"name {rep}", "team": "T", "kind": kind,
                "severity": severity, "action_en": f"Do {kind} now. Then more."}  # fmt: skip

    found = pd.DataFrame([alert("A", "pace"), alert("A", "decline"), alert("B", "sla_breach"),
                          alert("C", "pace", "medium")])  # fmt: skip
    reps = pd.DataFrame({"rep_id": ["A", "B", "C"], "quota_attainment": [0.5, 0.9, 0.2]})
    table = index_module._needing_action(reps, found)
    assert list(table["rep_id"]) == ["A", "B"]  # most high alerts first; C has none
    assert table.loc[0, "needs"] == "persistent decline, behind pace"
    assert table.loc[0, "step"] == "Do decline now."
    assert table.loc[1, "step"] == "Do sla_breach now."
    assert index_module._needing_action(reps, found.head(0)).empty
