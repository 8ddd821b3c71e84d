"""ExerciseBrowser: filter a catalog by body area, position, equipment, phase, kind and text, and
read one exercise's card.

All state lives in traitlets (``areas``, ``position``, ``equipment``, ``phase``, ``kind``, ``text``,
``selected``, ``count``, ``total``) so that tests and other widgets (the routine builder observes
``selected``) can set and watch it; the filtering itself is `backnotes.filter_exercises`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import ipywidgets as W
import pandas as pd
import traitlets as T

from .. import figures
from ..catalog import dose_text, filter_exercises, load_exercises
from ..vocab import BODY_AREAS, EQUIPMENT, KINDS, PHASES, POSITIONS
from ._a11y import LIVE_CLASS, accessible

__all__ = ["ExerciseBrowser"]

# trait name -> (vocabulary, what the dropdown says for "no filter")
_CHOICES: dict[str, tuple[tuple[str, ...], str]] = {
    "position": (POSITIONS, "any position"),
    "equipment": (EQUIPMENT, "any equipment"),
    "phase": (PHASES, "any phase"),
    "kind": (KINDS, "any kind"),
}


# Table cells: left-aligned, a little padding, a thin rule under each row (readable without colour).
_CELL = "style='text-align:left;vertical-align:top;padding:2px 10px 2px 0;border-bottom:1px solid #ccc'"


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _thumb(exercise_id: str) -> str:
    """A small still picture of a bundled exercise ('' for exercises without keyframes)."""
    return figures.cached_svg(exercise_id, animate=False, width=96) if figures.has_picture(exercise_id) else ""


def _present(series: pd.Series, vocab: tuple[str, ...]) -> list[str]:
    """The vocabulary values that occur in a column, in vocabulary order."""
    seen = set(series.dropna().astype(str))
    return [v for v in vocab if v in seen]


class ExerciseBrowser(W.VBox):
    """A filterable view of an exercise catalog with a detail card for the chosen exercise.

    ``catalog`` is any catalog frame (`backnotes.load_exercises`, a person's own catalog, or
    `backnotes.load_free_exercise_db`); None means the bundled catalog. ``max_rows`` caps the rows
    drawn in the table (the count always tells the full number).

    >>> browser = ExerciseBrowser()                       # doctest: +SKIP
    >>> browser.areas = ("calves",); browser.count       # doctest: +SKIP
    3
    """

    areas = T.Tuple(help="selected body areas (BODY_AREAS order); empty = all areas")
    position = T.Unicode("", help="starting position to show; '' = any")
    equipment = T.Unicode("", help="equipment to show; '' = any")
    phase = T.Unicode("", help="phase to show; '' = any")
    kind = T.Unicode("", help="kind to show (hold, reps, mobility); '' = any")
    text = T.Unicode("", help="case-insensitive search in names, other names and steps")
    selected = T.Unicode("", help="id of the exercise shown in the detail card; '' = none")
    count = T.Int(0, read_only=True, help="number of exercises that match the filters")
    total = T.Int(0, read_only=True, help="number of exercises in the catalog")

    def __init__(self, catalog: pd.DataFrame | None = None, *, max_rows: int = 60, **kwargs: Any) -> None:
        self.catalog = load_exercises() if catalog is None else catalog
        self.max_rows = max_rows
        self._syncing = False
        super().__init__(**kwargs)
        self.add_class("backnotes-exercise-browser")
        self.set_trait("total", len(self.catalog))

        # Body-area toggles: only areas that some exercise works.
        present = {a for areas in self.catalog["body_areas"] for a in areas}
        self.area_toggles: dict[str, W.ToggleButton] = {}
        for area in (a for a in BODY_AREAS if a in present):
            toggle = W.ToggleButton(value=False, description=area, tooltip=f"show exercises for the {area}",
                                    layout=W.Layout(width="auto"))
            toggle.add_class("backnotes-area-toggle")
            toggle.observe(self._on_toggle, names="value")
            self.area_toggles[area] = toggle

        # One dropdown per vocabulary filter, offering the values this catalog uses.
        self.dropdowns: dict[str, W.Dropdown] = {}
        for name, (vocab, anyone) in _CHOICES.items():
            values = _present(self.catalog[name], vocab)
            dd = W.Dropdown(options=[(anyone, ""), *((v, v) for v in values)], value="",
                            description=name, disabled=not values, layout=W.Layout(width="auto"))
            dd.observe(lambda change, name=name: self._on_dropdown(name, change.new), names="value")
            self.dropdowns[name] = dd

        self.search = W.Text(value="", placeholder="search names and steps", description="search",
                             continuous_update=True)
        self.search.observe(lambda change: setattr(self, "text", change.new), names="value")
        self.clear_button = W.Button(description="clear filters", icon="times",
                                     tooltip="show every exercise again")
        self.clear_button.on_click(lambda _button: self.clear())
        self.count_label = W.Label()
        self.count_label.add_class("backnotes-count")
        self.count_label.add_class(LIVE_CLASS)  # "3 of 11 exercises" is announced after each filter
        self.table = W.HTML()  # scrolls inside its own focusable region (see _table_html)
        self.table.add_class("backnotes-table")
        self.picker = W.Select(options=[], rows=8, description="exercise", layout=W.Layout(width="auto"))
        self.picker.observe(self._on_pick, names="value")
        self.card = W.HTML()
        self.card.add_class("backnotes-card")

        self.children = [
            W.HTML("<b>Body areas</b> (none chosen = all):"),
            W.HBox(list(self.area_toggles.values()), layout=W.Layout(flex_flow="row wrap")),
            W.HBox(list(self.dropdowns.values()), layout=W.Layout(flex_flow="row wrap")),
            W.HBox([self.search, self.clear_button], layout=W.Layout(flex_flow="row wrap")),
            self.count_label,
            self.table,
            W.HBox([self.picker, self.card], layout=W.Layout(flex_flow="row wrap")),
        ]
        accessible(self)
        self.observe(self._refresh, names=["areas", "position", "equipment", "phase", "kind", "text"])
        self.observe(self._show_selected, names="selected")
        self._refresh()

    # ---- validation: unknown values fail loudly, naming what is allowed -------------------------
    @T.validate("areas")
    def _valid_areas(self, proposal: Any) -> tuple[str, ...]:
        value = proposal["value"]
        wanted = set(value)
        bad = sorted(a for a in wanted if a not in BODY_AREAS)
        if bad:
            raise T.TraitError(f"areas: unknown area {bad[0]!r}; allowed: {', '.join(map(repr, BODY_AREAS))}")
        return tuple(a for a in BODY_AREAS if a in wanted)

    @T.validate("position", "equipment", "phase", "kind")
    def _valid_choice(self, proposal: Any) -> str:
        name, value = proposal["trait"].name, proposal["value"]
        vocab = _CHOICES[name][0]
        if value and value not in vocab:
            raise T.TraitError(f"{name}: unknown value {value!r}; allowed: '' (any), {', '.join(map(repr, vocab))}")
        return value

    @T.validate("selected")
    def _valid_selected(self, proposal: Any) -> str:
        value = proposal["value"]
        if value and value not in self.catalog.index:
            raise T.TraitError(f"selected: no exercise with id {value!r} in this catalog")
        return value

    # ---- the filtered frame ----------------------------------------------------------------------
    @property
    def filtered(self) -> pd.DataFrame:
        """The catalog rows that match the current filters (via `backnotes.filter_exercises`)."""
        return filter_exercises(
            self.catalog,
            areas=self.areas or None,
            position=self.position or None,
            equipment=self.equipment or None,
            phase=self.phase or None,
            kind=self.kind or None,
            text=self.text or None,
        )

    def clear(self) -> None:
        """Remove every filter: all exercises are shown again."""
        with self.hold_trait_notifications():
            self.areas, self.text = (), ""
            for name in _CHOICES:
                setattr(self, name, "")

    # ---- controls -> traits ----------------------------------------------------------------------
    def _on_toggle(self, _change: Any) -> None:
        if self._syncing:
            return
        self.areas = tuple(a for a, t in self.area_toggles.items() if t.value) + tuple(
            a for a in self.areas if a not in self.area_toggles)

    def _on_dropdown(self, name: str, value: str | None) -> None:
        if not self._syncing:
            setattr(self, name, value or "")

    def _on_pick(self, change: Any) -> None:
        if not self._syncing and change.new:
            self.selected = change.new

    # ---- traits -> controls and views -------------------------------------------------------------
    def _sync_controls(self) -> None:
        self._syncing = True
        try:
            for area, toggle in self.area_toggles.items():
                toggle.value = area in self.areas
            for name, dd in self.dropdowns.items():
                value = getattr(self, name)
                if value not in [v for _, v in dd.options]:  # a valid value this catalog does not use
                    dd.options = [*dd.options, (value, value)]
                dd.value = value
            self.search.value = self.text
        finally:
            self._syncing = False

    def _refresh(self, _change: Any = None) -> None:
        self._sync_controls()
        rows = self.filtered
        self.set_trait("count", len(rows))
        self.count_label.value = f"{self.count} of {self.total} exercises"
        self.table.value = self._table_html(rows)
        options = list(zip(rows["name"].astype(str), rows.index))
        self._syncing = True
        try:
            self.picker.options = options
            self.picker.value = self.selected if self.selected in rows.index else None
        finally:
            self._syncing = False
        if self.selected not in rows.index:  # keep the card on something that matches the filters
            self.selected = str(rows.index[0]) if len(rows) else ""
        else:
            self._show_selected()

    def _show_selected(self, _change: Any = None) -> None:
        self._syncing = True
        try:
            if self.selected in [v for _, v in self.picker.options]:
                self.picker.value = self.selected
        finally:
            self._syncing = False
        self.card.value = self._card_html(self.selected)

    def _table_html(self, rows: pd.DataFrame) -> str:
        if not len(rows):
            return "<p><i>No exercise matches these filters. Try fewer filters or another search word.</i></p>"
        shown = rows.iloc[: self.max_rows]
        head = "".join(f"<th {_CELL}>{h}</th>" for h in ("exercise", "body areas", "position", "dose", "picture"))
        body = "".join(
            "<tr>"
            f"<td {_CELL}>{_esc(row['name'])}</td>"
            f"<td {_CELL}>{_esc(', '.join(row['body_areas']))}</td>"
            f"<td {_CELL}>{_esc(row['position']) if pd.notna(row['position']) else '&ndash;'}</td>"
            f"<td {_CELL}>{_esc(dose_text(row))}</td>"
            f"<td {_CELL}>{_thumb(str(eid))}</td>"
            "</tr>"
            for eid, row in shown.iterrows()
        )
        more = (f"<p><i>Showing the first {self.max_rows} of {len(rows)}; add a filter or a search word "
                f"to narrow the list.</i></p>") if len(rows) > self.max_rows else ""
        # a scrolling region must take the focus (keyboard users scroll it with the arrow keys) and
        # have a name (axe: scrollable-region-focusable)
        # (the counts keep the names of two browsers in one notebook apart: axe landmark-unique)
        return (f"<div class='backnotes-scroll' tabindex='0' role='region' aria-label='Exercises that match "
                f"the filters: {len(rows)} of {self.total}' style='max-height:400px;max-width:100%;overflow:auto'>"
                f"<table class='backnotes-exercises' style='border-collapse:collapse;line-height:1.35'>"
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>{more}")

    def _card_html(self, exercise_id: str) -> str:
        if not exercise_id:
            return "<p><i>Choose an exercise to see how it is done.</i></p>"
        row = self.catalog.loc[exercise_id]

        def items(values: Iterable[str], tag: str = "ul") -> str:
            values = list(values)
            return f"<{tag}>{''.join(f'<li>{_esc(v)}</li>' for v in values)}</{tag}>" if values else ""

        tags = [row["phase"], row["kind"], row["position"], row["equipment"], row["level"]]
        parts = [f"<h3 style='margin:0.2em 0'>{_esc(row['name'])}</h3>"]
        if figures.has_picture(exercise_id):  # moving in the browser; still for reduced motion
            parts.append(f"<div class='backnotes-card-picture'>{figures.cached_svg(exercise_id, width=300)}</div>")
        if row["aka"]:
            parts.append(f"<p><i>also called {_esc(', '.join(row['aka']))}</i></p>")
        if row["summary"]:
            parts.append(f"<p>{_esc(row['summary'])}</p>")
        parts.append(f"<p><b>Works:</b> {_esc(', '.join(row['body_areas']))}<br>"
                     f"<b>Dose:</b> {_esc(dose_text(row))}<br>"
                     f"<small>{_esc(' · '.join(str(t) for t in tags if pd.notna(t)))}</small></p>")
        parts.append(f"<b>Steps</b>{items(row['steps'], 'ol')}")
        if row["cues"]:
            parts.append(f"<b>Remember</b>{items(row['cues'])}")
        if row["cautions"]:
            parts.append(f"<b>Take care</b>{items(row['cautions'])}")
        if row["notes"]:
            parts.append(f"<p style='border-left:3px solid #888;padding-left:0.5em'><b>Note:</b> {_esc(row['notes'])}</p>")
        if row["source"]:
            parts.append(f"<p><small>Source: {_esc(row['source'])}</small></p>")
        return f"<div style='max-width:42em;line-height:1.4'>{''.join(parts)}</div>"
