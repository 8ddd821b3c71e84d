"""display_path / describe_data_home: saved outputs show paths a reader would have, not /tmp folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from backnotes.paths import default_data_home, describe_data_home, display_path


def test_inside_backnotes_home_shows_the_variable(backnotes_home: Path) -> None:
    assert display_path(backnotes_home / "routines" / "x.html") == "$BACKNOTES_HOME/routines/x.html"
    assert display_path(backnotes_home) == "$BACKNOTES_HOME"
    assert "/tmp" not in display_path(str(backnotes_home / "journal.sqlite"))


def test_home_folder_is_shortened(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "someone"))
    monkeypatch.delenv("BACKNOTES_HOME")
    assert display_path(tmp_path / "someone" / "notes" / "a.csv") == "~/notes/a.csv"
    assert display_path("/etc/hosts") == "/etc/hosts"  # elsewhere: as it is


def test_describe_names_the_default_without_machine_paths(monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "someone"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    text = describe_data_home()  # BACKNOTES_HOME is set by the test fixture
    assert "BACKNOTES_HOME chose it" in text and str(tmp_path) not in text
    assert display_path(default_data_home()) in text
    monkeypatch.delenv("BACKNOTES_HOME")
    text = describe_data_home()
    assert text.startswith("Your backnotes folder is ~/") and str(tmp_path) not in text


def test_describe_never_shows_a_data_folder_outside_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "someone"))
    monkeypatch.setenv("XDG_DATA_HOME", "/tmp/elsewhere-xdg")  # what tools/nbrun.py does
    for text in (describe_data_home(), (monkeypatch.delenv("BACKNOTES_HOME"), describe_data_home())[1]):
        assert "/tmp" not in text and "~/.local/share/backnotes" in text
