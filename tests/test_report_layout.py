"""The appointment report's pictures at their printed size: no words printed over each other (by the
bounding boxes of every level text: the mild / moderate / severe words, the pain numbers, the day
names, the legend against the dates)."""

from __future__ import annotations

import itertools

import matplotlib as mpl
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from backnotes.journal import demo_journal
from backnotes.plots.progress import adherence_calendar, pain_over_time
from backnotes.plots.report import (PAIN_HEIGHT_IN, SESSIONS_HEIGHT_IN, WIDTH_IN, _fit_short_calendar,
                                    _fit_short_pain)


def _overlaps(fig: Figure) -> list[tuple[str, str]]:
    FigureCanvasAgg(fig)
    fig.draw_without_rendering()  # lays the figure out (constrained layout) as it is saved
    renderer = fig.canvas.get_renderer()
    # rotated texts (the slanted dates) are left out: their boxes overlap where the letters do not
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip() and t.get_rotation() % 180 == 0]
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2)
            if box_a.width > 0 and box_b.width > 0 and box_a.overlaps(box_b)]


@pytest.fixture(scope="module")
def frames():
    with demo_journal() as j:
        return j.pain(), j.sessions()


def test_the_pain_chart_words_do_not_overlap(frames) -> None:
    pain, _ = frames
    with mpl.rc_context({"font.size": 9}):
        raw = Figure(figsize=(WIDTH_IN, PAIN_HEIGHT_IN), layout="constrained")
        pain_over_time(pain, ax=raw.add_subplot(), title="Pain over time")
        fitted = Figure(figsize=(WIDTH_IN, PAIN_HEIGHT_IN), layout="constrained")
        _fit_short_pain(pain_over_time(pain, ax=fitted.add_subplot(), title="Pain over time"))
    assert _overlaps(raw)  # the check sees the problem the report had at this height
    assert _overlaps(fitted) == []


def test_the_calendar_day_names_do_not_overlap(frames) -> None:
    _, sessions = frames
    with mpl.rc_context({"font.size": 9}):
        fig = Figure(figsize=(WIDTH_IN / 2 - 0.1, SESSIONS_HEIGHT_IN), layout="constrained")
        ax = _fit_short_calendar(adherence_calendar(sessions, ax=fig.add_subplot(), title="Sessions"))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Mon", "Thu", "Sun"]
    assert _overlaps(fig) == []
