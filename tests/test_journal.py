"""The journal's API: logging, reading, sessions from timer records and routines, bad values, files."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest

import backnotes
from backnotes.journal import APPLICATION_ID, LEG_EXTENTS, SCHEMA_VERSION, Journal, JournalError, demo_journal
from backnotes.session import SessionRecord, SetDone


@pytest.fixture
def journal(tmp_path: Path):
    with Journal(tmp_path / "j.sqlite", tz="Europe/London") as j:
        yield j


def test_exports_and_default_path(backnotes_home: Path) -> None:
    assert backnotes.Journal is Journal and backnotes.JournalError is JournalError
    with Journal() as j:
        assert j.path == backnotes_home / "journal.sqlite"
        j.log_pain(2, at="2026-01-05 08:00")
    assert (backnotes_home / "journal.sqlite").is_file()


def test_folder_path_and_context_manager(tmp_path: Path) -> None:
    with Journal(tmp_path) as j:
        assert j.path == tmp_path / "journal.sqlite"
    with pytest.raises(JournalError, match="closed"):
        j.pain()
    j.close()  # idempotent


def test_pragmas_and_schema(journal: Journal) -> None:
    con = sqlite3.connect(journal.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert journal._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert journal._conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    with pytest.raises(sqlite3.IntegrityError):  # CHECK constraints hold even for raw SQL
        con.execute("INSERT INTO pain (at, score) VALUES ('2026-01-01T00:00:00+00:00', 11)")
    for bad in ("INSERT INTO pain (at, score, leg_extent) VALUES ('2026-01-01T00:00:00+00:00', 3, 'knee')",
                "INSERT INTO pain (at, score) VALUES ('2026-01-01 00:00', 3)",
                "INSERT INTO pain (at, score) VALUES ('2026-01-01T00:00:00+00:00', 'three')"):
        with pytest.raises(sqlite3.IntegrityError):
            con.execute(bad)
    con.execute("INSERT INTO pain (at, score, leg_extent) VALUES ('2026-01-01T00:00:00+00:00', 3, NULL)")
    con.close()
    with pytest.raises(sqlite3.IntegrityError):  # foreign keys are on for the journal's connection
        journal._conn.execute("INSERT INTO sets (session_id, exercise_id, set_no, reps_done) VALUES (999, 'x', 1, 1)")


def test_log_pain_and_frame(journal: Journal) -> None:
    rid = journal.log_pain(6, at="2026-03-02 08:30", areas=["Glutes", "lower back"], leg_extent="Below knee",
                           note="stiff")
    journal.log_pain(3, at=datetime(2026, 3, 1, 20, 0, tzinfo=timezone.utc), areas="hamstrings; glutes")
    assert journal.log_pain(6, at="2026-03-02 08:30", areas=["lower back", "glutes"], leg_extent="below knee",
                            note="stiff") == rid  # the same entry twice is kept once
    df = journal.pain()
    assert list(df.columns) == ["at", "score", "areas", "side", "leg_extent", "note"]
    assert len(df) == 2
    assert str(df["at"].dt.tz) == "Europe/London"
    assert df["at"].is_monotonic_increasing
    assert df["score"].tolist() == [3, 6]
    assert df["areas"].tolist() == ["glutes;hamstrings", "lower back;glutes"]  # head-to-foot order
    assert isinstance(df["leg_extent"].dtype, pd.CategoricalDtype) and df["leg_extent"].cat.ordered
    assert list(df["leg_extent"].cat.categories) == list(LEG_EXTENTS)
    assert pd.isna(df["leg_extent"].iloc[0]) and df["leg_extent"].iloc[1] == "below knee"
    # stored in UTC, returned local: 08:30 London in March is 08:30 UTC; in June it would be 07:30 UTC
    stored = journal._conn.execute("SELECT at FROM pain ORDER BY at").fetchall()
    assert stored[1][0] == "2026-03-02T08:30:00+00:00"
    journal.log_pain(1, at="2026-06-02 08:30")
    assert journal._conn.execute("SELECT max(at) FROM pain").fetchone()[0] == "2026-06-02T07:30:00+00:00"
    assert journal.pain()["at"].iloc[-1].hour == 8


def test_log_pain_default_now(journal: Journal) -> None:
    before = pd.Timestamp.now(tz="UTC").floor("s")
    journal.log_pain(4)
    at = journal.pain()["at"].iloc[0]
    assert before <= at <= pd.Timestamp.now(tz="UTC") + pd.Timedelta(seconds=1)


@pytest.mark.parametrize("score", [11, -1, 4.5, "5", None, True, float("nan")])
def test_bad_scores(journal: Journal, score: object) -> None:
    with pytest.raises(JournalError, match="score"):
        journal.log_pain(score)  # type: ignore[arg-type]
    assert journal.counts()["pain"] == 0


@pytest.mark.parametrize("kwargs, field", [
    ({"areas": ["knee"]}, "areas"),
    ({"areas": "lower back; sciatic nerve"}, "areas"),
    ({"leg_extent": "ankle"}, "leg_extent"),
    ({"at": "yesterday-ish"}, "at"),
    ({"at": "2026-02-30 08:00"}, "at"),
    ({"at": "2026-03-29 01:30"}, "at"),  # does not exist in London: clocks went forward
    ({"at": datetime.now(timezone.utc) + timedelta(days=30)}, "future"),
    ({"note": 5}, "note"),
    ({"note": "x" * 6000}, "note"),
])
def test_bad_pain_fields(journal: Journal, kwargs: dict, field: str) -> None:
    with pytest.raises(JournalError, match=field):
        journal.log_pain(3, **kwargs)
    assert journal.counts()["pain"] == 0


def test_log_session_from_record(journal: Journal) -> None:
    start = datetime(2026, 3, 3, 9, 0, tzinfo=timezone.utc)
    record = SessionRecord("Gentle start", start, start + timedelta(minutes=9), sets=(
        SetDone("knee-to-chest", 1, "left", 3, 3, 60.0, 60.0),
        SetDone("knee-to-chest", 1, "right", 3, 2, 60.0, 40.0, skipped=True),
        SetDone("short-bridge", 1, None, 8, 8),
    ), completed=False, notes="stopped early")
    journal.log_session(record, pain_before=5, pain_after=4, notes="felt ok")
    s = journal.sessions()
    assert s.loc[0, "routine"] == "Gentle start" and s.loc[0, "duration_s"] == 540
    assert not s.loc[0, "completed"] and s.loc[0, "pain_before"] == 5 and s.loc[0, "pain_after"] == 4
    assert s.loc[0, "notes"] == "stopped early\nfelt ok"
    assert s.loc[0, "at"] == pd.Timestamp(start)
    x = journal.sets()
    assert x["exercise_id"].tolist() == ["knee-to-chest", "knee-to-chest", "short-bridge"]
    assert x["side"].tolist() == ["left", "right", ""]
    assert x["reps_done"].tolist() == [3, 2, 8] and x["skipped"].tolist() == [False, True, False]
    assert x["hold_s_done"].iloc[1] == 40.0 and pd.isna(x["hold_s_done"].iloc[2])
    with pytest.raises(JournalError, match="already"):
        journal.log_session(record)
    with pytest.raises(JournalError, match="done"):
        journal.log_session(record, at="2026-03-04 09:00", done={"x": 1})
    assert journal.counts() == {"pain": 0, "sessions": 1, "sets": 3}


def test_log_session_from_routine(journal: Journal) -> None:
    routine = backnotes.load_routine("gentle-start")
    journal.log_session(routine, at="2026-03-05 18:00")  # done=None: all as planned
    journal.log_session(routine, at="2026-03-06 18:00", done={"knee-to-chest": 2, "childs-pose": 3})
    x = journal.sets()
    planned_sets = sum(i.sets * (2 if i.per_side else 1) for i in routine.items)
    assert len(x) == 2 * planned_sets
    second = x[x["at"] == x["at"].max()]
    k2c = second[second["exercise_id"] == "knee-to-chest"]
    assert k2c["reps_done"].tolist() == [2, 2] and k2c["skipped"].all()
    assert k2c["hold_s_done"].tolist() == [40.0, 40.0]
    assert second.loc[second["exercise_id"] == "short-bridge", "reps_done"].tolist() == [0]  # not done
    s = journal.sessions()
    assert s["completed"].tolist() == [True, False]
    journal.log_session(routine, at="2026-03-07 18:00", done=[SetDone("childs-pose", 1, None, 3, 3, 60.0, 60.0)])
    assert journal.counts()["sets"] == 2 * planned_sets + 1


@pytest.mark.parametrize("kwargs, match", [
    ({"done": {"unknown-exercise": 3}}, "not in the routine"),
    ({"done": {"knee-to-chest": -1}}, "done"),
    ({"done": {"knee-to-chest": "3"}}, "done"),
    ({"done": [1, 2]}, "SetDone"),
    ({"done": [SetDone("x", 0, None, 1, 1)]}, "set numbers"),
    ({"done": [SetDone("x", 1, "middle", 1, 1)]}, "side"),
    ({"done": [SetDone("x", 1, None, 1, -2)]}, "reps_done"),
    ({"pain_before": 12}, "pain_before"),
    ({"pain_after": "high"}, "pain_after"),
])
def test_bad_sessions_write_nothing(journal: Journal, kwargs: dict, match: str) -> None:
    routine = backnotes.load_routine("gentle-start")
    with pytest.raises(JournalError, match=match):
        journal.log_session(routine, at="2026-03-05 18:00", **kwargs)
    assert journal.counts() == {"pain": 0, "sessions": 0, "sets": 0}


def test_log_session_wrong_type(journal: Journal) -> None:
    with pytest.raises(JournalError, match="SessionRecord"):
        journal.log_session("gentle-start")  # type: ignore[arg-type]


def test_empty_frames_have_columns_and_types(journal: Journal) -> None:
    assert journal.pain().empty and str(journal.pain()["at"].dtype).startswith("datetime64")
    assert list(journal.sessions().columns) == ["at", "routine", "duration_s", "completed", "pain_before",
                                                "pain_after", "notes"]
    assert "exercise_id" in journal.sets().columns and journal.sets().empty
    assert journal.recent().empty


def test_recent_newest_first(journal: Journal) -> None:
    journal.log_pain(5, at="2026-03-01 08:00", note="<b>bold</b>")
    journal.log_session(backnotes.load_routine("gentle-start"), at="2026-03-02 08:00", pain_before=5, pain_after=3)
    r = journal.recent(5)
    assert r["what"].tolist()[0].startswith("session") and r["pain"].tolist()[0] == "5 -> 3"
    assert r["details"].tolist()[1] == "<b>bold</b>"  # raw here; widgets escape it


def test_backup_is_consistent_copy(journal: Journal, tmp_path: Path) -> None:
    journal.log_pain(4, at="2026-03-01 08:00")
    out = journal.backup(tmp_path / "copies" / "backup.sqlite")
    journal.log_pain(5, at="2026-03-02 08:00")  # after the backup: not in it
    with Journal(out) as copy:
        assert copy.pain()["score"].tolist() == [4]
    assert not list((tmp_path / "copies").glob(".backup-*"))  # no temporary file left
    with pytest.raises(JournalError, match="other than"):
        journal.backup(journal.path)


def test_not_a_journal_and_newer_version(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(JournalError, match="not a backnotes journal"):
        Journal(junk)
    newer = tmp_path / "newer.sqlite"
    con = sqlite3.connect(newer)
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")  # a newer backnotes marks its files as ours
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(JournalError, match="newer backnotes"):
        Journal(newer)
    assert sqlite3.connect(newer).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_bad_tz(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="time zone"):
        Journal(tmp_path / "j.sqlite", tz="Mars/Olympus")


def test_threads_share_one_journal(journal: Journal) -> None:
    def write(offset: int) -> None:
        for i in range(25):
            journal.log_pain(i % 11, at=f"2026-01-{1 + i % 28:02d} {offset:02d}:{i:02d}")

    threads = [threading.Thread(target=write, args=(h,)) for h in (6, 7, 8, 9)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert journal.counts()["pain"] == 100


def test_demo_journal_is_temporary(tmp_path: Path, backnotes_home: Path) -> None:
    j = demo_journal()
    path = j.path
    assert backnotes_home not in path.parents
    n = j.counts()
    assert n["pain"] > 80 and 36 <= n["sessions"] <= 60 and n["sets"] > 300
    p = j.pain()
    assert (p["note"].str.contains("invented demo data")).all()
    assert p["at"].max() - p["at"].min() >= pd.Timedelta(weeks=11)
    j.close()
    assert not path.exists()
    with pytest.raises(JournalError, match="demo data not found"):
        demo_journal(tmp_path / "nowhere")


# --- sides and schema version 2 --------------------------------------------------------------------

FIXTURE_V1 = Path(__file__).resolve().parent / "fixtures" / "journal-v1.sqlite"


def test_version_1_file_migrates_losing_nothing(tmp_path: Path) -> None:
    """tests/fixtures/journal-v1.sqlite was written by the version-1 code (tools/make_v1_fixture.py)."""
    path = tmp_path / "old.sqlite"
    path.write_bytes(FIXTURE_V1.read_bytes())
    old = sqlite3.connect(path)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    before = {t: old.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in ("pain", "sessions", "sets")}
    old.close()
    assert len(before["pain"]) == 4 and len(before["sets"]) == 3
    with Journal(path, tz="Europe/Berlin") as j:
        df = j.pain()
        assert df["side"].isna().all()  # version 1 had no side: not said
        assert df["note"].tolist()[0] == "stiff — 朝"
        j.log_pain(5, at="2026-02-05 08:00", areas="left calf")
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    after = con.execute("SELECT id, at, score, areas, leg_extent, note FROM pain ORDER BY id").fetchall()
    assert after[:4] == before["pain"]  # every old row, every value, same ids
    assert con.execute("SELECT side FROM pain ORDER BY id").fetchall() == [(None,)] * 4 + [("left",)]
    for t in ("sessions", "sets"):
        assert con.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() == before[t]
    with pytest.raises(sqlite3.IntegrityError):  # the new column has its CHECK
        con.execute("INSERT INTO pain (at, score, side) VALUES ('2026-01-01T00:00:00+00:00', 3, 'up')")
    con.close()


def test_log_pain_side(journal: Journal) -> None:
    journal.log_pain(4, at="2026-03-01 08:00", areas="lower back", side="left")
    journal.log_pain(5, at="2026-03-01 09:00", areas=["Left calf", "left foot"])  # the side from the words
    journal.log_pain(6, at="2026-03-01 10:00", areas="buttock (right), L thigh")  # left and right: both
    journal.log_pain(2, at="2026-03-01 11:00", areas="lumbar")  # central: no side
    journal.log_pain(3, at="2026-03-01 12:00", side="R")
    df = journal.pain()
    assert isinstance(df["side"].dtype, pd.CategoricalDtype)
    assert list(df["side"].cat.categories) == ["left", "right", "both"]
    assert df["side"].astype(object).where(df["side"].notna(), None).tolist() == ["left", "left", "both", None, "right"]
    assert df["areas"].tolist() == ["lower back", "calves;ankles and feet", "glutes;thighs", "lower back", ""]
    # the same entry with another side is another entry; the same side again is kept once
    journal.log_pain(4, at="2026-03-01 08:00", areas="lower back", side="left")
    journal.log_pain(4, at="2026-03-01 08:00", areas="lower back", side="right")
    assert journal.counts()["pain"] == 6
    assert "both sides" in journal.recent()["details"].str.cat()


@pytest.mark.parametrize("kwargs, match", [
    ({"side": "up"}, "side"),
    ({"side": 1}, "side"),
    ({"areas": "left calf", "side": "right"}, "disagrees"),
    ({"areas": "left leg"}, "left leg"),
    ({"areas": 5}, "areas"),
    ({"areas": [5]}, "areas"),
    ({"areas": {"calf": 1}}, "areas"),
])
def test_bad_sides_and_areas(journal: Journal, kwargs: dict, match: str) -> None:
    with pytest.raises(JournalError, match=match):
        journal.log_pain(3, at="2026-03-01 08:00", **kwargs)
    assert journal.counts()["pain"] == 0
