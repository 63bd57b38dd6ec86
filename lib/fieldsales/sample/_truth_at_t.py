"""The ground truth as of the end of month t: probabilities that know nothing after t.

``voluntary_exit_hazard`` is honest for one month: it is computed from the state at the
end of t. Over three months, ``1 - prod(1 - hazard)`` of months t..t+2 is not: the hazards
of t+1 and t+2 depend on what happened after t (revenue won, 1:1s held, stress, pay vs
peers). ``underperformance_prob`` (_truth.py) knows which open deals close inside the quarter
(the close day is drawn when a deal is created) and when a future decline starts.
The functions below give the probabilities given only the generator's state at the end
of t -- latent variables included, no realisation after t -- by simulating the generator
forward from that state. They draw from their own random stream, so the tables and the
other truth columns do not change.
"""

from __future__ import annotations

import numpy as np

from ._truth import UNDERPERFORMANCE_THRESHOLD, sum_amounts
from ._world import (
    ACTIVITY_AR,
    ACTIVITY_SD,
    AMOUNT_SIGMA,
    BASE_WIN_LOGIT,
    BURN_IN,
    COMMISSION,
    CYCLE_MEDIAN_DAYS,
    CYCLE_SIGMA,
    HAZARD,
    MAX_CYCLE_DAYS,
    World,
    expected_quota,
    month_bounds,
    ramp,
    sigmoid,
)

DECLINE_SHARE = 0.12  # share of reps given a decline (``Reps.add`` in ``simulate``)


def _cycle_cdf(days) -> np.ndarray:
    """P(a deal's cycle <= ``days``); the cycle is ``int(min(lognormal, 300)) + 1`` days."""
    from scipy.special import ndtr

    x = np.asarray(days, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (np.log(np.maximum(x, 1e-9)) - np.log(CYCLE_MEDIAN_DAYS)) / CYCLE_SIGMA
    return np.where(x > MAX_CYCLE_DAYS, 1.0, np.where(x <= 0, 0.0, ndtr(z)))


def _close_given_open(created: np.ndarray, open_until: int, ends: list[int]) -> np.ndarray:
    """[deal, len(ends)] P(close day <= each of ``ends`` | still open on day ``open_until``)."""
    seen = _cycle_cdf(open_until - created)
    left = np.maximum(1.0 - seen, 1e-12)
    cols = [(_cycle_cdf(e - created) - seen) / left for e in ends]
    return np.clip(np.column_stack(cols), 0.0, 1.0)


def _first_months(world: World) -> np.ndarray:
    """Month index of each rep's hire (0 for the reps already there at the start)."""
    first = np.datetime64(world.months[0].start_time, "M").astype(int)
    hired = world.reps["hire_day"].astype("datetime64[M]").astype(int) - first
    return np.maximum(hired, 0)


def _decline_paths(world: World, rep: np.ndarray, t: int, ahead: int, rng, sims: int):
    """[ahead, rep, sims] decline term of months t+1..t+ahead, known only up to t.

    A decline that started by t is known (start and slope are latent). One that
    has not started may still start: its month is drawn from the generator's
    prior (``DECLINE_SHARE`` of reps, start uniform over the rep's allowed
    months) given that it has not started by t.
    """
    n_months = world.occupant.shape[1]
    ds = world.reps["decline_start"][rep]
    slope = world.reps["decline_slope"][rep]
    started = (ds >= 0) & (ds <= t)
    latest = n_months - 4
    lo = np.minimum(_first_months(world)[rep] + 6, latest)
    span = latest - lo + 1
    allowed_lo = np.maximum(lo, BURN_IN + 3)
    seen = np.clip(np.minimum(t, latest) - allowed_lo + 1, 0, None)
    p_none_yet = 1.0 - DECLINE_SHARE * seen / span
    months = np.arange(t + 1, t + ahead + 1)
    p_start = np.where(
        (months[None, :] >= allowed_lo[:, None]) & (months[None, :] <= latest),
        DECLINE_SHARE / span[:, None] / p_none_yet[:, None],
        0.0,
    )  # [rep, ahead]
    u = rng.random((rep.size, sims))
    cum = np.cumsum(p_start, axis=1)
    pick = (u[:, :, None] >= cum[:, None, :]).sum(axis=2)  # ahead = no start in the window
    start = np.where(pick < ahead, t + 1 + pick, -1)
    start = np.where(started[:, None], ds[:, None], start)
    out = np.zeros((ahead, rep.size, sims))
    for k, c in enumerate(months):
        on = (start >= 0) & (c >= start)
        out[k] = np.where(on, np.maximum(-slope[:, None] * (c - start + 1), -0.9), 0.0)
    return out


def _won_in(rng, deals_slot, amount, win_prob, p_months, n_slots, sims) -> np.ndarray:
    """[month, slot, sims] revenue of open deals won in each month of ``p_months`` columns.

    ``p_months[d, k]`` is P(deal d closes in month k | open); won independently
    with ``win_prob``. Deals must be sorted by slot.
    """
    ahead = p_months.shape[1]
    out = np.zeros((ahead, n_slots, sims))
    if deals_slot.size == 0:
        return out
    u = rng.random((deals_slot.size, sims), dtype=np.float32)
    cum = (win_prob[:, None] * np.cumsum(p_months, axis=1)).astype(np.float32)
    month = (u[:, :, None] >= cum[:, None, :]).sum(axis=2)  # ahead = lost or later
    starts = np.flatnonzero(np.r_[True, deals_slot[1:] != deals_slot[:-1]])
    for k in range(ahead):
        amounts = (month == k) * amount.astype(np.float32)[:, None]
        out[k, deals_slot[starts]] = np.add.reduceat(amounts, starts, axis=0)
    return out


def _new_won(rng, mu: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Summed amounts of Poisson(``mu``) won deals per cell, each amount drawn exactly."""
    counts = rng.poisson(mu)
    cell = np.repeat(np.arange(counts.size), counts.ravel())
    slot = cell // counts.shape[1]
    amounts = np.round(rng.lognormal(np.log(scale[slot]), AMOUNT_SIGMA), -1)
    return np.bincount(cell, weights=amounts, minlength=counts.size).reshape(counts.shape)


def _truncated_step(rng, gap: np.ndarray, cadence: np.ndarray) -> np.ndarray:
    """Days from the last 1:1 to the next scheduled one, given it is more than ``gap`` away.

    The generator schedules the next 1:1 ``int(max(1, cadence x lognormal(0, 0.35)))``
    days after the last; no 1:1 since then means the step exceeds ``gap``.
    """
    from scipy.special import ndtr, ndtri

    need = gap + 1.0
    z0 = np.log(np.maximum(need, 1.0) / cadence) / 0.35
    tail = ndtr(-z0)
    v = rng.random(gap.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(tail > 0, -ndtri(v * tail), z0)
    z = np.where(need <= 1.0, rng.standard_normal(gap.shape), z)
    step = np.maximum(1, cadence * np.exp(0.35 * z)).astype(np.int64)
    return np.maximum(step, need.astype(np.int64))


def _hold_meetings(rng, last, nxt, cadence, month_end: int) -> None:
    """Advance the 1:1 schedule through a month (in place), as ``_world._meetings`` does."""
    last, nxt, cadence = last.reshape(-1), nxt.reshape(-1), cadence.reshape(-1)  # views
    due = nxt <= month_end
    while due.any():
        i = np.flatnonzero(due)
        day = nxt[i]
        weekday = (day + 3) % 7
        day = day + np.where(weekday >= 5, 7 - weekday, 0)
        keep = day <= month_end
        last[i[keep]] = day[keep]
        step = np.maximum(1, cadence[i] * rng.lognormal(0, 0.35, i.size)).astype(np.int64)
        nxt[i] = day + step
        due = nxt <= month_end


def _team_median(values: np.ndarray, team_index: np.ndarray, slot_team: np.ndarray):
    """[slot, sims] median of ``values`` over each slot's team, per path."""
    padded = np.where(team_index[:, :, None] >= 0, values[np.maximum(team_index, 0)], np.nan)
    return np.nanmedian(padded, axis=1)[slot_team]


def exit_prob_at_t(world: World, rng, sims: int = 200, horizon: int = 3) -> np.ndarray:
    """[slot, month] P(voluntary exit within ``horizon`` months | state at the end of t).

    The exit in month t+1 has the known hazard of t. For months t+2..t+horizon
    the generator's hazard inputs are simulated forward ``sims`` times from the
    state at t: revenue won (open deals closing, with their true win
    probabilities, and new deals from the latent activity path), 1:1s held
    (the schedule from the last 1:1 and the team's cadence), stress, and pay
    versus the team median (teammates' revenue simulated the same way; a seat
    whose rep left in t gets a new hire with drawn pay). Then
    ``P = h_t + (1 - h_t - i_t) x E[h_t+1 + (1 - h_t+1 - i_t+1) x (...)]`` with
    ``i`` the involuntary hazard, which competes. Teammates are kept in their
    seats over the horizon (a teammate's exit changes the team median a
    little; not simulated). NaN for seats whose rep left in t and for the
    last ``horizon - 1`` months.
    """
    w = world
    n_slots, n_months = w.occupant.shape
    out = np.full((n_slots, n_months), np.nan)
    m_start, m_end, m_days = (x.astype(np.int64) for x in month_bounds(w.months))
    r = w.reps
    hire_all = r["hire_day"].astype("datetime64[D]").astype(np.int64)
    exit_all = np.where(
        np.isnat(r["exit_day"]), np.iinfo(np.int64).max, r["exit_day"].astype(np.int64)
    )
    cadence = w.team_manager_gap[w.slot_team].astype(float)
    n_teams = w.team_manager_gap.size
    size = np.bincount(w.slot_team, minlength=n_teams)
    team_index = np.full((n_teams, size.max()), -1)
    order = np.argsort(w.slot_team, kind="stable")
    pos = np.arange(n_slots) - np.repeat(np.cumsum(size) - size, size)
    team_index[w.slot_team[order], pos] = order
    base_pay = 5000.0
    ahead = horizon - 1
    d = w.deals
    created_all = d["created"].astype("datetime64[D]").astype(np.int64)
    close_all = d["close"].astype("datetime64[D]").astype(np.int64)
    for t in range(BURN_IN, n_months - ahead):
        rep = w.occupant[:, t]
        if (rep < 0).any():
            raise ValueError("a seat is vacant at the start of a month")  # never by design
        stay = exit_all[rep] > m_end[t]
        tenure_t = (m_start[t] - hire_all[rep]) / 30.4
        lo = max(0, t - 2)
        att3_t = w.revenue[:, lo : t + 1].sum(1) / np.maximum(w.quota[:, lo : t + 1].sum(1), 1.0)
        settled_t = ~np.isnan(w.hazard[:, t])
        h0 = np.where(settled_t, np.nan_to_num(w.hazard[:, t]), 0.0)
        i0 = np.where(settled_t, 0.002 + 0.02 * ((att3_t < 0.5) & (tenure_t > 6)), 0.0)
        future = [t + 1 + k for k in range(ahead)]
        # the seat's rep over the horizon: the same one, or a new hire for a seat left in t
        S = sims
        new = ~stay
        skill = np.repeat(r["skill"][rep][:, None], S, axis=1)
        pay = np.repeat(r["pay_level"][rep][:, None], S, axis=1)
        hire = np.repeat(hire_all[rep][:, None].astype(float), S, axis=1)
        n_new = int(new.sum())
        if n_new:
            skill[new] = rng.normal(0, 0.25, (n_new, S))
            pay[new] = rng.normal(0, 0.08, (n_new, S))
            hire[new] = m_start[t + 1] + rng.integers(0, 14, (n_new, S))
        dec = _decline_paths(w, rep, t, ahead, rng, S)
        dec[:, new] = 0.0
        # revenue of months t+1.. from deals open at the end of t
        open_ = np.flatnonzero((created_all <= m_end[t]) & (close_all > m_end[t]))
        open_ = open_[np.argsort(d["slot"][open_], kind="stable")]
        cum = _close_given_open(created_all[open_], m_end[t], [m_end[c] for c in future])
        p_month = np.diff(np.column_stack([np.zeros(open_.size), cum]), axis=1)
        revenue = _won_in(
            rng, d["slot"][open_], d["amount"][open_], d["win_prob"][open_], p_month, n_slots, S
        )
        # ... and from deals created in months t+1..
        a = np.repeat(w.activity[:, t][:, None], S, axis=1)
        for k, c in enumerate(future):
            a = ACTIVITY_AR * a + ACTIVITY_SD * rng.standard_normal(a.shape)
            tenure = (m_start[c] - hire) / 30.4
            start_in = np.clip(hire - m_start[c], 0, None)
            share = np.clip(m_days[c] - start_in, 0, None) / m_days[c]
            lam = w.base_deals[:, None] * ramp(tenure) * w.season[c] * share
            lam = lam * np.exp(a + 0.3 * skill + dec[k])
            win = sigmoid(BASE_WIN_LOGIT + 1.2 * skill + 0.5 * dec[k])
            for j in range(k, ahead):
                revenue[j] += _new_won(rng, lam * win * w.p_close[j - k], w.deal_scale)
        # the hazard inputs of months t+1.., for the rep staying in the seat
        last = np.repeat((m_end[t] - np.nan_to_num(w.gap_days[:, t]))[:, None], S, axis=1)
        last = last.astype(np.int64)
        gap0 = (m_end[t] - last).astype(float)
        nxt = last + _truncated_step(rng, gap0, np.repeat(cadence[:, None], S, axis=1))
        fresh = (last == hire_all[rep][:, None]) & (hire_all[rep][:, None] + 7 > m_end[t])
        nxt = np.where(fresh, hire_all[rep][:, None] + 7, nxt)
        cad = np.repeat(cadence[:, None], S, axis=1)
        rev_known = {m: w.revenue[:, m][:, None] for m in range(max(0, t - 2), t + 1)}
        quota_known = {m: w.quota[:, m] for m in range(max(0, t - 2), t + 1)}
        hazards, involuntary = [], []
        for c in future:
            rev = {**rev_known, **{f: revenue[j] for j, f in enumerate(future)}}
            tenure_c = (m_start[c] - hire_all[rep]) / 30.4
            q = expected_quota(w.base_deals, w.deal_scale, w.season, w.p_close, c, tenure_c)
            quota_known[c] = np.round(q / 100) * 100
            months3 = range(max(0, c - 2), c + 1)
            rev3 = sum(rev[m] for m in months3)
            att3 = rev3 / np.maximum(sum(quota_known[m] for m in months3), 1.0)[:, None]
            ah = r["after_hours"][rep][:, None]
            stress = 2.6 + r["stress_base"][rep][:, None] + 3 * (ah - 0.12)
            stress = stress + 0.8 * np.maximum(0, 0.9 - att3) + rng.normal(0, 0.2, att3.shape)
            stress = np.clip(stress, 1, 5)
            earn_stay = 3 * base_pay * np.exp(r["pay_level"][rep])[:, None] + COMMISSION * rev3
            earn = np.where(new[:, None], 3 * base_pay * np.exp(pay) + COMMISSION * rev3, earn_stay)
            pay_gap = np.log(earn_stay / _team_median(earn, team_index, w.slot_team))
            _hold_meetings(rng, last, nxt, cad, m_end[c])
            gap = (m_end[c] - last).astype(float)
            z = (
                HAZARD["intercept"]
                + HAZARD["shortfall"] * (1 - np.minimum(att3, 1.2))
                + HAZARD["gap_days"] * np.maximum(gap - 14, 0)
                + HAZARD["stress"] * (stress - 3)
                + HAZARD["pay_gap"] * pay_gap
            )
            settled = (tenure_c >= 1)[:, None]
            hazards.append(np.where(settled, sigmoid(z), 0.0))
            inv = 0.002 + 0.02 * ((att3 < 0.5) & (tenure_c > 6)[:, None])
            involuntary.append(np.where(settled, inv, 0.0))
        later = np.zeros((n_slots, S))
        for h, i in zip(reversed(hazards), reversed(involuntary), strict=True):
            later = h + np.clip(1 - h - i, 0, 1) * later
        p = h0 + np.clip(1 - h0 - i0, 0, 1) * later.mean(axis=1)
        out[:, t] = np.where(stay, p, np.nan)
    return out


def underperformance_prob_at_t(world: World, rng, sims: int = 200) -> np.ndarray:
    """[slot, month] P(next-quarter attainment < 80% | state at the end of t).

    As :func:`underperformance_prob`, except that nothing after t is known: an
    open deal closes inside the quarter with its probability given its age and
    that it is still open (not on its drawn close day), and a decline that has
    not started by t may start in the quarter with its prior probability.
    """
    w = world
    n_slots, n_months = w.occupant.shape
    out = np.full((n_slots, n_months), np.nan)
    d = w.deals
    reps = w.reps
    cum_close = np.cumsum(w.p_close)
    start_day = w.months.start_time.values.astype("datetime64[D]")
    m_end = month_bounds(w.months)[1].astype(np.int64)
    created_all = d["created"].astype("datetime64[D]").astype(np.int64)
    close_all = d["close"].astype("datetime64[D]").astype(np.int64)
    for t in range(BURN_IN, n_months - 3):
        s = np.flatnonzero(w.occupant[:, t] >= 0)
        rep = w.occupant[s, t]
        if s.size == 0:
            continue
        skill = reps["skill"][rep][:, None]
        quota = np.zeros(s.size)
        rate = np.zeros((s.size, sims))
        dec_paths = _decline_paths(w, rep, t, 3, rng, sims)
        a = np.repeat(w.activity[s, t][:, None], sims, axis=1)
        for k, c in enumerate(range(t + 1, t + 4)):
            tenure = (start_day[c] - reps["hire_day"][rep]).astype(int) / 30.4
            quota += expected_quota(
                w.base_deals[s], w.deal_scale[s], w.season, w.p_close, c, tenure
            )
            dec = dec_paths[k]
            a = ACTIVITY_AR * a + ACTIVITY_SD * rng.standard_normal(a.shape)
            lam = (w.base_deals[s] * ramp(tenure) * w.season[c])[:, None] * np.exp(
                0.3 * skill + dec
            )
            win = sigmoid(BASE_WIN_LOGIT + 1.2 * skill + 0.5 * dec)
            p_in_quarter = cum_close[min(t + 3 - c, len(cum_close) - 1)]
            rate += lam * win * p_in_quarter * np.exp(a)
        new = sum_amounts(rng, rng.poisson(rate), w.deal_scale[s])
        # every deal open at the end of t; it may close in the quarter, or later
        sel = np.flatnonzero((created_all <= m_end[t]) & (close_all > m_end[t]))
        pos = np.full(n_slots, -1)
        pos[s] = np.arange(s.size)
        sel = sel[pos[d["slot"][sel]] >= 0]
        sel = sel[np.argsort(pos[d["slot"][sel]], kind="stable")]
        p_close = _close_given_open(created_all[sel], m_end[t], [m_end[t + 3]])
        pipe = _won_in(
            rng, pos[d["slot"][sel]], d["amount"][sel], d["win_prob"][sel], p_close, s.size, sims
        )[0]
        attainment = (pipe + new) / np.maximum(quota, 1.0)[:, None]
        out[s, t] = (attainment < UNDERPERFORMANCE_THRESHOLD).mean(axis=1)
    return out
