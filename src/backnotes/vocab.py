"""The fixed, ordered vocabularies that tag every exercise.

Kept apart from the loaders so that any module (widgets, plots, importers) can use the words without
importing pandas.
"""

from __future__ import annotations

#: Body areas, ordered from head to foot. "thighs" means the front and inner thigh
#: (quadriceps, adductors); the back of the thigh is "hamstrings".
BODY_AREAS: tuple[str, ...] = (
    "neck",
    "shoulders",
    "arms",
    "chest",
    "upper back",
    "abdominals",
    "lower back",
    "hips",
    "glutes",
    "hamstrings",
    "thighs",
    "calves",
    "ankles and feet",
)

#: Starting positions, from lying down to standing.
POSITIONS: tuple[str, ...] = (
    "lying on back",
    "lying on stomach",
    "side-lying",
    "hands and knees",
    "sitting",
    "standing",
)

#: What you need, from nothing to a gym.
EQUIPMENT: tuple[str, ...] = (
    "none",
    "mat",
    "wall",
    "chair or support",
    "band",
    "foam roller",
    "exercise ball",
    "weights",
    "machine",
    "other",
)

#: Where an exercise sits in a session: warm-up stretches come first.
PHASES: tuple[str, ...] = ("warm-up stretch", "strengthening", "conditioning")

#: How an exercise is dosed: held still for seconds, repeated, or moved gently through a range.
KINDS: tuple[str, ...] = ("hold", "reps", "mobility")

#: Difficulty, as in free-exercise-db.
LEVELS: tuple[str, ...] = ("beginner", "intermediate", "expert")

#: Column name -> vocabulary, for every categorical column of a catalog frame.
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "phase": PHASES,
    "kind": KINDS,
    "position": POSITIONS,
    "equipment": EQUIPMENT,
    "level": LEVELS,
}
