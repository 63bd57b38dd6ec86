"""A feature at month t uses only what is known at the end of month t."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fieldsales.models import PROTECTED, build_features, feature_names
from fieldsales.sample import Sample, write_workspace

CUT = "2026-03"  # the tiny sample runs 2025-09..2026-10


def _as_of(tables: dict[str, pd.DataFrame], cut: str) -> dict[str, pd.DataFrame]:
    """The tables as a CRM export made at the end of ``cut`` would have shown them."""
    end = pd.Period(cut, freq="M").end_time.normalize()
    t = {k: v.copy() for k, v in tables.items()}
    for name, column in [
        ("activities", "started_at"),
        ("one_on_ones", "date"),
        ("trainings", "completed_on"),
        ("pulse_surveys", "date"),
        ("customer_feedback", "date"),
        ("complaints", "opened_at"),
    ]:
        t[name] = t[name][t[name][column] < end + pd.Timedelta(days=1)].reset_index(drop=True)
    t["complaints"] = t["complaints"].assign(
        first_response_at=lambda d: d["first_response_at"].where(d["first_response_at"] <= end),
        resolved_at=lambda d: d["resolved_at"].where(d["resolved_at"] <= end),
    )
    deals = t["deals"][t["deals"]["created_date"] <= end].copy()
    later = deals["status"].ne("open") & (deals["close_date"] > end)
    deals.loc[later, "status"] = "open"
    deals.loc[later, "stage"] = "Negotiation"
    # a changed expected close date: no feature may read it
    deals.loc[later, "close_date"] = end + pd.Timedelta(days=45)
    # deals inherited later by a rep hired after the cut: back to whoever worked the account
    reps = t["reps"].set_index("rep_id")
    hired_later = deals["rep_id"].map(reps["hire_date"]) > end
    acts = t["activities"].dropna(subset=["account_id"]).sort_values("started_at")
    last_rep = acts.groupby("account_id")["rep_id"].last()
    deals.loc[hired_later, "rep_id"] = deals.loc[hired_later, "account_id"].map(last_rep)
    t["deals"] = deals.dropna(subset=["rep_id"]).reset_index(drop=True)
    t["quotas"] = t["quotas"][t["quotas"]["period"] <= cut].reset_index(drop=True)
    left_later = t["reps"]["exit_date"] > end
    t["reps"].loc[left_later, ["exit_date", "exit_type"]] = [pd.NaT, None]
    t["compliance"] = t["compliance"][t["compliance"]["due_date"] <= end].reset_index(drop=True)
    t["compliance"]["completed_on"] = t["compliance"]["completed_on"].where(
        t["compliance"]["completed_on"] <= end
    )
    return t


def test_features_at_t_ignore_everything_after_t(tiny_ws, tmp_path):
    sample, ws = tiny_ws
    truncated = Sample(_as_of(sample.tables, CUT), sample.truth, sample.parameters)
    cut_ws = write_workspace(truncated, tmp_path / "cut")
    full = build_features(ws, end=CUT)
    cut = build_features(cut_ws, end=CUT)
    assert len(full) > 50
    columns = ["rep_id", "month", *feature_names()]
    pd.testing.assert_frame_equal(
        full[columns].reset_index(drop=True), cut[columns].reset_index(drop=True), rtol=1e-9
    )


def test_changing_the_future_leaves_the_past_alone(tiny_ws, tmp_path):
    """Scramble later data (amounts, outcomes, dates) instead of deleting it."""
    sample, ws = tiny_ws
    end = pd.Period(CUT, freq="M").end_time.normalize()
    t = {k: v.copy() for k, v in sample.tables.items()}
    rng = np.random.default_rng(0)
    deals = t["deals"]
    later = deals["created_date"] > end
    deals.loc[later, "amount"] = deals.loc[later, "amount"] * rng.uniform(0.1, 5, later.sum())
    closed_later = deals["status"].ne("open") & (deals["close_date"] > end)
    deals.loc[closed_later, "status"] = deals.loc[closed_later, "status"].map(
        {"won": "lost", "lost": "won"}
    )
    pulse = t["pulse_surveys"]
    after = pulse["date"] > end
    pulse.loc[after, "stress"] = 5
    acts = t["activities"]
    before = acts["started_at"] < end + pd.Timedelta(days=1)
    t["activities"] = acts[before | (rng.random(len(acts)) < 0.3)]
    changed = write_workspace(Sample(t, sample.truth, sample.parameters), tmp_path / "changed")
    a = build_features(ws, end=CUT)
    b = build_features(changed, end=CUT)
    pd.testing.assert_frame_equal(a, b)


def test_protected_attributes_are_never_inputs(tiny_ws, tmp_path):
    sample, ws = tiny_ws
    assert not set(PROTECTED) & set(feature_names())
    t = {k: v.copy() for k, v in sample.tables.items()}
    reps = t["reps"]
    reps["gender"] = reps["gender"].sample(frac=1, random_state=1).to_numpy()
    reps["age_band"] = "50+"
    reps["region"] = "Elsewhere"
    other = write_workspace(Sample(t, sample.truth, sample.parameters), tmp_path / "other")
    pd.testing.assert_frame_equal(build_features(ws), build_features(other))


@pytest.mark.parametrize("column", PROTECTED)
def test_a_protected_column_is_refused_by_the_estimators(gen_features, column):
    from fieldsales.exceptions import ConfigError
    from fieldsales.models import UnderperformanceRiskModel

    X = gen_features[feature_names()].head(50).assign(**{column: 1.0})
    with pytest.raises(ConfigError, match=f"protected attribute.*{column}"):
        UnderperformanceRiskModel().fit(X, np.linspace(0, 2, 50))


def test_the_kpi_pipeline_leaks_the_hand_over_and_ours_does_not(tiny_ws, tmp_path):
    """compute()'s pipeline_open_value credits deals to their latest owner: a leaver's
    open deals move to the successor, so the KPI changes for months before the exit."""
    from fieldsales.kpis import compute

    sample, ws = tiny_ws
    cut_ws = write_workspace(
        Sample(_as_of(sample.tables, CUT), sample.truth, sample.parameters), tmp_path / "cut"
    )

    def kpi(w):
        f = compute(w, ["pipeline_open_value"], period=CUT)
        return f.set_index("rep_id")["pipeline_open_value"]

    full, cut = kpi(ws), kpi(cut_ws)
    reps = cut.index.intersection(full.index)
    assert (full[reps] != cut[reps]).any(), "the tiny sample has a hand-over after the cut"
