"""Notebooks 00 and 05 run top to bottom in a real JupyterLab, and the red-flag tick list in notebook 00
shows the same-day panel for a same-day sign and the emergency panel for an emergency sign (and steps
back when they are unticked)."""

from __future__ import annotations

import pytest

import backnotes

pytestmark = pytest.mark.browser

EMERGENCY_HEADLINE = "Stop — get emergency care now"
SAME_DAY_HEADLINE = "Stop — get seen by a doctor today"


# notebook 00 is also run clean in test_catalog_notebooks.py; here it is run for the red-flag test
def test_students_notebook_runs_clean(lab):
    nb = lab.open("05_for_physiotherapy_students")
    nb.run_clean()
    assert nb.images() >= 1, "notebook 05 draws the sciatic nerve map"


def test_ticking_emergency_and_same_day_flags_shows_the_right_panel(lab):
    nb = lab.open("00_start_here")
    nb.run_all()
    assert nb.errors() == []
    check = nb.node.locator(".backnotes-redflag-check").first
    check.wait_for(state="visible", timeout=30_000)
    flags = backnotes.red_flags()
    boxes = check.locator(".backnotes-redflag input[type=checkbox]")
    assert boxes.count() == len(flags)
    emergency_panel = check.locator(".backnotes-emergency-panel")
    same_day_panel = check.locator(".backnotes-same-day-panel")
    assert emergency_panel.count() == 0 and same_day_panel.count() == 0
    assert "No red flags ticked" in check.inner_text() and "not a medical check" in check.inner_text()

    # a "soon" sign alone: the calmer note, no panel
    soon = check.locator(".backnotes-redflag-soon input[type=checkbox]").first
    soon.check()
    nb.page.wait_for_function("(el) => el.innerText.includes('See a doctor before you exercise')",
                              arg=check.element_handle(), timeout=15_000)
    assert check.locator(".backnotes-urgent-panel").count() == 0

    # a same-day sign: the same-day panel, not the emergency one
    same_day = check.locator(".backnotes-redflag-same-day input[type=checkbox]").first
    same_day.check()
    same_day_panel.first.wait_for(state="visible", timeout=15_000)
    text = same_day_panel.first.inner_text().strip()
    assert text.startswith(SAME_DAY_HEADLINE), text
    assert "today" in text and emergency_panel.count() == 0
    lab.screenshot("same-day-panel")

    # an emergency sign on top: the emergency panel replaces it and says what to do
    emergency = check.locator(".backnotes-redflag-emergency input[type=checkbox]").first
    emergency.check()
    emergency_panel.first.wait_for(state="visible", timeout=15_000)
    text = emergency_panel.first.inner_text().strip()
    assert text.startswith(EMERGENCY_HEADLINE), text
    assert "emergency" in text
    same_day_panel.first.wait_for(state="detached", timeout=15_000)
    lab.screenshot("emergency-panel")

    # unticking the emergency sign steps back to the same-day panel, then to the soon note
    emergency.uncheck()
    emergency_panel.first.wait_for(state="detached", timeout=15_000)
    same_day_panel.first.wait_for(state="visible", timeout=15_000)
    same_day.uncheck()
    same_day_panel.first.wait_for(state="detached", timeout=15_000)
    assert "See a doctor before you exercise" in check.inner_text()
