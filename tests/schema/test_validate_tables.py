"""Cross-table rules: references, future dates, employment window; all failures at once."""

import re

import numpy as np
import pytest

from fieldsales.exceptions import DataValidationError, UnknownTableError
from fieldsales.schema import columns, validate_tables

NA = np.nan


def expect(tables, today, *lines, **kwargs) -> DataValidationError:
    with pytest.raises(DataValidationError, match=re.escape(lines[0])) as info:
        validate_tables(tables, today=today, **kwargs)
    for line in lines[1:]:
        assert line in str(info.value), str(info.value)
    return info.value


def test_valid_set_validates(tables, today):
    out = validate_tables(tables, today=today)
    assert list(out) == list(tables)
    for name, frame in out.items():
        assert list(frame.columns) == columns(name)
        assert frame.index.equals(tables[name].index)
    assert out["activities"]["started_at"].dtype == "datetime64[ns]"


def test_unknown_table_is_rejected_before_any_check(tables, today):
    with pytest.raises(UnknownTableError, match="unknown table 'visits'"):
        validate_tables({"visits": tables["activities"]}, today=today)


def test_dangling_reference(tables, today):
    tables["deals"].loc[1, "rep_id"] = "R999"
    expect(
        tables,
        today,
        "deals.rep_id row 1: must match an existing reps.rep_id (got 'R999') — add the missing "
        "row to reps or correct the id",
    )


def test_self_reference_of_manager(tables, today):
    tables["reps"].loc[2, "manager_id"] = "R7"
    expect(tables, today, "reps.manager_id row 2: must match an existing reps.rep_id (got 'R7')")


def test_reference_to_an_absent_table_is_one_failure_per_column(tables, today):
    deals = tables["deals"]
    deals.loc[1, "rep_id"] = "R999"
    error = expect(
        {"deals": deals},
        today,
        "deals.rep_id: refers to reps.rep_id, but no reps table was given — validate or load "
        "deals together with reps (reps.csv in the same folder), or write reps to the "
        "workspace first",
        "deals.account_id: refers to accounts.account_id, but no accounts table was given",
    )
    assert [(f.column, f.row) for f in error.failures] == [("account_id", None), ("rep_id", None)]


def test_references_checked_against_existing_tables(tables, today):
    deals = tables["deals"]
    deals.loc[1, "rep_id"] = "R999"
    stored = validate_tables({"reps": tables["reps"], "accounts": tables["accounts"]}, today=today)
    error = expect(
        {"deals": deals},
        today,
        "deals.rep_id row 1: must match an existing reps.rep_id (got 'R999')",
        existing=stored,
    )
    assert len(error.failures) == 1


def test_an_empty_referencing_column_needs_no_table(tables, today):
    accounts = tables["accounts"].assign(owner_rep_id=NA)
    validate_tables({"accounts": accounts}, today=today)  # refers to nothing


def test_date_in_the_future(tables, today):
    tables["activities"].loc[0, "started_at"] = "2024-07-01 08:00"
    tables["pulse_surveys"].loc[1, "date"] = "2024-07-01"
    tables["activities"].loc[1, "started_at"] = "2024-06-30 23:59"  # today: fine
    error = expect(
        tables,
        today,
        "activities.started_at row 0: must not be in the future (after 2024-06-30) "
        "(got '2024-07-01 08:00:00')",
        "pulse_surveys.date row 1: must not be in the future",
    )
    assert len(error.failures) == 2


def test_future_close_date_only_for_closed_deals(tables, today):
    tables["deals"].loc[0, "close_date"] = "2025-01-31"  # open deal: expected close date
    validate_tables(tables, today=today)
    tables["deals"].loc[1, "close_date"] = "2025-01-31"  # won deal
    expect(tables, today, "deals.close_date row 1: must not be in the future")


def test_activity_before_hire_date(tables, today):
    tables["activities"].loc[0, "started_at"] = "2020-02-29 10:00"
    expect(
        tables,
        today,
        "activities.started_at row 0: must not be before the rep's hire_date "
        "(got '2020-02-29 10:00:00') — rep R2 was hired on 2020-03-01",
    )


def test_activity_after_exit_but_exit_day_is_fine(tables, today):
    # X3 (rep R3, exit 2024-03-31) at 17:00 on the exit day is valid in the fixture.
    tables["activities"].loc[2, "started_at"] = "2024-04-01 00:00"
    expect(
        tables,
        today,
        "activities.started_at row 2: must not be after the rep's exit_date "
        "(got '2024-04-01') — rep R3 left on 2024-03-31",
    )


def test_other_events_checked_against_employment(tables, today):
    tables["one_on_ones"].loc[1, "date"] = "2024-05-01"  # R3 left 2024-03-31
    tables["trainings"].loc[0, "completed_on"] = "2019-01-01"  # R2 hired 2020-03-01
    tables["pulse_surveys"].loc[0, "date"] = "2020-01-01"
    error = expect(
        tables,
        today,
        "one_on_ones.date row 1: must not be after the rep's exit_date",
        "trainings.completed_on row 0: must not be before the rep's hire_date",
        "pulse_surveys.date row 0: must not be before the rep's hire_date",
    )
    assert len(error.failures) == 3


def test_deals_are_not_checked_against_hire_date(tables, today):
    tables["deals"].loc[1, "created_date"] = "2019-01-10"  # before R2 was hired: reassigned deal
    validate_tables(tables, today=today)


def test_employment_uses_existing_reps(tables, today):
    reps = validate_tables({"reps": tables["reps"]}, today=today)["reps"]
    tables["activities"].loc[0, "started_at"] = "2019-06-03 09:30"
    expect(
        {"activities": tables["activities"]},
        today,
        "activities.started_at row 0: must not be before the rep's hire_date",
        existing={"reps": reps},
    )


def test_every_failure_of_every_table_in_one_error(tables, today):
    tables["reps"].loc[2, "exit_type"] = NA  # 1: R3 left without an exit_type
    tables["accounts"] = tables["accounts"].drop(columns="tier")  # 2: column missing
    tables["deals"]["amount"] = ["abc", 5000.0, -1.0]  # 3, 4: not a number, negative
    tables["deals"].loc[2, "rep_id"] = "R999"  # 5: dangling reference
    tables["activities"].loc[1, "type"] = "lunch"  # 6: not allowed
    tables["activities"].loc[0, "started_at"] = "2025-01-01 10:00"  # 7: in the future
    tables["customer_feedback"]["csat"] = [7.0, NA]  # 8: out of range
    tables["compliance"] = tables["compliance"].iloc[:0]  # 9: empty
    with pytest.raises(DataValidationError, match=r"^tables: 9 validation failure\(s\)") as info:
        validate_tables(tables, today=today)
    found = [(f.table, f.column, f.row) for f in info.value.failures]
    assert sorted(found, key=str) == sorted(
        [
            ("reps", "exit_type", 2),
            ("accounts", "tier", None),
            ("deals", "amount", 0),
            ("deals", "amount", 2),
            ("deals", "rep_id", 2),
            ("activities", "type", 1),
            ("activities", "started_at", 0),
            ("customer_feedback", "csat", 0),
            ("compliance", None, None),
        ],
        key=str,
    )


@pytest.mark.parametrize(
    ("table", "column", "row", "value"),
    [
        ("complaints", "first_response_at", 1, "2024-07-01 09:00"),
        ("complaints", "resolved_at", 0, "2024-07-02 09:00"),
        ("compliance", "completed_on", 1, "2024-07-01"),
    ],
)
def test_more_event_dates_must_not_be_in_the_future(tables, today, table, column, row, value):
    tables[table].loc[row, column] = value
    error = expect(tables, today, f"{table}.{column} row {row}: must not be in the future")
    assert len(error.failures) == 1


def test_today_defaults_to_fieldsales_today(tables, monkeypatch):
    tables["activities"].loc[0, "started_at"] = "2024-07-01 08:00"
    monkeypatch.setenv("FIELDSALES_TODAY", "2024-07-31")
    validate_tables(tables)  # newer than the data: fine
    monkeypatch.setenv("FIELDSALES_TODAY", "2024-06-30")
    with pytest.raises(
        DataValidationError,
        match=r"activities.started_at row 0: must not be in the future \(after 2024-06-30\).*"
        r"set FIELDSALES_TODAY=YYYY-MM-DD",
    ):
        validate_tables(tables)


def test_unparseable_date_is_reported_once_across_tables(tables, today):
    tables["deals"].loc[1, "created_date"] = "31/12/2023"
    tables["activities"].loc[0, "started_at"] = "2024-02-30 10:00"
    error = expect(
        tables,
        today,
        "deals.created_date row 1: must be a date written YYYY-MM-DD (got '31/12/2023')",
        "activities.started_at row 0: must be a date-time written YYYY-MM-DD HH:MM[:SS]",
    )
    assert len(error.failures) == 2
