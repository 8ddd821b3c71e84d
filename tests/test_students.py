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


def test_root_tests_cover_l3_to_s1_with_a_source() -> None:
    df = root_tests()
    assert list(df.index) == ["L3", "L4", "L5", "S1"]
    assert df.loc["S1", "reflex"].startswith("ankle jerk")
    assert df["source"].str.len().gt(5).all()


def test_clinical_tests_accuracy_is_a_proportion_with_its_source() -> None:
    df = clinical_tests()
    assert {"straight-leg-raise", "slump-test"} <= set(df.index)
    assert df[["sensitivity", "specificity"]].stack().between(0, 1).all()
    assert "van der Windt" in df.loc["straight-leg-raise", "source"]
    assert "Majlesi" in df.loc["slump-test", "source"]


def test_guidelines_side_by_side() -> None:
    df = guidelines()
    assert list(df.columns) == ["NICE NG59", "ACP 2017", "WHO 2023"] == list(GUIDELINE_SOURCES)
    assert df.notna().all().all() and "exercise" in df.index
    assert df.attrs["sources"]["ACP 2017"].startswith("Qaseem")


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
    assert screen(case.red_flags_ticked).level == "clear"
    assert set(case.red_flags_ticked) <= set(red_flags().index)
    assert measures.odi_percent(case.odi_baseline) - measures.odi_percent(case.odi_week8) >= 10
    assert measures.rmdq_score(case.rmdq_baseline) - measures.rmdq_score(case.rmdq_week8) >= 5
    assert case.history[0].startswith("INVENTED CASE")
