"""Notebooks 00 and 05 run top to bottom in a real JupyterLab, and the red-flag tick list in notebook 00
shows the urgent panel when an urgent sign is ticked (and hides it again when unticked)."""

from __future__ import annotations

import pytest

import backnotes

pytestmark = pytest.mark.browser

URGENT_HEADLINE = "Stop — get urgent care now"


# notebook 00 is also run clean in test_catalog_notebooks.py; here it is run for the red-flag test
def test_students_notebook_runs_clean(lab):
    nb = lab.open("05_for_physiotherapy_students")
    nb.run_clean()
    assert nb.images() >= 1, "notebook 05 draws the sciatic nerve map"


def test_ticking_an_urgent_red_flag_shows_the_urgent_panel(lab):
    nb = lab.open("00_start_here")
    nb.run_all()
    assert nb.errors() == []
    check = nb.node.locator(".backnotes-redflag-check").first
    check.wait_for(state="visible", timeout=30_000)
    flags = backnotes.red_flags()
    boxes = check.locator(".backnotes-redflag input[type=checkbox]")
    assert boxes.count() == len(flags)
    panel = check.locator(".backnotes-urgent-panel")
    assert panel.count() == 0
    assert "No red flags ticked" in check.inner_text()

    # a "soon" sign alone: the calmer note, no urgent panel
    soon = check.locator(".backnotes-redflag-soon input[type=checkbox]").first
    soon.check()
    nb.page.wait_for_function("(el) => el.innerText.includes('See a doctor before you exercise')",
                              arg=check.element_handle(), timeout=15_000)
    assert panel.count() == 0

    # an urgent sign: the panel appears and says what to do
    urgent = check.locator(".backnotes-redflag-urgent input[type=checkbox]").first
    urgent.check()
    panel.first.wait_for(state="visible", timeout=15_000)
    text = panel.first.inner_text().strip()
    assert text.startswith(URGENT_HEADLINE), text
    assert "emergency" in text
    lab.screenshot("urgent-panel")

    # unticking it hides the panel again; the soon note comes back
    urgent.uncheck()
    panel.first.wait_for(state="detached", timeout=15_000)
    assert "See a doctor before you exercise" in check.inner_text()
