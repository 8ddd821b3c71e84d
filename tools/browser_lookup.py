"""Find a Chromium-family browser already on the machine, and the flags to start it headless here.

One place for the browser tests, the benchmarks and the review scripts. Never downloads a browser
(it cannot here, and people may already have one): ``$BACKNOTES_CHROMIUM``, then ``/usr/bin/chromium``,
then chromium / google-chrome on the ``PATH``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

#: Without these Chromium keeps trying to reach Google's services over a closed network.
CHROMIUM_ARGS: tuple[str, ...] = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)


def find_chromium() -> str | None:
    """Path of a Chromium-family browser, or None."""
    env = os.environ.get("BACKNOTES_CHROMIUM")
    if env:
        return env if Path(env).exists() else shutil.which(env)
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_args() -> list[str]:
    """The start flags; as root also ``--no-sandbox`` (Chromium refuses root with its sandbox)."""
    args = list(CHROMIUM_ARGS)
    if os.name == "posix" and os.geteuid() == 0:
        args.append("--no-sandbox")
    return args
