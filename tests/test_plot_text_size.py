"""Every plot function's text is at least 9 pt, and every figure has a text alternative (issue 11).

Walks every visible text artist (titles, tick labels, legends, colour bars, annotations) of a figure
drawn by each public function in `backnotes.plots`, with realistic data (the demo journal, the bundled
catalog and routines)."""

from __future__ import annotations

import re

import matplotlib
import pytest
from matplotlib.text import Text

import backnotes
from backnotes import plots
from backnotes.journal import demo_journal

MIN_PT = 9.0


@pytest.fixture(scope="module")
def frames():
    demo = demo_journal()
    return {"pain": demo.pain(), "sessions": demo.sessions(), "sets": demo.sets()}


def _draw(name: str, frames):
    catalog = backnotes.load_exercises()
    calls = {
        "body_map": lambda: plots.body_map(backnotes.count_by_area(catalog)),
        "sciatic_nerve_map": lambda: plots.sciatic_nerve_map(),
        "pain_over_time": lambda: plots.pain_over_time(frames["pain"]),
        "sets_cut_short": lambda: plots.sets_cut_short(frames["sets"]),
        "adherence_calendar": lambda: plots.adherence_calendar(frames["sessions"]),
        "pain_before_after": lambda: plots.pain_before_after(frames["sessions"]),
        "pain_locations": lambda: plots.pain_locations(frames["pain"]),
        "leg_extent_over_time": lambda: plots.leg_extent_over_time(frames["pain"]),
        "routine_time_budget": lambda: plots.routine_time_budget(
            [backnotes.load_routine("gentle-start"), backnotes.load_routine("article-full")]),
    }
    return calls[name]()


PLOT_FUNCTIONS = [n for n in plots.__all__ if n not in plots.HELPERS]


def test_every_plot_function_is_covered():
    assert set(PLOT_FUNCTIONS) == {"body_map", "sciatic_nerve_map", "pain_over_time", "sets_cut_short",
                                   "adherence_calendar", "pain_before_after", "pain_locations",
                                   "routine_time_budget", "leg_extent_over_time"}


@pytest.mark.parametrize("name", PLOT_FUNCTIONS)
def test_plot_text_is_at_least_9_pt(name, frames):
    import matplotlib.pyplot as plt

    ax = _draw(name, frames)
    fig = ax.figure
    fig.draw_without_rendering()  # tick labels exist only once drawn
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert len(texts) >= 3
    small = sorted({(round(t.get_fontsize(), 1), t.get_text()[:30]) for t in texts if t.get_fontsize() < MIN_PT})
    plt.close(fig)
    assert small == [], f"{name}: text under {MIN_PT} pt: {small}"


@pytest.mark.parametrize("name", PLOT_FUNCTIONS)
def test_every_figure_is_shown_with_alt_text(name, frames):
    html = plots.figure_html(_draw(name, frames))
    assert html.startswith("<figure") and "<img " in html
    alt = re.search(r'alt="([^"]+)"', html).group(1)
    assert len(alt) > 20 and not alt.startswith("Chart: untitled")
    assert matplotlib.pyplot.get_fignums() == []  # the pyplot figure is closed: not shown twice


def test_alt_text_comes_from_the_data(frames):
    pain = frames["pain"]
    alt = plots.alt_of(plots.pain_over_time(pain))
    assert f"{len(pain)} reports" in alt
    assert f"scores from {pain['score'].min():g} to {pain['score'].max():g}" in alt
    counts = backnotes.count_by_area(backnotes.load_exercises())
    alt = plots.alt_of(plots.body_map(counts))
    top = counts.sort_values(ascending=False, kind="stable").index[0]
    assert alt.startswith("Body map shaded by exercises per body area: " + f"{top} {counts[top]:g}")
    matplotlib.pyplot.close("all")
