"""backnotes: exercises for the lower back and the sciatic nerve, as pandas tables, routines, hold
timers and a private pain journal.

Names are imported on first use, so ``import backnotes`` stays cheap and never pulls in matplotlib
or ipywidgets (those live in `backnotes.plots` and `backnotes.widgets`).

>>> import backnotes
>>> len(backnotes.load_exercises())
11
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "BODY_AREAS": "vocab",
    "POSITIONS": "vocab",
    "EQUIPMENT": "vocab",
    "PHASES": "vocab",
    "KINDS": "vocab",
    "LEVELS": "vocab",
    "CatalogError": "catalog",
    "load_exercises": "catalog",
    "catalog_metadata": "catalog",
    "exercise_areas": "catalog",
    "count_by_area": "catalog",
    "filter_exercises": "catalog",
    "dose_text": "catalog",
    "load_free_exercise_db": "freedb",
    "tips": "content",
    "safety_rules": "content",
    "red_flags": "content",
    "screen": "content",
    "ScreenVerdict": "content",
    "SAFETY_LINE": "content",
    "crosswalk": "matching",
    "data_home": "paths",
    "Routine": "routine",
    "RoutineItem": "routine",
    "RoutineError": "routine",
    "load_routine": "routine",
    "SessionRecord": "session",
    "SetDone": "session",
    "Journal": "journal",
    "JournalError": "journal",
}
_SUBMODULES = {
    "vocab", "catalog", "freedb", "content", "paths", "routine", "timing", "session",
    "journal", "insights", "measures", "plots", "widgets", "matching", "poses", "figures", "sheet",
    "showing", "files", "quiz", "glossary", "reference", "case", "day", "settings", "locations",
    "journal_base", "journal_csv", "journal_import", "journal_export", "journal_times", "journal_checks",
    "csv_fast", "csv_careful", "csv_records", "csv_guard", "fhir", "report", "alt_text",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value  # cache: the next access is a plain attribute lookup
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'backnotes' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS, *_SUBMODULES})


if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
    from .catalog import (CatalogError, catalog_metadata, count_by_area, dose_text, exercise_areas,
                          filter_exercises, load_exercises)
    from .content import SAFETY_LINE, ScreenVerdict, red_flags, safety_rules, screen, tips
    from .matching import crosswalk
    from .freedb import load_free_exercise_db
    from .journal import Journal, JournalError
    from .paths import data_home
    from .routine import Routine, RoutineError, RoutineItem, load_routine
    from .session import SessionRecord, SetDone
    from .vocab import BODY_AREAS, EQUIPMENT, KINDS, LEVELS, PHASES, POSITIONS
