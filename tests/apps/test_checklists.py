"""The diversity and cross-department checklist apps driven from Python."""

from __future__ import annotations

import re
from datetime import date

import ipywidgets as widgets
import pandas as pd
import pytest
from apps_helpers import EVIL, TODAY

from fieldsales.apps import VEGALITE_V5, App, default_user
from fieldsales.apps._checklist import SEEDED_BY, ChecklistEditor
from fieldsales.apps._cross_department_checklist import cross_department_checklist
from fieldsales.apps._diversity_checklist import PAY_NOTE, diversity_checklist
from fieldsales.equity import TOO_SMALL, load_equity
from fieldsales.exceptions import ConfigError
from fieldsales.handoffs import handoff_events
from fieldsales.sample import generate, write_workspace
from fieldsales.state import open_store


@pytest.fixture(autouse=True)
def _own_store(tmp_path, monkeypatch):
    """Each test saves into its own store: the session's workspaces stay untouched."""
    monkeypatch.setenv("FIELDSALES_STATE_URL", f"sqlite:///{tmp_path / 'state.sqlite'}")


@pytest.fixture(scope="module")
def bare_ws(tmp_path_factory):
    """No gender or age band, no complaints and no customer feedback."""
    data = generate(reps=16, months=8, seed=7, end="2026-10", truth_sims=1)
    data.tables["reps"] = data.tables["reps"].drop(columns=["gender", "age_band"])
    del data.tables["complaints"], data.tables["customer_feedback"]
    return write_workspace(data, tmp_path_factory.mktemp("apps-bare") / "ws")


def spec(out: widgets.Output) -> dict:
    assert len(out.outputs) == 1
    return out.outputs[0]["data"][VEGALITE_V5]


def editor(app: App) -> ChecklistEditor:
    return app.parts["checklist"]


def edit(app: App, item_id: str, **values) -> None:
    row = editor(app).rows[item_id]
    for name, value in values.items():
        getattr(row, name).value = value


def saved(ws, name: str) -> pd.DataFrame:
    with open_store(ws) as store:
        return store.checklist(name).set_index("item_id")


# -- the checklist -----------------------------------------------------------------------


def test_the_diversity_page_checklist_first(small_ws):
    app = diversity_checklist(small_ws, TODAY, user="li")
    assert isinstance(app, widgets.VBox)
    assert set(app.controls) == {"team", "user", "group"}
    assert all("fs-control" in c._dom_classes for c in app.controls.values())
    children = list(app.children)
    assert children.index(app.parts["checklist"]) < children.index(app.parts["composition"])
    assert app.parts["status"].value == ""
    rows = editor(app).rows
    assert list(rows)[0] == "p20-composition-review" and len(rows) == 13
    assert "0 of 13 items done</b> for the whole company" in app.parts["summary"].value
    assert "not answered yet" in rows["p20-pay-gap"].label.value
    # the items were added to the store, as not answered yet
    answers = saved(small_ws, "practice-20/company")
    assert len(answers) == 13 and set(answers["updated_by"]) == {SEEDED_BY}
    other = diversity_checklist(small_ws, TODAY)
    assert other is not app and editor(other) is not editor(app)


def test_only_changed_items_are_saved_with_who_and_when(small_ws):
    app = diversity_checklist(small_ws, TODAY, user="li.wei")
    edit(app, "p20-target-gap", status="doing", owner="Ana", evidence="HR deck p. 4",
         due=date(2026, 12, 1))  # fmt: skip
    edit(app, "p20-bias-training", status="done")
    ed = editor(app)
    assert ed.changed() == ["p20-target-gap", "p20-bias-training"]
    assert ed.save_button.description == "Save changes (2)"
    assert "● not saved" in ed.rows["p20-target-gap"].label.value
    ed.save_button.click()
    assert "Saved 2 item(s) by li.wei" in app.parts["message"].value
    assert ed.changed() == [] and ed.save_button.description == "Save changes"
    answers = saved(small_ws, "practice-20/company")
    row = answers.loc["p20-target-gap"]
    assert (row["status"], row["owner"], row["evidence"]) == ("doing", "Ana", "HR deck p. 4")
    assert row["due"] == pd.Timestamp("2026-12-01") and row["version"] == 2
    assert row["updated_by"] == "li.wei"
    assert answers.loc["p20-pay-gap", "version"] == 1  # not touched: no new version
    label = ed.rows["p20-target-gap"].label.value
    assert re.search(r"saved by li\.wei, \d\d \w{3} \d{4} \d\d:\d\d", label)
    # 1 done of 13 (the done one), one in progress, nothing overdue on 3 Nov 2026
    assert "1 of 13 items done" in app.parts["summary"].value
    assert "1 in progress" in app.parts["summary"].value
    # saving again without a change saves nothing
    ed.save_button.click()
    assert "Nothing to save" in app.parts["message"].value
    with open_store(small_ws) as store:
        history = store.checklist_history("practice-20/company", "p20-target-gap")
    assert list(history["version"]) == [1, 2]


def test_a_saved_answer_is_there_on_the_next_visit(small_ws):
    app = diversity_checklist(small_ws, TODAY, user="li")
    edit(app, "p20-languages", evidence="English and Mandarin", status="not_applicable")
    editor(app).save()
    again = diversity_checklist(small_ws, TODAY, user="someone else")
    row = editor(again).rows["p20-languages"]
    assert row.evidence.value == "English and Mandarin"
    assert row.status.value == "not_applicable"
    # a not-applicable item leaves the count: 0 of 12 items done
    assert "0 of 12 items done" in again.parts["summary"].value
    assert "1 not applicable" in again.parts["summary"].value


def test_overdue_items_are_listed_until_done(small_ws):
    app = diversity_checklist(small_ws, TODAY, user="li")
    edit(app, "p20-speak-up", due=date(2026, 10, 15), owner=EVIL)
    edit(app, "p20-group-data", due=date(2026, 11, 3))  # due today: not overdue yet
    editor(app).save()
    summary = app.parts["summary"].value
    assert "1 overdue" in summary and "due 15 Oct 2026" in summary
    assert "<img" not in summary and "&lt;img" in summary
    edit(app, "p20-speak-up", status="done")
    editor(app).save()
    assert "none overdue" in app.parts["summary"].value


def test_a_colleague_saved_first(small_ws):
    mine = diversity_checklist(small_ws, TODAY, user="li")
    theirs = diversity_checklist(small_ws, TODAY, user="ana")
    edit(theirs, "p20-pay-gap", evidence="their version")
    editor(theirs).save()
    edit(mine, "p20-pay-gap", evidence="my version")
    edit(mine, "p20-languages", evidence="no conflict here")
    assert editor(mine).save() == ["p20-languages"]
    message = mine.parts["message"].value
    assert "Saved 1 item(s)" in message
    assert re.search(r"ana saved “Compare pay .*” at \d\d \w{3} \d{4} \d\d:\d\d after you "
                     r"opened the page — reload to see it", message)  # fmt: skip
    assert saved(small_ws, "practice-20/company").loc["p20-pay-gap", "evidence"] == "their version"
    assert editor(mine).rows["p20-pay-gap"].evidence.value == "my version"  # not lost
    editor(mine).reload_button.click()
    assert editor(mine).rows["p20-pay-gap"].evidence.value == "their version"
    assert editor(mine).changed() == []
    assert "Reloaded" in mine.parts["message"].value


def test_saving_needs_a_name(small_ws, monkeypatch):
    monkeypatch.setenv("FIELDSALES_USER", "from.env")
    assert default_user() == "from.env"
    app = diversity_checklist(small_ws, TODAY)
    assert app.controls["user"].value == "from.env"
    app.controls["user"].value = "  "
    edit(app, "p20-pay-gap", evidence="x")
    assert editor(app).save() == []
    assert "Type your name" in app.parts["message"].value
    assert saved(small_ws, "practice-20/company").loc["p20-pay-gap", "version"] == 1


def test_a_value_the_store_refuses_is_shown_and_the_rest_saved(small_ws):
    app = diversity_checklist(small_ws, TODAY, user="li")
    edit(app, "p20-pay-gap", owner="x" * 300)
    edit(app, "p20-languages", status="doing")
    assert editor(app).save() == ["p20-languages"]
    message = app.parts["message"].value
    assert "Saved 1 item(s)" in message
    assert "“Compare pay" in message and "was not saved" in message and "owner" in message
    assert "Traceback" not in message
    assert saved(small_ws, "practice-20/company").loc["p20-pay-gap", "version"] == 1


def test_each_team_has_its_own_checklist(small_ws):
    app = diversity_checklist(small_ws, TODAY, user="li")
    team = app.controls["team"].options[1][1]
    edit(app, "p20-pay-gap", status="done")
    editor(app).save()
    app.controls["team"].value = team
    assert app.parts["status"].value == ""
    assert f"for team {team}" in app.parts["summary"].value
    assert editor(app).rows["p20-pay-gap"].status.value == "todo"
    assert editor(app).name == f"practice-20/team/{team}"
    app.controls["team"].value = ""
    assert editor(app).rows["p20-pay-gap"].status.value == "done"


def test_items_in_chinese(small_ws):
    app = diversity_checklist(small_ws, TODAY, lang="zh")
    assert "文化多样性管理" in app.children[0].value
    assert "团队构成" in editor(app).rows["p20-composition-review"].label.value
    assert editor(app).rows["p20-composition-review"].evidence.placeholder == "查看日期及结论"
    # the store keeps the English text whatever the page's language
    assert saved(small_ws, "practice-20/company").loc["p20-pay-gap", "text"].startswith("Compare")


def test_bad_parameters_say_what_to_give(small_ws):
    with pytest.raises(ConfigError, match="no team 'Nowhere'"):
        diversity_checklist(small_ws, TODAY, team="Nowhere")
    with pytest.raises(ConfigError, match="group must be one of gender, age_band"):
        diversity_checklist(small_ws, TODAY, group="shoe_size")
    with pytest.raises(ConfigError, match="lang must be one of en, zh"):
        diversity_checklist(small_ws, TODAY, lang="fr")
    with pytest.raises(ConfigError, match="handoff must be one of"):
        cross_department_checklist(small_ws, TODAY, handoff="telepathy")


def test_hostile_names_are_escaped(evil_ws):
    app = diversity_checklist(evil_ws, TODAY, user=EVIL)
    team = next(v for _, v in app.controls["team"].options if v.startswith("<img"))
    app.controls["team"].value = team
    edit(app, "p20-pay-gap", owner=EVIL, evidence=EVIL)
    editor(app).save()
    html = [w.value for w in app.parts.values() if isinstance(w, widgets.HTML)]
    html += [row.label.value for row in editor(app).rows.values()]
    assert all("<img" not in text for text in html)
    assert "&lt;img" in app.parts["summary"].value  # the team's name, escaped
    assert "&lt;img" in editor(app).rows["p20-pay-gap"].label.value  # who saved, escaped
    other = cross_department_checklist(evil_ws, TODAY, team=team)
    assert "<img" not in other.parts["handoffs"].value


# -- diversity analytics ---------------------------------------------------------------


def test_composition_and_gaps_by_group(small_ws):
    app = diversity_checklist(small_ws, TODAY, user="li")
    assert app.controls["group"].value == "gender"
    assert PAY_NOTE.split(".")[0] in app.parts["notes"].value  # "Pay: not in the data"
    composition = spec(app.parts["composition"])
    assert composition["$schema"].endswith("/vega-lite/v5.json")
    assert composition["encoding"]["x"]["stack"] == "normalize"
    targets = app.parts["targets"].value
    assert "Same tenure and" in targets and "95% interval" in targets
    before = (targets, spec(app.parts["composition"]))
    app.controls["group"].value = "age_band"
    assert app.parts["status"].value == ""
    assert app.parts["targets"].value != before[0]
    assert spec(app.parts["composition"]) != before[1]
    assert "<th>Age band</th>" in app.parts["targets"].value


def test_small_groups_show_words_not_numbers(small_ws):
    data = load_equity(small_ws)
    gaps = data.attrition_gap("age_band")
    small = gaps[gaps["verdict"] == TOO_SMALL]
    assert len(small), "the small workspace has groups under 10 reps"
    app = diversity_checklist(small_ws, TODAY, group="age_band")
    checked = 0
    for table in ("targets", "attrition"):
        for group in small["group"]:
            cells = re.search(
                rf"<tr><td[^>]*>{re.escape(group)}</td>(.*?)</tr>", app.parts[table].value
            )
            if cells is None:
                continue  # not in this table (e.g. no target)
            texts = re.findall(r"<td[^>]*>(.*?)</td>", cells.group(1))
            assert texts[-1] == TOO_SMALL
            assert all(t in ("–", TOO_SMALL) for t in texts[1:-1]), texts  # the rep count first
            checked += 1
    assert checked >= len(small)


def test_without_group_columns_the_page_says_what_to_import(bare_ws):
    app = diversity_checklist(bare_ws, TODAY)
    assert "group" not in app.controls
    assert "has no gender or age band" in app.parts["notes"].value
    assert app.parts["composition"].outputs == ()
    assert len(editor(app).rows) == 13  # the checklist works all the same


# -- cross-department analytics --------------------------------------------------------


def test_hand_off_times_per_team(small_ws):
    app = cross_department_checklist(small_ws, TODAY, user="li")
    assert set(app.controls) == {"team", "user", "handoff"}
    assert list(editor(app).rows)[0] == "p19-partner-owners"
    assert app.controls["handoff"].value == "complaint_response"
    view = app.parts["handoffs"].value
    assert "Complaint → first response" in view and "All teams" in view
    assert "Within target" in view and "Not answered yet" in view
    chart = spec(app.parts["chart"])
    assert chart["layer"][0]["encoding"]["x"]["scale"]["type"] == "log"
    missing = app.parts["missing"].value
    assert "Won deal → onboarding start" in missing and "no onboarding data" in missing
    app.controls["handoff"].value = "won_to_feedback"
    assert app.parts["status"].value == ""
    view = app.parts["handoffs"].value
    assert "Won deal → first customer feedback" in view and "are left out" in view
    assert "No feedback within 90 days" in view
    app.controls["handoff"].value = "complaint_resolution"
    assert "Within target" not in app.parts["handoffs"].value  # resolution has no target


def test_the_team_table_matches_the_library(small_ws):
    app = cross_department_checklist(small_ws, TODAY)
    events = handoff_events(small_ws)["complaint_response"]
    median = events["value"].median()
    first_row = re.search(r"<tbody><tr>(.*?)</tr>", app.parts["handoffs"].value).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", first_row)
    assert cells[0] == "All teams" and cells[1] == f"{len(events):,}"
    assert cells[2] == f"{median:,.1f} h"


def test_without_complaints_or_feedback_nothing_is_timed(bare_ws):
    assert handoff_events(bare_ws) == {}
    app = cross_department_checklist(bare_ws, TODAY)
    assert "handoff" not in app.controls
    assert "no hand-off between sales and another department can be timed" in (
        app.parts["handoffs"].value
    )
    assert "no onboarding data" in app.parts["missing"].value


def test_unsaved_edits_are_kept_per_checklist_when_switching_team(small_ws):
    app = diversity_checklist(small_ws, TODAY, user="li")
    assert app.parts["message"].value == ""  # a fresh page has nothing unsaved to keep
    team = app.controls["team"].options[1][1]
    edit(app, "p20-pay-gap", status="doing")  # not saved
    app.controls["team"].value = team
    message = app.parts["message"].value
    assert "1 unsaved edit(s) of the checklist of the whole company are kept" in message
    assert editor(app).rows["p20-pay-gap"].status.value == "todo"  # the team's own answer
    assert editor(app).changed() == []
    app.controls["team"].value = ""  # back to the company's: the edit is back, unsaved
    assert "Your 1 unsaved edit(s) of this checklist are back" in app.parts["message"].value
    assert editor(app).rows["p20-pay-gap"].status.value == "doing"
    assert editor(app).changed() == ["p20-pay-gap"]
    assert "not saved" in editor(app).rows["p20-pay-gap"].label.value
    app.controls["team"].value = team  # and away again: kept again
    app.controls["team"].value = ""
    assert editor(app).rows["p20-pay-gap"].status.value == "doing"


def test_a_kept_edit_still_meets_a_colleagues_later_save(small_ws, tmp_path):
    """The draft keeps the version it started from: a save made meanwhile is not overwritten."""
    import shutil

    from fieldsales import open_workspace

    ws = open_workspace(shutil.copytree(small_ws.path, tmp_path / "ws"))
    app = diversity_checklist(ws, TODAY, user="li")
    team = app.controls["team"].options[1][1]
    edit(app, "p20-pay-gap", status="doing")
    app.controls["team"].value = team
    colleague = diversity_checklist(ws, TODAY, user="wang")
    edit(colleague, "p20-pay-gap", status="done")
    editor(colleague).save_button.click()
    app.controls["team"].value = ""
    editor(app).save_button.click()
    assert "wang saved" in app.parts["message"].value  # refused, with who saved
    assert editor(app).rows["p20-pay-gap"].status.value == "doing"  # the edit is still there
