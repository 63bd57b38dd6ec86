"""Building blocks shared by the canonical table models.

Every table is a pandera ``DataFrameModel`` deriving from :class:`CanonicalTable`
(strict columns, coercion on). Columns are declared with :func:`field`, which
forces a description and the ``unit`` / ``references`` / ``key`` metadata that
the validator and the documentation generator read. This module also turns
pandera checks into the plain-English rules shown in error messages and in
``docs/data-model.md``, so both always say the same thing.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pandera.pandas as pa

__all__ = [
    "CanonicalTable",
    "field",
    "date_only",
    "table_check",
    "check_uses",
    "column_kind",
    "describe_check",
]

DATE_ONLY = "date_only"


class CanonicalTable(pa.DataFrameModel):
    """Base of every canonical table: unknown columns rejected, values coerced."""

    class Config:
        strict = True
        coerce = True


def field(
    description: str,
    *,
    unit: str | None = None,
    references: str | None = None,
    key: bool = False,
    title: str | None = None,
    **checks: Any,
) -> Any:
    """Declare a canonical column.

    Parameters
    ----------
    description
        What the value means, in one sentence (shown in docs and errors).
    unit
        Unit of measure (``"minutes"``, ``"currency"``...), or None.
    references
        ``"table.column"`` this column points to, or None.
    key
        True when the column is (part of) the table's key.
    title
        Optional short human label.
    **checks
        Passed to :func:`pandera.Field` (``nullable=``, ``isin=``, ``ge=``...).

    Returns
    -------
    pandera.api.dataframe.model_components.FieldInfo
    """
    metadata = {"unit": unit, "references": references, "key": key}
    return pa.Field(description=description, title=title, metadata=metadata, **checks)


def date_only(*columns: str) -> classmethod:
    """Column check: dates must be at midnight (no time of day).

    Use inside a model body: ``_dates = date_only("hire_date", "exit_date")``.
    """

    def _is_midnight(cls: type, series: pd.Series) -> pd.Series:
        return series.isna() | (series == series.dt.normalize())

    return pa.check(
        *columns,
        name=DATE_ONLY,
        error="must be a date without a time of day",
        description="this column holds calendar dates; drop the time part (e.g. 2024-03-01)",
    )(_is_midnight)


def table_check(column: str, *, uses: tuple[str, ...], error: str, description: str) -> Any:
    """Decorator for a rule that compares columns of one row, reported on ``column``.

    ``uses`` names every column the rule reads. The validator does not report
    the rule on a row where one of those cells could not be coerced (that cell
    is reported once, as not a date or not a number); the rule itself must
    pass when a cell it compares is empty, so that an empty or unparseable
    date gives one failure, not two.
    """
    return pa.dataframe_check(
        name=column, error=error, description=description, statistics={"uses": tuple(uses)}
    )


def check_uses(check: pa.Check) -> tuple[str, ...]:
    """Columns a table-level check reads (declared by :func:`table_check`), else its name."""
    uses = (check.statistics or {}).get("uses")
    return tuple(uses) if uses else (check.name,)


def column_kind(column: pa.Column) -> str:
    """Return ``"date"``, ``"timestamp"``, ``"number"`` or ``"string"`` for a column."""
    dtype = str(column.dtype)
    if dtype.startswith("datetime64"):
        is_date = any(check.name == DATE_ONLY for check in column.checks)
        return "date" if is_date else "timestamp"
    if dtype.startswith(("float", "int")):
        return "number"
    return "string"


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def describe_check(check: pa.Check) -> tuple[str, str]:
    """Return ``(rule, hint)`` in plain English for a pandera check.

    Custom checks carry their own text (``error=`` is the rule,
    ``description=`` the hint); built-in checks are phrased here.
    """
    stats = check.statistics or {}
    name = check.name
    if name == "isin":
        allowed = ", ".join(_fmt(v) for v in stats["allowed_values"])
        hint = "use one of the allowed values (map CRM values in the ingest preset)"
        return f"must be one of {allowed}", hint
    comparisons = {
        "greater_than_or_equal_to": "must be at least {min_value}",
        "greater_than": "must be greater than {min_value}",
        "less_than_or_equal_to": "must be at most {max_value}",
        "less_than": "must be less than {max_value}",
        "in_range": "must be between {min_value} and {max_value}",
    }
    if name in comparisons:
        text = comparisons[name].format(**{k: _fmt(v) for k, v in stats.items()})
        return text, "correct the value or leave the row out"
    if name == "str_contains":
        return (
            f"must contain {stats['pattern']!r}",
            "enter a complete value or leave the cell empty",
        )
    if check.error:
        return check.error, check.description or ""
    return f"must pass check {name}", check.description or ""
