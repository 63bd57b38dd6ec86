"""Generated workspaces for the model tests, made once per session."""

from __future__ import annotations

import shutil

import pytest

from fieldsales.models import build_features, evaluate
from fieldsales.sample import generate, write_workspace


@pytest.fixture(scope="session")
def tiny_ws(tmp_path_factory):
    """16 seats x 14 months: the leakage and bad-input tests, ~1 s."""
    sample = generate(reps=16, months=14, seed=4, truth_sims=1)
    return sample, write_workspace(sample, tmp_path_factory.mktemp("models") / "tiny")


@pytest.fixture(scope="session")
def gen_ws(tmp_path_factory):
    """300 seats x 30 months with the truth, also as of each month's end (~12 s)."""
    sample = generate(reps=300, months=30, seed=5, truth_sims=60, truth_at_t=True)
    return write_workspace(sample, tmp_path_factory.mktemp("models") / "gen")


@pytest.fixture(scope="session")
def gen_features(gen_ws):
    return build_features(gen_ws)


@pytest.fixture(scope="session")
def gen_evaluations(gen_ws, gen_features):
    return {
        target: evaluate(gen_ws, target, features=gen_features)
        for target in ("attrition", "underperformance")
    }


@pytest.fixture
def ws_copy(tmp_path):
    """Copy a workspace folder into the test's own tmp folder."""

    def copy(ws):
        target = tmp_path / "ws"
        shutil.copytree(ws.path, target)
        from fieldsales import Workspace

        return Workspace.open(target)

    return copy
