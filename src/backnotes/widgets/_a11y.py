"""Accessibility glue shared by every backnotes widget: one stylesheet and one small script, put into
the page once (in JupyterLab and in Voilà), acting only inside elements with the class
``backnotes-widget``.

ipywidgets cannot set ARIA attributes from Python, so the script fills in what the browser side
lacks, from what the Python side already says:

- a slider's handle (``role="slider"``) gets ``aria-label`` = the slider's description (or tooltip);
- toggle buttons get ``aria-pressed`` from their on/off state;
- a control in a widget with the class `NAMED_BY_TOOLTIP` is named by its tooltip, and a slider's
  number box (its readout, which can be typed into) by the slider's name;
- a control whose widget has the class ``backnotes-describedby-<id>`` gets ``aria-describedby=<id>``
  (a red flag's tick box and the sign it stands for);
- icons inside buttons get ``aria-hidden`` (the button's text or tooltip names it, not the glyph);
- an HTML widget with the class ``backnotes-live`` becomes a polite ``role="status"`` live region
  (screen readers announce its new text, e.g. the player's next step);
- a widget with the class ``backnotes-landmark-main`` becomes the page's ``main`` landmark when the
  page has none (the app in Voila; JupyterLab has its own), and ``backnotes-landmark-nav`` rows
  become ``navigation`` landmarks named "Steps";
- controls that need arrow keys (lists, dropdowns, sliders, number boxes) get
  ``data-lm-suppress-shortcuts``, so JupyterLab no longer turns their arrow keys into "go to the next
  cell" (Lumino skips its shortcuts for such elements; Voilà has no shortcuts anyway).

The stylesheet gives a visible focus ring (3 px dark blue outside a white ring: at least 3:1 against
white and dark backgrounds), lets rows of controls wrap on a narrow (390 px) screen and keeps every
widget within its container.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

import ipywidgets as W
import traitlets as T

__all__ = ["ROOT_CLASS", "LIVE_CLASS", "MAIN_CLASS", "NAV_CLASS", "NAMED_BY_TOOLTIP", "CSS", "SCRIPT", "a11y_html", "accessible",
           "CheckboxGroup"]

#: Class of every backnotes widget's root: the script and the stylesheet act only inside it.
ROOT_CLASS = "backnotes-widget"
#: Class of an HTML widget whose text changes should be announced politely.
LIVE_CLASS = "backnotes-live"
#: Class of a widget that is the page's main content when the page has no other (the app in Voila):
#: it becomes the ``main`` landmark, so screen-reader users can jump to it and nothing sits outside one.
MAIN_CLASS = "backnotes-landmark-main"
#: Class of a row of buttons that moves between parts (the app's steps): a ``navigation`` landmark.
NAV_CLASS = "backnotes-landmark-nav"
#: Class of a widget whose control is named by its tooltip (``aria-label``): "Remove" becomes
#: "Remove Clamshell from the routine", so rows of alike buttons say which row they act on.
NAMED_BY_TOOLTIP = "backnotes-named-by-tooltip"
#: Focus ring colour: #1a4fa0 on white is 7.6:1; the white ring around it separates it from dark themes.
FOCUS_COLOUR = "#1a4fa0"

CSS = f"""
.{ROOT_CLASS}, .{ROOT_CLASS} .jupyter-widgets {{
  max-width: calc(100% - 2 * var(--jp-widgets-margin, 2px)); box-sizing: border-box; min-width: 0;
}}
.{ROOT_CLASS} .widget-hbox {{ flex-wrap: wrap; }}
.{ROOT_CLASS} .widget-html-content {{ overflow-wrap: break-word; min-width: 0; max-width: 100%; }}
.{ROOT_CLASS} .widget-button, .{ROOT_CLASS} .widget-toggle-button {{ flex-shrink: 0; }}
.{ROOT_CLASS} .backnotes-card {{ flex: 1 1 18em; min-width: min(18em, 100%); }}
.{ROOT_CLASS} :is(button, input, select, textarea, a, [tabindex], .noUi-handle):focus-visible {{
  outline: 3px solid {FOCUS_COLOUR} !important; outline-offset: 2px !important;
  box-shadow: 0 0 0 2px #fff !important;
}}
.{ROOT_CLASS} .noUi-handle:focus {{ outline: 3px solid {FOCUS_COLOUR} !important; outline-offset: 2px; }}
@media (prefers-reduced-motion: reduce) {{
  .{ROOT_CLASS} * {{ transition: none !important; animation: none !important; }}
}}
"""

# Runs from an image's onload (an HTML widget's <script> never runs): idempotent, installs once,
# then re-scans whenever a backnotes widget's DOM changes.
SCRIPT = """(function () {
  var ROOT = '.%(root)s';
  var A = window.__backnotesA11y;
  if (!A) {
    A = window.__backnotesA11y = {};
    var style = document.createElement('style');
    style.id = 'backnotes-a11y-css';
    style.textContent = %(css)s;
    document.head.appendChild(style);
    A.fix = function (root) {
      root.querySelectorAll('[role=slider]').forEach(function (h) {
        var w = h.closest('.widget-slider, .jupyter-widgets');
        var label = w && w.querySelector('.widget-label');
        var name = (label && label.textContent.trim()) || (w && w.getAttribute('title')) || '';
        if (name && h.getAttribute('aria-label') !== name) { h.setAttribute('aria-label', name); }
      });
      root.querySelectorAll('.widget-toggle-button, .widget-toggle-buttons button').forEach(function (b) {
        var on = b.classList.contains('mod-active') ? 'true' : 'false';
        if (b.getAttribute('aria-pressed') !== on) { b.setAttribute('aria-pressed', on); }
      });
      root.querySelectorAll('.%(named)s').forEach(function (w) {
        var c = w.matches('button, input, textarea') ? w : w.querySelector('input, textarea, button');
        var name = w.getAttribute('title') || (c && c.getAttribute('title')) || '';
        if (c && name && c.getAttribute('aria-label') !== name) { c.setAttribute('aria-label', name); }
      });
      root.querySelectorAll('.widget-slider').forEach(function (w) {
        var label = w.querySelector('.widget-label');
        var readout = w.querySelector('.widget-readout');
        var name = (w.getAttribute('title') || (label && label.textContent.trim()) || '');
        if (readout && name && readout.getAttribute('aria-label') !== name + ' (type a number)') {
          readout.setAttribute('aria-label', name + ' (type a number)');
        }
      });
      root.querySelectorAll('[class*="backnotes-describedby-"]').forEach(function (w) {
        var m = w.className.match(/backnotes-describedby-(\\S+)/);
        var input = m && w.querySelector('input, button, textarea, select');
        if (input && input.getAttribute('aria-describedby') !== m[1]) { input.setAttribute('aria-describedby', m[1]); }
      });
      root.querySelectorAll('button i, button .fa').forEach(function (i) {
        if (!i.hasAttribute('aria-hidden')) { i.setAttribute('aria-hidden', 'true'); }
      });
      root.querySelectorAll('.%(live)s .widget-html-content, .widget-label.%(live)s').forEach(function (c) {
        if (c.getAttribute('role') !== 'status') {
          c.setAttribute('role', 'status'); c.setAttribute('aria-live', 'polite');
          c.setAttribute('aria-atomic', 'true');
        }
      });
      if (root.classList.contains('%(main)s') && !root.getAttribute('role')
          && !document.querySelector('main, [role=main]')) {
        root.setAttribute('role', 'main');  // a page of its own (Voila): its content sits in a landmark
      }
      root.querySelectorAll('.%(nav)s').forEach(function (n) {
        if (n.getAttribute('role') !== 'navigation') {
          n.setAttribute('role', 'navigation'); n.setAttribute('aria-label', 'Steps');
        }
      });
      root.querySelectorAll('select, [role=slider], input[type=number], input[type=radio], .widget-readout')
        .forEach(function (e) {
          if (!e.hasAttribute('data-lm-suppress-shortcuts')) { e.setAttribute('data-lm-suppress-shortcuts', 'true'); }
        });
    };
    A.watch = function (root) {
      if (root.__backnotesWatched) { return; }
      root.__backnotesWatched = true;
      var pending = false;
      new MutationObserver(function () {
        if (pending) { return; }
        pending = true;
        requestAnimationFrame(function () { pending = false; A.fix(root); });
      }).observe(root, {subtree: true, childList: true, attributes: true, attributeFilter: ['class']});
      A.fix(root);
    };
    A.scan = function () { document.querySelectorAll(ROOT).forEach(A.watch); };
  }
  A.scan();
  setTimeout(A.scan, 300);
})();"""

_GIF = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def _script() -> str:
    import json

    return SCRIPT % {"root": ROOT_CLASS, "live": LIVE_CLASS, "main": MAIN_CLASS, "nav": NAV_CLASS,
                     "named": NAMED_BY_TOOLTIP,
                     "css": json.dumps(CSS)}


def a11y_html() -> str:
    """The HTML that installs the stylesheet and the script (a decorative 1-pixel image whose onload
    runs the script; ``alt=""`` and ``aria-hidden`` keep it out of the accessibility tree)."""
    return (f"<img src='{_GIF}' alt='' aria-hidden='true' width='1' height='1' "
            f"style='position:absolute;opacity:0;pointer-events:none' onload=\"{escape(_script(), quote=True)}\">")


def accessible(widget: W.Box) -> W.Box:
    """Mark ``widget`` as a backnotes widget and add the (invisible) installer as its last child.

    Returns the widget, for chaining. Calling it twice adds nothing more.
    """
    widget.add_class(ROOT_CLASS)
    if not any(ROOT_CLASS + "-installer" in getattr(c, "_dom_classes", ()) for c in widget.children):
        installer = W.HTML(a11y_html(), layout=W.Layout(height="0px", overflow="hidden", margin="0"))
        installer.add_class(ROOT_CLASS + "-installer")
        widget.children = (*widget.children, installer)
    return widget


class CheckboxGroup(W.VBox):
    """A group of checkboxes with one ``value`` (the ticked options, in option order): a keyboard-friendly
    stand-in for `ipywidgets.SelectMultiple` (Tab and Space, no Ctrl-click, no arrow keys).

    ``options`` are strings; ``description`` is shown above as the group's label.
    """

    value = T.Tuple(help="the ticked options, in the order of ``options``")

    def __init__(self, options: Sequence[str], *, description: str = "", value: Sequence[str] = (),
                 **kwargs: Any) -> None:
        self.options = tuple(options)
        self.boxes = {o: W.Checkbox(value=False, description=o, indent=False,
                                    layout=W.Layout(width="auto", margin="0 1em 0 0")) for o in self.options}
        self._syncing = False
        label = W.HTML(f"<b>{escape(description)}</b>") if description else None
        grid = W.HBox(list(self.boxes.values()), layout=W.Layout(flex_flow="row wrap", max_width="40em"))
        super().__init__(children=[*([label] if label else []), grid], **kwargs)
        self.add_class("backnotes-checkbox-group")
        for box in self.boxes.values():
            box.observe(self._on_box, names="value")
        self.value = tuple(value)

    @T.validate("value")
    def _valid(self, proposal: Any) -> tuple[str, ...]:
        wanted = tuple(proposal["value"])
        bad = [v for v in wanted if v not in self.options]
        if bad:
            raise T.TraitError(f"{bad[0]!r} is not one of the choices: {', '.join(map(repr, self.options))}")
        return tuple(o for o in self.options if o in wanted)

    @T.observe("value")
    def _on_value(self, change: Any) -> None:
        self._syncing = True
        try:
            for option, box in self.boxes.items():
                box.value = option in change["new"]
        finally:
            self._syncing = False

    def _on_box(self, _change: Any) -> None:
        if not self._syncing:
            self.value = tuple(o for o, b in self.boxes.items() if b.value)
