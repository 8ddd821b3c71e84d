"""CSV import and export for the journal: the reader sits below `backnotes.journal` and never imports it.

Import streams the file in chunks, so memory stays flat however long the file is:

- the fast way, for UTF-8 files whose quotes are proper CSV quotes (our own export, most apps'
  exports): blocks of about 1 MiB cut at record ends; numpy finds the line breaks and delimiters
  outside quotes and counts each record's fields (a row with too few or too many fields is a row
  error at its exact line); one ``str.split`` then cuts the block into cells (`ImportReader._cells`);
- the careful way, for anything else (a stray quote inside a cell, a lone CR, another encoding): the
  standard library's ``csv`` reader over the open file, which counts lines exactly and splits lines
  only at CR and LF (never at U+2028, U+0085, VT, FF or FS, which may sit in a note).
  ``tests/test_import_fast_paths.py`` gives both ways the same random files and expects the same cells.

Times of our export's shape (``2026-03-01T08:30:00+01:00``) are parsed with integer numpy arithmetic
(`_exact_times`), other shapes with a regular expression and pandas; the tests check both agree.
Every chunk is then validated column by column with plain lists and dictionaries, one dictionary
pass per column (DESIGN.md measured per-row pandas string methods at about 3x the cost). Figures:
`benchmarks/bench_journal.py` (about 1.3x raw ``read_csv`` + ``to_sql``; memory growth 0.7x the file).

`ImportReader.chunks` hands the journal each chunk's good rows and its `RowError`s; the journal writes
the chunks inside one transaction and rolls it back when any row was bad, after reading on to report
every bad row.

Exports neutralise formula injection (OWASP "CSV Injection"): a cell that starts with ``=``, ``+``,
``-``, ``@``, tab or CR (also after leading apostrophes) is written with one more leading apostrophe,
so spreadsheets show it as text. The importer removes exactly that one apostrophe, so our own round
trip is lossless; a cell another app wrote as ``'=...`` loses its first apostrophe the same way.
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
import itertools
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple, TextIO

import numpy as np
import pandas as pd

from .files import make_private
from .journal_base import FIELDS, LEG_EXTENTS, MAX_CELL, MAX_NOTE, MAX_SET, REQUIRED, JournalError, RowError
from .locations import Locations, Locator, leg_extent_of, parse_side
from .vocab import BODY_AREAS

__all__ = ["FIELDS", "REQUIRED", "Rows", "ImportReader", "parse_times", "write_frame", "guard", "unguard",
           "FORMULA_STARTS", "paused_gc", "stored_seconds"]

Check = Callable[[list[str]], tuple[list[Any], dict[int, str]]]

#: Rows per chunk on the careful way, bytes per block on the fast way: a chunk's Python objects take
#: a few MiB, so an import's memory does not grow with the file.
CHUNK_ROWS = 10_000
BLOCK_BYTES = 1 << 20
#: A found value kept in a `RowError` is cut to this many characters (a bad 100 KiB cell is not
#: worth keeping whole in memory, once per bad row).
_SHOWN = 200


@dataclass
class Rows:
    """Validated rows: ``values`` in FIELDS order (``at`` as stored UTC text) and each row's line."""

    lines: list[int]
    values: list[tuple[Any, ...]]
    times: list[str]  # the stored ``at`` texts, one per row (for cheap range and repeat checks)
    errors: list[RowError] = field(default_factory=list)  # the chunk's bad rows (left out of values)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file is imported, then restore it.

    An import makes hundreds of thousands of short-lived tuples and lists; each allocation burst
    triggers collections that walk every young object, which measured 25% of the reading time. The
    import makes no reference cycles, so reference counting alone frees everything it drops."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# ---------------------------------------------------------------------------------------------------
# formula injection (OWASP): one leading apostrophe in, one out

#: First characters a spreadsheet reads as the start of a formula or a command.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard(text: str) -> str:
    """``"=1+2"`` -> ``"'=1+2"``; also ``"'=x"`` -> ``"''=x"`` so that `unguard` can undo it exactly."""
    return "'" + text if text.lstrip("'")[:1] in FORMULA_STARTS and text.lstrip("'") else text


def unguard(text: str) -> str:
    """Undo `guard`: remove one apostrophe before a formula start (after any further apostrophes)."""
    return text[1:] if text[:1] == "'" and text.lstrip("'")[:1] in FORMULA_STARTS and text.lstrip("'") else text


def _unguard_column(cells: list[str]) -> list[str]:
    if "'" not in "".join(cells):  # one C-level pass: most files have no apostrophe at all
        return cells
    return [unguard(c) if c[:1] == "'" else c for c in cells]


# ---------------------------------------------------------------------------------------------------
# column checks: list of cell texts -> (converted values, {row index: reason})

_SCORES = {str(i): i for i in range(11)}
_TRUE = {"1", "true", "yes", "y", "t"}
_FALSE = {"0", "false", "no", "n", "f"}


def _to_number(text: str) -> float:
    """A plain decimal number; Python's ``float`` also reads ``1_0`` (as 10) and non-ASCII digits,
    which no spreadsheet writes: those are NaN here (refused)."""
    if not text.isascii() or "_" in text:
        return math.nan
    try:
        return float(text)
    except ValueError:
        return math.nan


def _score(required: bool) -> Check:
    def check(cells: list[str]) -> tuple[list[Any], dict[int, str]]:
        out = list(map(_SCORES.get, cells))  # C-level: one dict lookup per cell
        bad: dict[int, str] = {}
        if None not in out:
            return out, bad
        for i in [i for i, v in enumerate(out) if v is None]:
            text = cells[i].strip()
            if not text:
                if required:
                    bad[i] = "a pain score is needed (a whole number from 0 to 10)"
                continue
            number = _to_number(text)
            if number != number:
                bad[i] = "not a number: pain is a whole number from 0 to 10"
            elif not 0 <= number <= 10:  # checked before int(): int() of an infinity raises
                bad[i] = "pain must be from 0 to 10"
            elif number != int(number):
                bad[i] = "pain is a whole number from 0 to 10"
            else:
                out[i] = int(number)
        return out, bad
    return check


def _numbers(cells: list[str], *, low: float, high: float, whole: bool, required: bool,
             expected: str) -> tuple[list[Any], dict[int, str]]:
    """Parse numbers from ``low`` to ``high`` (whole ones when ``whole``); empty cells are None."""
    out: list[Any] = []
    bad: dict[int, str] = {}
    for i, c in enumerate(cells):
        text = c.strip()
        if not text:
            if required:
                bad[i] = f"{expected} is needed"
            out.append(None)
            continue
        number = _to_number(text)
        # range before int(): int() of an infinity raises
        if number != number or math.isinf(number) or not low <= number <= high or (whole and number != int(number)):
            bad[i] = f"{expected} expected"
            out.append(None)
        else:
            out.append(int(number) if whole else number)
    return out, bad


def _count(required: bool, lowest: int = 0, limit: int = 1000) -> Check:
    expected = f"a whole number from {lowest} to {limit}"
    return lambda cells: _numbers(cells, low=lowest, high=limit, whole=True, required=required, expected=expected)


def _seconds(cells: list[str]) -> tuple[list[Any], dict[int, str]]:
    return _numbers(cells, low=0, high=86400, whole=False, required=False, expected="seconds from 0 to 86400")


def _duration(cells: list[str]) -> tuple[list[Any], dict[int, str]]:
    # a session's length has no upper limit: a timer left running for days is still what happened
    return _numbers(cells, low=0, high=math.inf, whole=False, required=False, expected="seconds (0 or more)")


_MISSING = object()


def _lookup(table: dict[str, Any], *, empty: Any, problem: str) -> Check:
    """A check that maps each (stripped, lower-cased) cell through ``table``; empty cells give ``empty``."""
    def check(cells: list[str]) -> tuple[list[Any], dict[int, str]]:
        found = {}
        for c in dict.fromkeys(cells):  # few distinct cells: look each up once
            text = c.strip().lower()
            found[c] = table.get(text, _MISSING) if text else empty
        out = list(map(found.__getitem__, cells))
        if not any(v is _MISSING for v in found.values()):
            return out, {}
        bad = {i: problem for i, v in enumerate(out) if v is _MISSING}
        return [None if v is _MISSING else v for v in out], bad
    return check


def _flag(default: bool) -> Check:
    return _lookup({**dict.fromkeys(_TRUE, 1), **dict.fromkeys(_FALSE, 0)}, empty=int(default),
                   problem="yes or no expected (also true/false, 1/0)")


def _choice(words: Sequence[str], what: str) -> Check:
    return _lookup({w: w for w in words}, empty=None,
                   problem=f"{what} not known; choose from {', '.join(words)} (or leave empty)")


class _Areas:
    """The location check: each distinct cell parsed once through the person's ``area_map``; the
    cells pass through unchanged and `_merge_locations` turns them into areas, side and leg extent
    with ``found`` (one dictionary pass per column, not four)."""

    hint = ("map it with import_csv(..., area_map={%r: 'glutes'}) (any of: " + ", ".join(BODY_AREAS)
            + "; or None to ignore the word)")

    def __init__(self, locate: Locator) -> None:
        self.locate = locate
        self.found: dict[str, Locations] = {}

    def __call__(self, cells: list[str]) -> tuple[list[Any], dict[int, str]]:
        self.found = found = {c: self.locate(c) for c in dict.fromkeys(cells)}  # few distinct cells
        unknown = {c for c, loc in found.items() if loc.unknown}
        if not unknown:
            return cells, {}
        bad = {}
        for i, c in enumerate(cells):
            if c in unknown:
                words = found[c].unknown
                bad[i] = f"unknown location {', '.join(map(repr, words))}; " + self.hint % words[0].strip().lower()
        return cells, bad


def _sides(cells: list[str]) -> tuple[list[Any], dict[int, str]]:
    found: dict[str, Any] = {}
    for c in dict.fromkeys(cells):
        try:
            found[c] = parse_side(c)
        except ValueError as exc:
            found[c] = exc
    out = list(map(found.__getitem__, cells))
    if not any(isinstance(v, ValueError) for v in found.values()):
        return out, {}
    bad = {i: str(v) for i, v in enumerate(out) if isinstance(v, ValueError)}
    return [None if isinstance(v, ValueError) else v for v in out], bad


def _text(required: bool = False) -> Check:
    def check(cells: list[str]) -> tuple[list[Any], dict[int, str]]:
        long = cells and max(map(len, cells)) > MAX_NOTE
        bad = {i: f"at most {MAX_NOTE} characters" for i, c in enumerate(cells) if len(c) > MAX_NOTE} if long else {}
        if required:  # an id: not empty, and no NUL (SQLite's length() stops at one)
            bad.update({i: "must not be empty (nor hold NUL characters)" for i, c in enumerate(cells)
                        if not c.strip() or "\x00" in c})
        return list(cells), bad
    return check


# ---------------------------------------------------------------------------------------------------
# times

#: ISO 8601 date, optional time, optional offset: Z, +HH, +HHMM, +HH:MM or +HH:MM:SS (historic zones
#: such as Amsterdam before 1937 had offsets with seconds).
_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?))?"
                   r"(?: ?(?P<z>[Zz]|UTC)|(?P<sign>[+-])(?P<h>\d{2})(?::?(?P<m>\d{2})(?::?(?P<s>\d{2}))?)?)?")
_UNPARSED = "not a date and time: use ISO 8601, like 2026-03-01 08:30 or 2026-03-01T08:30:00+01:00"
_EARLIEST = np.datetime64("1900-01-01T00:00:00", "s")


def _pad_time(t: str) -> str:
    """``8:30`` -> ``08:30``: some apps drop the leading zero, ISO 8601 needs it."""
    return "0" + t if len(t) > 1 and t[1] == ":" else t


#: Our export's time shape ``YYYY-MM-DDTHH:MM:SS+HH:MM``: each position's lowest and highest byte
#: (digits 0-9; the sign + or -, with the "," between them refused below).
_SHAPE = "0000-00-00T00:00:00+00:00"
_LOW = np.frombuffer(_SHAPE.encode(), dtype=np.uint8)[:, None]
_HIGH = np.frombuffer(_SHAPE.replace("0", "9").replace("+", "-").encode(), dtype=np.uint8)[:, None]
_SHAPE_CODES = np.frombuffer(_SHAPE.encode("utf-32-le"), dtype=np.uint32)
_DIGIT_ROWS = np.array([i for i, ch in enumerate(_SHAPE) if ch == "0"])
_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _days_from_civil(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of proleptic Gregorian dates (H. Hinnant's ``days_from_civil``)."""
    y = y - (m <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * np.where(m > 2, m - 3, m + 9) + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def _civil_from_days(z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The inverse of `_days_from_civil`: (year, month, day)."""
    z = z + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    m = np.where(mp < 10, mp + 3, mp - 9)
    return yoe + era * 400 + (m <= 2), m, doy - (153 * mp + 2) // 5 + 1


class _Exact(NamedTuple):
    """Times of our export's shape, parsed by `_exact_times`."""

    seconds: np.ndarray  # UTC seconds since 1970 (int64)
    ok: np.ndarray  # a real date and time of that shape
    codes: np.ndarray  # the texts' characters, one row per position (uint8, 25 x n)
    same_day: np.ndarray  # whole-hour offset and UTC on the same date: only the hour changes


def _exact_times(texts: list[str]) -> _Exact | None:
    """Texts of our export's shape ``YYYY-MM-DDTHH:MM:SS+HH:MM`` parsed in a few integer numpy
    passes; ``ok`` is False where a text is not a real date and time of that shape (those go to the
    general parser, which says why). None unless every text is 25 ASCII characters. Export files
    are this shape, and turning their times into stored texts was the largest part of an import."""
    n = len(texts)
    try:
        joined = "".join(texts).encode("ascii")
    except UnicodeEncodeError:
        return None
    if not n or len(joined) != 25 * n or max(map(len, texts)) != 25:  # total and longest: all are 25
        return None
    c = np.ascontiguousarray(np.frombuffer(joined, dtype=np.uint8).reshape(n, 25).T)  # row = position
    ok = ((c >= _LOW) & (c <= _HIGH)).all(axis=0) & (c[19] != ord(","))
    d = c[_DIGIT_ROWS].astype(np.int32) - 48  # the 18 digit positions, in order
    year = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3]
    month, day = d[4] * 10 + d[5], d[6] * 10 + d[7]
    hour, minute, second = d[8] * 10 + d[9], d[10] * 10 + d[11], d[12] * 10 + d[13]
    off_h, off_m = d[14] * 10 + d[15], d[16] * 10 + d[17]
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    good_month = (month >= 1) & (month <= 12)
    last_day = _MONTH_DAYS[np.where(good_month, month, 0)] + ((month == 2) & leap)
    ok &= good_month & (day >= 1) & (day <= last_day) & (hour <= 23) & (minute <= 59) & (second <= 59)
    ok &= (off_h <= 23) & (off_m <= 59)
    east = c[19] == ord("+")
    offset = np.where(east, 1, -1) * (off_h * 3600 + off_m * 60)
    days = _days_from_civil(year.astype(np.int64), month, day)
    seconds = days * 86400 + (hour * 3600 + minute * 60 + second - offset)
    utc_hour = hour - np.where(east, off_h, -off_h)
    return _Exact(seconds, ok, c, ok & (off_m == 0) & (utc_hour >= 0) & (utc_hour <= 23))


def _utc_texts(exact: _Exact, accepted: np.ndarray) -> list[str]:
    """Stored texts ``YYYY-MM-DDTHH:MM:SS+00:00`` of the accepted times (the others get a dummy):
    the written characters with the hour moved and the offset zeroed where the date stays, the
    date computed from the seconds elsewhere. No per-row Python or date formatting."""
    codes = exact.codes.astype(np.uint32)
    codes[:, ~accepted] = _SHAPE_CODES[:, None]  # a dummy date 0000-00-00... (never stored)
    simple = exact.same_day & accepted
    hour = exact.seconds[simple] // 3600 % 24
    codes[11, simple] = hour // 10 + 48
    codes[12, simple] = hour % 10 + 48
    codes[19:, accepted] = _SHAPE_CODES[19:, None]  # +00:00
    rest = np.flatnonzero(accepted & ~simple)
    if len(rest):  # crossing midnight, or an offset with minutes: the whole date and time
        days, within = np.divmod(exact.seconds[rest], 86400)
        year, month, day = _civil_from_days(days)
        hour, within = np.divmod(within, 3600)
        minute, second = np.divmod(within, 60)
        for at, value, width in ((0, year, 4), (5, month, 2), (8, day, 2), (11, hour, 2), (14, minute, 2),
                                 (17, second, 2)):
            for k in range(width):
                codes[at + width - 1 - k, rest] = value // 10 ** k % 10 + 48
    return np.ascontiguousarray(codes.T).view("U25").ravel().tolist()


def parse_times(cells: list[str], zone: tzinfo) -> tuple[list[str], dict[int, str]]:
    """Time texts -> stored UTC texts (``2026-03-01T07:30:00+00:00``) and {index: reason} for bad ones.

    Texts with an offset (``Z``, ``+01``, ``+0100``, ``+01:00``, ``+00:19:32``) are exact; texts
    without one are read in ``zone`` (a time that does not exist there is refused; one that happens
    twice is the first). Dates from 1900-01-01 00:00 UTC to one day from now are accepted. Used by
    the import and by `Journal.log_pain`, so both accept and refuse the same texts.
    """
    texts = list(map(str.strip, cells))
    exact = _exact_times(texts)
    if exact is None:
        return _general_times(texts, zone)
    seconds, ok = exact.seconds, exact.ok
    accepted = ok & (seconds >= _EARLIEST_S) & (seconds <= _latest_s())
    bad: dict[int, str] = {int(i): _OUT_OF_RANGE for i in np.flatnonzero(ok & ~accepted)}
    stored = _utc_texts(exact, accepted)
    if not ok.all():  # the few that are not real dates of that shape: the general parser says why
        idx = np.flatnonzero(~ok)
        others, bad_others = _general_times([texts[i] for i in idx], zone)
        bad.update({int(idx[j]): reason for j, reason in bad_others.items()})
        for j, i in enumerate(idx.tolist()):
            stored[i] = others[j]
    return stored, bad


def stored_seconds(stored: Sequence[str]) -> np.ndarray:
    """Stored time texts (``2026-03-01T07:30:00+00:00``, the shape the table's CHECK holds them to)
    -> Unix seconds, with `_exact_times`: several times cheaper than SQLite's ``strftime('%s', at)``
    per row. Anything else (never written by backnotes) goes through pandas."""
    texts = list(stored)
    if not texts:
        return np.empty(0, dtype=np.int64)
    exact = _exact_times(texts)
    if exact is not None and exact.ok.all():
        return exact.seconds
    return (pd.to_datetime(pd.Series(texts, dtype=object), utc=True, format="ISO8601").dt.tz_convert(None)
            .to_numpy().astype("datetime64[s]").astype(np.int64))


_OUT_OF_RANGE = "the date is in the future or before 1900-01-01 00:00 UTC"
_EARLIEST_S = int(_EARLIEST.astype(np.int64))


def _latest_s() -> int:
    """The latest accepted time: one day from now (a clock set a little wrong is not refused)."""
    return int(pd.Timestamp.now(tz="UTC").timestamp()) + 86400


def _general_times(texts: list[str], zone: tzinfo) -> tuple[list[str], dict[int, str]]:
    """`parse_times` for any accepted shape: one regex per text, then vectorised date parsing."""
    n = len(texts)
    bad: dict[int, str] = {i: "a date and time is needed" for i, t in enumerate(texts) if not t}
    utc = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    naive: list[str] = []
    offset = np.zeros(n, dtype=np.int64)
    has_offset = np.zeros(n, dtype=bool)
    for i, t in enumerate(texts):
        m = _TIME.fullmatch(t) if t else None
        if m is None:
            naive.append("")
            continue
        clock = m[2]
        naive.append(m[1] + (" " + _pad_time(clock).replace(",", ".") if clock else ""))
        if m["z"]:
            has_offset[i] = True
        elif m["sign"]:
            h, mi, se = int(m["h"]), int(m["m"] or 0), int(m["s"] or 0)
            if h > 23 or mi > 59 or se > 59:
                naive[-1] = ""
                continue
            has_offset[i] = True
            offset[i] = (1 if m["sign"] == "+" else -1) * (h * 3600 + mi * 60 + se)
    stamps = pd.to_datetime(pd.Series(naive, dtype=object), format="ISO8601", errors="coerce")
    values = stamps.to_numpy().astype("datetime64[s]")
    if has_offset.any():
        utc[has_offset] = values[has_offset] - offset[has_offset].astype("timedelta64[s]")
    local = ~has_offset & ~np.isnat(values)
    if local.any():
        idx = np.flatnonzero(local)
        placed = pd.Series(values[idx]).dt.tz_localize(zone, ambiguous=np.ones(len(idx), dtype=bool),
                                                       nonexistent="NaT")
        for j in np.flatnonzero(placed.isna().to_numpy()):
            bad.setdefault(int(idx[j]), f"this local time does not exist in {zone} (the clocks went forward)")
        utc[idx] = placed.dt.tz_convert(None).to_numpy().astype("datetime64[s]")
    for i in np.flatnonzero(np.isnat(utc)):
        bad.setdefault(int(i), _UNPARSED)
    latest = np.datetime64(_latest_s(), "s")
    for i in np.flatnonzero(~np.isnat(utc) & ((utc > latest) | (utc < _EARLIEST))):
        bad.setdefault(int(i), _OUT_OF_RANGE)
    text = np.char.add(np.datetime_as_string(utc, unit="s"), "+00:00")
    return text.tolist(), bad


def _timestamps(zone: tzinfo) -> Check:
    return lambda cells: parse_times(cells, zone)


def _checks(kind: str, zone: tzinfo, locate: Locator) -> dict[str, Check]:
    ts = _timestamps(zone)
    if kind == "pain":
        return {"at": ts, "score": _score(True), "areas": _Areas(locate), "side": _sides,
                "leg_extent": _choice(LEG_EXTENTS, "leg extent"), "note": _text()}
    if kind == "sessions":
        return {"at": ts, "routine": _text(), "duration_s": _duration, "completed": _flag(True),
                "pain_before": _score(False), "pain_after": _score(False), "notes": _text()}
    return {"at": ts, "exercise_id": _text(required=True), "set": _count(True, 1, MAX_SET),
            "side": _choice(("left", "right"), "side"), "reps_planned": _count(False), "reps_done": _count(True),
            "hold_s_planned": _seconds, "hold_s_done": _seconds, "skipped": _flag(False)}


# ---------------------------------------------------------------------------------------------------
# reading: the header, then chunks of records with their exact line numbers


def _is_utf8(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError as exc:
        raise JournalError(f"encoding: {encoding!r} is not an encoding Python knows") from exc


def _delimiter(first_line: str) -> str:
    return ";" if "," not in first_line and ";" in first_line else ","  # European spreadsheets use ";"


def _shown(value: Any) -> Any:
    return value[:_SHOWN] + "..." if isinstance(value, str) and len(value) > _SHOWN else value


def _open_error(path: Path, exc: OSError) -> JournalError:
    if isinstance(exc, FileNotFoundError):
        return JournalError(f"{path}: file not found")
    if isinstance(exc, IsADirectoryError) or path.is_dir():
        return JournalError(f"{path} is a folder: give the CSV file inside it (for example {path / 'pain.csv'})")
    if isinstance(exc, PermissionError):
        return JournalError(f"{path}: not allowed to read this file (permissions)")
    return JournalError(f"{path}: cannot read the file ({exc.strerror or exc})")


def _decode_error(path: Path, encoding: str, line: int | None, exc: UnicodeDecodeError) -> JournalError:
    where = f"line {line}" if line else "a line"
    return JournalError(
        f"{path}: {where} is not {encoding} text (byte {exc.object[exc.start:exc.start + 1]!r}); "
        f"save the file as UTF-8, or pass encoding='cp1252' (or the encoding the app used)")


def _find_bad_line(path: Path, codec: str) -> int | None:
    """The first line that does not decode (line-by-line decoding is exact for UTF-8 and the
    single-byte encodings spreadsheets use; None when the encoding cannot be split at line ends)."""
    try:
        with open(path, "rb") as f:
            for number, raw in enumerate(f, start=1):
                try:
                    raw.decode(codec)
                except UnicodeDecodeError:
                    return number
    except OSError:  # pragma: no cover - the file vanished meanwhile
        return None
    return None


class _Chunk(NamedTuple):
    """Records read from the file, before their fields are checked."""

    lines: list[int]  # each record's first line
    cols: list[list[str]]  # the cells, column by column
    dropped: list[RowError]  # rows left out: ragged, a quote never closed, a cell too long
    long: bool = False  # a cell may be longer than MAX_CELL (the csv module refuses those itself)
    apostrophes: bool = True  # a cell may start with an apostrophe (see `unguard`)


#: Appended after the last line for the careful reader: when it comes back inside a cell, a quote
#: opened somewhere was never closed.
_END = "\ue000backnotes: end of file\ue000"


class ImportReader:
    """One CSV file being imported: opens it, reads and checks the header, then yields validated
    chunks (`chunks`). File-level problems raise `JournalError` at once; bad rows are reported
    per chunk in ``Rows.errors``."""

    def __init__(self, path: Path, *, kind: str, columns: Mapping[str, str] | None, zone: tzinfo,
                 encoding: str = "utf-8", area_map: Mapping[str, str | None] | None = None,
                 infer_leg_extent: bool = True) -> None:
        self.path, self.kind, self.zone = path, kind, zone
        try:
            self.locate = Locator(area_map)
        except ValueError as exc:
            raise JournalError(str(exc)) from exc
        if not isinstance(encoding, str):
            raise JournalError(f"encoding: a name such as 'utf-8' or 'cp1252' expected, got {encoding!r}")
        self.encoding = encoding
        self.utf8 = _is_utf8(encoding)
        self.codec = "utf-8-sig" if self.utf8 else encoding
        self.header, self.header_line, self._offset = self._read_header()
        self.index = _resolve(kind, self.header, columns, path)
        self.infer = infer_leg_extent and kind == "pain" and "leg_extent" not in self.index
        self.width = len(self.header)
        self.rows_read = 0

    # -- header --------------------------------------------------------------------------------------

    def _read_header(self) -> tuple[list[str], int, int]:
        """The header's cells, its line number (blank lines before it are skipped) and the byte offset
        after it (UTF-8; -1 for other encodings, which the careful reader reads from the start)."""
        empty = JournalError(f"{self.path}: the file is empty (a CSV file starts with a header line of column names)")
        if self.utf8:
            try:
                with open(self.path, "rb") as f:
                    line_no = 0
                    while True:
                        raw = f.readline()
                        if not raw:
                            raise empty
                        line_no += 1
                        if raw.strip() and raw.strip() != b"\xef\xbb\xbf":
                            break
                    offset = f.tell()
            except OSError as exc:
                raise _open_error(self.path, exc) from exc
            try:
                text = raw.decode("utf-8-sig" if line_no == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise _decode_error(self.path, self.encoding, line_no, exc) from exc
            return self._header_cells(text, line_no), line_no, offset
        with self._text_stream(0) as stream:
            line_no = 0
            try:
                while True:
                    text = stream.readline()
                    if not text:
                        raise empty
                    line_no += 1
                    if text.strip():
                        return self._header_cells(text, line_no), line_no, -1
            except UnicodeDecodeError as exc:
                raise _decode_error(self.path, self.encoding, _find_bad_line(self.path, self.codec), exc) from exc

    def _header_cells(self, text: str, line_no: int) -> list[str]:
        self.delimiter = _delimiter(text)
        try:
            header = [h.strip() for h in next(csv.reader([text], delimiter=self.delimiter))]
        except (csv.Error, StopIteration) as exc:
            raise JournalError(f"{self.path}: line {line_no}: the header is not a readable CSV line ({exc})") from exc
        seen: dict[str, str] = {}
        repeated = []
        for h in header:
            if h and h.lower() in seen:
                repeated.append(h)
            seen.setdefault(h.lower(), h)
        if repeated:
            raise JournalError(
                f"{self.path}: the header names {', '.join(map(repr, repeated))} more than once; rename the "
                "columns so that each name is used once", [RowError(line_no, h, h, "column name repeated")
                                                           for h in repeated])
        return header

    def _text_stream(self, offset: int) -> TextIO:
        try:
            raw: BinaryIO = open(self.path, "rb")
        except OSError as exc:
            raise _open_error(self.path, exc) from exc
        if offset > 0:
            raw.seek(offset)
        codec = "utf-8" if (self.utf8 and offset > 0) else self.codec
        return io.TextIOWrapper(raw, encoding=codec, newline="")  # type: ignore[arg-type]

    # -- chunks --------------------------------------------------------------------------------------

    def chunks(self) -> Iterator[Rows]:
        """Validated chunks in file order; each has its good rows and its bad rows' errors."""
        for chunk in self._records():
            yield self._validate(*chunk)

    def _records(self) -> Iterator[_Chunk]:
        """Chunks of records in file order, with the errors of rows left out (ragged, unclosed...)."""
        if not self.utf8:
            yield from self._careful(-1, 0)
            return
        offset, line = self._offset, self.header_line
        waiting = 4 * BLOCK_BYTES + 4 * MAX_CELL  # longest stretch held while a quoted cell stays open
        try:
            f = open(self.path, "rb")
        except OSError as exc:
            raise _open_error(self.path, exc) from exc
        with f:
            f.seek(offset)
            rest = b""
            while True:
                data = f.read(BLOCK_BYTES)
                buf = rest + data
                if not data:  # end of the file
                    if not buf:
                        return
                    block, rest = (buf if buf.endswith(b"\n") else buf + b"\n"), b""
                else:
                    cut = _cut(buf)
                    if not cut:
                        rest = buf
                        if len(rest) > waiting:
                            break  # a quote that does not close soon: the careful reader says where
                        continue
                    block, rest = buf[:cut], buf[cut:]
                parsed = self._fast_block(block, line)
                if parsed is None:
                    break
                yield parsed
                if not data:
                    return
                line += block.count(b"\n")
                offset += len(block)
        yield from self._careful(offset, line)

    def _fast_block(self, block: bytes, line: int) -> _Chunk | None:
        """One block of whole records: each record's fields counted with numpy (quote-aware), then
        cut into cells (`_cells`). ``line`` is the number of the line before the block. None when the
        block needs the careful reader: a CR without LF, a quote that is not a proper CSV quote (a
        stray one inside a cell), or a quote left open at the end of the file."""
        if b"\r" in block and block.count(b"\r") != block.count(b"\r\n"):
            return None
        try:
            text: str | None = block.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _decode_error(self.path, self.encoding, line + 1 + block[:exc.start].count(b"\n"), exc) from exc
        delim = ord(self.delimiter)
        data = np.frombuffer(block, dtype=np.uint8)
        found = _positions(data, delim)
        if found is None:
            return None
        newlines, ends, delims, quotes = found
        starts = np.concatenate(([0], ends[:-1] + 1))
        fields = np.searchsorted(delims, ends) - np.searchsorted(delims, starts) + 1
        # a record whose cells are all blank is skipped, as the careful reader skips it; only one that
        # starts with a delimiter, quote, control, space or non-ASCII character (NEL, NBSP...) can be
        blank = np.zeros(len(ends), dtype=bool)
        first = data[np.minimum(starts, len(data) - 1)]
        unsure = np.flatnonzero((first <= 32) | (first >= 127) | (first == delim) | (first == 34))
        if len(unsure):  # only records that start with such a byte can be blank: look at those alone
            blank[unsure] = [self._blank(block[a:b]) for a, b in zip(starts[unsure].tolist(), ends[unsure].tolist())]
        numbers = line + 1 + np.searchsorted(newlines, starts)  # a record's first line
        wrong = ~blank & (fields != self.width)
        dropped = [RowError(int(numbers[k]), None, None, f"this row has {int(fields[k])} fields, the header has "
                            f"{self.width}") for k in np.flatnonzero(wrong)]
        skip = wrong | blank
        kept = ~skip
        row_lines = numbers[kept].tolist()
        if not row_lines:
            return _Chunk([], [[] for _ in range(self.width)], dropped)
        long = bool((ends[kept] - starts[kept]).max() > MAX_CELL)
        if skip.any():  # the block without ragged and blank rows, so that every record has `width` cells
            block = b"".join(block[a:b + 1] for a, b, w in zip(starts.tolist(), ends.tolist(), skip.tolist()) if not w)
            data, text = np.frombuffer(block, dtype=np.uint8), None
            found = _positions(data, delim)
            if found is None:  # pragma: no cover - whole records of a well-quoted block stay well quoted
                return None
            _, ends, delims, quotes = found
        cols = self._cells(block, text, data, ends, delims, quotes)
        if cols is None:
            return None
        return _Chunk(row_lines, cols, dropped, long, b"'" in block)

    def _blank(self, record: bytes) -> bool:
        """True when every cell of ``record`` is empty or white space, as the careful reader decides
        (a quoted cell counts by what is inside its quotes: ``","`` is not blank)."""
        text = record.decode("utf-8")
        if b'"' not in record:
            return not text.replace(self.delimiter, "").strip()  # Unicode white space too (NEL, NBSP...)
        cells = next(csv.reader([text], delimiter=self.delimiter), [])
        return not any(c.strip() for c in cells)

    def _cells(self, block: bytes, text: str | None, data: np.ndarray, ends: np.ndarray, delims: np.ndarray,
               quotes: np.ndarray) -> list[list[str]] | None:
        """The cells of a block of whole records, each with `width` fields, column by column.

        Every delimiter and record end outside quotes becomes one separator character, the text is
        split once (C-level), and the columns are every `width`-th cell: no Python call per cell,
        about four times faster than pandas' C parser with text columns. Quoted cells (found from
        their opening quote) lose their quotes and have doubled quotes halved, as in CSV. None when
        the cells do not come out right (the careful reader then reads the block)."""
        width, n = self.width, len(ends)
        if not len(quotes):
            if text is None:
                text = block.decode("utf-8")
            if "\r" in text:  # only CR LF gets here (a lone CR goes to the careful reader)
                text = text.replace("\r\n", "\n")
            flat = text.replace("\n", self.delimiter).split(self.delimiter)
        else:
            sep = next((ch for ch in _SEPARATORS if ch not in block), None)
            if sep is None:  # pragma: no cover - a block holding every control character
                return None
            marked = data.copy()
            marked[delims] = sep
            marked[ends] = sep
            crs = ends[ends > 0] - 1
            crs = crs[data[crs] == 13]  # CR of a CR LF record end (outside quotes, as its LF is)
            if len(crs):
                marked = np.delete(marked, crs)
            flat = marked.tobytes().decode("utf-8").split(chr(sep))
        if len(flat) != width * n + 1 or flat[-1]:  # pragma: no cover - counted above, so never
            return None
        flat.pop()
        if len(quotes):  # every record has `width` cells: their starts, row by row, without a sort
            cell_starts = np.empty((n, width), dtype=np.int64)
            cell_starts[:, 0] = np.concatenate(([0], ends[:-1] + 1))
            cell_starts[:, 1:] = delims.reshape(n, width - 1) + 1
            for k in np.flatnonzero(data[cell_starts.ravel()] == 34).tolist():
                flat[k] = flat[k][1:-1].replace('""', '"')
        return [flat[j::width] for j in range(width)]

    def _careful(self, offset: int, line: int) -> Iterator[_Chunk]:
        """The ``csv`` reader from byte ``offset`` (-1: the whole file, header included), chunked."""
        stream = self._text_stream(max(offset, 0))
        with stream:
            source = itertools.chain(stream, (_END,))  # C-level: no Python call per line
            base = line  # lines before the current reader's first line
            if offset < 0:
                for _ in range(self.header_line):
                    next(source)
                base = self.header_line
            reader = csv.reader(source, delimiter=self.delimiter)
            width = self.width
            lines: list[int] = []
            records: list[list[str]] = []
            errors: list[RowError] = []
            previous = 0
            while True:
                try:
                    record = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:  # a cell longer than the csv module's limit
                    first = base + previous + 1
                    errors.append(RowError(first, None, None, f"a cell is longer than {MAX_CELL} characters ({exc})"))
                    base += reader.line_num
                    previous = 0
                    reader = csv.reader(source, delimiter=self.delimiter)  # go on at the next line
                    continue
                except UnicodeDecodeError as exc:
                    raise _decode_error(self.path, self.encoding, _find_bad_line(self.path, self.codec), exc) from exc
                first = base + previous + 1
                previous = reader.line_num
                if not record:
                    continue
                if _END in record[-1]:  # the end mark: alone, or swallowed by a quote never closed
                    if record != [_END]:
                        errors.append(RowError(first, None, None, "a quote (\") opened on this line is never "
                                               "closed: the rest of the file would be one cell"))
                    break
                if len(record) != width or not record[0] or record[0].isspace():
                    if not any(c.strip() for c in record):
                        continue  # blank, whitespace-only and ",,,," lines are skipped
                    if len(record) != width:
                        last = base + previous
                        more = (f"; it runs to line {last}: is a quote (\") opened on line {first} left unclosed?"
                                if last > first else "")
                        errors.append(RowError(first, None, None, f"this row has {len(record)} fields, "
                                               f"the header has {width}{more}"))
                        continue
                lines.append(first)
                records.append(record)
                if len(records) >= CHUNK_ROWS:
                    yield _Chunk(lines, [list(c) for c in zip(*records)], errors)
                    lines, records, errors = [], [], []
            if records or errors:
                yield _Chunk(lines, [list(c) for c in zip(*records)] if records else [[] for _ in range(width)], errors)

    # -- validation ----------------------------------------------------------------------------------

    def _validate(self, lines: list[int], cols: list[list[str]], dropped: list[RowError], long: bool = True,
                  apostrophes: bool = True) -> Rows:
        """Check every field of every row of a chunk; the good rows go into ``values``. ``long``: a
        cell may be longer than MAX_CELL; ``apostrophes``: a cell may start with one (each skips a
        pass over every cell when False). Both readers have left out records of blank cells (",,,,")."""
        n = len(lines)
        errors: dict[int, RowError] = {}
        for j, c in enumerate(cols if long else ()):
            if c and max(map(len, c)) > MAX_CELL:
                for i, cell in enumerate(c):
                    if len(cell) > MAX_CELL and i not in errors:
                        errors[i] = RowError(lines[i], self.header[j], None,
                                             f"a cell is longer than {MAX_CELL} characters")
        self.rows_read += n
        index = self.index

        cache: dict[str, list[str]] = {}

        def cells(f: str) -> list[str]:
            if f not in cache:
                j = index.get(f)
                cache[f] = [""] * n if j is None else (_unguard_column(cols[j]) if apostrophes else cols[j])
            return cache[f]

        if "at" not in index and "date" in index:
            dates, times = cells("date"), cells("time")
            at_cells = [f"{d.strip()} {_pad_time(t.strip())}".strip() if d.strip() else "" for d, t in zip(dates, times)]
            at_column = "date" if "time" not in index else "date/time"
        else:
            at_cells, at_column = cells("at"), "at"

        def name_of(f: str) -> str:
            return self.header[index[f]] if f in index else (at_column if f == "at" else f)

        def line_of(i: int) -> int:
            return lines[i]

        out: dict[str, list[Any]] = {}
        raw_areas: list[str] = []
        checks = _checks(self.kind, self.zone, self.locate)
        for f, check in checks.items():
            raw = at_cells if f == "at" else cells(f)
            if f == "areas":
                raw_areas = raw
            if f != "at" and f not in index and n:  # a column the file lacks: check one empty cell
                values, bad = check([""])
                values, bad = values * n, {i: bad[0] for i in range(n)} if bad else {}
            else:
                values, bad = check(raw)
            for i, reason in bad.items():
                if i not in errors:
                    errors[i] = RowError(line_of(i), name_of(f), _shown(raw[i]), reason)
            out[f] = values
        if self.kind == "pain":
            areas = checks["areas"]
            assert isinstance(areas, _Areas)
            _merge_locations(out, errors, name_of, line_of, raw_areas, areas.found, self.infer)
        columns = [out[f] for f in FIELDS[self.kind]]
        values = list(zip(*columns)) if n else []
        times = out["at"]
        if errors:
            good = [i for i in range(n) if i not in errors]
            values = [values[i] for i in good]
            times = [times[i] for i in good]
            lines = [lines[i] for i in good]
        found = [errors[i] for i in sorted(errors)]
        if dropped:
            found = sorted(found + dropped, key=lambda e: e.line)
        return Rows(lines, values, times, found)


#: Candidate one-byte separators for `ImportReader._cells` (the first one absent from a block is used).
_SEPARATORS = bytes([*range(1, 9), *range(14, 32)])


def _positions(data: np.ndarray, delim: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """A block's line breaks, record ends and delimiters (those two outside quotes) and quotes; None
    when a quote is not a proper CSV quote or one is left open."""
    newlines = np.flatnonzero(data == 10)
    delims = np.flatnonzero(data == delim)
    quotes = np.flatnonzero(data == 34)
    if not len(quotes):
        return newlines, newlines, delims, quotes
    if len(quotes) % 2 or not _well_quoted(data, quotes, delim):
        return None
    # a line break or delimiter counts only outside quotes
    return newlines, _outside(newlines, quotes), _outside(delims, quotes), quotes


def _outside(positions: np.ndarray, quotes: np.ndarray) -> np.ndarray:
    """The sorted ``positions`` not between an opening quote and its closing one (quotes pair up in
    order: a doubled quote inside a cell closes and at once reopens). One pass over the quotes,
    not a search per position: quotes are few, delimiters many."""
    lo = np.searchsorted(positions, quotes[0::2])
    hi = np.searchsorted(positions, quotes[1::2])
    depth = np.bincount(lo, minlength=len(positions) + 1) - np.bincount(hi, minlength=len(positions) + 1)
    return positions[np.cumsum(depth[:-1]) == 0]


def _cut(buf: bytes) -> int:
    """The end of the last whole record in ``buf`` (after a line break outside quotes), or 0."""
    end = buf.rfind(b"\n")
    if end < 0 or b'"' not in buf:
        return end + 1
    quotes = buf.count(b'"', 0, end)  # quotes before the last line break: even means outside
    while quotes % 2:
        previous = buf.rfind(b"\n", 0, end)
        if previous < 0:
            return 0
        quotes -= buf.count(b'"', previous, end)  # counted once per byte however far back it goes
        end = previous
    return end + 1


def _well_quoted(data: np.ndarray, quotes: np.ndarray, delim: int) -> bool:
    """True when every quote is a proper CSV quote: an opening one at the start of a cell, a closing
    one at its end, or one of a doubled pair inside. Then counting quotes tells exactly what is
    inside a quoted cell, as the csv module and pandas read it."""
    n = len(data)
    previous = np.where(quotes > 0, data[np.maximum(quotes - 1, 0)], 10)
    following = np.where(quotes + 1 < n, data[np.minimum(quotes + 1, n - 1)], 10)
    pair_before = np.zeros(len(quotes), dtype=bool)
    pair_before[1:] = np.diff(quotes) == 1
    pair_after = np.zeros(len(quotes), dtype=bool)
    pair_after[:-1] = np.diff(quotes) == 1
    opening = np.arange(len(quotes)) % 2 == 0
    opens_well = (previous == delim) | (previous == 10) | pair_before
    closes_well = (following == delim) | (following == 10) | (following == 13) | pair_after
    return bool(opens_well[opening].all() and closes_well[~opening].all())


def _resolve(kind: str, header: list[str], columns: Mapping[str, str] | None, path: Path) -> dict[str, int]:
    """Our field -> index of the file's column (fields not found are absent)."""
    ours = FIELDS[kind]
    allowed = (*ours, "date", "time")
    lowered = {h.lower(): i for i, h in enumerate(header)}
    if columns is None:
        mapping = {f: f for f in allowed if f.lower() in lowered}
    else:
        if not isinstance(columns, Mapping):
            raise JournalError("columns: a mapping from our field names to the file's column names expected")
        unknown = [k for k in columns if k not in allowed]
        if unknown:
            raise JournalError(f"columns: {', '.join(map(repr, unknown))} not a field of a {kind} file; "
                               f"our fields are {', '.join(allowed)}")
        mapping = dict(columns)
        absent = [RowError(1, str(theirs), theirs, f"column {theirs!r} (for {ours_!r}) is not in the header")
                  for ours_, theirs in mapping.items()
                  if str(theirs) not in header and str(theirs).lower() not in lowered]
        if absent:
            raise JournalError(f"{path}: the header lacks mapped columns; it has {', '.join(header)}", absent)
    index = {f: (header.index(c) if c in header else lowered[str(c).lower()]) for f, c in mapping.items()}
    if "at" in index and ("date" in index or "time" in index):
        raise JournalError("columns: give the time as 'at' or as 'date' and 'time', not both")
    if "time" in index and "date" not in index:
        raise JournalError("columns: a 'time' column needs a 'date' column too")
    missing = [f for f in REQUIRED[kind] if f not in index and not (f == "at" and "date" in index)]
    if missing:
        raise JournalError(
            f"{path}: missing column(s) {', '.join(missing)} for a {kind} file; the header has "
            f"{', '.join(header) or 'nothing'} (map other names with columns={{'score': 'their name', ...}})",
            [RowError(1, f, None, "required column missing") for f in missing])
    return index


def _merge_locations(out: dict[str, list[Any]], errors: dict[int, RowError], name_of: Callable[[str], str],
                     line_of: Callable[[int], int], area_cells: list[str], found: Mapping[str, Locations],
                     infer: bool) -> None:
    """Location cells (``found``: each distinct one's `Locations`) -> the ``areas`` text; their side
    joins the ``side`` column (a conflict is a row error); with ``infer``, the most distal leg area
    gives ``leg_extent``."""
    sides, extents = out["side"], out["leg_extent"]
    out["areas"] = list(map({c: loc.text for c, loc in found.items()}.__getitem__, area_cells))
    telling = {c for c, loc in found.items() if loc.side or (infer and loc.areas)}
    if not telling:
        return
    extent_of = {c: leg_extent_of(found[c].areas) for c in telling} if infer else {}
    for i in [i for i, c in enumerate(area_cells) if c in telling]:
        loc = found[area_cells[i]]
        if loc.side and sides[i] and loc.side != sides[i] and i not in errors:
            errors[i] = RowError(line_of(i), name_of("side"), sides[i],
                                 f"the side says {sides[i]!r} but the location {area_cells[i]!r} says {loc.side!r}")
        elif loc.side and not sides[i]:
            sides[i] = loc.side
        if infer and loc.areas:
            extents[i] = extent_of[area_cells[i]]


# ---------------------------------------------------------------------------------------------------
# writing


def _iso_local(at: pd.Series) -> list[str]:
    """Local times with their offset in ISO 8601 extended form: ``+01:00``, or ``+00:19:32`` for the
    historic zones whose offset had seconds (strftime's ``%z`` gives ``+001932``)."""
    out = []
    for t in at.dt.strftime("%Y-%m-%dT%H:%M:%S%z").tolist():
        body, zone = t[:19], t[19:]
        out.append(body + zone[:3] + ":" + zone[3:5] + (":" + zone[5:7] if len(zone) > 5 else ""))
    return out


def _cell(v: Any) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, (bool, np.bool_)):
        return "yes" if v else "no"
    if isinstance(v, (float, np.floating)):
        v = float(v)
        # whole numbers without a decimal point or exponent (1234567, not 1.23457e+06); others
        # in the shortest form that reads back to the same float
        return str(int(v)) if v == int(v) else repr(v)
    return guard(str(v))


def write_frame(frame: pd.DataFrame, path: Path, *, kind: str) -> Path:
    """Write a journal frame as our CSV format, atomically (temporary file + ``os.replace``).
    Text cells that a spreadsheet would run as a formula are guarded (see `guard`)."""
    fields = FIELDS[kind]
    data = {f: (_iso_local(frame["at"]) if f == "at" else frame[f].astype(object).tolist()) for f in fields}
    fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".csv", dir=path.parent)
    try:
        make_private(tmp)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(fields)
            w.writerows([[_cell(v) for v in row] for row in zip(*(data[c] for c in fields))])
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
