"""CSV import and export for the journal: the reader sits below `backnotes.journal` and never imports it.

Import streams the file in chunks, so memory stays flat however long the file is:

- the fast way, for a UTF-8 file without quote characters (our own export of plain notes, most apps'
  exports): blocks of a few MiB cut at line ends; numpy counts each line's delimiters (a row with
  too few or too many fields is a row error at its exact line) and pandas' C parser splits the block;
- the careful way, for files with quoted cells (which may hold line breaks and delimiters) or another
  encoding: the standard library's ``csv`` reader over the open file, which counts lines exactly and
  splits lines only at CR and LF (never at U+2028, U+0085, VT, FF or FS, which may sit in a note).

Every chunk is validated column by column with plain lists, dictionaries and one vectorised date
parse (DESIGN.md measured per-row pandas string methods at about 3x the cost). `ImportReader.chunks`
hands the journal each chunk's good rows and its `RowError`s; the journal writes the chunks inside one
transaction and rolls it back when any row was bad, after reading on to report every bad row.

Exports neutralise formula injection (OWASP "CSV Injection"): a cell that starts with ``=``, ``+``,
``-``, ``@``, tab or CR (also after leading apostrophes) is written with one more leading apostrophe,
so spreadsheets show it as text. The importer removes exactly that one apostrophe, so our own round
trip is lossless; a cell another app wrote as ``'=...`` loses its first apostrophe the same way.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any, BinaryIO, TextIO

import numpy as np
import pandas as pd

from .journal_base import FIELDS, LEG_EXTENTS, MAX_CELL, MAX_NOTE, REQUIRED, JournalError, RowError
from .locations import Locator, leg_extent_of, parse_side
from .vocab import BODY_AREAS

__all__ = ["FIELDS", "REQUIRED", "Rows", "ImportReader", "parse_times", "write_frame", "guard", "unguard",
           "FORMULA_STARTS"]

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
        out = [_SCORES.get(c) for c in cells]
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
        out = [found[c] for c in cells]
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


def _areas(locate: Locator) -> Check:
    """Location cells -> `Locations` (areas, side) through the person's ``area_map``."""
    hint = ("map it with import_csv(..., area_map={%r: 'glutes'}) (any of: " + ", ".join(BODY_AREAS)
            + "; or None to ignore the word)")

    def check(cells: list[str]) -> tuple[list[Any], dict[int, str]]:
        found = {c: locate(c) for c in dict.fromkeys(cells)}  # few distinct cells: parse each once
        out = [found[c] for c in cells]
        if not any(loc.unknown for loc in found.values()):
            return out, {}
        bad = {i: (f"unknown location {', '.join(map(repr, loc.unknown))}; " + hint % loc.unknown[0].strip().lower())
               for i, loc in enumerate(out) if loc.unknown}
        return out, bad
    return check


def _sides(cells: list[str]) -> tuple[list[Any], dict[int, str]]:
    found: dict[str, Any] = {}
    for c in dict.fromkeys(cells):
        try:
            found[c] = parse_side(c)
        except ValueError as exc:
            found[c] = exc
    out = [found[c] for c in cells]
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


def _uniform_offsets(texts: list[str]) -> bool:
    """True when every text has our export's shape ``YYYY-MM-DDTHH:MM:SS+HH:MM`` (one numpy pass)."""
    if not texts or len(set(map(len, texts))) != 1 or len(texts[0]) != 25:
        return False
    codes = np.array(texts, dtype="U25").view(np.uint32).reshape(len(texts), 25)
    sign = (codes[:, 19] == ord("+")) | (codes[:, 19] == ord("-"))
    return bool((sign & (codes[:, 22] == ord(":")) & (codes[:, 10] == ord("T")) & (codes[:, 4] == ord("-"))).all())


def parse_times(cells: list[str], zone: tzinfo) -> tuple[list[str], dict[int, str]]:
    """Time texts -> stored UTC texts (``2026-03-01T07:30:00+00:00``) and {index: reason} for bad ones.

    Texts with an offset (``Z``, ``+01``, ``+0100``, ``+01:00``, ``+00:19:32``) are exact; texts
    without one are read in ``zone`` (a time that does not exist there is refused; one that happens
    twice is the first). Dates from 1900-01-01 00:00 UTC to one day from now are accepted. Used by
    the import and by `Journal.log_pain`, so both accept and refuse the same texts.
    """
    n = len(cells)
    texts = [c.strip() for c in cells]
    bad: dict[int, str] = {i: "a date and time is needed" for i, t in enumerate(texts) if not t}
    utc = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    if _uniform_offsets(texts):  # our own export: one vectorised parse
        parsed = pd.to_datetime(pd.Series(texts, dtype=object), format="%Y-%m-%dT%H:%M:%S%z", utc=True,
                                errors="coerce")
        utc[:] = parsed.dt.tz_convert(None).to_numpy().astype("datetime64[s]")
    else:
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
    latest = np.datetime64(pd.Timestamp.now(tz="UTC").tz_convert(None).floor("s")) + np.timedelta64(1, "D")
    for i in np.flatnonzero(~np.isnat(utc) & ((utc > latest) | (utc < _EARLIEST))):
        bad.setdefault(int(i), "the date is in the future or before 1900-01-01 00:00 UTC")
    text = np.char.add(np.datetime_as_string(utc, unit="s"), "+00:00")
    return text.tolist(), bad


def _timestamps(zone: tzinfo) -> Check:
    return lambda cells: parse_times(cells, zone)


def _checks(kind: str, zone: tzinfo, locate: Locator) -> dict[str, Check]:
    ts = _timestamps(zone)
    if kind == "pain":
        return {"at": ts, "score": _score(True), "areas": _areas(locate), "side": _sides,
                "leg_extent": _choice(LEG_EXTENTS, "leg extent"), "note": _text()}
    if kind == "sessions":
        return {"at": ts, "routine": _text(), "duration_s": _duration, "completed": _flag(True),
                "pain_before": _score(False), "pain_after": _score(False), "notes": _text()}
    return {"at": ts, "exercise_id": _text(required=True), "set": _count(True, 1, 1000),
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
        for lines, cols, dropped in self._records():
            yield self._validate(lines, cols, dropped)

    def _records(self) -> Iterator[tuple[list[int], list[list[str]], list[RowError]]]:
        """Chunks of (line numbers, columns of cells, errors of rows left out: ragged, unclosed...)."""
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

    def _fast_block(self, block: bytes, line: int) -> tuple[list[int], list[list[str]], list[RowError]] | None:
        """One block of whole records: each record's fields counted with numpy (quote-aware), split
        by pandas' C parser. ``line`` is the number of the line before the block. None when the block
        needs the careful reader: a CR without LF, a quote that is not a proper CSV quote (a stray one
        inside a cell), or a quote left open at the end of the file."""
        if block.count(b"\r") != block.count(b"\r\n"):
            return None
        try:
            block.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _decode_error(self.path, self.encoding, line + 1 + block[:exc.start].count(b"\n"), exc) from exc
        data = np.frombuffer(block, dtype=np.uint8)
        delim = ord(self.delimiter)
        newlines = np.flatnonzero(data == 10)
        delims = np.flatnonzero(data == delim)
        quotes = np.flatnonzero(data == 34)
        if len(quotes):
            if len(quotes) % 2 or not _well_quoted(data, quotes, delim):
                return None
            # a line break or delimiter counts only outside quotes (an even number of quotes before it)
            ends = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
            delims = delims[np.searchsorted(quotes, delims) % 2 == 0]
        else:
            ends = newlines
        starts = np.concatenate(([0], ends[:-1] + 1))
        fields = np.searchsorted(delims, ends) - np.searchsorted(delims, starts) + 1
        # a record of nothing but spaces, tabs (also VT, FF, DEL), delimiters and quotes is skipped,
        # as the careful reader skips a record whose cells are all blank
        solid = np.flatnonzero((data > 32) & (data != 127) & (data != delim) & (data != 34))
        blank = (np.searchsorted(solid, ends) - np.searchsorted(solid, starts)) == 0
        numbers = line + 1 + np.searchsorted(newlines, starts)  # a record's first line
        wrong = ~blank & (fields != self.width)
        dropped = [RowError(int(numbers[k]), None, None, f"this row has {int(fields[k])} fields, the header has "
                            f"{self.width}") for k in np.flatnonzero(wrong)]
        skip = wrong | blank
        if skip.any():  # split the block without ragged rows (pandas would pad or refuse them) and blank ones
            block = b"".join(block[a:b + 1] for a, b, w in zip(starts.tolist(), ends.tolist(), skip.tolist()) if not w)
        row_lines = numbers[~skip].tolist()
        cols = self._split(block, quoted=len(quotes) > 0) if row_lines else [[] for _ in range(self.width)]
        if len(cols[0]) != len(row_lines):  # pragma: no cover - pandas saw the records differently
            return None
        return row_lines, cols, dropped

    def _split(self, block: bytes, *, quoted: bool) -> list[list[str]]:
        frame = pd.read_csv(io.BytesIO(block), sep=self.delimiter, header=None, names=range(self.width),
                            dtype=object, keep_default_na=False, na_filter=False, skip_blank_lines=True,
                            quoting=csv.QUOTE_MINIMAL if quoted else csv.QUOTE_NONE, quotechar='"',
                            doublequote=True, index_col=False, engine="c", encoding="utf-8")
        return [frame[j].tolist() for j in range(self.width)]

    def _careful(self, offset: int, line: int) -> Iterator[tuple[list[int], list[list[str]], list[RowError]]]:
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
                    yield lines, [list(c) for c in zip(*records)], errors
                    lines, records, errors = [], [], []
            if records or errors:
                yield lines, ([list(c) for c in zip(*records)] if records else [[] for _ in range(width)]), errors

    # -- validation ----------------------------------------------------------------------------------

    def _validate(self, lines: list[int], cols: list[list[str]], dropped: list[RowError]) -> Rows:
        """Check every field of every row of a chunk; the good rows go into ``values``."""
        first = cols[0] if cols else []
        blank = [i for i, x in enumerate(first) if not x or x.isspace()]
        if blank:  # a filler row such as ",,,," (spreadsheets write them) is skipped like a blank line
            drop = {i for i in blank if all(not c[i] or c[i].isspace() for c in cols)}
            if drop:
                lines = [x for i, x in enumerate(lines) if i not in drop]
                cols = [[x for i, x in enumerate(c) if i not in drop] for c in cols]
        n = len(lines)
        errors: dict[int, RowError] = {}
        for j, c in enumerate(cols):
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
                cache[f] = [""] * n if j is None else _unguard_column(cols[j])
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
        for f, check in _checks(self.kind, self.zone, self.locate).items():
            raw = at_cells if f == "at" else cells(f)
            if f == "areas":
                raw_areas = raw
            values, bad = check(raw)
            for i, reason in bad.items():
                if i not in errors:
                    errors[i] = RowError(line_of(i), name_of(f), _shown(raw[i]), reason)
            out[f] = values
        if self.kind == "pain":
            _merge_locations(out, errors, name_of, line_of, raw_areas, self.infer)
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


def _cut(buf: bytes) -> int:
    """The end of the last whole record in ``buf`` (after a line break outside quotes), or 0."""
    data = np.frombuffer(buf, dtype=np.uint8)
    newlines = np.flatnonzero(data == 10)
    if b'"' in buf:
        quotes = np.flatnonzero(data == 34)
        newlines = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
    return int(newlines[-1]) + 1 if len(newlines) else 0


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
                     line_of: Callable[[int], int], area_cells: list[str], infer: bool) -> None:
    """Locations -> the ``areas`` text; their side joins the ``side`` column (a conflict is a row
    error); with ``infer``, the most distal leg area gives ``leg_extent``."""
    locs, sides, extents = out["areas"], out["side"], out["leg_extent"]
    out["areas"] = [loc.text for loc in locs]
    for i in [i for i, loc in enumerate(locs) if loc.side or (infer and loc.areas)]:
        loc = locs[i]
        if loc.side and sides[i] and loc.side != sides[i] and i not in errors:
            errors[i] = RowError(line_of(i), name_of("side"), sides[i],
                                 f"the side says {sides[i]!r} but the location {area_cells[i]!r} says {loc.side!r}")
        elif loc.side and not sides[i]:
            sides[i] = loc.side
        if infer and loc.areas:
            extents[i] = leg_extent_of(loc.areas)


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
