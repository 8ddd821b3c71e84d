"""The body model and the keyframes of every exercise (backnotes.poses)."""

from __future__ import annotations


import numpy as np
import pytest

from backnotes import load_exercises, poses

CATALOG = load_exercises()
IDS = list(CATALOG.index)
ALL = poses.exercises_with_keyframes()
H = poses.height_m()


def test_every_catalog_exercise_has_keyframes() -> None:
    assert poses.missing_keyframes(IDS) == []
    for eid in IDS:
        k = poses.keyframes(eid)
        assert list(k.columns) == ["frame", "joint", "x", "y"]
        assert k["frame"].nunique() >= 2
        assert list(k["frame"].unique()[[0, -1]]) == ["start", "end"]
        assert set(k["joint"]) == set(poses.JOINTS)


def test_a_catalog_exercise_without_keyframes_is_reported() -> None:
    assert poses.missing_keyframes([*IDS, "new-exercise"]) == ["new-exercise"]
    with pytest.raises(poses.PoseError, match="no keyframes for 'new-exercise'"):
        poses.keyframes("new-exercise")


def test_clinical_tests_have_keyframes_and_a_nerve_path() -> None:
    for name in poses.CLINICAL_TESTS:
        k = poses.keyframes(name)
        assert k["frame"].nunique() == 2
        path = poses.pose(name).path
        assert len(path) >= 3 and set(path) <= set(poses.JOINTS)


@pytest.mark.parametrize("eid", ALL)
def test_segment_lengths_are_constant_and_from_winter(eid: str) -> None:
    seg = poses.segment_lengths(eid)
    spread = seg.groupby("segment")["length"].agg(lambda s: s.max() - s.min())
    assert spread.max() <= 0.001, spread[spread > 0.001]
    view = poses.pose(eid).view
    if view == "side":  # the long bones at Winter's fractions of height
        first = seg[seg["frame"] == seg["frame"].iloc[0]].set_index("segment")["length"]
        assert first["hip_near-knee_near"] == pytest.approx(0.245 * H, abs=1e-3)
        assert first["knee_near-ankle_near"] == pytest.approx(0.246 * H, abs=1e-3)
        assert first["shoulder_near-elbow_near"] == pytest.approx(0.186 * H, abs=1e-3)
        assert first["elbow_near-wrist_near"] == pytest.approx(0.146 * H, abs=1e-3)
        assert first["pelvis-neck"] == pytest.approx(0.288 * H, abs=1e-3)


@pytest.mark.parametrize("eid", ALL)
@pytest.mark.parametrize("side", ["left", "right"])
def test_nothing_below_the_floor(eid: str, side: str) -> None:
    k = poses.keyframes(eid, side=side)
    low = k.loc[k["y"].idxmin()]
    assert low["y"] >= -0.001, f"{eid}: {low['joint']} in frame {low['frame']} is {-low['y'] * 1000:.1f} mm below"


@pytest.mark.parametrize("eid", ALL)
def test_declared_contacts_touch_their_surface(eid: str) -> None:
    c = poses.contacts(eid)
    assert len(c) > 0, "every pose rests on something"
    far = c[c["gap_m"].abs() > 0.01]
    assert far.empty, far


@pytest.mark.parametrize("eid", ALL)
def test_joint_angles_inside_normal_range(eid: str) -> None:
    a = poses.joint_angles(eid)
    assert a["inside"].all(), a[~a["inside"]]


def test_range_of_motion_check_can_fail() -> None:
    # the check itself: a knee bent past the AAOS 135 degrees is outside
    low, high = poses.ROM["side"]["knee"]
    assert (low, high) == (0.0, 135.0)
    assert "AAOS" in poses.ROM_SOURCE or "Orthopaedic" in poses.ROM_SOURCE
    assert "Winter" in poses.ANTHROPOMETRY_SOURCE


@pytest.mark.parametrize("eid", [e for e in IDS if CATALOG.loc[e, "kind"] in ("reps", "mobility")])
def test_reps_and_mobility_move_at_least_5_cm(eid: str) -> None:
    k = poses.keyframes(eid, side="right")
    a = k[k["frame"] == "start"].set_index("joint")[["x", "y"]]
    b = k[k["frame"] == "end"].set_index("joint")[["x", "y"]]
    moved = np.hypot(a["x"] - b["x"], a["y"] - b["y"])
    assert moved.max() >= 0.05, moved.sort_values().tail(3)


@pytest.mark.parametrize("eid", ALL)
def test_left_is_the_mirror_of_right(eid: str) -> None:
    left, right = poses.keyframes(eid, side="left"), poses.keyframes(eid, side="right")
    assert (left["joint"] == right["joint"]).all()
    np.testing.assert_allclose(left["x"].to_numpy(), -right["x"].to_numpy(), atol=1e-9)
    np.testing.assert_allclose(left["y"].to_numpy(), right["y"].to_numpy(), atol=1e-9)
    assert left.attrs["side"] == "left" and right.attrs["side"] == "right"


@pytest.mark.parametrize("eid", [e for e in IDS if CATALOG.loc[e, "per_side"]])
def test_working_leg_is_the_near_leg(eid: str) -> None:
    """Per-side exercises: the leg that moves (or is stretched) is the near one on its side."""
    k = poses.keyframes(eid, side="left")
    a = k[k["frame"] == "start"].set_index("joint")
    b = k[k["frame"] == "end"].set_index("joint")
    moved = np.hypot(a["x"] - b["x"], a["y"] - b["y"])
    legs = [j for j in moved.index if j.split("_")[0] in ("knee", "ankle", "toe", "heel")]
    assert moved[legs].idxmax().endswith("_near")
    assert poses.default_side(eid) == "left"  # the timer's first side
    # on the left side the picture is mirrored: the near leg is the person's left leg
    assert k.attrs["mirrored"] is True


def test_views() -> None:
    assert poses.pose("clamshell").view == "feet"
    assert poses.pose("ankle-in-out").view == "front"
    assert {poses.pose(e).view for e in IDS if e not in ("clamshell", "ankle-in-out")} == {"side"}


def test_bad_side_is_a_clear_error() -> None:
    with pytest.raises(poses.PoseError, match="side must be"):
        poses.keyframes("glute-bridge", side="middle")


def test_floor_is_y_zero_and_units_are_metres() -> None:
    k = poses.keyframes("calf-raise")
    start = k[k["frame"] == "start"].set_index("joint")
    head_top = start.loc["head", "y"] + poses.PADDING["head"] * H
    assert 1.4 < head_top < 1.75  # a standing adult of 1.70 m, leaning a little
    assert start.loc["heel_near", "y"] == pytest.approx(0.0, abs=0.005)


def test_bad_pose_data_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    good = poses._data()
    frame = {"name": "start", "pelvis": [0.0, 0.1, 180.0]}
    cases = {
        "one frame": ({"view": "side", "frame": [frame]}, "needs at least two frames"),
        "bad view": ({"view": "top", "frame": [frame, frame]}, "view 'top' is not one of side, front, feet"),
        "bad pelvis": ({"frame": [frame, {"name": "end", "pelvis": [0, 0]}]}, "pelvis must be \\[x, y, angle\\]"),
        "bad surface": ({"frame": [frame, {**frame, "name": "end", "contacts": {"ceiling": ["head"]}}]},
                        "contact surface 'ceiling'"),
        "bad angle": ({"frame": [frame, {**frame, "name": "end", "near": {"wrist": 10}}]}, "unknown angle 'wrist'"),
    }
    for name, (raw, message) in cases.items():
        data = {**good, "pose": {**good["pose"], "broken": raw}}
        monkeypatch.setattr(poses, "_data", lambda data=data: data)
        poses.pose.cache_clear()
        with pytest.raises(poses.PoseError, match=message):
            poses.keyframes("broken", side="right")
    poses.pose.cache_clear()
