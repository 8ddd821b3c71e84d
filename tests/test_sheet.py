"""The printable sheet's pictures (backnotes.sheet); the sheet's text is tested in test_routine.py."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

from backnotes import Routine, RoutineItem, sheet

DAY = date(2026, 5, 4)


def test_sheet_shows_start_and_end_pictures_of_each_exercise() -> None:
    r = Routine.from_ids(["glute-bridge", "clamshell"], name="Pictures")
    page = r.to_html(date=DAY)
    assert page == sheet.to_html(r, date=DAY)  # Routine.to_html is a thin delegate
    svgs = re.findall(r"<svg .*?</svg>", page, flags=re.S)
    assert len(svgs) == 4
    for svg, (eid, frame) in zip(svgs, [("glute-bridge", "start"), ("glute-bridge", "end"),
                                       ("clamshell", "start"), ("clamshell", "end")]):
        root = ET.fromstring(svg)
        assert root.get("data-exercise") == eid and root.get("role") == "img"
        assert "@keyframes" not in svg  # paper does not move
    assert page.count("<figcaption>Start</figcaption>") == 2 and page.count("<figcaption>End</figcaption>") == 2
    assert "@media print" in page  # the pictures turn grey on paper


def test_pictures_can_be_left_out() -> None:
    r = Routine.from_ids(["glute-bridge"])
    assert "<svg" not in r.to_html(date=DAY, pictures=False)


def test_exercises_without_pictures_still_print() -> None:
    item = RoutineItem("my-own-stretch", "hold", sets=1, reps=2, rest_s=5, hold_s=10, name="My own stretch")
    r = Routine("Mine", (item,))
    page = r.to_html(date=DAY)
    assert "My own stretch" in page and "<svg" not in page


def test_markdown_and_save_delegate(tmp_path) -> None:
    r = Routine.from_ids(["glute-bridge"], name="Saved")
    assert r.to_markdown(date=DAY) == sheet.to_markdown(r, date=DAY)
    path = r.save_html(tmp_path / "sheet.html", date=DAY)
    assert path.read_text(encoding="utf-8") == sheet.to_html(r, date=DAY)
