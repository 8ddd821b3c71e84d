"""The journal across processes: two writers at once, an import killed half-way, and the person's real
data folder left alone."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from backnotes.journal import Journal

N_EACH = 60


def _writer(path: str, hour: int, n: int) -> None:
    with Journal(path, tz="UTC") as j:
        for i in range(n):
            j.log_pain(i % 11, at=f"2026-02-{1 + i // 24:02d} {i % 24:02d}:{hour:02d}", note=f"writer {hour}")


def test_two_writer_processes_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    Journal(path).close()  # created once, as the first notebook would
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(path), minute, N_EACH)) for minute in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    with Journal(path, tz="UTC") as j:
        df = j.pain()
    assert len(df) == 2 * N_EACH
    assert df["note"].value_counts().to_dict() == {"writer 1": N_EACH, "writer 2": N_EACH}


KILLED_IMPORT = textwrap.dedent("""
    import sys, time
    from backnotes.journal import Journal
    j = Journal(sys.argv[1], tz="UTC")
    calls = 0
    def pause():  # SQLite calls this during long statements: the import is then half-way through
        global calls
        calls += 1
        if calls == 200:
            print("inside", flush=True)
            time.sleep(120)
        return 0
    j._conn.set_progress_handler(pause, 1000)
    j.import_csv(sys.argv[2])
    print("finished", flush=True)
""")


def test_killed_import_leaves_journal_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    with Journal(path, tz="UTC") as j:
        for day in range(1, 4):
            j.log_pain(day, at=f"2026-01-0{day} 08:00")
    big = tmp_path / "big.csv"
    with open(big, "w", encoding="utf-8") as f:
        f.write("at,score,areas,note\n")
        for i in range(60_000):
            f.write(f"2020-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:{i % 59:02d},{i % 11},"
                    f"lower back,row {i}\n")
    script = tmp_path / "importer.py"
    script.write_text(KILLED_IMPORT, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), str(path), str(big)], stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().strip()  # type: ignore[union-attr]
        assert line == "inside", f"the importer did not reach the middle of its write: {line!r}"
        # the importer holds the write lock: its transaction is open, rows half inserted
        probe = sqlite3.connect(path, timeout=0.05, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            probe.execute("BEGIN IMMEDIATE")
        probe.close()
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    with Journal(path, tz="UTC") as j:
        assert j.pain()["score"].tolist() == [1, 2, 3]
        assert j._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert j.import_csv(big) == 60_000  # and it still works


def test_no_test_touches_the_real_data_folder(backnotes_home: Path, tmp_path: Path) -> None:
    import platformdirs

    import backnotes

    real = Path(platformdirs.user_data_dir("backnotes", appauthor=False))
    assert backnotes_home != real and real not in backnotes_home.parents
    before = (real.exists(), sorted(p.name for p in real.iterdir()) if real.exists() else None,
              real.stat().st_mtime_ns if real.exists() else None)
    with Journal() as j:
        j.log_pain(3, at="2026-01-01 08:00")
        j.export_csv(tmp_path / "export")
        assert j.path.parent == backnotes_home
    assert backnotes.data_home() == backnotes_home
    assert sorted(p.name for p in backnotes_home.iterdir())[0] == "journal.sqlite"
    after = (real.exists(), sorted(p.name for p in real.iterdir()) if real.exists() else None,
             real.stat().st_mtime_ns if real.exists() else None)
    assert after == before


def test_every_test_gets_a_temporary_home() -> None:
    """The suite-wide guard (tests/conftest.py): BACKNOTES_HOME is a fresh folder under the temp dir,
    so no test can reach the real data folder through Journal() or data_home()."""
    import tempfile

    import platformdirs

    home = Path(os.environ["BACKNOTES_HOME"])
    assert home.is_dir() and not any(home.iterdir())
    assert Path(tempfile.gettempdir()).resolve() in home.resolve().parents
    assert Path(platformdirs.user_data_dir("backnotes", appauthor=False)).resolve() not in home.resolve().parents
