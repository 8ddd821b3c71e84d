"""The Quiz widget in a real JupyterLab: a click or a key press answers, the feedback appears at once
in a polite live region, and the focus stays on the button that was pressed."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser


def _write_quiz_notebook(lab) -> str:
    nb = {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "quiz", "metadata": {}, "outputs": [],
                   "source": ["from backnotes.widgets import Quiz\n",
                              "Quiz(['04-important-6-45', '05-big-toe'])"]}],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                     "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    (lab.root / "notebooks" / "quiz_check.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    return "quiz_check"


def test_quiz_answers_back_by_click_and_keyboard(lab):
    nb = lab.open(_write_quiz_notebook(lab))
    nb.run_clean()
    quiz = nb.node.locator(".backnotes-quiz").first
    quiz.wait_for(state="visible", timeout=30_000)
    buttons = quiz.locator("button.backnotes-quiz-choice")
    assert buttons.count() == 2 + 4  # Yes/No, then L3/L4/L5/S1
    feedback = quiz.locator(".backnotes-quiz-feedback")

    # a wrong click: feedback at once, in a polite live region, focus kept on the button
    buttons.nth(0).click()
    first = feedback.nth(0)
    nb.page.wait_for_function("(el) => el.innerText.includes('Not quite')", arg=first.element_handle(),
                              timeout=15_000)
    assert first.locator("[aria-live=polite]").count() == 1
    assert buttons.nth(0).evaluate("b => document.activeElement === b")

    # the keyboard: focus the right answer and press Enter
    buttons.nth(1).focus()
    nb.page.keyboard.press("Enter")
    nb.page.wait_for_function("(el) => el.innerText.includes('Right.')", arg=first.element_handle(),
                              timeout=15_000)
    assert "Ostelo" in first.inner_text()
    # every choice has its words as the button's name
    names = buttons.evaluate_all("bs => bs.map(b => b.innerText.trim())")
    assert names[:2] == ["A. Yes", "B. No"] and names[4] == "C. L5"
