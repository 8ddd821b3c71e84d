"""Clinical scores computed from numbers a person enters.

Only the scoring is here: the questionnaires' item texts (Oswestry, Roland-Morris) are copyrighted
and are not reproduced.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["NPRS_BANDS", "nprs_band", "important_change", "odi_percent", "rmdq_score"]

#: Numeric pain rating scale bands: (label, lowest score, highest score).
NPRS_BANDS: tuple[tuple[str, int, int], ...] = (("none", 0, 0), ("mild", 1, 3), ("moderate", 4, 6), ("severe", 7, 10))
#: Smallest fall in pain that matters clinically: 2 points or 30 % (Farrar et al. 2001; Ostelo et al. 2008).
IMPORTANT_POINTS = 2.0
IMPORTANT_FRACTION = 0.30


def _check_score(score: object, name: str = "score") -> float:
    if isinstance(score, bool) or not isinstance(score, (int, float)) or score != score:
        raise ValueError(f"{name}: pain must be a number from 0 to 10, got {score!r}")
    if not 0 <= score <= 10:
        raise ValueError(f"{name}: pain must be from 0 to 10, got {score!r}")
    return float(score)


def nprs_band(score: int) -> str:
    """The words for a 0-10 pain score: "none" (0), "mild" (1-3), "moderate" (4-6), "severe" (7-10).

    Raises ValueError for anything that is not a whole number from 0 to 10.

    >>> nprs_band(5)
    'moderate'
    """
    if isinstance(score, bool) or not isinstance(score, int):
        raise ValueError(f"score: pain is a whole number from 0 to 10, got {score!r}")
    _check_score(score)
    return next(label for label, low, high in NPRS_BANDS if low <= score <= high)


def important_change(baseline: float, current: float) -> bool:
    """True when pain fell from ``baseline`` to ``current`` by at least 2 points or at least 30 %.

    Both are 0-10 scores (averages allowed). A rise is never an important improvement.

    >>> important_change(6, 4), important_change(6, 5), important_change(2, 1.4)
    (True, False, True)
    """
    b, c = _check_score(baseline, "baseline"), _check_score(current, "current")
    fall = b - c
    if fall <= 0:
        return False
    # a small tolerance so that 30 % of a mean like 4.666... is not lost to floating point
    return fall >= IMPORTANT_POINTS - 1e-9 or fall >= IMPORTANT_FRACTION * b - 1e-9


def odi_percent(section_scores: Sequence[int | None]) -> float:
    """Oswestry Disability Index in percent from its ten section scores (each 0-5).

    Unanswered sections are None and are left out of the denominator (5 points per answered
    section). At least 8 of the 10 sections must be answered.

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
        if s is None:
            continue
        if isinstance(s, bool) or not isinstance(s, int) or not 0 <= s <= 5:
            raise ValueError(f"section {n}: a score is a whole number from 0 to 5 (or None), got {s!r}")
        answered.append(s)
    if len(answered) < 8:
        raise ValueError(f"section_scores: at least 8 of 10 sections must be answered, got {len(answered)}")
    return 100.0 * sum(answered) / (5 * len(answered))


def rmdq_score(items: Sequence[bool | int]) -> int:
    """Roland-Morris Disability Questionnaire score (0-24): the number of "yes" answers of 24.

    Answers are True/False or 1/0.

    >>> rmdq_score([True] * 6 + [False] * 18)
    6
    """
    answers = list(items)
    if len(answers) != 24:
        raise ValueError(f"items: the RMDQ has 24 statements, got {len(answers)}")
    for n, a in enumerate(answers, start=1):
        if a not in (0, 1) or not isinstance(a, (bool, int)):
            raise ValueError(f"item {n}: answer yes/no as True/False or 1/0, got {a!r}")
    return int(sum(bool(a) for a in answers))
