"""JupyterHub configuration for TRYING the class set-up on one computer: ``python3 run.py hub``.

TRIAL ONLY. ``DummyAuthenticator`` lets anyone in under any name with the one trial password, the
hub listens on 127.0.0.1 only (nobody else on the network reaches it) and every student's server
runs as the same system user as the hub (``SimpleLocalProcessSpawner``). For a real class use
``deploy/tljh/`` (one server) or ``deploy/z2jh/`` (Kubernetes): see the README, "Teach a class".

``run.py hub`` (and tests/test_hub.py, benchmarks/bench_hub.py) set these environment variables:

    BACKNOTES_HUB_STATE      folder for the hub's database, cookie secret and students' folders
    BACKNOTES_HUB_PORT       the port people open (http://127.0.0.1:PORT/)
    BACKNOTES_HUB_API_PORT   the hub's own port behind the proxy;  BACKNOTES_HUB_PROXY_API_PORT: the proxy's
    BACKNOTES_HUB_PASSWORD   the trial password every name signs in with
    BACKNOTES_HUB_PYTHON     the environment's python (its jupyterhub-singleuser starts each server)
    BACKNOTES_HUB_CULL_S     idle culling: a server unused this many seconds is stopped (0 = never)
    BACKNOTES_HUB_ADMIN_TOKEN  optional: an API token for an admin service (the tests drive the hub with it)
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub defines get_config when it loads this file)

ROOT = Path(__file__).resolve().parents[2]
# run.py sets it: the user's data folder (~/.local/share/backnotes-hub on Linux), never the repository
STATE = Path(os.environ.get("BACKNOTES_HUB_STATE") or Path.home() / ".local" / "share" / "backnotes-hub")
USERS = STATE / "users"
PYTHON = Path(os.environ.get("BACKNOTES_HUB_PYTHON") or sys.executable)
BIN = PYTHON.parent
env = os.environ.get

for folder in (STATE, USERS):
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)

# -- network: loopback only ------------------------------------------------------------------------
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(env("BACKNOTES_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env("BACKNOTES_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env('BACKNOTES_HUB_PROXY_API_PORT', '8001')}"
# the proxy from the npm registry, installed into the project by `npm ci` (package.json): no global install
c.ConfigurableHTTPProxy.command = [str(ROOT / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.ConfigurableHTTPProxy.debug = False
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every student's server
c.JupyterHub.cleanup_proxy = True

# -- who may sign in: TRIAL ONLY ---------------------------------------------------------------------
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = env("BACKNOTES_HUB_PASSWORD", "try-backnotes")
c.Authenticator.allow_all = True  # any name: fine on 127.0.0.1 for a trial, never on a real server
c.Authenticator.admin_users = {"tutor"}

# -- each student's server: own folder, own journal ----------------------------------------------------
c.JupyterHub.spawner_class = "simple"  # SimpleLocalProcessSpawner: servers run as the hub's user
c.SimpleLocalProcessSpawner.home_dir_template = str(USERS / "{username}")
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
if os.name == "posix":
    # umask 077: whatever a student's server writes (notebooks, Jupyter's own files) is theirs only
    c.Spawner.cmd = ["/bin/sh", "-c", 'umask 077 && exec "$0" "$@"', str(BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab/tree/00_start_here.ipynb"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
args = [
    # Voilà is a server extension of each student's server: /user/NAME/voila/render/app.ipynb
    "--VoilaConfiguration.template=backnotes",
    "--VoilaConfiguration.theme=light",
    # see run.py LAB_QUIET: a compatibility layer backnotes does not use
    "--ServerApp.jpserver_extensions=notebook_shim=False",
]
if hasattr(os, "geteuid") and os.geteuid() == 0:
    args.append("--allow-root")  # containers and test machines run everything as root
c.Spawner.args = args


def _student_home(spawner) -> str:
    return str(Path(spawner.home_dir) / ".backnotes")


c.Spawner.environment = {
    # each student's journal, settings, routines and exports: their own folder (0700 / 0600 files)
    "BACKNOTES_HOME": _student_home,
    # the app's offline Voilà template (src/backnotes/data/voila/templates/backnotes); see run.py voila_env
    "JUPYTER_PATH": str(ROOT / "src" / "backnotes" / "data"),
    "PATH": os.pathsep.join([str(BIN), env("PATH", "")]),
    "MPLBACKEND": "Agg",
}
NOTEBOOKS = ROOT / "notebooks"


def give_the_notebooks(spawner) -> None:
    """Before a server starts: the student's own folder (0700) with their copy of the notebooks.

    A real class hands the notebooks out with an nbgitpuller link instead (deploy/README.md); here
    each student simply gets a copy once, so their edits stay theirs.
    """
    home = Path(spawner.home_dir)
    home.mkdir(parents=True, exist_ok=True)
    home.chmod(0o700)
    for src in sorted(NOTEBOOKS.glob("*.ipynb")) + sorted(NOTEBOOKS.glob("*.md")):
        dest = home / src.name
        if not dest.exists():
            shutil.copyfile(src, dest)
            dest.chmod(0o600)


c.Spawner.pre_spawn_hook = give_the_notebooks

# -- services: idle culling, and an admin token for tests -----------------------------------------------
services, roles = [], []
cull_s = int(env("BACKNOTES_HUB_CULL_S", "3600"))
if cull_s > 0:
    services.append({
        "name": "idle-culler",
        "command": [str(PYTHON), "-m", "jupyterhub_idle_culler", f"--timeout={cull_s}",
                    f"--cull-every={max(1, min(300, cull_s // 2))}"],
    })
    roles.append({"name": "idle-culler", "services": ["idle-culler"],
                  "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]})
if env("BACKNOTES_HUB_ADMIN_TOKEN"):
    services.append({"name": "backnotes-admin", "api_token": env("BACKNOTES_HUB_ADMIN_TOKEN")})
    roles.append({"name": "backnotes-admin", "services": ["backnotes-admin"],
                  "scopes": ["admin:users", "admin:servers", "access:servers", "list:users", "read:users",
                             "tokens"]})
c.JupyterHub.services = services
c.JupyterHub.load_roles = roles
