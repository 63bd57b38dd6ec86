"""The KPI registry: what each KPI means and how it is evaluated.

A KPI is evaluated in one of four ways:

* ``event``: a reduction over one table's rows that fall in the bucket
  (e.g. the sum of won amounts by close date). KPIs on the same table and
  date column are batched into one DuckDB query.
* ``ratio``: sums of component KPIs divided, computed after the components,
  so that a team's win rate is its won deals over its closed deals, not an
  average of its reps' rates. A zero denominator gives a missing value.
* ``growth``: change of a KPI against the bucket before.
* ``custom``: a function building an Ibis query, for states at the end of
  a bucket (open pipeline, days since the last 1:1) and other special cases.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from ..exceptions import ConfigError
from ._periods import GRAINS

__all__ = ["KPI", "Event", "Ratio", "REGISTRY", "register", "get", "catalogue", "public_ids"]

UNITS = {"currency", "count", "ratio", "percent", "days", "hours", "score", "fte"}
DIRECTIONS = {"higher", "lower", "neutral"}
ROLLUPS = {"sum", "ratio", "recompute", "mean_of_reps"}


@dataclass(frozen=True)
class Event:
    """A reduction over the rows of ``table`` whose ``time`` falls in the bucket."""

    table: str
    time: str
    agg: Callable  # ibis.Table -> scalar reduction (may use where=)
    rep: str = "rep_id"


@dataclass(frozen=True)
class Ratio:
    """sum(numerators) / sum(denominators) x scale; missing when the denominator is 0."""

    numerators: tuple[str, ...]
    denominators: tuple[str, ...]
    scale: float = 1.0
    # optional per-row factor from the bucket length in days (pipeline coverage)
    per_bucket_days: Callable[[pd.Series], pd.Series] | None = None


@dataclass(frozen=True)
class KPI:
    id: str
    name_en: str
    name_zh: str
    definition: str
    formula: str
    unit: str
    direction: str
    tables: tuple[str, ...]
    practices: tuple[int, ...]
    rollup: str
    event: Event | None = None
    ratio: Ratio | None = None
    growth_of: str | None = None
    custom: Callable | None = None
    fill: float | None = None  # value for an entity with no rows in a bucket
    internal: bool = False  # a component, not listed in the catalogue
    grains: tuple[str, ...] = GRAINS
    depends: tuple[str, ...] = field(default=())

    def __post_init__(self):
        assert self.unit in UNITS, (self.id, self.unit)
        assert self.direction in DIRECTIONS, (self.id, self.direction)
        assert self.rollup in ROLLUPS, (self.id, self.rollup)
        kinds = [self.event, self.ratio, self.growth_of, self.custom]
        assert sum(k is not None for k in kinds) == 1, self.id

    @property
    def additive(self) -> bool:
        """Team and region figures are sums of rep figures."""
        return self.rollup == "sum"

    def components(self) -> tuple[str, ...]:
        if self.ratio:
            return self.ratio.numerators + self.ratio.denominators
        if self.growth_of:
            return (self.growth_of,)
        return self.depends


REGISTRY: dict[str, KPI] = {}


def register(kpi: KPI) -> KPI:
    if kpi.id in REGISTRY:
        raise ValueError(f"KPI {kpi.id!r} registered twice")
    REGISTRY[kpi.id] = kpi
    return kpi


def get(kpi_id: str) -> KPI:
    try:
        return REGISTRY[kpi_id]
    except KeyError:
        raise ConfigError(
            f"unknown KPI {kpi_id!r}; list them with `fieldsales kpis --list` "
            f"(e.g. {', '.join(public_ids()[:5])})"
        ) from None


def public_ids() -> list[str]:
    return [k for k, v in REGISTRY.items() if not v.internal]


def catalogue() -> pd.DataFrame:
    """Every public KPI with its documentation, one row each."""
    rows = []
    for kpi in REGISTRY.values():
        if kpi.internal:
            continue
        rows.append(
            {
                "id": kpi.id,
                "name": kpi.name_en,
                "name_zh": kpi.name_zh,
                "definition": kpi.definition,
                "formula": kpi.formula,
                "unit": kpi.unit,
                "direction": kpi.direction,
                "additive": kpi.additive,
                "grains": ", ".join(kpi.grains),
                "tables": ", ".join(kpi.tables),
                "practices": ", ".join(str(p) for p in kpi.practices),
            }
        )
    return pd.DataFrame(rows)
