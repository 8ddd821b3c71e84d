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


def said(routine: Routine, *, pause_at: float | None = None, pause_for: float = 0.0, step: float = 0.1,
         wait_for_ready: bool = False, ready_after: float = 8.0) -> list[str]:
    """Every cue the player would speak over a whole session (each key once), in order. With
    ``wait_for_ready`` the person presses Ready ``ready_after`` seconds into each wait (the cue is
    asked on every tick of it, as the player does)."""
    clock = Clock()
    timer = Timer(plan(routine), clock=clock, wait_for_ready=wait_for_ready)
    timer.start()
    out, last, t0, waited = [], None, clock.t, 0.0
    while timer.state != "finished":
        if pause_at is not None and timer.state == "running" and clock.t - t0 >= pause_at:
            timer.pause()
            for _ in range(int(pause_for / step)):  # while paused nothing is asked (the player skips it)
                clock.t += step
                timer.tick()
            timer.resume()
            pause_at = None
        cue = spoken_cue(timer.current, timer.index, timer.phase_elapsed, timer.remaining,
                         holds=holds_in_set(timer.phases, timer.index), waiting=timer.state == "waiting",
                         wait_for_ready=timer.wait_for_ready)
        if cue is not None and cue.key != last:
            out.append(cue.text)
            last = cue.key
        clock.t += step
        if timer.state == "waiting":
            waited += step
            if waited >= ready_after:
                timer.ready()
                waited = 0.0
        timer.tick()
    out.append(end_cue(not timer.stopped).text)
    return out


@pytest.fixture
def routine() -> Routine:
    return Routine.from_ids(["knee-to-chest", "glute-bridge"], name="Two")


def test_a_session_is_said_in_order(routine: Routine) -> None:
    words = said(routine)  # no waiting for Ready: the get-down starts the hold by itself, so it counts in
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


WAITS = "Take your time getting into position."
PRESS_READY = "Press Ready when you are in position."


def test_a_get_down_that_waits_has_no_count_and_asks_for_ready_once(routine: Routine) -> None:
    phases = plan(routine)
    first = phases[0]
    assert first.kind == "get-ready" and first.wait  # a session starts standing: down to the mat
    words = said(routine, wait_for_ready=True, ready_after=30.0)
    assert words[:3] == [f"{first.name}, left side. {WAITS}", PRESS_READY, "Hold 1 of 3"]
    assert words.count(PRESS_READY) == sum(p.wait for p in phases) == 1  # once, however long the wait
    # the bridge's get-ready, in the same position, starts by itself: it still counts 3, 2, 1
    bridge = next(p for p in phases if p.kind == "work")
    assert not phases[phases.index(bridge) - 1].wait
    start = words.index(f"{bridge.name}. Get ready.")
    assert words[start + 1:start + 4] == ["3", "2", "1"]
    assert words[-1] == "Well done"
    # nothing is counted into a wait: the only numbers said are the bridge's count-in
    assert [w for w in words if w.isdigit()] == ["3", "2", "1"]


def test_the_waiting_cue_has_its_own_key_and_is_said_in_plain_words() -> None:
    down = Phase("get-ready", 20.0, "knee-to-chest", "Knee to chest", "left", wait=True)
    start = spoken_cue(down, 4, 0.0, 20.0)
    assert start.text == "Knee to chest, left side. Take your time getting into position."
    assert spoken_cue(down, 4, 18.5, 1.5) == start  # no "2", no "1": same key, nothing new said
    waiting = [spoken_cue(down, 4, 20.0, 0.0, waiting=True) for _ in range(3)]
    assert {w.key for w in waiting} == {("waiting", 4)} != {start.key}
    assert waiting[0].text == PRESS_READY
    # the same phase in a timer that does not wait: a get-ready like any other, counted in
    assert spoken_cue(down, 4, 0.0, 20.0, wait_for_ready=False).text == "Knee to chest, left side. Get ready."
    assert spoken_cue(down, 4, 18.5, 1.5, wait_for_ready=False).text == "2"
    # a get-ready that starts by itself still counts 3, 2, 1
    same = Phase("get-ready", 5.0, "glute-bridge", "Glute bridge")
    assert [spoken_cue(same, 5, 5.0 - r, r).text for r in (4.5, 2.5, 1.5, 0.5)] == [
        "Glute bridge. Get ready.", "3", "2", "1"]


def test_rolling_over_and_turning_over_wait_too() -> None:
    rolls = said(Routine.from_ids(["knee-to-chest", "forearm-press-up"], name="Roll"), wait_for_ready=True)
    press = next(p for p in plan(Routine.from_ids(["forearm-press-up"])) if p.kind != "get-ready")
    assert f"{press.name}. {WAITS}" in rolls  # back to front: a roll-over, waited
    assert rolls.count(PRESS_READY) == 2  # the get-down and the roll
    turns = said(Routine.from_ids(["clamshell"], name="Side"), wait_for_ready=True)
    turn = turns.index("Switch sides: right side. Take your time turning over.")
    assert turns[turn + 1] == PRESS_READY
    assert not any(w.isdigit() for w in turns)  # every get-ready here waits: nothing is counted


def test_a_pause_adds_nothing_also_when_waits_are_said(routine: Routine) -> None:
    assert said(routine, wait_for_ready=True, pause_at=30.0, pause_for=20.0) == said(routine, wait_for_ready=True)
