"""Hold timers: turn a routine into timed phases.

`plan` is pure: the same routine always gives the same phases, and their seconds add up to
`Routine.total_seconds`. This is the only place where dose becomes time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .routine import Routine, RoutineItem

__all__ = ["PHASE_KINDS", "GET_READY_S", "SWITCH_SIDE_S", "Phase", "plan"]

#: The kinds of phase a plan is made of.
PHASE_KINDS: tuple[str, ...] = ("get-ready", "hold", "work", "rest", "switch-side")
#: Seconds to get into position before each exercise.
GET_READY_S = 5.0
#: Seconds to turn over or change legs between the two sides.
SWITCH_SIDE_S = 5.0


@dataclass(frozen=True)
class Phase:
    """One timed step of a session.

    ``kind`` is one of `PHASE_KINDS`; ``seconds`` is its length (always > 0); ``set`` and ``rep``
    count from 1 (``rep`` is the hold number for holds, None elsewhere); ``reps`` is how many
    repetitions a ``work`` phase holds; ``side`` is ``"left"``, ``"right"`` or None.
    """

    kind: str
    seconds: float
    exercise_id: str
    name: str = ""
    side: str | None = None
    set: int | None = None
    rep: int | None = None
    reps: int | None = None
    cue: str = ""


def _item_phases(item: "RoutineItem") -> Iterator[Phase]:
    label = item.name or item.exercise_id
    sides: tuple[str | None, ...] = ("left", "right") if item.per_side else (None,)
    yield Phase("get-ready", GET_READY_S, item.exercise_id, label, sides[0], cue=f"Get into position: {label}")
    for set_no in range(1, item.sets + 1):
        for n, side in enumerate(sides):
            if n:
                yield Phase("switch-side", SWITCH_SIDE_S, item.exercise_id, label, side, set_no,
                            cue=f"Change to the {side} side")
            if item.kind == "hold":
                assert item.hold_s is not None
                for rep in range(1, item.reps + 1):
                    yield Phase("hold", float(item.hold_s), item.exercise_id, label, side, set_no, rep,
                                cue="Hold still and breathe slowly")
                    if rep < item.reps and item.rest_s > 0:
                        yield Phase("rest", float(item.rest_s), item.exercise_id, label, side, set_no, rep,
                                    cue="Relax")
            else:
                assert item.tempo_s is not None
                yield Phase("work", item.reps * float(item.tempo_s), item.exercise_id, label, side, set_no,
                            reps=item.reps, cue=f"{item.reps} slow repetitions, about {item.tempo_s:g} s each")
        if set_no < item.sets and item.rest_s > 0:
            yield Phase("rest", float(item.rest_s), item.exercise_id, label, None, set_no, cue="Rest")


def plan(routine: "Routine") -> list[Phase]:
    """The phases of a session of ``routine``, in order.

    For each exercise: a get-ready; then for each set and side, the holds (with a rest between
    holds) or one work phase of ``reps x tempo_s`` seconds; a switch-side before the second side;
    a rest between sets. Phases of zero seconds are never produced.
    """
    return [p for item in routine.items for p in _item_phases(item) if p.seconds > 0]
