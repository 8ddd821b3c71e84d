"""Show a figure with a text alternative: ``<figure><img alt=...><figcaption>`` instead of a bare PNG
(a PNG output or an ``Image`` widget has no alt text, the ``image-alt`` failure axe-core reports).

Plot functions record their description with `set_alt` (written by `backnotes.alt_text` from the
data); `figure_html` uses it, or builds one from the title and axis labels.
"""

from __future__ import annotations

import base64
import io
from html import escape
from typing import Any
from weakref import WeakKeyDictionary

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..alt_text import generic_alt

__all__ = ["set_alt", "alt_of", "figure_html", "show_figure", "DPI"]

#: Resolution of figures shown as HTML: sharp enough to read 9 pt text at 100 % and 200 % zoom.
DPI = 110

_ALT: WeakKeyDictionary[Figure, str] = WeakKeyDictionary()


def _figure(fig_or_ax: Figure | Axes) -> Figure:
    if isinstance(fig_or_ax, Axes):
        return fig_or_ax.figure
    if isinstance(fig_or_ax, Figure):
        return fig_or_ax
    raise TypeError(f"figure_html: expected a matplotlib Figure or Axes, got {type(fig_or_ax).__name__}")


def set_alt(fig_or_ax: Figure | Axes, text: str) -> None:
    """Remember ``text`` as the figure's text alternative."""
    _ALT[_figure(fig_or_ax)] = text


def alt_of(fig_or_ax: Figure | Axes) -> str:
    """The figure's text alternative: the one set with `set_alt`, else one from its first Axes' title
    and axis labels (the figure's own title when the Axes has none)."""
    fig = _figure(fig_or_ax)
    if fig in _ALT:
        return _ALT[fig]
    axes = [a for a in fig.axes if a.get_label() != "<colorbar>"] or fig.axes
    if not axes:
        return "An empty figure."
    ax = axes[0]
    title = ax.get_title() or (fig._suptitle.get_text() if fig._suptitle is not None else "")
    return generic_alt(title, ax.get_xlabel(), ax.get_ylabel())


def figure_html(fig_or_ax: Figure | Axes, *, alt: str | None = None, caption: str | None = None,
                dpi: int = DPI, close: bool = True) -> str:
    """The figure as ``<figure><img alt=...><figcaption>`` HTML (a PNG inlined as a data: URL).

    ``alt`` defaults to `alt_of`; ``caption`` (shown under the picture) defaults to none. The image
    scales down with its container (``max-width:100%``). ``close`` closes a pyplot figure, so the
    notebook does not show it a second time.
    """
    fig = _figure(fig_or_ax)
    text = alt if alt is not None else alt_of(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    if close:
        import matplotlib.pyplot as plt

        if fig in [plt.figure(n) for n in plt.get_fignums()]:
            plt.close(fig)
    cap = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return (f"<figure class='backnotes-figure' style='margin:0.5em 0'>"
            f"<img src='data:image/png;base64,{data}' alt=\"{escape(text, quote=True)}\" "
            f"style='max-width:100%;height:auto'>{cap}</figure>")


def show_figure(fig_or_ax: Figure | Axes, *, alt: str | None = None, caption: str | None = None,
                dpi: int = DPI) -> Any:
    """`figure_html` as a displayable object: the last line of a notebook cell shows it."""
    from IPython.display import HTML

    return HTML(figure_html(fig_or_ax, alt=alt, caption=caption, dpi=dpi))
