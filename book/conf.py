"""Sphinx configuration of the static book (built by ``python3 run.py book``; see book/build.py).

Offline by design: notebooks are rendered from their saved outputs (never executed), no intersphinx,
no widget JavaScript from a CDN, and the theme's assets come from the installed package.
"""

project = "backnotes"
author = "The backnotes developers"
copyright = "backnotes developers, MIT licence"

extensions = ["myst_nb"]
html_theme = "sphinx_book_theme"
html_title = "backnotes: exercises for the lower back and the sciatic nerve"
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "navigation_with_keys": False,
}
html_static_path: list[str] = []
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False

exclude_patterns = ["_build", "**.ipynb_checkpoints"]
root_doc = "index"
suppress_warnings = ["mystnb.unknown_mime_type"]

# MyST: heading ids for #anchors (glossary terms are level-2 headings)
myst_heading_anchors = 2
myst_enable_extensions = ["colon_fence"]  # no dollarmath: "$BACKNOTES_HOME" is not maths

# MyST-NB: saved outputs only; never start a kernel
nb_execution_mode = "off"
# No widget JavaScript from the network: widgets need a kernel anyway, and each has a static fallback
nb_ipywidgets_js: dict = {}
# Prefer a widget's own HTML fallback (the quiz's folded answers) over the bare widget view
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None)]
nb_merge_streams = True

# nothing fetched from elsewhere
intersphinx_mapping: dict = {}
