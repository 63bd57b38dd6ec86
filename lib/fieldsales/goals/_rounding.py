"""Split a total into parts that add up exactly: the largest-remainder method.

Each part first gets its exact share rounded down to the smallest unit (a
cent for money, one for counts); the units still missing go, one each, to the
parts whose shares lost the most in that rounding (ties: the earlier part).
So the parts always add up to the total, to the unit, at every level.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np

__all__ = ["to_units", "split_units", "split_units_many", "split_exactly"]


def to_units(value: float, decimals: int) -> int:
    """``value`` in whole smallest units (``decimals=2``: cents), rounded half up."""
    scaled = Decimal(repr(float(value))).scaleb(decimals)
    return int(scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def split_units(units: int, weights: Sequence[float]) -> list[int]:
    """``units`` (a whole number, 0 or more) split in proportion to ``weights``, exactly.

    Weights must be 0 or more with a positive sum; arithmetic is exact
    (fractions), so the result never depends on floating-point noise.
    """
    if units < 0:
        raise ValueError(f"cannot split a negative total ({units})")
    exact = [Fraction(w) for w in weights]
    if any(w < 0 for w in exact) or sum(exact) <= 0:
        raise ValueError(f"weights must be 0 or more and not all 0, got {list(weights)}")
    total = sum(exact)
    shares = [units * w / total for w in exact]
    parts = [s.numerator // s.denominator for s in shares]
    left = units - sum(parts)
    order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def split_units_many(units: Sequence[int], weights: Sequence[float]) -> np.ndarray:
    """:func:`split_units` of every total in ``units`` by the same ``weights``, at once.

    Returns an integer array of shape ``(len(units), len(weights))`` equal, row
    by row, to :func:`split_units`: the weights become whole numbers over their
    common denominator (exactly), and Python integers carry the products.
    """
    exact = [Fraction(w) for w in weights]
    if any(w < 0 for w in exact) or sum(exact) <= 0:
        raise ValueError(f"weights must be 0 or more and not all 0, got {list(weights)}")
    totals = [int(u) for u in units]
    if any(u < 0 for u in totals):
        raise ValueError(f"cannot split a negative total ({min(totals)})")
    common = math.lcm(*(w.denominator for w in exact))
    whole = np.array([int(w * common) for w in exact], dtype=object)
    total = int(whole.sum())
    products = np.array(totals, dtype=object).reshape(-1, 1) * whole.reshape(1, -1)
    parts, rest = products // total, products % total
    left = np.array(totals, dtype=object) - parts.sum(axis=1)
    # the units left go to the largest remainders, the earlier part first on a tie
    rank = np.argsort(np.argsort(-rest, axis=1, kind="stable"), axis=1, kind="stable")
    parts = parts + (rank < left.reshape(-1, 1).astype(np.int64))
    return parts.astype(np.int64)


def split_exactly(total: float, weights: Sequence[float], decimals: int = 2) -> list[float]:
    """``total`` split in proportion to ``weights``, rounded to ``decimals`` places.

    The parts add up to ``total`` rounded to ``decimals`` places, exactly: in
    whole units (``round(part * 10**decimals)``) the sum is the total's.

    >>> split_exactly(100.0, [1, 1, 1])
    [33.34, 33.33, 33.33]
    """
    units = split_units(to_units(total, decimals), weights)
    scale = 10**decimals
    return [round(u / scale, decimals) for u in units]
