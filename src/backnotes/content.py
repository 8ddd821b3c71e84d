"""Tips, safety rules and red flags as tables, read from ``backnotes/data/guidance.toml``.

Every notebook shows these from this one place, so a correction lands everywhere at once.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd

__all__ = ["tips", "safety_rules", "red_flags", "URGENCY", "SAFETY_LINE", "ScreenVerdict", "screen"]

#: Red-flag urgency, most urgent first.
URGENCY: tuple[str, ...] = ("urgent", "soon")

#: One-line reminder for the timer player and printed routine sheets.
SAFETY_LINE = (
    "Stop if pain shoots down your leg or gets sharp; numbness between the legs or new bladder or "
    "bowel trouble needs urgent care, not exercise."
)


@cache
def _guidance() -> dict[str, Any]:
    text = resources.files("backnotes").joinpath("data/guidance.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _table(key: str) -> pd.DataFrame:
    return pd.DataFrame(_guidance()[key]).set_index("id")


def tips() -> pd.DataFrame:
    """The article's three tips, indexed by ``id``.

    Columns: ``topic``; ``text`` (the tip in our words); ``comment`` (what the evidence adds);
    ``source``.
    """
    return _table("tip")


def safety_rules() -> pd.DataFrame:
    """The safety rules to follow while exercising, indexed by ``id``.

    Columns: ``when`` (before you start / while stretching / while exercising / after exercising);
    ``text``; ``source`` (the article, or the study a rule comes from).
    """
    return _table("rule")


def red_flags() -> pd.DataFrame:
    """Warning signs that need a doctor rather than exercise, indexed by ``id``, most urgent first.

    Columns: ``urgency`` (ordered category: ``"urgent"`` = emergency care now, ``"soon"`` = see a
    doctor within days); ``label`` (a few words, for tick lists); ``sign`` (what a person
    notices); ``action`` (what to do); ``why`` (what it may mean); ``source``.

    >>> flags = red_flags()
    >>> "saddle-numbness" in flags.index and flags.loc["saddle-numbness", "urgency"] == "urgent"
    True
    """
    df = _table("red_flag")
    df["urgency"] = pd.Categorical(df["urgency"], categories=list(URGENCY), ordered=True)
    return df.sort_values("urgency", kind="stable")


# Texts of the three verdicts. The urgent headline must start with "Stop — get urgent care now".
_URGENT_HEADLINE = "Stop — get urgent care now."
_URGENT_ADVICE = (
    "Do not exercise.",
    "Call your emergency number or go to an emergency department today; do not wait to see if it passes.",
    "Tell them which signs you have and when they started.",
)
_SOON_HEADLINE = "See a doctor before you exercise."
_SOON_ADVICE = (
    "These signs are not an emergency on their own, but a doctor should check them first.",
    "Book an appointment in the next few days and mention your back pain.",
    "If any sign in the urgent list appears, get urgent care straight away.",
)
_CLEAR_HEADLINE = "No red flags ticked. Keep listening to your body."
_CLEAR_ADVICE = (
    "Start gently, stop if pain shoots down a leg, and come back to this list if anything changes.",
)


@dataclass(frozen=True)
class ScreenVerdict:
    """What the red-flag tick list means.

    ``level`` is ``"urgent"``, ``"soon"`` or ``"clear"``; ``headline`` is one sentence to show
    first; ``advice`` the steps to take; ``flags`` the ticked flag ids, most urgent first.
    """

    level: str
    headline: str
    advice: tuple[str, ...]
    flags: tuple[str, ...]

    @property
    def urgent(self) -> bool:
        """True when at least one urgent flag is ticked."""
        return self.level == "urgent"

    @property
    def text(self) -> str:
        """Headline and advice as one paragraph of plain text."""
        return " ".join((self.headline, *self.advice))


def screen(ticked: Iterable[str]) -> ScreenVerdict:
    """Turn the ids of ticked red flags into a verdict.

    Any urgent flag gives ``"urgent"`` ("Stop — get urgent care now..."); otherwise any "soon"
    flag gives ``"soon"`` ("See a doctor before you exercise."); nothing ticked gives ``"clear"``.
    An unknown id raises `ValueError` naming the allowed ids.

    >>> screen(["fever"]).level, screen(["fever", "bladder-bowel"]).level, screen([]).level
    ('soon', 'urgent', 'clear')
    """
    if isinstance(ticked, str):
        ticked = [ticked]  # one id given on its own, not a list of characters
    flags = red_flags()
    wanted = set(ticked)
    unknown = sorted(wanted - set(flags.index))
    if unknown:
        allowed = ", ".join(repr(i) for i in flags.index)
        raise ValueError(f"ticked: unknown red flag {unknown[0]!r}; allowed: {allowed}")
    chosen = flags[flags.index.isin(wanted)]  # red_flags() is sorted most urgent first
    ids = tuple(chosen.index)
    if (chosen["urgency"] == "urgent").any():
        return ScreenVerdict("urgent", _URGENT_HEADLINE, _URGENT_ADVICE, ids)
    if ids:
        return ScreenVerdict("soon", _SOON_HEADLINE, _SOON_ADVICE, ids)
    return ScreenVerdict("clear", _CLEAR_HEADLINE, _CLEAR_ADVICE, ids)
