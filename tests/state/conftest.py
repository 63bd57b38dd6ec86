"""Fixtures of the decisions store tests: a fresh SQLite store per test."""

from __future__ import annotations

import pytest

from fieldsales.state import ENV_URL, open_store


@pytest.fixture(autouse=True)
def _no_store_env(monkeypatch):
    """Tests choose their store; the caller's environment must not redirect them."""
    monkeypatch.delenv(ENV_URL, raising=False)
    monkeypatch.delenv("FIELDSALES_WORKSPACE", raising=False)
    monkeypatch.setenv("FIELDSALES_TODAY", "2026-06-15")


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "state.sqlite") as opened:
        yield opened
