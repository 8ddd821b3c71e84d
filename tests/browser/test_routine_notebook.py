"""Notebook 02 in a real JupyterLab: it runs without errors, the builder renders, and adding an
exercise in the builder changes the total time shown on the page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TOTAL = ".backnotes-routine-builder .backnotes-total-time"


def _seconds(text: str) -> int:
    """'Total: 12 min 30 s (...)' -> 750."""
    match = re.search(r"Total:\s*(?:(\d+) min)?\s*(?:(\d+) s)?", text)
    assert match and (match.group(1) or match.group(2)), f"no total time in {text!r}"
    return int(match.group(1) or 0) * 60 + int(match.group(2) or 0)


def test_notebook_02_runs_and_the_builder_adds(lab) -> None:
    nb = lab.open("02_build_a_routine.ipynb")
    expected = nb.run_clean()  # no errors, every cell run, every widget live
    assert expected >= 1
    assert nb.images() >= 1  # the bar chart

    total = nb.page.locator(TOTAL).first
    total.scroll_into_view_if_needed()
    total.wait_for(state="visible")
    before_text = total.inner_text()
    before = _seconds(before_text)
    assert before > 0

    # pick "Wall calf raise" in the builder's own dropdown and press Add, as a person would
    builder = nb.page.locator(".backnotes-routine-builder").first
    builder.locator(".backnotes-builder-picker select").select_option(label="Wall calf raise")
    builder.locator("button.backnotes-builder-add").click()
    nb.page.wait_for_function(
        "([sel, old]) => { const n = document.querySelector(sel); return n && n.innerText !== old; }",
        arg=[TOTAL, before_text], timeout=30_000)
    after = _seconds(total.inner_text())
    assert after > before
    # the new row is drawn a moment later than the total: wait for it rather than read at once
    expect(builder.locator(".backnotes-routine-items")).to_contain_text("Wall calf raise", timeout=30_000)
    builder.locator(".backnotes-routine-items").scroll_into_view_if_needed()
    total.scroll_into_view_if_needed()
    lab.screenshot("builder")
