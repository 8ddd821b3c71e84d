"""The red-flag data in three tiers and the verdict of the tick list (backnotes.content)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import backnotes
from backnotes.content import SAFETY_LINE, URGENCY, ScreenVerdict, screen

# Every flag issues 9 and 18 ask for: id -> (tier, words that must all appear in its sign text).
EXPECTED = {
    # emergency
    "saddle-numbness": ("emergency", ("numb", "genitals", "anus", "buttocks", "inner thighs")),
    "bladder-bowel": ("emergency", ("urine", "stool", "getting worse", "began with or since", "bladder fill")),
    "sexual-function": ("emergency", ("sexual function", "genitals")),
    "sciatica-both-legs": ("emergency", ("both legs", "buttocks alone is not")),
    "both-legs": ("emergency", ("any weakness or numbness in both legs", "mild")),
    "cord-compression": ("emergency", ("difficulty walking", "clumsy", "unsteady")),
    "cancer-nerve-symptoms": ("emergency", ("cancer", "down a leg", "weakness", "numbness",
                                            "walking", "bladder or bowel")),
    "trauma": ("emergency", ("serious fall", "accident")),
    "chest-pain": ("emergency", ("chest pain",)),
    "aortic-aneurysm": ("emergency", ("throbbing", "belly")),
    "sepsis": ("emergency", ("fever", "confusion", "shivering", "very ill")),
    # same day
    "fever": ("same day", ("fever",)),
    "weight-loss": ("same day", ("weight loss",)),
    "night-pain": ("same day", ("night", "does not ease when you change position", "stops you sleeping",
                                "getting worse", "turn over", "is not this sign")),
    "cancer-history": ("same day", ("cancer", "new back pain", "getting worse", "wakes", "straining",
                                    "tender in one spot")),
    "one-leg-weakness": ("same day", ("sudden", "weakness in one leg", "foot", "drags", "getting worse")),
    "back-shape": ("same day", ("lump", "shape")),
    "upper-back": ("same day", ("upper back",)),
    "infection-risk": ("same day", ("with or without a fever", "injecting drugs", "chemotherapy", "steroids",
                                    "hiv", "spinal operation", "injection")),
    "fragile-bones": ("same day", ("minor fall", "lift", "cough", "sneeze", "osteoporosis", "steroids",
                                   "fracture")),
    # soon
    "first-pain-age": ("soon", ("first back pain", "under 20 or over 50", "no clear cause")),
    "stable-weakness": ("soon", ("weakness", "not changing")),
    "inflammatory": ("soon", ("before age 45", "3 months", "second half of the night", "buttock")),
}


@pytest.fixture(scope="module")
def flags() -> pd.DataFrame:
    return backnotes.red_flags()


def test_tiers_are_the_three_words() -> None:
    assert URGENCY == ("emergency", "same day", "soon")


def test_exactly_the_expected_flags(flags: pd.DataFrame) -> None:
    assert sorted(flags.index) == sorted(EXPECTED)


@pytest.mark.parametrize("fid", sorted(EXPECTED))
def test_each_flag_in_its_tier_with_its_sign(flags: pd.DataFrame, fid: str) -> None:
    tier, words = EXPECTED[fid]
    assert flags.loc[fid, "urgency"] == tier
    sign = flags.loc[fid, "sign"].lower()
    missing = [w for w in words if w not in sign]
    assert not missing, f"{fid}: sign lacks {missing}"


def test_columns_and_order(flags: pd.DataFrame) -> None:
    assert flags.index.name == "id" and flags.index.is_unique
    assert {"urgency", "label", "sign", "action", "why", "source", "blocks_exercise", "mentions"} <= set(flags.columns)
    assert list(flags["urgency"].cat.categories) == list(URGENCY)
    assert flags["urgency"].cat.ordered
    assert flags["urgency"].cat.codes.is_monotonic_increasing  # most urgent first


def test_every_flag_has_label_action_why_and_source(flags: pd.DataFrame) -> None:
    for col in ("label", "sign", "action", "why", "source"):
        empty = [i for i, v in flags[col].items() if not isinstance(v, str) or len(v.strip()) < 5]
        assert not empty, f"{col} is empty for {empty}"


@pytest.mark.parametrize("tier,words", [
    ("emergency", ("emergency",)),
    ("same day", ("today",)),
    ("soon", ("two weeks",)),
])
def test_actions_match_their_tier(flags: pd.DataFrame, tier: str, words: tuple[str, ...]) -> None:
    for fid, action in flags.loc[flags["urgency"] == tier, "action"].items():
        assert action.lower().startswith(("stop", "do not")) or tier == "soon", fid
        for w in words:
            assert w in action.lower(), (fid, w)
        if tier == "soon":  # a sign that blocks exercise says so; one that does not says keep exercising
            blocks = bool(flags.loc[fid, "blocks_exercise"])
            assert ("cleared" in action) == blocks and ("keep exercising" in action.lower()) != blocks, fid


def test_only_inflammatory_back_pain_leaves_exercise_open(flags: pd.DataFrame) -> None:
    # NICE NG65: exercise is first-line treatment for axial spondyloarthritis, so the sign sends the
    # person to a doctor without stopping exercise; every other sign stops it.
    assert flags["blocks_exercise"].dtype == bool
    assert list(flags.index[~flags["blocks_exercise"]]) == ["inflammatory"]
    assert "first-line" in flags.loc["inflammatory", "action"]


def _flag_table(tmp_path, monkeypatch, extra: str):
    """red_flags() over a guidance file with ``extra`` appended to the inflammatory flag's table."""
    import importlib.resources

    from backnotes import content

    text = importlib.resources.files("backnotes").joinpath("data/guidance.toml").read_text("utf-8")
    text = text.replace('id = "fever"\n', 'id = "fever"\n' + extra, 1)
    monkeypatch.setattr(content, "_guidance", lambda: __import__("tomllib").loads(text))
    return content.red_flags


def test_an_urgent_flag_cannot_leave_exercise_open(tmp_path, monkeypatch) -> None:
    read = _flag_table(tmp_path, monkeypatch, "blocks_exercise = false\n")
    with pytest.raises(ValueError, match=r"blocks_exercise = false is allowed only for urgency 'soon'.*fever"):
        read()


def test_blocks_exercise_must_be_true_or_false(tmp_path, monkeypatch) -> None:
    read = _flag_table(tmp_path, monkeypatch, 'blocks_exercise = "no"\n')
    with pytest.raises(ValueError, match=r"blocks_exercise: must be true or false for \['fever'\]"):
        read()


def test_sources_name_the_guidelines(flags: pd.DataFrame) -> None:
    known = ("NICE CKS", "GIRFT", "NICE NG234", "NICE NG65", "NHS")
    for fid, source in flags["source"].items():
        assert any(k in source for k in known), fid
    assert "NG234" in flags.loc["cancer-nerve-symptoms", "source"]
    assert "NG234" in flags.loc["cancer-history", "source"]
    assert "NG65" in flags.loc["inflammatory", "source"] and "NG59" not in flags.loc["inflammatory", "source"]
    for fid in ("saddle-numbness", "bladder-bowel", "sexual-function", "sciatica-both-legs", "both-legs"):
        assert "GIRFT" in flags.loc[fid, "source"] and "2023" in flags.loc[fid, "source"], fid
    assert "NHS" in flags.loc["both-legs", "source"]
    assert "NG234" in flags.loc["cord-compression", "source"] and "NICE CKS" in flags.loc["cord-compression", "source"]
    assert "aneurysm" in flags.loc["aortic-aneurysm", "source"] and "NHS" in flags.loc["aortic-aneurysm", "source"]
    assert "under 20 or over 50" in flags.loc["first-pain-age", "source"]


def test_no_time_limit_on_bladder_or_bowel_trouble(flags: pd.DataFrame) -> None:
    # a bladder problem that began three weeks ago with the sciatica is still an emergency today
    row = flags.loc["bladder-bowel"]
    assert "two weeks" not in row["sign"] and "within" not in row["sign"]
    assert screen(["bladder-bowel"]).level == "emergency"


def test_ordinary_pain_turning_over_is_not_the_night_flag(flags: pd.DataFrame) -> None:
    sign = flags.loc["night-pain", "sign"]
    assert not sign.lower().startswith("pain at night, or")  # not "any pain at night"
    assert "turn over" in sign and "not this sign" in sign


def test_cauda_equina_named(flags: pd.DataFrame) -> None:
    for fid in ("saddle-numbness", "bladder-bowel", "sexual-function", "sciatica-both-legs"):
        assert "cauda equina" in flags.loc[fid, "why"].lower(), fid


def test_one_leg_weakness_points_to_emergency_when_both_or_fast(flags: pd.DataFrame) -> None:
    row = flags.loc["one-leg-weakness"]
    assert "both legs" in row["sign"] and "emergency" in row["action"]
    assert "same day" in flags.loc["stable-weakness", "action"] and "emergency" in flags.loc["stable-weakness", "action"]


def test_red_flags_returns_a_fresh_frame(flags: pd.DataFrame) -> None:
    mine = backnotes.red_flags()
    mine.loc[mine.index[0], "sign"] = "changed"
    assert backnotes.red_flags().loc[mine.index[0], "sign"] != "changed"


# --- the verdict -----------------------------------------------------------------------------

def test_nothing_ticked_is_clear_and_says_it_is_not_a_medical_check() -> None:
    v = screen([])
    assert isinstance(v, ScreenVerdict)
    assert v.level == "clear" and not v.urgent and v.flags == ()
    assert v.headline == "No red flags ticked. Keep listening to your body."
    assert "not a medical check" in v.text and "unsure" in v.text


EMERGENCY = [f for f, (t, _) in EXPECTED.items() if t == "emergency"]
SAME_DAY = [f for f, (t, _) in EXPECTED.items() if t == "same day"]
SOON = [f for f, (t, _) in EXPECTED.items() if t == "soon"]


@pytest.mark.parametrize("fid", EMERGENCY)
def test_any_emergency_flag_is_emergency(fid: str) -> None:
    v = screen([fid, *SOON, *SAME_DAY])
    assert v.urgent and v.level == "emergency"
    assert v.headline.startswith("Stop — get emergency care now")
    assert any("emergency" in a for a in v.advice)
    assert v.text.startswith(v.headline)
    assert v.flags[0] == fid


@pytest.mark.parametrize("fid", SAME_DAY)
def test_same_day_flag_without_emergency_is_same_day(fid: str) -> None:
    v = screen([fid, *SOON])
    assert v.urgent and v.level == "same day"
    assert v.headline.startswith("Stop")
    assert "today" in v.text and "emergency care now" not in v.text.lower()
    assert "111" in v.text  # the urgent-care line


@pytest.mark.parametrize("fid", SOON)
def test_soon_flag_alone_is_the_calmer_note(flags: pd.DataFrame, fid: str) -> None:
    v = screen([fid])
    assert v.level == "soon" and not v.urgent
    assert "two weeks" in v.text and "care now" not in v.text.lower()
    assert v.blocks_exercise == bool(flags.loc[fid, "blocks_exercise"])
    if v.blocks_exercise:
        assert "see a doctor before you exercise" in v.headline.lower() and "cleared" in v.text
    else:
        assert "keep exercising" in v.headline.lower() and "cleared" not in v.text


def test_a_soon_sign_that_blocks_wins_over_one_that_does_not() -> None:
    assert screen(["inflammatory"]).blocks_exercise is False
    both = screen(["inflammatory", "first-pain-age"])
    assert both.level == "soon" and both.blocks_exercise and "cleared" in both.text
    assert screen(["inflammatory", "fever"]).blocks_exercise  # anything more urgent always blocks
    assert screen([]).blocks_exercise is False


def test_flags_sorted_most_urgent_first() -> None:
    v = screen(("inflammatory", "fever", "trauma"))
    assert v.level == "emergency"
    assert v.flags == ("trauma", "fever", "inflammatory")


def test_every_flag_maps_to_its_urgency(flags: pd.DataFrame) -> None:
    for fid, urgency in flags["urgency"].items():
        v = screen([fid])
        assert v.level == urgency
        assert v.urgent == (urgency in ("emergency", "same day"))
        assert v.blocks_exercise == (v.urgent or bool(flags.loc[fid, "blocks_exercise"]))


def test_every_flag_can_be_found_in_texts(flags: pd.DataFrame) -> None:
    # the urgency-word audit (test_urgency_words.py) finds a sign in a sentence by these phrases
    for fid, mentions in flags["mentions"].items():
        assert mentions and all(m == m.lower().strip() and m for m in mentions), fid


def test_single_id_string_and_duplicates() -> None:
    assert screen("trauma").flags == ("trauma",)
    assert screen(["fever", "fever"]).flags == ("fever",)


def test_unknown_flag_named_with_allowed_values() -> None:
    with pytest.raises(ValueError, match=r"unknown red flag 'headache'.*allowed:.*'saddle-numbness'"):
        screen(["fever", "headache"])


def test_safety_line_is_one_short_line_naming_leg_weakness() -> None:
    line = SAFETY_LINE.lower()
    assert "\n" not in SAFETY_LINE and 40 < len(SAFETY_LINE) <= 170
    assert "stop" in line and "leg" in line and "bladder" in line
    assert "weaker" in line or "weakness" in line
    assert "emergency" in line and "both legs" in line
    assert "new bladder" not in line  # no time limit on bladder or bowel trouble (issue 18 item 1)


# -- most common first (issue 19, item 17) ------------------------------------------------------------


def test_each_tier_lists_the_most_common_causes_first(flags: pd.DataFrame) -> None:
    from backnotes.content import red_flag_causes

    causes = red_flag_causes()
    assert set(flags["cause"]) <= set(causes.index)
    for tier, group in flags.groupby("urgency", observed=True, sort=False):
        shares = group["cause_share"].fillna(-1.0).tolist()
        assert shares == sorted(shares, reverse=True), (tier, list(group.index))
    # the tiers stay most urgent first
    assert flags["urgency"].cat.codes.is_monotonic_increasing
    # the counted causes: a broken bone is the most common, an infection the rarest
    counted = causes.dropna(subset=["share"]).sort_values("share", ascending=False)
    assert list(counted.index) == ["fracture", "cancer", "cauda-equina", "infection"]
    assert flags.index[0] == "trauma"  # a broken bone after a serious fall: the emergency tier's first
    assert list(flags[flags["urgency"] == "same day"].index[:1]) == ["fragile-bones"]


def test_every_cause_figure_has_a_source_and_plain_words() -> None:
    from backnotes.content import red_flag_causes

    for cid, row in red_flag_causes().iterrows():
        assert row["source"], cid
        if pd.isna(row["share"]):
            continue
        assert " in " in row["in_words"] and re.search(r"Verhagen.* 2016", row["source"]), cid  # the review used


def test_a_flag_with_an_unknown_cause_is_refused(monkeypatch) -> None:
    import importlib.resources
    import tomllib

    from backnotes import content

    text = importlib.resources.files("backnotes").joinpath("data/guidance.toml").read_text("utf-8")
    assert 'id = "fever"\nlabel = "Fever with the back pain"\nurgency = "same day"\ncause = "infection"\n' in text
    text = text.replace('urgency = "same day"\ncause = "infection"\n', 'urgency = "same day"\ncause = "bad luck"\n', 1)
    monkeypatch.setattr(content, "_guidance", lambda: tomllib.loads(text))
    with pytest.raises(ValueError, match=r"red_flag cause: unknown \['bad luck'\]; allowed: \['fracture'"):
        content.red_flags()


def test_the_order_note_follows_the_figures() -> None:
    from backnotes.content import red_flag_causes, red_flag_order_note

    text, sources = red_flag_order_note()
    counted = red_flag_causes().dropna(subset=["share"]).sort_values("share", ascending=False)
    places = [text.index(f"{row.in_words} have {row.label}") for row in counted.itertuples()]
    assert places == sorted(places)
    assert "Verhagen" in sources and "Henschke" in sources
    assert not re.search(r"\b(19|20)\d\d\b", text)  # no author-year in the words a person reads
