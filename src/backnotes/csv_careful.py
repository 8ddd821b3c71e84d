"""The import's careful way through a CSV file: the standard library's ``csv`` reader.

Used for anything the fast way (`backnotes.csv_fast`) does not take: a stray quote inside a cell, a
lone CR, another encoding than UTF-8. It counts lines exactly and splits lines only at CR and LF
(never at U+2028, U+0085, VT, FF or FS, which may sit in a note).
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Iterator
from typing import TextIO

from .csv_records import Chunk
from .journal_base import MAX_CELL, RowError
from .words import plural

__all__ = ["CHUNK_ROWS", "careful"]

#: Rows per chunk: about as many as a 64 KiB block of the fast reader holds (`csv_fast.BLOCK_BYTES`),
#: so that an import's memory stays near 1 MiB however long the file is.
CHUNK_ROWS = 1_500


def careful(stream: TextIO, *, line: int, skip: int, delimiter: str, width: int,
            decode_error: Callable[[UnicodeDecodeError], Exception]) -> Iterator[Chunk]:
    """Chunks of records from ``stream``; ``line`` is the number of the line before the stream's
    first, ``skip`` the lines to pass over first (the header when reading from the start).
    ``decode_error`` turns a decoding failure into the error to raise."""
    ended: list[bool] = []

    def end() -> Iterator[None]:
        # after the last line: not text, so the csv reader stops with an error there. Out of band: no
        # text in a file can look like it. Lines it swallowed without a record: a quote never closed.
        ended.append(True)
        yield None

    with stream:
        source = itertools.chain(stream, end())  # C-level: no Python call per line
        base = line  # lines before the current reader's first line
        for _ in range(skip):
            next(source)
        base += skip
        reader = csv.reader(source, delimiter=delimiter)
        lines: list[int] = []
        records: list[list[str]] = []
        errors: list[RowError] = []
        previous = 0
        while True:
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                first = base + previous + 1
                if ended:  # the end of the file
                    if reader.line_num > previous:  # lines read without a record: a quote left open
                        errors.append(RowError(first, None, None, "a quote (\") opened on this line is never "
                                               "closed: the rest of the file would be one cell"))
                    break
                # a cell longer than the csv module's limit
                errors.append(RowError(first, None, None, f"a cell is longer than {MAX_CELL} characters ({exc})"))
                base += reader.line_num
                previous = 0
                reader = csv.reader(source, delimiter=delimiter)  # go on at the next line
                continue
            except UnicodeDecodeError as exc:
                raise decode_error(exc) from exc
            first = base + previous + 1
            previous = reader.line_num
            if not record:
                continue
            if len(record) != width or not record[0] or record[0].isspace():
                if not any(c.strip() for c in record):
                    continue  # blank, whitespace-only and ",,,," lines are skipped
                if len(record) != width:
                    last = base + previous
                    more = (f"; it runs to line {last}: is a quote (\") opened on line {first} left unclosed?"
                            if last > first else "")
                    errors.append(RowError(first, None, None, f"this row has {plural(len(record), 'field')}, "
                                           f"the header has {width}{more}"))
                    continue
            lines.append(first)
            records.append(record)
            if len(records) >= CHUNK_ROWS:
                yield Chunk(lines, [list(c) for c in zip(*records)], errors)
                lines, records, errors = [], [], []
        if records or errors:
            yield Chunk(lines, [list(c) for c in zip(*records)] if records else [[] for _ in range(width)], errors)
