"""Import catalogs written in the free-exercise-db JSON format (github.com/yuhonas/free-exercise-db).

The records are mapped onto backnotes' own columns so that the same filters, widgets and plots work
on them: muscles become body areas, ``category == "stretching"`` becomes a hold, and a default dose
is filled in by kind.
"""

from __future__ import annotations

import json
from os import PathLike
from typing import Any

import pandas as pd

from .catalog import CatalogError, frame_from_records, validate_record

__all__ = ["MUSCLE_AREAS", "load_free_exercise_db"]

#: free-exercise-db muscle -> backnotes body area.
MUSCLE_AREAS: dict[str, str] = {
    "abdominals": "abdominals",
    "abductors": "hips",
    "adductors": "thighs",
    "biceps": "arms",
    "calves": "calves",
    "chest": "chest",
    "forearms": "arms",
    "glutes": "glutes",
    "hamstrings": "hamstrings",
    "lats": "upper back",
    "lower back": "lower back",
    "middle back": "upper back",
    "neck": "neck",
    "quadriceps": "thighs",
    "shoulders": "shoulders",
    "traps": "upper back",
    "triceps": "arms",
}

_EQUIPMENT = {
    None: "none",
    "body only": "none",
    "bands": "band",
    "foam roll": "foam roller",
    "exercise ball": "exercise ball",
    "medicine ball": "weights",
    "dumbbell": "weights",
    "kettlebells": "weights",
    "barbell": "weights",
    "e-z curl bar": "weights",
    "cable": "machine",
    "machine": "machine",
    "other": "other",
}
_PHASE = {
    "stretching": "warm-up stretch",
    "strength": "strengthening",
    "powerlifting": "strengthening",
    "olympic weightlifting": "strengthening",
    "strongman": "strengthening",
    "cardio": "conditioning",
    "plyometrics": "conditioning",
}
_LEVELS = ("beginner", "intermediate", "expert")
# Default doses (DESIGN.md): stretches 3 x 20 s; strength 2 x 10 at ~3 s per rep.
_HOLD_DOSE = {"sets": 1, "reps": 3, "hold_s": 20, "rest_s": 10}
_REPS_DOSE = {"sets": 2, "reps": 10, "tempo_s": 3.0, "rest_s": 30}


def _allowed(values: Any) -> str:
    return ", ".join(repr(v) for v in values)


def _convert(rec: Any, number: int) -> dict[str, Any]:
    where = f"record {number}"
    if not isinstance(rec, dict):
        raise CatalogError(where, None, f"must be a JSON object, got {type(rec).__name__}")
    rid = rec.get("id")
    if isinstance(rid, str) and rid:
        where = f"record {number} ({rid!r})"
    for field in ("id", "name", "category", "primaryMuscles", "instructions"):
        if field not in rec:
            raise CatalogError(where, field, "missing (required)")

    def muscles(field: str) -> list[str]:
        value = rec.get(field) or []
        if not isinstance(value, list):
            raise CatalogError(where, field, f"must be a list, got {value!r}")
        for m in value:
            if not isinstance(m, str) or m not in MUSCLE_AREAS:
                raise CatalogError(where, field, f"unknown muscle {m!r}; allowed: {_allowed(MUSCLE_AREAS)}")
        return value

    areas: list[str] = []
    for m in muscles("primaryMuscles") + muscles("secondaryMuscles"):
        area = MUSCLE_AREAS[m]
        if area not in areas:
            areas.append(area)
    category = rec["category"]
    # isinstance first: a list or object there is unhashable and would fail the lookup with a TypeError
    if not isinstance(category, str) or category not in _PHASE:
        raise CatalogError(where, "category", f"unknown category {category!r}; allowed: {_allowed(_PHASE)}")
    equipment = rec.get("equipment")
    if not isinstance(equipment, (str, type(None))) or equipment not in _EQUIPMENT:
        raise CatalogError(where, "equipment", f"unknown equipment {equipment!r}; allowed: {_allowed(_EQUIPMENT)}")
    level = rec.get("level", "beginner")
    if not isinstance(level, str) or level not in _LEVELS:
        raise CatalogError(where, "level", f"unknown level {level!r}; allowed: {_allowed(_LEVELS)}")
    instructions = rec["instructions"]
    if not isinstance(instructions, list):
        raise CatalogError(where, "instructions", f"must be a list of texts, got {instructions!r}")
    hold = category == "stretching"
    out: dict[str, Any] = {
        "id": rid,
        "name": rec["name"],
        "phase": _PHASE[category],
        "kind": "hold" if hold else "reps",
        "body_areas": areas,
        "equipment": _EQUIPMENT[equipment],
        "level": level,
        "steps": instructions or ["(no instructions given)"],
        "source": "free-exercise-db",
        **(_HOLD_DOSE if hold else _REPS_DOSE),
    }
    try:
        return validate_record(out, where)
    except CatalogError as exc:
        # Name the source format's field rather than ours, so the person can find it in the file.
        field = {"body_areas": "primaryMuscles", "steps": "instructions"}.get(exc.field or "", exc.field)
        raise CatalogError(where, field, exc.problem) from None


def load_free_exercise_db(path: str | PathLike[str]) -> pd.DataFrame:
    """Load a free-exercise-db ``exercises.json`` as a catalog frame (same columns as `load_exercises`).

    Mapping: ``primaryMuscles`` then ``secondaryMuscles`` become ``body_areas`` through
    `MUSCLE_AREAS` (main area first); ``category == "stretching"`` becomes a warm-up ``hold`` of
    3 x 20 s, every other category ``reps`` (2 x 10 at 3 s a rep); ``equipment`` is mapped onto
    ``backnotes.EQUIPMENT``; ``instructions`` become ``steps``. The format does not say how to
    position the body, so ``position`` is missing; nor which exercises are one-sided, so
    ``per_side`` is False. ``source`` is ``"free-exercise-db"``.

    Raises `CatalogError` naming the record number (and id), the field and the problem.

    >>> df = load_free_exercise_db("exercises.json")        # doctest: +SKIP
    >>> filter_exercises(df, areas="lower back", phase="warm-up stretch")  # doctest: +SKIP
    """
    label = str(path)
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except OSError as exc:
        raise CatalogError(None, None, f"cannot read {label!r}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise CatalogError(None, None, f"{label}: not UTF-8 text (byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise CatalogError(None, None, f"{label}: not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from exc
    except RecursionError:  # brackets nested thousands deep: not an exercise list
        raise CatalogError(None, None, f"{label}: not a free-exercise-db file (its JSON is nested too deeply "
                                       "to read)") from None
    if not isinstance(doc, list):
        raise CatalogError(None, None, f"{label}: expected a JSON list of exercises, got {type(doc).__name__}")
    records, seen = [], set()
    for number, rec in enumerate(doc, start=1):
        out = _convert(rec, number)
        if out["id"] in seen:
            raise CatalogError(f"record {number} ({out['id']!r})", "id", "duplicate id: every exercise needs its own")
        seen.add(out["id"])
        records.append(out)
    return frame_from_records(records, meta={"source_title": "free-exercise-db", "path": label})
