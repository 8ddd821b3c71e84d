"""Clinical scores computed from numbers a person enters.

Only the scoring is here: the questionnaires' item texts (Oswestry, Roland-Morris) are copyrighted
and are not reproduced.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral, Rational, Real
from .words import plural

__all__ = ["NPRS_BANDS", "nprs_band", "important_change", "important_threshold", "ODI_BANDS", "odi_percent", "rmdq_score",
           "START_BACK_THEMES", "StartBack", "start_back"]

#: Numeric pain rating scale bands: (label, lowest score, highest score).
#: Cut-offs vary between sources: Serlin et al. 1995 (Pain; cancer pain) found mild 1-4, moderate 5-6,
#: severe 7-10; Boonstra et al. 2016 (Front Psychol; chronic musculoskeletal pain) found mild 1-5,
#: moderate 6-7, severe 8-10. backnotes uses the common clinical convention of 1-3 / 4-6 / 7-10 (equal
#: thirds of the scale), a convention rather than a study finding: read the bands as rough words.
NPRS_BANDS: tuple[tuple[str, int, int], ...] = (("none", 0, 0), ("mild", 1, 3), ("moderate", 4, 6), ("severe", 7, 10))
#: An improvement counts as clinically important when it is at least 2 points AND at least 30 % of the
#: baseline. Ostelo et al. 2008 give 2 points OR 30 % for the NRS; requiring both is backnotes' own,
#: stricter choice (Farrar et al. 2001 anchored 30 % on patients rating themselves "much or very much
#: improved"; 2 points is also the NPRS's minimal
#: detectable change in low back pain, Childs et al. 2005). The 2-point floor decides for baselines up
#: to about 6.7, the 30 % above that; a baseline under 2 can never reach it.
IMPORTANT_POINTS = 2
IMPORTANT_FRACTION = Fraction(3, 10)
#: Oswestry Disability Index bands: (our label, lowest %, highest %, Fairbank & Pynsent's original
#: label). The band names are ours; the cut-offs and the original labels are from Fairbank &
#: Pynsent (2000), who read the top band as bed-bound, or exaggerating the symptoms.
ODI_BANDS: tuple[tuple[str, int, int, str], ...] = (
    ("minimal", 0, 20, "minimal disability"),
    ("moderate", 21, 40, "moderate disability"),
    ("severe", 41, 60, "severe disability"),
    ("very severe", 61, 80, "crippled"),
    ("highest", 81, 100, "bed-bound or exaggerating"),
)
#: The fewest ODI sections that may be answered (Fairbank & Pynsent 2000 score one missed section).
MIN_ODI_SECTIONS = 9


def _is_whole(value: object) -> bool:
    """A whole number: ints (numpy's too) and floats like 4.0 (pandas turns int columns with gaps into floats)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, Integral):
        return True
    return isinstance(value, Real) and math.isfinite(value) and float(value).is_integer()


def _check_score(score: object, name: str = "score") -> float:
    # numbers.Real covers numpy scalars; bool is excluded because True/False are not pain scores
    if isinstance(score, bool) or not isinstance(score, Real) or math.isnan(score):
        raise ValueError(f"{name}: pain must be a number from 0 to 10, got {score!r}")
    if not 0 <= score <= 10:
        raise ValueError(f"{name}: pain must be from 0 to 10, got {score!r}")
    return float(score)


def nprs_band(score: int) -> str:
    """The words for a 0-10 pain score: "none" (0), "mild" (1-3), "moderate" (4-6), "severe" (7-10).

    Raises ValueError for anything that is not a whole number from 0 to 10 (4.0 counts as 4; 4.5,
    -1, 11, True and "5" do not).

    >>> nprs_band(5)
    'moderate'
    """
    if not _is_whole(score):
        raise ValueError(f"score: pain is a whole number from 0 to 10, got {score!r}")
    score = int(_check_score(score))
    return next(label for label, low, high in NPRS_BANDS if low <= score <= high)


def _exact(x: float) -> Fraction:
    """The number a person meant, exactly: 4.9 is 49/10, not the binary float just below it."""
    if isinstance(x, Rational):
        return Fraction(int(x.numerator), int(x.denominator))  # ints and Fractions are exact already
    return Fraction(repr(float(x)))  # the shortest decimal that round-trips, e.g. "4.9"


def important_change(baseline: float, current: float) -> bool:
    """True when pain fell from ``baseline`` to ``current`` by at least 2 points **and** at least
    30 % of the baseline.

    Both are 0-10 scores (averages allowed; the baseline is best an average over several days, since
    a single day's score is noisy). A rise is never an important improvement. The 2-point floor
    (the NPRS's minimal detectable change in low back pain, Childs et al. 2005) decides at baselines
    up to about 6.7, the 30 % (Farrar et al. 2001) above that (Ostelo et al. 2008 give either one;
    both is our stricter choice), so small changes that are likely to be noise do not count; a baseline under 2 can never reach
    "important". Computed exactly from the decimal values given, so 7 -> 4.9 (exactly 30 %) counts.

    >>> important_change(6, 4), important_change(8, 6), important_change(8, 5.5)
    (True, False, True)
    >>> important_change(2, 1.4), important_change(3, 1), important_change(7, 4.9)
    (False, True, True)
    >>> important_change(10, 7), important_change(1.5, 0)
    (True, False)
    """
    b, c = _check_score(baseline, "baseline"), _check_score(current, "current")
    fall = _exact(baseline) - _exact(current)
    if b - c <= 0 or fall <= 0:
        return False
    return bool(fall >= IMPORTANT_POINTS and fall >= IMPORTANT_FRACTION * _exact(baseline))


def important_threshold(baseline: float) -> float:
    """The pain at or below which a fall from ``baseline`` counts as important (see
    `important_change`): ``baseline - max(2, 30 % of baseline)``. Below 0 (a baseline under 2) no
    score can reach it.

    >>> important_threshold(6), important_threshold(10), important_threshold(1.5)
    (4.0, 7.0, -0.5)
    """
    _check_score(baseline, "baseline")
    b = _exact(baseline)
    return float(b - max(Fraction(IMPORTANT_POINTS), IMPORTANT_FRACTION * b))


def odi_percent(section_scores: Sequence[int | None]) -> float:
    """Oswestry Disability Index in percent from its ten section scores (each 0-5).

    Unanswered sections are None (or NaN, as in a pandas row) and are left out of the denominator
    (5 points per answered section). At least 9 of the 10 sections must be answered: Fairbank &
    Pynsent (2000) give the scoring for one missed (or not applicable) section only, so with more
    gaps there is no published way to score. Raises ValueError naming the section for a score that
    is not a whole number from 0 to 5. For reading the result see `ODI_BANDS`.

    >>> odi_percent([2] * 10)
    40.0
    >>> round(odi_percent([2] * 9 + [None]), 1)
    40.0
    """
    scores = list(section_scores)
    if len(scores) != 10:
        raise ValueError(f"section_scores: the ODI has 10 sections, got {len(scores)}")
    answered = []
    for n, s in enumerate(scores, start=1):
        if s is None or (isinstance(s, float) and math.isnan(s)):
            continue
        if not _is_whole(s) or not 0 <= s <= 5:
            raise ValueError(f"section {n}: a score is a whole number from 0 to 5 (or None), got {s!r}")
        answered.append(int(s))
    if len(answered) < MIN_ODI_SECTIONS:
        raise ValueError(f"section_scores: at least {MIN_ODI_SECTIONS} of 10 sections must be answered "
                         f"(Fairbank & Pynsent 2000 score one missed section only), got {len(answered)}")
    return 100.0 * sum(answered) / (5 * len(answered))


def rmdq_score(items: Sequence[bool | int]) -> int:
    """Roland-Morris Disability Questionnaire score (0-24): the number of "yes" answers of 24.

    Answers are True/False or 1/0 (every statement must be answered). Raises ValueError naming the
    item for anything else.

    >>> rmdq_score([True] * 6 + [False] * 18)
    6
    """
    answers = list(items)
    if len(answers) != 24:
        raise ValueError(f"items: the RMDQ has 24 statements, got {len(answers)}")
    for n, a in enumerate(answers, start=1):
        if getattr(getattr(a, "dtype", None), "kind", "") == "b":
            a = bool(a)  # a numpy bool, e.g. from an array of answers
        if isinstance(a, float) or not isinstance(a, (bool, Integral)) or a not in (0, 1):
            raise ValueError(f"item {n}: answer yes/no as True/False or 1/0, got {a!r}")
    return int(sum(bool(a) for a in answers))


# ---------------------------------------------------------------------------------------------------
# STarT Back: stratification by risk of a poor outcome (Hill et al. 2008; matched treatment, Hill et
# al. 2011). The tool's wording belongs to Keele University and is not reproduced: these are only the
# themes of its nine items, in our own words. The licensed form (free for clinical use, on request) is
# obtained from Keele University: https://www.keele.ac.uk/startback/
#: The nine items' themes, in our words (not the questionnaire's). Items 5-9 form the psychosocial
#: subscale. Item 9 (how bothersome the pain was) is asked on a five-point scale; only the top two
#: answers score 1, so give it here already as 0 or 1.
START_BACK_THEMES: tuple[str, ...] = (
    "leg pain spreading down the leg recently",
    "pain in the shoulder or neck as well, recently",
    "walking only short distances because of the back",
    "dressing more slowly than usual because of the back",
    "feeling it is not safe to be physically active (fear of movement)",
    "worrying thoughts much of the time (anxiety)",
    "feeling the back pain is terrible and will never improve (catastrophising)",
    "no longer enjoying the things usually enjoyed (low mood)",
    "how bothersome the back pain was overall (scores 1 for the top two answers)",
)
#: Where the items 5-9 begin (1-based) and the cut-offs (Hill et al. 2008).
START_BACK_PSYCHOSOCIAL = (5, 9)
START_BACK_LOW_MAX_TOTAL = 3
START_BACK_HIGH_MIN_PSYCHOSOCIAL = 4
START_BACK_SOURCE = (
    "Hill JC et al. 2008, Arthritis Rheum 59(5):632-641 (the tool and its cut-offs); Hill JC et al. 2011, "
    "Lancet 378(9802):1560-1571 (STarT Back trial: matched treatment)")
#: What each group was offered in the trial (Hill et al. 2011), in short.
START_BACK_MATCHED: dict[str, str] = {
    "low": "advice, reassurance and support to self-manage; a single session is often enough",
    "medium": "physiotherapy aimed at the physical symptoms and function (exercise, manual therapy)",
    "high": "physiotherapy that also addresses the psychosocial obstacles (a cognitive behavioural approach)",
}


@dataclass(frozen=True)
class StartBack:
    """The STarT Back result: ``risk`` ("low", "medium" or "high"), ``total`` (0-9),
    ``psychosocial`` (items 5-9, 0-5), ``matched`` (what the trial offered that group), ``source``.

    Readable as attributes or as keys: ``result.risk`` or ``result["risk"]``.
    """

    risk: str
    total: int
    psychosocial: int
    matched: str
    source: str = START_BACK_SOURCE

    def __getitem__(self, key: str) -> object:
        if key not in self.__dataclass_fields__:
            raise KeyError(f"{key!r}: a STarT Back result has {', '.join(self.__dataclass_fields__)}")
        return getattr(self, key)

    def text(self) -> str:
        """One sentence for a reader, e.g. "Total 5 of 9, psychosocial 4 of 5: high risk."."""
        return (f"Total {self.total} of 9, psychosocial {self.psychosocial} of 5: {self.risk} risk. "
                f"Matched care: {self.matched}.")


def start_back(answers: Sequence[int]) -> StartBack:
    """Score the STarT Back tool from its nine answers, each given as 0 or 1.

    ``total`` is the sum of all nine; ``psychosocial`` the sum of items 5-9. Risk: total 3 or less is
    **low**; otherwise a psychosocial score of 4 or 5 is **high**; otherwise **medium** (Hill et al.
    2008). The matched-treatment idea (Hill et al. 2011): low risk gets advice and self-management,
    medium physiotherapy, high physiotherapy that also addresses psychosocial obstacles. The items'
    themes are in `START_BACK_THEMES` (our words, not the tool's; the licensed form comes from Keele
    University). True/False count as 1/0.

    Raises ValueError for a count other than nine, or an item that is not 0 or 1 (naming the item).

    >>> start_back([1, 0, 1, 0, 0, 0, 0, 0, 1]).risk
    'low'
    >>> r = start_back([1, 1, 0, 0, 1, 1, 1, 0, 1]); (r.risk, r.total, r.psychosocial)
    ('high', 6, 4)
    >>> start_back([1, 1, 1, 1, 1, 0, 0, 0, 1])["risk"]
    'medium'
    """
    if isinstance(answers, (str, bytes)) or not isinstance(answers, (Sequence, Iterable)):
        raise ValueError(f"answers: give the nine STarT Back answers as a list of 0 or 1, got {answers!r}")
    items = list(answers)
    if len(items) != len(START_BACK_THEMES):
        raise ValueError(f"answers: the STarT Back tool has {plural(len(START_BACK_THEMES), 'item')}, got {len(items)}")
    scores = []
    for n, a in enumerate(items, start=1):
        if getattr(getattr(a, "dtype", None), "kind", "") == "b":
            a = bool(a)
        if not _is_whole(a) and not isinstance(a, bool) or a not in (0, 1):
            raise ValueError(f"item {n} ({START_BACK_THEMES[n - 1]}): answer 0 or 1, got {a!r}")
        scores.append(int(a))
    total = sum(scores)
    first, last = START_BACK_PSYCHOSOCIAL
    psychosocial = sum(scores[first - 1:last])
    if total <= START_BACK_LOW_MAX_TOTAL:
        risk = "low"
    elif psychosocial >= START_BACK_HIGH_MIN_PSYCHOSOCIAL:
        risk = "high"
    else:
        risk = "medium"
    return StartBack(risk=risk, total=total, psychosocial=psychosocial, matched=START_BACK_MATCHED[risk])
