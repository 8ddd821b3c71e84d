"""Importing catalogs in the free-exercise-db JSON format.

A small sample is written by the tests themselves; the real 873-record file is used only when the
shared folder beside the repository holds it (it is never copied into the repository).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from backnotes import (BODY_AREAS, EQUIPMENT, KINDS, PHASES, CatalogError, count_by_area,
                       filter_exercises, load_exercises, load_free_exercise_db)
from backnotes.freedb import MUSCLE_AREAS

REAL_FILE = Path(__file__).resolve().parents[1] / ".." / "shared" / "external" / "free-exercise-db" / "exercises.json"


def _record(**changes: Any) -> dict[str, Any]:
    rec = {
        "id": "Test_Row", "name": "Test Row", "force": "pull", "level": "beginner", "mechanic": "compound",
        "equipment": "dumbbell", "primaryMuscles": ["middle back"], "secondaryMuscles": ["lats", "biceps"],
        "instructions": ["Hold a weight.", "Pull it to your side."], "category": "strength", "images": [],
    }
    rec.update(changes)
    return {k: v for k, v in rec.items() if v is not ...}


SAMPLE = [
    _record(),
    _record(id="Seated_Hamstring_Reach", name="Seated Hamstring Reach", force="static", mechanic=None,
            equipment=None, primaryMuscles=["hamstrings"], secondaryMuscles=["lower back", "calves"],
            instructions=["Sit with one leg long.", "Lean forward from the hips."], category="stretching"),
    _record(id="Hip_Lift", name="Hip Lift", equipment="body only", level="intermediate",
            primaryMuscles=["glutes"], secondaryMuscles=["hamstrings", "lower back"], category="strength"),
    _record(id="Band_Walk", name="Band Walk", equipment="bands", level="expert",
            primaryMuscles=["abductors"], secondaryMuscles=["glutes", "quadriceps", "adductors"],
            category="plyometrics"),
]


def _write(tmp_path: Path, records: Any, name: str = "exercises.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


@pytest.fixture
def sample(tmp_path: Path) -> pd.DataFrame:
    return load_free_exercise_db(_write(tmp_path, SAMPLE))


def test_sample_has_the_catalog_columns_and_dtypes(sample: pd.DataFrame) -> None:
    bundled = load_exercises()
    assert list(sample.columns) == list(bundled.columns)
    assert list(sample.index) == [r["id"] for r in SAMPLE]
    for col in sample.columns:
        assert sample[col].dtype == bundled[col].dtype, col
    assert (sample["source"] == "free-exercise-db").all()


def test_muscles_map_to_areas_primary_first_without_repeats(sample: pd.DataFrame) -> None:
    # middle back and lats are both "upper back": listed once; biceps -> arms
    assert sample.loc["Test_Row", "body_areas"] == ("upper back", "arms")
    assert sample.loc["Seated_Hamstring_Reach", "body_areas"] == ("hamstrings", "lower back", "calves")
    assert sample.loc["Band_Walk", "body_areas"] == ("hips", "glutes", "thighs")
    for rec in SAMPLE:
        expected = []
        for m in rec["primaryMuscles"] + rec["secondaryMuscles"]:
            if MUSCLE_AREAS[m] not in expected:
                expected.append(MUSCLE_AREAS[m])
        assert sample.loc[rec["id"], "body_areas"] == tuple(expected)
    assert set(MUSCLE_AREAS.values()) <= set(BODY_AREAS)


def test_stretching_becomes_hold_and_others_reps(sample: pd.DataFrame) -> None:
    stretch = sample.loc["Seated_Hamstring_Reach"]
    assert stretch["kind"] == "hold" and stretch["phase"] == "warm-up stretch"
    assert 10 <= stretch["hold_s"] <= 30 and pd.isna(stretch["tempo_s"])
    for eid in ("Test_Row", "Hip_Lift"):
        assert sample.loc[eid, "kind"] == "reps" and sample.loc[eid, "phase"] == "strengthening"
        assert pd.isna(sample.loc[eid, "hold_s"]) and sample.loc[eid, "tempo_s"] > 0
    assert sample.loc["Band_Walk", "phase"] == "conditioning"
    assert set(sample["kind"].astype(str)) <= set(KINDS) and set(sample["phase"].astype(str)) <= set(PHASES)


def test_equipment_level_steps_position(sample: pd.DataFrame) -> None:
    assert sample.loc["Test_Row", "equipment"] == "weights"
    assert sample.loc["Seated_Hamstring_Reach", "equipment"] == "none"   # null equipment
    assert sample.loc["Hip_Lift", "equipment"] == "none"                 # body only
    assert sample.loc["Band_Walk", "equipment"] == "band"
    assert list(sample["level"].astype(str)) == ["beginner", "beginner", "intermediate", "expert"]
    assert sample.loc["Test_Row", "steps"] == ("Hold a weight.", "Pull it to your side.")
    assert sample["position"].isna().all()  # the format does not say how to position the body
    assert not sample["per_side"].any()


def test_filters_and_counts_work_on_imported_catalog(sample: pd.DataFrame) -> None:
    got = filter_exercises(sample, areas=["lower back", "glutes"])
    assert list(got.index) == ["Seated_Hamstring_Reach", "Hip_Lift", "Band_Walk"]
    assert list(filter_exercises(sample, kind="hold").index) == ["Seated_Hamstring_Reach"]
    assert list(filter_exercises(sample, text="hamstring REACH").index) == ["Seated_Hamstring_Reach"]
    counts = count_by_area(sample)
    assert counts["glutes"] == 2 and counts["upper back"] == 1 and counts["neck"] == 0


def test_instructions_empty_get_a_placeholder(tmp_path: Path) -> None:
    df = load_free_exercise_db(_write(tmp_path, [_record(instructions=[])]))
    assert len(df.loc["Test_Row", "steps"]) == 1


BAD_RECORDS = [
    pytest.param(["not an object"], None, "JSON object", id="not-an-object"),
    pytest.param(_record(name=...), "name", "missing", id="missing-name"),
    pytest.param(_record(id=...), "id", "missing", id="missing-id"),
    pytest.param(_record(category=...), "category", "missing", id="missing-category"),
    pytest.param(_record(primaryMuscles=...), "primaryMuscles", "missing", id="missing-muscles"),
    pytest.param(_record(instructions=...), "instructions", "missing", id="missing-instructions"),
    pytest.param(_record(primaryMuscles=["spleen"]), "primaryMuscles", "spleen", id="unknown-muscle"),
    pytest.param(_record(secondaryMuscles=["ears"]), "secondaryMuscles", "ears", id="unknown-secondary"),
    pytest.param(_record(primaryMuscles="glutes"), "primaryMuscles", "list", id="muscles-not-a-list"),
    pytest.param(_record(primaryMuscles=[], secondaryMuscles=[]), "primaryMuscles", "at least one", id="no-muscles"),
    pytest.param(_record(category="yoga"), "category", "yoga", id="unknown-category"),
    pytest.param(_record(equipment="trampoline"), "equipment", "trampoline", id="unknown-equipment"),
    pytest.param(_record(level="olympic"), "level", "olympic", id="unknown-level"),
    pytest.param(_record(instructions="Just do it."), "instructions", "list", id="instructions-not-a-list"),
    pytest.param(_record(instructions=["ok", 7]), "instructions", "texts", id="instruction-not-text"),
    pytest.param(_record(name=5), "name", "text", id="name-not-text"),
]


@pytest.mark.parametrize(("bad", "field", "problem"), BAD_RECORDS)
def test_bad_record_names_record_number_and_field(tmp_path: Path, bad: Any, field: str | None, problem: str) -> None:
    records = [_record(id="Good_One"), *(bad if isinstance(bad, list) else [bad])]
    with pytest.raises(CatalogError) as info:
        load_free_exercise_db(_write(tmp_path, records))
    err = info.value
    assert "record 2" in str(err)
    assert err.field == field
    if field:
        assert repr(field) in str(err)
    assert problem in str(err)


def test_duplicate_id(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as info:
        load_free_exercise_db(_write(tmp_path, [_record(), _record(name="Same id")]))
    assert "record 2" in str(info.value) and "duplicate" in str(info.value) and info.value.field == "id"


def test_malformed_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[{"id": "a", ', encoding="utf-8")
    with pytest.raises(CatalogError, match="not valid JSON"):
        load_free_exercise_db(path)


def test_not_a_list(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="list"):
        load_free_exercise_db(_write(tmp_path, {"exercises": SAMPLE}))


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('[{"id": "caf\u00e9"}]'.encode("latin-1"))
    with pytest.raises(CatalogError, match="UTF-8"):
        load_free_exercise_db(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="nowhere.json"):
        load_free_exercise_db(tmp_path / "nowhere.json")


@pytest.mark.skipif(not REAL_FILE.is_file(), reason=f"the shared free-exercise-db file is not present at {REAL_FILE}")
def test_real_free_exercise_db_loads_all_records() -> None:
    raw = json.loads(REAL_FILE.read_text(encoding="utf-8"))
    df = load_free_exercise_db(REAL_FILE)
    assert len(df) == len(raw) == 873
    assert list(df.index) == [r["id"] for r in raw]
    stretching = sum(r["category"] == "stretching" for r in raw)
    assert (df["kind"] == "hold").sum() == stretching > 0
    assert set(df["equipment"].dropna().astype(str)) <= set(EQUIPMENT)
    assert all(set(a) <= set(BODY_AREAS) and a for a in df["body_areas"])
    # areas people with back pain look for are well covered
    assert len(filter_exercises(df, areas=["lower back", "glutes"])) > 50
