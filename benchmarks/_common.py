"""What the browser benchmarks share (not a benchmark itself: ``run.py bench`` runs ``bench_*.py`` only).

``run_py()`` loads ``run.py`` as a module, ``start_voila()`` / ``stop()`` serve a notebook with Voilà
the way ``run.py app`` does, and ``playwright_chromium()`` finds the browser the benchmark can drive.
Importing this module also puts ``tools/`` on ``sys.path`` (``browser_lookup``, ``kernel_count``).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))
from browser_lookup import find_chromium  # noqa: E402


def run_py():
    """``run.py`` as a module: the benchmarks start Voilà with the very command ``run.py app`` uses."""
    spec = importlib.util.spec_from_file_location("backnotes_run_script", REPO / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def playwright_chromium(api: str = "sync_api") -> str | None:
    """The Chromium to drive, or None when there is none or the ``playwright`` package (its ``api``
    module, ``sync_api`` or ``async_api``) is missing: the benchmark then says it is skipped."""
    exe = find_chromium()
    try:
        importlib.import_module(f"playwright.{api}")
    except ImportError:
        return None
    return exe


def start_voila(tmp: Path, name: str, notebook: Path | None = None) -> tuple[str, subprocess.Popen]:
    """Serve ``notebook`` (default: the app) as ``run.py app`` does, on a free port, with its own
    ``BACKNOTES_HOME`` (``tmp/home-<name>``) and its log in ``tmp/<name>.log``; wait until it listens
    and return (url, process). Exits the benchmark if Voilà does not start within 120 s."""
    run = run_py()
    port = run.free_port()
    cmd = run.voila_command(sys.executable, port, open_browser=False)
    if notebook is not None:
        cmd[cmd.index(run.APP_NOTEBOOK)] = str(notebook)
    env = dict(os.environ, BACKNOTES_HOME=str(tmp / f"home-{name}"), JUPYTER_CONFIG_DIR=str(tmp / "config"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), JUPYTER_DATA_DIR=str(tmp / "data"))
    env.pop("MPLBACKEND", None)
    log_path = tmp / f"{name}.log"
    log = open(log_path, "wb")
    proc = subprocess.Popen(cmd, cwd=REPO, env=run.voila_env(env), stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=(os.name == "posix"))
    deadline = time.monotonic() + 120
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return f"http://127.0.0.1:{port}/", proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"Voilà did not start for {name}: see {log_path}")
            time.sleep(0.2)


def stop(proc: subprocess.Popen) -> None:
    """Stop the server and its kernels (the whole process group on POSIX)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM) if os.name == "posix" else proc.terminate()
            proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL) if os.name == "posix" else proc.kill()
