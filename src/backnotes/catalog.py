"""The exercise catalog: load, validate and filter it as pandas tables.

The bundled catalog lives in ``backnotes/data/exercises.toml`` inside the package; a person's own
catalog in the same TOML format loads through ``load_exercises(path)``.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources
from os import PathLike
from typing import Any

import numpy as np
import pandas as pd

from .vocab import BODY_AREAS, EQUIPMENT, KINDS, LEVELS, PHASES, POSITIONS, VOCABULARIES

__all__ = [
    "BODY_AREAS",
    "CatalogError",
    "COLUMNS",
    "VARIANTS",
    "load_exercises",
    "catalog_metadata",
    "exercise_areas",
    "count_by_area",
    "filter_exercises",
    "dose_text",
    "frame_from_records",
    "validate_record",
]

#: The columns of a catalog frame, in order (the index is ``id``).
COLUMNS: tuple[str, ...] = (
    "name", "aka", "article_name", "phase", "kind", "body_areas", "position", "equipment", "level",
    "sets", "reps", "hold_s", "rest_s", "tempo_s", "per_side", "dose_ladder",
    "summary", "steps", "cues", "cautions", "notes", "source",
)

#: The columns of the named variants (issue 17): which exercise a row is an easier or harder form of.
VARIANT_COLUMNS: tuple[str, ...] = ("variant_of", "variant")
COLUMNS = (*COLUMNS, *VARIANT_COLUMNS)
#: Allowed values of ``variant`` ("" for an exercise that is not a variant).
VARIANTS: tuple[str, ...] = ("easier", "harder")

_TUPLE_FIELDS = ("aka", "body_areas", "steps", "cues", "cautions")
_REQUIRED = ("id", "name", "phase", "kind", "body_areas", "sets", "reps", "rest_s", "steps")
_OPTIONAL_TEXT = ("article_name", "summary", "notes", "source")
_LIMITS = {"sets": (1, 10), "reps": (1, 100), "hold_s": (1, 300), "rest_s": (0, 600), "tempo_s": (0.5, 30)}


class CatalogError(ValueError):
    """A catalog that cannot be used: malformed file, missing field, unknown value, duplicate id.

    The message names the exercise (its id, or its record number when the id is unknown), the field
    and the problem; the same three are kept as attributes ``exercise``, ``field`` and ``problem``.
    """

    def __init__(self, exercise: str | None, field: str | None, problem: str) -> None:
        self.exercise, self.field, self.problem = exercise, field, problem
        where = [p for p in (exercise, f"field {field!r}" if field else None) if p]
        super().__init__(": ".join([*where, problem]))


def _allowed(values: Iterable[str]) -> str:
    return ", ".join(repr(v) for v in values)


def validate_record(raw: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Check one exercise record and return it normalised to the catalog columns.

    ``where`` names the record in error messages (``"exercise 'glute-bridge'"`` or ``"record 7"``).
    Raises `CatalogError` naming the field and the problem.
    """

    def fail(field: str | None, problem: str) -> CatalogError:
        return CatalogError(where, field, problem)

    for field in _REQUIRED:
        if field not in raw or raw[field] is None or raw[field] == "":
            raise fail(field, "missing (required)")
    rec: dict[str, Any] = {"id": raw["id"]}
    if not isinstance(rec["id"], str) or not rec["id"].strip():
        raise fail("id", f"must be a non-empty text, got {rec['id']!r}")
    if not isinstance(raw["name"], str):
        raise fail("name", f"must be text, got {raw['name']!r}")
    rec["name"] = raw["name"].strip()

    for field in _TUPLE_FIELDS:
        value = raw.get(field, ())
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise fail(field, f"must be a list of texts, got {value!r}")
        if not all(isinstance(v, str) for v in value):
            raise fail(field, f"must hold only texts, got {list(value)!r}")
        rec[field] = tuple(v.strip() for v in value)
    if not rec["body_areas"]:
        raise fail("body_areas", f"needs at least one area; allowed: {_allowed(BODY_AREAS)}")
    for area in rec["body_areas"]:
        if area not in BODY_AREAS:
            raise fail("body_areas", f"unknown area {area!r}; allowed: {_allowed(BODY_AREAS)}")
    if len(set(rec["body_areas"])) != len(rec["body_areas"]):
        raise fail("body_areas", "lists an area twice")
    if not rec["steps"]:
        raise fail("steps", "needs at least one step")

    defaults = {"position": None, "equipment": "none", "level": "beginner"}
    for field, vocab in VOCABULARIES.items():
        value = raw.get(field, defaults.get(field))
        if value is None and field == "position":
            rec[field] = None  # imported catalogs may not say how to stand
            continue
        if value not in vocab:
            raise fail(field, f"unknown value {value!r}; allowed: {_allowed(vocab)}")
        rec[field] = value

    for field in ("sets", "reps", "rest_s"):
        rec[field] = _number(raw[field], field, fail, integer=True)
    kind = rec["kind"]
    if kind == "hold":
        if raw.get("hold_s") is None:
            raise fail("hold_s", "missing: a 'hold' exercise needs its hold time in seconds")
        if raw.get("tempo_s") is not None:
            raise fail("tempo_s", "a 'hold' exercise has no rep tempo; give hold_s only")
        rec["hold_s"] = _number(raw["hold_s"], "hold_s", fail, integer=True)
        rec["tempo_s"] = math.nan
    else:
        if raw.get("hold_s") is not None:
            raise fail("hold_s", f"a {kind!r} exercise is dosed in reps, not a hold time")
        rec["hold_s"] = None
        rec["tempo_s"] = _number(raw.get("tempo_s", 3.0), "tempo_s", fail, integer=False)
    per_side = raw.get("per_side", False)
    if not isinstance(per_side, bool):
        raise fail("per_side", f"must be true or false, got {per_side!r}")
    rec["per_side"] = per_side
    rec["dose_ladder"] = _dose_ladder(raw.get("dose_ladder"), rec, fail)
    for field in _OPTIONAL_TEXT:
        value = raw.get(field, "")
        if not isinstance(value, str):
            raise fail(field, f"must be text, got {value!r}")
        rec[field] = value.strip()
    rec["variant_of"], rec["variant"] = _variant_fields(raw, fail)
    unknown = set(raw) - set(COLUMNS) - {"id"}
    if unknown:
        raise fail(sorted(unknown)[0], f"unknown field; allowed: {_allowed(COLUMNS)}")
    return rec


def _variant_fields(raw: Mapping[str, Any], fail: Any) -> tuple[str, str]:
    """``variant_of`` and ``variant``: both given (a variant) or neither (an exercise of its own)."""
    of, kind = raw.get("variant_of", ""), raw.get("variant", "")
    if not isinstance(of, str):
        raise fail("variant_of", f"must be the id of another exercise, got {of!r}")
    if kind not in ("", *VARIANTS):
        raise fail("variant", f"unknown value {kind!r}; allowed: {_allowed(VARIANTS)}")
    if bool(of.strip()) != bool(kind):
        missing = "variant" if of.strip() else "variant_of"
        raise fail(missing, "missing: a variant needs both variant_of (the exercise it varies) and variant "
                            f"({_allowed(VARIANTS)})")
    if of.strip() == raw.get("id"):
        raise fail("variant_of", "an exercise cannot be a variant of itself")
    return of.strip(), kind


def _number(value: Any, field: str, fail: Any, *, integer: bool) -> Any:
    low, high = _LIMITS[field]
    ok_type = isinstance(value, int) if integer else isinstance(value, (int, float))
    if isinstance(value, bool) or not ok_type:
        kind = "a whole number" if integer else "a number"
        raise fail(field, f"must be {kind}, got {value!r}")
    if not low <= value <= high:
        raise fail(field, f"{value!r} is outside the allowed range {low}..{high}")
    return value if integer else float(value)


def _dose_ladder(raw: Any, rec: Mapping[str, Any], fail: Any) -> tuple[dict[str, int], ...]:
    """A ``dose_ladder`` (a list of ``{sets, reps, hold_s}`` tables, easiest first) checked: every
    step within the catalog's limits, holds only for hold exercises, the volume rising step by step,
    and the default dose one of the steps. Missing: one step, the default dose."""
    hold = rec["kind"] == "hold"
    default = {"sets": rec["sets"], "reps": rec["reps"], **({"hold_s": rec["hold_s"]} if hold else {})}
    if raw is None:
        return (default,)
    if not isinstance(raw, list) or not raw:
        raise fail("dose_ladder", "must be a list of steps like {sets = 1, reps = 3, hold_s = 20}, easiest first")
    steps = []
    for n, step in enumerate(raw, start=1):
        if not isinstance(step, dict):
            raise fail("dose_ladder", f"step {n} must be a table like {{sets = 1, reps = 8}}, got {step!r}")
        allowed = {"sets", "reps", "hold_s"} if hold else {"sets", "reps"}
        extra = set(step) - allowed
        if extra or not {"sets", "reps"} <= set(step) or (hold and "hold_s" not in step):
            raise fail("dose_ladder", f"step {n}: exactly {', '.join(sorted(allowed))}, got {sorted(step)}")
        steps.append({k: _number(step[k], k, fail, integer=True) for k in ("sets", "reps", "hold_s") if k in step})
    volume = [s["sets"] * s["reps"] * s.get("hold_s", 1) for s in steps]
    if any(b <= a for a, b in zip(volume, volume[1:])):
        raise fail("dose_ladder", "steps must go from easiest to hardest (each step more sets x reps x seconds)")
    if default not in steps:
        raise fail("dose_ladder", f"the default dose {default} must be one of the steps")
    return tuple(steps)


def frame_from_records(records: Iterable[Mapping[str, Any]], meta: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Build a catalog frame from validated records (see `validate_record`); checks ids are unique."""
    rows = list(records)
    seen: set[str] = set()
    for rec in rows:
        if rec["id"] in seen:
            raise CatalogError(f"exercise {rec['id']!r}", "id", "duplicate id: every exercise needs its own")
        seen.add(rec["id"])
    df = pd.DataFrame.from_records(rows, columns=["id", *COLUMNS]).set_index("id")
    for col, vocab in VOCABULARIES.items():
        df[col] = pd.Categorical(df[col], categories=list(vocab), ordered=True)
    for col in ("sets", "reps", "rest_s"):
        df[col] = df[col].astype("int64")
    df["hold_s"] = df["hold_s"].astype("Int64")
    df["tempo_s"] = df["tempo_s"].astype("float64")
    df["per_side"] = df["per_side"].astype(bool)
    for col in ("name", "article_name", "summary", "notes", "source", *VARIANT_COLUMNS):
        df[col] = df[col].astype("str")
    orphans = sorted(set(df["variant_of"]) - set(df.index) - {""})
    if orphans:
        eid = str(df.index[df["variant_of"] == orphans[0]][0])
        raise CatalogError(f"exercise {eid!r}", "variant_of", f"no exercise {orphans[0]!r} in this catalog")
    df.attrs["meta"] = dict(meta or {})
    return df


def _read_toml(path: str | PathLike[str] | None) -> tuple[dict[str, Any], str]:
    if path is None:
        text = resources.files("backnotes").joinpath("data/exercises.toml").read_text(encoding="utf-8")
        label = "bundled catalog"
    else:
        label = str(path)
        try:
            with open(path, "rb") as fh:
                raw = fh.read()
        except OSError as exc:
            raise CatalogError(None, None, f"cannot read catalog file {label!r}: {exc.strerror or exc}") from exc
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CatalogError(None, None, f"{label}: not UTF-8 text (byte {exc.start})") from exc
    try:
        return tomllib.loads(text), label
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(None, None, f"{label}: not valid TOML: {exc}") from exc


def load_exercises(path: str | PathLike[str] | None = None, *, variants: bool = False) -> pd.DataFrame:
    """Load an exercise catalog as a DataFrame, one row per exercise, indexed by ``id``.

    With no ``path`` this is the bundled catalog: the 11 exercises of the article (5 warm-up
    stretches, 6 strengthening exercises). ``path`` loads your own catalog written in the same TOML
    format (a ``[[exercise]]`` table per exercise with the fields below).

    ``variants=True`` also returns the named variants: an easier and a harder form of each
    strengthening exercise (e.g. ``"single-leg-bridge"``, a harder glute bridge), rows whose
    ``variant_of`` names the exercise they vary. By default they are left out, so the catalog is
    the article's 11 exercises.

    Data dictionary (one row per exercise):

    ===============  ================  ============================================================
    column           type              meaning
    ===============  ================  ============================================================
    id (index)       str               short slug, e.g. ``"glute-bridge"``
    name             str               plain name used in the notebooks
    aka              tuple[str, ...]   other names (glute bridge, sphinx, child's pose, ...)
    article_name     str               what the source article calls it ("" when not from it)
    phase            ordered category  ``backnotes.PHASES``: warm-up stretch < strengthening < ...
    kind             ordered category  ``backnotes.KINDS``: hold (seconds), reps, mobility (reps)
    body_areas       tuple[str, ...]   areas worked, main one first, from ``backnotes.BODY_AREAS``
    position         ordered category  ``backnotes.POSITIONS`` (missing for some imported catalogs)
    equipment        ordered category  ``backnotes.EQUIPMENT``
    level            ordered category  ``backnotes.LEVELS``
    sets             int64             default number of sets
    reps             int64             repetitions per set; for holds, holds per set (per side)
    hold_s           Int64             seconds per hold (missing unless kind is hold)
    rest_s           int64             seconds of rest between holds or sets
    tempo_s          float64           seconds per repetition (NaN for holds)
    per_side         bool              done once for the left and once for the right side
    dose_ladder      tuple[dict, ...]  dose steps, easiest first: ``{"sets", "reps"}`` (+ ``"hold_s"``
                                       for holds); the default dose is one step; ACSM ranges
                                       (Garber et al. 2011); one step, the default, when a catalog
                                       gives none. `backnotes.plan` moves one step at a time
    summary          str               one line on what it is for
    steps            tuple[str, ...]   how to do it, step by step
    cues             tuple[str, ...]   short reminders while doing it (breathing, no bouncing)
    cautions         tuple[str, ...]   when to go easier or stop
    notes            str               corrections and background ("" when none)
    source           str               where the exercise comes from
    variant_of       str               the id of the exercise this row is a variant of ("" if none)
    variant          str               ``"easier"`` or ``"harder"`` (`VARIANTS`; "" if not a variant)
    ===============  ================  ============================================================

    ``df.attrs["meta"]`` holds the catalog's metadata, including the source article's title,
    author and date.

    Raises `CatalogError` naming the exercise, the field and the problem for any bad catalog.

    Example
    -------
    >>> import backnotes
    >>> df = backnotes.load_exercises()
    >>> row = df.loc["glute-bridge"]
    >>> row["name"], row["kind"], int(row["sets"]), int(row["reps"])
    ('Glute bridge', 'reps', 2, 10)
    >>> df["phase"].value_counts().sort_index().tolist()
    [5, 6, 0]
    """
    doc, label = _read_toml(path)
    if doc.get("format", 1) != 1:
        raise CatalogError(None, "format", f"{label}: unknown catalog format {doc.get('format')!r}; allowed: 1")
    meta = doc.get("meta", {})
    if not isinstance(meta, dict):
        raise CatalogError(None, "meta", f"{label}: [meta] must be a table")
    exercises = doc.get("exercise")
    if not isinstance(exercises, list) or not exercises:
        raise CatalogError(None, "exercise", f"{label}: no [[exercise]] tables found")
    source = _source_text(meta)
    records = []
    for number, raw in enumerate(exercises, start=1):
        eid = raw.get("id")
        where = f"exercise {eid!r}" if isinstance(eid, str) and eid else f"exercise #{number}"
        raw = dict(raw)
        raw.setdefault("source", source)
        records.append(validate_record(raw, where))
    df = frame_from_records(records, meta={**meta, "path": label})
    return df if variants else df[df["variant_of"] == ""]


def _source_text(meta: Mapping[str, Any]) -> str:
    if "source_title" not in meta:
        return ""
    parts = [meta.get("source_author"), f"\u201c{meta['source_title']}\u201d", meta.get("source_date")]
    return ", ".join(str(p) for p in parts if p)


def catalog_metadata(df: pd.DataFrame) -> dict[str, Any]:
    """The metadata a catalog frame was loaded with (source article, path), as a dict."""
    return dict(df.attrs.get("meta", {}))


def exercise_areas(df: pd.DataFrame) -> pd.DataFrame:
    """A tidy table with one row per exercise and body area it works.

    Columns: ``id``, ``name``, ``area`` (ordered category over ``BODY_AREAS``), ``primary`` (True
    for the first-listed, main area), ``phase``, ``kind``, ``position``, ``equipment``. Use it for
    group-bys and plots, e.g. ``pd.crosstab(t["area"], t["position"])``.
    """
    cols = ["name", "phase", "kind", "position", "equipment"]
    tidy = df[["body_areas", *cols]].reset_index().rename(columns={"body_areas": "area"})
    tidy["primary"] = [tuple(range(len(a))) for a in tidy["area"]]
    tidy = tidy.explode(["area", "primary"], ignore_index=True).dropna(subset=["area"])
    tidy["primary"] = tidy["primary"].eq(0)
    tidy["area"] = pd.Categorical(tidy["area"], categories=list(BODY_AREAS), ordered=True)
    return tidy[["id", "name", "area", "primary", *cols[1:]]].reset_index(drop=True)


def count_by_area(df: pd.DataFrame) -> pd.Series:
    """Number of exercises that work each body area, for every area in ``BODY_AREAS`` order."""
    counts = exercise_areas(df)["area"].value_counts(sort=False)
    return counts.reindex(list(BODY_AREAS), fill_value=0).rename("exercises")


def _as_choice(value: str | Iterable[str] | None, field: str, vocab: tuple[str, ...]) -> set[str] | None:
    if value is None:
        return None
    values = {value} if isinstance(value, str) else set(value)
    bad = sorted(v for v in values if v not in vocab)
    if bad:
        raise ValueError(f"{field}: unknown value {bad[0]!r}; allowed: {_allowed(vocab)}")
    return values


def filter_exercises(
    df: pd.DataFrame,
    *,
    areas: str | Iterable[str] | None = None,
    position: str | Iterable[str] | None = None,
    equipment: str | Iterable[str] | None = None,
    phase: str | Iterable[str] | None = None,
    kind: str | Iterable[str] | None = None,
    text: str | None = None,
) -> pd.DataFrame:
    """Return the rows of a catalog frame that match every given filter.

    Each filter takes one value or several (any of them matches); ``None`` means no filter, and an
    empty list matches nothing. ``areas`` matches exercises that work any of the areas. ``text`` is a
    case-insensitive search of the name, other names (``aka``, ``article_name``) and steps.
    An unknown value raises `ValueError` naming the filter and the allowed values.

    >>> import backnotes
    >>> df = backnotes.load_exercises()
    >>> list(backnotes.filter_exercises(df, areas="calves", position="standing").index)
    ['wall-calf-stretch', 'calf-raise']
    """
    mask = np.ones(len(df), dtype=bool)
    wanted_areas = _as_choice(areas, "areas", BODY_AREAS)
    if wanted_areas is not None:
        mask &= np.fromiter((not wanted_areas.isdisjoint(a) for a in df["body_areas"]), bool, len(df))
    for field, value, vocab in (
        ("position", position, POSITIONS),
        ("equipment", equipment, EQUIPMENT),
        ("phase", phase, PHASES),
        ("kind", kind, KINDS),
    ):
        wanted = _as_choice(value, field, vocab)
        if wanted is not None:
            mask &= df[field].isin(list(wanted)).to_numpy()
    if text is not None and text.strip():
        needle = text.strip().casefold()
        hay = (
            " ".join((name, article, *aka, *steps)).casefold()
            for name, article, aka, steps in zip(df["name"], df["article_name"], df["aka"], df["steps"])
        )
        mask &= np.fromiter((needle in h for h in hay), bool, len(df))
    return df[mask]


def _field(row: Any, name: str) -> Any:
    """``row[name]`` for a Series or mapping, ``row.name`` for an object (e.g. a RoutineItem);
    None when absent or missing (NaN/NA)."""
    value = row.get(name) if isinstance(row, (Mapping, pd.Series)) else getattr(row, name, None)
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def dose_text(row: Any) -> str:
    """A dose in plain words, e.g. ``"3 holds of 20 s each side, 10 s rest"``.

    ``row`` is one catalog row (``df.loc[id]``), a mapping with the same keys, or any object with
    those attributes (such as a `backnotes.RoutineItem`): ``kind``, ``sets``, ``reps``, ``hold_s``,
    ``rest_s``, ``tempo_s`` and ``per_side``. For holds the rest is between holds; for reps it is
    between sets.

    >>> import backnotes
    >>> df = backnotes.load_exercises()
    >>> dose_text(df.loc["knee-to-chest"])
    '3 holds of 20 s each side, 10 s rest'
    >>> dose_text(df.loc["glute-bridge"])
    '2 sets of 10 reps (about 4 s each), 30 s rest between sets'
    """
    kind = str(_field(row, "kind") or "reps")
    sets = int(_field(row, "sets") or 1)
    reps = int(_field(row, "reps") or 1)
    rest = _field(row, "rest_s")
    side = " each side" if bool(_field(row, "per_side")) else ""
    if kind == "hold":
        hold = _field(row, "hold_s")
        work = f"{_plural(reps, 'hold')} of {int(hold)} s{side}" if hold is not None else f"{_plural(reps, 'hold')}{side}"
        gap = "between holds" if sets == 1 else "between holds and sets"
    else:
        tempo = _field(row, "tempo_s")
        work = f"{_plural(reps, 'rep')}{side}"
        if tempo is not None:
            work += f" (about {float(tempo):g} s each)"
        gap = "between sets"
    text = work if sets == 1 else f"{sets} sets of {work}"
    # Mention a rest only where the timers time one: between holds, or between sets.
    timed = (kind == "hold" and reps > 1) or sets > 1
    if rest is not None and int(rest) > 0 and timed:
        text += f", {int(rest)} s rest" + ("" if kind == "hold" and sets == 1 else f" {gap}")
    return text


# Re-exported for convenience: the vocabularies belong to `backnotes.vocab`.
__all__ += ["POSITIONS", "EQUIPMENT", "PHASES", "KINDS", "LEVELS"]
