"""Amounts, plain numbers, percentages and durations as CRMs export them.

Amounts: ``12,345.00``, ``¥12,345.00``, ``$1,234.50``, ``1.234,50 €``,
``USD 1,000``, ``1 234,50``, ``(1,234.00)`` (negative), ``12345``. The
currency named by a symbol or ISO code is returned per cell. The decimal
separator is decided once per column (see :func:`decide_decimal`), never per
cell: ``1,234`` is one thousand two hundred and thirty-four in a column
written with decimal points, and 1.234 in a column written with decimal
commas.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ._vector import distinct, group

__all__ = ["parse_amounts", "parse_numbers", "parse_minutes", "decide_decimal", "SYMBOLS"]

#: Currency symbols and words -> ISO 4217 code. ``¥`` is CNY by default (a preset
#: or mapping may say JPY); ``$`` is USD.
SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "CNY",
    "￥": "CNY",
    "CN¥": "CNY",
    "RMB": "CNY",
    "元": "CNY",
    "₹": "INR",
    "₩": "KRW",
    "₽": "RUB",
    "HK$": "HKD",
    "A$": "AUD",
    "C$": "CAD",
    "R$": "BRL",
    "NT$": "TWD",
    "Fr.": "CHF",
    "zł": "PLN",
    "kr": "SEK",
}
_SYM = r"US\$|HK\$|NT\$|A\$|C\$|R\$|CN¥|RMB|Fr\.|zł|kr|[A-Za-z]{3}|[$€£¥￥₹₩₽元]"
_AMOUNT = (
    rf"^(?P<n1>-)?\s*(?P<pre>{_SYM})?\s*(?P<n2>-)?\s*(?P<open>\()?\s*"
    r"(?P<num>\d[\d.,'\s\x{00a0}\x{202f}]*?)\s*(?P<close>\))?\s*(?P<n3>-)?\s*"
    rf"(?P<post>{_SYM}|%)?\s*$"
)
_POINT = r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+\.\d+$"
_COMMA = r"^\d{1,3}(\.\d{3})+(,\d+)?$|^\d+,\d+$"


def _tokens(values: pa.Array):
    m = pc.extract_regex(values, _AMOUNT)
    ok = m.is_valid().to_numpy(zero_copy_only=False)
    num = pc.replace_substring_regex(
        pc.fill_null(pc.struct_field(m, "num"), ""), r"[\s'\x{00a0}\x{202f}]", ""
    )
    point = pc.match_substring_regex(num, _POINT).to_numpy(zero_copy_only=False)
    comma = pc.match_substring_regex(num, _COMMA).to_numpy(zero_copy_only=False)
    return m, ok, num, point & ok, comma & ok


def decide_decimal(
    series: pd.Series | pa.Array, default: str = ".", *, _tokens_=None
) -> tuple[str, str]:
    """Decide the decimal separator of a column: ``"."`` or ``","`` and why.

    A value only readable one way (``1,234.50``, ``12.5`` -> point;
    ``1.234,50``, ``12,5`` -> comma) is evidence; ``1,234`` and ``1.234`` are
    ambiguous and follow the evidence, else ``default``.
    """
    if _tokens_ is None:
        values = series if isinstance(series, pa.Array) else distinct(series)[0]
        _tokens_ = _tokens(values)
    _, _, _, point, comma = _tokens_
    p_only, c_only = int(np.sum(point & ~comma)), int(np.sum(comma & ~point))
    if c_only > p_only:
        return ",", f"decimal comma ({c_only} distinct value(s) like 1.234,50 or 12,5)"
    if p_only:
        extra = (
            f"; {c_only} value(s) written with a decimal comma are quarantined" if c_only else ""
        )
        return ".", f"decimal point ({p_only} distinct value(s) like 1,234.50 or 12.5){extra}"
    what = "decimal comma" if default == "," else "decimal point"
    return default, f"{what}: no value shows which separator is decimal (default)"


def _convert(values: pa.Array, decimal: str, *, currency: bool, tokens=None):
    m, ok, num, point, comma = tokens if tokens is not None else _tokens(values)
    conflict = (comma & ~point) if decimal == "." else (point & ~comma)
    if decimal == ".":
        digits = pc.replace_substring(num, ",", "")
    else:
        digits = pc.replace_substring(pc.replace_substring(num, ".", ""), ",", ".")
    valid = pc.match_substring_regex(digits, r"^\d+(\.\d+)?$").to_numpy(zero_copy_only=False)
    good = ok & valid & ~conflict
    number = pc.cast(pc.if_else(pa.array(good), digits, "0"), pa.float64()).to_numpy()
    negative = (group(m, "n1") == "-") | (group(m, "n2") == "-") | (group(m, "n3") == "-")
    negative |= (group(m, "open") == "(") & (group(m, "close") == ")")
    number = np.where(negative, -number, number)
    pre, post = group(m, "pre"), group(m, "post")
    percent = post == "%"
    symbol = np.where(pre != "", pre, np.where(percent, "", post))
    if not currency:
        good &= symbol == ""
    return np.where(good, number, np.nan), good, symbol.astype(object), percent, conflict


def _currency_codes(symbols: np.ndarray, overrides: dict[str, str]) -> np.ndarray:
    table = {**SYMBOLS, **overrides}
    out = np.empty(len(symbols), dtype=object)
    bad = np.zeros(len(symbols), dtype=bool)
    for i, sym in enumerate(symbols):
        if not sym:
            out[i] = None
        elif sym in table:
            out[i] = table[sym]
        elif len(sym) == 3 and sym.isalpha():
            out[i] = sym.upper()
        else:
            out[i], bad[i] = None, True
    return out, bad


def parse_amounts(
    series: pd.Series,
    decimal: str | None,
    *,
    symbols: dict[str, str] | None = None,
    default: str = ".",
    decision: list | None = None,
) -> tuple[pd.Series, pd.Series, np.ndarray, np.ndarray]:
    """Parse money amounts.

    ``decimal`` None decides the separator from the column (see
    :func:`decide_decimal`); the decision is appended to ``decision``.

    Returns
    -------
    amounts, currencies, bad, conflict
        Float amounts; the ISO code each cell names (None when it names
        none); non-empty cells that are not amounts; and cells written with
        the other decimal separator (part of ``bad``).
    """
    values, codes = distinct(series)
    tokens = _tokens(values)
    if decimal is None:  # decided here, from the same parse
        decimal, why = decide_decimal(values, default, _tokens_=tokens)
        if decision is not None:
            decision += [decimal, why]
    number, good, sym, percent, conflict = _convert(values, decimal, currency=True, tokens=tokens)
    currency, unknown = _currency_codes(sym, symbols or {})
    good &= ~unknown & ~percent
    empty = values.to_numpy(zero_copy_only=False) == ""
    amounts = pd.Series(np.where(good, number, np.nan)[codes], index=series.index)
    currencies = pd.Series(currency[codes], index=series.index, dtype="str")
    return amounts, currencies, (~good & ~empty)[codes], (conflict & ~empty)[codes]


def parse_numbers(series: pd.Series, decimal: str) -> tuple[pd.Series, np.ndarray]:
    """Plain numbers (``1,234.5``, ``85%`` -> 85: percentages stay in points)."""
    values, codes = distinct(series)
    number, good, _sym, _percent, _ = _convert(values, decimal, currency=False)
    empty = values.to_numpy(zero_copy_only=False) == ""
    return pd.Series(number[codes], index=series.index), (~good & ~empty)[codes]


def parse_minutes(series: pd.Series, decimal: str) -> tuple[pd.Series, np.ndarray]:
    """Durations in minutes: ``45``, ``45.5``, ``1:02:30`` (h:mm:ss), ``12:30`` (mm:ss)."""
    values, codes = distinct(series)
    number, good, _sym, _pct, _ = _convert(values, decimal, currency=False)
    m = pc.extract_regex(values, r"^(?:(?P<h>\d+):)?(?P<m>\d{1,2}):(?P<s>\d{2})$")
    clock = m.is_valid().to_numpy(zero_copy_only=False)
    if clock.any():
        h = pc.cast(
            pc.if_else(pc.equal(pc.struct_field(m, "h"), ""), "0", pc.struct_field(m, "h")),
            pa.float64(),
        ).to_numpy(zero_copy_only=False)
        mm = pc.cast(pc.fill_null(pc.struct_field(m, "m"), "0"), pa.float64()).to_numpy(
            zero_copy_only=False
        )
        ss = pc.cast(pc.fill_null(pc.struct_field(m, "s"), "0"), pa.float64()).to_numpy(
            zero_copy_only=False
        )
        minutes = np.nan_to_num(h) * 60 + np.nan_to_num(mm) + np.nan_to_num(ss) / 60
        number = np.where(clock, minutes, number)
        good |= clock
    empty = values.to_numpy(zero_copy_only=False) == ""
    return pd.Series(np.where(good, number, np.nan)[codes], index=series.index), (~good & ~empty)[
        codes
    ]
