"""backnotes.response and backnotes.plan beyond the vignettes: the rules file, errors, the dose ladder,
`suggested_routine` keeping the old routine, the flare plan."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import backnotes
from backnotes import Journal
from backnotes.catalog import CatalogError, load_exercises
from backnotes.journal import JournalError
from backnotes.plan import dose_text, flare_plan, next_week, suggested_routine
from backnotes.response import LIGHTS, exercise_response, rules, session_light


@pytest.fixture
def journal(tmp_path: Path):
    with Journal(tmp_path / "j.sqlite", tz="UTC") as j:
        yield j


def test_rules_file_is_sourced_data() -> None:
    r = rules()
    sources = r["sources"]
    assert {"werneke-hart-2001", "nice-cks-sciatica", "silbernagel-2007"} <= set(sources)
    for rule in r["rule"]:
        assert rule["light"] in ("red", "amber") and rule["sources"] and set(rule["sources"]) <= set(sources)
        assert sum(k in rule for k in ("equals", "above", "at_least")) == 1
    for light in LIGHTS:
        spec = r["light"][light]
        assert spec["headline"] and spec["action"] and set(spec["sources"]) <= set(sources)
    for table in ("plan", "flare", "flare_plan", "timing"):
        assert set(r[table]["sources"]) <= set(sources)
    # the thresholds the issue names live here, not in code
    assert {(x["fact"], x.get("above", x.get("at_least"))) for x in r["rule"]} >= {("back_after", 5), ("back_rise", 2)}
    assert r["plan"]["progress_after_greens"] == 3 and r["plan"]["pause_after_reds"] == 2
    assert r["flare"]["score_at_least"] == 7 and r["flare"]["ambers_at_least"] == 2
    src = (Path(backnotes.__file__).parent / "response.py").read_text() + (Path(backnotes.__file__).parent / "plan.py").read_text()
    for number in ("> 5", ">= 5", ">= 2", ">= 3", ">= 7"):
        assert number not in src


def test_threshold_read_from_data(journal: Journal, monkeypatch: pytest.MonkeyPatch) -> None:
    sid = journal.log_session(backnotes.load_routine("gentle-start"), at="2026-03-01 09:00")
    journal.log_check(sid, back=5, leg=0, leg_change="gone", new_nerve_symptoms=False, at="2026-03-01 09:30")
    journal.log_morning(sid, back="same", at="2026-03-02 07:00")
    assert session_light(journal, sid).light == "green"
    changed = {**rules(), "rule": [dict(x, above=4) if x["id"] == "back-above-5" else x for x in rules()["rule"]]}
    monkeypatch.setattr("backnotes.response.rules", lambda: changed)
    assert session_light(journal, sid).light == "amber"


def test_session_light_unknown_session(journal: Journal) -> None:
    with pytest.raises(JournalError, match="session_id: no session 7"):
        session_light(journal, 7)


def test_next_week_needs_a_routine(journal: Journal) -> None:
    with pytest.raises(JournalError, match="routine: a Routine expected"):
        next_week(journal, "gentle-start")  # type: ignore[arg-type]


def test_empty_journal_keeps_everything(journal: Journal) -> None:
    routine = backnotes.load_routine("article-full")
    week = next_week(journal, routine, today="2026-03-01 20:00")
    assert set(week["suggestion"].astype(str)) == {"keep"} and not week.attrs["flare"]
    assert exercise_response(journal).empty


def test_dose_ladder_in_catalog() -> None:
    df = load_exercises()
    assert "dose_ladder" in df.columns
    for eid, row in df.iterrows():
        ladder = row["dose_ladder"]
        default = {"sets": row["sets"], "reps": row["reps"], **({"hold_s": row["hold_s"]} if row["kind"] == "hold" else {})}
        assert default in ladder, eid  # the default dose is one step
        assert len(ladder) >= 3, eid
        for step in ladder:
            if row["kind"] == "hold":  # ACSM (Garber et al. 2011): holds of 10-30 s, 2-4 repetitions
                assert 10 <= step["hold_s"] <= 30 and 2 <= step["reps"] <= 4
            elif row["phase"] == "strengthening" and row["kind"] == "reps":  # 8-12 (to 15) reps, 1-4 sets
                assert 8 <= step["reps"] <= 15 and 1 <= step["sets"] <= 4


def test_dose_ladder_checked(tmp_path: Path) -> None:
    text = (Path(backnotes.__file__).parent / "data" / "exercises.toml").read_text(encoding="utf-8")
    bad = text.replace("dose_ladder = [{sets = 1, reps = 8}, {sets = 1, reps = 10}, {sets = 2, reps = 10}",
                       "dose_ladder = [{sets = 1, reps = 10}, {sets = 1, reps = 8}, {sets = 2, reps = 10}", 1)
    assert bad != text
    (tmp_path / "c.toml").write_text(bad, encoding="utf-8")
    with pytest.raises(CatalogError, match="dose_ladder.*easiest to hardest"):
        load_exercises(tmp_path / "c.toml")


def test_suggested_routine_keeps_the_old_one(journal: Journal) -> None:
    routine = backnotes.load_routine("gentle-start")
    for day in range(1, 5):
        sid = journal.log_session(routine, at=f"2026-03-0{day} 09:00")
        journal.log_check(sid, back=2, leg=1, leg_change="less", new_nerve_symptoms=False, at=f"2026-03-0{day} 09:30")
        journal.log_morning(sid, back="better", at=f"2026-03-0{day + 1} 07:00")
    week = next_week(journal, routine, today="2026-03-05 20:00")
    assert set(week["suggestion"].astype(str)) == {"progress"}
    new = suggested_routine(routine, week)
    assert new is not routine and new.name == "Gentle start (next week)"
    assert routine == backnotes.load_routine("gentle-start")  # unchanged
    for old, item, nxt in zip(routine.items, new.items, week["next_dose"]):
        assert (item.sets, item.reps, item.hold_s) != (old.sets, old.reps, old.hold_s)
        assert dose_text({"sets": item.sets, "reps": item.reps, **({"hold_s": item.hold_s} if item.hold_s else {})},
                         per_side=item.per_side) == nxt


def test_flare_plan_is_sourced() -> None:
    plan = flare_plan()
    assert plan["what"] and len(plan["do"]) >= 3 and len(plan["red_flag_instead"]) >= 3
    assert any("emergency" in x for x in plan["red_flag_instead"]) and plan["sources"]
    assert any("NICE" in s for s in plan["sources"])
