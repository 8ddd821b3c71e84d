"""Notebook 04 runs top to bottom in a real JupyterLab, and saving an entry in its log book adds a row to
the latest-entries table and redraws the pain plot."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

NOTE = "browser test entry 0412"


def test_pain_notebook_runs_and_logbook_saves(lab):
    nb = lab.open("04_pain_and_progress")
    assert nb.run_clean() >= 2
    assert nb.images() >= 5  # the five progress plots (and the log books' own plots)

    # the last form writes to "your own journal": under test, in the server's temporary BACKNOTES_HOME
    book = nb.cell(nb.cell_index("LogBook(journal)")).locator(".backnotes-logbook").first
    table = book.locator(".backnotes-logbook-table")
    assert NOTE not in table.inner_text()
    rows_before = table.locator("tbody tr").count()  # 0 unless another notebook logged there first
    image = book.locator(".backnotes-logbook-plot img")  # inside a <figure>, with alt text
    src_before = image.get_attribute("src")
    assert src_before and src_before.startswith("data:image/png;base64,")
    assert "Chart of pain over time" in (image.get_attribute("alt") or "")

    book.locator("textarea").first.fill(NOTE)
    book.locator("button", has_text="No leg pain").click()  # nothing is pre-filled: answer one slider
    book.locator("button", has_text="Save").click()
    message = book.locator(".backnotes-logbook-message")
    try:
        nb.page.wait_for_function(
            "([el, note]) => el.innerText.includes(note)", arg=[table.element_handle(), NOTE], timeout=30_000)
    except Exception:
        lab.screenshot("logbook-not-saved")
        pytest.fail(f"no new row after Save; the form says: {message.inner_text()!r}")

    assert table.locator("tbody tr").count() == min(rows_before + 1, 8)  # the table shows the latest 8
    assert NOTE in table.locator("tbody tr").first.inner_text()
    assert "Saved" in book.locator(".backnotes-logbook-message").inner_text()
    nb.page.wait_for_function(  # the widget stays; the <img> inside it is replaced by the redraw
        "([el, old]) => { const i = el.querySelector('img'); return !!i && i.getAttribute('src') !== old; }",
        arg=[book.locator(".backnotes-logbook-plot").element_handle(), src_before], timeout=30_000)
    lab.screenshot("logbook-saved")
