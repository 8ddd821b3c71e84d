"""The static book builds offline from the saved outputs, with a kernel note and folded quiz answers."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PAGES = ["index.html", *(f"notebooks/{n}.html" for n in (
    "00_start_here", "01_exercise_catalog", "02_build_a_routine", "03_hold_timers",
    "04_pain_and_progress", "05_for_physiotherapy_students", "glossary"))]


def _build_module():
    spec = importlib.util.spec_from_file_location("backnotes_book_build", REPO / "book" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    pytest.importorskip("myst_nb", reason="the book extra is not installed (python3 run.py book installs it)")
    out = tmp_path_factory.mktemp("book") / "html"
    _build_module().build(out)
    return out


@pytest.mark.slow
def test_every_page_is_built_with_the_kernel_note(built: Path) -> None:
    for page in PAGES:
        text = (built / page).read_text(encoding="utf-8")
        assert "backnotes-kernel-note" in text, page
        assert "start one with" in text and re.search(r"href=\"[./a-z]*#set-up\"", text), page
        assert "Traceback" not in text, page


@pytest.mark.slow
def test_quiz_answers_are_folded_in_details(built: Path) -> None:
    from backnotes.quiz import questions

    for number in ("00", "01", "02", "03", "04", "05"):
        (page,) = [p for p in PAGES if f"/{number}_" in p]
        text = (built / page).read_text(encoding="utf-8")
        quiz_ids = set(re.findall(r'data-question="([^"]+)"', text))
        assert quiz_ids == set(questions(number).index), number
        assert len(re.findall(r"<summary[^>]*>Show the answer</summary>", text)) >= len(quiz_ids)


@pytest.mark.slow
def test_nothing_is_fetched_from_the_network(built: Path) -> None:
    for page in PAGES:
        text = (built / page).read_text(encoding="utf-8")
        remote = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', text)
        assert remote == [], (page, remote)
    conf = (REPO / "book" / "conf.py").read_text(encoding="utf-8")
    assert "intersphinx_mapping: dict = {}" in conf and 'nb_execution_mode = "off"' in conf


@pytest.mark.slow
def test_glossary_terms_have_their_anchors(built: Path) -> None:
    from backnotes.glossary import terms

    text = (built / "notebooks" / "glossary.html").read_text(encoding="utf-8")
    for anchor in terms()["anchor"]:
        assert f'id="{anchor}"' in text, anchor


def test_widget_outputs_without_a_static_form_become_a_note() -> None:
    build = _build_module()
    bare = {"output_type": "display_data",
            "data": {build.WIDGET_MIME: {"model_id": "x"}, "text/plain": "VBox(children=...)"}}
    with_html = {"output_type": "display_data",
                 "data": {build.WIDGET_MIME: {"model_id": "y"}, "text/html": "<details></details>"}}
    out = build._static_outputs([bare, with_html])
    assert out[0]["data"] == {"text/html": build.WIDGET_NOTE, "text/plain": "(interactive widget)"}
    assert out[1] is with_html
