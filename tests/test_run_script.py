"""run.py: the one command of the README. Only the parts that run without building an environment."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def run_py():
    spec = importlib.util.spec_from_file_location("backnotes_run_script", REPO / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_usage_without_a_command():
    proc = subprocess.run([sys.executable, str(REPO / "run.py")], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 2
    for command in ("run.py lab", "run.py test", "run.py bench", "run.py book"):
        assert command in proc.stdout


def test_named_paths_replace_the_default_ones(run_py):
    assert run_py._has_paths(["-x", "tests/test_packaging.py"])
    assert run_py._has_paths(["tests/test_packaging.py::test_import_is_light"])
    assert not run_py._has_paths(["-x", "-k", "browser"])
    assert not run_py._has_paths(["-m", "not browser"])


def test_venv_python_per_platform(run_py, monkeypatch):
    monkeypatch.setattr(run_py.os, "name", "nt")
    assert run_py.venv_python().parts[-2:] == ("Scripts", "python.exe")
    monkeypatch.setattr(run_py.os, "name", "posix")
    assert run_py.venv_python().parts[-2:] == ("bin", "python")


def test_stamp_follows_pyproject(run_py, tmp_path, monkeypatch):
    monkeypatch.setattr(run_py, "VENV", tmp_path)
    assert run_py.read_stamp() == {}
    (tmp_path / run_py.STAMP_NAME).write_text('{"pyproject": "x", "extras": ["test"]}')
    assert run_py.read_stamp()["extras"] == ["test"]
    assert run_py.pyproject_hash() != "x" and len(run_py.pyproject_hash()) == 64
