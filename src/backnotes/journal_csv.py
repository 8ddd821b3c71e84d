"""CSV import and export for the journal.

Import validates whole columns at once with plain lists, dictionaries and one vectorised date parse
(DESIGN.md measured per-row pandas string methods at about 3x the cost), collects one `RowError`
per bad row, and hands back rows ready for ``executemany``; the journal then writes them in one
transaction, so a bad file or a killed process adds nothing.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .journal_types import LEG_EXTENTS, MAX_NOTE, JournalError, RowError
from .vocab import BODY_AREAS

__all__ = ["FIELDS", "REQUIRED", "Rows", "read_rows", "write_frame"]

#: Our column names per kind of file, in export order.
FIELDS: dict[str, tuple[str, ...]] = {
    "pain": ("at", "score", "areas", "leg_extent", "note"),
    "sessions": ("at", "routine", "duration_s", "completed", "pain_before", "pain_after", "notes"),
    "sets": ("at", "exercise_id", "set", "side", "reps_planned", "reps_done", "hold_s_planned", "hold_s_done",
             "skipped"),
}
#: Fields every row must have (``at`` may come as ``date`` plus ``time``).
REQUIRED: dict[str, tuple[str, ...]] = {
    "pain": ("at", "score"),
    "sessions": ("at",),
    "sets": ("at", "exercise_id", "set", "reps_done"),
}

Check = Callable[[list[str]], tuple[list[Any], dict[int, str]]]


@dataclass
class Rows:
    """Validated rows: ``values`` in FIELDS order (``at`` as stored UTC text) and each row's line."""

    lines: list[int]
    values: list[tuple[Any, ...]]
    times: list[str]  # the stored ``at`` texts, one per row (for cheap range and repeat checks)


# ---------------------------------------------------------------------------------------------------
# column checks: list of cell texts -> (converted values, {row index: reason})

_SCORES = {str(i): i for i in range(11)}
_TRUE = {"1", "true", "yes", "y", "t"}
_FALSE = {"0", "false", "no", "n", "f"}


def _score(required: bool) -> Check:
    def check(cells: list[str]) -> tuple[list[Any], dict[int, str]]:
        out = [_SCORES.get(c) for c in cells]
        bad: dict[int, str] = {}
        for i, v in enumerate(out):
            if v is not None:
                continue
            text = cells[i].strip()
            if not text:
                if required:
                    bad[i] = "a pain score is needed (a whole number from 0 to 10)"
                continue
            try:
                number = float(text)
            except ValueError:
                bad[i] = "not a number: pain is a whole number from 0 to 10"
                continue
            if number != number:
                bad[i] = "pain is a whole number from 0 to 10"
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
        try:
            number = float(text)
        except ValueError:
            number = float("nan")
        # range before int(): int() of an infinity raises
        if number != number or not low <= number <= high or (whole and number != int(number)):
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


def _lookup(table: dict[str, Any], *, empty: Any, problem: str) -> Check:
    """A check that maps each (stripped, lower-cased) cell through ``table``; empty cells give ``empty``."""
    def check(cells: list[str]) -> tuple[list[Any], dict[int, str]]:
        out: list[Any] = []
        bad: dict[int, str] = {}
        for i, c in enumerate(cells):
            text = c.strip().lower()
            if not text:
                out.append(empty)
            elif text in table:
                out.append(table[text])
            else:
                bad[i] = problem
                out.append(None)
        return out, bad
    return check


def _flag(default: bool) -> Check:
    return _lookup({**dict.fromkeys(_TRUE, 1), **dict.fromkeys(_FALSE, 0)}, empty=int(default),
                   problem="yes or no expected (also true/false, 1/0)")


def _choice(words: Sequence[str], what: str) -> Check:
    return _lookup({w: w for w in words}, empty=None,
                   problem=f"{what} not known; choose from {', '.join(words)} (or leave empty)")


def _areas(cells: list[str]) -> tuple[list[Any], dict[int, str]]:
    seen: dict[str, str | None] = {}  # people use few distinct cells: validate each once
    out: list[Any] = []
    bad: dict[int, str] = {}
    for i, c in enumerate(cells):
        if c not in seen:
            parts = [p.strip().lower() for p in c.replace(",", ";").split(";") if p.strip()]
            seen[c] = ";".join(a for a in BODY_AREAS if a in parts) if all(p in BODY_AREAS for p in parts) else None
        value = seen[c]
        if value is None:
            parts = [p.strip() for p in c.replace(",", ";").split(";") if p.strip()]
            unknown = [p for p in parts if p.lower() not in BODY_AREAS]
            bad[i] = f"unknown area {', '.join(map(repr, unknown))}; choose from {', '.join(BODY_AREAS)}"
        out.append(value)
    return out, bad


def _text(required: bool = False) -> Check:
    def check(cells: list[str]) -> tuple[list[Any], dict[int, str]]:
        bad = {i: f"at most {MAX_NOTE} characters" for i, c in enumerate(cells) if len(c) > MAX_NOTE}
        if required:
            bad.update({i: "must not be empty" for i, c in enumerate(cells) if not c.strip()})
        return list(cells), bad
    return check


def _has_offset(v: str) -> bool:
    """True for texts ending in Z, +HH:MM or +HHMM after a clock time (cheap slicing, no regex)."""
    return v[-1:] in ("Z", "z") or (len(v) > 16 and (
        (v[-6] in "+-" and v[-3] == ":") or (v[-5] in "+-" and v[-4:].isdigit() and ":" in v[:-5])))


def _offsets(texts: list[str]) -> np.ndarray:
    """`_has_offset` for every text; vectorised when all texts have one length (the usual export)."""
    lengths = set(map(len, texts))
    if len(lengths) == 1 and (width := lengths.pop()) > 16:
        codes = np.array(texts, dtype=f"U{width}").view(np.uint32).reshape(len(texts), width)
        plus_minus = (codes[:, -6] == ord("+")) | (codes[:, -6] == ord("-"))
        zulu = (codes[:, -1] == ord("Z")) | (codes[:, -1] == ord("z"))
        if (zulu | (plus_minus & (codes[:, -3] == ord(":")))).all():
            return np.ones(len(texts), dtype=bool)
    return np.fromiter((_has_offset(t) for t in texts), dtype=bool, count=len(texts))


def _pad_time(t: str) -> str:
    """``8:30`` -> ``08:30``: some apps drop the leading zero, ISO 8601 needs it."""
    return "0" + t if len(t) > 1 and t[1] == ":" else t


def _timestamps(zone: tzinfo) -> Check:
    def check(cells: list[str]) -> tuple[list[Any], dict[int, str]]:
        n = len(cells)
        texts = [c.strip() for c in cells]
        bad: dict[int, str] = {i: "a date and time is needed" for i, t in enumerate(texts) if not t}
        offset = _offsets(texts)
        utc = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
        unparsed = "not a date and time: use ISO 8601, like 2026-03-01 08:30 or 2026-03-01T08:30:00+01:00"
        def pick(idx: np.ndarray) -> list[str]:
            return texts if len(idx) == n else [texts[i] for i in idx]

        if offset.any():
            idx = np.flatnonzero(offset)
            parsed = pd.to_datetime(pd.Series(pick(idx), dtype=object), format="ISO8601",
                                    utc=True, errors="coerce")
            utc[idx] = parsed.dt.tz_convert(None).to_numpy().astype("datetime64[s]")
        if (~offset).any():
            idx = np.flatnonzero(~offset)
            naive = pd.to_datetime(pd.Series(pick(idx), dtype=object), format="ISO8601",
                                   errors="coerce")
            local = naive.dt.tz_localize(zone, ambiguous=np.ones(len(idx), dtype=bool), nonexistent="NaT")
            for j in np.flatnonzero(naive.notna().to_numpy() & local.isna().to_numpy()):
                bad.setdefault(int(idx[j]), f"this local time does not exist in {zone} (the clocks went forward)")
            utc[idx] = local.dt.tz_convert(None).to_numpy().astype("datetime64[s]")
        for i in np.flatnonzero(np.isnat(utc)):
            bad.setdefault(int(i), unparsed)
        latest = np.datetime64(pd.Timestamp.now(tz="UTC").tz_convert(None).floor("s")) + np.timedelta64(1, "D")
        for i in np.flatnonzero(~np.isnat(utc) & ((utc > latest) | (utc < np.datetime64("1900-01-01")))):
            bad.setdefault(int(i), "the date is in the future or before 1900")
        text = np.char.add(np.datetime_as_string(utc, unit="s"), "+00:00")
        return text.tolist(), bad
    return check


def _checks(kind: str, zone: tzinfo) -> dict[str, Check]:
    ts = _timestamps(zone)
    if kind == "pain":
        return {"at": ts, "score": _score(True), "areas": _areas,
                "leg_extent": _choice(LEG_EXTENTS, "leg extent"), "note": _text()}
    if kind == "sessions":
        return {"at": ts, "routine": _text(), "duration_s": _seconds, "completed": _flag(True),
                "pain_before": _score(False), "pain_after": _score(False), "notes": _text()}
    return {"at": ts, "exercise_id": _text(required=True), "set": _count(True, 1, 100),
            "side": _choice(("left", "right"), "side"), "reps_planned": _count(False), "reps_done": _count(True),
            "hold_s_planned": _seconds, "hold_s_done": _seconds, "skipped": _flag(False)}


# ---------------------------------------------------------------------------------------------------
# reading


def _read_text(path: Path, encoding: str) -> str:
    """The whole file as text; clear errors for a missing, undecodable or empty file."""
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        with open(path, encoding=codec, newline="") as f:
            text = f.read()
    except FileNotFoundError as exc:
        raise JournalError(f"{path}: file not found") from exc
    except UnicodeDecodeError as exc:
        line = 1 + exc.object[: exc.start].count(b"\n")
        raise JournalError(
            f"{path}: line {line} is not {encoding} text (byte {exc.object[exc.start:exc.start + 1]!r}); "
            f"save the file as UTF-8, or pass encoding='cp1252' (or the encoding the app used)") from exc
    except LookupError as exc:
        raise JournalError(f"encoding: {encoding!r} is not an encoding Python knows") from exc
    if not text.strip():
        raise JournalError(f"{path}: the file is empty (a CSV file starts with a header line of column names)")
    return text


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return ";" if "," not in first and ";" in first else ","  # European spreadsheets use ";"


def _read_records(text: str, path: Path) -> tuple[list[str], list[int], list[list[str]]]:
    """Header, the first line of each record, and the records (blank lines dropped). Exact line
    numbers, also for cells spanning several lines."""
    reader = csv.reader(text.splitlines(keepends=True), delimiter=_delimiter(text))
    try:
        header = [h.strip() for h in next(reader)]
        lines: list[int] = []
        records: list[list[str]] = []
        previous = reader.line_num
        for record in reader:
            if record and (record[0] or any(record)):
                lines.append(previous + 1)
                records.append(record)
            previous = reader.line_num
    except csv.Error as exc:
        raise JournalError(f"{path}: line {reader.line_num}: not a readable CSV file ({exc})") from exc
    return header, lines, records


def _fast_columns(text: str) -> tuple[list[str], list[list[str]]] | None:
    """Header and columns through pandas' C parser (several times faster than the csv module on
    100,000 rows), or None when the file needs the careful reader: quoted cells (which may hold
    line breaks and delimiters), a ragged row, a repeated column name, or any parser complaint.
    Only used when every row then validates; otherwise the careful reader runs again to report
    exact line numbers."""
    import io

    if '"' in text:
        return None
    delimiter = _delimiter(text)
    header = [h.strip() for h in text.split("\n", 1)[0].split(delimiter)]
    width = len(header) - 1
    # a row with too many fields makes pandas raise; too few would be padded silently, so count the
    # delimiters of the whole file (blank lines have none; a whitespace-only line sends us to the careful reader)
    if "\r" in text or "\n\n" in text or text.startswith("\n"):
        lines = text.splitlines()
        n_rows = len(lines) - lines.count("")
    else:
        n_rows = text.count("\n") + (not text.endswith("\n"))
    if len(set(header)) != len(header) or text.count(delimiter) != width * n_rows:
        return None
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=object, keep_default_na=False,
                            na_filter=True, na_values=[], skip_blank_lines=True, engine="c")
    except Exception:
        return None
    if frame.shape[1] != len(header):
        return None
    if len(frame) and delimiter * width in text:  # spreadsheet filler rows such as ",,,," (rare)
        values = frame.to_numpy(dtype=object)
        values = values[~(values == "").all(axis=1)]
        return header, [values[:, j].tolist() for j in range(len(header))]
    return header, [frame.iloc[:, j].tolist() for j in range(len(header))]


def _resolve(kind: str, header: list[str], columns: Mapping[str, str] | None, path: Path) -> dict[str, int]:
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
        absent = [RowError(1, theirs, theirs, f"column {theirs!r} (for {ours_!r}) is not in the header")
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
    if missing:
        raise JournalError(
            f"{path}: missing column(s) {', '.join(missing)} for a {kind} file; the header has "
            f"{', '.join(header) or 'nothing'} (map other names with columns={{'score': 'their name', ...}})",
            [RowError(1, f, None, "required column missing") for f in missing])
    return index


def read_rows(path: Path, *, kind: str, columns: Mapping[str, str] | None, zone: tzinfo,
              encoding: str = "utf-8") -> Rows:
    """Read and validate a whole file; raise `JournalError` listing every bad row, else return rows."""
    text = _read_text(path, encoding)
    fast = _fast_columns(text)
    if fast is not None:
        header, cols = fast
        index = _resolve(kind, header, columns, path)
        n = len(cols[0]) if cols else 0
        values, times, errors = _validate(kind, header, index, cols, n, zone, lines=None)
        if not errors:
            return Rows(list(range(2, n + 2)), values, times)
    # the careful reader: exact line numbers for every bad row
    header, lines, records = _read_records(text, path)
    index = _resolve(kind, header, columns, path)
    width = len(header)
    ragged = {i: RowError(lines[i], None, None, f"this row has {len(r)} fields, the header has {width}")
              for i, r in enumerate(records) if len(r) != width}
    padded = [r if len(r) == width else (r + [""] * width)[:width] for r in records]
    cols = [list(c) for c in zip(*padded)] if padded else [[] for _ in range(width)]
    values, times, errors = _validate(kind, header, index, cols, len(records), zone, lines=lines)
    errors = {**errors, **ragged}
    if errors:
        listed = [errors[i] for i in sorted(errors)]
        raise JournalError(f"{path}: {len(listed)} bad row(s); nothing was imported", listed)
    return Rows(lines, values, times)


def _validate(kind: str, header: list[str], index: dict[str, int], cols: list[list[str]], n: int, zone: tzinfo,
              *, lines: list[int] | None) -> tuple[list[tuple[Any, ...]], list[str], dict[int, RowError]]:
    """Check every field of every row; rows in FIELDS order, the ``at`` column, {row: first error}."""
    def cells(field: str) -> list[str]:
        j = index.get(field)
        return [""] * n if j is None else cols[j]

    if "at" not in index and "date" in index:
        dates, times = cells("date"), cells("time")
        at_cells = [f"{d.strip()} {_pad_time(t.strip())}".strip() if d.strip() else "" for d, t in zip(dates, times)]
        at_column = "date" if "time" not in index else "date/time"
    else:
        at_cells, at_column = cells("at"), "at"
    errors: dict[int, RowError] = {}
    out: list[list[Any]] = []
    for field, check in _checks(kind, zone).items():
        raw = at_cells if field == "at" else cells(field)
        values, bad = check(raw)
        name = header[index[field]] if field in index else (at_column if field == "at" else field)
        for i, reason in bad.items():
            if i not in errors:
                errors[i] = RowError(lines[i] if lines is not None else i + 2, name, raw[i], reason)
        out.append(values)
    return (list(zip(*out)) if n else []), out[0], errors


# ---------------------------------------------------------------------------------------------------
# writing


def _iso_local(at: pd.Series) -> list[str]:
    text = at.dt.strftime("%Y-%m-%dT%H:%M:%S%z").tolist()  # +0100 -> +01:00 (ISO 8601 extended form)
    return [t[:-2] + ":" + t[-2:] for t in text]


def _cell(v: Any) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, (bool, np.bool_)):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:g}" if v == int(v) else repr(v)
    return str(v)


def write_frame(frame: pd.DataFrame, path: Path, *, kind: str) -> Path:
    """Write a journal frame as our CSV format, atomically (temporary file + ``os.replace``)."""
    fields = FIELDS[kind]
    data = {f: (_iso_local(frame["at"]) if f == "at" else frame[f].astype(object).tolist()) for f in fields}
    fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".csv", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(fields)
            w.writerows([[_cell(v) for v in row] for row in zip(*(data[c] for c in fields))])
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
