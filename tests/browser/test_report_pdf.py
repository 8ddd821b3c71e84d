"""The appointment report prints on exactly one page, A4 and Letter: Chromium prints it to PDF
(Playwright's ``page.pdf``, the browser's own print engine) and the PDF's pages are counted.

The journal is the fullest the report can be: the 12-week demo (six flagged sessions, the longest
summary) with every red flag ticked, several times, and reports of pain in both legs."""

from __future__ import annotations

from pathlib import Path

import pytest

from backnotes.content import red_flags
from backnotes.journal import demo_journal

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def fullest_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with demo_journal() as j:
        flags = list(red_flags().index)
        for day in ("2026-06-03", "2026-07-08", "2026-08-20"):
            j.log_red_flags(flags, at=f"{day} 09:00")
        if "side" in j.pain().columns:  # schema v2: pain in both legs is listed with the red flags
            for day in ("2026-06-04", "2026-06-05"):
                j.log_pain(7, at=f"{day} 20:00", areas=["glutes", "calves"], leg_extent="below knee", side="both")
        return j.report_html(tmp_path_factory.mktemp("report") / "report.html")


def test_pdf_page_count_counts_pages(lab_browser, pdf_pages) -> None:
    """The counter itself: a page forced to break in two prints as two pages."""
    page = lab_browser.new_page()
    try:
        page.set_content("<p>one</p><p style='break-before: page'>two</p>")
        assert pdf_pages(page.pdf(format="A4")) == 2
    finally:
        page.close()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_report_prints_on_one_page(lab_browser, pdf_pages, fullest_report: Path, paper: str,
                                       tmp_path: Path) -> None:
    page = lab_browser.new_page()
    try:
        page.goto(fullest_report.as_uri())
        page.emulate_media(media="print")
        # every picture decoded and laid out before printing, with its text alternative
        images = page.locator("img")
        assert images.count() == 3
        for i in range(3):
            assert page.evaluate("img => img.complete && img.naturalWidth > 0", images.nth(i).element_handle())
            assert images.nth(i).get_attribute("alt")
        assert page.locator("span.flag").count() >= len(red_flags())  # every flag is listed
        pdf = page.pdf(format=paper, print_background=True)
        (tmp_path / f"report-{paper}.pdf").write_bytes(pdf)  # kept with the test's files for a look
        assert pdf_pages(pdf) == 1
    finally:
        page.close()
