"""Session-wide safety net for every pytest run in this repo (unit tests, browser tests, nbval).

``pytest_configure`` points ``BACKNOTES_HOME`` and ``XDG_DATA_HOME`` at a fresh temporary folder
before any test or notebook kernel starts, so kernels started by nbval inherit it and not even a bug
can write to a person's real journal. ``tests/conftest.py`` narrows it further: one folder per test.
It also defines ``--update-screenshots`` (browser tests then write the README pictures into docs/)
and runs the browser tests last (see ``pytest_collection_modifyitems``).
"""

from __future__ import annotations

import os
import shutil
import tempfile

_SAVED: dict[str, str | None] = {}
_TMP: list[str] = []


def pytest_addoption(parser) -> None:
    parser.addoption("--update-screenshots", action="store_true", default=False,
                     help="browser tests also write the README screenshots into docs/")


def pytest_configure(config) -> None:
    tmp = tempfile.mkdtemp(prefix="backnotes-pytest-")
    _TMP.append(tmp)
    for var, sub in (("BACKNOTES_HOME", "backnotes-home"), ("XDG_DATA_HOME", "xdg-data")):
        _SAVED[var] = os.environ.get(var)
        path = os.path.join(tmp, sub)
        os.makedirs(path)
        os.environ[var] = path


def pytest_unconfigure(config) -> None:
    for var, old in _SAVED.items():
        if old is None:
            os.environ.pop(var, None)
        else:
            os.environ[var] = old
    for tmp in _TMP:
        shutil.rmtree(tmp, ignore_errors=True)


def pytest_collection_modifyitems(session, config, items) -> None:
    """Run the real-browser tests last.

    Playwright's sync API keeps an asyncio event loop running in the main thread for as long as the
    shared browser is open, and ``asyncio.run`` (the timer tests) refuses to start inside a running
    loop. With the browser tests last, the browser opens after every other test has finished.
    """
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)  # stable sort
