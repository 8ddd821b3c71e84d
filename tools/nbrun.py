#!/usr/bin/env python3
"""Re-run notebooks top to bottom on a fresh kernel and save them with their outputs, ready for nbval.

    .venv/bin/python tools/nbrun.py [NOTEBOOK ...]     default: notebooks/*.ipynb (not app.ipynb)

Runs in the project's environment (nbclient comes with JupyterLab). Each notebook runs with its own
folder as the working directory and with ``BACKNOTES_HOME`` / ``XDG_DATA_HOME`` pointed at a fresh
temporary folder, so a re-run never touches a real journal and shows no personal paths. Widget state
is not stored (it bloats the files); afterwards ``nbtidy`` drops the run's timestamps.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
import nbtidy  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def run_one(path: Path, timeout: int = 600) -> None:
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="backnotes-nbrun-") as tmp:
        for var, sub in (("BACKNOTES_HOME", "home"), ("XDG_DATA_HOME", "xdg")):
            os.makedirs(os.path.join(tmp, sub))
            os.environ[var] = os.path.join(tmp, sub)
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=False,
                                resources={"metadata": {"path": str(path.parent)}})
        client.execute()
    nb.metadata.pop("widgets", None)
    nbformat.write(nbtidy.tidy(nb), path)
    nbtidy.main([str(path)])
    print(f"ran {path.relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or [
        p for p in sorted((ROOT / "notebooks").glob("*.ipynb")) if p.name != "app.ipynb"]
    for path in paths:
        run_one(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
