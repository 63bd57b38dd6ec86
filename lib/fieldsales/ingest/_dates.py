"""Dates and times as CRMs export them, with one day/month decision per file.

Accepted forms (time of day optional everywhere, ``14:30``, ``14:30:05``,
``2:30 PM``; a trailing UTC offset is dropped, keeping wall time):

- ISO ``2026-10-05``, ``2026-10-05T14:30:00``, and ``2026/10/05`` (year first);
- numeric day/month forms ``10/5/2026`` (US), ``05.10.2026`` (Europe),
  ``5-10-26`` — the order is decided once per file, see :func:`decide_order`;
- Chinese ``2026年10月5日`` (optionally ``14:30``);
- month names ``Oct 5, 2026``, ``5-Oct-2026``, ``05 October 2026``;
- Excel serial day numbers (``46300`` is 2026-10-05), as left by a spreadsheet.

Every distinct text is parsed once (vectorized with Arrow regular
expressions), so a million rows with a few thousand distinct dates costs
little.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ._vector import distinct, field, group, text_of

__all__ = ["decide_order", "parse_dates", "ORDERS"]

#: Day/month orders for ambiguous numeric dates.
ORDERS = {"MDY": "month/day/year (US)", "DMY": "day/month/year (Europe, Asia)"}

_TIME = (
    r"(?:[ T]+(?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：](?P<S>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<p>[AaPp]\.?[Mm]\.?)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?"
)
_NUMERIC = r"^(?P<a>\d{1,4})[-/.](?P<b>\d{1,2})[-/.](?P<c>\d{1,4})\.?" + _TIME + "$"
_CHINESE = (
    r"^(?P<a>\d{4})\s*年\s*(?P<b>\d{1,2})\s*月\s*(?P<c>\d{1,2})\s*日"
    r"(?:\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2})\s*秒?)?)?$"
)
_NAMED = (
    r"^(?:(?P<d1>\d{1,2})[ -](?P<m1>[A-Za-z]{3,9})\.?[ ,-]+(?P<y1>\d{4})"
    r"|(?:[A-Za-z]{3,9},? )?(?P<m2>[A-Za-z]{3,9})\.? (?P<d2>\d{1,2}),? (?P<y2>\d{4}))"
    + _TIME.replace("[ T]+", "[ T,]+")
    + "$"
)
_SERIAL = r"^\d{5}(?:\.\d+)?$"
_DAY_PART = r"^(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4})[ T]+\d{1,2}[:：]\d{2}.*$"
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}


def _numeric_parts(values) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    m = pc.extract_regex(values, _NUMERIC)
    ok = m.is_valid().to_numpy(zero_copy_only=False)
    a, b, c = field(m, "a"), field(m, "b"), field(m, "c")
    year_first = ok & (np.char.str_len(group(m, "a").astype(str)) == 4)
    return ok, year_first, a, b, c, m


def decide_order(columns: Iterable[pd.Series], default: str | None = None) -> tuple[str, str]:
    """Decide day/month order once for all date columns of a file.

    A first number above 12 proves day/month, a second number above 12 proves
    month/day. Returns ``(order, explanation)``; with no proof the ``default``
    (preset or option) is used, else month/day when slashes dominate and
    day/month for dots and dashes.
    """
    dmy = mdy = slash = other = 0
    for series in columns:
        values, _ = distinct(series)
        ok, year_first, a, b, _c, _ = _numeric_parts(values)
        amb = ok & ~year_first
        dmy += int(np.sum(amb & (a > 12)))
        mdy += int(np.sum(amb & (b > 12)))
        text = values.to_numpy(zero_copy_only=False)[amb].astype(str)
        slash += int(np.sum(np.char.find(text, "/") >= 0))
        other += int(np.sum(np.char.find(text, "/") < 0))
    if dmy and not mdy:
        return "DMY", f"day/month/year: {dmy} distinct date(s) have a first number above 12"
    if mdy and not dmy:
        return "MDY", f"month/day/year: {mdy} distinct date(s) have a second number above 12"
    if dmy and mdy:
        order = default or ("DMY" if dmy >= mdy else "MDY")
        return order, (
            f"{ORDERS[order]} — conflicting evidence ({dmy} dates read only as day/month, "
            f"{mdy} only as month/day); the others are quarantined"
        )
    if not (slash or other):
        return default or "MDY", "no day/month ambiguity (all dates are year-first or named)"
    if default:
        return default, f"{ORDERS[default]}: every day/month date is ambiguous; preset/option"
    order = "MDY" if slash >= other else "DMY"
    why = "slashes (US style)" if order == "MDY" else "dots/dashes (European style)"
    return order, f"{ORDERS[order]}: every day/month date is ambiguous; chosen from {why}"


def _years(y: np.ndarray) -> np.ndarray:
    return np.where(y < 100, np.where(y < 70, 2000 + y, 1900 + y), y)


def _clock(m, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    hour = np.nan_to_num(field(m, "H")) if "H" in m.type.names else np.zeros(n)
    minute = np.nan_to_num(field(m, "M")) if "M" in m.type.names else np.zeros(n)
    second = np.nan_to_num(field(m, "S")) if "S" in m.type.names else np.zeros(n)
    if "p" in m.type.names:
        p = np.char.lower(group(m, "p").astype(str))
        pm, am = np.char.startswith(p, "p"), np.char.startswith(p, "a")
        hour = np.where(pm & (hour < 12), hour + 12, np.where(am & (hour == 12), 0, hour))
    return hour, minute, second


def _assemble(y, mo, d, h, mi, s) -> pd.Series:
    frame = pd.DataFrame({"year": y, "month": mo, "day": d, "hour": h, "minute": mi, "second": s})
    bad = frame[["year", "month", "day"]].isna().any(axis=1)
    frame.loc[bad] = np.nan
    return pd.to_datetime(frame, errors="coerce").astype("datetime64[ns]")


def _parse_distinct(values, order: str) -> pd.Series:
    n = len(values)
    out = pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]")
    ok, year_first, a, b, c, m = _numeric_parts(values)
    if ok.any():
        day_first = order == "DMY"
        y = np.where(year_first, a, _years(c))
        mo = np.where(year_first, b, np.where(day_first, b, a))
        d = np.where(year_first, c, np.where(day_first, a, b))
        h, mi, s = _clock(m, n)
        parsed = _assemble(np.where(ok, y, np.nan), mo, d, h, mi, s)
        out = out.where(~ok, parsed)
    rest = out.isna().to_numpy()
    zh = pc.extract_regex(values, _CHINESE)
    zok = zh.is_valid().to_numpy(zero_copy_only=False) & rest
    if zok.any():
        h, mi, s = _clock(zh, n)
        parsed = _assemble(
            np.where(zok, field(zh, "a"), np.nan), field(zh, "b"), field(zh, "c"), h, mi, s
        )
        out = out.where(~zok, parsed)
    named = pc.extract_regex(values, _NAMED)
    nok = named.is_valid().to_numpy(zero_copy_only=False) & out.isna().to_numpy()
    if nok.any():
        month_text = np.where(group(named, "m1") != "", group(named, "m1"), group(named, "m2"))
        month = np.array([_MONTHS.get(str(t)[:3].lower(), np.nan) for t in month_text])
        day = np.where(np.isnan(field(named, "d1")), field(named, "d2"), field(named, "d1"))
        year = np.where(np.isnan(field(named, "y1")), field(named, "y2"), field(named, "y1"))
        h, mi, s = _clock(named, n)
        parsed = _assemble(np.where(nok, year, np.nan), month, day, h, mi, s)
        out = out.where(~nok, parsed)
    serial = pc.match_substring_regex(values, _SERIAL).to_numpy(zero_copy_only=False)
    serial &= out.isna().to_numpy()
    if serial.any():
        days = pc.cast(pc.if_else(serial, values, "0"), "float64").to_numpy()
        ok = serial & (days >= 20000) & (days <= 80000)
        stamp = pd.Timestamp("1899-12-30") + pd.to_timedelta(np.where(ok, days, 0), unit="D")
        out = out.where(~ok, pd.Series(stamp).dt.round("s"))
    return out


def parse_dates(
    series: pd.Series, order: str, *, date_only: bool = False
) -> tuple[pd.Series, np.ndarray, list[str]]:
    """Parse a text column.

    Returns
    -------
    values, bad, notes
        ``datetime64[ns]`` values (same index), a mask of the non-empty
        cells that are not dates, and notes (e.g. times of day dropped from
        a date-only column).
    """
    timed_count = 0
    if date_only:  # the day is all a date column keeps: parse "2026-10-05" of "2026-10-05 14:30"
        text = text_of(series)
        day = pc.replace_substring_regex(text, _DAY_PART, r"\1")
        timed_count = int(pc.sum(pc.not_equal(day, text)).as_py() or 0)
        series = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([day])), index=series.index)
    values, codes = distinct(series)
    parsed = _parse_distinct(values, order).to_numpy()
    result = parsed[codes] if len(codes) else np.array([], dtype="datetime64[ns]")
    empty = (values.to_numpy(zero_copy_only=False) == "")[codes] if len(codes) else np.array([])
    out = pd.Series(result, index=series.index, dtype="datetime64[ns]")
    bad = out.isna().to_numpy() & ~empty.astype(bool)
    notes = []
    if timed_count:
        notes.append(f"time of day dropped from {timed_count:,} value(s) (a date column)")
    if date_only and len(out):
        timed = out.notna() & (out != out.dt.normalize())
        if timed.any():
            notes.append(f"time of day dropped from {int(timed.sum()):,} value(s) (a date column)")
            out = out.dt.normalize()
    return out, bad, notes
