"""Hand-offs between sales and other departments (practice 19): what the data can time.

The canonical tables time three hand-offs:

- **complaint → first response** (customer service): ``complaints.opened_at`` to
  ``first_response_at``, in hours, against the SLA of the complaint's severity
  (:data:`fieldsales.config.SLA_HOURS`);
- **complaint → resolved** (service, with delivery or product): ``opened_at``
  to ``resolved_at``, in days;
- **won deal → first customer feedback** (the after-sale survey): a won deal's
  ``close_date`` to the first ``customer_feedback.date`` of the same account on
  or after it, in days; "within target" means within :data:`FEEDBACK_DAYS`.

Others a manager would want are not in the data, and are listed as such
(:data:`NOT_IN_DATA`) rather than estimated: above all won deal → onboarding
start, for which there is no onboarding table.

>>> from fieldsales.handoffs import handoff_events, handoff_summary
>>> events = handoff_events(ws)                                   # doctest: +SKIP
>>> handoff_summary(events["complaint_response"])                 # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .config import SLA_HOURS
from .exceptions import FieldsalesError
from .workspace import Workspace

__all__ = [
    "HandOff",
    "HANDOFFS",
    "NOT_IN_DATA",
    "FEEDBACK_DAYS",
    "WINDOW_MONTHS",
    "NO_REP",
    "handoff_events",
    "handoff_summary",
    "complaint_response",
    "complaint_resolution",
    "won_to_feedback",
]

#: Days after a won deal within which the customer's first feedback counts as on time.
FEEDBACK_DAYS = 90
#: Months of hand-offs looked at, up to the end of the data.
WINDOW_MONTHS = 12
#: The team of a hand-off whose complaint or deal names no rep.
NO_REP = "(no rep)"
_HOUR = pd.Timedelta(hours=1)
_DAY = pd.Timedelta(days=1)


@dataclass(frozen=True)
class HandOff:
    """A hand-off the data can time: from which department to which, in which unit."""

    key: str
    title: str
    between: str
    unit: str  # "hours" or "days"
    target: str  # what "within target" means, or "" when there is no target
    missing: str  # what a hand-off without a time is
    tables: tuple[str, ...]


HANDOFFS = (
    HandOff("complaint_response", "Complaint → first response", "sales' customers → service",
            "hours", "answered within the SLA of its severity", "not answered yet",
            ("complaints",)),
    HandOff("complaint_resolution", "Complaint → resolved", "service, with delivery or product",
            "days", "", "not resolved yet", ("complaints",)),
    HandOff("won_to_feedback", "Won deal → first customer feedback",
            "sales → customer care, the after-sale survey", "days",
            f"customer heard from within {FEEDBACK_DAYS} days",
            f"no feedback within {FEEDBACK_DAYS} days", ("deals", "customer_feedback")),
)  # fmt: skip

#: Hand-offs the canonical data cannot time: (hand-off, department, what is missing).
NOT_IN_DATA = (
    ("Won deal → onboarding start", "onboarding or delivery",
     "no onboarding data: fieldsales has no table of onboarding or delivery projects. Until it "
     "has, keep an onboarding start date per won deal in the CRM and check it by hand."),
    ("Marketing lead → first sales contact", "marketing",
     "no lead data: deals carry neither a lead source nor the day marketing passed the lead on."),
    ("Won deal → first invoice", "finance", "no invoices or payments in the data."),
    ("Customer feedback → product change", "product", "no product tickets in the data."),
    ("Joint meetings with other departments", "any",
     "activities do not record who else took part, so joint meetings cannot be counted."),
)  # fmt: skip


def _teams(ws: Workspace) -> pd.Series:
    reps = ws.frame("reps", columns=["rep_id", "team"])
    return reps.set_index(reps["rep_id"].astype(str))["team"].astype(str)


def _team_of(rep_ids: pd.Series, teams: pd.Series) -> pd.Series:
    return rep_ids.astype("object").map(teams).fillna(NO_REP).astype(str)


def complaint_response(
    complaints: pd.DataFrame, teams: pd.Series, start: pd.Timestamp, end: pd.Timestamp
) -> pd.DataFrame:
    """Complaints opened in ``[start, end]``: hours to first response, within the SLA or not.

    Returns
    -------
    ``team``, ``severity``, ``value`` (hours; NaN while unanswered) and
    ``within`` (True, False, or NaN when unanswered and the SLA has not passed
    by the end of ``end``'s day).
    """
    c = complaints[(complaints["opened_at"] >= start) & (complaints["opened_at"] < end + _DAY)]
    hours = (c["first_response_at"] - c["opened_at"]) / _HOUR
    sla = c["severity"].map(SLA_HOURS).astype(float).fillna(24.0)
    waited = (end + _DAY - c["opened_at"]) / _HOUR
    within = np.where(hours.notna(), hours <= sla, np.where(waited > sla, False, np.nan))
    return pd.DataFrame({"team": _team_of(c["rep_id"], teams), "severity": c["severity"],
                         "value": hours, "within": within}).reset_index(drop=True)  # fmt: skip


def complaint_resolution(
    complaints: pd.DataFrame, teams: pd.Series, start: pd.Timestamp, end: pd.Timestamp
) -> pd.DataFrame:
    """Complaints opened in ``[start, end]``: days to resolution (NaN while open)."""
    c = complaints[(complaints["opened_at"] >= start) & (complaints["opened_at"] < end + _DAY)]
    days = (c["resolved_at"] - c["opened_at"]) / _DAY
    return pd.DataFrame({"team": _team_of(c["rep_id"], teams), "severity": c["severity"],
                         "value": days, "within": np.nan}).reset_index(drop=True)  # fmt: skip


def won_to_feedback(
    deals: pd.DataFrame,
    feedback: pd.DataFrame,
    teams: pd.Series,
    start: pd.Timestamp,
    end: pd.Timestamp,
) -> pd.DataFrame:
    """Deals won in ``[start, end - FEEDBACK_DAYS]``: days to the account's next feedback.

    Only deals closed at least :data:`FEEDBACK_DAYS` before the end of the data
    count, so every deal had the full time to be followed up. ``value`` is NaN
    when the account gave no feedback within that time; ``within`` says
    whether it did.
    """
    last = end - pd.Timedelta(days=FEEDBACK_DAYS)
    won = deals[(deals["status"] == "won") & deals["account_id"].notna()]
    won = won[(won["close_date"] >= start) & (won["close_date"] <= last)]
    won = won[["rep_id", "account_id", "close_date"]].copy()
    won["account_id"] = won["account_id"].astype(str)
    won = won.sort_values("close_date", kind="stable").reset_index(drop=True)
    answers = feedback[["account_id", "date"]].dropna().copy()
    answers["account_id"] = answers["account_id"].astype(str)
    answers = answers.sort_values("date", kind="stable")
    answers["answered"] = answers["date"]
    joined = pd.merge_asof(won, answers[["account_id", "date", "answered"]],
                           left_on="close_date", right_on="date", by="account_id",
                           direction="forward")  # fmt: skip
    days = (joined["answered"] - joined["close_date"]) / _DAY
    within = days.notna() & (days <= FEEDBACK_DAYS)
    return pd.DataFrame({"team": _team_of(joined["rep_id"], teams), "severity": None,
                         "value": days.where(within), "within": within.astype(float)})  # fmt: skip


def handoff_events(
    ws: Workspace, end: pd.Timestamp | None = None, months: int = WINDOW_MONTHS
) -> dict[str, pd.DataFrame]:
    """The timed hand-offs of the ``months`` months up to ``end`` (default: the data's end).

    Returns a dict keyed by :attr:`HandOff.key`; a hand-off whose tables the
    workspace lacks is left out. ``result[...].attrs`` holds ``start`` and ``end``
    (and, for ``won_to_feedback``, ``last``: the last close day counted, and a ``note``).
    """
    if end is None:
        from .kpis import data_end

        try:
            end = data_end(ws)
        except FieldsalesError:
            return {}
    end = pd.Timestamp(end).normalize()
    start = end - pd.DateOffset(months=months) + _DAY
    teams = _teams(ws)
    out: dict[str, pd.DataFrame] = {}
    if ws.has("complaints"):
        complaints = ws.frame("complaints", columns=["rep_id", "opened_at", "first_response_at",
                                                     "resolved_at", "severity"])  # fmt: skip
        out["complaint_response"] = complaint_response(complaints, teams, start, end)
        out["complaint_resolution"] = complaint_resolution(complaints, teams, start, end)
    if ws.has("deals") and ws.has("customer_feedback"):
        columns = ["rep_id", "account_id", "status", "close_date"]
        won = [("status", "==", "won")]
        deals = pd.read_parquet(ws.file("deals"), filters=won, columns=columns)
        feedback = ws.frame("customer_feedback", columns=["account_id", "date"])
        out["won_to_feedback"] = won_to_feedback(deals, feedback, teams, start, end)
    for frame in out.values():
        frame.attrs.update(start=start, end=end)
    if "won_to_feedback" in out:
        last = end - pd.Timedelta(days=FEEDBACK_DAYS)
        out["won_to_feedback"].attrs.update(
            last=last,
            note=f"Deals won after {last:%d %b %Y} are left out: their {FEEDBACK_DAYS} days "
            "are not over yet.",
        )
    return out


def handoff_summary(events: pd.DataFrame) -> pd.DataFrame:
    """Per team (and ``All teams`` first): how many, the spread of times, the share on time.

    Returns
    -------
    ``team``, ``n`` (hand-offs), ``timed`` (with a time), ``p10``, ``p25``,
    ``median``, ``p75``, ``p90`` (of the times), ``within`` (share within
    target among those judged; NaN when there is no target), ``pending``
    (not answered or resolved yet).
    """
    rows = []
    for team, part in [("All teams", events), *sorted(events.groupby("team"))]:
        values = part["value"].dropna().to_numpy(float)
        judged = part["within"].dropna().astype(float)
        q = np.quantile(values, [0.1, 0.25, 0.5, 0.75, 0.9]) if values.size else [np.nan] * 5
        rows.append({"team": team, "n": len(part), "timed": int(values.size),
                     "p10": q[0], "p25": q[1], "median": q[2], "p75": q[3], "p90": q[4],
                     "within": judged.mean() if len(judged) else np.nan,
                     "pending": int(part["value"].isna().sum())})  # fmt: skip
    return pd.DataFrame(rows)
