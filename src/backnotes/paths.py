"""Where backnotes keeps a person's files: the user's data folder, never the repository."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ENV_VAR", "data_home", "default_data_home", "display_path", "describe_data_home"]

#: Environment variable that overrides the data folder (tests and CI point it at a temporary folder).
ENV_VAR = "BACKNOTES_HOME"


def data_home(*, create: bool = True) -> Path:
    """The folder for the journal and saved routines.

    ``$BACKNOTES_HOME`` when set, else ``platformdirs.user_data_dir("backnotes")`` (for example
    ``~/.local/share/backnotes`` on Linux). Created when missing unless ``create`` is False, readable
    by its owner only (0700, see `backnotes.files.private_folder`); the default folder made by an
    older version is made private too (a folder that BACKNOTES_HOME names is left as it is).
    """
    override = os.environ.get(ENV_VAR)
    if override:
        home = Path(override).expanduser()
    else:
        import platformdirs  # imported here: only needed when no override is set

        home = Path(platformdirs.user_data_dir("backnotes", appauthor=False))
    if create:
        from .files import make_private, private_folder

        if not override and home.is_dir():
            make_private(home)
        private_folder(home)
    return home


def default_data_home() -> Path:
    """The folder backnotes uses when ``BACKNOTES_HOME`` is not set (platformdirs' user data folder)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("backnotes", appauthor=False))


def _inside(path: Path, folder: Path) -> Path | None:
    try:
        return path.relative_to(folder)
    except ValueError:
        return None


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as a reader should see it: no machine-specific folder names.

    Inside the backnotes folder it starts with ``$BACKNOTES_HOME`` when that variable chose the folder,
    else with the home folder shortened to ``~`` (``~/.local/share/backnotes/...`` on Linux); anywhere
    else under the home folder it starts with ``~``; other paths are shown as they are. Use it when a
    notebook prints a file name, so saved outputs do not show one machine's temporary folders.

    >>> display_path(data_home() / "routines" / "morning.html").endswith("/routines/morning.html")
    True
    >>> display_path("/etc/hosts")
    '/etc/hosts'
    """
    p = Path(os.path.abspath(os.fspath(path)))
    override = os.environ.get(ENV_VAR)
    if override:
        rel = _inside(p, Path(os.path.abspath(Path(override).expanduser())))
        if rel is not None:
            return "$" + ENV_VAR + ("" if rel == Path(".") else "/" + rel.as_posix())
    home = Path(os.path.abspath(Path.home()))
    rel = _inside(p, home)
    if rel is not None:
        return "~" + ("" if rel == Path(".") else "/" + rel.as_posix())
    return str(p)


def _default_shown() -> str:
    shown = display_path(default_data_home())
    if shown.startswith("~"):
        return shown
    # a data folder outside the home folder (XDG_DATA_HOME elsewhere, a temporary folder): say what it is
    return "your user data folder (for example ~/.local/share/backnotes on Linux)"


def describe_data_home() -> str:
    """Where backnotes keeps your files, in words a reader can use on their own computer.

    Says whether ``BACKNOTES_HOME`` chose the folder and names the default folder with the home folder
    shortened to ``~`` (for example ``~/.local/share/backnotes``), never a machine's temporary path.
    """
    if not os.environ.get(ENV_VAR):
        return f"Your backnotes folder is {_default_shown()} (set BACKNOTES_HOME to choose another)."
    saved_env = os.environ.pop(ENV_VAR)
    try:
        default = _default_shown()
    finally:
        os.environ[ENV_VAR] = saved_env
    return (f"Your backnotes folder is $BACKNOTES_HOME: the environment variable BACKNOTES_HOME chose it. "
            f"Without it the folder would be {default}.")
