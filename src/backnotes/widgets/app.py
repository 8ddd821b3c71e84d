"""App: the day in one window, one screen per step, for people who would rather not run code.

Served by Voilà from ``notebooks/app.ipynb`` (``python3 run.py app``); it works in JupyterLab too.
The steps and every decision about them (which step may open, which routines are offered, what
pre-fills the log) come from `backnotes.day`; this widget composes the existing widgets
(`RedFlagCheck`, `RoutineBuilder`, `TimerPlayer`, `LogBook`) and the journal plots around them.

Only the first screen is built at start (the app answers sooner); each other screen is built the
first time it opens and then kept, so nothing typed on one screen is lost by visiting another.
"""

from __future__ import annotations

import base64
import html
import io
import json
import uuid
from typing import Any

import ipywidgets as W
import traitlets as T
from IPython.display import Javascript

from .. import day as D
from ..insights import series_note
from ..content import SAFETY_LINE
from ..journal import Journal, JournalError
from ..routine import Routine, RoutineError, routines_folder
from ..session import SessionRecord
from ..settings import load_settings, save_settings
from ..unfinished import (load_today, load_unfinished, offer_text, record_from, save_today, save_unfinished,
                          snapshot)
from ..words import plural, split_why
from ._a11y import MAIN_CLASS, NAV_CLASS, accessible
from .screen import RedFlagCheck

__all__ = ["App"]

# One style sheet for the app (scoped to .backnotes-app): readable sizes, a visible focus ring,
# rows that wrap and controls that shrink to the screen (390 px phones, 200 % zoom), and a
# countdown big enough to read from an exercise mat.
_CSS = """
.backnotes-app { max-width: 62rem; font-size: 1rem; line-height: 1.45; box-sizing: border-box; }
.backnotes-app * { box-sizing: border-box; }
.backnotes-app .widget-hbox, .backnotes-app .widget-inline-hbox { flex-wrap: wrap; }
.backnotes-app .jupyter-widgets { max-width: calc(100% - 2 * var(--jp-widgets-margin, 2px)); }
.backnotes-app .widget-html-content, .backnotes-app .widget-label { white-space: normal; overflow-wrap: anywhere; }
.backnotes-app :focus-visible { outline: 3px solid #1a4fa0 !important; outline-offset: 2px; }
.backnotes-app h1 { font-size: 1.6rem; margin: 0.2em 0 0.1em; }
.backnotes-app h2.backnotes-step-heading { font-size: 1.35rem; margin: 0.4em 0 0.3em; }
.backnotes-app h2.backnotes-step-heading:focus { outline: 3px solid #1a4fa0; outline-offset: 2px; }
.backnotes-app button.jupyter-button { min-height: 2.75rem; height: auto; white-space: normal;
  font-size: 1rem; padding: 0.3em 0.9em; }
.backnotes-app .backnotes-app-nav button.jupyter-button { width: auto; }
.backnotes-app button.jupyter-button.backnotes-app-current { font-weight: bold; text-decoration: underline;
  background: #1a4fa0; color: #fff; }
.backnotes-app .backnotes-app-panel { border: 1px solid #888; border-radius: 6px; padding: 0.5rem 0.8rem; margin: 0.4rem 0; }
.backnotes-app .backnotes-app-stop { border: 4px solid #b00020; border-radius: 6px; padding: 0.6rem 0.9rem;
  margin: 0.4rem 0; background: #fdecea; color: #1a1a1a; }
.backnotes-app .backnotes-timer-player { font-size: 1.2rem; }
.backnotes-app .backnotes-countdown .widget-html-content > div { font-size: clamp(2.2rem, min(20vw, 18vh), 9rem) !important; }
@media (max-height: 560px) {
  /* 200 % zoom or a phone on its side: the picture and the countdown shrink first, so the exercise's
     name, the countdown and Pause stay on one screen */
  .backnotes-app .backnotes-player-picture svg { max-height: 30vh; width: auto; }
  .backnotes-app .backnotes-timer-player h3 { font-size: 1.2rem; }
  .backnotes-app h1 { font-size: 1.2rem; }
}
.backnotes-app .widget-radio, .backnotes-app .widget-radio-box { height: auto; max-width: 100%; }
.backnotes-app .widget-radio-box label { white-space: normal; height: auto; min-height: 1.6em; display: flex;
  align-items: flex-start; gap: 0.4em; line-height: 1.35; margin: 0.25em 0; overflow: visible; }
.backnotes-app .widget-radio-box input[type=radio] { flex: 0 0 auto; margin: 0.2em 0 0 0; }
.backnotes-app .widget-checkbox { height: auto; max-width: 100%; }
.backnotes-app .widget-label-basic { height: auto; max-width: 100%; align-items: flex-start; }
.backnotes-app .widget-label-basic span { white-space: normal; overflow: visible; text-overflow: clip; }
.backnotes-app .widget-textarea { height: auto; }
.backnotes-app .backnotes-timer-player h3 { font-size: 1.6rem; }
.backnotes-app figure { margin: 0.4rem 0; }
.backnotes-app figure img { max-width: 100%; height: auto; }
.backnotes-app figcaption { font-size: 0.95rem; }
.backnotes-app table { border-collapse: collapse; max-width: 100%; }
.backnotes-app th, .backnotes-app td { text-align: left; padding: 2px 8px; border-bottom: 1px solid #bbb;
  vertical-align: top; overflow-wrap: normal; word-break: normal; }
.backnotes-app .backnotes-app-table-wrap { overflow-x: auto; max-width: 100%; }
.backnotes-app .backnotes-app-pictures svg { max-width: 100%; height: auto; }
.visually-hidden-backnotes { position: absolute !important; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
"""

# Focus the new step's heading and say where we are in the polite status region. Runs in the page
# (an Output widget's Javascript): ipywidgets cannot move focus from the kernel.
_FOCUS_JS = """
(function () {
  var tries = 0;
  function go() {
    var root = document.querySelector('.%(app)s');
    var h = root && root.querySelector('h2.backnotes-step-heading[data-step="%(step)s"]');
    if (!h) { if (tries++ < 50) { setTimeout(go, 40); } return; }
    if (%(focus)s) { h.focus({preventScroll: false}); }
    var s = root.querySelector('.backnotes-app-status');
    if (s) { s.textContent = %(say)s; }
    if (document.body.dataset.voila) { document.title = %(title)s; }  // the app's tab, not "app"
  }
  go();
})();
"""


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _download(name: str, data: bytes, mime: str, label: str) -> str:
    """A link that downloads ``data`` as a file (works in Voilà and JupyterLab, no server route)."""
    b64 = base64.b64encode(data).decode("ascii")
    return (f"<a download='{_esc(name)}' href='data:{mime};base64,{b64}'>{_esc(label)}</a>")


def _table(frame: Any, caption: str) -> str:
    head = "".join(f"<th scope='col'>{_esc(c)}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{_esc(v)}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    # a narrow screen scrolls the table sideways: the region takes focus so the keyboard can scroll it
    return (f"<div class='backnotes-app-table-wrap' tabindex='0' role='region' aria-label='{_esc(caption)}'>"
            f"<table><caption style='text-align:left'>{_esc(caption)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


class App(W.VBox):
    """The day, one screen per step: Check first, Today's routine, Do it, How was it, Progress.

    ``journal``: a `backnotes.Journal` (your own, ``Journal()``, when None); ``catalog``: the
    exercises (bundled when None); ``folder``: where saved routines are (`routines_folder` when None).
    The journal, routines and settings are the same files the notebooks use.

    Traitlets: ``step`` (the step shown, one of `backnotes.day.STEPS`; set it to go there when
    `backnotes.day.step_allowed` says it may open), ``day`` (a `backnotes.day.Day`: what has
    happened so far), ``message`` (the last thing the app said). Widgets, once their screen was
    built: ``check`` (`RedFlagCheck`), ``choices`` (routine buttons), ``builder`` (`RoutineBuilder`),
    ``player`` (`TimerPlayer`), ``logbook`` (`LogBook`), ``plot`` (the pain plot's HTML),
    ``nav`` (step name -> Button), ``back_button``, ``next_button``.
    """

    step = T.Unicode("check", help="the step on screen: check, routine, do, log or progress")
    day = T.Instance(D.Day, help="what has happened in the app today")
    message = T.Unicode("", help="what the app said last")
    progress_redraws = T.Int(0, help="times the progress screen was drawn")

    def __init__(self, journal: Journal | None = None, *, catalog: Any = None, folder: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._journal = journal
        self._catalog = catalog
        self.folder = folder
        self._css_id = f"backnotes-app-{uuid.uuid4().hex[:8]}"
        self.add_class("backnotes-app")
        self.add_class(MAIN_CLASS)  # the page's main landmark in Voila (widgets/_a11y.py)
        self.add_class(self._css_id)
        self.settings = load_settings()
        self.day = D.Day()
        self.screens: dict[str, W.VBox] = {}
        self.builder: Any = None
        self.player: Any = None
        self.logbook: Any = None
        self._player_routine: Routine | None = None
        self._log_record: SessionRecord | None = None
        self._flag_note = ""  # said once the next screen shows

        header = W.HTML(
            "<h1>backnotes: your exercises today</h1>"
            f"<p class='backnotes-safety' style='margin:0 0 0.3em;font-size:1rem'>⚠ {_esc(SAFETY_LINE)}</p>"
            "<div class='backnotes-app-status visually-hidden-backnotes' role='status' aria-live='polite'></div>")
        self.nav: dict[str, W.Button] = {}
        for i, name in enumerate(D.STEPS, start=1):
            button = W.Button(description=f"{i}. {D.STEP_TITLES[name]}", layout=W.Layout(width="auto"))
            button.add_class(f"backnotes-app-nav-{name}")
            button.on_click(lambda _b, name=name: self.go(name))
            self.nav[name] = button
        nav = W.HBox(list(self.nav.values()), layout=W.Layout(flex_flow="row wrap"))
        nav.add_class("backnotes-app-nav")
        nav.add_class(NAV_CLASS)
        self.heading = W.HTML()
        self.body = W.VBox()
        self.body.add_class("backnotes-app-body")
        self.back_button = W.Button(description="Back", icon="arrow-left", layout=W.Layout(width="auto"))
        self.next_button = W.Button(description="Next", icon="arrow-right", button_style="primary",
                                    layout=W.Layout(width="auto"))
        self.back_button.add_class("backnotes-app-back")
        self.next_button.add_class("backnotes-app-next")
        self.back_button.on_click(lambda _b: self.back())
        self.next_button.on_click(lambda _b: self.next())
        self.note = W.HTML()
        self.note.add_class("backnotes-app-message")
        # runs the few lines of page script that move focus (nothing is shown)
        self._script = W.Output(layout=W.Layout(height="0px", overflow="hidden"))
        # a session left before its end last time (page closed or reloaded): offered for logging
        self.unfinished = load_unfinished()
        self.resume_text = W.HTML()
        self.resume_log_button = W.Button(description="Log what I did", button_style="primary",
                                          layout=W.Layout(width="auto"),
                                          tooltip="Note that session in your journal (step 4)")
        self.resume_forget_button = W.Button(description="Forget it", layout=W.Layout(width="auto"),
                                             tooltip="Do not log that session")
        self.resume_log_button.on_click(lambda _b: self.log_unfinished())
        self.resume_forget_button.on_click(lambda _b: self.forget_unfinished())
        self.resume_box = W.VBox([self.resume_text, W.HBox([self.resume_log_button, self.resume_forget_button])])
        self.resume_box.add_class("backnotes-app-resume")
        self.resume_box.add_class("backnotes-app-panel")
        self._show_unfinished()
        self.children = [W.HTML(f"<style>{_CSS}</style>"), header, nav, self.resume_box, self.heading, self.body,
                         self.note,
                         W.HBox([self.back_button, self.next_button], layout=W.Layout(flex_flow="row wrap")),
                         self._script]
        self.observe(self._show, names="step")
        self.observe(lambda _c: self._update_nav(), names="day")
        self.observe(lambda c: self._say_html(c.new), names="message")
        accessible(self)  # the shared focus ring, slider names and live regions (widgets/_a11y.py)
        self._show(focus=False)

    # ---- kept for the day (a reload loses nothing typed or ticked today) ------------------------------
    def _keep(self, **changes: Any) -> None:
        try:
            save_today(**changes)
        except (OSError, ValueError):  # a convenience only
            pass

    # ---- a session left before its end --------------------------------------------------------------
    def _show_unfinished(self) -> None:
        data = self.unfinished
        self.resume_box.layout.display = None if data else "none"
        self.resume_text.value = (f"<p><b>{_esc(offer_text(data))}</b> What you did so far can go in your "
                                  "journal.</p>" if data else "")

    def log_unfinished(self) -> bool:
        """Take the session left last time as the one to log, and open step 4 (How was it)."""
        if not self.unfinished:
            return False
        record = record_from(self.unfinished)
        self.forget_unfinished()
        self.day = self.day.with_record(record)
        return self.go("log")

    def forget_unfinished(self) -> None:
        """Drop the session left last time (it is not logged)."""
        self.unfinished = None
        try:
            save_unfinished(None)
        except (OSError, ValueError):
            pass
        self._show_unfinished()

    # ---- shared things, opened on first use -----------------------------------------------------
    @property
    def journal(self) -> Journal:
        """The journal (opened the first time it is needed)."""
        if self._journal is None:
            self._journal = Journal()
        return self._journal

    @property
    def catalog(self) -> Any:
        """The exercise catalog (loaded the first time it is needed)."""
        if self._catalog is None:
            from ..catalog import load_exercises

            self._catalog = load_exercises()
        return self._catalog

    # ---- moving between steps --------------------------------------------------------------------
    def go(self, step: str) -> bool:
        """Show ``step`` when it may open; otherwise say why and stay. True when shown."""
        allowed = D.step_allowed(self.day, step)
        if not allowed:
            self.message = allowed.reason
            return False
        if self.step == "check" and step != "check" and self.day.verdict is not None:
            self._remember_flags()  # leaving the check by the step buttons confirms it as Next does
        if step == self.step:
            self._show()  # same step: still move focus to its heading
        else:
            self.step = step
        return True

    def next(self) -> bool:
        """What the Next button does: confirm the check on the first screen, then go on."""
        if self.step == "check":
            self.confirm_check()
        target = D.next_step(self.day, self.step)
        return self.go(target) if target else False

    def back(self) -> bool:
        """What the Back button does."""
        target = D.previous_step(self.day, self.step)
        return self.go(target) if target else False

    def confirm_check(self) -> None:
        """Take the red-flag answers as they are now (what pressing Next on the first screen does),
        and note any red flag ticked in the journal, so the appointment report lists it."""
        self.day = self.day.checked_with(self.check.verdict, cleared=self.cleared.value)
        self._remember_flags()

    def _remember_flags(self) -> None:
        flags = self.day.flags_to_remember()
        if not flags:
            return
        try:
            self.journal.log_red_flags(flags)
        except JournalError as exc:  # a read-only journal: the check still counts, the note says why
            self._flag_note = f"Your answers could not be noted in your journal ({exc})."
            return
        self.day = self.day.with_remembered(flags)
        self._flag_note = ("The signs you ticked are noted in your journal; the report in step 5 "
                           "(Export for your clinician) lists them.")

    def _show(self, _change: Any = None, *, focus: bool = True) -> None:
        step = self.step
        if step not in self.screens:
            self.screens[step] = getattr(self, f"_build_{step}")()
        getattr(self, f"_enter_{step}", lambda: None)()
        self.heading.value = (f"<h2 class='backnotes-step-heading' tabindex='-1' data-step='{step}'>"
                              f"{_esc(D.step_heading(step))}</h2>")
        self.body.children = (self.screens[step],)
        self.message, self._flag_note = self._flag_note, ""
        self._update_nav()
        self._focus(step, focus)

    def _focus(self, step: str, focus: bool) -> None:
        say = f"{D.step_heading(step)}"
        code = _FOCUS_JS % {"app": self._css_id, "step": step, "focus": "true" if focus else "false",
                            "say": json.dumps(say), "title": json.dumps(f"backnotes · {D.STEP_TITLES[step]}")}
        self._script.outputs = ()
        self._script.append_display_data(Javascript(code))

    def _update_nav(self) -> None:
        for name, button in self.nav.items():
            allowed = D.step_allowed(self.day, name)
            button.disabled = not allowed and name != self.step
            button.tooltip = ("You are here" if name == self.step
                              else (f"Go to {D.STEP_TITLES[name]}" if allowed else allowed.reason))
            if name == self.step:
                button.add_class("backnotes-app-current")
            else:
                button.remove_class("backnotes-app-current")
        if self.step == "check":
            target = D.next_step(self.day.checked_with(self.check.verdict, cleared=self.cleared.value), "check")
        else:
            target = D.next_step(self.day, self.step)
        self.next_button.disabled = target is None
        self.next_button.description = f"Next: {D.STEP_TITLES[target]}" if target else "Next"
        before = D.previous_step(self.day, self.step)
        self.back_button.disabled = before is None
        self.back_button.description = f"Back: {D.STEP_TITLES[before]}" if before else "Back"

    def _say_html(self, text: str) -> None:
        self.note.value = (f"<p class='backnotes-app-panel' role='status'><b>{_esc(text)}</b></p>" if text else "")

    # ---- 1. check first --------------------------------------------------------------------------
    def _build_check(self) -> W.VBox:
        self.check = RedFlagCheck()
        self.cleared = W.Checkbox(value=False, indent=False, layout=W.Layout(width="auto"),
                                  description="A doctor has already checked these signs and said I may exercise")
        self.cleared.add_class("backnotes-app-cleared")
        self.verdict_note = W.HTML()
        self.check.observe(self._on_verdict, names=["ticked", "level"])
        self.check.observe(lambda _c: self.next(), names="none_of_these")  # "None of these" moves on
        self.cleared.observe(self._on_verdict, names="value")
        intro = W.HTML("<p>Before you exercise, go through these warning signs. Tick any you have now. "
                       "If none apply, press <b>None of these</b>.</p>")
        self.morning_box = self._morning_box()  # issue 17: asked first on the day after a session
        box = W.VBox([self.morning_box, intro, self.check, self.cleared, self.verdict_note])
        box.add_class("backnotes-app-check")
        kept = load_today()
        try:  # today's answers come back after a reload (never another day's)
            self.check.ticked = tuple(kept.get("ticked", ()))
            self.cleared.value = bool(kept.get("cleared", False))
        except (ValueError, T.TraitError):  # a flag no longer in the list: start from no ticks
            self.check.ticked = ()
        self.check.observe(lambda c: self._keep(ticked=list(c.new)), names="ticked")
        self.cleared.observe(lambda c: self._keep(cleared=bool(c.new)), names="value")
        self._on_verdict()
        return box

    def _on_verdict(self, _change: Any = None) -> None:
        verdict = self.check.verdict
        self.cleared.layout.display = None if D.asks_clearance(verdict) else "none"
        ok = D.exercise_allowed(verdict, cleared=self.cleared.value)
        # the check's own panel, beside the tick, already says what to do: no second (red) box here,
        # only where the day goes from this screen
        if ok:
            self.verdict_note.value = ""
        elif verdict.level == "soon":
            self.verdict_note.value = ("<p>If a doctor has already checked these signs and said you may "
                                       "exercise, tick the box above. You can still note how your pain is "
                                       "in step 4 (How was it).</p>")
        else:
            self.verdict_note.value = ("<p><b>No exercise today.</b> You can still note how your pain is in "
                                       "step 4 (How was it).</p>")
        if self.day.verdict is not None:  # already confirmed: the day follows the answers
            self.day = self.day.checked_with(verdict, cleared=self.cleared.value)
            if not ok:
                self._stop_player()
        self._update_nav()

    def _morning_box(self) -> W.VBox:
        """The next-morning question (`backnotes.day.morning_question`), or an empty box."""
        try:
            question = D.morning_question(self.journal.sessions())
        except JournalError:
            question = None
        box = W.VBox()
        box.add_class("backnotes-app-morning")
        if question is None:
            return box
        text = W.HTML(f"<p><b>First, about yesterday.</b> {_esc(question.text)}</p>")
        buttons = []
        for answer, words in question.options:
            b = W.Button(description=words, layout=W.Layout(width="auto"))
            b.add_class(f"backnotes-app-morning-{answer}")
            b.on_click(lambda _b, answer=answer: self.answer_morning(question.session_id, answer))
            buttons.append(b)
        box.children = (text, W.HBox(buttons, layout=W.Layout(flex_flow="row wrap")))
        return box

    def answer_morning(self, session_id: int, answer: str) -> None:
        """Store the next-morning answer with yesterday's session and say so."""
        try:
            self.journal.log_morning(session_id, back=answer)
        except JournalError as exc:
            self.message = f"Not saved: {exc}"
            return
        self.morning_box.children = (W.HTML(f"<p>Noted: your back this morning is {_esc(D.MORNING_WORDS[answer])} "
                                            "compared with before yesterday's session.</p>"),)
        self.message = "Noted with yesterday's session. Now the warning signs."

    # ---- 2. today's routine ----------------------------------------------------------------------
    def _build_routine(self) -> W.VBox:
        self.choices = W.RadioButtons(options=[], description="Routine", layout=W.Layout(width="auto"))
        self.choices.add_class("backnotes-app-choices")
        self.overview = W.HTML()
        self.overview.add_class("backnotes-app-overview")
        self.builder_button = W.ToggleButton(value=False, description="Change it in the routine builder",
                                             icon="edit", layout=W.Layout(width="auto"),
                                             tooltip="Open the builder with this routine")
        self.builder_button.add_class("backnotes-app-open-builder")
        self.use_builder_button = W.Button(description="Use the builder's routine today", icon="check",
                                           layout=W.Layout(width="auto", display="none"))
        self.use_builder_button.add_class("backnotes-app-use-builder")
        self.builder_box = W.VBox()
        self.choices.observe(self._on_choice, names="value")
        self.builder_button.observe(self._on_builder_toggle, names="value")
        self.use_builder_button.on_click(lambda _b: self.use_builder_routine())
        self._refresh_choices()
        return W.VBox([W.HTML("<p><b>Choose a routine</b> (your saved ones come first):</p>"), self.choices,
                       self.overview, W.HBox([self.builder_button, self.use_builder_button]), self.builder_box])

    def _refresh_choices(self, keep: str | None = None) -> None:
        choices = D.routine_choices(self.folder, self.catalog)
        self._choice_list = choices
        options = [(c.label, c.key) for c in choices]
        current = keep or self.choices.value or D.default_choice(choices, self.settings.get("routine"))
        self.choices.options = options
        keys = [k for _, k in options]
        self.choices.value = current if current in keys else D.default_choice(choices)
        self._on_choice()

    def _on_choice(self, _change: Any = None) -> None:
        key = self.choices.value
        if not key:
            return
        try:
            routine = D.load_choice(key, self.folder, self.catalog)
        except RoutineError as exc:
            self.overview.value = f"<p class='backnotes-app-stop'>This routine cannot be used: {_esc(exc)}</p>"
            self.day = self.day.with_routine(None)
            return
        self.use_routine(routine)
        if self.settings.get("routine") != key:
            try:
                self.settings = save_settings(routine=key)
            except (OSError, ValueError):  # a convenience only: never stop the day for it
                pass

    def use_routine(self, routine: Routine) -> None:
        """Make ``routine`` today's routine and show its overview (the overview waits for step 2 to
        be built when it is not yet)."""
        self.day = self.day.with_routine(routine)
        if getattr(self, "overview", None) is not None:
            self.overview.value = self._overview_html(routine)

    def _overview_html(self, routine: Routine) -> str:
        ov = D.routine_overview(routine, self.catalog)
        pictures = _pictures()
        items = []
        for it in ov.items:
            picture = ""
            if pictures is not None:
                try:
                    picture = (f"<div class='backnotes-app-pictures' style='max-width:14rem'>"
                               f"{pictures(it['exercise_id'], animate=False)}</div>")
                except Exception:  # a picture is a help, never a reason to hide the routine
                    picture = ""
            note = f"<br><i>Your note: {_esc(it['note'])}</i>" if it["note"] else ""
            items.append(f"<li>{picture}<b>{_esc(it['name'])}</b>: {_esc(it['dose'])} "
                         f"(about {_esc(it['minutes'])}){note}</li>")
        cautions = "".join(f"<li><b>{_esc(n)}</b>: {_caution(c, n)}</li>" for n, c in ov.cautions)
        return (f"<div class='backnotes-app-panel'><h3 style='margin:0.1em 0'>{_esc(ov.name)}</h3>"
                f"<p><b>Total time: about {_esc(ov.total)}</b> (with get-ready, rests and side changes)</p>"
                f"<ol>{''.join(items)}</ol>"
                + (f"<p><b>Take care</b></p><ul>{cautions}</ul>" if cautions else "") + "</div>")

    def _on_builder_toggle(self, change: Any) -> None:
        if change.new:
            from .builder import RoutineBuilder

            if self.builder is None:
                start = self.day.routine
                kept = load_today().get("builder")
                if kept:
                    try:  # the builder's unsaved changes of today, after a reload
                        start = Routine.from_dict(kept, self.catalog)
                    except (RoutineError, ValueError, TypeError):
                        pass
                self.builder = RoutineBuilder(catalog=self.catalog, routine=start)
                self.builder.observe(lambda _c: self._refresh_choices(), names="saved_path")
                self.builder.observe(lambda c: self._keep(builder=c.new.to_dict()), names="routine")
            elif self.day.routine is not None:
                self.builder.routine = self.day.routine
            self.builder_box.children = (self.builder,)
            self.use_builder_button.layout.display = None
            self.builder_button.description = "Close the routine builder"
        else:
            self.builder_box.children = ()
            self.use_builder_button.layout.display = "none"
            self.builder_button.description = "Change it in the routine builder"

    def use_builder_routine(self) -> bool:
        """Take the builder's routine as today's (what "Use the builder's routine today" does)."""
        if self.builder is None or not self.builder.routine.items:
            self.message = "Add at least one exercise in the builder first."
            return False
        self.use_routine(self.builder.routine)
        self.message = f"Today's routine: {self.builder.routine.name}."
        return True

    # ---- 3. do it --------------------------------------------------------------------------------
    def _build_do(self) -> W.VBox:
        self.player_box = W.VBox()
        self.player_box.add_class("backnotes-app-player")
        return W.VBox([W.HTML("<p>Put the screen where you can see it from your mat, then press "
                              "<b>Start</b>. Stop at once if pain spreads down a leg.</p>"), self.player_box])

    def _enter_do(self) -> None:
        routine = self.day.routine
        if routine is None or routine is self._player_routine:
            return
        from .player import TimerPlayer

        self._stop_player()
        self.player = TimerPlayer(routine, tone=bool(self.settings.get("tone", True)),
                                  voice=bool(self.settings.get("voice", True)),
                                  speech_rate=float(self.settings.get("speech_rate", 1.0)), on_finish=self._on_finish)
        self.player.observe(self._on_mute, names="mute")
        self.player.observe(self._on_voice, names=["voice", "speech_rate"])
        self.player.observe(self._on_progress, names=["index", "state"])
        self._player_routine = routine
        self.player_box.children = (self.player,)

    def _on_mute(self, change: Any) -> None:
        try:
            self.settings = save_settings(tone=not change.new)
        except (OSError, ValueError):
            pass

    def _on_voice(self, change: Any) -> None:
        try:
            self.settings = save_settings(**{change.name: change.new})
        except (OSError, ValueError):
            pass

    def _on_progress(self, change: Any) -> None:
        """Keep what was done so far beside the journal at every step, so a page left mid-session
        (closed, reloaded, lost) can be logged next time; a new session clears the old message."""
        player = self.player
        if player is None:
            return
        if change.name == "state" and change.new == "running" and change.old in ("idle", "finished"):
            self.message = ""  # "Well done" belonged to the session before
        if player.state in ("running", "paused", "waiting"):
            try:
                save_unfinished(snapshot(player.timer, player.routine.name))
            except (OSError, ValueError):  # a convenience only: never stop the session for it
                pass

    def _stop_player(self) -> None:
        player = self.player
        if player is not None and player.state in ("running", "paused"):
            stop = getattr(player, "buttons", {}).get("Stop")
            if stop is not None:
                stop.click()

    def _on_finish(self, record: SessionRecord) -> None:
        self.day = self.day.with_record(record)
        try:
            save_unfinished(None)  # ended here: it waits in step 4, not as an unfinished session
        except (OSError, ValueError):
            pass
        done = sum(1 for s in record.sets if not s.skipped)
        if record.completed:
            self.message = "Well done. Press Next to note how it was."
        elif done:
            self.message = f"Stopped after {plural(done, 'set')} done in full. Press Next to note how it was."
        else:
            self.message = "Stopped before the first set. Press Next to note how you are."
        if self.player is not None:  # the player's own line points at notebook 04; here, Next is the way
            self.player.message = "Session over: press Next to note how it went."

    # ---- 4. how was it ---------------------------------------------------------------------------
    def _build_log(self) -> W.VBox:
        self.log_intro = W.HTML()
        self.log_box = W.VBox()
        return W.VBox([self.log_intro, self.log_box])

    def _enter_log(self) -> None:
        record = self.day.record if not self.day.logged else None
        if self.logbook is not None and record is self._log_record:
            return
        from .logbook import LogBook

        old = self.logbook
        try:
            pain = self.journal.pain()
        except JournalError:
            pain = None
        prefill = D.log_prefill(self.day, pain)
        book = LogBook(self.journal, record=record, plot=False)
        book.with_session.value = prefill.with_session
        if old is not None:
            _carry_over(old, book)  # keep what was typed before the session ended
        # nothing else is pre-filled from an earlier entry: "Same places as last time" is a button
        book.observe(self._on_saved, names="saved")
        note = getattr(book, "note", None)
        if note is not None:  # the note being typed is kept for the day, and comes back after a reload
            if not note.value:
                _set(note, load_today().get("note", ""))
            note.observe(lambda c: self._keep(note=str(c.new)), names="value")
        self.logbook, self._log_record = book, record
        self.log_box.children = (book,)
        self.log_intro.value = ("<p>How are your back and your leg <b>now</b>? Move each slider (or press "
                                "<b>No leg pain</b>), tick where it hurts and how far down the leg it goes, "
                                "then press <b>Save</b>.</p>"
                                + (f"<p>It is saved with the session you just did: <b>{_esc(prefill.session)}</b>.</p>"
                                   if prefill.session else ""))

    def _on_saved(self, _change: Any) -> None:
        book = self.logbook
        if self._log_record is not None and book.with_session.value and not book.error:
            self.day = self.day.with_logged()
            book.with_session.value = False  # logged once: a second entry must not repeat it
            self.log_intro.value = ("<p>Your session is in your journal. You can note your pain again "
                                    "at any time.</p>")
        if "progress" in self.screens:  # else it is drawn when it first opens
            self.refresh_progress()
        light = getattr(book, "light_sentence", "") if book.light else ""
        # the light in words, announced in the live region; the colour is only a second cue on screen
        self.message = (f"Saved in your journal. {light}" if light
                        else "Saved in your journal. Press Next to see your progress.")

    # ---- 5. progress -----------------------------------------------------------------------------
    def _build_progress(self) -> W.VBox:
        self.plot = W.HTML()
        self.plot.add_class("backnotes-app-plot")
        self.week = W.HTML()
        self.week.add_class("backnotes-app-week")
        self.sheet_button = W.Button(description="Printable routine sheet", icon="print",
                                     layout=W.Layout(width="auto"),
                                     tooltip="Save today's routine as a page to print, and download it")
        self.export_button = W.Button(description="Export for your clinician", icon="download",
                                      layout=W.Layout(width="auto"),
                                      tooltip="Write your journal as files a doctor or physiotherapist can open")
        self.sheet_button.add_class("backnotes-app-sheet")
        self.export_button.add_class("backnotes-app-export")
        self.files = W.HTML()
        self.files.add_class("backnotes-app-files")
        self.sheet_button.on_click(lambda _b: self.print_sheet())
        self.export_button.on_click(lambda _b: self.export())
        self.next_week = W.HTML()
        self.next_week.add_class("backnotes-app-next-week")
        self.use_button = W.Button(description="Use this routine", icon="check", layout=W.Layout(width="auto"),
                                   tooltip="Save next week's routine as a new routine; the old one is kept")
        self.use_button.add_class("backnotes-app-use-next-week")
        self.use_button.on_click(lambda _b: self.use_next_week())
        self.next_week_note = W.HTML()
        return W.VBox([self.plot, self.week, W.HTML("<h3>Next week</h3>"), self.next_week, self.use_button,
                       self.next_week_note, W.HBox([self.sheet_button, self.export_button]), self.files])

    def _enter_progress(self) -> None:
        self.refresh_progress()

    def refresh_progress(self) -> None:
        """Redraw the pain plot and the week's sessions from the journal."""
        try:
            pain, sessions = self.journal.pain(), self.journal.sessions()
        except JournalError as exc:
            self.plot.value = f"<p class='backnotes-app-stop'>The journal cannot be read: {_esc(exc)}</p>"
            return
        alt = D.pain_alt_text(pain)
        note = series_note(pain)
        alt += f" {note}" if note else ""
        png = base64.b64encode(_pain_png(pain)).decode("ascii")
        self.plot.value = (f"<figure data-reports='{len(pain)}'><img src='data:image/png;base64,{png}' "
                           f"alt='{_esc(alt)}'><figcaption>{_esc(alt)}</figcaption></figure>")
        week = D.week_sessions(sessions)
        self.week.value = (_table(week, f"Your sessions in the last 7 days: {len(week)}") if len(week)
                           else "<p><b>Your sessions in the last 7 days:</b> none yet.</p>")
        # never greyed out without a reason: it stays pressable and says what it needs
        self.sheet_button.disabled = False
        self.sheet_button.tooltip = ("Save today's routine as a page to print, and download it"
                                     if self.day.routine is not None
                                     else "Choose a routine in step 2 first, then print its sheet here")
        self._draw_next_week()
        self.progress_redraws += 1

    def _review_routine(self) -> Routine | None:
        """The routine the week's review is about: today's, else the one used last time."""
        if self.day.routine is not None:
            return self.day.routine
        try:
            key = D.default_choice(D.routine_choices(self.folder, self.catalog), self.settings.get("routine"))
            return D.load_choice(key, self.folder, self.catalog) if key else None
        except Exception:  # a routine that cannot be read: no review, the rest of the screen works
            return None

    def _draw_next_week(self) -> None:
        try:
            self._next = D.next_week_view(self.journal, self._review_routine())
        except JournalError as exc:
            self._next = D.NextWeek(f"<p>The week's review cannot be worked out: {_esc(exc)}</p>", None, 0)
        self.next_week.value = self._next.html
        self.use_button.disabled = self._next.routine is None
        self.use_button.description = ("Use this routine" if self._next.routine is not None
                                       else "Use this routine (nothing to change)")

    def use_next_week(self) -> str:
        """Save next week's routine as a new routine (the old one is kept) and say where; return the
        message."""
        try:
            path = D.use_next_week(self._next, self.folder)
        except Exception as exc:
            self.message = f"Not saved: {exc}"
            return self.message
        self.next_week_note.value = (f"<p role='status'>Saved as a new routine: <b>{_esc(self._next.routine.name)}</b>. "
                                     "Choose it in step 2; your old routine is still there.</p>")
        self.message = f"Saved next week's routine ({path.stem}). Your old routine is kept."
        if "routine" in self.screens:
            self._refresh_choices()
        return self.message

    def print_sheet(self) -> str:
        """Save today's routine's printable sheet beside the saved routines and offer it as a download.
        Returns the path written ("" when there is no routine)."""
        routine = self.day.routine
        if routine is None:
            self.message = "Choose a routine in step 2 (Today's routine) first; its printable sheet is made here."
            return ""
        name = D.sheet_file_name(routine)
        try:
            path = routine.save_html(routines_folder() / name, self.catalog)
        except (OSError, RoutineError) as exc:
            self.message = f"The sheet could not be saved: {exc}"
            return ""
        self.files.value = ("<p>" + _download(name, path.read_bytes(), "text/html", "Download the printable sheet")
                            + ": open it in your browser and print it. It is also kept with your saved routines.</p>")
        return str(path)

    def export(self) -> dict[str, str]:
        """Write the journal for a clinician (`backnotes.day.export_for_clinician`) and offer the files
        as downloads. Returns name -> path ({} when it failed, with the reason shown)."""
        try:
            files = D.export_for_clinician(self.journal)
        except JournalError as exc:
            self.message = f"Nothing was exported: {exc}"
            return {}
        # which one to hand over: the one-page report; everything else as one zip file
        report = files.get("report")
        parts = []
        if report is not None:
            parts.append("<p><b>Give your clinician this one page:</b> "
                         + _download(report.name, report.read_bytes(), "text/html", "Download the one-page report")
                         + " (open it in your browser to read or print it).</p>")
        stamp = next(iter(files.values())).parent.name if files else "export"
        parts.append("<p>" + ("If they ask for everything: " if report is not None else "")
                     + _download(f"backnotes-{stamp}.zip", _zip(files), "application/zip",
                                 f"Download all {plural(len(files), 'file')} as one zip file")
                     + " (your journal as tables and a short summary). A copy stays on this computer.</p>")
        self.files.value = "".join(parts)
        return {k: str(v) for k, v in files.items()}


# ---- helpers kept outside the class (small, and easy to replace) --------------------------------
def _pictures() -> Any:
    """`backnotes.figures.exercise_svg` when this backnotes has pictures, else None."""
    try:
        from ..figures import exercise_svg  # type: ignore[import-not-found]
    except ImportError:
        return None
    return exercise_svg


def _caution(text: str, name: str = "") -> str:
    """A caution in plain words; its source and nerve names in a "Why" fold (`backnotes.words.split_why`)."""
    plain, why = split_why(text)
    label = f" aria-label='Why: the source, for {_esc(name)}'" if name else ""
    return _esc(plain) + (f" <details style='display:inline'><summary{label}>Why</summary>{_esc(why)}</details>"
                          if why else "")


def _zip(files: dict[str, Any]) -> bytes:
    """The files as one zip (in memory: nothing more is written to disk)."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for path in files.values():
            z.write(path, arcname=path.name)
    return buffer.getvalue()


#: With this many pain reports or fewer, the chart shows them large and the time axis around them.
FEW_REPORTS = 5


def _few_reports(ax: Any, pain: Any) -> None:
    """A chart of one or a few reports spanned years with a dot hard to find: zoom to them."""
    import pandas as pd

    if pain.empty or len(pain) > FEW_REPORTS:
        return
    at = pd.to_datetime(pain["at"])
    if getattr(at.dt, "tz", None) is not None:
        at = at.dt.tz_localize(None)
    ax.set_xlim(at.min() - pd.Timedelta(days=3), at.max() + pd.Timedelta(days=3))
    for line in ax.get_lines():
        if line.get_marker() == "o":
            line.set_markersize(11)
            line.set_markerfacecolor("black")


#: The chart's clinical words, as a person says them (the clinician's report keeps the clinical ones).
_PLAIN_WORDS = (("clinically important improvement", "a real improvement"),
                ("at least 2 points and 30 % below baseline", "2 points or more, and a third lower than at the start"),
                ("baseline, first 14 days", "your first two weeks"))


def _plain_legend(ax: Any) -> None:
    legend = ax.get_legend()
    for text in (legend.get_texts() if legend is not None else ()):
        words = text.get_text()
        for clinical, plain in _PLAIN_WORDS:
            words = words.replace(clinical, plain)
        text.set_text(words)


def _pain_png(pain: Any) -> bytes:
    from matplotlib.figure import Figure

    from ..plots.progress import back_and_leg_over_time, pain_over_time

    fig = Figure(figsize=(8, 3.8), layout="constrained")  # no pyplot: nothing global, nothing leaks
    if len(pain) and "back" in pain and (pain["back"].notna().any() or pain["leg"].notna().any()):
        ax = back_and_leg_over_time(pain, ax=fig.add_subplot(), title="Your back and leg pain over time")
    else:
        ax = pain_over_time(pain, ax=fig.add_subplot(), title="Your pain over time")
    _few_reports(ax, pain)
    _plain_legend(ax)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    return buffer.getvalue()


def _set(widget: Any, value: Any) -> None:
    """Set a form control, ignoring a value it does not offer (the form then keeps its default)."""
    try:
        widget.value = value
    except (T.TraitError, ValueError, TypeError):
        pass


def _carry_over(old: Any, new: Any) -> None:
    for name in ("when", "back", "leg", "areas", "leg_extent", "note", "side", "pain_before", "leg_change",
                 "new_nerve"):
        a, b = getattr(old, name, None), getattr(new, name, None)
        if a is not None and b is not None:
            _set(b, a.value)
    if hasattr(old, "answered") and hasattr(new, "answered"):
        new.answered.update(old.answered)
        new._on_pain()
