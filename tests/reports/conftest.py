"""Fixtures for the reports tests: the shipped sample and a workspace with hostile strings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from reports_helpers import EVIL_ID, EVIL_NAME

from fieldsales.sample import generate, write_workspace

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _platform_dirs(monkeypatch):
    # jupyter_core warns (an error here) unless told to use platformdirs
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")


@pytest.fixture(scope="session")
def sample_ws() -> Path:
    """The shipped 60-rep sample (``make demo`` / ``make test`` build it)."""
    path = Path(os.environ.get("FIELDSALES_WORKSPACE") or ROOT / "build" / "sample-workspace")
    if not (path / "manifest.json").is_file():
        pytest.skip(f"no sample workspace at {path}; run make demo")
    return path


@pytest.fixture(scope="session")
def evil_ws(tmp_path_factory) -> Path:
    """A small workspace where rep R00002 has a hostile id and name."""
    data = generate(reps=8, months=6, seed=3)
    for df in data.tables.values():
        for col in ("rep_id", "owner_rep_id", "manager_id"):
            if col in df.columns:
                df[col] = df[col].where(df[col] != "R00002", EVIL_ID)
    reps = data.tables["reps"]
    reps.loc[reps["rep_id"] == EVIL_ID, "name"] = EVIL_NAME
    path = tmp_path_factory.mktemp("evil") / "ws"
    write_workspace(data, path)
    return path
