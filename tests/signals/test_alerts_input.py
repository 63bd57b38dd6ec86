"""Bad or thin input: missing tables skip their rules with a note; bad periods say why."""

from __future__ import annotations

from datetime import date

import pytest

from fieldsales import Workspace
from fieldsales.exceptions import ConfigError, FieldsalesError
from fieldsales.signals import alerts, resolve_period


def workspace(tmp_path, tables, drop=()):
    ws = Workspace.create(tmp_path / "ws")
    ws.write_tables({k: v for k, v in tables.items() if k not in drop}, today=date(2026, 3, 1))
    return ws


def test_without_quotas_pace_is_skipped_with_a_note(tmp_path, hand_frames):
    ws = workspace(tmp_path, hand_frames, drop=("quotas",))
    frame = alerts(ws)
    assert "pace" not in set(frame["kind"])
    assert any(n.startswith("pace vs target skipped: the workspace has no quotas table")
               for n in frame.attrs["notes"])  # fmt: skip
    # the other rules still run
    assert {"compliance_overdue", "one_on_one_overdue"} <= set(frame["kind"])


def test_a_workspace_with_only_reps_accounts_deals_and_activities(tmp_path, hand_frames):
    keep = {"reps", "accounts", "deals", "activities"}
    ws = workspace(tmp_path, hand_frames, drop=set(hand_frames) - keep)
    frame = alerts(ws)
    assert frame.attrs["notes"][1:] == [
        "pace vs target skipped: the workspace has no quotas table (or no deals); "
        "load quotas to compare revenue with targets",
        "overdue 1:1 alerts skipped: the workspace has no one_on_ones table",
        "SLA alerts skipped: the workspace has no complaints table",
        "compliance alerts skipped: the workspace has no compliance table",
        "wellbeing alerts skipped: the workspace has no pulse_surveys table",
    ]
    # accounts at 2026-02-28: A1 29 days (tier A 30), A2 and A3 contacted in February
    assert frame.empty
    assert list(frame.columns)[:3] == ["rep_id", "rep_name", "period"]


@pytest.mark.parametrize(
    ("period", "match"),
    [
        ("2026-13", "period '2026-13' not understood"),
        ("Q3", "not understood"),
        (
            "2031-01",
            "starts after the data end on 2026-02-27; the latest period with data is 2026-02",
        ),
        ("2019-03", "no reps were employed on 2019-03-31"),
        ("2026-01..2026-02", "alerts are for one period"),
        ("2026-02-03", "is not one whole period"),
    ],
)
def test_an_unknown_period_is_a_clear_error(hand_ws, period, match):
    with pytest.raises(ConfigError, match=match):
        alerts(hand_ws, period)


def test_errors_are_fieldsales_errors(hand_ws):
    with pytest.raises(FieldsalesError):
        alerts(hand_ws, "nonsense")


@pytest.mark.parametrize(
    ("period", "label", "grain", "as_of", "elapsed"),
    [
        (None, "2026-02", "month", "2026-02-27", 27 / 28),
        ("2026-01", "2026-01", "month", "2026-01-31", 1.0),
        ("2026-q1", "2026-Q1", "quarter", "2026-02-27", 58 / 90),
        ("2026", "2026", "year", "2026-02-27", 58 / 365),
        ("2026-W09", "2026-W09", "week", "2026-02-27", 5 / 7),
    ],
)
def test_periods_resolve_to_one_bucket(hand_ws, period, label, grain, as_of, elapsed):
    facts = resolve_period(hand_ws, period)
    assert (facts.label, facts.grain, f"{facts.as_of:%Y-%m-%d}") == (label, grain, as_of)
    assert facts.elapsed == pytest.approx(elapsed)
    assert facts.complete == (elapsed == 1.0)
