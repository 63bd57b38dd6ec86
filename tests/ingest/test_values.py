"""Dates, amounts, numbers and durations: one decision per file or column."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fieldsales.ingest import (
    decide_decimal,
    decide_order,
    parse_amounts,
    parse_dates,
    parse_minutes,
    parse_numbers,
)


def texts(*values):
    return pd.Series(list(values), dtype="str", index=range(2, 2 + len(values)))


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2026-10-05", "MDY", "2026-10-05 00:00"),
        ("2026-10-05T14:30:00+01:00", "MDY", "2026-10-05 14:30"),
        ("10/5/2026", "MDY", "2026-10-05 00:00"),
        ("10/5/2026 2:30 PM", "MDY", "2026-10-05 14:30"),
        ("5/10/2026", "DMY", "2026-10-05 00:00"),
        ("05.10.2026 08:15", "DMY", "2026-10-05 08:15"),
        ("2026/10/05", "DMY", "2026-10-05 00:00"),
        ("2026年10月5日", "MDY", "2026-10-05 00:00"),
        ("2026年10月5日 14:30", "MDY", "2026-10-05 14:30"),
        ("Oct 5, 2026", "MDY", "2026-10-05 00:00"),
        ("5-Oct-2026", "DMY", "2026-10-05 00:00"),
        ("46300", "MDY", "2026-10-05 00:00"),  # Excel serial day number
        ("12/31/26", "MDY", "2026-12-31 00:00"),
    ],
)
def test_date_forms(text, order, expected):
    values, bad, _ = parse_dates(texts(text), order)
    assert not bad.any()
    assert values.iloc[0] == pd.Timestamp(expected)


def test_invalid_dates_are_bad_and_empty_cells_are_not():
    values, bad, _ = parse_dates(texts("2/30/2026", "soon", "", "13/13/2026"), "MDY")
    assert bad.tolist() == [True, True, False, True]
    assert values.isna().all()


def test_day_month_order_is_decided_once_per_file_from_evidence():
    closes = texts("3/4/2026", "5/6/2026")  # ambiguous alone
    created = texts("25/1/2026", "2/2/2026")  # 25 can only be a day
    order, why = decide_order([closes, created])
    assert order == "DMY" and "first number above 12" in why
    values, bad, _ = parse_dates(closes, order)
    assert values.tolist() == [pd.Timestamp("2026-04-03"), pd.Timestamp("2026-06-05")]


def test_ambiguous_dates_follow_the_default_or_the_separator():
    assert decide_order([texts("3/4/2026")])[0] == "MDY"
    assert decide_order([texts("03.04.2026")])[0] == "DMY"
    order, why = decide_order([texts("3/4/2026")], "DMY")
    assert order == "DMY" and "preset/option" in why


def test_mixed_formats_in_one_column_conflicting_rows_are_bad():
    column = texts("2026-10-05", "10/20/2026", "20/10/2026", "2026年10月5日")
    order, why = decide_order([column])
    assert order == "DMY" and "conflicting evidence" in why  # 1 vs 1: day/month wins ties
    values, bad, _ = parse_dates(column, order)
    assert bad.tolist() == [False, True, False, False]
    assert values.iloc[2] == pd.Timestamp("2026-10-20")


def test_date_only_columns_drop_the_time_with_a_note():
    values, bad, notes = parse_dates(
        texts("2026-07-20 14:02:11", "2026-07-21"), "MDY", date_only=True
    )
    assert values.tolist() == [pd.Timestamp("2026-07-20"), pd.Timestamp("2026-07-21")]
    assert notes == ["time of day dropped from 1 value(s) (a date column)"]


@pytest.mark.parametrize(
    ("text", "decimal", "amount", "currency"),
    [
        ("12,345.00", ".", 12345.0, None),
        ("¥12,345.00", ".", 12345.0, "CNY"),
        ("$1,234.50", ".", 1234.5, "USD"),
        ("1.234,50 €", ",", 1234.5, "EUR"),
        ("USD 1,000", ".", 1000.0, "USD"),
        ("1 234,50", ",", 1234.5, None),
        ("(1,234.00)", ".", -1234.0, None),
        ("1,234", ",", 1.234, None),
        ("1,234", ".", 1234.0, None),
        ("RMB 500", ".", 500.0, "CNY"),
    ],
)
def test_amounts(text, decimal, amount, currency):
    values, found, bad, _ = parse_amounts(texts(text), decimal)
    assert not bad.any()
    assert values.iloc[0] == pytest.approx(amount)
    assert (found.iloc[0] if isinstance(found.iloc[0], str) else None) == currency


def test_amount_problems_are_bad():
    values, _, bad, conflict = parse_amounts(texts("abc", "30%", "1.234,50", ""), ".")
    assert bad.tolist() == [True, True, True, False]
    assert conflict.tolist() == [False, False, True, False]
    assert values.isna().all()


def test_decimal_separator_is_decided_per_column():
    assert decide_decimal(texts("1.234,50", "12,5", "1.000"))[0] == ","
    assert decide_decimal(texts("1,234.50", "1,000"))[0] == "."
    sep, why = decide_decimal(texts("1,000", "2,500"), ",")
    assert sep == "," and "default" in why


def test_numbers_percent_and_minutes():
    values, bad = parse_numbers(texts("30%", "4.5", "x"), ".")
    assert values.tolist()[:2] == [30.0, 4.5] and bad.tolist() == [False, False, True]
    minutes, bad = parse_minutes(texts("12", "05:30", "1:02:30", "later"), ".")
    assert minutes.tolist()[:3] == [12.0, 5.5, 62.5]
    assert bad.tolist() == [False, False, False, True]
    assert np.isnan(minutes.iloc[3])
