"""Importing a CSV file into the journal, read in chunks so memory stays flat however long it is.

`ImportReader` opens the file, reads and checks its header (`resolve_columns`: which column holds
which of our fields), then hands the journal each chunk's good rows and its `RowError`s
(`ImportReader.chunks`); the journal writes the chunks inside one transaction and rolls it back when
any row was bad, after reading on to report every bad row.

The records come from the fast way (`backnotes.csv_fast`, numpy over UTF-8 blocks) while it can,
else from the careful way (`backnotes.csv_careful`, the standard library's ``csv`` reader); each
chunk is then checked column by column (`backnotes.journal_checks`), times included
(`backnotes.journal_times`). Figures: `benchmarks/bench_journal.py`.
"""

from __future__ import annotations

import csv
import gc
import io
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import tzinfo
from pathlib import Path
from typing import BinaryIO, TextIO

from . import csv_fast
from .csv_careful import careful
from .csv_records import Chunk, decode_error, delimiter_of, find_bad_line, is_utf8, open_error
from .journal_base import FIELDS, REQUIRED, JournalError, RowError
from .journal_checks import Rows, validate
from .locations import Locator

__all__ = ["ImportReader", "Rows", "paused_gc", "resolve_columns"]


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


#: Most columns a header may have (ours have up to 9; other apps' exports a few dozen), and the
#: longest header line read: a file of a million columns is refused before it takes memory.
MAX_COLUMNS = 1000
MAX_HEADER_BYTES = 256 * 1024
#: Splits a line after each CR that no LF follows (old Mac line ends).
_LONE_CR = re.compile(rb"(?<=\r)(?!\n)")


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
        self.utf8 = is_utf8(encoding)
        self.codec = "utf-8-sig" if self.utf8 else encoding
        self.header, self.header_line, self._offset = self._read_header()
        self.index = resolve_columns(kind, self.header, columns, path)
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
                    line_no, offset, raw = 0, 0, b""
                    while not raw:
                        read = f.readline(MAX_HEADER_BYTES + 1)  # a bounded read: a huge header is refused
                        if not read:
                            raise empty
                        # old Mac files end lines with a lone CR: each is a line (as the careful reader
                        # counts), so such a file's first "line" read here may hold the whole file
                        pieces = _LONE_CR.split(read) if b"\r" in read else [read]
                        for k, piece in enumerate(pieces):
                            if k == len(pieces) - 1 and len(read) > MAX_HEADER_BYTES:
                                raise self._too_wide(line_no + 1)  # a line with no end within the bound
                            line_no += 1
                            offset += len(piece)
                            if piece.strip() and piece.strip() != b"\xef\xbb\xbf":
                                raw = piece
                                break
            except OSError as exc:
                raise open_error(self.path, exc) from exc
            try:
                text = raw.decode("utf-8-sig" if line_no == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise decode_error(self.path, self.encoding, line_no, exc) from exc
            return self._header_cells(text, line_no), line_no, offset
        with self._text_stream(0) as stream:
            line_no = 0
            try:
                while True:
                    text = stream.readline(MAX_HEADER_BYTES + 1)
                    if not text:
                        raise empty
                    if len(text) > MAX_HEADER_BYTES:
                        raise self._too_wide(line_no + 1)
                    line_no += 1
                    if text.strip():
                        return self._header_cells(text, line_no), line_no, -1
            except UnicodeDecodeError as exc:
                raise decode_error(self.path, self.encoding, find_bad_line(self.path, self.codec), exc) from exc

    def _too_wide(self, line_no: int) -> JournalError:
        return JournalError(f"{self.path}: line {line_no}: the header line is longer than {MAX_HEADER_BYTES // 1024} "
                            f"KiB; a journal file has a few columns (at most {MAX_COLUMNS})")

    def _header_cells(self, text: str, line_no: int) -> list[str]:
        self.delimiter = delimiter_of(text)
        if text.count(self.delimiter) >= MAX_COLUMNS:
            raise JournalError(f"{self.path}: line {line_no}: the header has {text.count(self.delimiter) + 1} "
                               f"columns; a journal file has a few (at most {MAX_COLUMNS})")
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
            raise open_error(self.path, exc) from exc
        if offset > 0:
            raw.seek(offset)
        codec = "utf-8" if (self.utf8 and offset > 0) else self.codec
        return io.TextIOWrapper(raw, encoding=codec, newline="")  # type: ignore[arg-type]

    # -- chunks --------------------------------------------------------------------------------------

    def chunks(self) -> Iterator[Rows]:
        """Validated chunks in file order; each has its good rows and its bad rows' errors."""
        # one chunk alive at a time: neither the raw cells nor the checked rows of the last chunk are
        # held while the next is read (that would double the import's memory)
        for chunk in self._records():
            self.rows_read += len(chunk.lines)
            rows = validate(*chunk, kind=self.kind, header=self.header, index=self.index, zone=self.zone,
                            locate=self.locate, infer=self.infer)
            del chunk
            yield rows
            del rows

    def _records(self) -> Iterator[Chunk]:
        """Chunks of records in file order, with the errors of rows left out (ragged, unclosed...):
        the fast way while it can, the careful way from where it cannot."""
        if not self.utf8:
            yield from self._careful(-1, 0)
            return
        rest = yield from csv_fast.read(self.path, self._offset, self.header_line, self._fast_block)
        if rest is not None:
            yield from self._careful(*rest)

    def _fast_block(self, block: bytes, line: int) -> Chunk | None:
        """`csv_fast.fast_block` for this file (None: the careful reader reads from here)."""
        return csv_fast.fast_block(block, line, width=self.width, delimiter=self.delimiter, path=self.path,
                                   encoding=self.encoding)

    def _careful(self, offset: int, line: int) -> Iterator[Chunk]:
        """The ``csv`` reader from byte ``offset`` (-1: the whole file, header included), chunked."""
        stream = self._text_stream(max(offset, 0))
        return careful(stream, line=line, skip=self.header_line if offset < 0 else 0, delimiter=self.delimiter,
                       width=self.width, decode_error=lambda exc: decode_error(
                           self.path, self.encoding, find_bad_line(self.path, self.codec), exc))


def resolve_columns(kind: str, header: list[str], columns: Mapping[str, str] | None, path: Path) -> dict[str, int]:
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
    if kind == "pain" and not {"score", "back", "leg"} & set(index):
        missing.append("score")  # or back and/or leg
    if missing:
        raise JournalError(
            f"{path}: missing column(s) {', '.join(missing)} for a {kind} file; the header has "
            f"{', '.join(header) or 'nothing'} (map other names with columns={{'score': 'their name', ...}})",
            [RowError(1, f, None, "required column missing") for f in missing])
    return index
