"""RedFlagCheck: a tick list of the red flags that mean "see a doctor, don't exercise".

The verdict comes from the core (`backnotes.content.screen`); this widget only shows it.
"""

from __future__ import annotations

import json
import uuid
from html import escape
from typing import Any

import ipywidgets as widgets
import traitlets
from IPython.display import Javascript

from ..content import ScreenVerdict, red_flag_order_note, red_flags, screen
from ._a11y import NAMED_BY_TOOLTIP, accessible

__all__ = ["RedFlagCheck"]

# Inline styles: a widget's HTML is not themed by the notebook, and the panel must stand out in
# light and dark themes and in greyscale (border weight and pattern, bold headline), not by colour alone.
_EMERGENCY_STYLE = (
    "border:4px solid #b00020; border-radius:6px; background:#fdecea; color:#1a1a1a; "
    "padding:10px 14px; margin:8px 0;"
)
_SAME_DAY_STYLE = (
    "border:3px double #a34700; border-radius:6px; background:#fff1e0; color:#1a1a1a; "
    "padding:10px 14px; margin:8px 0;"
)
_SOON_STYLE = (
    "border:2px dashed #8a6d00; border-radius:6px; background:#fff8e1; color:#1a1a1a; "
    "padding:8px 12px; margin:8px 0;"
)
_CLEAR_STYLE = "border-left:4px solid #2e7d32; padding:4px 10px; margin:8px 0;"
_STYLES = {"emergency": _EMERGENCY_STYLE, "same day": _SAME_DAY_STYLE, "soon": _SOON_STYLE}
_GROUPS = {
    "emergency": ("Emergency", "stop and get emergency care now if you have any of these:"),
    "same day": ("Same day", "stop and get seen by a doctor today if you have any of these:"),
    "soon": ("Soon", "see a doctor within about two weeks, before you exercise, if you have any of these:"),
}

# Scroll the verdict that just appeared beside its tick box into view (the person's eyes are there),
# without moving the keyboard focus off the box.
_SCROLL_JS = """(function () {
  var tries = 0;
  (function go() {
    var el = document.querySelector('.%(cls)s .backnotes-redflag-verdict');
    if (!el) { if (tries++ < 25) { setTimeout(go, 40); } return; }
    el.scrollIntoView({block: 'nearest', behavior: 'auto'});
  })();
})();"""


def _css(level: str) -> str:
    """``"same day"`` -> ``"same-day"``: a css-class-safe tier name."""
    return level.replace(" ", "-")


def _verdict_html(verdict: ScreenVerdict) -> str:
    items = "".join(f"<li>{escape(a)}</li>" for a in verdict.advice)
    style = _STYLES.get(verdict.level, _CLEAR_STYLE)
    if verdict.urgent:  # emergency or same day: an alert, read out by screen readers at once
        return (
            f'<div class="backnotes-redflag-verdict" style="{style}" role="alert"><div style="font-size:1.3em; '
            f'font-weight:bold">{escape(verdict.headline)}</div><ul style=\'margin:6px 0 0 0\'>{items}</ul></div>'
        )
    return (
        f'<div class="backnotes-redflag-verdict" style="{style}"><div style="font-weight:bold">'
        f"{escape(verdict.headline)}</div><ul style='margin:4px 0 0 0'>{items}</ul></div>"
    )


class RedFlagCheck(widgets.VBox):
    """A tick list of red flags under three tier headings (emergency, same day, soon), with the verdict
    shown beside the box just ticked.

    Each tier is a heading (``<h3>``, so a screen reader can jump between them) above its flags (the
    most common first, as `red_flags` orders them; a "Why this order" fold says why), and
    can be folded (its "Hide" toggle) but is open at first. Each tick box is described by its sign
    (``aria-describedby``, set in the page by `backnotes.widgets._a11y`). A newly ticked flag's verdict
    appears right under that box, is scrolled into view and is announced at once (an assertive live
    region); with nothing ticked it sits at the end. "None of these" clears every tick and counts in
    ``none_of_these`` (the app then moves on).

    An emergency tick shows a panel (css classes ``backnotes-urgent-panel`` and
    ``backnotes-emergency-panel``) that starts "Stop — get emergency care now"; a same-day tick (and
    no emergency) shows a panel (``backnotes-urgent-panel`` and ``backnotes-same-day-panel``) that
    starts "Stop — get seen by a doctor today"; only "soon" ticks show a calmer note; nothing ticked
    says so and that the list is not a medical check.

    Traitlets: ``ticked`` (tuple of red-flag ids, most urgent first; settable), ``urgent`` (bool:
    an emergency or same-day flag is ticked), ``level`` ("emergency", "same day", "soon" or
    "clear"), ``none_of_these`` (times "None of these" was pressed). ``checkboxes`` maps each id to
    its Checkbox (css classes ``backnotes-redflag`` and ``backnotes-redflag-<tier>``, tier
    ``emergency``, ``same-day`` or ``soon``); ``emergency_panel`` (also ``urgent_panel``),
    ``same_day_panel`` and ``note`` are the verdict widgets, shown in ``verdict_box``; ``groups``
    maps each tier to its box of flags and ``folds`` to its Hide toggle; ``spoken`` is the
    assertive live region.

    Example (in a notebook)::

        check = RedFlagCheck()
        check.checkboxes["bladder-bowel"].value = True   # what a click does
        check.level                                       # "emergency": the emergency panel shows
    """

    ticked = traitlets.Tuple(help="ids of the ticked red flags, most urgent first")
    urgent = traitlets.Bool(False, help="True while an emergency or same-day red flag is ticked")
    level = traitlets.Unicode("clear", help='the verdict: "emergency", "same day", "soon" or "clear"')
    none_of_these = traitlets.Int(0, help='times "None of these" was pressed')

    def __init__(self, **kwargs: Any) -> None:
        flags = red_flags()
        self._uid = f"backnotes-rf-{uuid.uuid4().hex[:8]}"
        self.checkboxes: dict[str, widgets.Checkbox] = {}
        self._slots: dict[str, widgets.VBox] = {}
        self.groups: dict[str, widgets.VBox] = {}
        self.folds: dict[str, widgets.ToggleButton] = {}
        self._last = ""  # the flag ticked last: its verdict shows under it
        order, sources = red_flag_order_note()
        rows: list[widgets.Widget] = [
            widgets.HTML("<p style='margin:0.2em 0'><b>Red flags: check these before you exercise.</b> "
                         "Tick any that apply to you now. In each group the most common come first.</p>"
                         "<details class='backnotes-redflag-order'><summary>Why this order</summary>"
                         f"<p style='margin:0.2em 0'>{escape(order)}</p><p style='margin:0.2em 0;opacity:0.85'>"
                         f"Sources: {escape(sources)}</p></details>")
        ]
        for urgency, (title, words) in _GROUPS.items():
            tier = flags[flags["urgency"] == urgency]
            if tier.empty:
                continue
            heading = widgets.HTML(f"<h3 class='backnotes-redflag-tier' style='font-size:1.1rem;margin:0.5em 0 0.1em'>"
                                   f"{escape(title)}</h3><p style='margin:0 0 0.2em'>{escape(words[:1].upper() + words[1:])}</p>")
            fold = widgets.ToggleButton(value=False, description="Hide", tooltip=f"Hide the {title.lower()} signs",
                                        layout=widgets.Layout(width="auto"))
            fold.add_class("backnotes-redflag-fold")
            fold.add_class(NAMED_BY_TOOLTIP)  # "Hide the emergency signs", not three alike "Hide"
            items: list[widgets.Widget] = []
            for fid, row in tier.iterrows():  # most common first (`red_flags`)
                fid = str(fid)
                sign_id = f"{self._uid}-{fid}"
                box = widgets.Checkbox(value=False, description=str(row["label"]), indent=False,
                                       layout=widgets.Layout(width="auto", max_width="100%", flex="0 1 auto"))
                box.add_class("backnotes-redflag")
                box.add_class(f"backnotes-redflag-{_css(urgency)}")
                box.add_class(f"backnotes-describedby-{sign_id}")
                box.observe(lambda change, fid=fid: self._on_box(change, fid), names="value")
                self.checkboxes[fid] = box
                detail = widgets.HTML(f"<span id='{sign_id}' style='opacity:0.85'>{escape(str(row['sign']))}</span>",
                                      layout=widgets.Layout(flex="1 1 16em", margin="0 0 0 8px", min_width="0"))
                slot = widgets.VBox()
                slot.add_class("backnotes-redflag-slot")
                self._slots[fid] = slot
                items.append(widgets.VBox([widgets.HBox([box, detail], layout=widgets.Layout(
                    align_items="center", flex_flow="row wrap")), slot]))
            group = widgets.VBox(items)
            group.add_class(f"backnotes-redflag-group-{_css(urgency)}")
            fold.observe(lambda change, group=group, fold=fold, title=title: self._fold(change, group, fold, title),
                         names="value")
            self.groups[urgency] = group
            self.folds[urgency] = fold
            rows.append(widgets.HBox([heading, fold], layout=widgets.Layout(align_items="flex-end",
                                                                            flex_flow="row wrap")))
            rows.append(group)
        self.none_button = widgets.Button(description="None of these", button_style="",
                                          tooltip="None of these signs apply to me now",
                                          layout=widgets.Layout(width="auto"))
        self.none_button.add_class("backnotes-redflag-none")
        self.none_button.on_click(lambda _b: self._on_none())
        self.emergency_panel = widgets.HTML()
        self.emergency_panel.add_class("backnotes-urgent-panel")
        self.emergency_panel.add_class("backnotes-emergency-panel")
        self.urgent_panel = self.emergency_panel  # the name before the same-day tier existed
        self.same_day_panel = widgets.HTML()
        self.same_day_panel.add_class("backnotes-urgent-panel")  # urgent = emergency or same day
        self.same_day_panel.add_class("backnotes-same-day-panel")
        self.note = widgets.HTML()
        self.note.add_class("backnotes-redflag-note")
        self.verdict_box = widgets.VBox()
        self._end_slot = widgets.VBox([self.verdict_box])
        # announced at once (assertive): the verdict of a newly ticked flag, in a few words
        self.spoken = widgets.HTML()
        self.spoken.add_class("backnotes-redflag-spoken")
        self._script = widgets.Output(layout=widgets.Layout(height="0px", overflow="hidden"))
        self._syncing = False
        super().__init__(children=[*rows, self.none_button, self._end_slot, self.spoken, self._script], **kwargs)
        self.add_class("backnotes-redflag-check")
        self.add_class(self._uid)
        accessible(self)
        self._show(screen(()))

    @property
    def verdict(self) -> ScreenVerdict:
        """The current verdict (from `backnotes.content.screen`)."""
        return screen(self.ticked)

    @traitlets.validate("ticked")
    def _valid_ticked(self, proposal: Any) -> tuple[str, ...]:
        # screen() rejects unknown ids with the allowed ones, and sorts most urgent first
        return screen(tuple(proposal["value"])).flags

    @traitlets.observe("ticked")
    def _on_ticked(self, change: Any) -> None:
        chosen = set(change["new"])
        self._syncing = True  # the boxes follow the trait without echoing back
        try:
            for fid, box in self.checkboxes.items():
                box.value = fid in chosen
        finally:
            self._syncing = False
        old = change["old"] if isinstance(change["old"], tuple) else ()
        new = [f for f in change["new"] if f not in set(old)]
        if new:
            self._last = new[0]
        self._show(screen(change["new"]), announce=bool(new))

    def _on_box(self, change: Any, fid: str) -> None:
        if self._syncing:
            return
        if change["new"]:
            self._last = fid
        self.ticked = tuple(f for f, box in self.checkboxes.items() if box.value)

    def _on_none(self) -> None:
        self.ticked = ()
        self.none_of_these += 1

    def _fold(self, change: Any, group: widgets.VBox, fold: widgets.ToggleButton, title: str) -> None:
        group.layout.display = "none" if change["new"] else None
        fold.description = "Show" if change["new"] else "Hide"
        fold.tooltip = f"{'Show' if change['new'] else 'Hide'} the {title.lower()} signs"

    def _show(self, verdict: ScreenVerdict, *, announce: bool = False) -> None:
        if verdict.level == "emergency":
            self.emergency_panel.value = _verdict_html(verdict)
            self.verdict_box.children = (self.emergency_panel,)
        elif verdict.level == "same day":
            self.same_day_panel.value = _verdict_html(verdict)
            self.verdict_box.children = (self.same_day_panel,)
        else:
            self.note.value = _verdict_html(verdict)
            self.verdict_box.children = (self.note,)
        # the verdict sits under the box ticked last (else under the most urgent one still ticked,
        # else at the end): where the person is looking, not off screen at the bottom
        where = self._last if self._last in verdict.flags else (verdict.flags[0] if verdict.flags else "")
        # taken out of its old place before it is put in the new one: the page never shows it twice
        slots = [*self._slots.items(), ("", self._end_slot)]
        for fid, slot in slots:
            if fid != where and slot.children:
                slot.children = ()
        for fid, slot in slots:
            if fid == where and slot.children != (self.verdict_box,):
                slot.children = (self.verdict_box,)
        if announce and where:
            self.spoken.value = (f"<div aria-live='assertive' aria-atomic='true' role='alert' "
                                 f"class='visually-hidden-backnotes' style='position:absolute;width:1px;height:1px;"
                                 f"overflow:hidden;clip:rect(0 0 0 0)'>{escape(verdict.headline)}</div>")
            self._script.outputs = ()
            self._script.append_display_data(Javascript(_SCROLL_JS % {"cls": json.dumps(self._uid)[1:-1]}))
        elif not verdict.flags:
            self.spoken.value = ""
        self.level = verdict.level
        self.urgent = verdict.urgent
