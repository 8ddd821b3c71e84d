"""Clinical scores from numbers: NPRS bands, important change, Oswestry (ODI) and Roland-Morris (RMDQ)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from backnotes.measures import NPRS_BANDS, important_change, nprs_band, odi_percent, rmdq_score


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
        (6, 4, True),     # exactly 2 points
        (6, 5, False),    # 1 point = 17 %
        (8, 6.5, False),  # 1.5 points = 19 %
        (10, 8, True),    # 2 points = 20 %
        (3, 2.1, True),   # 0.9 points = 30 %
        (3, 2.2, False),  # 0.8 points = 27 %
        (2, 1.4, True),   # 30 % of a small baseline, although less than 2 points
        (5, 3.5, True),   # 30 % exactly
        (0, 0, False),    # nothing to improve
        (4, 4, False),    # no change
        (3, 6, False),    # worse is never an important improvement
        (10, 0, True),
    ],
)
def test_important_change(baseline: float, current: float, expected: bool) -> None:
    assert important_change(baseline, current) is expected


def test_important_change_floating_point_thirty_percent() -> None:
    baseline = 14 / 3  # a mean such as 4.666...
    assert important_change(baseline, baseline * 0.7) is True


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
    # 8 answered (the fewest allowed), total 20 -> 20 / 40
    assert odi_percent([5, 5, None, 0, 5, None, 5, 0, 0, 0]) == pytest.approx(50.0)


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
        ([2] * 7 + [None] * 3, "at least 8"),
        ([None] * 10, "at least 8"),
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
