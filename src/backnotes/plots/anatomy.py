"""The sciatic nerve map: a schematic lower back, pelvis and legs seen from behind.

The person's left leg (drawn on the left, as we look at their back) shows the nerve's course: the
roots L4-S3 leaving the lower spine and sacrum, the nerve leaving the pelvis below the piriformis
muscle, running down the back of the thigh and splitting above the knee into the tibial and the
common fibular (peroneal) nerve. The right leg, and a small view of the top of the right foot,
show the L4, L5 and S1 skin areas (dermatomes).

Dermatome maps differ between sources and neighbouring areas overlap; this one follows the broad
pattern of the evidence-based map of Lee, McPhee and Stringer (Clin Anat 2008): L4 the inner
(medial) shin, inner ankle and inner edge of the foot; L5 the outer (lateral) shin, the top of the
foot and the big toe; S1 the back of the lower calf, the heel, the outer edge of the foot and the
little toe. Every drawn part carries a ``gid`` so tests and callers can find it.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Ellipse, FancyBboxPatch, Patch, Polygon

from .show import set_alt

__all__ = ["sciatic_nerve_map", "DERMATOMES"]

#: Dermatome -> (face shade, hatch, where it lies). Shades and hatches differ so the areas stay
#: apart in greyscale print.
DERMATOMES: dict[str, tuple[str, str, str]] = {
    "L4": ("0.90", "///", "inner shin, inner ankle,\ninner edge of the foot"),
    "L5": ("0.72", "\\\\\\", "outer shin, top of the foot,\nbig toe"),
    "S1": ("0.50", "...", "back of the lower calf, heel,\nouter edge of the foot, little toe"),
}

_SKIN, _EDGE = "0.97", "0.25"
_NERVE = "#f5c400"  # nerves are yellow in most anatomy atlases; the black rim keeps it visible in grey
_NERVE_RIM = [patheffects.Stroke(linewidth=6.5, foreground="black"), patheffects.Normal()]
_NERVE_RIM_THIN = [patheffects.Stroke(linewidth=4.5, foreground="black"), patheffects.Normal()]

# Leg outlines of the person's RIGHT leg (x > 0) as (height, lateral edge, medial edge); the left
# leg is its mirror image. Heights: heel 0, ankle ~1.3, knee ~6.2, gluteal fold ~10.4.
_LEG = np.array([
    # y,    lateral, medial
    (1.2,  2.22, 1.32),
    (1.8,  2.28, 1.26),
    (2.6,  2.45, 1.12),
    (3.6,  2.70, 0.92),
    (4.6,  2.86, 0.78),
    (5.4,  2.86, 0.80),
    (6.2,  2.72, 0.92),
    (7.0,  2.80, 0.80),
    (8.4,  3.02, 0.55),
    (9.6,  3.28, 0.28),
    (10.4, 3.45, 0.05),
])
_KNEE_Y, _ANKLE_Y, _SPLIT_Y = 6.2, 1.3, 7.5
# Levels of the spinal segments along the midline: lumbar vertebrae and sacral foramina.
_LEVELS = {"L3": 16.9, "L4": 16.0, "L5": 15.1, "S1": 14.1, "S2": 13.5, "S3": 12.9}


def _edge(y: np.ndarray | float, which: int) -> np.ndarray:
    """x of the right leg's lateral (which=1) or medial (which=2) edge at height y."""
    return np.interp(y, _LEG[:, 0], _LEG[:, which])


def _smooth(points: np.ndarray, passes: int = 3) -> np.ndarray:
    """Round the corners of a closed outline (Chaikin's corner cutting)."""
    pts = np.asarray(points, float)
    for _ in range(passes):
        nxt = np.roll(pts, -1, axis=0)
        pts = np.column_stack([0.75 * pts + 0.25 * nxt, 0.25 * pts + 0.75 * nxt]).reshape(-1, 2)
    return pts


def _mirror(points: np.ndarray) -> np.ndarray:
    return np.column_stack([-points[:, 0], points[:, 1]])


def _leg_outline() -> np.ndarray:
    """Closed outline of the right leg from the gluteal fold down to the heel and back up."""
    ys = np.linspace(_LEG[0, 0], _LEG[-1, 0], 40)
    lateral = np.column_stack([_edge(ys, 1), ys])[::-1]  # top to bottom on the outer side
    heel = np.array([(2.15, 0.7), (2.0, 0.25), (1.78, 0.1), (1.52, 0.22), (1.38, 0.7)])
    medial = np.column_stack([_edge(ys, 2), ys])        # bottom to top on the inner side
    return np.vstack([lateral, heel, medial])


def _trunk_outline() -> np.ndarray:
    """Lower back, pelvis and buttocks (both sides), from the waist down to the gluteal folds."""
    right = [(3.2, 18.2), (3.05, 16.8), (3.25, 15.2), (3.7, 13.6), (3.9, 12.2), (3.75, 11.0),
             (3.45, 10.4)]
    fold = [(2.4, 10.15), (1.0, 10.25), (0.0, 10.55)]  # lower edge of the buttock to the crotch
    pts = right + fold + [(-x, y) for x, y in reversed(fold)] + [(-x, y) for x, y in reversed(right)]
    return np.array(pts)


def _strip(y0: float, y1: float, outer: float, inner: float, which: int) -> np.ndarray:
    """A band along one edge of the right leg between heights y0 < y1, from ``outer`` to
    ``inner`` distance in from the edge (which=1 lateral, 2 medial)."""
    ys = np.linspace(y0, y1, 30)
    sign = -1.0 if which == 1 else 1.0  # inward is -x from the lateral edge, +x from the medial
    edge = _edge(ys, which)
    a = np.column_stack([edge + sign * outer, ys])
    b = np.column_stack([edge + sign * inner, ys])[::-1]
    return np.vstack([a, b])


def _dermatome_patch(xy: np.ndarray, name: str, gid: str, *, smooth: bool = False) -> Polygon:
    face, hatch, _ = DERMATOMES[name]
    pts = _smooth(xy, 2) if smooth else xy
    return Polygon(pts, closed=True, facecolor=face, hatch=hatch, edgecolor="0.15", linewidth=0.8,
                   zorder=3, gid=gid)


def _draw_body(ax: Axes) -> None:
    leg = _smooth(_leg_outline(), 2)
    for side, pts in (("right", leg), ("left", _mirror(leg))):
        ax.add_patch(Polygon(pts, closed=True, facecolor=_SKIN, edgecolor=_EDGE, linewidth=1.4,
                             zorder=1, gid=f"leg-{side}"))
    ax.add_patch(Polygon(_smooth(_trunk_outline(), 3), closed=True, facecolor=_SKIN, edgecolor=_EDGE,
                         linewidth=1.4, zorder=1.1, gid="trunk"))
    # the cleft between the buttocks and the knee creases, as thin lines
    ax.plot([0, 0], [10.6, 12.2], color="0.55", lw=1, zorder=1.2)
    for s in (1, -1):
        ax.plot([s * 0.95, s * 2.65], [_KNEE_Y + 0.05, _KNEE_Y + 0.05], color="0.6", lw=0.8, zorder=1.2)
    # lumbar vertebrae and the sacrum on the midline
    for name in ("L3", "L4", "L5"):
        y = _LEVELS[name]
        ax.add_patch(FancyBboxPatch((-0.42, y - 0.32), 0.84, 0.64, boxstyle="round,pad=0.04",
                                    facecolor="0.85", edgecolor="0.3", lw=0.9, zorder=2, gid=f"vertebra-{name}"))
    sacrum = np.array([(-0.95, 14.55), (0.95, 14.55), (0.55, 12.6), (0.15, 11.75), (-0.15, 11.75), (-0.55, 12.6)])
    ax.add_patch(Polygon(_smooth(sacrum, 2), closed=True, facecolor="0.85", edgecolor="0.3", lw=0.9,
                         zorder=2, gid="sacrum"))
    for name in ("S1", "S2", "S3"):  # the foramina the sacral roots leave through
        y = _LEVELS[name]
        for s in (1, -1):
            ax.add_patch(Circle((s * 0.38, y), 0.09, facecolor="0.4", edgecolor="none", zorder=2.1))
    for name, y in _LEVELS.items():  # lumbar names beside the vertebrae, sacral ones between the holes
        lumbar = name.startswith("L")
        ax.text(0.62 if lumbar else 0.0, y, name, fontsize=9, va="center",
                ha="left" if lumbar else "center", color="0.1", zorder=6, gid=f"level-{name}")
    # piriformis on both sides: sacrum to the top of the thigh bone (greater trochanter)
    piri = np.array([(0.72, 13.75), (2.4, 13.05), (3.25, 12.35), (3.25, 11.95), (2.3, 12.45), (0.78, 13.0)])
    for s, gid in ((1, "piriformis-right"), (-1, "piriformis-left")):
        pts = piri if s == 1 else _mirror(piri)
        ax.add_patch(Polygon(_smooth(pts, 2), closed=True, facecolor="#c9a0a0", edgecolor="0.25",
                             hatch="||", lw=0.9, alpha=0.9, zorder=4.5, gid=gid))
    for s in (1, -1):  # greater trochanter, the bony point of the hip
        ax.add_patch(Ellipse((s * 3.35, 12.05), 0.55, 0.75, facecolor="0.85", edgecolor="0.3", lw=0.8, zorder=2))


def _nerve(ax: Axes, xy: list[tuple[float, float]], *, lw: float, gid: str, ls: str = "-",
           thin: bool = False, z: float = 5) -> Line2D:
    pts = np.array(xy, float)
    # a gentle curve through the points (Chaikin on an open line keeps the end points)
    for _ in range(3):
        a, b = pts[:-1], pts[1:]
        mid = np.column_stack([0.75 * a + 0.25 * b, 0.25 * a + 0.75 * b]).reshape(-1, 2)
        pts = np.vstack([pts[:1], mid, pts[-1:]])
    (line,) = ax.plot(pts[:, 0], pts[:, 1], color=_NERVE, lw=lw, ls=ls, solid_capstyle="round",
                      zorder=z, gid=gid, path_effects=_NERVE_RIM_THIN if thin else _NERVE_RIM)
    return line


def _draw_nerve(ax: Axes) -> None:
    """The sciatic nerve of the person's left leg (x < 0 in the picture)."""
    hub = (-1.45, 12.95)  # where the roots join, deep to (in front of) the piriformis, hidden by it
    for name in ("L4", "L5", "S1", "S2", "S3"):
        y = _LEVELS[name]
        x0 = -0.5 if name.startswith("L") else -0.45
        # out sideways from the spine first, then down and out to the hub: the roots stay apart
        bend = (x0 - 0.25 - 0.12 * (16.0 - y), y - 0.25)
        _nerve(ax, [(x0, y), bend, hub], lw=1.8, gid=f"root-{name}", thin=True, z=4)
    # the trunk: leaves the pelvis below the piriformis, passes between the hip bone's trochanter
    # and the sitting bone, then runs down the middle of the back of the thigh
    trunk = [hub, (-1.6, 12.1), (-1.9, 11.3), (-1.95, 10.0), (-1.9, 8.6), (-1.85, _SPLIT_Y)]
    # drawn under the muscle (its z is 4.5), so the nerve is seen coming out from below its lower edge
    # rather than crossing over it (issue 18 item 12)
    _nerve(ax, trunk, lw=4.0, gid="sciatic-trunk", z=4.4)
    # tibial: straight on through the back of the knee and calf, behind the inner ankle, to the sole
    tibial = [(-1.85, _SPLIT_Y), (-1.8, _KNEE_Y), (-1.75, 4.6), (-1.6, 2.8), (-1.42, 1.55), (-1.5, 0.75),
              (-1.7, 0.35)]
    _nerve(ax, tibial, lw=2.8, gid="tibial", z=5)
    # common fibular: outwards along the back of the knee and round the neck of the fibula
    fibular = [(-1.85, _SPLIT_Y), (-2.15, 6.9), (-2.5, 6.1), (-2.72, 5.55), (-2.78, 5.15)]
    _nerve(ax, fibular, lw=2.4, ls=(0, (2.2, 1.2)), gid="common-fibular", z=5)
    ax.add_patch(Ellipse((-2.62, 5.5), 0.42, 0.5, facecolor="0.85", edgecolor="0.3", lw=0.8, zorder=2,
                         gid="fibular-head"))


def _draw_dermatomes_leg(ax: Axes) -> None:
    """L4, L5 and S1 on the back of the person's right lower leg (x > 0)."""
    # L5: a band along the outer (lateral) side of the shin, down to the outer ankle
    ax.add_patch(_dermatome_patch(_strip(0.9, 5.9, 0.0, 0.55, 1), "L5", "dermatome-L5-leg"))
    # L4: a band along the inner (medial) side of the shin, from below the knee to the inner ankle
    ax.add_patch(_dermatome_patch(_strip(1.0, 6.0, 0.0, 0.42, 2), "L4", "dermatome-L4-leg"))
    # S1: the back of the lower calf between the two bands, and the whole heel
    ys = np.linspace(1.0, 4.3, 25)
    outer = np.column_stack([_edge(ys, 1) - 0.55, ys])
    inner = np.column_stack([_edge(ys, 2) + 0.42, ys])[::-1]
    heel = np.array([(2.2, 0.9), (2.12, 0.45), (1.9, 0.14), (1.62, 0.14), (1.4, 0.45), (1.33, 0.9)])
    top = np.array([(1.62, 4.75), (1.95, 4.85), (2.2, 4.7)])
    # round the outline: up the outer side, over the top, down the inner side, round the heel
    s1 = np.vstack([outer, top[::-1], inner, heel[::-1]])
    ax.add_patch(_dermatome_patch(s1, "S1", "dermatome-S1-leg", smooth=True))


def _draw_foot(ax: Axes, x0: float, y0: float) -> None:
    """The top of the person's right foot seen from above, toes up: big toe on the left."""
    foot = np.array([(0.15, 0.0), (1.25, 0.0), (1.55, 1.0), (1.75, 2.3), (1.85, 3.2), (1.6, 3.55),
                     (0.6, 3.75), (-0.05, 3.75), (-0.15, 3.0), (-0.05, 1.5), (0.0, 0.6)])
    foot = foot + (x0, y0)
    ax.add_patch(Polygon(_smooth(foot, 3), closed=True, facecolor=_SKIN, edgecolor=_EDGE, lw=1.3,
                         zorder=1, gid="foot-top"))
    # L4: inner (big-toe side) edge of the foot and the inner ankle, as far as the ball of the foot
    l4 = np.array([(0.15, 0.0), (0.5, 0.0), (0.35, 1.5), (0.35, 2.9), (-0.12, 3.0), (-0.05, 1.5), (0.0, 0.6)])
    # L5: the middle of the top of the foot and toes one to four
    l5 = np.array([(0.5, 0.0), (1.05, 0.0), (1.25, 1.5), (1.45, 3.2), (1.2, 3.6), (0.6, 3.75), (-0.05, 3.75),
                   (-0.12, 3.0), (0.35, 2.9), (0.35, 1.5)])
    # S1: the outer (little-toe side) edge of the foot and the little toe
    s1 = np.array([(1.05, 0.0), (1.25, 0.0), (1.55, 1.0), (1.75, 2.3), (1.85, 3.2), (1.6, 3.55), (1.2, 3.6),
                   (1.45, 3.2), (1.25, 1.5)])
    for name, pts in (("L4", l4), ("L5", l5), ("S1", s1)):
        ax.add_patch(_dermatome_patch(pts + (x0, y0), name, f"dermatome-{name}-foot", smooth=True))
    toes = [(-0.02, 4.1, 0.62), (0.62, 4.0, 0.42), (1.05, 3.88, 0.38), (1.42, 3.72, 0.34), (1.75, 3.5, 0.3)]
    for i, (tx, ty, d) in enumerate(toes):
        name = "L5" if i < 4 else "S1"
        face, hatch, _ = DERMATOMES[name]
        ax.add_patch(Ellipse((x0 + tx + 0.1, y0 + ty), d, d * 1.25, facecolor=face, hatch=hatch,
                             edgecolor="0.15", lw=0.8, zorder=3, gid=f"toe-{i + 1}"))
    ax.text(x0 + 0.85, y0 - 0.45, "top of the right foot\n(from above, toes up)", ha="center", va="top",
            fontsize=9, color="0.15")
    ax.text(x0 + 0.0, y0 + 4.65, "big toe", ha="center", va="bottom", fontsize=9, color="0.2")
    ax.text(x0 + 2.0, y0 + 4.1, "little toe", ha="left", va="bottom", fontsize=9, color="0.2")


def _label(ax: Axes, text: str, xy: tuple[float, float], xytext: tuple[float, float], *, gid: str,
           ha: str = "right", size: float = 9, bold: bool = False) -> None:
    ax.annotate(text, xy=xy, xytext=xytext, ha=ha, va="center", fontsize=size,
                fontweight="bold" if bold else "normal", gid=gid, zorder=7,
                arrowprops={"arrowstyle": "-", "color": "0.3", "lw": 0.8, "shrinkA": 2, "shrinkB": 1})


def sciatic_nerve_map(ax: Axes | None = None, *, show_dermatomes: bool = True) -> Axes:
    """Draw the sciatic nerve and the L4 / L5 / S1 skin areas on a schematic body seen from behind.

    The person's left leg (drawn on the left, since we look at their back) shows the nerve: its
    roots L4 to S3 at the lower spine, its way out of the pelvis below the piriformis muscle,
    its course down the back of the thigh and its split above the knee into the tibial nerve
    (on down the calf, behind the inner ankle, to the sole) and the common fibular (peroneal)
    nerve (outwards round the head of the fibula to the front of the leg). With
    ``show_dermatomes`` the right leg and the top of the right foot show the L4, L5 and S1
    dermatomes, in shades and hatches that stay apart in greyscale.

    A schematic for teaching, not to scale; dermatome maps differ between sources and overlap.

    Parameters
    ----------
    ax
        Axes to draw on; a new figure is made when None.
    show_dermatomes
        Shade the L4 / L5 / S1 skin areas (default True).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on; every part carries a ``gid`` (``"sciatic-trunk"``, ``"tibial"``,
        ``"common-fibular"``, ``"root-L4"`` ... ``"root-S3"``, ``"dermatome-L4-leg"`` ...).
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 8.6), layout="constrained")
    _draw_body(ax)
    _draw_nerve(ax)

    # labels for the nerve, on the left
    _label(ax, "Nerve roots L4, L5, S1, S2, S3\nleave the lower spine and sacrum", (-0.8, 14.7), (-4.6, 15.6),
           gid="label-roots")
    _label(ax, "Piriformis muscle\n(the nerve leaves the pelvis below it)", (-2.6, 12.5), (-4.6, 13.3),
           gid="label-piriformis")
    _label(ax, "Sciatic nerve: down the back\nof the thigh", (-1.93, 9.5), (-4.6, 10.2), gid="label-sciatic",
           bold=True)
    _label(ax, "It splits above the knee", (-1.85, _SPLIT_Y), (-4.6, 8.0), gid="label-split")
    _label(ax, "Common fibular (peroneal) nerve:\nround the fibula's head to the\nfront of the shin and top of the foot",
           (-2.75, 5.3), (-4.6, 5.6), gid="label-fibular")
    _label(ax, "Tibial nerve: down the calf,\nbehind the inner ankle, to the sole", (-1.55, 2.4), (-4.6, 2.6),
           gid="label-tibial")
    ax.text(-1.8, -0.35, "left leg", ha="center", va="top", fontsize=9, color="0.2")
    ax.text(1.8, -0.35, "right leg", ha="center", va="top", fontsize=9, color="0.2")

    handles: list[Line2D | Patch] = [
        Line2D([], [], color=_NERVE, lw=4, path_effects=_NERVE_RIM, label="sciatic nerve and its roots"),
        Line2D([], [], color=_NERVE, lw=2.8, path_effects=_NERVE_RIM, label="tibial nerve"),
        Line2D([], [], color=_NERVE, lw=2.4, ls=(0, (2.2, 1.2)), path_effects=_NERVE_RIM_THIN,
               label="common fibular (peroneal) nerve"),
        Patch(facecolor="#c9a0a0", edgecolor="0.25", hatch="||", label="piriformis muscle"),
    ]
    if show_dermatomes:
        _draw_dermatomes_leg(ax)
        _draw_foot(ax, 6.4, 1.4)
        for name, (face, hatch, where) in DERMATOMES.items():
            handles.append(Patch(facecolor=face, edgecolor="0.15", hatch=hatch, label=f"{name}: {where}"))
        # the letters on the areas themselves
        spots = {"L5": (2.45, 3.2), "L4": (1.12, 3.6), "S1": (1.8, 2.2)}
        for name, (x, y) in spots.items():
            ax.text(x, y, name, ha="center", va="center", fontsize=9, fontweight="bold", zorder=6, gid=f"text-{name}",
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "0.3", "lw": 0.6})
        _label(ax, "Skin areas (dermatomes)\nof the right lower leg,\nseen from behind", (2.75, 4.4), (5.2, 8.2),
               gid="label-dermatomes", ha="left")
    ax.legend(handles=handles, loc="upper right", fontsize=9, frameon=True, framealpha=0.95,
              title="Key", title_fontsize=9, handlelength=2.6, borderpad=0.6, alignment="left")
    ax.set_title("The sciatic nerve from behind: its course (left leg) and the L4, L5 and S1 skin areas (right leg)"
                 if show_dermatomes else "The sciatic nerve from behind: its course down the left leg", fontsize=11)
    ax.text(1.5, -1.2, "Schematic, not to scale. Dermatome maps differ between sources and neighbouring areas "
            "overlap (after Lee et al. 2008).", ha="center", va="top", fontsize=9, color="0.35", style="italic")
    ax.set_xlim(-9.6, 12.6)
    ax.set_ylim(-2.0, 19.0)
    ax.set_aspect("equal")
    ax.set_axis_off()
    alt = ("Schematic drawing of the lower back, pelvis and legs seen from behind. Left leg: the nerve roots "
           "L4 to S3 leave the lower spine and sacrum, join as the sciatic nerve, which leaves the pelvis below "
           "the piriformis muscle, runs down the back of the thigh and splits above the knee into the tibial "
           "nerve (down the calf, behind the inner ankle, to the sole) and the common fibular nerve (round the "
           "fibula's head to the front of the shin and the top of the foot).")
    if show_dermatomes:
        alt += (" Right leg: the skin areas after Lee et al. 2008: L4 the inner shin, inner ankle and inner edge "
                "of the foot; L5 the outer shin, the top of the foot and the big toe; S1 the back of the lower "
                "calf, the heel, the outer edge of the foot and the little toe.")
    set_alt(ax, alt)
    return ax
