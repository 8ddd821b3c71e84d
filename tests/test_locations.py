"""Location words as people and other apps write them -> our body areas, a side, a leg extent."""

from __future__ import annotations

import pytest

from backnotes.locations import (
    SYNONYMS, Locations, Locator, check_area_map, combine_sides, leg_extent_of, parse_locations, parse_side,
)
from backnotes.vocab import BODY_AREAS


@pytest.mark.parametrize("text, areas, side", [
    ("Lower back", ("lower back",), None),
    ("Left calf; Left foot", ("calves", "ankles and feet"), "left"),
    ("calf (right)", ("calves",), "right"),
    ("L calf", ("calves",), "left"),
    ("R. buttock", ("glutes",), "right"),
    ("right-sided buttock", ("glutes",), "right"),
    ("left-hand side of the lower back", ("lower back",), "left"),
    ("calf on the left", ("calves",), "left"),
    ("Right buttock, Left thigh", ("glutes", "thighs"), "both"),
    ("Both calves", ("calves",), "both"),
    ("bilateral buttocks", ("glutes",), "both"),
    ("Lower back, Glutes", ("lower back", "glutes"), None),
    ("Lower back, left", ("lower back",), "left"),  # a side on its own
    ("low back", ("lower back",), None),
    ("lumbar", ("lower back",), None),
    ("Lower-back pain", ("lower back",), None),
    ("bottom", ("glutes",), None),
    ("toes; ankle; heel", ("ankles and feet",), None),
    ("thigh", ("thighs",), None),
    ("Thighs", ("thighs",), None),
    ("calf", ("calves",), None),
    ("Calfs", ("calves",), None),
    ("back of the thigh", ("hamstrings",), None),
    ("Hamstring", ("hamstrings",), None),
    ("Neck", ("neck",), None),
    ("shoulder", ("shoulders",), None),
    ("", (), None),
])
def test_words_people_write(text: str, areas: tuple, side: str | None) -> None:
    found = parse_locations(text)
    assert found == Locations(areas, side, ())


def test_every_area_name_and_its_plural_or_singular_reads() -> None:
    for area in BODY_AREAS:
        assert parse_locations(area.upper()).areas == (area,)
        assert parse_locations(f"left {area}") == Locations((area,), "left", ())
    assert set(SYNONYMS.values()) == set(BODY_AREAS)


def test_unknown_words_are_returned_not_guessed() -> None:
    found = parse_locations("Lower back; sciatic nerve; left leg")
    assert found.areas == ("lower back",) and found.unknown == ("sciatic nerve", "left leg")
    mapped = parse_locations("Lower back; sciatic nerve; left leg",
                             area_map={"Sciatic nerve": "glutes", "leg": "calves"})
    assert mapped == Locations(("lower back", "glutes", "calves"), "left", ())
    ignored = parse_locations("neck, mood", area_map={"mood": None})
    assert ignored == Locations(("neck",), None, ())


def test_list_input_and_order() -> None:
    assert parse_locations(["Glutes", "lower back", "glutes"]).text == "lower back;glutes"


@pytest.mark.parametrize("area_map", [{"x": "elbowz"}, {"x": 3}, {5: "glutes"}, {"": "glutes"}, ["x"]])
def test_bad_area_maps(area_map: object) -> None:
    with pytest.raises(ValueError, match="area_map"):
        check_area_map(area_map)  # type: ignore[arg-type]


def test_area_map_may_use_a_synonym_as_target() -> None:
    assert check_area_map({"Sciatic Nerve": "buttock"}) == {"sciatic nerve": "glutes"}


@pytest.mark.parametrize("text, side", [("L", "left"), ("left", "left"), ("Right-sided", "right"),
                                        ("rt", "right"), ("bilateral", "both"), ("Both", "both"), ("", None),
                                        ("  ", None)])
def test_parse_side(text: str, side: str | None) -> None:
    assert parse_side(text) == side


def test_parse_side_refuses_other_words() -> None:
    with pytest.raises(ValueError, match="left, right, both"):
        parse_side("up")


def test_combine_sides_and_leg_extent() -> None:
    assert combine_sides([None, "left", "left"]) == "left"
    assert combine_sides(["left", "right"]) == "both"
    assert combine_sides(["both", "left"]) == "both"
    assert combine_sides([None]) is None
    assert leg_extent_of(["lower back"]) is None
    assert leg_extent_of(["glutes"]) == "buttock"
    assert leg_extent_of(["hamstrings", "glutes"]) == "thigh"
    assert leg_extent_of(["thighs"]) == "thigh"
    assert leg_extent_of(["calves", "glutes"]) == "below knee"
    assert leg_extent_of(["ankles and feet", "lower back"]) == "foot"


def test_locator_remembers_cells() -> None:
    locate = Locator({"sciatic nerve": "glutes"})
    first = locate("Sciatic nerve, L calf")
    assert locate("Sciatic nerve, L calf") is first
    assert first == Locations(("glutes", "calves"), "left", ())
