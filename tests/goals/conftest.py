"""A small generated workspace for the tests that read one (made once per session)."""

from __future__ import annotations

import pytest

from fieldsales.sample import generate, write_workspace


@pytest.fixture(scope="session")
def sample_ws(tmp_path_factory):
    """16 seats over 16 months ending 2026-10 (one whole year of season, a growth pool)."""
    data = generate(reps=16, months=16, seed=7, end="2026-10", truth_sims=1)
    return write_workspace(data, tmp_path_factory.mktemp("goals") / "ws")
