"""Issue 12, "Nothing lost, every bad input a clear error", outside the journal: inputs found by an
adversarial run that escaped as bare OSError, RecursionError, TypeError, matplotlib's ValueError or
OverflowError now raise the documented error (RoutineError, CatalogError, ValueError) or work."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from backnotes import load_routine
from backnotes.catalog import CatalogError
from backnotes.freedb import load_free_exercise_db
from backnotes.routine import Routine, RoutineError
from backnotes.timing import MAX_PHASE_S, Phase, Timer, format_seconds

DEEP = "[" * 100_000 + "]" * 100_000  # far deeper than Python's recursion limit


def test_a_routine_name_too_long_for_a_file_name_is_a_routine_error() -> None:
    with pytest.raises(RoutineError, match="no routine file or saved routine by that name"):
        load_routine("x" * 300)  # was OSError: [Errno 36] File name too long


@pytest.mark.parametrize("text", [DEEP, '{"format": ' + DEEP + "}"], ids=["list", "inside-object"])
def test_deeply_nested_json_routine_is_a_routine_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RoutineError, match="nested too deeply") as info:
        load_routine(path)  # was RecursionError
    assert info.value.field == "file"


def test_deeply_nested_free_exercise_db_file_is_a_catalog_error(tmp_path: Path) -> None:
    path = tmp_path / "exercises.json"
    path.write_text(DEEP, encoding="utf-8")
    with pytest.raises(CatalogError, match="nested too deeply"):
        load_free_exercise_db(path)  # was RecursionError


def _record(**change: object) -> dict[str, object]:
    rec: dict[str, object] = {"id": "Hamstring_Stretch", "name": "Hamstring Stretch", "category": "stretching",
                              "primaryMuscles": ["hamstrings"], "instructions": ["Sit tall."],
                              "equipment": "body only", "level": "beginner"}
    rec.update(change)
    return rec


@pytest.mark.parametrize("field", ["category", "equipment", "level", "primaryMuscles", "secondaryMuscles"])
def test_a_list_where_free_exercise_db_expects_text_is_a_catalog_error(tmp_path: Path, field: str) -> None:
    good = load_free_exercise_db(_write(tmp_path, [_record()]))
    assert len(good) == 1  # the record is fine until one field holds a list
    bad = ["hamstrings"] if field.endswith("Muscles") else ["stretching"]
    value = [bad] if field.endswith("Muscles") else bad  # a list inside the list of muscles
    with pytest.raises(CatalogError) as info:
        load_free_exercise_db(_write(tmp_path, [_record(**{field: value})]))  # was TypeError: unhashable
    assert info.value.field == field
    assert info.value.exercise == "record 1 ('Hamstring_Stretch')"


def _write(folder: Path, records: list[dict[str, object]]) -> Path:
    path = folder / "exercises.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["cost $\\frac$", "$$", "a $ and $^ b"])
def test_dollar_signs_in_a_routine_name_are_drawn_as_typed(name: str) -> None:
    from matplotlib.figure import Figure

    from backnotes.plots import routine_time_budget

    routine = Routine(name, load_routine("gentle-start").items)
    fig = Figure()
    ax = routine_time_budget(routine, ax=fig.add_subplot(), title=f"{name}: where the time goes")
    fig.canvas.draw()  # mathtext parsing happens here: was ValueError
    escaped = name.replace("$", r"\$")
    assert [t.get_text() for t in ax.get_yticklabels()] == [escaped]
    assert ax.get_title() == f"{escaped}: where the time goes"


def test_a_timer_phase_of_1e308_seconds_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="at most 86,400 s"):
        Timer([Phase("hold", 1e308, "knee-to-chest"), Phase("hold", 1e308, "knee-to-chest")])  # was OverflowError
    timer = Timer([Phase("hold", float(MAX_PHASE_S), "knee-to-chest")], clock=lambda: 0.0)
    timer.start()
    assert timer.remaining == MAX_PHASE_S  # a day is still accepted


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan, "20", None])
def test_format_seconds_refuses_what_is_no_finite_number(value: object) -> None:
    with pytest.raises(ValueError, match="a finite number of seconds expected"):
        format_seconds(value)  # type: ignore[arg-type]  # inf was OverflowError
    assert format_seconds(65.0) == "1:05"
