"""Journal plots: each takes frames and ax=None, returns the Axes, with titles, units and legends."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import QuadMesh

import backnotes
from backnotes import insights, plots
from backnotes.journal import Journal, demo_journal


@pytest.fixture(scope="module")
def demo():
    with demo_journal() as j:
        yield j.pain(), j.sessions(), j.sets()


def test_registered_names() -> None:
    for name in ("pain_over_time", "sets_cut_short", "adherence_calendar", "pain_before_after", "pain_locations"):
        assert callable(getattr(plots, name))


def test_pain_over_time(demo) -> None:
    pain = demo[0]
    ax = plots.pain_over_time(pain)
    assert ax.get_title() == "Pain over time" and "0 = none" in ax.get_ylabel()
    assert ax.get_ylim() == (-0.5, 10.5)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("7-day average" in t for t in labels) and any("clinically important" in t for t in labels)
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert len(lines["each report"].get_xdata()) == len(pain)
    rolled = insights.rolling_pain(pain)["rolling"].to_numpy()
    np.testing.assert_allclose(lines["7-day average"].get_ydata(), rolled)
    band = [p for p in ax.patches if "important" in p.get_label()]
    change = insights.pain_change(pain)
    assert band and band[0].get_y() + band[0].get_height() == pytest.approx(change.threshold)
    fig, given = plt.subplots()
    assert plots.pain_over_time(pain, ax=given, window=3, show_band=False) is given
    assert not [p for p in given.patches if "important" in p.get_label()]


def test_sets_cut_short(demo) -> None:

    sets = demo[2]
    table = insights.set_completion(sets)
    assert table["planned"].sum() == len(sets) and table["cut_short"].sum() == int(sets["skipped"].sum())
    assert table["cut_short"].is_monotonic_decreasing  # most often cut short first
    ax = plots.sets_cut_short(sets)
    done, cut = ax.containers
    assert [p.get_width() for p in done.patches] == table["done"].tolist()
    assert [p.get_width() for p in cut.patches] == table["cut_short"].tolist()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    top = table.index[0]
    assert labels[0] == backnotes.load_exercises().loc[top, "name"]
    notes = [t.get_text() for t in ax.texts]
    assert f"{table['cut_short'].iloc[0]} of {table['planned'].iloc[0]} cut short" in notes[0]
    assert all(t.get_fontsize() >= 9 for t in ax.texts)
    assert cut.patches[0].get_hatch()  # told apart without colour
    empty = plots.sets_cut_short(sets.iloc[:0])
    assert "No sets yet" in [t.get_text() for t in empty.texts]


def test_adherence_calendar(demo) -> None:
    sessions = demo[1]
    ax = plots.adherence_calendar(sessions)
    mesh = [c for c in ax.collections if isinstance(c, QuadMesh)][0]
    values = np.ma.masked_invalid(mesh.get_array())
    assert values.sum() == len(sessions)
    assert values.shape[0] % 7 == 0 or mesh.get_array().shape[0] == 7
    assert f"{len(sessions)} sessions" in ax.get_title()
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "Mon"


def test_pain_before_after_flags(demo) -> None:
    sessions = demo[1]
    ax = plots.pain_before_after(sessions)
    n_flagged = len(insights.flag_sessions(sessions))
    assert f"({n_flagged} flagged)" in ax.get_title()
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--" and len(line.get_xdata()) == 2]
    assert len(dashed) == n_flagged
    assert "before" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_pain_locations_uses_body_map(demo) -> None:
    pain = demo[0]
    ax = plots.pain_locations(pain)
    patches = {p.get_gid(): p for p in ax.patches if p.get_gid()}
    assert "lower back" in patches
    # the most reported area is shaded darkest
    counts = insights.area_counts(pain)
    top, none = counts.idxmax(), counts[counts == 0].index[0]
    lum = lambda p: float(np.dot(p.get_facecolor()[:3], [0.299, 0.587, 0.114]))  # noqa: E731
    assert lum(patches[top]) < lum(patches[none])
    assert "pain reports" in ax.get_title()


def test_empty_frames_draw_a_message(tmp_path) -> None:
    with Journal(tmp_path / "j.sqlite") as j:
        for fn, frame in ((plots.pain_over_time, j.pain()), (plots.sets_cut_short, j.sets()),
                          (plots.adherence_calendar, j.sessions()), (plots.pain_before_after, j.sessions())):
            ax = fn(frame)
            assert any(t.get_text().startswith("No ") for t in ax.texts)


def test_ten_years_of_pain_draws() -> None:
    days = pd.date_range("2016-01-01 08:00", periods=3653, freq="D", tz="UTC")
    pain = pd.DataFrame({"at": days, "score": np.arange(3653) % 11})
    ax = plots.pain_over_time(pain)
    ax.figure.canvas.draw()
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert len(lines["each report"].get_xdata()) == 3653 and len(lines["7-day average"].get_xdata()) == 3653


def test_no_important_band_when_the_baseline_is_under_2() -> None:
    at = pd.date_range("2026-03-01 08:00", periods=28, freq="D", tz="UTC")
    pain = pd.DataFrame({"at": at, "score": np.array([1] * 14 + [0] * 14, dtype="int64")})
    ax = plots.pain_over_time(pain)
    assert not [p for p in ax.patches if "important" in str(p.get_label())]
    high = pd.DataFrame({"at": at, "score": np.array([8] * 14 + [5] * 14, dtype="int64")})
    band = [p for p in plots.pain_over_time(high).patches if "important" in str(p.get_label())]
    assert band and band[0].get_y() + band[0].get_height() == pytest.approx(8 - 2.4)
    assert "2 points and 30 %" in band[0].get_label()


def test_back_and_leg_are_two_series(tmp_path) -> None:
    from matplotlib.figure import Figure

    from backnotes import Journal
    from backnotes.plots.progress import back_and_leg_over_time

    with Journal(tmp_path / "j.sqlite", tz="UTC") as j:
        for day in range(1, 10):
            j.log_pain(back=5, leg=8 - day // 2, at=f"2026-03-0{day} 08:00")
        fig = Figure()
        ax = back_and_leg_over_time(j.pain(), ax=fig.add_subplot())
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels == ["back pain: 7-day average", "leg pain: 7-day average"]
        styles = {line.get_label(): line.get_linestyle() for line in ax.get_lines() if "average" in line.get_label()}
        assert styles["back pain: 7-day average"] != styles["leg pain: 7-day average"]  # not colour alone
    with Journal(tmp_path / "old.sqlite", tz="UTC") as j:
        j.log_pain(4, at="2026-03-01 08:00")
        fig = Figure()
        ax = back_and_leg_over_time(j.pain(), ax=fig.add_subplot())
        assert "only overall scores" in ax.get_title() and "not split" in ax.get_legend().get_texts()[0].get_text()
