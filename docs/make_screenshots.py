"""Regenerate the README screenshots (docs/*.png) with the real-browser test harness.

    python3 run.py test tests/browser -k screenshot --update-screenshots    (sets up .venv first)
    .venv/bin/python docs/make_screenshots.py                               (same, in a ready env)

Needs Chromium (see tests/browser/conftest.py). Every test named ``*screenshot*`` in tests/browser
writes its picture into docs/ when pytest gets ``--update-screenshots``.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    cmd = [sys.executable, "-m", "pytest", "tests/browser", "-k", "screenshot", "--update-screenshots",
           "-p", "no:cacheprovider", "-q", *sys.argv[1:]]
    print("running:", " ".join(cmd[2:]), flush=True)
    started = time.time()
    code = subprocess.call(cmd, cwd=REPO)
    for png in sorted((REPO / "docs").glob("*.png")):
        if png.stat().st_mtime >= started:
            print(f"wrote {png.relative_to(REPO)}")
    sys.exit(code)
