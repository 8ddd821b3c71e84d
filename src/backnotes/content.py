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

__all__ = [
    "tips", "safety_rules", "red_flags", "red_flag_causes", "red_flag_order_note", "URGENCY", "SAFETY_LINE", "PAIN_RULES", "ScreenVerdict", "screen",
]

#: Red-flag urgency tiers, most urgent first: ``"emergency"`` (stop, emergency care now), ``"same day"``
#: (stop, be seen today: urgent GP appointment or the urgent-care line), ``"soon"`` (see a doctor within
#: about two weeks; exercise only once cleared, unless every ticked sign says it does not block
#: exercise: ``blocks_exercise`` in `red_flags`).
URGENCY: tuple[str, ...] = ("emergency", "same day", "soon")

#: One-line reminder for the timer player and printed routine sheets.
SAFETY_LINE = (
    "Stop if pain spreads down your leg or gets sharp, or a leg gets weaker. Numbness between the legs, "
    "bladder or bowel trouble, or weakness in both legs: get emergency care."
)


#: The two pain-monitoring rules in one short line each, for the timer player: back discomfort and
#: leg symptoms follow different rules (the full texts and sources: `safety_rules`, ids
#: ``pain-monitoring-back`` and ``pain-monitoring-leg``).
PAIN_RULES: dict[str, str] = {
    "back": "Back: discomfort up to about 5/10 is acceptable if it settles by the next morning and does "
            "not build up week to week.",
    "leg": "Leg: pain, tingling or numbness must not spread further down the leg or grow; if it does, "
           "stop that exercise and get advice.",
}


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

    Columns: ``urgency`` (ordered category, see `URGENCY`: ``"emergency"`` = stop, emergency care
    now; ``"same day"`` = stop, be seen today; ``"soon"`` = see a doctor within about two weeks and
    exercise only once cleared); ``label`` (a few words, for tick lists); ``sign`` (what a person
    notices); ``action`` (what to do); ``why`` (what it may mean); ``source``; ``blocks_exercise``
    (bool: False only for a "soon" sign that needs a doctor but not a pause in exercise, such as
    inflammatory back pain, for which exercise is first-line treatment: NICE NG65); ``mentions``
    (tuple of lower-case phrases by which texts refer to the sign, for the urgency-word audit);
    ``cause`` (the serious cause the sign points to, an id of `red_flag_causes`) and ``cause_share``
    (how common that cause is, in percent; NaN when not counted).

    Within a tier the most common come first: by ``cause_share``, highest first, signs of causes
    not counted last, each group in the data's order (`red_flag_causes` gives the figures and their
    sources).

    >>> flags = red_flags()
    >>> flags.loc["saddle-numbness", "urgency"], flags.loc["fever", "urgency"]
    ('emergency', 'same day')
    >>> list(flags["urgency"].cat.categories)
    ['emergency', 'same day', 'soon']
    >>> bool(flags.loc["inflammatory", "blocks_exercise"]), bool(flags.loc["fever", "blocks_exercise"])
    (False, True)
    """
    df = _table("red_flag")
    bad = sorted(set(df["urgency"]) - set(URGENCY))
    if bad:  # a typo in the data must not silently drop a flag from every tier
        raise ValueError(f"guidance.toml red_flag urgency: unknown {bad}; allowed: {list(URGENCY)}")
    blocks = df["blocks_exercise"] if "blocks_exercise" in df else pd.Series(True, index=df.index)
    blocks = blocks.astype(object).where(blocks.notna(), True)
    wrong = [str(i) for i, b in blocks.items() if not isinstance(b, bool)]
    if wrong:
        raise ValueError(f"guidance.toml red_flag blocks_exercise: must be true or false for {wrong}")
    # only a "soon" sign may leave exercise open: anything more urgent always stops it
    loose = [str(i) for i, b in blocks.items() if not b and df.loc[i, "urgency"] != URGENCY[-1]]
    if loose:
        raise ValueError(f"guidance.toml red_flag blocks_exercise = false is allowed only for "
                         f"urgency {URGENCY[-1]!r}, not for {loose}")
    df["blocks_exercise"] = blocks.astype(bool)
    mentions = df["mentions"] if "mentions" in df else pd.Series([()] * len(df), index=df.index)
    df["mentions"] = [tuple(m) if isinstance(m, list) else () for m in mentions]
    df["urgency"] = pd.Categorical(df["urgency"], categories=list(URGENCY), ordered=True)
    causes = red_flag_causes()
    unknown = sorted(set(df["cause"]) - set(causes.index)) if "cause" in df else ["(no cause column)"]
    if unknown:  # every sign must say which cause orders it
        raise ValueError(f"guidance.toml red_flag cause: unknown {unknown}; allowed: {list(causes.index)}")
    df["cause_share"] = df["cause"].map(causes["share"]).astype(float)
    # most urgent tier first; in a tier the most common cause first (NaN = not counted, last)
    order = df.assign(_tier=df["urgency"].cat.codes, _share=-df["cause_share"].fillna(-1.0))
    return df.loc[order.sort_values(["_tier", "_share"], kind="stable").index]


def red_flag_causes() -> pd.DataFrame:
    """The serious causes red flags point to, indexed by ``id``, with how common each is: the
    order of the signs within a tier of `red_flags`.

    Columns: ``label`` (in plain words); ``share`` (percent of people who see a primary-care
    clinician with low back pain who have it; NaN for ``"not-counted"``); ``in_words`` (the share
    as a person says it, "about 4 in 100"); ``source``.

    >>> causes = red_flag_causes()
    >>> list(causes.sort_values("share", ascending=False).index[:2])
    ['fracture', 'cancer']
    """
    df = _table("cause")
    if "share" not in df:  # pragma: no cover - the data has shares
        df["share"] = float("nan")
    df["share"] = df["share"].astype(float)
    return df


def red_flag_order_note() -> tuple[str, str]:
    """Why the signs of a tier come in the order they do, in plain words, and the sources (for a
    "Why this order" fold beside the red-flag check).

    >>> text, sources = red_flag_order_note()
    >>> text.split(", ")[1:3]
    ['about 4 in 100 have a broken bone in the spine', 'fewer than 1 in 100 have cancer in the spine']
    """
    causes = red_flag_causes().dropna(subset=["share"]).sort_values("share", ascending=False, kind="stable")
    parts = [f"{row.in_words} have {row.label}" for row in causes.itertuples()]
    listed = ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else "".join(parts)
    text = ("In each group the signs of the more common causes come first. Of the people who see a doctor "
            f"with low back pain, {listed}. Signs of other causes follow. A tick means: be checked; "
            "it does not mean you have any of these.")
    sources = "; ".join(dict.fromkeys(str(src) for src in causes["source"]))
    return text, sources


# Texts of the verdicts. The emergency headline starts "Stop — get emergency care now".
_EMERGENCY_HEADLINE = "Stop — get emergency care now."
_EMERGENCY_ADVICE = (
    "Do not exercise.",
    "Call your emergency number or go to an emergency department now; do not wait to see if it passes.",
    "Tell them which signs you have and when they started.",
)
_SAME_DAY_HEADLINE = "Stop — get seen by a doctor today."
_SAME_DAY_ADVICE = (
    "Do not exercise until a doctor has checked you.",
    "Ask your GP surgery for an urgent appointment today, or call your urgent-care line "
    "(NHS 111 in England).",
    "If any sign in the emergency list appears, get emergency care straight away.",
)
_SOON_HEADLINE = "See a doctor before you exercise."
_SOON_ADVICE_MOVING = (
    "These signs are not an emergency on their own, and they do not stop you exercising: exercise is "
    "part of the treatment for them.",
    "Book an appointment within about two weeks and mention your back pain.",
    "If any sign in the emergency or same-day lists appears, get care straight away.",
)
_SOON_HEADLINE_MOVING = "See a doctor soon, and keep exercising."
_SOON_ADVICE = (
    "These signs are not an emergency on their own, but a doctor should check them first.",
    "Book an appointment within about two weeks, mention your back pain, and exercise only once "
    "the doctor has cleared you.",
    "If any sign in the emergency or same-day lists appears, get care straight away.",
)
_CLEAR_HEADLINE = "No red flags ticked. Keep listening to your body."
_CLEAR_ADVICE = (
    "This list is not a medical check and cannot rule everything out: if you are unsure about a "
    "symptom, ask a doctor, physiotherapist or pharmacist.",
    "Start gently, stop if pain spreads down a leg or a leg gets weaker, and come back to this list "
    "if anything changes.",
)
_VERDICTS = {
    "emergency": (_EMERGENCY_HEADLINE, _EMERGENCY_ADVICE),
    "same day": (_SAME_DAY_HEADLINE, _SAME_DAY_ADVICE),
    "soon": (_SOON_HEADLINE, _SOON_ADVICE),
}


@dataclass(frozen=True)
class ScreenVerdict:
    """What the red-flag tick list means.

    ``level`` is ``"emergency"``, ``"same day"``, ``"soon"`` or ``"clear"`` (the tier of the most
    urgent ticked flag); ``headline`` is one sentence to show first; ``advice`` the steps to take;
    ``flags`` the ticked flag ids, most urgent first; ``blocks_exercise`` is True when exercise must
    wait for a doctor (every emergency or same-day verdict, and a "soon" one unless each ticked sign
    has ``blocks_exercise = false`` in the data), False for "clear".
    """

    level: str
    headline: str
    advice: tuple[str, ...]
    flags: tuple[str, ...]
    blocks_exercise: bool = True

    @property
    def urgent(self) -> bool:
        """True when an emergency or same-day flag is ticked: stop, and get care today."""
        return self.level in ("emergency", "same day")

    @property
    def text(self) -> str:
        """Headline and advice as one paragraph of plain text."""
        return " ".join((self.headline, *self.advice))


def screen(ticked: Iterable[str]) -> ScreenVerdict:
    """Turn the ids of ticked red flags into a verdict.

    The most urgent ticked tier decides: ``"emergency"`` ("Stop — get emergency care now."),
    ``"same day"`` ("Stop — get seen by a doctor today."), ``"soon"`` ("See a doctor before you
    exercise.", or "See a doctor soon, and keep exercising." when no ticked sign blocks exercise);
    nothing ticked gives ``"clear"``, whose advice says the list is not a medical check.
    An unknown id raises `ValueError` naming the allowed ids.

    >>> [screen(t).level for t in (["inflammatory"], ["fever"], ["fever", "bladder-bowel"], [])]
    ['soon', 'same day', 'emergency', 'clear']
    >>> screen(["fever"]).urgent, screen(["inflammatory"]).urgent
    (True, False)
    >>> screen(["inflammatory"]).blocks_exercise, screen(["inflammatory", "stable-weakness"]).blocks_exercise
    (False, True)
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
    if not ids:
        return ScreenVerdict("clear", _CLEAR_HEADLINE, _CLEAR_ADVICE, ids, blocks_exercise=False)
    level = str(chosen["urgency"].iloc[0])
    blocks = level != URGENCY[-1] or bool(chosen["blocks_exercise"].any())
    headline, advice = _VERDICTS[level] if blocks else (_SOON_HEADLINE_MOVING, _SOON_ADVICE_MOVING)
    return ScreenVerdict(level, headline, advice, ids, blocks_exercise=blocks)
