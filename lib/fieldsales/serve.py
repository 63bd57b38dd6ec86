"""``fieldsales serve``: the manager's playbook apps on Voila, offline and private by default.

>>> from fieldsales.serve import prepare, run                       # doctest: +SKIP
>>> run(prepare("build/sample-workspace"))                          # doctest: +SKIP

What it sets up, and why (``docs/playbook.md`` for users):

- binds 127.0.0.1 unless told otherwise; any other address needs a token
  (generated with :mod:`secrets` and printed, or given);
- no traceback and no source code reaches a page (``show_tracebacks`` off,
  ``strip_sources`` on); cell errors and timeouts say to look at the server log;
- one pre-heated kernel per notebook (team health: first view ~2 s instead of ~12 s); apps
  showing saved decisions wait for the page request before reading them
  (:func:`fieldsales.apps.wait_for_viewer`); a notebook may opt out (:func:`not_preheated`);
- kernels whose page never connected, or was closed, are culled after
  :data:`CULL_IDLE_SECONDS` (the XSRF check is off so that Voila 0.5's own
  shutdown request on closing a tab, which lacks the token, is accepted: voila
  issue 1458); an open page keeps
  its kernel;
- a cell running longer than :data:`CELL_TIMEOUT_SECONDS` fails instead of
  leaving a blank page;
- the ``fieldsales`` Voila template: the lab template without the Font
  Awesome CDN links, so a page makes no request outside the server;
- ``FIELDSALES_WORKSPACE`` is set for the kernels, so the notebooks' empty
  ``workspace`` parameter opens the workspace served.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .config import SHARED_SERVER
from .exceptions import ConfigError
from .workspace import Workspace

__all__ = [
    "ServeSettings",
    "prepare",
    "voila_config",
    "run",
    "playbook_dir",
    "not_preheated",
    "is_loopback",
    "DEFAULT_PORT",
    "DEFAULT_IP",
    "CULL_IDLE_SECONDS",
    "CULL_INTERVAL_SECONDS",
    "CELL_TIMEOUT_SECONDS",
    "TEMPLATE",
]

DEFAULT_PORT = 8866
DEFAULT_IP = "127.0.0.1"
#: A kernel with no page connected and no activity for this long is shut down.
CULL_IDLE_SECONDS = 600
#: How often idle kernels are looked for.
CULL_INTERVAL_SECONDS = 60
#: Longest a notebook cell may run while a page renders.
CELL_TIMEOUT_SECONDS = 180
#: Pre-heated kernels kept ready per notebook.
POOL_SIZE = 1
#: JupyterLab extensions installed for analysts that fail in a Voila page (a console error).
LAB_EXTENSIONS_OFF = ["jupyterlab-jupytext"]
#: The Voila template shipped in ``fieldsales/apps/_voila`` (lab, without CDN links).
TEMPLATE = "fieldsales"
TEMPLATE_ROOT = Path(__file__).resolve().parent / "apps" / "_voila"
_FIRST_APP = "index.ipynb"
_ASK_ADMIN = (
    "Ask whoever runs `fieldsales serve` to look at the messages in its terminal, "
    "then reload this page."
)


@dataclass(frozen=True)
class ServeSettings:
    """Everything :func:`run` needs, checked by :func:`prepare`."""

    workspace: Path
    playbook: Path
    ip: str
    port: int
    token: str  # "" = no token (only on a loopback address)
    token_generated: bool = False

    @property
    def url(self) -> str:
        """The first app's address, with the token when there is one."""
        host = self.ip
        if host in ("", "0.0.0.0", "::"):
            import socket

            host = socket.gethostname()
        elif ":" in host:
            host = f"[{host}]"
        query = f"?token={quote(self.token, safe='')}" if self.token else ""
        return f"http://{host}:{self.port}/voila/render/{_FIRST_APP}{query}"


def playbook_dir() -> Path:
    """The ``playbook/`` folder of the checkout this package runs from.

    fieldsales is installed editable (``pip install -e .``, as ``make install``
    does) from a clone of the repository; the notebooks are not inside the
    package, so a wheel install has none.
    """
    root = Path(__file__).resolve().parents[2]
    folder = root / "playbook"
    if not (folder / _FIRST_APP).is_file():
        raise ConfigError(
            f"no playbook notebooks at {folder} (expected {_FIRST_APP} there): `fieldsales serve` "
            "runs from a clone of the fieldsales repository installed with `pip install -e .` "
            "(`make install` does this); this fieldsales is installed from "
            f"{Path(__file__).resolve().parent}"
        )
    return folder


def is_loopback(ip: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if ip.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def prepare(
    workspace: str | os.PathLike,
    *,
    ip: str = DEFAULT_IP,
    port: int = DEFAULT_PORT,
    token: str | None = None,
    playbook: str | os.PathLike | None = None,
) -> ServeSettings:
    """Check the workspace, address and token; generate a token when one is needed.

    Raises :class:`~fieldsales.exceptions.FieldsalesError` subclasses with a
    message saying what to change; nothing is started.
    """
    ws = Workspace.open(workspace)
    ws.verify(content=False)
    folder = Path(playbook) if playbook is not None else playbook_dir()
    if not (folder / _FIRST_APP).is_file():
        raise ConfigError(f"no {_FIRST_APP} in the playbook folder {folder}")
    if not 1 <= port <= 65535:
        raise ConfigError(f"--port must be between 1 and 65535, got {port}")
    ip = ip.strip()
    if ip.startswith("[") and ip.endswith("]"):  # [::1] as in a URL
        ip = ip[1:-1]
    if token is not None and not token.strip():
        raise ConfigError("--token is empty; give a long random value, or leave it out")
    generated = False
    if token is None and not is_loopback(ip):
        token, generated = secrets.token_urlsafe(24), True
    return ServeSettings(
        workspace=ws.path.resolve(),
        playbook=folder.resolve(),
        ip=ip,
        port=port,
        token=(token or "").strip(),
        token_generated=generated,
    )


def not_preheated(playbook: Path) -> list[str]:
    """Notebooks whose metadata holds ``"fieldsales": {"preheat": false}``.

    A pre-heated kernel runs its notebook before anyone asks for the page. The
    apps that show saved decisions wait for the request before reading them
    (:func:`fieldsales.apps.wait_for_viewer`); a notebook that cannot may opt
    out of pre-heating and then runs, imports included, when requested.
    """
    names = []
    for path in sorted(playbook.glob("*.ipynb")):
        try:
            metadata = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        except (OSError, ValueError):
            continue  # Voila reports an unreadable notebook when it is asked for
        if (metadata.get("fieldsales") or {}).get("preheat") is False:
            names.append(path.name)
    return names


def voila_config(settings: ServeSettings):
    """The traitlets ``Config`` of the Voila server :func:`run` starts."""
    from traitlets.config import Config

    c = Config()
    c.Voila.ip = settings.ip
    c.Voila.port = settings.port
    c.Voila.port_retries = 0  # the printed URL is the one served, or the start fails
    c.Voila.root_dir = str(settings.playbook)
    c.Voila.config_file_paths = []  # no voila.json from the cwd or ~/.jupyter overrides these
    c.Voila.open_browser = True  # our launch_browser prints the URL once the port is bound
    if settings.token:
        c.Voila.token = settings.token
    # Voila 0.5's page posts its kernel's shutdown without the _xsrf token when the tab
    # closes (voila-dashboards/voila#1458): refused with a 403, the kernel (~190 MB) then
    # lived until culled. What the check guarded here is that shutdown, of a kernel whose
    # random id another site cannot know; off another address, the token guards the pages.
    c.Voila.tornado_settings = {"disable_check_xsrf": True}
    c.VoilaConfiguration.template = TEMPLATE
    c.VoilaConfiguration.show_tracebacks = False
    c.VoilaConfiguration.strip_sources = True
    c.VoilaConfiguration.preheat_kernel = True
    c.VoilaConfiguration.default_pool_size = POOL_SIZE
    c.VoilaKernelManager.preheat_denylist = not_preheated(settings.playbook)
    c.VoilaConfiguration.extension_denylist = LAB_EXTENSIONS_OFF
    c.VoilaExecutor.timeout = CELL_TIMEOUT_SECONDS
    c.VoilaExecutor.show_tracebacks = False
    c.VoilaExecutor.cell_error_instruction = _ASK_ADMIN
    c.VoilaExecutor.cell_timeout_instruction = _ASK_ADMIN
    c.MappingKernelManager.cull_idle_timeout = CULL_IDLE_SECONDS
    c.MappingKernelManager.cull_interval = CULL_INTERVAL_SECONDS
    c.MappingKernelManager.cull_connected = False
    c.MappingKernelManager.cull_busy = False
    return c


def _environment(settings: ServeSettings) -> None:
    """Variables the server and its kernels (which inherit them) need."""
    os.environ["FIELDSALES_WORKSPACE"] = str(settings.workspace)
    paths = [str(TEMPLATE_ROOT)] + [p for p in os.environ.get("JUPYTER_PATH", "").split(
        os.pathsep) if p and p != str(TEMPLATE_ROOT)]  # fmt: skip
    os.environ["JUPYTER_PATH"] = os.pathsep.join(paths)
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    # other people reach this server: the account it runs under is nobody's name to
    # save decisions with, so the apps ask for one (fieldsales.apps.default_user)
    if is_loopback(settings.ip):
        os.environ.pop(SHARED_SERVER, None)
    else:
        os.environ[SHARED_SERVER] = "1"


def _banner(settings: ServeSettings) -> str:
    lines = [
        f"fieldsales playbook for workspace {settings.workspace}",
        f"open: {settings.url}",
    ]
    if settings.token_generated:
        lines.append(
            f"listening on {settings.ip or 'every address'}: a token was generated for this run; "
            "the link above carries it (or give your own with --token)"
        )
    elif settings.token:
        lines.append("the link above carries the token given with --token; share it privately")
    lines.append("stop with Ctrl-C")
    return "\n".join(lines)


def _check_port(settings: ServeSettings) -> None:
    """Fail with a clear message when the address cannot be bound (Voila would only log it)."""
    import errno
    import socket

    host = settings.ip or "0.0.0.0"
    try:
        infos = socket.getaddrinfo(host, settings.port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ConfigError(
            f"--ip {settings.ip!r} is not an address of this machine: {exc}"
        ) from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ConfigError(
                    f"port {settings.port} on {host} is in use (another `fieldsales serve`?); "
                    "stop it or choose another port with --port"
                ) from None
            raise ConfigError(f"cannot listen on {host}:{settings.port}: {exc.strerror}") from None


def run(settings: ServeSettings) -> None:
    """Start Voila on ``settings`` and block until stopped (Ctrl-C, SIGTERM)."""
    try:
        from voila.app import Voila
    except ImportError:
        raise ConfigError(
            "fieldsales serve needs Voila, from the notebooks extra: "
            "pip install -e '.[notebooks]' (make install installs it)"
        ) from None
    _check_port(settings)
    _environment(settings)

    class PlaybookVoila(Voila):
        """Voila that prints fieldsales's own banner once the port is bound."""

        def launch_browser(self):  # called by Voila.listen right after binding
            print(_banner(settings), flush=True)

    app = PlaybookVoila(config=voila_config(settings))
    app.initialize([])
    try:
        app.start()
    except KeyboardInterrupt:  # pragma: no cover - Voila handles it inside start
        pass
    sys.stdout.flush()
