"""Every tunable number of the signals in one place: decline method and alert thresholds.

Both are frozen dataclasses: pass ``DeclineParams(h=6.0)`` or
``AlertThresholds(one_on_one_days=10)`` to change one value and keep the
other defaults. ``docs/signals.md`` explains each default and what it was
measured against.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["DeclineParams", "AlertThresholds", "SERIES"]

#: Series the decline detector reads, with how each is put on a log scale:
#: ``count`` (per month worked, log(x + 1)), ``ratio`` (log(x + 0.1)) and
#: ``currency`` (in units of the panel's median month, log(x + 0.1)).
SERIES = {
    "activities_total": "count",
    "deals_created": "count",
    "quota_attainment": "ratio",
    "revenue_won": "currency",
}


@dataclass(frozen=True)
class DeclineParams:
    """Parameters of the persistent-decline detector (a one-sided CUSUM, see ``_decline``).

    Parameters
    ----------
    weights : weight of each series in the monthly score. ``revenue_won`` is
        used only when the panel has no ``quota_attainment`` (no quotas loaded),
        and then with the attainment weight.
    k : reference value: each month adds ``-z - k`` to the score, so months
        less than ``k`` standard deviations below the usual level let it decay.
    h : decision threshold of the score.
    min_run : at least this many months of the current run (months since the
        score was last 0) must be below the usual level: a one-month dip, or
        two dips apart, are never flagged.
    baseline_months : the usual level is the median of up to this many
        eligible months before the current run.
    min_baseline : months of history needed before a month is tested.
    z_cap : each series' monthly z-score is clipped to +-z_cap, so a single
        extreme month counts no more than ``z_cap``.
    ramp_months : months after the hire month that are neither tested nor
        used as the usual level (new reps ramp for 3-5 months).
    min_exposure : a month counts only if the rep worked (and the data cover)
        at least this share of it.
    min_peers : months with at least this many eligible reps are measured
        against the peers' median (removes seasonality and company-wide swings);
        with fewer reps, raw values are used.
    scales : robust standard deviation of each series' month-to-month
        deviation from the rep's own level; ``None`` = measured on the panel
        (median absolute deviation), falling back to ``default_scales`` when
        the panel has fewer than ``min_scale_rows`` eligible rep-months.
    """

    weights: dict[str, float] = field(
        default_factory=lambda: {
            "activities_total": 1.0,
            "deals_created": 1.0,
            "quota_attainment": 0.5,
        }
    )
    k: float = 0.75
    h: float = 3.0
    min_run: int = 3
    baseline_months: int = 12
    min_baseline: int = 3
    z_cap: float = 3.0
    ramp_months: int = 4
    min_exposure: float = 0.5
    min_peers: int = 5
    scales: dict[str, float] | None = None
    default_scales: dict[str, float] = field(
        default_factory=lambda: {
            "activities_total": 0.25,
            "deals_created": 0.38,
            "quota_attainment": 0.72,
            "revenue_won": 0.9,
        }
    )
    min_scale_rows: int = 30

    def __post_init__(self):
        from ..exceptions import ConfigError

        unknown = sorted(set(self.weights) - set(SERIES))
        if unknown:
            raise ConfigError(
                f"DeclineParams.weights names unknown series {unknown}; use {sorted(SERIES)}"
            )
        if not any(w > 0 for w in self.weights.values()):
            raise ConfigError("DeclineParams.weights needs at least one positive weight")
        for name in ("k", "h", "z_cap", "min_exposure"):
            if getattr(self, name) < 0:
                raise ConfigError(f"DeclineParams.{name} must be >= 0, got {getattr(self, name)}")
        for name in ("min_run", "baseline_months", "min_baseline"):
            if getattr(self, name) < 1:
                raise ConfigError(f"DeclineParams.{name} must be >= 1, got {getattr(self, name)}")


@dataclass(frozen=True)
class AlertThresholds:
    """When each alert rule fires (defaults justified in ``docs/signals.md``).

    Parameters
    ----------
    pace_ratio : revenue won so far / (target x share of the period elapsed)
        below this is a pace alert (practice 1).
    pace_high : below this the pace alert is of high severity.
    pace_min_elapsed : no pace check before this share of the period has
        elapsed (a few days say nothing about a month).
    one_on_one_days : more days than this since the last 1:1 is overdue
        (practice 2: weekly 1:1s recommended; 14 days = one missed week plus
        slack); high severity beyond ``one_on_one_high_days``.
    accounts_overdue_min : alert from this many accounts past their tier's
        contact interval (practice 14); high severity from ``accounts_overdue_high``.
    sla_breaches_min : alert from this many complaints answered later than
        their SLA (practice 18).
    compliance_due_soon_days : items due, or certifications expiring, within
        this many days are "due soon" (practice 13).
    stress_high : a 3-month mean pulse stress (1-5) at or above this is a
        wellbeing flag (practice 10).
    engagement_drop : a fall of the 3-month mean pulse engagement by at least
        this many points against the 3 months before is a wellbeing flag.
    decline_hold_months : a decline flag stays listed for this many months
        (the months of a longer period always count).
    decline_history_months : months of history read for decline detection.
    """

    pace_ratio: float = 0.8
    pace_high: float = 0.5
    pace_min_elapsed: float = 0.25
    one_on_one_days: int = 14
    one_on_one_high_days: int = 30
    accounts_overdue_min: int = 1
    accounts_overdue_high: int = 5
    sla_breaches_min: int = 1
    compliance_due_soon_days: int = 30
    stress_high: float = 4.0
    engagement_drop: float = 1.0
    decline_hold_months: int = 3
    decline_history_months: int = 24
