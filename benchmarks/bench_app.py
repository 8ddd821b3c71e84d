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
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, playwright_chromium, start_voila, stop  # benchmarks/_common.py; puts tools/ on the path
from browser_lookup import chromium_args  # tools/browser_lookup.py

GOAL = 1.5
BARE = '{"cells": [{"cell_type": "code", "execution_count": null, "id": "b", "metadata": {}, "outputs": [], ' \
       '"source": ["import ipywidgets as w\\n", "w.Button(description=\\"Hello\\")"]}], "metadata": {"kernelspec": ' \
       '{"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}}, "nbformat": 4, ' \
       '"nbformat_minor": 5}'
CASES = {"app (notebooks/app.ipynb)": ".backnotes-app button.jupyter-button:not([disabled])",
         "bare Voilà, one button": "button.jupyter-button:not([disabled])"}


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
    exe = playwright_chromium()
    if exe is None:
        print("bench_app: SKIPPED: needs Chromium and the playwright package (pip install -e '.[test]')")
        return 0
    from playwright.sync_api import sync_playwright
    tmp = Path(tempfile.mkdtemp(prefix="backnotes-bench-app-"))
    bare = tmp / "bare.ipynb"
    bare.write_text(BARE, encoding="utf-8")
    servers = []
    try:
        url_app, p1 = start_voila(tmp, "app", REPO / "notebooks" / "app.ipynb")
        servers.append(p1)
        url_bare, p2 = start_voila(tmp, "bare", bare)
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
