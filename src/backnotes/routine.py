"""Routines: an ordered list of exercises, each with its dose.

The dose arithmetic (how long a routine takes) lives in one place, `backnotes.timing.plan`;
`Routine.total_seconds` adds up that plan, so the time shown while building a routine is the time
the hold timers will take.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["RoutineItem", "Routine"]


@dataclass(frozen=True)
class RoutineItem:
    """One exercise in a routine and how much of it to do.

    ``reps`` counts holds per set (per side) for a ``"hold"`` exercise, repetitions otherwise.
    ``hold_s`` is set only for holds, ``tempo_s`` (seconds per repetition) only for the others.
    ``kind`` and ``name`` are copied from the catalog so a routine can be planned and printed
    without it.
    """

    exercise_id: str
    kind: str
    sets: int
    reps: int
    rest_s: int
    per_side: bool = False
    hold_s: int | None = None
    tempo_s: float | None = None
    name: str = ""
    note: str = ""

    @classmethod
    def from_catalog(cls, exercise_id: str, catalog: pd.DataFrame) -> "RoutineItem":
        """The item for ``exercise_id`` with the catalog's default dose."""
        row = catalog.loc[exercise_id]
        hold = row["kind"] == "hold"
        return cls(
            exercise_id=exercise_id,
            kind=str(row["kind"]),
            sets=int(row["sets"]),
            reps=int(row["reps"]),
            rest_s=int(row["rest_s"]),
            per_side=bool(row["per_side"]),
            hold_s=int(row["hold_s"]) if hold else None,
            tempo_s=None if hold else float(row["tempo_s"]),
            name=str(row["name"]),
        )


@dataclass
class Routine:
    """A named, ordered list of `RoutineItem`; ``==`` compares content."""

    name: str = "My routine"
    items: list[RoutineItem] = field(default_factory=list)
    notes: str = ""

    @classmethod
    def from_ids(cls, ids: Iterable[str], name: str = "My routine", catalog: pd.DataFrame | None = None) -> "Routine":
        """A routine of the given exercises, each with its default dose from ``catalog``
        (the bundled catalog when None)."""
        if catalog is None:
            from .catalog import load_exercises

            catalog = load_exercises()
        return cls(name=name, items=[RoutineItem.from_catalog(i, catalog) for i in ids])

    def total_seconds(self) -> float:
        """Seconds the routine takes with the hold timers: get-ready, work, holds, rests, side switches."""
        from .timing import plan

        return float(sum(p.seconds for p in plan(self)))
