"""What both CSV readers (`backnotes.csv_fast`, `backnotes.csv_careful`) hand back, and the words
for a file they cannot read."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any, NamedTuple

from .journal_base import JournalError, RowError

__all__ = ["Chunk", "END", "SHOWN", "is_utf8", "delimiter_of", "shown", "open_error", "decode_error",
           "find_bad_line"]

#: A found value kept in a `RowError` is cut to this many characters (a bad 100 KiB cell is not
#: worth keeping whole in memory, once per bad row).
SHOWN = 200


class Chunk(NamedTuple):
    """Records read from the file, before their fields are checked."""

    lines: list[int]  # each record's first line
    cols: list[list[str]]  # the cells, column by column
    dropped: list[RowError]  # rows left out: ragged, a quote never closed, a cell too long
    long: bool = False  # a cell may be longer than MAX_CELL (the csv module refuses those itself)
    apostrophes: bool = True  # a cell may start with an apostrophe (see `unguard`)


#: Appended after the last line for the careful reader: when it comes back inside a cell, a quote
#: opened somewhere was never closed.
END = "\ue000backnotes: end of file\ue000"


def is_utf8(encoding: str) -> bool:
    """True for UTF-8 under any of its names; `JournalError` for a name Python does not know."""
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError as exc:
        raise JournalError(f"encoding: {encoding!r} is not an encoding Python knows") from exc


def delimiter_of(first_line: str) -> str:
    """The delimiter of a file whose header line is ``first_line``."""
    return ";" if "," not in first_line and ";" in first_line else ","  # European spreadsheets use ";"


def shown(value: Any) -> Any:
    """A found value as kept in a `RowError`: cut to SHOWN characters."""
    return value[:SHOWN] + "..." if isinstance(value, str) and len(value) > SHOWN else value


def open_error(path: Path, exc: OSError) -> JournalError:
    """The person's words for a file that cannot be opened."""
    if isinstance(exc, FileNotFoundError):
        return JournalError(f"{path}: file not found")
    if isinstance(exc, IsADirectoryError) or path.is_dir():
        return JournalError(f"{path} is a folder: give the CSV file inside it (for example {path / 'pain.csv'})")
    if isinstance(exc, PermissionError):
        return JournalError(f"{path}: not allowed to read this file (permissions)")
    return JournalError(f"{path}: cannot read the file ({exc.strerror or exc})")


def decode_error(path: Path, encoding: str, line: int | None, exc: UnicodeDecodeError) -> JournalError:
    """The person's words for a line that is not text in ``encoding``."""
    where = f"line {line}" if line else "a line"
    return JournalError(
        f"{path}: {where} is not {encoding} text (byte {exc.object[exc.start:exc.start + 1]!r}); "
        f"save the file as UTF-8, or pass encoding='cp1252' (or the encoding the app used)")


def find_bad_line(path: Path, codec: str) -> int | None:
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
