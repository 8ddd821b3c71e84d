"""LogBook: the form writes through the journal, shows problems inline and writes nothing then."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import re

import pytest

import backnotes
from backnotes.journal import Journal
from backnotes.session import SessionRecord, SetDone
from backnotes.widgets import LogBook


@pytest.fixture
def journal(tmp_path: Path):
    with Journal(tmp_path / "j.sqlite", tz="Europe/London") as j:
        yield j


def test_defaults_to_own_journal(backnotes_home: Path) -> None:
    w = LogBook(plot=False)
    assert w.journal.path == backnotes_home / "journal.sqlite"
    assert "No entries yet" in w.table.value


def test_save_adds_a_row_and_refreshes(journal: Journal) -> None:
    w = LogBook(journal)
    w.leg.value = 1  # a slider moved: answered
    png_before, redraws = w.plot.value, w.redraws
    w.pain.value = 7
    assert "severe" in w.pain_words.value
    w.areas.value = ("lower back", "glutes")
    w.leg_extent.value = "thigh"
    w.note.value = "after gardening"
    w.when.value = "2026-03-01 08:30"
    w.save_button.click()
    assert w.saved == 1 and not w.error and "Saved" in w.message
    df = journal.pain()
    assert df["score"].tolist() == [7] and df["areas"].tolist() == ["lower back;glutes"]
    assert df["leg_extent"].tolist() == ["thigh"] and df["note"].tolist() == ["after gardening"]
    assert w.table.value.count("<tr>") == 2  # header + one entry
    assert "after gardening" in w.table.value
    assert w.redraws == redraws + 1 and w.plot.value != png_before
    # a <figure> with an <img> whose alt text tells the data (one report of 7)
    assert w.plot.value.startswith("<figure") and "data:image/png;base64," in w.plot.value
    alt = re.search(r'alt="([^"]*)"', w.plot.value).group(1)
    assert "1 report from" in alt and "scores from 7 to 7" in alt
    assert w.note.value == ""  # ready for the next entry


@pytest.mark.parametrize("when", ["not a date", "2026-02-31 08:00", "2999-01-01 08:00"])
def test_invalid_input_shown_inline_nothing_written(journal: Journal, when: str) -> None:
    w = LogBook(journal, routine="gentle-start")
    w.leg.value = 1  # a slider moved: answered
    table, redraws = w.table.value, w.redraws
    w.when.value = when
    assert w.save() is False
    assert w.error and "Not saved" in w.message and "at" in w.message
    assert "role='alert'" in w.status.value
    assert journal.counts() == {"pain": 0, "sessions": 0, "sets": 0}
    assert w.table.value == table and w.redraws == redraws


def test_too_long_note_is_refused(journal: Journal) -> None:
    w = LogBook(journal, plot=False)
    w.leg.value = 1  # a slider moved: answered
    w.note.value = "x" * 6000
    assert not w.save() and "note" in w.message and journal.counts()["pain"] == 0


def test_notes_are_escaped(journal: Journal) -> None:
    w = LogBook(journal, plot=False)
    w.leg.value = 1  # a slider moved: answered
    w.note.value = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    w.when.value = "2026-03-01 08:30"
    assert w.save()
    assert "<script>" not in w.table.value and "<img" not in w.table.value
    assert "&lt;script&gt;" in w.table.value
    journal.log_pain(2, at="2026-03-02 08:00", note="<b>bold</b>")
    w.refresh()
    assert "<b>bold</b>" not in w.table.value


def test_session_from_routine_prefilled(journal: Journal) -> None:
    routine = backnotes.load_routine("gentle-start")
    w = LogBook(journal, routine=routine, plot=False)
    w.leg.value = 1  # a slider moved: answered
    assert w.with_session.value
    assert {k: b.value for k, b in w.done.items()} == {i.exercise_id: i.reps for i in routine.items}
    w.done["knee-to-chest"].value = 1
    w.pain_before.value = 5
    w.pain.value = 3
    w.when.value = "2026-03-03 18:00"
    assert w.save(), w.message
    s = journal.sessions()
    assert s["pain_before"].tolist() == [5] and s["check_back"].tolist() == [3] and s["check_leg"].tolist() == [1]
    x = journal.sets()
    assert x.loc[x["exercise_id"] == "knee-to-chest", "reps_done"].tolist() == [1, 1]
    assert journal.counts()["pain"] == 1
    assert "session" in w.table.value
    # the same time again: the journal refuses the session and nothing more is written
    assert not w.save() and "already" in w.message
    assert journal.counts()["pain"] == 1 and journal.counts()["sessions"] == 1


def test_session_from_timer_record(journal: Journal) -> None:
    start = datetime.now(timezone.utc) - timedelta(minutes=20)
    record = SessionRecord("Gentle start", start, start + timedelta(minutes=10),
                           sets=(SetDone("childs-pose", 1, None, 3, 3, 60.0, 60.0),))
    w = LogBook(journal, record=record, plot=False)
    w.leg.value = 1  # a slider moved: answered
    assert w.done == {} and w.with_session.value
    assert w.save(), w.message
    s = journal.sessions()
    assert len(s) == 1 and s["at"].iloc[0] == start.replace(microsecond=0)
    assert journal.counts()["sets"] == 1


def test_where_is_a_group_of_checkboxes(journal: Journal) -> None:
    import ipywidgets as W

    w = LogBook(journal, plot=False)

    w.leg.value = 1  # a slider moved: answered
    assert all(isinstance(b, W.Checkbox) for b in w.areas.boxes.values())  # no arrow keys needed
    w.areas.boxes["glutes"].value = True
    w.areas.boxes["lower back"].value = True
    assert w.areas.value == ("lower back", "glutes")  # in the vocabulary's order
    with pytest.raises(Exception, match="not one of the choices"):
        w.areas.value = ("elbow",)
    assert "backnotes-widget" in w._dom_classes


def test_side_is_saved_with_the_entry(journal: Journal) -> None:
    w = LogBook(journal, plot=False)
    w.leg.value = 1  # a slider moved: answered
    assert [v for _label, v in w.side.options] == ["", "left", "right", "both"] and w.side.value == ""
    assert w.side.description == "Side"  # a named control
    w.areas.value = ("calves",)
    w.side.value = "left"
    w.when.value = "2026-03-01 08:00"
    assert w.save(), w.message
    w.side.value = ""
    w.areas.value = ("lower back",)
    w.when.value = "2026-03-02 08:00"
    assert w.save(), w.message
    df = journal.pain()
    assert df["side"].astype("object").where(df["side"].notna(), None).tolist() == ["left", None]
    assert df["areas"].tolist() == ["calves", "lower back"]


def test_both_sides_with_leg_symptoms_shows_the_both_legs_red_flag(journal: Journal) -> None:
    from backnotes.content import red_flags
    from backnotes.widgets.logbook import BOTH_LEGS_FLAG

    flag = red_flags().loc[BOTH_LEGS_FLAG]
    w = LogBook(journal, plot=False)
    w.leg.value = 1  # a slider moved: answered
    w.side.value = "both"
    assert w.red_flag.value == ""  # both sides of the back only: not this flag
    w.leg_extent.value = "below knee"
    assert "role='alert'" in w.red_flag.value and str(flag["label"]) in w.red_flag.value
    w.leg_extent.value = ""
    assert w.red_flag.value == ""
    w.areas.value = ("lower back", "calves")  # a leg area named is leg symptoms too
    assert str(flag["label"]) in w.red_flag.value
    w.when.value = "2026-03-01 08:00"
    assert w.save(), w.message
    assert str(flag["label"]) in w.red_flag.value  # still shown after saving
    assert journal.pain()["side"].tolist() == ["both"]
    w.side.value = "left"
    assert w.red_flag.value == ""


def test_a_failed_session_never_costs_the_pain_entry(journal: Journal) -> None:
    start = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
    record = SessionRecord("Gentle start", start, start + timedelta(minutes=10),
                           sets=(SetDone("childs-pose", 1, None, 3, 3, 60.0, 60.0),))
    first = LogBook(journal, record=record, plot=False)
    first.leg.value = 1  # a slider moved: answered
    assert first.save(), first.message
    # the same timer record logged again (a second notebook tab): the journal refuses the session
    w = LogBook(journal, record=record, plot=False)
    w.leg.value = 1  # a slider moved: answered
    w.pain.value = 6
    w.note.value = "stiff after the drive"
    assert w.save() is False
    assert w.error and "role='alert'" in w.status.value
    assert "Saved: pain 6/10" in w.message and "The session was NOT saved" in w.message and "already" in w.message
    pain = journal.pain()
    assert pain["score"].tolist()[-1] == 6 and pain["note"].tolist()[-1] == "stiff after the drive"
    assert journal.counts() == {"pain": 2, "sessions": 1, "sets": 1}
    assert w.saved == 1 and "stiff after the drive" in w.table.value  # shown in the latest entries
    assert w.note.value == "stiff after the drive"  # the form keeps what the person typed
    # Save again without the session: the pain entry is not stored twice
    w.with_session.value = False
    assert w.save(), w.message
    assert journal.counts() == {"pain": 2, "sessions": 1, "sets": 1}


def test_a_routine_with_the_same_exercise_twice_logs_the_session_and_the_pain(journal: Journal) -> None:
    routine = backnotes.load_routine("gentle-start")
    twice = backnotes.Routine("twice", (*routine.items, routine.items[0]))  # the builder allows this
    w = LogBook(journal, routine=twice, plot=False)
    w.leg.value = 1  # a slider moved: answered
    assert list(w.done) == [i.exercise_id for i in routine.items]  # one box per exercise, not two
    w.when.value = "2026-03-03 18:00"
    assert w.save(), w.message  # the journal logs such a routine (issue 12)
    assert not w.error and "and the session" in w.message
    assert journal.counts()["pain"] == 1 and journal.counts()["sessions"] == 1
    first = routine.items[0]
    n_sets = first.sets * (2 if first.per_side else 1)
    assert (journal.sets()["exercise_id"] == first.exercise_id).sum() == 2 * n_sets  # both occurrences


# --- back and leg apart, nothing pre-filled, the session check and its light (issue 17) -------------


def test_nothing_is_saved_until_a_slider_is_answered(journal) -> None:
    w = LogBook(journal, plot=False)
    assert "not answered" in w.back_words.value and "not answered" in w.leg_words.value
    assert not w.save() and w.error and "Back now or Leg now" in w.message
    assert journal.counts()["pain"] == 0
    w.answer_no_leg_pain()  # one click: leg 0 and no leg extent
    assert w.save() and not w.error
    df = journal.pain()
    assert df["leg"].tolist() == [0] and df["back"].isna().all() and df["overall"].isna().all()
    assert df["leg_extent"].astype(str).tolist() == ["none"]
    assert "back not answered" in w.message


def test_person_words_in_the_pain_form(journal) -> None:
    w = LogBook(journal, plot=False)
    labels = {box.description for box in w.areas.boxes.values()}
    assert {"buttock", "back of the thigh", "belly"} <= labels
    assert not {"glutes", "hamstrings", "abdominals"} & labels
    w.back.value = 4
    w.areas.value = ("glutes",)  # stored under the catalog's name
    assert w.save()
    assert journal.pain()["areas"].tolist() == ["glutes"]


def test_same_places_only_when_asked(journal) -> None:
    journal.log_pain(back=4, leg=5, at="2026-03-01 08:00", areas="lower back; left calf", leg_extent="below knee")
    w = LogBook(journal, plot=False)
    assert w.areas.value == () and w.side.value == "" and w.leg_extent.value == ""  # nothing pre-filled
    text = w.fill_same_places()
    assert w.areas.value == ("lower back", "calves") and w.side.value == "left" and w.leg_extent.value == "below knee"
    assert "calf" in text and "below knee" in text and text in w.message


def test_session_check_stored_and_light_shown(journal) -> None:
    w = LogBook(journal, routine="gentle-start", plot=False)
    w.back.value, w.leg.value = 3, 6
    w.leg_change.value = "further"
    w.new_nerve.value = False
    assert w.save()
    s = journal.sessions()
    assert s["leg_change"].astype(str).tolist() == ["further"] and s["check_leg"].tolist() == [6]
    assert s["new_nerve_symptoms"].tolist() == [False]
    assert w.light == "red"
    assert "role='alert'" in w.light_box.value and "Red: stop and check." in w.light_box.value
    assert "What to do:" in w.light_box.value and "further down the leg" in w.light_box.value
