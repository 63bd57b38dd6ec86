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


def test_references_checked_only_when_the_table_is_available(tables, today):
    deals = tables["deals"]
    deals.loc[1, "rep_id"] = "R999"
    validate_tables({"deals": deals}, today=today)  # no reps: nothing to check against
    expect(
        {"deals": deals},
        today,
        "deals.rep_id row 1: must match an existing reps.rep_id",
        existing={"reps": validate_tables({"reps": tables["reps"]}, today=today)["reps"]},
    )


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
