"""validate_table runs the models' own checks; it must find what pandera finds.

validate_table collects failing rows itself (bounded memory on millions of
failures) instead of calling ``DataFrameSchema.validate(lazy=True)``. This test
guards against drift: on typed frames breaking every kind of rule, both must
report the same (column, row) pairs.
"""

import numpy as np
import pandera.pandas as pa
import pytest

from fieldsales.exceptions import DataValidationError
from fieldsales.schema import TABLES, validate_table

NA = np.nan


def pandera_failures(table, df):
    schema = TABLES[table].to_schema()
    with pytest.raises(pa.errors.SchemaErrors) as info:
        schema.validate(df, lazy=True)
    found = set()
    for case in info.value.failure_cases.itertuples():
        if case.schema_context == "Column":
            found.add((case.column, case.index))
        elif case.check == "multiple_fields_uniqueness":
            found.add((None, case.index))
        else:
            found.add((schema.checks[int(case.check_number)].name, case.index))
    return found


def our_failures(table, df):
    with pytest.raises(DataValidationError) as info:
        validate_table(table, df)
    return {(f.column, f.row) for f in info.value.failures}


def broken(tables):
    """Typed frames (as validate_table returns them) breaking every kind of rule."""
    t = {name: validate_table(name, df) for name, df in tables.items()}
    t["reps"].loc[0, "email"] = "nobody"
    t["reps"].loc[1, ["rep_id", "exit_type", "role"]] = ["R1", "fired", "boss"]
    t["reps"].loc[2, "hire_date"] = t["reps"].loc[2, "hire_date"].replace(hour=9)
    t["reps"].loc[2, "exit_date"] = t["reps"].loc[2, "hire_date"].replace(year=2020)
    t["reps"].loc[0, "name"] = NA
    t["deals"].loc[0, ["amount", "currency", "status"]] = [-1.0, "eur", "won"]
    t["deals"].loc[0, "close_date"] = NA
    t["deals"].loc[1, "close_date"] = t["deals"].loc[1, "created_date"].replace(year=2020)
    t["quotas"].loc[1, "metric"] = "revenue"
    t["quotas"].loc[2, ["period", "target"]] = ["2024-6", -3.0]
    t["customer_feedback"].loc[0, "csat"] = 4.5
    t["customer_feedback"].loc[1, ["nps", "rep_id"]] = [NA, "R2"]
    t["complaints"].loc[0, "resolved_at"] = t["complaints"].loc[0, "opened_at"].replace(year=2023)
    t["complaints"].loc[1, "severity"] = "urgent"
    t["trainings"].loc[0, ["score", "hours"]] = [101.0, -1.0]
    t["one_on_ones"].loc[0, "minutes"] = 0.0
    return t


@pytest.mark.parametrize(
    "table",
    ["reps", "deals", "quotas", "customer_feedback", "complaints", "trainings", "one_on_ones"],
)
def test_same_failures_as_pandera(tables, table):
    df = broken(tables)[table]
    assert our_failures(table, df) == pandera_failures(table, df)
