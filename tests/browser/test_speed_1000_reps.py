"""The apps on a 1,000-rep workspace: seconds to first view and to react to a control.

The issue's speed figures (first view within 5 s, a control within 0.5 s on
1,000 reps) are measured here in the browser and printed with the other
timings at the end of the run (and in build/screenshots/timings.json); no
test asserts on them: wall-clock time depends on the machine and its load.
The workspace is generated once for the run (1,000 seats x 24 months).
"""

from __future__ import annotations

import secrets

import pytest
from browser_helpers import apps, change_control, open_app, record, start_server, stop_server

from fieldsales.sample import generate, write_workspace

REPS = 1_000


@pytest.fixture(scope="module")
def server_1000(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reps1000")
    ws = write_workspace(generate(reps=REPS, months=24, seed=5), folder / "ws")
    server = start_server(
        ws.path,
        folder / "serve.log",
        token=secrets.token_urlsafe(16),
        state_url=f"sqlite:///{folder / 'state.sqlite'}",
        timeout=600,  # six pre-heated kernels compute their first view on 1,000 reps
    )
    yield server
    leaked = stop_server(server)
    assert not leaked, f"processes left running after the server stopped: {leaked}"


@pytest.mark.parametrize("app", apps())
def test_first_view_and_a_control_on_1000_reps(page, server_1000, app):
    record(app, f"first_view_{REPS}_reps", open_app(page, server_1000, app))
    record(app, f"control_{REPS}_reps", change_control(page.page))
    page.assert_clean()
