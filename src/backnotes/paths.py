"""Where backnotes keeps a person's files: the user's data folder, never the repository."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ENV_VAR", "data_home"]

#: Environment variable that overrides the data folder (tests and CI point it at a temporary folder).
ENV_VAR = "BACKNOTES_HOME"


def data_home(*, create: bool = True) -> Path:
    """The folder for the journal and saved routines.

    ``$BACKNOTES_HOME`` when set, else ``platformdirs.user_data_dir("backnotes")`` (for example
    ``~/.local/share/backnotes`` on Linux). Created when missing unless ``create`` is False.
    """
    override = os.environ.get(ENV_VAR)
    if override:
        home = Path(override).expanduser()
    else:
        import platformdirs  # imported here: only needed when no override is set

        home = Path(platformdirs.user_data_dir("backnotes", appauthor=False))
    if create:
        home.mkdir(parents=True, exist_ok=True)
    return home
