"""The simulated sales organisation: who works where, month by month.

The simulation runs over *slots* (a rep's seat in a team, with its territory).
A slot's occupant changes when a rep leaves: the seat stays empty for the rest
of the exit month, then a new hire takes it over early the next month, with
the seat's accounts and open deals. Everything is vectorised over slots; only the
loop over months is Python.

The causal ground truth (documented in data/sample/README.md):

* deals created per month ~ Poisson(base x ramp x season x exp(activity +
  0.3 skill + decline)); win probability = sigmoid(logit 0.3 + 1.2 skill +
  0.5 decline); the latent activity level follows an AR(1) process;
* an injected persistent decline lowers activity and win rate by a growing
  amount from a known start month;
* monthly voluntary-exit hazard: logistic in shortfall of trailing 3-month
  attainment, days since the last 1:1, stress, and pay below team peers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

REGIONS = ["North", "South", "East", "West", "Central"]
REGION_POTENTIAL = np.array([1.15, 0.95, 1.10, 1.00, 0.85])
TEAM_SIZE = 8
BURN_IN = 4  # months simulated before the window so the first months have a pipeline
SEASON = np.array([0.80, 0.90, 1.05, 0.95, 1.00, 1.05, 0.85, 0.80, 1.00, 1.05, 1.10, 1.35])
BASE_DEALS = {"field_rep": 8.0, "inside_rep": 10.0}
DEAL_SCALE = {"field_rep": 15000.0, "inside_rep": 6000.0}
AMOUNT_SIGMA = 0.6
CYCLE_MEDIAN_DAYS, CYCLE_SIGMA, MAX_CYCLE_DAYS = 40.0, 0.7, 300
BASE_WIN_LOGIT = np.log(0.3 / 0.7)
ACTIVITY_AR, ACTIVITY_SD = 0.75, 0.18
COMMISSION = 0.10
HAZARD = {  # logistic coefficients of the monthly voluntary-exit hazard
    "intercept": -4.9,
    "shortfall": 2.2,  # per unit of (1 - trailing attainment), attainment capped at 1.2
    "gap_days": 0.02,  # per day since the last 1:1 beyond 14
    "stress": 0.7,  # per point of stress above 3
    "pay_gap": -2.5,  # per log-unit of trailing pay vs team median (below peers raises risk)
}


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def ramp(tenure_months):
    """Share of full productivity after ``tenure_months`` (4 months to full)."""
    return np.clip((np.asarray(tenure_months, dtype=float) + 1.0) / 4.0, 0.0, 1.0)


@dataclass
class Reps:
    """Per-rep attributes, appended as hires happen (index = rep number)."""

    slot: list = field(default_factory=list)
    hire_day: list = field(default_factory=list)  # datetime64[D]
    skill: list = field(default_factory=list)
    pay_level: list = field(default_factory=list)
    stress_base: list = field(default_factory=list)
    after_hours: list = field(default_factory=list)
    decline_start: list = field(default_factory=list)  # month index, -1 = none
    decline_slope: list = field(default_factory=list)
    exit_day: list = field(default_factory=list)
    exit_type: list = field(default_factory=list)

    def add(self, rng, slots, hire_days, first_month, months, decline_share):
        n = len(slots)
        self.slot += list(slots)
        self.hire_day += list(hire_days)
        self.skill += list(rng.normal(0, 0.25, n))
        self.pay_level += list(rng.normal(0, 0.08, n))
        self.stress_base += list(rng.normal(0, 0.45, n))
        self.after_hours += list(rng.beta(2, 14, n))
        declines = rng.random(n) < decline_share
        latest = months - 4
        start = rng.integers(min(first_month + 6, latest), latest + 1, n)
        ok = declines & (start >= BURN_IN + 3) & (start <= latest)
        self.decline_start += list(np.where(ok, start, -1))
        self.decline_slope += list(rng.uniform(0.07, 0.13, n))
        self.exit_day += [np.datetime64("NaT", "D")] * n
        self.exit_type += [""] * n

    def arrays(self):
        return {k: np.array(v) for k, v in self.__dict__.items()}


@dataclass
class World:
    """Everything the record builders need."""

    months: pd.PeriodIndex  # all simulated months, burn-in first
    slot_team: np.ndarray
    slot_region: np.ndarray
    slot_role: np.ndarray
    slot_potential: np.ndarray
    team_manager_gap: np.ndarray
    reps: dict
    occupant: np.ndarray  # [slot, month] rep number active at month start, -1 vacant
    active_days: np.ndarray  # [slot, month] share of the month the occupant worked
    quota: np.ndarray  # [slot, month] revenue target
    revenue: np.ndarray  # [slot, month] won revenue
    activity: np.ndarray  # [slot, month] latent log activity level
    decline: np.ndarray  # [slot, month] decline term (<= 0)
    stress: np.ndarray  # [slot, month] latent stress 1-5
    hazard: np.ndarray  # [slot, month] voluntary-exit hazard for the next month
    gap_days: np.ndarray  # [slot, month] days since last 1:1 at month end
    deals: dict  # arrays, one entry per deal
    one_on_ones: dict  # arrays, one entry per meeting
    base_deals: np.ndarray  # [slot] deals created per month at full ramp
    deal_scale: np.ndarray  # [slot] median deal amount
    season: np.ndarray  # [month]
    p_close: np.ndarray  # P(deal created in month c closes in c + k)


def month_bounds(months: pd.PeriodIndex):
    start = months.start_time.values.astype("datetime64[D]")
    end = months.end_time.values.astype("datetime64[D]")
    return start, end, (end - start).astype(int) + 1


def simulate(rng_for, n_slots: int, window: pd.PeriodIndex) -> World:
    """Run the organisation over ``window`` plus a burn-in; see module docstring."""
    rng = rng_for("world")
    months = pd.period_range(end=window[-1], periods=len(window) + BURN_IN, freq="M")
    n_months = len(months)
    m_start, m_end, m_days = month_bounds(months)

    n_teams = max(1, round(n_slots / TEAM_SIZE))
    slot_team = np.arange(n_slots) % n_teams
    team_region = np.arange(n_teams) % min(len(REGIONS), n_teams)
    slot_region = team_region[slot_team]
    slot_role = np.where(rng.random(n_slots) < 0.7, "field_rep", "inside_rep")
    slot_potential = REGION_POTENTIAL[slot_region] * rng.lognormal(0, 0.3, n_slots)
    team_manager_gap = rng.choice([7, 14, 21, 30, 45], n_teams, p=[0.25, 0.3, 0.2, 0.15, 0.1])
    base_deals = np.vectorize(BASE_DEALS.get)(slot_role)
    deal_scale = np.vectorize(DEAL_SCALE.get)(slot_role) * slot_potential
    season = SEASON[months.month.values - 1]

    reps = Reps()
    tenure0 = rng.integers(0, 72, n_slots)
    hire0 = m_start[0] - (tenure0 * 30.4).astype("timedelta64[D]") - rng.integers(0, 28, n_slots)
    reps.add(rng, np.arange(n_slots), hire0, 0, n_months, 0.12)

    occ = np.arange(n_slots)  # current occupant (rep number) or -1
    vacant_until = np.full(n_slots, -1)  # month index at which the new hire starts
    shape = (n_slots, n_months)
    occupant = np.full(shape, -1)
    active_days = np.zeros(shape)
    quota = np.zeros(shape)
    revenue = np.zeros(shape)
    activity = np.zeros(shape)
    decline_m = np.zeros(shape)
    stress_m = np.zeros(shape)
    hazard_m = np.full(shape, np.nan)
    gap_m = np.full(shape, np.nan)
    a = rng.normal(0, 0.25, n_slots)
    last_1on1 = m_start[0] - rng.integers(1, 30, n_slots).astype("timedelta64[D]")
    next_1on1 = m_start[0] + rng.integers(0, 14, n_slots).astype("timedelta64[D]")
    deal_parts, meet_parts = [], []

    p_close = _close_offsets(rng)

    for m in range(n_months):
        # hires into seats that were left
        starting = np.flatnonzero((occ < 0) & (vacant_until == m))
        if starting.size:
            first = len(reps.slot)
            days = m_start[m] + rng.integers(0, 14, starting.size).astype("timedelta64[D]")
            reps.add(rng, starting, days, m, n_months, 0.12)
            occ[starting] = np.arange(first, first + starting.size)
            last_1on1[starting] = days
            next_1on1[starting] = days + 7
        r = reps  # lists grow; read per month through arrays
        here = occ >= 0
        idx = np.where(here, occ, 0)
        hire_day = np.array(r.hire_day)[idx]
        exit_day = np.array(r.exit_day)[idx]
        skill = np.array(r.skill)[idx]
        tenure = (m_start[m] - hire_day).astype(int) / 30.4
        start_in = np.clip((hire_day - m_start[m]).astype(int), 0, None)
        end_in = np.where(
            np.isnat(exit_day), m_days[m], np.clip((exit_day - m_start[m]).astype(int) + 1, 0, None)
        )
        share = np.where(here, np.clip(np.minimum(end_in, m_days[m]) - start_in, 0, None), 0)
        share = share / m_days[m]
        occupant[:, m] = np.where(here, occ, -1)
        active_days[:, m] = share

        ds = np.array(r.decline_start)[idx]
        dslope = np.array(r.decline_slope)[idx]
        dec = np.where((ds >= 0) & (m >= ds), -dslope * (m - ds + 1), 0.0)
        dec = np.maximum(dec, -0.9)
        a = ACTIVITY_AR * a + rng.normal(0, ACTIVITY_SD, n_slots)
        activity[:, m], decline_m[:, m] = a, dec
        rmp = ramp(tenure)

        lam = base_deals * rmp * season[m] * np.exp(a + 0.3 * skill + dec) * share
        lam = np.where(here, lam, 0.0)
        win = sigmoid(BASE_WIN_LOGIT + 1.2 * skill + 0.5 * dec)
        deal_parts.append(_create_deals(rng, m, lam, win, deal_scale, m_start, m_days, months))
        for d in deal_parts[-1:]:
            in_window = d["close_month"] < n_months
            won = d["won"] & in_window
            np.add.at(revenue, (d["slot"][won], d["close_month"][won]), d["amount"][won])

        q = expected_quota(base_deals, deal_scale, season, p_close, m, tenure)
        quota[:, m] = np.where(here, np.round(q * share / 100) * 100, 0.0)

        # 1:1 meetings this month
        gap_team = team_manager_gap[slot_team]
        meet_parts.append(
            _meetings(rng, m, here, occ, next_1on1, last_1on1, gap_team, m_end[m], exit_day)
        )
        gap = (m_end[m] - last_1on1).astype(int)
        gap_m[:, m] = np.where(here, gap, np.nan)

        # trailing attainment (3 months), stress, pay vs peers
        lo = max(0, m - 2)
        att3 = revenue[:, lo : m + 1].sum(1) / np.maximum(quota[:, lo : m + 1].sum(1), 1.0)
        ah = np.array(r.after_hours)[idx]
        stress = 2.6 + np.array(r.stress_base)[idx] + 3 * (ah - 0.12)
        stress = stress + 0.8 * np.maximum(0, 0.9 - att3) + rng.normal(0, 0.2, n_slots)
        stress_m[:, m] = np.clip(stress, 1, 5)
        base_pay = 5000 * np.exp(np.array(r.pay_level)[idx])
        earn = 3 * base_pay + COMMISSION * revenue[:, lo : m + 1].sum(1)
        team_median = pd.Series(np.where(here, earn, np.nan)).groupby(slot_team).transform("median")
        pay_gap = np.log(earn / team_median.to_numpy())
        z = (
            HAZARD["intercept"]
            + HAZARD["shortfall"] * (1 - np.minimum(att3, 1.2))
            + HAZARD["gap_days"] * np.maximum(gap - 14, 0)
            + HAZARD["stress"] * (stress_m[:, m] - 3)
            + HAZARD["pay_gap"] * pay_gap
        )
        h = sigmoid(z)
        settled = here & np.isnat(exit_day) & (tenure >= 1)
        hazard_m[:, m] = np.where(settled, h, np.nan)

        # exits happen in the next month, only inside the window
        if m < BURN_IN or m + 1 >= n_months:
            continue
        u = rng.random(n_slots)
        h_inv = 0.002 + 0.02 * ((att3 < 0.5) & (tenure > 6))
        leaving = settled & (u < h + h_inv)
        for s in np.flatnonzero(leaving):
            rep = occ[s]
            day = m_start[m + 1] + rng.integers(0, m_days[m + 1])
            r.exit_day[rep] = day
            r.exit_type[rep] = "voluntary" if u[s] < h[s] else "involuntary"
            vacant_until[s] = m + 2
        # the leaver stays the occupant through the exit month
        gone = np.flatnonzero((occ >= 0) & _exited_by(r, occ, m_end[m]))
        occ[gone] = -1

    deals = {k: np.concatenate([d[k] for d in deal_parts]) for k in deal_parts[0]}
    meets = {k: np.concatenate([d[k] for d in meet_parts]) for k in meet_parts[0]}
    return World(
        months,
        slot_team,
        slot_region,
        slot_role,
        slot_potential,
        team_manager_gap,
        reps.arrays(),
        occupant,
        active_days,
        quota,
        revenue,
        activity,
        decline_m,
        stress_m,
        hazard_m,
        gap_m,
        deals,
        meets,
        base_deals,
        deal_scale,
        season,
        p_close,
    )


def expected_quota(base_deals, deal_scale, season, p_close, m, tenure):
    """Revenue target: what an average rep at this tenure is expected to win in month m.

    A deal created in month c closes in month c + k with probability p_close[k];
    3% below the expectation so that about half of rep-quarters reach quota.
    """
    mean_amount = np.exp(AMOUNT_SIGMA**2 / 2) * np.exp(ACTIVITY_SD**2 / (2 * (1 - ACTIVITY_AR**2)))
    expected = 0.0
    for k, p in enumerate(p_close):
        c = m - k
        s = season[c] if c >= 0 else season[m]
        expected = expected + p * s * ramp(tenure - k)
    return base_deals * 0.3 * deal_scale * mean_amount * expected * 0.97


def _exited_by(r: Reps, occ: np.ndarray, day) -> np.ndarray:
    exit_day = np.array(r.exit_day)[np.where(occ >= 0, occ, 0)]
    return ~np.isnat(exit_day) & (exit_day <= day)


def _close_offsets(rng, n: int = 200_000) -> np.ndarray:
    """P(a deal created in month c closes in month c + k), k = 0..5."""
    day = rng.uniform(0, 30.4, n)
    cycle = np.minimum(rng.lognormal(np.log(CYCLE_MEDIAN_DAYS), CYCLE_SIGMA, n), MAX_CYCLE_DAYS)
    k = np.minimum(((day + cycle) // 30.4).astype(int), 5)
    return np.bincount(k, minlength=6) / n


def _create_deals(rng, m, lam, win, scale, m_start, m_days, months):
    counts = rng.poisson(lam)
    slot = np.repeat(np.arange(lam.size), counts)
    n = slot.size
    created = m_start[m] + rng.integers(0, m_days[m], n).astype("timedelta64[D]")
    cycle = np.minimum(rng.lognormal(np.log(CYCLE_MEDIAN_DAYS), CYCLE_SIGMA, n), MAX_CYCLE_DAYS)
    cycle = cycle.astype(int) + 1
    close = created + cycle.astype("timedelta64[D]")
    first = np.datetime64(months[0].start_time, "M").astype(int)
    close_month = close.astype("datetime64[M]").astype(int) - first
    return {
        "slot": slot,
        "created": created,
        "close": close,
        "close_month": close_month.astype(int),
        "created_month": np.full(n, m),
        "amount": np.round(rng.lognormal(np.log(scale[slot]), AMOUNT_SIGMA), -1),
        "won": rng.random(n) < win[slot],
        "win_prob": win[slot],
    }


def _meetings(rng, m, here, occ, next_1on1, last_1on1, gap_team, month_end, exit_day):
    """Advance each rep's 1:1 schedule through the month (in place)."""
    slots, dates = [], []
    due = here & (next_1on1 <= month_end) & (np.isnat(exit_day) | (next_1on1 <= exit_day))
    while due.any():
        s = np.flatnonzero(due)
        day = next_1on1[s]
        weekday = (day.astype("datetime64[D]").astype(int) + 3) % 7  # 0 = Monday
        day = day + np.where(weekday >= 5, 7 - weekday, 0).astype("timedelta64[D]")
        leave = exit_day[s]
        keep = (day <= month_end) & (np.isnat(leave) | (day <= leave))
        slots.append(s[keep])
        dates.append(day[keep])
        last_1on1[s[keep]] = day[keep]
        step = np.maximum(1, gap_team[s] * rng.lognormal(0, 0.35, s.size)).astype(int)
        next_1on1[s] = day + step.astype("timedelta64[D]")
        due = here & (next_1on1 <= month_end) & (np.isnat(exit_day) | (next_1on1 <= exit_day))
    slot = np.concatenate(slots) if slots else np.array([], int)
    return {
        "slot": slot,
        "rep": occ[slot],
        "date": np.concatenate(dates) if dates else np.array([], "datetime64[D]"),
        "month": np.full(slot.size, m),
    }
