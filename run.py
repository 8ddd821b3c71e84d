#!/usr/bin/env python3
"""One command for everything: set up a private environment, then start the notebooks, the tests or
the benchmarks. Needs only Python 3.11 or newer (standard library only).

    python3 run.py lab              JupyterLab on notebooks/00_start_here.ipynb
    python3 run.py app              the app (no code shown) in your web browser, served by Voila
    python3 run.py app --no-browser --port N
                                    serve the app on http://127.0.0.1:N/ without opening a browser
    python3 run.py test [ARGS]      every test: unit, real-browser and the notebooks (nbval)
    python3 run.py bench            the benchmark reports
    python3 run.py book             the static HTML book in book/_build/html (offline, saved outputs)
    python3 run.py hub [--port N]   try a class: a local JupyterHub on http://127.0.0.1:N/ (default
                                    8000), each student with their own notebooks and private journal

The app and its kernels: Voila starts one Python kernel for every page that opens the app (each
costs about 100 MB). Closing, reloading or leaving the page stops its kernel (the page tells the
server as it goes). As a backstop, for a page that could not say so (a crash, a lost network), a
kernel with no page connected to it and no activity for 5 minutes is stopped; the server checks
every minute (``MappingKernelManager.cull_idle_timeout=300``, ``cull_interval=60``,
``cull_connected=False``: a page that is still open keeps its kernel, however long the person rests).
Other values can be given after ``app``, e.g.
``python3 run.py app --MappingKernelManager.cull_idle_timeout=120``.

The environment lives in ``.venv`` next to this file. It is created on first use and refreshed when
``pyproject.toml`` changes (a hash stamp in ``.venv`` remembers what was installed). Set
``BACKNOTES_VENV`` to use another virtual environment folder instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("BACKNOTES_VENV") or ROOT / ".venv")
STAMP_NAME = ".backnotes-install.json"
NBVAL_ARGS = ["--nbval-lax", "--nbval-current-env", "--nbval-cell-timeout=300"]
DEFAULT_TEST_PATHS = ["tests", "notebooks"]
APP_NOTEBOOK = "notebooks/app.ipynb"
#: The trial hub's configuration (deploy/local) and the folder for its state (database, students' folders).
HUB_CONFIG = ROOT / "deploy" / "local" / "jupyterhub_config.py"


def hub_state_folder() -> Path:
    """Where the trial hub keeps its database and the students' folders (their journals): the user's
    data folder, never this repository. ``$BACKNOTES_HUB_STATE`` chooses another folder."""
    if os.environ.get("BACKNOTES_HUB_STATE"):
        return Path(os.environ["BACKNOTES_HUB_STATE"]).expanduser()
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "backnotes-hub"


HUB_STATE = hub_state_folder()
#: configurable-http-proxy (JupyterHub's web proxy) from the npm registry, installed by `npm ci`.
PROXY = ROOT / "node_modules" / ".bin" / ("configurable-http-proxy" + (".cmd" if os.name == "nt" else ""))
#: Holds voila/templates/backnotes: Voilà's lab template without its CDN links (the app works offline
#: and sends nothing over the network). Voilà finds templates through JUPYTER_PATH.
VOILA_TEMPLATES = ROOT / "src" / "backnotes" / "data"
# notebook_shim (a compatibility layer for classic-notebook server extensions, which backnotes does
# not use) reads every ServerApp setting at start-up, the deprecated ServerApp.token included, and so
# prints "ServerApp.token config is deprecated ... Use IdentityProvider.token" although nothing sets
# it. Turned off, JupyterLab starts without the warning; the token itself is IdentityProvider's.
LAB_QUIET = ["--ServerApp.jpserver_extensions=notebook_shim=False"]
#: Stop a kernel whose page is gone and that has been idle this long (seconds): the backstop for a
#: page that closed without telling the server (the page's own shutdown request is the main way).
CULL_IDLE_TIMEOUT_S = 300
#: How often the server looks for such kernels (seconds).
CULL_INTERVAL_S = 60


def say(message: str) -> None:
    print(f"[backnotes] {message}", flush=True)


def die(message: str, code: int = 1) -> NoReturn:
    print(f"[backnotes] ERROR: {message}", file=sys.stderr, flush=True)
    raise SystemExit(code)


def venv_python() -> Path:
    """The environment's interpreter: Scripts\\python.exe on Windows, bin/python elsewhere."""
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def run(cmd: list[str | Path], **kwargs) -> int:
    """Run a command in the repo folder and return its exit code.

    Ctrl-C reaches the child too (same terminal), and the child decides: JupyterLab asks to confirm
    and shuts its kernels down, pytest stops and reports. So wait for it instead of killing it.
    """
    kwargs.setdefault("cwd", ROOT)
    proc = subprocess.Popen([str(c) for c in cmd], **kwargs)
    while True:
        try:
            return proc.wait()
        except KeyboardInterrupt:
            continue


def pyproject_hash() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def read_stamp() -> dict:
    try:
        return json.loads((VENV / STAMP_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def ensure_env(extras: tuple[str, ...] = ()) -> Path:
    """Create ``.venv`` if needed and install backnotes (editable) with ``extras``; return its python."""
    if sys.version_info < (3, 11):
        die(f"backnotes needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    python = venv_python()
    if not python.exists():
        say(f"Creating a virtual environment in {VENV} ...")
        code = run([sys.executable, "-m", "venv", VENV])
        if code != 0 or not python.exists():
            die("could not create the virtual environment. On Debian/Ubuntu install it with "
                "`sudo apt-get install python3-venv`, then try again.")
    stamp = read_stamp()
    wanted = set(extras)
    if stamp.get("pyproject") == pyproject_hash() and wanted <= set(stamp.get("extras", [])):
        say(f"Environment is up to date ({VENV}).")
        return python
    installed = wanted | (set(stamp.get("extras", [])) if stamp.get("pyproject") == pyproject_hash() else set())
    target = "." + (f"[{','.join(sorted(installed))}]" if installed else "")
    say(f"Installing backnotes and its dependencies ({target}); the first time takes a few minutes ...")
    code = run([python, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", target])
    if code != 0:
        die("installing the dependencies failed (see pip's message above). Check your internet "
            "connection, then run the same command again.")
    (VENV / STAMP_NAME).write_text(
        json.dumps({"pyproject": pyproject_hash(), "extras": sorted(installed)}), encoding="utf-8")
    say("Environment ready.")
    return python


def say_where(python: Path) -> None:
    """Tell where the journal and saved routines are (the notebooks and the app share them)."""
    where = subprocess.run(
        [str(python), "-c", "import backnotes; print(backnotes.data_home(create=False))"],
        cwd=ROOT, capture_output=True, text=True)
    if where.returncode == 0:
        say(f"Your journal and saved routines live in: {where.stdout.strip()}")
        say("(set BACKNOTES_HOME to choose another folder)")


def cmd_lab(args: list[str]) -> int:
    python = ensure_env()
    say_where(python)
    say("Starting JupyterLab; your web browser opens on notebooks/00_start_here.ipynb. "
        "Stop it with Ctrl-C in this window.")
    # root_dir = the repo, so the file browser shows notebooks/ and data/ side by side (given only a
    # file, Jupyter would serve just that file's folder)
    root = [] if any("root_dir" in a for a in args) else [f"--ServerApp.root_dir={ROOT}"]
    # Jupyter refuses to start as root (containers, fresh cloud machines) unless told it may
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in args:
        root.append("--allow-root")
    quiet = [] if any("jpserver_extensions" in a for a in args) else LAB_QUIET
    return run([python, "-m", "jupyterlab", *root, *quiet, "notebooks/00_start_here.ipynb", *args])


def app_options(args: list[str]) -> tuple[bool, int | None, list[str]]:
    """Read ``run.py app``'s options: ``(open_browser, port or None, the rest for Voila)``.

    ``--no-browser`` serves without opening a browser; ``--port N`` or ``--port=N`` picks the port
    (1-65535). Anything else is passed to Voila unchanged. A bad port stops with a clear message.
    """
    open_browser, port, rest = True, None, []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--no-browser":
            open_browser = False
        elif arg == "--port" or arg.startswith("--port="):
            if arg == "--port":
                if i + 1 >= len(args):
                    die("--port needs a number, e.g. --port 8866")
                i += 1
                value = args[i]
            else:
                value = arg.split("=", 1)[1]
            if not value.isdigit() or not 1 <= int(value) <= 65535:
                die(f"--port: expected a whole number from 1 to 65535, got {value!r}")
            port = int(value)
        else:
            rest.append(arg)
        i += 1
    return open_browser, port, rest


def free_port() -> int:
    """A port nobody listens on now (the system picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_free(port: int) -> bool:
    """True when nothing on this computer listens on ``port`` of 127.0.0.1."""
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def voila_command(python: str | Path, port: int, *, open_browser: bool, extra: list[str] = ()) -> list[str]:
    """The command that serves the app notebook with Voila on 127.0.0.1:``port``.

    ``port_retries=0``: on a busy port Voila would otherwise move silently to the next one, and
    whoever was told the address would find nothing there.

    Culling (the backstop against leaked kernels, see the module docstring): a kernel with no page
    connected and idle for `CULL_IDLE_TIMEOUT_S` is stopped, checked every `CULL_INTERVAL_S`;
    ``cull_connected=False`` keeps every kernel whose page is still open. A cull option given in
    ``extra`` replaces the default one (Voila refuses an option given twice).
    """
    cmd = [str(python), "-m", "voila", APP_NOTEBOOK, f"--port={port}", "--Voila.ip=127.0.0.1",
           "--Voila.port_retries=0", "--theme=light", "--template=backnotes"]
    for option in (f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_TIMEOUT_S}",
                   f"--MappingKernelManager.cull_interval={CULL_INTERVAL_S}",
                   "--MappingKernelManager.cull_connected=False"):
        name = option.split("=", 1)[0]
        if not any(e == name or e.startswith(name + "=") for e in extra):
            cmd.append(option)
    if not open_browser:
        cmd.append("--no-browser")
    return cmd + list(extra)


def voila_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """``env`` (default: this process's) with the app's template folder first on ``JUPYTER_PATH``."""
    env = dict(os.environ if env is None else env)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(VOILA_TEMPLATES), env.get("JUPYTER_PATH")) if p)
    return env


def cmd_app(args: list[str]) -> int:
    open_browser, port, extra = app_options(args)
    if port is not None and not port_is_free(port):
        die(f"port {port} is already in use on this computer: choose another with --port, "
            "or leave --port out and a free one is picked")
    python = ensure_env()
    say_where(python)
    port = port or free_port()
    say(f"Starting the app at http://127.0.0.1:{port}/ "
        + ("(your web browser opens on it). " if open_browser else "(open that address in a web browser). ")
        + "Stop it with Ctrl-C in this window.")
    return run(voila_command(python, port, open_browser=open_browser, extra=extra), env=voila_env())


def _has_paths(args: list[str]) -> bool:
    """True when the user named test files or folders (then only those run)."""
    return any(not a.startswith("-") and (ROOT / a.split("::")[0]).exists() for a in args)


def cmd_test(args: list[str]) -> int:
    python = ensure_env(("test",))
    # tests/test_hub.py needs JupyterHub's web proxy from npm; without npm it skips (CI requires it)
    ensure_proxy(required=os.environ.get("BACKNOTES_REQUIRE_HUB") == "1")
    paths = [] if _has_paths(args) else DEFAULT_TEST_PATHS
    cmd = [python, "-m", "pytest", *NBVAL_ARGS, *paths, *args]
    say("Running: " + " ".join(str(c) for c in cmd[2:]))
    code = run(cmd)
    if code == 5:
        say("pytest found no tests to run (exit code 5): check the paths and -k/-m options.")
    elif code == 0:
        say("All tests passed.")
    else:
        say(f"Tests failed (pytest exit code {code}).")
    return code


def cmd_bench(args: list[str]) -> int:
    python = ensure_env(("book", "hub"))  # bench_book.py times the static book; bench_hub.py runs a hub
    scripts = sorted((ROOT / "benchmarks").glob("bench_*.py"))
    if not scripts:
        die("no benchmarks/bench_*.py found")
    worst = 0
    for script in scripts:
        say(f"Benchmark {script.relative_to(ROOT)} ...")
        code = run([python, script, *args])
        if code != 0:
            say(f"{script.name} exited with code {code}")
            worst = worst or code
    return worst


def cmd_book(args: list[str]) -> int:
    python = ensure_env(("book",))
    say("Building the static book from the notebooks' saved outputs (nothing is executed) ...")
    code = run([python, ROOT / "book" / "build.py", *args])
    if code == 0:
        say(f"Open {ROOT / 'book' / '_build' / 'html' / 'index.html'} in your web browser.")
    return code


def ensure_proxy(*, required: bool = True) -> Path | None:
    """Install configurable-http-proxy into ``node_modules/`` with ``npm ci`` (the exact versions of
    ``package-lock.json``; nothing global) unless it is there already for this lock file; return it.

    Without npm: stop with a message saying how to get Node.js, or return None when not ``required``.
    """
    lock = ROOT / "package-lock.json"
    stamp = ROOT / "node_modules" / ".backnotes-lock.sha256"
    want = hashlib.sha256(lock.read_bytes()).hexdigest()
    try:
        if PROXY.exists() and stamp.read_text(encoding="utf-8").strip() == want:
            return PROXY
    except OSError:
        pass
    npm = shutil.which("npm")
    if npm is None:
        if not required:
            return None
        die("JupyterHub's web proxy needs Node.js and npm. Install them (Debian/Ubuntu: "
            "`sudo apt-get install nodejs npm`; others: https://nodejs.org), then try again.")
    say("Installing JupyterHub's web proxy (configurable-http-proxy) into node_modules/ with npm ci ...")
    code = run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"])
    if code != 0 or not PROXY.exists():
        if not required:
            return None
        die("npm ci failed (see npm's message above). Check your internet connection, then try again.")
    stamp.write_text(want + "\n", encoding="utf-8")
    return PROXY


def hub_env(python: str | Path, port: int, *, state: Path = HUB_STATE, password: str | None = None,
            cull_s: int = 3600, admin_token: str | None = None,
            env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment that deploy/local/jupyterhub_config.py reads: ports (the hub's and the
    proxy's own ports are free ones), the state folder, the trial password, idle culling after
    ``cull_s`` seconds (0: never) and, for tests, an admin service token."""
    env = dict(os.environ if env is None else env)
    env.update({
        "BACKNOTES_HUB_STATE": str(state),
        "BACKNOTES_HUB_PORT": str(port),
        "BACKNOTES_HUB_API_PORT": str(free_port()),
        "BACKNOTES_HUB_PROXY_API_PORT": str(free_port()),
        "BACKNOTES_HUB_PASSWORD": password or secrets.token_urlsafe(9),
        "BACKNOTES_HUB_PYTHON": str(python),
        "BACKNOTES_HUB_CULL_S": str(cull_s),
    })
    if admin_token:
        env["BACKNOTES_HUB_ADMIN_TOKEN"] = admin_token
    else:
        env.pop("BACKNOTES_HUB_ADMIN_TOKEN", None)
    return env


def hub_command(python: str | Path) -> list[str]:
    """The command that starts the trial hub (run it with `hub_env` and the state folder as cwd)."""
    return [str(python), "-m", "jupyterhub", "-f", str(HUB_CONFIG)]


def cmd_hub(args: list[str]) -> int:
    open_browser, port, extra = app_options(args)
    del open_browser  # the hub never opens a browser: the address is printed
    if extra:
        die(f"hub: unknown option {extra[0]!r}; usage: python3 run.py hub [--port N]")
    port = port or 8000
    if not port_is_free(port):
        die(f"port {port} is already in use on this computer: choose another with --port N")
    python = ensure_env(("hub",))
    ensure_proxy()
    env = hub_env(python, port)
    HUB_STATE.mkdir(mode=0o700, parents=True, exist_ok=True)
    say(f"Starting a TRIAL JupyterHub at http://127.0.0.1:{port}/ (this computer only).")
    say(f"Sign in with any name (for example ana or tutor) and the trial password: "
        f"{env['BACKNOTES_HUB_PASSWORD']}")
    say(f"Each name gets its own folder with the notebooks and its own private journal in "
        f"{HUB_STATE / 'users' / 'NAME'}; the app is at /user/NAME/voila/render/app.ipynb. "
        "Stop with Ctrl-C in this window.")
    return run_hub(hub_command(python), env=env, cwd=HUB_STATE)


def run_hub(cmd: list[str], **kwargs) -> int:
    """Run the hub in a session of its own and turn Ctrl-C into one SIGTERM for the hub alone.

    The hub then stops the proxy, the idle culler and every student's server itself (a few seconds).
    A Ctrl-C sent to the whole terminal would also hit its services directly, and the hub would wait
    about 30 s for a culler that is already gone.
    """
    import signal

    posix = os.name == "posix"
    proc = subprocess.Popen(cmd, start_new_session=posix, **kwargs)
    while True:
        try:
            return proc.wait()
        except KeyboardInterrupt:
            say("Stopping the hub and every student's server ...")
            proc.send_signal(signal.SIGTERM) if posix else proc.terminate()


COMMANDS = {"lab": cmd_lab, "app": cmd_app, "test": cmd_test, "bench": cmd_bench, "book": cmd_book,
            "hub": cmd_hub}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 0 if argv and argv[0] in ("-h", "--help", "help") else 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
