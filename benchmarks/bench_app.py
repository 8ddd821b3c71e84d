"""Benchmark: how soon the app can be used, against a bare Voilà notebook, in the same run.

    python3 run.py bench                  (or: python benchmarks/bench_app.py [--repeats N])

Two Voilà servers are started the way ``run.py app`` starts one: one serves ``notebooks/app.ipynb``,
the other a notebook whose one cell shows a single ipywidgets button. Each measurement opens a new
page in headless Chromium and times from the request to the first button that is visible and
enabled. Voilà starts a new kernel for every page, so each measurement includes a cold kernel. The
two alternate, several repeats, median. Goal: app / bare <= 1.5.

Needs Chromium (``$BACKNOTES_CHROMIUM`` or ``/usr/bin/chromium``); never downloads one. Figures are
printed, never asserted: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))
from browser_lookup import chromium_args, find_chromium  # noqa: E402

GOAL = 1.5
BARE = '{"cells": [{"cell_type": "code", "execution_count": null, "id": "b", "metadata": {}, "outputs": [], ' \
       '"source": ["import ipywidgets as w\\n", "w.Button(description=\\"Hello\\")"]}], "metadata": {"kernelspec": ' \
       '{"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}}, "nbformat": 4, ' \
       '"nbformat_minor": 5}'
CASES = {"app (notebooks/app.ipynb)": ".backnotes-app button.jupyter-button:not([disabled])",
         "bare Voilà, one button": "button.jupyter-button:not([disabled])"}


def _run_py():
    spec = importlib.util.spec_from_file_location("backnotes_run_script", REPO / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


    return None


def start(notebook: Path, tmp: Path, name: str) -> tuple[str, subprocess.Popen]:
    run_py = _run_py()
    port = run_py.free_port()
    cmd = run_py.voila_command(sys.executable, port, open_browser=False)
    cmd[cmd.index(run_py.APP_NOTEBOOK)] = str(notebook)
    env = dict(os.environ, BACKNOTES_HOME=str(tmp / f"home-{name}"), JUPYTER_CONFIG_DIR=str(tmp / "config"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), JUPYTER_DATA_DIR=str(tmp / "data"))
    env.pop("MPLBACKEND", None)
    env = run_py.voila_env(env)
    log = open(tmp / f"{name}.log", "wb")
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=(os.name == "posix"))
    deadline = time.monotonic() + 120
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return f"http://127.0.0.1:{port}/", proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"Voilà did not start for {name}: see {tmp / (name + '.log')}")
            time.sleep(0.2)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM) if os.name == "posix" else proc.terminate()
            proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL) if os.name == "posix" else proc.kill()


def first_button(browser, url: str, selector: str) -> float:
    """Seconds from the request to the first usable button, in a fresh browser context."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    # the page's CDN font stylesheet: offline here, and never waited for. Only https requests are
    # routed (through Python, which is slow); the app's own files come over plain http from 127.0.0.1.
    context.route("https://**/*", lambda r: r.abort())
    page = context.new_page()
    try:
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.locator(selector).first.wait_for(state="visible", timeout=120_000)
        return time.perf_counter() - t0
    finally:
        context.close()
        time.sleep(1.0)  # let Voilà shut the page's kernel down before the next measurement


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    exe = find_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        exe = None
    if exe is None:
        print("bench_app: SKIPPED: needs Chromium and the playwright package (pip install -e '.[test]')")
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="backnotes-bench-app-"))
    bare = tmp / "bare.ipynb"
    bare.write_text(BARE, encoding="utf-8")
    servers = []
    try:
        url_app, p1 = start(REPO / "notebooks" / "app.ipynb", tmp, "app")
        servers.append(p1)
        url_bare, p2 = start(bare, tmp, "bare")
        servers.append(p2)
        urls = dict(zip(CASES, (url_app, url_bare)))
        samples: dict[str, list[float]] = {name: [] for name in CASES}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=exe, headless=True, args=chromium_args())
            for name, selector in CASES.items():  # one warm-up each (OS file cache, Voilà's templates)
                first_button(browser, urls[name], selector)
            for _ in range(args.repeats):
                for name, selector in CASES.items():
                    samples[name].append(first_button(browser, urls[name], selector))
            browser.close()
    finally:
        for proc in servers:
            stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)
    app, base = (statistics.median(samples[name]) for name in CASES)
    ratio = app / base
    print(f"{'first usable button (cold kernel)':36} {'ours s':>8} {'baseline s':>11} {'ratio':>6}  {'goal':13} result")
    print(f"{'app vs bare Voilà':36} {app:8.2f} {base:11.2f} {ratio:6.2f}  {'<= ' + str(GOAL):13} "
          f"{'PASS' if ratio <= GOAL else 'MISS'}")
    for name, values in samples.items():
        print(f"  {name}: " + ", ".join(f"{v:.2f}" for v in values) + " s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
