"""All alerts of one period in one call: for the CLI, notebooks and apps."""

from __future__ import annotations

import pandas as pd

from ..exceptions import ConfigError
from ..kpis import Buckets, buckets_for, compute, data_end, get, parse_period
from ..workspace import Workspace
from ._decline import detect_declines
from ._panel import monthly_panel
from ._rules import (
    PeriodFacts,
    accounts_alerts,
    compliance_alerts,
    decline_alerts,
    one_on_one_alerts,
    pace_alerts,
    sla_alerts,
    wellbeing_alerts,
)
from ._settings import AlertThresholds, DeclineParams

__all__ = ["alerts", "resolve_period", "ALERT_COLUMNS", "SEVERITIES"]

ALERT_COLUMNS = [
    "rep_id",
    "rep_name",
    "period",
    "kind",
    "severity",
    "practice",
    "message_en",
    "message_zh",
    "action_en",
    "action_zh",
    "value",
    "threshold",
]
SEVERITIES = ("high", "medium", "low")
_FORMS = "a month (2026-10), quarter (2026-Q3), year (2026) or ISO week (2026-W41)"
_PERIOD_KPIS = [
    "revenue_won",
    "revenue_target",
    "days_since_one_on_one",
    "accounts_overdue_contact",
    "sla_breaches",
]


def resolve_period(ws: Workspace, period: str | None = None) -> PeriodFacts:
    """The period alerts are for: one month, quarter, year or ISO week; default the latest month.

    Raises :class:`ConfigError` for a text that is not one such period, and for
    a period that starts after the workspace's data end.
    """
    end = data_end(ws).normalize()
    if period is None:
        text, grain = f"{end:%Y-%m}", "month"
    else:
        text = str(period).strip()
        if ".." in text:
            raise ConfigError(f"alerts are for one period, got the range {text!r}; give {_FORMS}")
        parse_period(text)  # a clear error for text that is no period at all
        grain = next(
            (g for g in ("month", "quarter", "year", "week") if _one_bucket(text, g)), None
        )
        if grain is None:
            raise ConfigError(f"period {text!r} is not one whole period; give {_FORMS}")
    buckets = buckets_for(text, grain)
    start, stop = buckets.start, buckets.end
    label = Buckets(grain, buckets.starts).labels[0]
    if start > end:
        raise ConfigError(
            f"period {label} starts after the data end on {end:%Y-%m-%d}; the latest period "
            f"with data is {end:%Y-%m} (or leave out --period)"
        )
    as_of = min(stop - pd.Timedelta(days=1), end)
    return PeriodFacts(label, grain, start, stop, as_of)


def _one_bucket(text: str, grain: str) -> bool:
    try:
        return len(buckets_for(text, grain).starts) == 1
    except ConfigError:
        return False


def alerts(
    ws: Workspace,
    period: str | None = None,
    *,
    thresholds: AlertThresholds | None = None,
    decline: DeclineParams | None = None,
) -> pd.DataFrame:
    """Every alert for the reps employed at the end of ``period``.

    Parameters
    ----------
    ws : the workspace.
    period : one month, quarter, year or ISO week (``2026-10``, ``2026-Q3``,
        ``2026``, ``2026-W41``); default the month the data end in. In a period
        still under way, figures are counted up to the data's end.
    thresholds : when each rule fires; default :class:`AlertThresholds()`.
    decline : parameters of the decline detector; default :class:`DeclineParams()`.

    Returns
    -------
    DataFrame with :data:`ALERT_COLUMNS`, high severity first. ``attrs``:
    ``notes`` (rules skipped and why, the period's coverage), ``period``, ``as_of``.
    """
    t = thresholds or AlertThresholds()
    params = decline or DeclineParams()
    if not ws.has("reps"):
        raise ConfigError(f"workspace {ws.path} has no reps table; load reps first")
    facts = resolve_period(ws, period)
    notes: list[str] = []
    reps = ws.frame("reps")
    reps = reps[reps["role"] != "manager"]
    here = reps[
        (reps["hire_date"] <= facts.as_of)
        & (reps["exit_date"].isna() | (reps["exit_date"] >= facts.as_of))
    ]
    if here.empty:
        raise ConfigError(
            f"no reps were employed on {facts.as_of:%Y-%m-%d} (the end of {facts.label} with "
            f"data) in workspace {ws.path}; choose a period the data cover"
        )
    ids = set(here["rep_id"].astype("str"))
    if not facts.complete:
        notes.append(
            f"{facts.label} is under way: the data end on {facts.as_of:%Y-%m-%d} "
            f"({facts.elapsed:.0%} of the period); figures are counted up to then"
        )
    rows: list[dict] = []
    rows += _period_rules(ws, facts, t, ids, here, notes)
    rows += _compliance(ws, facts, t, ids, notes)
    rows += _wellbeing(ws, facts, t, ids, notes)
    rows += _declines(ws, facts, t, params, ids, notes)
    out = pd.DataFrame(rows, columns=[c for c in ALERT_COLUMNS if c not in ("rep_name", "period")])
    names = here.set_index("rep_id")["name"]
    out.insert(1, "rep_name", out["rep_id"].map(names).astype("str"))
    out.insert(2, "period", facts.label)
    out = out.astype({"rep_id": "str", "period": "str", "practice": "int64", "value": "float64",
                      "threshold": "float64"})  # fmt: skip
    rank = out["severity"].map({s: i for i, s in enumerate(SEVERITIES)})
    out = out.assign(_rank=rank).sort_values(["_rank", "practice", "rep_id"], kind="stable")
    out = out.drop(columns="_rank").reset_index(drop=True)[ALERT_COLUMNS]
    out.attrs.update(notes=notes, period=facts.label, as_of=f"{facts.as_of:%Y-%m-%d}")
    return out


def _available(ws: Workspace, kpi_ids: list[str]) -> list[str]:
    return [k for k in kpi_ids if all(ws.has(t) for t in get(k).tables)]


def _period_rules(ws, facts, t, ids, here, notes) -> list[dict]:
    """Rules on the period's KPIs: pace, 1:1, accounts, SLA."""
    chosen = _available(ws, _PERIOD_KPIS)
    if not chosen:
        notes.append("pace, 1:1, account and SLA alerts skipped: no table they need")
        return []
    kp = compute(ws, chosen, grain=facts.grain, period=facts.label)
    kp = kp[kp["rep_id"].isin(ids)]
    rows = []
    if "revenue_target" in chosen and "revenue_won" in chosen:
        if facts.elapsed < t.pace_min_elapsed:
            notes.append(
                f"pace vs target skipped: only {facts.elapsed:.0%} of {facts.label} has elapsed "
                f"(needs {t.pace_min_elapsed:.0%})"
            )
        else:
            rows += pace_alerts(kp, facts, t)
            without = len(ids) - int((kp["revenue_target"] > 0).sum())
            if without:
                notes.append(
                    f"{without} rep(s) have no revenue target for {facts.label}: no pace check"
                )
    else:
        notes.append(
            "pace vs target skipped: the workspace has no quotas table (or no deals); "
            "load quotas to compare revenue with targets"
        )
    if "days_since_one_on_one" in chosen:
        exits = here.set_index("rep_id")["exit_date"]
        rows += one_on_one_alerts(kp, facts, t, exits)
    else:
        notes.append("overdue 1:1 alerts skipped: the workspace has no one_on_ones table")
    if "accounts_overdue_contact" in chosen:
        rows += accounts_alerts(kp, facts, t)
    else:
        notes.append("account contact alerts skipped: they need the accounts and activities tables")
    if "sla_breaches" in chosen:
        rows += sla_alerts(kp, facts, t)
    else:
        notes.append("SLA alerts skipped: the workspace has no complaints table")
    return rows


def _compliance(ws, facts, t, ids, notes) -> list[dict]:
    if not ws.has("compliance"):
        notes.append("compliance alerts skipped: the workspace has no compliance table")
        return []
    items = ws.frame("compliance")
    return compliance_alerts(items, facts, t, sorted(ids))


def _wellbeing(ws, facts, t, ids, notes) -> list[dict]:
    if not ws.has("pulse_surveys"):
        notes.append("wellbeing alerts skipped: the workspace has no pulse_surveys table")
        return []
    month = pd.Period(facts.as_of, freq="M")
    before = month - 3
    pulse = compute(
        ws, ["pulse_stress", "pulse_engagement"], grain="month", period=f"{before}..{month}"
    )
    pulse = pulse[pulse["rep_id"].isin(ids)]
    now = pulse[pulse["period"] == str(month)].set_index("rep_id")
    then = pulse[pulse["period"] == str(before)].set_index("rep_id")["pulse_engagement"]
    frame = pd.DataFrame(
        {
            "rep_id": now.index,
            "stress": now["pulse_stress"].to_numpy(),
            "engagement": now["pulse_engagement"].to_numpy(),
            "engagement_before": then.reindex(now.index).to_numpy(),
        }
    )
    return wellbeing_alerts(frame, t)


def _declines(ws, facts, t, params, ids, notes) -> list[dict]:
    if not (ws.has("deals") or ws.has("activities")):
        notes.append("decline alerts skipped: the workspace has neither deals nor activities")
        return []
    month = pd.Period(facts.as_of, freq="M")
    panel = monthly_panel(ws, end=str(month), months=t.decline_history_months)
    flags = detect_declines(panel, params)
    first = min(pd.Period(facts.start, freq="M"), month - (t.decline_hold_months - 1))
    window = {str(m) for m in pd.period_range(first, month, freq="M")}
    flags = flags[flags["period"].isin(window) & flags["rep_id"].isin(ids)]
    flags = flags.sort_values("period").groupby("rep_id").tail(1).sort_values("rep_id")
    return decline_alerts(flags, params.h)
