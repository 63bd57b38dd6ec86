"""Equity analysis (practice 20): team composition, target and attrition gaps by group.

>>> from fieldsales.equity import load_equity
>>> data = load_equity(ws)                                        # doctest: +SKIP
>>> data.composition("gender")                                    # doctest: +SKIP
>>> data.target_gap("gender")                                     # doctest: +SKIP
>>> data.attrition_gap("age_band")                                # doctest: +SKIP

Groups come from the optional ``reps.gender`` and ``reps.age_band`` columns,
used for this analysis only. Gaps control for tenure (and territory or region
for targets) and carry a 95% bootstrap interval; a group with fewer than
:data:`MIN_GROUP_REPS` reps is "too small to judge" and gets no number. Pay is
not in the canonical data. See ``docs/checklists.md``.
"""

from ._analysis import REPS_PER_PLACE, EquityData, choose_place, load_equity
from ._charts import composition_chart, gap_chart
from ._data import (
    ATTRITION_YEARS,
    GROUP_COLUMNS,
    MIN_CELL_REPS,
    MIN_GROUP_REPS,
    NOT_GIVEN,
    SMALL_GROUPS,
    TARGET_MONTHS,
    TENURE_BANDS,
    composition,
    group_columns_in,
    group_of,
    sales_reps,
    targets_per_fte,
    tenure_band,
)
from ._gaps import (
    BOOTSTRAP,
    TOO_SMALL,
    attrition_gap,
    exposure_by_band,
    standardized_rates,
    target_gap,
)

__all__ = [
    "load_equity",
    "EquityData",
    "choose_place",
    "composition",
    "targets_per_fte",
    "target_gap",
    "attrition_gap",
    "exposure_by_band",
    "standardized_rates",
    "composition_chart",
    "gap_chart",
    "sales_reps",
    "group_columns_in",
    "group_of",
    "tenure_band",
    "GROUP_COLUMNS",
    "NOT_GIVEN",
    "MIN_GROUP_REPS",
    "MIN_CELL_REPS",
    "SMALL_GROUPS",
    "TENURE_BANDS",
    "TARGET_MONTHS",
    "ATTRITION_YEARS",
    "REPS_PER_PLACE",
    "BOOTSTRAP",
    "TOO_SMALL",
]
