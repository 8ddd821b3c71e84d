"""Self-check questions: the data's shape, and answers that agree with what the package computes."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

import backnotes
from backnotes import measures
from backnotes.quiz import KINDS, NOTEBOOKS, QuizError, answer_html, check, questions
from backnotes.reference import root_tests


def test_columns_exactly_and_clinical_counts() -> None:
    q = questions()
    assert list(q.columns) == ["notebook", "question", "choices", "answer", "explanation", "source", "kind", "section"]
    assert q.index.is_unique and set(q["kind"]) == set(KINDS)
    clinical = questions(kind="clinical")
    counts = clinical.groupby("notebook").size()
    assert set(counts.index) == set(NOTEBOOKS)
    assert (counts >= 4).all() and counts["05"] >= 15, counts.to_dict()
    assert len(clinical) >= 45
    # the software questions the student review named are marked as such, and counted apart
    software = {"01-count", "01-observed", "01-warmup-first", "01-lying-on-back", "02-gentle-minutes",
                "02-where-saved", "03-drift", "03-per-side"}
    assert software <= set(questions(kind="using-backnotes").index)
    assert not software & set(clinical.index)
    with pytest.raises(QuizError, match="kind: 'easy' is not one of clinical, using-backnotes"):
        questions(kind="easy")


def test_clinical_questions_cover_every_root_and_the_new_topics() -> None:
    clinical = questions(kind="clinical")
    text = " ".join(clinical["question"] + " " + clinical["answer"] + " " + clinical["explanation"]).lower()
    for words in ("prone knee bend", "clonus", "structural differentiation", "directional preference",
                  "stenosis", "vascular", "hip", "deep gluteal", "neuropathy", "yellow flag", "fear",
                  "catastroph", "start back", "injection", "decompression", "improve over weeks",
                  "pacing", "graded"):
        assert words in text, words
    roots = set(clinical["answer"]) | {a.split("-")[0] for a in clinical["answer"]}
    assert {"L3", "L4", "L5", "S1"} <= roots


_ABSURD = re.compile(r"\b(useless|always|never|nothing)\b", re.IGNORECASE)


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{5,}", text.lower())}


def _distractor_problems(table) -> list[str]:
    problems = []
    for qid, row in table.iterrows():
        for choice in row["choices"]:
            if choice != row["answer"] and _ABSURD.search(choice):
                problems.append(f"{qid}: absurd distractor {choice!r}")
        answer = row["answer"].lower()
        stem = row["question"].lower()
        words = _content_words(answer)
        if len(answer) > 3 and (answer in stem or (len(words) >= 3 and len(words & _content_words(stem)) > len(words) / 2)):
            problems.append(f"{qid}: the stem gives away its answer")
    for notebook, group in table.groupby("notebook"):
        multi = [r for _, r in group.iterrows() if len(r["choices"]) >= 3]
        longest = [r for r in multi if len(r["answer"]) > max(len(c) for c in r["choices"] if c != r["answer"])]
        if len(multi) >= 3 and len(longest) / len(multi) > 0.6:
            problems.append(f"notebook {notebook}: the right answer is the longest option in "
                            f"{len(longest)} of {len(multi)} questions")
    return problems


def test_distractors_are_plausible_and_stems_do_not_give_answers_away() -> None:
    assert _distractor_problems(questions()) == []


def test_distractor_check_finds_what_it_should() -> None:
    import pandas as pd

    bad = pd.DataFrame({
        "notebook": ["05"] * 3,
        "question": ["Is the slump test sensitive?", "Which root?", "A negative test makes herniation less likely. Read it:"],
        "choices": [("Yes", "The test is useless", "No"), ("L5", "S1 always", "a much longer right answer here"),
                    ("A negative test makes herniation less likely", "no", "maybe")],
        "answer": ["Yes", "a much longer right answer here", "A negative test makes herniation less likely"],
    }, index=["a", "b", "c"])
    found = "\n".join(_distractor_problems(bad))
    assert "a: absurd distractor 'The test is useless'" in found and "b: absurd" in found
    assert "c: the stem gives away its answer" in found
    assert "the right answer is the longest option in 2 of 3" in found


def test_summary_names_sections_to_revisit() -> None:
    from backnotes.quiz import summary

    ids = list(questions("05").index[:15])
    results = {qid: n != 3 for n, qid in enumerate(ids)}
    text = summary(results)
    assert text.startswith("14 of 15 right; revisit section ")
    assert summary({ids[0]: True}) == "1 of 1 right."
    with pytest.raises(QuizError, match="no question 'nope'"):
        summary({"nope": True})


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
    assert backnotes.red_flags().loc["fever", "urgency"] == "same day"
    return "Be seen by a doctor the same day, and exercise only after"


def _urgency_choice(flag: str, choices: dict[str, str]) -> str:
    return choices[str(backnotes.red_flags().loc[flag, "urgency"])]


def _start_back(answers) -> str:
    return measures.start_back(answers).risk


def _case_start_back(case_id: str) -> str:
    from backnotes.case import case

    return case(case_id).start_back().risk


def _root_of(muscle_words: str, column: str = "key_muscle") -> str:
    table = root_tests().drop(index="cord (UMN)")  # the cord row is not a root
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
    "05-l3-skin": lambda: _root_of("front of the thigh", "skin"),
    "05-l3-muscle": lambda: _root_of("quadriceps"),
    "05-l4-skin": lambda: _root_of("inner shin", "skin"),
    "05-l4-muscle": lambda: f"{root_tests().loc['L4', 'key_muscle'].split(' (')[0]} (pulling the foot up)",
    "05-knee-reflex": lambda: root_tests().loc["L4", "reflex"].split("(")[1].rstrip(")"),
    "05-l5-skin": lambda: _root_of("big toe", "skin"),
    "05-l5-reflex": lambda: root_tests().loc["L5", "reflex"],
    "05-s1-skin": lambda: _root_of("sole", "skin"),
    "05-s1-muscle": lambda: _root_of("gastrocnemius"),
    "05-start-back-score": lambda: _start_back([1, 1, 0, 0, 1, 1, 1, 0, 1]),
    "case-l5-start-back": lambda: _case_start_back("l5"),
    "case-stenosis-start-back": lambda: _case_start_back("stenosis"),
    "case-referred-start-back": lambda: _case_start_back("referred"),
    "case-l5-weakness": lambda: _urgency_choice("stable-weakness", {
        "soon": "A doctor within about two weeks (soon), exercising once cleared"}),
    "case-l5-spreading": lambda: _urgency_choice("one-leg-weakness", {
        "same day": "Stop the exercises and be seen by a doctor the same day"}),
    "case-stenosis-both-legs": lambda: _urgency_choice("both-legs", {"emergency": "Emergency care now"}),
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
