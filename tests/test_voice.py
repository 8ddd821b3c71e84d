"""What the player says aloud and when (backnotes.voice), checked against a timer on a fake clock."""

from __future__ import annotations

import pytest

from backnotes import Routine
from backnotes.timing import Phase, Timer, plan
from backnotes.voice import end_cue, holds_in_set, spoken_cue


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def said(routine: Routine, *, pause_at: float | None = None, pause_for: float = 0.0, step: float = 0.1) -> list[str]:
    """Every cue the player would speak over a whole session (each key once), in order."""
    clock = Clock()
    timer = Timer(plan(routine), clock=clock, wait_for_ready=False)
    timer.start()
    out, last, t0 = [], None, clock.t
    while timer.state != "finished":
        if pause_at is not None and timer.state == "running" and clock.t - t0 >= pause_at:
            timer.pause()
            for _ in range(int(pause_for / step)):  # while paused nothing is asked (the player skips it)
                clock.t += step
                timer.tick()
            timer.resume()
            pause_at = None
        cue = spoken_cue(timer.current, timer.index, timer.phase_elapsed, timer.remaining,
                         holds=holds_in_set(timer.phases, timer.index))
        if cue is not None and cue.key != last:
            out.append(cue.text)
            last = cue.key
        clock.t += step
        timer.tick()
    out.append(end_cue(not timer.stopped).text)
    return out


@pytest.fixture
def routine() -> Routine:
    return Routine.from_ids(["knee-to-chest", "glute-bridge"], name="Two")


def test_a_session_is_said_in_order(routine: Routine) -> None:
    words = said(routine)
    phases = plan(routine)
    first = phases[0]
    assert words[:5] == [f"{first.name}, left side. Get ready.", "3", "2", "1", "Hold 1 of 3"]
    assert words[5:9] == ["Rest", "Hold 2 of 3", "Rest", "Hold 3 of 3"]
    assert words[9] == "Switch sides: right side"
    bridge = next(p for p in phases if p.kind == "work")
    start = words.index(f"{bridge.name}. Get ready.")
    assert words[start + 1:start + 4] == ["3", "2", "1"]
    reps = [w for w in words[start + 4:] if w.startswith("Rep ")]
    assert reps[:bridge.reps] == [f"Rep {n} of {bridge.reps}" for n in range(1, bridge.reps + 1)]
    assert words[-1] == "Well done"
    # every hold and rest phase of the plan is said once, no more
    assert sum(w.startswith("Hold") for w in words) == sum(p.kind == "hold" for p in phases)
    assert words.count("Rest") == sum(p.kind == "rest" for p in phases)


def test_a_pause_adds_nothing_and_repeats_nothing(routine: Routine) -> None:
    assert said(routine, pause_at=12.0, pause_for=30.0) == said(routine)


def test_no_count_in_for_a_short_get_ready_and_stopped_is_not_well_done() -> None:
    short = Phase("get-ready", 2.0, "x", "X")
    assert spoken_cue(short, 0, 1.5, 0.5).text == "X. Get ready."
    assert spoken_cue(None, 0, 0, 0) is None
    assert end_cue(False).text == "Session stopped" and end_cue(True).text == "Well done"
    assert holds_in_set([Phase("rest", 5.0, "x")], 0) is None
