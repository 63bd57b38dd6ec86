"""Turn the simulated organisation into the canonical CRM tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ._text import (
    ACCOUNT_WORDS,
    COMMENTS_HIGH,
    COMMENTS_LOW,
    COMMENTS_MID,
    COURSES,
    FIRST_NAMES,
    LAST_NAMES,
    ONE_ON_ONE_NOTES,
)
from ._world import BURN_IN, REGIONS, World, month_bounds

ACTIVITY_TYPES = np.array(["visit", "call", "email", "meeting", "demo", "other"])
TYPE_MIX = {
    "field_rep": [0.25, 0.33, 0.25, 0.09, 0.06, 0.02],
    "inside_rep": [0.02, 0.50, 0.35, 0.06, 0.05, 0.02],
}
DURATION_MEDIAN = np.array([50.0, 8.0, 3.0, 35.0, 55.0, 15.0])
BASE_ACTIVITIES = 100.0
PRODUCTS = np.array(["Core Platform", "Analytics Add-on", "Field Service", "Support Plan"])
OPEN_STAGES = np.array(["Qualification", "Needs Analysis", "Proposal", "Negotiation"])
SLA_HOURS = {"low": 48, "medium": 24, "high": 8, "critical": 2}


def ids(prefix: str, n: int, width: int) -> pd.Series:
    """``prefix`` + zero-padded sequence numbers from 1, built in Arrow (fast for 20M)."""
    return pd.Series(_id_array(prefix, 0, n, width), dtype="str")


def _id_array(prefix: str, offset: int, n: int, width: int) -> pa.Array:
    numbers = pa.array(np.arange(offset + 1, offset + n + 1))
    padded = pc.utf8_lpad(pc.cast(numbers, pa.string()), width, "0")
    return pc.binary_join_element_wise(prefix, padded, "").cast(pa.string())


def strings(values) -> pd.Series:
    return pd.Series(values, dtype="str")


def take(values, index, mask=None) -> pd.Series:
    """``values[index]`` as a string Series, built in Arrow (no Python objects)."""
    if not isinstance(values, pa.Array):
        values = pa.array(values, type=pa.string())
    index = pa.array(np.asarray(index), mask=mask)
    return pd.Series(pc.take(values, index), dtype="str")


class Builder:
    """Builds every table from one :class:`World`; ``rng_for(name)`` seeds each part."""

    def __init__(self, world: World, rng_for, currency: str = "USD"):
        self.w = world
        self.rng_for = rng_for
        self.currency = currency
        self.start, self.end, self.days = month_bounds(world.months)
        self.window_start = self.start[BURN_IN]
        self.window_end = self.end[-1]
        n_reps = len(world.reps["slot"])
        self.rep_ids = ids("R", n_reps, 5).to_numpy()
        self.rep_id_array = pa.array(self.rep_ids, type=pa.string())
        n_teams = len(world.team_manager_gap)
        self.manager_ids = ids("M", n_teams, 4).to_numpy()
        # occupant at each month, carried forward over vacancies (deals keep an owner)
        occ = pd.DataFrame(world.occupant).replace(-1, np.nan).ffill(axis=1)
        self.owner = occ.fillna(-1).to_numpy().astype(int)
        self._accounts()

    # -- people ------------------------------------------------------------------
    def reps(self) -> pd.DataFrame:
        w, rng = self.w, self.rng_for("reps")
        r = w.reps
        n, n_teams = len(r["slot"]), len(w.team_manager_gap)
        names = _names(rng, n + n_teams)
        team_names = np.array(
            [
                f"{REGIONS[w.slot_region[np.argmax(w.slot_team == t)]]} {t + 1}"
                for t in range(n_teams)
            ]
        )
        team_region = np.array(
            [REGIONS[w.slot_region[np.argmax(w.slot_team == t)]] for t in range(n_teams)]
        )
        slot = r["slot"]
        exit_day = pd.to_datetime(r["exit_day"])
        reps = pd.DataFrame(
            {
                "rep_id": strings(self.rep_ids),
                "name": strings(names[:n]),
                "email": strings(_emails(names[:n], self.rep_ids)),
                "manager_id": strings(self.manager_ids[w.slot_team[slot]]),
                "team": strings(team_names[w.slot_team[slot]]),
                "region": strings(np.array(REGIONS)[w.slot_region[slot]]),
                "territory": strings([f"{REGIONS[w.slot_region[s]]}-T{s + 1:04d}" for s in slot]),
                "hire_date": pd.to_datetime(r["hire_day"]),
                "exit_date": exit_day,
                "exit_type": strings(np.where(r["exit_type"] == "", None, r["exit_type"])),
                "role": strings(w.slot_role[slot]),
                "gender": strings(
                    rng.choice(["female", "male", "undisclosed"], n, p=[0.44, 0.52, 0.04])
                ),
                "age_band": strings(
                    rng.choice(["<30", "30-39", "40-49", "50+"], n, p=[0.3, 0.35, 0.22, 0.13])
                ),
            }
        )
        mgr_hire = self.window_start - rng.integers(3 * 365, 10 * 365, n_teams).astype(
            "timedelta64[D]"
        )
        managers = pd.DataFrame(
            {
                "rep_id": strings(self.manager_ids),
                "name": strings(names[n:]),
                "email": strings(_emails(names[n:], self.manager_ids)),
                "manager_id": strings([None] * n_teams),
                "team": strings(team_names),
                "region": strings(team_region),
                "territory": strings([f"{reg}-MGR" for reg in team_region]),
                "hire_date": pd.to_datetime(mgr_hire),
                "exit_date": pd.to_datetime(np.full(n_teams, np.datetime64("NaT", "D"))),
                "exit_type": strings([None] * n_teams),
                "role": strings(["manager"] * n_teams),
                "gender": strings(rng.choice(["female", "male"], n_teams)),
                "age_band": strings(rng.choice(["30-39", "40-49", "50+"], n_teams)),
            }
        )
        return pd.concat([managers, reps], ignore_index=True)

    def one_on_ones(self) -> pd.DataFrame:
        m, rng = self.w.one_on_ones, self.rng_for("one_on_ones")
        keep = m["date"] >= self.window_start
        slot, rep, date = m["slot"][keep], m["rep"][keep], m["date"][keep]
        n = slot.size
        notes = np.array(ONE_ON_ONE_NOTES, dtype=object)[rng.integers(0, len(ONE_ON_ONE_NOTES), n)]
        notes[rng.random(n) < 0.3] = None
        return pd.DataFrame(
            {
                "rep_id": strings(self.rep_ids[rep]),
                "manager_id": strings(self.manager_ids[self.w.slot_team[slot]]),
                "date": pd.to_datetime(date),
                "minutes": rng.choice(
                    [15.0, 20.0, 30.0, 45.0, 60.0], n, p=[0.1, 0.2, 0.4, 0.2, 0.1]
                ),
                "notes": strings(notes),
            }
        ).sort_values(["date", "rep_id"], kind="stable", ignore_index=True)

    def pulse_surveys(self, att3: np.ndarray) -> pd.DataFrame:
        w, rng = self.w, self.rng_for("pulse")
        s, m = np.nonzero(w.occupant[:, BURN_IN:] >= 0)
        m = m + BURN_IN
        first, last = self._active_range(s, m)
        ok = (rng.random(s.size) < 0.8) & (last >= first)
        s, m, first, last = s[ok], m[ok], first[ok], last[ok]
        day = first + (rng.random(s.size) * ((last - first).astype(int) + 1)).astype(
            "timedelta64[D]"
        )
        stress = np.clip(np.round(w.stress[s, m] + rng.normal(0, 0.5, s.size)), 1, 5)
        engagement = 3.9 - 0.5 * (w.stress[s, m] - 2.6) + 0.8 * (np.minimum(att3[s, m], 1.2) - 1)
        engagement = engagement + w.decline[s, m] + rng.normal(0, 0.5, s.size)
        return pd.DataFrame(
            {
                "rep_id": strings(self.rep_ids[w.occupant[s, m]]),
                "date": pd.to_datetime(day),
                "engagement": np.clip(np.round(engagement), 1, 5),
                "stress": stress,
            }
        ).sort_values(["date", "rep_id"], kind="stable", ignore_index=True)

    def trainings(self) -> pd.DataFrame:
        w, rng = self.w, self.rng_for("trainings")
        r = w.reps
        rows = []
        # onboarding: two courses within the first weeks of every hire in the window
        hires = np.flatnonzero(r["hire_day"] >= self.window_start)
        for k, course in enumerate(("Product fundamentals", "CRM basics")):
            day = r["hire_day"][hires] + (7 + 14 * k + rng.integers(0, 7, hires.size))
            rows.append((hires, np.full(hires.size, course), day))
        # ongoing: about one course every eight months
        s, m = np.nonzero(
            (w.occupant[:, BURN_IN:] >= 0) & (rng.random(w.occupant[:, BURN_IN:].shape) < 0.12)
        )
        m = m + BURN_IN
        first, last = self._active_range(s, m)
        ok = last >= first
        s, m, first, last = s[ok], m[ok], first[ok], last[ok]
        day = first + (rng.random(s.size) * ((last - first).astype(int) + 1)).astype(
            "timedelta64[D]"
        )
        rows.append(
            (w.occupant[s, m], np.array(COURSES)[rng.integers(0, len(COURSES), s.size)], day)
        )
        rep = np.concatenate([x[0] for x in rows])
        course = np.concatenate([x[1] for x in rows])
        day = np.concatenate([x[2] for x in rows]).astype("datetime64[D]")
        exit_day = r["exit_day"][rep]
        keep = (day <= self.window_end) & (np.isnat(exit_day) | (day <= exit_day))
        rep, course, day = rep[keep], course[keep], day[keep]
        score = np.clip(np.round(78 + 40 * r["skill"][rep] + rng.normal(0, 8, rep.size)), 0, 100)
        score[rng.random(rep.size) < 0.2] = np.nan  # not every course is scored
        return pd.DataFrame(
            {
                "rep_id": strings(self.rep_ids[rep]),
                "course": strings(course),
                "completed_on": pd.to_datetime(day),
                "hours": rng.choice([1.0, 2.0, 4.0, 8.0], rep.size, p=[0.3, 0.35, 0.25, 0.1]),
                "score": score,
            }
        ).sort_values(["completed_on", "rep_id"], kind="stable", ignore_index=True)

    def compliance(self) -> pd.DataFrame:
        r, rng = self.w.reps, self.rng_for("compliance")
        n = len(r["slot"])
        hire = r["hire_day"]
        last_day = np.where(np.isnat(r["exit_day"]), self.window_end, r["exit_day"])
        rows = []
        # contract signed in the first two weeks; 3% never returned
        due = hire + 14
        done = hire + rng.integers(0, 20, n)
        rows.append(("Employment contract", "contract", due, done, rng.random(n) < 0.03, None))
        # product certification within 90 days, valid one year
        due = hire + 90
        done = hire + rng.integers(30, 130, n)
        rows.append(
            ("Product certification", "certification", due, done, rng.random(n) < 0.05, 365)
        )
        # annual compliance training due every 31 January within the window
        for year in range(self.w.months[BURN_IN].year, self.w.months[-1].year + 1):
            due = np.full(n, np.datetime64(f"{year}-01-31"))
            done = due - rng.integers(-25, 40, n)
            rows.append(
                (f"Compliance training {year}", "training", due, done, rng.random(n) < 0.06, None)
            )
        parts = []
        for item, kind, due, done, missing, valid_days in rows:
            applies = (due >= hire) & (due >= self.window_start - 365) & (due <= last_day + 30)
            done = np.where(missing | (done > last_day) | (done < hire), np.datetime64("NaT"), done)
            expires = done + valid_days if valid_days else np.full(n, np.datetime64("NaT", "D"))
            parts.append(
                pd.DataFrame(
                    {
                        "rep_id": strings(self.rep_ids[applies]),
                        "item": strings([item] * int(applies.sum())),
                        "kind": strings([kind] * int(applies.sum())),
                        "due_date": pd.to_datetime(due[applies]),
                        "completed_on": pd.to_datetime(done[applies].astype("datetime64[D]")),
                        "expires_on": pd.to_datetime(expires[applies].astype("datetime64[D]")),
                    }
                )
            )
        return pd.concat(parts, ignore_index=True)

    def quotas(self) -> pd.DataFrame:
        w = self.w
        s, m = np.nonzero((w.occupant[:, BURN_IN:] >= 0) & (w.quota[:, BURN_IN:] > 0))
        m = m + BURN_IN
        period = w.months[m].strftime("%Y-%m")
        rep = strings(self.rep_ids[w.occupant[s, m]])
        revenue = pd.DataFrame(
            {"rep_id": rep, "period": strings(period), "metric": "revenue", "target": w.quota[s, m]}
        )
        field = w.slot_role[s] == "field_rep"
        visits = pd.DataFrame(
            {
                "rep_id": rep[field].reset_index(drop=True),
                "period": strings(period[field]),
                "metric": "visits",
                "target": np.round(22 * w.active_days[s[field], m[field]]),
            }
        )
        out = pd.concat([revenue, visits], ignore_index=True)
        out["metric"] = out["metric"].astype("str")
        return out.sort_values(["period", "rep_id", "metric"], kind="stable", ignore_index=True)

    # -- accounts and sales -------------------------------------------------------------
    def _accounts(self) -> None:
        w, rng = self.w, self.rng_for("accounts")
        n_slots = w.slot_team.size
        per_slot = np.maximum(5, rng.poisson(np.where(w.slot_role == "field_rep", 30, 45)))
        self.acct_first = np.concatenate([[0], np.cumsum(per_slot)[:-1]])
        self.acct_count = per_slot
        self.acct_slot = np.repeat(np.arange(n_slots), per_slot)
        self.account_ids = pa.array(ids("AC", self.acct_slot.size, 6))

    def accounts(self) -> pd.DataFrame:
        w, rng = self.w, self.rng_for("account_rows")
        n = self.acct_slot.size
        tier = rng.choice(["A", "B", "C"], n, p=[0.2, 0.3, 0.5])
        segment = np.where(tier == "A", "Enterprise", np.where(tier == "B", "Mid-Market", "SMB"))
        age = rng.integers(0, 6 * 365, n)
        new = rng.random(n) < 0.12  # new logos, created during the window
        window_days = int((self.window_end - self.window_start).astype(int))
        age[new] = -rng.integers(0, window_days + 1, int(new.sum()))
        created = self.window_start - age.astype("timedelta64[D]")
        words = np.array(ACCOUNT_WORDS)
        name = [
            f"{a} {b} {i + 1}"
            for i, (a, b) in enumerate(
                zip(
                    words[rng.integers(0, len(words), n)],
                    words[rng.integers(0, len(words), n)],
                    strict=True,
                )
            )
        ]
        owner = self.owner[self.acct_slot, -1]
        return pd.DataFrame(
            {
                "account_id": pd.Series(self.account_ids, dtype="str"),
                "name": strings(name),
                "owner_rep_id": strings(
                    np.where(owner >= 0, self.rep_ids[np.maximum(owner, 0)], None)
                ),
                "tier": strings(tier),
                "segment": strings(segment),
                "region": strings(np.array(REGIONS)[w.slot_region[self.acct_slot]]),
                "created_date": pd.to_datetime(created),
            }
        )

    def pick_account(self, rng, slot: np.ndarray) -> np.ndarray:
        return self.acct_first[slot] + (rng.random(slot.size) * self.acct_count[slot]).astype(int)

    def deals(self) -> pd.DataFrame:
        d, rng = self.w.deals, self.rng_for("deal_rows")
        n = d["slot"].size
        closed = d["close"] <= self.window_end
        status = np.where(closed, np.where(d["won"], "won", "lost"), "open")
        stage = np.where(status == "won", "Closed Won", "Closed Lost").astype(object)
        progress = np.clip(
            (self.window_end - d["created"]).astype(int)
            / np.maximum((d["close"] - d["created"]).astype(int), 1),
            0,
            0.999,
        )
        stage[~closed] = OPEN_STAGES[(progress[~closed] * len(OPEN_STAGES)).astype(int)]
        month = np.minimum(d["close_month"], self.owner.shape[1] - 1)
        owner = self.owner[d["slot"], month]
        account = self.pick_account(rng, d["slot"])
        self.deal_account = account
        return pd.DataFrame(
            {
                "deal_id": ids("D", n, 7),
                "account_id": take(self.account_ids, account),
                "rep_id": take(self.rep_ids, owner),
                "amount": d["amount"].astype(float),
                "currency": self.currency,
                "stage": strings(stage),
                "status": strings(status),
                "created_date": pd.to_datetime(d["created"]),
                "close_date": pd.to_datetime(d["close"]),
                "product": strings(PRODUCTS[rng.choice(4, n, p=[0.45, 0.2, 0.2, 0.15])]),
            }
        ).astype({"currency": "str"})

    def activities(self) -> pd.DataFrame:
        """One row per call, visit, email...; 20M rows at 10k reps x 24 months.

        Built month by month so that temporary arrays stay one month large.
        """
        w, rng = self.w, self.rng_for("activities")
        parts = [self._activity_month(rng, m) for m in range(BURN_IN, w.occupant.shape[1])]
        sizes = np.cumsum([0] + [len(p["rep_id"]) for p in parts])

        def column(name):
            return pd.Series(pa.chunked_array([p[name] for p in parts]), dtype="str")

        def numbers(name):  # join the months, freeing each month's array (peak memory)
            joined = np.concatenate([p[name] for p in parts])
            for p in parts:
                del p[name]
            return joined

        for p, offset in zip(parts, sizes[:-1], strict=True):
            p["activity_id"] = _id_array("A", offset, len(p["rep_id"]), 9)
        return pd.DataFrame(
            {
                "activity_id": column("activity_id"),
                "rep_id": column("rep_id"),
                "account_id": column("account_id"),
                "type": column("type"),
                "started_at": numbers("started_at"),
                "duration_minutes": numbers("duration_minutes"),
            }
        )

    def _activity_month(self, rng, m: int) -> dict:
        w = self.w
        s = np.flatnonzero(w.occupant[:, m] >= 0)
        first, last = self._active_range(s, np.full(s.size, m))
        rep = w.occupant[s, m]
        lam = BASE_ACTIVITIES * w.active_days[s, m] * np.exp(w.activity[s, m] + w.decline[s, m])
        counts = rng.poisson(np.where(last >= first, lam, 0.0))
        row = np.repeat(np.arange(s.size, dtype=np.int32), counts)
        n = row.size
        span = (last - first).astype(int)[row] + 1
        day = first[row] + (rng.random(n) * span).astype("timedelta64[D]")
        after = rng.random(n) < w.reps["after_hours"][rep][row]
        day = _weekday(day, ~after, first[row], last[row])
        minute = np.where(
            after, rng.integers(19 * 60, 23 * 60 + 45, n), rng.integers(8 * 60, 19 * 60, n)
        )
        started = day.astype("datetime64[m]") + minute.astype("timedelta64[m]")
        field = (w.slot_role == "field_rep")[s][row]
        kind = np.empty(n, dtype=np.int8)
        for sel, mix in ((field, TYPE_MIX["field_rep"]), (~field, TYPE_MIX["inside_rep"])):
            kind[sel] = rng.choice(len(ACTIVITY_TYPES), int(sel.sum()), p=mix)
        duration = np.round(DURATION_MEDIAN[kind] * rng.lognormal(0, 0.4, n))
        account = self.pick_account(rng, s[row])
        order = np.argsort(started, kind="stable")
        kind = kind[order]
        return {
            "rep_id": pc.take(self.rep_id_array, pa.array(rep[row][order])).cast(pa.string()),
            "account_id": pc.take(self.account_ids, pa.array(account[order], mask=kind == 5)).cast(
                pa.string()
            ),
            "type": pc.take(pa.array(ACTIVITY_TYPES), pa.array(kind)).cast(pa.string()),
            "started_at": started[order].astype("datetime64[ns]"),
            "duration_minutes": duration[order],
        }

    def customer_feedback(self, deals: pd.DataFrame) -> pd.DataFrame:
        rng = self.rng_for("feedback")
        won = np.flatnonzero(
            (deals["status"] == "won").to_numpy()
            & (deals["close_date"] >= pd.Timestamp(self.window_start)).to_numpy()
        )
        pick = won[rng.random(won.size) < 0.4]
        date = deals["close_date"].to_numpy()[pick] + rng.integers(3, 30, pick.size).astype(
            "timedelta64[D]"
        )
        keep = date <= np.datetime64(self.window_end)
        pick, date = pick[keep], date[keep]
        rep_num = pd.Series(np.arange(self.rep_ids.size), index=self.rep_ids)
        skill = self.w.reps["skill"][rep_num[deals["rep_id"].to_numpy()[pick]].to_numpy()]
        csat = np.clip(np.round(4.1 + 1.0 * skill + rng.normal(0, 0.8, pick.size)), 1, 5)
        nps = np.clip(
            np.round(7.5 + 2 * skill + 1.6 * (csat - 4) + rng.normal(0, 1.2, pick.size)), 0, 10
        )
        csat[rng.random(pick.size) < 0.1] = np.nan  # some surveys ask only NPS
        comment = np.where(
            csat <= 2,
            _choose(rng, COMMENTS_LOW, pick.size),
            np.where(
                csat >= 5,
                _choose(rng, COMMENTS_HIGH, pick.size),
                _choose(rng, COMMENTS_MID, pick.size),
            ),
        ).astype(object)
        comment[(rng.random(pick.size) < 0.5) & ~(csat <= 2)] = None
        return (
            pd.DataFrame(
                {
                    "account_id": deals["account_id"].to_numpy()[pick],
                    "rep_id": deals["rep_id"].to_numpy()[pick],
                    "date": pd.to_datetime(date),
                    "csat": csat,
                    "nps": nps,
                    "comment": strings(comment),
                }
            )
            .astype({"account_id": "str", "rep_id": "str"})
            .sort_values(["date", "account_id"], kind="stable", ignore_index=True)
        )

    def complaints(self) -> pd.DataFrame:
        w, rng = self.w, self.rng_for("complaints")
        n_slots, n_months = w.occupant.shape
        counts = rng.poisson(0.008 * self.acct_count[:, None] * np.ones((1, n_months - BURN_IN)))
        s, m = np.nonzero(counts)
        reps_n = counts[s, m]
        s, m = np.repeat(s, reps_n), np.repeat(m, reps_n) + BURN_IN
        n = s.size
        opened = self.start[m].astype("datetime64[m]") + (
            rng.random(n) * self.days[m] * 1440
        ).astype("timedelta64[m]")
        severity = rng.choice(list(SLA_HOURS), n, p=[0.5, 0.3, 0.15, 0.05])
        sla = np.vectorize(SLA_HOURS.get)(severity)
        rep = self.owner[s, m]
        skill = np.where(rep >= 0, w.reps["skill"][np.maximum(rep, 0)], 0.0)
        respond_h = sla * 0.45 * rng.lognormal(-skill, 0.8, n)
        first = opened + (respond_h * 60).astype("timedelta64[m]")
        resolved = first + (rng.lognormal(np.log(48), 0.9, n) * 60).astype("timedelta64[m]")
        end = np.datetime64(self.window_end) + np.timedelta64(1, "D")
        first = np.where(first < end, first, np.datetime64("NaT"))
        resolved = np.where(resolved < end, resolved, np.datetime64("NaT"))
        occ = w.occupant[s, m]
        cats = ["billing", "delivery", "product defect", "service", "contract"]
        order = np.argsort(opened, kind="stable")
        return pd.DataFrame(
            {
                "complaint_id": ids("C", n, 6),
                "account_id": take(self.account_ids, self.pick_account(rng, s)[order]),
                "rep_id": strings(
                    np.where(occ >= 0, self.rep_ids[np.maximum(occ, 0)], None)[order]
                ),
                "opened_at": pd.to_datetime(opened[order]).as_unit("ns"),
                "first_response_at": pd.to_datetime(first[order]).as_unit("ns"),
                "resolved_at": pd.to_datetime(resolved[order]).as_unit("ns"),
                "severity": strings(severity[order]),
                "category": strings(np.array(cats)[rng.integers(0, len(cats), n)][order]),
            }
        )

    # -- helpers --------------------------------------------------------------------------
    def _active_range(self, s: np.ndarray, m: np.ndarray):
        """First and last day the occupant of slot ``s`` worked in month ``m``."""
        rep = self.w.occupant[s, m]
        first = np.maximum(self.start[m], self.w.reps["hire_day"][rep])
        exit_day = self.w.reps["exit_day"][rep]
        last = np.where(np.isnat(exit_day), self.end[m], np.minimum(self.end[m], exit_day))
        return first, last


def _weekday(day, move, first, last):
    """Move ``day`` off the weekend where ``move``: to Friday, or Monday if Friday is too early."""
    weekday = (day.astype("datetime64[D]").astype(np.int64) + 3) % 7  # 0 = Monday
    weekend = move & (weekday >= 5)
    friday = day - (weekday - 4).astype("timedelta64[D]")
    monday = day + (7 - weekday).astype("timedelta64[D]")
    moved = np.where(friday >= first, friday, np.where(monday <= last, monday, day))
    return np.where(weekend, moved, day)


def _choose(rng, options, n):
    return np.array(options, dtype=object)[rng.integers(0, len(options), n)]


def _names(rng, n: int) -> np.ndarray:
    combos = np.array([f"{f} {last}" for f in FIRST_NAMES for last in LAST_NAMES])
    if n <= combos.size:
        return combos[rng.permutation(combos.size)[:n]]
    return combos[rng.integers(0, combos.size, n)]


def _emails(names, rep_ids) -> list[str]:
    return [
        f"{nm.lower().replace(' ', '.')}.{rid.lower()}@example.com"
        for nm, rid in zip(names, rep_ids, strict=True)
    ]
