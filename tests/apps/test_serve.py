"""`fieldsales serve`: what is checked before Voila starts, and how Voila is configured.

The server itself runs in tests/browser (a real process, a real browser).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from fieldsales import serve
from fieldsales.exceptions import ConfigError, WorkspaceNotFoundError

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args, **env):
    return subprocess.run(
        [sys.executable, "-m", "fieldsales.cli", "serve", *map(str, args)],
        capture_output=True, text=True, timeout=120, env={**os.environ, **env},
    )  # fmt: skip


def test_the_playbook_folder_of_the_checkout_is_found():
    assert serve.playbook_dir() == ROOT / "playbook"
    assert (serve.playbook_dir() / "index.ipynb").is_file()


@pytest.mark.parametrize(
    ("ip", "loopback"),
    [("127.0.0.1", True), ("127.0.0.2", True), ("localhost", True), ("::1", True),
     ("[::1]", True), ("0.0.0.0", False), ("", False), ("192.168.1.20", False),
     ("::", False), ("myhost.example", False)],
)  # fmt: skip
def test_loopback_addresses(ip, loopback):
    assert serve.is_loopback(ip) is loopback


def test_local_address_needs_no_token(small_ws):
    settings = serve.prepare(small_ws.path)
    assert (settings.ip, settings.port, settings.token) == ("127.0.0.1", 8866, "")
    assert settings.url == "http://127.0.0.1:8866/voila/render/index.ipynb"
    assert settings.workspace == small_ws.path.resolve()


def test_any_other_address_gets_a_generated_token(small_ws):
    one = serve.prepare(small_ws.path, ip="0.0.0.0", port=9000)
    two = serve.prepare(small_ws.path, ip="0.0.0.0", port=9000)
    assert one.token_generated and len(one.token) >= 32 and one.token != two.token
    assert one.url.endswith(f":9000/voila/render/index.ipynb?token={one.token}")
    assert one.token in serve._banner(one)


def test_a_given_token_is_used(small_ws):
    settings = serve.prepare(small_ws.path, ip="0.0.0.0", token="s3cret-value")
    assert settings.token == "s3cret-value" and not settings.token_generated
    local = serve.prepare(small_ws.path, token="a&b c")  # allowed locally too
    assert local.url.endswith("?token=a%26b%20c")
    assert serve.prepare(small_ws.path, ip="[::1]").ip == "::1"


def test_bad_settings_are_refused_before_anything_starts(small_ws, tmp_path):
    with pytest.raises(WorkspaceNotFoundError, match="no workspace at"):
        serve.prepare(tmp_path / "nothing")
    with pytest.raises(ConfigError, match="--port must be between 1 and 65535, got 0"):
        serve.prepare(small_ws.path, port=0)
    with pytest.raises(ConfigError, match="--token is empty"):
        serve.prepare(small_ws.path, token="  ")
    with pytest.raises(ConfigError, match="no index.ipynb in the playbook folder"):
        serve.prepare(small_ws.path, playbook=tmp_path)


def test_a_port_in_use_is_a_clear_error(small_ws):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        settings = serve.prepare(small_ws.path, port=port)
        with pytest.raises(ConfigError, match=rf"port {port} on 127.0.0.1 is in use"):
            serve._check_port(settings)


def test_voila_configuration(small_ws):
    settings = serve.prepare(small_ws.path, ip="0.0.0.0", port=8999)
    c = serve.voila_config(settings)
    assert c.Voila.ip == "0.0.0.0" and c.Voila.port == 8999 and c.Voila.port_retries == 0
    assert c.Voila.token == settings.token
    assert c.Voila.root_dir == str(ROOT / "playbook")
    assert c.Voila.config_file_paths == []  # no stray voila.json can turn tracebacks on
    assert c.VoilaConfiguration.show_tracebacks is False
    assert c.VoilaConfiguration.strip_sources is True
    assert c.VoilaExecutor.show_tracebacks is False
    assert c.VoilaConfiguration.preheat_kernel is True
    assert c.VoilaConfiguration.default_pool_size == 1
    assert c.VoilaKernelManager.preheat_denylist == serve.not_preheated(ROOT / "playbook")
    assert c.VoilaConfiguration.template == "fieldsales"
    assert c.VoilaConfiguration.extension_denylist == ["jupyterlab-jupytext"]
    assert 0 < c.VoilaExecutor.timeout <= 600
    assert "fieldsales serve" in c.VoilaExecutor.cell_error_instruction
    assert c.MappingKernelManager.cull_idle_timeout > 0
    assert c.MappingKernelManager.cull_connected is False  # an open page keeps its kernel
    assert "token" not in serve.voila_config(serve.prepare(small_ws.path)).Voila


def test_apps_showing_saved_decisions_can_opt_out_of_preheating(tmp_path):
    import nbformat

    for name, metadata in [("index", {}), ("goals", {"fieldsales": {"preheat": False}}),
                           ("other", {"fieldsales": {"preheat": True}})]:  # fmt: skip
        nb = nbformat.v4.new_notebook(metadata=metadata)
        nbformat.write(nb, tmp_path / f"{name}.ipynb")
    (tmp_path / "broken.ipynb").write_text("{not json", encoding="utf-8")
    assert serve.not_preheated(tmp_path) == ["goals.ipynb"]
    assert "index.ipynb" not in serve.not_preheated(ROOT / "playbook")  # read-only: pre-heated


def test_the_environment_given_to_kernels(small_ws, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", "/somewhere")
    monkeypatch.delenv("FIELDSALES_WORKSPACE", raising=False)
    serve._environment(serve.prepare(small_ws.path))
    assert os.environ["FIELDSALES_WORKSPACE"] == str(small_ws.path.resolve())
    assert os.environ["JUPYTER_PATH"].split(os.pathsep) == [str(serve.TEMPLATE_ROOT), "/somewhere"]
    assert "FIELDSALES_SHARED_SERVER" not in os.environ  # localhost: one person's machine


def test_a_server_others_reach_asks_each_manager_for_a_name(small_ws, monkeypatch):
    """Beyond localhost the login name is the server's account: "Your name" starts empty."""
    from fieldsales.apps import default_user

    monkeypatch.delenv("FIELDSALES_USER", raising=False)
    monkeypatch.delenv("FIELDSALES_SHARED_SERVER", raising=False)
    monkeypatch.setenv("JUPYTER_PATH", "")
    monkeypatch.setenv("FIELDSALES_WORKSPACE", "")
    assert default_user() != ""  # this machine's login name
    serve._environment(serve.prepare(small_ws.path, ip="0.0.0.0", token="t0k3n"))
    assert os.environ["FIELDSALES_SHARED_SERVER"] == "1"
    assert default_user() == ""
    monkeypatch.setenv("FIELDSALES_USER", "li.wei")  # a server for one manager may name them
    assert default_user() == "li.wei"


def test_the_template_links_nothing_outside_the_server():
    folder = serve.TEMPLATE_ROOT / "voila" / "templates" / serve.TEMPLATE
    conf = json.loads((folder / "conf.json").read_text(encoding="utf-8"))
    assert conf == {"base_template": "lab"}
    for path in folder.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "://" not in text, f"{path.name} links outside the server"
    # the lab template we replace still holds the CDN links (else drop our copy of its block)
    import voila.paths

    lab = Path(voila.paths.collect_template_paths(["voila"], "lab", prune=True)[0])
    assert "cdn.jsdelivr.net" in (lab / "index.html.j2").read_text(encoding="utf-8")


def test_cli_rejects_a_missing_workspace_with_exit_2(tmp_path):
    proc = run_cli(tmp_path / "nothing")
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("error: no workspace at") and "Traceback" not in proc.stderr


def test_cli_help_documents_the_options():
    proc = run_cli("--help")
    assert proc.returncode == 0
    for option in ("--port", "--ip", "--token"):
        assert option in proc.stdout
