"""sciatic_nerve_map: draws, returns the Axes, and carries its labels and parts."""

from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from backnotes.plots import sciatic_nerve_map
from backnotes.plots.anatomy import DERMATOMES


def _texts(ax: Axes) -> str:
    return "\n".join(t.get_text() for t in ax.texts)


def _gids(ax: Axes) -> set[str]:
    return {a.get_gid() for a in (*ax.patches, *ax.lines, *ax.texts) if a.get_gid()}


def test_draws_on_new_axes_and_returns_them() -> None:
    ax = sciatic_nerve_map()
    assert isinstance(ax, Axes)
    ax.figure.canvas.draw()  # renders without error
    assert ax.get_title().startswith("The sciatic nerve")


def test_draws_on_given_axes() -> None:
    fig, (left, right) = plt.subplots(1, 2)
    out = sciatic_nerve_map(right)
    assert out is right
    assert not left.patches and right.patches


def test_nerve_parts_and_labels() -> None:
    ax = sciatic_nerve_map()
    gids = _gids(ax)
    for part in ("sciatic-trunk", "tibial", "common-fibular", "piriformis-left", "fibular-head",
                 *(f"root-{r}" for r in ("L4", "L5", "S1", "S2", "S3"))):
        assert part in gids, part
    text = _texts(ax)
    for words in ("Sciatic nerve", "Tibial nerve", "Common fibular (peroneal) nerve", "Piriformis",
                  "L4, L5, S1, S2, S3", "above the knee", "left leg", "right leg"):
        assert words in text, words


def test_the_split_is_above_the_knee_and_nerve_runs_down_the_back_of_the_thigh() -> None:
    ax = sciatic_nerve_map()
    line = {ln.get_gid(): ln for ln in ax.lines}
    trunk_y = line["sciatic-trunk"].get_ydata()
    tibial_y, fib_y = line["tibial"].get_ydata(), line["common-fibular"].get_ydata()
    split = trunk_y.min()
    assert tibial_y.max() == split == fib_y.max()
    knee_crease = min(ln.get_ydata()[0] for ln in ax.lines if ln.get_gid() is None and len(ln.get_ydata()) == 2
                      and ln.get_ydata()[0] == ln.get_ydata()[1])
    assert split > knee_crease  # above the knee
    assert tibial_y.min() < 1.0 < fib_y.min()  # tibial reaches the foot, fibular stops at the fibula


def test_dermatomes_shown_with_distinct_hatches_and_legend() -> None:
    ax = sciatic_nerve_map()
    gids = _gids(ax)
    for name in ("L4", "L5", "S1"):
        assert f"dermatome-{name}-leg" in gids and f"dermatome-{name}-foot" in gids
    hatches = {p.get_gid(): p.get_hatch() for p in ax.patches if (p.get_gid() or "").startswith("dermatome-")}
    assert len({hatches[f"dermatome-{n}-leg"] for n in DERMATOMES}) == 3
    shades = {DERMATOMES[n][0] for n in DERMATOMES}
    assert len(shades) == 3
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("L4") for t in legend) and any(t.startswith("S1") for t in legend)
    assert any("tibial" in t for t in legend)


def test_without_dermatomes() -> None:
    ax = sciatic_nerve_map(show_dermatomes=False)
    gids = _gids(ax)
    assert not any(g.startswith("dermatome-") for g in gids)
    assert "sciatic-trunk" in gids
    assert not any(t.get_text().startswith("L4:") for t in ax.get_legend().get_texts())


def test_the_nerve_leaves_below_the_piriformis_not_over_it() -> None:
    """Where the trunk meets the muscle the muscle is drawn on top, and the trunk runs on below it."""
    ax = sciatic_nerve_map()
    trunk = next(ln for ln in ax.lines if ln.get_gid() == "sciatic-trunk")
    muscle = next(p for p in ax.patches if p.get_gid() == "piriformis-left")
    assert trunk.get_zorder() < muscle.get_zorder()
    path = muscle.get_path().transformed(muscle.get_patch_transform())
    xy = np.column_stack([trunk.get_xdata(), trunk.get_ydata()])
    inside = path.contains_points(xy)
    assert inside.any()  # it starts deep to the muscle ...
    top = path.vertices[:, 1].max()
    first_out = xy[np.argmin(inside)]  # ... and the first point outside is below the muscle's top edge
    assert first_out[1] < top and (xy[~inside][:, 1] < top).all()
