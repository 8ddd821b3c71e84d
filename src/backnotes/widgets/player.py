"""TimerPlayer: a guided session with a big countdown, sides, pause, skip and a short tone.

All timing lives in `backnotes.timing.Timer`; this widget shows it and forwards button clicks.
The timer runs as a background asyncio task on the kernel's event loop, so the cell that shows the
player returns at once and the kernel stays free to handle the Pause, Skip and Stop clicks.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from html import escape
from typing import Any

import json

import ipywidgets as widgets
import traitlets
from IPython.display import Audio, Javascript

from .. import figures
from ..content import PAIN_RULES, SAFETY_LINE
from ..routine import Routine
from ..session import SessionRecord
from ..showing import PictureCue, picture_cue
from ..timing import (Timer, TimerError, announcement, breath_cue, format_seconds, phase_title, plan,
                      record_summary)
from ..timing import tone as make_tone
from ..voice import PRESS_READY, RATES, SpokenCue, end_cue, holds_in_set, spoken_cue
from ._a11y import LIVE_CLASS, accessible

__all__ = ["TimerPlayer", "SAFETY_LINE", "FINISHED_MESSAGE", "BUTTONS", "LIVE_SESSION_CLASS", "SPEEDS"]

#: The message shown when a session ends (finished or stopped).
FINISHED_MESSAGE = "Session saved as a record: log it in notebook 04"
#: The buttons, in order, by name. "Start" is one toggle that reads Start, Ready, Pause, Resume or
#: Start again ("Ready" carries on after a get-ready that waits for the person getting down to the
#: floor or up again): no button is ever disabled, so the keyboard focus never falls off a button
#: that was just pressed.
BUTTONS: tuple[str, ...] = ("Start", "Skip", "Back", "Stop")

_RATE = 22050
# which buttons do something in each timer state (the others say so, and look dimmed)
_ENABLED = {
    "idle": {"Start"},
    "running": {"Start", "Skip", "Back", "Stop"},
    "paused": {"Start", "Skip", "Back", "Stop"},
    "waiting": {"Start", "Skip", "Back", "Stop"},
    "finished": {"Start"},
}
#: What the Start toggle says in each state (its description is also its accessible name).
TOGGLE_LABELS = {"idle": "Start", "running": "Pause", "paused": "Resume", "waiting": "Ready",
                 "finished": "Start again"}
_TOOLTIPS = {
    "Start": "Start, pause or resume the session (Ready: I am in position, carry on)",
    "Skip": "Skip this step and go to the next one",
    "Back": "Go back to the previous step",
    "Stop": "Stop the session (what was done is kept as a record)",
}


#: Class the player carries while a session is under way (running, paused or waiting): the app's page
#: asks before it is left then (see the Voila template).
LIVE_SESSION_CLASS = "backnotes-session-live"
#: The voice speeds offered, by name (the browser's speech rate).
SPEEDS: dict[str, float] = dict(zip(("Slower", "Normal", "Faster"), RATES))

# Says one thing with the browser's own speech synthesis (nothing leaves the computer). Cancelling
# first keeps cues on time: "3" is said at 3, not after the end of a long name. An empty text only
# cancels (pause, mute). Where the browser has no speech synthesis nothing happens.
_SPEAK_JS = """(function () {
  var s = window.speechSynthesis;
  if (!s || typeof SpeechSynthesisUtterance === 'undefined') { return; }
  s.cancel();
  var text = %(text)s;
  if (!text) { return; }
  var u = new SpeechSynthesisUtterance(text);
  u.rate = %(rate)s;
  s.speak(u);
})();"""

# Keeps the screen on while a session runs (Screen Wake Lock API, where the browser has it), lets it
# go on pause, stop and end, and asks again when the page becomes visible (the browser drops the
# lock when the tab is hidden).
_WAKE_JS = """(function () {
  var W = window.__backnotesWake;
  if (!W) {
    W = window.__backnotesWake = {want: false, lock: null, asking: false};
    W.get = function () {
      if (!W.want || W.lock || W.asking || !navigator.wakeLock || document.visibilityState !== 'visible') { return; }
      W.asking = true;
      navigator.wakeLock.request('screen').then(function (lock) {
        W.asking = false; W.lock = lock;
        if (lock.addEventListener) { lock.addEventListener('release', function () { if (W.lock === lock) { W.lock = null; } }); }
        if (!W.want) { W.drop(); }
      }, function () { W.asking = false; });
    };
    W.drop = function () {
      var lock = W.lock; W.lock = null;
      if (lock) { try { lock.release(); } catch (e) { /* already released */ } }
    };
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') { W.get(); }
    });
  }
  W.want = %(want)s;
  if (W.want) { W.get(); } else { W.drop(); }
})();"""

# The countdown scales with the screen: at least 3.5 rem on a phone, up to 9 rem on a big screen.
_BIG = "font-size:clamp(3.5rem, 12vw, 9rem);font-weight:bold;line-height:1.1;"


def _where(rule: str, part: str) -> str:
    """``"Back: discomfort ..."`` -> ``"In your back: discomfort ..."``."""
    head, sep, rest = rule.partition(": ")
    return f"In your {part}: {rest}" if sep and head.lower() == part else rule


class TimerPlayer(widgets.VBox):
    """Plays a routine: what to do now, a big countdown, the side, progress and what comes next.

    ``tone=False`` starts with the sound muted (the Mute toggle still works). ``voice=True`` says
    each step aloud with the browser's speech synthesis (`backnotes.voice` decides what and when:
    the name and side at get-ready, "3", "2", "1", "Hold", "Rest", "Switch sides", "Rep 3 of 8",
    "Well done"); the "Voice" toggle beside Mute turns it on and off, Mute silences both, and
    ``speech_rate`` (the "Voice speed" buttons) sets its speed. Nothing is said while paused. What was
    sent to be said is kept in ``spoken`` (for tests). While a session runs the player asks the
    browser to keep the screen on (Screen Wake Lock, where there is one) and lets go on pause, stop
    and end. Between standing and
    the floor the get-ready waits for the person: when its seconds are up the player shows "Take
    your time" and carries on when "Ready" is pressed; ``wait_for_ready=False`` turns the waiting
    off (the get-ready then lasts its planned seconds, which are otherwise the least).
    ``pictures=False`` leaves out the exercise pictures (start position while getting ready, the
    held position, the movement at the repetition tempo with "rep 3 of 8", the next exercise's
    thumbnail). ``on_finish`` is
    called with the `SessionRecord` when a session finishes or is stopped; the record also stays
    in the ``record`` trait. ``clock``, ``now`` and ``sleep`` are for tests (a fake clock).

    Buttons are in ``buttons`` by name (`BUTTONS`); ``tick()`` brings the display up to the clock
    when no event loop drives it.
    """

    state = traitlets.Unicode("idle", help="The timer's state: idle, running, paused or finished.")
    index = traitlets.Int(0, help="Number of the current phase in the plan, from 0.")
    remaining = traitlets.Float(0.0, help="Seconds left in the current phase.")
    mute = traitlets.Bool(False, help="True silences the tone at each phase change.")
    record = traitlets.Instance(SessionRecord, allow_none=True, help="The last finished session.")
    message = traitlets.Unicode("", help="What the player last said (errors, the end of a session).")
    voice = traitlets.Bool(False, help="True says each step aloud (the browser's speech synthesis).")
    speech_rate = traitlets.Float(1.0, help="The voice's speed (1 = normal).")

    def __init__(self, routine: Routine, *, tone: bool = True, voice: bool = False, speech_rate: float = 1.0,
                 wait_for_ready: bool = True, pictures: bool = True,
                 on_finish: Callable[[SessionRecord], Any] | None = None,
                 interval: float = 0.1,
                 clock: Callable[[], float] = time.monotonic,
                 now: Callable[[], datetime] | None = None,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
        phases = plan(routine)
        if not phases:
            raise ValueError("TimerPlayer: the routine has no exercises to time; add some in notebook 02")
        self.routine = routine
        self.phases = phases
        self.wait_for_ready = bool(wait_for_ready)
        self.pictures = pictures
        self.on_finish = on_finish
        self.interval = interval
        self._clock, self._now, self._sleep = clock, now, sleep
        self._task: asyncio.Task | None = None
        self.timer = self._new_timer()

        self._title = widgets.HTML()
        self._side = widgets.HTML()
        self._cue = widgets.HTML()
        self._countdown = widgets.HTML()
        self._countdown.add_class("backnotes-countdown")
        self._breath = widgets.HTML()
        self._phase_bar = widgets.FloatProgress(min=0.0, max=1.0, description="This step",
                                                style={"description_width": "6em"})
        self._session_bar = widgets.FloatProgress(min=0.0, max=1.0, description="Session",
                                                  style={"description_width": "6em"})
        self._session_time = widgets.Label()
        self._next = widgets.HTML()
        # the exercise's picture: still while getting ready and holding, moving at the repetition
        # tempo while working (the browser animates it; redrawn only when the picture changes)
        self._picture = widgets.HTML(layout=widgets.Layout(min_width="200px"))
        self._picture.add_class("backnotes-player-picture")
        self._count = widgets.HTML()
        self._count.add_class("backnotes-player-count")
        self._next_picture = widgets.HTML()
        self._picture_key: tuple[object, ...] | None = None
        self._next_key: object = None
        self._next_index = -1
        self.cue: PictureCue = picture_cue(None)
        self.buttons: dict[str, widgets.Button] = {}
        handlers = {"Start": self._on_toggle, "Skip": self._on_skip, "Back": self._on_back, "Stop": self._on_stop}
        for name in BUTTONS:
            button = widgets.Button(description=name, tooltip=_TOOLTIPS[name],
                                    layout=widgets.Layout(width="auto", min_width="6.5em"))
            button.add_class(f"backnotes-player-{name.lower()}")  # for the browser test
            button.on_click(handlers[name])
            self.buttons[name] = button
        self.buttons["Start"].add_class("backnotes-player-toggle")
        self._mute_toggle = widgets.ToggleButton(value=not tone, description="Mute", icon="volume-off",
                                                 tooltip="Mute: silence the tone at each change of step",
                                                 layout=widgets.Layout(width="auto", min_width="6.5em"))
        self._mute_toggle.add_class("backnotes-player-mute")
        self._voice_toggle = widgets.ToggleButton(value=bool(voice), description="Voice", icon="comment",
                                                  tooltip="Voice: say each step aloud (name, 3 2 1, hold, rest)",
                                                  layout=widgets.Layout(width="auto", min_width="6.5em"))
        self._voice_toggle.add_class("backnotes-player-voice")
        rate_names = list(SPEEDS)
        start_rate = min(SPEEDS, key=lambda n: abs(SPEEDS[n] - float(speech_rate)))
        self._speed = widgets.ToggleButtons(options=rate_names, value=start_rate, description="Voice speed",
                                            tooltips=[f"Speak {n.lower()}" for n in rate_names],
                                            style={"description_width": "initial", "button_width": "auto"})
        self._speed.add_class("backnotes-player-speed")
        self.voice = bool(voice)
        self.speech_rate = SPEEDS[start_rate]
        traitlets.link((self._voice_toggle, "value"), (self, "voice"))
        traitlets.link((self._speed, "value"), (self, "speech_rate"),
                       transform=(lambda name: SPEEDS[name],
                                  lambda rate: min(SPEEDS, key=lambda n: abs(SPEEDS[n] - rate))))
        self.observe(self._on_silence, names=["mute", "voice"])
        #: What was sent to the browser to be said, in order (``""`` = stop talking).
        self.spoken: list[str] = []
        self._spoken_key: tuple[object, ...] | None = None
        self._spoken_state = "idle"
        self.speech_out = widgets.Output(layout=widgets.Layout(height="0px", overflow="hidden"))
        self.wake_out = widgets.Output(layout=widgets.Layout(height="0px", overflow="hidden"))
        #: Whether the screen is asked to stay on (True while running or waiting for Ready).
        self.keep_awake = False
        # a polite live region: screen readers announce each new step (not every second)
        self._status = widgets.HTML()
        self._status.add_class(LIVE_CLASS)
        self._status.add_class("backnotes-player-status")
        self.announcement = ""
        traitlets.link((self._mute_toggle, "value"), (self, "mute"))
        self._mute_toggle.observe(
            lambda change: setattr(self._mute_toggle, "icon", "volume-off" if change.new else "volume-up"), "value")
        self._message = widgets.HTML()
        self._summary = widgets.HTML()
        # body size, not small print (the most important line on the screen); "Back:" as a label
        # read like the Back button, so the rules say where: "In your back:", "In your leg:"
        safety = widgets.HTML(f"<p class='backnotes-safety' style='font-size:1rem;margin:0.4em 0'>⚠ "
                              f"{escape(SAFETY_LINE)}<br>{escape(_where(PAIN_RULES['back'], 'back'))} "
                              f"{escape(_where(PAIN_RULES['leg'], 'leg'))}</p>")
        # the tone plays from here; it holds at most one (autoplaying, non-looping) audio element
        self.audio_out = widgets.Output(layout=widgets.Layout(height="0px", overflow="hidden"))
        self._beep = Audio(make_tone(880.0, 0.2, _RATE), rate=_RATE, autoplay=True, normalize=False)
        self._end_beep = Audio(make_tone(587.0, 0.6, _RATE), rate=_RATE, autoplay=True, normalize=False)
        self._changes_heard = 0  # the timer's phase_changes when the last tone played
        super().__init__(children=[
            self._title, self._side, self._cue,
            widgets.HBox([self._picture, widgets.VBox([self._countdown, self._count])],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="center")),
            # the controls right under the countdown: at 200 % zoom both stay on one screen
            widgets.HBox([*self.buttons.values(), self._mute_toggle, self._voice_toggle],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self._breath,
            widgets.HBox([self._phase_bar]), widgets.HBox([self._session_bar, self._session_time]),
            widgets.HBox([self._next, self._next_picture], layout=widgets.Layout(flex_flow="row wrap",
                                                                                  align_items="center")),
            self._speed,
            self._status, safety, self._message, self._summary, self.audio_out, self.speech_out, self.wake_out,
        ])
        self.add_class("backnotes-timer-player")
        accessible(self)
        self._refresh()

    # -- the timer and its task -------------------------------------------------------------
    def _new_timer(self) -> Timer:
        kwargs = {} if self._now is None else {"now": self._now}
        return Timer(self.phases, clock=self._clock, wait_for_ready=self.wait_for_ready, **kwargs)

    def _launch(self) -> None:
        """Run the timer as a background task on the running event loop (the kernel's)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop running (a plain script): call tick() to update
            return
        timer = self.timer
        self._task = loop.create_task(timer.run(self._on_timer_tick, interval=self.interval, sleep=self._sleep))
        self._task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task) -> None:
        if not task.cancelled() and task.exception() is not None:
            self.message = f"The timer stopped because of an error: {task.exception()!r}"
            self._message.value = f"<b>{escape(self.message)}</b>"

    def _on_timer_tick(self, timer: Timer) -> None:
        if timer is self.timer:  # a task of an earlier session may still be winding down
            self._refresh()

    def tick(self) -> None:
        """Bring the timer and the display up to the clock (the background task does this itself)."""
        self.timer.tick()
        self._refresh()

    # -- buttons ----------------------------------------------------------------------------
    def _act(self, action: Callable[[], object]) -> None:
        self.message = ""
        try:
            action()
        except TimerError as err:  # a click that arrived after the state changed
            self.message = str(err)
        self._refresh()

    def _on_start(self, _button: object = None) -> None:
        if self.timer.state == "finished":
            self.timer = self._new_timer()
            self.record = None
            self.message = ""
            self._summary.value = ""
            self._changes_heard = 0
            self._spoken_key = None
        if self.timer.state != "idle":
            return
        self._act(self.timer.start)
        self._launch()

    def _on_toggle(self, _button: object = None) -> None:
        """The Start toggle: start (or start again), Ready, pause or resume, by the timer's state."""
        {"running": self._on_pause, "paused": self._on_resume,
         "waiting": self._on_ready}.get(self.timer.state, self._on_start)()

    def _on_ready(self, _button: object = None) -> None:
        if self.timer.state == "waiting":
            self._act(self.timer.ready)

    def _on_pause(self, _button: object = None) -> None:
        if self.timer.state == "running":
            self._act(self.timer.pause)

    def _on_resume(self, _button: object = None) -> None:
        if self.timer.state == "paused":
            self._act(self.timer.resume)

    def _on_skip(self, _button: object = None) -> None:
        if self.timer.state in ("running", "paused", "waiting"):
            self._act(self.timer.skip)

    def _on_back(self, _button: object = None) -> None:
        if self.timer.state in ("running", "paused", "waiting"):
            self._act(self.timer.back)

    def _on_stop(self, _button: object = None) -> None:
        if self.timer.state in ("running", "paused", "waiting"):
            self._act(self.timer.stop)
            if self._task is not None and not self._task.done():
                self._task.cancel()

    # -- display ------------------------------------------------------------------------------
    def _play(self, audio: Audio) -> None:
        if self.mute:
            return
        self.audio_out.outputs = ()  # replace, never pile up: one short clip at a time
        self.audio_out.append_display_data(audio)

    def _refresh(self) -> None:
        t = self.timer
        phase = t.current
        self.state, self.index, self.remaining = t.state, t.index, t.remaining
        if phase is not None:
            self._title.value = f"<h3 style='margin:0.2em 0'>{escape(phase_title(phase))}</h3>"
            self._side.value = f"<b>Side:</b> {escape(phase.side)}" if phase.side else ""
            self._cue.value = escape(phase.cue)
            shown = "Ready?" if t.state == "waiting" else format_seconds(t.remaining)
            self._countdown.value = f"<div style='{_BIG}font-variant-numeric:tabular-nums'>{shown}</div>"
            if t.state == "paused":
                self._breath.value = "<b>Paused</b>: press Resume to carry on"
            elif t.state == "waiting":
                self._breath.value = f"<b>Take your time.</b> {PRESS_READY}"  # the words said then
            else:
                self._breath.value = f"<i>{escape(breath_cue(phase, t.phase_elapsed))}</i>"
            self._phase_bar.value = t.phase_elapsed / phase.seconds
            if self.pictures:
                self._show_picture(phase, t)
            upcoming = t.upcoming
            self._next.value = ("<b>Next up:</b> " + (f"{escape(phase_title(upcoming))} · "
                                f"{format_seconds(upcoming.seconds)} s" if upcoming else "the end of the session"))
        else:
            self._title.value = "<h3 style='margin:0.2em 0'>Session over</h3>"
            self._side.value = self._cue.value = self._breath.value = self._next.value = ""
            self._picture.value = self._count.value = self._next_picture.value = ""
            self._picture_key = self._next_key = None
            self._next_index = -1
            self.cue = picture_cue(None)
            self._countdown.value = f"<div style='{_BIG}'>{'Stopped' if t.stopped else 'Done'}</div>"
            self._phase_bar.value = 1.0
        self._session_bar.value = t.elapsed / t.total_seconds
        self._session_time.value = (f"{format_seconds(t.elapsed, minutes=True)} of "
                                    f"{format_seconds(t.total_seconds, minutes=True)}")
        enabled = _ENABLED[t.state]
        for name, button in self.buttons.items():  # never disabled: see BUTTONS
            (button.remove_class if name in enabled else button.add_class)("backnotes-inactive")
        self.buttons["Start"].description = TOGGLE_LABELS[t.state]
        self.buttons["Start"].icon = "pause" if t.state == "running" else "play"
        self._mute_toggle.icon = "volume-off" if self.mute else "volume-up"
        self._announce(announcement(t))
        self._speak_cue(t)
        self._keep_awake(t.state in ("running", "waiting"))
        (self.add_class if t.state in ("running", "paused", "waiting") else self.remove_class)(LIVE_SESSION_CLASS)
        if t.phase_changes != self._changes_heard:
            self._changes_heard = t.phase_changes
            self._play(self._end_beep if t.state == "finished" else self._beep)
        if t.state == "finished" and self.record is None:
            self._finish()
        self._message.value = f"<b>{escape(self.message)}</b>" if self.message else ""

    # -- voice and screen ------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        """Send ``text`` to the browser's speech synthesis ("" = stop talking)."""
        self.spoken.append(text)
        self.speech_out.outputs = ()
        self.speech_out.append_display_data(Javascript(_SPEAK_JS % {"text": json.dumps(text),
                                                                    "rate": float(self.speech_rate)}))

    def _on_silence(self, change: Any) -> None:
        if (change.name == "mute" and change.new) or (change.name == "voice" and not change.new):
            if self.spoken and self.spoken[-1] != "":
                self._say("")

    def _speak_cue(self, t: Timer) -> None:
        was, self._spoken_state = self._spoken_state, t.state
        if t.state == "paused":
            if was != "paused" and self.spoken and self.spoken[-1] != "":
                self._say("")  # stop talking at once; nothing is said while paused
            return
        cue: SpokenCue | None
        if t.state == "finished":
            cue = end_cue(not t.stopped) if was in ("running", "paused", "waiting") else None
        elif t.state in ("running", "waiting"):
            cue = spoken_cue(t.current, t.index, t.phase_elapsed, t.remaining,
                             holds=holds_in_set(self.phases, t.index), waiting=t.state == "waiting",
                             wait_for_ready=t.wait_for_ready)
        else:
            cue = None
        if cue is None or cue.key == self._spoken_key:
            return
        self._spoken_key = cue.key
        if self.voice and not self.mute:
            self._say(cue.text)

    def _keep_awake(self, want: bool) -> None:
        if want == self.keep_awake:
            return
        self.keep_awake = want
        self.wake_out.outputs = ()
        self.wake_out.append_display_data(Javascript(_WAKE_JS % {"want": "true" if want else "false"}))

    def _announce(self, text: str) -> None:
        if text != self.announcement:  # only changes are announced, never the ticking seconds
            self.announcement = text
            self._status.value = f"<span>{escape(text)}</span>"

    def _show_picture(self, phase: Any, t: Timer) -> None:
        """The current exercise's picture and count, and the next exercise's thumbnail."""
        cue = picture_cue(phase, t.phase_elapsed, paused=t.state == "paused")
        self.cue = cue
        if cue.key != self._picture_key:
            self._picture_key = cue.key
            if not figures.has_picture(cue.exercise_id):
                self._picture.value = ""
            elif cue.mode == "move":  # in step with the count, also after a pause
                self._picture.value = figures.exercise_svg(
                    cue.exercise_id, side=cue.side, tempo_s=cue.tempo_s, width=260,
                    start_at=round(t.phase_elapsed % cue.tempo_s, 2) if cue.tempo_s else 0.0)
            else:
                self._picture.value = figures.cached_svg(cue.exercise_id, side=cue.side, frame=cue.frame,
                                                         width=260)
        count = f"<div style='font-size:1.4em'>{escape(cue.caption)}</div>" if cue.caption else ""
        if self._count.value != count:
            self._count.value = count
        if t.index != self._next_index:  # the next exercise changes only with the phase
            self._next_index = t.index
            following = next((p for p in self.phases[t.index + 1:] if p.exercise_id != phase.exercise_id), None)
            key = following.exercise_id if following is not None else None
            if key == self._next_key:
                return
            self._next_key = key
            # the thumbnail is the next *exercise* (the "Next up" line may be a rest or a hold of this
            # one), so it says so in words beside it: a picture never names something else
            self._next_picture.value = (
                f"<figure class='backnotes-next-exercise' style='margin:0'>"
                f"{figures.cached_svg(key, width=90, animate=False)}"
                f"<figcaption>Next exercise: {escape(following.name or key)}</figcaption></figure>"
                if key is not None and figures.has_picture(key) else "")

    def _finish(self) -> None:
        record = self.timer.record(self.routine.name)
        self.record = record
        self.message = FINISHED_MESSAGE
        names = {p.exercise_id: p.name for p in self.phases if p.name}
        self._summary.value = escape(record_summary(record, names))
        if self.on_finish is not None:
            self.on_finish(record)
