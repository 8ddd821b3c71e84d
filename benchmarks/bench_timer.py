"""How punctual is the hold timer, and what does it cost?

Runs a session plan at real speed on `backnotes.timing.Timer.run` (phases shortened to a few seconds,
so there are many phase changes) and measures, in the same event loop and the same run:

- the lateness of each phase change: when ``on_tick`` sees the new phase, minus the phase's deadline;
- the event loop's own lateness: a bare task doing ``asyncio.sleep`` to the same deadlines;
- the CPU time per second of wall time (``time.process_time``) while ticking.

Goals: the runner's p99 lateness within 2 ms of the bare loop's p99; CPU below 2 % of one core.

    python benchmarks/bench_timer.py                # 60 s
    python benchmarks/bench_timer.py --seconds 10   # a quick run
    python benchmarks/bench_timer.py --player       # also drive a TimerPlayer widget (its refresh)
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from fractions import Fraction
from itertools import accumulate

import numpy as np

from backnotes import Routine, load_exercises
from backnotes.timing import Phase, Timer, plan

P99_MARGIN_MS = 2.0
CPU_GOAL_PCT = 2.0


def short_phases(seconds: float, shortest: float = 0.3, longest: float = 2.0, seed: int = 1) -> list[Phase]:
    """The full catalog's plan, each phase shortened to ``shortest``-``longest`` seconds (irregular, so
    deadlines fall between ticks), repeated until it lasts ``seconds``."""
    base = plan(Routine.from_ids(list(load_exercises().index)))
    rng = random.Random(seed)
    phases: list[Phase] = []
    total = 0.0
    while total < seconds:
        for p in base:
            length = round(rng.uniform(shortest, longest), 3)
            length = min(length, seconds - total)
            if length < 0.05:
                return phases
            phases.append(Phase(p.kind, length, p.exercise_id, p.name, p.side, p.set, p.rep, p.reps, p.cue))
            total += length
            if total >= seconds:
                break
    return phases


async def bare_sleeper(deadlines: list[float], lateness: list[float]) -> None:
    """The event loop's own punctuality: sleep to each deadline, note how late the wake-up was."""
    loop = asyncio.get_running_loop()
    for d in deadlines:
        await asyncio.sleep(max(d - loop.time(), 0.0))
        lateness.append(time.monotonic() - d)


async def measure(phases: list[Phase], interval: float, player: bool) -> dict:
    timer_late: list[float] = []
    bare_late: list[float] = []
    ticks = 0
    last = {"index": 0, "deadline": None}

    def on_tick(timer: Timer) -> None:
        nonlocal ticks
        now = time.monotonic()
        ticks += 1
        if timer.index != last["index"] and last["deadline"] is not None:
            timer_late.append(now - last["deadline"])
        last["index"], last["deadline"] = timer.index, timer.deadline

    ends = [float(e) for e in accumulate(Fraction(p.seconds) for p in phases)]
    widget = _player_for(phases, interval) if player else None  # built before the clock starts
    cpu0, wall0 = time.process_time(), time.monotonic()
    if widget is not None:
        refresh = widget._on_timer_tick

        def on_tick_player(timer: Timer) -> None:  # measure, then let the widget redraw
            on_tick(timer)
            refresh(timer)

        widget._on_timer_tick = on_tick_player
        widget.buttons["Start"].click()
        timer = widget.timer
        t0 = timer.deadline - ends[0]
        bare = asyncio.ensure_future(bare_sleeper([t0 + e for e in ends], bare_late))
        await widget._task
    else:
        timer = Timer(phases)
        timer.start()
        t0 = timer.deadline - ends[0]
        bare = asyncio.ensure_future(bare_sleeper([t0 + e for e in ends], bare_late))
        await timer.run(on_tick, interval=interval)
    await bare
    cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
    return {"timer": np.array(timer_late) * 1e3, "bare": np.array(bare_late) * 1e3,
            "cpu_pct": 100 * cpu / wall, "wall": wall, "ticks": ticks, "phases": len(phases)}


def _player_for(phases: list[Phase], interval: float):
    """A TimerPlayer whose plan is ``phases`` (the widget plans from a routine; swap the plan in)."""
    from backnotes.widgets import TimerPlayer

    widget = TimerPlayer(Routine.from_ids(["forearm-press-up"], name="bench"), interval=interval)
    widget.phases = phases
    widget.timer = widget._new_timer()
    return widget


def report(r: dict, title: str) -> bool:
    t, b = r["timer"], r["bare"]
    p = lambda a, q: float(np.percentile(a, q)) if len(a) else float("nan")  # noqa: E731
    p99_ok = p(t, 99) <= p(b, 99) + P99_MARGIN_MS
    cpu_ok = r["cpu_pct"] < CPU_GOAL_PCT
    rows = [
        ("phase changes", f"{len(t)}", f"{len(b)}", "", ""),
        ("lateness p50 (ms)", f"{p(t, 50):.3f}", f"{p(b, 50):.3f}", "", ""),
        ("lateness p99 (ms)", f"{p(t, 99):.3f}", f"{p(b, 99):.3f}", f"<= bare + {P99_MARGIN_MS:g} ms",
         "PASS" if p99_ok else "MISS"),
        ("lateness max (ms)", f"{t.max():.3f}", f"{b.max():.3f}", "", ""),
        ("CPU (% of one core)", f"{r['cpu_pct']:.3f}", "", f"< {CPU_GOAL_PCT:g} %", "PASS" if cpu_ok else "MISS"),
        ("wake-ups per second", f"{r['ticks'] / r['wall']:.1f}", "", "", ""),
    ]
    print(f"\n{title}: {r['wall']:.1f} s, {r['phases']} phases")
    print(f"{'metric':<22}{'runner':>10}{'bare loop':>12}  {'goal':<20}{'result'}")
    for name, a, b_, goal, res in rows:
        print(f"{name:<22}{a:>10}{b_:>12}  {goal:<20}{res}")
    return p99_ok and cpu_ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60.0, help="length of the session (default 60)")
    ap.add_argument("--interval", type=float, default=0.1, help="tick interval of the runner (default 0.1 s)")
    ap.add_argument("--phase-range", type=float, nargs=2, default=(0.3, 2.0), metavar=("MIN", "MAX"),
                    help="shortest and longest phase in seconds (default 0.3 2.0)")
    ap.add_argument("--player", action="store_true", help="also drive a TimerPlayer widget (its refresh)")
    args = ap.parse_args(argv)
    phases = short_phases(args.seconds, *args.phase_range)
    print(f"Python {sys.version.split()[0]}, interval {args.interval:g} s; the CPU figure includes "
          "the bare sleeper running alongside (a handful of wake-ups, negligible)")
    ok = report(asyncio.run(measure(phases, args.interval, player=False)), "Timer.run")
    if args.player:
        ok &= report(asyncio.run(measure(phases, args.interval, player=True)), "TimerPlayer (widget refresh, no front end)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
