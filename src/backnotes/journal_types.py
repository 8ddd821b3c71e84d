"""Names the journal and its CSV importer share: the leg-extent vocabulary, the note limit and the
errors. In their own module so that `backnotes.journal_csv` need not import `backnotes.journal`
(which imports it): no import circle. `backnotes.journal` re-exports every name here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["LEG_EXTENTS", "MAX_NOTE", "RowError", "JournalError"]

#: How far down the leg pain reaches, from the back towards the foot. Pain that moves back up the
#: leg over weeks ("centralisation") is a good sign physiotherapists watch for.
LEG_EXTENTS: tuple[str, ...] = ("none", "buttock", "thigh", "below knee", "foot")
#: Longest note kept, in characters (a guard against pasting a whole file by mistake).
MAX_NOTE = 5000


@dataclass(frozen=True)
class RowError:
    """One bad row of an import: the file's ``line`` (header = line 1), the ``column``, the ``value``
    found there and the ``reason`` it was refused."""

    line: int
    column: str | None
    value: Any
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column!r}" if self.column else "")
        return f"{where}: {self.reason}" + (f" (found {self.value!r})" if self.value not in (None, "") else "")


class JournalError(ValueError):
    """A journal problem a person can fix: a bad value, a bad file, a bad import.

    ``errors`` lists a `RowError` per bad row of an import (empty for other problems).
    """

    def __init__(self, message: str, errors: Sequence[RowError] = ()) -> None:
        self.errors: list[RowError] = list(errors)
        if self.errors:
            shown = "\n".join(f"  {e}" for e in self.errors[:10])
            more = f"\n  ... and {len(self.errors) - 10} more" if len(self.errors) > 10 else ""
            message = f"{message}\n{shown}{more}"
        super().__init__(message)
