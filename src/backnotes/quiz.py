"""Self-check questions for notebooks 00-05, kept as data (``data/quiz.toml``).

Each question has its choices, the right answer (one of the choices), a short explanation and the
source of the fact. `questions` gives them as a table; `answer_html` renders one question with its
answer folded in a ``<details>`` element, for places where no kernel runs (saved notebook outputs, the
static book). The interactive version is ``backnotes.widgets.Quiz``.
"""

from __future__ import annotations

import html
import tomllib
from functools import lru_cache
from importlib import resources

import pandas as pd

__all__ = ["NOTEBOOKS", "KINDS", "QuizError", "questions", "check", "answer_html", "summary"]

#: The notebooks that have questions, by number.
NOTEBOOKS: tuple[str, ...] = ("00", "01", "02", "03", "04", "05")
#: The two kinds of question: physiotherapy (counts towards the students' set) and how backnotes works.
KINDS: tuple[str, ...] = ("clinical", "using-backnotes")
COLUMNS = ["notebook", "question", "choices", "answer", "explanation", "source"]
EXTRA_COLUMNS = ["kind", "section"]


class QuizError(ValueError):
    """A question asked for does not exist, or the quiz data is inconsistent."""


@lru_cache(maxsize=1)
def _load() -> tuple[dict, ...]:
    text = resources.files("backnotes").joinpath("data/quiz.toml").read_text(encoding="utf-8")
    rows = tomllib.loads(text)["question"]
    seen: set[str] = set()
    for n, row in enumerate(rows, start=1):
        qid = row.get("id", f"#{n}")
        missing = [c for c in ("id", *COLUMNS, *EXTRA_COLUMNS) if not row.get(c)]
        if missing:
            raise QuizError(f"question {qid}: missing {', '.join(missing)}")
        if row["notebook"] not in NOTEBOOKS:
            raise QuizError(f"question {qid}: notebook {row['notebook']!r} is not one of {', '.join(NOTEBOOKS)}")
        if row["kind"] not in KINDS:
            raise QuizError(f"question {qid}: kind {row['kind']!r} is not one of {', '.join(KINDS)}")
        if row["answer"] not in row["choices"]:
            raise QuizError(f"question {qid}: answer {row['answer']!r} is not one of its choices")
        if len(set(row["choices"])) != len(row["choices"]):
            raise QuizError(f"question {qid}: two choices are the same")
        if qid in seen:
            raise QuizError(f"question {qid}: id used twice")
        seen.add(qid)
    return tuple(rows)


def questions(notebook: str | int | None = None, kind: str | None = None) -> pd.DataFrame:
    """The self-check questions, one row each, indexed by a stable ``id`` (e.g. ``"04-important-6-45"``).

    Columns: ``notebook`` (its number as text, ``"00"`` to ``"05"``); ``question``; ``choices`` (a
    tuple of strings, in the order to show them); ``answer`` (the right choice, exactly as in
    ``choices``); ``explanation`` (why, in a sentence or two); ``source`` (where the fact comes from);
    ``kind`` (``"clinical"``: physiotherapy, the students' set; ``"using-backnotes"``: how the software
    works); ``section`` (the notebook section it checks).

    ``notebook`` picks one notebook: ``"03"`` or ``3``; ``kind`` picks one kind. Raises `QuizError` for a
    notebook without questions or an unknown kind.

    >>> q = questions("04")
    >>> list(q.columns)
    ['notebook', 'question', 'choices', 'answer', 'explanation', 'source', 'kind', 'section']
    >>> set(questions(kind="using-backnotes")["notebook"]) <= {"01", "02", "03"}
    True
    >>> q.loc["04-important-6-45", "answer"]
    'No'
    """
    rows = _load()
    if notebook is not None:
        key = f"{int(notebook):02d}" if isinstance(notebook, int) and not isinstance(notebook, bool) else notebook
        if key not in NOTEBOOKS:
            raise QuizError(f"notebook: {notebook!r} has no questions; choose one of {', '.join(NOTEBOOKS)}")
        rows = tuple(r for r in rows if r["notebook"] == key)
    if kind is not None:
        if kind not in KINDS:
            raise QuizError(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
        rows = tuple(r for r in rows if r["kind"] == kind)
    df = pd.DataFrame(
        {c: [tuple(r[c]) if c == "choices" else r[c] for r in rows] for c in (*COLUMNS, *EXTRA_COLUMNS)},
        index=pd.Index([r["id"] for r in rows], name="id"),
    )
    return df


def _row(question_id: str) -> dict:
    for row in _load():
        if row["id"] == question_id:
            return row
    known = ", ".join(r["id"] for r in _load())
    raise QuizError(f"question: no question {question_id!r}; known ids: {known}")


def check(question_id: str, choice: str) -> bool:
    """True when ``choice`` is the right answer to question ``question_id``.

    Raises `QuizError` for an unknown id or a choice that is not one of the question's choices.

    >>> check("04-important-6-45", "No"), check("04-important-6-45", "Yes")
    (True, False)
    """
    row = _row(question_id)
    if choice not in row["choices"]:
        raise QuizError(f"choice: {choice!r} is not one of {row['choices']}")
    return choice == row["answer"]


def answer_html(question_id: str, number: int | None = None) -> str:
    """One question as HTML with the answer folded in ``<details>``: what shows where no kernel runs.

    The choices are a list; the answer, its explanation and its source open with a click (or Enter on
    the focused summary), so a reader can think first.
    """
    row = _row(question_id)
    esc = html.escape
    label = f"Question {number}" if number is not None else "Question"
    items = "".join(f"<li>{esc(c)}</li>" for c in row["choices"])
    return (
        f'<div class="backnotes-quiz" data-question="{esc(row["id"])}" '
        f'style="border-left:4px solid #1a4d8f; padding:2px 12px; margin:10px 0">'
        f"<p><strong>{label}.</strong> {esc(row['question'])}</p>"
        f"<ol type=\"A\">{items}</ol>"
        f"<details><summary style=\"cursor:pointer; font-weight:bold\">Show the answer</summary>"
        f"<p><strong>Answer:</strong> {esc(row['answer'])}</p>"
        f"<p>{esc(row['explanation'])}</p>"
        f"<p><em>Source:</em> {esc(row['source'])}</p>"
        f"</details></div>"
    )


def _section_label(section: str) -> str:
    """ "4. The article's claims" -> "section 4"; "8.1 Testing the roots" -> "section 8.1"."""
    head = section.split(" ", 1)[0].rstrip(".")
    if head.replace(".", "").isdigit():
        return f"section {head}"
    return f"'{section}'"


def summary(results: dict[str, bool | None]) -> str:
    """One line on how a set of questions went, e.g. "12 of 15 right; revisit section 4 and section 8.1".

    ``results`` maps question ids to True (right first time), False (wrong first time) or None (not
    answered yet). The sections to revisit are those of the questions not right, in notebook order.
    Raises `QuizError` for an unknown id.

    >>> summary({"05-big-toe": True, "05-ankle-reflex": False, "05-odi": None})
    '1 of 3 right; revisit section 1 and section 5.2 (1 not answered yet)'
    >>> summary({"05-big-toe": True})
    '1 of 1 right.'
    """
    if not results:
        return "No questions yet."
    rows = {qid: _row(qid) for qid in results}
    right = sum(1 for v in results.values() if v is True)
    unanswered = sum(1 for v in results.values() if v is None)
    revisit: list[str] = []
    for qid, value in results.items():
        if value is not True:
            label = _section_label(rows[qid]["section"])
            if label not in revisit:
                revisit.append(label)
    text = f"{right} of {len(results)} right"
    if not revisit:
        return text + "."
    where = revisit[0] if len(revisit) == 1 else ", ".join(revisit[:-1]) + " and " + revisit[-1]
    text += f"; revisit {where}"
    if unanswered:
        text += f" ({unanswered} not answered yet)"
    return text
