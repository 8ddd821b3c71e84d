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
    assert list(df.columns) == ["at", "score", "back", "leg", "overall", "areas", "side", "leg_extent", "note"]
    assert len(df) == 2
    assert df["overall"].tolist() == [3, 6] and df["back"].isna().all() and df["leg"].isna().all()
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
                                                "pain_after", "notes", "check_back", "check_leg", "leg_change",
                                                "new_nerve_symptoms", "checked_at", "morning_back", "morning_at", "id"]
    assert str(journal.sessions()["morning_at"].dtype).startswith("datetime64")
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


def _old_file(fixture: Path, tmp_path: Path, version: int, tables: tuple[str, ...]) -> tuple[Path, dict[str, list]]:
    """A copy of an old journal file (checked to be that schema ``version``) and its tables' rows."""
    path = tmp_path / "old.sqlite"
    path.write_bytes(fixture.read_bytes())
    old = sqlite3.connect(path)
    assert old.execute("PRAGMA user_version").fetchone()[0] == version
    before = {t: old.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in tables}
    old.close()
    return path, before


def test_version_1_file_migrates_losing_nothing(tmp_path: Path) -> None:
    """tests/fixtures/journal-v1.sqlite was written by the version-1 code (tools/make_v1_fixture.py)."""
    path, before = _old_file(FIXTURE_V1, tmp_path, 1, ("pain", "sessions", "sets"))
    assert len(before["pain"]) == 4 and len(before["sets"]) == 3
    with Journal(path, tz="Europe/Berlin") as j:
        df = j.pain()
        assert df["side"].isna().all()  # version 1 had no side: not said
        assert df["note"].tolist()[0] == "stiff — 朝"
        j.log_pain(5, at="2026-02-05 08:00", areas="left calf")
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    after = con.execute("SELECT id, at, score, areas, leg_extent, note FROM pain ORDER BY id").fetchall()
    assert after[:4] == before["pain"]  # every old row, every value, same ids
    assert con.execute("SELECT side FROM pain ORDER BY id").fetchall() == [(None,)] * 4 + [("left",)]
    assert con.execute("SELECT * FROM sets ORDER BY id").fetchall() == before["sets"]
    n = len(before["sessions"][0])  # version 3 added the check columns after the old ones
    assert [r[:n] for r in con.execute("SELECT * FROM sessions ORDER BY id").fetchall()] == before["sessions"]
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


# --- back and leg apart, the session check and the morning check: schema version 3 ------------------

FIXTURE_V2 = Path(__file__).resolve().parent / "fixtures" / "journal-v2.sqlite"


def test_version_2_file_migrates_losing_nothing(tmp_path: Path) -> None:
    """tests/fixtures/journal-v2.sqlite was written by the version-2 code (tools/make_v2_fixture.py)."""
    path, before = _old_file(FIXTURE_V2, tmp_path, 2, ("pain", "sessions", "sets", "red_flags"))
    assert len(before["pain"]) == 5 and len(before["sessions"]) == 1
    with Journal(path, tz="Europe/Berlin") as j:
        df = j.pain()
        # every old single score stays overall, "not split": never guessed into back or leg
        assert df["overall"].tolist() == [r[2] for r in before["pain"]]
        assert df["back"].isna().all() and df["leg"].isna().all()
        assert df["score"].tolist() == df["overall"].tolist()
        assert df["side"].astype(object).tolist()[0] == "left" and df["side"].astype(object).tolist()[-1] == "both"
        s = j.sessions()
        assert s["check_back"].isna().all() and s["leg_change"].isna().all() and s["morning_back"].isna().all()
        assert s["pain_before"].tolist() == [5] and s["id"].tolist() == [before["sessions"][0][0]]
        assert len(j.red_flags()) == 1
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    after = con.execute("SELECT id, at, score, areas, leg_extent, note, side FROM pain ORDER BY id").fetchall()
    assert after == before["pain"]  # every old row, every value, same ids
    n = len(before["sessions"][0])
    assert [r[:n] for r in con.execute("SELECT * FROM sessions ORDER BY id")] == before["sessions"]
    assert con.execute("SELECT * FROM sets ORDER BY id").fetchall() == before["sets"]
    assert con.execute("SELECT * FROM red_flags ORDER BY id").fetchall() == before["red_flags"]
    with pytest.raises(sqlite3.IntegrityError):  # an entry needs at least one score
        con.execute("INSERT INTO pain (at) VALUES ('2026-01-01T00:00:00+00:00')")
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("INSERT INTO pain (at, leg) VALUES ('2026-01-01T00:00:00+00:00', 11)")
    con.close()


def test_read_only_version_2_file_is_read_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.sqlite"
    path.write_bytes(FIXTURE_V2.read_bytes())
    import backnotes.journal as jmod
    monkeypatch.setattr(jmod, "_read_only_reason", lambda p, exists: "the file is read-only")  # root ignores modes
    if True:
        with Journal(path) as j:
            assert j.read_only
            assert j.pain()["overall"].notna().all() and j.pain()["back"].isna().all()
            sid = int(j.sessions()["id"].iloc[0])
            with pytest.raises(JournalError, match="older journal"):
                j.log_check(sid, leg_change="same")
        assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 2


def test_log_pain_back_and_leg(journal: Journal) -> None:
    journal.log_pain(back=4, leg=6, at="2026-03-01 08:00", areas="lower back; left calf", leg_extent="below knee")
    journal.log_pain(back=3, at="2026-03-02 08:00")  # leg not said: missing, not 0
    journal.log_pain(leg=0, at="2026-03-03 08:00")
    journal.log_pain(5, at="2026-03-04 08:00")  # one score: overall, as before
    journal.log_pain(back=2, leg=2, at="2026-03-05 08:00")
    assert journal.log_pain(back=2, leg=2, at="2026-03-05 08:00") == journal.log_pain(back=2, leg=2, at="2026-03-05 08:00")
    df = journal.pain()
    assert len(df) == 5
    assert df["back"].astype(object).tolist() == [4, 3, pd.NA, pd.NA, 2]
    assert df["leg"].astype(object).tolist() == [6, pd.NA, 0, pd.NA, 2]
    assert df["overall"].astype(object).tolist() == [pd.NA, pd.NA, pd.NA, 5, pd.NA]
    assert df["score"].tolist() == [6, 3, 0, 5, 2]  # the highest of the entry's scores
    for d in ("back", "leg", "overall"):
        assert str(df[d].dtype) == "Int64"


@pytest.mark.parametrize("kwargs, field", [
    ({}, "back, leg"), ({"back": 11}, "back"), ({"leg": -1}, "leg"), ({"back": 2.5}, "back"),
    ({"leg": "3"}, "leg"), ({"back": True}, "back"), ({"score": 3, "leg": 12}, "leg"),
])
def test_log_pain_bad_back_or_leg(journal: Journal, kwargs: dict, field: str) -> None:
    with pytest.raises(JournalError, match=f"^{field}: .*0 (to|and) 10|^{field}: give back pain"):
        journal.log_pain(at="2026-03-01 08:00", **kwargs)
    assert journal.pain().empty


def test_log_check_and_morning(journal: Journal) -> None:
    routine = backnotes.load_routine("gentle-start")
    sid = journal.log_session(routine, at="2026-03-01 09:00")
    other = journal.log_session(routine, at="2026-03-02 09:00")
    journal.log_check(sid, back=3, leg=5, leg_change="further", new_nerve_symptoms=False, at="2026-03-01 09:40")
    journal.log_morning(sid, back="worse", at="2026-03-02 07:00")
    journal.log_check(other, leg_change="gone")
    s = journal.sessions().set_index("id")
    assert s.loc[sid, "check_back"] == 3 and s.loc[sid, "check_leg"] == 5
    assert s.loc[sid, "leg_change"] == "further" and s.loc[sid, "new_nerve_symptoms"] is False or \
        bool(s.loc[sid, "new_nerve_symptoms"]) is False
    assert s.loc[sid, "morning_back"] == "worse"
    assert s.loc[sid, "checked_at"] == pd.Timestamp("2026-03-01 09:40", tz="Europe/London")
    assert s.loc[other, "leg_change"] == "gone"
    assert pd.isna(s.loc[other, "check_back"]) and pd.isna(s.loc[other, "new_nerve_symptoms"])
    assert pd.isna(s.loc[other, "morning_back"]) and pd.isna(s.loc[other, "morning_at"])
    assert list(s["leg_change"].cat.categories) == ["further", "same", "less", "gone"]
    # answering again replaces
    journal.log_check(sid, leg_change="same", at="2026-03-01 10:00")
    assert journal.sessions().set_index("id").loc[sid, "leg_change"] == "same"


@pytest.mark.parametrize("call, field, allowed", [
    (lambda j, s: j.log_check(s, leg_change="worse"), "leg_change", "'further', 'same', 'less', 'gone'"),
    (lambda j, s: j.log_check(s, leg_change="Further"), "leg_change", "'further'"),
    (lambda j, s: j.log_check(s, new_nerve_symptoms="yes"), "new_nerve_symptoms", "True, False or None"),
    (lambda j, s: j.log_check(s, back=11), "back", "0 to 10"),
    (lambda j, s: j.log_check(s, leg=1.5), "leg", "0 to 10"),
    (lambda j, s: j.log_check(s + 100, leg=1), "session_id", "no session"),
    (lambda j, s: j.log_check("1", leg=1), "session_id", "whole number"),
    (lambda j, s: j.log_check(s, leg=1, at="2026-02-01 08:00"), "at", "before the session"),
    (lambda j, s: j.log_morning(s, back="fine"), "back", "'better', 'same', 'worse'"),
    (lambda j, s: j.log_morning(s, back=None), "back", "'better', 'same', 'worse'"),
    (lambda j, s: j.log_morning(s + 100, back="same"), "session_id", "no session"),
])
def test_log_check_bad_values(journal: Journal, call, field: str, allowed: str) -> None:
    sid = journal.log_session(backnotes.load_routine("gentle-start"), at="2026-03-01 09:00")
    before = journal.sessions()
    with pytest.raises(JournalError) as info:
        call(journal, sid)
    assert str(info.value).startswith(f"{field}:") and allowed in str(info.value)
    pd.testing.assert_frame_equal(journal.sessions(), before)  # nothing written


def test_session_exercises(journal: Journal) -> None:
    routine = backnotes.load_routine("gentle-start")
    sid = journal.log_session(routine, at="2026-03-01 09:00")
    pairs = journal.session_exercises()
    assert pairs["exercise_id"].tolist() == list(dict.fromkeys(i.exercise_id for i in routine.items))
    assert set(pairs["session_id"]) == {sid}
    assert journal.session_exercises(sid + 1).empty
