"""Crosswalk between two exercise catalogs: for each exercise of one, the exercises of the other
that work the same body areas, in a similar way (names alike, no added load).

Physiotherapy students use it to see what else, in a bigger catalog such as free-exercise-db,
loads the areas an article exercise loads. Both catalogs are frames in the `load_exercises`
columns (``body_areas`` tuples, ``phase``, ``level``, ``equipment``).
"""

from __future__ import annotations

import re

import pandas as pd

from .vocab import BODY_AREAS, EQUIPMENT, LEVELS

__all__ = ["crosswalk", "CROSSWALK_COLUMNS", "area_table", "BODY_WEIGHT_KIT", "KIT_PENALTY"]

#: Columns of the crosswalk table, in order. ``score`` = ``area_score`` + ``name_score`` - ``penalty``.
CROSSWALK_COLUMNS: tuple[str, ...] = (
    "exercise", "exercise_name", "rank", "match", "match_name", "shared_areas", "score",
    "area_score", "name_score", "penalty", "same_phase", "phase", "equipment", "level",
)

_NEEDED = ("name", "body_areas", "phase", "equipment", "level")

#: Equipment that carries the body's own weight or just supports it (our exercises use only these).
BODY_WEIGHT_KIT: frozenset[str] = frozenset({"none", "mat", "wall", "chair or support"})
#: Penalties subtracted from the score for a match that needs more than the body's own weight:
#: loaded or machine lifts are a different exercise from a body-weight rehabilitation one.
KIT_PENALTY: dict[str, float] = {"weights": 0.75, "machine": 0.75, "other": 0.3, "exercise ball": 0.2,
                                 "foam roller": 0.3, "band": 0.1}
#: Penalty per level a match is harder than ours (beginner -> expert: two levels).
LEVEL_PENALTY = 0.15
#: Bonus for the same phase: a stretch is no stand-in for a strengthening exercise, or the reverse.
PHASE_BONUS = 0.5
#: Weight of the name similarity (the share of name words in common, 0-1).
NAME_WEIGHT = 0.75

_STOP = {"a", "an", "and", "the", "of", "on", "in", "to", "with", "up", "your", "for", "or", "s"}
_SAME = {"calves": "calf", "knees": "knee", "hips": "hip", "legs": "leg", "toes": "toe", "feet": "foot",
         "stretches": "stretch", "raises": "raise", "lifts": "lift", "crunches": "crunch",
         "presses": "press", "circles": "circle", "turns": "turn", "bridges": "bridge"}


def _check(df: pd.DataFrame, which: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"{which}: expected a catalog DataFrame, got {type(df).__name__}")
    missing = [c for c in _NEEDED if c not in df.columns]
    if missing:
        raise ValueError(f"{which}: missing column {missing[0]!r}; a catalog frame has {', '.join(_NEEDED)}")


def _words(text: str) -> frozenset[str]:
    """Content words of a name, lower case, plurals folded ("Calf Raises" -> {"calf", "raise"})."""
    out = set()
    for w in re.findall(r"[a-z]+", str(text).lower()):
        w = _SAME.get(w, w)
        if w not in _STOP:
            out.add(w)
    return frozenset(out)


def _names(row_name: object, aka: object) -> list[frozenset[str]]:
    """Word sets of an exercise's name and its other names (``aka``, when the catalog has them)."""
    names = [str(row_name)]
    if isinstance(aka, (list, tuple)):
        names += [str(a) for a in aka]
    return [w for w in (_words(n) for n in names) if w]


def _name_score(ours: list[frozenset[str]], theirs: list[frozenset[str]]) -> float:
    """The best share of words in common between any of our names and any of theirs (0-1)."""
    best = 0.0
    for a in ours:
        for b in theirs:
            best = max(best, len(a & b) / len(a | b))
    return best


def _area_score(ours: tuple[str, ...], theirs: tuple[str, ...], same_phase: bool) -> tuple[float, tuple[str, ...]]:
    """Area overlap (Jaccard, 0-1), plus 0.25 when the main areas agree and `PHASE_BONUS` for the same phase."""
    shared = tuple(a for a in ours if a in theirs)
    if not shared:
        return 0.0, ()
    jaccard = len(shared) / len(set(ours) | set(theirs))
    primary = 0.25 if ours[0] == theirs[0] else 0.0
    return jaccard + primary + (PHASE_BONUS if same_phase else 0.0), shared


def _penalty(our_kit: str | None, kit: str | None, our_level: str | None, level: str | None,
             level_rank: dict[str, int]) -> float:
    """What a match needs beyond ours: load or machines for a body-weight exercise, a harder level."""
    pen = 0.0
    if (our_kit is None or our_kit in BODY_WEIGHT_KIT) and kit is not None and kit not in BODY_WEIGHT_KIT:
        pen += KIT_PENALTY.get(kit, 0.3)
    harder = level_rank.get(level or "", 0) - level_rank.get(our_level or "", 0)
    return pen + LEVEL_PENALTY * max(harder, 0)


def crosswalk(ours: pd.DataFrame, theirs: pd.DataFrame, *, per_exercise: int = 5) -> pd.DataFrame:
    """For each exercise in ``ours``, the ``per_exercise`` best matches in ``theirs``.

    A match must share at least one body area. Its ``score`` adds three parts, each in the table so
    a reader can judge a match:

    * ``area_score``: the overlap of the two area lists (shared / all, 0 to 1), plus 0.25 when both
      have the same main (first-listed) area, plus 0.5 when both are in the same phase (a stretch
      for a stretch, strengthening for strengthening);
    * ``name_score``: how alike the names are (the best share of words in common between our name
      or its other names, ``aka``, and theirs), times 0.75: a "calf stretch against a wall" is more
      like our wall calf stretch than "ankle circles" are, though both work the calves;
    * ``penalty`` (subtracted): 0.75 for a barbell, dumbbell, kettlebell or machine exercise when
      ours uses only the body's weight (`KIT_PENALTY` lists the others), and 0.15 per level the
      match is harder than ours. A loaded barbell lift is not a stand-in for a body-weight
      rehabilitation exercise.

    Ties go to the easier level, then less equipment, then the name, so the table is stable.

    Returns one row per (exercise, match) with the columns of `CROSSWALK_COLUMNS`: our id and name,
    ``rank`` (1 = best), their id (``match``) and name, ``shared_areas`` (tuple), ``score`` and its
    parts, ``same_phase`` (bool) and their ``phase``, ``equipment`` and ``level``. Exercises of
    ``ours`` without any match have no rows.

    Raises `ValueError` when a frame lacks a catalog column or ``per_exercise`` is not a positive
    whole number.

    >>> import backnotes
    >>> ours = backnotes.load_exercises()
    >>> t = crosswalk(ours.loc[["small-crunch"]], ours, per_exercise=2)
    >>> t[["match", "shared_areas", "score"]].values.tolist()
    [['small-crunch', ('abdominals',), 2.5], ['double-knee-lift', ('abdominals',), 1.1833]]
    """
    _check(ours, "ours")
    _check(theirs, "theirs")
    if isinstance(per_exercise, bool) or not isinstance(per_exercise, int) or per_exercise < 1:
        raise ValueError(f"per_exercise: must be a whole number of at least 1, got {per_exercise!r}")
    level_rank = {v: i for i, v in enumerate(LEVELS)}
    kit_rank = {v: i for i, v in enumerate(EQUIPMENT)}

    def _opt(v: object) -> str | None:
        return None if v is None or (not isinstance(v, (list, tuple)) and pd.isna(v)) else str(v)

    # plain lists: one pass over the other catalog per exercise stays fast on ~900 rows
    t_ids = list(theirs.index)
    t_areas = [tuple(a) for a in theirs["body_areas"]]
    t_phase = [_opt(p) for p in theirs["phase"]]
    t_names = [str(n) for n in theirs["name"]]
    t_aka = list(theirs["aka"]) if "aka" in theirs.columns else [()] * len(theirs)
    t_words = [_names(n, a) for n, a in zip(t_names, t_aka)]
    t_kit = [_opt(e) for e in theirs["equipment"]]
    t_level = [_opt(v) for v in theirs["level"]]
    o_aka = list(ours["aka"]) if "aka" in ours.columns else [()] * len(ours)
    rows = []
    for oid, oname, oareas, ophase, okit, olevel, oaka in zip(ours.index, ours["name"], ours["body_areas"],
                                                            ours["phase"], ours["equipment"], ours["level"], o_aka):
        oareas = tuple(oareas)
        if not oareas:
            continue
        owords = _names(oname, oaka)
        found = []
        for j, tareas in enumerate(t_areas):
            same = t_phase[j] is not None and t_phase[j] == ophase
            area, shared = _area_score(oareas, tareas, same)
            if not shared:
                continue
            name = NAME_WEIGHT * _name_score(owords, t_words[j])
            pen = _penalty(_opt(okit), t_kit[j], _opt(olevel), t_level[j], level_rank)
            score = round(area + name - pen, 4)
            key = (-score, level_rank.get(t_level[j], 99), kit_rank.get(t_kit[j], 99), t_names[j])
            found.append((key, j, score, round(area, 4), round(name, 4), round(pen, 4), shared, same))
        found.sort(key=lambda f: f[0])
        for rank, (_, j, score, area, name, pen, shared, same) in enumerate(found[:per_exercise], start=1):
            rows.append((oid, str(oname), rank, t_ids[j], t_names[j], shared, score, area, name, pen, same,
                         t_phase[j], t_kit[j], t_level[j]))
    table = pd.DataFrame.from_records(rows, columns=list(CROSSWALK_COLUMNS))
    table["rank"] = table["rank"].astype("int64")
    for col in ("score", "area_score", "name_score", "penalty"):
        table[col] = table[col].astype("float64")
    table["same_phase"] = table["same_phase"].astype(bool)
    for col in ("exercise", "exercise_name", "match", "match_name"):
        table[col] = table[col].astype("str")
    return table


def area_table(df: pd.DataFrame) -> pd.DataFrame:
    """Which body areas each exercise loads, as a grid: one row per exercise (catalog order), one
    column per area it has (``BODY_AREAS`` order), ``"main"`` for the first-listed area, ``"also"``
    for the others and ``""`` for none.

    >>> import backnotes
    >>> area_table(backnotes.load_exercises()).loc["clamshell", ["hips", "glutes", "calves"]].tolist()
    ['main', 'also', '']
    """
    _check(df, "df")
    used = {a for areas in df["body_areas"] for a in areas}
    columns = [a for a in BODY_AREAS if a in used] + sorted(used - set(BODY_AREAS))
    rows = [
        ["main" if areas and areas[0] == a else "also" if a in areas else "" for a in columns]
        for areas in (tuple(x) for x in df["body_areas"])
    ]
    table = pd.DataFrame(rows, index=df.index, columns=pd.Index(columns, name="area"), dtype="str")
    return table
