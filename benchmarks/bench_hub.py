"""Benchmark: a class on the trial JupyterHub (``python3 run.py hub``) with 20 students.

    python3 run.py bench                  (or: python benchmarks/bench_hub.py [--users N])

1. The hub starts on 127.0.0.1 with the real proxy; 20 students' servers are started one after
   another through the REST API: time until all are ready, and each server's start time.
2. The 20 students sign in with headless Chromium (the hub's login page), then all open the app
   (``/user/NAME/voila/render/app.ipynb``) at once: seconds from the request to the app's first
   usable button per student (median, worst). Baseline in the same run: one student alone first.
3. Memory: every 0.5 s the resident memory of each student's server with its kernels (the Voilà
   page's kernel included) is summed; the peak per student is what a tutor sizes a server with.
   Resident memory counts shared libraries in full, so it slightly overstates: a safe figure.

Needs Chromium (``$BACKNOTES_CHROMIUM`` or ``/usr/bin/chromium``) and npm (configurable-http-proxy);
never downloads a browser. Figures are printed, never asserted: they depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from _common import REPO, playwright_chromium  # benchmarks/_common.py; puts tools/ on the path
from browser_lookup import chromium_args  # tools/browser_lookup.py

sys.path.insert(0, str(REPO / "deploy" / "local"))
import hub_driver  # noqa: E402

APP_BUTTON = ".backnotes-app button.jupyter-button:not([disabled])"


class MemoryWatch:
    """Samples each student's server tree (server + kernels) and keeps the peak resident memory."""

    def __init__(self, hub: hub_driver.TrialHub, names: list[str], every: float = 0.5) -> None:
        self.hub, self.names, self.every = hub, names, every
        self.peak = {n: 0 for n in names}
        self.pids: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "MemoryWatch":
        for name in self.names:
            pid = self.hub.server_pid(name)
            if pid:
                self.pids[name] = pid
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> dict[str, int]:
        now = {}
        for name, pid in self.pids.items():
            total = 0
            try:
                server = hub_driver.psutil.Process(pid)
                for p in [server, *server.children(recursive=True)]:
                    try:
                        total += p.memory_info().rss
                    except hub_driver.psutil.NoSuchProcess:
                        pass
            except hub_driver.psutil.NoSuchProcess:
                pass
            now[name] = total
            self.peak[name] = max(self.peak[name], total)
        return now

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.every)


async def open_app(browser, hub: hub_driver.TrialHub, name: str, *, login_only: bool = False,
                   context=None) -> tuple[object, float | None]:
    """Sign ``name`` in (hub login page) and, unless ``login_only``, time the app's first usable button."""
    if context is None:
        context = await browser.new_context(viewport={"width": 1280, "height": 800})
        context.set_default_timeout(300_000)
        context.set_default_navigation_timeout(300_000)
        await context.route("https://**/*", lambda r: r.abort())  # nothing leaves the machine
        page = await context.new_page()
        await page.goto(f"{hub.url}/hub/login?next=/user/{name}/voila/", wait_until="domcontentloaded")
        await page.fill("#username_input", name)
        await page.fill("#password_input", hub.password)
        await page.click("#login_submit")
        await page.wait_for_url(re.compile(f"/user/{name}/voila"), timeout=180_000)
        await page.close()
    if login_only:
        return context, None
    page = await context.new_page()
    t0 = time.perf_counter()
    await page.goto(f"{hub.url}/user/{name}/voila/render/app.ipynb", wait_until="commit", timeout=300_000)
    await page.locator(APP_BUTTON).first.wait_for(state="visible", timeout=300_000)
    return context, time.perf_counter() - t0


async def browse(exe: str, hub: hub_driver.TrialHub, names: list[str]) -> tuple[float, list[float], float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=exe, headless=True, args=chromium_args())
        # students sign in one after another (the sign-in is not what is measured)
        contexts = [(await open_app(browser, hub, n, login_only=True))[0] for n in names]
        # baseline: the first student alone (then that page is closed and its kernel let go)
        _, alone = await open_app(browser, hub, names[0], context=contexts[0])
        await asyncio.sleep(2)
        t0 = time.perf_counter()
        results = await asyncio.gather(*(open_app(browser, hub, n, context=c) for n, c in zip(names, contexts)))
        wall = time.perf_counter() - t0
        await browser.close()
    return alone, [t for _, t in results], wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    args = parser.parse_args(argv)
    exe = playwright_chromium("async_api")
    if exe is None:
        print("bench_hub: SKIPPED: needs Chromium and the playwright package (pip install -e '.[test]')")
        return 0
    if hub_driver.run_script().ensure_proxy(required=False) is None:
        print("bench_hub: SKIPPED: needs npm to install configurable-http-proxy")
        return 0
    names = [f"student{i:02d}" for i in range(1, args.users + 1)]
    tmp = Path(tempfile.mkdtemp(prefix="backnotes-bench-hub-"))
    hub = hub_driver.TrialHub(tmp / "hub", cull_s=0)
    t_hub = time.perf_counter()
    hub.start()
    hub_up = time.perf_counter() - t_hub
    starts: list[float] = []
    try:
        hub.add_users(names)
        t_all = time.perf_counter()
        for name in names:
            t0 = time.perf_counter()
            hub.start_server(name)
            hub.wait_ready([name], timeout=300)
            starts.append(time.perf_counter() - t0)
        all_ready = time.perf_counter() - t_all
        print(f"[bench_hub] {len(names)} servers ready after {all_ready:.1f} s", flush=True)
        with MemoryWatch(hub, names) as watch:
            time.sleep(1.0)
            idle = watch.sample()
            alone, firsts, wall = asyncio.run(browse(exe, hub, names))
            time.sleep(1.0)
        peaks = sorted(watch.peak.values())
    finally:
        stop_s, left = hub.stop(timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)
    mb = 1024 * 1024
    n = len(names)
    print(f"{'class on the trial hub (' + str(n) + ' students)':44} {'value':>10}")
    print(f"{'hub and proxy up':44} {hub_up:9.1f} s")
    print(f"{str(n) + ' servers started one after another':44} {all_ready:9.1f} s "
          f"(each: median {statistics.median(starts):.1f} s, worst {max(starts):.1f} s)")
    print(f"{'app first usable button, 1 student alone':44} {alone:9.1f} s")
    print(f"{'app first usable button, ' + str(n) + ' at once: median':44} {statistics.median(firsts):9.1f} s "
          f"(ratio to alone {statistics.median(firsts) / alone:.1f})")
    print(f"{'app first usable button, ' + str(n) + ' at once: worst':44} {max(firsts):9.1f} s "
          f"(all {n} usable after {wall:.1f} s)")
    print(f"{'memory per idle server (median)':44} {statistics.median(idle.values()) / mb:9.0f} MB")
    print(f"{'peak memory per server with the app (median)':44} {statistics.median(peaks) / mb:9.0f} MB")
    print(f"{'peak memory per server with the app (worst)':44} {peaks[-1] / mb:9.0f} MB")
    print(f"{'everything stopped after':44} {stop_s:9.1f} s" + (f"  LEFT RUNNING: {left}" if left else ""))
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
