"""Issue 20 item 11: the appointment report is one A4 page for any journal. Ten years of daily pain
reports and sessions, a rise in pain every week, every red flag ticked once a month and pain in both
legs now and then, printed by Chromium (Playwright's ``page.pdf``) and the PDF's pages counted."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from backnotes.content import red_flags
from backnotes.journal import Journal

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def ten_year_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ten-years")
    days = pd.date_range("2016-01-01", "2025-12-31", freq="D")
    pain = "".join(f"{d:%Y-%m-%d} 08:00,{(d.day % 9) + 1},lower back; glutes; calves,"
                   f"{'both' if d.day == 15 else 'left'},below knee,note {i}\n" for i, d in enumerate(days))
    sessions = "".join(f"{d:%Y-%m-%d} 18:00,Gentle start,900,yes,2,{7 if d.day_of_week == 0 else 3}\n" for d in days)
    flags = "".join(f"{d:%Y-%m-%d} 09:00,{f}\n" for d in days if d.day == 1 for f in red_flags().index)
    files = {"pain": "at,score,areas,side,leg_extent,note\n" + pain,
             "sessions": "at,routine,duration_s,completed,pain_before,pain_after\n" + sessions,
             "red_flags": "at,flag\n" + flags}
    with Journal(folder / "j.sqlite", tz="Europe/Berlin") as j:
        for kind, text in files.items():
            (folder / f"{kind}.csv").write_text(text, encoding="utf-8")
            j.import_csv(folder / f"{kind}.csv", kind=kind)
        assert len(j.sessions()) == len(days) and len(j.red_flags()) == 120 * len(red_flags())
        return j.report_html(folder / "report.html")


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_ten_years_of_daily_data_print_on_one_page(lab_browser, pdf_pages, ten_year_report: Path, paper: str,
                                                   tmp_path: Path) -> None:
    page = lab_browser.new_page()
    try:
        page.goto(ten_year_report.as_uri())
        page.emulate_media(media="print")
        assert page.locator("span.flag").count() >= len(red_flags())  # every flag is still listed
        pdf = page.pdf(format=paper, print_background=True)
        (tmp_path / f"ten-years-{paper}.pdf").write_bytes(pdf)
        assert pdf_pages(pdf) == 1
    finally:
        page.close()
