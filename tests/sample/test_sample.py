"""The sample generator: reproducible, valid, plausible, and its truth is real."""

from __future__ import annotations

import filecmp
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fieldsales.exceptions import ConfigError
from fieldsales.sample import generate, write_csv
from fieldsales.schema import TABLES, validate_tables

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "sample"


def files(folder: Path) -> list[Path]:
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())


def test_same_arguments_give_byte_identical_files(tmp_path):
    a = write_csv(generate(reps=12, months=8, seed=5), tmp_path / "a")
    b = write_csv(generate(reps=12, months=8, seed=5), tmp_path / "b")
    assert files(a) == files(b)
    for rel in files(a):
        assert filecmp.cmp(a / rel, b / rel, shallow=False), rel
    c = write_csv(generate(reps=12, months=8, seed=6), tmp_path / "c")
    assert not filecmp.cmp(a / "deals.csv", c / "deals.csv", shallow=False)


def test_shipped_sample_is_reproduced_exactly(tmp_path):
    """data/sample/ is what `make sample-data` writes; regenerate it when this fails."""
    out = write_csv(generate(reps=60, months=24, seed=42), tmp_path / "sample")
    shipped = [p for p in files(SHIPPED) if p.name != "README.md"]
    assert shipped == files(out)
    for rel in shipped:
        assert filecmp.cmp(SHIPPED / rel, out / rel, shallow=False), f"{rel} differs"


def test_every_table_is_filled_and_valid(tiny_sample):
    assert list(tiny_sample.tables) == list(TABLES)
    for name, df in tiny_sample.tables.items():
        assert len(df) > 0, name
    validate_tables(tiny_sample.tables, today=tiny_sample.last_day)


def test_bad_arguments_are_explained():
    with pytest.raises(ConfigError, match="--months must be at least 6"):
        generate(reps=5, months=2)
    with pytest.raises(ConfigError, match="--reps must be at least 1"):
        generate(reps=0)
    with pytest.raises(ConfigError, match="--end must be a month like 2026-10"):
        generate(reps=5, end="October")


@pytest.fixture(scope="module")
def mid_sample():
    return generate(reps=300, months=36, seed=11, truth_at_t=True)


def quarterly_attainment(sample) -> pd.Series:
    """Won revenue / revenue quota per rep and calendar quarter, from the tables alone."""
    deals, quotas = sample.tables["deals"], sample.tables["quotas"]
    won = deals[deals["status"] == "won"].assign(
        quarter=lambda d: d["close_date"].dt.to_period("Q")
    )
    revenue = won.groupby(["rep_id", "quarter"])["amount"].sum()
    q = quotas[quotas["metric"] == "revenue"].assign(
        quarter=lambda d: pd.PeriodIndex(d["period"], freq="M").asfreq("Q")
    )
    # whole quarters only: a rep with a quota in each of the three months
    per_q = q.groupby(["rep_id", "quarter"]).agg(
        target=("target", "sum"), months=("period", "size")
    )
    per_q = per_q[per_q["months"] == 3]
    return revenue.reindex(per_q.index, fill_value=0.0) / per_q["target"]


def test_quota_attainment_rate_is_plausible(mid_sample):
    share = (quarterly_attainment(mid_sample) >= 1.0).mean()
    assert 0.40 <= share <= 0.65, share


def test_voluntary_turnover_is_plausible(mid_sample):
    reps = mid_sample.tables["reps"]
    sellers = reps[reps["role"] != "manager"]
    years = 36 / 12
    voluntary = (sellers["exit_type"] == "voluntary").sum()
    annual = voluntary / 300 / years  # exits per seat and year
    assert 0.10 <= annual <= 0.35, annual


def test_exit_hazard_follows_its_documented_causes(mid_sample):
    truth = mid_sample.truth["rep_months"].dropna(subset=["voluntary_exit_hazard"])
    long_gap = truth["days_since_one_on_one"] > 40
    stressed = truth["stress_latent"] > 3.5
    hazard = truth["voluntary_exit_hazard"]
    assert hazard[long_gap].mean() > 1.5 * hazard[~long_gap].mean()
    assert hazard[stressed].mean() > 1.5 * hazard[~stressed].mean()


def test_injected_declines_show_in_the_won_revenue(mid_sample):
    """Reps with an injected decline win clearly less six months after its start."""
    truth = mid_sample.truth["reps"].dropna(subset=["decline_start_month"])
    assert len(truth) >= 10
    deals = mid_sample.tables["deals"]
    won = deals[deals["status"] == "won"]
    ratios = []
    for rep_id, start in zip(truth["rep_id"], truth["decline_start_month"], strict=True):
        start = pd.Period(start, freq="M")
        months = won.loc[won["rep_id"] == rep_id, "close_date"].dt.to_period("M")
        amount = won.loc[won["rep_id"] == rep_id, "amount"]
        before = amount[(months >= start - 3) & (months < start)].sum()
        after = amount[(months >= start + 3) & (months < start + 6)].sum()
        if before > 0 and (months >= start + 5).any():
            ratios.append(after / before)
    assert len(ratios) >= 5
    assert np.median(ratios) < 0.8


def test_underperformance_truth_predicts_what_happened(mid_sample):
    """The truth's probability ranks realised next-quarter shortfalls well (AUC > 0.75)."""
    truth = mid_sample.truth["rep_months"].dropna(subset=["underperformance_prob"])
    att = quarterly_attainment(mid_sample)
    # the truth at the last month of a quarter is about the next quarter
    truth = truth[pd.PeriodIndex(truth["month"], freq="M").month % 3 == 0]
    key = pd.MultiIndex.from_arrays(
        [truth["rep_id"], pd.PeriodIndex(truth["month"], freq="M").asfreq("Q") + 1]
    )
    realised = att.reindex(key).to_numpy()
    ok = ~np.isnan(realised)
    y = realised[ok] < 0.8
    p = truth["underperformance_prob"].to_numpy()[ok]
    assert 200 < ok.sum() and 0.1 < y.mean() < 0.9
    # AUC by ranks (Mann-Whitney), no sklearn needed
    ranks = pd.Series(p).rank().to_numpy()
    auc = (ranks[y].sum() - y.sum() * (y.sum() + 1) / 2) / (y.sum() * (~y).sum())
    assert auc > 0.75, auc
    # and it is calibrated on average: mean probability close to the realised rate
    assert abs(p.mean() - y.mean()) < 0.08


# -- the truth as of the end of each month (truth_at_t) ----------------------------------


def test_truth_at_t_adds_columns_and_changes_nothing_else(tmp_path):
    plain = generate(reps=12, months=8, seed=5)
    more = generate(reps=12, months=8, seed=5, truth_at_t=True)
    for name, df in plain.tables.items():
        pd.testing.assert_frame_equal(df, more.tables[name], check_exact=True)
    truth, extra = plain.truth["rep_months"], more.truth["rep_months"]
    pd.testing.assert_frame_equal(truth, extra[truth.columns], check_exact=True)
    added = set(extra.columns) - set(truth.columns)
    assert added == {"voluntary_exit_prob_3m_at_t", "underperformance_prob_at_t"}
    assert more.parameters["truth_at_t"] is True and "truth_at_t" not in plain.parameters


def _world(reps=60, months=14, seed=3):
    import zlib

    from fieldsales.sample._world import simulate

    def rng_for(part):
        return np.random.default_rng([seed, zlib.crc32(part.encode())])

    window = pd.period_range(end="2026-10", periods=months, freq="M")
    return simulate(rng_for, reps, window)


def _rewrite_after(world, t0: int, seed: int = 0):
    """A copy of ``world`` whose every realisation after month ``t0`` is different."""
    import copy

    from fieldsales.sample._world import month_bounds

    w = copy.deepcopy(world)
    rng = np.random.default_rng(seed)
    after = slice(t0 + 1, None)
    for name in ("revenue", "activity", "stress", "hazard", "gap_days"):
        values = getattr(w, name)
        values[:, after] = values[:, after] * rng.uniform(0.2, 3.0, values[:, after].shape)
    end = month_bounds(w.months)[1][t0]
    d = w.deals
    later = d["close"] > end  # open at the end of t0 (or created later): outcome unknown
    d["won"] = np.where(later, ~d["won"], d["won"])
    shift = rng.integers(0, 120, later.sum()).astype("timedelta64[D]")
    d["close"] = d["close"].copy()
    d["close"][later] = np.maximum(d["close"][later] + shift, end + np.timedelta64(1, "D"))
    first = np.datetime64(w.months[0].start_time, "M").astype(int)
    d["close_month"] = d["close"].astype("datetime64[M]").astype(int) - first
    r = w.reps
    future = r["decline_start"] > t0
    r["decline_start"] = np.where(future, -1, r["decline_start"])
    starts = (r["decline_start"] < 0) & (rng.random(r["decline_start"].size) < 0.3)
    r["decline_start"] = np.where(starts, t0 + 1, r["decline_start"])
    return w


def test_the_truth_at_t_knows_nothing_after_t():
    """Rewrite everything that happens after t0 (revenue, stress, 1:1 gaps, hazards, deal
    outcomes and close days, decline starts): the truth at t0 and before stays identical.
    The older underperformance truth, which knows the drawn close days, does not."""
    from fieldsales.sample._truth import underperformance_prob
    from fieldsales.sample._truth_at_t import exit_prob_at_t, underperformance_prob_at_t

    world = _world()
    t0 = 9
    changed = _rewrite_after(world, t0)
    for fn in (exit_prob_at_t, underperformance_prob_at_t):
        a = fn(world, np.random.default_rng(1), sims=30)
        b = fn(changed, np.random.default_rng(1), sims=30)
        np.testing.assert_array_equal(a[:, : t0 + 1], b[:, : t0 + 1])
        assert not np.array_equal(a[:, t0 + 1 :], b[:, t0 + 1 :], equal_nan=True)
    old_a = underperformance_prob(world, np.random.default_rng(1), sims=30)
    old_b = underperformance_prob(changed, np.random.default_rng(1), sims=30)
    assert not np.array_equal(old_a[:, t0], old_b[:, t0], equal_nan=True)


def test_the_exit_truth_at_t_is_calibrated_and_ranks_the_exits(mid_sample):
    """P(voluntary exit within 3 months | state at t) against what happened."""
    truth = mid_sample.truth["rep_months"].dropna(subset=["voluntary_exit_prob_3m_at_t"])
    reps = mid_sample.tables["reps"].set_index("rep_id")
    month = pd.PeriodIndex(truth["month"], freq="M")
    exit_month = pd.PeriodIndex(truth["rep_id"].map(reps["exit_date"]), freq="M")
    ahead = (exit_month.asi8 - month.asi8).astype(float)
    ahead[exit_month.isna()] = np.inf
    voluntary = (truth["rep_id"].map(reps["exit_type"]) == "voluntary").to_numpy()
    observed = month <= pd.Period("2026-10", freq="M") - 3
    y = (voluntary & (ahead >= 1) & (ahead <= 3))[observed]
    p = truth["voluntary_exit_prob_3m_at_t"].to_numpy()[observed]
    assert y.sum() > 200
    assert abs(p.mean() - y.mean()) < 0.006, (p.mean(), y.mean())
    ranks = pd.Series(p).rank().to_numpy()
    auc = (ranks[y].sum() - y.sum() * (y.sum() + 1) / 2) / (y.sum() * (~y).sum())
    assert auc > 0.75, auc
