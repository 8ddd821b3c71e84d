#!/usr/bin/env python3
"""Keep committed notebooks tidy and merge-friendly (standard library only).

    python3 tools/nbtidy.py [NOTEBOOK ...]     default: notebooks/*.ipynb

- turns ``# NBVAL_CHECK_OUTPUT`` / ``# NBVAL_SKIP`` comment lines into the cell tags nbval reads
  (``nbval-check-output`` / ``nbval-skip``), so learners see no test plumbing;
- drops the per-cell ``execution`` timestamps JupyterLab records (they change on every run and make
  every re-run a merge conflict);
- writes the file the way nbformat does (sorted keys, indent 1), so a tidy notebook diffs cleanly.
It exits 1 when it changed a file (useful as a check), 0 otherwise.
"""

from __future__ import annotations

import glob
import json
import re
import sys
from pathlib import Path

MARKERS = {"NBVAL_CHECK_OUTPUT": "nbval-check-output", "NBVAL_SKIP": "nbval-skip",
           "NBVAL_IGNORE_OUTPUT": "nbval-ignore-output", "NBVAL_RAISES_EXCEPTION": "raises-exception"}
MARKER_LINE = re.compile(r"^\s*#\s*(NBVAL_[A-Z_]+)\s*$")


def tidy(nb: dict) -> dict:
    for cell in nb.get("cells", []):
        meta = cell.setdefault("metadata", {})
        meta.pop("execution", None)
        if cell.get("cell_type") != "code":
            continue
        src = cell.get("source", "")
        lines = src if isinstance(src, list) else src.splitlines(keepends=True)
        kept = []
        for line in lines:
            m = MARKER_LINE.match(line)
            if m and m.group(1) in MARKERS:
                tags = meta.setdefault("tags", [])
                if MARKERS[m.group(1)] not in tags:
                    tags.append(MARKERS[m.group(1)])
                continue
            kept.append(line)
        if kept and kept[-1].endswith("\n"):  # the last source line carries no newline
            kept[-1] = kept[-1][:-1]
        cell["source"] = kept
    return nb


def main(argv: list[str]) -> int:
    paths = argv or sorted(glob.glob(str(Path(__file__).resolve().parent.parent / "notebooks" / "*.ipynb")))
    changed = 0
    for path in paths:
        raw = Path(path).read_text(encoding="utf-8")
        out = json.dumps(tidy(json.loads(raw)), sort_keys=True, indent=1, ensure_ascii=False) + "\n"
        if out != raw:
            Path(path).write_text(out, encoding="utf-8")
            print(f"tidied {path}")
            changed += 1
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
