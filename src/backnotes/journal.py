"""The pain journal: a private SQLite file of pain reports, exercise sessions and the sets done.

Design (DESIGN.md "The journal"): standard-library ``sqlite3`` in WAL mode with a busy timeout,
foreign keys and CHECK constraints; the schema version lives in ``PRAGMA user_version``; every write
is one transaction; times are stored as ISO 8601 text in UTC (``2026-03-01T07:30:00+00:00``) and
returned as tz-aware pandas datetimes in the local zone.

>>> import tempfile, pathlib
>>> with Journal(pathlib.Path(tempfile.mkdtemp()) / "j.sqlite", tz="UTC") as j:
...     _ = j.log_pain(back=4, leg=2, at="2026-03-01 08:00", areas=["lower back"], leg_extent="thigh")
...     row = j.pain().iloc[0]
>>> int(row["back"]), int(row["leg"]), row["overall"], row["areas"], row["leg_extent"]
(4, 2, <NA>, 'lower back', 'thigh')
"""

from __future__ import annotations

import itertools
import math
import operator
import os
import sqlite3
import tempfile
import threading
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timezone, tzinfo
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .files import make_private, private_folder
from .journal_base import (
    FIELDS, KINDS_OF_TABLE, LEG_CHANGES, LEG_EXTENTS, MAX_NOTE, MAX_ROW_ERRORS, MAX_SESSION_S, MAX_SET, MORNING_BACK,
    RED_FLAGS, SCHEMA_VERSION, SIDES, JournalError, RowError,
)
from .locations import Locator, parse_side
from .session import SessionRecord, SetDone
from .vocab import BODY_AREAS

if TYPE_CHECKING:
    from .routine import Routine

__all__ = [
    "Journal", "JournalError", "RowError", "LEG_EXTENTS", "SIDES", "SCHEMA_VERSION", "KINDS_OF_TABLE",
    "local_zone", "demo_journal", "find_demo_folder",
]

#: Seconds a writer waits for another process (a second open notebook) to finish its write.
BUSY_TIMEOUT_S = 30.0
#: SQLite's page cache per connection, in KiB: a journal read again and again (the app's charts)
#: stays in memory.
CACHE_KIB = 16384
#: An import's page cache instead: an eighth of the file, within these bounds (KiB). A larger cache
#: made no import faster but added its whole size to the import's memory (16 MiB was 0.8 times a
#: 20 MiB file, 2 MiB twice a 1 MiB file; benchmarks/bench_journal.py).
IMPORT_CACHE_KIB = 2048
IMPORT_CACHE_MIN_KIB = 32
#: ``PRAGMA application_id`` of a backnotes journal (version 2 on): "BkNt". Lets us refuse another
#: program's SQLite file instead of adding our tables to it.
APPLICATION_ID = 0x426B4E74


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
    if not isinstance(tz, tzinfo):  # a number is not an offset here: 5 would be read as 5 seconds
        raise JournalError(f"tz: a time zone name (for example 'Europe/Berlin' or 'UTC') or a tzinfo expected, "
                           f"got {type(tz).__name__} {tz!r}")
    return tz


def _utc_text(at: Any, zone: tzinfo, field: str = "at") -> str:
    """One timestamp (datetime, date, pandas Timestamp, numpy datetime64, ISO text or None = now) as
    stored UTC text. Text goes through the importer's parser, so `log_pain` and `import_csv` accept
    the same texts; numbers are refused (``at=0`` is not 1970)."""
    from .journal_times import parse_times

    if at is None:
        return pd.Timestamp.now(tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    if isinstance(at, str):
        stored, bad = parse_times([at], zone)
        if bad:
            raise JournalError(f"{field}: {at!r}: {bad[0]}")
        return stored[0]
    if isinstance(at, (bool, int, float, np.number)) or not isinstance(at, (datetime, date, np.datetime64)):
        raise JournalError(f"{field}: a date and time expected (a datetime, or text like 2026-03-01 08:30), "
                           f"got {at!r}")
    try:
        ts = pd.Timestamp(at)
    except pd.errors.OutOfBoundsDatetime as exc:
        raise JournalError(f"{field}: {at!r} is out of range: far in the future or the past; check the date") from exc
    except (ValueError, TypeError, OverflowError) as exc:
        raise JournalError(f"{field}: {at!r} is not a date and time") from exc
    if ts is pd.NaT:
        raise JournalError(f"{field}: a date and time is needed, got {at!r}")
    out_of_range = JournalError(f"{field}: {at!r} is out of range: in the future (or before 1900-01-01 00:00 "
                                "UTC); check the date")
    latest = pd.Timestamp.now(tz=timezone.utc) + pd.Timedelta(days=1)
    if ts.tzinfo is None:
        # far outside the range whatever the zone (offsets stay within a day): out of range, not a
        # clock change (localizing such a time can fail for that reason alone)
        if not pd.Timestamp("1899-12-30") <= ts <= latest.tz_localize(None) + pd.Timedelta(days=2):
            raise out_of_range
        try:
            # a time in the repeated hour of a clock change: fold=1 is the second one (PEP 495)
            ts = ts.tz_localize(zone, ambiguous=not getattr(at, "fold", 0), nonexistent="raise")
        except Exception as exc:
            raise JournalError(f"{field}: {at!r} does not exist in time zone {zone} (clocks changed)") from exc
    utc = ts.tz_convert(timezone.utc)
    if utc > latest or utc < pd.Timestamp("1900-01-01", tz="UTC"):
        raise out_of_range
    return utc.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _local_day(stored: str, zone: tzinfo) -> date:
    """The local date of a stored UTC time text."""
    return datetime.fromisoformat(stored).astimezone(zone).date()


def _shifted(stored: str, hours: int) -> str:
    """A stored UTC time text moved by ``hours`` (same shape, so texts compare as times)."""
    moved = datetime.fromisoformat(stored) + pd.Timedelta(hours=hours).to_pytimedelta()
    return moved.strftime("%Y-%m-%dT%H:%M:%S+00:00")


#: SQL for a stored time as Unix seconds: SQLite parses the text in C, faster than pandas on strings.
_EPOCH = "CAST(strftime('%s', {}) AS INTEGER)"


def _columns(rows: list[tuple[Any, ...]], n: int) -> list[np.ndarray]:
    """Fetched rows -> one object array per column (one C-level copy; ``zip(*rows)`` over 100,000
    rows costs several times more)."""
    if not rows:
        return [np.empty(0, dtype=object) for _ in range(n)]
    table = _object_table(rows)
    return [table[:, i] for i in range(n)]


try:  # pandas' own tuples -> 2-D object array (what read_sql uses): 3.5x faster than np.array
    from pandas._libs.lib import to_object_array_tuples as _object_table
except ImportError:  # pragma: no cover - a pandas without it: numpy's slower general way
    def _object_table(rows: list[tuple[Any, ...]]) -> np.ndarray:
        return np.array(rows, dtype=object)


def _nullable_ints(values: np.ndarray) -> pd.arrays.IntegerArray:
    """Object values (ints and None) -> a nullable Int64 array, by numpy alone (pandas' general
    conversion of a list inspects every value in Python)."""
    missing = np.equal(values, None)
    data = np.where(missing, 0, values).astype(np.int64)
    return pd.arrays.IntegerArray(data, missing)


def _categorical(values: np.ndarray, categories: Sequence[str], *, ordered: bool = False) -> pd.Categorical:
    """Object values (None or one of ``categories``) -> a Categorical, by one dictionary pass
    (``pd.Categorical(values, categories=...)`` builds a hash index of every value instead)."""
    index = {c: i for i, c in enumerate(categories)}
    codes = np.fromiter(map(index.get, values.tolist(), itertools.repeat(-1)), dtype=np.int8, count=len(values))
    return pd.Categorical.from_codes(codes, categories=list(categories), ordered=ordered)


def _is_sorted(values: np.ndarray) -> bool:
    return bool(len(values) < 2 or (values[1:] >= values[:-1]).all())


def _to_local(seconds: Sequence[int], zone: tzinfo) -> pd.DatetimeIndex:
    """Unix seconds (see `_EPOCH`) -> tz-aware local datetimes."""
    utc = np.asarray(seconds, dtype=np.int64).astype("datetime64[s]").astype("datetime64[us]")
    return pd.DatetimeIndex(utc).tz_localize("UTC").tz_convert(zone)


# ---------------------------------------------------------------------------------------------------
# validation of single values (the CSV importer validates whole columns at once in journal_checks)


def _check_score(value: Any, field: str, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer, float, np.floating)):
        raise JournalError(f"{field}: pain is a whole number from 0 to 10, got {value!r}")
    if not math.isfinite(value) or float(value) != int(value):
        raise JournalError(f"{field}: pain is a whole number from 0 to 10, got {value!r}")
    if not 0 <= value <= 10:
        raise JournalError(f"{field}: pain must be from 0 to 10, got {value!r}")
    return int(value)


def _check_areas(areas: Any, side: Any = None) -> tuple[str, str | None]:
    """Areas as people write them (see `backnotes.locations`) and an optional side -> the stored
    areas text and side. ``"left calf"`` gives ``("calves", "left")``."""
    if areas is None:
        areas = ()
    if isinstance(areas, str):
        pass
    elif isinstance(areas, Iterable) and not isinstance(areas, (bytes, Mapping)):
        areas = list(areas)
        wrong = [a for a in areas if not isinstance(a, str)]
        if wrong:
            raise JournalError(f"areas: texts expected (like 'lower back' or 'left calf'), got {wrong[0]!r}")
    else:
        raise JournalError(f"areas: a text like 'lower back; left calf' or a list of such texts expected, "
                           f"got {type(areas).__name__}")
    found = Locator()(areas)
    if found.unknown:
        raise JournalError(f"areas: {', '.join(map(repr, found.unknown))} not known; choose from "
                           f"{', '.join(BODY_AREAS)} (a side may come before or after: 'left calf')")
    if side is not None and not isinstance(side, str):
        raise JournalError(f"side: 'left', 'right', 'both' or None expected, got {side!r}")
    try:
        said = parse_side(side) if side is not None else None
    except ValueError as exc:
        raise JournalError(f"side: {exc}") from exc
    if said and found.side and said != found.side:
        raise JournalError(f"side: {side!r} disagrees with the areas, which say {found.side!r}")
    return found.text, said or found.side


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
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate (from broken copy and paste) cannot be stored
        raise JournalError(f"{field}: character {exc.start + 1} ({value[exc.start]!r}) is half of a character "
                           "pair and cannot be stored; remove it or paste the text again") from exc
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

_V1_TO_V2 = f"""
ALTER TABLE pain ADD COLUMN side TEXT CHECK (side IS NULL OR side = 'left' OR side = 'right' OR side = 'both');
PRAGMA application_id = {APPLICATION_ID};
"""

#: Version 3: the pain table is rebuilt (SQLite cannot loosen a NOT NULL), with every row and id
#: kept. ``score`` stays the column of the single, not split score ("overall"), now optional;
#: ``back`` and ``leg`` are new; at least one of the three is given. Sessions get the session check
#: (back and leg now, how far the leg symptoms reach compared with before, new numbness, tingling or
#: weakness, when it was answered) and the next-morning answer about the back.
_V2_TO_V3 = f"""
CREATE TABLE pain_v3 (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL CHECK (at LIKE '____-__-__T__:__:__+00:00'),
    score INTEGER CHECK (score IS NULL OR (typeof(score) = 'integer' AND score BETWEEN 0 AND 10)),
    back INTEGER CHECK (back IS NULL OR (typeof(back) = 'integer' AND back BETWEEN 0 AND 10)),
    leg INTEGER CHECK (leg IS NULL OR (typeof(leg) = 'integer' AND leg BETWEEN 0 AND 10)),
    areas TEXT NOT NULL DEFAULT '',
    leg_extent TEXT CHECK ({" OR ".join(f"leg_extent = '{e}'" for e in LEG_EXTENTS)}),
    note TEXT NOT NULL DEFAULT '',
    side TEXT CHECK (side IS NULL OR side = 'left' OR side = 'right' OR side = 'both'),
    CHECK (score IS NOT NULL OR back IS NOT NULL OR leg IS NOT NULL)
);
INSERT INTO pain_v3 (id, at, score, areas, leg_extent, note, side)
    SELECT id, at, score, areas, leg_extent, note, side FROM pain ORDER BY id;
DROP TABLE pain;
ALTER TABLE pain_v3 RENAME TO pain;
ALTER TABLE sessions ADD COLUMN check_back INTEGER CHECK (check_back IS NULL OR check_back BETWEEN 0 AND 10);
ALTER TABLE sessions ADD COLUMN check_leg INTEGER CHECK (check_leg IS NULL OR check_leg BETWEEN 0 AND 10);
ALTER TABLE sessions ADD COLUMN leg_change TEXT CHECK ({" OR ".join(f"leg_change = '{e}'" for e in LEG_CHANGES)});
ALTER TABLE sessions ADD COLUMN new_nerve_symptoms INTEGER CHECK (new_nerve_symptoms BETWEEN 0 AND 1);
ALTER TABLE sessions ADD COLUMN checked_at TEXT CHECK (checked_at LIKE '____-__-__T__:__:__+00:00');
ALTER TABLE sessions ADD COLUMN morning_back TEXT CHECK ({" OR ".join(f"morning_back = '{e}'" for e in MORNING_BACK)});
ALTER TABLE sessions ADD COLUMN morning_at TEXT CHECK (morning_at LIKE '____-__-__T__:__:__+00:00')
"""

#: user_version -> script that brings the file from that version to the next one. Each step runs in
#: one transaction with the new user_version, so a file is either fully migrated or untouched; a
#: column added with ALTER TABLE keeps every row as it was (side is NULL: not said).
_MIGRATIONS: dict[int, str] = {0: _SCHEMA_V1, 1: _V1_TO_V2, 2: _V2_TO_V3}
#: Our tables: a file at version >= 1 without them is another program's file.
_OUR_TABLES = frozenset(KINDS_OF_TABLE)

#: Red flags a person ticked (`Journal.log_red_flags`). Made on first use rather than by a migration,
#: so journals that never use it stay byte-for-byte as they were.
_RED_FLAGS_TABLE = """CREATE TABLE IF NOT EXISTS red_flags (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL CHECK (at LIKE '____-__-__T__:__:__+00:00'),
    flag TEXT NOT NULL CHECK (length(flag) > 0)
)"""

# Note: CHECKs are written with OR, not IN (...): SQLite builds a temporary table for every IN list
# on every row, which tripled the cost of a 100,000-row import.


def _read_only_reason(path: Path, exists: bool) -> str | None:
    """Why the journal at ``path`` cannot be changed, or None. SQLite in WAL mode writes ``-wal`` and
    ``-shm`` files beside the journal, so the folder must be writable as well as the file."""
    if exists and not os.access(path, os.W_OK):
        return "the file is read-only"
    folder = path.parent if str(path.parent) else Path(".")
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"its folder {folder} is read-only"
    return None


def _connect(path: Path, read_only: str | None) -> sqlite3.Connection:
    """Open the file; a read-only journal is opened with ``mode=ro`` (nothing is ever written)."""
    def open_(query: str) -> sqlite3.Connection:
        from urllib.parse import quote

        uri = f"file:{quote(str(path.resolve()))}?{query}"
        return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)

    if not read_only:
        return sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    conn = open_("mode=ro")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        # a WAL-mode file in a read-only folder: SQLite cannot make its -shm index there. With no
        # -wal file beside it, everything is in the file itself and reading it as immutable is exact.
        if Path(f"{path}-wal").exists():
            raise
        return open_("mode=ro&immutable=1")


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
        self._conn: sqlite3.Connection | None = None
        self._cleanup: Any = None  # set by demo_journal: removes a temporary folder on close
        if path is None:
            from .paths import data_home

            path = data_home() / "journal.sqlite"
        if not isinstance(path, (str, PathLike)):
            raise JournalError(f"path: a file or folder name expected, got {type(path).__name__}")
        if not os.fspath(path).strip():
            raise JournalError("path: the journal's file name is empty; give a file name, a folder, or None "
                               "for your own journal")
        p = Path(path).expanduser()
        if p.is_dir():
            p = p / "journal.sqlite"
        self.path: Path = p
        self.tz: tzinfo = _zone(tz)
        self._lock = threading.RLock()
        self._has_side = True
        self._version = SCHEMA_VERSION  # an old read-only file keeps its own (read as it is)
        try:
            exists = p.exists()
            if not exists:
                private_folder(p.parent)
        except OSError as exc:
            raise JournalError(f"cannot create the folder for the journal {p}: {exc.strerror or exc}") from exc
        #: Why the journal can be read but not changed (None when it can be changed).
        self.read_only: str | None = _read_only_reason(p, exists)
        if self.read_only and not exists:
            raise JournalError(f"cannot create the journal {p}: {self.read_only}")
        try:
            self._conn = _connect(p, self.read_only)
        except sqlite3.Error as exc:
            raise JournalError(f"cannot open the journal {p}: {exc}") from exc
        if not exists:  # a new journal is its owner's only (its -wal/-shm files take the same mode)
            make_private(p)
        try:
            self._setup()
        except sqlite3.OperationalError as exc:
            self._conn.close()
            self._conn = None
            if "locked" in str(exc) or "busy" in str(exc):  # another program holds it: nothing is wrong with it
                raise JournalError(f"the journal {p} is busy: another program or notebook is using it; "
                                   "try again in a moment (the file was left as it was)") from exc
            raise JournalError(f"{p} is not a backnotes journal (or is damaged): {exc}") from exc
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            self._conn = None
            raise JournalError(f"{p} is not a backnotes journal (or is damaged): {exc}") from exc
        except BaseException:
            self._conn.close()
            self._conn = None
            raise

    def _setup(self) -> None:
        c = self._conn
        assert c is not None
        c.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        c.execute("PRAGMA foreign_keys = ON")
        # read the header before anything writes to it: a newer or foreign file is left untouched
        version = c.execute("PRAGMA user_version").fetchone()[0]
        app = c.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        foreign = (f"{self.path} is not a backnotes journal (it belongs to another program"
                   + (f": tables {', '.join(sorted(tables))}" if tables else "") + "); it was left untouched")
        if app == APPLICATION_ID and version > SCHEMA_VERSION:
            raise JournalError(
                f"{self.path} was written by a newer backnotes (journal version {version}, this one reads "
                f"up to {SCHEMA_VERSION}): update backnotes; the file was left untouched")
        # version 1 files carry no application_id; from version 2 on ours is set
        if app not in (0, APPLICATION_ID) or not 0 <= version <= SCHEMA_VERSION or (version == 0 and tables) \
                or (version >= 1 and not _OUR_TABLES <= tables):
            raise JournalError(foreign)
        if self.read_only:
            if version == 0:
                raise JournalError(f"cannot create the journal {self.path}: {self.read_only}")
            self._has_side = version >= 2  # an old read-only file is read as it is
            self._version = version
            return
        if c.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":  # pragma: no cover
            raise JournalError(f"{self.path}: the journal needs a file system that supports SQLite's WAL mode")
        c.execute("PRAGMA synchronous = NORMAL")  # safe with WAL: a crash never corrupts the file
        c.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
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
                if self.j.read_only:
                    raise JournalError(f"{self.j.path} can be read but not changed: {self.j.read_only}; "
                                       "nothing was written (copy the file somewhere writable, or change "
                                       "its permissions)")
                self.cur = self.j._conn.cursor()
                self.cur.execute("BEGIN IMMEDIATE")  # take the write lock now: no deadlock on upgrade
            except sqlite3.Error as exc:
                self.j._lock.release()
                raise JournalError(f"{self.j.path}: cannot write to the journal ({exc}); nothing was written") from exc
            except BaseException:
                self.j._lock.release()
                raise
            return self.cur

        def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
            try:
                if exc_type is None:
                    try:
                        self.cur.execute("COMMIT")
                    except sqlite3.Error as error:
                        self.cur.execute("ROLLBACK")
                        raise JournalError(f"{self.j.path}: cannot write to the journal ({error}); "
                                           "nothing was written") from error
                else:
                    if self.j._conn.in_transaction:
                        self.cur.execute("ROLLBACK")
                    if isinstance(exc, sqlite3.Error):  # our checks missed something: still a clear error
                        raise JournalError(f"{self.j.path}: cannot write to the journal ({exc}); "
                                           "nothing was written") from exc
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

    def log_pain(self, score: int | None = None, *, back: int | None = None, leg: int | None = None, at: Any = None,
                 areas: str | Iterable[str] = (), leg_extent: str | None = None, note: str = "",
                 side: str | None = None) -> int:
        """Record a pain entry and return its row id.

        ``back`` and ``leg`` are back pain and leg pain now (whole numbers 0-10, 0 = no pain,
        10 = worst imaginable); either may be left out, not both. A single ``score`` (the first
        argument, as in older code) is an **overall** score, stored as "not split" and never guessed
        into back or leg; it may be given with or instead of back and leg.

        ``at`` is when (datetime, pandas Timestamp or ISO text; naive times are in the journal's zone;
        None = now); ``areas`` are where it hurts, as names from `backnotes.BODY_AREAS` or as people
        write them ("left calf", "buttock", "low back": see `backnotes.locations`), in one text
        separated by ";" or "," or as a list; ``side`` is "left", "right", "both" or None (central or
        not said), and a side written in the areas counts too; ``leg_extent`` is one of `LEG_EXTENTS`
        (how far down the leg the pain reaches) or None. Logging exactly the same entry twice keeps one
        row. Anything invalid raises `JournalError` and writes nothing.
        """
        row = self.check_pain(score, back=back, leg=leg, at=at, areas=areas, leg_extent=leg_extent, note=note,
                              side=side)
        with self._write() as cur:
            found = cur.execute(
                "SELECT id FROM pain WHERE at = ? AND score IS ? AND back IS ? AND leg IS ? AND areas = ?"
                " AND side IS ? AND leg_extent IS ? AND note = ?", row).fetchone()
            if found:
                return int(found[0])
            cur.execute("INSERT INTO pain (at, score, back, leg, areas, side, leg_extent, note)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)
            return int(cur.lastrowid)  # type: ignore[arg-type]

    def check_pain(self, score: int | None = None, *, back: int | None = None, leg: int | None = None,
                   at: Any = None, areas: str | Iterable[str] = (), leg_extent: str | None = None, note: str = "",
                   side: str | None = None) -> tuple[Any, ...]:
        """Validate a pain entry as `log_pain` would, without writing; return the row as stored:
        ``(at, overall, back, leg, areas, side, leg_extent, note)``. Raises `JournalError` naming the
        field and the allowed values."""
        when = _utc_text(at, self.tz)
        overall = _check_score(score, "score", optional=True)
        b, lg = _check_score(back, "back", optional=True), _check_score(leg, "leg", optional=True)
        if overall is None and b is None and lg is None:
            raise JournalError("back, leg: give back pain or leg pain now (whole numbers from 0 to 10), or both; "
                               "a single overall score may be given as score instead")
        place, said = _check_areas(areas, side)
        return when, overall, b, lg, place, said, _check_extent(leg_extent), _check_text(note, "note")

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
        routine_name = _check_text(routine_name, "routine_name")
        before = _check_score(pain_before, "pain_before", optional=True)
        after = _check_score(pain_after, "pain_after", optional=True)
        text = _check_text("\n".join(t for t in (_check_text(extra_notes, "notes"), _check_text(notes, "notes")) if t),
                           "notes")
        rows = _renumber([_set_row(s, n) for n, s in enumerate(sets, start=1)])
        if completed is None:  # from a routine: done when no set was skipped or cut short
            completed = all(not r[7] and (r[3] is None or r[4] >= r[3]) for r in rows)
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
            except sqlite3.IntegrityError as exc:  # pragma: no cover - the checks above come first
                raise JournalError(f"done: the sets could not be stored ({exc})") from exc
        return int(sid)  # type: ignore[arg-type]

    def _session_at(self, cur: sqlite3.Cursor, session_id: Any) -> str:
        if isinstance(session_id, (bool, np.bool_)) or not isinstance(session_id, (int, np.integer)):
            raise JournalError(f"session_id: the whole number log_session returned expected, got {session_id!r}")
        found = cur.execute("SELECT at FROM sessions WHERE id = ?", (int(session_id),)).fetchone()
        if not found:
            raise JournalError(f"session_id: no session {session_id!r} in this journal (sessions().id lists them)")
        return str(found[0])

    def log_check(self, session_id: int, *, back: int | None = None, leg: int | None = None,
                  leg_change: str | None = None, new_nerve_symptoms: bool | None = None, at: Any = None) -> None:
        """Store the session check with the session ``session_id`` (as `log_session` returned it).

        ``back`` and ``leg``: back pain and leg pain now, 0-10; ``leg_change``: compared with before
        the session, the leg symptoms reach ``"further"`` down, the ``"same"``, ``"less"`` far, or are
        ``"gone"``; ``new_nerve_symptoms``: any new numbness, tingling or weakness (True/False).
        Each may be None (not answered: never guessed). ``at`` is when it was answered (None = now).
        Answering again replaces the earlier answers. A bad value raises `JournalError` naming the
        field and the allowed values, and nothing is written.
        """
        b, lg = _check_score(back, "back", optional=True), _check_score(leg, "leg", optional=True)
        if leg_change is not None and (not isinstance(leg_change, str) or leg_change not in LEG_CHANGES):
            raise JournalError(f"leg_change: {leg_change!r} not known; choose from "
                               f"{', '.join(map(repr, LEG_CHANGES))} or None")
        if new_nerve_symptoms is not None and not isinstance(new_nerve_symptoms, (bool, np.bool_)):
            raise JournalError(f"new_nerve_symptoms: True, False or None expected, got {new_nerve_symptoms!r}")
        nerve = None if new_nerve_symptoms is None else int(bool(new_nerve_symptoms))
        self._answer_session("log_check", "the check", session_id, at,
                             "check_back = ?, check_leg = ?, leg_change = ?, new_nerve_symptoms = ?, checked_at = ?",
                             (b, lg, leg_change, nerve))

    def log_morning(self, session_id: int, *, back: str, at: Any = None) -> None:
        """Store the next-morning answer with the session ``session_id``: the back this morning
        compared with before that session, ``"better"``, ``"same"`` or ``"worse"``. ``at`` is when it
        was answered (None = now). A bad value raises `JournalError` and nothing is written."""
        if not isinstance(back, str) or back not in MORNING_BACK:
            raise JournalError(f"back: {back!r} not known; choose from {', '.join(map(repr, MORNING_BACK))}")
        self._answer_session("log_morning", "the morning answer", session_id, at,
                             "morning_back = ?, morning_at = ?", (back,))

    def _answer_session(self, what: str, answer: str, session_id: int, at: Any, columns: str,
                        values: tuple[Any, ...]) -> None:
        """Store an answer about session ``session_id`` (``columns``: "col = ?, ..., <time col> = ?",
        filled by ``values`` and the time ``at``), refusing a time before the session started."""
        when = _utc_text(at, self.tz)
        self._needs_v3(what)
        with self._write() as cur:
            started = self._session_at(cur, session_id)
            if when < started:
                raise JournalError(f"at: {answer} ({when}) cannot come before the session started ({started})")
            cur.execute(f"UPDATE sessions SET {columns} WHERE id = ?", (*values, when, int(session_id)))

    def _needs_v3(self, what: str) -> None:
        if self._version < 3:
            raise JournalError(f"{what}: {self.path} is an older journal (version {self._version}) opened read-only; "
                               "it cannot hold session checks")

    # -- reading -------------------------------------------------------------------------------------

    def pain(self) -> pd.DataFrame:
        """Pain reports, oldest first: ``at`` (local, tz-aware); ``back``, ``leg`` and ``overall``
        (nullable 0-10 integers: back pain, leg pain, and a single score that was not split, as old
        entries and imported single scores hold); ``score`` (the entry's highest of the three, for
        older code and a quick look: it mixes back and leg, so use ``back`` and ``leg``); ``areas``
        (names separated by ";"), ``side`` (categorical of `SIDES`: left, right, both; missing when
        central or not said), ``leg_extent`` (ordered categorical of `LEG_EXTENTS`), ``note``."""
        from .journal_times import stored_seconds

        # a rowid table scans in the order rows were written; numpy then sorts by time (stable)
        side = "side" if self._has_side else "NULL"
        split = "back, leg" if self._version >= 3 else "NULL, NULL"
        rows = self._query(f"SELECT at, score, areas, leg_extent, note, {side}, {split} FROM pain")
        cols = _columns(rows, 8)
        seconds = stored_seconds(cols[0].tolist())
        order = slice(None) if _is_sorted(seconds) else np.argsort(seconds, kind="stable")
        pick = lambda c: c[order]  # noqa: E731
        overall, back, leg = (_nullable_ints(pick(cols[i])) for i in (1, 6, 7))
        top = np.fmax(np.fmax(overall.to_numpy(dtype=float, na_value=np.nan), back.to_numpy(dtype=float, na_value=np.nan)),
                      leg.to_numpy(dtype=float, na_value=np.nan))
        return pd.DataFrame({
            "at": _to_local(seconds[order], self.tz),
            "score": np.nan_to_num(top, nan=0).astype(np.int64),  # never missing: every entry has one score
            "back": back,
            "leg": leg,
            "overall": overall,
            "areas": pd.array(pick(cols[2]), dtype="str"),
            "side": _categorical(pick(cols[5]), SIDES),
            "leg_extent": _categorical(pick(cols[3]), LEG_EXTENTS, ordered=True),
            "note": pd.array(pick(cols[4]), dtype="str"),
        })

    def sessions(self) -> pd.DataFrame:
        """Sessions, oldest first: ``at``, ``routine``, ``duration_s``, ``completed``, ``pain_before``,
        ``pain_after`` (nullable integers), ``notes``;
        then the session check (`log_check`): ``check_back``, ``check_leg`` (0-10, nullable),
        ``leg_change`` (categorical of `LEG_CHANGES`), ``new_nerve_symptoms`` (nullable boolean),
        ``checked_at``; and the next-morning answer (`log_morning`): ``morning_back`` (categorical of
        `MORNING_BACK`), ``morning_at``; ``id`` (as `log_session` returned it). Missing answers are
        missing, never guessed."""
        extra = ("check_back, check_leg, leg_change, new_nerve_symptoms, "
                 f"{_EPOCH.format('checked_at')}, morning_back, {_EPOCH.format('morning_at')}"
                 if self._version >= 3 else "NULL, NULL, NULL, NULL, NULL, NULL, NULL")
        rows = self._query(
            f"SELECT {_EPOCH.format('at')}, routine, duration_s, completed, pain_before, pain_after, notes, id, {extra}"
            " FROM sessions ORDER BY at")
        cols = _columns(rows, 15)

        def when(values: np.ndarray) -> pd.DatetimeIndex:
            seconds = np.array([np.nan if v is None else float(v) for v in values], dtype=float)
            return pd.DatetimeIndex(pd.to_datetime(seconds, unit="s").as_unit("us")).tz_localize("UTC").tz_convert(self.tz)

        return pd.DataFrame({
            "at": _to_local(cols[0], self.tz),
            "routine": pd.array(cols[1], dtype="str"),
            "duration_s": pd.array(cols[2], dtype="Float64"),
            "completed": np.asarray(cols[3], dtype=bool),
            "pain_before": pd.array(cols[4], dtype="Int64"),
            "pain_after": pd.array(cols[5], dtype="Int64"),
            "notes": pd.array(cols[6], dtype="str"),
            "check_back": pd.array(cols[8], dtype="Int64"),
            "check_leg": pd.array(cols[9], dtype="Int64"),
            "leg_change": _categorical(cols[10], LEG_CHANGES),
            "new_nerve_symptoms": pd.array([None if v is None else bool(v) for v in cols[11]], dtype="boolean"),
            "checked_at": when(cols[12]),
            "morning_back": _categorical(cols[13], MORNING_BACK, ordered=True),
            "morning_at": when(cols[14]),
            "id": np.asarray(cols[7], dtype=np.int64),
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

    def session_doses(self, session_id: int | None = None, *, since: Any = None) -> dict[int, dict[str, tuple[Any, ...]]]:
        """Session id -> {exercise id -> (sets, reps, hold_s)} in the order done: the planned dose of each
        exercise a session included (highest set number, highest planned repetitions or holds per
        set, highest planned seconds per hold or None). ``session_id`` and ``since`` as in
        `session_exercises`. Plain dictionaries: what the traffic light needs, without a frame."""
        if session_id is not None:
            where, params = "WHERE session_id = ?", (int(session_id),)
        elif since is not None:
            when = _utc_text(since, self.tz, "since")
            where = ("WHERE session_id IN (SELECT id FROM sessions WHERE at >= "
                     "ifnull((SELECT max(at) FROM sessions WHERE at < ?), ?))")
            params = (when, when)
        else:
            where, params = "", ()
        # rows in the order written (rowid), grouped here: cheaper than GROUP BY with a sort in SQLite
        rows = self._query(f"SELECT session_id, exercise_id, set_no, reps_planned, hold_s_planned FROM sets {where}",
                           params)
        out: dict[int, dict[str, tuple[Any, ...]]] = {}
        for sid, ex, n, reps, hold in rows:
            doses = out.get(sid)
            if doses is None:
                doses = out[sid] = {}
            per = hold / reps if hold is not None and reps else None
            d = doses.get(ex)
            if d is None:
                doses[ex] = (n, reps, per)
            elif d != (n, reps, per):  # a later set of the same exercise: keep the highest of each
                doses[ex] = (max(n, d[0]), d[1] if reps is None or (d[1] is not None and d[1] >= reps) else reps,
                             d[2] if per is None or (d[2] is not None and d[2] >= per) else per)
        return out

    def session_exercises(self, session_id: int | None = None, *, since: Any = None) -> pd.DataFrame:
        """Which exercises each session included (a set done or skipped counts), in the order done:
        ``session_id``, ``exercise_id``, and the planned dose: ``sets`` (highest set number), ``reps``
        (planned repetitions or holds per set, highest) and ``hold_s`` (planned seconds per hold,
        missing for repetitions); one row per pair. Only ``session_id``'s when given; with ``since``
        (a time) only sessions from then on, and the one just before (to see what changed). Lighter
        than `sets` when only these are needed."""
        doses = self.session_doses(session_id, since=since)
        rows = [(sid, ex, *d) for sid in sorted(doses) for ex, d in doses[sid].items()]
        cols = _columns(rows, 5)
        return pd.DataFrame({"session_id": np.asarray(cols[0], dtype=np.int64),
                             "exercise_id": pd.array(cols[1], dtype="str"),
                             "sets": np.asarray(cols[2], dtype=np.int64),
                             "reps": pd.array(cols[3], dtype="Int64"),
                             "hold_s": pd.array(cols[4], dtype="Float64")})

    def recent(self, n: int = 10) -> pd.DataFrame:
        """The ``n`` latest pain reports and sessions in one small table, newest first (for display)."""
        pain = self.pain().tail(n)
        sessions = self.sessions().tail(n)
        def side_text(side: Any) -> str:
            return "" if side != side else ("both sides" if side == "both" else f"{side} side")

        def scores(s: Any, b: Any, lg: Any) -> Any:
            """Back and leg apart when logged so ("back 3 · leg 5"), else the single score."""
            if b is pd.NA and lg is pd.NA:
                return f"{s} (overall)"
            return " · ".join(f"{w} {v}" for w, v in (("back", b), ("leg", lg)) if v is not pd.NA)

        rows = [{"when": t, "what": "pain", "pain": scores(s, b, lg),
                 "details": "; ".join(p for p in (a, side_text(sd), str(e) if e == e else "", nt) if p)}
                for t, s, b, lg, a, sd, e, nt in zip(pain["at"], pain["score"], pain["back"].astype(object),
                                                     pain["leg"].astype(object), pain["areas"], pain["side"],
                                                     pain["leg_extent"], pain["note"])]
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
                   tz: str | tzinfo | None = None, encoding: str = "utf-8",
                   area_map: Mapping[str, str | None] | None = None, infer_leg_extent: bool = True) -> int:
        """Add the rows of a CSV file; return how many were added.

        Reads our own export (`export_csv`) or another app's export through ``columns``, a mapping
        from our field names to the file's column names (``"date"`` and ``"time"`` may replace
        ``"at"``). ``tz`` is the zone of times written without a UTC offset (the journal's zone when
        None); offsets may be written ``Z``, ``+01``, ``+0100``, ``+01:00`` or ``+00:19:32``.

        Pain locations may be written the way people and apps write them (see `backnotes.locations`):
        ``"Left calf; Left foot"``, ``"buttock (right)"``, ``"L thigh"``, ``"low back"``. Several
        places in one cell are separated by ";" or ",". A side in the words goes to ``side`` (left and
        right in one row: "both"); a ``side`` column may also say it (L, R, left, right, both,
        bilateral). A word not known is a row error naming it: map it with ``area_map``, e.g.
        ``area_map={"sciatic nerve": "glutes"}`` (None ignores the word). When the file has no
        ``leg_extent`` column, the most distal leg area gives it (glutes -> buttock, thighs or
        hamstrings -> thigh, calves -> below knee, ankles and feet -> foot); ``infer_leg_extent=False``
        leaves it empty instead.

        All or nothing: the file is read in chunks inside one transaction; when any row is bad,
        nothing is added and `JournalError` lists every bad row (line, column, value, reason) in
        ``.errors``. Blank and whitespace-only lines are skipped; a cell starting with an apostrophe
        before ``=``, ``+``, ``-``, ``@``, tab or CR loses that apostrophe (`export_csv` adds it).
        Rows already in the journal are skipped: pain entries with the same time and values, sessions
        with the same start time, sets with the same session, exercise, set number and side, red flags
        with the same time and flag. ``kind`` is one of ``"pain"``, ``"sessions"``, ``"sets"`` and
        ``"red_flags"`` (the file `export_csv` writes for the red flags ticked: ``at``, ``flag``).
        At most the first `MAX_ROW_ERRORS` bad rows are listed in ``.errors``; ``.total`` counts all.
        """
        from .journal_import import ImportReader, paused_gc
        from .output_guard import checked_path

        kinds = (*KINDS_OF_TABLE, RED_FLAGS)
        if not isinstance(kind, str) or kind not in kinds:
            raise JournalError(f"kind: {kind!r} not known; choose from {', '.join(kinds)}")
        source = checked_path(path, what="path")
        zone = self.tz if tz is None else _zone(tz)
        reader = ImportReader(source, kind=kind, columns=columns, zone=zone, encoding=encoding,
                              area_map=area_map, infer_leg_extent=infer_leg_extent)
        errors: list[RowError] = []  # the first MAX_ROW_ERRORS by line; `bad` counts them all
        bad = 0
        with self._write() as cur, paused_gc(), _checked_already(cur), _small_cache(cur, _file_size(source)):
            before = self._conn.total_changes
            pain = _PainRepeats(cur) if kind == "pain" else None
            ids = dict(cur.execute("SELECT at, id FROM sessions").fetchall()) if kind == "sets" else {}
            if kind == RED_FLAGS:
                cur.execute(_RED_FLAGS_TABLE)
                ticked = set(cur.execute("SELECT at, flag FROM red_flags").fetchall())
            for rows in reader.chunks():
                found = rows.errors
                if kind == "sets":
                    found = found + [RowError(line, "at", at, "no session starts at this time: import the "
                                              "sessions file first")
                                     for line, at in zip(rows.lines, rows.times) if at not in ids]
                    found.sort(key=lambda e: e.line)
                bad += len(found)
                if len(errors) < MAX_ROW_ERRORS:  # chunks come in line order: the first ones are kept
                    errors.extend(found[:MAX_ROW_ERRORS - len(errors)])
                if bad:
                    pass  # nothing will be kept: only read on to count every bad row
                elif kind == RED_FLAGS:
                    fresh = [r for r in dict.fromkeys(rows.values) if r not in ticked]
                    cur.executemany("INSERT INTO red_flags (at, flag) VALUES (?, ?)", fresh)
                    ticked.update(fresh)
                elif pain is not None:
                    cur.executemany(f"INSERT INTO pain ({', '.join(rows.fields)}) VALUES "
                                    f"({', '.join('?' * len(rows.fields))})",
                                    pain.new_rows(rows.values, rows.times, rows.fields))
                elif kind == "sessions":
                    cur.executemany(
                        "INSERT OR IGNORE INTO sessions (at, routine, duration_s, completed, pain_before, pain_after,"
                        " notes, check_back, check_leg, leg_change, new_nerve_symptoms, checked_at, morning_back,"
                        " morning_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows.values)
                else:
                    cur.executemany(
                        "INSERT OR IGNORE INTO sets (session_id, exercise_id, set_no, side, reps_planned, reps_done,"
                        " hold_s_planned, hold_s_done, skipped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [(ids[r[0]], *r[1:]) for r in rows.values])
                del rows, found  # not held while the next chunk is read
            if bad:
                errors.sort(key=lambda e: e.line)
                listed = "" if bad == len(errors) else f" (the first {len(errors)} are listed)"
                raise JournalError(f"{source}: {bad} bad row(s){listed}; nothing was imported", errors, total=bad)
            return self._conn.total_changes - before

    def export_csv(self, folder: str | PathLike[str]) -> dict[str, Path]:
        """Write ``pain.csv``, ``sessions.csv``, ``sets.csv`` and ``red_flags.csv`` (the red flags
        ticked: ``at``, ``flag``) into ``folder`` (created if needed); return their paths by kind.
        None of them may be the journal itself (`backnotes.output_guard`). UTF-8, times in ISO 8601
        with the UTC offset, numbers exact, re-importable unchanged with `import_csv` (nothing lost,
        whatever the notes hold). Safe to open in a spreadsheet: a text cell starting with ``=``,
        ``+``, ``-``, ``@``, tab or CR gets a leading apostrophe (OWASP's advice against CSV formula
        injection), which `import_csv` removes. Each file is replaced atomically."""
        from .journal_export import write_frame
        from .output_guard import checked_path, output_path

        out = checked_path(folder, what="folder")
        targets = {kind: output_path(out / f"{kind}.csv", what="export_csv", journal_path=self.path)
                   for kind in (*KINDS_OF_TABLE, RED_FLAGS)}
        if out.exists() and not out.is_dir():
            raise JournalError(f"export_csv: {out} is a file; give a folder (pain.csv, sessions.csv, sets.csv "
                               "and red_flags.csv are written into it)")
        with self._lock:  # one consistent read of the tables
            frames = {"pain": self.pain(), "sessions": self.sessions(), "sets": self.sets(),
                      RED_FLAGS: self.red_flags()}
        # the file's score column is the single, not split score: the mixed ``score`` of `pain` is
        # not written (re-imported it would become an overall score that was never logged)
        frames["pain"]["score"] = frames["pain"]["overall"]
        try:
            private_folder(out)
            return {kind: write_frame(frame, targets[kind], kind=kind) for kind, frame in frames.items()}
        except OSError as exc:
            raise JournalError(f"export_csv: cannot write into {out} ({exc.strerror or exc})") from exc

    # -- red flags ticked (a small table of its own, made on first use) ------------------------------

    def log_red_flags(self, ticked: Iterable[str], *, at: Any = None) -> int:
        """Remember that the red flags ``ticked`` (ids from `backnotes.content.red_flags`) were ticked
        ``at`` (None = now), so an appointment report can list them; return how many were stored.
        Each flag is noted once per day (in the journal's zone): ticking it again that day stores
        nothing more.

        The ``red_flags`` table is created on first use, so journals that never tick a flag stay as
        they are and older backnotes versions simply ignore it. An unknown id raises `JournalError`
        naming the allowed ids, and nothing is written.
        """
        from .content import red_flags

        if isinstance(ticked, str):
            ticked = [ticked]
        try:
            ids = list(dict.fromkeys(ticked))
        except TypeError as exc:
            raise JournalError(f"ticked: a list of red-flag ids expected, got {type(ticked).__name__}") from exc
        known = list(red_flags().index)
        bad = [i for i in ids if i not in known]
        if bad:
            raise JournalError(f"ticked: {bad[0]!r} is not a red flag; allowed: {', '.join(map(repr, known))}")
        when = _utc_text(at, self.tz)
        day = _local_day(when, self.tz)
        with self._write() as cur:
            cur.execute(_RED_FLAGS_TABLE)
            # once per flag per day, checked in the journal (a page reloaded the same day forgets
            # what it noted): ticks within a day and a half either side, compared by local date
            near = cur.execute("SELECT at, flag FROM red_flags WHERE at BETWEEN ? AND ?",
                               (_shifted(when, -36), _shifted(when, 36))).fetchall()
            noted = {flag for t, flag in near if _local_day(t, self.tz) == day}
            fresh = [i for i in ids if i not in noted]
            cur.executemany("INSERT INTO red_flags (at, flag) VALUES (?, ?)", [(when, i) for i in fresh])
        return len(fresh)

    def red_flags(self) -> pd.DataFrame:
        """Red flags ticked so far, oldest first: ``at`` (local, tz-aware) and ``flag`` (its id)."""
        with self._lock:
            self._check_open()
            have = self._conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'red_flags'").fetchone()
            rows = self._conn.execute(
                f"SELECT {_EPOCH.format('at')}, flag FROM red_flags ORDER BY at, id").fetchall() if have else []
        cols = _columns(rows, 2)
        return pd.DataFrame({"at": _to_local(cols[0], self.tz), "flag": pd.array(cols[1], dtype="str")})

    def export_fhir(self, path: str | PathLike[str], *, patient_name: str | None = None) -> Path:
        """Write the journal as a FHIR R4 Bundle (JSON) to ``path`` and return the path.

        One Observation per pain report (LOINC 72514-3, the time with its UTC offset, the areas as
        SNOMED CT body sites with the side as laterality, the note) and one per exercise session
        (LOINC 55411-3, its duration in minutes, pain before and after), one per red flag ticked
        (with its date and time); with ``patient_name`` a Patient they all refer to. See
        `backnotes.fhir` for the codes and their sources. The file is replaced atomically; the
        journal's own files are refused, and a path that cannot be written raises `JournalError`.
        """
        from . import fhir
        from .output_guard import output_path

        dest = output_path(path, what="export_fhir", journal_path=self.path)
        if patient_name is not None and (not isinstance(patient_name, str) or not patient_name.strip()):
            raise JournalError(f"patient_name: a name in words expected, got {patient_name!r}")
        with self._lock:  # one consistent read of the tables
            pain, sessions, ticked = self.pain(), self.sessions(), self.red_flags()
        doc = fhir.bundle(pain, sessions, patient_name=patient_name, red_flags=ticked)
        try:
            return fhir.write_bundle(doc, dest)
        except OSError as exc:
            raise JournalError(f"export_fhir: cannot write {str(dest)!r}: {exc.strerror or exc}") from exc

    def report_html(self, path: str | PathLike[str], *, since: Any = None) -> Path:
        """Write a one-page HTML report for an appointment to ``path`` and return the path; see
        `backnotes.report.write_report` (``since``: the first day shown, default everything)."""
        from .report import write_report

        return write_report(self, path, since=since)

    def backup(self, path: str | PathLike[str]) -> Path:
        """Copy the whole journal to the file ``path`` with SQLite's backup API (consistent even while
        another notebook writes) and return the path. An existing file there is replaced only when
        the copy is complete. Works on a read-only journal too."""
        from .output_guard import output_path

        dest = output_path(path, what="backup", journal_path=self.path)
        if dest.is_dir():
            raise JournalError(f"backup: {dest} is a folder; give a file name, such as "
                               f"{dest / 'journal-backup.sqlite'}")
        try:
            private_folder(dest.parent)
            fd, tmp = tempfile.mkstemp(prefix=".backup-", suffix=".sqlite", dir=dest.parent)
            os.close(fd)
        except OSError as exc:
            raise JournalError(f"backup: cannot write into {dest.parent} ({exc.strerror or exc})") from exc
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
        except (OSError, sqlite3.Error) as exc:
            Path(tmp).unlink(missing_ok=True)
            raise JournalError(f"backup: could not copy the journal to {dest} ({exc})") from exc
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return dest


class _PainRepeats:
    """Which rows of an import are new. A row can only repeat another with the same time, so the
    full comparison with the journal runs only for a chunk whose time span overlaps the times
    already in the journal (including earlier chunks of the same import, written in the same
    transaction); a file in time order, the usual case, never needs it."""

    def __init__(self, cur: sqlite3.Cursor) -> None:
        self.cur = cur
        self.low, self.high = cur.execute("SELECT min(at), max(at) FROM pain").fetchone()

    def new_rows(self, values: list[tuple[Any, ...]], times: list[str],
                 fields: tuple[str, ...] = FIELDS["pain"]) -> list[tuple[Any, ...]]:
        """The rows not yet in the journal (nor earlier in the file), in file order. ``values`` hold
        the columns ``fields``; the pain columns not among them are empty (NULL) in every row."""
        if not values:
            return []
        # files are usually in time order: then one C-level pass says there are no repeats inside
        ordered = all(map(operator.lt, times, itertools.islice(times, 1, None)))
        first, last = (times[0], times[-1]) if ordered else (min(times), max(times))
        overlaps = self.low is not None and first <= self.high and last >= self.low
        empty = "".join(f" AND {f} IS NULL" for f in FIELDS["pain"] if f not in fields)  # our own names
        have = set(self.cur.execute(f"SELECT {', '.join(fields)} FROM pain WHERE at BETWEEN ? AND ?{empty}",
                                    (first, last)).fetchall()) if overlaps else set()
        self.low = first if self.low is None else min(self.low, first)
        self.high = last if self.high is None else max(self.high, last)
        if not have and (ordered or len(set(times)) == len(times)):
            return values
        fresh = dict.fromkeys(values)  # drops repeats inside the chunk, keeps order
        return [v for v in fresh if v not in have] if have else list(fresh)


@contextmanager
def _small_cache(cur: sqlite3.Cursor, size: int) -> Iterator[None]:
    """SQLite's page cache while an import of a ``size``-byte file writes: an eighth of the file,
    within `IMPORT_CACHE_MIN_KIB` and `IMPORT_CACHE_KIB` (so that the import's memory does not grow
    with the file, nor exceed a small file's size); then back to `CACHE_KIB`."""
    kib = max(IMPORT_CACHE_MIN_KIB, min(IMPORT_CACHE_KIB, size // 8 // 1024))
    cur.execute(f"PRAGMA cache_size = -{kib}")
    try:
        yield
    finally:
        cur.execute(f"PRAGMA cache_size = -{CACHE_KIB}")


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # the reader has opened it already; a size is only a hint here
        return 0


@contextmanager
def _checked_already(cur: sqlite3.Cursor) -> Iterator[None]:
    """SQLite's CHECK constraints off while an import writes rows `ImportReader` has checked already.

    The reader's checks are stricter than the table's (every stored time is built by the reader in
    the checked shape, every score is one of the ints 0-10, every word one of the allowed ones), so
    the second check only cost time: a fifth of the insert. NOT NULL and foreign keys stay on, every
    other write path keeps the CHECKs, and the tests run ``PRAGMA quick_check`` (which checks CHECK
    constraints) on journals filled by random imports."""
    cur.execute("PRAGMA ignore_check_constraints = ON")
    try:
        yield
    finally:
        cur.execute("PRAGMA ignore_check_constraints = OFF")


# ---------------------------------------------------------------------------------------------------
# sessions: from a timer record or a routine plus what was done


def _session_parts(source: Any, done: Any) -> tuple[str, float | None, bool | None, str, list[SetDone]]:
    """(routine name, duration, completed or None = work it out from the sets, notes, sets)."""
    if isinstance(source, SessionRecord):
        if done is not None:
            raise JournalError("done: a timer's session record already says what was done; leave done out")
        if not isinstance(source.routine_name, str):
            raise JournalError(f"routine_name: the session record's routine name must be text, got "
                               f"{source.routine_name!r}")
        try:
            duration = (pd.Timestamp(source.ended_at) - pd.Timestamp(source.started_at)).total_seconds()
        except (TypeError, ValueError, OverflowError) as exc:
            raise JournalError(f"started_at/ended_at: two dates and times, both with or both without a time "
                               f"zone, expected ({exc})") from exc
        if duration != duration:
            raise JournalError("started_at/ended_at: both are needed")
        if duration > MAX_SESSION_S:
            raise JournalError(f"started_at/ended_at: the session lasted {duration / 3600:.1f} hours; a session "
                               f"is at most {MAX_SESSION_S // 3600} hours (was the timer left running?)")
        sets = _as_sets(source.sets, "sets")
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
        unknown = sorted(set(done) - known, key=str)
        if unknown:
            raise JournalError(f"done: {', '.join(map(repr, unknown))} not in the routine {source.name!r}; "
                               f"it has {', '.join(sorted(known))}")
        for k, v in done.items():
            _check_count(v, f"done[{k!r}]", limit=100)
        sets = _routine_sets(source, done)
    else:
        sets = _as_sets(done, "done")
    return source.name, None, None, "", sets


def _as_sets(items: Any, field: str) -> list[SetDone]:
    if isinstance(items, (str, bytes, Mapping)) or not isinstance(items, Iterable):
        raise JournalError(f"{field}: a mapping exercise_id -> reps, or a list of SetDone, expected; "
                           f"got {type(items).__name__}")
    sets = list(items)
    for s in sets:
        if not isinstance(s, SetDone):
            raise JournalError(f"{field}: a mapping exercise_id -> reps, or a list of SetDone, expected; "
                               f"found {type(s).__name__}")
    return sets


def _renumber(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """A routine may hold the same exercise twice (the builder allows it): its sets then repeat the
    same exercise, set number and side. Later repeats continue the numbering (sets 3 and 4 after
    1 and 2), so every set is kept and still reads in order."""
    seen: set[tuple[Any, Any, Any]] = set()
    top: dict[tuple[Any, Any], int] = {}
    out = []
    for r in rows:
        exercise, number, side = r[0], r[1], r[2]
        if (exercise, number, side) in seen:
            number = top[(exercise, side)] + 1
            if number > MAX_SET:  # the limit every set number has, so that export -> import holds
                raise JournalError(f"done: {exercise!r} has more than {MAX_SET} sets in one session")
            r = (exercise, number, *r[2:])
        seen.add((exercise, number, side))
        top[(exercise, side)] = max(top.get((exercise, side), 0), number)
        out.append(r)
    return out


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
    if not isinstance(s.exercise_id, str) or not s.exercise_id.strip() or "\x00" in s.exercise_id:
        raise JournalError(f"{where}: exercise_id must be a non-empty text (without NUL characters)")
    if isinstance(s.set, bool) or not isinstance(s.set, int) or not 1 <= s.set <= MAX_SET:
        raise JournalError(f"{where}: set numbers count from 1 (up to {MAX_SET}), got {s.set!r}")
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
