"""Routine comparisons: how many minutes each routine spends on each body area."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..routine import Routine, time_by_area

__all__ = ["routine_time_by_area"]

# Greyscale-safe: each routine gets its own grey and hatch, so bars stay apart on a black-and-white print.
_GREYS = ("#333333", "#999999", "#dddddd", "#666666", "#bbbbbb")
_HATCHES = ("", "//", "..", "xx", "\\\\")


def routine_time_by_area(routines: Routine | Sequence[Routine], ax: Axes | None = None, *,
                         catalog: pd.DataFrame | None = None, title: str | None = None) -> Axes:
    """Grouped horizontal bars: minutes per body area for one or more routines.

    Areas run from head to foot (``backnotes.BODY_AREAS`` order), only those some routine works.
    An exercise counts in full for every area it works (see `backnotes.routine.time_by_area`), so
    one routine's bars add up to more than its total time. Returns the Axes drawn on.
    """
    routines = [routines] if isinstance(routines, Routine) else list(routines)
    if not routines:
        raise ValueError("routines: give at least one Routine")
    tidy = time_by_area(routines, catalog)
    names = list(dict.fromkeys(r.name for r in routines))
    wide = tidy.pivot_table(index="area", columns="routine", values="minutes", aggfunc="sum", observed=True,
                            fill_value=0.0)
    wide = wide.reindex(columns=names, fill_value=0.0)
    wide = wide[wide.sum(axis=1) > 0]
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.45 * max(len(wide), 2) * max(len(names), 1) ** 0.5 + 1.5),
                             layout="constrained")  # long area names stay inside the picture
    y = np.arange(len(wide))
    height = 0.8 / len(names)
    for k, name in enumerate(names):
        offset = (k - (len(names) - 1) / 2) * height
        ax.barh(y + offset, wide[name].to_numpy(), height=height, label=name,
                color=_GREYS[k % len(_GREYS)], hatch=_HATCHES[k % len(_HATCHES)], edgecolor="black", linewidth=0.6)
    ax.set_yticks(y, [str(a) for a in wide.index])
    ax.invert_yaxis()  # head at the top, feet at the bottom
    ax.set_xlabel("minutes (an exercise counts for every area it works)")
    ax.set_ylabel("body area")
    ax.set_title(title or ("Time per body area" if len(names) > 1 else f"Time per body area: {names[0]}"))
    ax.grid(axis="x", color="#cccccc", linewidth=0.6)
    ax.set_axisbelow(True)
    if len(names) > 1 or not title:
        ax.legend(title="routine", loc="lower right", frameon=True)
    return ax
