"""The pain journal: a private SQLite file of pain reports, exercise sessions and the sets done.

Design (DESIGN.md "The journal"): standard-library ``sqlite3`` in WAL mode with a busy timeout,
foreign keys and CHECK constraints; the schema version lives in ``PRAGMA user_version``; every write
is one transaction; times are stored as ISO 8601 text in UTC (``2026-03-01T07:30:00+00:00``) and
returned as tz-aware pandas datetimes in the local zone.

>>> import tempfile, pathlib
>>> with Journal(pathlib.Path(tempfile.mkdtemp()) / "j.sqlite", tz="UTC") as j:
...     _ = j.log_pain(4, at="2026-03-01 08:00", areas=["lower back"], leg_extent="thigh")
...     j.pain()[["score", "areas", "leg_extent"]].to_dict("records")
[{'score': 4, 'areas': 'lower back', 'leg_extent': 'thigh'}]
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .journal_types import LEG_EXTENTS, MAX_NOTE, JournalError, RowError  # shared with journal_csv
from .session import SessionRecord, SetDone
from .vocab import BODY_AREAS

if TYPE_CHECKING:
    from .routine import Routine

__all__ = [
    "Journal", "JournalError", "RowError", "LEG_EXTENTS", "SCHEMA_VERSION", "KINDS_OF_TABLE",
    "local_zone", "demo_journal", "find_demo_folder",
]

#: Version of the journal's table layout, kept in ``PRAGMA user_version``.
SCHEMA_VERSION = 1
#: The tables a CSV import or export deals with.
KINDS_OF_TABLE: tuple[str, ...] = ("pain", "sessions", "sets")
#: Seconds a writer waits for another process (a second open notebook) to finish its write.
BUSY_TIMEOUT_S = 30.0
# ---------------------------------------------------------------------------------------------------
# time zones and timestamps


def local_zone() -> tzinfo:
    """The computer's time zone, as a ``zoneinfo`` zone when it can be named (so daylight saving is
    right), else the current fixed UTC offset."""
    from zoneinfo import ZoneInfo

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        link = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in link:
            candidates.append(link.split("zoneinfo/", 1)[1])
    except OSError:  # pragma: no cover - unusual systems
        pass
    for name in candidates:
        if name:
            try:
                return ZoneInfo(name)
            except Exception:  # not a zone name: try the next way
                continue
    return datetime.now().astimezone().tzinfo or timezone.utc


def _zone(tz: str | tzinfo | None) -> tzinfo:
    if tz is None:
        return local_zone()
    if isinstance(tz, str):
        from zoneinfo import ZoneInfo

        try:
            return ZoneInfo(tz)
        except Exception as exc:
            raise JournalError(f"tz: {tz!r} is not a time zone name (for example 'Europe/Berlin' or 'UTC')") from exc
    return tz


def _utc_text(at: Any, zone: tzinfo, field: str = "at") -> str:
    """One timestamp (datetime, pandas Timestamp, ISO text or None = now) as stored UTC text."""
    if at is None:
        ts = pd.Timestamp.now(tz=timezone.utc)
    else:
        try:
            ts = pd.Timestamp(at)
        except (ValueError, TypeError) as exc:
            raise JournalError(
                f"{field}: {at!r} is not a date and time (use ISO 8601, like 2026-03-01 08:30)") from exc
        if ts is pd.NaT:
            raise JournalError(f"{field}: a date and time is needed, got {at!r}")
        if ts.tzinfo is None:
            try:
                ts = ts.tz_localize(zone, ambiguous=True, nonexistent="raise")
            except Exception as exc:
                raise JournalError(f"{field}: {at!r} does not exist in time zone {zone} (clocks changed)") from exc
        if ts > pd.Timestamp.now(tz=timezone.utc) + pd.Timedelta(days=1) or ts.year < 1900:
            raise JournalError(f"{field}: {at!r} is in the future (or before 1900); check the date")
    return ts.tz_convert(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")


#: SQL for a stored time as Unix seconds: SQLite parses the text in C, faster than pandas on strings.
_EPOCH = "CAST(strftime('%s', {}) AS INTEGER)"


def _columns(rows: list[tuple[Any, ...]], n: int) -> list[np.ndarray]:
    """Fetched rows -> one object array per column (one C-level copy; ``zip(*rows)`` over 100,000
    rows costs several times more)."""
    if not rows:
        return [np.empty(0, dtype=object) for _ in range(n)]
    table = np.array(rows, dtype=object)
    return [table[:, i] for i in range(n)]


def _is_sorted(values: np.ndarray) -> bool:
    return bool(len(values) < 2 or (values[1:] >= values[:-1]).all())


def _to_local(seconds: Sequence[int], zone: tzinfo) -> pd.DatetimeIndex:
    """Unix seconds (see `_EPOCH`) -> tz-aware local datetimes."""
    utc = np.asarray(seconds, dtype=np.int64).astype("datetime64[s]").astype("datetime64[us]")
    return pd.DatetimeIndex(utc).tz_localize("UTC").tz_convert(zone)


# ---------------------------------------------------------------------------------------------------
# validation of single values (the CSV importer validates whole columns at once in journal_csv)


def _check_score(value: Any, field: str, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer, float, np.floating)):
        raise JournalError(f"{field}: pain is a whole number from 0 to 10, got {value!r}")
    if value != value or float(value) != int(value):
        raise JournalError(f"{field}: pain is a whole number from 0 to 10, got {value!r}")
    if not 0 <= value <= 10:
        raise JournalError(f"{field}: pain must be from 0 to 10, got {value!r}")
    return int(value)


def _check_areas(areas: str | Iterable[str] | None) -> str:
    if areas is None:
        return ""
    items = split_areas(areas) if isinstance(areas, str) else [str(a).strip().lower() for a in areas]
    bad = [a for a in items if a not in BODY_AREAS]
    if bad:
        raise JournalError(f"areas: {', '.join(map(repr, bad))} not known; choose from {', '.join(BODY_AREAS)}")
    # one entry per area, in head-to-foot order: the same report always reads the same
    return ";".join(a for a in BODY_AREAS if a in items)


def split_areas(text: str) -> list[str]:
    """``"lower back; glutes"`` or ``"Lower back,glutes"`` -> ``["lower back", "glutes"]``."""
    return [p.strip().lower() for p in text.replace(",", ";").split(";") if p.strip()]


def _check_extent(value: Any) -> str | None:
    if value is None or value == "":
        return None
    text = str(value).strip().lower()
    if text not in LEG_EXTENTS:
        raise JournalError(f"leg_extent: {value!r} not known; choose from {', '.join(LEG_EXTENTS)}")
    return text


def _check_text(value: Any, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise JournalError(f"{field}: text expected, got {type(value).__name__}")
    if len(value) > MAX_NOTE:
        raise JournalError(f"{field}: at most {MAX_NOTE} characters, got {len(value)}")
    return value


def _check_count(value: Any, field: str, *, optional: bool = False, limit: int = 1000) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or not 0 <= value <= limit:
        raise JournalError(f"{field}: a whole number from 0 to {limit} expected, got {value!r}")
    return int(value)


def _check_seconds(value: Any, field: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or value != value or not 0 <= value <= 86400:
        raise JournalError(f"{field}: seconds from 0 to 86400 expected, got {value!r}")
    return float(value)


# ---------------------------------------------------------------------------------------------------
# schema and migrations

_SCHEMA_V1 = f"""
CREATE TABLE pain (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL CHECK (at LIKE '____-__-__T__:__:__+00:00'),
    score INTEGER NOT NULL CHECK (typeof(score) = 'integer' AND score BETWEEN 0 AND 10),
    areas TEXT NOT NULL DEFAULT '',
    leg_extent TEXT CHECK ({" OR ".join(f"leg_extent = '{e}'" for e in LEG_EXTENTS)}),
    note TEXT NOT NULL DEFAULT ''
);
-- No index: a person's journal holds thousands of rows, not millions. Frames are sorted by time in
-- numpy on reading and "same time and values" is checked inside the write transaction, which together
-- cost less than keeping an index up to date during a 100,000-row import.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL UNIQUE CHECK (at LIKE '____-__-__T__:__:__+00:00'),
    routine TEXT NOT NULL DEFAULT '',
    duration_s REAL CHECK (duration_s IS NULL OR duration_s >= 0),
    completed INTEGER NOT NULL DEFAULT 1 CHECK (completed BETWEEN 0 AND 1),
    pain_before INTEGER CHECK (pain_before IS NULL OR pain_before BETWEEN 0 AND 10),
    pain_after INTEGER CHECK (pain_after IS NULL OR pain_after BETWEEN 0 AND 10),
    notes TEXT NOT NULL DEFAULT ''
);
CREATE TABLE sets (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    exercise_id TEXT NOT NULL CHECK (length(exercise_id) > 0),
    set_no INTEGER NOT NULL CHECK (set_no >= 1),
    side TEXT CHECK (side = 'left' OR side = 'right'),
    reps_planned INTEGER CHECK (reps_planned IS NULL OR reps_planned >= 0),
    reps_done INTEGER NOT NULL CHECK (reps_done >= 0),
    hold_s_planned REAL CHECK (hold_s_planned IS NULL OR hold_s_planned >= 0),
    hold_s_done REAL CHECK (hold_s_done IS NULL OR hold_s_done >= 0),
    skipped INTEGER NOT NULL DEFAULT 0 CHECK (skipped BETWEEN 0 AND 1)
);
CREATE UNIQUE INDEX sets_same ON sets (session_id, exercise_id, set_no, ifnull(side, ''));
"""

#: user_version -> script that brings the file from that version to the next one.
_MIGRATIONS: dict[int, str] = {0: _SCHEMA_V1}
# Note: CHECKs are written with OR, not IN (...): SQLite builds a temporary table for every IN list
# on every row, which tripled the cost of a 100,000-row import.


# ---------------------------------------------------------------------------------------------------
# the journal


class Journal:
    """A person's pain journal in one SQLite file.

    ``path`` is the file (or a folder, which then holds ``journal.sqlite``); None means
    ``backnotes.data_home() / "journal.sqlite"`` (``$BACKNOTES_HOME`` when set). ``tz`` is the zone
    frames are returned in and naive times are read in (the computer's zone when None).

    Use it as a context manager (``with Journal() as j:``) or call `close`. One object may be shared
    by widget callbacks on several threads: every use of the connection holds a lock.
    """

    def __init__(self, path: str | PathLike[str] | None = None, *, tz: str | tzinfo | None = None) -> None:
        if path is None:
            from .paths import data_home

            path = data_home() / "journal.sqlite"
        p = Path(path).expanduser()
        if p.is_dir():
            p = p / "journal.sqlite"
        p.parent.mkdir(parents=True, exist_ok=True)
        self.path: Path = p
        self.tz: tzinfo = _zone(tz)
        self._lock = threading.RLock()
        try:
            self._conn = sqlite3.connect(p, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise JournalError(f"cannot open the journal {p}: {exc}") from exc
        try:
            self._setup()
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise JournalError(f"{p} is not a backnotes journal (or is damaged): {exc}") from exc
        except BaseException:
            self._conn.close()
            raise
        self._cleanup: Any = None  # set by demo_journal: removes a temporary folder on close

    def _setup(self) -> None:
        c = self._conn
        c.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        c.execute("PRAGMA foreign_keys = ON")
        if c.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":  # pragma: no cover
            raise JournalError(f"{self.path}: the journal needs a file system that supports SQLite's WAL mode")
        c.execute("PRAGMA synchronous = NORMAL")  # safe with WAL: a crash never corrupts the file
        c.execute("PRAGMA cache_size = -32768")  # 32 MiB: a large import does not spill pages mid-transaction
        version = c.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise JournalError(
                f"{self.path} was written by a newer backnotes (journal version {version}, this one reads "
                f"up to {SCHEMA_VERSION}): update backnotes; the file was left untouched")
        while version < SCHEMA_VERSION:
            with self._write() as cur:
                # re-read inside the write lock: another process may have migrated meanwhile
                version = cur.execute("PRAGMA user_version").fetchone()[0]
                if version >= SCHEMA_VERSION:
                    break
                for statement in _MIGRATIONS[version].split(";"):
                    if statement.strip():
                        cur.execute(statement)
                version += 1
                cur.execute(f"PRAGMA user_version = {version}")

    # -- plumbing ------------------------------------------------------------------------------------

    class _Tx:
        """``with self._write() as cur:`` one IMMEDIATE transaction, committed or rolled back."""

        def __init__(self, journal: "Journal") -> None:
            self.j = journal

        def __enter__(self) -> sqlite3.Cursor:
            self.j._lock.acquire()
            try:
                self.j._check_open()
                self.cur = self.j._conn.cursor()
                self.cur.execute("BEGIN IMMEDIATE")  # take the write lock now: no deadlock on upgrade
            except BaseException:
                self.j._lock.release()
                raise
            return self.cur

        def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
            try:
                if exc_type is None:
                    self.cur.execute("COMMIT")
                else:
                    self.cur.execute("ROLLBACK")
            finally:
                self.j._lock.release()

    def _write(self) -> "Journal._Tx":
        return Journal._Tx(self)

    def _check_open(self) -> None:
        if self._conn is None:
            raise JournalError("this journal is closed")

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            self._check_open()
            return self._conn.execute(sql, params).fetchall()

    def close(self) -> None:
        """Close the file (idempotent). A temporary demo journal is deleted."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None  # type: ignore[assignment]
        if self._cleanup is not None:
            self._cleanup()

    def __enter__(self) -> "Journal":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        if self._conn is None:
            return f"Journal({str(self.path)!r}, closed)"
        n = self.counts()
        return f"Journal({str(self.path)!r}: {n['pain']} pain entries, {n['sessions']} sessions, {n['sets']} sets)"

    def counts(self) -> dict[str, int]:
        """Rows per table: ``{"pain": ..., "sessions": ..., "sets": ...}``."""
        return {t: self._query(f"SELECT count(*) FROM {t}")[0][0] for t in KINDS_OF_TABLE}

    # -- writing -------------------------------------------------------------------------------------

    def log_pain(self, score: int, *, at: Any = None, areas: str | Iterable[str] = (),
                 leg_extent: str | None = None, note: str = "") -> int:
        """Record a pain score (a whole number 0-10) and return its row id.

        ``at`` is when (datetime, pandas Timestamp or ISO text; naive times are in the journal's zone;
        None = now); ``areas`` are names from `backnotes.BODY_AREAS`; ``leg_extent`` is one of
        `LEG_EXTENTS` (how far down the leg the pain reaches) or None. Logging exactly the same entry
        twice keeps one row. Anything invalid raises `JournalError` and writes nothing.
        """
        row = self.check_pain(score, at=at, areas=areas, leg_extent=leg_extent, note=note)
        with self._write() as cur:
            found = cur.execute(
                "SELECT id FROM pain WHERE at = ? AND score = ? AND areas = ? AND ifnull(leg_extent, '') = ifnull(?, '')"
                " AND note = ?", row).fetchone()
            if found:
                return int(found[0])
            cur.execute("INSERT INTO pain (at, score, areas, leg_extent, note) VALUES (?, ?, ?, ?, ?)", row)
            return int(cur.lastrowid)  # type: ignore[arg-type]

    def check_pain(self, score: int, *, at: Any = None, areas: str | Iterable[str] = (),
                   leg_extent: str | None = None, note: str = "") -> tuple[Any, ...]:
        """Validate a pain entry as `log_pain` would, without writing; return the row as stored.
        Raises `JournalError` naming the field and the allowed values."""
        return (_utc_text(at, self.tz), _check_score(score, "score"), _check_areas(areas),
                _check_extent(leg_extent), _check_text(note, "note"))

    def log_session(self, record_or_routine: "SessionRecord | Routine", *, at: Any = None,
                    pain_before: int | None = None, pain_after: int | None = None, notes: str = "",
                    done: Mapping[str, int] | Iterable[SetDone] | None = None) -> int:
        """Record an exercise session and the sets done; return the session's row id.

        From a timer's `backnotes.SessionRecord`: its start time (unless ``at`` is given), length,
        routine name and every set. From a `backnotes.Routine`: ``done`` says what was actually done:

        - None: every set as planned;
        - a mapping ``exercise_id -> reps (or holds) done in each set``; exercises of the routine left
          out were not done (their sets are stored as skipped, 0 done);
        - a list of `backnotes.SetDone`.

        ``pain_before`` / ``pain_after`` are optional 0-10 scores. A second session with the same start
        time raises `JournalError`.
        """
        routine_name, duration, completed, extra_notes, sets = _session_parts(record_or_routine, done)
        if at is None and isinstance(record_or_routine, SessionRecord):
            at = record_or_routine.started_at
        when = _utc_text(at, self.tz)
        before = _check_score(pain_before, "pain_before", optional=True)
        after = _check_score(pain_after, "pain_after", optional=True)
        text = _check_text("\n".join(t for t in (extra_notes, notes) if t), "notes")
        rows = [_set_row(s, n) for n, s in enumerate(sets, start=1)]
        with self._write() as cur:
            if cur.execute("SELECT 1 FROM sessions WHERE at = ?", (when,)).fetchone():
                raise JournalError(f"at: a session starting at {when} is already in the journal")
            cur.execute(
                "INSERT INTO sessions (at, routine, duration_s, completed, pain_before, pain_after, notes)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)", (when, routine_name, duration, int(completed), before, after, text))
            sid = cur.lastrowid
            try:
                cur.executemany(
                    "INSERT INTO sets (session_id, exercise_id, set_no, side, reps_planned, reps_done,"
                    " hold_s_planned, hold_s_done, skipped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(sid, *r) for r in rows])
            except sqlite3.IntegrityError as exc:
                raise JournalError(f"done: the same exercise, set and side appear twice ({exc})") from exc
        return int(sid)  # type: ignore[arg-type]

    # -- reading -------------------------------------------------------------------------------------

    def pain(self) -> pd.DataFrame:
        """Pain reports, oldest first: ``at`` (local, tz-aware), ``score`` (0-10), ``areas`` (names
        separated by ";"), ``leg_extent`` (ordered categorical of `LEG_EXTENTS`), ``note``."""
        # a rowid table scans in the order rows were written; numpy then sorts by time (stable)
        rows = self._query(f"SELECT {_EPOCH.format('at')}, score, areas, leg_extent, note FROM pain")
        cols = _columns(rows, 5)
        seconds = cols[0].astype(np.int64)
        order = slice(None) if _is_sorted(seconds) else np.argsort(seconds, kind="stable")
        pick = lambda c: c[order]  # noqa: E731
        return pd.DataFrame({
            "at": _to_local(seconds[order], self.tz),
            "score": cols[1].astype(np.int64)[order],
            "areas": pd.array(pick(cols[2]), dtype="str"),
            "leg_extent": pd.Categorical(pick(cols[3]), categories=LEG_EXTENTS, ordered=True),
            "note": pd.array(pick(cols[4]), dtype="str"),
        })

    def sessions(self) -> pd.DataFrame:
        """Sessions, oldest first: ``at``, ``routine``, ``duration_s``, ``completed``, ``pain_before``,
        ``pain_after`` (nullable integers), ``notes``."""
        rows = self._query(
            f"SELECT {_EPOCH.format('at')}, routine, duration_s, completed, pain_before, pain_after, notes"
            " FROM sessions ORDER BY at")
        cols = _columns(rows, 7)
        return pd.DataFrame({
            "at": _to_local(cols[0], self.tz),
            "routine": pd.array(cols[1], dtype="str"),
            "duration_s": pd.array(cols[2], dtype="Float64"),
            "completed": np.asarray(cols[3], dtype=bool),
            "pain_before": pd.array(cols[4], dtype="Int64"),
            "pain_after": pd.array(cols[5], dtype="Int64"),
            "notes": pd.array(cols[6], dtype="str"),
        })

    def sets(self) -> pd.DataFrame:
        """Sets done, in session order: ``at`` (the session's start), ``routine``, ``exercise_id``,
        ``set``, ``side`` (left/right/empty), ``reps_planned``, ``reps_done``, ``hold_s_planned``,
        ``hold_s_done`` (seconds held over the set, holds only), ``skipped``."""
        rows = self._query(
            f"SELECT {_EPOCH.format('s.at')}, s.routine, x.exercise_id, x.set_no, x.side, x.reps_planned, x.reps_done,"
            " x.hold_s_planned, x.hold_s_done, x.skipped FROM sets x JOIN sessions s ON s.id = x.session_id"
            " ORDER BY s.at, x.id")
        cols = _columns(rows, 10)
        return pd.DataFrame({
            "at": _to_local(cols[0], self.tz),
            "routine": pd.array(cols[1], dtype="str"),
            "exercise_id": pd.array(cols[2], dtype="str"),
            "set": np.asarray(cols[3], dtype=np.int64),
            "side": pd.array([s or "" for s in cols[4]], dtype="str"),
            "reps_planned": pd.array(cols[5], dtype="Int64"),
            "reps_done": np.asarray(cols[6], dtype=np.int64),
            "hold_s_planned": pd.array(cols[7], dtype="Float64"),
            "hold_s_done": pd.array(cols[8], dtype="Float64"),
            "skipped": np.asarray(cols[9], dtype=bool),
        })

    def recent(self, n: int = 10) -> pd.DataFrame:
        """The ``n`` latest pain reports and sessions in one small table, newest first (for display)."""
        pain = self.pain().tail(n)
        sessions = self.sessions().tail(n)
        rows = [{"when": t, "what": "pain", "pain": s, "details": "; ".join(p for p in (a, str(e) if e == e else "", nt) if p)}
                for t, s, a, e, nt in zip(pain["at"], pain["score"], pain["areas"], pain["leg_extent"], pain["note"])]
        rows += [{"when": t, "what": f"session: {r}", "pain": (f"{b if b is not pd.NA else '?'} -> {a if a is not pd.NA else '?'}"),
                  "details": nt} for t, r, b, a, nt in zip(sessions["at"], sessions["routine"], sessions["pain_before"],
                                                         sessions["pain_after"], sessions["notes"])]
        frame = pd.DataFrame(rows, columns=["when", "what", "pain", "details"])
        if frame.empty:
            return frame
        frame["pain"] = frame["pain"].astype(str)
        return frame.sort_values("when", ascending=False, kind="stable").head(n).reset_index(drop=True)

    # -- files ---------------------------------------------------------------------------------------

    def import_csv(self, path: str | PathLike[str], *, kind: str = "pain", columns: Mapping[str, str] | None = None,
                   tz: str | tzinfo | None = None, encoding: str = "utf-8") -> int:
        """Add the rows of a CSV file; return how many were added.

        Reads our own export (`export_csv`) or another app's export through ``columns``, a mapping
        from our field names to the file's column names (``"date"`` and ``"time"`` may replace
        ``"at"``). Several areas in one cell are separated by ";" or ",". ``tz`` is the zone of times
        written without a UTC offset (the journal's zone when None). All or nothing: when any row is
        bad, nothing is added and `JournalError` lists every bad row in ``.errors``. Rows already in
        the journal are skipped: pain entries with the same time and values, sessions with the same
        start time, sets with the same session, exercise, set number and side.
        """
        from .journal_csv import read_rows

        if kind not in KINDS_OF_TABLE:
            raise JournalError(f"kind: {kind!r} not known; choose from {', '.join(KINDS_OF_TABLE)}")
        zone = self.tz if tz is None else _zone(tz)
        rows = read_rows(Path(path), kind=kind, columns=columns, zone=zone, encoding=encoding)
        with self._write() as cur:
            before = self._conn.total_changes
            if kind == "pain":
                cur.executemany("INSERT INTO pain (at, score, areas, leg_extent, note) VALUES (?, ?, ?, ?, ?)",
                                _new_pain_rows(cur, rows.values, rows.times))
            elif kind == "sessions":
                cur.executemany(
                    "INSERT OR IGNORE INTO sessions (at, routine, duration_s, completed, pain_before, pain_after, notes)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)", rows.values)
            else:
                ids = dict(cur.execute("SELECT at, id FROM sessions").fetchall())
                missing = [RowError(line, "at", at, "no session starts at this time: import the sessions file first")
                           for line, at in zip(rows.lines, (r[0] for r in rows.values)) if at not in ids]
                if missing:
                    raise JournalError(f"{path}: {len(missing)} set rows have no session; nothing was imported", missing)
                cur.executemany(
                    "INSERT OR IGNORE INTO sets (session_id, exercise_id, set_no, side, reps_planned, reps_done,"
                    " hold_s_planned, hold_s_done, skipped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(ids[r[0]], *r[1:]) for r in rows.values])
            return self._conn.total_changes - before

    def export_csv(self, folder: str | PathLike[str]) -> dict[str, Path]:
        """Write ``pain.csv``, ``sessions.csv`` and ``sets.csv`` into ``folder`` (created if needed);
        return their paths by kind. UTF-8, times in ISO 8601 with the UTC offset, re-importable
        unchanged with `import_csv`. Each file is replaced atomically."""
        from .journal_csv import write_frame

        out = Path(folder).expanduser()
        out.mkdir(parents=True, exist_ok=True)
        with self._lock:  # one consistent read of the three tables
            frames = {"pain": self.pain(), "sessions": self.sessions(), "sets": self.sets()}
        return {kind: write_frame(frame, out / f"{kind}.csv", kind=kind) for kind, frame in frames.items()}

    def backup(self, path: str | PathLike[str]) -> Path:
        """Copy the whole journal to ``path`` with SQLite's backup API (consistent even while another
        notebook writes) and return the path. An existing file there is replaced only when the copy
        is complete."""
        dest = Path(path).expanduser()
        if dest.resolve() == self.path.resolve():
            raise JournalError("backup: choose a path other than the journal itself")
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".backup-", suffix=".sqlite", dir=dest.parent)
        os.close(fd)
        try:
            target = sqlite3.connect(tmp)
            try:
                with self._lock:
                    self._check_open()
                    self._conn.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
            finally:
                target.close()
            os.replace(tmp, dest)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return dest


def _new_pain_rows(cur: sqlite3.Cursor, values: list[tuple[Any, ...]], times: list[str]) -> list[tuple[Any, ...]]:
    """The rows not yet in the journal (nor earlier in the same file), in file order. ``times`` are
    the rows' stored times: a row can only repeat another with the same time, so the full
    comparison runs only when some time repeats or the journal already has rows in the file's span."""
    if not values:
        return []
    have = set(cur.execute("SELECT at, score, areas, leg_extent, note FROM pain WHERE at BETWEEN ? AND ?",
                           (min(times), max(times))).fetchall())
    if not have and len(set(times)) == len(times):
        return values
    fresh = dict.fromkeys(values)  # drops repeats inside the file, keeps order
    return [v for v in fresh if v not in have] if have else list(fresh)


# ---------------------------------------------------------------------------------------------------
# sessions: from a timer record or a routine plus what was done


def _session_parts(source: Any, done: Any) -> tuple[str, float | None, bool, str, list[SetDone]]:
    if isinstance(source, SessionRecord):
        if done is not None:
            raise JournalError("done: a timer's session record already says what was done; leave done out")
        duration = (pd.Timestamp(source.ended_at) - pd.Timestamp(source.started_at)).total_seconds()
        sets = list(source.sets)
        for s in sets:
            if not isinstance(s, SetDone):
                raise JournalError(f"sets: SetDone expected, got {type(s).__name__}")
        return source.routine_name, max(duration, 0.0), bool(source.completed), source.notes, sets
    from .routine import Routine

    if not isinstance(source, Routine):
        raise JournalError(
            f"record_or_routine: a SessionRecord (from the timer) or a Routine expected, got {type(source).__name__}")
    if done is None:
        planned = {item.exercise_id: item.reps for item in source.items}
        sets = _routine_sets(source, planned)
    elif isinstance(done, Mapping):
        known = {item.exercise_id for item in source.items}
        unknown = sorted(set(done) - known)
        if unknown:
            raise JournalError(f"done: {', '.join(map(repr, unknown))} not in the routine {source.name!r}; "
                               f"it has {', '.join(sorted(known))}")
        for k, v in done.items():
            _check_count(v, f"done[{k!r}]", limit=100)
        sets = _routine_sets(source, done)
    else:
        sets = list(done)
        for s in sets:
            if not isinstance(s, SetDone):
                raise JournalError(f"done: a mapping exercise_id -> reps, or a list of SetDone, expected; "
                                   f"found {type(s).__name__}")
    completed = all(not s.skipped and s.reps_done >= s.reps_planned for s in sets)
    return source.name, None, completed, "", sets


def _routine_sets(routine: "Routine", done: Mapping[str, int]) -> list[SetDone]:
    out = []
    for item in routine.items:
        reps = done.get(item.exercise_id, 0)
        for set_no in range(1, item.sets + 1):
            for side in (("left", "right") if item.per_side else (None,)):
                hold = item.kind == "hold" and item.hold_s is not None
                out.append(SetDone(item.exercise_id, set_no, side, item.reps, reps,
                                   item.hold_s * item.reps if hold else None,
                                   item.hold_s * reps if hold else None,
                                   skipped=reps < item.reps))
    return out


def _set_row(s: SetDone, n: int) -> tuple[Any, ...]:
    where = f"set {n} ({s.exercise_id})"
    if not isinstance(s.exercise_id, str) or not s.exercise_id.strip():
        raise JournalError(f"{where}: exercise_id must be a non-empty text")
    if isinstance(s.set, bool) or not isinstance(s.set, int) or s.set < 1:
        raise JournalError(f"{where}: set numbers count from 1, got {s.set!r}")
    if s.side not in (None, "left", "right"):
        raise JournalError(f"{where}: side is 'left', 'right' or None, got {s.side!r}")
    return (s.exercise_id, s.set, s.side,
            _check_count(s.reps_planned, f"{where} reps_planned", optional=True),
            _check_count(s.reps_done, f"{where} reps_done"),
            _check_seconds(s.hold_s_planned, f"{where} hold_s_planned"),
            _check_seconds(s.hold_s_done, f"{where} hold_s_done"),
            int(bool(s.skipped)))


# ---------------------------------------------------------------------------------------------------
# the invented demo journal


def find_demo_folder(folder: str | PathLike[str] | None = None) -> Path:
    """The folder of the demo journal's CSV files: ``folder`` if given, else ``data/demo`` found from
    the current folder (a notebook runs in ``notebooks/``) or from the repository holding this file."""
    if folder is not None:
        candidates = [Path(folder)]
    else:
        here = Path.cwd()
        candidates = [here / "data" / "demo", here.parent / "data" / "demo",
                      Path(__file__).resolve().parents[2] / "data" / "demo"]
    for c in candidates:
        if (c / "pain.csv").is_file():
            return c
    raise JournalError(f"demo data not found (looked for pain.csv in {', '.join(str(c) for c in candidates)})")


def demo_journal(folder: str | PathLike[str] | None = None, *, tz: str | tzinfo | None = "Europe/London") -> Journal:
    """A temporary journal filled with the invented 12-week demo data (``data/demo/*.csv``).

    The file lives in a new temporary folder that is deleted when the journal is closed (or
    garbage-collected), so trying things on it never touches a person's own journal. The demo times
    are read in ``tz`` (Europe/London by default, so everyone sees the same plots).
    """
    source = find_demo_folder(folder)
    tmp = tempfile.TemporaryDirectory(prefix="backnotes-demo-")
    journal = Journal(Path(tmp.name) / "demo-journal.sqlite", tz=tz)
    journal._cleanup = weakref.finalize(journal, tmp.cleanup)
    for kind in KINDS_OF_TABLE:
        if (source / f"{kind}.csv").is_file():
            journal.import_csv(source / f"{kind}.csv", kind=kind)
    return journal
