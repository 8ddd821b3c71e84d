"""Writing files safely and privately.

`atomic_write`: a temporary file in the same folder, fsync, then an atomic rename, so a crash or a
full disk never leaves a half-written routine or sheet behind. `make_private` and `private_folder`:
health data is readable by its owner only (files 0600, folders 0700), in every mode (a single
computer, a shared class server): the journal, settings, saved routines and every export use them.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["PRIVATE_FILE", "PRIVATE_FOLDER", "atomic_write", "make_private", "private_folder"]

#: Permission bits of every file backnotes writes (owner may read and write; nobody else anything).
PRIVATE_FILE = 0o600
#: Permission bits of every folder backnotes creates (owner only).
PRIVATE_FOLDER = 0o700


def make_private(path: str | os.PathLike[str]) -> Path:
    """Make ``path`` readable by its owner only (a file 0600, a folder 0700) and return it.

    Where the system has no such permission bits (Windows: each user's profile folder is already
    private) nothing changes. A file owned by someone else is left as it is (not an error: the
    journal may be someone else's, opened read-only).
    """
    p = Path(path)
    if os.name == "nt":
        return p
    try:
        os.chmod(p, PRIVATE_FOLDER if p.is_dir() else PRIVATE_FILE)
    except PermissionError:
        pass
    return p


def private_folder(path: str | os.PathLike[str]) -> Path:
    """Create ``path`` and any missing parents, each new one 0700 (owner only); return it.

    Folders that already exist keep their mode: a person's own folder (the desktop, a USB stick)
    chosen for an export is never changed; only what backnotes creates is made private.
    """
    p = Path(path)
    missing = []
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:  # made meanwhile by another process: keep it as it is
            continue
        make_private(folder)  # mkdir's mode is reduced by the umask; 0700 needs no more bits than it
    return Path(path)


def atomic_write(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file in the same folder + fsync + os.replace.

    The file is private (0600, see `make_private`), also when it replaces a file with wider
    permissions; missing folders are created private (`private_folder`)."""
    data = text.encode("utf-8")  # encode first: an encoding error must not touch the file
    private_folder(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        make_private(tmp)  # mkstemp makes it 0600 already; said here so it stays true on any system
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    try:  # make the rename itself durable where the OS allows it
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return path
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
    return path

