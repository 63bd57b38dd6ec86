"""Small generated workspaces for the app tests, made once per session."""

from __future__ import annotations

import pytest
from apps_helpers import EVIL

from fieldsales.sample import generate, write_workspace


@pytest.fixture(autouse=True)
def _platform_dirs(monkeypatch):
    # jupyter_core warns (an error here) unless told to use platformdirs
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")


@pytest.fixture(scope="session")
def small_ws(tmp_path_factory):
    """16 seats over 8 months ending 2026-10: several teams, alerts of every severity."""
    data = generate(reps=16, months=8, seed=7, end="2026-10", truth_sims=1)
    return write_workspace(data, tmp_path_factory.mktemp("apps") / "ws")


@pytest.fixture(scope="session")
def evil_ws(tmp_path_factory):
    """Like ``small_ws`` but every rep's name and one team's name are hostile HTML."""
    data = generate(reps=16, months=8, seed=7, end="2026-10", truth_sims=1)
    reps = data.tables["reps"]
    reps["name"] = EVIL + reps["rep_id"]
    first = sorted(reps.loc[reps["role"] != "manager", "team"].unique())[0]
    reps["team"] = reps["team"].where(reps["team"] != first, EVIL + "team")
    return write_workspace(data, tmp_path_factory.mktemp("apps-evil") / "ws")
