"""The table registry: names, column order, model metadata."""

import pandera.pandas as pa
import pytest

from fieldsales.exceptions import UnknownTableError
from fieldsales.schema import TABLES, columns, model_for, table_names

EXPECTED = [
    "reps",
    "accounts",
    "deals",
    "activities",
    "quotas",
    "one_on_ones",
    "trainings",
    "customer_feedback",
    "pulse_surveys",
    "complaints",
    "compliance",
]


def test_table_names_in_documented_order():
    assert table_names() == EXPECTED
    assert list(TABLES) == EXPECTED


def test_columns_in_canonical_order_including_optional():
    assert columns("quotas") == ["rep_id", "period", "metric", "target"]
    assert columns("reps")[-2:] == ["gender", "age_band"]
    assert columns("activities") == [
        "activity_id",
        "rep_id",
        "account_id",
        "type",
        "started_at",
        "duration_minutes",
    ]


def test_unknown_table_lists_valid_names():
    with pytest.raises(UnknownTableError, match=r"unknown table 'sales'.*reps, accounts, deals"):
        columns("sales")
    with pytest.raises(KeyError):  # UnknownTableError is also a KeyError
        model_for("sales")


@pytest.mark.parametrize("table", EXPECTED)
def test_every_column_is_described_with_metadata(table):
    schema = TABLES[table].to_schema()
    assert TABLES[table].__doc__, f"{table} model needs a docstring"
    assert schema.strict is True and schema.coerce is True
    for name, column in schema.columns.items():
        assert column.description, f"{table}.{name} has no description"
        assert set(column.metadata) == {"unit", "references", "key"}, f"{table}.{name}"
        ref = column.metadata["references"]
        if ref:
            ref_table, ref_column = ref.split(".")
            assert ref_column in columns(ref_table)


def test_optional_columns_are_only_the_group_columns():
    optional = {
        (t, n) for t in EXPECTED for n, c in TABLES[t].to_schema().columns.items() if not c.required
    }
    assert optional == {("reps", "gender"), ("reps", "age_band")}


def test_models_are_pandera_models():
    assert all(issubclass(m, pa.DataFrameModel) for m in TABLES.values())
