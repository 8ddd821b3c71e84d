"""Open the app page after page, as a person's browser does: for the kernel-leak browser test
(``tests/browser/test_app_kernels.py``) and ``benchmarks/bench_app_kernels.py``, which must load it
the same way.
"""

from __future__ import annotations

#: The app's first button: once it shows, the page's kernel has started and run the app.
APP_BUTTON = ".backnotes-app button"


def load_app(context, page, url: str, i: int):
    """The ``i``-th load of the app at ``url`` in the Playwright ``context``: every other time
    (odd ``i``) the open ``page`` is reloaded, otherwise it is closed (if any) and a new tab opens the
    app. Waits for the app's first button and returns the page now open."""
    if page is not None and i % 2:
        page.reload(wait_until="domcontentloaded")
    else:
        if page is not None:
            page.close()
        page = context.new_page()
        page.goto(url, wait_until="domcontentloaded")
    page.locator(APP_BUTTON).first.wait_for(state="visible", timeout=120_000)
    return page
