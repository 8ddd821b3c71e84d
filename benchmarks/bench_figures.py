"""What do the exercise pictures cost?

1. `backnotes.figures.exercise_svg` for each of the 11 exercises, moving (``animate=True``) and still
   (``animate=False``): median milliseconds per picture over repeated calls, each one cold: the
   renderer's caches (joint positions by forward kinematics, limb shapes) are emptied before every
   call; only the data file, read once per process, stays read. Measured as CPU time of the thread
   (`time.thread_time`), so other programs competing for the cores do not inflate it.
   Goal: below 5 ms per exercise.
2. The kernel's CPU while a TimerPlayer runs a session with pictures on, against the same player
   with pictures off and against the bare `Timer.run` of benchmarks/bench_timer.py, all in this run.
   The browser animates the pictures; the kernel only swaps a picture when the phase changes.
   Goal: still below 2 % of one core. Phases are shortened to 0.3-2 s (as in bench_timer), so there
   are many more picture changes than in a real session: a worst case.

    python benchmarks/bench_figures.py                # 60 s sessions
    python benchmarks/bench_figures.py --seconds 10   # a quick run
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_timer, beside this file

import bench_timer  # noqa: E402

from backnotes import figures, load_exercises  # noqa: E402

RENDER_GOAL_MS = 5.0
CPU_GOAL_PCT = 2.0


def cold() -> None:
    """Empty every cache between the data file and the SVG text."""
    from backnotes import poses

    for fn in (figures._layout, figures._segment_shape, figures.cached_svg, poses.pose):
        fn.cache_clear()


def render_times(repeat: int) -> list[tuple[str, float, float, int]]:
    """(exercise, median ms animated, median ms still, bytes animated) per exercise."""
    rows = []
    for eid in load_exercises().index:
        figures.exercise_svg(eid)  # first call reads the data files
        timings = {}
        for animate in (True, False):
            samples = []
            for _ in range(repeat):
                cold()
                t0 = time.thread_time()  # CPU time: the machine may be busy with other work
                figures.exercise_svg(eid, animate=animate)
                samples.append((time.thread_time() - t0) * 1e3)
            timings[animate] = statistics.median(samples)
        rows.append((eid, timings[True], timings[False], len(figures.exercise_svg(eid))))
    return rows


async def player_cpu(phases, interval: float, pictures: bool) -> dict:
    from backnotes import Routine
    from backnotes.widgets import TimerPlayer

    widget = TimerPlayer(Routine.from_ids(["forearm-press-up"], name="bench"), interval=interval,
                         pictures=pictures, tone=False)
    widget.phases = phases
    widget.timer = widget._new_timer()
    cpu0, wall0 = time.process_time(), time.monotonic()
    widget.buttons["Start"].click()
    await widget._task
    cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
    return {"cpu_pct": 100 * cpu / wall, "wall": wall}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60.0, help="length of each session (default 60)")
    ap.add_argument("--interval", type=float, default=0.1, help="tick interval of the runner (default 0.1 s)")
    ap.add_argument("--repeat", type=int, default=30, help="renders per exercise for the median (default 30)")
    args = ap.parse_args(argv)

    rows = render_times(args.repeat)
    print(f"Python {sys.version.split()[0]}; exercise_svg, median CPU time of {args.repeat} cold calls")
    print(f"{'exercise':<20}{'moving ms':>10}{'still ms':>10}{'moving bytes':>14}")
    for eid, a, s, n in rows:
        print(f"{eid:<20}{a:>10.2f}{s:>10.2f}{n:>14}")
    worst = max(max(a, s) for _, a, s, _ in rows)
    render_ok = worst < RENDER_GOAL_MS
    print(f"slowest: {worst:.2f} ms per exercise; goal < {RENDER_GOAL_MS:g} ms: {'PASS' if render_ok else 'MISS'}")

    phases = bench_timer.short_phases(args.seconds)
    bare = asyncio.run(bench_timer.measure(phases, args.interval, player=False))
    off = asyncio.run(player_cpu(phases, args.interval, pictures=False))
    on = asyncio.run(player_cpu(phases, args.interval, pictures=True))
    cpu_ok = on["cpu_pct"] < CPU_GOAL_PCT
    print(f"\nKernel CPU over a {args.seconds:g} s session ({len(phases)} phases, tick {args.interval:g} s):")
    print(f"{'run':<40}{'CPU % of a core':>16}")
    print(f"{'Timer.run alone (bench_timer)':<40}{bare['cpu_pct']:>16.3f}")
    print(f"{'TimerPlayer, pictures off':<40}{off['cpu_pct']:>16.3f}")
    print(f"{'TimerPlayer, pictures on':<40}{on['cpu_pct']:>16.3f}")
    print(f"pictures add {on['cpu_pct'] - off['cpu_pct']:.3f} percentage points; goal: pictures on < "
          f"{CPU_GOAL_PCT:g} %: {'PASS' if cpu_ok else 'MISS'}")
    return 0 if render_ok and cpu_ok else 1


if __name__ == "__main__":
    sys.exit(main())
