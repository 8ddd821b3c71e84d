"""Benchmark: the app's server after many page loads: kernels still alive and memory, against the
same server before the first load (same run).

    python3 run.py bench                  (or: python benchmarks/bench_app_kernels.py [--loads N])

One Voilà server is started the way ``run.py app`` starts one. Headless Chromium opens the app
``--loads`` times (default 100) in one browser: every other time the tab is closed, otherwise the
page is reloaded, each time waiting for the app's first button. Then the server is given up to 60 s
to stop the kernels of the pages that went. Kernels are counted from the process table (the
server's ``ipykernel`` children: Voilà has no kernel-listing API); memory is the resident memory of
the server and its kernels together.

Goals: at most 2 kernels alive within 60 s; memory after the loads / after the first load <= 1.5
(the baseline is the same server once warm: one page opened and gone, its kernel stopped; the cold
server before any page is printed too). Before the fix every load left a kernel of about 60-110 MB:
100 loads would have held 6-11 GB.

Needs Chromium (``$BACKNOTES_CHROMIUM`` or ``/usr/bin/chromium``) and Linux's ``/proc``; never
downloads a browser. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import playwright_chromium, start_voila, stop  # benchmarks/_common.py; puts tools/ on the path
from app_loads import load_app  # tools/app_loads.py: the same loads as tests/browser/test_app_kernels.py
from browser_lookup import chromium_args  # tools/browser_lookup.py
from kernel_count import PROC, kernel_pids, rss_bytes  # tools/kernel_count.py

GOAL_KERNELS = 2
GOAL_MEMORY_RATIO = 1.5
SETTLE_S = 60


def memory(proc: subprocess.Popen) -> int:
    return rss_bytes([proc.pid, *kernel_pids(proc.pid)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=100)
    args = parser.parse_args(argv)
    exe = playwright_chromium()
    if exe is None or not PROC.is_dir():
        print("bench_app_kernels: SKIPPED: needs Chromium, the playwright package and Linux /proc")
        return 0
    from playwright.sync_api import sync_playwright
    tmp = Path(tempfile.mkdtemp(prefix="backnotes-bench-kernels-"))
    proc = None
    try:
        url, proc = start_voila(tmp, "voila")
        time.sleep(2.0)
        cold = memory(proc)
        before = None
        peak = 0
        t0 = time.perf_counter()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=exe, headless=True, args=chromium_args())
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.route("https://**/*", lambda r: r.abort())
            page = None
            for i in range(args.loads):
                page = load_app(context, page, url, i)
                peak = max(peak, len(kernel_pids(proc.pid)))
                if i == 0:  # the warm baseline: the first page gone and its kernel stopped
                    page.close()
                    page = None
                    deadline = time.monotonic() + SETTLE_S
                    while kernel_pids(proc.pid) and time.monotonic() < deadline:
                        time.sleep(0.5)
                    time.sleep(2.0)
                    before = memory(proc)
            page.close()
            time.sleep(0.5)
            context.close()
            browser.close()
        loads_s = time.perf_counter() - t0
        deadline = time.monotonic() + SETTLE_S
        while len(kernel_pids(proc.pid)) > GOAL_KERNELS and time.monotonic() < deadline:
            time.sleep(1.0)
        time.sleep(2.0)
        kernels, after = len(kernel_pids(proc.pid)), memory(proc)
    finally:
        if proc is not None:
            stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)
    ratio = after / before if before else float("nan")
    before = before or 0
    print(f"{'after ' + str(args.loads) + ' page loads (' + format(loads_s, '.0f') + ' s)':36} "
          f"{'ours':>10} {'baseline':>10} {'ratio':>6}  {'goal':13} result")
    print(f"{'kernels alive within ' + str(SETTLE_S) + ' s':36} {kernels:10d} {'':>10} {'':>6}  "
          f"{'<= ' + str(GOAL_KERNELS):13} {'PASS' if kernels <= GOAL_KERNELS else 'MISS'}")
    print(f"{'server + kernels memory (MB)':36} {after / 2**20:10.0f} {before / 2**20:10.0f} {ratio:6.2f}  "
          f"{'<= ' + str(GOAL_MEMORY_RATIO):13} {'PASS' if ratio <= GOAL_MEMORY_RATIO else 'MISS'}")
    print(f"  baseline = the same server after its first page (cold, before any page: {cold / 2**20:.0f} MB); "
          f"most kernels alive at once: {peak}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
