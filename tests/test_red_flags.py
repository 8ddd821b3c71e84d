"""The red-flag data and the verdict of the tick list (backnotes.content)."""

from __future__ import annotations

import pandas as pd
import pytest

import backnotes
from backnotes.content import SAFETY_LINE, URGENCY, ScreenVerdict, screen

# sign words the issue requires, by urgency: each must be found in some flag's sign text
URGENT_SIGNS = {
    "saddle numbness": ("numb", "genitals", "buttocks", "inner thighs"),
    "bladder or bowel": ("urine", "stool"),
    "both legs or getting worse": ("both legs", "getting worse"),
    "serious fall or accident": ("fall", "accident"),
}
SOON_SIGNS = {
    "fever": ("fever",),
    "weight loss": ("weight loss",),
    "cancer history": ("cancer",),
    "night pain": ("night", "rest"),
}


@pytest.fixture(scope="module")
def flags() -> pd.DataFrame:
    return backnotes.red_flags()


def _flag_with(flags: pd.DataFrame, words: tuple[str, ...]) -> pd.Series:
    hits = flags[[all(w in sign.lower() for w in words) for sign in flags["sign"]]]
    assert len(hits) == 1, f"expected one flag mentioning {words}, found {list(hits.index)}"
    return hits.iloc[0]


@pytest.mark.parametrize("name", sorted(URGENT_SIGNS))
def test_each_urgent_sign_present(flags: pd.DataFrame, name: str) -> None:
    flag = _flag_with(flags, URGENT_SIGNS[name])
    assert flag["urgency"] == "urgent"


@pytest.mark.parametrize("name", sorted(SOON_SIGNS))
def test_each_soon_sign_present(flags: pd.DataFrame, name: str) -> None:
    flag = _flag_with(flags, SOON_SIGNS[name])
    assert flag["urgency"] == "soon"


def test_columns_and_order(flags: pd.DataFrame) -> None:
    assert flags.index.name == "id" and flags.index.is_unique
    assert {"urgency", "sign", "action", "why", "source"} <= set(flags.columns)
    assert list(flags["urgency"].cat.categories) == list(URGENCY)
    assert flags["urgency"].cat.ordered
    # most urgent first
    assert flags["urgency"].is_monotonic_increasing


def test_every_flag_has_action_why_and_source(flags: pd.DataFrame) -> None:
    for col in ("sign", "action", "why", "source"):
        empty = [i for i, v in flags[col].items() if not isinstance(v, str) or len(v.strip()) < 5]
        assert not empty, f"{col} is empty for {empty}"


def test_urgent_actions_say_get_care_and_sources_are_guidelines(flags: pd.DataFrame) -> None:
    for fid, row in flags.iterrows():
        assert "NICE" in row["source"], fid
        if row["urgency"] == "urgent":
            assert "urgent" in row["action"].lower() or "emergency" in row["action"].lower(), fid
        else:
            assert "doctor" in row["action"].lower(), fid


def test_cauda_equina_named_for_saddle_and_bladder(flags: pd.DataFrame) -> None:
    for fid in ("saddle-numbness", "bladder-bowel"):
        assert "cauda equina" in flags.loc[fid, "why"].lower()


def test_red_flags_returns_a_fresh_frame(flags: pd.DataFrame) -> None:
    mine = backnotes.red_flags()
    mine.loc[mine.index[0], "sign"] = "changed"
    assert backnotes.red_flags().loc[mine.index[0], "sign"] != "changed"


# --- the verdict -----------------------------------------------------------------------------

def test_nothing_ticked_is_clear() -> None:
    v = screen([])
    assert isinstance(v, ScreenVerdict)
    assert v.level == "clear" and not v.urgent and v.flags == ()
    assert v.headline == "No red flags ticked. Keep listening to your body."


@pytest.mark.parametrize("fid", ["saddle-numbness", "bladder-bowel", "both-legs", "trauma"])
def test_any_urgent_flag_is_urgent(fid: str) -> None:
    v = screen([fid])
    assert v.urgent and v.level == "urgent"
    assert v.headline.startswith("Stop — get urgent care now")
    assert any("emergency" in a for a in v.advice)
    assert v.text.startswith(v.headline)


@pytest.mark.parametrize("fid", ["fever", "weight-loss", "cancer-history", "night-pain"])
def test_soon_flag_alone_is_the_calmer_note(fid: str) -> None:
    v = screen([fid])
    assert v.level == "soon" and not v.urgent
    assert "see a doctor before you exercise" in v.headline.lower()
    assert "urgent care now" not in v.text.lower()


def test_urgent_wins_over_soon_and_flags_sorted_most_urgent_first() -> None:
    v = screen(("night-pain", "fever", "trauma"))
    assert v.urgent
    assert v.flags == ("trauma", "fever", "night-pain")


def test_every_flag_maps_to_its_urgency(flags: pd.DataFrame) -> None:
    for fid, urgency in flags["urgency"].items():
        assert screen([fid]).level == urgency


def test_single_id_string_and_duplicates() -> None:
    assert screen("trauma").flags == ("trauma",)
    assert screen(["fever", "fever"]).flags == ("fever",)


def test_unknown_flag_named_with_allowed_values() -> None:
    with pytest.raises(ValueError, match=r"unknown red flag 'headache'.*allowed:.*'saddle-numbness'"):
        screen(["fever", "headache"])


def test_safety_line_is_one_short_line() -> None:
    assert "\n" not in SAFETY_LINE and 40 < len(SAFETY_LINE) <= 160
    assert "stop" in SAFETY_LINE.lower() and "leg" in SAFETY_LINE.lower()
    assert "bladder" in SAFETY_LINE.lower()
