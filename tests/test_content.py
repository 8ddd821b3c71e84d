"""Tips, safety rules and red flags: the safety content every notebook shows from one place."""

from __future__ import annotations

import pandas as pd
import pytest

from backnotes import red_flags, safety_rules, tips
from backnotes.content import URGENCY


def _has(frame: pd.DataFrame, column: str, *words: str) -> bool:
    """Some row's ``column`` contains every one of ``words`` (case-insensitive)."""
    return any(all(w.casefold() in text.casefold() for w in words) for text in frame[column])


def test_the_articles_three_tips() -> None:
    df = tips()
    assert len(df) == 3 and df.index.is_unique
    assert {"topic", "text", "source"} <= set(df.columns)
    assert df["text"].str.len().gt(10).all()
    assert _has(df, "text", "weight") and _has(df, "text", "walk")
    assert df["source"].str.contains("article").all()


def test_safety_rules_include_no_bouncing_and_stop_on_sharp_pain() -> None:
    df = safety_rules()
    assert df.index.is_unique and {"when", "text", "source"} <= set(df.columns)
    assert _has(df, "text", "bounce")
    assert _has(df, "text", "sharp", "stop")
    assert _has(df, "text", "breath")
    assert _has(df, "text", "warm-up")
    assert _has(df, "text", "doctor")


@pytest.mark.parametrize("words", [
    ("numb", "genitals"),          # saddle numbness
    ("urine", "stool"),            # new bladder or bowel trouble
    ("both legs",),                # weakness or numbness in both legs
    ("fever",),
    ("weight loss",),
    ("cancer",),
    ("fall",),                     # after a serious fall or accident
])
def test_red_flags_include_each_sign(words: tuple[str, ...]) -> None:
    assert _has(red_flags(), "sign", *words), words


def test_red_flags_most_urgent_first_with_actions() -> None:
    df = red_flags()
    assert isinstance(df["urgency"].dtype, pd.CategoricalDtype)
    assert list(df["urgency"].cat.categories) == list(URGENCY)
    assert df["urgency"].cat.codes.is_monotonic_increasing
    emergency = df[df["urgency"] == "emergency"]
    assert len(emergency) >= 3
    assert emergency["action"].str.contains("emergency", case=False).all()
    assert _has(emergency, "sign", "genitals") and _has(emergency, "sign", "urine")
    assert df["action"].str.len().gt(0).all() and df["source"].str.len().gt(0).all()


def test_tables_are_fresh_copies() -> None:
    first = tips()
    first.loc[first.index[0], "text"] = "changed"
    assert tips().iloc[0]["text"] != "changed"


def test_two_pain_monitoring_rules_back_and_leg() -> None:
    df = safety_rules()
    assert "pain-monitoring" not in df.index  # the single rule is split in two
    back, leg = df.loc["pain-monitoring-back"], df.loc["pain-monitoring-leg"]
    # back: up to about 5/10, settled next morning, no build-up week to week; from Achilles tendon pain
    for words in ("5/10", "next morning", "week to week"):
        assert words in back["text"], words
    assert "Achilles" in back["text"] and "Silbernagel" in back["source"] and "2007" in back["source"]
    assert "leg" in back["text"]  # says it does not apply to leg symptoms
    # leg: must not spread further down or grow; centralisation good; spreading: stop, get advice
    for words in ("spread further down", "stronger", "moving back up", "stop that exercise", "advice",
                  "numbness or weakness", "red flags"):
        assert words in leg["text"], words
    assert "Werneke" in leg["source"] and "2001" in leg["source"]


def test_pain_rules_short_lines_match_the_table() -> None:
    from backnotes.content import PAIN_RULES

    assert set(PAIN_RULES) == {"back", "leg"}
    assert "5/10" in PAIN_RULES["back"] and "next morning" in PAIN_RULES["back"]
    assert "spread further down" in PAIN_RULES["leg"] and "stop" in PAIN_RULES["leg"]
    assert "spread further down" in safety_rules().loc["pain-monitoring-leg", "text"]
