"""Largest-remainder splits: the parts add up to the total, to the unit, always."""

from __future__ import annotations

import numpy as np
import pytest

from fieldsales.goals import split_exactly, split_units, split_units_many, to_units


def test_thirds_of_a_hundred():
    # 10000 cents / 3 = 3333.33 each: floors 3333 x 3 = 9999, the one cent left goes to the
    # first of the equal remainders.
    assert split_units(10_000, [1, 1, 1]) == [3334, 3333, 3333]
    assert split_exactly(100.0, [1, 1, 1]) == [33.34, 33.33, 33.33]


def test_the_largest_remainders_get_the_units_left():
    # 10 units by weights 1, 2, 7 (sum 10): 1, 2, 7 exactly, nothing left over.
    assert split_units(10, [1, 2, 7]) == [1, 2, 7]
    # 10 units by 1, 1, 1, 3 (sum 6): shares 1.667, 1.667, 1.667, 5 -> floors 1, 1, 1, 5
    # (8); two units left go to the two largest remainders (.667, first two by order).
    assert split_units(10, [1, 1, 1, 3]) == [2, 2, 1, 5]
    # a zero weight gets nothing
    assert split_units(5, [0, 1, 0]) == [0, 5, 0]


def test_to_units_rounds_half_up_on_the_written_value():
    # 0.125 and 2.675 are written that way (repr); half up gives 13 and 268 cents, where
    # binary floating point would give 12 and 267.
    assert to_units(0.125, 2) == 13
    assert to_units(2.675, 2) == 268
    assert to_units(1234.5, 0) == 1235


@pytest.mark.parametrize("weights", [[], [0, 0], [1, -1]])
def test_bad_weights_are_refused(weights):
    with pytest.raises(ValueError, match="weights must be 0 or more"):
        split_units(10, weights)


def test_a_negative_total_is_refused():
    with pytest.raises(ValueError, match="negative"):
        split_units(-1, [1])


def test_sums_are_exact_on_many_random_splits():
    rng = np.random.default_rng(3)
    for _ in range(500):
        total = float(np.round(rng.uniform(0, 2_000_000), 2))
        weights = list(rng.uniform(0, 1, rng.integers(1, 14)))
        weights[0] += 1e-9  # never all zero
        parts = split_exactly(total, weights)
        assert sum(round(p * 100) for p in parts) == round(total * 100)
        assert all(p >= 0 for p in parts)
        # no part is more than one cent away from its exact share
        exact = np.array(weights) / sum(weights) * total
        assert np.all(np.abs(np.array(parts) - exact) <= 0.01 + 1e-9)


def test_many_totals_at_once_split_like_one_by_one():
    rng = np.random.default_rng(11)
    for _ in range(200):
        weights = list(rng.uniform(0, 1, rng.integers(1, 13)))
        weights[0] += 1e-9
        if rng.random() < 0.3:  # working days: whole numbers
            weights = [int(w * 10) + 1 for w in weights]
        totals = rng.integers(0, 10**11, 5)
        many = split_units_many(totals, weights)
        assert many.shape == (5, len(weights))
        for row, total in zip(many, totals, strict=True):
            assert list(row) == split_units(int(total), weights)
    with pytest.raises(ValueError, match="negative"):
        split_units_many([-1], [1])
