"""What the saved notebooks show: no machine paths, quizzes after sections, glossary links at first use,
README times that match, and a patient case whose worked answers agree with the package."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from backnotes import measures
from backnotes.case import patient_case
from backnotes.glossary import terms
from backnotes.quiz import NOTEBOOKS, questions

REPO = Path(__file__).resolve().parents[1]
PATHS = {n: next((REPO / "notebooks").glob(f"{n}_*.ipynb")) for n in NOTEBOOKS}
MACHINE_PATH = re.compile(r"/tmp/|/var/folders/|/private/var/|/root/|/home/[A-Za-z0-9_.-]+/|[A-Z]:\\\\Users\\\\")


def _nb(number: str) -> dict:
    return json.loads(PATHS[number].read_text(encoding="utf-8"))


def _src(cell: dict) -> str:
    return "".join(cell["source"])


def _output_texts(cell: dict) -> list[str]:
    texts = []
    for out in cell.get("outputs", []):
        if "text" in out:
            texts.append("".join(out["text"]) if isinstance(out["text"], list) else out["text"])
        for mime, value in out.get("data", {}).items():
            if mime.startswith("text/"):
                texts.append("".join(value) if isinstance(value, list) else value)
            elif mime.endswith("json"):
                texts.append(json.dumps(value))
        if "traceback" in out:
            texts.append("\n".join(out["traceback"]))
    return texts


def test_machine_path_pattern_finds_what_it_should() -> None:
    assert MACHINE_PATH.search("PosixPath('/tmp/backnotes-nbrun-x/home')")
    assert MACHINE_PATH.search("Journal('/home/alice/.local/share/backnotes/journal.sqlite')")
    assert not MACHINE_PATH.search("~/.local/share/backnotes and $BACKNOTES_HOME/routines/a.html")


@pytest.mark.parametrize("number", NOTEBOOKS)
def test_saved_outputs_show_no_machine_paths(number: str) -> None:
    for i, cell in enumerate(_nb(number)["cells"]):
        for text in _output_texts(cell):
            hit = MACHINE_PATH.search(text)
            assert hit is None, f"{PATHS[number].name} cell {i}: {text[max(0, hit.start() - 40):hit.end() + 40]!r}"


def _stated_minutes(number: str) -> int:
    for cell in _nb(number)["cells"][:3]:
        m = re.search(r"Time to (?:read|learn)\W*about (\d+) minutes", _src(cell))
        if m:
            return int(m.group(1))
    raise AssertionError(f"{PATHS[number].name}: no 'Time to learn: about N minutes' near the top")


def test_readme_times_match_the_notebooks() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for number in NOTEBOOKS:
        m = re.search(rf"\(notebooks/{number}_[^)]*\.ipynb\) \|[^|\n]*\| (\d+) min \|", readme)
        assert m, f"README: no row with a time for notebook {number}"
        assert int(m.group(1)) == _stated_minutes(number), number


@pytest.mark.parametrize("number", NOTEBOOKS)
def test_every_question_is_asked_in_its_notebook_with_folded_answers_saved(number: str) -> None:
    asked: set[str] = set()
    for cell in _nb(number)["cells"]:
        if cell["cell_type"] == "code" and "Quiz(" in _src(cell):
            ids = set(re.findall(r"'((?:[0-9]{2}|case)-[a-z0-9-]+)'", _src(cell)))  # case-...: staged cases
            asked |= ids
            html = "".join(t for t in _output_texts(cell) if "<details>" in t)
            assert html.count("<details>") == len(ids), _src(cell)
    assert asked == set(questions(number).index)


_LINK = re.compile(r"\[([^\]\n]*)\]\(glossary\.md#([a-z0-9-]+)\)")
# code, links, HTML, URLs and menu paths (*Kernel → Restart*) are not running text
_HIDE = re.compile(r"`[^`\n]*`|\[[^\]\n]*\]\([^)\n]*\)|<[^>\n]*>|https?://\S+|\*[^*\n]*→[^*\n]*\*")


def test_glossary_terms_are_linked_where_first_used() -> None:
    """Each term is linked in the first markdown cell (in reading order) that uses it."""
    cells = [(n, i, _src(c)) for n in NOTEBOOKS for i, c in enumerate(_nb(n)["cells"])
             if c["cell_type"] == "markdown"]
    for term, row in terms().iterrows():
        anchor = row["anchor"]
        stem = re.escape(term[:-1]) if term.endswith("y") else re.escape(term)
        word = re.compile(r"(?<![\w/.#-])" + stem + r"\w{0,3}(?![\w-])",
                          0 if any(ch.isupper() for ch in term) else re.IGNORECASE)
        first_link = next((k for k, (_, _, text) in enumerate(cells)
                           if any(a == anchor for _, a in _LINK.findall(text))), None)
        assert first_link is not None, f"glossary term {term!r} is linked nowhere in notebooks 00-05"
        for k, (n, i, text) in enumerate(cells[:first_link]):
            plain = "\n".join(l for l in _HIDE.sub(" ", text).splitlines() if not l.startswith("#"))
            assert not word.search(plain), f"{term!r} is used in notebook {n} cell {i} before its link"


def test_case_worked_answers_agree_with_the_package() -> None:
    case = patient_case()
    d = case.diary
    first, last = d[d["week"] == 1], d[d["week"] == 8]
    text = "\n".join(_src(c) for c in _nb("05")["cells"] if c["cell_type"] == "markdown")
    odi0, odi8 = measures.odi_percent(case.odi_baseline), measures.odi_percent(case.odi_week8)
    assert f"ODI **{odi0:.1f} % → {odi8:.1f} %**" in text
    assert f"RMDQ **{measures.rmdq_score(case.rmdq_baseline)} → {measures.rmdq_score(case.rmdq_week8)}**" in text
    for column, verdict in (("leg", "important improvement"), ("back", "not important")):
        b, c = first[column].mean(), last[column].mean()
        fall = b - c
        assert f"**{column.capitalize()}: {b:.1f} → {c:.1f}**, a fall of {fall:.1f} points ({fall / b:.0%})" \
            .replace("%", " %") in text, column
        assert measures.important_change(b, c) is (column == "leg")
    assert "<details>" in text and "Worked answer 4" in text


# cells whose pandas options a learner cannot guess: the markdown just before must say what they do
_OPTIONS = {r"\.dtypes\b": "dtypes", r"observed=True": "observed=True", r"margins=True": "margins=True"}


@pytest.mark.parametrize("number", NOTEBOOKS)
def test_pandas_options_are_explained_before_use(number: str) -> None:
    cells = _nb(number)["cells"]
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        for pattern, word in _OPTIONS.items():
            if re.search(pattern, _src(cell)):
                before = next(_src(c) for c in reversed(cells[:i]) if c["cell_type"] == "markdown")
                assert word in before, f"{PATHS[number].name} cell {i} uses {word} without a word about it"


def test_notebook_05_shows_both_clinical_test_figures() -> None:
    svgs = [t for c in _nb("05")["cells"] if c["cell_type"] == "code" and "clinical_test_svg" in _src(c)
            for t in _output_texts(c) if "<svg" in t]
    assert svgs, "notebook 05 shows no clinical-test figure"
    text = "".join(svgs)
    assert text.count('role="img"') >= 2 and "Straight-leg raise" in text and "Slump" in text


def test_notebook_05_draws_the_femoral_nerve_cord_and_neck_release_figures() -> None:
    """The figures h18b draws (issue 21) are asked for by name; where this backnotes has them, the
    saved outputs show them with their text alternative."""
    from html import escape

    from backnotes.figures import CLINICAL_TESTS, figure_text

    cells = [c for c in _nb("05")["cells"] if c["cell_type"] == "code"]
    source = "\n".join(_src(c) for c in cells)
    wanted = ("prone-knee-bend", "slump-neck-release", "babinski")
    for name in wanted:
        assert f'"{name}"' in source, name
    shown = "".join(t for c in cells if "clinical_test_svg" in _src(c) for t in _output_texts(c))
    for name in set(wanted) & set(CLINICAL_TESTS):
        assert escape(figure_text(name)) in shown or figure_text(name) in shown, name
