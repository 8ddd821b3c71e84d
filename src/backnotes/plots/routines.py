"""Routine pictures: where the time of a routine goes (exercising, resting, getting ready,
changing sides), one stacked bar per routine."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from ..routine import Routine
from ..timing import BUDGET_PARTS, time_budget

__all__ = ["routine_time_budget"]

# Greyscale-safe: each part gets its own grey and hatch, so segments stay apart on a black-and-white print.
_STYLE = {
    "exercising": ("#333333", ""),
    "resting": ("#bbbbbb", "//"),
    "getting ready": ("#eeeeee", ".."),
    "changing sides": ("#888888", "xx"),
}
_TEXT_PT = 10


def routine_time_budget(budget: pd.DataFrame | Routine | Sequence[Routine], ax: Axes | None = None, *,
                        title: str | None = None) -> Axes:
    """How long each routine takes, and where the time goes: one stacked horizontal bar per routine,
    split into exercising (holds and repetitions), resting, getting ready (longer when the position
    changes) and changing sides, with the minutes written on each part and the total at the end.

    ``budget`` is the tidy frame of `backnotes.timing.time_budget` (a Routine or a list of them is
    turned into one). Returns the Axes drawn on.
    """
    if isinstance(budget, Routine) or (isinstance(budget, Sequence) and not isinstance(budget, str)):
        routines = [budget] if isinstance(budget, Routine) else list(budget)
        if not routines:
            raise ValueError("budget: give at least one Routine (or the frame of time_budget)")
        budget = time_budget(routines)
    if not isinstance(budget, pd.DataFrame) or not {"routine", "part", "minutes"} <= set(budget.columns):
        raise ValueError("budget: expected the frame of backnotes.timing.time_budget "
                         "(columns routine, part, minutes) or routines")
    names = list(dict.fromkeys(budget["routine"].astype(str)))
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 1.0 + 0.8 * max(len(names), 1)), layout="constrained")
    wide = budget.pivot_table(index="routine", columns="part", values="minutes", aggfunc="sum",
                              observed=False, fill_value=0.0)
    wide = wide.reindex(index=names, columns=list(BUDGET_PARTS), fill_value=0.0)
    left = pd.Series(0.0, index=wide.index)
    longest = float(wide.sum(axis=1).max()) if len(wide) else 0.0
    for part in BUDGET_PARTS:
        colour, hatch = _STYLE[part]
        widths = wide[part]
        ax.barh(range(len(names)), widths.to_numpy(), left=left.to_numpy(), height=0.6, label=part,
                color=colour, hatch=hatch, edgecolor="black", linewidth=0.6)
        for k, (w, x0) in enumerate(zip(widths, left)):
            if w >= 0.08 * longest:  # write the minutes only where they fit
                dark = colour in ("#333333", "#888888")
                ax.text(x0 + w / 2, k, f"{w:.1f}", ha="center", va="center", fontsize=_TEXT_PT,
                        color="white" if dark else "black",
                        bbox=None if dark else {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})
        left = left + widths
    for k, total in enumerate(left):
        ax.text(total + 0.01 * longest, k, f"{total:.1f} min", va="center", ha="left", fontsize=_TEXT_PT)
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xlim(0, longest * 1.15 if longest else 1)
    ax.set_xlabel("minutes")
    ax.set_title(title or "Where the time goes")
    ax.legend(ncols=len(BUDGET_PARTS), loc="upper center", bbox_to_anchor=(0.5, -0.25 if len(names) < 3 else -0.12),
              frameon=False, fontsize=_TEXT_PT)
    ax.grid(axis="x", color="#cccccc", linewidth=0.6)
    ax.set_axisbelow(True)
    return ax
