#!/usr/bin/env python3
"""A git merge driver for notebooks that merges cell by cell (standard library only).

Set up once per clone (the attribute is committed in .gitattributes)::

    git config merge.nbcells.name "notebook cells"
    git config merge.nbcells.driver "python3 tools/nbmerge.py %O %A %B"

Cells are matched by their ``id``. A cell changed (source, type or tags) on one side only takes
that side, with its outputs; a cell added on one side is inserted after its neighbour; a cell
deleted on one side, unchanged on the other, goes. A cell whose source both sides changed gets a
text 3-way merge of its source (``git merge-file``) and loses its outputs; if that conflicts, the
conflict markers stay in the source and the driver exits 1. Re-run merged notebooks afterwards
(``tools/nbrun.py``): outputs from two branches never belong together.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path


def _key(cell: dict) -> tuple:
    src = cell.get("source", "")
    return (cell.get("cell_type"), "".join(src) if isinstance(src, list) else src,
            tuple(cell.get("metadata", {}).get("tags", [])))


def _merge_text(base: str, ours: str, theirs: str) -> tuple[str, bool]:
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            p = Path(tmp, name)
            p.write_text(text, encoding="utf-8")
            paths.append(str(p))
        code = subprocess.run(["git", "merge-file", "-p", *paths], capture_output=True, text=True)
        return code.stdout, code.returncode == 0


def merge(base: dict, ours: dict, theirs: dict) -> tuple[dict, bool]:
    bcells = {c["id"]: c for c in base["cells"] if "id" in c}
    ocells = {c["id"]: c for c in ours["cells"] if "id" in c}
    tcells = {c["id"]: c for c in theirs["cells"] if "id" in c}
    clean = True
    result: list[dict] = []
    for cell in ours["cells"]:
        cid = cell.get("id")
        if cid in bcells and cid not in tcells:  # deleted by theirs
            if _key(cell) == _key(bcells[cid]):
                continue
            clean = False  # changed by us, deleted by them: keep ours, flag it
        elif cid in bcells and cid in tcells:
            b, t = bcells[cid], tcells[cid]
            if _key(t) != _key(b):
                if _key(cell) == _key(b):
                    cell = t
                elif _key(cell) != _key(t):
                    text, ok = _merge_text(_key(b)[1], _key(cell)[1], _key(t)[1])
                    cell = dict(cell, source=text.splitlines(keepends=True))
                    tags = list(dict.fromkeys([*cell.get("metadata", {}).get("tags", []),
                                               *t.get("metadata", {}).get("tags", [])]))
                    if tags:
                        cell["metadata"] = dict(cell.get("metadata", {}), tags=tags)
                    if cell.get("cell_type") == "code":
                        cell["outputs"], cell["execution_count"] = [], None
                    clean = clean and ok
        result.append(cell)
    # cells theirs added: after their nearest preceding neighbour that is in the result
    ids = [c.get("id") for c in result]
    prev = None
    for cell in theirs["cells"]:
        cid = cell.get("id")
        if cid not in bcells and cid not in ocells:
            at = ids.index(prev) + 1 if prev in ids else 0
            result.insert(at, cell)
            ids.insert(at, cid)
        prev = cid
    out = dict(ours, cells=result)
    return out, clean


def main(argv: list[str]) -> int:
    base_p, ours_p, theirs_p = argv[:3]
    load = lambda p: json.loads(Path(p).read_text(encoding="utf-8") or '{"cells": []}')  # noqa: E731
    try:
        merged, clean = merge(load(base_p), load(ours_p), load(theirs_p))
    except (ValueError, KeyError) as exc:
        print(f"nbmerge: cannot merge by cells ({exc}); falling back to a text conflict", file=sys.stderr)
        return 1
    Path(ours_p).write_text(json.dumps(merged, sort_keys=True, indent=1, ensure_ascii=False) + "\n",
                            encoding="utf-8")
    if not clean:
        print("nbmerge: some cells changed on both sides: look for conflict markers", file=sys.stderr)
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
