"""What the journal and its CSV reader share: the error types and the constants of the file format.

It sits below both `backnotes.journal` and the CSV modules (`backnotes.journal_csv` names them;
they import from here and never from the journal: the journal uses the reader, the reader does not
use the journal), so there is no import circle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "JournalError", "RowError", "LEG_EXTENTS", "SIDES", "SCHEMA_VERSION", "KINDS_OF_TABLE", "MAX_NOTE",
    "MAX_CELL", "MAX_SET", "FIELDS", "REQUIRED", "RED_FLAGS", "MAX_ROW_ERRORS", "MAX_SESSION_S", "LEG_CHANGES", "MORNING_BACK", "PAIN_SERIES",
]

#: How far down the leg pain reaches, from the back towards the foot. Pain that moves back up the
#: leg over weeks ("centralisation") is a good sign physiotherapists watch for.
LEG_EXTENTS: tuple[str, ...] = ("none", "buttock", "thigh", "below knee", "foot")
#: Which side a pain entry's leg or one-sided pain is on; None (empty) means central or not said.
#: "both" with leg symptoms is a red flag (sciatica in both legs).
SIDES: tuple[str, ...] = ("left", "right", "both")
#: Version of the journal's table layout, kept in ``PRAGMA user_version``.
#: 1: pain, sessions, sets. 2: pain entries get ``side``; the file carries our ``application_id``.
#: 3: pain entries hold ``back`` and ``leg`` (0-10 each) besides the old single score, which stays
#: "overall" (not split); sessions carry the session check and the next-morning answer.
SCHEMA_VERSION = 3
#: The pain scores an entry may hold: back pain, leg pain, and an overall score that was not split
#: (old entries, imported single scores, ``log_pain(score)``). At least one is given.
PAIN_SERIES: tuple[str, ...] = ("back", "leg", "overall")
#: The session check: compared with before the session, the leg symptoms reach further down, the
#: same, less far, or are gone (centralisation good, peripheralisation stop: Werneke & Hart 2001).
LEG_CHANGES: tuple[str, ...] = ("further", "same", "less", "gone")
#: The next-morning check: the back this morning compared with before yesterday's session.
MORNING_BACK: tuple[str, ...] = ("better", "same", "worse")
#: The tables a CSV import or export deals with.
KINDS_OF_TABLE: tuple[str, ...] = ("pain", "sessions", "sets")
#: Longest note kept, in characters (a guard against pasting a whole file by mistake).
MAX_NOTE = 5000
#: Longest CSV cell read, in characters (the standard library's ``csv`` limit); a longer cell is a
#: row error.
MAX_CELL = 131_072
#: Longest session stored, in seconds (24 hours): no one exercises longer in one go, so a longer one
#: is a timer left running or a typing slip, refused when logged and when imported.
MAX_SESSION_S = 86_400
#: Highest set number, when logged and when imported (one rule, so that export -> import holds).
MAX_SET = 1000

#: Our column names per kind of file, in export order.
FIELDS: dict[str, tuple[str, ...]] = {
    # score: the single, not split (overall) score; back and leg: the two series (schema 3)
    "pain": ("at", "score", "back", "leg", "areas", "side", "leg_extent", "note"),
    "sessions": ("at", "routine", "duration_s", "completed", "pain_before", "pain_after", "notes",
                 "check_back", "check_leg", "leg_change", "new_nerve_symptoms", "checked_at", "morning_back",
                 "morning_at"),
    "sets": ("at", "exercise_id", "set", "side", "reps_planned", "reps_done", "hold_s_planned", "hold_s_done",
             "skipped"),
}
#: Fields every row must have (``at`` may come as ``date`` plus ``time``).
REQUIRED: dict[str, tuple[str, ...]] = {
    "pain": ("at",),  # and at least one of score, back, leg (checked per file and per row)
    "sessions": ("at",),
    "sets": ("at", "exercise_id", "set", "reps_done"),
}


#: Red flags ticked (`Journal.log_red_flags`): a CSV file of their own on export, imported back with
#: ``import_csv(..., kind="red_flags")``. Not in KINDS_OF_TABLE: the table is made on first use.
RED_FLAGS = "red_flags"
FIELDS[RED_FLAGS] = ("at", "flag")
REQUIRED[RED_FLAGS] = ("at", "flag")
#: Row errors an import keeps in full (the first ones by line); the rest are only counted, so the
#: memory an import needs does not grow with the number of bad rows.
MAX_ROW_ERRORS = 200


@dataclass(frozen=True, slots=True)  # slots: an import may make one per row of a chunk
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
    """A journal problem a person can fix: a bad value, a bad file, a bad import, a read-only file.

    ``errors`` lists a `RowError` per bad row of an import, the first `MAX_ROW_ERRORS` by line
    (empty for other problems); ``total`` counts them all.
    """

    def __init__(self, message: str, errors: Sequence[RowError] = (), *, total: int | None = None) -> None:
        self.errors: list[RowError] = list(errors)
        #: How many bad rows there were (``errors`` keeps the first `MAX_ROW_ERRORS` of them).
        self.total: int = len(self.errors) if total is None else total
        if self.errors:
            shown = "\n".join(f"  {e}" for e in self.errors[:10])
            more = f"\n  ... and {self.total - 10} more" if self.total > 10 else ""
            message = f"{message}\n{shown}{more}"
        super().__init__(message)
