"""KPIs: the vocabulary of the playbook, evaluated by Ibis on DuckDB.

>>> from fieldsales import open_workspace
>>> from fieldsales.kpis import compute, catalogue                 # doctest: +SKIP
>>> compute(open_workspace("ws"), ["revenue_won", "win_rate"], period="2026-Q3")  # doctest: +SKIP
"""

from . import _activity, _people, _sales, _service  # noqa: F401  (they register the KPIs)
from ._breakdown import DIMENSIONS, revenue_breakdown
from ._compute import compute, data_end
from ._periods import GRAINS, Buckets, buckets_for, latest_buckets, parse_period
from ._registry import KPI, REGISTRY, catalogue, get, public_ids
from ._scorecard import scorecard

__all__ = [
    "compute",
    "scorecard",
    "revenue_breakdown",
    "DIMENSIONS",
    "data_end",
    "catalogue",
    "get",
    "public_ids",
    "KPI",
    "REGISTRY",
    "GRAINS",
    "Buckets",
    "buckets_for",
    "latest_buckets",
    "parse_period",
]
