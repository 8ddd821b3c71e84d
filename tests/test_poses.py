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
        assert k["frame"].nunique() >= 2
        path = poses.pose(name).path
        if name == "babinski":  # a reflex sign, not a nerve tension test: nothing to mark
            assert path == ()
            continue
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
        assert first["pelvis-waist"] + first["waist-neck"] == pytest.approx(0.288 * H, abs=1e-3)
        assert first["pelvis-waist"] == pytest.approx(0.100 * H, abs=1e-3)


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
    assert poses.pose("clamshell").view == "lying"
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
        "bad view": ({"view": "top", "frame": [frame, frame]}, "view 'top' is not one of side, front, lying"),
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


# ------------------------------------------------------------------------------------------------
# Geometric checks of the pictures that were rated misleading (issue 18, "Pictures"). Each one states
# what a person must see; all measure joint positions in metres (the data as written: near = right).

FOOT_L = 0.152 * H  # Winter's foot length


def _frames(eid: str) -> dict[str, dict[str, np.ndarray]]:
    return {f: {j: np.array(xy) for j, xy in pos.items()} for f, pos in poses.positions(eid).items()}


def _skin_gap(xy: np.ndarray, joint: str) -> float:
    """Height of a point's skin above the floor (its position less its drawn radius)."""
    return float(xy[1] - poses.PADDING[joint.split("_")[0]] * H)


def _dist_to_segment(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    t = float(np.clip(np.dot(p - a, b - a) / np.dot(b - a, b - a), 0.0, 1.0))
    return float(np.linalg.norm(p - (a + t * (b - a))))


def test_the_trunk_has_a_lumbar_and_a_thoracic_part() -> None:
    assert ("pelvis", "waist") in poses.SEGMENTS and ("waist", "neck") in poses.SEGMENTS
    assert "lumbar" in poses.ROM["side"] and "thoracic" in poses.ROM["side"]
    side = poses.LENGTHS["side"]
    # the two parts add up to Winter's trunk (hip to shoulder, 0.288 H)
    assert side["lumbar"] + side["thoracic"] == pytest.approx(0.288, abs=1e-9)
    assert 0.08 <= side["lumbar"] <= 0.12


def test_wall_calf_stretch_back_foot_far_back_front_knee_over_foot_hips_to_wall() -> None:
    f = _frames("wall-calf-stretch")
    start, end = f["start"], f["end"]
    back, front = "near", "far"  # the stretched (working) leg is the near one, stepped back
    behind = end[f"heel_{front}"][0] - end[f"heel_{back}"][0]
    assert behind >= 0.45, f"back heel only {behind:.2f} m behind the front heel"
    assert 2 * FOOT_L - 0.01 <= behind <= 3 * FOOT_L + 0.01, behind / FOOT_L
    assert _skin_gap(end[f"heel_{back}"], "heel") <= 0.01  # heel down
    knee = end[f"knee_{front}"][0]
    assert end[f"heel_{front}"][0] - 0.01 <= knee <= end[f"toe_{front}"][0] + 0.01, "front knee over the foot"
    # hips pushed towards the wall: ahead of the middle of the stance, not drawn back from where they
    # stood, and the trunk leaning in
    assert end["pelvis"][0] >= (end[f"heel_{front}"][0] + end[f"heel_{back}"][0]) / 2 + 0.05
    assert end["pelvis"][0] >= start["pelvis"][0] - 0.03, "the hips do not back away from the wall"
    assert end["neck"][0] > end["pelvis"][0] + 0.02


def test_small_crunch_curls_the_upper_trunk_and_keeps_the_lower_back_down() -> None:
    f = _frames("small-crunch")
    for name, pos in f.items():
        for j in ("pelvis", "waist"):
            assert _skin_gap(pos[j], j) <= 0.02, f"{name}: {j} {_skin_gap(pos[j], j) * 100:.1f} cm off the mat"
    rise = f["end"]["shoulder_near"][1] - f["start"]["shoulder_near"][1]
    assert 0.05 <= rise <= 0.08, f"shoulders rise {rise * 100:.1f} cm"
    assert np.linalg.norm(f["end"]["pelvis"] - f["start"]["pelvis"]) <= 0.005  # no sit-up


@pytest.mark.parametrize("eid", ["short-bridge", "glute-bridge"])
def test_bridges_keep_head_and_shoulders_where_they_rest(eid: str) -> None:
    f = _frames(eid)
    for j in ("head", "neck", "shoulder_near", "heel_near", "toe_near"):
        moved = np.linalg.norm(f["end"][j] - f["start"][j])
        assert moved <= 0.01, f"{eid}: {j} slides {moved * 100:.1f} cm"
    assert f["end"]["pelvis"][1] - f["start"]["pelvis"][1] >= 0.08  # the hips do rise


def test_crossed_arms_rest_on_the_chest() -> None:
    # every frame of every picture that starts with the arms crossed (or folded) on the chest
    crossed = [(eid, name) for eid in ALL for name in poses.pose(eid).frame_names
               if any(w in poses.pose(eid).text("start").lower() for w in ("crossed on the chest", "folded on the chest"))]
    assert len(crossed) >= 6
    for eid, name in crossed:
        pos = _frames(eid)[name]
        for s in ("near", "far"):
            # from the wrist's skin to the chest's skin (the drawn trunk between waist and neck)
            gap = (_dist_to_segment(pos[f"wrist_{s}"], pos["waist"], pos["neck"])
                   - poses.PADDING["neck"] * H - poses.PADDING["wrist"] * H)
            assert gap <= 0.06, f"{eid} {name}: {s} hand {gap * 100:.0f} cm above the chest"


def test_forearm_press_up_starts_with_elbows_by_the_shoulders_and_lifts_the_chest() -> None:
    f = _frames("forearm-press-up")
    start, end = f["start"], f["end"]
    for s in ("near", "far"):
        # start: forearms flat, elbows just in front of the shoulders (not arms overhead)
        assert start[f"elbow_{s}"][0] - start[f"shoulder_{s}"][0] <= 0.22, "elbows near the shoulders"
        for pos in (start, end):
            assert max(_skin_gap(pos[j], j) for j in (f"elbow_{s}", f"wrist_{s}")) <= 0.01, "forearms flat"
        assert abs(end[f"elbow_{s}"][0] - end[f"shoulder_{s}"][0]) <= 0.05, "elbows under the shoulders"
    a = poses.joint_angles("forearm-press-up").set_index(["frame", "angle"])["degrees"]
    assert a[("start", "shoulder_near")] <= 120, "arms not overhead (the old picture: 174 degrees)"
    assert end["neck"][1] - start["neck"][1] >= 0.05, "the chest rises"
    assert end["head"][1] - start["head"][1] >= 0.10, "the head rises"
    assert _skin_gap(end["pelvis"], "pelvis") <= 0.01 and _skin_gap(start["pelvis"], "pelvis") <= 0.01


def test_calf_raise_hinges_at_the_ball_of_the_foot_with_toes_flat() -> None:
    f = _frames("calf-raise")
    start, end = f["start"], f["end"]
    for s in ("near", "far"):
        assert np.linalg.norm(end[f"ball_{s}"] - start[f"ball_{s}"]) <= 0.01, "the ball of the foot stays put"
        for j in (f"ball_{s}", f"toe_{s}"):
            assert abs(_skin_gap(end[j], j)) <= 0.01, f"{j} flat on the floor"
        assert end[f"heel_{s}"][1] >= 0.06, "heels raised"


def test_ankle_turns_move_visibly_and_the_trunk_leans_to_the_standing_leg() -> None:
    f = _frames("ankle-in-out")
    start, end = f["start"], f["end"]
    moved = max(np.linalg.norm(end[j] - start[j]) for j in ("toe_near", "heel_near"))
    assert moved >= 0.06, f"the foot's edge moves {moved * 100:.1f} cm"
    tilt = poses.joint_angles("ankle-in-out").set_index(["frame", "angle"])["degrees"]
    assert tilt[("start", "ankle_near")] - tilt[("end", "ankle_near")] >= 45  # inversion to eversion
    for pos in (start, end):
        lean = np.degrees(np.arctan2(pos["neck"][0] - pos["pelvis"][0], pos["neck"][1] - pos["pelvis"][1]))
        standing = np.sign(pos["ankle_far"][0] - pos["pelvis"][0])  # the standing leg's side
        assert abs(lean) <= 6.0, f"trunk leans {lean:.1f} degrees"
        assert lean * standing >= -0.5, "the trunk leans away from the standing leg"


def test_straight_leg_raise_pulls_the_foot_up_only_at_the_end() -> None:
    a = poses.joint_angles("straight-leg-raise").pivot(index="frame", columns="angle", values="degrees")
    names = poses.pose("straight-leg-raise").frame_names
    a = a.loc[names]
    assert len(names) >= 3
    assert (a["ankle_near"].iloc[:-1] <= -10).all(), "foot relaxed (pointing) until the leg is up"
    assert a["ankle_near"].iloc[-1] >= 10, "foot pulled up at the end"
    assert a["hip_near"].iloc[-2] == pytest.approx(a["hip_near"].iloc[-1])  # the leg is up first


def test_slump_test_rounds_the_spine_tilts_the_pelvis_back_and_drops_the_chin() -> None:
    f = _frames("slump-test")
    start, end = f["start"], f["end"]
    # rounded: the waist bulges behind the straight line from pelvis to neck (the person faces +x)
    p, w, n = end["pelvis"], end["waist"], end["neck"]
    chord = (n - p) / np.linalg.norm(n - p)
    v = w - p
    bulge = float(chord[0] * v[1] - chord[1] * v[0])  # > 0: to the left of pelvis->neck, i.e. behind
    assert bulge >= 0.02, f"spine bulges {bulge * 100:.1f} cm"
    a = poses.joint_angles("slump-test").set_index(["frame", "angle"])["degrees"]
    assert a[("end", "lumbar")] >= 15 and a[("end", "thoracic")] >= 15
    pelvis_tilt = poses.pose("slump-test").frames[-1]["pelvis"][2] - poses.pose("slump-test").frames[0]["pelvis"][2]
    assert pelvis_tilt >= 10, "pelvis tilted back"
    assert a[("end", "neck")] >= 35, "chin to the chest"
    assert end["head"][0] > end["neck"][0] and end["head"][1] < start["head"][1] - 0.1


def test_clamshell_is_drawn_lying_on_the_side_with_the_knee_opening_upwards() -> None:
    p = poses.pose("clamshell")
    assert p.view == "lying"
    f = _frames("clamshell")
    start, end = f["start"], f["end"]
    for pos in (start, end):  # lying: the trunk roughly level, the lower hip on the mat
        trunk = pos["neck"] - pos["pelvis"]
        assert abs(np.degrees(np.arctan2(trunk[1], abs(trunk[0])))) <= 20
        assert _skin_gap(pos["hip_far"], "hip") <= 0.01
    opening = end["knee_near"][1] - start["knee_near"][1]
    assert opening >= 0.06, f"top knee opens {opening * 100:.1f} cm"
    # the knees start together and end clearly apart (the picture's opening)
    assert start["knee_near"][1] - start["knee_far"][1] <= 2 * poses.PADDING["knee"] * H + 0.015
    assert end["knee_near"][1] - end["knee_far"][1] >= 2 * poses.PADDING["knee"] * H + 0.05
    for j in ("ankle_near", "knee_far", "ankle_far", "pelvis"):
        assert np.linalg.norm(end[j] - start[j]) <= 0.02, f"{j} stays"


# ------------------------------------------------------------------------------------------------
# Named variants (issue 17): pictured like every other exercise


VARIANTS = load_exercises(variants=True).query("variant_of != ''")


def test_every_named_variant_has_keyframes_and_moves() -> None:
    assert len(VARIANTS) == 12
    assert poses.missing_keyframes(list(VARIANTS.index)) == []
    for eid in VARIANTS.index:
        k = poses.keyframes(eid, side="right")
        a = k[k["frame"] == "start"].set_index("joint")[["x", "y"]]
        b = k[k["frame"] == "end"].set_index("joint")[["x", "y"]]
        assert np.hypot(a["x"] - b["x"], a["y"] - b["y"]).max() >= 0.05, eid
        assert poses.default_side(eid) == ("left" if VARIANTS.loc[eid, "per_side"] else None)


def test_single_leg_bridge_keeps_the_free_leg_straight_and_in_line() -> None:
    a = poses.joint_angles("single-leg-bridge").set_index(["frame", "angle"])["degrees"]
    for frame in ("start", "end"):
        assert a[(frame, "knee_far")] == 0.0
        assert a[(frame, "hip_far")] == pytest.approx(a[(frame, "hip_near")], abs=1.0)


def test_single_leg_calf_raise_stands_on_one_foot() -> None:
    f = _frames("single-leg-calf-raise")
    for pos in f.values():
        assert pos["heel_far"][1] >= 0.10  # the other foot is off the floor
    assert f["end"]["heel_near"][1] >= 0.06
    assert np.linalg.norm(f["end"]["ball_near"] - f["start"]["ball_near"]) <= 0.01


# ------------------------------------------------------------------------------------------------
# Clinical-test figures (issue 21)


def test_slump_neck_release_moves_only_the_head() -> None:
    f = _frames("slump-neck-release")
    start, end = f["start"], f["end"]
    for j in poses.JOINTS:
        if j != "head":
            assert np.linalg.norm(end[j] - start[j]) <= 0.001, j
    assert end["head"][1] - start["head"][1] >= 0.05  # the chin comes off the chest
    # it starts where the slump test ends
    slump = _frames("slump-test")["end"]
    for j in poses.JOINTS:
        assert np.linalg.norm(slump[j] - start[j]) <= 0.001, j


def test_prone_knee_bend_brings_the_heel_towards_the_buttock_with_the_hip_down() -> None:
    f = _frames("prone-knee-bend")
    a = poses.joint_angles("prone-knee-bend").set_index(["frame", "angle"])["degrees"]
    assert a[("start", "knee_near")] <= 10 and a[("end", "knee_near")] >= 100
    assert np.linalg.norm(f["end"]["heel_near"] - f["end"]["pelvis"]) <= 0.5 * np.linalg.norm(
        f["start"]["heel_near"] - f["start"]["pelvis"])
    for j in ("pelvis", "hip_near", "knee_near"):
        assert np.linalg.norm(f["end"][j] - f["start"][j]) <= 0.001, j
    assert poses.pose("prone-knee-bend").path[-2:] == ("hip_near", "knee_near")  # the front of the thigh


def test_babinski_shows_the_big_toe_going_up() -> None:
    a = poses.joint_angles("babinski").set_index(["frame", "angle"])["degrees"]
    assert a[("start", "toes_near")] == 0.0 and a[("end", "toes_near")] >= 30  # extension at the ball
    f = _frames("babinski")
    assert f["end"]["toe_near"][0] < f["start"]["toe_near"][0]  # bent back towards the shin (the head is at -x)


def test_the_keyframes_file_is_what_the_design_tool_writes() -> None:
    """data/poses.toml is generated: editing it by hand (or the tool without re-running it) shows here."""
    import importlib.util
    from importlib import resources
    from pathlib import Path

    tool = Path(__file__).resolve().parents[1] / "tools" / "pose_design.py"
    spec = importlib.util.spec_from_file_location("pose_design", tool)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = resources.files("backnotes").joinpath("data/poses.toml").read_text(encoding="utf-8")
    assert module.render() == written
