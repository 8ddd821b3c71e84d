"""Quiz: self-check questions with instant feedback.

The questions, answers and explanations come from the core (`backnotes.quiz`); this widget only asks
them. Where no kernel runs (saved notebook outputs, the static book) the same questions show with the
answer folded in a ``<details>`` element: the widget's ``text/html`` representation.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

import ipywidgets as widgets
import traitlets

import weakref

from ..quiz import NOTEBOOKS, QuizError, answer_html, check, questions, summary

__all__ = ["Quiz", "QuizSummary"]

# Every Quiz made in this kernel, so a QuizSummary at the end of a notebook can add them up.
_LIVE: "weakref.WeakSet[Quiz]" = weakref.WeakSet()

# Choice buttons hold whole sentences: let them wrap instead of cutting the text off, and show the
# keyboard focus clearly.
_STYLE = """<style>
.backnotes-quiz-choice { height: auto !important; min-height: 32px; white-space: normal !important;
  text-align: left !important; line-height: 1.3; padding: 4px 10px; max-width: 100%; }
.backnotes-quiz-choice:focus-visible { outline: 3px solid #1a4d8f; outline-offset: 2px; }
</style>"""
_RIGHT = "border-left:4px solid #2e7d32; padding:4px 10px; margin:4px 0;"
_WRONG = "border-left:4px dashed #b00020; padding:4px 10px; margin:4px 0;"


def _pick(which: str | Iterable[str] | None) -> list[str]:
    table = questions()
    if which is None:
        return list(table.index)
    if isinstance(which, str):
        if which in NOTEBOOKS:
            return list(table.index[table["notebook"] == which])
        which = [which]
    ids = list(which)
    unknown = [i for i in ids if i not in table.index]
    if unknown:
        raise QuizError(
            f"questions: no question {unknown[0]!r}; give a notebook number ({', '.join(NOTEBOOKS)}) "
            "or ids from backnotes.quiz.questions().index")
    if not ids:
        raise QuizError("questions: give at least one question id")
    return ids


class _Question(widgets.VBox):
    """One question: its text, one button per choice, and a feedback line."""

    def __init__(self, qid: str, number: int, row: Any) -> None:
        self.qid = qid
        self.row = row
        self.buttons: list[widgets.Button] = []
        for letter, choice in zip("ABCDEFGH", row["choices"]):
            button = widgets.Button(
                description=f"{letter}. {choice}",
                tooltip=f"Answer {letter}: {choice}",
                layout=widgets.Layout(width="auto", max_width="100%", height="auto"),
            )
            button.add_class("backnotes-quiz-choice")
            button.choice = choice  # type: ignore[attr-defined]
            button.on_click(self._answer)
            self.buttons.append(button)
        self.feedback = widgets.HTML("", layout=widgets.Layout(min_height="1.5em"))
        self.feedback.add_class("backnotes-quiz-feedback")
        self.solved = False
        self.tries = 0
        self.first_try: bool | None = None  # right at the first answer? None until answered
        super().__init__([
            widgets.HTML(f"<p><strong>Question {number}.</strong> {escape(row['question'])}</p>"),
            widgets.VBox(self.buttons, layout=widgets.Layout(align_items="flex-start")),
            self.feedback,
        ], layout=widgets.Layout(margin="0 0 12px 0"))

    def _answer(self, button: widgets.Button) -> None:
        self.choose(button.choice)  # type: ignore[attr-defined]

    def choose(self, choice: str) -> bool:
        """Answer with ``choice`` (what a click does); returns whether it is right."""
        right = check(self.qid, choice)
        self.tries += 1
        if self.first_try is None:
            self.first_try = right
        for b in self.buttons:
            if b.choice == choice:  # type: ignore[attr-defined]
                b.button_style = "success" if right else "danger"
                b.icon = "check" if right else "times"
            elif right:
                b.button_style = ""
                b.icon = ""
        if right:
            self.solved = True
            # role="status" is a polite live region: screen readers read it without moving focus
            self.feedback.value = (
                f'<div role="status" aria-live="polite" style="{_RIGHT}"><strong>Right.</strong> '
                f"{escape(self.row['explanation'])} <em>Source: {escape(self.row['source'])}</em></div>")
        else:
            self.feedback.value = (
                f'<div role="status" aria-live="polite" style="{_WRONG}"><strong>Not quite:</strong> '
                f"&ldquo;{escape(choice)}&rdquo; is not the answer. Try another one.</div>")
        return right


class Quiz(widgets.VBox):
    """Self-check questions that answer back at once.

    ``which``: ``Quiz("04")`` asks every question of notebook 04; ``Quiz(["05-odi", "05-rmdq"])`` asks
    those questions (ids from ``backnotes.quiz.questions().index``); ``Quiz()`` asks them all. Each choice is a button (Tab to reach
    it, Enter or Space to answer); the feedback line below says right or not, and after a right
    answer shows the explanation and its source. Buttons carry the css class
    ``backnotes-quiz-choice``, feedback lines ``backnotes-quiz-feedback``.

    Traitlets: ``solved`` (how many questions were answered right). ``items`` holds one box per
    question with ``buttons``, ``feedback`` and ``choose(choice)`` (what a click does).

    Without a running kernel, the saved output shows the same questions with each answer folded in a
    ``<details>`` element (``text/html``).
    """

    solved = traitlets.Int(0, help="number of questions answered right")

    def __init__(self, which: str | Iterable[str] | None = None, *, title: str = "Check yourself",
                 **kwargs: Any) -> None:
        self.question_ids = _pick(which)
        table = questions()
        self.title = title
        self.items = [_Question(qid, n, table.loc[qid]) for n, qid in enumerate(self.question_ids, 1)]
        for item in self.items:
            for b in item.buttons:
                b.on_click(lambda _b: self._count())
        header = widgets.HTML(f"{_STYLE}<h4 style='margin:4px 0'>{escape(title)}</h4>")
        super().__init__([header, *self.items], **kwargs)
        self.add_class("backnotes-quiz")
        _LIVE.add(self)

    def results(self) -> dict[str, bool | None]:
        """Per question id: right at the first answer (True), not (False), or not answered (None)."""
        return {item.qid: item.first_try for item in self.items}

    def summary(self) -> str:
        """E.g. "3 of 4 right; revisit section 8.1" (`backnotes.quiz.summary`)."""
        return summary(self.results())

    def _count(self) -> None:
        self.solved = sum(item.solved for item in self.items)

    def static_html(self) -> str:
        """The questions with their answers folded in ``<details>``: shown where no kernel runs."""
        body = "".join(answer_html(qid, n) for n, qid in enumerate(self.question_ids, 1))
        return (f'<div class="backnotes-quiz-static"><p><strong>{escape(self.title)}</strong> '
                f"(interactive with a running kernel; here each answer opens with a click)</p>{body}</div>")

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        data = super()._repr_mimebundle_(**kwargs) or {}
        if isinstance(data, tuple):  # (data, metadata)
            data = data[0]
        data = dict(data)
        data["text/html"] = self.static_html()
        return data


class QuizSummary(widgets.VBox):
    """How the questions of a notebook went, added up over every `Quiz` shown in this kernel.

    ``QuizSummary("05")`` at the end of notebook 05: press the button for a line such as "12 of 15
    right; revisit section 4" (a question counts as right when its first answer was). Questions not
    yet answered count as not right. Without a kernel (the static book) it says how to use it.
    """

    def __init__(self, notebook: str, *, kind: str | None = "clinical", **kwargs: Any) -> None:
        self.notebook = notebook
        self.question_ids = list(questions(notebook, kind=kind).index)
        self.button = widgets.Button(description="Show my summary", tooltip="Add up the questions answered above")
        self.output = widgets.HTML("", layout=widgets.Layout(min_height="1.5em"))
        self.button.on_click(lambda _b: self.refresh())
        super().__init__([widgets.HTML("<h4 style='margin:4px 0'>Your quiz summary</h4>"), self.button, self.output],
                         **kwargs)
        self.add_class("backnotes-quiz-summary")

    def results(self) -> dict[str, bool | None]:
        """First-answer results of this notebook's questions, from every live Quiz (None: not answered)."""
        found: dict[str, bool | None] = {qid: None for qid in self.question_ids}
        for quiz in list(_LIVE):
            for qid, value in quiz.results().items():
                if qid in found and found[qid] is None:
                    found[qid] = value
        return found

    def text(self) -> str:
        """The summary line (`backnotes.quiz.summary`) over the questions answered so far."""
        answered = {k: v for k, v in self.results().items() if v is not None}
        if not answered:
            return "No questions answered yet: answer some above, then press the button again."
        return summary(answered)

    def refresh(self) -> None:
        """Recompute and show the line (what the button does); announced politely to screen readers."""
        self.output.value = f'<div role="status" aria-live="polite">{escape(self.text())}</div>'

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        data = super()._repr_mimebundle_(**kwargs) or {}
        if isinstance(data, tuple):
            data = data[0]
        data = dict(data)
        data["text/html"] = ("<p><strong>Your quiz summary</strong> (with a running kernel: answer the "
                             "questions, then press <em>Show my summary</em> for a line such as "
                             "&ldquo;12 of 15 right; revisit section 4&rdquo;)</p>")
        return data
