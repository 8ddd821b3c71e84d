"""The week's review: for each exercise of a routine, progress one step, keep, ease one step, or pause.

Rules, thresholds, words and sources are data (``data/response.toml``, tables ``plan`` and
``flare``); this module applies them to the lights of `backnotes.response` and to each exercise's
dose ladder (the catalog's ``dose_ladder``). A suggestion is never applied by itself: the person
chooses, and `suggested_routine` builds a new routine while the old one is kept.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .journal_base import JournalError
from .response import plural, rules, session_lights

if TYPE_CHECKING:
    from .journal import Journal
    from .routine import Routine, RoutineItem

__all__ = ["SUGGESTIONS", "next_week", "suggested_routine", "dose_text", "flare_plan"]

#: The four suggestions, from most to least active.
SUGGESTIONS: tuple[str, ...] = ("progress", "keep", "ease", "pause")


@lru_cache(maxsize=1)
def _ladders() -> dict[str, tuple[dict[str, Any], ...]]:
    """Exercise id -> its dose ladder, from the bundled catalog (read once)."""
    return {str(k): tuple(v) for k, v in _catalog()["dose_ladder"].items()}


def _catalog() -> pd.DataFrame:
    from .catalog import load_exercises

    try:  # named variants (easier / harder versions) when this backnotes has them
        return load_exercises(variants=True)  # type: ignore[call-arg]
    except TypeError:
        return load_exercises()


def dose_text(step: dict[str, Any], *, per_side: bool = False) -> str:
    """``{"sets": 2, "reps": 10}`` -> ``"2 sets of 10"``; holds: ``"1 set of 3 holds of 20 s"``."""
    sets = f"{step['sets']} set{'s' if step['sets'] != 1 else ''}"
    if step.get("hold_s") is not None:
        what = f"{step['reps']} hold{'s' if step['reps'] != 1 else ''} of {step['hold_s']} s"
    else:
        what = f"{step['reps']}"
    return f"{sets} of {what}" + (" each side" if per_side else "")


def _dose(item: "RoutineItem") -> dict[str, Any]:
    return {"sets": item.sets, "reps": item.reps, **({"hold_s": item.hold_s} if item.kind == "hold" else {})}


def _volume(step: dict[str, Any]) -> float:
    return float(step["sets"] * step["reps"] * (step.get("hold_s") or 1))


def _step_of(dose: dict[str, Any], ladder: tuple[dict[str, Any], ...]) -> int:
    """Index of ``dose`` on the ladder; a dose between steps counts as the step just below it."""
    if dose in ladder:
        return ladder.index(dose)
    below = [i for i, s in enumerate(ladder) if _volume(s) <= _volume(dose)]
    return below[-1] if below else 0


def _today(today: Any) -> pd.Timestamp:
    ts = pd.Timestamp.now(tz="UTC") if today is None else pd.Timestamp(today)
    if ts is pd.NaT:
        raise JournalError(f"today: a date expected, got {today!r}")
    return ts


def next_week(journal: "Journal", routine: "Routine", *, today: Any = None) -> pd.DataFrame:
    """The week's review of ``routine`` from what ``journal`` holds: one row per exercise.

    Columns: ``exercise_id``, ``name``, ``dose`` (this week's, in words), ``step`` and ``steps``
    (where the dose is on its ladder, 1 = easiest), ``sessions`` (sessions with it in the last 7
    days), ``lights`` (their lights, oldest first: G, A, R, ? for unknown), ``suggestion``
    (``"progress"``, ``"keep"``, ``"ease"`` or ``"pause"``), ``next_dose`` (in words) and
    ``reason`` (why, in words).

    Rules (``data/response.toml``): progress one step only after 3 green sessions with the exercise
    in the last 7 days and no amber or red; at most one step per exercise per week; ease one step
    after an amber; pause (and get advice) after red twice; a flare (back or leg pain 7 or more, or
    two ambers, in 7 days) suggests the gentle routine for a few days with the flare plan:
    ``attrs["flare"]`` then holds the reason (else ""), and ``attrs["gentle_routine"]`` its name.
    ``today`` is the day of the review (default now). Nothing is changed: see `suggested_routine`.
    """
    from .routine import Routine

    if not isinstance(routine, Routine):
        raise JournalError(f"routine: a Routine expected, got {type(routine).__name__}")
    r, flare_rules = rules()["plan"], rules()["flare"]
    words = r["reason"]
    now = _today(today)
    if now.tzinfo is None:
        now = now.tz_localize(journal.tz)
    days = int(r["window_days"])
    since = now - pd.Timedelta(days=max(days, int(r["pause_window_days"]), int(flare_rules["window_days"])))
    sessions, pain = journal.sessions(), journal.pain()
    lights = session_lights(journal, since=since, until=now, _frames=(sessions, pain))
    recent = lights[lights["at"] > now - pd.Timedelta(days=days)]
    ladders = _ladders()

    # a flare: back or leg 7 or more, or two ambers, in the window
    why = []
    fw = now - pd.Timedelta(days=int(flare_rules["window_days"]))
    pain = pain[(pain["at"] > fw) & (pain["at"] <= now)]
    top = {s: pain[s].max() for s in ("back", "leg")}
    checks = lights[lights["at"] > fw]
    for s, col in (("back", "check_back"), ("leg", "check_leg")):
        said = [v for v in checks[col].tolist() if v is not None and v == v]
        both = [v for v in (top[s], max(said) if said else None) if v is not None and v is not pd.NA and v == v]
        if both and max(both) >= flare_rules["score_at_least"]:
            why.append(f"{s} pain reached {int(max(both))}/10 in the last {flare_rules['window_days']} days")
    ambers = int((lights[lights["at"] > fw]["light"] == "amber").sum())
    if ambers >= flare_rules["ambers_at_least"]:
        why.append(f"{ambers} amber lights in the last {flare_rules['window_days']} days")
    flare = flare_rules["reason"].format(why="; ".join(why)) if why else ""

    rows = []
    for item in routine.items:
        ex = item.exercise_id
        ladder = ladders.get(ex) or (_dose(item),)
        dose = _dose(item)
        step = _step_of(dose, ladder)
        mine = recent.loc[np.array([ex in xs for xs in recent["exercises"]], dtype=bool)]
        letters = "".join({"green": "G", "amber": "A", "red": "R"}.get(x, "?") for x in mine["light"].astype(str))
        greens = letters.count("G")
        blamed = lights.loc[np.array([ex in xs for xs in lights["blamed"]], dtype=bool)]
        reds = int((blamed["light"] == "red").sum())
        ambers_here = int((blamed[blamed["at"] > now - pd.Timedelta(days=days)]["light"] == "amber").sum())
        # the dose done in the window differs from the routine's: it was stepped this week already
        planned = (dose["sets"], dose["reps"], None if dose.get("hold_s") is None else float(dose["hold_s"]))
        stepped = any(d is not None and (d[0], d[1], None if d[2] is None else float(d[2])) != planned
                      for d in mine["doses"].map(lambda m, ex=ex: m.get(ex)))
        to = ladder[step]
        if reds >= r["pause_after_reds"]:
            suggestion, reason = "pause", words["pause"].format(reds=plural(reds, "session"))
        elif flare:
            suggestion, to = "ease", ladder[max(step - 1, 0)]
            reason = flare
        elif ambers_here:
            suggestion = "ease"
            if step == 0:
                reason = words["ease_bottom"].format(days=days)
            else:
                to = ladder[step - 1]
                reason = words["ease"].format(days=days, to=dose_text(to, per_side=item.per_side))
        elif greens >= r["progress_after_greens"] and "R" not in letters and "A" not in letters and not stepped \
                and step < len(ladder) - 1:
            suggestion, to = "progress", ladder[step + 1]
            reason = words["progress"].format(greens=greens, days=days, to=dose_text(to, per_side=item.per_side))
        else:
            suggestion = "keep"
            if not letters:
                why_keep = words["keep_none"].format(days=days)
            elif "R" in letters:
                why_keep = words["keep_red"].format(reds=plural(letters.count("R"), "red light"), days=days)
            elif stepped:
                why_keep = words["keep_stepped"].format(days=days)
            elif step == len(ladder) - 1 and greens >= r["progress_after_greens"]:
                why_keep = words["keep_top"]
            else:
                why_keep = words["keep_few"].format(greens=plural(greens, "green session"), days=days,
                                                    need=r["progress_after_greens"])
            reason = words["keep"].format(why=why_keep)
        rows.append({"exercise_id": ex, "name": item.name or ex, "dose": dose_text(dose, per_side=item.per_side),
                     "step": step + 1, "steps": len(ladder), "sessions": len(mine), "lights": letters,
                     "suggestion": suggestion,
                     "next_dose": "" if suggestion == "pause" else dose_text(to, per_side=item.per_side),
                     "reason": reason, "_to": to})
    out = pd.DataFrame(rows, columns=["exercise_id", "name", "dose", "step", "steps", "sessions", "lights",
                                      "suggestion", "next_dose", "reason", "_to"])
    out.attrs["next_doses"] = dict(zip(out["exercise_id"], out.pop("_to")))
    for c in ("exercise_id", "name", "dose", "lights", "next_dose", "reason"):
        out[c] = out[c].astype("str")
    out["suggestion"] = pd.Categorical(out["suggestion"], categories=list(SUGGESTIONS))
    out.attrs["flare"] = flare
    out.attrs["gentle_routine"] = flare_rules["gentle_routine"] if flare else ""
    return out


def suggested_routine(routine: "Routine", week: pd.DataFrame, *, name: str | None = None) -> "Routine":
    """A new routine with the week's suggestions applied (``week`` from `next_week`): each exercise at
    its suggested dose, paused ones left out. ``routine`` itself is not changed (keep it, to go back).
    The new name says it is next week's version unless ``name`` is given."""
    doses = week.attrs.get("next_doses", {})
    out = routine
    keep_positions = []
    for pos, (item, suggestion) in enumerate(zip(routine.items, week["suggestion"].astype(str))):
        if suggestion == "pause":
            continue
        to = doses.get(item.exercise_id)
        if to:
            changes = {"sets": to["sets"], "reps": to["reps"]}
            if item.kind == "hold" and to.get("hold_s"):
                changes["hold_s"] = to["hold_s"]
            out = out.redose(pos + 1, **changes)
        keep_positions.append(pos)
    for pos in reversed(range(len(routine.items))):
        if pos not in keep_positions:
            out = out.remove(pos + 1)
    if not out.items:
        raise JournalError("week: every exercise is paused; use the gentle routine and get advice")
    new_name = name or f"{routine.name} (next week)"
    return out.renamed(new_name)


def flare_plan() -> dict[str, Any]:
    """The flare plan (``data/response.toml``): ``title``, ``what`` (what a flare is), ``do`` (what to
    do), ``red_flag_instead`` (when it is a red flag instead), ``sources`` (full texts)."""
    from .response import source_text

    plan = dict(rules()["flare_plan"])
    plan["sources"] = source_text(plan["sources"])
    return plan
