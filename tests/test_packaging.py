"""The built wheel carries the catalog, and ``import backnotes`` stays light.

An editable install reads data files straight from ``src/``, so it hides a data file the wheel
forgets: these tests build the real wheel, unpack it and import backnotes from that copy.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA_FILES = (
    "backnotes/data/exercises.toml",
    "backnotes/data/guidance.toml",
    "backnotes/data/poses.toml",
    "backnotes/data/routines/gentle-start.json",
    "backnotes/data/routines/article-full.json",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from a copy of the source (so the repo gets no build/ litter)."""
    pytest.importorskip("build", reason="the `build` package is in the test extra: pip install -e '.[test]'")
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src-copy"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", "setup.cfg", "MANIFEST.in"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, src / name)
    shutil.copytree(REPO / "src", src / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"))
    dist = tmp / "dist"
    proc = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(src)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"building the wheel failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    wheels = list(dist.glob("backnotes-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_contains_the_data_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [f for f in DATA_FILES if f not in names]
    assert not missing, f"the wheel lacks {missing}"
    assert "backnotes/__init__.py" in names


def test_catalog_loads_from_the_unpacked_wheel(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"  # cwd away from the repo: no accidental import from src/
    elsewhere.mkdir()
    code = textwrap.dedent(f"""
        import json, sys
        sys.path.insert(0, {str(site)!r})
        from importlib import resources
        import backnotes
        toml = resources.files("backnotes").joinpath("data/exercises.toml")
        df = backnotes.load_exercises()
        routine = backnotes.load_routine("gentle-start")
        from backnotes import poses
        print(json.dumps({{"file": backnotes.__file__, "toml": str(toml), "n": len(df),
                           "tips": len(backnotes.tips()), "routine": len(routine.items),
                           "posed": len(set(df.index) & set(poses.exercises_with_keyframes()))}}))
    """)
    proc = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    assert Path(found["file"]).resolve().is_relative_to(site.resolve()), found["file"]
    assert Path(found["toml"]).resolve().is_relative_to(site.resolve()), found["toml"]
    assert found["n"] == 11
    assert found["tips"] == 3
    assert found["routine"] == 5  # the ready-made "gentle start": the five warm-up stretches
    assert found["posed"] == 11  # data/poses.toml is in the wheel: every exercise has its picture


def test_import_is_light() -> None:
    """``import backnotes``, the catalog calls and the other core modules never pull in matplotlib or ipywidgets."""
    code = textwrap.dedent("""
        import json, sys
        import backnotes
        after_import = sorted(m for m in ("matplotlib", "ipywidgets") if m in sys.modules)
        df = backnotes.load_exercises()
        backnotes.filter_exercises(df, areas=[backnotes.BODY_AREAS[0]])
        backnotes.exercise_areas(df)
        # the rest of the core: routines, timing, journal, insights, measures
        import backnotes.routine, backnotes.timing, backnotes.journal, backnotes.insights, backnotes.measures
        after_use = sorted(m for m in ("matplotlib", "ipywidgets") if m in sys.modules)
        print(json.dumps([after_import, after_use]))
    """)
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    after_import, after_use = json.loads(proc.stdout.strip().splitlines()[-1])
    assert after_import == [], f"import backnotes loaded {after_import}"
    assert after_use == [], f"the catalog functions loaded {after_use}"
