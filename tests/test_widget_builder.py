"""RoutineBuilder: set traits and call the button handlers directly, as a click would."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

import backnotes
from backnotes.routine import Routine, format_duration, routines_folder
from backnotes.widgets import ExerciseBrowser, RoutineBuilder

CATALOG = backnotes.load_exercises()


def _shown_total(b: RoutineBuilder) -> str:
    match = re.search(r"Total: ([^<(]+?)\s*<", b.total_label.value)
    assert match, b.total_label.value
    return match.group(1)


@pytest.fixture
def browser() -> ExerciseBrowser:
    return ExerciseBrowser()


def test_starts_empty_with_zero_total() -> None:
    b = RoutineBuilder()
    assert b.routine == Routine("My routine") and b.total_seconds == 0
    assert _shown_total(b) == "0 s"
    assert "backnotes-total-time" in b.total_label._dom_classes
    assert b.message == "" and b.saved_path == ""


def test_adding_the_browsers_selection_changes_the_total(browser: ExerciseBrowser) -> None:
    b = RoutineBuilder(browser=browser)
    assert browser in b.children
    browser.selected = "glute-bridge"
    assert "Glute bridge" in b.add_selected_button.description and not b.add_selected_button.disabled
    b.add_selected_button.click()
    assert [it.exercise_id for it in b.routine.items] == ["glute-bridge"]
    first = b.total_seconds
    assert first == Routine.from_ids(["glute-bridge"]).total_seconds() > 0
    assert _shown_total(b) == format_duration(first)
    browser.selected = "clamshell"
    b.add_selected()
    assert b.total_seconds == b.routine.total_seconds() > first
    assert _shown_total(b) == format_duration(b.total_seconds)
    assert len(b._rows) == 2


def test_add_selected_without_a_selection_says_so(browser: ExerciseBrowser) -> None:
    b = RoutineBuilder(browser=browser)
    browser.selected = ""
    assert b.add_selected_button.disabled
    assert b.add_selected() is False
    assert b.message_kind == "error" and "Choose an exercise" in b.message and not b.routine.items


def test_add_from_the_dropdown() -> None:
    b = RoutineBuilder()
    b.picker.value = "childs-pose"
    b.add_button.click()
    assert [it.exercise_id for it in b.routine.items] == ["childs-pose"]
    assert b.total_seconds == Routine.from_ids(["childs-pose"]).total_seconds()


def test_sliders_redose_and_update_the_total() -> None:
    b = RoutineBuilder(routine=Routine.from_ids(["knee-to-chest", "glute-bridge"]))
    hold_row, reps_row = b._rows
    assert set(hold_row.sliders) == {"sets", "reps", "hold_s", "rest_s"}
    assert set(reps_row.sliders) == {"sets", "reps", "rest_s"}
    before = b.total_seconds
    hold_row.sliders["hold_s"].value = 30
    assert b.routine.items[0].hold_s == 30
    assert b.total_seconds == b.routine.total_seconds() > before
    reps_row.sliders["sets"].value = 3
    reps_row.sliders["reps"].value = 12
    reps_row.sliders["rest_s"].value = 45
    it = b.routine.items[1]
    assert (it.sets, it.reps, it.rest_s) == (3, 12, 45)
    assert _shown_total(b) == format_duration(b.routine.total_seconds())
    assert b._rows[1] is reps_row  # a dose change keeps the row (and the slider being dragged)
    reps_row.note.value = "slowly"
    assert b.routine.items[1].note == "slowly"


def test_routine_set_from_code_moves_the_sliders() -> None:
    b = RoutineBuilder(routine=Routine.from_ids(["glute-bridge"]))
    b.routine = b.routine.redose(1, reps=50)
    assert b._rows[0].sliders["reps"].value == 50 and b._rows[0].sliders["reps"].max >= 50


def test_move_and_remove_buttons() -> None:
    ids = ["knee-to-chest", "short-bridge", "glute-bridge"]
    b = RoutineBuilder(routine=Routine.from_ids(ids))
    rows = list(b._rows)
    inactive = lambda button: "backnotes-inactive" in button._dom_classes  # noqa: E731
    assert inactive(rows[0].up) and inactive(rows[2].down) and not inactive(rows[1].up)
    assert not any(btn.disabled for r in rows for btn in (r.up, r.down, r.remove))  # focus never drops
    assert [(r.up.description, r.down.description, r.remove.description) for r in rows][0] == ("Up", "Down", "Remove")
    assert rows[2].up.tooltip == "Move Glute bridge up"
    b._rows[2].up.click()
    assert [it.exercise_id for it in b.routine.items] == ["knee-to-chest", "glute-bridge", "short-bridge"]
    assert b._rows == rows  # the same rows (and buttons): the focused button stays in the page
    assert rows[1].up.tooltip == "Move Glute bridge up" and rows[2].up.tooltip.startswith("Move Short")
    b._rows[0].down.click()
    assert [it.exercise_id for it in b.routine.items] == ["glute-bridge", "knee-to-chest", "short-bridge"]
    assert b.move_item(1, -1) is False  # already at the top (positions count from 1)
    assert b.move_item(3, +1) is False  # already at the bottom
    total = b.total_seconds
    b._rows[1].remove.click()
    assert [it.exercise_id for it in b.routine.items] == ["glute-bridge", "short-bridge"]
    assert b.total_seconds < total and len(b.items_box.children) == 2


def test_bad_dose_shows_a_message_and_changes_nothing() -> None:
    b = RoutineBuilder(routine=Routine.from_ids(["glute-bridge"]))
    before = b.routine
    assert b.redose_item(1, reps=500) is False
    assert b.routine == before and b.message_kind == "error"
    assert "reps" in b.message and "500" in b.message and "500" in b.message_html.value
    assert b.redose_item(1, hold_s=20) is False and "hold_s" in b.message
    assert b.add_exercise("headstand") is False and "headstand" in b.message
    assert b.redose_item(1, reps=12) is True and b.message == ""  # a good change clears it


def test_name_and_notes_fields() -> None:
    b = RoutineBuilder()
    b.name_text.value = "Evening"
    b.notes_text.value = "after the walk"
    assert (b.routine.name, b.routine.notes) == ("Evening", "after the walk")
    b.name_text.value = "   "
    assert b.routine.name == "Evening" and b.message_kind == "error" and "name" in b.message


def test_save_writes_json_and_html_and_links_the_sheet() -> None:
    b = RoutineBuilder(routine=Routine.from_ids(["knee-to-chest", "glute-bridge"], name="Morning"))
    b.save_button.click()  # one name: the file is named after the routine
    path = routines_folder() / "morning.json"
    assert b.message_kind == "info" and b.saved_path == str(path)
    assert Routine.load(path) == b.routine
    sheet = path.with_suffix(".html")
    assert "Morning" in sheet.read_text(encoding="utf-8")
    link = b.link_html.value
    assert "morning.html" in link and str(sheet.parent) not in link  # no file paths in what a person reads
    assert ".json" not in b.message and str(sheet.parent) not in b.message and "Morning" in b.message
    data = re.search(r"base64,([A-Za-z0-9+/=]+)", link).group(1)
    assert "Stop if pain spreads down your leg" in base64.b64decode(data).decode("utf-8")


def test_save_refuses_bad_input_and_writes_nothing() -> None:
    b = RoutineBuilder(routine=Routine.from_ids(["knee-to-chest"], name="Morning"))
    folder = routines_folder()
    for bad in ("", "../escape", "a/b", "x" * 100):
        assert b.save(bad) is None
        assert b.message_kind == "error" and "file name" in b.message
    b.name_text.value = ""  # refused by the routine: the field and the routine now differ
    assert b.save("morning") is None and "name" in b.message
    assert RoutineBuilder().save("empty") is None
    assert list(folder.iterdir()) == []


def test_failed_save_keeps_the_old_files(monkeypatch: pytest.MonkeyPatch) -> None:
    b = RoutineBuilder(routine=Routine.from_ids(["knee-to-chest"], name="Morning"))
    path = b.save("morning")
    old = path.read_bytes()
    b.add_exercise("glute-bridge")

    def disk_full(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Routine, "save", disk_full)
    assert b.save("morning") is None
    assert "No space left" in b.message and b.message_kind == "error"
    assert path.read_bytes() == old


def test_load_saved_and_ready_made() -> None:
    saved = Routine.from_ids(["clamshell"], name="Side")
    saved.save(routines_folder() / "side.json")
    b = RoutineBuilder()
    b.file_name.value = "side"
    b.load_button.click()
    assert b.routine == saved and b.name_text.value == "Side"
    assert b.total_seconds == saved.total_seconds()
    assert b.load("gentle-start") == backnotes.load_routine("gentle-start")
    assert len(b._rows) == 5 and b.routine.name == "Gentle start"
    before = b.routine
    assert b.load("does-not-exist") is None
    assert b.routine == before and b.message_kind == "error" and "gentle-start" in b.message


def test_load_damaged_file_shows_why(tmp_path: Path) -> None:
    (routines_folder() / "broken.json").write_text('{"format": "backnotes-routine", "vers', encoding="utf-8")
    b = RoutineBuilder()
    assert b.load("broken") is None and "not valid JSON" in b.message


def test_sheet_preview_escapes_user_text() -> None:
    b = RoutineBuilder(routine=Routine.from_ids(["knee-to-chest"], name="<script>x</script>"))
    b.sheet_button.click()
    assert 'class="backnotes-sheet"' in b.sheet_html.value
    assert "<script>x" not in b.sheet_html.value and "&lt;script&gt;x" in b.sheet_html.value
    assert "Single knee to chest" in b.sheet_html.value


def test_every_slider_and_note_has_a_name() -> None:
    b = RoutineBuilder(routine=Routine.from_ids(["knee-to-chest", "glute-bridge"]))
    for row in b._rows:
        for slider in row.sliders.values():
            assert slider.description and row.title.value  # the handle's name (set in the browser)
            assert slider.tooltip.endswith(("Single knee to chest", "Glute bridge"))
        assert row.note.description == "note"
    assert "backnotes-widget" in b._dom_classes


def test_rows_show_a_thumbnail() -> None:
    from backnotes.widgets import RoutineBuilder

    b = RoutineBuilder(routine=backnotes.Routine.from_ids(["glute-bridge", "clamshell"]))
    pictures = [row.picture.value for row in b._rows]
    assert 'data-exercise="glute-bridge"' in pictures[0] and 'data-exercise="clamshell"' in pictures[1]
    assert all('data-animated="false"' in p for p in pictures)


def test_rows_name_their_exercise_and_remove_moves_the_focus() -> None:
    from backnotes.widgets._a11y import NAMED_BY_TOOLTIP

    b = RoutineBuilder(routine=Routine.from_ids(["knee-to-chest", "glute-bridge"], name="Two"))
    tips = []
    for row in b._rows:
        for control in (row.up, row.down, row.remove, row.note):
            assert NAMED_BY_TOOLTIP in control._dom_classes
            tips.append(control.tooltip)
    assert len(set(tips)) == len(tips) and "Remove Glute bridge from the routine" in tips
    b._rows[0].remove.click()
    assert [i.exercise_id for i in b.routine.items] == ["glute-bridge"]
    (out,) = b._script.outputs
    assert ".backnotes-item-remove" in out["data"]["application/javascript"] and "focus()" in out["data"][
        "application/javascript"]
    b._rows[0].remove.click()
    assert "backnotes-builder-picker" in b._script.outputs[0]["data"]["application/javascript"]
    assert "0 exercises" in b.total_label.value
