"""Invented patient cases for practice (notebook 05).

Nobody here is a real person: histories, answers and diaries are made up for teaching. `cases` gives
three **staged** cases (an L5 nerve root, lumbar spinal stenosis, referred pain), each revealed stage by
stage (history, screening, examination, first plan, week 3) with a decision at each stage (a question
in ``quiz.toml``) and two week-3 paths. Their text is data (``data/cases.toml``). `patient_case` is
Sam's eight weeks, for scoring and plotting.

Diaries come from one deterministic generator, `diary` (same numbers on every machine, no random
library), in which leg pain, back pain and how far down the leg the symptoms reach each follow their
own path: centralisation can start before the leg score falls, and symptoms can spread while it stays.
"""

from __future__ import annotations

import html
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import pandas as pd

from . import measures

__all__ = ["PatientCase", "patient_case", "pain_diary", "DIARY_START", "STAGES", "Case", "Stage", "Branch",
           "cases", "case", "diary", "CaseError"]

#: First day of the invented diary.
DIARY_START = "2026-03-02"
_LEG_EXTENTS = ("none", "buttock", "thigh", "below knee", "foot")
_INVENTED = "INVENTED CASE for practice: not a real person."


def _noise(n: int, seed: int) -> list[float]:
    """n deterministic numbers in [-1, 1): a small linear congruential generator (Numerical Recipes)."""
    state = seed
    out = []
    for _ in range(n):
        state = (1664525 * state + 1013904223) % 2**32
        out.append(state / 2**31 - 1.0)
    return out


def _diary(days: int, leg: tuple[float, float], back: tuple[float, float], extent: tuple[float, float],
           seeds: tuple[int, int, int], settle_days: tuple[float, float], start: str) -> pd.DataFrame:
    leg_noise, back_noise, extent_noise = (_noise(days, s) for s in seeds)
    rows = []
    for day in range(days):
        pain_progress = min(day / settle_days[0], 1.0)
        extent_progress = min(day / settle_days[1], 1.0)
        leg_level = leg[0] + (leg[1] - leg[0]) * pain_progress + 1.2 * leg_noise[day]
        back_level = back[0] + (back[1] - back[0]) * pain_progress + 1.0 * back_noise[day]
        # how far down the leg: its own path and its own noise, not computed from the leg score
        reach = extent[0] + (extent[1] - extent[0]) * extent_progress + 0.6 * extent_noise[day]
        rows.append((day, int(min(10, max(0, round(leg_level)))), int(min(10, max(0, round(back_level)))),
                     _LEG_EXTENTS[int(min(4, max(0, round(reach))))]))
    df = pd.DataFrame(rows, columns=["day", "leg", "back", "leg_extent"])
    df.insert(0, "date", pd.Timestamp(start) + pd.to_timedelta(df.pop("day"), unit="D"))
    df.insert(1, "week", df.index // 7 + 1)
    df["leg_extent"] = pd.Categorical(df["leg_extent"], categories=list(_LEG_EXTENTS), ordered=True)
    return df[["date", "week", "back", "leg", "leg_extent"]]


def _check_pair(name: str, value: object, high: float) -> tuple[float, float]:
    ok = (isinstance(value, (tuple, list)) and len(value) == 2
          and all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= high for v in value))
    if not ok:
        raise ValueError(f"{name}: give (start, end), two numbers from 0 to {high:g}, got {value!r}")
    return float(value[0]), float(value[1])


def diary(days: int = 21, *, leg: tuple[float, float], back: tuple[float, float],
          extent: tuple[float, float], seed: int = 1, start: str = DIARY_START) -> pd.DataFrame:
    """An invented daily diary of ``days`` days, the generator behind every case.

    ``leg`` and ``back`` are (start, end) pain levels (0-10); ``extent`` is (start, end) on the scale
    0 none, 1 buttock, 2 thigh, 3 below knee, 4 foot. Each moves in a straight line from start to end
    with its own small day-to-day noise (a fixed generator seeded by ``seed``): how far down the leg the
    symptoms reach is **not** computed from the leg score, so it can centralise while the score holds.
    Same arguments, same numbers. Columns as `pain_diary`.

    >>> d = diary(21, leg=(6, 6), back=(4, 4), extent=(3, 1), seed=5)
    >>> len(d), d["leg"].mean() > 5, d["leg_extent"].iloc[-1] < d["leg_extent"].iloc[0]
    (21, True, True)
    """
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 364:
        raise ValueError(f"days: a whole number from 1 to 364, got {days!r}")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed: a whole number from 0, got {seed!r}")
    pairs = (_check_pair("leg", leg, 10), _check_pair("back", back, 10), _check_pair("extent", extent, 4))
    settle = max(days - 1, 1)
    return _diary(days, *pairs, seeds=(seed, seed + 1000, seed + 2000), settle_days=(settle, settle), start=start)


def pain_diary(weeks: int = 8) -> pd.DataFrame:
    """Sam's invented daily diary, one row per day for ``weeks`` weeks (default eight).

    Columns: ``date`` (datetime, from `DIARY_START`), ``week`` (1..weeks), ``back`` and ``leg`` (NPRS
    0-10, whole numbers, reported separately as guidelines advise for sciatica), ``leg_extent``
    (how far down the leg the symptoms reached: none, buttock, thigh, below knee, foot).

    Leg pain falls from about 6-7 to about 3 over the weeks; back pain falls only a little; the leg
    symptoms retreat from below the knee to the buttock (centralisation) on their own path, a little
    ahead of the leg score. The same call always gives the same numbers.

    >>> d = pain_diary()
    >>> len(d), d["leg"].between(0, 10).all()
    (56, True)
    """
    if not isinstance(weeks, int) or isinstance(weeks, bool) or not 1 <= weeks <= 52:
        raise ValueError(f"weeks: a whole number from 1 to 52, got {weeks!r}")
    # most of the pain change happens by week 7; the extent settles by week 6
    return _diary(7 * weeks, (6.6, 2.9), (4.6, 3.7), (3.2, 0.9), seeds=(13, 59, 97), settle_days=(49.0, 35.0),
                  start=DIARY_START)


@dataclass(frozen=True)
class PatientCase:
    """An invented patient: history, red-flag screen answers, questionnaire answers as numbers.

    ``odi_baseline`` / ``odi_week8``: the ten Oswestry section scores (0-5, None = unanswered);
    ``rmdq_baseline`` / ``rmdq_week8``: the 24 Roland-Morris answers (1 = yes, 0 = no). The items'
    wording is copyrighted and not reproduced: only the numbers are. ``red_flags_ticked`` lists the red
    flags found (a stable weakness). ``diary`` is `pain_diary`.
    """

    name: str
    history: tuple[str, ...]
    red_flags_ticked: tuple[str, ...]
    odi_baseline: tuple[int | None, ...]
    odi_week8: tuple[int | None, ...]
    rmdq_baseline: tuple[int, ...]
    rmdq_week8: tuple[int, ...]
    diary: pd.DataFrame = field(repr=False, compare=False)


def patient_case() -> PatientCase:
    """Sam's eight weeks (the same invented person as ``cases()["l5"]``), for scoring and plotting.

    The slightly weak big-toe extension is a stable weakness in the red-flag table ("soon": a doctor
    within about two weeks, exercise once cleared), so ``red_flags_ticked`` holds it and the history
    says the GP cleared him first.
    """
    history = (
        _INVENTED,
        "Sam, 42, warehouse team leader. Left buttock and leg pain for 3 weeks after lifting boxes; "
        "the pain reaches below the knee to the outer shin; low back ache as well.",
        "Worse sitting for long and bending; eases walking. Wakes when turning over, settles again "
        "once comfortable (ordinary pain on moving, not the night-pain red flag).",
        "No numbness between the legs, no bladder or bowel change, no fever, no weight loss, no history "
        "of cancer, no recent fall.",
        "Examination at the first visit: straight-leg raise on the left reproduces the leg pain at 45 "
        "degrees; big-toe extension slightly weak on the left (not noticed by Sam, not changing); "
        "reflexes equal. Repeated press-ups lying face down eased the leg pain and brought it back up "
        "the leg; repeated bending forward sent it further down.",
        "The weakness is a stable weakness: his GP examined it within the week, recorded it and cleared "
        "him to exercise. Plan: advice to stay active, press-ups lying face down (the direction that "
        "eased the leg) and short walks, a daily diary of back and leg pain, and questionnaires at the "
        "start and after eight weeks.",
    )
    return PatientCase(
        name="Sam (invented)",
        history=history,
        red_flags_ticked=("stable-weakness",),
        odi_baseline=(3, 2, 2, 3, 2, 3, None, 2, 3, 2),
        odi_week8=(1, 1, 1, 2, 1, 1, None, 1, 2, 1),
        rmdq_baseline=(1,) * 12 + (0,) * 12,
        rmdq_week8=(1, 0) * 3 + (0,) * 18,
        diary=pain_diary(),
    )


# ---------------------------------------------------------------------------------------------------
# Staged cases (data/cases.toml)

#: The stages every case is revealed in, in order.
STAGES: tuple[str, ...] = ("history", "screening", "examination", "first plan", "week 3")
#: The psychosocial picture each case carries, in the order shown.
PSYCHOSOCIAL: tuple[str, ...] = ("work", "sleep", "mood", "fear_of_movement", "beliefs", "goals", "medicines")
_BOX = "border-left:4px solid #6a4c93; padding:4px 12px; margin:8px 0; max-width:100%; overflow-wrap:break-word"


class CaseError(ValueError):
    """A case, stage or branch asked for does not exist, or the case data is inconsistent."""


def _paragraphs(lines: tuple[str, ...]) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines)


@dataclass(frozen=True)
class Stage:
    """One stage of a case: its ``name`` (one of `STAGES`), ``text`` (paragraphs) and ``questions``
    (the ids of its decision questions in ``quiz.toml``; ask them with ``Quiz(stage.questions)``)."""

    case_title: str
    number: int
    name: str
    text: tuple[str, ...] = field(repr=False)
    questions: tuple[str, ...] = ()

    def html(self) -> str:
        """The stage as HTML that wraps on any width (a book page, a 390 px phone)."""
        heading = f"{html.escape(self.case_title)} · stage {self.number} of {len(STAGES)}: {html.escape(self.name)}"
        return (f'<div class="backnotes-case-stage" style="{_BOX}"><p><strong>{heading}</strong> '
                f"<em>(invented)</em></p>{_paragraphs(self.text)}</div>")

    def _repr_html_(self) -> str:
        return self.html()

    def __str__(self) -> str:
        return "\n\n".join((f"{self.case_title}, stage {self.number}: {self.name} (invented)", *self.text))


@dataclass(frozen=True)
class Branch:
    """A week-3 path: ``name`` ("centralising" or "spreading"), ``text``, its decision ``question``
    (a quiz id) and its three-week ``diary`` (from `diary`)."""

    case_title: str
    name: str
    text: tuple[str, ...] = field(repr=False)
    question: str = ""
    diary: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False, compare=False)

    def weekly(self) -> pd.DataFrame:
        """Per week: mean leg and back pain, and the furthest-down leg extent on most days (the median)."""
        d = self.diary
        codes = d["leg_extent"].cat.codes
        out = d.groupby("week")[["leg", "back"]].mean().round(1)
        out["leg_extent_most_days"] = [
            _LEG_EXTENTS[int(codes[d["week"] == w].median())] for w in out.index]
        return out

    def html(self) -> str:
        return (f'<div class="backnotes-case-branch" style="{_BOX}"><p><strong>{html.escape(self.case_title)}'
                f" · week 3, {html.escape(self.name)} path</strong> <em>(invented)</em></p>"
                f"{_paragraphs(self.text)}</div>")

    def _repr_html_(self) -> str:
        return self.html()


@dataclass(frozen=True)
class Case:
    """A staged, invented case. ``id`` (e.g. "l5"), ``title``, ``summary``; ``stages`` (five `Stage`,
    in the order of `STAGES`); ``branches`` (week-3 `Branch` by name); ``psychosocial`` (work, sleep,
    mood, fear of movement, beliefs, goals, medicines); ``start_back_answers`` (nine 0/1 answers);
    ``red_flags_ticked`` (ids from the red-flag table)."""

    id: str
    title: str
    summary: str = field(repr=False)
    stages: tuple[Stage, ...] = field(repr=False)
    branches: dict[str, Branch] = field(default_factory=dict, repr=False, compare=False)
    psychosocial: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    start_back_answers: tuple[int, ...] = field(default=(), repr=False)
    red_flags_ticked: tuple[str, ...] = field(default=(), repr=False)

    def stage(self, name: str) -> Stage:
        """The stage called ``name`` (one of `STAGES`)."""
        for s in self.stages:
            if s.name == name:
                return s
        raise CaseError(f"stage: {name!r} is not one of {', '.join(STAGES)}")

    def branch(self, name: str) -> Branch:
        """The week-3 path called ``name`` ("centralising" or "spreading")."""
        if name not in self.branches:
            raise CaseError(f"branch: {name!r} is not one of {', '.join(self.branches)}")
        return self.branches[name]

    def start_back(self) -> measures.StartBack:
        """The case's STarT Back result, scored by `backnotes.measures.start_back`."""
        return measures.start_back(self.start_back_answers)

    def questions(self) -> tuple[str, ...]:
        """Every decision question of the case, stage by stage, then the week-3 paths."""
        return tuple(q for s in self.stages for q in s.questions) + tuple(b.question for b in self.branches.values())

    def psychosocial_html(self) -> str:
        rows = "".join(f"<dt><strong>{html.escape(k.replace('_', ' '))}</strong></dt><dd>{html.escape(v)}</dd>"
                       for k, v in self.psychosocial.items())
        return f'<dl style="margin:4px 0">{rows}</dl>'

    def html(self) -> str:
        """The case's opening card: who, the invented label and the psychosocial picture."""
        return (f'<div class="backnotes-case" style="{_BOX}"><p><strong>{html.escape(self.title)}</strong></p>'
                f"<p><em>{_INVENTED}</em></p><p>{html.escape(self.summary)}</p>"
                f"<p>The person behind the symptoms:</p>{self.psychosocial_html()}</div>")

    def _repr_html_(self) -> str:
        return self.html()

    def __str__(self) -> str:
        return "\n".join((_INVENTED, self.title, self.summary,
                          *(f"{k.replace('_', ' ')}: {v}" for k, v in self.psychosocial.items())))


def _build(row: dict) -> Case:
    cid = row["id"]
    stages = tuple(
        Stage(row["title"], n, st["name"], tuple(st["text"]), tuple(st.get("questions", ())))
        for n, st in enumerate(row["stage"], start=1))
    if tuple(s.name for s in stages) != STAGES:
        raise CaseError(f"case {cid}: stages must be {', '.join(STAGES)} in order")
    branches = {}
    for b in row["branch"]:
        d = diary(21, leg=tuple(b["leg"]), back=tuple(b["back"]), extent=tuple(b["extent"]), seed=b["seed"])
        branches[b["name"]] = Branch(row["title"], b["name"], tuple(b["text"]), b["question"], d)
    if set(branches) != {"centralising", "spreading"}:
        raise CaseError(f"case {cid}: week 3 needs a centralising and a spreading path")
    missing = [k for k in PSYCHOSOCIAL if not row.get(k)]
    if missing:
        raise CaseError(f"case {cid}: psychosocial picture lacks {', '.join(missing)}")
    return Case(cid, row["title"], row["summary"], stages, branches, {k: row[k] for k in PSYCHOSOCIAL},
                tuple(row["start_back"]), tuple(row["red_flags_ticked"]))


@lru_cache(maxsize=1)
def _rows() -> str:
    return resources.files("backnotes").joinpath("data/cases.toml").read_text(encoding="utf-8")


def _cases() -> tuple[Case, ...]:
    # built afresh on each call (a few milliseconds): callers get their own diaries to change
    return tuple(_build(row) for row in tomllib.loads(_rows())["case"])


def cases() -> dict[str, Case]:
    """The three staged cases by id: ``"l5"`` (L5 radiculopathy), ``"stenosis"`` (lumbar spinal
    stenosis with neurogenic claudication), ``"referred"`` (referred, non-radicular pain).

    >>> list(cases())
    ['l5', 'stenosis', 'referred']
    >>> cases()["l5"].start_back().risk
    'medium'
    """
    return {c.id: c for c in _cases()}


def case(case_id: str) -> Case:
    """One staged case by id (see `cases`)."""
    found = cases()
    if case_id not in found:
        raise CaseError(f"case: no case {case_id!r}; choose one of {', '.join(found)}")
    return found[case_id]
