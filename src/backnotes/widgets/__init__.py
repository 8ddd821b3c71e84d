"""ipywidgets front ends, one module per tool. Each holds its state in traitlets and calls the core.

Imported lazily, like the package itself, so that one tool's import cost is paid only when used.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "ExerciseBrowser": "browser",
    "RoutineBuilder": "builder",
    "TimerPlayer": "player",
    "LogBook": "logbook",
    "RedFlagCheck": "screen",
    "Quiz": "quiz",
    "QuizSummary": "quiz",
    "App": "app",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'backnotes.widgets' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
