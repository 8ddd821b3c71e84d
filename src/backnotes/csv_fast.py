"""The import's fast way through a CSV file: numpy finds the records and cells of whole blocks.

For UTF-8 files whose quotes are proper CSV quotes (our own export, most apps' exports):

1. `read` takes blocks of a 64th of the file, up to 256 KiB (`block_bytes`), cut at record ends (`cut`: a line break
   outside quotes);
2. `fast_block` finds each block's line breaks, and the record ends and delimiters outside quotes
   (`positions`), counts each record's fields (a row with too few or too many is a row error at its
   exact line) and leaves out blank records;
3. `cells` turns every delimiter and record end outside quotes into one separator character and
   splits the text once (C-level): no Python call per cell.

Anything else (a stray quote inside a cell, a lone CR) makes `fast_block` give up (None); `read`
then tells where the careful reader (`backnotes.csv_careful`) goes on.
``tests/test_import_fast_paths.py`` gives both ways the same random files and expects the same cells.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Generator
from pathlib import Path

import numpy as np

from .csv_records import Chunk, decode_error, open_error
from .journal_base import MAX_CELL, RowError
from .words import plural

__all__ = ["BLOCK_BYTES", "MIN_BLOCK_BYTES", "block_bytes", "read", "fast_block", "cells", "cut", "positions"]

#: Most bytes per block. A block's Python objects take about 20 times its bytes at the peak (one block
#: alive at a time), and that is the import's memory apart from SQLite's page cache (see
#: `backnotes.journal.IMPORT_CACHE_KIB`): 256 KiB blocks grow memory about 5 MiB at most, a quarter
#: of a 20 MiB file (benchmarks/bench_journal.py). Smaller blocks cost speed: 64 KiB ones made an
#: import of 100,000 rows about 10% slower.
BLOCK_BYTES = 1 << 18
#: Least bytes per block: a file under 16 MiB is read in blocks of a 64th of it (at least this), so
#: that its import, too, grows memory by less than the file (a 1 MiB file in 256 KiB blocks would
#: grow 5 MiB; in 16 KiB blocks it grows 0.3 MiB, cache included).
MIN_BLOCK_BYTES = 1 << 11


def block_bytes(size: int) -> int:
    """Bytes per block for ``size`` bytes still to read: a 64th of them, within `MIN_BLOCK_BYTES`
    and `BLOCK_BYTES`."""
    return max(1, min(BLOCK_BYTES, max(MIN_BLOCK_BYTES, size // 64)))


Block = Callable[[bytes, int], "Chunk | None"]


def read(path: Path, offset: int, line: int, block_reader: Block) -> Generator[Chunk, None, tuple[int, int] | None]:
    """Chunks of whole records from byte ``offset`` (line ``line`` is the one before it), each
    block read by ``block_reader`` (`fast_block` with the file's details). Returns None when the
    whole file was read, else the byte offset and line where the careful reader must go on."""
    waiting = 4 * BLOCK_BYTES + 4 * MAX_CELL  # longest stretch held while a quoted cell stays open
    try:
        f = open(path, "rb")
    except OSError as exc:
        raise open_error(path, exc) from exc
    with f:
        f.seek(offset)
        size = block_bytes(os.fstat(f.fileno()).st_size - offset)
        rest = b""
        while True:
            data = f.read(size)
            buf = rest + data
            if not data:  # end of the file
                if not buf:
                    return None
                block, rest = (buf if buf.endswith(b"\n") else buf + b"\n"), b""
            else:
                end = cut(buf)
                if not end:
                    rest = buf
                    if len(rest) > waiting:
                        break  # a quote that does not close soon: the careful reader says where
                    continue
                block, rest = buf[:end], buf[end:]
            parsed = block_reader(block, line)
            if parsed is None:
                break
            yield parsed
            del parsed  # not held while the next block is read
            if not data:
                return None
            line += block.count(b"\n")
            offset += len(block)
    return offset, line


def fast_block(block: bytes, line: int, *, width: int, delimiter: str, path: Path, encoding: str) -> Chunk | None:
    """One block of whole records: each record's fields counted with numpy (quote-aware), then
    cut into cells (`cells`). ``line`` is the number of the line before the block. None when the
    block needs the careful reader: a CR without LF, a quote that is not a proper CSV quote (a
    stray one inside a cell), or a quote left open at the end of the file."""
    if b"\r" in block and block.count(b"\r") != block.count(b"\r\n"):
        return None
    try:
        text: str | None = block.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise decode_error(path, encoding, line + 1 + block[:exc.start].count(b"\n"), exc) from exc
    delim = ord(delimiter)
    data = np.frombuffer(block, dtype=np.uint8)
    found = positions(data, delim)
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
        blank[unsure] = [_blank(block[a:b], delimiter) for a, b in zip(starts[unsure].tolist(), ends[unsure].tolist())]
    numbers = line + 1 + np.searchsorted(newlines, starts)  # a record's first line
    wrong = ~blank & (fields != width)
    dropped = [RowError(int(numbers[k]), None, None, f"this row has {plural(int(fields[k]), 'field')}, the header has "
                        f"{width}") for k in np.flatnonzero(wrong)]
    skip = wrong | blank
    kept = ~skip
    row_lines = numbers[kept].tolist()
    if not row_lines:
        return Chunk([], [[] for _ in range(width)], dropped)
    long = bool((ends[kept] - starts[kept]).max() > MAX_CELL)
    if skip.any():  # the block without ragged and blank rows, so that every record has `width` cells
        block = b"".join(block[a:b + 1] for a, b, w in zip(starts.tolist(), ends.tolist(), skip.tolist()) if not w)
        data, text = np.frombuffer(block, dtype=np.uint8), None
        found = positions(data, delim)
        if found is None:  # pragma: no cover - whole records of a well-quoted block stay well quoted
            return None
        _, ends, delims, quotes = found
    cols = cells(block, text, data, ends, delims, quotes, width=width, delimiter=delimiter)
    if cols is None:
        return None
    return Chunk(row_lines, cols, dropped, long, b"'" in block)


def _blank(record: bytes, delimiter: str) -> bool:
    """True when every cell of ``record`` is empty or white space, as the careful reader decides
    (a quoted cell counts by what is inside its quotes: ``","`` is not blank)."""
    text = record.decode("utf-8")
    if b'"' not in record:
        return not text.replace(delimiter, "").strip()  # Unicode white space too (NEL, NBSP...)
    found = next(csv.reader([text], delimiter=delimiter), [])
    return not any(c.strip() for c in found)


def cells(block: bytes, text: str | None, data: np.ndarray, ends: np.ndarray, delims: np.ndarray,
          quotes: np.ndarray, *, width: int, delimiter: str) -> list[list[str]] | None:
    """The cells of a block of whole records, each with `width` fields, column by column.

    Every delimiter and record end outside quotes becomes one separator character, the text is
    split once (C-level), and the columns are every `width`-th cell: no Python call per cell,
    about four times faster than pandas' C parser with text columns. Quoted cells (found from
    their opening quote) lose their quotes and have doubled quotes halved, as in CSV. None when
    the cells do not come out right (the careful reader then reads the block)."""
    n = len(ends)
    if not len(quotes):
        if text is None:
            text = block.decode("utf-8")
        if "\r" in text:  # only CR LF gets here (a lone CR goes to the careful reader)
            text = text.replace("\r\n", "\n")
        flat = text.replace("\n", delimiter).split(delimiter)
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


#: Candidate one-byte separators for `cells` (the first one absent from a block is used).
_SEPARATORS = bytes([*range(1, 9), *range(14, 32)])


def positions(data: np.ndarray, delim: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """A block's line breaks, record ends and delimiters (those two outside quotes) and quotes; None
    when a quote is not a proper CSV quote or one is left open."""
    newlines = np.flatnonzero(data == 10)
    delims = np.flatnonzero(data == delim)
    quotes = np.flatnonzero(data == 34)
    if not len(quotes):
        return newlines, newlines, delims, quotes
    if len(quotes) % 2 or not well_quoted(data, quotes, delim):
        return None
    # a line break or delimiter counts only outside quotes
    return newlines, outside(newlines, quotes), outside(delims, quotes), quotes


def outside(positions: np.ndarray, quotes: np.ndarray) -> np.ndarray:
    """The sorted ``positions`` not between an opening quote and its closing one (quotes pair up in
    order: a doubled quote inside a cell closes and at once reopens). One pass over the quotes,
    not a search per position: quotes are few, delimiters many."""
    lo = np.searchsorted(positions, quotes[0::2])
    hi = np.searchsorted(positions, quotes[1::2])
    depth = np.bincount(lo, minlength=len(positions) + 1) - np.bincount(hi, minlength=len(positions) + 1)
    return positions[np.cumsum(depth[:-1]) == 0]


def cut(buf: bytes) -> int:
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


def well_quoted(data: np.ndarray, quotes: np.ndarray, delim: int) -> bool:
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
