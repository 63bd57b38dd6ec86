"""What a plan would cost: Monte Carlo over historical attainment.

Method (a *shrunk bootstrap*): each draw is one pay period for every rep in
the history. For each rep and draw, with probability ``n / (n + shrinkage)``
(``n``: the rep's periods of history) one of the rep's own historical periods
is picked at random, otherwise one period of any rep (the team's pooled
history). A rep with a long history is mostly like themself; a new rep with
one quarter is mostly like the team. The whole history row is taken, so
attainment and SPIF counts stay paired. Revenue = attainment × the rep's
quota; pay follows the plan's curve (:func:`commission_multiple`). The draws
depend only on the history, ``n_draws``, ``shrinkage`` and ``seed``, never on
the plan: two plans simulated with the same seed see the same attainment
(common random numbers), so their difference is the plan's alone.

Not simulated: clawbacks, partial employment (every rep works the whole
period), and reps changing behaviour under a new plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import ConfigError
from ._formula import commission_multiple
from ._plan import CommissionPlan

__all__ = ["SimulationResult", "simulate"]

_CELLS_PER_CHUNK = 1_000_000  # draws × reps evaluated at once: bounds memory (~80 MB)
_QUANTILE_CELLS = 1_000_000  # rep-periods the pay percentiles are taken over
_QUANTILES = np.linspace(0, 100, 101)


@dataclass(frozen=True, eq=False)
class SimulationResult:
    """Outcome of :func:`simulate`: per-draw team figures and per-rep expectations.

    Attributes
    ----------
    plan : the plan simulated.
    n_draws, seed, shrinkage : the simulation's settings.
    team_pay, team_variable_pay, team_revenue : per draw, summed over reps (currency).
    share_at_target, share_capped, share_decelerated : per draw, share of reps.
    rep_variable_pay_quantiles : percentiles 0, 1, ..., 100 of one rep's variable
        pay in one period, over all reps and the first draws (up to a million
        rep-periods; the draws are independent, so these are a fair sample).
    per_rep : one row per rep: ``rep_id``, ``history_periods``, ``own_weight``,
        ``quota``, ``expected_attainment``, ``expected_variable_pay``,
        ``p_at_target``, ``p_capped``.
    notes : what the simulation left out, and why.
    """

    plan: CommissionPlan
    n_draws: int
    seed: int | None
    shrinkage: float
    team_pay: np.ndarray
    team_variable_pay: np.ndarray
    team_revenue: np.ndarray
    share_at_target: np.ndarray
    share_capped: np.ndarray
    share_decelerated: np.ndarray
    rep_variable_pay_quantiles: np.ndarray
    per_rep: pd.DataFrame
    notes: tuple[str, ...]

    @property
    def cost_of_sales(self) -> np.ndarray:
        """Per draw: total pay (base + variable) ÷ revenue; missing when revenue is 0."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.team_revenue > 0, self.team_pay / self.team_revenue, np.nan)

    @property
    def variable_cost_of_sales(self) -> np.ndarray:
        """Per draw: variable pay ÷ revenue; missing when revenue is 0."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(
                self.team_revenue > 0, self.team_variable_pay / self.team_revenue, np.nan
            )

    def summary(self, percentiles: tuple[int, ...] = (10, 50, 90)) -> pd.DataFrame:
        """Tidy summary: columns ``plan``, ``metric``, ``value``, ``unit``.

        ``expected_*`` values are means over draws; ``*_pNN`` are percentiles
        over draws (team figures) or over reps and draws (rep figures).
        """
        cur = self.plan.currency
        rows = [
            ("reps", float(len(self.per_rep)), "count"),
            ("draws", float(self.n_draws), "count"),
            ("expected_cost_of_sales", np.nanmean(self.cost_of_sales), "ratio"),
        ]
        rows += [
            (f"cost_of_sales_p{q}", np.nanpercentile(self.cost_of_sales, q), "ratio")
            for q in percentiles
        ]
        rows += [
            ("expected_variable_cost_of_sales", np.nanmean(self.variable_cost_of_sales), "ratio"),
            ("expected_team_pay", self.team_pay.mean(), cur),
        ]
        rows += [(f"team_pay_p{q}", np.percentile(self.team_pay, q), cur) for q in percentiles]
        rows += [
            ("expected_team_variable_pay", self.team_variable_pay.mean(), cur),
            ("expected_team_revenue", self.team_revenue.mean(), cur),
        ]
        rows += [
            (f"rep_variable_pay_p{q}", self.rep_variable_pay_quantiles[q], cur) for q in percentiles
        ]
        rows += [
            ("share_at_or_above_target", self.share_at_target.mean(), "ratio"),
            ("share_capped", self.share_capped.mean(), "ratio"),
            ("share_decelerated", self.share_decelerated.mean(), "ratio"),
        ]
        frame = pd.DataFrame(rows, columns=["metric", "value", "unit"])
        frame["value"] = frame["value"].astype(float)
        frame.insert(0, "plan", self.plan.name)
        return frame


def _history_arrays(history: pd.DataFrame, quota, reps) -> tuple:
    if "rep_id" not in history.columns:
        raise ConfigError("history needs a rep_id column (one row per rep and period)")
    h = history.copy()
    if "attainment" not in h.columns:
        if not {"revenue_won", "quota"} <= set(h.columns):
            raise ConfigError(
                "history needs an attainment column, or revenue_won and quota to compute it; "
                "payout_inputs(ws, '2025-Q1..2026-Q2') gives all three"
            )
        q = pd.to_numeric(h["quota"], errors="coerce")
        h["attainment"] = pd.to_numeric(h["revenue_won"], errors="coerce") / q.where(q > 0)
    h["attainment"] = pd.to_numeric(h["attainment"], errors="coerce")
    notes = []
    if "quota_months_missing" in h.columns:
        partial = pd.to_numeric(h["quota_months_missing"], errors="coerce").fillna(0) > 0
        if partial.any():
            notes.append(
                f"{int(partial.sum())} history row(s) with no quota for some employed month(s) "
                "of the period left out"
            )
            h = h[~partial]
    usable = np.isfinite(h["attainment"].to_numpy(dtype=float))
    if (~usable).any():
        notes.append(f"{int((~usable).sum())} history row(s) without attainment left out")
    h = h[usable].copy()
    h["rep_id"] = h["rep_id"].astype(str)
    if h.empty:
        raise ConfigError("history has no row with an attainment; nothing to resample")
    h = h.sort_values(["rep_id"], kind="stable").reset_index(drop=True)
    known, first, n = np.unique(h["rep_id"].to_numpy(), return_index=True, return_counts=True)
    if reps is None:
        reps, starts, counts = known, first, n
    else:
        reps = np.array([str(r) for r in dict.fromkeys(reps)], dtype=object)
        if len(reps) == 0:
            raise ConfigError("reps= is empty; give the rep_ids to simulate, or None for all")
        pos = {r: i for i, r in enumerate(known)}
        starts = np.array([first[pos[r]] if r in pos else 0 for r in reps], dtype=np.int64)
        counts = np.array([n[pos[r]] if r in pos else 0 for r in reps], dtype=np.int64)
        if (counts == 0).any():
            notes.append(
                f"{int((counts == 0).sum())} rep(s) without history drawn from the team's history"
            )
    quotas = _quotas(h, reps, quota)
    return h, reps, starts, counts, quotas, notes


def _quotas(h: pd.DataFrame, reps: np.ndarray, quota) -> np.ndarray:
    """A full-period quota per rep: given, or the median of the history's."""
    if quota is not None and not isinstance(quota, Mapping | pd.Series):
        out = np.full(len(reps), float(quota))
    elif quota is not None:
        given = dict(quota)
        missing = [r for r in reps if r not in given]
        if missing:
            raise ConfigError(
                f"quota= has no quota for {len(missing)} rep(s) of the history, e.g. "
                f"{', '.join(missing[:5])}; give one per rep, or one number for all"
            )
        out = np.array([float(given[r]) for r in reps])
    else:
        if "quota" not in h.columns:
            raise ConfigError(
                "history has no quota column to turn attainment into revenue; add one, or "
                "pass quota= (one number for every rep, or a mapping rep_id -> quota)"
            )
        q = pd.to_numeric(h["quota"], errors="coerce")
        if "employed_share" in h.columns:  # pro-rated quotas back to full periods
            share = pd.to_numeric(h["employed_share"], errors="coerce")
            q = q / share.where(share > 0)
        med = q.where(q > 0).groupby(h["rep_id"]).median()
        out = med.reindex(reps).to_numpy(dtype=float)
    bad = ~(np.isfinite(out) & (out > 0))
    if bad.any():
        raise ConfigError(
            f"no positive quota for rep(s) {', '.join(reps[bad][:5])}: cost of sales needs "
            "one; pass quota= or drop these reps from the history"
        )
    return out


def simulate(
    plan: CommissionPlan,
    history: pd.DataFrame,
    *,
    n_draws: int = 10_000,
    seed: int | None = 0,
    shrinkage: float = 4.0,
    quota: float | Mapping[str, float] | None = None,
    reps: Sequence[str] | None = None,
) -> SimulationResult:
    """Simulate one pay period of ``plan`` ``n_draws`` times from historical attainment.

    Parameters
    ----------
    plan
        The plan to cost.
    history
        One row per rep and past period (of the plan's pay period): ``rep_id``
        and ``attainment`` (or ``revenue_won`` and ``quota``); ``quota`` and
        ``employed_share`` to find each rep's full-period quota; the plan's
        SPIF count columns, which are resampled with the attainment; rows
        with ``quota_months_missing`` > 0 (a partial quota) are left out.
        :func:`payout_inputs` over several periods gives such a frame.
    n_draws
        Number of simulated periods.
    seed
        Seed of the random generator; the same seed gives the same result.
    shrinkage
        Pseudo-count of the team's pooled history: a rep with ``n`` periods
        draws from their own history with probability ``n / (n + shrinkage)``.
        0 resamples each rep's own history only.
    quota
        Each rep's full-period quota: one number, or a mapping ``rep_id ->
        quota``; default the median over the rep's history of ``quota ÷
        employed_share``.
    reps
        The reps to simulate, e.g. today's team; default every rep in the
        history. A rep without history draws from the team's pooled history
        only (and needs ``quota=``). The pool is always the whole history.

    Returns
    -------
    SimulationResult
        Its :meth:`~SimulationResult.summary` gives expected cost of sales,
        payout percentiles and the share of reps at or above target.
    """
    if isinstance(n_draws, bool) or not isinstance(n_draws, int) or n_draws < 1:
        raise ConfigError(f"n_draws = {n_draws!r}: expected a whole number of at least 1")
    if not (isinstance(shrinkage, int | float) and shrinkage >= 0):
        raise ConfigError(f"shrinkage = {shrinkage!r}: expected a number of at least 0")
    grain = history.attrs.get("grain")
    if grain is not None and grain != plan.pay_period:
        raise ConfigError(
            f"the history is per {grain} but plan {plan.name!r} pays per {plan.pay_period}; "
            f"build the history with grain={plan.pay_period!r}"
        )
    h, reps, starts, counts, quotas, notes = _history_arrays(history, quota, reps)
    attainment = h["attainment"].to_numpy(dtype=float)
    spifs = []
    for spif in plan.spifs:
        if spif.kpi in h.columns:
            counts_col = pd.to_numeric(h[spif.kpi], errors="coerce").fillna(0.0)
            spifs.append((spif.amount, counts_col.to_numpy(dtype=float)))
        else:
            notes.append(f"SPIF {spif.name} not simulated: the history has no {spif.kpi} column")
    if plan.clawback is not None:
        notes.append("clawbacks not simulated")
    n_reps, n_rows = len(reps), len(h)
    with np.errstate(invalid="ignore"):  # 0 / 0 for a rep without history and shrinkage 0
        own_weight = np.where(counts > 0, counts / (counts + shrinkage), 0.0)
    tv, base = plan.target_variable_per_period, plan.base_per_period

    rng = np.random.default_rng(seed)
    team_var = np.empty(n_draws)
    team_rev = np.empty(n_draws)
    at_target = np.empty(n_draws)
    capped = np.empty(n_draws)
    decel = np.empty(n_draws)
    rep_var_sum, rep_att_sum = np.zeros(n_reps), np.zeros(n_reps)
    rep_hit, rep_cap = np.zeros(n_reps), np.zeros(n_reps)
    pays = []
    step = max(1, _CELLS_PER_CHUNK // n_reps)
    for lo in range(0, n_draws, step):
        d = min(step, n_draws - lo)
        own = starts + (rng.random((d, n_reps)) * counts).astype(np.int64)
        pooled = rng.integers(0, n_rows, size=(d, n_reps))
        idx = np.where(rng.random((d, n_reps)) < own_weight, own, pooled)
        a = attainment[idx]
        curve = commission_multiple(plan, a)
        var = tv * curve.multiple
        for amount, col in spifs:
            var += amount * col[idx]
        sl = slice(lo, lo + d)
        team_var[sl] = var.sum(axis=1)
        team_rev[sl] = (a * quotas).sum(axis=1)
        hit = a >= 1.0
        at_target[sl] = hit.mean(axis=1)
        capped[sl] = curve.capped.mean(axis=1)
        decel[sl] = curve.decelerated.mean(axis=1)
        rep_var_sum += var.sum(axis=0)
        rep_att_sum += a.sum(axis=0)
        rep_hit += hit.sum(axis=0)
        rep_cap += curve.capped.sum(axis=0)
        kept = sum(len(x) for x in pays)
        if kept < _QUANTILE_CELLS:  # draws are independent: the first ones are a fair sample
            pays.append(var.ravel()[: _QUANTILE_CELLS - kept])
    quantiles = np.percentile(np.concatenate(pays), _QUANTILES)
    per_rep = pd.DataFrame(
        {
            "rep_id": reps,
            "history_periods": counts,
            "own_weight": own_weight,
            "quota": quotas,
            "expected_attainment": rep_att_sum / n_draws,
            "expected_variable_pay": rep_var_sum / n_draws,
            "p_at_target": rep_hit / n_draws,
            "p_capped": rep_cap / n_draws,
        }
    )
    return SimulationResult(
        plan=plan,
        n_draws=n_draws,
        seed=seed,
        shrinkage=float(shrinkage),
        team_pay=team_var + base * n_reps,
        team_variable_pay=team_var,
        team_revenue=team_rev,
        share_at_target=at_target,
        share_capped=capped,
        share_decelerated=decel,
        rep_variable_pay_quantiles=quantiles,
        per_rep=per_rep,
        notes=tuple(notes),
    )
