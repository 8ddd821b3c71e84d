"""Clinical vignettes as data (tests/data/vignettes/*.toml): scripted journals with the traffic light
and the week's suggestions each must give. Core only: `backnotes.response` and `backnotes.plan`."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from backnotes import Journal
from backnotes.catalog import load_exercises
from backnotes.plan import next_week
from backnotes.response import session_light, session_lights
from backnotes.routine import Routine

HERE = Path(__file__).resolve().parent / "data" / "vignettes"
VIGNETTES = sorted(HERE.glob("*.toml"))


def _when(start: pd.Timestamp, day: int, time: str) -> pd.Timestamp:
    return start + pd.Timedelta(days=day - 1) + pd.Timedelta(time + ":00")


def _routine(ids: list[str], doses: dict[str, Any], name: str = "Vignette") -> Routine:
    routine = Routine.from_ids(ids, name=name, catalog=load_exercises())
    for pos, item in enumerate(routine.items):
        if item.exercise_id in doses:
            routine = routine.redose(pos + 1, **doses[item.exercise_id])
    return routine


def build(script: dict[str, Any], folder: Path) -> tuple[Journal, Routine, pd.Timestamp, list[int]]:
    """The vignette's journal (UTC), its routine, the review time and the session ids in time order."""
    start = pd.Timestamp(script["start"], tz="UTC")
    review = _when(start, script["review"]["day"], script["review"]["time"])
    base_dose = script.get("dose", {})
    routine = _routine(script["routine"], base_dose)
    j = Journal(folder / "j.sqlite", tz="UTC")
    for entry in script.get("pain", []):
        for day in entry.get("days", [entry.get("day")]):
            j.log_pain(entry.get("score"), back=entry.get("back"), leg=entry.get("leg"),
                       at=_when(start, day, entry["time"]), leg_extent=entry.get("leg_extent"))
    ids: dict[pd.Timestamp, int] = {}
    for entry in script.get("session", []):
        done = _routine(entry.get("exercises", script["routine"]), {**base_dose, **entry.get("dose", {})})
        for day in entry["days"]:
            at = _when(start, day, entry["time"])
            sid = j.log_session(done, at=at, pain_before=entry.get("pain_before"), pain_after=entry.get("pain_after"))
            ids[at] = sid
            if "check" in entry:
                j.log_check(sid, **entry["check"], at=at + pd.Timedelta(minutes=40))
            morning = _when(start, day + 1, "07:00")
            if "morning" in entry and morning <= review:  # not answered before the review: missing
                j.log_morning(sid, back=entry["morning"], at=morning)
    return j, routine, review, [ids[t] for t in sorted(ids)]


def test_there_are_enough_vignettes() -> None:
    assert len(VIGNETTES) >= 12


@pytest.mark.parametrize("path", VIGNETTES, ids=[p.stem for p in VIGNETTES])
def test_vignette(path: Path, tmp_path: Path) -> None:
    script = tomllib.loads(path.read_text(encoding="utf-8"))
    expect = script["expect"]
    j, routine, review, ids = build(script, tmp_path)
    with j:
        last = session_light(j, ids[-1]) if ids else None
        if "light" in expect:
            assert last is not None and last.light == expect["light"], (script["title"], last)
        if "lights" in expect:
            assert session_lights(j)["light"].astype(str).tolist() == expect["lights"], script["title"]
        for text in expect.get("reasons", []):
            assert text in " ".join(last.reasons), (text, last.reasons)
        if "missing" in expect:
            assert list(last.missing) == expect["missing"]
        if last is not None:  # every light says something and what to do, with sources
            assert last.reasons and last.action and last.sources and last.headline
        week = next_week(j, routine, today=review)
        assert week["exercise_id"].tolist() == [i.exercise_id for i in routine.items]
        got = dict(zip(week["exercise_id"], week["suggestion"].astype(str)))
        wanted = {ex: expect["suggestions"].get(ex, expect["suggestions"].get("*")) for ex in got}
        assert got == wanted, (script["title"], week[["exercise_id", "suggestion", "reason"]].to_dict("records"))
        assert bool(week.attrs["flare"]) is expect["flare"], week.attrs["flare"]
        text = " ".join(week["reason"])
        for piece in expect.get("plan_reasons", []):
            assert piece in text, (piece, text)
        assert week["reason"].str.len().min() > 20  # every suggestion says why
