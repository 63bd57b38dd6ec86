"""Shared helpers for the import tests: fixture paths and a fixed 'today'."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2026, 10, 31)


@pytest.fixture
def fixture_path():
    return lambda name: FIXTURES / name
