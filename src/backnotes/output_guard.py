"""One guard for every file the journal writes (CSV export, FHIR, report, backup): the path is a
usable file name, and it is not the journal itself nor one of SQLite's files beside it.

SQLite keeps a journal in WAL mode as three files: ``journal.sqlite``, ``journal.sqlite-wal`` and
``journal.sqlite-shm`` (and ``-journal`` while a rollback-mode file is written). Replacing any of them
with a report damages the journal, so `output_path` refuses them, after resolving symbolic links
(a link to the journal is refused too) and comparing the files themselves (a hard link as well).
"""

from __future__ import annotations

import os
from os import PathLike
from pathlib import Path
from typing import Any

from .journal_base import JournalError

__all__ = ["checked_path", "output_path", "journal_files", "LONGEST_NAME", "LONGEST_PATH"]

#: SQLite's files beside a journal (see the module docstring).
_SIBLINGS = ("", "-wal", "-shm", "-journal")
#: Longest file name (one part of a path) most file systems take, and longest path, in bytes.
LONGEST_NAME = 255
LONGEST_PATH = 4095


def checked_path(value: Any, *, what: str) -> Path:
    """``value`` as a `Path`, or `JournalError` naming ``what`` when it is not a usable file name:
    not text or a path, empty, holding a NUL character, or with a part longer than 255 bytes."""
    if isinstance(value, bytes) or not isinstance(value, (str, PathLike)):
        raise JournalError(f"{what}: a file name expected, got {type(value).__name__} {value!r}")
    text = os.fspath(value)
    if not isinstance(text, str) or not text.strip():
        raise JournalError(f"{what}: a file name expected, got {value!r}")
    if "\x00" in text:
        raise JournalError(f"{what}: a file name cannot hold a NUL character (found in {text!r})")
    try:
        parts = [p.encode("utf-8", "surrogateescape") for p in Path(text).parts]
    except UnicodeEncodeError as exc:  # pragma: no cover - surrogateescape takes any str
        raise JournalError(f"{what}: {text!r} is not a usable file name") from exc
    if any(len(p) > LONGEST_NAME for p in parts):
        raise JournalError(f"{what}: a part of the file name is longer than {LONGEST_NAME} bytes; "
                           "choose a shorter name")
    if len(os.fsencode(os.path.abspath(text))) > LONGEST_PATH:
        raise JournalError(f"{what}: the path is longer than {LONGEST_PATH} bytes; choose a shorter one")
    return Path(text).expanduser()


def journal_files(journal_path: Path) -> list[Path]:
    """The journal file and SQLite's files beside it (they need not exist)."""
    return [Path(f"{journal_path}{suffix}") for suffix in _SIBLINGS]


def _same(a: Path, b: Path) -> bool:
    try:
        if a.resolve() == b.resolve():
            return True
    except (OSError, RuntimeError):  # a loop of links: compare the files below
        pass
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def output_path(value: Any, *, what: str, journal_path: Path | None = None) -> Path:
    """`checked_path`, then `JournalError` when the file would be the journal at ``journal_path`` or
    one of SQLite's files beside it (also through a link); nothing is written then."""
    dest = checked_path(value, what=what)
    if journal_path is not None:
        try:
            real = journal_path.resolve()
        except (OSError, RuntimeError):  # pragma: no cover - the journal opened, so it resolves
            real = journal_path
        # SQLite puts -wal and -shm beside the file a link points to
        for protected in [*journal_files(journal_path), *journal_files(real)]:
            if _same(dest, protected):
                raise JournalError(f"{what}: {dest} is the journal itself (or one of its working files); "
                                   "choose a file other than the journal, so that it is not overwritten")
    return dest
