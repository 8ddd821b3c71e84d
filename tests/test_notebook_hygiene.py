"""The committed notebooks carry no test plumbing a learner would read, and stay merge-friendly."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
# the numbered tutorial; notebooks/app.ipynb is the app Voilà serves (one cell, no output to check)
TUTORIAL = [p for p in NOTEBOOKS if re.match(r"\d\d_", p.name)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_nbval_comment_markers(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"])
        assert not re.search(r"#\s*NBVAL_", source), f"{path.name} cell {i}: use the cell tag instead"


@pytest.mark.parametrize("path", TUTORIAL, ids=lambda p: p.name)
def test_checked_cells_are_tagged_and_no_execution_timestamps(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    tagged = [c for c in nb["cells"] if "nbval-check-output" in c.get("metadata", {}).get("tags", [])]
    assert tagged, f"{path.name}: no cell is checked by nbval"
    assert not any("execution" in c.get("metadata", {}) for c in nb["cells"]), \
        f"{path.name}: run python3 tools/nbtidy.py"
