"""What the app says aloud during a session, and when: pure, so a test checks it without a browser.

The player asks `spoken_cue` on every tick and speaks a cue once, when its ``key`` is new. The
browser's own speech synthesis says it (nothing leaves the computer, no Python package); see
`backnotes.widgets.player`. Nothing is said while paused, a wait for Ready is said once, and muted
means silent.

What is said:

- at each get-ready: the exercise's name and side ("Single knee to chest, left side. Get ready."),
  then "3", "2", "1" in its last three seconds;
- at a get-ready that waits for the person (getting down to the mat or up, rolling over:
  `backnotes.timing.Phase.wait`): the name and side, then "Take your time getting into position."
  and no count (nothing starts by itself); when its seconds are up and the timer waits, once:
  "Press Ready when you are in position." (the words on the screen then);
- "Hold" at each hold (with its number when there are several: "Hold 2 of 3"), "Rest" at a rest,
  "Switch sides" (and to which) at a change of side, with "Take your time turning over." when it
  means turning over on the mat (a wait too), "Rep 3 of 8" as each repetition starts;
- "Well done" when the session ends in full; "Session stopped" when it was stopped.

    >>> from backnotes.timing import Phase
    >>> spoken_cue(Phase("work", 32.0, "glute-bridge", "Glute bridge", set=1, reps=8), 0, 9.0, 23.0).text
    'Rep 3 of 8'
    >>> down = Phase("get-ready", 20.0, "knee-to-chest", "Knee to chest", "left", wait=True)
    >>> spoken_cue(down, 0, 0.0, 20.0).text
    'Knee to chest, left side. Take your time getting into position.'
    >>> spoken_cue(down, 0, 19.0, 1.0).text  # no "1": it ends when the person presses Ready
    'Knee to chest, left side. Take your time getting into position.'
    >>> spoken_cue(down, 0, 20.0, 0.0, waiting=True)
    SpokenCue(key=('waiting', 0), text='Press Ready when you are in position.')
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .timing import PRESS_READY, Phase  # PRESS_READY: said once when the timer waits

__all__ = ["SpokenCue", "spoken_cue", "end_cue", "holds_in_set", "COUNT_IN", "RATES", "TAKE_YOUR_TIME",
           "TURN_OVER", "PRESS_READY"]

#: The get-ready's last seconds are counted aloud: "3", "2", "1".
COUNT_IN = 3
#: Speech speeds offered in the app (1 = the voice's normal speed).
RATES: tuple[float, ...] = (0.8, 1.0, 1.2)
#: Said after the name at a get-ready that waits for the person (`backnotes.timing.Phase.wait`).
TAKE_YOUR_TIME = "Take your time getting into position."
#: Said after "Switch sides" when the change of side is a turn-over on the mat that waits.
TURN_OVER = "Take your time turning over."


@dataclass(frozen=True)
class SpokenCue:
    """One thing to say: ``text``, and ``key``, which is the same for as long as the cue holds
    (speak when the key changes, never twice for one key)."""

    key: tuple[object, ...]
    text: str


def _side(phase: Phase) -> str:
    return f", {phase.side} side" if phase.side else ""


def spoken_cue(phase: Phase | None, index: int, phase_elapsed: float, remaining: float, *,
               holds: int | None = None, waiting: bool = False,
               wait_for_ready: bool = True) -> SpokenCue | None:
    """The cue for ``phase_elapsed`` seconds into ``phase`` (number ``index`` in the plan), with
    ``remaining`` seconds left in it. ``holds``: how many holds the phase's set has (for
    "Hold 2 of 3"; None says just "Hold"). ``waiting``: the timer is waiting for Ready at the end of
    ``phase`` (`backnotes.timing.Timer` state ``"waiting"``): `PRESS_READY`, under its own key, so
    it is said once. ``wait_for_ready``: as `backnotes.timing.Timer.wait_for_ready`; when False a
    phase marked ``wait`` starts the next one by itself, so its get-ready is counted in like any
    other. None when there is nothing to say."""
    if phase is None:
        return None
    if waiting:
        return SpokenCue(("waiting", index), PRESS_READY)
    name = phase.name or phase.exercise_id
    waits = phase.wait and wait_for_ready
    if phase.kind == "get-ready":
        if waits:  # no count: nothing starts until the person presses Ready
            return SpokenCue(("start", index), f"{name}{_side(phase)}. {TAKE_YOUR_TIME}")
        count = max(1, math.ceil(round(remaining, 6)))
        if count <= COUNT_IN and phase.seconds > COUNT_IN:
            return SpokenCue(("count", index, count), str(count))
        return SpokenCue(("start", index), f"{name}{_side(phase)}. Get ready.")
    if phase.kind == "hold":
        if holds and holds > 1 and phase.rep:
            return SpokenCue(("start", index), f"Hold {phase.rep} of {holds}")
        return SpokenCue(("start", index), "Hold")
    if phase.kind == "rest":
        return SpokenCue(("start", index), "Rest")
    if phase.kind == "switch-side":
        text = f"Switch sides{': ' + phase.side + ' side' if phase.side else ''}"
        return SpokenCue(("start", index), f"{text}. {TURN_OVER}" if waits else text)
    if phase.kind == "work" and phase.reps:
        tempo = phase.seconds / phase.reps
        rep = min(phase.reps, int(math.floor(max(phase_elapsed, 0.0) / tempo + 1e-9)) + 1)
        return SpokenCue(("rep", index, rep), f"Rep {rep} of {phase.reps}")
    return None


def end_cue(completed: bool) -> SpokenCue:
    """What is said when a session ends: "Well done" in full, "Session stopped" when stopped."""
    return SpokenCue(("end",), "Well done" if completed else "Session stopped")


def holds_in_set(phases: "list[Phase] | tuple[Phase, ...]", index: int) -> int | None:
    """How many holds the set of hold phase ``index`` has (same exercise, set and side)."""
    p = phases[index]
    if p.kind != "hold":
        return None
    return sum(1 for q in phases if q.kind == "hold" and q.exercise_id == p.exercise_id and q.set == p.set
               and q.side == p.side) or None
