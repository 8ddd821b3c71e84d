"""Issue 20: the journal's outputs never harm its data. One test (or a few) per numbered item of the
issue, each the reproducer of the problem the adversarial round found."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import threading
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest

import backnotes
from backnotes import settings as settings_module
from backnotes.content import red_flags
from backnotes.day import load_choice, routine_choices
from backnotes.journal import Journal, JournalError
from backnotes.journal_base import MAX_ROW_ERRORS
from backnotes.routine import RoutineError
from backnotes.session import SessionRecord
from backnotes.settings import SettingsWarning, load_settings, save_settings

#: FHIR R4's dateTime pattern (hl7.org/fhir/R4/datatypes.html#dateTime).
FHIR_DATETIME = re.compile(
    r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])"
    r"(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?")
#: The careful reader's in-band end mark before issue 20 (item 4): now only text like any other.
OLD_END_MARK = "\ue000backnotes: end of file\ue000"


@pytest.fixture
def journal(tmp_path: Path):
    with Journal(tmp_path / "j.sqlite", tz="Europe/Berlin") as j:
        j.log_pain(4, at="2026-03-01 08:00", areas=["lower back"], leg_extent="thigh")
        yield j


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def datetimes(doc: object) -> list[str]:
    """Every FHIR dateTime value in a Bundle (effectiveDateTime, period start/end, timestamp)."""
    found: list[str] = []
    if isinstance(doc, dict):
        for k, v in doc.items():
            if k in ("effectiveDateTime", "start", "end", "timestamp") and isinstance(v, str):
                found.append(v)
            else:
                found += datetimes(v)
    elif isinstance(doc, list):
        for v in doc:
            found += datetimes(v)
    return found


# --- 1. one output guard for every writer -----------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
@pytest.mark.parametrize("writer", ["report_html", "export_fhir", "backup"])
@pytest.mark.parametrize("link", [False, True])
def test_no_writer_overwrites_the_journal_or_its_working_files(journal: Journal, tmp_path: Path, suffix: str,
                                                               writer: str, link: bool) -> None:
    target = Path(f"{journal.path}{suffix}")
    if link:  # a symbolic link to the file: resolved, and refused as well
        alias = tmp_path / f"alias{suffix}.out"
        alias.symlink_to(target)
        target_given = alias
    else:
        target_given = target
    before = digest(journal.path) if not suffix else None
    with pytest.raises(JournalError, match="journal"):
        getattr(journal, writer)(target_given)
    if before is not None:
        assert digest(journal.path) == before
    journal.close()
    with Journal(journal.path, tz="UTC") as again:  # still a journal, with its entry
        assert again.pain()["score"].tolist() == [4]


def test_export_csv_refuses_a_file_that_is_the_journal(journal: Journal, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "sets.csv").symlink_to(journal.path)
    with pytest.raises(JournalError, match="journal"):
        journal.export_csv(out)
    assert not (out / "pain.csv").exists()  # refused before anything was written


# --- 2. red flags exported and imported back --------------------------------------------------------


def test_red_flags_survive_csv_export_and_import_and_reach_fhir(journal: Journal, tmp_path: Path) -> None:
    flags = list(red_flags().index)[:2]
    journal.log_red_flags(flags, at="2026-03-02 09:00")
    journal.log_red_flags(flags[:1], at="2026-03-05 21:15")
    files = journal.export_csv(tmp_path / "out")
    assert files["red_flags"].name == "red_flags.csv"
    with Journal(tmp_path / "b.sqlite", tz="Europe/Berlin") as b:
        assert b.import_csv(files["red_flags"], kind="red_flags") == 3
        assert b.import_csv(files["red_flags"], kind="red_flags") == 0  # the same ticks are not added twice
        pd.testing.assert_frame_equal(b.red_flags(), journal.red_flags())
    doc = json.loads(journal.export_fhir(tmp_path / "fhir.json").read_text(encoding="utf-8"))
    ticks = [e["resource"] for e in doc["entry"] if e["resource"].get("valueBoolean") is True]
    assert len(ticks) == 3
    assert sorted(t["effectiveDateTime"] for t in ticks) == [
        "2026-03-02T09:00:00+01:00", "2026-03-02T09:00:00+01:00", "2026-03-05T21:15:00+01:00"]
    assert all(any(f in t["code"]["text"] for f in flags) for t in ticks)


def test_an_unknown_red_flag_in_a_file_is_a_row_error(journal: Journal, tmp_path: Path) -> None:
    with pytest.raises(JournalError) as info:
        journal.import_csv(write(tmp_path, "at,flag\n2026-03-01 08:00,not-a-flag\n"), kind="red_flags")
    assert info.value.errors[0].line == 2 and info.value.errors[0].column == "flag"
    assert journal.red_flags().empty


# --- 3. unique FHIR ids -----------------------------------------------------------------------------


def test_entries_that_differ_only_in_leg_extent_get_different_ids(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite", tz="UTC") as j:
        j.log_pain(5, at="2026-03-01 08:00", areas=["glutes"], leg_extent="thigh")
        j.log_pain(5, at="2026-03-01 08:00", areas=["glutes"], leg_extent="foot")
        j.log_red_flags(list(red_flags().index)[:1], at="2026-03-01 08:00")
        j.log_session(SessionRecord("r", datetime(2026, 3, 1, 8, tzinfo=timezone.utc),
                                    datetime(2026, 3, 1, 8, 20, tzinfo=timezone.utc)))
        doc = json.loads(j.export_fhir(tmp_path / "f.json", patient_name="A").read_text(encoding="utf-8"))
    urls = [e["fullUrl"] for e in doc["entry"]]
    ids = [e["resource"]["id"] for e in doc["entry"]]
    assert len(urls) == 5
    # bdl-7: FullUrl must be unique in a bundle (checked here: the FHIR models do not)
    assert len(set(urls)) == len(urls) and len(set(ids)) == len(ids)
    assert all(u == f"urn:uuid:{i}" for u, i in zip(urls, ids))


# --- 4. no in-band end-of-file mark -----------------------------------------------------------------


def test_a_line_like_the_old_end_mark_does_not_end_the_file(journal: Journal, tmp_path: Path) -> None:
    # the stray quote sends the file to the careful reader, which used the mark
    text = f'at,score,note\n2026-03-01 09:00,5,a "stray" quote\n{OLD_END_MARK}\n2026-03-01 10:00,99,\n'
    with pytest.raises(JournalError) as info:
        journal.import_csv(write(tmp_path, text))
    assert {e.line for e in info.value.errors} == {3, 4}  # the mark line is ragged; the bad score is found


def test_a_note_holding_the_old_end_mark_round_trips(journal: Journal, tmp_path: Path) -> None:
    journal.log_pain(3, at="2026-03-01 10:00", note=f'before {OLD_END_MARK} "after"')
    journal.log_pain(2, at="2026-03-01 11:00", note=OLD_END_MARK)
    files = journal.export_csv(tmp_path / "out")
    with Journal(tmp_path / "b.sqlite", tz="Europe/Berlin") as b:
        assert b.import_csv(files["pain"]) == 3
        assert b.pain()["note"].tolist() == journal.pain()["note"].tolist()


def test_an_unclosed_quote_at_the_end_is_still_reported(journal: Journal, tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="never closed"):
        journal.import_csv(write(tmp_path, 'at,score,note\n2026-03-01 09:00,5,"open\nmore\n'))


# --- 5. times in the repeated or skipped hour -------------------------------------------------------


def test_fhir_and_report_take_times_in_the_hours_clocks_change(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite", tz="Europe/Berlin") as j:
        j.log_pain(6, at=datetime(2025, 10, 26, 2, 30), note="night pain, first 02:30")
        j.log_pain(6, at=datetime(2025, 10, 26, 2, 30, fold=1), note="night pain, second 02:30")
        j.log_session(SessionRecord("r", datetime(2025, 10, 26, 0, 30, tzinfo=timezone.utc),
                                    datetime(2025, 10, 26, 1, 10, tzinfo=timezone.utc)))
        doc = json.loads(j.export_fhir(tmp_path / "f.json").read_text(encoding="utf-8"))
        assert {"2025-10-26T02:30:00+02:00", "2025-10-26T02:30:00+01:00"} <= set(datetimes(doc))
        for since in ("2025-10-26 02:30", "2025-03-30 02:30", datetime(2025, 10, 26, 2, 30)):
            j.report_html(tmp_path / "r.html", since=since)
        assert "Pain journal report" in (tmp_path / "r.html").read_text(encoding="utf-8")


# --- 6. very long sessions ----------------------------------------------------------------------------


def test_a_session_longer_than_a_day_is_refused(journal: Journal, tmp_path: Path) -> None:
    with pytest.raises(JournalError) as info:
        journal.import_csv(write(tmp_path, "at,duration_s\n2026-03-01 09:00,90000\n2026-03-02 09:00,1e300\n"),
                           kind="sessions")
    assert [e.line for e in info.value.errors] == [2, 3]
    assert "24 hours" in info.value.errors[0].reason
    with pytest.raises(JournalError, match="24 hours"):
        journal.log_session(SessionRecord("r", datetime(2026, 3, 1, 8, tzinfo=timezone.utc),
                                          datetime(2026, 3, 2, 9, tzinfo=timezone.utc)))
    assert journal.sessions().empty


def test_fhir_export_handles_a_huge_stored_duration(journal: Journal, tmp_path: Path) -> None:
    """An older journal may hold one (no upper limit then): the export leaves the end out and says why."""
    journal.log_session(SessionRecord("r", datetime(2026, 3, 1, 8, tzinfo=timezone.utc),
                                      datetime(2026, 3, 1, 8, 20, tzinfo=timezone.utc)))
    journal._conn.execute("UPDATE sessions SET duration_s = 1e300")
    doc = json.loads(journal.export_fhir(tmp_path / "f.json").read_text(encoding="utf-8"))
    session = next(e["resource"] for e in doc["entry"] if e["resource"]["code"]["coding"][0]["code"] == "55411-3")
    assert "effectivePeriod" not in session and session["effectiveDateTime"].startswith("2026-03-01T09:00")
    assert "not a usable length" in session["dataAbsentReason"]["text"]


# --- 7. bad files in the routines folder --------------------------------------------------------------


def test_bad_files_in_the_routines_folder_are_named_and_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    backnotes.load_routine("gentle-start").save(folder / "good.json")
    (folder / "huge.json").write_text('{"name": ' + "9" * 5000 + "}", encoding="utf-8")
    (folder / "dangling.json").symlink_to(folder / "missing.json")
    (folder / "loop.json").symlink_to(folder / "loop.json")
    os.mkfifo(folder / "x.json")
    found: list = []
    worker = threading.Thread(target=lambda: found.append(routine_choices(folder)), daemon=True)
    worker.start()
    worker.join(20)
    assert not worker.is_alive(), "listing the routines hung (a FIFO named x.json?)"
    choices = {c.key: c for c in found[0]}
    assert not choices["saved:good"].problem
    for name in ("huge", "dangling", "loop", "x"):
        choice = choices[f"saved:{name}"]
        assert choice.problem and f"{name}.json" in choice.label  # named, with why, and not usable
        with pytest.raises(RoutineError):
            load_choice(f"saved:{name}", folder)


# --- 8. settings.json that cannot be read --------------------------------------------------------------


def test_a_deeply_nested_settings_file_gives_the_defaults_with_a_message(tmp_path: Path) -> None:
    p = tmp_path / "settings.json"
    p.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.warns(SettingsWarning, match="settings.json"):
        assert load_settings(p) == settings_module.DEFAULTS
    assert save_settings(p, tone=False)["tone"] is False  # and a save replaces it
    assert load_settings(p)["tone"] is False


def test_a_settings_folder_gives_the_defaults_and_a_clear_error_on_save(tmp_path: Path) -> None:
    p = tmp_path / "settings.json"
    p.mkdir()
    with pytest.warns(SettingsWarning, match="folder"):
        assert load_settings(p) == settings_module.DEFAULTS
    with pytest.raises(ValueError, match="folder"):
        save_settings(p, tone=False)
    assert p.is_dir()


# --- 9. odd arguments: the module's own error -----------------------------------------------------


@pytest.mark.parametrize("bad", ["a\x00b.csv", "x" * 300 + ".csv", "abcdefgh/" * 600 + "x.csv", None, 5,
                                 b"bytes.csv"])
def test_odd_paths_are_journal_errors(journal: Journal, tmp_path: Path, bad: object) -> None:
    with pytest.raises(JournalError):
        journal.import_csv(bad)  # type: ignore[arg-type]
    with pytest.raises(JournalError):
        journal.export_csv(bad if bad is None or not isinstance(bad, str) else str(tmp_path / bad))  # type: ignore[arg-type]
    with pytest.raises(JournalError):
        journal.backup(bad if not isinstance(bad, str) else str(tmp_path / bad))  # type: ignore[arg-type]
    with pytest.raises(JournalError):
        journal.export_fhir(bad if not isinstance(bad, str) else str(tmp_path / bad))  # type: ignore[arg-type]
    with pytest.raises(JournalError):
        journal.report_html(bad if not isinstance(bad, str) else str(tmp_path / bad))  # type: ignore[arg-type]


def test_odd_encodings_and_zones_are_journal_errors(journal: Journal, tmp_path: Path) -> None:
    path = write(tmp_path, "at,score\n2026-03-01 08:00,4\n")
    for encoding in ("rot13", "base64", "zlib", "no-such-codec", "utf\x008"):
        with pytest.raises(JournalError, match="encoding"):
            journal.import_csv(path, encoding=encoding)
    for tz in (object(), 5, 1.5, True):
        with pytest.raises(JournalError, match="tz"):
            journal.import_csv(path, tz=tz)  # type: ignore[arg-type]
        with pytest.raises(JournalError, match="tz"):
            Journal(tmp_path / "other.sqlite", tz=tz)  # type: ignore[arg-type]


def test_odd_routine_keys_are_routine_errors(tmp_path: Path) -> None:
    for key in ("saved:a\x00b", "saved:" + "x" * 400, "saved:a/b", 5):
        with pytest.raises(RoutineError):
            load_choice(key, tmp_path)  # type: ignore[arg-type]


def test_use_routine_before_step_2_was_opened(backnotes_home: Path) -> None:
    from backnotes.widgets import App

    with Journal(tz="UTC") as j:
        app = App(j)
        routine = backnotes.load_routine("gentle-start")
        app.use_routine(routine)  # step 2's widgets are not built yet
        assert app.day.routine is routine


def test_a_version_1_file_with_a_negative_user_version_is_left_untouched(tmp_path: Path) -> None:
    from backnotes.journal import _SCHEMA_V1

    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(_SCHEMA_V1)
    conn.execute("PRAGMA user_version = -1")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(JournalError, match="not a backnotes journal"):
        Journal(path, tz="UTC")
    assert digest(path) == before
    assert not Path(f"{path}-wal").exists()  # not switched to WAL mode
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


# --- 10. FHIR dateTimes with offsets in seconds ---------------------------------------------------------


@pytest.mark.parametrize("zone,local,offset", [("Europe/Amsterdam", "1930-06-01 12:00", "+01:19:32"),
                                               ("Europe/Dublin", "1910-06-01 12:00", "-00:25:21")])
def test_offsets_with_seconds_are_written_in_utc_and_kept(tmp_path: Path, zone: str, local: str, offset: str) -> None:
    with Journal(tmp_path / "j.sqlite", tz=zone) as j:
        j.log_pain(3, at=local)
        j.log_session(SessionRecord("r", pd.Timestamp(local, tz=zone).to_pydatetime(),
                                    (pd.Timestamp(local, tz=zone) + pd.Timedelta(minutes=20)).to_pydatetime()))
        doc = json.loads(j.export_fhir(tmp_path / "f.json").read_text(encoding="utf-8"))
    values = datetimes(doc)
    assert len(values) == 4 and all(FHIR_DATETIME.fullmatch(v) for v in values), values
    pain = next(e["resource"] for e in doc["entry"] if "valueInteger" in e["resource"])
    utc = pd.Timestamp(local, tz=zone).tz_convert("UTC")
    assert pd.Timestamp(pain["effectiveDateTime"]) == utc
    assert pain["_effectiveDateTime"]["extension"][0]["valueString"] == offset
    session = next(e["resource"] for e in doc["entry"] if "effectivePeriod" in e["resource"])
    assert session["effectivePeriod"]["_start"]["extension"][0]["valueString"] == offset


# --- 11. the report stays one page (summary of flagged sessions) ----------------------------------------


def test_the_flagged_sessions_are_summarised_for_a_long_journal(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite", tz="UTC") as j:
        rows = "\n".join(f"{d:%Y-%m-%d} 09:00,r,600,yes,2,{6 if d.day % 7 == 0 else 2}"
                         for d in pd.date_range("2016-01-01", "2025-12-31", freq="D"))
        j.import_csv(write(tmp_path, "at,routine,duration_s,completed,pain_before,pain_after\n" + rows + "\n"),
                     kind="sessions")
        html = j.report_html(tmp_path / "r.html").read_text(encoding="utf-8")
    flagged = 10 * 12 * 4  # the 7th, 14th, 21st and 28th of every month
    body = html.split("<h2>Sessions after which pain rose</h2>", 1)[1].split("</section>", 1)[0]
    assert body.count("<tr>") <= 1 + 5  # the header and the latest few
    assert f"{flagged - 5} earlier" in body  # the count of the rest
    assert "28 Dec 25" in body  # the latest with their year
    assert f"{flagged} sessions" in body  # the total, said once, in their own section
    summary = html.split("<p class=\"summary\">", 1)[1].split("</p>", 1)[0]
    assert "28 Dec 25" not in summary  # not listed a second time in the summary
    assert summary.count("2025") <= 6 and len(summary) < 1500


# --- 12. CR-only line ends -----------------------------------------------------------------------------


def test_old_mac_line_ends_are_read(journal: Journal, tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes(b"at,score,note\r2026-03-02 08:00,5,a\r2026-03-02 09:00,4,b\r")
    assert journal.import_csv(path) == 2
    assert journal.pain()["note"].tolist()[-2:] == ["a", "b"]
    path.write_bytes(b"\r\rat,score\r2026-03-03 08:00,11\r")  # blank lines first; line numbers count CRs
    with pytest.raises(JournalError) as info:
        journal.import_csv(path)
    assert info.value.errors[0].line == 4


def test_a_long_file_with_old_mac_line_ends_is_read_past_the_header_bound(journal: Journal, tmp_path: Path) -> None:
    # its first "line" (up to a LF) is the whole file: the header is found among the CR-ended lines
    # of the bounded read, not refused as a header longer than 256 KiB
    from backnotes.journal_import import MAX_HEADER_BYTES

    times = pd.date_range("2020-01-01 08:00", periods=20_000, freq="h", tz="UTC")
    body = "".join(f"{t:%Y-%m-%dT%H:%M:%S}+00:00,{i % 11},n{i}\r" for i, t in enumerate(times))
    path = tmp_path / "mac-long.csv"
    path.write_bytes(("at,score,note\r" + body).encode())
    assert path.stat().st_size > 2 * MAX_HEADER_BYTES
    assert journal.import_csv(path) == len(times)
    assert {f"n{i}" for i in range(len(times))} <= set(journal.pain()["note"])
    path.write_bytes(b"at,score," + b"x" * MAX_HEADER_BYTES + b"\r2026-03-03 08:00,1\r")  # a header too long
    with pytest.raises(JournalError, match="header line is longer than 256 KiB"):
        journal.import_csv(path)


# --- 13. a busy version-1 journal -----------------------------------------------------------------------


def test_a_locked_version_1_journal_is_busy_not_damaged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from backnotes import journal as journal_module

    path = tmp_path / "v1.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(journal_module._SCHEMA_V1)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("BEGIN EXCLUSIVE")  # another program holds the file
    monkeypatch.setattr(journal_module, "BUSY_TIMEOUT_S", 0.2)
    try:
        with pytest.raises(JournalError, match="busy.*try again") as info:
            Journal(path, tz="UTC")
        assert "damaged" not in str(info.value)
    finally:
        conn.execute("ROLLBACK")
        conn.close()
    with Journal(path, tz="UTC") as j:  # once free, it opens and migrates
        assert j.counts()["pain"] == 0


# --- 14. settings saved by two processes at once ---------------------------------------------------------


def test_two_saves_at_once_keep_both_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from backnotes import files

    p = tmp_path / "settings.json"
    slow = files.atomic_write

    def slow_write(path: Path, text: str) -> Path:
        time.sleep(0.3)  # widen the window between reading and writing
        return slow(path, text)

    monkeypatch.setattr(files, "atomic_write", slow_write)
    workers = [threading.Thread(target=save_settings, args=(p,), kwargs=kw)
               for kw in ({"tone": False}, {"routine": "ready:gentle-start"})]
    for w in workers:
        w.start()
    for w in workers:
        w.join(10)
    assert load_settings(p) == {**settings_module.DEFAULTS, "tone": False, "routine": "ready:gentle-start"}


# --- 15. a red flag noted once per day, checked in the journal -------------------------------------------


def test_a_red_flag_is_noted_once_per_day_even_after_a_reload(tmp_path: Path) -> None:
    flag = list(red_flags().index)[0]
    for _reload in range(2):  # a new Journal object: what a reloaded page has
        with Journal(tmp_path / "j.sqlite", tz="Europe/Berlin") as j:
            j.log_red_flags([flag], at="2026-03-01 08:00")
            j.log_red_flags([flag], at="2026-03-01 23:30")  # later the same local day
    with Journal(tmp_path / "j.sqlite", tz="Europe/Berlin") as j:
        assert len(j.red_flags()) == 1
        assert j.log_red_flags([flag], at="2026-03-02 00:30") == 1  # the next day: noted again
        assert len(j.red_flags()) == 2


# --- 16. tz numbers refused, fold honoured ---------------------------------------------------------------


def test_fold_picks_the_second_of_two_equal_local_times(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite", tz="Europe/Berlin") as j:
        j.log_pain(5, at=datetime(2025, 10, 26, 2, 30, fold=0))
        j.log_pain(6, at=datetime(2025, 10, 26, 2, 30, fold=1))
        stored = [r[0] for r in j._conn.execute("SELECT at FROM pain ORDER BY score")]
    assert stored == ["2025-10-26T00:30:00+00:00", "2025-10-26T01:30:00+00:00"]


# --- 17. import memory with many bad rows ----------------------------------------------------------------


def test_many_bad_rows_keep_the_first_few_hundred_and_count_the_rest(journal: Journal, tmp_path: Path) -> None:
    n = 5000
    text = "at,score,areas\n" + "".join(f"2026-01-01 08:00,3,nowhere{i % 50}\n" for i in range(n))
    with pytest.raises(JournalError) as info:
        journal.import_csv(write(tmp_path, text))
    assert len(info.value.errors) == MAX_ROW_ERRORS
    assert info.value.total == n
    assert [e.line for e in info.value.errors] == list(range(2, 2 + MAX_ROW_ERRORS))
    assert f"{n} bad row(s)" in str(info.value) and f"... and {n - 10} more" in str(info.value)


def test_a_header_of_a_million_columns_is_refused_with_bounded_memory(journal: Journal, tmp_path: Path) -> None:
    import tracemalloc

    path = write(tmp_path, "at,score," + ",".join(f"c{i}" for i in range(1_000_000)) + "\n2026-01-01 08:00,3\n")
    tracemalloc.start()
    try:
        with pytest.raises(JournalError, match="columns"):
            journal.import_csv(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= path.stat().st_size  # at most 1x the file


# --- 18. far-future numpy times ---------------------------------------------------------------------------


@pytest.mark.parametrize("at", [np.datetime64("9999-01-01T00:00"), np.datetime64("2262-06-01"),
                                np.datetime64("20000-01-01", "D"), datetime(9999, 1, 1)])
def test_a_far_future_time_is_out_of_range(journal: Journal, at: object) -> None:
    with pytest.raises(JournalError, match="out of range") as info:
        journal.log_pain(3, at=at)
    assert "clocks" not in str(info.value)


# --- 19. saved routines stay inside the routines folder -----------------------------------------------


def test_load_choice_stays_inside_the_routines_folder(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b" / "routines"
    folder.mkdir(parents=True)
    outside = tmp_path / "x.json"
    backnotes.load_routine("gentle-start").save(outside)
    for key in ("saved:../../../x", f"saved:{tmp_path / 'x'}", "saved:..", "saved:./../../../x"):
        with pytest.raises(RoutineError, match="routines folder"):
            load_choice(key, folder)
    backnotes.load_routine("gentle-start").save(folder / "mine.json")
    assert load_choice("saved:mine", folder).name


def test_a_hard_link_to_the_journal_is_refused_too(journal: Journal, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere.html"
    os.link(journal.path, other)
    before = digest(journal.path)
    for writer in ("report_html", "export_fhir", "backup"):
        with pytest.raises(JournalError, match="journal"):
            getattr(journal, writer)(other)
    assert digest(journal.path) == before


def test_a_since_day_whose_midnight_the_clocks_skip(tmp_path: Path) -> None:
    """Santiago's clocks went from 00:00 to 01:00 on 8 September 2024: that day has no midnight."""
    with Journal(tmp_path / "j.sqlite", tz="America/Santiago") as j:
        j.log_pain(5, at="2024-09-08 12:00", areas=["lower back"])
        j.log_pain(4, at="2024-09-07 12:00", areas=["lower back"])
        html = j.report_html(tmp_path / "r.html", since="2024-09-08").read_text(encoding="utf-8")
    assert "08 Sep 2024 onwards" in html
