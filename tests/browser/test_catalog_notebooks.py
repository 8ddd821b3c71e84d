"""Notebooks 00 and 01 run top to bottom in a real JupyterLab, their widgets render, and the exercise
browser in notebook 01 answers a click on a body-area toggle."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import backnotes

pytestmark = pytest.mark.browser

REPO_DOCS = Path(__file__).resolve().parents[2] / "docs"
COUNT = re.compile(r"(\d+) of (\d+) exercises")


@pytest.mark.parametrize("name", ["00_start_here", "01_exercise_catalog"])
def test_notebook_runs_clean_and_widgets_render(lab, name):
    nb = lab.open(name)
    expected = nb.run_clean()
    if name == "01_exercise_catalog":
        assert expected >= 1, "notebook 01 shows the exercise browser"
        assert nb.images() >= 1, "notebook 01 draws the body map"


def _count(browser) -> tuple[int, int]:
    text = browser.locator(".backnotes-count").first.inner_text()
    match = COUNT.search(text)
    assert match, f"count label {text!r} does not read 'N of M exercises'"
    return int(match[1]), int(match[2])


def test_area_toggle_changes_the_count(lab):
    nb = lab.open("01_exercise_catalog")
    nb.run_all()
    assert nb.errors() == []
    browser = nb.node.locator(".backnotes-exercise-browser").first
    shown, total = _count(browser)
    assert shown == total  # nothing chosen yet: every exercise

    catalog = backnotes.load_exercises()
    calves = len(backnotes.filter_exercises(catalog, areas=["calves"]))
    assert 0 < calves < total  # so the click must change the label

    toggle = browser.locator(".backnotes-area-toggle", has_text="calves").first
    toggle.click()
    nb.page.wait_for_function(
        "(el) => !/^\\s*(\\d+) of \\1 exercises/.test(el.innerText)",
        arg=browser.locator(".backnotes-count").first.element_handle(), timeout=15_000)
    assert _count(browser) == (calves, total)

    toggle.click()  # and back: every exercise again
    nb.page.wait_for_function(
        "(el) => /^\\s*(\\d+) of \\1 exercises/.test(el.innerText)",
        arg=browser.locator(".backnotes-count").first.element_handle(), timeout=15_000)
    assert _count(browser) == (total, total)


def test_readme_screenshot(lab, request):
    """Notebook 01's exercise browser with the body map beside it, as the README shows it.

    Always taken (into the test's tmp folder); ``--update-screenshots`` (or
    ``python docs/make_screenshots.py``) also writes it to ``docs/screenshot-catalog.png``.
    """
    nb = lab.open("01_exercise_catalog")
    nb.run_all()
    assert nb.errors() == []
    lab.collapse_sidebars()
    nb.output_view(nb.cell_index("body_map("))
    nb.page.locator(".jp-LinkedOutputView img").first.wait_for(state="visible", timeout=30_000)

    browser_cell = nb.cell_index("ExerciseBrowser(df)")
    browser = nb.cell(browser_cell).locator(".backnotes-exercise-browser")
    browser.locator(".backnotes-area-toggle", has_text="calves").first.click()
    picker = browser.locator("select").first
    picker.select_option(index=0)
    nb.page.wait_for_function("(el) => el.innerText.trim().length > 0",
                              arg=browser.locator(".backnotes-card").first.element_handle(), timeout=15_000)
    nb.scroll_to_cell(browser_cell, output=True)
    nb.page.wait_for_timeout(500)  # let the scroll and the card settle before the picture

    shot = lab.screenshot("screenshot-catalog")
    assert browser.locator(".backnotes-count").first.is_visible()
    assert shot.stat().st_size > 30_000  # a real picture, not a blank page
    if request.config.getoption("--update-screenshots"):
        target = REPO_DOCS / "screenshot-catalog.png"
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(shot.read_bytes())
