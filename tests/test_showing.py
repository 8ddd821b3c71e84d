"""What the player shows at each moment (backnotes.showing): picture, still or moving, and the count.
Pure functions, no widgets."""

from __future__ import annotations

import pytest

from backnotes import Routine, figures
from backnotes.showing import MODES, picture_cue
from backnotes.timing import Phase, plan


def test_get_ready_shows_the_start_position_with_the_side() -> None:
    cue = picture_cue(Phase("get-ready", 5.0, "clamshell", "Clamshell", side="left"), 1.0)
    assert (cue.mode, cue.frame, cue.side) == ("start", "start", "left")
    assert cue.caption == "left side: get into position"
    assert picture_cue(Phase("get-ready", 5.0, "glute-bridge", "Glute bridge"), 0.0).caption == "get into position"


def test_switch_side_shows_the_start_on_the_new_side() -> None:
    cue = picture_cue(Phase("switch-side", 5.0, "clamshell", "Clamshell", side="right", set=1), 2.0)
    assert (cue.mode, cue.frame, cue.side) == ("start", "start", "right")


def test_hold_shows_the_held_position_still() -> None:
    cue = picture_cue(Phase("hold", 20.0, "knee-to-chest", "Knee", side="left", set=1, rep=2), 7.0)
    assert (cue.mode, cue.frame, cue.rep, cue.caption) == ("hold", "end", 2, "hold 2")


@pytest.mark.parametrize(("elapsed", "rep"), [(0.0, 1), (3.99, 1), (4.0, 2), (10.0, 3), (31.9, 8), (32.0, 8)])
def test_work_moves_at_the_tempo_and_counts_reps(elapsed: float, rep: int) -> None:
    phase = Phase("work", 32.0, "glute-bridge", "Glute bridge", set=1, reps=8)
    cue = picture_cue(phase, elapsed)
    assert (cue.mode, cue.frame, cue.tempo_s) == ("move", None, 4.0)
    assert (cue.rep, cue.reps, cue.caption) == (rep, 8, f"rep {rep} of 8")


def test_paused_work_is_still_and_keeps_the_count() -> None:
    phase = Phase("work", 32.0, "glute-bridge", "Glute bridge", set=1, reps=8)
    cue = picture_cue(phase, 10.0, paused=True)
    assert cue.mode == "hold" and cue.caption == "rep 3 of 8"
    assert cue.key != picture_cue(phase, 10.0).key  # so the player redraws it


def test_rest_and_nothing() -> None:
    assert picture_cue(Phase("rest", 10.0, "glute-bridge", "G", set=1), 1.0).mode == "start"
    assert picture_cue(None).mode == "none"


def test_the_picture_changes_only_with_the_phase_not_the_count() -> None:
    phase = Phase("work", 32.0, "glute-bridge", "Glute bridge", set=1, reps=8)
    assert picture_cue(phase, 1.0).key == picture_cue(phase, 20.0).key


def test_every_phase_of_the_full_routine_has_a_picture() -> None:
    routine = Routine.from_ids(["knee-to-chest", "glute-bridge", "clamshell", "ankle-in-out", "calf-raise"])
    for phase in plan(routine):
        cue = picture_cue(phase, phase.seconds / 2)
        assert cue.mode in MODES[:3]
        assert figures.has_picture(cue.exercise_id)
        svg = figures.exercise_svg(cue.exercise_id, side=cue.side, frame=cue.frame, animate=cue.mode == "move",
                                   tempo_s=cue.tempo_s)
        assert ('data-animated="true"' in svg) == (cue.mode == "move")
