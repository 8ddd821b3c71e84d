"""Journal benchmarks: CSV import, reading back, and the pain plot, each against a bare baseline
measured in the same run (ratios travel between machines better than seconds).

Run: ``python benchmarks/bench_journal.py`` (about half a minute). Writes only to a temporary folder.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

os.environ.setdefault("MPLBACKEND", "Agg")
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from backnotes.journal import LEG_EXTENTS, Journal  # noqa: E402
from backnotes.vocab import BODY_AREAS  # noqa: E402

N_ROWS = 100_000
REPEATS = 7


def paired(ours, baseline, repeats: int = REPEATS) -> tuple[float, float]:
    """Best wall-clock time of each over ``repeats`` rounds, the two run alternately so that a burst
    of load from other processes on this shared machine hits both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for fn, out in ((ours, times[0]), (baseline, times[1])):
            t0 = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t0)
    return min(times[0]), min(times[1])


def make_csv(path: Path, n: int) -> None:
    rng = np.random.default_rng(1)
    start = pd.Timestamp("2001-01-01 07:00", tz="Europe/London")
    at = start + pd.to_timedelta(np.arange(n) * 3600 * 2 + rng.integers(0, 3000, n), unit="s")
    areas = np.array(["lower back", "lower back;glutes", "glutes;hamstrings", "lower back;hips;glutes", ""])
    frame = pd.DataFrame({
        "at": [t.isoformat() for t in at],
        "score": rng.integers(0, 11, n),
        "areas": areas[rng.integers(0, len(areas), n)],
        "leg_extent": np.array(LEG_EXTENTS)[rng.integers(0, len(LEG_EXTENTS), n)],
        "note": np.where(rng.random(n) < 0.1, "after a long drive", ""),
    })
    frame.to_csv(path, index=False)


def main() -> int:
    assert BODY_AREAS
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = folder / "pain.csv"
        make_csv(csv_path, N_ROWS)
        counter = iter(range(1000))

        def raw_import() -> None:
            con = sqlite3.connect(folder / f"raw{next(counter)}.sqlite")
            con.execute("PRAGMA journal_mode = WAL")
            pd.read_csv(csv_path).to_sql("pain", con, index=False)
            con.commit()
            con.close()

        def our_import() -> None:
            with Journal(folder / f"ours{next(counter)}.sqlite", tz="Europe/London") as j:
                assert j.import_csv(csv_path) == N_ROWS

        t_ours, t_raw = paired(our_import, raw_import)
        results.append(("import 100k pain rows from CSV", t_ours, t_raw, "ratio <= 1.5", t_ours / t_raw <= 1.5))

        journal = Journal(folder / "read.sqlite", tz="Europe/London")
        journal.import_csv(csv_path)
        con = sqlite3.connect(folder / "read.sqlite")
        t_ours, t_raw = paired(journal.pain, lambda: pd.read_sql("SELECT * FROM pain", con))
        results.append(("read 100k pain rows as a frame", t_ours, t_raw, "ratio <= 1.2", t_ours / t_raw <= 1.2))
        con.close()
        journal.close()

        from backnotes.plots import pain_over_time

        days = pd.date_range("2016-01-01 08:00", periods=3653, freq="D", tz="Europe/London")
        rng = np.random.default_rng(2)
        pain = pd.DataFrame({"at": days, "score": np.clip(np.round(5 + 2 * np.sin(np.arange(3653) / 60)
                                                                  + rng.normal(0, 1, 3653)), 0, 10).astype(int)})

        def our_plot() -> None:
            fig, ax = plt.subplots(figsize=(10, 4))
            pain_over_time(pain, ax=ax)
            fig.canvas.draw()
            plt.close(fig)

        def bare_plot() -> None:
            fig, ax = plt.subplots(figsize=(10, 4))
            ax.plot(pain["at"], pain["score"])
            fig.canvas.draw()
            plt.close(fig)

        t_ours, t_raw = paired(our_plot, bare_plot)
        results.append(("pain plot, 10 years daily (drawn)", t_ours, t_raw, "< 0.5 s", t_ours < 0.5))

    print(f"{'benchmark':36} {'ours s':>8} {'baseline s':>11} {'ratio':>6}  {'goal':13} result")
    for name, ours, base, goal, ok in results:
        print(f"{name:36} {ours:8.3f} {base:11.3f} {ours / base:6.2f}  {goal:13} {'PASS' if ok else 'MISS'}")
    print("baselines: raw pandas.read_csv + DataFrame.to_sql; raw pandas.read_sql; a bare ax.plot of the same data")
    return 0 if all(r[-1] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
