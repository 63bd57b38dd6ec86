"""Drive the playbook apps in Debian's chromium, offline: helpers for every browser test.

Import by name (``from browser_helpers import ...``): the test folders are not
packages. The fixtures in ``conftest.py`` beside this file give a running
``fieldsales serve`` (:class:`PlaybookServer`) and a page that records console
errors and refuses every request that leaves the machine (:class:`WatchedPage`).

Conventions the helpers rely on (``fieldsales.apps._common``):

- an app is an ``App`` widget: class ``fs-app``;
- a control a manager changes has class ``fs-control``;
- what a control changes has class ``fs-view`` (charts: ``fs-chart``).

A typical test of a new app::

    def test_goal_is_kept(page, playbook_server):
        def save(p):
            p.locator(".fs-goal input").fill("12000")
            p.get_by_role("button", name="Save").click()
            p.get_by_text("Saved").wait_for()
            return "12000"

        def read(p):
            return p.locator(".fs-goal input").input_value()

        assert survives_reload(page, playbook_server, "goal_setting", save, read) == "12000"
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = ROOT / "playbook"
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
#: Headless, and no traffic of the browser's own (updates, sync, QUIC probes).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
#: Seconds a page may take to show its app (a kernel that is not pre-heated
#: imports the library and computes its figures first, on a busy 2-core machine).
PAGE_TIMEOUT = 180
_KERNEL_WS = re.compile(r"/api/kernels/([0-9a-f-]{36})/channels")
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
#: A chart is drawn: vega's canvas or svg, or a static SVG/PNG output.
_DRAWN = "canvas.marks, svg.marks, .jp-RenderedSVG svg, .jp-RenderedImage img"


def apps() -> list[str]:
    """Names of the playbook apps (``playbook/NAME.ipynb``), the index first."""
    names = sorted(p.stem for p in PLAYBOOK.glob("*.ipynb"))
    return sorted(names, key=lambda n: n != "index")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def is_local(url: str) -> bool:
    """True for URLs that stay on this machine (loopback, data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-error"):
        return True
    return (parts.hostname or "") in _LOCAL_HOSTS


# -- the server --------------------------------------------------------------------------


@dataclass
class PlaybookServer:
    """A running ``fieldsales serve``: its address, token, process and log."""

    port: int
    token: str
    workspace: Path
    process: subprocess.Popen
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, app: str = "index", *, token: bool = True) -> str:
        """The page of ``playbook/APP.ipynb`` (with the token: the first visit needs it)."""
        query = f"?token={self.token}" if token and self.token else ""
        return f"{self.base}/voila/render/{app}.ipynb{query}"

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(text[-lines:])


def start_server(
    workspace: Path, log: Path, *, token: str = "", state_url: str = "", timeout: float = 180
):
    """Start ``fieldsales serve`` on a free port; return once it listens and is idle.

    Idle means its pre-heated kernels have run their notebooks (the process
    group's CPU use settles), so the first page view is timed as a manager
    would see it, not while every app is still being computed.
    """
    port = free_port()
    args = [sys.executable, "-m", "fieldsales.cli", "serve", str(workspace), "--port", str(port)]
    if token:
        args += ["--token", token]
    log.parent.mkdir(parents=True, exist_ok=True)
    out = log.open("w", encoding="utf-8")
    env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1", "PYTHONUNBUFFERED": "1"}
    if state_url:  # the apps save there instead of into the workspace's own store
        env["FIELDSALES_STATE_URL"] = state_url
    process = subprocess.Popen(
        args, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
    )
    out.close()
    server = PlaybookServer(port, token, workspace, process, log)
    deadline = time.monotonic() + timeout
    while "open: http" not in log.read_text(encoding="utf-8", errors="replace"):
        if process.poll() is not None:
            raise RuntimeError(
                f"fieldsales serve exited ({process.returncode}):\n{server.log_tail()}"
            )
        if time.monotonic() > deadline:
            stop_server(server)
            raise RuntimeError(
                f"fieldsales serve did not start in {timeout} s:\n{server.log_tail()}"
            )
        time.sleep(0.2)
    with urllib.request.urlopen(f"{server.base}/voila/static/voila.js", timeout=30):
        pass  # the server answers
    _wait_idle(process.pid, deadline)
    return server


def _processes() -> dict[int, tuple[int, str, int]]:
    """pid -> (parent pid, state, CPU ticks used) of every process (Linux /proc)."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        # after "(comm)": state ppid pgrp session tty tpgid flags minflt cminflt majflt
        # cmajflt utime stime
        table[int(entry)] = (int(fields[1]), fields[0], int(fields[11]) + int(fields[12]))
    return table


def process_tree(root: int) -> list[int]:
    """``root`` and every process below it (the server's kernels are its children)."""
    table = _processes()
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid in table:
            found.append(pid)
            todo.extend(p for p, (parent, _, _) in table.items() if parent == pid)
    return found


def _wait_idle(root: int, deadline: float, *, interval: float = 1.0) -> None:
    """Wait until the server and its kernels used under 10% of a core for two intervals."""
    if not os.path.isdir("/proc"):
        return
    hz = os.sysconf("SC_CLK_TCK")

    def ticks() -> int:
        table = _processes()
        return sum(table[p][2] for p in process_tree(root) if p in table)

    before, quiet = ticks(), 0
    while quiet < 2 and time.monotonic() < deadline:
        time.sleep(interval)
        now = ticks()
        quiet = quiet + 1 if (now - before) / hz < 0.1 * interval else 0
        before = now


def stop_server(server: PlaybookServer, timeout: float = 30) -> list[int]:
    """Stop the server (SIGTERM: Voila shuts its kernels down); return pids left behind.

    Processes started by the server (kernels) still running 10 s after it
    stopped are killed, and returned so a test can fail on leaked kernels.
    """
    process = server.process
    tree = process_tree(process.pid) if os.path.isdir("/proc") else []
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
    children = [pid for pid in tree if pid != process.pid]
    deadline = time.monotonic() + 10
    left = children
    while left and time.monotonic() < deadline:
        time.sleep(0.3)
        table = _processes()
        left = [pid for pid in children if pid in table and table[pid][1] != "Z"]
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return left


# -- the page ----------------------------------------------------------------------------


@dataclass
class WatchedPage:
    """A playwright page that records console errors and refuses requests off the machine.

    ``errors``: console messages of type error and uncaught page errors;
    ``external``: every URL the page tried to reach outside the machine (each
    one was aborted, as it would fail offline).
    """

    page: Any
    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    kernels: list[str] = field(default_factory=list)  # ids of the kernels its pages used

    @classmethod
    def attach(cls, context) -> WatchedPage:
        page = context.new_page()
        watched = cls(page)

        def route(route):
            url = route.request.url
            if is_local(url):
                route.continue_()
            else:
                watched.external.append(url)
                route.abort("internetdisconnected")

        context.route("**/*", route)
        page.on("console", lambda m: watched.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: watched.errors.append(f"pageerror: {e}"))

        def websocket(ws) -> None:
            if not is_local(ws.url):
                watched.external.append(ws.url)
            match = _KERNEL_WS.search(ws.url)
            if match and match.group(1) not in watched.kernels:
                watched.kernels.append(match.group(1))

        page.on("websocket", websocket)
        return watched

    def assert_clean(self) -> None:
        assert not self.external, f"requests leaving the machine: {self.external}"
        assert not self.errors, "browser console errors:\n" + "\n".join(self.errors)


def shutdown_kernels(server: PlaybookServer, kernel_ids: list[str]) -> None:
    """Shut the kernels of closed pages down now instead of when the culler finds them.

    Voila's page asks for this itself when it unloads, but not when the test
    closes the browser context; a request authenticated by the token header.
    """
    for kernel_id in kernel_ids:
        request = urllib.request.Request(
            f"{server.base}/api/kernels/{kernel_id}",
            method="DELETE",
            headers={"Authorization": f"token {server.token}"} if server.token else {},
        )
        try:
            urllib.request.urlopen(request, timeout=30).close()
        except urllib.error.HTTPError as exc:  # 404: already gone
            exc.close()
        except OSError:
            pass  # the server is stopping anyway


def open_app(watched: WatchedPage, server: PlaybookServer, app: str) -> float:
    """Open ``app`` and wait until it shows with its charts drawn; return the seconds taken."""
    page = watched.page
    start = time.perf_counter()
    page.goto(server.url(app), timeout=PAGE_TIMEOUT * 1000)
    page.wait_for_selector(".fs-app", state="visible", timeout=PAGE_TIMEOUT * 1000)
    wait_for_charts(page)
    return time.perf_counter() - start


def wait_for_charts(page, timeout: float = 60) -> int:
    """Wait until every ``.fs-chart`` shows a drawn chart or a message; return charts drawn."""
    page.wait_for_function(
        """(drawn) => [...document.querySelectorAll('.fs-chart')].every(
               c => c.querySelector(drawn) || c.innerText.trim().length > 0)""",
        arg=_DRAWN,
        timeout=timeout * 1000,
    )
    return page.locator(f".fs-chart :is({_DRAWN})").count()


def view_text(page) -> str:
    """What the ``fs-view`` parts show, as text: compare it before and after a change."""
    return page.evaluate(
        "[...document.querySelectorAll('.fs-view')].map(e => e.innerText).join('\\n---\\n')"
    )


def change_control(page, index: int = 0) -> float:
    """Change the ``index``-th ``fs-control`` (dropdown: next option; checkbox: toggle;
    button: click) and wait until the ``fs-view`` text changes; return the seconds taken.
    """
    control = page.locator(".fs-control").nth(index)
    before = view_text(page)
    select = control.locator("select")
    checkbox = control.locator("input[type=checkbox]")
    start = time.perf_counter()
    if select.count():
        values = select.locator("option").evaluate_all("(os) => os.map(o => o.value)")
        current = select.input_value()
        choice = next(v for v in values[1:] + values[:1] if v != current)
        select.select_option(value=choice)
    elif checkbox.count():
        checkbox.first.click()
    elif control.locator("button").count():
        control.locator("button").first.click()
    else:
        control.click()
    page.wait_for_function(
        """(before) => [...document.querySelectorAll('.fs-view')]
               .map(e => e.innerText).join('\\n---\\n') !== before""",
        arg=before,
        timeout=PAGE_TIMEOUT * 1000,
    )
    return time.perf_counter() - start


def screenshot(page, name: str) -> Path:
    """The whole app as ``build/screenshots/NAME.png`` (Voila scrolls inside the page)."""
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(int(height) + 20, 8000)})
    page.wait_for_timeout(300)  # let vega redraw at the new size
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(VIEWPORT)
    return path


def survives_reload(
    watched: WatchedPage,
    server: PlaybookServer,
    app: str,
    save: Callable[[Any], Any],
    read: Callable[[Any], Any],
) -> Any:
    """Save something in ``app``, reload the page, and return what it shows then.

    ``save(page)`` makes the change and waits until the app confirms it was
    stored (it returns the value saved); ``read(page)`` reads the value shown.
    The reload gets a new kernel: the value must come from the state store.
    Asserts that the value read after the reload equals the one saved.

    An app that shows saved decisions must read them once the page is asked
    for (``fieldsales.apps.wait_for_viewer``), or the reloaded page, served by
    a kernel pre-heated before the save, shows the store as it was.
    """
    open_app(watched, server, app)
    saved = save(watched.page)
    watched.page.reload(timeout=PAGE_TIMEOUT * 1000)
    watched.page.wait_for_selector(".fs-app", state="visible", timeout=PAGE_TIMEOUT * 1000)
    shown = read(watched.page)
    assert shown == saved, f"{app}: saved {saved!r}, after a reload the page shows {shown!r}"
    return shown


# -- timings -----------------------------------------------------------------------------

TIMINGS: dict[str, dict[str, float]] = {}


def record(app: str, what: str, seconds: float) -> None:
    """Keep a timing (printed at the end of the run and written to timings.json)."""
    TIMINGS.setdefault(app, {})[what] = round(seconds, 3)


def write_timings() -> Path | None:
    if not TIMINGS:
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / "timings.json"
    path.write_text(json.dumps(TIMINGS, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path
