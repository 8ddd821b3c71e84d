"""The body map: a schematic person, seen from the back (and, smaller, from the front), with every
body area of `backnotes.BODY_AREAS` shaded by a number: exercises per area, pain reports per area...

Drawn only with matplotlib patches, so it needs no image files and scales to any size. Each area is
one `matplotlib.patches.PathPatch` (left and right sides joined into one path) whose ``gid`` is the
area's name, so tests and callers can find it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.patches import Ellipse, PathPatch
from matplotlib.path import Path
from matplotlib.ticker import MaxNLocator

from ..alt_text import counts_alt
from ..vocab import BODY_AREAS
from .show import set_alt

__all__ = ["body_map", "FRONT_AREAS", "BACK_AREAS"]

#: Areas drawn on the front view; all others are drawn on the back view.
FRONT_AREAS: tuple[str, ...] = ("chest", "abdominals", "thighs")
BACK_AREAS: tuple[str, ...] = tuple(a for a in BODY_AREAS if a not in FRONT_AREAS)

Point = tuple[float, float]

# Outlines of the right half of the body (x >= 0) in a frame 100 units tall (feet at 0, top of the
# head at ~98). Paired areas are mirrored to the left. Points are smoothed into rounded shapes.
_BACK_SHAPES: dict[str, tuple[list[Point], bool]] = {
    # area: (outline, mirrored to both sides)
    "neck": ([(-3.2, 86.0), (3.2, 86.0), (3.6, 83.0), (4.2, 81.2), (-4.2, 81.2), (-3.6, 83.0)], False),
    "shoulders": ([(9.9, 79.6), (12.6, 80.0), (14.9, 78.6), (15.8, 75.6), (15.3, 72.2), (13.2, 71.2),
                   (10.9, 72.6), (10.2, 76.2)], True),
    "upper back": ([(-4.3, 80.8), (4.3, 80.8), (9.4, 79.0), (9.9, 75.5), (9.7, 71.5), (9.0, 67.0),
                    (7.9, 62.4), (-7.9, 62.4), (-9.0, 67.0), (-9.7, 71.5), (-9.9, 75.5), (-9.4, 79.0)], False),
    "arms": ([(13.5, 70.6), (15.7, 71.6), (16.6, 66.0), (17.2, 59.0), (17.9, 51.0), (18.3, 44.6),
              (15.9, 44.2), (15.0, 50.5), (13.7, 57.0), (12.6, 63.5), (11.4, 68.6)], True),
    "lower back": ([(-7.9, 61.8), (7.9, 61.8), (7.5, 57.5), (7.8, 53.0), (0.0, 52.2), (-7.8, 53.0),
                    (-7.5, 57.5)], False),
    "hips": ([(8.4, 52.6), (10.2, 51.6), (11.3, 48.2), (11.0, 44.2), (9.8, 42.2), (8.9, 44.8),
              (8.8, 48.6)], True),
    "glutes": ([(0.35, 51.6), (4.0, 52.3), (7.9, 52.1), (8.3, 48.6), (8.4, 44.6), (7.4, 40.8), (4.2, 39.6),
                (1.2, 40.2), (0.35, 45.0)], True),
    "hamstrings": ([(1.0, 39.2), (4.3, 39.0), (7.6, 40.1), (9.4, 41.8), (9.2, 35.5), (8.3, 29.5),
                    (7.3, 25.2), (2.7, 25.2), (1.7, 29.5), (1.0, 34.5)], True),
    "calves": ([(2.5, 22.6), (7.2, 22.6), (7.8, 18.8), (7.1, 14.0), (5.9, 9.6), (3.3, 9.6), (2.5, 14.0),
                (2.0, 18.8)], True),
    "ankles and feet": ([(3.3, 9.0), (5.8, 9.0), (6.1, 5.6), (6.8, 2.6), (5.6, 1.0), (3.1, 1.0),
                         (2.4, 2.4), (3.0, 5.6)], True),
}
# Parts that belong to no area (drawn neutral): knees and hands; the head is an ellipse.
_NEUTRAL_SHAPES: list[list[Point]] = [
    [(2.6, 25.0), (7.3, 25.0), (7.3, 22.8), (2.5, 22.8)],
    [(15.8, 44.0), (18.4, 44.4), (18.6, 41.5), (17.6, 38.6), (16.0, 39.2), (15.4, 41.8)],
]
# The front view's trunk and pelvis, drawn neutral under the chest and abdominals.
_FRONT_TRUNK: list[Point] = [
    (-4.3, 80.8), (4.3, 80.8), (9.4, 79.0), (9.9, 75.5), (9.7, 71.5), (9.0, 67.0), (7.9, 62.0), (7.6, 57.0),
    (8.4, 52.5), (9.8, 46.5), (5.0, 45.2), (0.0, 43.2), (-5.0, 45.2), (-9.8, 46.5), (-8.4, 52.5), (-7.6, 57.0),
    (-7.9, 62.0), (-9.0, 67.0), (-9.7, 71.5), (-9.9, 75.5), (-9.4, 79.0),
]
_FRONT_SHAPES: dict[str, tuple[list[Point], bool]] = {
    "chest": ([(0.5, 79.2), (5.0, 79.6), (8.9, 78.4), (9.6, 74.8), (8.6, 70.6), (4.6, 69.6), (0.5, 70.4)], True),
    "abdominals": ([(-6.8, 69.2), (6.8, 69.2), (7.4, 62.0), (7.0, 55.0), (3.2, 51.0), (-3.2, 51.0),
                    (-7.0, 55.0), (-7.4, 62.0)], False),
    "thighs": ([(1.0, 44.0), (5.0, 46.8), (9.8, 44.6), (9.4, 36.0), (8.4, 29.5), (7.3, 25.2), (2.7, 25.2),
                (1.6, 30.0), (0.9, 37.5)], True),
}
# The front view is drawn at this scale, this far to the right of the back view, lifted this much.
_FRONT_SCALE, _FRONT_DX, _FRONT_DY = 0.62, 44.0, 20.0
_NEUTRAL = "0.93"
_NEUTRAL_EDGE = "0.6"  # lighter than area outlines: these parts are not counted
_EDGE = "0.2"


def _smooth(points: Sequence[Point], n: int = 10) -> np.ndarray:
    """A closed Catmull-Rom curve through ``points`` (so the shapes have rounded outlines)."""
    p = np.asarray(points, dtype=float)
    p0, p1, p2, p3 = np.roll(p, 1, axis=0), p, np.roll(p, -1, axis=0), np.roll(p, -2, axis=0)
    t = np.linspace(0, 1, n, endpoint=False)[:, None, None]
    curve = 0.5 * ((2 * p1) + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                   + (-p0 + 3 * p1 - 3 * p2 + p3) * t**3)
    return curve.transpose(1, 0, 2).reshape(-1, 2)


def _outlines(points: Sequence[Point], mirrored: bool) -> list[np.ndarray]:
    curve = _smooth(points)
    return [curve, curve * [-1, 1]] if mirrored else [curve]


def _path(curves: Sequence[np.ndarray], scale: float = 1.0, dx: float = 0.0, dy: float = 0.0) -> Path:
    return Path.make_compound_path(*(Path(np.vstack([c * scale + [dx, dy], c[:1] * scale + [dx, dy]]),
                                          closed=True) for c in curves))


def _counts(counts: Mapping[str, float] | pd.Series) -> pd.Series:
    series = pd.Series(counts, dtype="object") if not isinstance(counts, pd.Series) else counts
    unknown = [str(a) for a in series.index if a not in BODY_AREAS]
    if unknown:
        raise ValueError(f"unknown body area {unknown[0]!r}; allowed: {', '.join(map(repr, BODY_AREAS))}")
    values = pd.to_numeric(series, errors="coerce").astype("float64")
    bad = values[values.isna() & series.notna()]
    if len(bad):
        raise ValueError(f"count for {bad.index[0]!r} must be a number, got {series[bad.index[0]]!r}")
    return values.groupby(level=0).sum().reindex(list(BODY_AREAS)).fillna(0.0)


def _spread(ys: list[float], gap: float) -> list[float]:
    """Move label heights apart (top to bottom) so that no two are closer than ``gap``."""
    out: list[float] = []
    for y in ys:
        out.append(min(y, out[-1] - gap) if out else y)
    return out


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def body_map(
    counts: Mapping[str, float] | pd.Series,
    ax: Axes | None = None,
    *,
    cmap: str = "Blues",
    label: str = "exercises",
    title: str | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    annotate: bool = True,
) -> Axes:
    """Shade a schematic body by a number per body area and return the Axes.

    ``counts`` maps body areas to numbers (a Series such as `backnotes.count_by_area` gives, or a
    dict); areas left out count as 0. The back view is the main picture; a smaller front view beside
    it shows the areas only visible from the front (chest, abdominals, thighs). Every area in
    `backnotes.BODY_AREAS` has exactly one patch (``gid`` = area name).

    Options: ``cmap`` the colour map (a light-to-dark one reads well in greyscale); ``label`` the
    colour bar's label (what is counted); ``title`` (default "<label> per body area"); ``vmin`` and
    ``vmax`` fix the colour scale (default 0 or the smallest number, and the largest);
    ``annotate`` writes each area's number next to its name.

    Raises ValueError for an area not in ``BODY_AREAS`` (naming the allowed ones) or a count that is
    not a number.

    >>> import backnotes
    >>> from backnotes.plots import body_map
    >>> ax = body_map(backnotes.count_by_area(backnotes.load_exercises()))   # doctest: +SKIP
    """
    values = _counts(counts)
    if ax is None:
        _fig, ax = plt.subplots(figsize=(8.5, 6.8), layout="constrained")
    low = float(min(values.min(), 0.0)) if vmin is None else float(vmin)
    high = float(values.max()) if vmax is None else float(vmax)
    if high <= low:
        high = low + 1.0
    norm, colours = Normalize(low, high), colormaps[cmap]

    def area_patch(area: str, path: Path) -> None:
        patch = PathPatch(path, facecolor=colours(norm(values[area])), edgecolor=_EDGE, linewidth=1.1,
                          gid=area, label=area, zorder=2)
        ax.add_patch(patch)

    def neutral(path: Path) -> None:
        ax.add_patch(PathPatch(path, facecolor=_NEUTRAL, edgecolor=_NEUTRAL_EDGE, linewidth=0.8, zorder=1))

    # Back view: head, hands and knees neutral; every other part is an area.
    ax.add_patch(Ellipse((0, 91.6), 10.4, 12.6, facecolor=_NEUTRAL, edgecolor=_NEUTRAL_EDGE, linewidth=0.9, zorder=1))
    for points in _NEUTRAL_SHAPES:
        neutral(_path(_outlines(points, True)))
    centres: dict[str, tuple[float, float]] = {}
    for area, (points, mirrored) in _BACK_SHAPES.items():
        outlines = _outlines(points, mirrored)
        area_patch(area, _path(outlines))
        centres[area] = tuple(np.asarray(points).mean(axis=0))  # the right-hand copy's centre

    # The spine, as a landmark between the two halves of the back.
    ax.plot([0, 0], [80.5, 53.0], color="0.35", linewidth=0.8, linestyle=(0, (2, 2)), zorder=2.5)

    # Front view: the same silhouette drawn neutral (smaller), with the front-only areas on top.
    s, dx, dy = _FRONT_SCALE, _FRONT_DX, _FRONT_DY
    ax.add_patch(Ellipse((dx, 91.6 * s + dy), 10.4 * s, 12.6 * s, facecolor=_NEUTRAL,
                         edgecolor=_NEUTRAL_EDGE, linewidth=0.8, zorder=1))
    for points in _NEUTRAL_SHAPES:
        neutral(_path(_outlines(points, True), s, dx, dy))
    for area in ("neck", "shoulders", "arms", "calves", "ankles and feet"):  # same outline front and back
        neutral(_path(_outlines(*_BACK_SHAPES[area]), s, dx, dy))
    neutral(_path(_outlines(_FRONT_TRUNK, False), s, dx, dy))
    for area, (points, mirrored) in _FRONT_SHAPES.items():
        area_patch(area, _path(_outlines(points, mirrored), s, dx, dy))
        cx, cy = np.asarray(points).mean(axis=0)
        centres[area] = (cx * s + dx, cy * s + dy)

    # Labels with leader lines: back-view areas on either side, front-view areas on its right.
    def text(area: str) -> str:
        return f"{area}  {_fmt(values[area])}" if annotate else area

    columns = {
        "left": (["neck", "upper back", "lower back", "glutes", "hamstrings", "ankles and feet"], -23.0, "right", -1),
        "right": (["shoulders", "arms", "hips", "calves"], 23.0, "left", 1),
        "front": (list(FRONT_AREAS), dx + 14.0, "left", 1),
    }
    for areas, x_text, align, side in columns.values():
        ys = _spread([centres[a][1] for a in areas], gap=5.0)
        for area, y_text in zip(areas, ys):
            cx, cy = centres[area]
            ax.annotate(text(area), xy=(side * abs(cx - (dx if area in FRONT_AREAS else 0))
                                        + (dx if area in FRONT_AREAS else 0), cy),
                        xytext=(x_text, y_text), ha=align, va="center", fontsize=9.5, color="0.1",
                        arrowprops={"arrowstyle": "-", "color": "0.35", "linewidth": 0.7,
                                    "shrinkA": 2, "shrinkB": 0},
                        zorder=3)

    ax.text(0, -4.0, "back view", ha="center", va="top", fontsize=10, style="italic", color="0.25")
    ax.text(dx, dy - 4.0, "front view", ha="center", va="top", fontsize=10, style="italic", color="0.25")
    ax.set_xlim(-40, dx + 32)
    ax.set_ylim(-9, 100)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(title if title is not None else f"{label[:1].upper()}{label[1:]} per body area",
                 fontsize=13, fontweight="bold")

    mappable = ScalarMappable(norm=norm, cmap=colours)
    bar = ax.figure.colorbar(mappable, ax=ax, shrink=0.6, pad=0.02)
    bar.set_label(label)
    if np.all(np.mod(values.to_numpy(), 1) == 0):
        bar.locator = MaxNLocator(integer=True)
        bar.update_ticks()
    set_alt(ax, counts_alt(values, what=label))
    return ax
