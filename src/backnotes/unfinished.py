"""A session left before its end (the page closed, reloaded or lost): what was done so far, kept in
the settings beside the journal so the app can offer it for logging next time.

The app saves `snapshot` at every change of step and clears it when the session ends normally;
`offer_text` says what is offered ("You stopped after 6 of 11 exercises of Gentle start ...");
`record_from` turns it back into a `backnotes.session.SessionRecord` for the journal. Pure apart from
`save_unfinished` / `load_unfinished`, which go through `backnotes.settings`.
"""

from __future__ import annotations

import copy
from dataclasses import asdict
from datetime import datetime
from os import PathLike
from typing import TYPE_CHECKING, Any

from .session import SessionRecord, SetDone
from .words import plural

if TYPE_CHECKING:
    from .timing import Phase, Timer

__all__ = ["exercises_done", "snapshot", "record_from", "offer_text", "save_unfinished", "load_unfinished",
           "TODAY_KEYS", "load_today", "save_today"]


def exercises_done(phases: "tuple[Phase, ...] | list[Phase]", index: int, finished: bool = False) -> tuple[int, int]:
    """``(done, total)``: the exercises of ``phases`` whose every step lies before step ``index``
    (all of them when ``finished``), and how many exercises there are. Each exercise starts with
    its get-ready."""
    starts = [i for i, p in enumerate(phases) if p.kind == "get-ready" or i == 0]
    ends = [*(s - 1 for s in starts[1:]), len(phases) - 1]
    done = len(ends) if finished else sum(1 for end in ends if end < index)
    return done, len(ends)


def snapshot(timer: "Timer", routine_name: str) -> dict[str, Any] | None:
    """What was done so far of a session under way, as JSON-ready data (None before it started).
    The timer is not changed (a copy is stopped to read its record)."""
    if timer.state == "idle" or timer.started_at is None:
        return None
    done, total = exercises_done(timer.phases, timer.index, finished=timer.state == "finished")
    probe = copy.copy(timer)
    probe._done_s, probe._completed, probe._skipped = (list(timer._done_s), list(timer._completed),
                                                       list(timer._skipped))
    probe._runner_active = False
    if probe.state != "finished":
        probe.stop()
    record = probe.record(routine_name)
    return {
        "routine": routine_name, "started_at": record.started_at.isoformat(),
        "ended_at": record.ended_at.isoformat(), "exercises_done": done, "exercises": total,
        "sets": [asdict(s) for s in record.sets],
    }


def record_from(data: dict[str, Any]) -> SessionRecord:
    """The `SessionRecord` of a `snapshot` (stopped early: ``completed`` is False).

    Raises `ValueError` naming the field for data that is not a snapshot."""
    try:
        return SessionRecord(
            routine_name=str(data["routine"]),
            started_at=datetime.fromisoformat(data["started_at"]),
            ended_at=datetime.fromisoformat(data["ended_at"]),
            sets=tuple(SetDone(**s) for s in data["sets"]),
            completed=False,
            notes="Stopped when the page was left; logged later.",
        )
    except KeyError as exc:
        raise ValueError(f"unfinished session: the field {exc.args[0]!r} is missing") from None
    except (TypeError, ValueError) as exc:
        raise ValueError(f"unfinished session: not a saved session ({exc})") from None


def offer_text(data: dict[str, Any]) -> str:
    """What the app says about a session left before its end, in a person's words."""
    when = datetime.fromisoformat(data["ended_at"])
    done, total = int(data["exercises_done"]), int(data["exercises"])
    return (f"Last time you stopped after {done} of {plural(total, 'exercise')} of {data['routine']} "
            f"({when:%A %d %B, %H:%M}).")


def save_unfinished(data: dict[str, Any] | None, path: str | PathLike[str] | None = None) -> None:
    """Keep ``data`` (a `snapshot`) in the settings, or forget it (None)."""
    from .settings import save_settings

    save_settings(path, unfinished=data)


def load_unfinished(path: str | PathLike[str] | None = None) -> dict[str, Any] | None:
    """The session kept by `save_unfinished`, or None (also when it cannot be read back)."""
    from .settings import load_settings

    data = load_settings(path).get("unfinished")
    if not isinstance(data, dict):
        return None
    try:
        record_from(data)
        offer_text(data)
    except (ValueError, KeyError, TypeError):
        return None
    return data


# ---- kept for the day: what was answered or typed in the app and not saved yet -------------------
#: What the app keeps for the day: the red-flag ticks and the doctor's clearance, the builder's
#: routine (as `backnotes.Routine.to_dict`) and the note typed in "How was it".
TODAY_KEYS: tuple[str, ...] = ("ticked", "cleared", "builder", "note")


def load_today(path: str | PathLike[str] | None = None, today: str | None = None) -> dict[str, Any]:
    """What was kept today (`save_today`); {} on another day or when nothing was kept. ``today`` is
    an ISO date (default: the local date)."""
    from datetime import date

    from .settings import load_settings

    data = load_settings(path).get("today")
    day = today or date.today().isoformat()
    if not isinstance(data, dict) or data.get("date") != day:
        return {}
    return {k: data[k] for k in TODAY_KEYS if k in data}


def save_today(path: str | PathLike[str] | None = None, today: str | None = None, **changes: Any) -> dict[str, Any]:
    """Keep ``changes`` (names from `TODAY_KEYS`) for today, beside what was kept earlier today;
    another day's answers are dropped. Raises `ValueError` naming an unknown key."""
    from datetime import date

    from .settings import save_settings

    bad = [k for k in changes if k not in TODAY_KEYS]
    if bad:
        raise ValueError(f"{bad[0]}: not kept for the day; allowed: {', '.join(TODAY_KEYS)}")
    day = today or date.today().isoformat()
    kept = {**load_today(path, day), **changes, "date": day}
    save_settings(path, today=kept)
    return kept
