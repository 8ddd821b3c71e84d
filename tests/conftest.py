"""Unit-test setup: no display needed, and each test gets its own ``BACKNOTES_HOME``.

``matplotlib.use("Agg")`` is called here rather than exporting ``MPLBACKEND``: the environment variable
would leak into notebook kernels (nbval, the browser tests) and hide every figure there.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def backnotes_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private, empty data folder for this test (``$BACKNOTES_HOME``)."""
    home = tmp_path / "backnotes-home"
    home.mkdir()
    monkeypatch.setenv("BACKNOTES_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    """Close the figures a test left open (pyplot keeps them alive otherwise)."""
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
