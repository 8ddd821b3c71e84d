"""What a person actually did in a session: the record the timers produce and the journal stores.

Kept in the core, apart from both, so neither the timer nor the journal depends on the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["SetDone", "SessionRecord"]


@dataclass(frozen=True)
class SetDone:
    """One set of one exercise on one side, as planned and as done.

    For holds, ``reps_*`` count holds and ``hold_s_*`` are the seconds held in total over the set;
    for reps and mobility exercises ``hold_s_*`` are None. ``skipped`` is True when any part of the
    set was skipped or the session stopped during it.
    """

    exercise_id: str
    set: int
    side: str | None
    reps_planned: int
    reps_done: int
    hold_s_planned: float | None = None
    hold_s_done: float | None = None
    skipped: bool = False


@dataclass(frozen=True)
class SessionRecord:
    """A finished (or stopped) session: which routine, when, and every set as done."""

    routine_name: str
    started_at: datetime
    ended_at: datetime
    sets: tuple[SetDone, ...] = field(default_factory=tuple)
    completed: bool = True
    notes: str = ""
