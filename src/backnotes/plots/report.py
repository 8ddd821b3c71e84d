"""The pictures of the appointment report (`backnotes.report`) as SVG text: pain over time with the
band of important change, leg extent and side over time, and exercise sessions per day. Sized for
one printed A4 or Letter page; text 9 pt or larger at that size."""

from __future__ import annotations

import io
from collections.abc import Callable

import matplotlib as mpl
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .progress import adherence_calendar, leg_extent_over_time, pain_over_time

__all__ = ["report_figures"]

#: Width of the figures in inches: the printable width of A4 with 8 mm margins is 7.64 in.
WIDTH_IN = 7.4
#: Heights in inches of the pain, leg and sessions pictures: with the text, one page on A4 and Letter.
PAIN_HEIGHT_IN, LEG_HEIGHT_IN, SESSIONS_HEIGHT_IN = 1.85, 1.3, 1.4


def _svg(draw: Callable[[Axes], object], height_in: float, width_in: float = WIDTH_IN) -> str:
    """Draw on a fresh Figure (no pyplot: nothing global) and return it as SVG text, with text kept
    as text (small, sharp in print) and no date stamp (the same journal gives the same file)."""
    with mpl.rc_context({"font.size": 9, "svg.fonttype": "none", "svg.hashsalt": "backnotes"}):
        fig = Figure(figsize=(width_in, height_in), layout="constrained")
        fig.get_layout_engine().set(h_pad=0.02, w_pad=0.02)  # half the default padding: one page
        draw(fig.add_subplot())
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # drop the XML prolog and doctype: the SVG goes inline in HTML


def _no_offset(ax: Axes) -> Axes:
    """No year line under the dates (it took a line of the page's height; the report states the
    period in its summary)."""
    formatter = ax.xaxis.get_major_formatter()
    if isinstance(formatter, mdates.ConciseDateFormatter):
        formatter.show_offset = False
    return ax


def _fit_short_pain(ax: Axes) -> Axes:
    """The pain chart at the report's short height: every other pain number, the mild / moderate /
    severe words level (turned on their side they ran into each other) and the legend clear of the
    dates, below the chart as a figure legend that the layout makes room for (placed by hand it was
    cut off at the foot of the picture)."""
    from ..measures import NPRS_BANDS

    ax.set_yticks(range(0, 11, 2))
    words = {str(band[0]) for band in NPRS_BANDS}
    for text in ax.texts:
        if text.get_text() in words:
            text.set_rotation(0)
    _no_offset(ax)
    legend = ax.get_legend()
    if legend is not None:
        handles, labels = legend.legend_handles, [t.get_text() for t in legend.get_texts()]
        legend.remove()
        ax.figure.legend(handles, labels, loc="outside lower center", ncols=2, fontsize=9, frameon=False,
                         borderaxespad=0.1, handlelength=1.6, columnspacing=1.2, labelspacing=0.2)
    return ax


def _fit_short_calendar(ax: Axes) -> Axes:
    """The sessions calendar at half width: Mon, Thu and Sun only (seven day names did not fit
    the rows' height and overlapped), and at most 4 week dates (more ran into each other)."""
    ticks = ax.get_yticks()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    if len(ticks) == 7:
        ax.set_yticks(ticks[::3], labels[::3])
    xticks = list(ax.get_xticks())
    xlabels = [t.get_text() for t in ax.get_xticklabels()]
    if len(xticks) > 4:
        step = -(-len(xticks) // 4)
        ax.set_xticks(xticks[::step], xlabels[::step], fontsize=9, rotation=30, ha="right",
                      rotation_mode="anchor")
    # the title over the whole picture, not the squares (centred on them, a long one ran off the left)
    title = ax.get_title()
    if title:
        ax.set_title("")
        ax.figure.suptitle(title, fontsize=9.5)
    return ax


def report_figures(pain: pd.DataFrame, sessions: pd.DataFrame, *, start: object = None,
                   end: object = None, title: str = "Sessions") -> dict[str, str]:
    """SVG text by name: ``"pain"`` and ``"leg"`` (full width), ``"sessions"`` (the adherence
    calendar from ``start`` to ``end`` when given; half width)."""
    return {
        # the short axis label: the long one does not fit the printed height (the caption explains 0-10)
        "pain": _svg(lambda ax: _fit_short_pain(pain_over_time(pain, ax=ax, title="Pain over time"))
                     .set_ylabel("pain (0-10)"), PAIN_HEIGHT_IN),
        "leg": _svg(lambda ax: _no_offset(leg_extent_over_time(pain, ax=ax)).set_ylabel("reached down to"),
                    LEG_HEIGHT_IN),
        "sessions": _svg(lambda ax: _fit_short_calendar(
                             adherence_calendar(sessions, ax=ax, start=start, end=end, title=title)),
                         SESSIONS_HEIGHT_IN, WIDTH_IN / 2 - 0.1),
    }
