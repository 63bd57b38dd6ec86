"""Fixtures of the browser tests: one ``fieldsales serve`` and one chromium for this folder.

``playbook_server``: a running server on the sample workspace (FIELDSALES_WORKSPACE,
else build/sample-workspace), with a token. ``browser``: Debian's chromium driven by
playwright (no browser is downloaded). ``page``: a :class:`browser_helpers.WatchedPage`
in a fresh browser context; its kernels are shut down when the test ends.

Both the server and chromium are stopped as soon as the last test of this folder
has run, so their kernels do not sit through the rest of the suite.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

import pytest
from browser_helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    TIMINGS,
    VIEWPORT,
    WatchedPage,
    shutdown_kernels,
    start_server,
    stop_server,
    write_timings,
)

HERE = Path(__file__).resolve().parent
_CLOSERS: dict[str, Callable[[], None]] = {}


def _close(name: str) -> None:
    closer = _CLOSERS.pop(name, None)
    if closer is not None:
        closer()


def _need_chromium() -> None:
    if not Path(CHROMIUM).is_file():
        message = f"no {CHROMIUM}: `make test` installs Debian's chromium package"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must run these tests, not skip them
        pytest.skip(message)


@pytest.fixture(scope="session")
def sample_workspace() -> Path:
    path = Path(os.environ.get("FIELDSALES_WORKSPACE") or ROOT / "build" / "sample-workspace")
    if not (path / "manifest.json").is_file():
        pytest.skip(f"no sample workspace at {path}; `make test` builds it")
    return path


@pytest.fixture(scope="session")
def playbook_server(sample_workspace, tmp_path_factory):
    """``fieldsales serve`` on a free port, ready and idle; stopped (kernels too) at the end.

    Its log is the session's own file (``serve.log`` in a pytest temporary
    folder): several test runs may share a checkout, each with its server.
    """
    _need_chromium()
    folder = tmp_path_factory.mktemp("serve")
    log = folder / "serve.log"
    # what the tests save goes to a store of their own, not into the sample workspace
    state_url = f"sqlite:///{folder / 'state.sqlite'}"
    server = start_server(
        sample_workspace, log, token=secrets.token_urlsafe(16), state_url=state_url
    )

    def stop() -> None:
        leaked = stop_server(server)
        assert not leaked, f"processes left running after the server stopped: {leaked}"

    _CLOSERS["server"] = stop
    yield server
    _close("server")


@pytest.fixture(scope="session")
def browser():
    _need_chromium()
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    def stop() -> None:
        chromium.close()
        playwright.stop()

    _CLOSERS["browser"] = stop
    yield chromium
    _close("browser")


@pytest.fixture
def page(request, browser):
    """A page in a new context (no cookies) that refuses every request off the machine."""
    context = browser.new_context(viewport=VIEWPORT)
    watched = WatchedPage.attach(context)
    yield watched
    context.close()
    if "playbook_server" in request.fixturenames and watched.kernels:
        shutdown_kernels(request.getfixturevalue("playbook_server"), watched.kernels)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last test of this folder (its fixtures torn down), stop chromium and the server."""
    result = yield
    if nextitem is None or HERE not in Path(nextitem.path).resolve().parents:
        _close("browser")
        _close("server")
    return result


def pytest_terminal_summary(terminalreporter):
    path = write_timings()
    if path is None:
        return
    terminalreporter.section("playbook apps in the browser (seconds)")
    for app, figures in sorted(TIMINGS.items()):
        shown = ", ".join(f"{what} {value:.2f}" for what, value in sorted(figures.items()))
        terminalreporter.write_line(f"{app}: {shown}")
    terminalreporter.write_line(f"(also in {path}; screenshots beside it)")
