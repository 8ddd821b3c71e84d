"""A person's settings: one small JSON file beside the journal (``data_home()/settings.json``).

The app and the notebooks read the same file. Settings are a convenience, never data: a missing or
unreadable file gives the defaults, and a save replaces the file atomically, so a crash mid-save
never leaves half a file.
"""

from __future__ import annotations

import json
from os import PathLike
from pathlib import Path
from typing import Any

__all__ = ["DEFAULTS", "settings_path", "load_settings", "save_settings"]

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
    type and unknown keys are ignored (a file from a newer version still loads)."""
    p = Path(path) if path is not None else settings_path()
    out = dict(DEFAULTS)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return out
    if isinstance(data, dict):
        out.update({k: v for k, v in data.items() if k in _TYPES and isinstance(v, _TYPES[k])})
    return out


def save_settings(path: str | PathLike[str] | None = None, **changes: Any) -> dict[str, Any]:
    """Change some settings and write the file atomically; return all settings.

    Raises `ValueError` naming the setting and the allowed ones for an unknown name or a value of the
    wrong type; nothing is written then.

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
    current = load_settings(p)
    current.update(changes)
    from .routine import _atomic_write  # one atomic writer for every small file

    _atomic_write(p, json.dumps(current, indent=2, sort_keys=True) + "\n")
    return current
