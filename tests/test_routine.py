"""Routines: building, validation, time, files (atomic save, load errors), the printable sheet."""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import backnotes
from backnotes import files as files_mod  # where the atomic write lives
from backnotes.routine import (FORMAT, LIMITS, SAFETY_LINE, VERSION, Routine, RoutineError, RoutineItem,
                               format_duration, load_routine, ready_made_routines, routines_folder,
                               time_by_area)
from backnotes.timing import plan

REPO = Path(__file__).resolve().parents[1]
CATALOG = backnotes.load_exercises()
WARM_UPS = list(CATALOG.index[CATALOG["phase"] == "warm-up stretch"])
HOLD_ID = "knee-to-chest"  # a hold, per side
REPS_ID = "glute-bridge"  # reps, both sides together
MOBILITY_ID = "short-bridge"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for files a test writes (``tmp_path`` also holds ``BACKNOTES_HOME``)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def two() -> Routine:
    return Routine.from_ids([HOLD_ID, REPS_ID], name="Two")


# -- building ---------------------------------------------------------------------------------------

def test_public_names_are_exported() -> None:
    assert backnotes.RoutineError is RoutineError
    assert backnotes.load_routine is load_routine
    assert issubclass(RoutineError, ValueError)


def test_from_ids_takes_catalog_defaults() -> None:
    r = Routine.from_ids([HOLD_ID, REPS_ID], name="Mine")
    assert [it.exercise_id for it in r.items] == [HOLD_ID, REPS_ID]
    for it in r.items:
        row = CATALOG.loc[it.exercise_id]
        assert (it.sets, it.reps, it.rest_s, it.per_side, it.name) == (
            row["sets"], row["reps"], row["rest_s"], row["per_side"], row["name"])
    assert r.items[0].hold_s == CATALOG.loc[HOLD_ID, "hold_s"] and r.items[0].tempo_s is None
    assert r.items[1].tempo_s == CATALOG.loc[REPS_ID, "tempo_s"] and r.items[1].hold_s is None


def test_from_ids_unknown_id_names_it_and_its_position() -> None:
    with pytest.raises(RoutineError) as err:
        Routine.from_ids([HOLD_ID, "headstand"])
    assert err.value.item == "headstand" and err.value.index == 1 and err.value.field == "exercise_id"
    assert "headstand" in str(err.value) and "item 2" in str(err.value)


def test_equality_compares_content(two: Routine) -> None:
    again = Routine.from_ids([HOLD_ID, REPS_ID], name="Two")
    assert two == again and two is not again
    assert two != again.renamed("Other")
    assert two != again.redose(1, reps=2)
    assert Routine("A", [two.items[0]]) == Routine("A", (two.items[0],))  # list or tuple: same value


def test_methods_return_new_routines_and_leave_the_old_one(two: Routine) -> None:
    before = dataclasses.replace(two)
    added = two.add(MOBILITY_ID)
    assert [it.exercise_id for it in added.items] == [HOLD_ID, REPS_ID, MOBILITY_ID]
    assert two == before and len(two.items) == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        two.name = "x"  # type: ignore[misc]


def test_add_at_position_with_dose_and_item(two: Routine) -> None:
    r = two.add(MOBILITY_ID, at=1, reps=5)  # positions count from 1: at=1 is the top
    assert r.items[0].exercise_id == MOBILITY_ID and r.items[0].reps == 5
    item = RoutineItem.from_catalog("calf-raise", CATALOG)
    assert two.add(item, at=2).items[1] == item
    assert two.add(item, at=3).items[2] == item  # one past the end: appended
    assert two.add(MOBILITY_ID, at=-1).items[1].exercise_id == MOBILITY_ID
    with pytest.raises(RoutineError, match="positions count from 1") as err:
        two.add(MOBILITY_ID, at=0)
    assert err.value.field == "at"
    with pytest.raises(RoutineError) as err:
        two.add("nope")
    assert err.value.item == "nope"
    with pytest.raises(RoutineError) as err:
        two.add(REPS_ID, hold_s=20)
    assert err.value.field == "hold_s" and err.value.position == 3 and "item 3" in str(err.value)


def test_remove(two: Routine) -> None:
    assert [it.exercise_id for it in two.remove(1).items] == [REPS_ID]
    assert [it.exercise_id for it in two.remove(-1).items] == [HOLD_ID]
    for bad in (0, 3, -3):
        with pytest.raises(RoutineError, match=r"positions 1\.\.2") as err:
            two.remove(bad)
        assert err.value.field == "position" and err.value.value == bad
    with pytest.raises(RoutineError):
        two.remove("0")  # type: ignore[arg-type]


def test_move() -> None:
    r = Routine.from_ids(WARM_UPS)
    moved = r.move(1, 5)  # the first to the fifth (last) place
    assert [it.exercise_id for it in moved.items] == WARM_UPS[1:] + WARM_UPS[:1]
    assert moved.move(5, 1) == r and moved.move(-1, 1) == r
    assert r.move(3, 3) == r
    with pytest.raises(RoutineError) as err:
        r.move(1, 6)
    assert err.value.field == "to"
    with pytest.raises(RoutineError, match="positions count from 1"):
        r.move(0, 2)


def test_redose_changes_one_item(two: Routine) -> None:
    r = two.redose(1, sets=2, reps=4, hold_s=30, rest_s=15, note="left side first")
    it = r.items[0]
    assert (it.sets, it.reps, it.hold_s, it.rest_s, it.note) == (2, 4, 30, 15, "left side first")
    assert r.items[1] == two.items[1]
    assert two.redose(2, tempo_s=2).items[1].tempo_s == 2.0
    with pytest.raises(RoutineError) as err:
        two.redose(1, exercise_id="clamshell")
    assert err.value.field == "exercise_id"


@pytest.mark.parametrize(("index", "changes", "field"), [
    (0, {"sets": 0}, "sets"),
    (0, {"sets": 11}, "sets"),
    (0, {"reps": 0}, "reps"),
    (1, {"reps": 101}, "reps"),
    (1, {"reps": -3}, "reps"),
    (0, {"hold_s": 0}, "hold_s"),
    (0, {"hold_s": 301}, "hold_s"),
    (0, {"hold_s": None}, "hold_s"),
    (0, {"rest_s": -1}, "rest_s"),
    (0, {"rest_s": 601}, "rest_s"),
    (1, {"tempo_s": 0.1}, "tempo_s"),
    (1, {"tempo_s": 31}, "tempo_s"),
    (1, {"tempo_s": float("nan")}, "tempo_s"),
    (1, {"tempo_s": None}, "tempo_s"),
    (1, {"hold_s": 20}, "hold_s"),  # a hold dose on a reps exercise
    (0, {"tempo_s": 3.0}, "tempo_s"),  # a rep tempo on a hold
    (0, {"reps": 2.5}, "reps"),
    (0, {"sets": True}, "sets"),
    (0, {"reps": "10"}, "reps"),
    (0, {"per_side": "yes"}, "per_side"),
    (0, {"note": "x" * 301}, "note"),
    (0, {"note": 5}, "note"),
])
def test_bad_doses_raise_naming_item_field_and_value(two: Routine, index: int, changes: dict, field: str) -> None:
    with pytest.raises(RoutineError) as err:
        two.redose(index + 1, **changes)  # positions count from 1
    e = err.value
    assert e.field == field and e.index == index and e.position == index + 1
    assert e.item == two.items[index].exercise_id and f"item {index + 1}" in str(e)
    assert field in str(e) and two.items[index].exercise_id in str(e)
    if field != "note":
        assert e.value == changes[field] or (e.value != e.value)  # NaN is not equal to itself
        assert repr(changes[field]) in str(e)


def test_limits_are_inclusive(two: Routine) -> None:
    r = two.redose(1, sets=LIMITS["sets"][1], reps=LIMITS["reps"][1], hold_s=LIMITS["hold_s"][1],
                   rest_s=LIMITS["rest_s"][1])
    assert r.items[0].hold_s == 300 and r.items[0].rest_s == 600
    assert two.redose(1, rest_s=0).items[0].rest_s == 0  # no rest is allowed


def test_whole_floats_are_accepted_as_numbers() -> None:
    it = RoutineItem("x", "reps", sets=2.0, reps=10, rest_s=30, tempo_s=3)  # type: ignore[arg-type]
    assert it.sets == 2 and isinstance(it.sets, int) and isinstance(it.tempo_s, float)


@pytest.mark.parametrize("kwargs", [
    {"exercise_id": "", "kind": "reps", "sets": 1, "reps": 1, "rest_s": 0, "tempo_s": 2},
    {"exercise_id": "x", "kind": "jump", "sets": 1, "reps": 1, "rest_s": 0, "tempo_s": 2},
    {"exercise_id": "x", "kind": "hold", "sets": 1, "reps": 1, "rest_s": 0},
])
def test_bad_items_cannot_be_built(kwargs: dict) -> None:
    with pytest.raises(RoutineError):
        RoutineItem(**kwargs)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "n" * 81}, "name"),
    ({"name": 3}, "name"),
    ({"notes": None}, "notes"),
    ({"items": "knee-to-chest"}, "items"),
    ({"items": ["knee-to-chest"]}, "items"),
])
def test_bad_routines_cannot_be_built(kwargs: dict, field: str) -> None:
    with pytest.raises(RoutineError) as err:
        Routine(**kwargs)
    assert err.value.field == field


def test_validate_against_the_catalog(two: Routine) -> None:
    assert two.validate() is two
    alien = two.add(RoutineItem("headstand", "hold", 1, 1, 0, hold_s=10), at=1)
    with pytest.raises(RoutineError) as err:
        alien.validate(CATALOG)
    assert err.value.item == "headstand" and err.value.index == 0
    wrong_kind = Routine("W", [RoutineItem(REPS_ID, "hold", 1, 1, 0, hold_s=10)])
    with pytest.raises(RoutineError) as err:
        wrong_kind.validate()
    assert err.value.field == "kind" and "'reps'" in str(err.value)


# -- time ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("ids", [[], WARM_UPS, list(CATALOG.index), [REPS_ID, HOLD_ID, REPS_ID]])
def test_total_seconds_is_the_plan_sum(ids: list[str]) -> None:
    r = Routine.from_ids(ids)
    assert r.total_seconds() == pytest.approx(sum(p.seconds for p in plan(r)))
    assert r.to_frame()["seconds"].sum() == pytest.approx(r.total_seconds())


def test_redose_changes_the_time(two: Routine) -> None:
    base = two.total_seconds()
    longer = two.redose(1, hold_s=two.items[0].hold_s + 10)
    # one more 10 s for every hold: reps x sets x 2 sides
    assert longer.total_seconds() - base == pytest.approx(10 * two.items[0].reps * two.items[0].sets * 2)


def test_to_frame(two: Routine) -> None:
    df = two.to_frame()
    assert list(df.index) == [1, 2] and df.index.name == "order"
    assert list(df["exercise_id"]) == [HOLD_ID, REPS_ID]
    assert df.loc[1, "body_areas"] == CATALOG.loc[HOLD_ID, "body_areas"]
    assert df.loc[2, "phase"] == "strengthening"
    assert df["minutes"].tolist() == pytest.approx((df["seconds"] / 60).tolist())
    assert pd.isna(df.loc[2, "hold_s"]) and df.loc[1, "hold_s"] == two.items[0].hold_s
    assert df.loc[1, "dose"] == backnotes.catalog.dose_text(two.items[0])
    assert Routine().to_frame().empty


def test_format_duration() -> None:
    assert format_duration(750) == "12 min 30 s"
    assert format_duration(45) == "45 s"
    assert format_duration(600) == "10 min"
    assert format_duration(0) == "0 s"


def test_time_by_area_counts_each_area_an_exercise_works(two: Routine) -> None:
    t = time_by_area([two, two.renamed("Other").remove(2)])
    assert set(t["routine"]) == {"Two", "Other"}
    mine = t[t["routine"] == "Two"].set_index("area")["seconds"]
    from backnotes.timing import seconds_per_item

    hold_s, reps_s = seconds_per_item(two)  # each item's share, its get-ready after the one before
    assert mine["glutes"] == pytest.approx(hold_s + reps_s)  # both work the glutes
    assert mine["hamstrings"] == pytest.approx(reps_s)
    assert list(t["area"].cat.categories) == list(backnotes.BODY_AREAS)


# -- files ---------------------------------------------------------------------------------------------

def test_save_and_load_round_trip(out: Path, two: Routine) -> None:
    r = two.redose(1, note="easy ünïcode ✓").renamed(notes="line one\nline two")
    path = r.save(out / "sub" / "mine.json")
    assert path.is_file()
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format"] == FORMAT == "backnotes-routine" and doc["version"] == VERSION == 1
    assert Routine.load(path) == r
    assert Routine.load(str(path), catalog=CATALOG) == r
    assert [p.name for p in path.parent.iterdir()] == ["mine.json"]  # no temporary file left


@pytest.mark.skipif(os.name == "nt", reason="Windows has no owner/group/other permission bits")
def test_save_is_private_to_its_owner(tmp_path: Path, two: Routine) -> None:
    tmp_path.chmod(0o755)
    old = tmp_path / "m.json"
    old.write_text("{}", encoding="utf-8")
    old.chmod(0o644)  # a routine saved by an older version: replacing it makes it private too
    path = two.save(old)
    assert path.stat().st_mode & 0o777 == 0o600
    new = two.save(tmp_path / "new" / "folder" / "n.json")
    assert new.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "new" / "folder").stat().st_mode & 0o777 == 0o700
    assert tmp_path.stat().st_mode & 0o777 == 0o755  # a folder that existed is left as it was


def test_failed_save_leaves_the_old_file(out: Path, two: Routine, monkeypatch: pytest.MonkeyPatch) -> None:
    path = two.save(out / "mine.json")
    old = path.read_bytes()

    def broken_fsync(fd: int) -> None:  # the disk fails half-way through the write
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(files_mod.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        two.add(MOBILITY_ID).save(path)
    assert path.read_bytes() == old
    assert [p.name for p in out.iterdir()] == ["mine.json"]


def test_crash_during_write_leaves_the_old_file(out: Path, two: Routine, monkeypatch: pytest.MonkeyPatch) -> None:
    path = two.save(out / "mine.json")
    old = path.read_bytes()
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, fh): self.fh = fh
        def __enter__(self): return self
        def __exit__(self, *exc): self.fh.close()
        def write(self, data: bytes) -> None:
            self.fh.write(data[: len(data) // 2])
            raise KeyboardInterrupt  # the person closes the kernel mid-write

    monkeypatch.setattr(files_mod.os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))
    with pytest.raises(KeyboardInterrupt):
        two.add(MOBILITY_ID).save(path)
    assert path.read_bytes() == old
    assert Routine.load(path) == two
    assert [p.name for p in out.iterdir()] == ["mine.json"]


def test_failed_replace_leaves_the_old_file(out: Path, two: Routine, monkeypatch: pytest.MonkeyPatch) -> None:
    path = two.save(out / "mine.json")
    old = path.read_bytes()

    def no_replace(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files_mod.os, "replace", no_replace)
    with pytest.raises(PermissionError):
        two.remove(1).save(path)
    assert path.read_bytes() == old and len(list(out.iterdir())) == 1


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_truncated_json(tmp_path: Path, two: Routine) -> None:
    text = two.to_json()
    with pytest.raises(RoutineError) as err:
        Routine.load(_write(tmp_path, text[: len(text) // 2]))
    assert "not valid JSON" in str(err.value) and err.value.field == "file"


def test_load_missing_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(RoutineError) as err:
        Routine.load(tmp_path / "nope.json")
    assert "cannot read" in str(err.value)
    bad = tmp_path / "b.json"
    bad.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(RoutineError, match="UTF-8"):
        Routine.load(bad)


@pytest.mark.parametrize(("change", "field"), [
    (lambda d: [d], "format"),
    (lambda d: {**d, "format": "something-else"}, "format"),
    (lambda d: {k: v for k, v in d.items() if k != "format"}, "format"),
    (lambda d: {**d, "version": 2}, "version"),
    (lambda d: {**d, "version": "1"}, "version"),
    (lambda d: {**d, "items": {"a": 1}}, "items"),
    (lambda d: {**d, "items": ["glute-bridge"]}, "items"),
    (lambda d: {**d, "colour": "red"}, "colour"),
    (lambda d: {**d, "name": ""}, "name"),
    (lambda d: {**d, "items": [{**d["items"][0], "reps": 1000}]}, "reps"),
    (lambda d: {**d, "items": [{**d["items"][0], "speed": 1}]}, "speed"),
    (lambda d: {**d, "items": [{k: v for k, v in d["items"][0].items() if k != "sets"}]}, "sets"),
])
def test_load_wrong_shape(tmp_path: Path, two: Routine, change, field: str) -> None:
    with pytest.raises(RoutineError) as err:
        Routine.load(_write(tmp_path, json.dumps(change(two.to_dict()))))
    assert err.value.field == field and err.value.source == "r.json"
    assert str(err.value).startswith("r.json: ")


def test_load_names_the_exercise_missing_from_the_catalog(tmp_path: Path, two: Routine) -> None:
    path = two.save(tmp_path / "r.json")
    smaller = CATALOG.drop(index=REPS_ID)
    with pytest.raises(RoutineError) as err:
        Routine.load(path, catalog=smaller)
    assert err.value.item == REPS_ID and err.value.index == 1
    assert REPS_ID in str(err.value) and "not in the catalog" in str(err.value)


def test_from_dict_without_catalog_check(two: Routine) -> None:
    doc = two.add(RoutineItem("my-own", "reps", 1, 5, 0, tempo_s=2)).to_dict()
    assert Routine.from_dict(doc, check_catalog=False).items[-1].exercise_id == "my-own"


_items = st.one_of(
    st.builds(lambda eid, sets, reps, hold, rest, side, note: RoutineItem.from_catalog(eid, CATALOG).redose(
        sets=sets, reps=reps, hold_s=hold, rest_s=rest, per_side=side, note=note),
        st.sampled_from(list(CATALOG.index[CATALOG["kind"] == "hold"])), st.integers(1, 10), st.integers(1, 100),
        st.integers(1, 300), st.integers(0, 600), st.booleans(), st.text(max_size=40)),
    st.builds(lambda eid, sets, reps, tempo, rest, side, note: RoutineItem.from_catalog(eid, CATALOG).redose(
        sets=sets, reps=reps, tempo_s=tempo, rest_s=rest, per_side=side, note=note),
        st.sampled_from(list(CATALOG.index[CATALOG["kind"] != "hold"])), st.integers(1, 10), st.integers(1, 100),
        st.floats(0.5, 30, allow_nan=False), st.integers(0, 600), st.booleans(), st.text(max_size=40)),
)
_routines = st.builds(Routine, name=st.text(min_size=1, max_size=80).filter(str.strip),
                      items=st.lists(_items, max_size=8), notes=st.text(max_size=200))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(r=_routines)
def test_save_load_round_trips_any_valid_routine(tmp_path: Path, r: Routine) -> None:
    path = r.save(tmp_path / "prop.json")
    assert Routine.load(path, catalog=CATALOG) == r
    assert Routine.from_dict(json.loads(r.to_json()), CATALOG) == r


# -- ready-made routines ---------------------------------------------------------------------------

def test_ready_made_routines() -> None:
    assert ready_made_routines() == ["article-full", "gentle-start"]
    gentle = load_routine("gentle-start")
    assert [it.exercise_id for it in gentle.items] == WARM_UPS
    full = backnotes.load_routine("article-full")
    assert sorted(it.exercise_id for it in full.items) == sorted(CATALOG.index)
    phases = [backnotes.PHASES.index(CATALOG.loc[it.exercise_id, "phase"]) for it in full.items]
    assert phases == sorted(phases) and phases[0] == 0  # warm-up stretches first
    assert full.items[:5] == gentle.items
    for r in (gentle, full):  # each exercise at the catalog's default dose
        assert r == Routine.from_ids([it.exercise_id for it in r.items], name=r.name, notes=r.notes)


def test_load_routine_by_name_path_and_own_folder(tmp_path: Path) -> None:
    gentle = load_routine("gentle-start")
    assert load_routine("Gentle start") == gentle  # the routine's own name works too
    assert load_routine("gentle-start.json") == gentle
    assert load_routine("The article's full routine") == load_routine("article-full")
    path = gentle.renamed("Copy").save(tmp_path / "copy.json")
    assert load_routine(path).name == "Copy" and load_routine(str(path)).name == "Copy"
    mine = gentle.remove(1).renamed("Mine")
    mine.save(routines_folder() / "mine.json")
    assert load_routine("mine") == mine
    with pytest.raises(RoutineError) as err:
        load_routine("no-such-routine")
    assert "gentle-start" in str(err.value) and err.value.value == "no-such-routine"


def test_routines_folder_is_under_data_home(backnotes_home: Path) -> None:
    assert routines_folder() == backnotes_home / "routines" and routines_folder().is_dir()


def test_packaged_and_repo_copies_are_identical() -> None:
    packaged = sorted((REPO / "src" / "backnotes" / "data" / "routines").glob("*.json"))
    repo = sorted((REPO / "data" / "routines").glob("*.json"))
    assert [p.name for p in packaged] == [p.name for p in repo] == ["article-full.json", "gentle-start.json"]
    for a, b in zip(packaged, repo):
        assert a.read_bytes() == b.read_bytes(), f"{b} differs from {a}"


def test_package_data_lists_the_routines() -> None:
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"data/routines/*.json"' in text


# -- the printable sheet -----------------------------------------------------------------------------

class _Collect(HTMLParser):
    """Text and tags of a page, to check what a reader sees."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []
        self.classes: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.classes += (dict(attrs).get("class") or "").split()

    def handle_data(self, data):
        self.text.append(data)


def _parse(page: str) -> _Collect:
    c = _Collect()
    c.feed(page)
    return c


def test_html_sheet_content(two: Routine) -> None:
    r = two.renamed(notes="Mornings, before work").redose(2, note="feet hip-width")
    page = r.to_html(date=date(2026, 3, 9))
    seen = _parse(page)
    text = " ".join(seen.text)
    assert page.startswith("<!DOCTYPE html>")
    assert "Two" in text and "9 March 2026" in text and "Mornings, before work" in text
    assert SAFETY_LINE in text and "Stop if pain spreads down your leg" in text
    for it in r.items:
        row = CATALOG.loc[it.exercise_id]
        assert row["name"] in text and backnotes.catalog.dose_text(it) in text
        assert all(step in text for step in row["steps"])
        assert all(c in text for c in row["cautions"])
    assert "feet hip-width" in text
    assert seen.classes.count("exercise") == 2
    assert seen.classes.count("box") == 7 * 2  # a week of tick boxes per exercise
    assert all(d in text for d in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))
    assert f"about {round(r.total_seconds() / 60)} min" in text  # rounded on paper
    assert "@page { size: A4; margin: 15mm; }" in page
    assert "break-inside: avoid" in page and "max-width: 180mm" in page


def test_html_escapes_user_text(two: Routine) -> None:
    evil = "<script>alert('x')</script>"
    r = two.renamed(name=f"Mum's {evil}"[:80], notes=f"<img src=x onerror=alert(1)> & {evil}")
    r = r.redose(1, note='"><b>bold</b>')
    for page in (r.to_html(), r.to_html(fragment=True)):
        assert "<script>" not in page and "<img" not in page and "<b>bold" not in page
        assert "&lt;script&gt;" in page and "&lt;img src=x" in page and "&amp; " in page
        seen = _parse(page)
        assert "script" not in seen.tags and "img" not in seen.tags
        assert "Mum's <script>alert('x')</script>" in "".join(seen.text)  # shows as typed


def test_html_fragment_has_scoped_styles(two: Routine) -> None:
    frag = two.to_html(fragment=True)
    assert "<html" not in frag and "@page" not in frag and '<div class="backnotes-sheet">' in frag
    css = frag.split("<style>")[1].split("</style>")[0]
    selectors = [block.split("{")[0].strip() for block in css.split("}") if "{" in block]
    assert selectors and all(s.strip().startswith(".backnotes-sheet") for sel in selectors for s in sel.split(","))


def test_empty_routine_sheet() -> None:
    page = Routine("Nothing yet").to_html()
    assert "No exercises yet" in page and SAFETY_LINE in page


def test_markdown_sheet(two: Routine) -> None:
    r = two.renamed(name="My *bold* <b>routine</b>", notes="# not a heading")
    md = r.to_markdown(date=date(2026, 1, 2))
    lines = md.splitlines()
    assert lines[0] == r"# My \*bold\* &lt;b&gt;routine&lt;/b&gt;"
    assert "2 January 2026" in lines[2]
    assert r"\# not a heading" in md and "\n# not" not in md
    assert f"**Safety:** {SAFETY_LINE}" in md
    assert f"## 1. {two.items[0].name}" in md and f"## 2. {two.items[1].name}" in md
    assert md.count("☐") == 7 * 2
    for step in CATALOG.loc[HOLD_ID, "steps"]:
        assert step in md


def test_save_html(out: Path, two: Routine) -> None:
    path = two.save_html(out / "sheet.html", date=date(2026, 5, 1))
    assert path.read_text(encoding="utf-8") == two.to_html(date=date(2026, 5, 1))
    assert [p.name for p in out.iterdir()] == ["sheet.html"]
