"""routine_time_budget: one stacked bar per routine, split into exercising, resting, getting ready and
changing sides; timing.time_budget, the tidy frame behind it."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

import backnotes
from backnotes.plots import routine_time_budget
from backnotes.timing import BUDGET_PARTS, time_budget


def _segments(ax) -> dict[str, list[float]]:
    """Segment widths per legend label (part), one per routine, in drawing order."""
    return {c.get_label(): [p.get_width() for p in c.patches] for c in ax.containers}


def test_time_budget_adds_up_to_the_routine_time() -> None:
    gentle, full = backnotes.load_routine("gentle-start"), backnotes.load_routine("article-full")
    t = time_budget([gentle, full])
    assert list(t.columns) == ["routine", "part", "seconds", "minutes", "share"]
    assert list(t["part"].cat.categories) == list(BUDGET_PARTS)
    for r in (gentle, full):
        mine = t[t["routine"] == r.name]
        assert mine["seconds"].sum() == pytest.approx(r.total_seconds())
        assert mine["share"].sum() == pytest.approx(1.0)
    # the full routine goes from the floor to standing and back: its getting ready is longer
    ready = t[t["part"] == "getting ready"].set_index("routine")["seconds"]
    assert ready[full.name] > ready[gentle.name]


def test_stacked_bars_match_the_budget() -> None:
    gentle, full = backnotes.load_routine("gentle-start"), backnotes.load_routine("article-full")
    budget = time_budget([gentle, full])
    ax = routine_time_budget(budget)
    seg = _segments(ax)
    assert list(seg) == list(BUDGET_PARTS)
    wide = budget.pivot_table(index="routine", columns="part", values="minutes", observed=False, fill_value=0.0)
    for part, widths in seg.items():
        assert widths == pytest.approx([float(wide.loc[gentle.name, part]), float(wide.loc[full.name, part])])
    assert [t.get_text() for t in ax.get_yticklabels()] == [gentle.name, full.name]
    totals = [t.get_text() for t in ax.texts if t.get_text().endswith(" min")]
    assert totals == [f"{gentle.total_seconds() / 60:.1f} min", f"{full.total_seconds() / 60:.1f} min"]
    assert len({c.patches[0].get_hatch() or "" for c in ax.containers}) == len(BUDGET_PARTS)  # not by colour alone
    assert all(t.get_fontsize() >= 9 for t in ax.texts)
    assert ax.get_legend() is not None and "minutes" in ax.get_xlabel()


def test_routines_in_and_a_given_axes() -> None:
    fig, ax = plt.subplots()
    gentle = backnotes.load_routine("gentle-start")
    assert routine_time_budget(gentle, ax=ax, title="Mine") is ax
    assert ax.get_title() == "Mine"
    assert sum(sum(w) for w in _segments(ax).values()) == pytest.approx(gentle.total_seconds() / 60)


def test_bad_input_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least one"):
        routine_time_budget([])
    with pytest.raises(ValueError, match="time_budget"):
        routine_time_budget(backnotes.load_exercises())
