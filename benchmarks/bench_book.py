"""Benchmark: how long the static book takes to build (python3 run.py book).

    python3 run.py bench                  (or: python benchmarks/bench_book.py [--repeats N])

The six notebooks (saved outputs, never executed), the README front page and the glossary are built
with the book's own configuration, in a fresh process, exactly as ``run.py book`` does. Baseline,
measured in the same run: a plain Sphinx build of one empty page with the same configuration and theme
(what any book costs before it has content). Goal: the book in under 60 s on this machine; the ratio to
the baseline says how much of that the notebooks themselves add.

Figures are printed, never asserted: timings depend on the machine. Needs the book extra
(``pip install -e '.[book]'``; ``python3 run.py book`` installs it).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOAL_S = 60.0


def _timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def build_book(tmp: Path) -> float:
    out = tmp / "book" / "html"
    shutil.rmtree(tmp / "book", ignore_errors=True)
    return _timed([sys.executable, str(REPO / "book" / "build.py"), "--out", str(out)])


def build_empty(tmp: Path) -> float:
    src, out = tmp / "empty" / "src", tmp / "empty" / "html"
    shutil.rmtree(tmp / "empty", ignore_errors=True)
    src.mkdir(parents=True)
    shutil.copy(REPO / "book" / "conf.py", src / "conf.py")
    (src / "index.md").write_text("# Empty\n", encoding="utf-8")
    return _timed([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", str(src), str(out)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2, help="builds of each kind (median is reported)")
    args, _ = parser.parse_known_args(argv)  # run.py bench passes the same options to every script
    try:
        import myst_nb  # noqa: F401
    except ImportError:
        print("bench_book: SKIPPED: the book extra is not installed (run python3 run.py book once)")
        return 0
    print(f"\nStatic book build: median of {args.repeats} builds each, fresh processes")
    with tempfile.TemporaryDirectory(prefix="backnotes-bench-book-") as tmp_name:
        tmp = Path(tmp_name)
        build_empty(tmp)  # warm the file cache
        empty, book = [], []
        for _ in range(args.repeats):  # alternate, so machine noise hits both alike
            empty.append(build_empty(tmp))
            book.append(build_book(tmp))
    e, b = statistics.median(empty), statistics.median(book)
    print(f"   {'case':<44}{'median s':>9}{'vs empty':>10}{'goal':>8}  result")
    print(f"   {'plain Sphinx, one empty page (baseline)':<44}{e:>9.1f}{1.0:>10.2f}{'':>8}")
    print(f"   {'book: 6 notebooks + README + glossary':<44}{b:>9.1f}{b / e:>10.2f}{'<' + str(int(GOAL_S)) + ' s':>8}  "
          f"{'PASS' if b < GOAL_S else 'MISS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
