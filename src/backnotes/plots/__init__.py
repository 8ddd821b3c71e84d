"""matplotlib pictures. Every function takes tidy frames (or numbers) and ``ax=None`` and returns
the Axes it drew on; options are keyword-only.

One module per subject (``body``: the body map; ``progress``: journal plots; ``anatomy``: the
sciatic nerve; ``routines``: routine comparisons), loaded on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "body_map": "body",
    "sciatic_nerve_map": "anatomy",
}
# progress and routine plots register their names here as they are added
_EXPORTS.update({
    name: "progress"
    for name in ("pain_over_time", "sets_cut_short", "adherence_calendar", "pain_before_after", "pain_locations")
})
_EXPORTS.update({name: "routines" for name in ("routine_time_budget",)})
# showing a figure with its text alternative (not plot functions themselves)
HELPERS = ("figure_html", "show_figure", "set_alt", "alt_of")
_EXPORTS.update({name: "show" for name in HELPERS})
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'backnotes.plots' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
