"""A class on a real JupyterHub (issue 22): the trial hub of ``python3 run.py hub`` on 127.0.0.1 with
the real configurable-http-proxy from npm, 5 students signed in through the hub's REST API.

Each student logs pain and a session in their own kernel (the logging of notebook 04, through the
single-user server's kernel API); each journal must hold that student's entries only, in their own
folder, with owner-only modes; the app page and JupyterLab answer for each; another student's token
is refused; everything stops within 30 s. A second hub checks idle culling with a short timeout.

Honest limit: every simulated student here runs as the same system user (root on the test
machine; ``SimpleLocalProcessSpawner`` runs servers as the hub's user), so privacy between
students is checked by separate folders, mode bits (0700/0600) and the hub refusing one student's
token at another's server, not by the operating system refusing a read. On The Littlest JupyterHub
each student is a real system user and the same mode bits keep them apart.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "deploy" / "local"))
import hub_driver  # noqa: E402

sys.path.pop(0)

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(os.name != "posix", reason="the trial hub's local spawner needs POSIX")]

STUDENTS = ["ana", "bo", "chidi", "dana", "eli"]
LOG_CODE = """
import backnotes
from backnotes.paths import display_path
journal = backnotes.Journal()
journal.log_pain(3, areas=["lower back"], note="logged by {name}")
journal.log_session(backnotes.load_routine("gentle-start"), pain_before=3, pain_after=2,
                    done={{"knee-to-chest": 3}}, notes="session of {name}")
print("journal:", journal.path)
print("notes:", sorted(journal.pain()["note"]))
journal.close()
"""


@pytest.fixture(scope="module")
def proxy() -> Path:
    path = hub_driver.run_script().ensure_proxy(required=False)
    if path is None:
        if os.environ.get("BACKNOTES_REQUIRE_HUB") == "1":
            pytest.fail("configurable-http-proxy could not be installed with npm ci (CI requires it)")
        pytest.skip("no npm here to install configurable-http-proxy (.ci/run installs Node.js and requires it)")
    return path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_five_students_each_get_a_private_journal_lab_and_app(proxy: Path, tmp_path: Path) -> None:
    hub = hub_driver.TrialHub(tmp_path / "hub", cull_s=0).start()
    try:
        assert hub.url.startswith("http://127.0.0.1:")
        hub.add_users(STUDENTS)
        for name in STUDENTS:
            hub.start_server(name)
        hub.wait_ready(STUDENTS)

        with ThreadPoolExecutor(len(STUDENTS)) as pool:  # the 5 students work at the same time
            printed = dict(zip(STUDENTS, pool.map(lambda n: hub.run_code(n, LOG_CODE.format(name=n)), STUDENTS)))
        users = tmp_path / "hub" / "users"
        for name in STUDENTS:
            home = users / name / ".backnotes"
            assert f"journal: {home / 'journal.sqlite'}" in printed[name], printed[name]
            assert f"notes: ['logged by {name}']" in printed[name], printed[name]

        # JupyterLab opens notebook 00; the app renders through Voilà; lab answers
        for name in STUDENTS:
            status, headers, _ = hub.request("GET", f"/user/{name}/")
            assert status == 302 and (headers.get("Location") or "").rstrip("?").endswith(
                f"/user/{name}/lab/tree/00_start_here.ipynb"), dict(headers)
            status, _, body = hub.request("GET", f"/user/{name}/lab")
            assert status == 200 and b"JupyterLab" in body
        with ThreadPoolExecutor(len(STUDENTS)) as pool:
            apps = dict(zip(STUDENTS, pool.map(
                lambda n: hub.request("GET", f"/user/{n}/voila/render/app.ipynb", timeout=180), STUDENTS)))
        for name, (status, _, body) in apps.items():
            assert status == 200, (name, body[:500])
            assert b"voila/templates/backnotes/static" in body  # our offline template, not the CDN one
            assert b"cdn.jsdelivr" not in body and b"unpkg.com" not in body

        # a student's own token reaches their server, never another's
        ana = hub.user_token("ana")
        assert hub.request("GET", "/user/ana/api/contents", token=ana)[0] == 200
        status = hub.request("GET", "/user/bo/api/contents", token=ana)[0]
        assert status in (403, 404), status
        status = hub.request("GET", "/user/bo/files/.backnotes/journal.sqlite", token=ana)[0]
        assert status in (403, 404), status

        # each journal holds only its own student's entries, in its own folder, owner-only
        for name in STUDENTS:
            folder = users / name
            home = folder / ".backnotes"
            journal = home / "journal.sqlite"
            with sqlite3.connect(f"file:{journal}?mode=ro", uri=True) as db:
                notes = [r[0] for r in db.execute("SELECT note FROM pain")]
                session_notes = [r[0] for r in db.execute("SELECT notes FROM sessions")]
            assert notes == [f"logged by {name}"] and session_notes == [f"session of {name}"]
            assert mode(folder) == 0o700 and mode(home) == 0o700 and mode(journal) == 0o600
            assert (folder / "00_start_here.ipynb").is_file() and (folder / "app.ipynb").is_file()
            # no folder inside a student's folder opens to group or others (umask 077 for their
            # server), so nothing in it can be reached; backnotes' own files are 0600 as well
            wide = [str(p.relative_to(folder)) for p in folder.rglob("*")
                    if p.is_dir() and not p.is_symlink() and mode(p) & 0o077]
            assert not wide, wide
            open_files = {p.name: oct(mode(p)) for p in home.rglob("*") if p.is_file() and mode(p) != 0o600}
            assert not open_files, open_files
        homes = {(users / n / ".backnotes").resolve() for n in STUDENTS}
        assert len(homes) == len(STUDENTS)
        assert mode(users) == 0o700

        pids = {name: hub.server_pid(name) for name in STUDENTS}
        assert all(pids.values()), pids
        for name in STUDENTS:
            hub.stop_server(name)
    finally:
        elapsed, left = hub.stop(timeout=30)
    assert not left, f"still running {elapsed:.0f} s after stopping the hub: {left}"
    assert elapsed < 30


def test_an_idle_server_is_culled(proxy: Path, tmp_path: Path) -> None:
    cull_s = 6
    hub = hub_driver.TrialHub(tmp_path / "hub", cull_s=cull_s).start()
    try:
        hub.add_users(["idle"])
        hub.start_server("idle")
        hub.wait_ready(["idle"])
        pid = hub.server_pid("idle")
        assert pid is not None
        started = time.monotonic()
        while hub.server("idle") is not None:
            assert time.monotonic() - started < 20 * cull_s, hub.log_tail()
            time.sleep(1)
        waited = time.monotonic() - started
        assert "idle-culler" in hub.log_path.read_text(errors="replace")
        for _ in range(30):  # the culled server's process ends too
            if not hub_driver.psutil.pid_exists(pid):
                break
            time.sleep(0.5)
        assert not hub_driver.psutil.pid_exists(pid)
    finally:
        elapsed, left = hub.stop(timeout=30)
    assert not left, left
    assert waited >= cull_s * 0.5  # not stopped at once: it was culled for being idle
