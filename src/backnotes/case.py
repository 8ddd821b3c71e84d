"""An invented patient case for practice (notebook 05).

"Sam" is not a real person: the history, the answers and the eight-week pain diary are made up for
teaching, and the diary is generated deterministically (same numbers on every machine, no random
library involved), like the demo journal in ``data/demo/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

__all__ = ["PatientCase", "patient_case", "pain_diary", "DIARY_START"]

#: First day of the invented diary.
DIARY_START = "2026-03-02"
_LEG_EXTENTS = ("none", "buttock", "thigh", "below knee", "foot")


def _noise(n: int, seed: int) -> list[float]:
    """n deterministic numbers in [-1, 1): a small linear congruential generator (Numerical Recipes)."""
    state = seed
    out = []
    for _ in range(n):
        state = (1664525 * state + 1013904223) % 2**32
        out.append(state / 2**31 - 1.0)
    return out


def pain_diary(weeks: int = 8) -> pd.DataFrame:
    """The invented patient's daily diary, one row per day for ``weeks`` weeks (default eight).

    Columns: ``date`` (datetime, from `DIARY_START`), ``week`` (1..weeks), ``back`` and ``leg`` (NPRS
    0-10, whole numbers, reported separately as guidelines advise for sciatica), ``leg_extent``
    (how far down the leg the symptoms reached: none, buttock, thigh, below knee, foot).

    Leg pain falls from about 6-7 to about 3 over the weeks; back pain falls only a little. The same
    call always gives the same numbers.

    >>> d = pain_diary()
    >>> len(d), d["leg"].between(0, 10).all()
    (56, True)
    """
    if not isinstance(weeks, int) or isinstance(weeks, bool) or not 1 <= weeks <= 52:
        raise ValueError(f"weeks: a whole number from 1 to 52, got {weeks!r}")
    days = 7 * weeks
    leg_noise, back_noise = _noise(days, 13), _noise(days, 59)
    rows = []
    for day in range(days):
        progress = min(day / 49.0, 1.0)  # most of the change happens by week 7
        leg = 6.6 - 3.7 * progress + 1.2 * leg_noise[day]
        back = 4.6 - 0.9 * progress + 1.0 * back_noise[day]
        leg_i = int(min(10, max(0, round(leg))))
        back_i = int(min(10, max(0, round(back))))
        # symptoms retreat up the leg as leg pain settles (centralisation)
        extent = "below knee" if leg_i >= 6 else "thigh" if leg_i >= 4 else "buttock" if leg_i >= 2 else "none"
        rows.append((day, leg_i, back_i, extent))
    df = pd.DataFrame(rows, columns=["day", "leg", "back", "leg_extent"])
    df.insert(0, "date", pd.Timestamp(DIARY_START) + pd.to_timedelta(df.pop("day"), unit="D"))
    df.insert(1, "week", df.index // 7 + 1)
    df["leg_extent"] = pd.Categorical(df["leg_extent"], categories=list(_LEG_EXTENTS), ordered=True)
    return df[["date", "week", "back", "leg", "leg_extent"]]


@dataclass(frozen=True)
class PatientCase:
    """An invented patient: history, red-flag screen answers, questionnaire answers as numbers.

    ``odi_baseline`` / ``odi_week8``: the ten Oswestry section scores (0-5, None = unanswered);
    ``rmdq_baseline`` / ``rmdq_week8``: the 24 Roland-Morris answers (1 = yes, 0 = no). The items'
    wording is copyrighted and not reproduced: only the numbers are. ``red_flags_ticked`` lists the red
    flags the patient said yes to (none). ``diary`` is `pain_diary`.
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
    """The invented case used in notebook 05 (always the same)."""
    history = (
        "INVENTED CASE for practice: not a real person.",
        "Sam, 42, warehouse team leader. Left buttock and leg pain for 3 weeks after lifting boxes; "
        "the pain reaches below the knee to the outer shin; low back ache as well.",
        "Worse sitting for long and bending; eases walking. Sleeps, but wakes turning over.",
        "No numbness between the legs, no bladder or bowel change, no weakness noticed, no fever, "
        "no weight loss, no history of cancer, no recent fall.",
        "Examination at the first visit: straight-leg raise on the left reproduces the leg pain at 45 "
        "degrees; big-toe extension slightly weak on the left; reflexes equal.",
        "Plan: advice to stay active, the gentle-start routine, a daily pain diary (back and leg "
        "separately) and questionnaires at the start and after eight weeks.",
    )
    return PatientCase(
        name="Sam (invented)",
        history=history,
        red_flags_ticked=(),
        odi_baseline=(3, 2, 2, 3, 2, 3, None, 2, 3, 2),
        odi_week8=(1, 1, 1, 2, 1, 1, None, 1, 2, 1),
        rmdq_baseline=(1,) * 12 + (0,) * 12,
        rmdq_week8=(1, 0) * 3 + (0,) * 18,
        diary=pain_diary(),
    )
