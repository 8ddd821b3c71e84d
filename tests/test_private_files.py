"""Health data is its owner's only, in every mode: folders 0700, files 0600 (issue 22).

These tests run in the normal single-person mode (no hub): the journal, its folder, the settings,
saved routines and every export are created private. On a shared class server each student's
``BACKNOTES_HOME`` is their own folder, so the same bits keep students apart (tests/test_hub.py).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import backnotes
from backnotes import Journal, load_routine
from backnotes.day import export_for_clinician, exports_folder
from backnotes.files import PRIVATE_FILE, PRIVATE_FOLDER, make_private, private_folder
from backnotes.routine import routines_folder
from backnotes.settings import save_settings, settings_path

pytestmark = pytest.mark.skipif(os.name == "nt", reason="Windows has no owner/group/other permission bits")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A BACKNOTES_HOME that does not exist yet, under a folder with the usual 0755, umask 022."""
    tmp_path.chmod(0o755)
    old = os.umask(0o022)
    monkeypatch.setenv("BACKNOTES_HOME", str(tmp_path / "people" / "ana"))
    yield tmp_path / "people" / "ana"
    os.umask(old)


def test_constants_are_owner_only() -> None:
    assert PRIVATE_FILE == 0o600 and PRIVATE_FOLDER == 0o700


def test_data_home_journal_and_its_companion_files_are_private(home: Path) -> None:
    assert not home.exists()
    with Journal(tz="UTC") as j:
        j.log_pain(3, at="2026-03-01 08:00", note="first")
        assert mode(home) == 0o700
        assert mode(home.parent) == 0o700  # every folder backnotes had to create
        assert mode(j.path) == 0o600
        # WAL mode: SQLite gives -wal and -shm the database file's mode
        companions = [p for p in home.iterdir() if p.name.startswith("journal.sqlite-")]
        assert companions, "expected SQLite's -wal/-shm files while the journal is open"
        assert all(mode(p) == 0o600 for p in companions), {p.name: oct(mode(p)) for p in companions}


def test_the_default_folder_of_an_older_version_is_made_private(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BACKNOTES_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(tmp_path / "xdg" / "backnotes"))
    old = tmp_path / "xdg" / "backnotes"
    old.mkdir(parents=True)
    old.chmod(0o755)  # what versions before issue 22 made
    assert backnotes.data_home() == old
    assert mode(old) == 0o700


def test_a_folder_chosen_with_backnotes_home_is_left_as_it_is(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = tmp_path / "shared-stick"
    chosen.mkdir()
    chosen.chmod(0o755)
    monkeypatch.setenv("BACKNOTES_HOME", str(chosen))
    with Journal(tz="UTC") as j:
        j.log_pain(2, at="2026-03-01 08:00")
        assert mode(j.path) == 0o600  # the file itself is still private
    assert mode(chosen) == 0o755


def test_settings_are_private_also_when_an_old_file_was_not(home: Path) -> None:
    save_settings(tone=False)
    path = settings_path()
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    path.chmod(0o644)
    save_settings(tone=True)
    assert mode(path) == 0o600


def test_saved_routines_and_their_folder_are_private(home: Path) -> None:
    folder = routines_folder()
    assert mode(folder) == 0o700
    path = load_routine("gentle-start").save(folder / "mine.json")
    assert mode(path) == 0o600


def test_every_export_is_private(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports-here"
    with Journal(tz="UTC") as j:
        j.log_pain(4, at="2026-03-01 08:00", note="=SUM(A1)")
        files = {
            "report": j.report_html(out / "report.html"),
            "fhir": j.export_fhir(out / "journal.json"),
            "backup": j.backup(out / "backup.sqlite"),
            **{f"csv-{k}": p for k, p in j.export_csv(out / "csv").items()},
            **{f"clinician-{k}": p for k, p in export_for_clinician(j).items()},
        }
    wrong = {name: oct(mode(p)) for name, p in files.items() if mode(p) != 0o600}
    assert not wrong, wrong
    assert mode(out) == 0o700 and mode(out / "csv") == 0o700
    assert mode(exports_folder(create=False).parent) == 0o700  # data_home()/exports


def test_printable_sheet_is_private(home: Path, tmp_path: Path) -> None:
    path = load_routine("gentle-start").save_html(tmp_path / "print" / "sheet.html")
    assert mode(path) == 0o600 and mode(path.parent) == 0o700


def test_private_folder_keeps_existing_folders_and_makes_new_ones_private(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    target = private_folder(tmp_path / "a" / "b")
    assert target.is_dir()
    assert mode(tmp_path) == 0o755
    assert mode(tmp_path / "a") == 0o700 and mode(tmp_path / "a" / "b") == 0o700
    f = tmp_path / "x.txt"
    f.write_text("x", encoding="utf-8")
    f.chmod(0o666)
    assert make_private(f) == f and mode(f) == 0o600
