"""Target periods, working days, ISO-week pieces, the default period and complete months."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from fieldsales.exceptions import ConfigError
from fieldsales.goals import (
    complete_months,
    default_period,
    flat_weights,
    month_working_days,
    period_options,
    target_period,
    week_pieces,
    working_days,
)


@pytest.mark.parametrize(
    ("text", "grain", "start", "last", "title"),
    [
        ("2027", "year", "2027-01-01", "2027-12-31", "Year 2027"),
        ("2027-Q1", "quarter", "2027-01-01", "2027-03-31", "Q1 2027 (Jan–Mar)"),
        ("2027-q4", "quarter", "2027-10-01", "2027-12-31", "Q4 2027 (Oct–Dec)"),
        ("2027-02", "month", "2027-02-01", "2027-02-28", "February 2027"),
    ],
)
def test_target_periods(text, grain, start, last, title):
    period = target_period(text)
    assert (period.grain, period.title) == (grain, title)
    assert period.start == pd.Timestamp(start) and period.last_day == pd.Timestamp(last)
    assert period.months[0] == pd.Period(start, "M") and period.months[-1] == pd.Period(last, "M")
    assert period.year_earlier().start == period.start - pd.DateOffset(years=1)


@pytest.mark.parametrize("text", ["2027-W05", "Q1 2027", "2027-13", "next quarter", ""])
def test_other_periods_are_refused_with_the_forms_to_use(text):
    with pytest.raises(ConfigError, match=r"write 2027 \(a year\), 2027-Q1 \(a quarter\)"):
        target_period(text)


def test_working_days_are_monday_to_friday():
    # January 2027 starts on a Friday: Fri 1, then Jan 4-8, 11-15, 18-22 and 25-29
    # (4 x 5 = 20 days): 21 working days.
    assert month_working_days(pd.Period("2027-01", "M")) == 21
    assert working_days(date(2027, 1, 1), date(2027, 1, 4)) == 1  # Fri, Sat, Sun
    # 2027 has 52 weeks and one day (Fri 1 Jan): 52 x 5 + 1 = 261 working days.
    weights = flat_weights(2027)
    assert weights.sum() == pytest.approx(1.0)
    assert weights[1] == pytest.approx(20 / 261)  # February 2027: four whole weeks


def test_an_iso_week_crossing_a_month_is_split_by_its_days():
    # January 2027: Fri 1 - Sun 3 belong to ISO week 2026-W53 (one working day);
    # Mon 25 - Sun 31 is 2027-W04 (five). February starts on Monday 1 (2027-W05).
    january = week_pieces(pd.Period("2027-01", "M"))
    assert [(p.week, p.working_days) for p in january] == [
        ("2026-W53", 1), ("2027-W01", 5), ("2027-W02", 5), ("2027-W03", 5), ("2027-W04", 5),
    ]  # fmt: skip
    assert january[0].start == date(2027, 1, 1) and january[0].last == date(2027, 1, 3)
    # March 2027 ends on Wednesday 31: 2027-W13 holds Mon 29 - Wed 31 in March, the rest
    # (Thu 1, Fri 2 April) in April.
    march, april = week_pieces(pd.Period("2027-03", "M")), week_pieces(pd.Period("2027-04", "M"))
    assert (march[-1].week, march[-1].working_days) == ("2027-W13", 3)
    assert (april[0].week, april[0].working_days) == ("2027-W13", 2)
    assert sum(p.working_days for p in march) == month_working_days(pd.Period("2027-03", "M"))


def test_a_weekend_only_sliver_is_no_piece():
    # May 2027 starts on Saturday 1: Sat 1 and Sun 2 (ISO week 17) hold no working day.
    pieces = week_pieces(pd.Period("2027-05", "M"))
    assert pieces[0].week == "2027-W18" and pieces[0].start == date(2027, 5, 3)


def test_the_default_is_the_quarter_after_the_data_end():
    assert default_period(pd.Timestamp("2026-10-31 23:32")) == "2027-Q1"
    assert default_period(pd.Timestamp("2026-12-31")) == "2027-Q1"
    assert default_period(pd.Timestamp("2027-01-15")) == "2027-Q2"
    options = period_options(pd.Timestamp("2026-10-31"))
    labels = [label for _, label in options]
    assert labels[:5] == ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4", "2026-Q4"]
    assert labels[5:7] == ["2027", "2028"] and labels[7] == "2026-11" and labels[-1] == "2027-04"
    assert options[0][0] == "Q1 2027 (Jan–Mar)"


def test_complete_months_need_their_first_and_last_working_day():
    # 2024-11-01 is a Friday (the first working day): November counts. 2026-10-31 is a
    # Saturday: data up to Friday the 30th complete October.
    months = complete_months(pd.Timestamp("2024-11-01 08:01"), pd.Timestamp("2026-10-30 17:00"))
    assert (str(months[0]), str(months[-1]), len(months)) == ("2024-11", "2026-10", 24)
    # data from Monday 4 November miss November's first working day; up to the 29th miss
    # October's last one
    months = complete_months(pd.Timestamp("2024-11-04"), pd.Timestamp("2026-10-29"))
    assert (str(months[0]), str(months[-1])) == ("2024-12", "2026-09")
    assert complete_months(pd.Timestamp("2026-10-05"), pd.Timestamp("2026-10-20")) == []
