"""Per-table rules: each bad table is rejected with table, column, row and value."""

import re

import numpy as np
import pandas as pd
import pytest

import fieldsales.schema._coerce as coerce_module
from fieldsales.exceptions import DataValidationError, UnknownTableError
from fieldsales.schema import columns, table_names, validate_table

NA = np.nan


def expect(table: str, df: pd.DataFrame, *lines: str) -> DataValidationError:
    """Validate ``df`` and assert each expected failure line appears in the message."""
    with pytest.raises(DataValidationError, match=re.escape(lines[0])) as info:
        validate_table(table, df)
    for line in lines[1:]:
        assert line in str(info.value), str(info.value)
    return info.value


@pytest.mark.parametrize("table", table_names())
def test_each_valid_table_validates(tables, table):
    out = validate_table(table, tables[table])
    assert list(out.columns) == columns(table)[: len(out.columns)]
    assert out.index.equals(tables[table].index)


def test_coerced_dtypes_and_canonical_order(tables):
    shuffled = tables["deals"][list(reversed(columns("deals")))]
    out = validate_table("deals", shuffled)
    assert list(out.columns) == columns("deals")
    assert out["amount"].dtype == "float64"
    assert out["created_date"].dtype == "datetime64[ns]"
    assert out["close_date"].iloc[1] == pd.Timestamp("2024-02-20")


def test_optional_group_columns_may_be_absent(tables):
    out = validate_table("reps", tables["reps"].drop(columns=["gender", "age_band"]))
    assert "gender" not in out


def test_unknown_table_name_lists_valid_tables(tables):
    with pytest.raises(UnknownTableError, match="valid tables are: reps, accounts, deals"):
        validate_table("opportunities", tables["deals"])


def test_missing_required_column(tables):
    expect(
        "deals",
        tables["deals"].drop(columns="status"),
        "deals.status: required column missing — expected columns: deal_id, account_id, rep_id",
    )


def test_unknown_column(tables):
    tables["deals"]["discount"] = 0.1
    expect(
        "deals",
        tables["deals"],
        "deals.discount: unknown column — rename it to a canonical column or drop it",
    )


def test_wrong_type_reported_once_with_csv_line_number(tables):
    deals = tables["deals"].set_axis([2, 3, 4])  # CSV line numbers
    deals["amount"] = ["1000", "abc", "200"]
    error = expect("deals", deals, "deals.amount row 3: must be a number (got 'abc')")
    assert len(error.failures) == 1  # not also "value is required"


def test_duplicate_key_names_every_row(tables):
    tables["deals"].loc[2, "deal_id"] = "D1"
    error = expect(
        "deals",
        tables["deals"],
        "deals.deal_id row 0: must be unique; this value appears more than once (got 'D1')",
        "deals.deal_id row 2:",
    )
    assert [f.row for f in error.failures] == [0, 2]


def test_duplicate_composite_key(tables):
    tables["quotas"].loc[1, "metric"] = "revenue"
    expect(
        "quotas",
        tables["quotas"],
        "quotas row 0: (rep_id, period, metric) must be unique; this combination appears more "
        "than once (got ('R2', '2024-06', 'revenue'))",
        "quotas row 1:",
    )


def test_value_outside_allowed_set(tables):
    tables["activities"].loc[1, "type"] = "lunch"
    expect(
        "activities",
        tables["activities"],
        "activities.type row 1: must be one of visit, call, email, meeting, demo, other "
        "(got 'lunch')",
    )


def test_negative_amount(tables):
    tables["deals"]["amount"] = [1000.0, -5.0, 200.0]
    expect("deals", tables["deals"], "deals.amount row 1: must be at least 0 (got -5.0)")


def test_csat_out_of_range_and_not_whole(tables):
    tables["customer_feedback"]["csat"] = [7.0, 4.5]
    expect(
        "customer_feedback",
        tables["customer_feedback"],
        "customer_feedback.csat row 0: must be between 1 and 5 (got 7.0)",
        "customer_feedback.csat row 1: must be a whole number (got 4.5)",
    )


def test_feedback_needs_csat_or_nps(tables):
    tables["customer_feedback"]["nps"] = [9.0, NA]
    expect(
        "customer_feedback",
        tables["customer_feedback"],
        "customer_feedback.csat row 1: csat or nps must be given",
    )


def test_close_date_before_created_date(tables):
    tables["deals"].loc[2, "close_date"] = "2023-10-01"
    expect(
        "deals",
        tables["deals"],
        "deals.close_date row 2: must be on or after created_date (got '2023-10-01')",
    )


def test_won_deal_without_close_date(tables):
    tables["deals"].loc[1, "close_date"] = NA
    expect(
        "deals", tables["deals"], "deals.close_date row 1: must be given when status is won or lost"
    )


def test_open_deal_may_lack_close_date(tables):
    tables["deals"].loc[0, "close_date"] = NA
    validate_table("deals", tables["deals"])


def test_exit_date_without_exit_type_and_the_reverse(tables):
    reps = tables["reps"]
    reps.loc[1, "exit_date"] = "2024-01-31"
    reps.loc[0, "exit_type"] = "involuntary"
    error = expect(
        "reps",
        reps,
        "reps.exit_type row 0: must be given when exit_date is set and empty when it is not "
        "(got 'involuntary')",
        "reps.exit_type row 1: must be given when exit_date is set",
    )
    assert len(error.failures) == 2


def test_exit_before_hire(tables):
    tables["reps"].loc[2, "exit_date"] = "2020-01-01"
    expect("reps", tables["reps"], "reps.exit_date row 2: must be on or after hire_date")


def test_time_of_day_in_date_column(tables):
    tables["reps"].loc[1, "hire_date"] = "2020-03-01 10:00"
    expect(
        "reps",
        tables["reps"],
        "reps.hire_date row 1: must be a date without a time of day (got '2020-03-01 10:00:00')",
    )


def test_unparseable_date(tables):
    tables["trainings"].loc[0, "completed_on"] = "15/02/2024"
    expect(
        "trainings",
        tables["trainings"],
        "trainings.completed_on row 0: must be a date written YYYY-MM-DD (got '15/02/2024')",
    )


def test_empty_table(tables):
    error = expect("deals", tables["deals"].iloc[:0], "deals: table is empty")
    assert len(error.failures) == 1


def test_string_rules(tables):
    tables["reps"].loc[0, "email"] = "mia.example.com"
    tables["deals"].loc[0, "currency"] = "eur"
    tables["quotas"].loc[2, "period"] = "2024-13"
    expect("reps", tables["reps"], "reps.email row 0: must contain '@' (got 'mia.example.com')")
    expect("deals", tables["deals"], "deals.currency row 0: must be three upper-case letters")
    expect(
        "quotas", tables["quotas"], "quotas.period row 2: must be a calendar month written YYYY-MM"
    )


def test_required_value_missing(tables):
    tables["accounts"].loc[1, "name"] = NA
    expect(
        "accounts",
        tables["accounts"],
        "accounts.name row 1: value is required (the cell is empty)",
    )


def test_complaint_resolved_before_opened(tables):
    tables["complaints"].loc[0, "resolved_at"] = "2024-05-03 09:00"
    expect(
        "complaints",
        tables["complaints"],
        "complaints.resolved_at row 0: must be on or after opened_at (got '2024-05-03 09:00:00')",
    )


def test_all_failures_of_a_table_at_once_with_source(tables):
    deals = tables["deals"]
    deals["amount"] = ["x", -1.0, 200.0]
    deals.loc[2, "status"] = "pending"
    deals["extra"] = 1
    message = r"^deals\.csv: 4 validation failure\(s\)"
    with pytest.raises(DataValidationError, match=message) as info:
        validate_table("deals", deals, source="deals.csv")
    assert [(f.column, f.row) for f in info.value.failures] == [
        ("extra", None),
        ("amount", 0),
        ("amount", 1),
        ("status", 2),
    ]


def test_tz_aware_timestamps_become_naive_wall_time(tables):
    started = pd.to_datetime(tables["activities"]["started_at"]).dt.tz_localize("Europe/Paris")
    tables["activities"]["started_at"] = started
    out = validate_table("activities", tables["activities"])
    assert out["started_at"].dtype == "datetime64[ns]"
    assert out["started_at"].iloc[0] == pd.Timestamp("2024-06-03 09:30")


def test_tz_offsets_in_text_keep_the_wall_time(tables):
    tables["activities"]["started_at"] = [
        "2024-06-03T09:30:00+02:00",
        "2024-06-04T14:00:00-05:00",
        "2024-03-31T17:00:00Z",
    ]
    out = validate_table("activities", tables["activities"])
    assert out["started_at"].tolist() == [
        pd.Timestamp("2024-06-03 09:30"),
        pd.Timestamp("2024-06-04 14:00"),
        pd.Timestamp("2024-03-31 17:00"),
    ]


def test_failures_are_capped_per_rule(tables, monkeypatch):
    monkeypatch.setattr(coerce_module, "MAX_PER_RULE", 2)
    activities = pd.concat([tables["activities"]] * 2, ignore_index=True)
    activities["activity_id"] = [f"X{i}" for i in range(6)]
    activities["duration_minutes"] = -1.0
    error = expect(
        "activities",
        activities,
        "activities.duration_minutes row 0: must be at least 0",
        "activities.duration_minutes: must be at least 0 — 4 more row(s) broke this rule "
        "(first 2 listed)",
    )
    assert len(error.failures) == 3
    assert error.count == 6  # the rows summarized count too
    assert str(error).startswith("activities: 6 validation failure(s)\n")


def test_message_counts_every_failing_row_and_says_where_the_rest_are(tables, monkeypatch):
    monkeypatch.setattr(coerce_module, "MAX_PER_RULE", 60)
    activities = pd.concat([tables["activities"]] * 40, ignore_index=True)
    activities["activity_id"] = [f"X{i}" for i in range(120)]
    activities["duration_minutes"] = -1.0
    error = expect("activities", activities, "activities: 120 validation failure(s)")
    assert len(error.failures) == 61
    lines = str(error).splitlines()
    assert len(lines) == 1 + error.MAX_LISTED + 1
    assert lines[-1] == (
        "  ... and 70 more (the .failures attribute lists the first 1,000 rows of each rule "
        "and counts the rest)"
    )


@pytest.mark.parametrize("text", ["inf", "Infinity", "-inf", "+INF", "1e400", "NaN", "nan"])
def test_numbers_must_be_finite(tables, text):
    tables["deals"]["amount"] = ["1000", text, "200"]
    error = expect(
        "deals", tables["deals"], f"deals.amount row 1: must be a finite number (got '{text}')"
    )
    assert len(error.failures) == 1  # not also "must be at least 0"


def test_infinite_floats_are_rejected_too(tables):
    tables["activities"]["duration_minutes"] = [45.0, np.inf, -np.inf]
    error = expect(
        "activities",
        tables["activities"],
        "activities.duration_minutes row 1: must be a finite number (got inf)",
        "activities.duration_minutes row 2: must be a finite number (got -inf)",
    )
    assert len(error.failures) == 2


@pytest.mark.parametrize("blank", ["", "   ", "\t", "\u3000"])
def test_blank_text_counts_as_empty(tables, blank):
    tables["accounts"].loc[1, "name"] = blank
    error = expect(
        "accounts", tables["accounts"], "accounts.name row 1: value is required (the cell is empty)"
    )
    assert len(error.failures) == 1


def test_other_text_is_kept_as_written(tables):
    tables["accounts"].loc[0, "name"] = "  Boulangerie Paul "
    tables["accounts"].loc[1, "owner_rep_id"] = "  "  # optional: blank is simply empty
    out = validate_table("accounts", tables["accounts"])
    assert out.loc[0, "name"] == "  Boulangerie Paul "
    assert pd.isna(out.loc[1, "owner_rep_id"])


def test_complaint_resolved_before_first_response(tables):
    tables["complaints"].loc[0, "resolved_at"] = "2024-05-03 11:00"  # response 11:30
    error = expect(
        "complaints",
        tables["complaints"],
        "complaints.resolved_at row 0: must be on or after first_response_at "
        "(got '2024-05-03 11:00:00')",
    )
    assert len(error.failures) == 1


@pytest.mark.parametrize(
    ("table", "column", "bad", "expected"),
    [
        ("deals", "created_date", "31/12/2023", "deals.created_date row 0: must be a date"),
        ("deals", "created_date", "2024-02-30", "deals.created_date row 0: must be a date"),
        ("deals", "close_date", "2024-02-30", "deals.close_date row 0: must be a date"),
        ("reps", "hire_date", "15/02/2021", "reps.hire_date row 2: must be a date"),
        ("reps", "exit_date", "31/03/2024", "reps.exit_date row 2: must be a date"),
        ("complaints", "opened_at", "03/05/2024 10:00", "complaints.opened_at row 0: must be"),
        ("complaints", "first_response_at", "x", "complaints.first_response_at row 0: must be"),
        ("customer_feedback", "csat", "five", "customer_feedback.csat row 1: must be a number"),
    ],
)
def test_an_unparseable_cell_gives_one_failure_not_two(tables, table, column, bad, expected):
    df = tables[table]
    if table == "deals":
        df.loc[0, "status"] = "won"  # a won deal needs a close date
    if table == "customer_feedback":
        df.loc[1, "nps"] = NA  # "csat or nps must be given" must not fire as well
    row = {"reps": 2, "customer_feedback": 1}.get(table, 0)
    df[column] = df[column].astype(object)
    df.loc[row, column] = bad
    error = expect(table, df, expected)
    assert len(error.failures) == 1, str(error)
