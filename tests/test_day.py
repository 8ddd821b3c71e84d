"""backnotes.day: the app's decisions, tested without a browser or a widget."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pandas as pd
import pytest

from backnotes import Journal, Routine, screen
from backnotes import day as D
from backnotes.content import red_flags
from backnotes.routine import RoutineError
from backnotes.session import SessionRecord, SetDone


def _flag(*levels: str) -> str:
    """The id of a red flag in the first of ``levels`` the bundled data has."""
    flags = red_flags()
    for level in levels:
        ids = flags.index[flags["urgency"] == level]
        if len(ids):
            return str(ids[0])
    raise LookupError(levels)


URGENT = ("emergency",)


def _record(name: str = "Quick", completed: bool = True, skipped: bool = False) -> SessionRecord:
    start = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)
    return SessionRecord(name, start, start + timedelta(seconds=125),
                         (SetDone("knee-to-chest", 1, None, 1, 1, 20.0, 20.0, skipped),
                          SetDone("glute-bridge", 1, None, 10, 10)), completed)


def test_steps_and_titles() -> None:
    assert D.STEPS == ("check", "routine", "do", "log", "progress")
    assert [D.step_heading(s) for s in D.STEPS][1] == "Step 2 of 5: Today's routine"
    with pytest.raises(ValueError, match="unknown step 'nap'; allowed: 'check', 'routine'"):
        D.step_allowed(D.Day(), "nap")


def test_exercise_needs_a_confirmed_check() -> None:
    day = D.Day()
    assert not D.step_allowed(day, "routine") and not D.step_allowed(day, "do")
    assert D.step_allowed(day, "routine").reason == "Answer the red-flag check first."
    assert D.step_allowed(day, "log") and D.step_allowed(day, "progress") and D.step_allowed(day, "check")
    assert D.next_step(day, "check") == "log"  # not checked yet: only the journal is on offer


def test_clear_check_offers_the_routine_and_do_needs_one() -> None:
    day = D.Day().checked_with(screen([]))
    assert D.step_allowed(day, "routine")
    assert D.step_allowed(day, "do").reason == "Choose today's routine first."
    assert D.next_step(day, "check") == "routine" and D.next_step(day, "routine") == "log"
    day = day.with_routine(Routine.from_ids(["knee-to-chest"]))
    assert D.step_allowed(day, "do")
    assert D.next_step(day, "routine") == "do" and D.previous_step(day, "do") == "routine"
    assert D.previous_step(day, "check") is None and D.next_step(day, "progress") is None
    assert not D.step_allowed(day.with_routine(Routine("Empty")), "do")


def test_emergency_or_same_day_answer_offers_no_exercise_even_if_cleared() -> None:
    verdict = screen([_flag(*URGENT)])
    day = D.Day().checked_with(verdict, cleared=True).with_routine(Routine.from_ids(["knee-to-chest"]))
    assert not day.cleared  # "cleared" only ever applies to a "soon" answer
    for step in ("routine", "do"):
        check = D.step_allowed(day, step)
        assert not check and check.reason.startswith("No exercise today. Stop")
    assert D.next_step(day, "check") == "log"  # a person can still note their pain
    assert not D.exercise_allowed(verdict, cleared=True)


def test_same_day_answer_offers_no_exercise() -> None:
    verdict = screen([_flag("same day")])
    assert verdict.level == "same day"
    assert not D.exercise_allowed(verdict, cleared=True)
    check = D.step_allowed(D.Day().checked_with(verdict), "routine")
    assert not check and check.reason == f"No exercise today. {verdict.headline}"


def test_soon_answer_waits_for_a_doctor() -> None:
    verdict = screen([_flag("soon")])
    assert verdict.level == "soon"
    day = D.Day().checked_with(verdict)
    assert D.step_allowed(day, "routine").reason.startswith("No exercise until a doctor has checked")
    cleared = D.Day().checked_with(verdict, cleared=True)
    assert cleared.cleared and D.step_allowed(cleared, "routine")


def test_inflammatory_back_pain_sends_to_a_doctor_but_keeps_exercise_open() -> None:
    # NICE NG65: exercise is first-line treatment for axial spondyloarthritis (data: blocks_exercise)
    flags = red_flags()
    open_ids = [str(i) for i in flags.index[~flags["blocks_exercise"]]]
    assert open_ids == ["inflammatory"]
    verdict = screen(open_ids)
    assert verdict.level == "soon" and "two weeks" in verdict.text
    assert D.exercise_allowed(verdict) and not D.asks_clearance(verdict)
    day = D.Day().checked_with(verdict, cleared=True)
    assert not day.cleared and D.step_allowed(day, "routine")  # nothing to clear: no clearance asked
    # together with a sign that does block, the doctor comes first again
    both = screen([*open_ids, "stable-weakness"])
    assert not D.exercise_allowed(both) and D.asks_clearance(both)


@pytest.mark.parametrize("fid", ["fragile-bones", "infection-risk", "night-pain", "bladder-bowel"])
def test_no_already_cleared_box_for_same_day_or_emergency(fid: str) -> None:
    verdict = screen([fid])
    assert verdict.level in ("same day", "emergency")
    assert not D.asks_clearance(verdict) and not D.exercise_allowed(verdict, cleared=True)
    assert not D.Day().checked_with(verdict, cleared=True).cleared


def test_clearance_is_asked_for_every_blocking_soon_sign_only() -> None:
    flags = red_flags()
    for fid, row in flags.iterrows():
        assert D.asks_clearance(screen([fid])) == (row["urgency"] == "soon" and bool(row["blocks_exercise"])), fid
    assert not D.asks_clearance(screen([])) and not D.asks_clearance(None)


def test_day_is_immutable_and_records_wait_to_be_logged() -> None:
    day = D.Day().checked_with(screen([]))
    with_record = day.with_record(_record())
    assert day.record is None and with_record.record is not None and not with_record.logged
    logged = with_record.with_logged()
    assert logged.logged and not with_record.logged
    assert logged.with_record(_record("Again")).logged is False  # a new session waits again


def _save(folder, name: str, routine: Routine) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    routine.save(folder / f"{name}.json")


def test_routine_choices_saved_first_then_ready_made(tmp_path) -> None:
    folder = tmp_path / "routines"
    _save(folder, "mine", Routine.from_ids(["knee-to-chest", "glute-bridge"], name="Mine"))
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    choices = D.routine_choices(folder)
    keys = [c.key for c in choices]
    assert keys[-2:] == ["ready:article-full", "ready:gentle-start"]
    mine = next(c for c in choices if c.key == "saved:mine")
    assert mine.source == "saved" and mine.label.startswith("Mine (saved: 2 exercises, about ")
    broken = next(c for c in choices if c.key == "saved:broken")
    assert broken.problem and "cannot be used" in broken.label
    assert D.load_choice("saved:mine", folder).name == "Mine"
    assert len(D.load_choice("ready:gentle-start", folder).items) == 5
    with pytest.raises(RoutineError):
        D.load_choice("saved:broken", folder)
    with pytest.raises(RoutineError, match="not a routine on offer"):
        D.load_choice("ready:nothing", folder)
    with pytest.raises(RoutineError):
        D.load_choice("saved:missing", folder)


def test_routine_choices_without_a_folder_offers_the_ready_made(tmp_path) -> None:
    choices = D.routine_choices(tmp_path / "none")
    assert [c.key for c in choices] == ["ready:article-full", "ready:gentle-start"]
    assert D.default_choice(choices) == "ready:gentle-start"


def test_default_choice_prefers_last_then_saved(tmp_path) -> None:
    folder = tmp_path / "routines"
    _save(folder, "mine", Routine.from_ids(["knee-to-chest"], name="Mine"))
    choices = D.routine_choices(folder)
    assert D.default_choice(choices) == "saved:mine"
    assert D.default_choice(choices, last="ready:article-full") == "ready:article-full"
    assert D.default_choice(choices, last="saved:gone") == "saved:mine"
    assert D.default_choice([]) is None


def test_routine_overview_has_total_items_and_cautions() -> None:
    routine = Routine.from_ids(["knee-to-chest", "glute-bridge", "knee-to-chest"], name="Mix")
    ov = D.routine_overview(routine)
    assert ov.name == "Mix" and len(ov.items) == 3
    assert ov.items[0]["name"] and ov.items[0]["dose"] and ov.total
    names = [n for n, _ in ov.cautions]
    assert names and set(names) <= {ov.items[0]["name"], ov.items[1]["name"]}
    assert len(ov.cautions) == len(set(ov.cautions))  # an exercise twice: its cautions once


def test_log_prefill_from_the_session_and_the_last_entry(tmp_path) -> None:
    with Journal(tmp_path / "j.sqlite", tz="UTC") as journal:
        journal.log_pain(4, at="2026-03-01 08:00", areas=["lower back", "glutes"], leg_extent="thigh")
        day = D.Day().with_record(_record())
        pre = D.log_prefill(day, journal.pain())
    assert pre.with_session and pre.session == "Quick: 2 of 2 sets, 2 min 5 s"
    assert set(pre.areas) == {"lower back", "glutes"} and pre.leg_extent == "thigh"
    assert not D.log_prefill(day.with_logged(), None).with_session  # logged once, never twice
    empty = D.log_prefill(D.Day(), None)
    assert empty == D.LogPrefill(False, "", (), None, None)


def test_session_summary_says_what_was_skipped_and_stopped() -> None:
    text = D.session_summary(_record(completed=False, skipped=True))
    assert text == "Quick: 1 of 2 sets, 2 min 5 s, stopped early"


def test_week_sessions_keeps_the_last_seven_days_newest_first(tmp_path) -> None:
    with Journal(tmp_path / "j.sqlite", tz="UTC") as journal:
        routine = Routine.from_ids(["knee-to-chest"], name="R")
        for day_, before, after in ((1, 3, 2), (5, None, 4), (9, 5, 5)):
            journal.log_session(routine, at=f"2026-03-{day_:02d} 08:00", pain_before=before, pain_after=after)
        sessions = journal.sessions()
    frame = D.week_sessions(sessions, date(2026, 3, 9))
    assert list(frame.columns) == ["when", "routine", "time", "finished", "pain"]
    assert list(frame["pain"]) == ["5 → 5", "? → 4"]  # the 1st is more than 7 days before the 9th
    assert frame["when"].iloc[0].startswith("Mon 09 Mar")
    assert D.week_sessions(sessions.iloc[:0], date(2026, 3, 9)).empty


def test_pain_alt_text_describes_the_plot(tmp_path) -> None:
    with Journal(tmp_path / "j.sqlite", tz="UTC") as journal:
        assert D.pain_alt_text(journal.pain()) == "Pain over time: no pain reports yet."
        journal.log_pain(5, at="2026-03-01 08:00")
        journal.log_pain(3, at="2026-03-04 08:00")
        text = D.pain_alt_text(journal.pain())
    assert text.startswith("Pain over time: 2 reports from 01 Mar 2026 to 04 Mar 2026; latest 3 out of 10.")


def test_export_for_clinician_writes_csv_and_summary_in_a_new_folder(tmp_path, backnotes_home) -> None:
    with Journal(tmp_path / "j.sqlite", tz="UTC") as journal:
        journal.log_pain(4, at="2026-03-01 08:00", note="=1+1")
        first = D.export_for_clinician(journal)
        second = D.export_for_clinician(journal)
    assert {"pain", "sessions", "sets", "summary"} <= set(first)
    assert first["pain"].parent != second["pain"].parent  # an earlier export is never overwritten
    assert first["pain"].parent.parent == backnotes_home / "exports"
    assert "Pain journal summary" in first["summary"].read_text(encoding="utf-8")


def test_export_for_clinician_reports_an_unwritable_folder(tmp_path) -> None:
    from backnotes import JournalError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with Journal(tmp_path / "j.sqlite", tz="UTC") as journal, pytest.raises(JournalError):
        D.export_for_clinician(journal, blocker / "inside")


def test_sheet_file_name() -> None:
    assert D.sheet_file_name(Routine("My Morning / Routine!")) == "my-morning-routine-sheet.html"
    assert D.sheet_file_name(Routine("///")) == "routine-sheet.html"


def test_settings_round_trip_and_bad_values(tmp_path) -> None:
    from backnotes.settings import DEFAULTS, load_settings, save_settings

    path = tmp_path / "settings.json"
    assert load_settings(path) == DEFAULTS
    assert save_settings(path, routine="ready:gentle-start")["routine"] == "ready:gentle-start"
    assert load_settings(path) == {**DEFAULTS, "routine": "ready:gentle-start"}
    with pytest.raises(ValueError, match="volume: unknown setting; allowed: 'routine', 'tone', 'voice'"):
        save_settings(path, volume=3)
    with pytest.raises(ValueError, match="tone: expected bool"):
        save_settings(path, tone="yes")
    assert json.loads(path.read_text())["tone"] is True  # nothing written by the failed saves
    path.write_text('{"tone": "loud", "routine": 5, "new": 1}')
    assert load_settings(path) == DEFAULTS  # wrong types and unknown keys are ignored
    path.write_text("{broken")
    from backnotes.settings import SettingsWarning

    with pytest.warns(SettingsWarning, match="could not be read"):  # damaged: the defaults, and a message
        assert load_settings(path) == DEFAULTS


def test_settings_live_beside_the_journal(backnotes_home) -> None:
    from backnotes.settings import load_settings, save_settings, settings_path

    assert settings_path() == backnotes_home / "settings.json"
    save_settings(tone=False)
    assert load_settings()["tone"] is False


def test_core_day_module_imports_no_widgets() -> None:
    import subprocess
    import sys

    code = ("import sys, backnotes.day, backnotes.settings; "
            "print(any(m in sys.modules for m in ('ipywidgets', 'matplotlib')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_pain_frame_without_side_column_is_fine() -> None:
    pain = pd.DataFrame({"at": pd.to_datetime(["2026-03-01 08:00"]).tz_localize("UTC"), "score": [2],
                         "areas": ["calves"], "leg_extent": pd.Categorical([None]), "note": [""]})
    pre = D.log_prefill(D.Day(), pain)
    assert pre.areas == ("calves",) and pre.side is None and pre.leg_extent is None


def test_ticked_flags_are_remembered_once_per_day() -> None:
    """The app writes the confirmed red flags to the journal (for the appointment report) once each:
    answering the check again, or adding a tick, stores only what is new."""
    soon, emergency = _flag("soon"), _flag("emergency")
    day = D.Day()
    assert day.flags_to_remember() == ()  # nothing confirmed yet
    day = day.checked_with(screen([soon]))
    assert day.flags_to_remember() == (soon,)
    day = day.with_remembered((soon,))
    assert day.flags_to_remember() == ()
    day = day.checked_with(screen([soon, emergency]))
    assert day.flags_to_remember() == (emergency,)  # the new tick only
    day = day.with_remembered((emergency, soon))
    assert day.remembered == (soon, emergency) and day.flags_to_remember() == ()
    assert D.Day().checked_with(screen([])).flags_to_remember() == ()
