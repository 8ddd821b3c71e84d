"""crosswalk: for each of our exercises, the exercises of another catalog that work the same areas."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from backnotes import load_exercises, load_free_exercise_db
from backnotes.matching import CROSSWALK_COLUMNS, crosswalk

REAL_FILE = Path(__file__).resolve().parents[1] / ".." / "shared" / "external" / "free-exercise-db" / "exercises.json"


def _catalog(rows: dict[str, dict]) -> pd.DataFrame:
    """A tiny catalog frame with only the columns crosswalk reads."""
    df = pd.DataFrame.from_dict(rows, orient="index")
    df.index.name = "id"
    return df


def _row(name: str, areas: tuple[str, ...], phase: str = "strengthening", equipment: str = "none",
         level: str = "beginner") -> dict:
    return {"name": name, "body_areas": areas, "phase": phase, "equipment": equipment, "level": level}


OURS = _catalog({
    "bridge": _row("Bridge", ("glutes", "hamstrings", "lower back")),
    "calf": _row("Calf stretch", ("calves",), phase="warm-up stretch"),
    "neck": _row("Neck turn", ("neck",)),
})
THEIRS = _catalog({
    "hip-thrust": _row("Hip thrust", ("glutes", "hamstrings", "lower back"), equipment="weights"),
    "hip-lift": _row("Hip lift", ("glutes", "hamstrings", "lower back")),
    "good-morning": _row("Good morning", ("hamstrings", "glutes", "lower back"), level="intermediate"),
    "superman": _row("Superman", ("lower back",)),
    "calf-raise": _row("Calf raise", ("calves",)),
    "calf-wall": _row("Wall calf stretch", ("calves", "ankles and feet"), phase="warm-up stretch"),
    "curl": _row("Curl", ("arms",)),
})


def test_columns_and_one_block_per_exercise() -> None:
    t = crosswalk(OURS, THEIRS, per_exercise=3)
    assert tuple(t.columns) == CROSSWALK_COLUMNS
    assert list(t["exercise"].unique()) == ["bridge", "calf"]  # 'neck' has no match: no rows
    assert t.groupby("exercise")["rank"].apply(list).to_dict() == {"bridge": [1, 2, 3], "calf": [1, 2]}


def test_ranking_weighs_areas_phase_load_and_level() -> None:
    t = crosswalk(OURS, THEIRS, per_exercise=5)
    bridge = t[t["exercise"] == "bridge"].set_index("match")
    # same areas, main area and phase: 1 + 0.25 + 0.5; the loaded hip thrust loses 0.75, the
    # intermediate good morning 0.15 (and its main area differs)
    assert list(bridge.index) == ["hip-lift", "good-morning", "hip-thrust", "superman"]
    assert bridge.loc["hip-lift", "score"] == 1.75 and bridge.loc["hip-lift", "penalty"] == 0
    assert bridge.loc["hip-thrust", "penalty"] == 0.75 and bridge.loc["hip-thrust", "score"] == 1.0
    assert bridge.loc["good-morning", "score"] == pytest.approx(1 + 0.5 - 0.15)
    assert bridge.loc["superman", "shared_areas"] == ("lower back",)
    # the parts add up to the score, for every row
    assert (t["area_score"] + t["name_score"] - t["penalty"]).round(4).tolist() == t["score"].tolist()


def test_a_stretch_with_a_similar_name_beats_a_strengthening_exercise() -> None:
    t = crosswalk(OURS, THEIRS)
    calf = t[t["exercise"] == "calf"].set_index("match")
    # the wall calf stretch shares fewer areas (1 of 2) but is a stretch and is named alike
    assert list(calf.index) == ["calf-wall", "calf-raise"]
    assert calf.loc["calf-wall", "same_phase"] and not calf.loc["calf-raise", "same_phase"]
    assert calf.loc["calf-wall", "name_score"] == pytest.approx(0.75 * 2 / 3)
    assert calf.loc["calf-wall", "score"] == pytest.approx(0.5 + 0.25 + 0.5 + 0.5)


# the odd matches a student found in the real file, as a small written sample
ODD_OURS = _catalog({
    "wall-calf-stretch": {**_row("Standing wall calf stretch", ("calves", "ankles and feet"), "warm-up stretch",
                                 equipment="wall"), "aka": ("gastrocnemius stretch",)},
    "forearm-press-up": {**_row("Forearm press-up", ("lower back", "abdominals"), "warm-up stretch", "mat"),
                         "aka": ("sphinx", "prone press-up on elbows")},
    "double-knee-lift": {**_row("Double knee lift", ("abdominals", "hips", "lower back"), level="intermediate",
                                equipment="mat"), "aka": ("lying knee raise",)},
})
ODD_THEIRS = _catalog({
    "ankle-circles": _row("Ankle Circles", ("calves",), "warm-up stretch"),
    "calf-wall": _row("Calf Stretch Hands Against Wall", ("calves",), "warm-up stretch"),
    "side-bend": _row("Barbell Side Bend", ("abdominals", "lower back"), equipment="weights"),
    "cat": _row("Cat Stretch", ("lower back", "upper back"), "warm-up stretch"),
    "rollout": _row("Barbell Ab Rollout", ("abdominals", "lower back"), equipment="weights",
                    level="intermediate"),
    "hip-raise": _row("Bent-Knee Hip Raise", ("abdominals",)),
})


def test_odd_matches_are_fixed_on_a_written_sample() -> None:
    t = crosswalk(ODD_OURS, ODD_THEIRS, per_exercise=10)
    first = t[t["rank"] == 1].set_index("exercise")["match"]
    assert first["wall-calf-stretch"] == "calf-wall"  # not the ankle circles
    assert first["forearm-press-up"] == "cat"          # not the barbell side bend
    assert first["double-knee-lift"] == "hip-raise"    # not the barbell roll-out
    loaded = t[t["match"].isin(["side-bend", "rollout"])]
    assert (loaded["penalty"] >= 0.75).all() and (loaded["rank"] > 1).all()


def test_per_exercise_limits_rows() -> None:
    assert crosswalk(OURS, THEIRS, per_exercise=1)["exercise"].tolist() == ["bridge", "calf"]


def test_no_match_at_all_gives_an_empty_table_with_columns() -> None:
    t = crosswalk(OURS.loc[["neck"]], THEIRS)
    assert t.empty and tuple(t.columns) == CROSSWALK_COLUMNS


@pytest.mark.parametrize("bad", [0, -2, 2.5, True, "5", None])
def test_bad_per_exercise(bad: object) -> None:
    with pytest.raises(ValueError, match="per_exercise"):
        crosswalk(OURS, THEIRS, per_exercise=bad)  # type: ignore[arg-type]


def test_bad_frames_named() -> None:
    with pytest.raises(ValueError, match="theirs: missing column 'body_areas'"):
        crosswalk(OURS, THEIRS.drop(columns="body_areas"))
    with pytest.raises(ValueError, match="ours: expected a catalog DataFrame"):
        crosswalk([1, 2], THEIRS)  # type: ignore[arg-type]


def test_bundled_catalog_against_itself_finds_itself_first() -> None:
    ours = load_exercises()
    t = crosswalk(ours, ours, per_exercise=3)
    firsts = t[t["rank"] == 1].set_index("exercise")["match"]
    # an exercise always matches itself with the top score; ties with identical twins are allowed
    for eid, row in t[t["match"] == t["exercise"]].set_index("exercise").iterrows():
        assert row["score"] == t[(t["exercise"] == eid) & (t["rank"] == 1)]["score"].iloc[0]
    assert set(firsts.index) == set(ours.index)


@pytest.mark.skipif(not REAL_FILE.is_file(), reason="the shared free-exercise-db file is not beside the repo")
def test_real_free_exercise_db() -> None:
    theirs = load_free_exercise_db(REAL_FILE)
    ours = load_exercises()
    t = crosswalk(ours, theirs, per_exercise=5)
    # every exercise with an area free-exercise-db knows gets five matches (it has no ankle/foot area)
    known = {a for areas in theirs["body_areas"] for a in areas}
    reachable = {i for i, areas in ours["body_areas"].items() if set(areas) & known}
    assert "ankle-in-out" not in reachable and len(reachable) == 10
    assert t.groupby("exercise").size().eq(5).all() and set(t["exercise"]) == reachable
    assert t["match"].isin(theirs.index).all()
    assert t.groupby("exercise")["score"].apply(lambda s: s.is_monotonic_decreasing).all()
    # the odd matches a student reported are gone from the top five
    loaded = {"weights", "machine"}
    for eid in ("forearm-press-up", "double-knee-lift", "wall-calf-stretch"):
        top = t[t["exercise"] == eid]
        assert not top["equipment"].isin(loaded).any(), top[["match_name", "equipment"]]
        assert not top["match_name"].str.contains("Barbell").any()
    calf = t[t["exercise"] == "wall-calf-stretch"]
    assert calf.iloc[0]["match_name"].lower().count("calf stretch") == 1
    assert "Ankle Circles" not in set(calf["match_name"].head(3))
    assert (t["area_score"] + t["name_score"] - t["penalty"]).round(4).tolist() == t["score"].tolist()


# --- area_table ------------------------------------------------------------------------------

def test_area_table_grid() -> None:
    from backnotes import BODY_AREAS
    from backnotes.matching import area_table

    df = load_exercises()
    grid = area_table(df)
    assert list(grid.index) == list(df.index)
    assert list(grid.columns) == [a for a in BODY_AREAS if a in grid.columns]  # head-to-foot order
    for eid, areas in df["body_areas"].items():
        row = grid.loc[eid]
        assert row[areas[0]] == "main"
        assert sorted(row[row == "also"].index) == sorted(areas[1:])
        assert (row == "").sum() == len(grid.columns) - len(areas)


def test_area_table_needs_a_catalog() -> None:
    from backnotes.matching import area_table

    with pytest.raises(ValueError, match="df: missing column"):
        area_table(pd.DataFrame({"name": ["x"]}))
