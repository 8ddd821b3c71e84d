"""RedFlagCheck: a tick list of the red flags that mean "see a doctor, don't exercise".

The verdict comes from the core (`backnotes.content.screen`); this widget only shows it.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets
import traitlets

from ..content import ScreenVerdict, red_flags, screen
from ._a11y import accessible

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
    "emergency": "Emergency: stop and get emergency care now if you have any of these:",
    "same day": "Same day: stop and get seen by a doctor today if you have any of these:",
    "soon": "Soon: see a doctor within about two weeks, before you exercise, if you have any of these:",
}


def _css(level: str) -> str:
    """``"same day"`` -> ``"same-day"``: a css-class-safe tier name."""
    return level.replace(" ", "-")


def _verdict_html(verdict: ScreenVerdict) -> str:
    items = "".join(f"<li>{escape(a)}</li>" for a in verdict.advice)
    style = _STYLES.get(verdict.level, _CLEAR_STYLE)
    if verdict.urgent:  # emergency or same day: an alert, read out by screen readers at once
        return (
            f'<div style="{style}" role="alert"><div style="font-size:1.3em; font-weight:bold">'
            f"{escape(verdict.headline)}</div><ul style='margin:6px 0 0 0'>{items}</ul></div>"
        )
    return (
        f'<div style="{style}"><div style="font-weight:bold">{escape(verdict.headline)}</div>'
        f"<ul style='margin:4px 0 0 0'>{items}</ul></div>"
    )


class RedFlagCheck(widgets.VBox):
    """A tick list of red flags in three groups (emergency, same day, soon), with a verdict below.

    An emergency tick shows a panel (css classes ``backnotes-urgent-panel`` and
    ``backnotes-emergency-panel``) that starts "Stop — get emergency care now"; a same-day tick (and
    no emergency) shows a panel (``backnotes-urgent-panel`` and ``backnotes-same-day-panel``) that
    starts "Stop — get seen by a
    doctor today"; only "soon" ticks show a calmer note; nothing ticked says so and that the list is
    not a medical check.

    Traitlets: ``ticked`` (tuple of red-flag ids, most urgent first; settable), ``urgent`` (bool:
    an emergency or same-day flag is ticked), ``level`` ("emergency", "same day", "soon" or
    "clear"). ``checkboxes`` maps each id to its Checkbox (css classes ``backnotes-redflag`` and
    ``backnotes-redflag-<tier>``, tier ``emergency``, ``same-day`` or ``soon``);
    ``emergency_panel`` (also ``urgent_panel``), ``same_day_panel`` and ``note`` are the verdict
    widgets.

    Example (in a notebook)::

        check = RedFlagCheck()
        check.checkboxes["bladder-bowel"].value = True   # what a click does
        check.level                                       # "emergency": the emergency panel shows
    """

    ticked = traitlets.Tuple(help="ids of the ticked red flags, most urgent first")
    urgent = traitlets.Bool(False, help="True while an emergency or same-day red flag is ticked")
    level = traitlets.Unicode("clear", help='the verdict: "emergency", "same day", "soon" or "clear"')

    def __init__(self, **kwargs: Any) -> None:
        flags = red_flags()
        self.checkboxes: dict[str, widgets.Checkbox] = {}
        rows: list[widgets.Widget] = [
            widgets.HTML("<b>Red flags: check these before you exercise.</b> Tick any that apply to you now.")
        ]
        for urgency, heading in _GROUPS.items():
            rows.append(widgets.HTML(f"<b>{escape(heading)}</b>"))
            for fid, row in flags[flags["urgency"] == urgency].iterrows():
                box = widgets.Checkbox(
                    value=False,
                    description=str(row["label"]),
                    indent=False,
                    layout=widgets.Layout(width="auto", flex="0 0 auto"),
                )
                box.add_class("backnotes-redflag")
                box.add_class(f"backnotes-redflag-{_css(urgency)}")
                box.observe(self._on_box, names="value")
                self.checkboxes[str(fid)] = box
                detail = widgets.HTML(
                    f"<span style='opacity:0.8'>{escape(str(row['sign']))}</span>",
                    layout=widgets.Layout(flex="1 1 auto", margin="0 0 0 8px"),
                )
                rows.append(widgets.HBox([box, detail], layout=widgets.Layout(align_items="center")))
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
        self._syncing = False
        super().__init__(children=[*rows, self.verdict_box], **kwargs)
        self.add_class("backnotes-redflag-check")
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
        self._show(screen(change["new"]))

    def _on_box(self, _change: Any) -> None:
        if not self._syncing:
            self.ticked = tuple(fid for fid, box in self.checkboxes.items() if box.value)

    def _show(self, verdict: ScreenVerdict) -> None:
        if verdict.level == "emergency":
            self.emergency_panel.value = _verdict_html(verdict)
            self.verdict_box.children = (self.emergency_panel,)
        elif verdict.level == "same day":
            self.same_day_panel.value = _verdict_html(verdict)
            self.verdict_box.children = (self.same_day_panel,)
        else:
            self.note.value = _verdict_html(verdict)
            self.verdict_box.children = (self.note,)
        self.level = verdict.level
        self.urgent = verdict.urgent
