"""Benchmark: how fast backnotes imports and filters a catalog.

    python3 run.py bench                  (or: python benchmarks/bench_catalog.py [--repeats N])

1. ``import backnotes`` as a ratio to ``import pandas``, both timed inside fresh interpreters (the
   interpreter's own start-up is left out), several repeats, median. Also ``import backnotes`` +
   the first ``load_exercises()`` against the same baseline. Goal: ratio <= 1.15.
2. ``filter_exercises`` latency on the free-exercise-db catalog (873 records) for a mix of filters:
   median and 95th percentile in ms. Goal: <= 20 ms. The file is taken from ``$BACKNOTES_FREE_DB``, else
   ``../shared/external/free-exercise-db/exercises.json`` next to the repo.

Figures are printed, never asserted: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
IMPORT_GOAL = 1.15
FILTER_GOAL_MS = 20.0

_TIMER = "import time; t = time.perf_counter(); {stmt}; print(time.perf_counter() - t)"
IMPORT_CASES = {
    "import pandas": "import pandas",
    "import backnotes": "import backnotes",
    "import backnotes + load_exercises()": "import backnotes; backnotes.load_exercises()",
}


def time_in_fresh_interpreter(stmt: str) -> float:
    """Seconds ``stmt`` takes in a new Python process (start-up excluded)."""
    out = subprocess.run([sys.executable, "-c", _TIMER.format(stmt=stmt)], capture_output=True,
                         text=True, check=True, cwd=REPO)
    return float(out.stdout.strip().splitlines()[-1])


def bench_imports(repeats: int) -> dict[str, float]:
    """Median seconds per case; the cases alternate so machine noise hits them alike."""
    for stmt in IMPORT_CASES.values():  # warm the OS file cache once
        time_in_fresh_interpreter(stmt)
    samples: dict[str, list[float]] = {name: [] for name in IMPORT_CASES}
    for _ in range(repeats):
        for name, stmt in IMPORT_CASES.items():
            samples[name].append(time_in_fresh_interpreter(stmt))
    return {name: statistics.median(values) for name, values in samples.items()}


def free_db_path() -> Path:
    env = os.environ.get("BACKNOTES_FREE_DB")
    if env:
        return Path(env)
    return REPO.parent / "shared" / "external" / "free-exercise-db" / "exercises.json"


def filter_mix(df) -> dict[str, dict]:
    """A mix of filters a person would use, built from values this catalog actually holds."""
    import backnotes

    areas = backnotes.exercise_areas(df)["area"].value_counts()
    common = [str(a) for a in areas[areas > 0].index]
    equipment = df["equipment"].value_counts()
    eq = str(equipment[equipment > 0].index[0])
    return {
        "one area": {"areas": [common[0]]},
        "three areas": {"areas": common[:3]},
        "equipment": {"equipment": eq},
        "phase + kind": {"phase": "warm-up stretch", "kind": "hold"},
        "text 'stretch'": {"text": "stretch"},
        "area + equipment + text": {"areas": [common[1]], "equipment": eq, "text": "press"},
        "everything (no filter)": {},
    }


def bench_filters(path: Path, repeats: int) -> list[tuple[str, int, float, float]]:
    import backnotes

    df = backnotes.load_free_exercise_db(path)
    rows = []
    for name, kwargs in filter_mix(df).items():
        backnotes.filter_exercises(df, **kwargs)  # warm-up
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            hits = backnotes.filter_exercises(df, **kwargs)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        rows.append((name, len(hits), statistics.median(times), p95))
    return rows


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9, help="fresh interpreters per import case")
    parser.add_argument("--filter-repeats", type=int, default=200, help="runs per filter")
    args = parser.parse_args(argv)

    print(f"backnotes benchmark  (Python {sys.version.split()[0]}, {sys.platform})")
    print(f"\n1. Import time: median of {args.repeats} fresh interpreters each")
    med = bench_imports(args.repeats)
    base = med["import pandas"]
    print(f"   {'case':<38}{'median ms':>10}{'vs pandas':>11}{'goal':>8}  result")
    for name, seconds in med.items():
        ratio = seconds / base
        goal = "" if name == "import pandas" else f"<={IMPORT_GOAL}"
        result = "" if name == "import pandas" else verdict(ratio <= IMPORT_GOAL)
        print(f"   {name:<38}{seconds * 1000:>10.1f}{ratio:>11.2f}{goal:>8}  {result}")
    print("   (import backnotes is lazy: pandas loads on the first catalog call, hence the second row)")

    path = free_db_path()
    print(f"\n2. Filter latency on the free-exercise-db catalog: {args.filter_repeats} runs per filter")
    if not path.exists():
        print(f"   SKIPPED: {path} not found. Set BACKNOTES_FREE_DB to the path of free-exercise-db's "
              "exercises.json (https://github.com/yuhonas/free-exercise-db, dist/exercises.json).")
        return 0
    print(f"   file: {path}")
    print(f"   {'filter':<28}{'hits':>6}{'median ms':>11}{'p95 ms':>9}{'goal':>9}  result")
    for name, hits, median, p95 in bench_filters(path, args.filter_repeats):
        print(f"   {name:<28}{hits:>6}{median:>11.2f}{p95:>9.2f}{'<=' + str(FILTER_GOAL_MS):>9}  "
              f"{verdict(p95 <= FILTER_GOAL_MS)}")
    print("   (result judged on p95, the stricter of the two)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
