"""What the timer player shows of an exercise at each moment: which picture, still or moving, and the
repetition count. Pure (no widgets, no drawing), so the player's logic is tested without a browser.

    >>> from backnotes.timing import Phase
    >>> cue = picture_cue(Phase("work", 32.0, "glute-bridge", "Glute bridge", set=1, reps=8), 9.0)
    >>> cue.mode, cue.rep, cue.reps, cue.caption
    ('move', 3, 8, 'rep 3 of 8')
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .timing import Phase

__all__ = ["PictureCue", "picture_cue", "MODES"]

#: start: the starting position, still (get ready, switch side, rest); hold: the held position,
#: still; move: the movement, animated at ``tempo_s`` per repetition; none: nothing to show.
MODES: tuple[str, ...] = ("start", "hold", "move", "none")


@dataclass(frozen=True)
class PictureCue:
    """The picture for one moment: ``exercise_id`` and ``side`` to draw, ``mode`` (`MODES`),
    ``frame`` (the keyframe of a still picture, None when moving), ``tempo_s`` (seconds per
    repetition when moving), ``rep``/``reps`` (the repetition under way, counting from 1) and
    ``caption`` (e.g. "rep 3 of 8", "hold 2", "left side: get into position")."""

    exercise_id: str
    side: str | None
    mode: str
    frame: str | None = None
    tempo_s: float | None = None
    rep: int | None = None
    reps: int | None = None
    caption: str = ""

    @property
    def key(self) -> tuple[object, ...]:
        """What the picture depends on (not the count): redraw only when this changes."""
        return (self.exercise_id, self.side, self.mode, self.frame, self.tempo_s)


def picture_cue(phase: Phase | None, phase_elapsed: float = 0.0, *, paused: bool = False) -> PictureCue:
    """The picture and count to show ``phase_elapsed`` seconds into ``phase``.

    get-ready and switch-side: the start position with the side ("left side: get into position");
    hold: the held (end) position, still, "hold 2"; rest: the start position, still; work: the
    movement at the phase's own tempo (``seconds / reps``) with "rep n of N". Paused: the same
    picture, still. ``phase=None`` (no session): mode "none".
    """
    if phase is None:
        return PictureCue("", None, "none")
    side_words = f"{phase.side} side" if phase.side else ""
    if phase.kind in ("get-ready", "switch-side"):
        caption = f"{side_words}: get into position" if side_words else "get into position"
        return PictureCue(phase.exercise_id, phase.side, "start", "start", caption=caption)
    if phase.kind == "hold":
        caption = f"hold {phase.rep}" if phase.rep else "hold"
        return PictureCue(phase.exercise_id, phase.side, "hold", "end", rep=phase.rep, caption=caption)
    if phase.kind == "work" and phase.reps:
        tempo = phase.seconds / phase.reps
        rep = min(phase.reps, int(math.floor(max(phase_elapsed, 0.0) / tempo + 1e-9)) + 1)
        caption = f"rep {rep} of {phase.reps}"
        if paused:
            return PictureCue(phase.exercise_id, phase.side, "hold", "start", tempo, rep, phase.reps, caption)
        return PictureCue(phase.exercise_id, phase.side, "move", None, tempo, rep, phase.reps, caption)
    return PictureCue(phase.exercise_id, phase.side, "start", "start", caption="relax")
