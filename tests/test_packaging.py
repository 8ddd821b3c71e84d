"""The built wheel carries the catalog, and ``import backnotes`` stays light.

An editable install reads data files straight from ``src/``, so it hides a data file the wheel
forgets: these tests build the real wheel, unpack it and import backnotes from that copy.
"""

from __future__ import annotations

import json
import os
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
    "backnotes/data/quiz.toml",
    "backnotes/data/glossary.toml",
    "backnotes/data/reference.toml",
    "backnotes/data/routines/gentle-start.json",
    "backnotes/data/routines/article-full.json",
    # the app's Voilà template: a class image built from the wheel needs it (deploy/install_voila_template.py)
    "backnotes/data/voila/templates/backnotes/conf.json",
    "backnotes/data/voila/templates/backnotes/index.html.j2",
)


def offline_env() -> dict[str, str]:
    """This process's environment with pip told to use no index and every proxy pointed at a closed
    local port: anything that tries the network fails quickly instead of succeeding quietly."""
    env = dict(os.environ)
    nowhere = "http://127.0.0.1:9"  # the discard port: nothing listens here
    env.update({"PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "PIP_INDEX_URL": nowhere, "PIP_FIND_LINKS": "", "PIP_RETRIES": "0",
                "HTTP_PROXY": nowhere, "HTTPS_PROXY": nowhere, "http_proxy": nowhere, "https_proxy": nowhere,
                "ALL_PROXY": nowhere, "NO_PROXY": "", "no_proxy": ""})
    return env


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
    # --no-isolation: build with the setuptools installed in this environment (the test extra has
    # it) instead of fetching one from the package index, so the suite passes with no network. The
    # environment below makes any index or web access fail at once, which proves no look-up happens.
    proc = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist),
                           str(src)], capture_output=True, text=True, timeout=600, env=offline_env())
    assert proc.returncode == 0, f"building the wheel failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    wheels = list(dist.glob("backnotes-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_the_offline_environment_blocks_package_downloads(tmp_path: Path) -> None:
    """The proof behind ``wheel``: under `offline_env` a build *with* isolation (which must download
    setuptools) fails, so the no-isolation build above succeeds without any download."""
    pytest.importorskip("build", reason="the `build` package is in the test extra: pip install -e '.[test]'")
    proc = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path), str(REPO)],
                          capture_output=True, text=True, timeout=300, env=offline_env())
    assert proc.returncode != 0
    assert "setuptools" in proc.stdout + proc.stderr  # it failed fetching the build backend
    assert not list(tmp_path.glob("*.whl"))


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
