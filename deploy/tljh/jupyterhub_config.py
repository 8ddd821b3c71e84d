"""backnotes for a class on The Littlest JupyterHub (TLJH): one server, each student a real system user.

Copy this file to /opt/tljh/config/jupyterhub_config.d/backnotes.py and run
``sudo tljh-config reload hub`` (TLJH loads every *.py in that folder after its own settings).
Install steps: the README, "Teach a class". Checked by tests/test_deploy.py: every ``c.X.y`` name
below exists in ``jupyterhub --generate-config`` (SystemdSpawner's names: in TLJH's own spawner,
which cannot run on the test machine and are listed in the test with their source).
"""

import sys

c = get_config()  # noqa: F821 (TLJH's hub defines it)

# -- what a student sees ----------------------------------------------------------------------------
# the notebooks arrive with an nbgitpuller link (deploy/nbgitpuller.md) into ~/backnotes
c.Spawner.default_url = "/lab/tree/backnotes/notebooks/00_start_here.ipynb"


def _backnotes_home(spawner) -> str:
    """The student's own ~/.backnotes: TLJH's system user is "jupyter-NAME", home /home/jupyter-NAME."""
    template = getattr(spawner, "username_template", "{USERNAME}")
    return f"/home/{template.format(USERNAME=spawner.user.name)}/.backnotes"


c.Spawner.environment = {
    # each student's journal, settings and routines in their own home (created 0700, files 0600)
    "BACKNOTES_HOME": _backnotes_home,
    "MPLBACKEND": "Agg",
}

# -- resources per student: measured in the README's benchmark table (about 0.26 GB per server with
# the app open); 1 GB leaves room for the notebooks' figures. A 16 GB server holds about 30 students.
c.SystemdSpawner.mem_limit = "1G"
c.SystemdSpawner.cpu_limit = 1.0
c.SystemdSpawner.isolate_tmp = True  # a private /tmp per student
c.SystemdSpawner.isolate_devices = True
c.Spawner.start_timeout = 120

# -- idle culling: jupyterhub-idle-culler as a hub service ---------------------------------------------
# TLJH runs its own culler by default; turn that one off so this one (with its explicit permissions)
# is the only one: sudo tljh-config set services.cull.enabled false
c.JupyterHub.services = [
    {
        "name": "jupyterhub-idle-culler-service",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600", "--cull-every=300"],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "jupyterhub-idle-culler-role",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["jupyterhub-idle-culler-service"],
    }
]
