"""``Journal.report_html``: the one-page appointment report (its one-page print is checked in
tests/browser/test_report_pdf.py)."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
import textwrap
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from backnotes.content import red_flags
from backnotes.journal import Journal, JournalError, demo_journal

REPO = Path(__file__).resolve().parents[1]


class _Page(HTMLParser):
    """The parts of the report a test reads: images (alt, decoded SVG), headings, all text."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[tuple[str, str]] = []
        self.headings: list[str] = []
        self.text: list[str] = []
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "img":
            src = a.get("src") or ""
            assert src.startswith("data:image/svg+xml;base64,"), src[:40]  # inline: the file stands alone
            self.images.append((a.get("alt") or "", base64.b64decode(src.split(",", 1)[1]).decode("utf-8")))
        self._in_heading = tag in ("h1", "h2")

    def handle_endtag(self, tag: str) -> None:
        self._in_heading = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_heading:
            self.headings.append(data.strip())


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def demo():
    with demo_journal() as j:
        j.log_red_flags(["fever"], at="2026-06-10 09:00")
        j.log_red_flags(["fever", "night-pain"], at="2026-07-01 21:00")
        yield j


def test_report_has_every_part_with_figures_and_alt_text(demo: Journal, tmp_path: Path) -> None:
    path = demo.report_html(tmp_path / "report.html")
    page = parse(path)
    text = " ".join(page.text)
    assert page.headings[:1] == ["Pain journal report"]
    assert {"Exercise sessions", "Red flags", "Sessions after which pain rose"} <= set(page.headings)
    # the summary paragraph is insights.clinician_summary's text
    assert "Back pain, average of the first 14 days 4.6/10" in text and "Leg pain, average of the first 14 days 5.1/10" in text
    assert "clinically important" in text
    assert "Session lights: " in text and "1 red (11 Jul)" in text
    assert len(page.images) == 3
    alts = [alt for alt, _svg in page.images]
    assert alts[0].startswith("Pain over time: 112 reports from 01 Jun 2026 to 23 Aug 2026")
    assert "moved back up the leg" in alts[1]
    assert alts[2].startswith("Exercise sessions per day") and "48 sessions over 12 weeks" in alts[2]
    for _alt, svg in page.images:
        assert svg.startswith("<svg") and "</svg>" in svg
    # the band of important change is drawn: its legend text is in the pain picture
    assert "clinically important improvement" in page.images[0][1]
    # flagged sessions: the demo has six; red flags: fever twice, night pain once
    html = path.read_text(encoding="utf-8")
    from backnotes.insights import flag_sessions
    n = len(flag_sessions(demo.sessions()))
    assert n >= 5 and len(re.findall(r"<td class='nw'>\d+ &rarr; \d+</td>", html)) == 5
    assert ("earlier." in text) is (n > 5)
    last = flag_sessions(demo.sessions()).iloc[-1]  # the latest flagged session, as a row
    assert (f"<td class='nw'>{last['at']:%d %b %y}</td><td>{escape(str(last['routine']))}</td>"
            f"<td class='nw'>{last['pain_before']} &rarr; {last['pain_after']}</td>") in html
    flags = red_flags()
    fever, night = (escape(str(flags.loc[f, "label"])) for f in ("fever", "night-pain"))
    assert re.findall(r"<span class='flag'>(.*?)</span>", html) == [
        f"{fever} (2x, last 01 Jul 26)", f"{night} (1x, last 01 Jul 26)"]
    tier = escape(str(flags.loc["fever", "urgency"]))
    assert f"<p class='flag-{tier}'><strong>{tier}:</strong>" in html
    # print CSS for one page, no fixed paper size (the printer's A4 or Letter is used)
    assert "@page { margin: 8mm; }" in html and "size:" not in html.split("@page", 1)[1].split("}", 1)[0]


def test_since_leaves_out_what_came_before(demo: Journal, tmp_path: Path) -> None:
    page = parse(demo.report_html(tmp_path / "r.html", since="2026-07-01"))
    text = " ".join(page.text)
    assert "period: 01 Jul 2026 onwards" in text
    assert page.images[0][0].startswith("Pain over time: ") and "from 01 Jul 2026" in page.images[0][0]
    n = len(demo.pain().query("at >= '2026-07-01 00:00+01:00'"))
    assert f"{n} reports" in page.images[0][0]
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    fever = escape(str(red_flags().loc["fever", "label"]))
    assert f"{fever} (1x, last 01 Jul 26)" in html  # its June tick is before the period


def test_an_empty_journal_gives_a_report_that_says_so(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite", tz="UTC") as j:
        page = parse(j.report_html(tmp_path / "r.html"))
    text = " ".join(page.text)
    assert "Nothing logged in this period yet." in text
    assert "No exercise sessions logged in this period." in text
    assert "None ticked in the red-flag list" in text
    alts = [alt for alt, _ in page.images]
    assert alts[0] == "Pain over time: no pain reports in this period."
    assert alts[1].startswith("How far down the leg and which side: No leg reports yet")
    assert alts[2].endswith("No exercise sessions logged in this period.")


def test_bad_since_and_bad_paths_are_journal_errors(demo: Journal, tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="since"):
        demo.report_html(tmp_path / "r.html", since="last tuesday-ish")
    with pytest.raises(JournalError, match="cannot write"):
        demo.report_html(tmp_path)  # a folder
    assert not list(tmp_path.glob(".report-*"))


def test_red_flags_are_stored_and_checked(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite", tz="UTC") as j:
        assert j.red_flags().empty
        with pytest.raises(JournalError, match="'nope' is not a red flag; allowed: 'trauma', .*'saddle-numbness'"):
            j.log_red_flags(["fever", "nope"], at="2026-03-01 08:00")
        assert j.red_flags().empty  # nothing half-written
        assert j.log_red_flags(["fever", "fever", "saddle-numbness"], at="2026-03-01 08:00") == 2
    with Journal(tmp_path / "j.sqlite", tz="UTC") as j:  # kept on disk
        flags = j.red_flags()
        assert flags["flag"].tolist() == ["fever", "saddle-numbness"]
        assert str(flags["at"].iloc[0]) == "2026-03-01 08:00:00+00:00"


def test_the_report_module_loads_no_matplotlib_until_a_report_is_made() -> None:
    code = textwrap.dedent("""
        import json, sys
        import backnotes.report
        print(json.dumps("matplotlib" in sys.modules))
    """)
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) is False
