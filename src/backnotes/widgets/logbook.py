"""LogBook: a form to log pain (and a session) into a `backnotes.Journal`, with the latest entries and
the pain plot underneath, refreshed after every save.

All checks are the journal's own (`Journal.check_pain`, `Journal.log_session`): the widget only
collects the fields, shows the journal's message inline when something is wrong, and writes nothing
then.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as W
import traitlets as T

from ..day import AREA_WORDS, LEG_CHANGE_WORDS, last_places, light_html
from ..insights import both_legs
from ..journal import LEG_EXTENTS, Journal, JournalError
from ..measures import nprs_band
from ..report import BOTH_LEGS_FLAG  # the "both legs" red flag's id, shown for leg symptoms on both sides
from ..session import SessionRecord
from ..vocab import BODY_AREAS
from ._a11y import CheckboxGroup, accessible

__all__ = ["LogBook", "BOTH_LEGS_FLAG"]



_ERROR_STYLE = "border-left:4px solid #b00020; padding:4px 10px; margin:4px 0; font-weight:bold;"
_OK_STYLE = "border-left:4px solid #2e7d32; padding:4px 10px; margin:4px 0;"
_BAND_WORDS = {"none": "no pain", "mild": "mild", "moderate": "moderate", "severe": "severe"}


def _table_html(journal: Journal, n: int) -> str:
    """The latest entries as an HTML table; every value escaped (notes may contain anything)."""
    recent = journal.recent(n)
    if recent.empty:
        return "<p class='backnotes-recent-empty'><i>No entries yet.</i></p>"
    head = "".join(f"<th style='text-align:left; padding:2px 8px'>{escape(c)}</th>" for c in recent.columns)
    rows = []
    for rec in recent.itertuples(index=False):
        when = f"{rec.when:%Y-%m-%d %H:%M}"
        cells = [when, rec.what, rec.pain, rec.details]
        rows.append("<tr>" + "".join(f"<td style='padding:2px 8px'>{escape(str(c))}</td>" for c in cells) + "</tr>")
    return (f"<table class='backnotes-recent' style='border-collapse:collapse'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


class LogBook(W.VBox):
    """Log how much it hurts, where, how far down the leg, a note, and optionally the session just
    done; Save writes one entry (and the session) to ``journal`` and refreshes the table and plot.

    ``journal``: a `backnotes.Journal` (your own, ``Journal()``, when None). ``routine``: a
    `backnotes.Routine` or a routine name whose exercises are listed with reps/holds pre-filled;
    ``record``: a finished timer `backnotes.SessionRecord` to log as the session instead.

    Back pain and leg pain are two sliders, "Back now" and "Leg now"; nothing is pre-filled from an
    earlier entry: a slider not moved is "not answered" (stored as missing), "No leg pain" answers
    the leg in one click, and "Same places as last time" fills the areas, side and leg extent of the
    last entry only when pressed. With a session, the session check is asked too (how far the leg
    symptoms reach compared with before; any new numbness, tingling or weakness), stored with the
    session (`Journal.log_check`), and the traffic light (`backnotes.response.session_light`) is
    shown in words right after saving.

    Traitlets: ``message`` (the last inline message), ``error`` (True when it is a problem),
    ``saved`` (entries saved so far), ``redraws`` (times the table and plot were refreshed),
    ``light`` (the last session's light: red, amber, green, unknown, or "").
    Widgets: ``when``, ``back``, ``leg`` (``pain`` is ``back``, for older code), ``no_leg_pain``,
    ``same_places``, ``areas``, ``side``, ``leg_extent``, ``note``, ``with_session``, ``pain_before``,
    ``leg_change``, ``new_nerve``, ``done`` (exercise id -> reps box), ``save_button``, ``status``,
    ``light_box``, ``red_flag`` (the "both legs" warning, shown while the form says leg symptoms on
    both sides), ``table``, ``plot`` (a PNG ``Image``).
    """

    message = T.Unicode("")
    error = T.Bool(False)
    saved = T.Int(0)
    redraws = T.Int(0)
    light = T.Unicode("")

    def __init__(self, journal: Journal | None = None, *, routine: Any = None, record: SessionRecord | None = None,
                 recent: int = 8, plot: bool = True, **kwargs: Any) -> None:
        self.journal = journal if journal is not None else Journal()
        if isinstance(routine, str):
            from ..routine import load_routine

            routine = load_routine(routine)
        self.routine, self.record, self.n_recent, self.show_plot = routine, record, recent, plot
        # continuous_update=False on every field: ipywidgets throttles a model's updates while earlier
        # ones are unanswered, but not a button's click, so with live updates a quick Save could
        # overtake the last keystrokes and store a cut-off note (seen in the app's browser test)
        self.when = W.Text(value="", description="When", placeholder="now, or 2026-03-01 08:30",
                           continuous_update=False,
                           style={"description_width": "9em"}, layout=W.Layout(width="26em"))
        # starts mid-scale and counts only once moved: an untouched slider is "not answered", never a score
        self.back = W.IntSlider(value=5, min=0, max=10, description="Back now (0-10)", continuous_update=False,
                                style={"description_width": "9em"}, layout=W.Layout(width="30em"))
        self.leg = W.IntSlider(value=5, min=0, max=10, description="Leg now (0-10)", continuous_update=False,
                               style={"description_width": "9em"}, layout=W.Layout(width="30em"))
        self.pain, self.answered = self.back, {"back": False, "leg": False}
        self.back_words, self.leg_words = W.HTML(), W.HTML()
        self.pain_words = self.back_words
        self.no_leg_pain = W.Button(description="No leg pain", layout=W.Layout(width="auto"),
                                    tooltip="Leg now 0, and the pain does not reach the leg")
        self.no_leg_pain.add_class("backnotes-logbook-no-leg")
        # a short name fits a phone; what it fills in is said beside it (and announced once pressed)
        self.same_places = W.Button(description="Same places as last time",
                                    tooltip="Fills in where it hurts, the side and how far down the leg, from your last entry",
                                    layout=W.Layout(width="auto"))
        self._same_places_hint = W.HTML("<span>fills in where it hurts, the side and how far down the leg "
                                        "from your last entry</span>", layout=W.Layout(max_width="100%"))
        self.same_places.add_class("backnotes-logbook-same-places")
        # checkboxes, not a multi-select list: Tab and Space pick several, no Ctrl-click, no arrow keys
        self.areas = CheckboxGroup(BODY_AREAS, description="Where does it hurt? (tick any)")
        for area, box in self.areas.boxes.items():  # a person's words: buttock, not glutes
            box.description = AREA_WORDS.get(area, area)
        self.side = W.ToggleButtons(options=[("not said", ""), ("left", "left"), ("right", "right"),
                                             ("both sides", "both")], value="", description="Side",
                                    tooltips=["central, or not said", "left side", "right side",
                                              "both sides (both legs)"],
                                    style={"description_width": "9em", "button_width": "7em"})
        self.leg_extent = W.Dropdown(options=[("not noted", "")] + [(e, e) for e in LEG_EXTENTS],
                                     description="Down the leg to", style={"description_width": "9em"})
        self.note = W.Textarea(value="", description="Note", placeholder="anything worth remembering",
                               continuous_update=False, style={"description_width": "9em"}, layout=W.Layout(width="30em"))
        self.with_session = W.Checkbox(value=routine is not None or record is not None,
                                       description="Also log the session I just did (the pain you gave above counts as after it)", indent=False)
        self.pain_before = W.Dropdown(options=[("not noted", -1)] + [(str(i), i) for i in range(11)],
                                      description="Pain before", style={"description_width": "9em"})
        self.leg_change = W.ToggleButtons(options=[(w, k) for k, w in LEG_CHANGE_WORDS.items()], value=None,
                                          description="Leg symptoms, compared with before the session",
                                          style={"description_width": "initial", "button_width": "9em"})
        self.new_nerve = W.ToggleButtons(options=[("no", False), ("yes", True)], value=None,
                                         description="Any new numbness, tingling or weakness?",
                                         style={"description_width": "initial", "button_width": "5em"})
        self.done: dict[str, W.BoundedIntText] = {}
        session_rows: list[W.Widget] = [self.with_session, self.pain_before,
                                        W.HTML("<b>After the session</b> (leave a question unanswered if unsure)"),
                                        self.leg_change, self.new_nerve]
        if record is not None:
            n_sets = len(record.sets)
            session_rows.append(W.HTML(f"<i>From the timer: {escape(record.routine_name)}, {n_sets} sets.</i>"))
        elif routine is not None:
            session_rows.append(W.HTML(f"<b>{escape(routine.name)}</b>: reps (or holds) done in each set"))
            for item in routine.items:
                if item.exercise_id in self.done:  # the same exercise twice: one box (reps per set) serves both
                    continue
                box = W.BoundedIntText(value=item.reps, min=0, max=100, description=item.name or item.exercise_id,
                                       style={"description_width": "16em"}, layout=W.Layout(width="24em"))
                self.done[item.exercise_id] = box
                session_rows.append(box)
        self.save_button = W.Button(description="Save", button_style="primary", icon="check")
        self.status = W.HTML()
        self.status.add_class("backnotes-logbook-message")
        self.red_flag = W.HTML()
        self.red_flag.add_class("backnotes-logbook-red-flag")
        self.light_box = W.HTML()
        self.light_box.add_class("backnotes-logbook-light")
        #: The pain entry saved by the last Save whose session failed: Save again retries the session
        #: without storing the pain entry twice.
        self._pain_kept: tuple[Any, ...] | None = None
        self.table = W.HTML()
        self.table.add_class("backnotes-logbook-table")
        self.plot = W.HTML()  # <figure><img alt> (see _plot_html)
        self.plot.add_class("backnotes-logbook-plot")
        self.back.observe(lambda c: self._on_pain(c, "back"), "value")
        self.leg.observe(lambda c: self._on_pain(c, "leg"), "value")
        self.no_leg_pain.on_click(lambda _b: self.answer_no_leg_pain())
        self.same_places.on_click(lambda _b: self.fill_same_places())
        for box in (self.side, self.leg_extent, self.areas):
            box.observe(self._on_legs, "value")
        self.save_button.on_click(lambda _b: self.save())
        self._on_pain()
        form = [self.when, W.HBox([self.back, self.back_words], layout=W.Layout(flex_flow="row wrap")),
                W.HBox([self.leg, self.leg_words, self.no_leg_pain], layout=W.Layout(flex_flow="row wrap")),
                W.HBox([self.same_places, self._same_places_hint],
                       layout=W.Layout(flex_flow="row wrap", align_items="center", max_width="100%")),
                self.areas, self.side, self.leg_extent, self.red_flag, self.note]
        if routine is not None or record is not None:
            form.append(W.VBox(session_rows, layout=W.Layout(border="1px solid #bbb", padding="4px", margin="4px 0")))
        super().__init__(children=[*form, self.save_button, self.status, self.light_box, W.HTML("<b>Latest entries</b>"),
                                   self.table, *([self.plot] if plot else [])], **kwargs)
        self.add_class("backnotes-logbook")
        accessible(self)
        self.refresh()

    # -- behaviour -----------------------------------------------------------------------------------

    def _on_pain(self, change: Any = None, which: str | None = None) -> None:
        if which is not None:
            self.answered[which] = True
        for name, slider, words in (("back", self.back, self.back_words), ("leg", self.leg, self.leg_words)):
            words.value = (f"<b>{_BAND_WORDS[nprs_band(int(slider.value))]}</b>" if self.answered[name]
                           else "<i>not answered yet: move the slider</i>")

    def answer_no_leg_pain(self) -> None:
        """"No leg pain" in one click: Leg now 0, answered, and the pain does not reach the leg."""
        self.leg.value = 0
        self._on_pain(None, "leg")
        self.leg_extent.value = "none"

    def fill_same_places(self) -> str:
        """Fill where it hurts, the side and how far down the leg from the last entry (only when asked);
        return (and show) what was filled in."""
        places = last_places(self.journal.pain())
        if places is None:
            self._say("Nothing filled in: there is no earlier entry yet.", error=False)
            return ""
        options = set(self.areas.options)
        self.areas.value = tuple(a for a in places.areas if a in options)
        self.side.value = places.side or ""
        self.leg_extent.value = places.leg_extent or ""
        self._say(f"Filled in from your last entry: {places.text}. Change anything that is different today.",
                  error=False)
        return places.text

    def _say(self, text: str, *, error: bool) -> None:
        self.error, self.message = error, text
        style = _ERROR_STYLE if error else _OK_STYLE
        body = escape(text).replace("\n", "<br>")
        self.status.value = f"<div style='{style}' role='{'alert' if error else 'status'}'>{body}</div>"

    def _on_legs(self, _change: Any = None) -> None:
        """Show the "both legs" red flag while the form says leg symptoms on both sides."""
        if not both_legs(self.side.value or None, self.leg_extent.value or None, list(self.areas.value)):
            self.red_flag.value = ""
            return
        from ..content import red_flags

        flags = red_flags()
        flag = flags.loc[BOTH_LEGS_FLAG] if BOTH_LEGS_FLAG in flags.index else None
        text = (f"<b>{escape(str(flag['label']))}</b>: {escape(str(flag['sign']))} <b>{escape(str(flag['action']))}</b>"
                if flag is not None else "<b>Sciatica in both legs is an emergency red flag: get emergency care now.</b>")
        self.red_flag.value = f"<div style='{_ERROR_STYLE}' role='alert'>Red flag. {text}</div>"

    def save(self) -> bool:
        """Check the form and write it; True when everything was saved.

        The pain entry is saved first. A session that cannot be logged never costs the pain entry:
        the pain entry stays saved, the session's problem is shown (``error`` is True, and False is
        returned), and Save again retries the session without storing the pain entry twice. A
        problem with the pain entry itself writes nothing.
        """
        when = self.when.value.strip() or None
        back = int(self.back.value) if self.answered["back"] else None
        leg = int(self.leg.value) if self.answered["leg"] else None
        if back is None and leg is None:
            self._say("Not saved: move the Back now or Leg now slider first (or press No leg pain); "
                      "nothing is filled in for you.", error=True)
            return False
        fields = dict(areas=list(self.areas.value), leg_extent=self.leg_extent.value or None,
                      note=self.note.value, side=self.side.value or None)
        kept = self._pain_kept
        try:
            row = self.journal.check_pain(back=back, leg=leg, at=when, **fields)
            if kept is not None and when is None and row[1:] == kept[1:]:
                row = kept  # the retry of a failed session: the same pain entry, not a second one
            else:
                self.journal.log_pain(back=back, leg=leg, at=row[0], **fields)
        except JournalError as exc:
            self._say(f"Not saved: {exc}", error=True)
            return False
        self._pain_kept = None
        self.note.value = ""
        self._on_legs()
        parts = [f"{v}/10 in the {name} ({_BAND_WORDS[nprs_band(v)]})" for name, v in (("back", back), ("leg", leg))
                 if v is not None]
        words = "pain " + " and ".join(parts) + ("" if leg is not None else "; leg not answered") \
            + ("" if back is not None else "; back not answered")
        self.light, self.light_box.value = "", ""
        problem = self._save_session(when, row[0], back, leg)
        # the message first, then the table and plot: whoever sees the new row sees why it is there
        if problem is not None:
            self._pain_kept = row
            self.note.value = fields["note"]
            self._say(f"Saved: {words}. The session was NOT saved: {problem}\nCorrect it and press Save again "
                      "(the pain entry is kept and will not be saved twice), or untick 'Also log the session I just did'.",
                      error=True)
        else:
            self._say(f"Saved: {words}" + (" and the session." if self._session_wanted() else "."), error=False)
        # counted once the session is settled too: observers (the app) see the final state
        self.saved += 1
        self.refresh()
        return problem is None

    def _session_wanted(self) -> bool:
        return bool(self.with_session.value) and (self.routine is not None or self.record is not None)

    def _save_session(self, when: str | None, pain_at: str, back: int | None, leg: int | None) -> str | None:
        """Log the session (if asked) with its check, and show its light; return the problem in words,
        or None when saved or not asked."""
        if not self._session_wanted():
            return None
        before = None if self.pain_before.value < 0 else int(self.pain_before.value)
        try:
            if self.record is not None:  # the timer's own start time unless "When" was filled in
                sid = self.journal.log_session(self.record, at=when, pain_before=before)
            else:
                sid = self.journal.log_session(self.routine, at=pain_at, pain_before=before,
                                               done={k: int(b.value) for k, b in self.done.items()})
            self.journal.log_check(sid, back=back, leg=leg, leg_change=self.leg_change.value,
                                   new_nerve_symptoms=self.new_nerve.value, at=pain_at)
        except JournalError as exc:
            return str(exc)
        from ..response import session_light

        result = session_light(self.journal, sid)
        self.light_box.value = light_html(result)
        self.light = result.light
        self.light_sentence = result.sentence()
        return None

    def refresh(self) -> None:
        """Redraw the latest-entries table and the pain plot from the journal."""
        self.table.value = _table_html(self.journal, self.n_recent)
        if self.show_plot:
            self.plot.value = self._plot_html()
        self.redraws += 1

    def _plot_html(self) -> str:
        from matplotlib.figure import Figure

        from ..alt_text import pain_over_time_alt
        from ..plots.progress import back_and_leg_over_time, pain_over_time
        from ..plots.show import figure_html

        pain = self.journal.pain()
        fig = Figure(figsize=(9, 3.8), layout="constrained")  # no pyplot: nothing global, nothing leaks
        if len(pain) and (pain["back"].notna().any() or pain["leg"].notna().any()):
            back_and_leg_over_time(pain, ax=fig.add_subplot(), title="Your back and leg pain over time")
        else:
            pain_over_time(pain, ax=fig.add_subplot(), title="Your pain over time")
        # 110 dpi (was 80): 9 pt text stays readable; the alt text says what the chart shows
        return figure_html(fig, alt=pain_over_time_alt(pain), close=False)
