"""TimerPlayer: its buttons drive the timer, the tone plays once per change (and can be muted), and
the finished session is offered as a record. Driven with a fake clock, no browser needed."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta, timezone

import pytest

from backnotes import Routine
from backnotes.session import SessionRecord
from backnotes.timing import POSITION_CHANGE_S, plan
from backnotes.widgets import TimerPlayer
from backnotes.widgets.player import BUTTONS, FINISHED_MESSAGE, SAFETY_LINE


class FakeClock:
    def __init__(self) -> None:
        self.t = 500.0

    def __call__(self) -> float:
        return self.t


def fake_now(clock: FakeClock):
    base = datetime(2026, 5, 4, 8, 30, tzinfo=timezone.utc)
    return lambda: base + timedelta(seconds=clock.t)


def countdown(player: TimerPlayer) -> str:
    return re.sub(r"<[^>]+>", "", player._countdown.value)


def enabled(player: TimerPlayer) -> set[str]:
    """Buttons that act in this state (the others are dimmed, never disabled: focus stays put)."""
    assert not any(b.disabled for b in player.buttons.values())
    return {name for name, b in player.buttons.items() if "backnotes-inactive" not in b._dom_classes}


def past_the_get_down(p: TimerPlayer, clock: FakeClock) -> None:
    """Through the first get-ready: a session starts standing, so a first exercise on the mat ends
    its get-down by waiting for Ready (issue 18 item 14)."""
    first = p.phases[0]
    assert first.kind == "get-ready" and first.wait
    clock.t += first.seconds
    p.tick()
    assert p.state == "waiting"
    p.buttons["Start"].click()  # Ready


@pytest.fixture
def routine() -> Routine:
    return Routine.from_ids(["forearm-press-up", "glute-bridge"], name="Short one")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def player(routine: Routine, clock: FakeClock) -> TimerPlayer:
    return TimerPlayer(routine, clock=clock, now=fake_now(clock))


def test_layout_buttons_and_texts(player: TimerPlayer) -> None:
    assert tuple(player.buttons) == BUTTONS == ("Start", "Skip", "Back", "Stop")
    assert tuple(b.description for b in player.buttons.values()) == BUTTONS
    assert "next" in player.buttons["Skip"].tooltip and "session" not in player.buttons["Skip"].tooltip
    assert all(b.tooltip for b in player.buttons.values())
    assert "backnotes-countdown" in player._countdown._dom_classes
    assert player.state == "idle" and enabled(player) == {"Start"}
    assert countdown(player) == f"{POSITION_CHANGE_S:.0f}"  # the get-down to the mat, not started yet
    texts = [getattr(w, "value", "") for w in player.children if isinstance(getattr(w, "value", None), str)]
    assert any(SAFETY_LINE in t for t in texts)
    # both pain-monitoring rules, back and leg, are on screen
    assert any("5/10" in t and "spread further down the leg" in t for t in texts)
    assert "Next up:" in player._next.value and "Forearm press-up" in player._title.value


def test_buttons_change_the_state(player: TimerPlayer, clock: FakeClock) -> None:
    player.buttons["Start"].click()
    assert player.state == "running" and enabled(player) == {"Start", "Skip", "Back", "Stop"}
    assert player.buttons["Start"].description == "Pause"
    clock.t += 2.2
    player.tick()
    left = POSITION_CHANGE_S - 2.2
    assert countdown(player) == str(int(left) + 1)  # whole seconds, rounded up
    assert player.remaining == pytest.approx(left)

    player.buttons["Start"].click()  # the same button pauses
    assert player.state == "paused" and enabled(player) == {"Start", "Skip", "Back", "Stop"}
    assert player.buttons["Start"].description == "Resume"
    assert "Paused" in player._breath.value
    clock.t += 30
    player.tick()
    assert countdown(player) == str(int(left) + 1)  # frozen while paused

    player.buttons["Start"].click()  # and resumes
    assert player.state == "running"
    clock.t += left
    player.tick()
    assert player.state == "waiting"  # on the mat: the person says when they are ready
    player.buttons["Start"].click()
    assert player.index == 1 and "hold 1" in player._title.value

    player.buttons["Skip"].click()
    assert player.index == 2 and player.timer.current.kind == "rest"
    player.buttons["Back"].click()
    assert player.index == 1 and countdown(player) == "15"

    player.buttons["Stop"].click()
    assert player.state == "finished" and enabled(player) == {"Start"}
    assert player.buttons["Start"].description == "Start again"
    assert player.record is not None and player.record.completed is False


def test_breathing_cue_and_side_during_holds(clock: FakeClock) -> None:
    p = TimerPlayer(Routine.from_ids(["knee-to-chest"]), clock=clock, tone=False)
    p.buttons["Start"].click()
    assert "Breathe" not in p._breath.value  # get-ready: no breathing cue
    past_the_get_down(p, clock)
    clock.t += 0.5
    p.tick()
    assert "Breathe in slowly" in p._breath.value and "left" in p._side.value
    clock.t += 4
    p.tick()
    assert "Breathe out slowly" in p._breath.value


def test_tone_plays_once_per_change_never_loops_and_can_be_muted(player: TimerPlayer, clock: FakeClock) -> None:
    player.buttons["Start"].click()
    outputs = player.audio_out.outputs
    assert len(outputs) == 1
    html = outputs[0]["data"]["text/html"]
    assert "<audio" in html and "autoplay" in html and "loop" not in html
    first = outputs[0]
    clock.t += 1
    player.tick()  # no phase change: no new tone
    assert player.audio_out.outputs[0] is first
    for _ in range(4):
        player.buttons["Skip"].click()
    assert len(player.audio_out.outputs) == 1  # replaced, never piled up

    player.mute = True
    assert player._mute_toggle.value is True  # the toggle and the trait are linked
    player.audio_out.outputs = ()
    player.buttons["Skip"].click()
    assert player.audio_out.outputs == ()
    player._mute_toggle.value = False
    assert player.mute is False
    player.buttons["Skip"].click()
    assert len(player.audio_out.outputs) == 1


def test_tone_false_starts_muted(routine: Routine, clock: FakeClock) -> None:
    p = TimerPlayer(routine, clock=clock, tone=False)
    p.buttons["Start"].click()
    assert p.mute and p.audio_out.outputs == ()


def test_record_offered_at_the_end(routine: Routine, clock: FakeClock) -> None:
    got: list[SessionRecord] = []
    p = TimerPlayer(routine, clock=clock, now=fake_now(clock), on_finish=got.append, wait_for_ready=False)
    p.buttons["Start"].click()
    clock.t += routine.total_seconds() + 1
    p.tick()
    assert p.state == "finished" and "Done" in countdown(p)
    assert isinstance(p.record, SessionRecord) and got == [p.record]
    assert p.record.completed and p.record.routine_name == "Short one"
    assert p.record.ended_at - p.record.started_at == timedelta(seconds=routine.total_seconds() + 1)
    assert all(not s.skipped for s in p.record.sets) and len(p.record.sets) == 1 + 2
    assert p.message == FINISHED_MESSAGE == "Session saved as a record: log it in notebook 04"
    assert p._summary.value == "3 of 3 sets done in full."
    m, s = divmod(int(routine.total_seconds()), 60)
    assert p._session_time.value == f"{m}:{s:02d} of {m}:{s:02d}"  # the whole session done
    p.tick()
    assert got == [p.record]  # offered once

    p.buttons["Start"].click()  # a new session from the start
    assert p.state == "running" and p.record is None and p.index == 0


def test_background_task_runs_the_session(routine: Routine, clock: FakeClock) -> None:
    """With an event loop running, Start launches the timer as a task; a fake sleep moves the clock."""
    async def fake_sleep(delay: float) -> None:
        clock.t += delay
        await asyncio.sleep(0)

    async def session() -> TimerPlayer:
        p = TimerPlayer(routine, clock=clock, now=fake_now(clock), sleep=fake_sleep, wait_for_ready=False)
        p.buttons["Start"].click()  # returns at once: the timer runs in the background
        assert p.state == "running" and p._task is not None and not p._task.done()
        await p._task
        return p

    p = asyncio.run(session())
    assert p.state == "finished" and p.record is not None and p.record.completed
    assert p.index == len(plan(routine))


def test_stop_cancels_the_background_task(routine: Routine, clock: FakeClock) -> None:
    async def session() -> TimerPlayer:
        p = TimerPlayer(routine, clock=clock)
        p.buttons["Start"].click()
        await asyncio.sleep(0)
        p.buttons["Stop"].click()
        await asyncio.sleep(0)
        return p

    p = asyncio.run(session())
    assert p._task.done() and p.state == "finished" and p.record.completed is False
    assert "error" not in p.message


def test_an_empty_routine_is_refused() -> None:
    with pytest.raises(ValueError, match="no exercises"):
        TimerPlayer(Routine(name="empty"))


def test_live_region_announces_steps_not_seconds(player: TimerPlayer, clock: FakeClock) -> None:
    from backnotes.widgets._a11y import LIVE_CLASS

    assert LIVE_CLASS in player._status._dom_classes
    assert player.announcement.startswith("Ready to start. Step 1 of ")
    player.buttons["Start"].click()
    first = player.announcement
    assert first.startswith("Step 1 of ") and "Get ready" in first
    values = [player._status.value]
    for _ in range(3):  # seconds tick: nothing new is said
        clock.t += 1
        player.tick()
        values.append(player._status.value)
    assert set(values) == {values[0]}
    clock.t += POSITION_CHANGE_S - 3
    player.tick()
    assert player.announcement.startswith("Take your time: press Ready")
    player.buttons["Start"].click()  # Ready: the hold starts, announced
    assert player.announcement.startswith("Step 2 of ") and "hold 1" in player.announcement
    player.buttons["Start"].click()
    assert player.announcement.startswith("Paused. Step 2")
    player.buttons["Stop"].click()
    assert player.announcement == "Session stopped."


def test_mute_is_a_toggle_and_the_countdown_scales(player: TimerPlayer) -> None:
    import ipywidgets as W

    assert isinstance(player._mute_toggle, W.ToggleButton)  # aria-pressed comes from its state
    player._mute_toggle.value = True
    assert player.mute is True
    assert "clamp(" in player._countdown.value
    assert "backnotes-widget" in player._dom_classes


def test_ready_button_after_getting_down(clock: FakeClock) -> None:
    r = Routine.from_ids(["calf-raise", "glute-bridge"], name="Up then down")
    p = TimerPlayer(r, clock=clock, now=fake_now(clock))
    k = next(i for i, ph in enumerate(p.phases) if ph.wait)
    assert "Take your time getting down" in p.phases[k].cue
    p.buttons["Start"].click()
    clock.t += sum(ph.seconds for ph in p.phases[:k + 1])
    p.tick()
    assert p.state == "waiting" and p.index == k
    assert enabled(p) == {"Start", "Skip", "Back", "Stop"}
    assert p.buttons["Start"].description == "Ready"  # the same toggle: the focus stays on it
    assert countdown(p) == "Ready?" and "Press Ready" in p._breath.value
    assert p.announcement.startswith("Take your time: press Ready")
    clock.t += 90
    p.tick()
    assert p.state == "waiting"
    p.buttons["Start"].click()  # Ready
    assert p.state == "running" and p.index == k + 1 and p.buttons["Start"].description == "Pause"


def test_waiting_can_be_turned_off(clock: FakeClock) -> None:
    r = Routine.from_ids(["calf-raise", "glute-bridge"], name="Up then down")
    p = TimerPlayer(r, clock=clock, now=fake_now(clock), wait_for_ready=False)
    p.buttons["Start"].click()
    k = next(i for i, ph in enumerate(p.phases) if ph.wait)
    clock.t += sum(ph.seconds for ph in p.phases[:k + 1])
    p.tick()
    assert p.state == "running" and p.index == k + 1


# -- pictures ---------------------------------------------------------------------------------


def test_player_shows_the_picture_in_step_with_the_phase(clock: FakeClock) -> None:
    routine = Routine.from_ids(["glute-bridge", "clamshell"], name="Two")
    player = TimerPlayer(routine, clock=clock, now=fake_now(clock))
    # get ready: the start position, still; the next exercise's thumbnail
    assert 'data-exercise="glute-bridge"' in player._picture.value
    assert 'data-animated="false"' in player._picture.value
    assert "Lying on the back" in player._picture.value and "role=\"img\"" in player._picture.value
    assert 'data-exercise="clamshell"' in player._next_picture.value
    player.buttons["Start"].click()
    past_the_get_down(player, clock)  # the work phase: 10 reps x 4 s
    player.tick()
    assert player.timer.current.kind == "work"
    assert 'data-animated="true"' in player._picture.value and "4s ease-in-out" in player._picture.value
    assert "rep 1 of 10" in player._count.value
    first = player._picture.value
    clock.t += 9.0
    player.tick()
    assert "rep 3 of 10" in player._count.value
    assert player._picture.value == first  # the browser animates: no redraw per tick
    player.buttons["Start"].click()  # Pause (the one toggle)
    assert 'data-animated="false"' in player._picture.value  # paused: still
    player.buttons["Start"].click()  # Resume
    assert 'data-animated="true"' in player._picture.value
    assert "ease-in-out -1s infinite" in player._picture.value  # resumes 1 s into the 3rd rep


def test_player_shows_the_side_for_per_side_exercises(clock: FakeClock) -> None:
    player = TimerPlayer(Routine.from_ids(["clamshell"]), clock=clock, now=fake_now(clock))
    assert 'data-side="left"' in player._picture.value and "left side" in player._count.value
    assert player._next_picture.value == ""  # nothing after it


def test_voice_is_off_in_notebooks_and_says_each_step_once(routine: Routine, clock: FakeClock) -> None:
    quiet = TimerPlayer(routine, clock=clock, now=fake_now(clock))
    assert quiet.voice is False  # notebooks: off unless asked
    p = TimerPlayer(routine, clock=clock, now=fake_now(clock), voice=True, speech_rate=1.2,
                    wait_for_ready=False)  # the get-down wait is tested above
    assert p.speech_rate == 1.2 and p._speed.value == "Faster"
    first = plan(routine)[0]
    p.buttons["Start"].click()
    for _ in range(int(first.seconds * 10) + 5):  # through the get-ready (longer when getting down)
        clock.t += 0.1
        p.tick()
    assert p.spoken[:4] == [f"{first.name}{', ' + first.side + ' side' if first.side else ''}. Get ready.",
                            "3", "2", "1"]
    (out,) = p.speech_out.outputs
    assert "speechSynthesis" in out["data"]["application/javascript"] and "1.2" in out["data"]["application/javascript"]
    said = len(p.spoken)
    p.buttons["Start"].click()  # Pause
    assert p.spoken[-1] == ""  # stop talking at once
    for _ in range(300):
        clock.t += 0.1
        p.tick()
    assert len(p.spoken) == said + 1  # nothing while paused
    assert LIVE in p._dom_classes and p.keep_awake is False
    p.buttons["Start"].click()  # Resume
    assert p.keep_awake is True
    p.mute = True
    count = len(p.spoken)
    for _ in range(600):
        clock.t += 0.1
        p.tick()
    assert p.spoken[count:] in ([], [""])  # muted: silent
    p.buttons["Stop"].click()
    assert LIVE not in p._dom_classes and p.keep_awake is False


LIVE = "backnotes-session-live"


def test_a_wait_for_ready_is_said_once_in_the_words_on_the_screen(clock: FakeClock) -> None:
    """Followed by ear: the get-down says to take your time (no 3, 2, 1 into a wait), and the wait
    asks for Ready once, in the words the screen shows then (backnotes.voice decides)."""
    r = Routine.from_ids(["calf-raise", "glute-bridge"], name="Up then down")
    p = TimerPlayer(r, clock=clock, now=fake_now(clock), voice=True)
    k = next(i for i, ph in enumerate(p.phases) if ph.wait)
    p.buttons["Start"].click()
    clock.t += sum(ph.seconds for ph in p.phases[:k])
    p.tick()
    assert p.index == k and p.spoken[-1] == f"{p.phases[k].name}. Take your time getting into position."
    said = len(p.spoken)
    for _ in range(int(p.phases[k].seconds * 10) + 300):  # to the end of the get-down, then 30 s waiting
        clock.t += 0.1
        p.tick()
    assert p.state == "waiting"
    assert p.spoken[said:] == ["Press Ready when you are in position."]  # no count-in, said once
    assert p.spoken[-1] in re.sub(r"<[^>]+>", "", p._breath.value)
    p.buttons["Start"].click()  # Ready
    bridge = p.phases[k + 1]
    assert bridge.kind == "work" and p.spoken[-1] == f"Rep 1 of {bridge.reps}"  # straight on, no count
