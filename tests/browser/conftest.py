"""Real-browser harness: JupyterLab in headless Chromium, driven by Playwright.

Layout: no ``__init__.py`` anywhere under ``tests/``; everything a browser test needs comes from the
fixtures below, so test files import nothing from here.

Fixtures
    ``lab_server`` (session)  one JupyterLab server for the whole session. Its root folder is a temporary
                              copy of the repo's ``notebooks/`` and ``data/`` side by side, so a notebook's
                              ``../data/...`` paths work. ``BACKNOTES_HOME`` points at a temporary folder.
    ``lab_browser`` (session) one headless Chromium (never downloaded: see ``find_chromium``).
    ``lab`` (function)        a fresh browser context + page on the shared server: a ``Lab`` object;
                              ``BACKNOTES_HOME`` is emptied before each test (kernels of earlier tests
                              are shut down after each test).

    ``voila_app`` (function)  the app (``notebooks/app.ipynb``) served by Voilà on a free port with its own
                              empty ``BACKNOTES_HOME``, opened in a fresh page: a ``VoilaApp`` whose ``ready()``
                              waits for the app's first button (``save_quick_routine()`` first saves a routine
                              of one 2 s hold); the server and its kernel are killed after.

    ``pdf_pages`` (function)  the page counter for what Chromium prints: ``pdf_pages(page.pdf(...)) -> int``.

Typical test::

    @pytest.mark.browser
    def test_my_notebook(lab):
        nb = lab.open("03_hold_timers.ipynb")   # opens it, waits for the kernel to be idle
        nb.run_all()                             # runs every cell, waits until all finished
        assert nb.errors() == []                 # tracebacks / stderr errors, with their text
        assert nb.widget_count() > 0             # rendered ipywidgets
        nb.page.locator(".my-class").click()     # any Playwright call on the page
        lab.screenshot("timers")                 # PNG under the test's tmp_path (returned)

``Notebook`` also has: ``wait_for_idle()``, ``cells()`` (type, source, execution count, outputs from
the models), ``unexecuted_cells()``, ``rendered_errors()`` (error text as the page shows it),
``widget_views()`` -> (widget outputs, live widget views), ``images()``, ``node`` (locator of the
panel), ``cell(i)``, ``cell_index(text)``, ``scroll_to_cell(i, output=False)``, ``output_view(i)``
(a cell's output in a panel beside the notebook) and ``save()``. ``Lab`` has ``open(name)``,
``root`` (the server's folder: write extra notebooks there), ``home`` (the kernels'
``BACKNOTES_HOME``), ``collapse_sidebars()``, ``screenshot(name)`` and ``console`` (browser log).
When a test fails, ``lab`` saves ``failure.png`` in its tmp_path and prints it with the browser console
and the server log tail (see the test's "Captured stdout teardown").

README pictures: a test named ``*screenshot*`` that copies its PNG into ``docs/`` when pytest gets
``--update-screenshots`` (option defined in the root conftest); ``python docs/make_screenshots.py``.

Browser lookup: ``$BACKNOTES_CHROMIUM``, else ``/usr/bin/chromium``, else ``chromium``,
``chromium-browser`` or ``google-chrome`` on ``PATH``. No browser: the test is skipped (install one
with ``apt-get install chromium``), or fails when ``BACKNOTES_REQUIRE_BROWSER=1`` (CI sets it).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from browser_lookup import chromium_args, find_chromium  # noqa: E402  (shared with tools/ and benchmarks/)

REPO = Path(__file__).resolve().parents[2]
SERVER_START_TIMEOUT_S = 120
KERNEL_IDLE_TIMEOUT_MS = 120_000
RUN_ALL_TIMEOUT_MS = 300_000
VIEWPORT = {"width": 1280, "height": 800}

# Settings written into JUPYTERLAB_SETTINGS_DIR: no news pop-up, no update check, no autosave (a
# test's run never lands on disk unless it calls save()), and every cell kept in the DOM (windowing
# off) so locators find cells below the fold.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}



def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives the browser: mark it so ``-m "not browser"`` skips them."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    """Remember each phase's report on the item, so ``lab`` can tell at teardown whether it failed."""
    report = yield
    setattr(item, f"_backnotes_rep_{report.when}", report)
    return report


# --------------------------------------------------------------------------------------------------
# browser lookup




def _no_browser(reason: str) -> None:
    if os.environ.get("BACKNOTES_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (BACKNOTES_REQUIRE_BROWSER=1, so this is a failure, not a skip)",
                    pytrace=False)
    pytest.skip(reason)


# --------------------------------------------------------------------------------------------------
# the JupyterLab server


@dataclass
class LabServer:
    """A running JupyterLab: its base URL, root folder (notebooks/ + data/) and BACKNOTES_HOME."""

    url: str
    root: Path
    home: Path
    log: Path
    process: subprocess.Popen

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no server log)"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_settings(folder: Path) -> None:
    for rel, value in LAB_SETTINGS.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value), encoding="utf-8")


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server and everything it started (kernels): the whole process group."""
    if proc.poll() is not None:
        return
    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGTERM)
        else:
            proc.terminate()
        proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        pass
    if proc.poll() is None:
        try:
            if os.name == "posix":
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                proc.kill()
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def lab_server() -> Iterator[LabServer]:
    """One JupyterLab server for the whole session, on a free port, in throwaway folders."""
    tmp = Path(tempfile.mkdtemp(prefix="backnotes-lab-"))
    root = tmp / "root"
    root.mkdir()
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.sqlite*")
    for part in ("notebooks", "data"):
        if (REPO / part).is_dir():
            shutil.copytree(REPO / part, root / part, ignore=ignore)
    home, settings, workspaces, config, runtime = (
        tmp / name for name in ("home", "settings", "workspaces", "config", "runtime"))
    for folder in (home, settings, workspaces, config, runtime):
        folder.mkdir()
    _write_settings(settings)

    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # would leak into the kernel and hide every figure
    free_db = REPO.parent / "shared" / "external" / "free-exercise-db" / "exercises.json"
    if "BACKNOTES_FREE_DB" not in env and free_db.is_file():
        # the copy lives elsewhere, so "../../shared/..." from notebooks/ would miss it: say where it is
        env["BACKNOTES_FREE_DB"] = str(free_db)
    env.update(
        BACKNOTES_HOME=str(home),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(workspaces),
        JUPYTER_CONFIG_DIR=str(config),  # the user's own ~/.jupyter config must not change the test
        JUPYTER_RUNTIME_DIR=str(runtime),
        PYTHONUNBUFFERED="1",
    )
    port = _free_port()
    cmd = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        "--ServerApp.port_retries=0", "--IdentityProvider.token=", "--ServerApp.password=",
        "--LabApp.expose_app_in_browser=True", f"--LabApp.workspaces_dir={workspaces}",
        f"--ServerApp.root_dir={root}", "--ServerApp.disable_check_xsrf=True", "--allow-root",
    ]
    log = tmp / "server.log"
    with open(log, "wb") as log_file:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=(os.name == "posix"))
    server = LabServer(url=f"http://127.0.0.1:{port}", root=root, home=home, log=log, process=proc)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited with code {proc.returncode}:\n{server.log_tail()}",
                            pytrace=False)
            try:
                with urllib.request.urlopen(f"{server.url}/api/status", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer within {SERVER_START_TIMEOUT_S} s:\n"
                            f"{server.log_tail()}", pytrace=False)
            time.sleep(0.3)
        yield server
    finally:
        _stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)


# --------------------------------------------------------------------------------------------------
# the browser


@pytest.fixture(scope="session")
def lab_browser() -> Iterator[object]:
    """One headless Chromium for the session (a Playwright ``Browser``)."""
    exe = find_chromium()
    if exe is None and os.environ.get("BACKNOTES_CHROMIUM"):
        _no_browser(f"BACKNOTES_CHROMIUM={os.environ['BACKNOTES_CHROMIUM']!r} is not a browser on this "
                    "machine: point it at Chromium's executable, or unset it to use /usr/bin/chromium")
    if exe is None:
        _no_browser("no Chromium found: install one (Debian/Ubuntu: `apt-get install chromium`) or "
                    "set BACKNOTES_CHROMIUM to its path; browser tests never download a browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("the `playwright` Python package is missing: pip install -e '.[test]'")
    args = chromium_args()
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=exe, headless=True, args=args)
        except Exception as exc:  # a broken or incompatible binary: say which one
            _no_browser(f"could not start the browser at {exe}: {exc}")
        try:
            yield browser
        finally:
            browser.close()


# --------------------------------------------------------------------------------------------------
# page helpers

_JS_OPEN = """async ([path, timeoutMs]) => {
  const app = window.jupyterapp;
  const open = async () => {
    await app.started; await app.restored;
    const w = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
    await w.context.ready;
    await w.sessionContext.ready;
    window.__backnotes = window.__backnotes || {};
    window.__backnotes[path] = w;
    const log = (window.__backnotes_log = window.__backnotes_log || {})[path] = [];
    const t0 = performance.now();
    const note = (what) => log.push(`${((performance.now() - t0) / 1000).toFixed(1)}s ${what}`);
    note(`kernel ${w.sessionContext.session?.kernel?.status}`);
    w.sessionContext.statusChanged.connect((_, status) => note(`kernel ${status}`));
    w.sessionContext.kernelChanged.connect(() => note('kernel changed'));
    w.context.fileChanged.connect(() => note('file changed'));
    w.disposed.connect(() => note('notebook closed'));
    app.shell.activateById(w.id);
    return w.id;
  };
  // never hang: a "Select Kernel" dialog (no kernelspec metadata) would block for ever
  const late = new Promise((_, reject) => setTimeout(() => {
    const dialog = document.querySelector('.jp-Dialog');
    reject(new Error(`${path}: notebook or kernel not ready after ${timeoutMs / 1000} s` +
      (dialog ? `; a dialog is open: ${dialog.innerText}` : '')));
  }, timeoutMs));
  return Promise.race([open(), late]);
}"""

_JS_KERNEL_IDLE = """(path) => {
  const w = window.__backnotes && window.__backnotes[path];
  const k = w && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle' && k.connectionStatus === 'connected';
}"""

_JS_RUN_ALL = """(path) => {
  const app = window.jupyterapp;
  const w = window.__backnotes[path];
  app.shell.activateById(w.id);
  window.__backnotes_run = window.__backnotes_run || {};
  window.__backnotes_run[path] = undefined;
  app.commands.execute('notebook:run-all-cells').then(
    (ok) => { window.__backnotes_run[path] = ok === false ? 'stopped' : 'done'; },
    (err) => { window.__backnotes_run[path] = 'failed: ' + err; });
}"""

_JS_CELLS = """(path) => {
  const w = window.__backnotes[path];
  return w.content.widgets.map((cell, i) => ({
    index: i,
    type: cell.model.type,
    source: cell.model.sharedModel.getSource(),
    execution_count: cell.model.type === 'code' ? cell.model.executionCount : null,
    outputs: cell.model.type === 'code' ? cell.model.outputs.toJSON() : [],
  }));
}"""


@dataclass
class CellError:
    """One error shown in a notebook: the cell number (from 0), its kind and its text."""

    cell: int
    kind: str
    text: str

    def __str__(self) -> str:
        return f"cell {self.cell} ({self.kind}):\n{self.text}"


class Notebook:
    """A notebook open in JupyterLab (see the module docstring for a typical use)."""

    def __init__(self, lab: "Lab", path: str, widget_id: str) -> None:
        self.lab, self.path, self.widget_id = lab, path, widget_id
        self.page = lab.page
        self.run_status: str | None = None

    @property
    def node(self):
        """Locator of this notebook's panel (scope your own locators with it)."""
        return self.page.locator(f"#{self.widget_id}")

    def wait_for_idle(self, timeout_ms: int = KERNEL_IDLE_TIMEOUT_MS) -> None:
        """Wait until the kernel is connected and idle."""
        self.page.wait_for_function(_JS_KERNEL_IDLE, arg=self.path, timeout=timeout_ms)

    def run_all(self, timeout_ms: int = RUN_ALL_TIMEOUT_MS, settle_s: float = 1.0) -> str:
        """Run every cell top to bottom and wait until all finished and the kernel is idle again.

        Returns ``"done"``, or ``"stopped"`` when a cell raised (the later cells did not run): check
        ``errors()`` to see why.
        """
        self.wait_for_idle()
        self.page.evaluate(_JS_RUN_ALL, self.path)
        self.page.wait_for_function(
            "(p) => window.__backnotes_run && window.__backnotes_run[p] !== undefined",
            arg=self.path, timeout=timeout_ms)
        self.run_status = self.page.evaluate("(p) => window.__backnotes_run[p]", self.path)
        self.wait_for_idle()
        time.sleep(settle_s)  # let widget views and images finish rendering
        self.wait_for_idle()
        if self.run_status.startswith("failed"):
            raise RuntimeError(f"{self.path}: run-all-cells failed: {self.run_status}")
        return self.run_status

    def run_clean(self) -> int:
        """Run every cell and assert the notebook ran as a person would want: no error output, every
        code cell executed, every widget output shown as a live widget. Returns the number of widget
        outputs."""
        status = self.run_all()
        errors = self.errors()
        assert errors == [], "\n\n".join(map(str, errors))
        assert status == "done"
        assert self.unexecuted_cells() == []
        expected, rendered = self.widget_views()
        assert rendered == expected, f"{expected} widget outputs, {rendered} shown as live widgets"
        return expected

    def events(self) -> list[str]:
        """Kernel status changes and file events since the notebook opened (for failure messages)."""
        return self.page.evaluate("(p) => (window.__backnotes_log || {})[p] || []", self.path)

    def cells(self) -> list[dict]:
        """Every cell's type, source, execution count and outputs (nbformat JSON), from the model."""
        return self.page.evaluate(_JS_CELLS, self.path)

    def unexecuted_cells(self) -> list[int]:
        """Numbers of the non-empty code cells that have no execution count."""
        return [c["index"] for c in self.cells()
                if c["type"] == "code" and c["source"].strip() and c["execution_count"] is None]

    def errors(self) -> list[CellError]:
        """Error outputs: exceptions, stderr with a traceback, and widgets that failed to display.

        Reads the cell models (so nothing below the fold is missed) and the rendered page (so a widget
        that failed in the browser is seen too).
        """
        found: list[CellError] = []
        for cell in self.cells():
            for out in cell["outputs"]:
                if out.get("output_type") == "error":
                    text = "\n".join(out.get("traceback") or [f"{out.get('ename')}: {out.get('evalue')}"])
                    found.append(CellError(cell["index"], out.get("ename", "error"), _strip_ansi(text)))
                elif out.get("output_type") == "stream" and out.get("name") == "stderr":
                    text = out.get("text", "")
                    text = "".join(text) if isinstance(text, list) else text
                    if "Traceback" in text or "Error" in text:
                        found.append(CellError(cell["index"], "stderr", _strip_ansi(text)))
        rendered = self.page.evaluate("""(id) => {
          const root = document.getElementById(id);
          const cells = [...root.querySelectorAll('.jp-Cell')];
          const bad = [];
          cells.forEach((cell, i) => {
            cell.querySelectorAll('.jp-OutputArea-output').forEach((o) => {
              const text = o.innerText || '';
              if (/Error displaying widget|Failed to load model class|Failed to render/.test(text)) {
                bad.push({cell: i, kind: 'widget', text});
              }
            });
          });
          return bad;
        }""", self.widget_id)
        found += [CellError(b["cell"], b["kind"], b["text"]) for b in rendered]
        return found

    def rendered_errors(self) -> list[str]:
        """Text of the error outputs as the page shows them (stderr with a traceback, error class)."""
        return self.page.evaluate("""(id) => {
          const root = document.getElementById(id);
          const nodes = [
            ...root.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'),
            ...root.querySelectorAll('.jp-OutputArea-output.jp-mod-error, .jp-RenderedText.jp-mod-error'),
          ];
          return [...new Set(nodes)].map((n) => n.innerText).filter((t) => /Traceback|Error/.test(t));
        }""", self.widget_id)

    def widget_count(self) -> int:
        """How many ipywidgets views are rendered in this notebook."""
        return self.page.evaluate("""(id) => document.getElementById(id)
            .querySelectorAll('.jupyter-widgets, [class*="widget-"]').length""", self.widget_id)

    def widget_views(self) -> tuple[int, int]:
        """``(expected, rendered)``: widget outputs in the cell models, and how many of them the page
        shows as a live widget (a ``.jupyter-widgets`` node, no "Error displaying widget")."""
        expected = sum(
            1 for cell in self.cells() for out in cell["outputs"]
            if "application/vnd.jupyter.widget-view+json" in (out.get("data") or {}))
        # a cell's output holding a widget view (outputs nested inside an Output widget don't count)
        rendered = self.page.evaluate("""(id) => [...document.getElementById(id).querySelectorAll(
            '.jp-OutputArea-output')]
            .filter((o) => !o.parentElement.closest('.jupyter-widgets'))
            .filter((o) => o.querySelector('.jupyter-widgets')
                           && !/Error displaying widget/.test(o.innerText)).length""", self.widget_id)
        return expected, rendered

    def images(self) -> int:
        """How many images (plots) are rendered in the outputs."""
        return self.node.locator(".jp-OutputArea-output img").count()

    def cell_index(self, text: str) -> int:
        """Number (from 0) of the first cell whose source contains ``text``."""
        for cell in self.cells():
            if text in cell["source"]:
                return cell["index"]
        raise LookupError(f"{self.path}: no cell contains {text!r}")

    def cell(self, index: int):
        """Locator of cell ``index`` (from 0)."""
        return self.node.locator(".jp-Notebook .jp-Cell").nth(index)

    def scroll_to_cell(self, index: int, *, output: bool = False) -> None:
        """Scroll so cell ``index`` (or its output area) sits at the top of the notebook panel."""
        self.page.evaluate("""([p, i, output]) => {
          const w = window.__backnotes[p];
          w.content.activeCellIndex = i;
          const cell = w.content.widgets[i].node;
          const target = output ? (cell.querySelector('.jp-OutputArea') || cell) : cell;
          target.scrollIntoView({block: 'start'});
        }""", [self.path, index, output])

    def output_view(self, index: int, *, mode: str = "split-right") -> None:
        """Open cell ``index``'s output in its own panel beside the notebook (JupyterLab's
        "Create New View for Cell Output"); ``mode`` is a JupyterLab dock mode such as
        ``split-right`` or ``split-bottom``."""
        self.page.evaluate("""async ([p, i, mode]) => {
          const app = window.jupyterapp;
          const w = window.__backnotes[p];
          app.shell.activateById(w.id);
          w.content.activeCellIndex = i;
          const before = new Set([...app.shell.widgets('main')]);
          await app.commands.execute('notebook:create-output-view');
          let view;
          for (let t = 0; t < 100 && !view; t++) {  // the panel is added a moment later
            await new Promise((r) => setTimeout(r, 50));
            view = [...app.shell.widgets('main')].find(
              (v) => !before.has(v) && v.node.querySelector('.jp-LinkedOutputView'));
          }
          if (!view) { throw new Error('no output view appeared'); }
          app.shell.add(view, 'main', {mode, ref: w.id});
          app.shell.activateById(w.id);
        }""", [self.path, index, mode])

    def save(self) -> None:
        """Save the notebook (inside the temporary copy, never the repo)."""
        self.page.evaluate("(p) => window.__backnotes[p].context.save()", self.path)


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)


class Lab:
    """One browser page on the shared JupyterLab server."""

    def __init__(self, server: LabServer, page, shots: Path) -> None:
        self.server, self.page, self.shots = server, page, shots
        self.console: list[str] = []
        self.notebooks: list[Notebook] = []  # opened by this test, in order
        page.on("console", lambda msg: self.console.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda exc: self.console.append(f"pageerror: {exc}"))

    @property
    def root(self) -> Path:
        """The server's root folder: ``notebooks/`` and ``data/`` (temporary copies)."""
        return self.server.root

    @property
    def home(self) -> Path:
        """``BACKNOTES_HOME`` of the server's kernels (a temporary folder)."""
        return self.server.home

    def open(self, name: str, *, timeout_ms: int = KERNEL_IDLE_TIMEOUT_MS) -> Notebook:
        """Open ``notebooks/<name>`` (``.ipynb`` optional) and wait until its kernel is idle.

        Raises an error naming any open dialog when the kernel is not ready in ``timeout_ms``
        (a notebook without kernelspec metadata makes JupyterLab ask which kernel to use)."""
        path = name if name.startswith("notebooks/") else f"notebooks/{name}"
        if not path.endswith(".ipynb"):
            path += ".ipynb"
        if not (self.server.root / path).exists():
            raise FileNotFoundError(f"{path} is not in the server's copy of the repo")
        self.page.wait_for_function("() => window.jupyterapp !== undefined", timeout=60_000)
        widget_id = self.page.evaluate(_JS_OPEN, [path, timeout_ms])
        nb = Notebook(self, path, widget_id)
        self.notebooks.append(nb)
        nb.wait_for_idle(timeout_ms)
        return nb

    def collapse_sidebars(self) -> None:
        """Hide the left and right side bars (more room for the notebook in screenshots)."""
        self.page.evaluate("() => { window.jupyterapp.shell.collapseLeft(); "
                           "window.jupyterapp.shell.collapseRight(); }")

    def screenshot(self, name: str, path: Path | str | None = None, **kwargs) -> Path:
        """Save a PNG of the page (to ``path``, else ``<tmp_path>/<name>.png``) and return its path."""
        target = Path(path) if path else self.shots / f"{name}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(target), **kwargs)
        return target


@pytest.fixture
def lab(lab_browser, lab_server: LabServer, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Lab]:
    """A fresh page (its own browser context) on the shared server, JupyterLab loaded, and an empty
    ``BACKNOTES_HOME`` (whatever an earlier test's kernels wrote there is removed first)."""
    _empty(lab_server.home)
    context = lab_browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        lab = Lab(lab_server, page, tmp_path)  # listens to the console from the first line on
        # ?reset: start from an empty workspace, never the tabs an earlier test left open
        page.goto(f"{lab_server.url}/lab?reset", wait_until="domcontentloaded")
        page.wait_for_function("() => window.jupyterapp !== undefined", timeout=60_000)
        page.evaluate("async () => { await window.jupyterapp.started; await window.jupyterapp.restored; }")
        yield lab
        report = getattr(request.node, "_backnotes_rep_call", None)
        if report is not None and report.failed:  # leave evidence for whoever reads the failure
            shot = lab.screenshot("failure")
            print(f"\n[browser] screenshot of the failed page: {shot}")
            print("[browser] last browser console lines:\n  " + "\n  ".join(lab.console[-15:]))
            for nb in lab.notebooks:
                try:
                    print(f"[browser] {nb.path} (run: {nb.run_status}) events: {nb.events()}")
                    for error in nb.errors():
                        print(f"[browser] {nb.path} error in {error}")
                except Exception as exc:  # the page may be gone
                    print(f"[browser] {nb.path}: no events ({exc})")
            print(f"[browser] JupyterLab log tail:\n{lab_server.log_tail(15)}")
    finally:
        _shutdown_kernels(lab_server)
        context.close()


def _empty(folder: Path) -> None:
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def _shutdown_kernels(server: LabServer) -> None:
    """Stop the kernels a test started, so the next test starts clean and CPU is not wasted."""
    try:
        with urllib.request.urlopen(f"{server.url}/api/sessions", timeout=5) as resp:
            sessions = json.load(resp)
        for session in sessions:
            req = urllib.request.Request(f"{server.url}/api/sessions/{session['id']}", method="DELETE")
            urllib.request.urlopen(req, timeout=10).close()
    except (urllib.error.URLError, OSError, ValueError):
        pass


# --------------------------------------------------------------------------------------------------
# printing


def _count_pdf_pages(pdf: bytes) -> int:
    """Page objects in a PDF (``/Type /Page``, not the ``/Pages`` tree nodes)."""
    assert pdf.startswith(b"%PDF-")
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.fixture
def pdf_pages():
    """The page counter for a PDF printed by Chromium (Playwright's ``page.pdf``): ``pdf_pages(pdf)``."""
    return _count_pdf_pages


# --------------------------------------------------------------------------------------------------
# the app, served by Voilà


def _run_py():
    """run.py as a module: the fixture starts Voilà with the very command ``run.py app`` uses."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("backnotes_run_script", REPO / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# A saved routine of one short hold, so the timers finish in seconds: the app offers saved routines
# first, so it is the one shown (see ``VoilaApp.save_quick_routine``).
QUICK_ROUTINE = {
    "format": "backnotes-routine", "version": 1, "name": "Quick test", "notes": "",
    "items": [{"exercise_id": "knee-to-chest", "name": "Knee to chest", "kind": "hold", "sets": 1, "reps": 1,
               "hold_s": 2, "tempo_s": None, "rest_s": 0, "per_side": False, "note": ""}],
}


def run_session_to_done(player, *, keyboard: bool = False, timeout_s: float = 90.0) -> int:
    """Run the session shown in ``player`` (a Playwright locator of a ``.backnotes-timer-player``,
    already started) to its end, as a person does: whenever the player waits for them (the countdown
    says "Ready?", the Start toggle "Ready": a get-down to the mat, a roll-over, a turn-over; see
    ``backnotes.timing.Phase.wait``) press Ready, with the mouse or, ``keyboard=True``, with Enter on
    the toggle, which must still have the keyboard focus. Returns how many times Ready was pressed."""
    from playwright.sync_api import expect

    page = player.page
    toggle = player.locator("button.backnotes-player-toggle")
    countdown = player.locator(".backnotes-countdown")
    deadline = time.monotonic() + timeout_s
    presses = 0
    while True:
        shown = countdown.inner_text().strip()
        if shown == "Done":
            return presses
        if shown == "Ready?":
            expect(toggle).to_have_text("Ready")
            if keyboard:
                assert toggle.evaluate("(el) => el === document.activeElement"), (
                    "the player waits for Ready but the keyboard focus is not on the Ready button")
                page.keyboard.press("Enter")
            else:
                toggle.click()
            presses += 1
            expect(countdown).not_to_have_text("Ready?", timeout=15_000)
            continue
        if time.monotonic() > deadline:
            raise AssertionError(f"the session did not reach Done in {timeout_s} s; the countdown shows "
                                 f"{shown!r}, the toggle {toggle.inner_text()!r}")
        page.wait_for_timeout(200)


@pytest.fixture
def session_to_done():
    """`run_session_to_done`, for the tests: ``session_to_done(player, keyboard=False)``."""
    return run_session_to_done


class VoilaApp:
    """The app in Voilà: ``url``, ``home`` (its ``BACKNOTES_HOME``), ``page`` (Playwright) and helpers."""

    def __init__(self, url: str, home: Path, log: Path, page, shots: Path) -> None:
        self.url, self.home, self.log, self.page, self.shots = url, home, log, page, shots
        self.console: list[str] = []
        self.outside: list[str] = []  # requests that tried to leave this computer (see block_outside)
        page.on("console", lambda msg: self.console.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda exc: self.console.append(f"pageerror: {exc}"))

    def ready(self, timeout_ms: int = 120_000) -> None:
        """Open the app and wait until its first button can be pressed."""
        self.page.goto(self.url, wait_until="domcontentloaded")
        self.page.locator(".backnotes-app button").first.wait_for(state="visible", timeout=timeout_ms)

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no server log)"

    def save_quick_routine(self) -> dict:
        """Save the quick routine (one 2 s hold, "Quick test") in ``home/routines/``, where the app
        offers it first; return it (a routine dict, a copy)."""
        folder = self.home / "routines"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "quick-test.json").write_text(json.dumps(QUICK_ROUTINE), encoding="utf-8")
        return json.loads(json.dumps(QUICK_ROUTINE))

    def pain_rows(self) -> list[tuple]:
        """The pain entries in the journal file, read with sqlite3 (not through the app)."""
        import sqlite3

        path = self.home / "journal.sqlite"
        if not path.exists():
            return []
        con = sqlite3.connect(path)
        try:
            # schema 3: the app logs back and leg apart; column 1 is the back score (or an old overall one)
            return con.execute("SELECT at, coalesce(back, score), areas, leg_extent, note FROM pain ORDER BY id").fetchall()
        finally:
            con.close()

    def session_rows(self) -> list[tuple]:
        import sqlite3

        path = self.home / "journal.sqlite"
        if not path.exists():
            return []
        con = sqlite3.connect(path)
        try:
            # schema 3: back pain after the session is the session check's (or an old pain_after)
            return con.execute("SELECT routine, completed, coalesce(check_back, pain_after) FROM sessions"
                               " ORDER BY id").fetchall()
        finally:
            con.close()

    def screenshot(self, name: str, path: Path | str | None = None, **kwargs) -> Path:
        target = Path(path) if path else self.shots / f"{name}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(target), **kwargs)
        return target


def start_voila(notebook: Path, home: Path, tmp: Path, extra: tuple[str, ...] = ()) -> tuple[str, Path, subprocess.Popen]:
    """Serve ``notebook`` with Voilà on a free port (``run.py``'s command, then ``extra`` options);
    return (url, log, process)."""
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)
    for name in ("config", "runtime", "data"):
        (tmp / name).mkdir(exist_ok=True)
    env.update(BACKNOTES_HOME=str(home), JUPYTER_CONFIG_DIR=str(tmp / "config"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), JUPYTER_DATA_DIR=str(tmp / "data"),
               PYTHONUNBUFFERED="1")
    env = _run_py().voila_env(env)
    port = _free_port()
    cmd = _run_py().voila_command(sys.executable, port, open_browser=False, extra=list(extra))
    cmd[cmd.index(_run_py().APP_NOTEBOOK)] = str(notebook)
    log = tmp / "voila.log"
    with open(log, "wb") as log_file:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=(os.name == "posix"))
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while True:
        if proc.poll() is not None:
            pytest.fail(f"Voilà exited with code {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}",
                        pytrace=False)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            pass
        if time.monotonic() > deadline:
            _stop(proc)
            pytest.fail(f"Voilà did not listen within {SERVER_START_TIMEOUT_S} s", pytrace=False)
        time.sleep(0.2)
    return url, log, proc


def block_outside(context, seen: list[str] | None = None) -> None:
    """Abort every request that leaves this computer, noting its address in ``seen``: the app must
    work offline and send nothing over the network; the test sees what a person offline sees."""
    # only https is routed (each routed request passes through Python, which is slow); the app's own
    # files come over plain http from 127.0.0.1
    def abort(route) -> None:
        if seen is not None:
            seen.append(route.request.url)
        route.abort()

    context.route("https://**/*", abort)


@pytest.fixture
def voila_app(lab_browser, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[VoilaApp]:
    """The app served by Voilà with an empty ``BACKNOTES_HOME``, in a fresh browser page."""
    home = tmp_path / "home"
    home.mkdir()
    url, log, proc = start_voila(REPO / "notebooks" / "app.ipynb", home, tmp_path)
    context = lab_browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    app = VoilaApp(url, home, log, page, tmp_path)
    block_outside(context, app.outside)
    try:
        yield app
        report = getattr(request.node, "_backnotes_rep_call", None)
        if report is not None and report.failed:
            try:
                print(f"\n[browser] screenshot of the failed page: {app.screenshot('failure', full_page=True)}")
            except Exception as exc:  # the page may be gone
                print(f"[browser] no screenshot: {exc}")
            print("[browser] last browser console lines:\n  " + "\n  ".join(app.console[-15:]))
            print(f"[browser] Voilà log tail:\n{app.log_tail(25)}")
    finally:
        context.close()
        _stop(proc)


@dataclass
class VoilaServer:
    """A Voilà server of the app without a page: ``url``, ``log``, ``process``; ``kernels()`` lists
    its kernel processes (from the process table: Voilà has no kernel-listing API)."""

    url: str
    log: Path
    process: subprocess.Popen

    def kernels(self) -> list[int]:
        from kernel_count import kernel_pids  # tools/ (on sys.path above)

        return kernel_pids(self.process.pid)

    def log_text(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""


@pytest.fixture
def voila_server(tmp_path: Path) -> Iterator:
    """A factory: ``voila_server(*extra_options)`` serves the app as ``run.py app`` does (plus the
    options) with an empty ``BACKNOTES_HOME``, and returns a `VoilaServer`; all are stopped after."""
    procs: list[subprocess.Popen] = []

    def start(*extra: str) -> VoilaServer:
        folder = tmp_path / f"server{len(procs)}"
        (folder / "home").mkdir(parents=True)
        url, log, proc = start_voila(REPO / "notebooks" / "app.ipynb", folder / "home", folder, extra)
        procs.append(proc)
        return VoilaServer(url, log, proc)

    try:
        yield start
    finally:
        for proc in procs:
            _stop(proc)
