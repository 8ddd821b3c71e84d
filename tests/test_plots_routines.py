"""routine_time_by_area: grouped bars of minutes per body area, one colour and hatch per routine."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

import backnotes
from backnotes.plots import routine_time_by_area
from backnotes.routine import time_by_area


def _bars(ax) -> dict[str, list[float]]:
    """Bar widths per legend label, in drawing order."""
    return {c.get_label(): [p.get_width() for p in c.patches] for c in ax.containers}


def test_grouped_bars_match_the_minutes_per_area() -> None:
    gentle, full = backnotes.load_routine("gentle-start"), backnotes.load_routine("article-full")
    ax = routine_time_by_area([gentle, full])
    bars = _bars(ax)
    assert list(bars) == [gentle.name, full.name]
    tidy = time_by_area([gentle, full])
    areas = [t.get_text() for t in ax.get_yticklabels()]
    assert areas == [a for a in backnotes.BODY_AREAS if a in set(tidy["area"].astype(str))]
    for name, widths in bars.items():
        mine = tidy[tidy["routine"] == name].set_index("area")["minutes"]
        expected = [float(mine.get(a, 0.0)) for a in areas]
        assert widths == pytest.approx(expected)
    hatches = {c.patches[0].get_hatch() or "" for c in ax.containers}
    assert len(hatches) == 2  # told apart without colour
    assert "minutes" in ax.get_xlabel() and ax.get_title()
    assert ax.get_legend() is not None


def test_one_routine_on_a_given_axes() -> None:
    fig, ax = plt.subplots()
    gentle = backnotes.load_routine("gentle-start")
    assert routine_time_by_area(gentle, ax=ax) is ax
    assert "Gentle start" in ax.get_title()
    assert sum(_bars(ax)["Gentle start"]) == pytest.approx(time_by_area(gentle)["minutes"].sum())


def test_no_routines_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least one"):
        routine_time_by_area([])
