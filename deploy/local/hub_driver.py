"""Drive the trial hub (deploy/local/jupyterhub_config.py) from Python: start it on free loopback
ports, sign students in and start their servers through the hub's REST API with an admin service
token, run code in a student's kernel through the single-user server's kernel API, and stop it all.

Used by tests/test_hub.py and benchmarks/bench_hub.py; standard library plus what JupyterHub itself
installs (tornado for the kernel's websocket, psutil through ipykernel for the process tree).
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import importlib.util
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[2]


def run_script():
    """The repo's run.py as a module (its hub_env, hub_command, ensure_proxy and free_port)."""
    spec = importlib.util.spec_from_file_location("backnotes_run_script", REPO / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # report 30x as they are
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


class HubError(RuntimeError):
    """The hub or a student's server did not do what was asked (the message says what)."""


class TrialHub:
    """One trial hub in ``state`` (a folder of its own), on a free port of 127.0.0.1."""

    def __init__(self, state: Path, *, cull_s: int = 0, python: str | Path = sys.executable) -> None:
        self.run_py = run_script()
        self.state = Path(state)
        self.state.mkdir(parents=True, exist_ok=True)
        self.port = self.run_py.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(24)
        self.password = secrets.token_urlsafe(9)
        self.env = self.run_py.hub_env(python, self.port, state=self.state, password=self.password,
                                       cull_s=cull_s, admin_token=self.token)
        self.python = python
        self.proc: subprocess.Popen | None = None
        self.log_path = self.state / "hub.log"

    # -- life cycle ------------------------------------------------------------------------------------
    def start(self, timeout: float = 120) -> "TrialHub":
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.run_py.hub_command(self.python), cwd=self.state, env=self.env,
                                     stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise HubError(f"the hub exited with code {self.proc.returncode}:\n{self.log_tail()}")
            try:
                status, _ = self.api("GET", "/")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        raise HubError(f"the hub did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def processes(self) -> list[psutil.Process]:
        """The hub and everything it started (proxy, students' servers, their kernels, services)."""
        if self.proc is None:
            return []
        try:
            hub = psutil.Process(self.proc.pid)
            return [hub, *hub.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def stop(self, timeout: float = 30) -> tuple[float, list[str]]:
        """Stop the hub as Ctrl-C would (it stops the proxy and every server); return the seconds
        until no process of it was left and what was still running after ``timeout`` (then killed)."""
        if self.proc is None:
            return 0.0, []
        procs = self.processes()
        t0 = time.monotonic()
        try:
            self.proc.send_signal(signal.SIGTERM)
        except ProcessLookupError:
            pass
        gone, alive = psutil.wait_procs(procs, timeout=timeout)
        elapsed = time.monotonic() - t0
        left = []
        for p in alive:
            try:
                left.append(" ".join(p.cmdline())[:120])
                p.kill()
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(alive, timeout=5)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        self.log.close()
        self.proc = None
        return elapsed, left

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    # -- HTTP ------------------------------------------------------------------------------------------
    def request(self, method: str, path: str, body: Any = None, *, token: str | None = None,
                timeout: float = 60) -> tuple[int, Any, bytes]:
        """An HTTP request through the proxy: (status, headers (case-insensitive), body). Redirects are
        returned, not followed."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Authorization", f"token {token or self.token}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with _OPENER.open(req, timeout=timeout) as resp:
                return resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as err:
            return err.code, err.headers, err.read()

    def api(self, method: str, path: str, body: Any = None, **kw: Any) -> tuple[int, Any]:
        status, _, raw = self.request(method, "/hub/api" + path, body, **kw)
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, raw.decode(errors="replace")

    # -- students ----------------------------------------------------------------------------------------
    def add_users(self, names: list[str]) -> None:
        status, reply = self.api("POST", "/users", {"usernames": names})
        if status not in (201, 409):
            raise HubError(f"adding users: HTTP {status} {reply}")

    def start_server(self, name: str) -> None:
        status, reply = self.api("POST", f"/users/{name}/server")
        if status not in (201, 202, 400):  # 400: already running
            raise HubError(f"starting {name}'s server: HTTP {status} {reply}")

    def server(self, name: str) -> dict | None:
        status, reply = self.api("GET", f"/users/{name}")
        if status != 200:
            raise HubError(f"reading user {name}: HTTP {status} {reply}")
        return reply["servers"].get("")

    def wait_ready(self, names: list[str], timeout: float = 180) -> dict[str, float]:
        """Wait until each named student's server is ready; return when each became ready (monotonic)."""
        ready: dict[str, float] = {}
        deadline = time.monotonic() + timeout
        while len(ready) < len(names):
            for name in names:
                if name not in ready:
                    srv = self.server(name)
                    if srv and srv.get("ready"):
                        ready[name] = time.monotonic()
            if time.monotonic() > deadline:
                missing = sorted(set(names) - set(ready))
                raise HubError(f"servers not ready within {timeout:.0f} s: {missing}\n{self.log_tail()}")
            if len(ready) < len(names):
                time.sleep(0.5)
        return ready

    def stop_server(self, name: str) -> None:
        status, reply = self.api("DELETE", f"/users/{name}/server")
        if status not in (202, 204):
            raise HubError(f"stopping {name}'s server: HTTP {status} {reply}")

    def user_token(self, name: str) -> str:
        """A new API token of the student ``name`` (what their browser session would carry)."""
        status, reply = self.api("POST", f"/users/{name}/tokens", {"expires_in": 900, "note": "test"})
        if status != 201:
            raise HubError(f"token for {name}: HTTP {status} {reply}")
        return reply["token"]

    def server_pid(self, name: str) -> int | None:
        """The process id of ``name``'s single-user server (its command line names its folder)."""
        for p in self.processes():
            try:
                if p.environ().get("JUPYTERHUB_USER") == name and "singleuser" in " ".join(p.cmdline()):
                    return p.pid
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        return None

    # -- kernels ------------------------------------------------------------------------------------------
    def run_code(self, name: str, code: str, *, timeout: float = 120) -> str:
        """Run ``code`` in a new kernel of ``name``'s server (the kernel API, as JupyterLab does); return
        what it printed. The kernel is shut down afterwards. An error in the code raises HubError."""
        status, _, raw = self.request("POST", f"/user/{name}/api/kernels", {"name": "python3"})
        if status != 201:
            raise HubError(f"starting a kernel for {name}: HTTP {status} {raw[:300]!r}")
        kid = json.loads(raw)["id"]
        try:
            return asyncio.run(self._execute(name, kid, code, timeout))
        finally:
            self.request("DELETE", f"/user/{name}/api/kernels/{kid}")

    async def _execute(self, name: str, kid: str, code: str, timeout: float) -> str:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        url = f"ws://127.0.0.1:{self.port}/user/{name}/api/kernels/{kid}/channels"
        ws = await asyncio.wait_for(websocket_connect(
            HTTPRequest(url, headers={"Authorization": f"token {self.token}"})), timeout)
        msg_id = uuid.uuid4().hex
        session = uuid.uuid4().hex
        await ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": name,
                       "session": session, "version": "5.3",
                       "date": _dt.datetime.now(_dt.timezone.utc).isoformat()},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }))
        out: list[str] = []
        error = None
        replied = idle = False
        deadline = time.monotonic() + timeout
        try:
            while not (replied and idle):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise HubError(f"{name}'s kernel did not finish within {timeout:.0f} s")
                raw = await asyncio.wait_for(ws.read_message(), left)
                if raw is None:
                    raise HubError(f"{name}'s kernel connection closed")
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = msg["msg_type"], msg["content"]
                if kind == "stream":
                    out.append(content["text"])
                elif kind == "error":
                    error = f"{content['ename']}: {content['evalue']}"
                elif kind == "execute_reply":
                    replied = True
                elif kind == "status" and content.get("execution_state") == "idle":
                    idle = True
        finally:
            ws.close()
        if error:
            raise HubError(f"code in {name}'s kernel failed: {error}")
        return "".join(out)
