"""Fixtures shared across the suite: small generated data, made once per session."""

from __future__ import annotations

import pytest

from fieldsales.sample import generate


@pytest.fixture(scope="session")
def tiny_sample():
    """Eight seats over six months: every table filled, generated in well under a second."""
    return generate(reps=8, months=6, seed=3)


@pytest.fixture
def tiny_tables(tiny_sample):
    """Fresh copies of the tiny sample's tables, safe to modify in a test."""
    return {name: df.copy() for name, df in tiny_sample.tables.items()}
