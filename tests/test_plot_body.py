"""The body map: one patch per body area, shaded by its number."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba

from backnotes import BODY_AREAS, count_by_area, load_exercises
from backnotes.plots import body_map


def _area_patches(ax: Axes) -> dict[str, object]:
    patches = [p for p in ax.patches if p.get_gid() in BODY_AREAS]
    return {p.get_gid(): p for p in patches}


def _luminance(rgba: tuple[float, ...]) -> float:
    r, g, b = rgba[:3]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_returns_axes_with_one_patch_per_area() -> None:
    ax = body_map(count_by_area(load_exercises()))
    assert isinstance(ax, Axes)
    gids = [p.get_gid() for p in ax.patches if p.get_gid() in BODY_AREAS]
    assert sorted(gids) == sorted(BODY_AREAS)  # every area exactly once
    assert ax.get_title() == "Exercises per body area"


def test_colours_follow_counts() -> None:
    counts = {area: i for i, area in enumerate(BODY_AREAS)}
    ax = body_map(counts, cmap="Greys")
    patches = _area_patches(ax)
    lum = [_luminance(patches[a].get_facecolor()) for a in BODY_AREAS]
    assert all(a > b for a, b in zip(lum, lum[1:]))  # more = darker, strictly
    cmap = matplotlib.colormaps["Greys"]
    assert np.allclose(patches[BODY_AREAS[0]].get_facecolor(), to_rgba(cmap(0.0)))
    assert np.allclose(patches[BODY_AREAS[-1]].get_facecolor(), to_rgba(cmap(1.0)))


def test_missing_areas_count_as_zero_and_labels_show_numbers() -> None:
    ax = body_map(pd.Series({"lower back": 7, "calves": 2}), label="pain reports")
    patches = _area_patches(ax)
    assert len(patches) == len(BODY_AREAS)
    assert np.allclose(patches["neck"].get_facecolor(), patches["chest"].get_facecolor())
    assert _luminance(patches["lower back"].get_facecolor()) < _luminance(patches["calves"].get_facecolor())
    texts = [t.get_text() for t in ax.texts]
    assert any("lower back" in t and "7" in t for t in texts)
    assert any("neck" in t and "0" in t for t in texts)
    assert "back view" in texts and "front view" in texts
    assert ax.get_title() == "Pain reports per body area"
    colorbar_axes = [a for a in ax.figure.axes if a is not ax]
    assert len(colorbar_axes) == 1 and colorbar_axes[0].get_ylabel() == "pain reports"


def test_annotate_false_hides_numbers_and_title_option() -> None:
    ax = body_map({"glutes": 3}, annotate=False, title="Where it hurt")
    texts = [t.get_text() for t in ax.texts]
    assert "glutes" in texts and not any(ch.isdigit() for t in texts for ch in t)
    assert ax.get_title() == "Where it hurt"


def test_vmin_vmax_fix_the_scale() -> None:
    ax = body_map({"glutes": 5}, vmin=0, vmax=10, cmap="Greys")
    glutes = _area_patches(ax)["glutes"].get_facecolor()
    assert np.allclose(glutes, to_rgba(matplotlib.colormaps["Greys"](0.5)))


def test_all_zero_counts_draw_without_error() -> None:
    ax = body_map({})
    patches = _area_patches(ax)
    colours = {tuple(np.round(p.get_facecolor(), 6)) for p in patches.values()}
    assert len(patches) == len(BODY_AREAS) and len(colours) == 1


def test_unknown_area_raises_naming_allowed() -> None:
    with pytest.raises(ValueError) as info:
        body_map({"lower back": 1, "spleen": 2})
    assert "spleen" in str(info.value)
    assert all(repr(a) in str(info.value) for a in BODY_AREAS)


def test_non_number_raises() -> None:
    with pytest.raises(ValueError, match="glutes"):
        body_map({"glutes": "lots"})


def test_reuses_given_axes() -> None:
    fig, (left, right) = plt.subplots(1, 2)
    ax = body_map({"calves": 1}, ax=right)
    assert ax is right
    assert len(_area_patches(right)) == len(BODY_AREAS) and not left.patches
    assert ax.figure is fig
