"""The alert rules: pure functions from KPI frames to alert rows, one per practice.

Each rule takes what it needs (a frame with one row per rep, the period's
facts, the thresholds) and returns a list of dicts with the alert columns
except ``rep_name`` and ``period``, which :func:`fieldsales.signals.alerts` adds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ._settings import AlertThresholds
from ._text import ACTIONS, message

__all__ = [
    "PeriodFacts",
    "pace_alerts",
    "one_on_one_alerts",
    "accounts_alerts",
    "sla_alerts",
    "compliance_alerts",
    "wellbeing_alerts",
    "decline_alerts",
]

PRACTICE = {
    "decline": 7,
    "pace": 1,
    "one_on_one_overdue": 2,
    "accounts_overdue": 14,
    "sla_breach": 18,
    "compliance_overdue": 13,
    "compliance_due_soon": 13,
    "wellbeing": 10,
}


@dataclass(frozen=True)
class PeriodFacts:
    """The period alerts are computed for, and how much of it the data cover."""

    label: str  # 2026-10, 2026-Q3, 2026, 2026-W41
    grain: str
    start: pd.Timestamp
    stop: pd.Timestamp  # exclusive
    as_of: pd.Timestamp  # last day with data inside the period (a date)

    @property
    def last_day(self) -> pd.Timestamp:
        return self.stop - pd.Timedelta(days=1)

    @property
    def complete(self) -> bool:
        return self.as_of >= self.last_day

    @property
    def elapsed(self) -> float:
        """Share of the period's days up to and including ``as_of``."""
        return ((self.as_of - self.start).days + 1) / (self.stop - self.start).days


def _alert(rep_id, kind, severity, value, threshold, **figures) -> dict:
    en, zh = message(kind, **figures)
    action_en, action_zh = ACTIONS[kind]
    return {
        "rep_id": rep_id,
        "kind": kind,
        "severity": severity,
        "practice": PRACTICE[kind],
        "message_en": en,
        "message_zh": zh,
        "action_en": action_en,
        "action_zh": action_zh,
        "value": float(value),
        "threshold": float(threshold),
    }


def _ok(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def pace_alerts(kp: pd.DataFrame, facts: PeriodFacts, t: AlertThresholds) -> list[dict]:
    """Practice 1: revenue won so far below the linear pace of the period's target."""
    out = []
    for row in kp.itertuples(index=False):
        target, won = row.revenue_target, row.revenue_won
        if not _ok(target) or target <= 0 or not _ok(won):
            continue
        pace = won / (target * facts.elapsed)
        if pace < t.pace_ratio:
            severity = "high" if pace < t.pace_high else "medium"
            out.append(
                _alert(
                    row.rep_id, "pace", severity, round(pace, 4), t.pace_ratio,
                    won=won, target=target, attainment=won / target, elapsed=facts.elapsed,
                    pace=pace, period=facts.label,
                )
            )  # fmt: skip
    return out


def one_on_one_alerts(
    kp: pd.DataFrame, facts: PeriodFacts, t: AlertThresholds, exit_dates: pd.Series
) -> list[dict]:
    """Practice 2: days since the last 1:1 above the threshold, counted to the data's end.

    The KPI counts to the rep's last day in the period; in a period the data
    end inside, the days between the data's end and that day are taken off.
    """
    out = []
    for row in kp.itertuples(index=False):
        days = row.days_since_one_on_one
        if not _ok(days):
            continue
        last = facts.last_day
        exit_date = exit_dates.get(row.rep_id)
        if exit_date is not None and not pd.isna(exit_date):
            last = min(last, pd.Timestamp(exit_date).normalize())
        days = days - max(0, (last - facts.as_of).days)
        if days > t.one_on_one_days:
            severity = "high" if days > t.one_on_one_high_days else "medium"
            out.append(
                _alert(
                    row.rep_id, "one_on_one_overdue", severity, days, t.one_on_one_days,
                    days=days, as_of=f"{facts.as_of:%Y-%m-%d}",
                )
            )  # fmt: skip
    return out


def accounts_alerts(kp: pd.DataFrame, facts: PeriodFacts, t: AlertThresholds) -> list[dict]:
    """Practice 14: owned accounts past their tier's contact interval at the period's end."""
    out = []
    for row in kp.itertuples(index=False):
        n = row.accounts_overdue_contact
        if _ok(n) and n >= t.accounts_overdue_min:
            severity = "high" if n >= t.accounts_overdue_high else "medium"
            out.append(
                _alert(
                    row.rep_id, "accounts_overdue", severity, n, t.accounts_overdue_min,
                    n=n, date=f"{facts.last_day:%Y-%m-%d}", complete=facts.complete,
                )
            )  # fmt: skip
    return out


def sla_alerts(kp: pd.DataFrame, facts: PeriodFacts, t: AlertThresholds) -> list[dict]:
    """Practice 18: complaints of the period answered later than their SLA (or not yet)."""
    out = []
    for row in kp.itertuples(index=False):
        n = row.sla_breaches
        if _ok(n) and n >= t.sla_breaches_min:
            out.append(
                _alert(
                    row.rep_id, "sla_breach", "high", n, t.sla_breaches_min,
                    n=n, period=facts.label,
                )
            )  # fmt: skip
    return out


def compliance_alerts(
    items: pd.DataFrame, facts: PeriodFacts, t: AlertThresholds, reps: list[str]
) -> list[dict]:
    """Practice 13: items overdue (or certifications expired), and items due soon.

    As of the period's last day with data: an item is overdue when its due
    date has come and it was not completed by then (as the KPI
    ``compliance_overdue`` counts), or when it expired and no later completion
    of the same item exists; due soon when due or expiring within
    ``compliance_due_soon_days`` days.
    """
    as_of = facts.as_of
    soon = as_of + pd.Timedelta(days=t.compliance_due_soon_days)
    c = items[items["rep_id"].isin(reps)].copy()
    done = c["completed_on"].notna() & (c["completed_on"] <= as_of)
    # only the latest completion of an item can expire
    c["_order"] = c["completed_on"].where(done)
    latest = c.sort_values("_order", na_position="first").groupby(["rep_id", "item"]).tail(1)
    latest = c.index.isin(latest.index)
    overdue = ~done & (c["due_date"] <= as_of)
    expired = done & latest & c["expires_on"].notna() & (c["expires_on"] <= as_of)
    due_soon = ~done & (c["due_date"] > as_of) & (c["due_date"] <= soon)
    expiring = done & latest & (c["expires_on"] > as_of) & (c["expires_on"] <= soon)
    c["_en"], c["_zh"] = "", ""
    date = {
        "due": c["due_date"].dt.strftime("%Y-%m-%d"),
        "exp": c["expires_on"].dt.strftime("%Y-%m-%d"),
    }
    for mask, en, zh, col in (
        (overdue, "{item} (due {d})", "{item}（{d}截止）", "due"),
        (expired, "{item} (expired {d})", "{item}（已于{d}过期）", "exp"),
        (due_soon, "{item} (due {d})", "{item}（{d}截止）", "due"),
        (expiring, "{item} (expires {d})", "{item}（{d}过期）", "exp"),
    ):
        for i in c.index[mask]:
            c.at[i, "_en"] = en.format(item=c.at[i, "item"], d=date[col][i])
            c.at[i, "_zh"] = zh.format(item=c.at[i, "item"], d=date[col][i])
    out = []
    for kind, mask, severity, threshold in (
        ("compliance_overdue", overdue | expired, "high", 0),
        ("compliance_due_soon", due_soon | expiring, "low", t.compliance_due_soon_days),
    ):
        for rep_id, group in c[mask].sort_values("due_date").groupby("rep_id", sort=True):
            n = len(group)
            out.append(
                _alert(
                    rep_id, kind, severity, n, threshold,
                    n=n, days=t.compliance_due_soon_days, as_of=f"{as_of:%Y-%m-%d}",
                    items_en=_listed(group["_en"].tolist(), ", ", lambda k: f" and {k - 3} more"),
                    items_zh=_listed(group["_zh"].tolist(), "、", lambda k: f"等{k}项"),
                )
            )  # fmt: skip
    return out


def _listed(items: list[str], sep: str, tail) -> str:
    """The first three items, then ``tail(count)`` when there are more."""
    return sep.join(items[:3]) + (tail(len(items)) if len(items) > 3 else "")


def wellbeing_alerts(pulse: pd.DataFrame, t: AlertThresholds) -> list[dict]:
    """Practice 10: high stress or falling engagement, routed to a supportive 1:1.

    ``pulse`` has one row per rep: ``stress`` and ``engagement`` (3-month
    means up to the period's end) and ``engagement_before`` (the 3 months before).
    """
    out = []
    for row in pulse.itertuples(index=False):
        stress = row.stress if _ok(row.stress) and row.stress >= t.stress_high else None
        drop = (
            row.engagement_before - row.engagement
            if _ok(row.engagement) and _ok(row.engagement_before)
            else None
        )
        falling = drop is not None and drop >= t.engagement_drop
        if stress is None and not falling:
            continue
        value, threshold = (
            (stress, t.stress_high) if stress is not None else (drop, t.engagement_drop)
        )
        out.append(
            _alert(
                row.rep_id, "wellbeing", "medium", value, threshold,
                stress=stress,
                engagement_now=row.engagement if falling else None,
                engagement_before=row.engagement_before if falling else None,
            )
        )  # fmt: skip
    return out


def decline_alerts(flags: pd.DataFrame, h: float) -> list[dict]:
    """Practice 7: a persistent decline flagged (one row per rep, its latest flag)."""
    out = []
    for row in flags.itertuples(index=False):
        out.append(
            _alert(
                row.rep_id, "decline", "high", row.score, h,
                period=row.period, evidence_en=row.evidence_en, evidence_zh=row.evidence_zh,
            )
        )  # fmt: skip
    return out
