"""Notebook 05's data: glossary, root tests, clinical tests, guidelines, and the invented case."""

from __future__ import annotations

import pandas as pd
import pytest

from backnotes import measures
from backnotes.case import patient_case, pain_diary
from backnotes.content import red_flags, screen
from backnotes.glossary import anchor, terms, to_markdown
from backnotes.reference import GUIDELINE_SOURCES, clinical_tests, guidelines, root_tests


def test_glossary_terms_have_definition_source_and_unique_anchor() -> None:
    df = terms()
    assert len(df) >= 25 and df.index.is_unique and df["anchor"].is_unique
    assert (df["definition"].str.len() > 20).all() and (df["source"].str.len() > 3).all()
    assert anchor("straight-leg raise") == "straight-leg-raise"


def test_glossary_page_is_in_sync_with_the_data() -> None:
    from pathlib import Path

    page = Path(__file__).resolve().parents[1] / "notebooks" / "glossary.md"
    assert page.read_text(encoding="utf-8") == to_markdown() + "\n", "run: python tools/make_glossary.py"


def test_root_tests_cover_l3_to_s1_the_femoral_nerve_and_the_cord_with_a_source() -> None:
    df = root_tests()
    assert list(df.index) == ["L3", "L4", "L5", "S1", "cord (UMN)"]
    assert df.loc["S1", "reflex"].startswith("ankle jerk")
    assert df["source"].str.len().gt(5).all() and df.notna().all().all()
    assert "prone knee bend" in df.loc["L3", "nerve_test"] and "prone knee bend" in df.loc["L4", "nerve_test"]
    assert "straight-leg raise" in df.loc["S1", "nerve_test"]
    cord = df.loc["cord (UMN)", "reflex"]
    assert all(w in cord for w in ("brisk", "clonus", "Babinski"))


def test_clinical_tests_accuracy_is_a_proportion_with_its_source() -> None:
    df = clinical_tests()
    assert {"straight-leg-raise", "slump-test"} <= set(df.index)
    quoted = df[["sensitivity", "specificity"]].dropna()
    assert len(quoted) >= 2 and quoted.stack().between(0, 1).all()
    assert "van der Windt" in df.loc["straight-leg-raise", "source"]
    assert "Majlesi" in df.loc["slump-test", "source"]
    # the slump's two readings of Majlesi 2008 and a second study are both shown
    meaning = df.loc["slump-test", "meaning"]
    assert "0.83" in meaning and "0.89" in meaning and "second" in meaning and "neck" in meaning
    assert "PubMed 26255334" in df.loc["slump-test", "source"]
    assert "prone-knee-bend" in df.index and "femoral" in df.loc["prone-knee-bend", "name"]


def test_guidelines_side_by_side() -> None:
    df = guidelines()
    assert list(df.columns) == ["NICE NG59", "ACP 2017", "WHO 2023"] == list(GUIDELINE_SOURCES)
    assert df.notna().all().all() and "exercise" in df.index
    assert df.attrs["sources"]["ACP 2017"].startswith("Qaseem")
    acp = df.loc["exercise", "ACP 2017"]
    assert "exercise (moderate-quality evidence)" in acp and all(w in acp for w in ("tai chi", "yoga", "motor control"))


def test_differentials_cover_the_issue_list_with_sources() -> None:
    from backnotes.reference import differentials

    df = differentials()
    assert list(df.index) == ["radicular pain", "referred pain", "spinal stenosis", "vascular claudication",
                              "hip pathology", "deep gluteal syndrome", "peripheral neuropathy", "cauda equina"]
    assert list(df.columns) == ["also_called", "history", "findings", "helpful_test", "source"]
    assert df.notna().all().all() and (df.map(len) > 5).all().all()
    assert "pulse" in df.loc["vascular claudication", "helpful_test"]
    assert "sitting" in df.loc["spinal stenosis", "history"]


def test_evidence_topics_are_sourced() -> None:
    from backnotes.reference import evidence

    df = evidence()
    for topic, source in (("directional preference and centralisation", "Long"), ("prognosis of sciatica", "NICE"),
                          ("injection", "NG59"), ("surgery", "NG59"),
                          ("red flags: single signs and combinations", "Finucane"), ("yellow flags", "Kendall"),
                          ("stratified care (STarT Back)", "Hill")):
        assert source in df.loc[topic, "source"], topic


def test_diary_is_deterministic_and_eight_weeks() -> None:
    a, b = pain_diary(), pain_diary()
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == 56 and list(a["week"].unique()) == list(range(1, 9))
    assert a["date"].is_monotonic_increasing and a["date"].diff().dropna().eq(pd.Timedelta(days=1)).all()
    for column in ("back", "leg"):
        assert a[column].between(0, 10).all()
    with pytest.raises(ValueError, match="weeks"):
        pain_diary(0)


def test_case_teaches_back_and_leg_separately() -> None:
    """The worked answers say: leg pain improved importantly, back pain did not."""
    case = patient_case()
    d = case.diary
    first, last = d[d["week"] == 1], d[d["week"] == 8]
    assert measures.important_change(first["leg"].mean(), last["leg"].mean())
    assert not measures.important_change(first["back"].mean(), last["back"].mean())
    # the slightly weak big toe is a stable weakness: the case says the GP cleared him first (issue 18)
    assert case.red_flags_ticked == ("stable-weakness",)
    assert screen(case.red_flags_ticked).level == "soon"
    assert any("cleared" in line for line in case.history)
    assert set(case.red_flags_ticked) <= set(red_flags().index)
    assert measures.odi_percent(case.odi_baseline) - measures.odi_percent(case.odi_week8) >= 10
    assert measures.rmdq_score(case.rmdq_baseline) - measures.rmdq_score(case.rmdq_week8) >= 5
    assert case.history[0].startswith("INVENTED CASE")


# ----------------------------------------------------------------------------------- staged cases
from backnotes.case import STAGES, CaseError, case, cases, diary  # noqa: E402
from backnotes.quiz import questions  # noqa: E402


def test_three_invented_staged_cases_each_with_decisions_in_the_quiz() -> None:
    found = cases()
    assert list(found) == ["l5", "stenosis", "referred"]
    quiz = questions("05", kind="clinical")
    for c in found.values():
        assert [s.name for s in c.stages] == list(STAGES)
        assert "invented" in c.html().lower() and "INVENTED" in str(c)
        # a decision at every stage before week 3, and one per week-3 path
        for s in c.stages[:-1]:
            assert s.questions, (c.id, s.name)
        assert set(c.branches) == {"centralising", "spreading"}
        assert set(c.questions()) <= set(quiz.index)
        assert set(c.psychosocial) == {"work", "sleep", "mood", "fear_of_movement", "beliefs", "goals", "medicines"}
        assert set(c.red_flags_ticked) <= set(red_flags().index)
    assert {c.start_back().risk for c in found.values()} == {"low", "medium", "high"}


def test_case_text_wraps_instead_of_being_cut() -> None:
    """Stages are HTML paragraphs (they wrap on a book page and at 390 px), not fixed-width print."""
    for c in cases().values():
        for s in c.stages:
            page = s.html()
            assert "<pre" not in page and "white-space" not in page and "max-width:100%" in page
            assert page.count("<p>") >= len(s.text)
        for b in c.branches.values():
            assert "<p>" in b.html()


def test_week_3_paths_move_leg_extent_apart_from_leg_pain() -> None:
    for c in cases().values():
        for name, branch in c.branches.items():
            w = branch.weekly()
            order = ["none", "buttock", "thigh", "below knee", "foot"]
            first, last = order.index(w["leg_extent_most_days"].iloc[0]), order.index(w["leg_extent_most_days"].iloc[-1])
            leg_change = abs(w["leg"].iloc[-1] - w["leg"].iloc[0])
            # the extent moves a whole level or more while the leg score moves by less than 1.5 points
            assert leg_change < 1.5, (c.id, name, w)
            assert (last < first) if name == "centralising" else (last > first), (c.id, name, w)


def test_the_l5_case_is_consistent_with_the_flag_table() -> None:
    l5 = case("l5")
    assert screen(l5.red_flags_ticked).level == "soon"
    plan = " ".join(l5.stage("first plan").text)
    assert "clears him to exercise" in plan and "within about two weeks" in plan
    exam = " ".join(l5.stage("examination").text)
    assert "press-ups" in exam and "bends forward" in exam  # why the first exercises were chosen
    q = questions().loc["case-l5-spreading"]
    assert "same day" in q["answer"] and "soon" not in q["answer"]


def test_diary_generator_is_deterministic_and_checks_its_input() -> None:
    a = diary(21, leg=(6, 6), back=(4, 4), extent=(3, 1), seed=3)
    pd.testing.assert_frame_equal(a, diary(21, leg=(6, 6), back=(4, 4), extent=(3, 1), seed=3))
    assert not a.equals(diary(21, leg=(6, 6), back=(4, 4), extent=(3, 1), seed=4))
    for bad, match in (({"extent": (3, 5)}, "extent"), ({"leg": (11, 2)}, "leg"), ({"leg": "6"}, "leg")):
        kwargs = {"leg": (6, 6), "back": (4, 4), "extent": (3, 1), **bad}
        with pytest.raises(ValueError, match=match):
            diary(21, **kwargs)
    with pytest.raises(ValueError, match="days"):
        diary(0, leg=(6, 6), back=(4, 4), extent=(3, 1))
    with pytest.raises(CaseError, match="stage: 'exam' is not one of history"):
        case("l5").stage("exam")
    with pytest.raises(CaseError, match="no case 'x'"):
        case("x")


def test_werneke_and_hart_page_range_is_written_one_way() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    ranges = set()
    for path in [*root.glob("src/backnotes/data/*.toml"), *root.glob("notebooks/*.ipynb"), *root.glob("notebooks/*.md")]:
        ranges |= set(re.findall(r"758[-\u2013]76\d", path.read_text(encoding="utf-8")))
    assert {r.replace("\u2013", "-") for r in ranges} == {"758-765"}


def test_changing_a_returned_diary_does_not_change_the_next_call() -> None:
    first = case("l5").branch("spreading").diary
    first["leg"] = 0
    assert case("l5").branch("spreading").diary["leg"].max() > 0
