"""CSV import and export for the journal: one name for the modules that do the work.

The CSV side sits below `backnotes.journal` and never imports it. Each job has its own module:

- `backnotes.journal_import`: `ImportReader`, which opens a file, reads its header and hands the
  journal validated chunks of rows;
- `backnotes.csv_fast`: the fast way through a UTF-8 file (numpy finds records and cells);
- `backnotes.csv_careful`: the careful way (the standard library's ``csv`` reader) for anything else;
- `backnotes.csv_records`: what both readers hand back, and the words for a file they cannot read;
- `backnotes.journal_checks`: the column-by-column checks of a chunk (`Rows`);
- `backnotes.journal_times`: time texts -> stored UTC texts (`parse_times`, `stored_seconds`);
- `backnotes.journal_export`: `write_frame`, our CSV format written atomically;
- `backnotes.csv_guard`: the formula-injection guard (`guard` on export, `unguard` on import).
"""

from __future__ import annotations

from .csv_guard import FORMULA_STARTS, guard, unguard
from .journal_base import FIELDS, REQUIRED
from .journal_checks import Rows
from .journal_export import write_frame
from .journal_import import ImportReader, paused_gc
from .journal_times import parse_times, stored_seconds

__all__ = ["FIELDS", "REQUIRED", "Rows", "ImportReader", "parse_times", "write_frame", "guard", "unguard",
           "FORMULA_STARTS", "paused_gc", "stored_seconds"]
