"""A session left before its end is kept beside the journal and offered next time (backnotes.unfinished)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from backnotes import Routine
from backnotes.timing import Timer, plan
from backnotes.unfinished import (exercises_done, load_unfinished, offer_text, record_from, save_unfinished,
                                  snapshot)
from backnotes.words import plural


@pytest.fixture
def timer():
    clock = {"t": 0.0}
    base = datetime(2026, 5, 4, 7, 40, tzinfo=timezone.utc)
    routine = Routine.from_ids(["knee-to-chest", "glute-bridge", "clamshell"], name="Three")
    t = Timer(plan(routine), clock=lambda: clock["t"], now=lambda: base + timedelta(seconds=clock["t"]),
              wait_for_ready=False)
    t.clock_state = clock
    return t


def _through_first_exercise(timer) -> None:
    timer.start()
    first_end = next(i for i, p in enumerate(timer.phases) if i and p.kind == "get-ready")
    while timer.index < first_end:
        timer.clock_state["t"] += 0.5
        timer.tick()


def test_snapshot_counts_the_exercises_done_and_leaves_the_timer_running(timer) -> None:
    assert snapshot(timer, "Three") is None  # nothing to keep before the start
    _through_first_exercise(timer)
    data = snapshot(timer, "Three")
    assert timer.state == "running" and not timer.stopped  # only a copy was stopped
    assert (data["exercises_done"], data["exercises"]) == (1, 3)
    json.dumps(data)  # settings are JSON
    record = record_from(data)
    assert record.completed is False and record.routine_name == "Three"
    first = [s for s in record.sets if s.exercise_id == "knee-to-chest"]
    assert first and all(not s.skipped for s in first)
    assert all(s.skipped for s in record.sets if s.exercise_id == "clamshell")
    assert offer_text(data).startswith("Last time you stopped after 1 of 3 exercises of Three (Monday 04 May")


def test_kept_in_the_settings_until_forgotten(timer, tmp_path) -> None:
    path = tmp_path / "settings.json"
    _through_first_exercise(timer)
    save_unfinished(snapshot(timer, "Three"), path)
    assert load_unfinished(path)["exercises_done"] == 1
    save_unfinished(None, path)
    assert load_unfinished(path) is None
    path.write_text(json.dumps({"unfinished": {"routine": "x"}}), encoding="utf-8")
    assert load_unfinished(path) is None  # half a record is never offered
    with pytest.raises(ValueError, match="started_at"):
        record_from({"routine": "x"})


def test_exercises_done_at_the_end_and_plurals() -> None:
    phases = plan(Routine.from_ids(["glute-bridge"], name="One"))
    assert exercises_done(phases, 0) == (0, 1)
    assert exercises_done(phases, len(phases) - 1, finished=True) == (1, 1)
    assert [plural(n, "report") for n in (0, 1, 2)] == ["0 reports", "1 report", "2 reports"]
    assert plural(1.0, "week") == "1 week"


def test_kept_for_the_day_only(tmp_path) -> None:
    from backnotes.unfinished import load_today, save_today

    path = tmp_path / "settings.json"
    save_today(path, "2026-05-04", ticked=["fever"], cleared=False)
    save_today(path, "2026-05-04", note="stiff after the drive")
    assert load_today(path, "2026-05-04") == {"ticked": ["fever"], "cleared": False, "note": "stiff after the drive"}
    assert load_today(path, "2026-05-05") == {}  # a new day starts clean
    save_today(path, "2026-05-05", note="x")
    assert load_today(path, "2026-05-05") == {"note": "x"}
    with pytest.raises(ValueError, match="colour: not kept"):
        save_today(path, "2026-05-05", colour="red")
