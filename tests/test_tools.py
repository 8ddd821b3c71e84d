"""The notebook tools the developers use to keep committed notebooks clean and mergeable."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import nbmerge  # noqa: E402
import nbtidy  # noqa: E402


def _cell(cid: str, source: str, tags: list[str] | None = None) -> dict:
    meta = {"tags": tags} if tags else {}
    return {"id": cid, "cell_type": "code", "source": source, "metadata": meta,
            "outputs": [{"output_type": "stream", "name": "stdout", "text": cid}], "execution_count": 1}


def test_nbmerge_takes_each_sides_cell_changes_and_insertions() -> None:
    base = {"cells": [_cell("a", "x"), _cell("b", "y"), _cell("c", "z")]}
    ours = {"cells": [_cell("a", "x2"), _cell("b", "y"), _cell("c", "z"), _cell("o", "ours")]}
    theirs = {"cells": [_cell("a", "x"), _cell("t", "theirs"), _cell("b", "y3")]}
    merged, clean = nbmerge.merge(base, ours, theirs)
    assert clean
    assert [(c["id"], c["source"]) for c in merged["cells"]] == [
        ("a", "x2"), ("t", "theirs"), ("b", "y3"), ("o", "ours")]


def test_nbmerge_merges_both_sides_edits_of_one_cell_as_text_and_flags_conflicts() -> None:
    base = {"cells": [_cell("a", "one\ntwo\nthree\n")]}
    ours = {"cells": [_cell("a", "ONE\ntwo\nthree\n")]}
    theirs = {"cells": [_cell("a", "one\ntwo\nTHREE\n", tags=["nbval-check-output"])]}
    merged, clean = nbmerge.merge(base, ours, theirs)
    cell = merged["cells"][0]
    assert clean and "".join(cell["source"]) == "ONE\ntwo\nTHREE\n"
    assert cell["outputs"] == [] and cell["metadata"]["tags"] == ["nbval-check-output"]
    _, clean = nbmerge.merge(base, ours, {"cells": [_cell("a", "uno\ntwo\nthree\n")]})
    assert not clean


def test_nbtidy_turns_markers_into_tags_and_drops_timestamps() -> None:
    cell = _cell("a", ["# NBVAL_CHECK_OUTPUT\n", "print(1)\n"])
    cell["metadata"]["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    nb = nbtidy.tidy({"cells": [cell]})
    out = nb["cells"][0]
    assert out["source"] == ["print(1)"]
    assert out["metadata"] == {"tags": ["nbval-check-output"]}
