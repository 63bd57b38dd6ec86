"""The registry of canonical tables and the cross-table rules declared on them."""

from __future__ import annotations

from functools import cache

import pandera.pandas as pa

from ..exceptions import UnknownTableError
from ._people import Compliance, OneOnOnes, PulseSurveys, Reps, Trainings
from ._sales import Accounts, Activities, Deals, Quotas
from ._service import Complaints, CustomerFeedback

__all__ = [
    "TABLES",
    "table_names",
    "columns",
    "model_for",
    "schema_for",
    "references",
    "FUTURE_CHECKED",
    "EMPLOYMENT_CHECKED",
]

#: Canonical table name -> pandera model, in documentation order.
TABLES: dict[str, type[pa.DataFrameModel]] = {
    "reps": Reps,
    "accounts": Accounts,
    "deals": Deals,
    "activities": Activities,
    "quotas": Quotas,
    "one_on_ones": OneOnOnes,
    "trainings": Trainings,
    "customer_feedback": CustomerFeedback,
    "pulse_surveys": PulseSurveys,
    "complaints": Complaints,
    "compliance": Compliance,
}

#: Event columns that must not lie after "today". A ``(column, values)`` pair
#: limits the rule to rows where ``column`` is in ``values``: the close date of
#: an open deal is an expected date and may well be in the future.
FUTURE_CHECKED: dict[str, dict[str, tuple[str, tuple[str, ...]] | None]] = {
    "reps": {"hire_date": None, "exit_date": None},
    "deals": {"created_date": None, "close_date": ("status", ("won", "lost"))},
    "activities": {"started_at": None},
    "one_on_ones": {"date": None},
    "trainings": {"completed_on": None},
    "customer_feedback": {"date": None},
    "pulse_surveys": {"date": None},
    "complaints": {"opened_at": None, "first_response_at": None, "resolved_at": None},
    "compliance": {"completed_on": None},
}

#: Event columns (keyed by the table's ``rep_id``) that must lie within the
#: rep's employment: not before reps.hire_date, not after reps.exit_date.
#: Deals are deliberately absent: CRMs reassign open and old deals to new
#: owners, so a deal created before its current owner was hired is normal.
EMPLOYMENT_CHECKED: dict[str, str] = {
    "activities": "started_at",
    "one_on_ones": "date",
    "trainings": "completed_on",
    "pulse_surveys": "date",
}


def table_names() -> list[str]:
    """Names of the canonical tables, in documentation order."""
    return list(TABLES)


def model_for(table: str) -> type[pa.DataFrameModel]:
    """Return the pandera model of ``table``.

    Raises
    ------
    fieldsales.exceptions.UnknownTableError
        If ``table`` is not a canonical table name.
    """
    try:
        return TABLES[table]
    except (KeyError, TypeError):
        raise UnknownTableError(
            f"unknown table {table!r}; valid tables are: {', '.join(TABLES)}"
        ) from None


@cache
def schema_for(table: str) -> pa.DataFrameSchema:
    """Return the (cached) pandera schema of ``table``."""
    return model_for(table).to_schema()


def columns(table: str) -> list[str]:
    """Canonical column order of ``table``: required and optional columns.

    Examples
    --------
    >>> columns("quotas")
    ['rep_id', 'period', 'metric', 'target']
    """
    return list(schema_for(table).columns)


def references(table: str) -> dict[str, tuple[str, str]]:
    """Map each referencing column of ``table`` to ``(table, column)`` it points to."""
    out = {}
    for name, col in schema_for(table).columns.items():
        target = (col.metadata or {}).get("references")
        if target:
            ref_table, ref_column = target.split(".")
            out[name] = (ref_table, ref_column)
    return out
