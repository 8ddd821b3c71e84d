"""Checking a chunk's cells column by column (`validate`): plain lists and dictionaries, one
dictionary pass per column (DESIGN.md measured per-row pandas string methods at about 3x the cost).

Each check takes a column's cell texts and gives (converted values, {row index: reason}); a row with
any reason is left out of the chunk's values and reported as a `RowError` with its line and column.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any

from .csv_guard import unguard_column
from .csv_records import shown
from .journal_base import (
    FIELDS, LEG_CHANGES, LEG_EXTENTS, MAX_CELL, MAX_NOTE, MAX_SESSION_S, MAX_SET, MORNING_BACK, RED_FLAGS, RowError,
)
from .journal_times import pad_time, parse_times
from .locations import Locations, Locator, leg_extent_of, parse_side
from .vocab import BODY_AREAS

__all__ = ["Rows", "validate", "Check"]

Check = Callable[[list[str]], tuple[list[Any], dict[int, str]]]


@dataclass
class Rows:
    """Validated rows: ``values`` with the columns ``fields`` (FIELDS order, ``at`` as stored UTC
    text; a column of `EMPTY_DROPPED` that is empty in every row of the chunk is left out) and each
    row's line."""

    lines: list[int]
    values: list[tuple[Any, ...]]
    times: list[str]  # the stored ``at`` texts, one per row (for cheap range and repeat checks)
    errors: list[RowError] = field(default_factory=list)  # the chunk's bad rows (left out of values)
    fields: tuple[str, ...] = ()


#: Columns left out of a chunk's rows when they are empty (None) in all of them: the table stores
#: NULL for a column not written (no default), and each value bound costs the insert time: three
#: empty columns of eight were a third of an import of 100,000 pain rows (benchmarks/bench_journal.py).
EMPTY_DROPPED: dict[str, frozenset[str]] = {"pain": frozenset({"score", "back", "leg", "side", "leg_extent"})}


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
        out = list(map(_SCORES.get, cells))  # C-level: one dict lookup per cell
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
    # no person exercises for more than a day in one session: a longer one is a clock or typing slip
    return _numbers(cells, low=0, high=MAX_SESSION_S, whole=False, required=False,
                    expected=f"seconds from 0 to {MAX_SESSION_S} (24 hours)")


_MISSING = object()


def _lookup(table: dict[str, Any], *, empty: Any, problem: str) -> Check:
    """A check that maps each (stripped, lower-cased) cell through ``table``; empty cells give ``empty``."""
    def check(cells: list[str]) -> tuple[list[Any], dict[int, str]]:
        found = {}
        for c in dict.fromkeys(cells):  # few distinct cells: look each up once
            text = c.strip().lower()
            found[c] = table.get(text, _MISSING) if text else empty
        out = list(map(found.__getitem__, cells))
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


class _Areas:
    """The location check: each distinct cell parsed once through the person's ``area_map``; the
    cells pass through unchanged and `_merge_locations` turns them into areas, side and leg extent
    with ``found`` (one dictionary pass per column, not four)."""

    hint = ("map it with import_csv(..., area_map={%r: 'glutes'}) (any of: " + ", ".join(BODY_AREAS)
            + "; or None to ignore the word)")

    def __init__(self, locate: Locator) -> None:
        self.locate = locate
        self.found: dict[str, Locations] = {}

    def __call__(self, cells: list[str]) -> tuple[list[Any], dict[int, str]]:
        self.found = found = {c: self.locate(c) for c in dict.fromkeys(cells)}  # few distinct cells
        # one reason text per distinct cell, shared by its rows (a file of 400,000 bad rows holds a
        # few hundred texts, not 400,000)
        unknown = {c: f"unknown location {', '.join(map(repr, loc.unknown))}; " + self.hint % loc.unknown[0].strip().lower()
                   for c, loc in found.items() if loc.unknown}
        if not unknown:
            return cells, {}
        return cells, {i: unknown[c] for i, c in enumerate(cells) if c in unknown}


def _sides(cells: list[str]) -> tuple[list[Any], dict[int, str]]:
    found: dict[str, Any] = {}
    for c in dict.fromkeys(cells):
        try:
            found[c] = parse_side(c)
        except ValueError as exc:
            found[c] = exc
    out = list(map(found.__getitem__, cells))
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


def _timestamps(zone: tzinfo) -> Check:
    return lambda cells: parse_times(cells, zone)


def _optional_times(zone: tzinfo) -> Check:
    """Times that may be empty (when an answer was given): empty cells give None."""
    def check(cells: list[str]) -> tuple[list[Any], dict[int, str]]:
        given = [i for i, c in enumerate(cells) if c.strip()]
        out: list[Any] = [None] * len(cells)
        if not given:
            return out, {}
        stored, bad = parse_times([cells[i] for i in given], zone)
        for k, i in enumerate(given):
            out[i] = stored[k] if k not in bad else None
        return out, {given[k]: reason for k, reason in bad.items()}
    return check


def _checks(kind: str, zone: tzinfo, locate: Locator) -> dict[str, Check]:
    ts = _timestamps(zone)
    if kind == "pain":
        return {"at": ts, "score": _score(False), "back": _score(False), "leg": _score(False),
                "areas": _Areas(locate), "side": _sides,
                "leg_extent": _choice(LEG_EXTENTS, "leg extent"), "note": _text()}
    if kind == RED_FLAGS:
        from .content import red_flags

        return {"at": ts, "flag": _lookup({f.lower(): f for f in red_flags().index}, empty=None,
                                          problem="not a red flag of backnotes' list; allowed: "
                                          + ", ".join(red_flags().index))}
    if kind == "sessions":
        return {"at": ts, "routine": _text(), "duration_s": _duration, "completed": _flag(True),
                "pain_before": _score(False), "pain_after": _score(False), "notes": _text(),
                "check_back": _score(False), "check_leg": _score(False),
                "leg_change": _choice(LEG_CHANGES, "leg change"),
                "new_nerve_symptoms": _lookup({**dict.fromkeys(_TRUE, 1), **dict.fromkeys(_FALSE, 0)}, empty=None,
                                              problem="yes or no expected (also true/false, 1/0), or empty"),
                "checked_at": _optional_times(zone), "morning_back": _choice(MORNING_BACK, "morning answer"),
                "morning_at": _optional_times(zone)}
    return {"at": ts, "exercise_id": _text(required=True), "set": _count(True, 1, MAX_SET),
            "side": _choice(("left", "right"), "side"), "reps_planned": _count(False), "reps_done": _count(True),
            "hold_s_planned": _seconds, "hold_s_done": _seconds, "skipped": _flag(False)}


def validate(lines: list[int], cols: list[list[str]], dropped: list[RowError], long: bool = True,
             apostrophes: bool = True, *, kind: str, header: list[str], index: Mapping[str, int], zone: tzinfo,
             locate: Locator, infer: bool) -> Rows:
    """Check every field of every row of a chunk; the good rows go into ``values``. ``long``: a
    cell may be longer than MAX_CELL; ``apostrophes``: a cell may start with one (each skips a
    pass over every cell when False). Both readers have left out records of blank cells (",,,,").
    ``index``: our field -> the column it is in; ``infer``: the leg extent comes from the areas."""
    n = len(lines)
    errors: dict[int, RowError] = {}
    for j, c in enumerate(cols if long else ()):
        if c and max(map(len, c)) > MAX_CELL:
            for i, cell in enumerate(c):
                if len(cell) > MAX_CELL and i not in errors:
                    errors[i] = RowError(lines[i], header[j], None,
                                         f"a cell is longer than {MAX_CELL} characters")

    cache: dict[str, list[str]] = {}

    def cells(f: str) -> list[str]:
        if f not in cache:
            j = index.get(f)
            cache[f] = [""] * n if j is None else (unguard_column(cols[j]) if apostrophes else cols[j])
        return cache[f]

    if "at" not in index and "date" in index:
        dates, times = cells("date"), cells("time")
        at_cells = [f"{d.strip()} {pad_time(t.strip())}".strip() if d.strip() else "" for d, t in zip(dates, times)]
        at_column = "date" if "time" not in index else "date/time"
    else:
        at_cells, at_column = cells("at"), "at"

    def name_of(f: str) -> str:
        return header[index[f]] if f in index else (at_column if f == "at" else f)

    def line_of(i: int) -> int:
        return lines[i]

    out: dict[str, list[Any]] = {}
    raw_areas: list[str] = []
    checks = _checks(kind, zone, locate)
    for f, check in checks.items():
        raw = at_cells if f == "at" else cells(f)
        if f == "areas":
            raw_areas = raw
        if f != "at" and f not in index and n:  # a column the file lacks: check one empty cell
            values, bad = check([""])
            values, bad = values * n, {i: bad[0] for i in range(n)} if bad else {}
        else:
            values, bad = check(raw)
        for i, reason in bad.items():
            if i not in errors:
                errors[i] = RowError(line_of(i), name_of(f), shown(raw[i]), reason)
        out[f] = values
    if kind == "pain":
        # an entry needs a score: overall (a single score, not split), back or leg
        # only a row without an overall score can lack every score: one C-level look first
        for i in range(n) if None in out["score"] else ():
            if out["score"][i] is None and out["back"][i] is None and out["leg"][i] is None and i not in errors:
                errors[i] = RowError(line_of(i), name_of("score"), None,
                                     "a pain score is needed: back, leg or a single overall score (0 to 10)")
        areas = checks["areas"]
        assert isinstance(areas, _Areas)
        merge_locations(out, errors, name_of, line_of, raw_areas, areas.found, infer)
    droppable = EMPTY_DROPPED.get(kind, frozenset())
    fields = tuple(f for f in FIELDS[kind] if f not in droppable or out[f].count(None) < n)  # C-level count
    values = list(zip(*(out[f] for f in fields))) if n else []
    times = out["at"]
    if errors:
        good = [i for i in range(n) if i not in errors]
        values = [values[i] for i in good]
        times = [times[i] for i in good]
        lines = [lines[i] for i in good]
    found = [errors[i] for i in sorted(errors)]
    if dropped:
        found = sorted(found + dropped, key=lambda e: e.line)
    return Rows(lines, values, times, found, fields)


def merge_locations(out: dict[str, list[Any]], errors: dict[int, RowError], name_of: Callable[[str], str],
                     line_of: Callable[[int], int], area_cells: list[str], found: Mapping[str, Locations],
                     infer: bool) -> None:
    """Location cells (``found``: each distinct one's `Locations`) -> the ``areas`` text; their side
    joins the ``side`` column (a conflict is a row error); with ``infer``, the most distal leg area
    gives ``leg_extent``."""
    sides, extents = out["side"], out["leg_extent"]
    out["areas"] = list(map({c: loc.text for c, loc in found.items()}.__getitem__, area_cells))
    telling = {c for c, loc in found.items() if loc.side or (infer and loc.areas)}
    if not telling:
        return
    extent_of = {c: leg_extent_of(found[c].areas) for c in telling} if infer else {}
    for i in [i for i, c in enumerate(area_cells) if c in telling]:
        loc = found[area_cells[i]]
        if loc.side and sides[i] and loc.side != sides[i] and i not in errors:
            errors[i] = RowError(line_of(i), name_of("side"), sides[i],
                                 f"the side says {sides[i]!r} but the location {area_cells[i]!r} says {loc.side!r}")
        elif loc.side and not sides[i]:
            sides[i] = loc.side
        if infer and loc.areas:
            extents[i] = extent_of[area_cells[i]]
