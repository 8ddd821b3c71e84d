"""Plurals right in what a person reads ("1 report", "2 reports"): backnotes.words, and no count in
user text that hard-codes the plural."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

from backnotes.session import SessionRecord, SetDone
from backnotes.timing import record_summary
from backnotes.words import file_stem, plural, split_why

SRC = Path(__file__).resolve().parents[1] / "src" / "backnotes"
# a count put straight before a word in the plural: "{len(pain)} reports" says "1 reports"
HARD_PLURAL = re.compile(r"\{(?:len\([^}]*\)|n)\}\s+(?!of\b)[a-z]+s\b")
# error messages for programmers and file checks, where the count is never 1 or reads as a code
EXEMPT = {"routine.py", "journal_csv.py"}


def test_no_hard_coded_plural_after_a_count() -> None:
    found = [f"{p.relative_to(SRC)}:{i}: {line.strip()}" for p in SRC.rglob("*.py") if p.name not in EXEMPT
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if HARD_PLURAL.search(line)]
    assert found == []


def test_one_set_is_a_set() -> None:
    t = datetime(2026, 5, 4, 8, 0, tzinfo=timezone.utc)
    record = SessionRecord("One", t, t, (SetDone("glute-bridge", 1, None, 10, 0, skipped=True),), completed=False)
    assert record_summary(record).startswith("0 of 1 set done in full")


def test_helpers() -> None:
    assert [plural(n, "week") for n in (0, 1, 2)] == ["0 weeks", "1 week", "2 weeks"]
    assert file_stem("Gentle start (mine)") == "gentle-start-mine"
    assert split_why("Hold (Smith et al. 2020).") == ("Hold.", "Smith et al. 2020")
