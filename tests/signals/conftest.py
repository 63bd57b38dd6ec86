"""Fixtures for the signals tests: the KPI tests' hand-built workspace, re-exported.

``tests/kpis/conftest.py`` is loaded by path (the test folders are not
packages), so its ``hand_tables`` and ``hand_ws`` are the very same.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from fieldsales.sample import generate, write_workspace
from fieldsales.signals import monthly_panel

_spec = importlib.util.spec_from_file_location(
    "_kpis_hand_workspace", Path(__file__).resolve().parents[1] / "kpis" / "conftest.py"
)
_kpis = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_kpis)

hand_tables = _kpis.hand_tables
hand_ws = _kpis.hand_ws  # session-scoped fixture: data end 2026-02-27


@pytest.fixture
def hand_frames():
    """Fresh copies of the hand-built tables, to drop or change some."""
    return hand_tables()


@pytest.fixture(scope="session")
def generated(tmp_path_factory):
    """300 seats x 36 months (seed 3) as a workspace, with its monthly panel: ~3 s."""
    sample = generate(reps=300, months=36, seed=3, truth_sims=1)
    ws = write_workspace(sample, tmp_path_factory.mktemp("signals") / "ws")
    return sample, ws, monthly_panel(ws, months=36)
