"""Routines: an ordered list of exercises, each with its dose.

The dose arithmetic (how long a routine takes) lives in one place, `backnotes.timing.plan`;
`Routine.total_seconds` adds up that plan, so the time shown while building a routine is the time
the hold timers will take.

Routines are immutable values: `Routine.add`, `Routine.remove`, `Routine.move` and `Routine.redose`
return a *new* routine and leave the old one as it was (``==`` compares content). That makes undo
trivial and lets a widget hold the routine in one trait whose every change is seen.

An invalid `RoutineItem` or `Routine` cannot be built: every constructor and every method checks the
numbers and raises `RoutineError` naming the item, the field and the value.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date as _date
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from .content import SAFETY_LINE  # re-exported: one wording on every screen and sheet
from .catalog import dose_text  # the dose in words: one wording for the browser, builder and sheet
from .files import atomic_write, private_folder
from .timing import plan  # the only place where dose becomes time (timing does not import routine)
from .vocab import BODY_AREAS, KINDS

__all__ = [
    "FORMAT",
    "VERSION",
    "LIMITS",
    "SAFETY_LINE",
    "RoutineError",
    "RoutineItem",
    "Routine",
    "dose_text",
    "format_duration",
    "load_routine",
    "ready_made_routines",
    "routines_folder",
    "time_by_area",
]

#: The ``"format"`` value every routine file carries.
FORMAT = "backnotes-routine"
#: The routine file version this code writes and reads.
VERSION = 1
#: Allowed range of every dose number, inclusive (the same limits as the catalog).
LIMITS: dict[str, tuple[float, float]] = {
    "sets": (1, 10),
    "reps": (1, 100),
    "hold_s": (1, 300),
    "rest_s": (0, 600),
    "tempo_s": (0.5, 30),
}
#: Longest routine name, item note and routine notes, in characters.
MAX_NAME, MAX_NOTE, MAX_NOTES = 80, 300, 2000
_DOSE_FIELDS = ("sets", "reps", "hold_s", "tempo_s", "rest_s", "per_side", "note")
_MISSING: Any = object()


class RoutineError(ValueError):
    """A routine, item or routine file that cannot be used.

    Attributes: ``item`` (the exercise id, or None), ``position`` (its position in the routine,
    counting from 1 as `Routine` does, or None), ``index`` (``position - 1``, for list access),
    ``field`` (the field or file part
    at fault, or None), ``value`` (the bad value, or None), ``problem`` (what is wrong, with the
    allowed values) and ``source`` (the file's name, when loading). The message says all of them.
    """

    def __init__(self, problem: str, *, item: str | None = None, index: int | None = None,
                 field: str | None = None, value: Any = _MISSING, source: str | None = None) -> None:
        self.problem, self.item, self.index, self.field = problem, item, index, field
        self.position = None if index is None else index + 1
        self.source = source  # the file the problem is in, when there is one
        self.value = None if value is _MISSING else value
        where = []
        if index is not None or item is not None:
            parts = [f"item {index + 1}" if index is not None else "item", repr(item) if item else ""]
            where.append(" ".join(p for p in parts if p))
        if field is not None:
            where.append(f"{field} = {value!r}" if value is not _MISSING else field)
        super().__init__(": ".join([*([source] if source else []), *where, problem]))
        self._has_value = value is not _MISSING

    def at(self, index: int) -> "RoutineError":
        """The same error, saying which position in the routine it is about."""
        return RoutineError(self.problem, item=self.item, index=index, field=self.field,
                            value=self.value if self._has_value else _MISSING, source=self.source)


def _whole(value: Any, name: str, eid: str | None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (
        isinstance(value, float) and not value.is_integer()
    ):
        raise RoutineError("must be a whole number", item=eid, field=name, value=value)
    return int(value)


def _in_range(value: float, name: str, eid: str | None) -> None:
    low, high = LIMITS[name]
    if value < low:
        what = "must be at least" if low > 0 else "cannot be negative; the least is"
        raise RoutineError(f"{what} {low:g} (allowed {low:g}..{high:g})", item=eid, field=name, value=value)
    if value > high:
        raise RoutineError(f"more than {high:g} is not a sensible dose (allowed {low:g}..{high:g})",
                           item=eid, field=name, value=value)


def _text(value: Any, name: str, limit: int, eid: str | None = None) -> str:
    if not isinstance(value, str):
        raise RoutineError("must be text", item=eid, field=name, value=value)
    if len(value) > limit:
        raise RoutineError(f"is {len(value)} characters long; at most {limit} fit on the sheet",
                           item=eid, field=name, value=value[:20] + "...")
    return value


@dataclass(frozen=True)
class RoutineItem:
    """One exercise in a routine and how much of it to do.

    ``reps`` counts holds per set (per side) for a ``"hold"`` exercise, repetitions otherwise.
    ``hold_s`` is set only for holds, ``tempo_s`` (seconds per repetition) only for the others.
    ``kind`` and ``name`` are copied from the catalog so a routine can be planned and printed
    without it. Limits: `LIMITS`; anything else raises `RoutineError`.
    """

    exercise_id: str
    kind: str
    sets: int
    reps: int
    rest_s: int
    per_side: bool = False
    hold_s: int | None = None
    tempo_s: float | None = None
    name: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        eid = self.exercise_id
        if not isinstance(eid, str) or not eid.strip():
            raise RoutineError("must be a non-empty text (a catalog id)", field="exercise_id", value=eid)
        if self.kind not in KINDS:
            raise RoutineError(f"unknown kind; allowed: {', '.join(map(repr, KINDS))}",
                               item=eid, field="kind", value=self.kind)
        fix = {n: _whole(getattr(self, n), n, eid) for n in ("sets", "reps", "rest_s")}
        for n, v in fix.items():
            _in_range(v, n, eid)
        if self.kind == "hold":
            if self.hold_s is None:
                raise RoutineError("a 'hold' exercise needs its hold time in seconds", item=eid,
                                   field="hold_s", value=None)
            if self.tempo_s is not None:
                raise RoutineError("a 'hold' exercise is dosed in seconds held, not a rep tempo: "
                                   "leave tempo_s empty", item=eid, field="tempo_s", value=self.tempo_s)
            fix["hold_s"] = _whole(self.hold_s, "hold_s", eid)
            _in_range(fix["hold_s"], "hold_s", eid)
        else:
            if self.hold_s is not None:
                raise RoutineError(f"a {self.kind!r} exercise is dosed in repetitions, not a hold time: "
                                   "leave hold_s empty", item=eid, field="hold_s", value=self.hold_s)
            tempo = self.tempo_s
            if isinstance(tempo, bool) or not isinstance(tempo, (int, float)) or math.isnan(tempo):
                raise RoutineError(f"a {self.kind!r} exercise needs its seconds per repetition",
                                   item=eid, field="tempo_s", value=tempo)
            _in_range(tempo, "tempo_s", eid)
            fix["tempo_s"] = float(tempo)
        if not isinstance(self.per_side, bool):
            raise RoutineError("must be true or false", item=eid, field="per_side", value=self.per_side)
        _text(self.name, "name", MAX_NAME, eid)
        _text(self.note, "note", MAX_NOTE, eid)
        for n, v in fix.items():  # normalise 10.0 -> 10, 3 -> 3.0 (frozen: set through object)
            object.__setattr__(self, n, v)

    @classmethod
    def from_catalog(cls, exercise_id: str, catalog: pd.DataFrame) -> "RoutineItem":
        """The item for ``exercise_id`` with the catalog's default dose."""
        if exercise_id not in catalog.index:
            raise RoutineError(f"not in the catalog; known ids: {', '.join(map(repr, catalog.index))}",
                               item=exercise_id, field="exercise_id", value=exercise_id)
        row = catalog.loc[exercise_id]
        hold = row["kind"] == "hold"
        return cls(
            exercise_id=exercise_id,
            kind=str(row["kind"]),
            sets=int(row["sets"]),
            reps=int(row["reps"]),
            rest_s=int(row["rest_s"]),
            per_side=bool(row["per_side"]),
            hold_s=int(row["hold_s"]) if hold else None,
            tempo_s=None if hold else float(row["tempo_s"]),
            name=str(row["name"]),
        )

    def redose(self, **changes: Any) -> "RoutineItem":
        """A copy with some of ``sets``, ``reps``, ``hold_s``, ``tempo_s``, ``rest_s``, ``per_side``,
        ``note`` changed (the exercise itself cannot change: remove it and add another)."""
        bad = sorted(set(changes) - set(_DOSE_FIELDS))
        if bad:
            raise RoutineError(f"cannot be changed by redose; allowed: {', '.join(_DOSE_FIELDS)}",
                               item=self.exercise_id, field=bad[0], value=changes[bad[0]])
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The item as plain JSON values."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "RoutineItem":
        """An item from `to_dict` output; unknown or missing keys raise `RoutineError`."""
        if not isinstance(data, Mapping):
            raise RoutineError("must be an object with the item's fields", field="items", value=data)
        eid = data.get("exercise_id")
        names = [f.name for f in dataclasses.fields(cls)]
        unknown = sorted(set(data) - set(names))
        if unknown:
            raise RoutineError(f"unknown field; allowed: {', '.join(names)}", item=eid, field=unknown[0],
                               value=data[unknown[0]])
        missing = [n for n in ("exercise_id", "kind", "sets", "reps", "rest_s") if n not in data]
        if missing:
            raise RoutineError("missing (required)", item=eid, field=missing[0])
        return cls(**data)


def format_duration(seconds: float) -> str:
    """``750`` -> ``"12 min 30 s"``; ``45`` -> ``"45 s"``; ``600`` -> ``"10 min"``."""
    total = int(round(seconds))
    minutes, secs = divmod(total, 60)
    if not minutes:
        return f"{secs} s"
    return f"{minutes} min {secs} s" if secs else f"{minutes} min"


def _bundled_catalog() -> pd.DataFrame:
    from .catalog import load_exercises

    return load_exercises(variants=True)  # a routine may hold a named variant


@dataclass(frozen=True)
class Routine:
    """A named, ordered list of `RoutineItem`; ``==`` compares content.

    Immutable: ``add``, ``remove``, ``move`` and ``redose`` return a new routine. ``items`` is kept
    as a tuple (a list passed in is copied).

    **Positions count from 1**, as on the printed sheet, in the routine builder and in error
    messages ("item 3"): position 1 is the first exercise, and -1 the last (negative positions count
    from the end). ``items[position - 1]`` is the item at a position.
    """

    name: str = "My routine"
    items: tuple[RoutineItem, ...] = field(default_factory=tuple)
    notes: str = ""

    def __post_init__(self) -> None:
        name = _text(self.name, "name", MAX_NAME)
        if not name.strip():
            raise RoutineError("a routine needs a name", field="name", value=self.name)
        _text(self.notes, "notes", MAX_NOTES)
        if isinstance(self.items, (str, bytes, Mapping)) or not isinstance(self.items, Iterable):
            raise RoutineError("must be a list of RoutineItem", field="items", value=self.items)
        items = tuple(self.items)
        for i, it in enumerate(items):
            if not isinstance(it, RoutineItem):
                raise RoutineError("must be a RoutineItem", index=i, field="items", value=it)
        object.__setattr__(self, "items", items)

    # -- building ---------------------------------------------------------------------------------
    @classmethod
    def from_ids(cls, ids: Iterable[str], name: str = "My routine", catalog: pd.DataFrame | None = None,
                 notes: str = "") -> "Routine":
        """A routine of the given exercises, each with its default dose from ``catalog``
        (the bundled catalog when None)."""
        if catalog is None:
            catalog = _bundled_catalog()
        if isinstance(ids, str):
            ids = [ids]
        items = []
        for i, eid in enumerate(ids):
            try:
                items.append(RoutineItem.from_catalog(eid, catalog))
            except RoutineError as exc:
                raise exc.at(i) from None
        return cls(name=name, items=items, notes=notes)

    def _index(self, position: int, *, insert: bool = False, name: str = "position") -> int:
        """A position (from 1; negative from the end) -> the 0-based list index. With ``insert``,
        one past the end (``len + 1``) is allowed too."""
        n = len(self.items)
        if isinstance(position, bool) or not isinstance(position, int):
            raise RoutineError("must be a whole number (a position in the routine, counting from 1)",
                               field=name, value=position)
        top = n + (1 if insert else 0)
        if position == 0 or not -n <= position <= top:
            first = "positions count from 1; " if position == 0 else "no such position: "
            raise RoutineError(f"{first}the routine has {n} items (positions 1..{top}, or -1 for the last)",
                               field=name, value=position)
        return position - 1 if position > 0 else position + n

    def add(self, exercise: str | RoutineItem, *, at: int | None = None, catalog: pd.DataFrame | None = None,
            **dose: Any) -> "Routine":
        """A new routine with ``exercise`` (an id, dosed from the catalog, or a `RoutineItem`) added at
        the end, or at position ``at`` (counting from 1; the items from there on move down one);
        keyword arguments change its dose (see `redose`)."""
        if isinstance(exercise, RoutineItem):
            item = exercise
        else:
            item = RoutineItem.from_catalog(exercise, catalog if catalog is not None else _bundled_catalog())
        pos = len(self.items) if at is None else self._index(at, insert=True, name="at")
        try:
            if dose:
                item = item.redose(**dose)
        except RoutineError as exc:
            raise exc.at(pos) from None
        items = list(self.items)
        items.insert(pos, item)
        return dataclasses.replace(self, items=items)

    def remove(self, position: int) -> "Routine":
        """A new routine without the item at ``position`` (from 1; -1 is the last)."""
        i = self._index(position)
        return dataclasses.replace(self, items=self.items[:i] + self.items[i + 1:])

    def move(self, position: int, to: int) -> "Routine":
        """A new routine with the item at ``position`` moved so that it ends up at position ``to``
        (both from 1; -1 is the last).

        >>> r = Routine.from_ids(["knee-to-chest", "short-bridge", "calf-raise"])
        >>> [it.exercise_id for it in r.move(3, 1).items]
        ['calf-raise', 'knee-to-chest', 'short-bridge']
        """
        i, j = self._index(position), self._index(to, name="to")
        items = list(self.items)
        items.insert(j, items.pop(i))
        return dataclasses.replace(self, items=items)

    def redose(self, position: int, **changes: Any) -> "Routine":
        """A new routine where the item at ``position`` (from 1; -1 is the last) has some of
        ``sets``, ``reps``, ``hold_s``, ``tempo_s``, ``rest_s``, ``per_side`` or ``note`` changed.

        >>> r = Routine.from_ids(["knee-to-chest", "glute-bridge"]).redose(2, reps=6)
        >>> r.items[1].reps
        6
        """
        i = self._index(position)
        try:
            item = self.items[i].redose(**changes)
        except RoutineError as exc:
            raise exc.at(i) from None
        return dataclasses.replace(self, items=self.items[:i] + (item,) + self.items[i + 1:])

    def renamed(self, name: str | None = None, notes: str | None = None) -> "Routine":
        """A new routine with another name and/or notes."""
        return dataclasses.replace(self, name=self.name if name is None else name,
                                   notes=self.notes if notes is None else notes)

    def validate(self, catalog: pd.DataFrame | None = None) -> "Routine":
        """Check every item against ``catalog`` (bundled when None): the exercise exists and its kind
        matches. Returns the routine itself; raises `RoutineError` naming the first bad item."""
        if catalog is None:
            catalog = _bundled_catalog()
        for i, it in enumerate(self.items):
            if it.exercise_id not in catalog.index:
                raise RoutineError("this exercise is not in the catalog (was it renamed or removed?)",
                                   item=it.exercise_id, index=i, field="exercise_id", value=it.exercise_id)
            kind = str(catalog.loc[it.exercise_id, "kind"])
            if it.kind != kind:
                raise RoutineError(f"the catalog says this exercise is a {kind!r} exercise", item=it.exercise_id,
                                   index=i, field="kind", value=it.kind)
        return self

    # -- time -------------------------------------------------------------------------------------
    def total_seconds(self) -> float:
        """Seconds the routine takes with the hold timers: get-ready, work, holds, rests, side switches."""
        return float(sum(p.seconds for p in plan(self)))

    def to_frame(self, catalog: pd.DataFrame | None = None) -> pd.DataFrame:
        """One row per item, in order (index ``order`` from 1).

        Columns: ``exercise_id``, ``name``, ``kind``, ``phase``, ``sets``, ``reps``, ``hold_s``
        (Int64), ``tempo_s``, ``rest_s``, ``per_side``, ``dose`` (in words), ``seconds``,
        ``minutes`` (with the hold-timer plan's get-ready, rests and side switches),
        ``body_areas`` (tuple, from the catalog; empty when the exercise is not in it), ``note``.
        """
        if catalog is None:
            catalog = _bundled_catalog()
        from .timing import seconds_per_item

        per_item = seconds_per_item(self)  # adds up to total_seconds()
        rows = []
        for it, secs in zip(self.items, per_item):
            known = it.exercise_id in catalog.index
            rows.append({
                "exercise_id": it.exercise_id, "name": it.name or it.exercise_id, "kind": it.kind,
                "phase": str(catalog.loc[it.exercise_id, "phase"]) if known else "",
                "sets": it.sets, "reps": it.reps, "hold_s": it.hold_s, "tempo_s": it.tempo_s,
                "rest_s": it.rest_s, "per_side": it.per_side, "dose": dose_text(it),
                "seconds": secs, "minutes": secs / 60,
                "body_areas": tuple(catalog.loc[it.exercise_id, "body_areas"]) if known else (),
                "note": it.note,
            })
        cols = ["exercise_id", "name", "kind", "phase", "sets", "reps", "hold_s", "tempo_s", "rest_s",
                "per_side", "dose", "seconds", "minutes", "body_areas", "note"]
        df = pd.DataFrame(rows, columns=cols, index=pd.RangeIndex(1, len(rows) + 1, name="order"))
        df = df.astype({"sets": "int64", "reps": "int64", "rest_s": "int64", "hold_s": "Int64",
                        "tempo_s": "float64", "per_side": bool, "seconds": "float64", "minutes": "float64"})
        return df

    # -- files ------------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The routine as the JSON document `save` writes."""
        return {"format": FORMAT, "version": VERSION, "name": self.name, "notes": self.notes,
                "items": [it.to_dict() for it in self.items]}

    @classmethod
    def from_dict(cls, data: Any, catalog: pd.DataFrame | None = None, *, check_catalog: bool = True) -> "Routine":
        """A routine from a `to_dict` document, checked against ``catalog`` (bundled when None)."""
        if not isinstance(data, Mapping):
            raise RoutineError("not a routine: the file must hold a JSON object", field="format",
                               value=type(data).__name__)
        if data.get("format") != FORMAT:
            raise RoutineError(f"not a backnotes routine (expected format {FORMAT!r})", field="format",
                               value=data.get("format"))
        if data.get("version") != VERSION:
            raise RoutineError(f"unknown routine file version; this backnotes reads version {VERSION}",
                               field="version", value=data.get("version"))
        unknown = sorted(set(data) - {"format", "version", "name", "notes", "items"})
        if unknown:
            raise RoutineError("unknown field; allowed: format, version, name, notes, items", field=unknown[0],
                               value=data[unknown[0]])
        raw_items = data.get("items")
        if not isinstance(raw_items, list):
            raise RoutineError("must be a list of exercises", field="items", value=raw_items)
        items = []
        for i, raw in enumerate(raw_items):
            try:
                items.append(RoutineItem.from_dict(raw))
            except RoutineError as exc:
                raise exc.at(i) from None
            except TypeError as exc:  # e.g. a field given twice by position
                raise RoutineError(f"cannot be read: {exc}", index=i, field="items") from None
        routine = cls(name=data.get("name", "My routine"), items=items, notes=data.get("notes", ""))
        return routine.validate(catalog) if check_catalog else routine

    def to_json(self) -> str:
        """The JSON text `save` writes (UTF-8, indented, stable key order)."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def save(self, path: str | PathLike[str]) -> Path:
        """Write the routine as JSON to ``path``, atomically, and return the path.

        The text is written to a temporary file in the same folder, flushed to disk and then moved
        over ``path`` in one step: a crash or an error never leaves a half-written routine, and a
        failed save leaves an existing file as it was. The folder is created when missing.
        """
        return _atomic_write(Path(path), self.to_json())

    @classmethod
    def load(cls, path: str | PathLike[str], catalog: pd.DataFrame | None = None) -> "Routine":
        """Read a routine saved by `save`, checking it against ``catalog`` (bundled when None).

        Raises `RoutineError` for a file that cannot be read, is not JSON (for example truncated),
        is not a routine, has an unknown version, or names an exercise missing from the catalog.
        """
        path = Path(path)
        try:
            raw = _read_regular(path)
        except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise RoutineError(f"cannot read routine file {str(path)!r}: {reason}",
                               field="path", value=str(path)) from None
        try:
            data = json.loads(raw.decode("utf-8"))
        except RecursionError:  # brackets nested thousands deep: no routine looks like that
            raise RoutineError(f"{path.name}: not a routine (its JSON is nested too deeply to read)",
                               field="file", value=str(path)) from None
        except UnicodeDecodeError as exc:
            raise RoutineError(f"{path.name}: not UTF-8 text (byte {exc.start})", field="file",
                               value=str(path)) from None
        except json.JSONDecodeError as exc:
            raise RoutineError(f"{path.name}: not valid JSON (damaged or cut short?) at line {exc.lineno}, "
                               f"column {exc.colno}: {exc.msg}", field="file", value=str(path)) from None
        except ValueError as exc:  # a number of thousands of digits (Python refuses to convert it)
            raise RoutineError(f"{path.name}: not a routine ({exc})", field="file", value=str(path)) from None
        try:
            return cls.from_dict(data, catalog)
        except RoutineError as exc:
            raise RoutineError(exc.problem, item=exc.item, index=exc.index, field=exc.field,
                               value=exc.value if exc._has_value else _MISSING, source=path.name) from None

    # -- printable sheet (backnotes.sheet) --------------------------------------------------------
    def to_markdown(self, catalog: pd.DataFrame | None = None, *, date: _date | None = None) -> str:
        """The printable sheet as Markdown: see `backnotes.sheet.to_markdown`."""
        from .sheet import to_markdown

        return to_markdown(self, catalog, date=date)

    def to_html(self, catalog: pd.DataFrame | None = None, *, date: _date | None = None,
                fragment: bool = False, pictures: bool = True) -> str:
        """The printable sheet as HTML, with each exercise's start and end pictures: see
        `backnotes.sheet.to_html`."""
        from .sheet import to_html

        return to_html(self, catalog, date=date, fragment=fragment, pictures=pictures)

    def save_html(self, path: str | PathLike[str], catalog: pd.DataFrame | None = None, *,
                  date: _date | None = None) -> Path:
        """Write the printable sheet to ``path`` atomically: see `backnotes.sheet.save_html`."""
        from .sheet import save_html

        return save_html(self, path, catalog, date=date)


# files are written atomically (temporary file + fsync + rename): see backnotes.files
_atomic_write = atomic_write


def routines_folder(*, create: bool = True) -> Path:
    """Where a person's saved routines go: ``backnotes.data_home() / "routines"``."""
    from .paths import data_home

    folder = data_home(create=create) / "routines"
    if create:
        private_folder(folder)
    return folder


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.strip().casefold()).strip("-")


#: Largest routine file read, in bytes (a routine of 100 exercises takes a few KiB).
MAX_ROUTINE_BYTES = 1 << 20


def _read_regular(path: Path) -> bytes:
    """The bytes of ``path`` when it is a regular file (after links) of at most MAX_ROUTINE_BYTES;
    OSError otherwise. Opened without blocking, so a FIFO or device named ``x.json`` cannot hang."""
    import errno
    import os
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a folder, pipe or device)")
        if info.st_size > MAX_ROUTINE_BYTES:
            raise OSError(errno.EFBIG, f"larger than {MAX_ROUTINE_BYTES // 1024} KiB: not a routine file")
        chunks, size = [], 0
        while size <= MAX_ROUTINE_BYTES:
            chunk = os.read(fd, MAX_ROUTINE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _is_file(path: Path) -> bool:
    """``path.is_file()``, but False for a name the system cannot even look up (too long, a NUL
    byte...): such a text is not a routine file, so the name lookup goes on and ends in RoutineError."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def ready_made_routines() -> list[str]:
    """Names of the routines shipped with backnotes (``"article-full"``, ``"gentle-start"``)."""
    folder = resources.files("backnotes").joinpath("data/routines")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))


def load_routine(name_or_path: str | PathLike[str], catalog: pd.DataFrame | None = None) -> Routine:
    """A routine by name or file path.

    A path to an existing file loads that file. A name (``"gentle-start"``, ``"Gentle start"``)
    looks first in your saved routines (`routines_folder`) and then among the ready-made ones
    (`ready_made_routines`). Raises `RoutineError` listing the ready-made names when nothing matches.

    >>> import backnotes
    >>> r = backnotes.load_routine("gentle-start")
    >>> len(r.items)
    5
    """
    path = Path(name_or_path)
    if _is_file(path):
        return Routine.load(path, catalog)
    text = str(name_or_path)
    slug = _slug(text[:-5] if text.endswith(".json") else text)
    if slug:
        own = routines_folder(create=False) / f"{slug}.json"
        if _is_file(own):
            return Routine.load(own, catalog)
        for ready in ready_made_routines():
            res = resources.files("backnotes").joinpath(f"data/routines/{ready}.json")
            # match the file name, or the routine's own name ("The article's full routine")
            if slug == ready or slug == _slug(str(json.loads(res.read_text(encoding="utf-8")).get("name", ""))):
                with resources.as_file(res) as real:
                    return Routine.load(real, catalog)
    raise RoutineError(f"no routine file or saved routine by that name; ready-made routines: "
                       f"{', '.join(map(repr, ready_made_routines()))}", field="name", value=text)


def time_by_area(routines: Routine | Sequence[Routine], catalog: pd.DataFrame | None = None) -> pd.DataFrame:
    """Minutes each routine spends on each body area, as a tidy frame.

    One row per routine and body area it works (``BODY_AREAS`` order): ``routine`` (its name),
    ``area`` (ordered category), ``seconds``, ``minutes``. An exercise counts in full for every area
    it works, so the areas of one routine add up to more than its total time.
    """
    if isinstance(routines, Routine):
        routines = [routines]
    if catalog is None:
        catalog = _bundled_catalog()
    rows = []
    for r in routines:
        per_item = r.to_frame(catalog)
        secs = dict.fromkeys(BODY_AREAS, 0.0)
        for areas, s in zip(per_item["body_areas"], per_item["seconds"]):
            for a in areas:
                secs[a] += s
        rows += [{"routine": r.name, "area": a, "seconds": s, "minutes": s / 60} for a, s in secs.items() if s > 0]
    df = pd.DataFrame(rows, columns=["routine", "area", "seconds", "minutes"])
    df["routine"] = df["routine"].astype("str")
    df["area"] = pd.Categorical(df["area"], categories=list(BODY_AREAS), ordered=True)
    return df.astype({"seconds": "float64", "minutes": "float64"})
