"""The plan, the drift-free timer (under a fake clock), its runner, the session record and the tone."""

from __future__ import annotations

import asyncio
import math
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest

from backnotes import Routine, RoutineItem, load_exercises, load_routine
from backnotes import timing
from backnotes.session import SessionRecord
from backnotes.timing import (PHASE_KINDS, Phase, Timer, TimerError, breath_cue, format_seconds,
                              phase_title, plan, plan_frame, record_summary, tone)

CATALOG = load_exercises()


class FakeClock:
    """A monotonic clock that moves only when told to."""

    def __init__(self, t: float = 1000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


class FakeNow:
    """Wall-clock times that follow a FakeClock, tz-aware."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.base = datetime(2026, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=1)))

    def __call__(self) -> datetime:
        return self.base + timedelta(seconds=self.clock.t)


def make_timer(phases, start: float = 1000.0):
    clock = FakeClock(start)
    return Timer(phases, clock=clock, now=FakeNow(clock)), clock


def simple_phases(*seconds: float) -> list[Phase]:
    return [Phase("hold", s, "ex", "Ex", None, 1, i + 1) for i, s in enumerate(seconds)]


# --------------------------------------------------------------------------------------------
# plan


@pytest.mark.parametrize("exercise_id", list(CATALOG.index))
def test_plan_of_every_catalog_exercise(exercise_id: str) -> None:
    routine = Routine.from_ids([exercise_id])
    item = routine.items[0]
    phases = plan(routine)
    sides = {"left", "right"} if item.per_side else {None}
    n_sides = len(sides)

    assert phases[0].kind == "get-ready"
    assert all(p.kind in PHASE_KINDS for p in phases)
    assert all(p.seconds > 0 for p in phases), "no zero-length phase"
    assert all(p.exercise_id == exercise_id for p in phases)
    assert math.isclose(sum(p.seconds for p in phases), routine.total_seconds())

    doing = [p for p in phases if p.kind in ("hold", "work")]
    assert {p.side for p in doing} == sides
    for set_no in range(1, item.sets + 1):
        for side in sides:
            in_set = [p for p in doing if p.set == set_no and p.side == side]
            if item.kind == "hold":
                assert [p.rep for p in in_set] == list(range(1, item.reps + 1))
                assert all(p.kind == "hold" and p.seconds == item.hold_s for p in in_set)
            else:
                assert len(in_set) == 1 and in_set[0].kind == "work"
                assert in_set[0].reps == item.reps
                assert math.isclose(in_set[0].seconds, item.reps * item.tempo_s)
    switches = [p for p in phases if p.kind == "switch-side"]
    # lying on one side, every later set also starts by turning back over (issue 18 item 14)
    turns = CATALOG.loc[exercise_id, "position"] in timing.TURN_OVER_POSITIONS
    assert len(switches) == ((2 * item.sets - 1 if turns else item.sets) if item.per_side else 0)
    assert [p.side for p in switches] == (["right", "left"] * item.sets)[:len(switches)] if turns else \
        all(p.side == "right" for p in switches)
    assert all(p.wait == turns for p in switches)
    # rests: between holds of a side, and between sets
    rests = [p for p in phases if p.kind == "rest"]
    between_holds = (item.reps - 1) * n_sides * item.sets if item.kind == "hold" else 0
    assert len(rests) == (between_holds + item.sets - 1 if item.rest_s > 0 else 0)


def test_plan_of_a_whole_routine_keeps_the_order_and_total() -> None:
    ids = list(CATALOG.index)
    routine = Routine.from_ids(ids)
    phases = plan(routine)
    order = [p.exercise_id for p in phases if p.kind == "get-ready"]
    assert order == ids
    assert math.isclose(sum(p.seconds for p in phases), routine.total_seconds())


def test_plan_drops_zero_length_rests() -> None:
    item = RoutineItem("knee-to-chest", "hold", sets=2, reps=2, rest_s=0, per_side=False, hold_s=10, name="K")
    phases = plan(Routine(items=[item]))
    assert [p.kind for p in phases] == ["get-ready", "hold", "hold", "hold", "hold"]


def test_plan_frame_matches_plan() -> None:
    routine = Routine.from_ids(["knee-to-chest", "glute-bridge"])
    phases = plan(routine)
    frame = plan_frame(routine)
    assert len(frame) == len(phases)
    assert list(frame.index) == list(range(1, len(phases) + 1))
    assert math.isclose(frame["seconds"].sum(), routine.total_seconds())
    assert (frame["end_s"] - frame["start_s"]).round(9).tolist() == frame["seconds"].round(9).tolist()
    assert (frame["start_s"].iloc[1:].to_numpy() == frame["end_s"].iloc[:-1].to_numpy()).all()
    assert frame["kind"].dtype == pd.CategoricalDtype(list(PHASE_KINDS), ordered=True)
    assert frame["exercise"].iloc[0] == "Single knee to chest"
    assert frame["side"].isna().sum() == sum(p.side is None for p in phases)
    assert plan_frame(phases).equals(frame)


# --------------------------------------------------------------------------------------------
# the timer under a fake clock


def test_timer_starts_on_time_and_changes_phase_at_the_deadline() -> None:
    timer, clock = make_timer(simple_phases(5, 3))
    assert timer.state == "idle" and timer.current == timer.phases[0] and timer.remaining == 5
    assert timer.tick() == timer.phases[0] and timer.state == "idle"  # tick does nothing while idle
    timer.start()
    assert timer.state == "running" and timer.deadline == 1005
    clock.advance(4.999)
    assert timer.tick() is timer.phases[0]
    assert math.isclose(timer.remaining, 0.001, abs_tol=1e-9)
    clock.advance(0.001)
    assert timer.tick() is timer.phases[1] and timer.index == 1
    assert timer.remaining == 3 and timer.elapsed == 5


def test_pause_freezes_and_resume_shifts_the_rest_of_the_schedule() -> None:
    timer, clock = make_timer(simple_phases(10, 10))
    timer.start()
    clock.advance(4)
    timer.pause()
    assert timer.state == "paused" and timer.remaining == 6
    clock.advance(100)
    timer.tick()
    assert timer.index == 0 and timer.remaining == 6 and timer.elapsed == 4  # frozen
    assert timer.deadline is None
    timer.resume()
    assert timer.state == "running" and timer.remaining == 6
    assert timer.deadline == 1000 + 10 + 100  # shifted by the pause
    clock.advance(5.9)
    assert timer.tick() is timer.phases[0]
    clock.advance(0.1)
    assert timer.tick() is timer.phases[1]
    clock.advance(10)
    assert timer.tick() is None and timer.state == "finished"


def test_skip_marks_the_phase_and_starts_the_next_in_full() -> None:
    timer, clock = make_timer(simple_phases(10, 8, 6))
    timer.start()
    clock.advance(3)
    assert timer.skip() is timer.phases[1]
    assert timer.remaining == 8 and timer.elapsed == 10
    clock.advance(2)
    timer.pause()
    clock.advance(50)
    timer.skip()  # while paused: the next phase waits, paused, at its full length
    assert timer.state == "paused" and timer.index == 2 and timer.remaining == 6
    timer.resume()
    clock.advance(1)
    assert timer.remaining == 5
    timer.skip()  # skipping the last phase finishes the session
    assert timer.state == "finished" and not timer.stopped and timer.current is None
    assert timer.index == 3


def test_back_returns_to_the_previous_phase_and_restarts_the_first() -> None:
    timer, clock = make_timer(simple_phases(10, 8))
    timer.start()
    clock.advance(4)
    timer.back()  # on the first phase: restart it
    assert timer.index == 0 and timer.remaining == 10
    clock.advance(12)
    timer.tick()
    assert timer.index == 1 and timer.remaining == 6
    timer.back()
    assert timer.index == 0 and timer.remaining == 10
    clock.advance(10)
    assert timer.tick() is timer.phases[1] and timer.remaining == 8


def test_stop_ends_the_session_and_is_harmless_twice() -> None:
    timer, clock = make_timer(simple_phases(10, 8))
    timer.stop()  # idle: no-op
    assert timer.state == "idle"
    timer.start()
    clock.advance(13)
    timer.stop()
    assert timer.state == "finished" and timer.stopped and timer.elapsed == 13
    timer.stop()
    assert timer.state == "finished"
    clock.advance(100)
    assert timer.tick() is None and timer.elapsed == 13


def test_finishing_reaches_the_end_with_every_phase_change_counted() -> None:
    phases = simple_phases(2, 3, 4)
    timer, clock = make_timer(phases)
    timer.start()
    clock.advance(100)  # one late tick completes every phase
    assert timer.tick() is None
    assert timer.state == "finished" and timer.index == 3 and not timer.stopped
    assert timer.remaining == 0 and timer.elapsed == timer.total_seconds == 9
    assert timer.phase_changes == len(phases) + 1  # the start plus one per phase ended


@pytest.mark.parametrize("call, state_needed", [
    ("pause", "running"), ("resume", "paused"), ("skip", "running"), ("back", "running"),
])
def test_calls_that_do_not_fit_the_state_raise(call: str, state_needed: str) -> None:
    timer, _ = make_timer(simple_phases(5))
    with pytest.raises(TimerError, match=f"{call}: the timer is idle.*{state_needed}"):
        getattr(timer, call)()
    timer.start()
    with pytest.raises(TimerError, match="start: the timer is running"):
        timer.start()
    if call == "resume":
        with pytest.raises(TimerError, match="resume: the timer is running"):
            timer.resume()


def test_timer_rejects_empty_and_zero_length_plans() -> None:
    with pytest.raises(ValueError, match="no phases"):
        Timer([])
    with pytest.raises(ValueError, match="phase 1 .*more than 0 seconds"):
        Timer(simple_phases(5, 0))


def test_no_drift_over_many_phases() -> None:
    # awkward lengths whose running float sum drifts from the exact one
    seconds = [0.1, 0.7, 1 / 3, 2.2, 0.3] * 2000
    timer, clock = make_timer([Phase("hold", s, "ex") for s in seconds], start=12345.678)
    exact_ends = np.cumsum(np.array(seconds, dtype=np.longdouble))
    timer.start()
    rng = np.random.default_rng(7)
    for i, end in enumerate(exact_ends[:-1]):
        # ticks at irregular moments inside the phase never move its deadline
        clock.t = 12345.678 + float(end) - float(rng.uniform(0.001, seconds[i] / 2))
        assert timer.tick() is timer.phases[i]
        clock.t = 12345.678 + float(end) + 1e-6
        assert timer.tick() is timer.phases[i + 1]
    assert abs(timer.deadline - (12345.678 + float(exact_ends[-1]))) < 1e-6
    clock.t = 12345.678 + float(exact_ends[-1])
    assert timer.tick() is None and timer.state == "finished"


# --------------------------------------------------------------------------------------------
# the record


def test_record_marks_what_was_done_and_skipped() -> None:
    routine = Routine.from_ids(["knee-to-chest", "glute-bridge"], name="Test routine")
    timer, clock = make_timer(plan(routine))
    k2c, bridge = routine.items
    timer.start()
    start_wall = timer.started_at
    clock.advance(timing.POSITION_CHANGE_S)  # the get-down to the mat (a session starts standing) ...
    timer.tick()
    assert timer.state == "waiting"
    timer.ready()                  # ... ends when the person is ready
    assert timer.current.kind == "hold" and timer.current.side == "left"
    clock.advance(20 + 10)         # hold 1 + rest
    timer.tick()
    clock.advance(7)               # hold 2: 7 s of 20, then skip
    timer.skip()
    assert timer.current.kind == "rest"
    # the rest of knee-to-chest in full: rest, hold 3, switch, right side 3 holds and 2 rests
    clock.advance(10 + 20 + 5 + 3 * 20 + 2 * 10)
    timer.tick()
    assert timer.current.kind == "get-ready" and timer.current.exercise_id == "glute-bridge"
    clock.advance(5 + 40 + 30)     # bridge set 1 in full, the rest between sets
    timer.tick()
    assert timer.current.kind == "work" and timer.current.set == 2
    clock.advance(13)              # 13 s of 40 at 4 s a rep: 3 reps
    timer.stop()

    record = timer.record(routine.name, notes="felt fine")
    assert isinstance(record, SessionRecord)
    assert record.routine_name == "Test routine" and record.notes == "felt fine"
    assert record.completed is False
    assert record.started_at == start_wall and record.started_at.tzinfo is not None
    assert record.ended_at - record.started_at == timedelta(seconds=timing.POSITION_CHANGE_S + 30 + 7 + 115 + 75 + 13)
    sets = {(s.exercise_id, s.set, s.side): s for s in record.sets}
    assert list(sets) == [("knee-to-chest", 1, "left"), ("knee-to-chest", 1, "right"),
                          ("glute-bridge", 1, None), ("glute-bridge", 2, None)]
    left = sets["knee-to-chest", 1, "left"]
    assert (left.reps_planned, left.reps_done, left.hold_s_planned, left.hold_s_done, left.skipped) == (
        k2c.reps, k2c.reps - 1, 3 * k2c.hold_s, 2 * k2c.hold_s + 7, True)
    right = sets["knee-to-chest", 1, "right"]
    assert (right.reps_done, right.hold_s_done, right.skipped) == (3, 60, False)
    b1, b2 = sets["glute-bridge", 1, None], sets["glute-bridge", 2, None]
    assert (b1.reps_planned, b1.reps_done, b1.hold_s_planned, b1.skipped) == (bridge.reps, bridge.reps, None, False)
    assert (b2.reps_planned, b2.reps_done, b2.skipped) == (bridge.reps, 3, True)
    assert "2 of 4 sets done in full" in record_summary(record) and "stopped early" in record_summary(record)


def test_record_of_a_stop_marks_the_sets_never_reached() -> None:
    routine = Routine.from_ids(["forearm-press-up", "calf-raise"])
    timer, clock = make_timer(plan(routine))
    timer.start()
    clock.advance(2)
    timer.stop()
    record = timer.record("r", started_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert record.started_at == datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert len(record.sets) == 1 + 2
    assert all(s.skipped and s.reps_done == 0 for s in record.sets)
    assert record.sets[0].hold_s_done == 0


def test_record_of_a_full_session_and_back_clearing_what_is_redone() -> None:
    routine = Routine.from_ids(["forearm-press-up"])
    timer, clock = make_timer(plan(routine))
    timer.start()
    clock.advance(timing.POSITION_CHANGE_S)  # the get-down to the mat, then Ready
    timer.tick()
    timer.ready()
    clock.advance(15 + 10 + 6)      # into hold 2
    timer.tick()
    timer.skip()                    # skip hold 2 ...
    timer.back()                    # ... then go back and do it again
    assert timer.current.kind == "hold" and timer.current.rep == 2
    clock.advance(1000)
    timer.tick()
    record = timer.record("Full")
    assert record.completed is True
    (only,) = record.sets
    assert (only.reps_done, only.hold_s_done, only.skipped) == (3, 45, False)
    assert record_summary(record) == "1 of 1 set done in full."


def test_record_before_the_end_raises() -> None:
    timer, _ = make_timer(simple_phases(5))
    with pytest.raises(TimerError, match="record: the session is idle"):
        timer.record("x")
    timer.start()
    with pytest.raises(TimerError, match="running"):
        timer.record("x")


# --------------------------------------------------------------------------------------------
# the runner


def test_run_with_a_fake_clock_wakes_at_every_deadline() -> None:
    phases = simple_phases(0.25, 1.0, 0.05, 0.5)
    timer, clock = make_timer(phases)
    sleeps: list[float] = []
    seen: list[tuple[float, int, str]] = []

    async def fake_sleep(delay: float) -> None:
        sleeps.append(delay)
        clock.advance(delay)

    asyncio.run(timer.run(lambda t: seen.append((clock.t, t.index, t.state)), interval=0.1, sleep=fake_sleep))
    assert timer.state == "finished"
    assert seen[0] == (1000.0, 0, "running")  # called at once
    assert max(sleeps) <= 0.1 + 1e-12
    # the first tick that shows each phase happens exactly at its start
    ends = np.cumsum([p.seconds for p in phases])
    first_seen = {}
    for t, index, _ in seen:
        first_seen.setdefault(index, t)
    for i in range(1, len(phases)):
        assert math.isclose(first_seen[i], 1000 + ends[i - 1], abs_tol=1e-9)
    assert math.isclose(seen[-1][0], 1000 + ends[-1], abs_tol=1e-9) and seen[-1][2] == "finished"


def test_run_waits_while_paused_and_returns_on_stop() -> None:
    timer, clock = make_timer(simple_phases(1.0, 1.0))
    calls = []

    async def fake_sleep(delay: float) -> None:
        clock.advance(delay)
        calls.append(timer.state)
        if len(calls) == 3:
            timer.pause()
        if len(calls) == 20:
            timer.stop()

    asyncio.run(timer.run(None, interval=0.1, sleep=fake_sleep))
    assert timer.stopped and timer.state == "finished"
    assert calls[3:19] == ["paused"] * 16 and timer.index == 0


def test_a_second_runner_is_refused_and_bad_interval_too() -> None:
    timer = Timer(simple_phases(0.05))  # the real clock: this runner must come to an end

    async def two() -> None:
        first = asyncio.ensure_future(timer.run(interval=0.01))
        await asyncio.sleep(0)
        with pytest.raises(TimerError, match="already being run"):
            await timer.run()
        await first

    asyncio.run(two())
    assert timer.state == "finished"
    with pytest.raises(ValueError, match="interval"):
        asyncio.run(Timer(simple_phases(1)).run(interval=0))


def test_runner_on_the_real_clock_goes_through_the_phases_in_order() -> None:
    phases = simple_phases(0.04, 0.03, 0.05, 0.02, 0.03)
    timer = Timer(phases)
    seen: list[tuple[int, str]] = []
    asyncio.run(timer.run(lambda t: seen.append((t.index, t.state)), interval=0.01))
    assert seen[0] == (0, "running") and seen[-1] == (len(phases), "finished")
    indices = [i for i, _ in seen]
    assert indices == sorted(indices)  # never backwards
    assert timer.phase_changes == len(phases) + 1
    (whole,) = [s for s in timer.record("real").sets]
    assert whole.reps_done == len(phases) and not whole.skipped


# --------------------------------------------------------------------------------------------
# what the player shows


def test_tone_shape_has_no_click_and_no_clipping() -> None:
    rate = 22050
    wave = tone(880.0, 0.2, rate, volume=0.5)
    assert wave.dtype == np.float32 and wave.shape == (round(0.2 * rate),)
    assert np.abs(wave).max() <= 0.5 + 1e-6  # never beyond the volume, far from clipping at 1
    assert np.abs(wave).max() > 0.45
    assert abs(wave[0]) < 1e-3 and abs(wave[-1]) < 0.01  # faded in and out
    # the fade is gradual: the first few samples are much quieter than the middle
    assert np.abs(wave[:20]).max() < 0.1
    spectrum = np.abs(np.fft.rfft(wave))
    assert math.isclose(np.argmax(spectrum) * rate / len(wave), 880.0, abs_tol=rate / len(wave))
    for bad in ({"freq": 0}, {"freq": 20000}, {"seconds": 0}, {"volume": 1.5}):
        with pytest.raises(ValueError, match="tone"):
            tone(**{"freq": 880.0, "seconds": 0.2, "rate": rate, **bad})


def test_breath_cue_alternates_during_holds_only() -> None:
    hold = Phase("hold", 20.0, "x")
    cues = [breath_cue(hold, s) for s in (0, 3.9, 4.0, 7.9, 8.0)]
    assert cues == ["Breathe in slowly…", "Breathe in slowly…", "Breathe out slowly…",
                    "Breathe out slowly…", "Breathe in slowly…"]
    assert breath_cue(Phase("work", 20.0, "x"), 1) == "" and breath_cue(None, 1) == ""


def test_format_seconds_and_titles() -> None:
    assert [format_seconds(s) for s in (0, 0.2, 1, 58.5, 59.5, 125)] == ["0", "1", "1", "59", "1:00", "2:05"]
    assert phase_title(Phase("get-ready", 5, "x", "Clamshell", "left")) == "Get ready: Clamshell (left side)"
    assert phase_title(Phase("work", 30, "x", "Clamshell", None, 2, reps=10)) == "Clamshell: set 2, 10 reps"
    assert phase_title(Phase("switch-side", 5, "x", "Clamshell", "right")) == "Change sides: right side next"


# -- getting into position: longer get-ready on a change, waiting between standing and the floor ----------

from backnotes import timing  # noqa: E402


def _get_readies(r: Routine) -> list[Phase]:
    return [p for p in plan(r) if p.kind == "get-ready"]


def test_position_change_gives_a_longer_get_ready() -> None:
    assert timing.POSITION_CHANGE_S >= 15
    # start (standing) -> back (get down: the first exercise too), back -> back (same), back -> stomach
    # (rolling over), stomach -> standing (get up), standing -> standing (same), standing -> back (get down)
    r = Routine.from_ids(["knee-to-chest", "glute-bridge", "forearm-press-up", "wall-calf-stretch",
                          "calf-raise", "small-crunch"])
    ready = _get_readies(r)
    assert [p.seconds for p in ready] == [timing.POSITION_CHANGE_S, timing.GET_READY_S, timing.POSITION_CHANGE_S,
                                          timing.POSITION_CHANGE_S, timing.GET_READY_S, timing.POSITION_CHANGE_S]
    assert [p.wait for p in ready] == [True, False, True, True, False, True]
    # the cues say how to get up, down and over safely
    assert "getting down" in ready[0].cue.lower()
    assert "roll onto your side" in ready[3].cue and "push up with your arms" in ready[3].cue
    assert "getting down" in ready[5].cue.lower()
    assert "rolling over" in ready[2].cue and "one piece" in ready[2].cue
    assert r.total_seconds() == pytest.approx(sum(p.seconds for p in plan(r)))
    assert r.to_frame()["seconds"].sum() == pytest.approx(r.total_seconds())
    assert plan_frame(r)["seconds"].sum() == pytest.approx(r.total_seconds())


def test_position_change_seconds_are_settable(monkeypatch: pytest.MonkeyPatch) -> None:
    r = Routine.from_ids(["knee-to-chest", "wall-calf-stretch"])
    base = r.total_seconds()
    monkeypatch.setattr(timing, "POSITION_CHANGE_S", 45.0)
    assert [p.seconds for p in _get_readies(r)] == [45.0, 45.0]  # the get-down at the start too
    assert r.total_seconds() == pytest.approx(base + 2 * (45.0 - 20.0))
    assert [p.seconds for p in plan(r, position_change_s=30) if p.kind == "get-ready"] == [30, 30]
    with pytest.raises(ValueError, match="position_change_s.*at least 15"):
        plan(r, position_change_s=10)


def test_timer_waits_for_ready_after_a_get_down() -> None:
    r = Routine.from_ids(["wall-calf-stretch", "knee-to-chest"])
    phases = plan(r)
    k = next(i for i, p in enumerate(phases) if p.wait)
    clock = FakeClock()
    timer = Timer(phases, clock)
    timer.start()
    clock.advance(sum(p.seconds for p in phases[:k + 1]))  # to the end of the get-down
    timer.tick()
    assert timer.state == "waiting" and timer.index == k and timer.remaining == 0
    clock.advance(40)  # the person takes 40 s more: nothing moves
    timer.tick()
    assert timer.state == "waiting" and timer.index == k
    assert timer.elapsed == pytest.approx(sum(p.seconds for p in phases[:k + 1]))
    with pytest.raises(TimerError, match="pause"):
        timer.pause()
    changes = timer.phase_changes
    assert timer.ready() is phases[k + 1]
    assert timer.state == "running" and timer.phase_changes == changes + 1
    assert timer.remaining == phases[k + 1].seconds  # the next phase starts now, in full
    with pytest.raises(TimerError, match="ready"):
        timer.ready()
    clock.advance(sum(p.seconds for p in phases[k + 1:]))
    timer.tick()
    assert timer.state == "finished" and not timer.stopped
    assert all(not s.skipped for s in timer.record("r").sets)


def test_timer_without_waiting_and_skip_from_waiting() -> None:
    r = Routine.from_ids(["wall-calf-stretch", "knee-to-chest"])
    phases = plan(r)
    clock = FakeClock()
    timer = Timer(phases, clock, wait_for_ready=False)
    timer.start()
    clock.advance(sum(p.seconds for p in phases))
    timer.tick()
    assert timer.state == "finished"  # the planned seconds, no waiting
    # skip, back and stop work from a wait too
    timer = Timer(phases, clock)
    timer.start()
    k = next(i for i, p in enumerate(phases) if p.wait)
    clock.advance(sum(p.seconds for p in phases[:k + 1]) + 5)
    timer.tick()
    assert timer.state == "waiting"
    timer.back()
    assert timer.state == "running" and timer.index == k - 1
    clock.advance(phases[k - 1].seconds + phases[k].seconds)
    timer.tick()
    assert timer.state == "waiting"
    timer.skip()
    assert timer.state == "running" and timer.index == k + 1
    timer.stop()
    assert timer.state == "finished" and timer.stopped


def test_first_exercise_gets_the_floor_wait_and_a_standing_one_does_not() -> None:
    # issue 18 item 14: a session starts where Start was pressed, not on the mat
    assert timing.SESSION_START_POSITION in timing.UPRIGHT_POSITIONS
    for name in ("gentle-start", "article-full"):  # both ready-made routines start lying down
        first = plan(load_routine(name))[0]
        assert first.kind == "get-ready" and first.wait and first.seconds == timing.POSITION_CHANGE_S
        assert "getting down" in first.cue.lower()
    standing = plan(Routine.from_ids(["calf-raise"]))[0]
    assert standing.seconds == timing.GET_READY_S and not standing.wait


def test_rolling_over_and_turning_to_the_other_side_wait_too() -> None:
    # back -> front and front -> back are rolls; side -> side is a turn-over, waited, at least TURN_OVER_S
    assert frozenset({"lying on back", "lying on stomach"}) in timing.ROLL_OVER_CHANGES
    r = Routine.from_ids(["glute-bridge", "forearm-press-up", "short-bridge", "clamshell"])
    ready = _get_readies(r)
    assert [p.wait for p in ready] == [True, True, True, False]  # back -> side: no roll over the front
    assert timing.SWITCH_SIDE_S < timing.TURN_OVER_S < timing.POSITION_CHANGE_S
    clam = [p for p in plan(r) if p.exercise_id == "clamshell"]
    turns = [p for p in clam if p.kind == "switch-side"]
    item = r.items[3]
    assert len(turns) == 2 * item.sets - 1 and all(p.wait and p.seconds == timing.TURN_OVER_S for p in turns)
    assert all("turning over" in p.cue and "other side" in p.cue for p in turns)
    # the timer stops at the end of a turn-over until the person is ready
    phases = plan(Routine.from_ids(["clamshell"]))
    k = next(i for i, p in enumerate(phases) if p.kind == "switch-side")
    timer, clock = make_timer(phases)
    timer.start()
    clock.advance(phases[0].seconds)  # the get-down to the mat first
    timer.tick()
    assert timer.state == "waiting" and timer.index == 0
    timer.ready()
    clock.advance(sum(p.seconds for p in phases[1:k + 1]) + 60)  # the first side, the turn-over, a minute more
    timer.tick()
    assert timer.state == "waiting" and timer.index == k
    assert timer.ready() is phases[k + 1] and phases[k + 1].side == "right"
    # changing legs on the back stays a quick, unwaited switch
    k2c = [p for p in plan(Routine.from_ids(["knee-to-chest"])) if p.kind == "switch-side"]
    assert k2c and all(not p.wait and p.seconds == timing.SWITCH_SIDE_S for p in k2c)


def test_seconds_per_item_add_up_to_the_plan_and_follow_position_changes() -> None:
    from backnotes.timing import seconds_per_item

    r = Routine.from_ids(["calf-raise", "glute-bridge", "calf-raise"], name="Up, down, up")
    shares = seconds_per_item(r)
    assert sum(shares) == r.total_seconds()
    # the second calf raise follows a floor exercise: its get-ready is longer than the first one's
    assert shares[2] > shares[0]
