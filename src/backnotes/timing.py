"""Hold timers: turn a routine into timed phases, and time them.

`plan` is pure: the same routine always gives the same phases, and their seconds add up to
`Routine.total_seconds`. This is the only place where dose becomes time.

`Timer` walks through a plan against a clock. Every phase deadline is computed from the moment the
session started (plus the time spent paused), never by adding up sleeps, so a long session does
not drift. `Timer.run` is the asyncio loop that drives it in a notebook; `Timer.record` turns what
was actually done into a `backnotes.session.SessionRecord` for the journal. `tone` makes the short
beep the player sounds at each phase change.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from functools import cache
from itertools import accumulate
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .session import SessionRecord, SetDone
from .words import plural

if TYPE_CHECKING:
    from .routine import Routine, RoutineItem

__all__ = [
    "PHASE_KINDS", "GET_READY_S", "POSITION_CHANGE_S", "FLOOR_POSITIONS", "UPRIGHT_POSITIONS",
    "SWITCH_SIDE_S", "TURN_OVER_S", "SESSION_START_POSITION", "ROLL_OVER_CHANGES", "TURN_OVER_POSITIONS",
    "TIMER_STATES", "BREATH_PERIOD_S", "PRESS_READY",
    "Phase", "plan", "plan_frame", "seconds_per_item", "Timer", "TimerError", "breath_cue", "tone",
    "format_seconds", "phase_title", "record_summary", "announcement", "BUDGET_PARTS", "time_budget",
]

#: The kinds of phase a plan is made of.
PHASE_KINDS: tuple[str, ...] = ("get-ready", "hold", "work", "rest", "switch-side")
#: Seconds to get into position before an exercise in the same position as the one before.
GET_READY_S = 5.0
#: Seconds to get into position when the position changes between exercises (say from lying on
#: your back to lying on your stomach). Getting down to the floor or up again with acute sciatica
#: often takes 30-60 s, so between standing or sitting and the floor the get-ready also waits for
#: the person (see `Phase.wait`). Settable: ``backnotes.timing.POSITION_CHANGE_S = 30`` (at least 15).
POSITION_CHANGE_S = 20.0
#: Positions on the floor, and upright ones: a change between the two groups is a get-down or get-up.
FLOOR_POSITIONS: frozenset[str] = frozenset({"lying on back", "lying on stomach", "side-lying", "hands and knees"})
UPRIGHT_POSITIONS: frozenset[str] = frozenset({"standing", "sitting"})
#: Seconds to change legs or arms between the two sides without turning over.
SWITCH_SIDE_S = 5.0
#: Where a session starts: a person presses Start at the screen, standing or sitting, not yet on the
#: mat. So the first exercise's get-ready counts as a change from here, and a first exercise on the
#: floor gets the get-down and its wait like any other (both ready-made routines start lying down).
SESSION_START_POSITION = "standing"
#: Changes of position on the floor that mean rolling the whole body over, from the back to the front
#: or back: with sciatica this is done slowly, as one piece, so its get-ready waits for the person
#: like a get-down (`Phase.wait`).
ROLL_OVER_CHANGES: frozenset[frozenset[str]] = frozenset({frozenset({"lying on back", "lying on stomach"})})
#: Positions in which "the other side" means turning over on the mat (the clamshell lies on one side,
#: then on the other): the change of side is then a waited turn-over, not a quick change of legs.
TURN_OVER_POSITIONS: frozenset[str] = frozenset({"side-lying"})
#: Seconds a turn-over on the mat lasts at least before the timer waits for the person's Ready:
#: longer than changing legs (`SWITCH_SIDE_S`), shorter than getting down to the floor. A choice of
#: backnotes, not a measured value: the wait that follows lets each person take their own time.
TURN_OVER_S = 10.0


@dataclass(frozen=True)
class Phase:
    """One timed step of a session.

    ``kind`` is one of `PHASE_KINDS`; ``seconds`` is its length (always > 0); ``set`` and ``rep``
    count from 1 (``rep`` is the hold number for holds, None elsewhere); ``reps`` is how many
    repetitions a ``work`` phase holds; ``side`` is ``"left"``, ``"right"`` or None. ``wait`` is
    True for a move that takes each person their own time: a get-ready between standing (or sitting)
    and the floor (the first exercise's included: a session starts standing), a roll between lying
    on the back and on the front (`ROLL_OVER_CHANGES`), and turning over for the other side in
    side-lying (`TURN_OVER_POSITIONS`). Its ``seconds`` are then the least it takes, and a `Timer`
    (unless told not to) waits at its end until `Timer.ready` is called, for the player's "Ready"
    button.
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
    wait: bool = False


#: What a person is told when a `Timer` waits for Ready: on the screen, in the live region and by
#: the voice (`backnotes.voice`), in these same words.
PRESS_READY = "Press Ready when you are in position."

_GET_DOWN_CUE = ("Take your time getting down: hold on to something steady, go down on one knee, then "
                 "both knees and hands, then sit on one hip and roll onto your back or side.")
_GET_UP_CUE = ("Take your time getting up: roll onto your side, push up with your arms to your hands and "
               "knees, then come up one leg at a time, holding on to something steady.")
_ROLL_OVER_CUE = ("Take your time rolling over: bend your knees, then turn your shoulders and hips together, "
                  "in one piece, without twisting.")
_TURN_OVER_CUE = ("Take your time turning over for the {side} side: bend your knees and roll through lying "
                  "on your back onto your other side, shoulders and hips together.")


def _get_ready(item: "RoutineItem", label: str, side: str | None, before: str | None,
               here: str | None, change_s: float) -> Phase:
    """The get-ready of an item whose position is ``here``, after an item in position ``before``."""
    cue = f"Get into position: {label}" + (f" ({here})" if here else "")
    if before is None:  # the first exercise: from where the person pressed Start
        before = SESSION_START_POSITION
    if here is None or before == here:
        return Phase("get-ready", GET_READY_S, item.exercise_id, label, side, cue=cue)
    if before in UPRIGHT_POSITIONS and here in FLOOR_POSITIONS:
        return Phase("get-ready", change_s, item.exercise_id, label, side, cue=f"{_GET_DOWN_CUE} {cue}.",
                     wait=True)
    if before in FLOOR_POSITIONS and here in UPRIGHT_POSITIONS:
        return Phase("get-ready", change_s, item.exercise_id, label, side, cue=f"{_GET_UP_CUE} {cue}.",
                     wait=True)
    if frozenset({before, here}) in ROLL_OVER_CHANGES:
        return Phase("get-ready", change_s, item.exercise_id, label, side, cue=f"{_ROLL_OVER_CUE} {cue}.",
                     wait=True)
    return Phase("get-ready", change_s, item.exercise_id, label, side,
                 cue=f"Change position slowly. {cue}.")


def _switch_side(item: "RoutineItem", label: str, side: str, set_no: int, here: str | None) -> Phase:
    """The change to ``side``: a quick change of legs, or a waited turn-over when lying on one side."""
    if here in TURN_OVER_POSITIONS:
        return Phase("switch-side", TURN_OVER_S, item.exercise_id, label, side, set_no,
                     cue=_TURN_OVER_CUE.format(side=side), wait=True)
    return Phase("switch-side", SWITCH_SIDE_S, item.exercise_id, label, side, set_no,
                 cue=f"Change to the {side} side")


def _item_phases(item: "RoutineItem", before: str | None = None, here: str | None = None,
                 change_s: float = POSITION_CHANGE_S) -> Iterator[Phase]:
    label = item.name or item.exercise_id
    sides: tuple[str | None, ...] = ("left", "right") if item.per_side else (None,)
    yield _get_ready(item, label, sides[0], before, here, change_s)
    turns = here in TURN_OVER_POSITIONS
    for set_no in range(1, item.sets + 1):
        for n, side in enumerate(sides):
            # lying on one side, each new set after the first starts by turning back over
            if side is not None and (n or (turns and set_no > 1)):
                yield _switch_side(item, label, side, set_no, here)
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


def seconds_per_item(routine: "Routine") -> list[float]:
    """Each item's share of ``plan(routine)``, in seconds, in routine order: its get-ready (longer
    after a change of position, so it depends on the item before), holds or work, rests and side
    switches. The shares add up to the plan's total, so a sheet or table that shows them agrees with
    the timer."""
    per_item = [0.0] * len(routine.items)
    k = -1
    for p in plan(routine):
        k += p.kind == "get-ready"  # every item starts with exactly one get-ready
        per_item[k] += p.seconds
    return per_item


@cache
def _bundled_positions() -> dict[str, str]:
    """Exercise id -> starting position in the bundled catalog (read once: plan runs often)."""
    from .catalog import load_exercises

    catalog = load_exercises(variants=True)
    return {str(i): str(p) for i, p in catalog["position"].items() if not pd.isna(p)}


def _positions(routine: "Routine") -> list[str | None]:
    """Each item's starting position from the bundled catalog (None when the catalog lacks it)."""
    known = _bundled_positions()
    return [known.get(item.exercise_id) for item in routine.items]


def plan(routine: "Routine", *, position_change_s: float | None = None) -> list[Phase]:
    """The phases of a session of ``routine``, in order.

    For each exercise: a get-ready; then for each set and side, the holds (with a rest between
    holds) or one work phase of ``reps x tempo_s`` seconds; a switch-side before the second side;
    a rest between sets. Phases of zero seconds are never produced.

    The get-ready lasts `GET_READY_S` when the exercise starts in the same position as the one
    before, and ``position_change_s`` (default `POSITION_CHANGE_S`, at least 15 s) when the position
    changes; the first exercise counts as following `SESSION_START_POSITION` (standing). Between
    standing or sitting and the floor, and when rolling between the back and the front
    (`ROLL_OVER_CHANGES`), it is marked ``wait=True`` and its cue says how to move safely (roll to
    the side, push up with the arms, turn in one piece). In side-lying (`TURN_OVER_POSITIONS`) each
    change of side is a waited turn-over of at least `TURN_OVER_S`, before the second side and at
    the start of every later set. Positions come from the bundled catalog; an exercise it does not
    know counts as no change.
    """
    change_s = POSITION_CHANGE_S if position_change_s is None else position_change_s
    if isinstance(change_s, bool) or not isinstance(change_s, (int, float)) or not change_s >= 15:
        raise ValueError(f"position_change_s: seconds to change position must be at least 15, got {change_s!r}")
    positions = _positions(routine) if routine.items else []
    phases: list[Phase] = []
    for k, item in enumerate(routine.items):
        before = positions[k - 1] if k else None
        phases += [p for p in _item_phases(item, before, positions[k], float(change_s)) if p.seconds > 0]
    return phases


# --------------------------------------------------------------------------------------------
# The plan as a table


def plan_frame(routine_or_phases: "Routine | Sequence[Phase]") -> pd.DataFrame:
    """The plan of a routine (or a list of phases) as a table, one row per phase.

    Indexed by ``step`` (counting from 1). Columns: ``kind`` (ordered category, `PHASE_KINDS`),
    ``exercise`` (its name), ``exercise_id``, ``side``, ``set``, ``rep`` (hold number), ``reps``
    (repetitions in a work phase), ``seconds``, ``start_s`` and ``end_s`` (seconds from the start
    of the session) and ``cue``. ``seconds`` adds up to `Routine.total_seconds`.
    """
    # a routine has .items (timing never imports routine: no import circle)
    phases = plan(routine_or_phases) if hasattr(routine_or_phases, "items") else list(routine_or_phases)
    ends = list(accumulate(p.seconds for p in phases))
    frame = pd.DataFrame(
        {
            "kind": pd.Categorical([p.kind for p in phases], categories=list(PHASE_KINDS), ordered=True),
            "exercise": pd.array([p.name or p.exercise_id for p in phases], dtype="str"),
            "exercise_id": pd.array([p.exercise_id for p in phases], dtype="str"),
            "side": pd.array([p.side for p in phases], dtype="str"),
            "set": pd.array([p.set for p in phases], dtype="Int64"),
            "rep": pd.array([p.rep for p in phases], dtype="Int64"),
            "reps": pd.array([p.reps for p in phases], dtype="Int64"),
            "seconds": pd.array([p.seconds for p in phases], dtype="float64"),
            "start_s": pd.array([e - p.seconds for e, p in zip(ends, phases)], dtype="float64"),
            "end_s": pd.array(ends, dtype="float64"),
            "cue": pd.array([p.cue for p in phases], dtype="str"),
        },
        index=pd.RangeIndex(1, len(phases) + 1, name="step"),
    )
    return frame


#: The parts a session's time is split into by `time_budget`, in order.
BUDGET_PARTS: tuple[str, ...] = ("exercising", "resting", "getting ready", "changing sides")
_PART_OF = {"hold": "exercising", "work": "exercising", "rest": "resting", "get-ready": "getting ready",
            "switch-side": "changing sides"}


def time_budget(routines: "Routine | Sequence[Routine]") -> pd.DataFrame:
    """Where the time of each routine goes, as a tidy frame (one row per routine and part).

    Columns: ``routine`` (its name), ``part`` (ordered category, `BUDGET_PARTS`: holding or moving,
    resting between holds and sets, getting into position, changing sides), ``seconds``, ``minutes``
    and ``share`` (of the routine's total, 0-1). Each routine's seconds add up to its
    `Routine.total_seconds`; parts a routine does not have are left out.

    >>> from backnotes import Routine
    >>> t = time_budget(Routine.from_ids(["knee-to-chest"]))
    >>> t[["part", "seconds"]].values.tolist()
    [['exercising', 120.0], ['resting', 40.0], ['getting ready', 20.0], ['changing sides', 5.0]]
    """
    # one routine or several; duck-typed, because timing never imports routine (no import circle)
    routines = [routines] if hasattr(routines, "items") and hasattr(routines, "name") else list(routines)
    rows = []
    for r in routines:
        secs = dict.fromkeys(BUDGET_PARTS, 0.0)
        for p in plan(r):
            secs[_PART_OF[p.kind]] += p.seconds
        total = sum(secs.values())
        rows += [{"routine": r.name, "part": part, "seconds": v, "minutes": v / 60,
                  "share": v / total if total else 0.0} for part, v in secs.items() if v > 0]
    df = pd.DataFrame(rows, columns=["routine", "part", "seconds", "minutes", "share"])
    df["routine"] = df["routine"].astype("str")
    df["part"] = pd.Categorical(df["part"], categories=list(BUDGET_PARTS), ordered=True)
    return df.astype({"seconds": "float64", "minutes": "float64", "share": "float64"})


# --------------------------------------------------------------------------------------------
# Small helpers the player shows

#: Seconds of each half of the breathing cue during holds (in for 4 s, out for 4 s).
BREATH_PERIOD_S = 4.0


def breath_cue(phase: Phase | None, phase_elapsed: float, period: float = BREATH_PERIOD_S) -> str:
    """The breathing cue for a moment of a phase: during holds it alternates every ``period``
    seconds between breathing in and out slowly; other phases have none (empty text).

    >>> hold = Phase("hold", 20.0, "knee-to-chest")
    >>> breath_cue(hold, 1.0), breath_cue(hold, 5.0), breath_cue(Phase("rest", 10.0, "x"), 1.0)
    ('Breathe in slowly…', 'Breathe out slowly…', '')
    """
    if phase is None or phase.kind != "hold":
        return ""
    return "Breathe in slowly…" if int(max(phase_elapsed, 0.0) // period) % 2 == 0 else "Breathe out slowly…"


def format_seconds(seconds: float, *, minutes: bool = False) -> str:
    """A countdown as a person reads it: whole seconds rounded up (``"20"``), ``m:ss`` from a minute
    on, or always with ``minutes=True``.

    >>> format_seconds(19.2), format_seconds(65), format_seconds(0), format_seconds(7, minutes=True)
    ('20', '1:05', '0', '0:07')

    Raises ValueError for a value that is no finite number (NaN, infinity): no countdown shows it.
    """
    try:
        finite = not isinstance(seconds, bool) and math.isfinite(seconds)
    except TypeError:  # text, None...
        finite = False
    if not finite:
        raise ValueError(f"format_seconds: a finite number of seconds expected, got {seconds!r}")
    whole = max(0, math.ceil(round(seconds, 6)))  # round first: 19.0000000001 is still 19
    return f"{whole // 60}:{whole % 60:02d}" if whole >= 60 or minutes else str(whole)


def phase_title(phase: Phase) -> str:
    """A phase in a few words, as the player's heading and its "next up" line show it.

    >>> phase_title(Phase("hold", 20.0, "knee-to-chest", "Single knee to chest", "left", 1, 2))
    'Single knee to chest: hold 2 (left side)'
    """
    name = phase.name or phase.exercise_id
    if phase.kind == "get-ready":
        text = f"Get ready: {name}"
    elif phase.kind == "hold":
        text = f"{name}: hold {phase.rep}" if phase.rep else name
    elif phase.kind == "work":
        text = f"{name}: set {phase.set}, {phase.reps} reps" if phase.reps else name
    elif phase.kind == "switch-side":
        return f"Change sides: {phase.side} side next" if phase.side else "Change sides"
    else:
        text = f"Rest ({name})"
    return f"{text} ({phase.side} side)" if phase.side else text


def record_summary(record: SessionRecord, names: Mapping[str, str] | None = None) -> str:
    """One line saying how much of a session was done, for the end of the player.

    ``names`` maps exercise ids to the names to show (ids are shown otherwise). For example
    ``"5 of 6 sets done in full; not finished: Glute bridge set 2."``.
    """
    names = names or {}
    full = [s for s in record.sets if not s.skipped]
    text = f"{len(full)} of {plural(len(record.sets), 'set')} done in full"
    missed = [f"{names.get(s.exercise_id, s.exercise_id)} set {s.set}" + (f" {s.side}" if s.side else "")
              for s in record.sets if s.skipped]
    if missed:
        shown = ", ".join(missed[:4]) + (f" and {len(missed) - 4} more" if len(missed) > 4 else "")
        text += f"; not finished: {shown}"
    return text + ("." if record.completed else " (session stopped early).")


def announcement(timer: "Timer") -> str:
    """What the live region says for the timer's state: the step (number, title, length) when a
    step starts, "Paused" while paused, the end when finished. Pure: changes only when a step or
    the state changes, never with the seconds."""
    phase = timer.current
    if timer.state == "finished" or phase is None:
        return "Session stopped." if timer.stopped else "Session done."
    step = (f"Step {timer.index + 1} of {len(timer.phases)}: {phase_title(phase)}, "
            f"{format_seconds(phase.seconds)} seconds.")
    if timer.state == "paused":
        return f"Paused. {step}"
    if timer.state == "waiting":
        return f"Take your time: {PRESS_READY[0].lower()}{PRESS_READY[1:]} {step}"
    if timer.state == "idle":
        return f"Ready to start. {step}"
    return step


def tone(freq: float = 880.0, seconds: float = 0.2, rate: int = 22050, *, volume: float = 0.5,
         fade_s: float = 0.015) -> np.ndarray:
    """A short sine tone as float32 samples in [-volume, volume], with a smooth fade in and out
    (raised cosine over ``fade_s`` seconds at each end) so it starts and ends without a click.

    ``rate`` is samples per second; ``freq`` must be below half of it.
    """
    if not 0 < freq < rate / 2:
        raise ValueError(f"tone: freq must be between 0 and half the rate ({rate / 2:g} Hz), got {freq!r}")
    if not seconds > 0 or not rate > 0:
        raise ValueError(f"tone: seconds and rate must be > 0, got seconds={seconds!r}, rate={rate!r}")
    if not 0 < volume <= 1:
        raise ValueError(f"tone: volume must be in (0, 1], got {volume!r}")
    n = max(2, round(seconds * rate))
    wave = volume * np.sin(2 * np.pi * freq * np.arange(n) / rate)
    n_fade = min(max(1, round(fade_s * rate)), n // 2)
    ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(n_fade) / n_fade)  # 0 -> almost 1
    wave[:n_fade] *= ramp
    wave[n - n_fade:] *= ramp[::-1]
    return wave.astype(np.float32)


# --------------------------------------------------------------------------------------------
# The timer

#: The states of a `Timer`. A stopped session is ``"finished"`` with ``Timer.stopped`` True;
#: ``"waiting"`` is the end of a get-ready that waits for the person (`Phase.wait`, `Timer.ready`).
TIMER_STATES: tuple[str, ...] = ("idle", "running", "paused", "waiting", "finished")


class TimerError(RuntimeError):
    """A timer call that does not fit the timer's state, such as `Timer.resume` when not paused."""


def _local_now() -> datetime:
    return datetime.now().astimezone()


#: Longest phase a `Timer` accepts, in seconds: one day (a routine's longest phase is minutes).
MAX_PHASE_S = 86_400


class Timer:
    """A drift-free countdown through a list of phases.

    The timer keeps one anchor: the clock reading at which second 0 of the plan happened. Phase
    ``i`` ends at ``anchor + (sum of the seconds of phases 0..i)``, so every deadline comes from the
    start time and rounding never piles up. Pausing moves the anchor later by the time spent
    paused; `skip` and `back` move it so the new phase starts now with its full length.

    ``clock`` returns seconds (monotonic; tests pass a fake one); ``now`` returns the wall-clock,
    time-zone aware datetime recorded as the session's start and end.

    A get-ready marked ``wait`` (a move between standing and the floor) counts down its seconds and
    then waits, in state ``"waiting"``, until `ready` is called: the person takes as long as they
    need, and the wait moves the rest of the schedule later like a pause. ``wait_for_ready=False``
    turns this off (the get-ready then lasts its planned seconds).

    ``phases`` each last more than 0 and at most `MAX_PHASE_S` seconds, else ValueError (so do no
    phases at all). Calls that do not fit the state raise `TimerError`: `start` unless idle, `pause` unless running,
    `resume` unless paused, `skip` and `back` unless running or paused. `stop` on an idle or
    finished timer and `tick` in any state are harmless no-ops. `back` goes to the start of the
    previous phase (on the first phase it restarts it); the phases it goes back over are done again,
    so what was recorded for them is cleared.
    """

    def __init__(self, phases: Sequence[Phase], clock: Callable[[], float] = time.monotonic, *,
                 now: Callable[[], datetime] = _local_now, wait_for_ready: bool = True) -> None:
        self.phases: tuple[Phase, ...] = tuple(phases)
        #: Whether get-readies marked ``wait`` wait for `ready` at their end.
        self.wait_for_ready: bool = bool(wait_for_ready)
        if not self.phases:
            raise ValueError("Timer: there are no phases to time (is the routine empty?)")
        for i, p in enumerate(self.phases):
            if not (isinstance(p.seconds, (int, float)) and math.isfinite(p.seconds) and p.seconds > 0):
                raise ValueError(f"Timer: phase {i} ({p.kind} of {p.exercise_id!r}) must last more than "
                                 f"0 seconds, got {p.seconds!r}")
            if p.seconds > MAX_PHASE_S:  # 1e308 s would overflow the deadline sums
                raise ValueError(f"Timer: phase {i} ({p.kind} of {p.exercise_id!r}) lasts {p.seconds!r} s; "
                                 f"a phase lasts at most {MAX_PHASE_S:,} s (one day)")
        self.clock = clock
        self.now = now
        # plan seconds at which each phase ends, summed exactly (as fractions) and rounded once,
        # so even a plan of thousands of phases has no accumulated rounding
        self._ends: tuple[float, ...] = tuple(
            float(end) for end in accumulate(Fraction(p.seconds) for p in self.phases))
        self.state: str = "idle"
        self.index: int = 0
        #: True once `stop` ended the session early.
        self.stopped: bool = False
        #: Wall-clock start and end of the session (set by `start` and when it finishes or stops).
        self.started_at: datetime | None = None
        self.ended_at: datetime | None = None
        self._anchor = 0.0           # clock reading at plan second 0
        self._paused_at = 0.0        # clock reading when paused
        self._final_pos = 0.0        # plan position when the session finished
        self._runner_active = False
        #: Counts changes of phase (start, each deadline, skip, back, the end): a display plays a
        #: tone when it moves.
        self.phase_changes: int = 0
        n = len(self.phases)
        self._done_s = [0.0] * n     # seconds actually spent in each phase
        self._completed = [False] * n
        self._skipped = [False] * n

    # -- reading -------------------------------------------------------------------------------
    def _start_of(self, i: int) -> float:
        return self._ends[i - 1] if i else 0.0

    def _position(self, t: float | None = None) -> float:
        """Seconds into the plan at clock reading ``t`` (now when None)."""
        if self.state == "idle":
            return 0.0
        if self.state == "finished":
            return self._final_pos
        if self.state in ("paused", "waiting"):
            return self._paused_at - self._anchor
        return (self.clock() if t is None else t) - self._anchor

    @property
    def current(self) -> Phase | None:
        """The phase under way (the first one while idle); None once finished."""
        return None if self.state == "finished" else self.phases[self.index]

    @property
    def upcoming(self) -> Phase | None:
        """The phase after the current one, None on the last phase or once finished."""
        if self.state == "finished" or self.index + 1 >= len(self.phases):
            return None
        return self.phases[self.index + 1]

    @property
    def total_seconds(self) -> float:
        """Seconds the whole plan takes without pauses."""
        return self._ends[-1]

    @property
    def phase_elapsed(self) -> float:
        """Seconds done of the current phase, by the clock now (0 while idle or finished)."""
        if self.state in ("idle", "finished"):
            return 0.0
        pos = self._position()
        return min(max(pos - self._start_of(self.index), 0.0), self.phases[self.index].seconds)

    @property
    def remaining(self) -> float:
        """Seconds left in the current phase, by the clock now (never below 0; 0 once finished)."""
        if self.state == "finished":
            return 0.0
        return self.phases[self.index].seconds - self.phase_elapsed

    @property
    def elapsed(self) -> float:
        """How far into the plan the session is, in plan seconds: the start of the current phase
        plus the time done of it. Pauses do not count; `skip` jumps ahead. ``elapsed /
        total_seconds`` is the session's progress."""
        if self.state == "finished":
            return self._final_pos
        return self._start_of(self.index) + self.phase_elapsed

    @property
    def deadline(self) -> float | None:
        """Clock reading at which the current phase ends while running, else None."""
        if self.state != "running":
            return None
        return self._anchor + self._ends[self.index]

    # -- changing ------------------------------------------------------------------------------
    def _require(self, action: str, *states: str) -> None:
        if self.state not in states:
            allowed = " or ".join(states)
            raise TimerError(f"{action}: the timer is {self.state}; it can {action} only when {allowed}")

    def _advance(self, t: float) -> None:
        """Complete every phase whose deadline is at or before clock reading ``t``; stop at the end
        of a get-ready that waits for the person (state ``"waiting"``)."""
        n = len(self.phases)
        while self.index < n and t >= self._anchor + self._ends[self.index]:
            if self.phases[self.index].wait and self.wait_for_ready:
                self.state = "waiting"
                self._paused_at = self._anchor + self._ends[self.index]  # time stands still here
                return
            self._done_s[self.index] = self.phases[self.index].seconds
            self._completed[self.index] = True
            self.index += 1
            self.phase_changes += 1
        if self.index == n:
            self._finish(self._ends[-1])

    def _finish(self, pos: float) -> None:
        self.state = "finished"
        self._final_pos = pos
        self.ended_at = self.now()

    def _move_to(self, index: int, anchor_now: float) -> None:
        """Make phase ``index`` current, starting at clock reading ``anchor_now`` with its full length."""
        self.index = index
        self._anchor = anchor_now - self._start_of(index)
        self.phase_changes += 1

    def start(self) -> Phase:
        """Start the first phase now. Raises `TimerError` unless idle."""
        self._require("start", "idle")
        self._anchor = self.clock()
        self.started_at = self.now()
        self.state = "running"
        self.phase_changes += 1
        return self.phases[0]

    def tick(self) -> Phase | None:
        """Bring the timer up to the clock: complete every phase whose deadline has passed.
        Returns the current phase (None once finished). Does nothing unless running."""
        if self.state == "running":
            self._advance(self.clock())
        return self.current

    def pause(self) -> Phase | None:
        """Freeze the countdown. Raises `TimerError` unless running."""
        self._require("pause", "running")
        t = self.clock()
        self._advance(t)
        if self.state == "running":
            self._paused_at = t
            self.state = "paused"
        return self.current

    def resume(self) -> Phase | None:
        """Carry on after a pause: the rest of the schedule moves later by the time paused.
        Raises `TimerError` unless paused."""
        self._require("resume", "paused")
        self._anchor += self.clock() - self._paused_at
        self.state = "running"
        return self.current

    def ready(self) -> Phase | None:
        """The person is in position: end the waiting get-ready and start the next phase now.
        Raises `TimerError` unless waiting (see `Phase.wait`)."""
        self._require("ready", "waiting")
        t = self.clock()
        i = self.index
        self._done_s[i] = self.phases[i].seconds
        self._completed[i] = True
        self.state = "running"
        # a get-ready is never last, but a hand-made plan may end so
        return self._next_or_finish(t)

    def _next_or_finish(self, t: float) -> Phase | None:
        """Start the phase after the current one at clock time ``t``; past the last, finish."""
        if self.index + 1 == len(self.phases):
            self.index = len(self.phases)
            self.phase_changes += 1
            self._finish(self._ends[-1])
            return None
        self._move_to(self.index + 1, t)
        return self.current

    def _now_for_move(self) -> float | None:
        """Bring a running timer up to date; the clock reading the next phase starts from
        (the pause moment when paused), or None if the session has just finished."""
        if self.state == "waiting":  # the wait ends with the move; the next phase starts now
            self.state = "running"
            return self.clock()
        if self.state == "paused":
            return self._paused_at
        t = self.clock()
        self._advance(t)
        return None if self.state == "finished" else t

    def skip(self) -> Phase | None:
        """End the current phase now, marked as skipped, and start the next one (in a paused
        timer the next one waits, paused, at its full length). Skipping the last phase finishes
        the session. Raises `TimerError` unless running or paused."""
        self._require("skip", "running", "paused", "waiting")
        t = self._now_for_move()
        if t is None:
            return None
        i = self.index
        self._done_s[i] = min(max(t - self._anchor - self._start_of(i), 0.0), self.phases[i].seconds)
        self._skipped[i] = True
        return self._next_or_finish(t)

    def back(self) -> Phase | None:
        """Go back to the start of the previous phase (the first phase restarts). What was
        recorded for the phases gone back over is cleared, since they are done again.
        Raises `TimerError` unless running or paused."""
        self._require("back", "running", "paused", "waiting")
        t = self._now_for_move()
        if t is None:
            return None
        target = max(self.index - 1, 0)
        for j in range(target, self.index + 1):
            self._done_s[j], self._completed[j], self._skipped[j] = 0.0, False, False
        self._move_to(target, t)
        return self.current

    def stop(self) -> None:
        """End the session early: what was done of the current phase is kept and the rest is
        marked as not done. No-op when idle or already finished."""
        if self.state in ("idle", "finished"):
            return
        t = self._now_for_move()
        if t is None:
            return
        i = self.index
        pos = t - self._anchor
        self._done_s[i] = min(max(pos - self._start_of(i), 0.0), self.phases[i].seconds)
        self._skipped[i] = True
        self.stopped = True
        self.phase_changes += 1
        self._finish(min(max(pos, self._start_of(i)), self._ends[i]))

    # -- running -------------------------------------------------------------------------------
    async def run(self, on_tick: Callable[["Timer"], object] | None = None, interval: float = 0.1,
                  sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
        """Drive the timer until it finishes or is stopped.

        Starts the timer if it is idle, calls ``on_tick(timer)`` at once, then after every wake-up:
        at least every ``interval`` seconds and exactly at each phase deadline (the sleep is
        ``min(interval, time to the deadline)``, so a phase change is never late by up to an
        interval). While paused it wakes every ``interval`` to notice a resume. ``sleep`` is
        injectable for tests. Raises `TimerError` if another `run` is already driving this timer.
        """
        if not interval > 0:
            raise ValueError(f"run: interval must be > 0 seconds, got {interval!r}")
        if self._runner_active:
            raise TimerError("run: this timer is already being run by another task")
        self._runner_active = True
        try:
            if self.state == "idle":
                self.start()
            if on_tick is not None:
                on_tick(self)
            while self.state != "finished":
                deadline = self.deadline
                delay = interval if deadline is None else min(interval, deadline - self.clock())
                await sleep(max(delay, 0.0))
                self.tick()
                if on_tick is not None:
                    on_tick(self)
        finally:
            self._runner_active = False

    # -- the record ------------------------------------------------------------------------------
    def record(self, routine_name: str, *, started_at: datetime | None = None,
               ended_at: datetime | None = None, notes: str = "") -> SessionRecord:
        """The finished (or stopped) session as a `SessionRecord` for the journal.

        One `SetDone` per exercise, set and side, in plan order, every planned set included. For
        holds, ``reps_done`` counts the holds held to the end and ``hold_s_done`` the seconds
        actually held (partial holds included); for reps, ``reps_done`` is the repetitions the time
        spent allowed (all of them when the work phase ran to its end). ``skipped`` is True when any
        hold or work phase of the set was skipped, cut short by stop, or never reached.
        ``completed`` is False when the session was stopped. ``started_at`` and ``ended_at``
        default to the wall-clock times the timer recorded. Raises `TimerError` before the session
        has finished.
        """
        if self.state != "finished" or self.started_at is None:
            raise TimerError(f"record: the session is {self.state}; a record is made once it has "
                             "finished or been stopped")
        return SessionRecord(
            routine_name=routine_name,
            started_at=started_at if started_at is not None else self.started_at,
            ended_at=ended_at if ended_at is not None else (self.ended_at or self.now()),
            sets=tuple(self._sets_done()),
            completed=not self.stopped,
            notes=notes,
        )

    def _sets_done(self) -> Iterator[SetDone]:
        groups: dict[tuple[int, int | None, str | None], dict] = {}
        item = -1
        for i, p in enumerate(self.phases):
            if p.kind == "get-ready" or i == 0 or p.exercise_id != self.phases[i - 1].exercise_id:
                item += 1  # each exercise of the routine starts with a get-ready
            if p.kind not in ("hold", "work"):
                continue
            g = groups.setdefault((item, p.set, p.side), {
                "exercise_id": p.exercise_id, "hold": p.kind == "hold", "reps_planned": 0,
                "reps_done": 0, "hold_planned": 0.0, "hold_done": 0.0, "all_done": True})
            done = self._done_s[i]
            g["all_done"] &= self._completed[i]
            if p.kind == "hold":
                g["reps_planned"] += 1
                g["reps_done"] += int(self._completed[i])
                g["hold_planned"] += p.seconds
                g["hold_done"] += done
            else:
                reps = p.reps or 1
                g["reps_planned"] += reps
                g["reps_done"] += reps if self._completed[i] else min(reps, int(done / (p.seconds / reps) + 1e-9))
        for (_, set_no, side), g in groups.items():
            yield SetDone(
                exercise_id=g["exercise_id"], set=set_no or 1, side=side,
                reps_planned=g["reps_planned"], reps_done=g["reps_done"],
                hold_s_planned=round(g["hold_planned"], 1) if g["hold"] else None,
                hold_s_done=round(g["hold_done"], 1) if g["hold"] else None,
                skipped=not g["all_done"],
            )
