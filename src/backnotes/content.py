"""Tips, safety rules and red flags as tables, read from ``backnotes/data/guidance.toml``.

Every notebook shows these from this one place, so a correction lands everywhere at once.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd

__all__ = ["tips", "safety_rules", "red_flags", "URGENCY"]

#: Red-flag urgency, most urgent first.
URGENCY: tuple[str, ...] = ("urgent", "soon")


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
    doctor within days); ``sign`` (what a person notices); ``action`` (what to do); ``why`` (what
    it may mean); ``source``.

    >>> flags = red_flags()
    >>> "saddle-numbness" in flags.index and flags.loc["saddle-numbness", "urgency"] == "urgent"
    True
    """
    df = _table("red_flag")
    df["urgency"] = pd.Categorical(df["urgency"], categories=list(URGENCY), ordered=True)
    return df.sort_values("urgency", kind="stable")
