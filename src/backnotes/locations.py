"""Where it hurts, as people and other apps write it: location words -> our body areas and a side.

``"Left calf; Left foot"``, ``"calf (right)"``, ``"L thigh"``, ``"right-sided buttock"``,
``"Lower back, Glutes"`` all read as areas from `backnotes.BODY_AREAS` plus a side ("left", "right",
"both" or None). Singular and plural, common synonyms (buttock or bottom -> glutes, thigh -> thighs,
calf or shin -> calves, foot, ankle or toes -> ankles and feet, low back or lumbar -> lower back, ...)
and a side written before or after the place are understood. A word not known is returned in
``unknown`` so the caller can say which word and how to map it (``area_map={"sciatic nerve": "glutes"}``).

The journal's `log_pain` and `import_csv` both use `parse_locations`.

>>> parse_locations("Left calf; left foot")
Locations(areas=('calves', 'ankles and feet'), side='left', unknown=())
>>> parse_locations("Lower back, buttock (right), L thigh").side
'both'
>>> parse_locations("sciatic nerve", area_map={"sciatic nerve": "glutes"}).areas
('glutes',)
>>> leg_extent_of(("lower back", "glutes", "calves"))
'below knee'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from .journal_base import LEG_EXTENTS, SIDES
from .vocab import BODY_AREAS

__all__ = ["Locations", "SYNONYMS", "LEG_EXTENT_OF_AREA", "parse_locations", "parse_side", "leg_extent_of",
           "normalise", "check_area_map", "combine_sides", "Locator"]

#: Location words (lower case, single spaces) -> one of `BODY_AREAS`. Plurals and the area names
#: themselves are added below. Kept to words whose meaning is clear; "back" (upper or lower?),
#: "leg" and "knee" are left for the person to map.
SYNONYMS: dict[str, str] = {
    # neck
    "cervical": "neck", "cervical spine": "neck", "nape": "neck",
    # shoulders
    "shoulder": "shoulders",
    # arms (the vocabulary has one word for the whole arm)
    "arm": "arms", "upper arm": "arms", "forearm": "arms", "elbow": "arms", "wrist": "arms", "hand": "arms",
    # chest
    "ribs": "chest", "rib": "chest", "breastbone": "chest", "sternum": "chest",
    # upper back
    "thoracic": "upper back", "thoracic spine": "upper back", "mid back": "upper back",
    "middle back": "upper back", "shoulder blade": "upper back", "between the shoulder blades": "upper back",
    "between shoulder blades": "upper back", "upper spine": "upper back",
    # abdominals
    "abdomen": "abdominals", "abdominal": "abdominals", "abs": "abdominals", "belly": "abdominals",
    "stomach": "abdominals", "tummy": "abdominals", "core": "abdominals",
    # lower back
    "low back": "lower back", "lumbar": "lower back", "lumbar spine": "lower back", "lumbosacral": "lower back",
    "lower spine": "lower back", "small of the back": "lower back", "small of back": "lower back",
    "sacrum": "lower back", "sacral": "lower back", "sacroiliac": "lower back", "sacroiliac joint": "lower back",
    "si joint": "lower back", "tailbone": "lower back", "coccyx": "lower back", "lower lumbar": "lower back",
    # hips
    "hip": "hips", "hip joint": "hips", "groin": "hips",
    # glutes
    "glute": "glutes", "gluteal": "glutes", "gluteus": "glutes", "buttock": "glutes", "buttocks": "glutes",
    "bottom": "glutes", "bum": "glutes", "butt": "glutes", "seat": "glutes", "piriformis": "glutes",
    # hamstrings (back of the thigh)
    "hamstring": "hamstrings", "back of thigh": "hamstrings", "back of the thigh": "hamstrings",
    "back of thighs": "hamstrings", "back of the thighs": "hamstrings", "posterior thigh": "hamstrings",
    # thighs (front and inner thigh)
    "thigh": "thighs", "upper leg": "thighs", "front of thigh": "thighs", "front of the thigh": "thighs",
    "inner thigh": "thighs", "outer thigh": "thighs", "quad": "thighs", "quads": "thighs",
    "quadriceps": "thighs", "adductor": "thighs", "adductors": "thighs",
    # calves (the lower leg)
    "calf": "calves", "lower leg": "calves", "shin": "calves", "shins": "calves", "back of the knee": "calves",
    "back of knee": "calves",
    # ankles and feet
    "foot": "ankles and feet", "feet": "ankles and feet", "ankle": "ankles and feet",
    "ankles": "ankles and feet", "toe": "ankles and feet", "toes": "ankles and feet",
    "big toe": "ankles and feet", "heel": "ankles and feet", "heels": "ankles and feet",
    "sole": "ankles and feet", "soles": "ankles and feet", "instep": "ankles and feet",
    "ankle and foot": "ankles and feet", "foot and ankle": "ankles and feet",
    "ankles and foot": "ankles and feet", "feet and ankles": "ankles and feet",
}
for _area in BODY_AREAS:
    SYNONYMS.setdefault(_area, _area)
for _word, _area in list(SYNONYMS.items()):  # plurals written by people: "lower backs" is rare, "calfs" is not
    for _plural in (_word + "s", _word + "es"):
        SYNONYMS.setdefault(_plural, _area)
SYNONYMS.setdefault("calfs", "calves")

#: Leg areas -> how far down the leg they reach (`LEG_EXTENTS`); other areas say nothing about it.
LEG_EXTENT_OF_AREA: dict[str, str] = {
    "glutes": "buttock", "hamstrings": "thigh", "thighs": "thigh", "calves": "below knee",
    "ankles and feet": "foot",
}

#: Side words -> our side. "l" and "r" only count as a separate word ("L calf", "calf (R)").
_SIDE_WORDS: dict[str, str] = {
    "left": "left", "l": "left", "lt": "left", "lft": "left",
    "right": "right", "r": "right", "rt": "right", "rgt": "right",
    "both": "both", "bilateral": "both", "both sides": "both", "left and right": "both",
    "right and left": "both", "l and r": "both", "r and l": "both",
}
_SIDE = r"(?:left and right|right and left|l and r|r and l|both sides|left|right|lft|rgt|lt|rt|l|r|both|bilateral)"
_BEFORE = re.compile(rf"^(?:on the )?(?P<side>{_SIDE})(?: ?sided| side| hand side)?(?: of(?: the)?)? (?P<rest>.+)$")
_AFTER = re.compile(rf"^(?P<rest>.+?),? (?:on )?(?:the )?(?:(?P<side>{_SIDE})(?: ?sided| side| hand side)?)$")
_ONLY_SIDE = re.compile(rf"^(?:on )?(?:the )?(?P<side>{_SIDE})(?: ?sided| side| hand side)?$")
_PUNCT = re.compile(r"[()\[\]{}.:_/\\-]+")
_SPACE = re.compile(r"\s+")
_FILLER = re.compile(r"^(?:my |the )+|(?: area| region| pain| muscles?)+$")


@dataclass(frozen=True)
class Locations:
    """The result of `parse_locations`: ``areas`` (from `BODY_AREAS`, head-to-foot order, each once),
    ``side`` ("left", "right", "both" or None) and the ``unknown`` words as written."""

    areas: tuple[str, ...]
    side: str | None
    unknown: tuple[str, ...]

    @cached_property
    def text(self) -> str:
        """The areas as the journal stores them: ``"lower back;glutes"``."""
        return ";".join(self.areas)


def normalise(word: str) -> str:
    """Lower case, brackets, dots, dashes and underscores as spaces, single spaces: the form looked up."""
    return _SPACE.sub(" ", _PUNCT.sub(" ", word.lower())).strip()


def parse_side(text: str) -> str | None:
    """``"L"``, ``"Left"``, ``"left-sided"``, ``"bilateral"`` ... -> "left"/"right"/"both"; empty -> None.
    Raises ValueError for other text."""
    t = normalise(text)
    if not t:
        return None
    m = _ONLY_SIDE.match(t)
    if not m:
        raise ValueError(f"side {text!r} not known; choose from {', '.join(SIDES)} (or L, R, bilateral; or leave empty)")
    return _SIDE_WORDS[m["side"]]


def check_area_map(area_map: Mapping[str, str | None] | None) -> dict[str, str | None]:
    """Validate a person's ``{their word: our area or None}`` mapping; return it with normalised keys.
    None (or "") as the area means "ignore this word". Raises ValueError naming a bad entry."""
    if area_map is None:
        return {}
    if not isinstance(area_map, Mapping):
        raise ValueError("area_map: a mapping from a location word to one of our areas expected, "
                         "like {'sciatic nerve': 'glutes'}")
    out: dict[str, str | None] = {}
    for word, area in area_map.items():
        if not isinstance(word, str) or not normalise(word):
            raise ValueError(f"area_map: the words mapped must be texts, got {word!r}")
        if area is None or area == "":
            out[normalise(word)] = None
            continue
        target = SYNONYMS.get(normalise(area)) if isinstance(area, str) else None
        if target is None:
            raise ValueError(f"area_map: {word!r} -> {area!r}: the area must be one of {', '.join(BODY_AREAS)} "
                             "(or None to ignore the word)")
        out[normalise(word)] = target
    return out


def _split(text: str) -> list[str]:
    return [p for p in (s.strip() for s in re.split(r"[;,\n|+]", text)) if p]


def _one(part: str, area_map: Mapping[str, str | None]) -> tuple[str | None, str | None, bool]:
    """One place -> (area or None, side or None, known?)."""
    t = normalise(part)

    def look(words: str) -> tuple[str | None, bool]:
        for w in (words, _FILLER.sub("", words).strip()):
            if w in area_map:
                return area_map[w], True
            if w in SYNONYMS:
                return SYNONYMS[w], True
        return None, False

    area, known = look(t)  # a mapped or known phrase as written wins ("left and right" is no area)
    if known:
        return area, None, True
    m = _ONLY_SIDE.match(t)
    if m:
        return None, _SIDE_WORDS[m["side"]], True
    for pattern in (_BEFORE, _AFTER):
        m = pattern.match(t)
        if m:
            area, known = look(m["rest"].strip())
            if known:
                return area, _SIDE_WORDS[m["side"]], True
    return None, None, False


def combine_sides(sides: Iterable[str | None]) -> str | None:
    """Sides of several places -> one: left and right (or any "both") -> "both"; none said -> None."""
    said = {s for s in sides if s}
    if not said:
        return None
    return said.pop() if len(said) == 1 else "both"


class Locator:
    """`parse_locations` with a checked ``area_map`` and a memory: an import calls it once per distinct
    cell (people use few distinct location texts, so this is cheap on 100,000 rows)."""

    def __init__(self, area_map: Mapping[str, str | None] | None = None) -> None:
        self.area_map = check_area_map(area_map)
        self._seen: dict[str, Locations] = {}

    def __call__(self, text: str | Iterable[str] | None) -> Locations:
        if isinstance(text, str):
            found = self._seen.get(text)
            if found is None:
                found = self._seen[text] = self._parse(_split(text))
            return found
        if text is None:
            return self._parse([])
        return self._parse([p.strip() for p in text if p.strip()])

    def _parse(self, parts: list[str]) -> Locations:
        areas: set[str] = set()
        sides: list[str | None] = []
        unknown: list[str] = []
        for part in parts:
            area, side, known = _one(part, self.area_map)
            if not known:
                unknown.append(part)
                continue
            if area:
                areas.add(area)
            sides.append(side)
        return Locations(tuple(a for a in BODY_AREAS if a in areas), combine_sides(sides), tuple(unknown))


def parse_locations(text: str | Iterable[str] | None, *,
                    area_map: Mapping[str, str | None] | None = None) -> Locations:
    """Read location words: a text with places separated by ";" or "," (or a list of places).

    ``area_map`` adds the person's own words (``{"sciatic nerve": "glutes"}``; None ignores a word);
    it is checked with `check_area_map`. Unknown places are returned in ``Locations.unknown``, never
    guessed. A side word on its own ("left") gives the side of the entry.
    """
    return Locator(area_map)(text)


def leg_extent_of(areas: Iterable[str]) -> str | None:
    """The most distal leg area -> a `LEG_EXTENTS` word (glutes -> buttock, thighs or hamstrings ->
    thigh, calves -> below knee, ankles and feet -> foot); None when no leg area is named (that says
    nothing about the leg, so it is not "none")."""
    reached = [LEG_EXTENTS.index(LEG_EXTENT_OF_AREA[a]) for a in areas if a in LEG_EXTENT_OF_AREA]
    return LEG_EXTENTS[max(reached)] if reached else None
