"""RoutineBuilder: pick exercises, set each dose with sliders, order them, save, load and print.

State lives in traitlets: ``routine`` (a `backnotes.Routine`, replaced, never changed in place),
``total_seconds``, ``message`` and ``saved_path``. Every button calls a public method
(`RoutineBuilder.add_exercise`, `add_selected`, `move_item`, `remove_item`, `redose_item`, `save`,
`load`, `show_sheet`), so tests and notebooks can do what a click does. The routine logic itself is
`backnotes.routine`: a bad value raises `RoutineError` there, and here it becomes an inline message.
"""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path
from typing import Any

import ipywidgets as W
import pandas as pd
import traitlets as T
from IPython.display import Javascript

from .. import figures
from ..catalog import dose_text, load_exercises
from ..routine import Routine, RoutineError, format_duration, load_routine, routines_folder
from ..words import file_stem, plural
from ._a11y import LIVE_CLASS, NAMED_BY_TOOLTIP, accessible

__all__ = ["RoutineBuilder"]

# Slider ranges a person needs; a loaded routine with bigger numbers widens them (see _slider).
_SLIDERS: dict[str, tuple[str, int, int, int]] = {
    # field: (label, min, max, step)
    "sets": ("sets", 1, 5, 1),
    "reps": ("reps", 1, 30, 1),
    "holds": ("holds", 1, 10, 1),
    "hold_s": ("hold (s)", 5, 120, 5),
    "rest_s": ("rest (s)", 0, 120, 5),
}
_FILE_NAME = re.compile(r"^[\w][\w .-]{0,79}$")


def _slider(field: str, value: int, exercise: str = "") -> W.IntSlider:
    label, low, high, step = _SLIDERS[field]
    # the tooltip names the exercise too: the handle's accessible name is the description, and a
    # screen-reader user moving between rows hears which exercise's dose it is
    slider = W.IntSlider(value=value, min=min(low, value), max=max(high, value), step=step,
                         description=label, continuous_update=False,
                         tooltip=f"{label} for {exercise}" if exercise else label,
                         style={"description_width": "4.5em"},
                         layout=W.Layout(width="19em"))
    slider.add_class(f"backnotes-slider-{field.replace('_', '-')}")
    return slider


class _ItemRow(W.VBox):
    """The controls of one routine item: its title, dose sliders, note, and up/down/remove buttons."""

    def __init__(self, builder: "RoutineBuilder", index: int) -> None:
        super().__init__(layout=W.Layout(border="1px solid #ccc", padding="2px 6px", margin="3px 0"))
        self.add_class("backnotes-routine-item")
        self.index = index
        item = builder.routine.items[index]
        self._builder = builder
        self.title = W.HTML()
        self.picture = W.HTML()  # a small still picture of the exercise
        name = item.name or item.exercise_id
        self.slider_box = W.HBox(layout=W.Layout(flex_flow="row wrap"))
        self._make_sliders(item)
        self.note = W.Text(value=item.note, placeholder="your note (optional)", continuous_update=False,
                           description="note", tooltip=f"your note for {name}",
                           style={"description_width": "4.5em"}, layout=W.Layout(width="22em", max_width="100%"))
        self.note.add_class(NAMED_BY_TOOLTIP)
        self.note.observe(lambda change: builder._on_note(self.index, change.new), names="value")
        # words, not icon glyphs: the description is the accessible name, the tooltip says which exercise
        self.up = W.Button(description="Up", icon="arrow-up", tooltip=f"Move {name} up",
                           layout=W.Layout(width="auto"))
        self.down = W.Button(description="Down", icon="arrow-down", tooltip=f"Move {name} down",
                             layout=W.Layout(width="auto"))
        self.remove = W.Button(description="Remove", icon="trash", tooltip=f"Remove {name} from the routine",
                               layout=W.Layout(width="auto"))
        # each says which exercise it acts on (the tooltip becomes its accessible name): five rows of
        # "Up, Down, Remove" all alike told a screen-reader user nothing
        for button, role in ((self.up, "up"), (self.down, "down"), (self.remove, "remove")):
            button.add_class(NAMED_BY_TOOLTIP)
            button.add_class(f"backnotes-item-{role}")
        self.up.on_click(lambda _b: builder.move_item(self.index + 1, -1))
        self.down.on_click(lambda _b: builder.move_item(self.index + 1, +1))
        self.remove.on_click(lambda _b: builder._remove_clicked(self.index + 1))
        self.children = [
            W.HBox([self.picture, self.title, self.up, self.down, self.remove],
                   layout=W.Layout(flex_flow="row wrap", align_items="center")),
            self.slider_box,
            self.note,
        ]
        self.update(builder.routine, index)

    def _make_sliders(self, item: Any) -> None:
        """The dose sliders for ``item``'s kind (holds and hold time, or reps)."""
        name = item.name or item.exercise_id
        self.kind = item.kind
        self.sliders: dict[str, W.IntSlider] = {"sets": _slider("sets", item.sets, name)}
        if item.kind == "hold":
            self.sliders["reps"] = _slider("holds", item.reps, name)
            self.sliders["hold_s"] = _slider("hold_s", item.hold_s or 0, name)
        else:
            self.sliders["reps"] = _slider("reps", item.reps, name)
        self.sliders["rest_s"] = _slider("rest_s", item.rest_s, name)
        for field, slider in self.sliders.items():
            slider.observe(lambda change, f=field: self._builder._on_slider(self.index, f, change.new),
                           names="value")
        self.slider_box.children = list(self.sliders.values())

    def update(self, routine: Routine, index: int) -> None:
        """Show ``routine.items[index]`` (sliders follow a routine set from code)."""
        self.index = index
        item = routine.items[index]
        if item.kind != self.kind:  # another kind of exercise moved here: its own sliders
            self._make_sliders(item)
        self.title.value = (f"<b>{index + 1}. {html.escape(item.name or item.exercise_id)}</b> "
                            f"<span style='color:#555'>{html.escape(dose_text(item))}</span>")
        thumb = (figures.cached_svg(item.exercise_id, animate=False, width=80)
                 if figures.has_picture(item.exercise_id) else "")
        if self.picture.value != thumb:
            self.picture.value = thumb
        values = {"sets": item.sets, "reps": item.reps, "hold_s": item.hold_s, "rest_s": item.rest_s}
        for field, slider in self.sliders.items():
            value = values[field]
            if value is not None and slider.value != value:
                slider.max = max(slider.max, value)
                slider.min = min(slider.min, value)
                slider.value = value
        if self.note.value != item.note:
            self.note.value = item.note
        name = item.name or item.exercise_id
        for field, slider in self.sliders.items():
            slider.tooltip = f"{slider.description} for {name}"
        self.note.tooltip = f"your note for {name}"
        self.up.tooltip, self.down.tooltip = f"Move {name} up", f"Move {name} down"
        self.remove.tooltip = f"Remove {name} from the routine"
        # at either end the button does nothing and looks dimmed; it is never disabled, so the focus
        # stays on it after a move (a disabled button under the focus drops the focus to the page)
        for button, inactive in ((self.up, index == 0), (self.down, index == len(routine.items) - 1)):
            (button.add_class if inactive else button.remove_class)("backnotes-inactive")


class RoutineBuilder(W.VBox):
    """Build a routine: add exercises, dose them with sliders, reorder, save, load and print.

    ``catalog``: the exercises to choose from (bundled when None). ``browser``: an
    `ExerciseBrowser` whose selected exercise the "Add the selected exercise" button adds (it is
    shown at the top of the builder). ``routine``: a routine to start from (empty when None).
    Files go to ``backnotes.data_home()/routines/`` (`backnotes.routine.routines_folder`).
    """

    routine = T.Instance(Routine, help="the routine being built (replaced on every change)")
    total_seconds = T.Float(0.0, read_only=True, help="routine.total_seconds(), kept in step")
    message = T.Unicode("", help="the last message shown to the person ('' = none)")
    message_kind = T.Enum(("", "info", "error"), default_value="", help="'error' for a problem")
    saved_path = T.Unicode("", help="path of the last JSON file saved or loaded ('' = none)")

    def __init__(self, catalog: pd.DataFrame | None = None, browser: Any = None,
                 routine: Routine | None = None, **kwargs: Any) -> None:
        self.catalog = load_exercises() if catalog is None else catalog
        self.browser = browser
        self._rows: list[_ItemRow] = []
        self._shape: tuple[str, ...] | None = None
        self._busy = False
        super().__init__(**kwargs)
        self.add_class("backnotes-routine-builder")

        # -- choosing exercises
        self.picker = W.Dropdown(options=[(str(n), str(i)) for i, n in self.catalog["name"].items()],
                                 description="exercise", layout=W.Layout(width="24em"))
        self.add_button = W.Button(description="Add", icon="plus", tooltip="add this exercise with its usual dose")
        self.add_button.on_click(lambda _b: self.add_exercise(self.picker.value))
        self.picker.add_class("backnotes-builder-picker")
        self.add_button.add_class("backnotes-builder-add")
        self.add_selected_button = W.Button(description="Add the selected exercise", icon="plus",
                                            layout=W.Layout(width="auto"))
        self.add_selected_button.on_click(lambda _b: self.add_selected())
        self.add_selected_button.add_class("backnotes-builder-add-selected")
        self.add_selected_button.layout.display = None if browser is not None else "none"

        # -- the routine
        self.name_text = W.Text(description="name", continuous_update=False,
                                layout=W.Layout(width="24em"))
        # no fixed height: a fixed one let the box spill over the first exercise card
        self.notes_text = W.Textarea(description="notes", placeholder="what this routine is for (optional)",
                                     continuous_update=False, rows=3,
                                     # less than 100%: with its margins, 100% spilt over a phone's width
                                     layout=W.Layout(width="36em", max_width="calc(100% - 8px)", height="auto"))
        self.name_text.observe(lambda c: self._on_text("name", c.new), names="value")
        self.notes_text.observe(lambda c: self._on_text("notes", c.new), names="value")
        self.items_box = W.VBox()
        self.items_box.add_class("backnotes-routine-items")
        self.total_label = W.HTML()
        self.total_label.add_class("backnotes-total-time")
        self.message_html = W.HTML()
        self.message_html.add_class("backnotes-message")
        self.message_html.add_class(LIVE_CLASS)  # "Saved ...", "Not saved: ..." are announced

        # -- files and the printable sheet
        # one name: the routine's; the file is named after it. This box only says which to load.
        self.file_name = W.Text(description="load", placeholder="name of a saved routine, e.g. gentle-start",
                                tooltip="the name of a saved or ready-made routine to load",
                                style={"description_width": "3em"}, layout=W.Layout(width="20em", max_width="100%"))
        self.save_button = W.Button(description="Save", icon="save", button_style="primary",
                                    tooltip="save the routine under its name, with its printable sheet")
        self.load_button = W.Button(description="Load", icon="folder-open",
                                    tooltip="load a saved or ready-made routine (e.g. gentle-start)")
        self.sheet_button = W.Button(description="Show printable sheet", icon="print", layout=W.Layout(width="auto"))
        self.save_button.on_click(lambda _b: self.save())
        self.load_button.on_click(lambda _b: self.load())
        self.sheet_button.on_click(lambda _b: self.show_sheet())
        for button, name in ((self.save_button, "save"), (self.load_button, "load"), (self.sheet_button, "sheet")):
            button.add_class(f"backnotes-builder-{name}")
        self.link_html = W.HTML()
        self.link_html.add_class("backnotes-sheet-link")
        self.sheet_html = W.HTML()
        self.sheet_html.add_class("backnotes-sheet-preview")
        self._uid = f"backnotes-builder-{id(self):x}"
        self.add_class(self._uid)
        self._script = W.Output(layout=W.Layout(height="0px", overflow="hidden"))  # moves focus after Remove

        if browser is not None:
            top = [browser, W.HTML("<b>Add an exercise</b>: the one chosen in the browser above, or any from the list"),
                   W.HBox([self.add_selected_button])]
        else:
            top = [W.HTML("<b>Add an exercise</b> from the list")]
        self.children = [
            *top,
            W.HBox([self.picker, self.add_button], layout=W.Layout(flex_flow="row wrap")),
            W.HTML("<b>Your routine</b>"),
            self.name_text,
            self.notes_text,
            self.items_box,
            self.total_label,
            self.message_html,
            W.HTML("<b>Save, load, print</b>"),
            W.HBox([self.save_button, self.sheet_button], layout=W.Layout(flex_flow="row wrap")),
            W.HBox([self.file_name, self.load_button], layout=W.Layout(flex_flow="row wrap")),
            self.link_html,
            self.sheet_html,
            self._script,
        ]
        accessible(self)
        if browser is not None:
            browser.observe(self._on_browser, names="selected")
            self._on_browser()
        self.observe(self._on_routine, names="routine")
        self.observe(self._on_message, names=["message", "message_kind"])
        self.routine = routine if routine is not None else Routine(name="My routine")
        if self._shape is None:  # no change was seen (cannot happen from None, but be sure): draw once
            self._on_routine()

    # ---- reacting to state ------------------------------------------------------------------------
    def _on_routine(self, _change: Any = None) -> None:
        r = self.routine
        self.set_trait("total_seconds", r.total_seconds())
        self.total_label.value = (f"<b>Total: {format_duration(self.total_seconds)}</b> "
                                  f"({plural(len(r.items), 'exercise')}, with get-ready, rests and side changes)")
        self._busy = True
        try:
            if self.name_text.value != r.name:
                self.name_text.value = r.name
            if self.notes_text.value != r.notes:
                self.notes_text.value = r.notes
            shape = (len(r.items),)
            if shape != self._shape:  # exercises added or removed: new rows
                self._rows = [_ItemRow(self, i) for i in range(len(r.items))]
                self.items_box.children = self._rows or [
                    W.HTML("<i>No exercises yet: choose one above and press Add.</i>")]
                self._shape = shape
            else:  # doses changed or rows moved: keep the rows (the slider being dragged, the focus)
                for i, row in enumerate(self._rows):
                    row.update(r, i)
        finally:
            self._busy = False

    def _on_message(self, _change: Any = None) -> None:
        if not self.message:
            self.message_html.value = ""
            return
        colour = "#a00" if self.message_kind == "error" else "#205020"
        icon = "⚠ " if self.message_kind == "error" else ""
        self.message_html.value = f"<span style='color:{colour}'>{icon}{html.escape(self.message)}</span>"

    def _on_browser(self, _change: Any = None) -> None:
        eid = getattr(self.browser, "selected", "") or ""
        name = str(self.catalog.loc[eid, "name"]) if eid in self.catalog.index else ""
        self.add_selected_button.disabled = not name
        self.add_selected_button.description = f"Add “{name}”" if name else "Choose an exercise above"

    def _say(self, text: str, kind: str = "info") -> None:
        with self.hold_trait_notifications():
            self.message, self.message_kind = text, kind if text else ""

    def _apply(self, change: Any) -> bool:
        """Replace the routine by ``change()``; a `RoutineError` becomes the message and nothing changes."""
        try:
            new = change()
        except RoutineError as exc:
            self._say(str(exc), "error")
            return False
        self._say("")
        self.routine = new
        return True

    # ---- the actions behind the buttons (callable from code) ---------------------------------------
    def add_exercise(self, exercise_id: str, **dose: Any) -> bool:
        """Add an exercise with its catalog dose (changed by ``dose``). False, with a message, if not."""
        return self._apply(lambda: self.routine.add(exercise_id, catalog=self.catalog, **dose))

    def add_selected(self) -> bool:
        """Add the browser's selected exercise."""
        eid = getattr(self.browser, "selected", "") or ""
        if not eid:
            self._say("Choose an exercise in the browser first.", "error")
            return False
        return self.add_exercise(eid)

    # Positions count from 1, as the rows are numbered and as `Routine` counts them.
    def move_item(self, position: int, by: int) -> bool:
        """Move the item at ``position`` up (``by=-1``) or down (``by=+1``); at either end nothing
        happens."""
        to = position + by
        if not 1 <= to <= len(self.routine.items):
            return False
        return self._apply(lambda: self.routine.move(position, to))

    def remove_item(self, position: int) -> bool:
        """Remove the item at ``position``."""
        return self._apply(lambda: self.routine.remove(position))

    def _remove_clicked(self, position: int) -> None:
        """Remove, then put the focus where the person can go on: the Remove button of the row now at
        that place (or of the last row), else the exercise list (rows are rebuilt, so the focus would
        fall to the page)."""
        if not self.remove_item(position):
            return
        n = len(self.routine.items)
        target = (f".backnotes-routine-item:nth-child({min(position, n)}) .backnotes-item-remove" if n
                  else ".backnotes-builder-picker select")
        code = ("(function(){var tries=0;(function go(){var root=document.querySelector('.%s');"
                "var el=root&&root.querySelector(%s);"
                "if(!el){if(tries++<50){setTimeout(go,40);}return;}el.focus();})();})();"
                % (self._uid, json.dumps(f".backnotes-routine-items {target}" if n else target)))
        self._script.outputs = ()
        self._script.append_display_data(Javascript(code))

    def redose_item(self, position: int, **changes: Any) -> bool:
        """Change the dose of the item at ``position`` (``sets``, ``reps``, ``hold_s``, ``rest_s``,
        ``note`` ...)."""
        return self._apply(lambda: self.routine.redose(position, **changes))

    def _on_slider(self, index: int, field: str, value: int) -> None:
        if not self._busy:
            self.redose_item(index + 1, **{field: value})  # rows keep 0-based list indexes

    def _on_note(self, index: int, value: str) -> None:
        if not self._busy:
            self.redose_item(index + 1, note=value)

    def _on_text(self, field: str, value: str) -> None:
        if not self._busy:
            self._apply(lambda: self.routine.renamed(**{field: value}))

    def _path_for(self, file_name: str) -> Path:
        stem = file_name.strip()
        if stem.endswith(".json"):
            stem = stem[:-5]
        if not _FILE_NAME.match(stem):
            raise RoutineError("use letters, digits, spaces, '-', '_' or '.' (no folders), at most 80 characters",
                               field="file name", value=file_name)
        return routines_folder() / f"{stem}.json"

    def save(self, file_name: str | None = None) -> Path | None:
        """Save the routine as ``<file name>.json`` and its printable sheet as ``<file name>.html`` in
        the routines folder; without ``file_name`` (the Save button) the file is named after the
        routine (`backnotes.words.file_stem`: "My morning" -> ``my-morning.json``). Returns the JSON
        path, or None (with a message) when nothing was saved.

        The name and notes fields are read again first, so a name the routine refused is not saved
        silently under the old one; both files are written atomically.
        """
        name = file_stem(self.name_text.value) if file_name is None else file_name
        try:
            routine = self.routine.renamed(self.name_text.value, self.notes_text.value)
            if not routine.items:
                raise RoutineError("add at least one exercise before saving", field="items", value=0)
            routine.validate(self.catalog)
            path = self._path_for(name)
            sheet = routine.to_html(self.catalog)  # made before anything is written
            routine.save(path)
            html_path = routine.save_html(path.with_suffix(".html"), self.catalog)
        except (RoutineError, OSError) as exc:
            self._say(f"Not saved: {exc}", "error")
            return None
        self.routine = routine
        self.saved_path = str(path)
        self._say(f"Saved “{routine.name}” and its printable sheet with your routines.")
        self._show_link(html_path, sheet)
        return path

    def load(self, file_name: str | None = None) -> Routine | None:
        """Load ``<file name>.json`` from the routines folder, or a ready-made routine by name
        (``"gentle-start"``, ``"article-full"``). Returns the routine, or None with a message."""
        name = self.file_name.value if file_name is None else file_name
        try:
            path = self._path_for(name)
            routine = Routine.load(path, self.catalog) if path.is_file() else load_routine(name.strip(), self.catalog)
        except (RoutineError, OSError) as exc:
            self._say(f"Not loaded: {exc}", "error")
            return None
        self.routine = routine
        self.saved_path = str(path) if path.is_file() else ""
        self.link_html.value = ""
        self._say(f"Loaded “{routine.name}” ({plural(len(routine.items), 'exercise')}).")
        return routine

    def show_sheet(self) -> str:
        """Show the printable sheet below the builder; returns its HTML (a fragment)."""
        self.sheet_html.value = self.routine.to_html(self.catalog, fragment=True)
        return self.sheet_html.value

    def _show_link(self, html_path: Path, sheet: str) -> None:
        # A link to a file outside the Jupyter folder cannot be opened from the page, so offer the
        # sheet as a download (a data: link) and say where the file is.
        data = base64.b64encode(sheet.encode("utf-8")).decode("ascii")
        self.link_html.value = (
            f"<a download='{html.escape(html_path.name, quote=True)}' href='data:text/html;base64,{data}' "
            f"target='_blank'>⤓ Download the printable sheet</a>: open it in a web browser and print it.")
