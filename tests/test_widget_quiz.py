"""Quiz widget: instant feedback, keyboard-usable buttons with names, and a folded-answer fallback."""

from __future__ import annotations

import pytest

from backnotes.quiz import QuizError, questions
from backnotes.widgets import Quiz


def test_one_question_box_per_question_of_the_notebook() -> None:
    quiz = Quiz("04")
    assert quiz.question_ids == list(questions("04").index)
    assert len(quiz.items) == len(questions("04"))
    assert "backnotes-quiz" in quiz._dom_classes


def test_buttons_have_names_and_wrap() -> None:
    quiz = Quiz(["05-odi"])
    (item,) = quiz.items
    names = [b.description for b in item.buttons]
    assert names == ["A. 36 %", "B. 40 %", "C. 45 %", "D. 18 %"]
    for b in item.buttons:
        assert "backnotes-quiz-choice" in b._dom_classes
        assert b.tooltip.startswith("Answer ")


def test_wrong_then_right_feedback_and_score() -> None:
    quiz = Quiz(["04-important-6-45", "04-important-8-5"])
    first = quiz.items[0]
    assert first.choose("Yes") is False
    assert "Not quite" in first.feedback.value and 'aria-live="polite"' in first.feedback.value
    assert first.buttons[0].button_style == "danger"
    assert quiz.solved == 0 or first.solved is False
    first.buttons[1].click()  # "No": what a keyboard press or mouse click does
    assert first.solved and "Right." in first.feedback.value
    assert "Ostelo" in first.feedback.value  # the source is shown with the explanation
    assert quiz.solved == 1


def test_unknown_question_is_a_clear_error() -> None:
    with pytest.raises(QuizError, match="no question 'nope'"):
        Quiz(["nope"])


def test_saved_output_has_the_answers_folded() -> None:
    quiz = Quiz("00")
    bundle = quiz._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    page = bundle["text/html"]
    assert page.count("<details>") == len(questions("00"))
    assert "Show the answer" in page


def test_first_answers_add_up_to_a_summary_naming_sections_to_revisit() -> None:
    from backnotes.widgets import QuizSummary

    summary = QuizSummary("05")
    assert set(summary.question_ids) == set(questions("05", kind="clinical").index)
    assert summary.text().startswith("No questions answered yet")
    quiz = Quiz(["05-big-toe", "05-odi", "05-rmdq"])
    big_toe, odi, rmdq = quiz.items
    big_toe.choose("L5")
    odi.choose("36 %")      # wrong first: counts as not right even after the right answer
    odi.choose("40 %")
    assert quiz.results() == {"05-big-toe": True, "05-odi": False, "05-rmdq": None}
    assert quiz.summary() == "1 of 3 right; revisit section 5.2 and section 5.3 (1 not answered yet)"
    summary.button.click()
    assert summary.output.value.count("1 of 2 right; revisit section 5.2") == 1
    assert 'role="status"' in summary.output.value
    # without a kernel the saved output explains itself
    assert "Show my summary" in summary._repr_mimebundle_()["text/html"]
