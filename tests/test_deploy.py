"""deploy/ and ``run.py hub`` (issue 22), checked without a cluster: what cannot run here (The Littlest
JupyterHub's systemd spawner, Kubernetes, image builds) is validated by parsing. Every ``c.X.y`` a
hub configuration sets must be a name ``jupyterhub --generate-config`` writes; every key of the Zero
to JupyterHub ``config.yaml`` must be one the chart documents; the binder environment must parse
as pip requirements and shell scripts; the nbgitpuller link must name a notebook of this repository.
The trial hub itself runs for real in tests/test_hub.py.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import stat
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from traitlets.config import Config

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"


@pytest.fixture(scope="module")
def run_py():
    spec = importlib.util.spec_from_file_location("backnotes_run_script", REPO / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated_names(tmp_path_factory) -> set[str]:
    """Every ``Class.trait`` name of ``jupyterhub --generate-config`` (this JupyterHub's classes)."""
    out = tmp_path_factory.mktemp("gen") / "jupyterhub_config.py"
    exe = Path(sys.executable).parent / "jupyterhub"
    subprocess.run([str(exe), "--generate-config", "-f", str(out)], check=True, capture_output=True, timeout=120)
    names = set(re.findall(r"^#?\s*c\.([A-Za-z]+\.[A-Za-z_]+)\s*=", out.read_text(), flags=re.M))
    assert len(names) > 200 and "Spawner.environment" in names
    return names


def load_config(path: Path) -> Config:
    """Run a jupyterhub_config.py as JupyterHub does (``get_config`` gives the Config it fills)."""
    config = Config()
    code = compile(path.read_text(encoding="utf-8"), str(path), "exec")
    exec(code, {"get_config": lambda: config, "__file__": str(path), "__name__": "jupyterhub_config"})
    return config


def set_names(config: Config) -> set[str]:
    return {f"{section}.{name}" for section, traits in config.items() for name in traits}


# -- The Littlest JupyterHub ---------------------------------------------------------------------------

#: SystemdSpawner (TLJH's spawner, package jupyterhub-systemdspawner) is not installed here: the names
#: used, as its README documents them.
SYSTEMD_SPAWNER_NAMES = {"SystemdSpawner.mem_limit", "SystemdSpawner.cpu_limit", "SystemdSpawner.isolate_tmp",
                         "SystemdSpawner.isolate_devices", "SystemdSpawner.username_template"}


def test_tljh_snippet_uses_real_config_names_and_runs_the_idle_culler(generated_names: set[str]) -> None:
    config = load_config(DEPLOY / "tljh" / "jupyterhub_config.py")
    names = set_names(config)
    unknown = {n for n in names - generated_names if n not in SYSTEMD_SPAWNER_NAMES}
    assert not unknown, unknown
    (culler,) = config.JupyterHub.services
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    assert any(a.startswith("--timeout=") for a in culler["command"])
    (role,) = config.JupyterHub.load_roles
    assert culler["name"] in role["services"]
    assert {"list:users", "read:users:activity", "read:servers", "delete:servers"} <= set(role["scopes"])
    assert config.SystemdSpawner.mem_limit == "1G"

    class FakeSpawner:
        username_template = "jupyter-{USERNAME}"
        user = type("U", (), {"name": "ana"})()

    assert config.Spawner.environment["BACKNOTES_HOME"](FakeSpawner()) == "/home/jupyter-ana/.backnotes"
    assert config.Spawner.default_url.endswith("/notebooks/00_start_here.ipynb")


def test_the_trial_hub_config_is_loopback_only_with_real_names(generated_names: set[str], tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch, run_py) -> None:
    env = run_py.hub_env(sys.executable, 18999, state=tmp_path / "state", password="pw", cull_s=60,
                         admin_token="t0ken", env={})
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    config = load_config(DEPLOY / "local" / "jupyterhub_config.py")
    assert not set_names(config) - generated_names, set_names(config) - generated_names
    assert config.JupyterHub.ip == config.JupyterHub.hub_ip == "127.0.0.1"
    assert config.JupyterHub.port == 18999
    assert config.ConfigurableHTTPProxy.api_url.startswith("http://127.0.0.1:")
    assert config.ConfigurableHTTPProxy.command == [str(REPO / "node_modules" / ".bin" / "configurable-http-proxy")]
    assert config.JupyterHub.authenticator_class == "dummy" and config.DummyAuthenticator.password == "pw"
    assert config.JupyterHub.spawner_class == "simple"
    assert config.SimpleLocalProcessSpawner.home_dir_template == str(tmp_path / "state" / "users" / "{username}")
    names = [s["name"] for s in config.JupyterHub.services]
    assert names == ["idle-culler", "backnotes-admin"]
    assert "--timeout=60" in config.JupyterHub.services[0]["command"]
    assert "--VoilaConfiguration.template=backnotes" in config.Spawner.args
    # the trial password and token are not in the file: only in the environment run.py gives it
    text = (DEPLOY / "local" / "jupyterhub_config.py").read_text(encoding="utf-8")
    assert "t0ken" not in text and "TRIAL ONLY" in text
    # without an admin token and with culling off there is no service at all
    monkeypatch.delenv("BACKNOTES_HUB_ADMIN_TOKEN")
    monkeypatch.setenv("BACKNOTES_HUB_CULL_S", "0")
    assert load_config(DEPLOY / "local" / "jupyterhub_config.py").JupyterHub.services == []


# -- Zero to JupyterHub ----------------------------------------------------------------------------------

#: Keys of the Zero to JupyterHub chart (4.x) that config.yaml uses, as its configuration reference
#: documents them (https://z2jh.jupyter.org/en/stable/resources/reference.html). ``hub.config`` is
#: free-form traitlets config: its names are checked against jupyterhub --generate-config instead.
Z2JH_DOCUMENTED = {
    "hub.config", "singleuser.image.name", "singleuser.image.tag", "singleuser.defaultUrl",
    "singleuser.memory.guarantee", "singleuser.memory.limit", "singleuser.cpu.guarantee", "singleuser.cpu.limit",
    "singleuser.storage.type", "singleuser.storage.capacity", "singleuser.extraEnv",
    "singleuser.lifecycleHooks", "cull.enabled", "cull.timeout", "cull.every", "cull.users",
    "prePuller.continuous.enabled", "scheduling.userScheduler.enabled",
}
FREE_FORM = {"hub.config", "singleuser.extraEnv", "singleuser.lifecycleHooks"}


def _leaves(tree: dict, prefix: str = "") -> set[str]:
    out = set()
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and path not in FREE_FORM:
            out |= _leaves(value, path + ".")
        else:
            out.add(path)
    return out


def _bytes(size: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)([KMGT]?)", size).groups()
    return float(number) * 1024 ** "_KMGT".index(unit or "_")


def test_z2jh_config_uses_documented_keys(generated_names: set[str]) -> None:
    values = yaml.safe_load((DEPLOY / "z2jh" / "config.yaml").read_text(encoding="utf-8"))
    leaves = _leaves(values)
    assert not leaves - Z2JH_DOCUMENTED, leaves - Z2JH_DOCUMENTED
    hub_names = {f"{cls}.{name}" for cls, traits in values["hub"]["config"].items() for name in traits}
    assert not hub_names - generated_names, hub_names - generated_names
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"] != "dummy"
    su = values["singleuser"]
    assert _bytes(su["memory"]["guarantee"]) <= _bytes(su["memory"]["limit"])
    assert 0 < su["cpu"]["guarantee"] <= su["cpu"]["limit"]
    assert su["extraEnv"]["BACKNOTES_HOME"].startswith("/home/jovyan/")
    assert su["lifecycleHooks"]["postStart"]["exec"]["command"][0] == "gitpuller"
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > values["cull"]["every"] > 0
    assert (REPO / su["defaultUrl"].removeprefix("/lab/tree/backnotes/")).is_file()


# -- binder / repo2docker -----------------------------------------------------------------------------------

def test_binder_environment_parses_and_scripts_are_valid_shell() -> None:
    lines = [ln.split("#")[0].strip() for ln in (DEPLOY / "binder" / "requirements.txt").read_text().splitlines()]
    reqs = {Requirement(ln).name.lower(): Requirement(ln) for ln in lines if ln}
    assert {"jupyterhub", "jupyterlab", "voila", "ipywidgets", "nbgitpuller"} <= set(reqs)
    # every runtime dependency of backnotes is in the image
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {Requirement(d).name.lower() for d in project["dependencies"]}
    assert wanted <= set(reqs), wanted - set(reqs)
    for script in ("postBuild", "start"):
        path = DEPLOY / "binder" / script
        assert path.stat().st_mode & stat.S_IXUSR, f"{script} must be executable"
        assert path.read_text().startswith("#!/bin/bash\n")
        subprocess.run(["bash", "-n", str(path)], check=True)
    assert "install_voila_template.py" in (DEPLOY / "binder" / "postBuild").read_text()
    assert "umask 077" in (DEPLOY / "binder" / "start").read_text()


def test_voila_template_installer(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("install_voila_template", DEPLOY / "install_voila_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    target = module.main(str(tmp_path))
    assert (target / "conf.json").is_file() and (target / "index.html.j2").is_file()
    conf = tmp_path / "etc" / "jupyter" / "jupyter_server_config.d" / "backnotes-voila.json"
    assert json.loads(conf.read_text())["VoilaConfiguration"]["template"] == "backnotes"


def test_nbgitpuller_link_names_a_notebook_of_this_repository() -> None:
    text = (DEPLOY / "nbgitpuller.md").read_text(encoding="utf-8")
    links = re.findall(r"https://\S+/hub/user-redirect/git-pull\?\S+", text)
    assert links
    for link in links:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
        assert set(query) == {"repo", "branch", "targetPath", "urlpath"}, query
        target = query["targetPath"][0]
        urlpath = query["urlpath"][0]
        assert urlpath.startswith(f"lab/tree/{target}/")
        assert (REPO / urlpath.removeprefix(f"lab/tree/{target}/")).is_file()
    app = re.search(r"urlpath=(voila%2Frender%2F\S+?\.ipynb)", text).group(1)
    assert (REPO / urllib.parse.unquote(app).removeprefix("voila/render/backnotes/")).is_file()


# -- npm and run.py hub -------------------------------------------------------------------------------------

def test_package_json_pins_the_proxy_and_the_lock_matches() -> None:
    pkg = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    version = pkg["dependencies"]["configurable-http-proxy"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"pin an exact version, not {version!r}"
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"][""]["dependencies"] == pkg["dependencies"]
    assert lock["packages"]["node_modules/configurable-http-proxy"]["version"] == version
    ignored = (REPO / ".gitignore").read_text().splitlines()
    assert "node_modules/" in ignored


def test_the_trial_hub_keeps_students_files_outside_the_repository(run_py, monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("BACKNOTES_HUB_STATE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    folder = run_py.hub_state_folder()
    assert REPO not in folder.parents
    if os.name == "posix" and sys.platform != "darwin":
        assert folder == tmp_path / "xdg" / "backnotes-hub"
    monkeypatch.setenv("BACKNOTES_HUB_STATE", str(tmp_path / "chosen"))
    assert run_py.hub_state_folder() == tmp_path / "chosen"


def test_hub_refuses_a_busy_port_before_installing(run_py, monkeypatch, capsys) -> None:
    import socket

    def no_env(*_a, **_k):
        raise AssertionError("must not set up the environment for a port it cannot use")

    monkeypatch.setattr(run_py, "ensure_env", no_env)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(SystemExit):
            run_py.cmd_hub(["--port", str(port)])
    assert f"port {port} is already in use" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run_py.cmd_hub(["--port", "0"])
    with pytest.raises(SystemExit):
        run_py.cmd_hub(["--bogus"])


def test_hub_command_line(run_py, monkeypatch, capsys) -> None:
    seen = {}
    monkeypatch.setattr(run_py, "ensure_env", lambda *a, **k: seen.setdefault("extras", a) and "PY")
    monkeypatch.setattr(run_py, "ensure_proxy", lambda **k: Path("proxy"))
    monkeypatch.setattr(run_py, "run_hub", lambda cmd, **k: seen.update(cmd=cmd, **k) or 0)
    port = run_py.free_port()
    assert run_py.cmd_hub(["--port", str(port)]) == 0
    assert seen["extras"] == (("hub",),)
    assert seen["cmd"] == ["PY", "-m", "jupyterhub", "-f", str(DEPLOY / "local" / "jupyterhub_config.py")]
    env = seen["env"]
    assert env["BACKNOTES_HUB_PORT"] == str(port) and "BACKNOTES_HUB_ADMIN_TOKEN" not in env
    assert len({env["BACKNOTES_HUB_PORT"], env["BACKNOTES_HUB_API_PORT"], env["BACKNOTES_HUB_PROXY_API_PORT"]}) == 3
    out = capsys.readouterr().out
    assert f"http://127.0.0.1:{port}/" in out and env["BACKNOTES_HUB_PASSWORD"] in out and "TRIAL" in out
    assert "hub" in run_py.COMMANDS and "run.py hub" in run_py.__doc__
