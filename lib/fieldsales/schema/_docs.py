"""Generate ``docs/data-model.md`` from the table models.

Regenerate with ``make docs``, i.e.::

    .venv/bin/python -m fieldsales.schema._docs > docs/data-model.md
"""

from __future__ import annotations

import inspect

from ._base import column_kind, describe_check
from ._tables import EMPLOYMENT_CHECKED, FUTURE_CHECKED, TABLES, references, schema_for

__all__ = ["data_model_markdown"]

_HEADER = """\
# Data model

<!-- Generated from lib/fieldsales/schema by
     `PYTHONPATH=lib python -m fieldsales.schema._docs > docs/data-model.md`.
     Do not edit by hand: tests/schema/test_docs.py checks it is current. -->

Every import (CSV, Excel, CRM export) is mapped onto the eleven canonical
tables below, and every table is validated before it is stored. Validation
is lazy: one error lists every failing table, column, row and value, what was
expected and how to fix it.

## Conventions

- **Columns.** Unknown columns are rejected; *required* columns must be
  present; *optional* columns may be absent entirely. *Nullable* means a cell
  may be empty.
- **Strings** are text, kept as written; a cell holding only spaces counts
  as empty. **Numbers** are floating point, so empty cells are possible
  where allowed; write them with `.` as decimal point. `NaN`, `inf` and
  `Infinity` are rejected: a number must be finite.
- **Dates** are calendar days stored as timestamps at midnight
  (`datetime64[ns]`, no time zone); a time of day in a date column is an
  error. Text dates must be ISO 8601 (`2024-03-01`).
- **Timestamps** (`started_at`, complaint times) are *local wall time* without
  time zone: the time the rep or customer saw on the clock. Time-zone-aware
  input is converted by dropping the zone, not by shifting the time
  (`2024-03-01 09:30+01:00` becomes `2024-03-01 09:30`).
- **Row numbers** in error messages are line numbers in the file when the
  table was read from CSV (the header is line 1; a record that spans several
  lines is numbered by its first line), otherwise the DataFrame index label.
- **Cross-table rules** run when tables are validated together: references
  must point to an existing row of the referenced table, which must be given
  too (or already be in the workspace); event dates must not be in the
  future (after today, or after `FIELDSALES_TODAY` when that is set to
  YYYY-MM-DD); and a rep's activities,
  one-to-ones, trainings and pulse answers must fall between the rep's
  hire date and exit day (inclusive). Deals are not checked against the hire
  date: CRMs reassign deals to new owners.
- **Group columns** (`reps.gender`, `reps.age_band`) are for equity analysis
  only and never model inputs.
"""

_COLUMNS = "| column | type | required | nullable | unit | key | references | meaning |"


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _rules(table: str) -> list[str]:
    """Plain-English rules of ``table``, one markdown bullet per rule."""
    schema = schema_for(table)
    rules: list[tuple[str, str]] = []
    for name, column in schema.columns.items():
        if column.unique:
            rules.append((name, "must be unique"))
        rules += [(name, describe_check(check)[0]) for check in column.checks]
    if schema.unique:
        rules.append((", ".join(schema.unique), "must be unique together"))
    rules += [(check.name, describe_check(check)[0]) for check in schema.checks]
    for name, (ref_table, ref_column) in references(table).items():
        rules.append((name, f"must match an existing {ref_table}.{ref_column}"))
    for name, condition in FUTURE_CHECKED.get(table, {}).items():
        when = f" when {condition[0]} is {' or '.join(condition[1])}" if condition else ""
        rules.append((name, f"must not be in the future{when}"))
    if table in EMPLOYMENT_CHECKED:
        rules.append(
            (
                EMPLOYMENT_CHECKED[table],
                "must fall between the rep's reps.hire_date and reps.exit_date (inclusive)",
            )
        )
    order = {name: i for i, name in enumerate(schema.columns)}
    rules.sort(key=lambda rule: order.get(rule[0].split(",")[0], len(order)))
    return [f"- `{column}`: {text}" for column, text in rules]


def _table_section(table: str) -> str:
    schema = schema_for(table)
    keys = [n for n, c in schema.columns.items() if (c.metadata or {}).get("key")]
    key = ", ".join(f"`{k}`" for k in keys) if keys else "none"
    lines = [f"## {table}", "", inspect.cleandoc(TABLES[table].__doc__ or ""), "", f"Key: {key}."]
    lines += ["", _COLUMNS, "|" + " --- |" * 8]
    for name, column in schema.columns.items():
        meta = column.metadata or {}
        lines.append(
            "| "
            + " | ".join(
                [
                    f"`{name}`",
                    column_kind(column),
                    _yes(column.required),
                    _yes(column.nullable),
                    _cell(meta.get("unit")),
                    _yes(bool(meta.get("key"))),
                    f"`{meta['references']}`" if meta.get("references") else "",
                    _cell(column.description),
                ]
            )
            + " |"
        )
    lines += ["", "Rules:", "", *_rules(table)]
    return "\n".join(lines) + "\n"


def data_model_markdown() -> str:
    """Return the markdown text of ``docs/data-model.md``."""
    index = ["## Tables", ""] + [f"- [{t}](#{t})" for t in TABLES]
    parts = [_HEADER, "\n".join(index) + "\n"] + [_table_section(t) for t in TABLES]
    return "\n".join(parts)


if __name__ == "__main__":
    print(data_model_markdown(), end="")
