"""Benchmark: the traffic light and the week's review on ten years of a daily journal.

    python3 run.py bench                  (or: python benchmarks/bench_response.py [--repeats N])

A journal with a pain entry (back and leg) every morning and a session every day for ten years
(3,652 sessions of the 5-exercise gentle routine, its session check and next-morning answer) is
built in a temporary folder. Timed: ``plan.next_week`` (the week's review of the routine) and
``response.exercise_response`` (every session's light, per exercise), median of several runs, each
shown beside the baseline of reading the same journal's ``pain()`` + ``sessions()`` in the same run.
Goal: each under 200 ms. Figures are printed, never asserted: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import backnotes
from backnotes import Journal
from backnotes.plan import next_week
from backnotes.response import exercise_response

GOAL_MS = 200.0
DAYS = 3652


def build(folder: Path) -> tuple[Journal, backnotes.Routine, pd.Timestamp]:
    rng = np.random.default_rng(17)
    start = pd.Timestamp("2016-01-01", tz="UTC")
    days = pd.date_range(start, periods=DAYS, freq="D")
    pain = pd.DataFrame({"at": (days + pd.Timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M:%S+00:00"),
                         "back": rng.integers(0, 8, DAYS), "leg": rng.integers(0, 7, DAYS),
                         "areas": "lower back;calves", "leg_extent": rng.choice(["none", "buttock", "thigh"], DAYS)})
    pain.to_csv(folder / "pain.csv", index=False)
    j = Journal(folder / "j.sqlite", tz="UTC")
    j.import_csv(folder / "pain.csv")
    routine = backnotes.load_routine("gentle-start")
    changes = rng.choice(["less", "same", "further", "gone"], DAYS, p=[0.3, 0.5, 0.05, 0.15])
    morning = rng.choice(["better", "same", "worse"], DAYS, p=[0.3, 0.6, 0.1])
    for i, day in enumerate(days):
        sid = j.log_session(routine, at=day + pd.Timedelta(hours=9))
        j.log_check(sid, back=int(rng.integers(0, 7)), leg=int(rng.integers(0, 6)), leg_change=str(changes[i]),
                    new_nerve_symptoms=bool(rng.random() < 0.01), at=day + pd.Timedelta(hours=9, minutes=40))
        j.log_morning(sid, back=str(morning[i]), at=day + pd.Timedelta(days=1, hours=7))
    return j, routine, days[-1] + pd.Timedelta(hours=20)


def median_ms(fn, repeats: int) -> float:
    fn()  # warm caches (the rules file, the catalog)
    samples = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        j, routine, today = build(Path(tmp))
        print(f"built a journal of {DAYS} days ({j.counts()}) in {time.perf_counter() - t:.1f} s")
        with j:
            base = median_ms(lambda: (j.pain(), j.sessions()), args.repeats)
            print(f"baseline: pain() + sessions() {base:.1f} ms")
            ok = True
            for name, fn in (("next_week", lambda: next_week(j, routine, today=today)),
                             ("exercise_response", lambda: exercise_response(j))):
                ms = median_ms(fn, args.repeats)
                verdict = "PASS" if ms < GOAL_MS else "MISS"
                ok &= ms < GOAL_MS
                print(f"{name}: {ms:.1f} ms (x{ms / base:.1f} the baseline); goal < {GOAL_MS:.0f} ms: {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
