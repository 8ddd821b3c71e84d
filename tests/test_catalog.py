"""The exercise catalog: the bundled TOML, a person's own catalog, every bad input, filters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import backnotes
from backnotes import (BODY_AREAS, EQUIPMENT, KINDS, LEVELS, PHASES, POSITIONS, CatalogError,
                       count_by_area, exercise_areas, filter_exercises, load_exercises)
from backnotes.catalog import dose_text

VOCABS = {"phase": PHASES, "kind": KINDS, "position": POSITIONS, "equipment": EQUIPMENT, "level": LEVELS}
TUPLE_COLUMNS = ("aka", "body_areas", "steps", "cues", "cautions")


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return load_exercises()


# ---- the bundled catalog ---------------------------------------------------------------------------

def test_bundled_catalog_has_the_articles_eleven_exercises(df: pd.DataFrame) -> None:
    assert len(df) == 11
    assert df.index.name == "id" and df.index.is_unique
    counts = df["phase"].value_counts()
    assert counts["warm-up stretch"] == 5
    assert counts["strengthening"] == 6
    # warm-ups come first, as the article orders them
    assert df["phase"].cat.codes.is_monotonic_increasing


def test_bundled_catalog_columns_and_dtypes(df: pd.DataFrame) -> None:
    required = ["name", "aka", "phase", "kind", "body_areas", "position", "equipment", "sets", "reps",
                "hold_s", "rest_s", "per_side", "steps", "cues", "cautions", "level", "source"]
    assert set(required) <= set(df.columns)
    for col in ("name", "article_name", "summary", "notes", "source"):
        assert pd.api.types.is_string_dtype(df[col]), col
    for col in ("sets", "reps", "rest_s"):
        assert df[col].dtype == "int64", col
    assert str(df["hold_s"].dtype) == "Int64"
    assert df["tempo_s"].dtype == "float64"
    assert df["per_side"].dtype == bool
    for col, vocab in VOCABS.items():
        assert isinstance(df[col].dtype, pd.CategoricalDtype), col
        assert df[col].cat.ordered, col
        assert list(df[col].cat.categories) == list(vocab), col
    # the bundled catalog says how to position the body for every exercise
    assert df["position"].notna().all()


def test_bundled_catalog_tuples_of_text(df: pd.DataFrame) -> None:
    for col in TUPLE_COLUMNS:
        for value in df[col]:
            assert isinstance(value, tuple), col
            assert all(isinstance(v, str) and v for v in value), col
    assert all(len(s) >= 2 for s in df["steps"])
    assert all(set(a) <= set(BODY_AREAS) for a in df["body_areas"])


def test_bundled_catalog_doses_follow_kind(df: pd.DataFrame) -> None:
    holds = df[df["kind"] == "hold"]
    others = df[df["kind"] != "hold"]
    assert holds["hold_s"].between(10, 30).all()  # static stretch holds of 10-30 s
    assert holds["tempo_s"].isna().all()
    assert others["hold_s"].isna().all()
    assert others["tempo_s"].gt(0).all()
    strength = df[df["phase"] == "strengthening"]
    assert strength["reps"].between(1, 12).all() and strength["sets"].between(1, 3).all()


def test_bundled_catalog_other_names_and_article_credit(df: pd.DataFrame) -> None:
    all_aka = {a.casefold() for names in df["aka"] for a in names}
    for expected in ("butt lift", "sphinx", "child's pose", "heel raise"):
        assert expected in all_aka
    assert "clamshell" in {n.casefold() for n in df["name"]}
    meta = backnotes.catalog_metadata(df)
    assert meta["source_title"] == "Exercises to Strengthen the Lower Back and Sciatic Nerve"
    assert meta["source_author"] == "Sam Montana"
    assert df["source"].str.contains(meta["source_title"], regex=False).all()


def test_hamstring_stretch_is_tagged_as_calf_stretch(df: pd.DataFrame) -> None:
    row = df.loc[df["article_name"].str.contains("hamstring")].iloc[0]
    assert "calves" in row["body_areas"] and "hamstrings" not in row["body_areas"]
    assert "calf" in row["notes"] and "hamstring" in row["notes"].casefold()


# ---- a person's own catalog --------------------------------------------------------------------------

def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    return "[" + ", ".join(_toml_value(v) for v in value) + "]"


def _exercise(**changes: Any) -> dict[str, Any]:
    base = {
        "id": "wall-sit", "name": "Wall sit", "aka": ["wall squat"], "phase": "strengthening", "kind": "hold",
        "body_areas": ["thighs", "glutes"], "position": "standing", "equipment": "wall", "level": "beginner",
        "sets": 2, "reps": 2, "hold_s": 15, "rest_s": 30, "per_side": False,
        "steps": ["Lean your back on a wall.", "Slide down a little and hold."], "cues": ["Breathe."],
        "cautions": [],
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def _write(tmp_path: Path, *exercises: dict[str, Any], header: str = "format = 1\n") -> Path:
    text = header
    for ex in exercises:
        text += "\n[[exercise]]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in ex.items())
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_user_catalog_loads_from_path(tmp_path: Path) -> None:
    reps = _exercise(id="bird-dog", name="Bird dog", kind="reps", hold_s=None, tempo_s=4.0,
                     body_areas=["lower back", "glutes", "shoulders"], position="hands and knees",
                     equipment="mat", per_side=True, notes="Opposite arm and leg.")
    path = _write(tmp_path, _exercise(), reps)
    df = load_exercises(path)
    assert list(df.index) == ["wall-sit", "bird-dog"]
    assert df.loc["bird-dog", "body_areas"] == ("lower back", "glutes", "shoulders")
    assert df.loc["bird-dog", "tempo_s"] == 4.0 and pd.isna(df.loc["bird-dog", "hold_s"])
    assert df.loc["wall-sit", "hold_s"] == 15 and pd.isna(df.loc["wall-sit", "tempo_s"])
    assert df.loc["bird-dog", "notes"] == "Opposite arm and leg."
    assert df.loc["wall-sit", "cautions"] == ()
    assert list(df["equipment"].cat.categories) == list(EQUIPMENT)
    assert backnotes.catalog_metadata(df)["path"] == str(path)


def test_user_catalog_defaults(tmp_path: Path) -> None:
    df = load_exercises(_write(tmp_path, _exercise(equipment=None, level=None, aka=None, cues=None)))
    row = df.loc["wall-sit"]
    assert row["equipment"] == "none" and row["level"] == "beginner"
    assert row["aka"] == () and row["cues"] == ()


BAD_EXERCISES = [
    pytest.param({"name": None}, "name", "missing", id="missing-name"),
    pytest.param({"steps": None}, "steps", "missing", id="missing-steps"),
    pytest.param({"body_areas": ["lower back", "spleen"]}, "body_areas", "spleen", id="unknown-area"),
    pytest.param({"body_areas": []}, "body_areas", "at least one", id="no-area"),
    pytest.param({"position": "upside down"}, "position", "upside down", id="unknown-position"),
    pytest.param({"equipment": "trampoline"}, "equipment", "trampoline", id="unknown-equipment"),
    pytest.param({"phase": "cool-down"}, "phase", "cool-down", id="unknown-phase"),
    pytest.param({"kind": "bounce"}, "kind", "bounce", id="unknown-kind"),
    pytest.param({"level": "olympic"}, "level", "olympic", id="unknown-level"),
    pytest.param({"tempo_s": 3.0}, "tempo_s", "hold", id="hold-with-tempo"),
    pytest.param({"hold_s": None}, "hold_s", "missing", id="hold-without-seconds"),
    pytest.param({"kind": "reps"}, "hold_s", "reps", id="reps-with-hold"),
    pytest.param({"sets": 0}, "sets", "range", id="sets-zero"),
    pytest.param({"reps": 101}, "reps", "range", id="reps-too-many"),
    pytest.param({"hold_s": 301}, "hold_s", "range", id="hold-too-long"),
    pytest.param({"rest_s": -1}, "rest_s", "range", id="rest-negative"),
    pytest.param({"kind": "reps", "hold_s": None, "tempo_s": 0.1}, "tempo_s", "range", id="tempo-too-fast"),
    pytest.param({"sets": True}, "sets", "whole number", id="bool-as-sets"),
    pytest.param({"reps": 2.5}, "reps", "whole number", id="fraction-as-reps"),
    pytest.param({"hold_s": "20"}, "hold_s", "whole number", id="text-as-hold"),
    pytest.param({"per_side": "yes"}, "per_side", "true or false", id="text-as-per-side"),
    pytest.param({"steps": "Do it."}, "steps", "list", id="steps-not-a-list"),
    pytest.param({"cues": ["fine", 3]}, "cues", "texts", id="cue-not-text"),
    pytest.param({"colour": "red"}, "colour", "unknown field", id="unknown-field"),
]


@pytest.mark.parametrize(("changes", "field", "problem"), BAD_EXERCISES)
def test_bad_exercise_raises_catalog_error_naming_id_and_field(
    tmp_path: Path, changes: dict[str, Any], field: str, problem: str
) -> None:
    ok = _exercise(id="fine-one")
    bad = _exercise(**changes)
    # a None in changes removes the field; put it back only as a removal
    for key, value in changes.items():
        if value is None:
            bad.pop(key, None)
    with pytest.raises(CatalogError) as info:
        load_exercises(_write(tmp_path, ok, bad))
    err = info.value
    assert isinstance(err, ValueError)
    assert err.field == field
    assert "wall-sit" in str(err) and repr(field) in str(err)
    assert problem in str(err)


def test_unknown_value_error_lists_allowed_values(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as info:
        load_exercises(_write(tmp_path, _exercise(body_areas=["spleen"])))
    assert all(area in str(info.value) for area in BODY_AREAS)


def test_missing_id_names_record_number(tmp_path: Path) -> None:
    bad = _exercise()
    del bad["id"]
    with pytest.raises(CatalogError) as info:
        load_exercises(_write(tmp_path, _exercise(id="first"), bad))
    assert "#2" in str(info.value) and info.value.field == "id"


def test_duplicate_id(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as info:
        load_exercises(_write(tmp_path, _exercise(), _exercise(name="Another wall sit")))
    assert "wall-sit" in str(info.value) and "duplicate" in str(info.value)
    assert info.value.field == "id"


def test_malformed_toml(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('[[exercise]]\nid = "a\nname = 3 4\n', encoding="utf-8")
    with pytest.raises(CatalogError, match="not valid TOML"):
        load_exercises(path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('[[exercise]]\nid = "caf\u00e9"\n'.encode("latin-1"))
    with pytest.raises(CatalogError, match="UTF-8"):
        load_exercises(path)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    with pytest.raises(CatalogError, match="nowhere.toml"):
        load_exercises(path)


def test_no_exercises_and_unknown_format(tmp_path: Path) -> None:
    empty = tmp_path / "empty.toml"
    empty.write_text("format = 1\n", encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_exercises(empty)
    assert info.value.field == "exercise"
    with pytest.raises(CatalogError) as info:
        load_exercises(_write(tmp_path, _exercise(), header="format = 2\n"))
    assert info.value.field == "format"


# ---- filters ---------------------------------------------------------------------------------------

def _ids(frame: pd.DataFrame) -> list[str]:
    return list(frame.index)


def _oracle(df: pd.DataFrame, keep: Any) -> list[str]:
    return [i for i, row in df.iterrows() if keep(row)]


def test_no_filter_returns_everything(df: pd.DataFrame) -> None:
    assert _ids(filter_exercises(df)) == _ids(df)
    assert _ids(filter_exercises(df, text="   ")) == _ids(df)


@pytest.mark.parametrize("area", ["lower back", "calves", "abdominals", "neck"])
def test_filter_by_one_area(df: pd.DataFrame, area: str) -> None:
    got = _ids(filter_exercises(df, areas=area))
    assert got == _oracle(df, lambda r: area in r["body_areas"])
    assert all(area in df.loc[i, "body_areas"] for i in got)


def test_filter_areas_matches_any(df: pd.DataFrame) -> None:
    got = filter_exercises(df, areas=["abdominals", "calves"])
    assert _ids(got) == _oracle(df, lambda r: {"abdominals", "calves"} & set(r["body_areas"]))
    assert len(got) > len(filter_exercises(df, areas="abdominals"))
    assert _ids(filter_exercises(df, areas=("calves",))) == _ids(filter_exercises(df, areas="calves"))


@pytest.mark.parametrize(("field", "value"), [
    ("position", "lying on back"), ("position", "standing"), ("equipment", "wall"), ("equipment", "mat"),
    ("phase", "warm-up stretch"), ("phase", "strengthening"), ("kind", "hold"), ("kind", "reps"),
    ("kind", "mobility"),
])
def test_filter_by_each_field(df: pd.DataFrame, field: str, value: str) -> None:
    got = _ids(filter_exercises(df, **{field: value}))
    assert got == _oracle(df, lambda r: r[field] == value)
    assert 0 < len(got) < len(df)


def test_filter_by_list_of_values(df: pd.DataFrame) -> None:
    got = _ids(filter_exercises(df, position=["standing", "side-lying"], kind=("reps", "mobility")))
    assert got == _oracle(df, lambda r: r["position"] in ("standing", "side-lying")
                          and r["kind"] in ("reps", "mobility"))
    assert got


def test_filter_empty_list_matches_nothing(df: pd.DataFrame) -> None:
    for field in ("areas", "position", "equipment", "phase", "kind"):
        assert filter_exercises(df, **{field: []}).empty, field


def test_filter_combination(df: pd.DataFrame) -> None:
    got = _ids(filter_exercises(df, areas="lower back", position="lying on back", phase="strengthening"))
    assert got == _oracle(df, lambda r: "lower back" in r["body_areas"] and r["position"] == "lying on back"
                          and r["phase"] == "strengthening")
    assert "glute-bridge" in got
    # adding a filter never adds rows
    assert set(got) <= set(filter_exercises(df, areas="lower back").index)


@pytest.mark.parametrize("word", ["BRIDGE", "Child's Pose", "sphinx", "palms on it"])
def test_text_search_case_insensitive(df: pd.DataFrame, word: str) -> None:
    needle = word.casefold()
    got = _ids(filter_exercises(df, text=word))
    expected = _oracle(df, lambda r: needle in " ".join((r["name"], r["article_name"], *r["aka"], *r["steps"])).casefold())
    assert got == expected and got


def test_text_search_finds_by_name_aka_and_steps(df: pd.DataFrame) -> None:
    assert "glute-bridge" in _ids(filter_exercises(df, text="glute BRIDGE"))      # name
    assert "forearm-press-up" in _ids(filter_exercises(df, text="SPHINX"))        # other name
    assert "clamshell" in _ids(filter_exercises(df, text="heels touching"))       # steps
    assert filter_exercises(df, text="no such exercise zzz").empty


@pytest.mark.parametrize(("field", "value", "allowed"), [
    ("areas", "spleen", BODY_AREAS), ("position", "upside down", POSITIONS),
    ("equipment", "trampoline", EQUIPMENT), ("phase", "cool-down", PHASES), ("kind", "bounce", KINDS),
])
def test_filter_unknown_value_names_allowed(df: pd.DataFrame, field: str, value: str, allowed: tuple[str, ...]) -> None:
    with pytest.raises(ValueError) as info:
        filter_exercises(df, **{field: [allowed[0], value]})
    message = str(info.value)
    assert field in message and value in message
    assert all(repr(a) in message for a in allowed)


# ---- tidy areas ---------------------------------------------------------------------------------------

def test_exercise_areas_is_tidy(df: pd.DataFrame) -> None:
    tidy = exercise_areas(df)
    assert len(tidy) == sum(len(a) for a in df["body_areas"])
    assert {"id", "name", "area", "primary", "phase", "kind", "position", "equipment"} <= set(tidy.columns)
    assert isinstance(tidy["area"].dtype, pd.CategoricalDtype) and list(tidy["area"].cat.categories) == list(BODY_AREAS)
    for eid, group in tidy.groupby("id", sort=False):
        assert tuple(group["area"].astype(str)) == df.loc[eid, "body_areas"]
        assert group["primary"].tolist() == [True] + [False] * (len(group) - 1)
    assert tidy["primary"].sum() == len(df)
    crosstab = pd.crosstab(tidy["area"], tidy["position"])
    assert crosstab.to_numpy().sum() == len(tidy)


def test_count_by_area(df: pd.DataFrame) -> None:
    counts = count_by_area(df)
    assert list(counts.index) == list(BODY_AREAS)
    for area in BODY_AREAS:
        assert counts[area] == sum(area in a for a in df["body_areas"])
    assert counts["lower back"] == len(filter_exercises(df, areas="lower back"))
    assert counts.sum() == len(exercise_areas(df))


def test_count_by_area_of_subset_keeps_every_area(df: pd.DataFrame) -> None:
    counts = count_by_area(filter_exercises(df, kind="hold"))
    assert list(counts.index) == list(BODY_AREAS)
    assert (counts >= 0).all() and counts.sum() > 0


# ---- dose in words ------------------------------------------------------------------------------------

def test_dose_text_for_holds_and_reps(df: pd.DataFrame) -> None:
    for eid, row in df.iterrows():
        text = dose_text(row)
        if row["kind"] == "hold":
            assert f"{row['reps']} holds of {row['hold_s']} s" in text, eid
        else:
            assert f"{row['reps']} reps" in text, eid
        assert ("each side" in text) == bool(row["per_side"]), eid
        assert (f"{row['sets']} sets" in text) == (row["sets"] > 1), eid
        # a rest is mentioned only where the timers time one (between holds or between sets)
        timed = row["sets"] > 1 or (row["kind"] == "hold" and row["reps"] > 1)
        assert (f"{row['rest_s']} s rest" in text) == (row["rest_s"] > 0 and timed), eid


def test_dose_text_examples() -> None:
    hold = {"kind": "hold", "sets": 1, "reps": 3, "hold_s": 20, "rest_s": 10, "per_side": True}
    assert dose_text(hold) == "3 holds of 20 s each side, 10 s rest"
    single = {"kind": "reps", "sets": 3, "reps": 1, "tempo_s": 2.5, "rest_s": 0, "per_side": False}
    assert dose_text(single) == "3 sets of 1 rep (about 2.5 s each)"
    one_set = {"kind": "mobility", "sets": 1, "reps": 10, "tempo_s": 2.0, "rest_s": 15, "per_side": True}
    assert dose_text(one_set) == "10 reps each side (about 2 s each)"  # no rest is timed after a lone set
    item = backnotes.RoutineItem.from_catalog("glute-bridge", load_exercises())
    assert dose_text(item) == dose_text(load_exercises().loc["glute-bridge"])


# --- safety wording of the exercises (issue 9) ---------------------------------------------------

def _cautions(df, eid: str) -> str:
    return " ".join(df.loc[eid, "cautions"]).lower()


def test_exercise_cautions_from_the_safety_review() -> None:
    df = load_exercises()
    calf = _cautions(df, "wall-calf-stretch")
    assert "nerve" in calf and "tingling or burning" in calf and "ease off" in calf
    for eid in ("childs-pose", "double-knee-lift", "knee-to-chest"):
        assert "spreads into the buttock or down the leg" in _cautions(df, eid), eid
    for eid in ("knee-to-chest", "childs-pose", "small-crunch", "double-knee-lift"):
        text = _cautions(df, eid)
        assert "osteoporosis" in text and "vertebral fracture" in text and "brooke-wavell" in text, eid
    for eid in ("knee-to-chest", "childs-pose", "double-knee-lift"):
        assert "hip replacement" in _cautions(df, eid), eid
    raise_ = _cautions(df, "calf-raise")
    assert "one side" in raise_ and "s1" in raise_ and "same-day red flag" in raise_
    crunch = " ".join(df.loc["small-crunch", "cues"]) + _cautions(df, "small-crunch")
    assert "fist's width" in crunch and "tug" not in crunch


def test_hamstring_advice_and_clamshell_cautions_from_the_third_review() -> None:
    # issue 18 item 13: the usual hamstring stretches tension the sciatic nerve too
    df = load_exercises()
    notes = df.loc["wall-calf-stretch", "notes"].lower()
    assert "sciatic nerve" in notes and "stop if" in notes and "leg" in notes.split("sciatic nerve", 1)[1]
    calf = _cautions(df, "wall-calf-stretch")
    assert "stop the stretch if it brings on or spreads leg symptoms" in calf
    clam = _cautions(df, "clamshell")
    assert "hip replacement" in clam and "operated side" in clam and "surgeon or physiotherapist" in clam


def test_area_tags_and_bridge_wording() -> None:
    df = load_exercises()
    assert tuple(df.loc["short-bridge", "body_areas"])[:2] == ("glutes", "hamstrings")
    assert tuple(df.loc["glute-bridge", "body_areas"])[:2] == ("glutes", "hamstrings")
    assert tuple(df.loc["ankle-in-out", "body_areas"]) == ("ankles and feet",)
    assert "range-of-motion" in df.loc["ankle-in-out", "notes"] and "calves" in df.loc["ankle-in-out", "notes"]
    assert not any("one part of the spine" in s for s in df.loc["short-bridge", "steps"])
    assert "glutes and hamstrings" in df.loc["short-bridge", "notes"]


def test_named_variants_are_left_out_unless_asked_for() -> None:
    plain = load_exercises()
    every = load_exercises(variants=True)
    assert len(plain) == 11 and (plain["variant_of"] == "").all()
    variants = every[every["variant_of"] != ""]
    strengthening = list(plain.index[plain["phase"] == "strengthening"])
    assert len(strengthening) == 6
    # exactly one easier and one harder form of each strengthening exercise
    table = variants.groupby(["variant_of", "variant"]).size()
    assert sorted(table.index) == sorted((e, v) for e in strengthening for v in ("easier", "harder"))
    assert (table == 1).all()
    for eid, row in variants.iterrows():
        assert row["source"] and "Montana" not in row["source"], eid  # not from the article: own source
        assert row["cautions"], eid
        assert row["phase"] == "strengthening"


def _one_exercise(tmp_path, **extra) -> str:
    lines = ["format = 1", "[[exercise]]", 'id = "a"', 'name = "A"', 'phase = "strengthening"', 'kind = "reps"',
             'body_areas = ["glutes"]', "sets = 1", "reps = 5", "rest_s = 0", 'steps = ["do it"]',
             "[[exercise]]", 'id = "b"', 'name = "B"', 'phase = "strengthening"', 'kind = "reps"',
             'body_areas = ["glutes"]', "sets = 1", "reps = 5", "rest_s = 0", 'steps = ["do it"]',
             *(f"{k} = {v}" for k, v in extra.items())]
    path = tmp_path / "c.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("extra, field, message", [
    ({"variant_of": '"a"'}, "variant", "needs both"),
    ({"variant": '"harder"'}, "variant_of", "needs both"),
    ({"variant_of": '"a"', "variant": '"tougher"'}, "variant", "allowed: 'easier', 'harder'"),
    ({"variant_of": '"zzz"', "variant": '"easier"'}, "variant_of", "no exercise 'zzz'"),
    ({"variant_of": '"b"', "variant": '"easier"'}, "variant_of", "itself"),
])
def test_bad_variant_fields_are_clear_errors(tmp_path, extra, field, message) -> None:
    with pytest.raises(CatalogError, match=message) as err:
        load_exercises(_one_exercise(tmp_path, **extra), variants=True)
    assert err.value.field == field and "'b'" in str(err.value)


def test_a_variant_row_of_ones_own_catalog_loads(tmp_path) -> None:
    path = _one_exercise(tmp_path, variant_of='"a"', variant='"easier"')
    assert list(load_exercises(path).index) == ["a"]
    assert load_exercises(path, variants=True).loc["b", "variant"] == "easier"
