"""What a goal can be set on: the four metrics of the quotas table, each tied to a KPI."""

from __future__ import annotations

from dataclasses import dataclass

from ..exceptions import ConfigError

__all__ = ["GoalMetric", "METRICS", "goal_metric"]


@dataclass(frozen=True)
class GoalMetric:
    """A target metric: its ``quotas.metric`` name, the KPI that counts it, and how to show it."""

    id: str  # quotas.metric: revenue, new_customers, deals_won, visits
    kpi: str  # the registered KPI that measures it
    name: str  # how a manager reads it
    unit: str  # currency or count
    decimals: int  # smallest unit of a target: 2 (cents) or 0 (whole counts)

    @property
    def noun(self) -> str:
        """Lower-case name for sentences: ``revenue won``."""
        return self.name[0].lower() + self.name[1:]


#: The metrics the quotas table knows, in the order the app offers them.
METRICS: dict[str, GoalMetric] = {
    m.id: m
    for m in (
        GoalMetric("revenue", "revenue_won", "Revenue won", "currency", 2),
        GoalMetric("new_customers", "new_customers", "New customers", "count", 0),
        GoalMetric("deals_won", "deals_won", "Deals won", "count", 0),
        GoalMetric("visits", "customer_visits", "Customer visits", "count", 0),
    )
}


def goal_metric(metric: str | GoalMetric) -> GoalMetric:
    """The :class:`GoalMetric` called ``metric`` (a ``quotas.metric`` name)."""
    if isinstance(metric, GoalMetric):
        return metric
    try:
        return METRICS[metric]
    except KeyError:
        raise ConfigError(
            f"no goal metric {metric!r}; use one of: {', '.join(METRICS)} "
            "(the metrics of the quotas table)"
        ) from None
