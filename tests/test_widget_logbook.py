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
    table, redraws = w.table.value, w.redraws
    w.when.value = when
    assert w.save() is False
    assert w.error and "Not saved" in w.message and "at" in w.message
    assert "role='alert'" in w.status.value
    assert journal.counts() == {"pain": 0, "sessions": 0, "sets": 0}
    assert w.table.value == table and w.redraws == redraws


def test_too_long_note_is_refused(journal: Journal) -> None:
    w = LogBook(journal, plot=False)
    w.note.value = "x" * 6000
    assert not w.save() and "note" in w.message and journal.counts()["pain"] == 0


def test_notes_are_escaped(journal: Journal) -> None:
    w = LogBook(journal, plot=False)
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
    assert w.with_session.value
    assert {k: b.value for k, b in w.done.items()} == {i.exercise_id: i.reps for i in routine.items}
    w.done["knee-to-chest"].value = 1
    w.pain_before.value = 5
    w.pain.value = 3
    w.when.value = "2026-03-03 18:00"
    assert w.save(), w.message
    s = journal.sessions()
    assert s["pain_before"].tolist() == [5] and s["pain_after"].tolist() == [3]
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
    assert w.done == {} and w.with_session.value
    assert w.save(), w.message
    s = journal.sessions()
    assert len(s) == 1 and s["at"].iloc[0] == start.replace(microsecond=0)
    assert journal.counts()["sets"] == 1


def test_where_is_a_group_of_checkboxes(journal: Journal) -> None:
    import ipywidgets as W

    w = LogBook(journal, plot=False)
    assert all(isinstance(b, W.Checkbox) for b in w.areas.boxes.values())  # no arrow keys needed
    w.areas.boxes["glutes"].value = True
    w.areas.boxes["lower back"].value = True
    assert w.areas.value == ("lower back", "glutes")  # in the vocabulary's order
    with pytest.raises(Exception, match="not one of the choices"):
        w.areas.value = ("elbow",)
    assert "backnotes-widget" in w._dom_classes
