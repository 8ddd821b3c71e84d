"""A person's settings: one small JSON file beside the journal (``data_home()/settings.json``).

The app and the notebooks read the same file. Settings are a convenience, never data: a missing or
unreadable file gives the defaults, and a save replaces the file atomically, so a crash mid-save
never leaves half a file.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from os import PathLike
from pathlib import Path
from typing import Any

__all__ = ["DEFAULTS", "settings_path", "load_settings", "save_settings", "SettingsWarning"]


class SettingsWarning(UserWarning):
    """The settings file could not be read: the defaults are used (the message says why)."""

#: Every setting and its default: ``routine`` is the key of the routine used last in the app
#: (see `backnotes.day.routine_choices`), ``tone`` whether the timers' tone is on, ``voice``
#: whether the app's player says each step aloud, ``speech_rate`` the voice's speed (1 = normal),
#: ``unfinished`` a session left before its end (`backnotes.unfinished`), ``today`` what was
#: answered or typed in the app today and not yet saved (kept for the day, see the app).
DEFAULTS: dict[str, Any] = {"routine": None, "tone": True, "voice": True, "speech_rate": 1.0,
                            "unfinished": None, "today": None}
_TYPES: dict[str, tuple[type, ...]] = {"routine": (str, type(None)), "tone": (bool,), "voice": (bool,),
                                       "speech_rate": (float,), "unfinished": (dict, type(None)),
                                       "today": (dict, type(None))}


def settings_path() -> Path:
    """``backnotes.data_home() / "settings.json"``."""
    from .paths import data_home

    return data_home(create=False) / "settings.json"


def load_settings(path: str | PathLike[str] | None = None) -> dict[str, Any]:
    """The settings, every key present: the file's valid values over `DEFAULTS`. Values of the wrong
    type and unknown keys are ignored (a file from a newer version still loads). A file that cannot be
    read (damaged, nested too deeply, a folder) gives the defaults with a `SettingsWarning` saying why."""
    p = Path(path) if path is not None else settings_path()
    out = dict(DEFAULTS)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:  # no settings saved yet: the defaults, nothing to say
        return out
    except (OSError, ValueError, RecursionError) as exc:  # RecursionError: brackets nested thousands deep
        reason = "it is a folder" if p.is_dir() else (
            "it is nested too deeply" if isinstance(exc, RecursionError) else f"{type(exc).__name__}: {exc}")
        warnings.warn(SettingsWarning(f"the settings file {p.name} could not be read ({reason}); "
                                      "the default settings are used"), stacklevel=2)
        return out
    if isinstance(data, dict):
        out.update({k: v for k, v in data.items() if k in _TYPES and isinstance(v, _TYPES[k])})
    return out


def save_settings(path: str | PathLike[str] | None = None, **changes: Any) -> dict[str, Any]:
    """Change some settings and write the file atomically; return all settings.

    Raises `ValueError` naming the setting and the allowed ones for an unknown name or a value of the
    wrong type, or when the settings file's name is taken by a folder; nothing is written then.
    Two processes saving at once each keep their change: the read, change and write happen under a
    lock.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "settings.json"
    >>> save_settings(p, tone=False)["tone"], load_settings(p)["routine"]
    (False, None)
    """
    for key, value in changes.items():
        if key not in _TYPES:
            raise ValueError(f"{key}: unknown setting; allowed: {', '.join(map(repr, DEFAULTS))}")
        if not isinstance(value, _TYPES[key]):
            allowed = " or ".join("None" if t is type(None) else t.__name__ for t in _TYPES[key])
            raise ValueError(f"{key}: expected {allowed}, got {value!r}")
    p = Path(path) if path is not None else settings_path()
    if p.is_dir():
        raise ValueError(f"settings: {p.name} is a folder, so the settings cannot be saved there; remove or "
                         "rename that folder (the default settings are used meanwhile)")
    from .files import atomic_write  # one atomic writer for every small file

    with _locked(p):  # read, change and write as one step: another process's change is not lost
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SettingsWarning)  # an unreadable file is replaced
            current = load_settings(p)
        current.update(changes)
        atomic_write(p, json.dumps(current, indent=2, sort_keys=True) + "\n")
    return current


@contextmanager
def _locked(p: Path) -> Iterator[None]:
    """An exclusive lock on ``<settings>.lock`` beside the file, for one read-modify-write (POSIX
    ``flock``; where the system has none, the write is still atomic, only not serialised)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    from .files import make_private, private_folder

    private_folder(p.parent)  # the person's own folder: 0700, like the journal's
    with open(f"{p}.lock", "a+b") as lock:
        make_private(f"{p}.lock")
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
