"""Self-check questions: the data's shape, and answers that agree with what the package computes."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

import backnotes
from backnotes import measures
from backnotes.quiz import NOTEBOOKS, QuizError, answer_html, check, questions
from backnotes.reference import root_tests


def test_columns_exactly_and_every_notebook_has_four_to_six() -> None:
    q = questions()
    assert list(q.columns) == ["notebook", "question", "choices", "answer", "explanation", "source"]
    assert q.index.is_unique
    counts = q.groupby("notebook").size()
    assert set(counts.index) == set(NOTEBOOKS)
    assert counts.between(4, 6).all(), counts.to_dict()


def test_every_answer_is_one_choice_and_every_row_has_a_source() -> None:
    for qid, row in questions().iterrows():
        assert isinstance(row["choices"], tuple) and len(row["choices"]) >= 2, qid
        assert row["answer"] in row["choices"], qid
        assert row["explanation"].strip() and row["source"].strip(), qid


def test_filter_by_notebook_number_as_text_or_int() -> None:
    assert set(questions("03")["notebook"]) == {"03"}
    assert questions(3).equals(questions("03"))
    with pytest.raises(QuizError, match="choose one of 00, 01"):
        questions("07")


def test_check_right_wrong_and_bad_choice() -> None:
    assert check("00-emergency", "Numbness around the genitals, anus, buttocks or inner thighs")
    assert not check("00-emergency", "Back pain together with a fever")
    with pytest.raises(QuizError, match="not one of"):
        check("00-emergency", "a made-up choice")
    with pytest.raises(QuizError, match="no question 'nope'"):
        check("nope", "Yes")


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


# Every question marked `computed` in quiz.toml, with how the package computes its answer.
def _odi_choice() -> str:
    return f"{measures.odi_percent([2, 3, 1, 2, None, 3, 1, 2, 2, 2]):.0f} %"


def _emergency_choice() -> str:
    flags = backnotes.red_flags()
    most_urgent = flags["urgency"].cat.categories[0]
    assert flags.loc["saddle-numbness", "urgency"] == most_urgent
    for other in ("fever", "weight-loss"):  # the distractors must not be emergencies
        assert flags.loc[other, "urgency"] != most_urgent
    return "Numbness around the genitals, anus, buttocks or inner thighs"


def _fever_choice() -> str:
    flags = backnotes.red_flags()
    assert flags.loc["fever", "urgency"] != flags["urgency"].cat.categories[0]
    return "See a doctor soon (the same day or so) before exercising"


def _root_of(muscle_words: str, column: str = "key_muscle") -> str:
    table = root_tests()
    hits = table.index[table[column].str.contains(muscle_words, regex=False)]
    assert len(hits) == 1, (muscle_words, list(hits))
    return hits[0]


COMPUTED = {
    "00-emergency": _emergency_choice,
    "00-fever": _fever_choice,
    "01-count": lambda: str(len(backnotes.load_exercises())),
    "01-warmup-first": lambda: backnotes.PHASES[0],
    "01-lying-on-back": lambda: str(int((backnotes.load_exercises()["position"] == "lying on back").sum())),
    "02-gentle-minutes": lambda: f"about {round(backnotes.load_routine('gentle-start').total_seconds() / 60)} minutes",
    "04-important-6-45": lambda: _yes_no(measures.important_change(6, 4.5)),
    "04-important-8-5": lambda: _yes_no(measures.important_change(8, 5)),
    "04-band": lambda: measures.nprs_band(5),
    "05-big-toe": lambda: _root_of("extensor hallucis longus"),
    "05-ankle-reflex": lambda: _root_of("ankle jerk", "reflex"),
    "05-odi": _odi_choice,
    "05-rmdq": lambda: str(measures.rmdq_score([1] * 7 + [0] * 17)),
}


def test_computed_answers_agree_with_the_package() -> None:
    q = questions()
    for qid, compute in COMPUTED.items():
        assert q.loc[qid, "answer"] == compute(), qid


def test_every_question_marked_computed_is_checked_here() -> None:
    import tomllib
    from importlib import resources

    raw = tomllib.loads(resources.files("backnotes").joinpath("data/quiz.toml").read_text("utf-8"))
    marked = {r["id"] for r in raw["question"] if r.get("computed")}
    assert marked == set(COMPUTED)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_answer_html_folds_the_answer_in_details_and_escapes() -> None:
    page = answer_html("05-odi", 2)
    parser = _Collect()
    parser.feed(page)
    assert parser.tags.count("details") == 1 and parser.tags.count("summary") == 1
    assert parser.tags.count("li") == 4
    # the answer and its source sit inside <details>, after the summary
    folded = page.split("<details>", 1)[1]
    assert "40 %" in folded and "Fairbank" in folded
    assert "Question 2." in page
    assert "<script" not in answer_html("01-observed")  # quotes and brackets are escaped
    assert re.search(r"df\.groupby\(&quot;kind&quot;", answer_html("01-observed"))
