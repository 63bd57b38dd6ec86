"""Goal sets: the manager's targets over the proposals, the saved body, and the exports."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest
from goals_helpers import make_history, rep

from fieldsales.exceptions import ConfigError
from fieldsales.goals import (
    GoalModel,
    GoalSet,
    goal_key,
    target_period,
    targets_from_body,
    write_export,
)


@pytest.fixture
def model() -> GoalModel:
    # 8 months Mar - Oct 2026: A sells 100 a month, B 50, C (another team) 10
    reps = [rep("A"), rep("B"), rep("C", team="U")]
    reps[2]["name"] = '=HYPERLINK("http://x")'
    history = make_history(
        reps, {"A": [100.0] * 8, "B": [50.0] * 8, "C": [10.0] * 8}, first="2026-03"
    )
    return GoalModel(history, None, "USD")


@pytest.fixture
def goals(model) -> GoalSet:
    return GoalSet(model, target_period("2027-Q1"), "T", {"A": 500.004, "X": 1.0})


def test_the_managers_targets_over_the_proposals(goals, model):
    table = goals.table.set_index("rep_id")
    assert list(table.index) == ["A", "B"]  # team T only; X is nobody
    proposed = model.proposals("2027-Q1").set_index("rep_id")["proposed"]
    assert table.loc["A", "target"] == 500.0  # rounded to the cent
    assert table.loc["B", "target"] == proposed["B"]
    assert table["edited"].to_dict() == {"A": True, "B": False}
    assert goals.status().shape == (2, 5)


def test_the_saved_body_is_plain_json_and_reads_back(goals):
    body = goals.body()
    json.dumps(body, allow_nan=False)  # no NaN, no numpy, no dates
    assert (body["format"], body["format_version"]) == ("fieldsales.goals", 1)
    assert (body["period"], body["team"], body["metric"], body["kpi"]) == (
        "2027-Q1", "T", "revenue", "revenue_won",
    )  # fmt: skip
    assert (body["start"], body["last"], body["currency"]) == ("2027-01-01", "2027-03-31", "USD")
    assert sum(body["method"]["season_weights"]) == pytest.approx(1, abs=1e-5)
    read = targets_from_body(body)
    shown = dict(zip(goals.table["rep_id"], goals.table["target"], strict=True))
    assert read == {**shown, "X": 1.0}  # X is not in team T now: kept, not dropped
    # the breakdown in the body adds up to each target, to the cent
    parts = pd.DataFrame(body["decomposition"])
    months = parts[parts["level"] == "month"]
    sums = (months["target"] * 100).round().groupby(months["rep_id"]).sum()
    assert sums.to_dict() == {r: round(t * 100) for r, t in shown.items()}
    assert {c["check"] for c in body["checks"]} == {
        "specific", "measurable", "achievable", "relevant", "time_bound",
    }  # fmt: skip
    assert goal_key("2027-Q1", "T", "revenue") == "2027-Q1/T/revenue"
    assert goal_key("2027-Q1", "", "revenue") == "2027-Q1/all-teams/revenue"


def test_the_export_has_one_row_per_rep_and_a_total(goals):
    frame = goals.export_frame()
    assert list(frame["rep"]) == ["Rep A", "Rep B", "Total"]
    targets = goals.table["target"]
    assert frame["target"].iloc[-1] == pytest.approx(targets.sum())
    months = ["2027-01", "2027-02", "2027-03"]
    # months add up to each target, to the cent
    assert ((frame[months].sum(axis=1) * 100).round() == (frame["target"] * 100).round()).all()
    weeks = [c for c in frame.columns if c.startswith("2027-01 ")]
    assert weeks[0] == "2027-01 2026-W53" and len(weeks) == 5
    assert (frame.loc[:1, weeks].sum(axis=1) * 100).round().tolist() == (
        (frame.loc[:1, "2027-01"] * 100).round().tolist()
    )
    # the comparison: 8 months of history, so the latest three (Aug - Oct 2026): A 300, B 150
    assert frame["actual Aug 2026–Oct 2026"].tolist() == [300.0, 150.0, 450.0]
    assert frame["SMART checks"].iloc[0].startswith(("all checks passed", "Achievable"))


def test_exports_are_written_as_csv_and_xlsx_without_formulas(model, tmp_path):
    everyone = GoalSet(model, target_period("2027-Q1"), "")
    path = write_export(everyone, tmp_path / "exports", "csv")
    assert path.name == "goals-2027-Q1-all-teams-revenue.csv"
    text = path.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text  # a formula-like name stays text
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert list(back["rep"]) == ["Rep A", "Rep B", '\'=HYPERLINK("http://x")', "Total"]
    xlsx = write_export(GoalSet(model, target_period("2027-Q1"), "U"), tmp_path, "xlsx")
    assert xlsx.name == "goals-2027-Q1-u-revenue.xlsx"
    sheet = openpyxl.load_workbook(xlsx)["goals"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("team", "rep_id", "rep", "metric")
    assert rows[1][2] == '\'=HYPERLINK("http://x")' and sheet.cell(2, 3).data_type == "s"
    with pytest.raises(ConfigError, match="use csv or xlsx"):
        write_export(everyone, tmp_path, "pdf")


def test_targets_of_reps_no_longer_in_the_team_are_kept_from_version_to_version(model):
    """C moved to team U: its saved target stays in team T's set, outside the totals."""
    first = GoalSet(model, target_period("2027-Q1"), "T", {"A": 400.0, "C": 77.0})
    assert list(first.table["rep_id"]) == ["A", "B"]
    assert first.kept.to_dict("records") == [{"rep_id": "C", "target": 77.0}]
    body = first.body()
    assert [k["rep_id"] for k in body["kept"]] == ["C"]
    assert "C" not in {c["rep_id"] for c in body["checks"]}
    again = GoalSet(model, target_period("2027-Q1"), "T", targets_from_body(body))
    assert again.body()["kept"] == body["kept"]  # saved again: still there
    assert again.table.set_index("rep_id").loc["A", "target"] == 400.0
