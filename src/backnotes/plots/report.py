"""The pictures of the appointment report (`backnotes.report`) as SVG text: pain over time with the
band of important change, leg extent and side over time, and exercise sessions per day. Sized for
one printed A4 or Letter page; text 9 pt or larger at that size."""

from __future__ import annotations

import io
from collections.abc import Callable

import matplotlib as mpl
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .progress import adherence_calendar, leg_extent_over_time, pain_over_time

__all__ = ["report_figures"]

#: Width of the figures in inches: the printable width of A4 with 8 mm margins is 7.64 in.
WIDTH_IN = 7.4


def _svg(draw: Callable[[Axes], object], height_in: float, width_in: float = WIDTH_IN) -> str:
    """Draw on a fresh Figure (no pyplot: nothing global) and return it as SVG text, with text kept
    as text (small, sharp in print) and no date stamp (the same journal gives the same file)."""
    with mpl.rc_context({"font.size": 9, "svg.fonttype": "none", "svg.hashsalt": "backnotes"}):
        fig = Figure(figsize=(width_in, height_in), layout="constrained")
        draw(fig.add_subplot())
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # drop the XML prolog and doctype: the SVG goes inline in HTML


def _fit_short_pain(ax: Axes) -> Axes:
    """The pain chart at the report's short height: every other pain number, the mild / moderate /
    severe words level (turned on their side they ran into each other) and the legend clear of the
    dates (printed over each other before)."""
    from ..measures import NPRS_BANDS

    ax.set_yticks(range(0, 11, 2))
    words = {str(band[0]) for band in NPRS_BANDS}
    for text in ax.texts:
        if text.get_text() in words:
            text.set_rotation(0)
    legend = ax.get_legend()
    if legend is not None:
        legend.set_bbox_to_anchor((0.5, -0.42), transform=ax.transAxes)
    return ax


def _fit_short_calendar(ax: Axes) -> Axes:
    """The sessions calendar at half width: Mon, Thu and Sun only (seven day names did not fit
    the rows' height and overlapped)."""
    ticks = ax.get_yticks()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    if len(ticks) == 7:
        ax.set_yticks(ticks[::3], labels[::3])
    return ax


def report_figures(pain: pd.DataFrame, sessions: pd.DataFrame, *, start: object = None,
                   end: object = None) -> dict[str, str]:
    """SVG text by name: ``"pain"`` and ``"leg"`` (full width), ``"sessions"`` (the adherence
    calendar from ``start`` to ``end`` when given; half width)."""
    return {
        # the short axis label: the long one does not fit the printed height (the caption explains 0-10)
        "pain": _svg(lambda ax: _fit_short_pain(pain_over_time(pain, ax=ax, title="Pain over time"))
                     .set_ylabel("pain (0-10)"), 2.05),
        "leg": _svg(lambda ax: leg_extent_over_time(pain, ax=ax).set_ylabel("reached down to"), 1.35),
        "sessions": _svg(lambda ax: _fit_short_calendar(
                             adherence_calendar(sessions, ax=ax, start=start, end=end, title="Sessions")),
                         1.4, WIDTH_IN / 2 - 0.1),
    }
