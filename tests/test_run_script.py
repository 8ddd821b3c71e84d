"""run.py: the one command of the README. Only the parts that run without building an environment."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def run_py():
    spec = importlib.util.spec_from_file_location("backnotes_run_script", REPO / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_usage_without_a_command():
    proc = subprocess.run([sys.executable, str(REPO / "run.py")], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 2
    for command in ("run.py lab", "run.py test", "run.py bench", "run.py book"):
        assert command in proc.stdout


def test_named_paths_replace_the_default_ones(run_py):
    assert run_py._has_paths(["-x", "tests/test_packaging.py"])
    assert run_py._has_paths(["tests/test_packaging.py::test_import_is_light"])
    assert not run_py._has_paths(["-x", "-k", "browser"])
    assert not run_py._has_paths(["-m", "not browser"])


def test_venv_python_per_platform(run_py, monkeypatch):
    monkeypatch.setattr(run_py.os, "name", "nt")
    assert run_py.venv_python().parts[-2:] == ("Scripts", "python.exe")
    monkeypatch.setattr(run_py.os, "name", "posix")
    assert run_py.venv_python().parts[-2:] == ("bin", "python")


def test_stamp_follows_pyproject(run_py, tmp_path, monkeypatch):
    monkeypatch.setattr(run_py, "VENV", tmp_path)
    assert run_py.read_stamp() == {}
    (tmp_path / run_py.STAMP_NAME).write_text('{"pyproject": "x", "extras": ["test"]}')
    assert run_py.read_stamp()["extras"] == ["test"]
    assert run_py.pyproject_hash() != "x" and len(run_py.pyproject_hash()) == 64


def test_usage_names_the_app():
    proc = subprocess.run([sys.executable, str(REPO / "run.py")], capture_output=True, text=True, cwd=REPO)
    assert "run.py app" in proc.stdout and "--no-browser --port N" in proc.stdout


def test_app_options(run_py):
    assert run_py.app_options([]) == (True, None, [])
    assert run_py.app_options(["--no-browser", "--port", "8866"]) == (False, 8866, [])
    assert run_py.app_options(["--port=9000", "--theme=dark"]) == (True, 9000, ["--theme=dark"])


@pytest.mark.parametrize("args, message", [
    (["--port", "abc"], "--port: expected a whole number from 1 to 65535, got 'abc'"),
    (["--port=0"], "got '0'"),
    (["--port", "70000"], "got '70000'"),
    (["--port"], "--port needs a number"),
])
def test_app_bad_port_is_a_clear_error(run_py, capsys, args, message):
    with pytest.raises(SystemExit) as exc:
        run_py.app_options(args)
    assert exc.value.code == 1
    assert message in capsys.readouterr().err


def test_voila_command_serves_the_app_notebook_on_that_port_only(run_py):
    cmd = run_py.voila_command("py", 8123, open_browser=False, extra=["--theme=dark"])
    assert cmd[:4] == ["py", "-m", "voila", "notebooks/app.ipynb"]
    assert (REPO / cmd[3]).is_file()
    for part in ("--port=8123", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--no-browser"):
        assert part in cmd
    assert cmd[-1] == "--theme=dark"  # the person's own options come last and win
    assert "--no-browser" not in run_py.voila_command("py", 8123, open_browser=True)


def test_the_app_culls_kernels_whose_page_is_gone(run_py):
    cmd = run_py.voila_command("py", 8123, open_browser=False)
    assert f"--MappingKernelManager.cull_idle_timeout={run_py.CULL_IDLE_TIMEOUT_S}" in cmd
    assert f"--MappingKernelManager.cull_interval={run_py.CULL_INTERVAL_S}" in cmd
    assert "--MappingKernelManager.cull_connected=False" in cmd  # an open page keeps its kernel
    assert 0 < run_py.CULL_INTERVAL_S <= run_py.CULL_IDLE_TIMEOUT_S
    assert "cull_idle_timeout" in run_py.__doc__  # said where a person looks (run.py's help)
    mine = run_py.voila_command("py", 8123, open_browser=False,
                                extra=["--MappingKernelManager.cull_idle_timeout=60"])
    # given twice, Voila would stop with "only accepts one value": the person's replaces the default
    assert [c for c in mine if "cull_idle_timeout" in c] == ["--MappingKernelManager.cull_idle_timeout=60"]


def test_the_app_page_stops_its_kernel_with_the_token_the_server_checks(run_py):
    page = (run_py.VOILA_TEMPLATES / "voila" / "templates" / "backnotes" / "index.html.j2").read_text("utf-8")
    script = page[page.index("block html_head_js -"):]
    assert "voila/api/shutdown/" in script and "append('_xsrf', token)" in script
    assert "document.cookie = '_xsrf='" in script  # the cookie the field must match
    assert "'pagehide'" in script and "stopImmediatePropagation" in script
    assert "Getting your exercises ready" in page  # the loading screen, not "Executing 1 of 1"


def test_the_app_uses_its_offline_template(run_py):
    assert "--template=backnotes" in run_py.voila_command("py", 8123, open_browser=False)
    env = run_py.voila_env({"JUPYTER_PATH": "/elsewhere"})
    first, *rest = env["JUPYTER_PATH"].split(os.pathsep)
    template = Path(first) / "voila" / "templates" / "backnotes"
    assert (template / "conf.json").is_file() and rest == ["/elsewhere"]
    page = (template / "index.html.j2").read_text(encoding="utf-8")
    assert "fontawesome" in page and "html_head_js_mermaidjs" in page  # the CDN links it removes


def test_app_refuses_a_busy_port_before_installing(run_py, monkeypatch, capsys):
    import socket

    def no_env(*_a, **_k):
        raise AssertionError("must not set up the environment for a port it cannot use")

    monkeypatch.setattr(run_py, "ensure_env", no_env)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert not run_py.port_is_free(port)
        with pytest.raises(SystemExit):
            run_py.cmd_app(["--no-browser", "--port", str(port)])
    assert f"port {port} is already in use" in capsys.readouterr().err


def test_app_command_line(run_py, monkeypatch):
    seen = {}
    monkeypatch.setattr(run_py, "ensure_env", lambda *a, **k: "PY")
    monkeypatch.setattr(run_py, "say_where", lambda python: None)
    monkeypatch.setattr(run_py, "run", lambda cmd, **k: seen.setdefault("cmd", cmd) and 0)
    port = run_py.free_port()
    assert run_py.cmd_app(["--no-browser", "--port", str(port)]) == 0
    assert seen["cmd"][:4] == ["PY", "-m", "voila", "notebooks/app.ipynb"]
    assert f"--port={port}" in seen["cmd"] and "--no-browser" in seen["cmd"]
    seen.clear()
    run_py.cmd_app([])  # no port given: a free one is picked, and the browser opens
    chosen = [a for a in seen["cmd"] if a.startswith("--port=")]
    assert len(chosen) == 1 and "--no-browser" not in seen["cmd"]


def test_lab_command_line_has_no_deprecated_token_option(run_py, monkeypatch):
    seen = {}
    monkeypatch.setattr(run_py, "ensure_env", lambda *a, **k: "PY")
    monkeypatch.setattr(run_py, "say_where", lambda python: None)
    monkeypatch.setattr(run_py, "run", lambda cmd, **k: seen.setdefault("cmd", cmd) and 0)
    run_py.cmd_lab([])
    assert "--ServerApp.jpserver_extensions=notebook_shim=False" in seen["cmd"]
    assert not any("ServerApp.token" in str(a) for a in seen["cmd"])


@pytest.mark.slow
def test_lab_starts_without_the_token_deprecation_warning(run_py, tmp_path):
    """Start JupyterLab as ``run.py lab`` does (minus the browser) and read what it prints."""
    import os
    import signal
    import time

    port = run_py.free_port()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "c"), JUPYTER_RUNTIME_DIR=str(tmp_path / "r"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "w"), PYTHONUNBUFFERED="1")
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.port_retries=0",
           f"--ServerApp.root_dir={tmp_path}", "--allow-root", *run_py.LAB_QUIET]
    log = tmp_path / "lab.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while "is running at" not in log.read_text(errors="replace"):
            assert proc.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, "JupyterLab did not start in 90 s"
            time.sleep(0.3)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    text = log.read_text(errors="replace")
    assert "jupyterlab | extension was successfully loaded" in text
    assert "ServerApp.token config is deprecated" not in text
