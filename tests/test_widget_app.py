"""backnotes.widgets.App without a browser: the screens follow backnotes.day, and nothing typed or
logged is lost on the way."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

import backnotes
from backnotes import Journal, Routine
from backnotes.content import red_flags
from backnotes.session import SessionRecord, SetDone
from backnotes.widgets import App


@pytest.fixture
def app(backnotes_home):
    journal = Journal(backnotes_home / "journal.sqlite")
    yield App(journal)
    journal.close()


def _record(name: str) -> SessionRecord:
    start = datetime.now(timezone.utc) - timedelta(minutes=10)
    return SessionRecord(name, start, start + timedelta(seconds=30), (SetDone("knee-to-chest", 1, None, 1, 1, 20.0, 20.0),))


def test_starts_on_the_check_with_exercise_locked(app) -> None:
    assert app.step == "check"
    assert app.nav["routine"].disabled and app.nav["do"].disabled
    assert not app.nav["log"].disabled
    assert app.next_button.description == "Next: Today's routine"
    assert "Step 1 of 5: Check first" in app.heading.value
    assert "tabindex='-1'" in app.heading.value  # the heading can take focus
    assert not app.go("do") and app.step == "check"
    assert app.message == "Answer the red-flag check first."


def test_whole_day_from_python(app, backnotes_home) -> None:
    assert app.next() and app.step == "routine"
    assert app.day.verdict is not None and app.day.verdict.level == "clear"
    assert app.choices.value == "ready:gentle-start"  # no saved routine yet: the gentlest
    app.choices.value = "ready:article-full"
    assert app.day.routine.name == "The article's full routine"
    assert "Total time" in app.overview.value and "Take care" in app.overview.value
    assert (backnotes_home / "settings.json").is_file()  # remembered for next time
    app.builder_button.value = True
    assert app.builder is not None and app.builder.routine == app.day.routine
    app.builder.routine = Routine.from_ids(["knee-to-chest"], name="Short")
    assert app.use_builder_routine() and app.day.routine.name == "Short"
    app.builder_button.value = False
    assert app.next() and app.step == "do"
    assert app.player is not None and app.player.routine.name == "Short"

    app.player.on_finish(_record("Short"))  # what the timer calls when the session ends
    assert app.day.record is not None and "Well done" in app.message
    assert app.player.message == "Session over: press Next to note how it went."
    assert app.next() and app.step == "log"
    assert "Short: 1 of 1 set," in app.log_intro.value
    assert app.logbook.with_session.value
    app.logbook.pain.value = 2
    app.logbook.note.value = "fine"
    assert app.logbook.save()
    assert app.day.logged and not app.logbook.with_session.value  # never logged twice
    assert app.logbook.save()  # a second pain entry alone
    assert app.journal.counts() == {"pain": 2, "sessions": 1, "sets": 1}

    assert app.next() and app.step == "progress"
    assert "data-reports='2'" in app.plot.value and "alt='Pain over time: 2 reports" in app.plot.value
    assert "Short" in app.week.value
    drawn = app.progress_redraws
    app.go("log")
    app.logbook.save()
    assert app.progress_redraws == drawn + 1  # redrawn after saving
    path = app.print_sheet()
    assert path.endswith("short-sheet.html") and "download=" in app.files.value
    files = app.export()
    assert {"pain", "sessions", "sets", "summary"} <= set(files)


def test_urgent_answer_offers_no_exercise(app) -> None:
    flags = red_flags()
    urgent = flags.index[flags["urgency"].isin(["emergency", "urgent"])][0]
    app.check.ticked = (urgent,)
    assert "No exercise today" in app.verdict_note.value
    assert app.next_button.description == "Next: How was it"
    assert app.next() and app.step == "log"
    assert app.nav["routine"].disabled and app.nav["do"].disabled
    assert not app.go("routine")


def test_ticking_later_stops_the_way_to_exercise(app) -> None:
    app.next()
    assert app.step == "routine" and not app.nav["do"].disabled
    flags = red_flags()
    urgent = flags.index[flags["urgency"].isin(["emergency", "urgent"])][0]
    app.go("check")
    app.check.ticked = (urgent,)
    assert app.nav["routine"].disabled and app.nav["do"].disabled


def test_soon_answer_continues_once_a_doctor_cleared_it(app) -> None:
    flags = red_flags()
    app.check.ticked = (flags.index[flags["urgency"] == "soon"][0],)
    assert app.cleared.layout.display is None  # the question appears only for this answer
    assert app.next_button.description == "Next: How was it"
    app.cleared.value = True
    assert app.next_button.description == "Next: Today's routine"
    assert app.next() and app.step == "routine"


def test_no_cleared_question_for_a_sign_that_does_not_stop_exercise(app) -> None:
    app.check.ticked = ("inflammatory",)  # see a doctor soon, keep exercising (NICE NG65)
    assert app.cleared.layout.display == "none"
    assert app.next_button.description == "Next: Today's routine"
    app.check.ticked = ("fragile-bones",)  # same day: no clearance opens exercise
    assert app.cleared.layout.display == "none"
    assert app.next_button.description == "Next: How was it"


def test_typed_log_survives_a_new_session(app) -> None:
    app.next()
    app.next()  # do
    app.go("log")
    app.logbook.note.value = "typed before the session ended"
    app.logbook.pain.value = 6
    app.go("do")
    app.player.on_finish(_record("Gentle start"))
    app.go("log")
    assert app.logbook.note.value == "typed before the session ended" and app.logbook.pain.value == 6
    assert app.logbook.with_session.value and "Gentle start" in app.log_intro.value


def test_log_is_not_prefilled_from_the_last_entry(app) -> None:
    """Issue 17: pressing Save must never log yesterday's answers; "Same places as last time" is an
    explicit button that says what it fills in."""
    app.journal.log_pain(4, areas=["lower back"], leg_extent="thigh")
    app.go("log")
    assert app.logbook.areas.value == () and app.logbook.leg_extent.value == ""
    assert not app.logbook.answered["back"] and not app.logbook.answered["leg"]
    app.logbook.same_places.click()
    assert app.logbook.areas.value == ("lower back",) and app.logbook.leg_extent.value == "thigh"
    assert "lower back" in app.logbook.message and "thigh" in app.logbook.message


def test_morning_question_first_on_the_day_after_a_session(app) -> None:
    import pandas as pd

    yesterday = (pd.Timestamp.now(tz=app.journal.tz) - pd.Timedelta(days=1)).replace(hour=9, minute=0)
    sid = app.journal.log_session(backnotes.load_routine("gentle-start"), at=yesterday.to_pydatetime())
    app.screens.clear()
    app.step = "progress"
    app.step = "check"  # built afresh: the question is asked before the warning signs
    box = app.screens["check"]
    assert box.children[0] is app.morning_box and app.morning_box.children
    buttons = app.morning_box.children[1].children
    [worse] = [b for b in buttons if "backnotes-app-morning-worse" in b._dom_classes]
    worse.click()
    s = app.journal.sessions().set_index("id")
    assert s.loc[sid, "morning_back"] == "worse" and "Noted" in app.morning_box.children[0].value


def test_progress_shows_next_week_and_saves_a_new_routine(app) -> None:
    import pandas as pd

    import backnotes.day as D

    routine = backnotes.load_routine("gentle-start")
    app.day = app.day.with_routine(routine)
    now = pd.Timestamp.now(tz=app.journal.tz)
    for days in (3, 2, 1):
        at = (now - pd.Timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)
        sid = app.journal.log_session(routine, at=at.to_pydatetime())
        app.journal.log_check(sid, back=2, leg=1, leg_change="less", new_nerve_symptoms=False,
                              at=(at + pd.Timedelta(minutes=40)).to_pydatetime())
        app.journal.log_morning(sid, back="better", at=(at + pd.Timedelta(hours=22)).to_pydatetime())
    app.step = "progress"
    assert "Next week" in app.next_week.value and "one step more" in app.next_week.value
    assert "3 green sessions in the last 7 days" in app.next_week.value
    assert not app.use_button.disabled
    before = {c.key for c in D.routine_choices(app.folder)}
    app.use_button.click()
    after = {c.key for c in D.routine_choices(app.folder)}
    assert len(after - before) == 1 and before <= after  # a new routine; the old ones are kept
    assert "old routine is kept" in app.message


def test_ticked_red_flags_reach_the_journal_once(app) -> None:
    """Confirming the check with a red flag ticked notes it in the journal (the appointment report
    lists the flags ever ticked); Next again does not repeat it; a tick added later and confirmed by
    leaving with the step buttons is noted too."""
    flags = red_flags()
    soon = str(flags.index[flags["urgency"] == "soon"][0])
    other = str(flags.index[flags["urgency"] == "soon"][1])
    app.check.ticked = (soon,)
    assert app.next() and app.step == "log"
    assert app.journal.red_flags()["flag"].tolist() == [soon]
    assert "noted in your journal" in app.message and "step 5" in app.message
    app.go("check")
    assert app.next()
    assert app.journal.red_flags()["flag"].tolist() == [soon]  # not twice
    app.go("check")
    app.check.ticked = (soon, other)
    assert app.go("log")
    assert sorted(app.journal.red_flags()["flag"]) == sorted([soon, other])


def test_a_clear_check_notes_nothing(app) -> None:
    assert app.next()
    assert app.journal.red_flags().empty and app.message == ""


def test_a_journal_that_refuses_the_ticks_does_not_block_the_check(app, monkeypatch) -> None:
    from backnotes import JournalError

    def refuse(_flags):
        raise JournalError("journal.sqlite can be read but not changed")

    monkeypatch.setattr(app.journal, "log_red_flags", refuse)
    flags = red_flags()
    app.check.ticked = (str(flags.index[flags["urgency"] == "soon"][0]),)
    assert app.next() and app.step == "log"  # the check still counts
    assert "could not be noted" in app.message and "read but not changed" in app.message
    assert app.day.remembered == ()  # so the next confirmation tries again


def test_soon_says_it_once_and_none_of_these_moves_on(app) -> None:
    flags = red_flags()
    soon = flags.index[flags["urgency"] == "soon"][0]
    app.check.ticked = (soon,)
    # the check's calm note says what to do; the app adds no red box that repeats it
    assert "backnotes-app-stop" not in app.verdict_note.value and "Check first screen" not in app.verdict_note.value
    app.check.none_button.click()
    assert app.check.ticked == () and app.step == "routine"


def test_a_reload_keeps_todays_ticks_builder_and_note(app, backnotes_home) -> None:
    app.check.ticked = ("fever",)
    app.check.ticked = ()
    app.check.ticked = ("fever",)
    app.go("log")
    app.logbook.note.value = "stiff after the drive"
    again = App(app.journal)  # what a reload builds: a new App on the same files
    assert again.check.ticked == ("fever",)
    again.go("log")
    assert again.logbook.note.value == "stiff after the drive"
    again.check.ticked = ()
    assert App(app.journal).check.ticked == ()


def test_progress_sheet_says_why_and_export_names_the_file_to_hand_over(app) -> None:
    import base64
    import io
    import re
    import zipfile

    app.go("progress")
    assert not app.sheet_button.disabled and "step 2" in app.sheet_button.tooltip
    assert app.print_sheet() == "" and "step 2" in app.message
    files = app.export()
    text = app.files.value
    assert "Give your clinician this one page" in text and "one zip file" in text
    assert str(next(iter(files.values()))).rsplit("/", 1)[0] not in text  # no folder path shown
    data = re.search(r"download='[^']+\.zip' href='data:application/zip;base64,([^']+)'", text).group(1)
    names = zipfile.ZipFile(io.BytesIO(base64.b64decode(data))).namelist()
    assert sorted(names) == sorted(f.rsplit("/", 1)[1] for f in files.values())


def test_cautions_keep_sources_in_a_why_fold(app) -> None:
    app.next()
    app.use_routine(Routine.from_ids(["knee-to-chest", "wall-calf-stretch"], name="Folded"))
    text = app.overview.value
    main = re.sub(r"<details.*?</details>", "", text, flags=re.S)
    assert not re.search(r"et al\.|\b20\d\d\)", main) and "(tibial)" not in main
    assert "<summary" in text and ">Why</summary>" in text


def test_voice_on_in_the_app_and_remembered(app) -> None:
    from backnotes.settings import load_settings

    app.next()
    app.use_routine(Routine.from_ids(["glute-bridge"], name="Bridge"))
    app.go("do")
    assert app.player.voice is True  # on by default in the app
    app.player.voice = False
    app.player.speech_rate = 0.8
    assert load_settings()["voice"] is False and load_settings()["speech_rate"] == 0.8
    again = App(app.journal)
    again.next()
    again.use_routine(Routine.from_ids(["glute-bridge"], name="Bridge"))
    again.go("do")
    assert again.player.voice is False and again.player.speech_rate == 0.8


def test_a_single_report_is_shown_large_with_the_axis_around_it() -> None:
    import matplotlib.dates as mdates
    import pandas as pd
    from matplotlib.figure import Figure

    from backnotes.plots.progress import pain_over_time
    from backnotes.widgets.app import _few_reports

    pain = pd.DataFrame({"at": pd.to_datetime(["2026-05-04 08:00"]).tz_localize("UTC"), "score": [4],
                         "areas": ["lower back"], "leg_extent": ["none"], "note": [""]})
    ax = pain_over_time(pain, ax=Figure().add_subplot())
    _few_reports(ax, pain)
    low, high = ax.get_xlim()
    assert 5 <= high - low <= 8  # days: the week around the one report, not years
    assert mdates.num2date(low).year == mdates.num2date(high).year == 2026
    assert max(line.get_markersize() for line in ax.get_lines() if line.get_marker() == "o") >= 10


def test_the_app_chart_speaks_plainly() -> None:
    import pandas as pd
    from matplotlib.figure import Figure

    from backnotes.plots.progress import pain_over_time
    from backnotes.widgets.app import _plain_legend

    at = pd.date_range("2026-03-01 08:00", periods=28, freq="D", tz="UTC")
    pain = pd.DataFrame({"at": at, "score": [8] * 14 + [5] * 14})
    ax = pain_over_time(pain, ax=Figure().add_subplot())
    _plain_legend(ax)
    words = " ".join(t.get_text() for t in ax.get_legend().get_texts())
    assert "30 %" not in words and "baseline" not in words and "a third lower" in words
