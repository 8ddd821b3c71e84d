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

from .csv_records import END, Chunk
from .journal_base import MAX_CELL, RowError

__all__ = ["CHUNK_ROWS", "careful"]

#: Rows per chunk: a chunk's Python objects take a few MiB, so an import's memory does not grow
#: with the file.
CHUNK_ROWS = 10_000


def careful(stream: TextIO, *, line: int, skip: int, delimiter: str, width: int,
            decode_error: Callable[[UnicodeDecodeError], Exception]) -> Iterator[Chunk]:
    """Chunks of records from ``stream``; ``line`` is the number of the line before the stream's
    first, ``skip`` the lines to pass over first (the header when reading from the start).
    ``decode_error`` turns a decoding failure into the error to raise."""
    with stream:
        source = itertools.chain(stream, (END,))  # C-level: no Python call per line
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
            except csv.Error as exc:  # a cell longer than the csv module's limit
                first = base + previous + 1
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
            if END in record[-1]:  # the end mark: alone, or swallowed by a quote never closed
                if record != [END]:
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
                yield Chunk(lines, [list(c) for c in zip(*records)], errors)
                lines, records, errors = [], [], []
        if records or errors:
            yield Chunk(lines, [list(c) for c in zip(*records)] if records else [[] for _ in range(width)], errors)
