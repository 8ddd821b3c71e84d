"""Clinical scores from numbers: NPRS bands, important change, Oswestry (ODI) and Roland-Morris (RMDQ)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from backnotes.measures import NPRS_BANDS, important_change, important_threshold, nprs_band, odi_percent, rmdq_score


# --- nprs_band -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("score", "band"),
    [(0, "none"), (1, "mild"), (3, "mild"), (4, "moderate"), (6, "moderate"), (7, "severe"), (10, "severe")],
)
def test_nprs_band_edges(score: int, band: str) -> None:
    assert nprs_band(score) == band


def test_nprs_bands_cover_every_score_once() -> None:
    covered = [s for _, low, high in NPRS_BANDS for s in range(low, high + 1)]
    assert covered == list(range(11))
    assert [nprs_band(s) for s in range(11)] == ["none"] + ["mild"] * 3 + ["moderate"] * 3 + ["severe"] * 4


def test_nprs_band_accepts_numpy_ints_and_whole_floats() -> None:
    assert nprs_band(np.int64(7)) == "severe"
    assert nprs_band(4.0) == "moderate"  # pandas makes int columns with gaps float


@pytest.mark.parametrize("bad", [-1, 11, 4.5, -0.5, 10.01, True, False, "5", None, math.nan, math.inf, [3]])
def test_nprs_band_rejects(bad: object) -> None:
    with pytest.raises(ValueError, match="score"):
        nprs_band(bad)  # type: ignore[arg-type]


# --- important_change ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("baseline", "current", "expected"),
    [
        (6, 4, True),     # 2 points = 33 %: both thresholds met
        (8, 6, False),    # 2 points but only 25 %
        (8, 5.5, True),   # 2.5 points = 31 %
        (2, 1.4, False),  # 30 % but only 0.6 points: likely noise
        (3, 1, True),     # 2 points = 67 %
        (7, 4.9, True),   # exactly 30 % and 2.1 points (floating point says 2.0999... < 2.1)
        (10, 7, True),    # exactly 30 % = 3 points
        (10, 7.1, False), # 2.9 points = 29 %
        (1.5, 0, False),  # a baseline under 2 can never reach 2 points
        (6, 5, False),    # 1 point
        (10, 8, False),   # 2 points = 20 %
        (20 / 3, 14 / 3, False),  # floats: 30 % of 6.666666666666667 is a hair over 2.0000000000000000
        (Fraction(20, 3), Fraction(14, 3), True),  # exact means: 2 points = exactly 30 %
        (0, 0, False),    # nothing to improve
        (4, 4, False),    # no change
        (3, 6, False),    # worse is never an important improvement
        (10, 0, True),
    ],
)
def test_important_change(baseline: float, current: float, expected: bool) -> None:
    assert important_change(baseline, current) is expected


@pytest.mark.parametrize("baseline", [2, 3, 5, 6, 6.5, 7, 8, 9, 10])
def test_important_change_boundary_is_max_of_two_points_and_thirty_percent(baseline: float) -> None:
    threshold = important_threshold(baseline)
    assert threshold == pytest.approx(baseline - max(2, 0.3 * baseline))
    assert important_change(baseline, threshold) is True
    assert important_change(baseline, min(baseline, threshold + 0.1)) is False


def test_important_change_numpy_scalars() -> None:
    assert important_change(np.int64(7), np.float64(4.9)) is True
    assert important_change(np.float64(8.0), np.int64(6)) is False


def test_important_threshold_below_zero_for_small_baselines() -> None:
    assert important_threshold(1.5) < 0 and important_threshold(10) == 7.0 and important_threshold(6) == 4.0


@pytest.mark.parametrize(
    ("baseline", "current", "field"),
    [(-1, 3, "baseline"), (11, 3, "baseline"), (5, -0.1, "current"), (5, 10.5, "current"),
     ("5", 3, "baseline"), (5, None, "current"), (True, 0, "baseline"), (math.nan, 3, "baseline")],
)
def test_important_change_rejects(baseline: object, current: object, field: str) -> None:
    with pytest.raises(ValueError, match=field):
        important_change(baseline, current)  # type: ignore[arg-type]


# --- odi_percent -----------------------------------------------------------------------------

def test_odi_all_answered() -> None:
    assert odi_percent([0] * 10) == 0.0
    assert odi_percent([5] * 10) == 100.0
    assert odi_percent([2] * 10) == 40.0
    assert odi_percent([1, 2, 3, 4, 5, 0, 1, 2, 3, 4]) == pytest.approx(100 * 25 / 50)


def test_odi_unanswered_left_out_of_denominator() -> None:
    # 9 answered, total 18 -> 18 / 45
    assert odi_percent([2, 2, 2, None, 2, 2, 2, 2, 2, 2]) == pytest.approx(40.0)
    # 9 answered (the fewest allowed: Fairbank & Pynsent score one missed section), 27 -> 27 / 45
    assert odi_percent([5, 5, None, 0, 5, 2, 5, 0, 0, 5]) == pytest.approx(60.0)


def test_odi_bands_cover_0_to_100_with_the_original_labels() -> None:
    from backnotes.measures import ODI_BANDS

    assert [b[1] for b in ODI_BANDS][0] == 0 and ODI_BANDS[-1][2] == 100
    assert all(a[2] + 1 == b[1] for a, b in zip(ODI_BANDS, ODI_BANDS[1:]))
    originals = [b[3] for b in ODI_BANDS]
    assert originals == ["minimal disability", "moderate disability", "severe disability", "crippled",
                         "bed-bound or exaggerating"]


def test_odi_takes_a_pandas_row_with_gaps() -> None:
    row = pd.Series([1, 2, 3, None, 4, 5, 0, 1, 2, 3], dtype="float64")
    assert odi_percent(row) == pytest.approx(100 * 21 / 45)
    assert odi_percent(np.array([3] * 10)) == pytest.approx(60.0)


@pytest.mark.parametrize(
    ("scores", "match"),
    [
        ([2] * 9, "10 sections"),
        ([2] * 11, "10 sections"),
        ([], "10 sections"),
        ([2] * 8 + [None] * 2, "at least 9.*Fairbank"),
        ([None] * 10, "at least 9"),
        ([6] + [2] * 9, "section 1"),
        ([2] * 9 + [-1], "section 10"),
        ([2, 2, 2.5] + [2] * 7, "section 3"),
        ([2, "3"] + [2] * 8, "section 2"),
        ([2, 2, 2, True] + [2] * 6, "section 4"),
    ],
)
def test_odi_rejects(scores: list, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        odi_percent(scores)


# --- rmdq_score ------------------------------------------------------------------------------

def test_rmdq_counts_yes_answers() -> None:
    assert rmdq_score([False] * 24) == 0
    assert rmdq_score([True] * 24) == 24
    assert rmdq_score([1, 0] * 12) == 12
    assert rmdq_score(np.array([True] * 5 + [False] * 19)) == 5
    assert rmdq_score(pd.Series([1] * 7 + [0] * 17)) == 7


@pytest.mark.parametrize(
    ("items", "match"),
    [
        ([True] * 23, "24 statements"),
        ([True] * 25, "24 statements"),
        ([2] + [0] * 23, "item 1"),
        ([0] * 23 + [None], "item 24"),
        ([0, "yes"] + [0] * 22, "item 2"),
        ([0, 0, 1.0] + [0] * 21, "item 3"),
        ([0] * 5 + [-1] + [0] * 18, "item 6"),
    ],
)
def test_rmdq_rejects(items: list, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        rmdq_score(items)


# ---------------------------------------------------------------- STarT Back (Hill et al. 2008)
from backnotes.measures import START_BACK_THEMES, start_back  # noqa: E402


@pytest.mark.parametrize("answers, risk, total, psychosocial", [
    ([0] * 9, "low", 0, 0),
    ([1, 1, 1, 0, 0, 0, 0, 0, 0], "low", 3, 0),
    ([0, 0, 0, 0, 1, 1, 1, 0, 0], "low", 3, 3),          # 3 psychosocial, but the total decides first
    ([1, 0, 0, 0, 1, 1, 1, 0, 0], "medium", 4, 3),       # total 4, psychosocial 3
    ([0, 0, 0, 0, 1, 1, 1, 1, 0], "high", 4, 4),         # total 4 made only of psychosocial items
    ([1, 1, 1, 1, 1, 1, 1, 0, 0], "medium", 7, 3),       # many physical items, few psychosocial
    ([1] * 9, "high", 9, 5),
])
def test_start_back_cut_offs(answers, risk, total, psychosocial) -> None:
    r = start_back(answers)
    assert (r.risk, r.total, r.psychosocial) == (risk, total, psychosocial)
    assert (r["risk"], r["total"], r["psychosocial"]) == (risk, total, psychosocial)
    assert "Hill" in r.source and "2008" in r.source and "2011" in r.source
    assert r.matched and r.risk in r.text()


def test_start_back_every_combination_agrees_with_the_rule() -> None:
    import itertools

    seen = set()
    for answers in itertools.product((0, 1), repeat=9):
        r = start_back(answers)
        psych = sum(answers[4:])
        expected = "low" if sum(answers) <= 3 else "high" if psych >= 4 else "medium"
        assert r.risk == expected and r.total == sum(answers) and r.psychosocial == psych
        seen.add(r.risk)
    assert seen == {"low", "medium", "high"}


def test_start_back_accepts_bools_and_numpy() -> None:
    import numpy as np

    assert start_back([True] * 9).risk == "high"
    assert start_back(np.array([1, 0, 0, 0, 1, 1, 1, 1, 0])).risk == "high"
    assert start_back(np.array([False] * 9)).total == 0


@pytest.mark.parametrize("answers, match", [
    ([1] * 8, "9 items, got 8"),
    ([1] * 10, "9 items, got 10"),
    ([0, 0, 2, 0, 0, 0, 0, 0, 0], r"item 3 \(walking only short distances.*got 2"),
    ([0, 0, 0, 0, 0, 0, 0, 0, 0.5], "item 9 .*got 0.5"),
    ([0, "1", 0, 0, 0, 0, 0, 0, 0], "item 2 .*got '1'"),
    ([0, 0, 0, 0, None, 0, 0, 0, 0], "item 5 .*got None"),
    ("010101010", "list of 0 or 1"),
    (7, "list of 0 or 1"),
])
def test_start_back_bad_input_names_the_item(answers, match) -> None:
    with pytest.raises(ValueError, match=match):
        start_back(answers)


def test_start_back_themes_are_our_words_not_the_form() -> None:
    assert len(START_BACK_THEMES) == 9
    # the licensed form asks in the first person ("I ..."); our themes describe, they do not quote
    assert not any(t.lower().startswith(("i ", "my ", "in the last")) for t in START_BACK_THEMES)
