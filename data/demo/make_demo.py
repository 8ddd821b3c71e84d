"""Make the invented 12-week demo journal in this folder (pain.csv, sessions.csv, sets.csv).

Everything here is INVENTED for demonstration: no real person's data. The story: a person with
sciatica starts at moderate pain reaching below the knee, does the "gentle start" routine for four
weeks and then the article's full routine 3-5 times a week; pain falls, with a flare in weeks 6-7
(a long car journey) during which they follow the flare plan (the gentle routine until it settles;
the one session after which the leg symptoms spread, they stop and ring their physiotherapist), and
over the weeks the pain moves back up the leg. Back pain and leg pain are logged apart, with the
session check and the next-morning answer (a few skipped, as people do). The leg pain is in the left
leg (side "left"); back-only reports have no side.

Seeded and deterministic: running it again writes the same files.

    python data/demo/make_demo.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

import backnotes
from backnotes.journal import Journal

HERE = Path(__file__).resolve().parent
TZ = "Europe/London"
START = pd.Timestamp("2026-06-01", tz=TZ)  # a Monday
WEEKS = 12
LABEL = "invented demo data"


def pain_level(day: int, rng: np.random.Generator) -> float:
    """Underlying pain on a day: 6.5 falling to about 2.5, with a flare around days 38-48."""
    trend = 2.5 + 4.0 * np.exp(-day / 30)
    flare = 2.5 * np.exp(-0.5 * ((day - 41) / 3.0) ** 2)
    return trend + flare + rng.normal(0, 0.7)


def leg_extent(level: float, day: int, rng: np.random.Generator) -> str:
    """How far down the leg: further early on, moving back up over the weeks (centralising), and
    spreading again only in the flare (invented)."""
    flare = FLARE[0] <= day <= FLARE[1]
    reach = 3.2 - 0.045 * day + (1.2 if flare else 0.0) + 0.0 * rng.normal()  # draw kept: same seeds after
    return backnotes.journal.LEG_EXTENTS[int(np.clip(round(reach), 0, 4))]


def back_and_leg(level: float, extent: str, rng: np.random.Generator) -> tuple[int, int]:
    """Back pain and leg pain (0-10) for a day's level: the leg hurts less as the pain centralises."""
    reach = backnotes.journal.LEG_EXTENTS.index(extent)
    back = int(np.clip(round(0.85 * level + rng.normal(0, 0.5)), 0, 10))
    leg = 0 if reach == 0 else int(np.clip(round(level * (0.55 + 0.12 * reach) + rng.normal(0, 0.5)), 0, 10))
    return back, leg


AREAS_BY_EXTENT = {
    "none": ["lower back"],
    "buttock": ["lower back", "glutes"],
    "thigh": ["lower back", "glutes", "hamstrings"],
    "below knee": ["lower back", "glutes", "hamstrings", "calves"],
    "foot": ["glutes", "hamstrings", "calves", "ankles and feet"],
}
NOTES = {5: "slept badly", 19: "long walk, felt fine", 38: "long car journey", 40: "flare-up",
         45: "easing again", 60: "gardening", 75: "good week"}
#: The flare (days from the start): a long car journey on day 38; the person follows the flare plan,
#: with the gentle routine until the pain settles (day 47), then the full routine again.
FLARE = (38, 46)


def side_of(extent: str) -> str | None:
    """The invented person's sciatica is in the left leg; pain in the back alone is central."""
    return None if extent == "none" else "left"


def main(folder: Path = HERE) -> None:
    rng = np.random.default_rng(20260601)
    gentle, full = backnotes.load_routine("gentle-start"), backnotes.load_routine("article-full")
    with tempfile.TemporaryDirectory() as tmp, Journal(Path(tmp) / "demo.sqlite", tz=TZ) as j:
        for day in range(WEEKS * 7):
            date = START + pd.Timedelta(days=day)
            level = pain_level(day, rng)
            if rng.random() < 0.88:  # most days a morning report: back and leg apart
                extent = leg_extent(level, day, rng)
                back, leg = back_and_leg(level, extent, rng)
                note = f"{NOTES[day]} ({LABEL})" if day in NOTES else LABEL
                j.log_pain(back=back, leg=leg, at=date + pd.Timedelta(hours=7, minutes=int(rng.integers(30, 90))),
                           areas=AREAS_BY_EXTENT[extent], leg_extent=extent, note=note, side=side_of(extent))
            if rng.random() < 0.35:  # some evenings too
                evening = level + rng.normal(0.3, 0.6)
                extent = leg_extent(evening, day, rng)
                back, leg = back_and_leg(evening, extent, rng)
                j.log_pain(back=back, leg=leg, at=date + pd.Timedelta(hours=20, minutes=int(rng.integers(0, 60))),
                           areas=AREAS_BY_EXTENT[extent], leg_extent=extent, note=LABEL, side=side_of(extent))
        for week in range(WEEKS):
            n = int(rng.integers(3, 6))  # 3-5 sessions a week
            days = set(rng.choice(7, size=n, replace=False).tolist())
            if week == (FLARE[0] + 2) // 7:
                days.add((FLARE[0] + 2) % 7)  # the session after which the leg symptoms spread
            for weekday in sorted(days):
                day = week * 7 + int(weekday)
                flare = FLARE[0] <= day <= FLARE[1]
                # the flare plan: the gentle routine while it lasts, never the full one through it
                routine = gentle if week < 4 or flare else full
                level = pain_level(day, rng)
                before = int(np.clip(round(level), 0, 10))
                change = int(rng.choice([1, 2])) if flare and rng.random() < 0.5 else int(rng.choice([-2, -1, -1, 0, 0, 1]))
                after = int(np.clip(before + change, 0, 10))
                tired = rng.random() < 0.2
                done = {item.exercise_id: (max(item.reps - int(rng.integers(1, 4)), 0) if tired and k % 3 == 2
                                           else item.reps) for k, item in enumerate(routine.items)}
                at = START + pd.Timedelta(days=day, hours=int(rng.choice([9, 12, 18])), minutes=int(rng.integers(0, 60)))
                notes = LABEL
                if day == FLARE[0] + 2:  # the one session whose leg symptoms spread: stop, get advice
                    notes = f"leg tingling further down after it: stopped, rang the physiotherapist ({LABEL})"
                sid = j.log_session(routine, at=at, pain_before=before, pain_after=after, done=done, notes=notes)
                if rng.random() < 0.12 and day != FLARE[0] + 2:
                    continue  # some checks skipped: the light is then unknown
                if day == FLARE[0] + 2:
                    leg_change = "further"
                elif flare:
                    leg_change = str(rng.choice(["same", "same", "less"]))
                else:
                    leg_change = str(rng.choice(["less", "same", "same", "gone"] if day > 40 else ["less", "same", "same"]))
                check_back = int(np.clip(round(0.85 * after) + rng.integers(-1, 1), 0, 10))
                j.log_check(sid, back=check_back, leg=int(np.clip(round(after * 0.7), 0, 10)), leg_change=leg_change,
                            new_nerve_symptoms=False, at=at + pd.Timedelta(minutes=int(rng.integers(30, 50))))
                if day + 1 < WEEKS * 7 and rng.random() < 0.85:
                    morning = "worse" if flare and rng.random() < 0.5 else str(rng.choice(["better", "same", "same"]))
                    j.log_morning(sid, back=morning, at=START + pd.Timedelta(days=day + 1, hours=7, minutes=15))
        # durations: a routine's planned time plus a little for settling in (invented)
        with j._write() as cur:
            for sid, name in cur.execute("SELECT id, routine FROM sessions").fetchall():
                planned = (gentle if name == gentle.name else full).total_seconds()
                cur.execute("UPDATE sessions SET duration_s = ? WHERE id = ?",
                            (round(planned * float(rng.uniform(1.0, 1.25))), sid))
        j.export_csv(folder)
    print(f"wrote {', '.join(p.name for p in sorted(folder.glob('*.csv')))} in {folder}")


if __name__ == "__main__":
    main()
