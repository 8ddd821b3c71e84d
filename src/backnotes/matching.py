"""Crosswalk between two exercise catalogs: for each exercise of one, the exercises of the other
that work the same body areas.

Physiotherapy students use it to see what else, in a bigger catalog such as free-exercise-db,
loads the areas an article exercise loads. Both catalogs are frames in the `load_exercises`
columns (``body_areas`` tuples, ``phase``, ``level``, ``equipment``).
"""

from __future__ import annotations

import pandas as pd

from .vocab import BODY_AREAS, EQUIPMENT, LEVELS

__all__ = ["crosswalk", "CROSSWALK_COLUMNS", "area_table"]

#: Columns of the crosswalk table, in order.
CROSSWALK_COLUMNS: tuple[str, ...] = (
    "exercise", "exercise_name", "rank", "match", "match_name", "shared_areas", "score",
    "same_phase", "phase", "equipment", "level",
)

_NEEDED = ("name", "body_areas", "phase", "equipment", "level")


def _check(df: pd.DataFrame, which: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"{which}: expected a catalog DataFrame, got {type(df).__name__}")
    missing = [c for c in _NEEDED if c not in df.columns]
    if missing:
        raise ValueError(f"{which}: missing column {missing[0]!r}; a catalog frame has {', '.join(_NEEDED)}")


def _score(ours: tuple[str, ...], theirs: tuple[str, ...], same_phase: bool) -> tuple[float, tuple[str, ...]]:
    """Area overlap (Jaccard, 0-1), plus 0.25 when the main areas agree and 0.25 for the same phase."""
    shared = tuple(a for a in ours if a in theirs)
    if not shared:
        return 0.0, ()
    jaccard = len(shared) / len(set(ours) | set(theirs))
    primary = 0.25 if ours[0] == theirs[0] else 0.0
    return round(jaccard + primary + (0.25 if same_phase else 0.0), 4), shared


def crosswalk(ours: pd.DataFrame, theirs: pd.DataFrame, *, per_exercise: int = 5) -> pd.DataFrame:
    """For each exercise in ``ours``, the ``per_exercise`` best matches in ``theirs`` by body area.

    A match must share at least one body area. The score is the overlap of the two area lists
    (shared / all, 0 to 1), plus 0.25 when both have the same main (first-listed) area, plus 0.25
    when both are in the same phase (a stretch for a stretch, strengthening for strengthening).
    Ties go to the easier level, then less equipment, then the name, so the table is stable.

    Returns one row per (exercise, match) with the columns of `CROSSWALK_COLUMNS`: our id and name,
    ``rank`` (1 = best), their id (``match``) and name, ``shared_areas`` (tuple), ``score``,
    ``same_phase`` (bool) and their ``phase``, ``equipment`` and ``level``. Exercises of ``ours``
    without any match have no rows.

    Raises `ValueError` when a frame lacks a catalog column or ``per_exercise`` is not a positive
    whole number.

    >>> import backnotes
    >>> ours = backnotes.load_exercises()
    >>> t = crosswalk(ours.loc[["small-crunch"]], ours, per_exercise=2)
    >>> t[["match", "shared_areas", "score"]].values.tolist()
    [['small-crunch', ('abdominals',), 1.5], ['double-knee-lift', ('abdominals',), 0.8333]]
    """
    _check(ours, "ours")
    _check(theirs, "theirs")
    if isinstance(per_exercise, bool) or not isinstance(per_exercise, int) or per_exercise < 1:
        raise ValueError(f"per_exercise: must be a whole number of at least 1, got {per_exercise!r}")
    level_rank = {v: i for i, v in enumerate(LEVELS)}
    kit_rank = {v: i for i, v in enumerate(EQUIPMENT)}
    # plain lists: one pass over the other catalog per exercise stays fast on ~900 rows
    t_ids = list(theirs.index)
    t_areas = [tuple(a) for a in theirs["body_areas"]]
    t_phase = [None if pd.isna(p) else str(p) for p in theirs["phase"]]
    t_names = [str(n) for n in theirs["name"]]
    t_kit = [None if pd.isna(e) else str(e) for e in theirs["equipment"]]
    t_level = [None if pd.isna(v) else str(v) for v in theirs["level"]]
    rows = []
    for oid, oname, oareas, ophase in zip(ours.index, ours["name"], ours["body_areas"], ours["phase"]):
        oareas = tuple(oareas)
        if not oareas:
            continue
        found = []
        for j, tareas in enumerate(t_areas):
            same = t_phase[j] is not None and t_phase[j] == ophase
            score, shared = _score(oareas, tareas, same)
            if shared:
                key = (-score, level_rank.get(t_level[j], 99), kit_rank.get(t_kit[j], 99), t_names[j])
                found.append((key, j, score, shared, same))
        found.sort(key=lambda f: f[0])
        for rank, (_, j, score, shared, same) in enumerate(found[:per_exercise], start=1):
            rows.append((oid, str(oname), rank, t_ids[j], t_names[j], shared, score, same,
                         t_phase[j], t_kit[j], t_level[j]))
    table = pd.DataFrame.from_records(rows, columns=list(CROSSWALK_COLUMNS))
    table["rank"] = table["rank"].astype("int64")
    table["score"] = table["score"].astype("float64")
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
