"""Accessibility pieces outside the browser: alt text written from the data, the player's live-region
text, the focus ring's contrast and the shared stylesheet (issue 11). The browser side is in
tests/browser/test_accessibility.py."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from backnotes import Routine
from backnotes.alt_text import counts_alt, generic_alt, pain_over_time_alt
from backnotes.timing import Timer, announcement, plan


def test_counts_alt_names_the_largest_first_and_skips_zeros():
    text = counts_alt({"calves": 3, "glutes": 0, "lower back": 5})
    assert text == ("Body map shaded by exercises per body area: lower back 5, calves 3; "
                    "none for the other areas.")
    assert "no area has any yet" in counts_alt({}, what="pain reports")
    many = counts_alt({a: i + 1 for i, a in enumerate(["neck", "upper back", "lower back", "hips", "glutes",
                                                        "hamstrings", "calves", "quadriceps"])}, top=3)
    assert "5 more areas with fewer" in many and many.index("quadriceps 8") < many.index("calves 7")


def test_pain_over_time_alt_from_the_reports():
    pain = pd.DataFrame({
        "at": pd.to_datetime(["2026-03-01 08:00", "2026-03-03 08:00", "2026-03-20 08:00", "2026-03-22 08:00"],
                             utc=True),
        "score": [6, 8, 3, 2]})
    text = pain_over_time_alt(pain)
    assert "4 reports from 01 Mar 2026 to 22 Mar 2026" in text
    assert "scores from 2 to 8" in text
    assert "average 7 in the first week and 2.5 in the last week" in text
    assert pain_over_time_alt(pain.iloc[:0]) == "Chart of pain over time: no pain reports yet."


def test_generic_alt():
    assert generic_alt("Time per area", "minutes", "") == "Chart: Time per area; across: minutes."


def test_announcement_changes_with_steps_and_state_only():
    timer = Timer(plan(Routine.from_ids(["forearm-press-up"])), clock=lambda: 0.0)
    assert announcement(timer).startswith("Ready to start. Step 1 of ")
    t = [0.0]
    timer = Timer(plan(Routine.from_ids(["forearm-press-up"])), clock=lambda: t[0], wait_for_ready=False)
    timer.start()
    first = announcement(timer)
    t[0] = 2.0
    timer.tick()
    assert announcement(timer) == first  # seconds pass: the same words
    t[0] = timer.phases[0].seconds + 0.5  # past the get-down to the mat
    timer.tick()
    assert announcement(timer).startswith("Step 2 of ") and announcement(timer) != first
    timer.pause()
    assert announcement(timer).startswith("Paused. Step 2")
    timer.stop()
    assert announcement(timer) == "Session stopped."


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_focus_ring_is_3px_and_at_least_3_to_1():
    from backnotes.widgets._a11y import CSS, FOCUS_COLOUR

    assert contrast("#ffffff", "#000000") == pytest.approx(21.0)
    # the ring sits on a white halo, so it contrasts with the halo whatever the page's background
    assert contrast(FOCUS_COLOUR, "#ffffff") >= 3.0
    assert contrast(FOCUS_COLOUR, "#111111") < 3.0 and contrast("#ffffff", "#111111") >= 3.0  # why the halo
    ring = re.search(r":focus-visible \{(.*?)\}", CSS, re.S).group(1)
    assert f"outline: 3px solid {FOCUS_COLOUR}" in ring and "0 0 0 2px #fff" in ring
    assert ".backnotes-widget .widget-hbox { flex-wrap: wrap; }" in CSS


def test_installer_is_decorative_and_added_once():
    import ipywidgets as W

    from backnotes.widgets._a11y import a11y_html, accessible

    html = a11y_html()
    assert "alt=''" in html and "aria-hidden='true'" in html and "onload=" in html
    box = accessible(W.VBox([W.Button(description="x")]))
    accessible(box)
    assert len(box.children) == 2 and "backnotes-widget" in box._dom_classes
