"""The body model behind every exercise picture: named joints, segments, keyframes.

A person is drawn as a 2-D stick figure of named joints (``head``, ``neck``, ``waist``, ``pelvis``,
and ``shoulder``, ``elbow``, ``wrist``, ``hip``, ``knee``, ``ankle``, ``heel``, ``ball``, ``toe`` on
the near and the far side, e.g. ``knee_near``) joined by `SEGMENTS`. The trunk bends at the waist
(lumbar part below, thoracic part above), so a back can curl (a crunch) or round (the slump test);
the foot bends at the ball, so a calf raise rocks over the ball of the foot with the toes flat. Each
exercise's keyframes are data (``data/poses.toml``, beside the catalog): for each frame, where the
pelvis is, joint angles in degrees and which points rest on the floor, the wall or the chair.
`keyframes` turns them into joint positions by forward kinematics, so segment lengths cannot drift
between frames and the left and right sides are mirror images for free.

Segment lengths are fixed fractions of body height from the anthropometric figure in
D. A. Winter, *Biomechanics and Motor Control of Human Movement*, 4th ed. (Wiley, 2009), Figure 4.1
("Body segment lengths expressed as a fraction of body height H", after Drillis and Contini, 1966):
upper arm 0.186 H, forearm 0.146 H, thigh 0.245 H (hip 0.530 H to knee 0.285 H), shank 0.246 H
(knee to ankle 0.039 H), foot length 0.152 H, shoulder height 0.818 H (so trunk, hip to shoulder,
0.288 H), head and neck 0.182 H (shoulder to the top of the head; chin at 0.870 H, head 0.130 H
tall), shoulder width 0.259 H. The trunk is split at the elbow's height (0.630 H), the level of the
waist and of the thoracolumbar junction that Winter's Table 4.1 uses as the border between "thorax"
and "abdomen": lumbar part 0.100 H, thoracic part 0.188 H. Where the model needs a point the figure
does not give, it says so in `LENGTHS` (the ankle sits a quarter of the foot length in front of the
heel, the ball of the foot at 72 % of it; hip joint centres are drawn 0.10 H apart, narrower than
Winter's 0.191 H hip width, which is measured over the greater trochanters).

Every joint angle of every keyframe is checked against normal active range of motion (`ROM`): the
American Academy of Orthopaedic Surgeons' averages as tabulated in C. C. Norkin and D. J. White,
*Measurement of Joint Motion: A Guide to Goniometry*, 5th ed. (F. A. Davis, 2016), Appendix A.
Sources disagree by 5-20 degrees (e.g. hip extension 30 degrees in AAOS, 20 in the American Medical
Association's guides); we use the AAOS values throughout.

Views. Most exercises are seen from the side (``"side"``: the near side faces the viewer). The
ankle turns are seen from the front (``"front"``: the person faces the viewer, the working foot is the
near foot); the clamshell from the front while lying on one side (``"lying"``: the working leg on top
is the near leg, so the knee's opening is seen rising). Coordinates are metres, x to the right, y up, the floor at y = 0.

The working leg is always the near leg. As written in the data the near side is the person's right
side; ``side="left"`` mirrors the picture (x -> -x), which makes the left side the near side.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "JOINTS", "SEGMENTS", "LENGTHS", "ROM", "ROM_SOURCE", "ANTHROPOMETRY_SOURCE", "PADDING", "VIEWS",
    "SURFACES", "CLINICAL_TESTS", "PoseError", "Pose", "keyframes", "joint_angles", "contacts",
    "pose", "positions", "exercises_with_keyframes", "missing_keyframes", "height_m", "segment_lengths", "default_side",
]

ANTHROPOMETRY_SOURCE = ("Winter DA. Biomechanics and Motor Control of Human Movement, 4th ed. "
                        "Wiley, 2009: Figure 4.1, segment lengths as a fraction of body height "
                        "(after Drillis & Contini 1966).")
ROM_SOURCE = ("American Academy of Orthopaedic Surgeons normal range of motion, as tabulated in "
              "Norkin CC, White DJ. Measurement of Joint Motion: A Guide to Goniometry, 5th ed. "
              "F. A. Davis, 2016, Appendix A.")

VIEWS: tuple[str, ...] = ("side", "front", "lying")
#: Surfaces a body point can rest on.
SURFACES: tuple[str, ...] = ("floor", "wall", "chair")
#: The clinical tests drawn by the same model (ids usable with `keyframes`).
CLINICAL_TESTS: tuple[str, ...] = ("straight-leg-raise", "slump-test", "slump-neck-release", "prone-knee-bend",
                                   "babinski")

_LIMB = ("shoulder", "elbow", "wrist", "hip", "knee", "ankle", "heel", "ball", "toe")
#: Every joint (point) of the model, in drawing order. ``waist`` is the thoracolumbar junction (about
#: T12/L1) between the lumbar and the thoracic part of the trunk; ``ball`` is the ball of the foot
#: (the heads of the metatarsals), where the toes bend.
JOINTS: tuple[str, ...] = ("pelvis", "waist", "neck", "head",
                           *(f"{j}_{s}" for s in ("near", "far") for j in _LIMB))

#: The segments: pairs of joint names. Some have zero length in a view (the shoulders sit at the
#: neck when seen from the side); their length is still constant in every frame. The trunk has two
#: parts, lumbar (pelvis to waist) and thoracic (waist to neck), so a back can curl or round.
SEGMENTS: tuple[tuple[str, str], ...] = (
    ("pelvis", "waist"), ("waist", "neck"), ("neck", "head"),
    *((a.format(s), b.format(s)) for s in ("near", "far") for a, b in (
        ("neck", "shoulder_{}"), ("shoulder_{}", "elbow_{}"), ("elbow_{}", "wrist_{}"),
        ("pelvis", "hip_{}"), ("hip_{}", "knee_{}"), ("knee_{}", "ankle_{}"),
        ("ankle_{}", "ball_{}"), ("ball_{}", "toe_{}"), ("ankle_{}", "heel_{}"))),
)

# Winter (2009) Fig. 4.1, fractions of height H
_ANKLE_H, _FOOT_L = 0.039, 0.152
# The trunk split at the waist: Winter's figure puts the elbow (arm hanging) at 0.630 H, the level of
# the waist and of the thoracolumbar junction (T12/L1, the border of Winter's "thorax" and "abdomen"
# segments, Table 4.1); hip to waist 0.530 -> 0.630 H is the lumbar part (0.100 H, 17 cm at 1.70 m,
# close to the adult lumbar spine's length), waist to shoulder 0.630 -> 0.818 H the thoracic part.
_LUMBAR, _THORACIC = round(0.630 - 0.530, 3), round(0.818 - 0.630, 3)
# The ball of the foot: Winter's foot segment ends at the head of metatarsal II (Table 4.1); the model
# puts it at 72 % of the foot's length from the heel (its own estimate: the figure gives no number).
_BALL = 0.72
_TOE_FWD, _HEEL_BACK = 0.75 * _FOOT_L, 0.25 * _FOOT_L  # ankle a quarter of the foot from the heel
_BALL_FWD = (_BALL - 0.25) * _FOOT_L  # ankle to the ball, along the floor
_TOES = (1.0 - _BALL) * _FOOT_L  # ball to the tips of the toes
_FOOT = math.hypot(_BALL_FWD, _ANKLE_H)  # ankle to the ball of the foot
_PITCH = math.degrees(math.atan2(_ANKLE_H, _BALL_FWD))  # the ankle->ball line slopes down this much
_HEEL = math.hypot(_HEEL_BACK, _ANKLE_H)
_HEEL_OFF = math.degrees(math.atan2(-_ANKLE_H, -_HEEL_BACK)) + _PITCH  # heel direction in the foot
_SOLE = math.hypot(0.055 / 2, _ANKLE_H)  # ankle to either edge of the sole, seen from the front
_SOLE_OFF = math.degrees(math.atan2(0.055 / 2, _ANKLE_H))
_COS45 = math.cos(math.pi / 4)

#: Segment lengths as fractions of height, by view. "side" is the sagittal view.
LENGTHS: dict[str, dict[str, float]] = {
    "side": {"lumbar": _LUMBAR, "thoracic": _THORACIC, "head": 0.117, "shoulder": 0.0, "upper_arm": 0.186,
             "forearm": 0.146, "hip": 0.0, "thigh": 0.245, "shank": 0.246, "foot": _FOOT, "toes": _TOES,
             "heel": _HEEL},
    # seen from the front: half the shoulder width (0.259 H), half the hip-centre spacing, and the
    # foot as its sole (0.055 H wide, Winter): "toe" is the outer edge, "heel" the inner edge (the
    # ball sits at the ankle: the toes' bend is not seen from the front)
    "front": {"lumbar": _LUMBAR, "thoracic": _THORACIC, "head": 0.117, "shoulder": 0.1295, "upper_arm": 0.186,
              "forearm": 0.146, "hip": 0.05, "thigh": 0.245, "shank": 0.246, "foot": 0.0, "toes": _SOLE,
              "heel": _SOLE},
    # seen from the front while lying on one side with the hips bent 45 and the knees 90 degrees (the
    # clamshell): trunk and arms as from the front, thigh and shank seen foreshortened (x cos 45); the
    # clamshell turns the top leg about the line from hip to heels, drawn as a turn in the picture's
    # plane so the lengths stay constant. The feet point at the viewer: drawn short.
    "lying": {"lumbar": _LUMBAR, "thoracic": _THORACIC, "head": 0.117, "shoulder": 0.1295, "upper_arm": 0.186,
              "forearm": 0.146, "hip": 0.05, "thigh": 0.245 * _COS45, "shank": 0.246 * _COS45,
              "foot": 0.0, "toes": 0.035, "heel": 0.0},
}

#: How far the skin is from each point when drawn (fraction of height): a point "on the floor" sits
#: this far above it. The figure draws limbs with these radii.
PADDING: dict[str, float] = {"pelvis": 0.05, "waist": 0.046, "neck": 0.042, "head": 0.062, "shoulder": 0.038,
                             "elbow": 0.016, "wrist": 0.013, "hip": 0.045, "knee": 0.022, "ankle": 0.016,
                             "heel": 0.0, "ball": 0.0, "toe": 0.0}

_SPINE = (-25.0, 80.0)  # AAOS thoracolumbar flexion 80, extension 25
_SPINE_SIDE = (-35.0, 35.0)  # AAOS thoracolumbar lateral flexion 35
#: Normal active range of motion in degrees (low, high) for each angle of each view; see ROM_SOURCE.
#: Side view: flexion positive (ankle: dorsiflexion positive; toes: extension at the ball of the foot
#: positive; spine and neck: flexion positive). Front view: shoulder and hip abduction, ankle
#: inversion (eversion negative), lateral bending. Lying view: the hip angle is its turn in the
#: clamshell (lateral rotation positive).
#: The AAOS gives one range for the thoracolumbar spine; the model checks each of its two parts
#: (``lumbar``, ``thoracic``) and their sum (``spine``, reported by `joint_angles`) against it.
#: Toes: first metatarsophalangeal joint, flexion 45, extension 70 (AAOS).
ROM: dict[str, dict[str, tuple[float, float]]] = {
    "side": {"spine": _SPINE, "lumbar": _SPINE, "thoracic": _SPINE, "neck": (-45.0, 45.0),
             "shoulder": (-60.0, 180.0), "elbow": (0.0, 150.0), "hip": (-30.0, 120.0), "knee": (0.0, 135.0),
             "ankle": (-50.0, 20.0), "toes": (-45.0, 70.0)},
    # front view: shoulder abduction, or, negative, the arm reaching forwards across the chest
    # (flexion, seen from the front; used lying on one side with the top hand on the mat)
    "front": {"spine": _SPINE_SIDE, "lumbar": _SPINE_SIDE, "thoracic": _SPINE_SIDE, "neck": (-45.0, 45.0),
              "shoulder": (-90.0, 180.0), "elbow": (0.0, 150.0), "hip": (-30.0, 45.0), "knee": (0.0, 0.0),
              "ankle": (-15.0, 35.0), "toes": (0.0, 0.0)},
    # lying on one side seen from the front: the knee's and ankle's drawn angles are projections of a
    # knee bent about 90 degrees and an ankle near neutral, kept within +-60 and +-30 degrees; the hip
    # angle is the clamshell's turn (lateral rotation 45, AAOS); the shoulder is abduction, or, negative,
    # the arm reaching forwards across the chest (flexion, seen from the front).
    "lying": {"spine": _SPINE_SIDE, "lumbar": _SPINE_SIDE, "thoracic": _SPINE_SIDE, "neck": (-45.0, 45.0),
              "shoulder": (-90.0, 180.0), "elbow": (0.0, 150.0), "hip": (-45.0, 45.0), "knee": (-60.0, 60.0),
              "ankle": (-30.0, 30.0), "toes": (0.0, 0.0)},
}

_BODY_ANGLES = ("lumbar", "thoracic", "neck")
_LIMB_ANGLES = ("shoulder", "elbow", "hip", "knee", "ankle", "toes")

# Forward kinematics, one table per view: (parent, child, base, offset, angle, sign, length key).
# The child's segment points at  base angle + offset + sign * angle  (degrees, anticlockwise from +x),
# where base is the pelvis's axis ("pelvis") or the direction of the segment ending at joint `base`.
# "{s}" stands for near/far; "sign" may differ by side (a tuple near, far) in the views from the front.
_Row = tuple[str, str, str, float, "str | None", "float | tuple[float, float]", str]
#: Seen from the front, standing or lying on one side: the trunk, head, arms and thighs are the same.
_FRONT_TRUNK_AND_THIGHS: tuple[_Row, ...] = (
    ("pelvis", "waist", "pelvis", 0.0, "lumbar", 1.0, "lumbar"),
    ("waist", "neck", "waist", 0.0, "thoracic", 1.0, "thoracic"),
    ("neck", "head", "neck", 0.0, "neck", 1.0, "head"),
    ("neck", "shoulder_{s}", "neck", (90.0, -90.0), None, 0.0, "shoulder"),
    ("shoulder_{s}", "elbow_{s}", "neck", -180.0, "shoulder", (-1.0, 1.0), "upper_arm"),
    ("elbow_{s}", "wrist_{s}", "elbow_{s}", 0.0, "elbow", (1.0, -1.0), "forearm"),
    ("pelvis", "hip_{s}", "pelvis", (90.0, -90.0), None, 0.0, "hip"),
    ("hip_{s}", "knee_{s}", "pelvis", -180.0, "hip", (-1.0, 1.0), "thigh"),
)
_FRONT_FOOT: tuple[_Row, ...] = (
    ("ankle_{s}", "ball_{s}", "ankle_{s}", 0.0, None, 0.0, "foot"),
    ("ball_{s}", "toe_{s}", "ankle_{s}", (-_SOLE_OFF, _SOLE_OFF), "ankle", (1.0, -1.0), "toes"),
    ("ankle_{s}", "heel_{s}", "toe_{s}", (2 * _SOLE_OFF, -2 * _SOLE_OFF), None, 0.0, "heel"),
)
_KINEMATICS: dict[str, tuple[_Row, ...]] = {
    "side": (
        ("pelvis", "waist", "pelvis", 0.0, "lumbar", -1.0, "lumbar"),
        ("waist", "neck", "waist", 0.0, "thoracic", -1.0, "thoracic"),
        ("neck", "head", "neck", 0.0, "neck", -1.0, "head"),
        ("neck", "shoulder_{s}", "neck", 0.0, None, 0.0, "shoulder"),
        ("shoulder_{s}", "elbow_{s}", "neck", -180.0, "shoulder", 1.0, "upper_arm"),
        ("elbow_{s}", "wrist_{s}", "elbow_{s}", 0.0, "elbow", 1.0, "forearm"),
        ("pelvis", "hip_{s}", "pelvis", 0.0, None, 0.0, "hip"),
        ("hip_{s}", "knee_{s}", "pelvis", -180.0, "hip", 1.0, "thigh"),
        ("knee_{s}", "ankle_{s}", "knee_{s}", 0.0, "knee", -1.0, "shank"),
        ("ankle_{s}", "ball_{s}", "ankle_{s}", 90.0 - _PITCH, "ankle", 1.0, "foot"),
        ("ball_{s}", "toe_{s}", "ball_{s}", _PITCH, "toes", 1.0, "toes"),
        ("ankle_{s}", "heel_{s}", "ball_{s}", _HEEL_OFF, None, 0.0, "heel"),
    ),
    "front": (
        *_FRONT_TRUNK_AND_THIGHS,
        ("knee_{s}", "ankle_{s}", "knee_{s}", 0.0, None, 0.0, "shank"),
        *_FRONT_FOOT,
    ),
    "lying": (
        *_FRONT_TRUNK_AND_THIGHS,
        ("knee_{s}", "ankle_{s}", "knee_{s}", 0.0, "knee", (1.0, -1.0), "shank"),
        ("ankle_{s}", "ball_{s}", "ankle_{s}", 0.0, None, 0.0, "foot"),
        ("ball_{s}", "toe_{s}", "ankle_{s}", 0.0, "ankle", (1.0, -1.0), "toes"),
        ("ankle_{s}", "heel_{s}", "toe_{s}", 0.0, None, 0.0, "heel"),
    ),
}


class PoseError(ValueError):
    """A pose is missing or its data is invalid (names the exercise, frame and field)."""


@dataclass(frozen=True)
class Pose:
    """The keyframe data of one exercise (or clinical test) as read from ``poses.toml``."""

    id: str
    view: str
    frames: tuple[dict[str, Any], ...]
    props: dict[str, Any]
    path: tuple[str, ...] = ()  # joints along which a nerve's tension path is drawn (clinical tests)

    @property
    def frame_names(self) -> list[str]:
        return [f["name"] for f in self.frames]

    def text(self, frame: str) -> str:
        """The position of ``frame`` in words."""
        for f in self.frames:
            if f["name"] == frame:
                return str(f.get("text", frame))
        raise PoseError(f"{self.id}: no frame {frame!r}; frames: {', '.join(self.frame_names)}")


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("backnotes").joinpath("data/poses.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def height_m() -> float:
    """The body height every picture is drawn at, in metres (from ``poses.toml``)."""
    return float(_data().get("height_m", 1.70))


def missing_keyframes(exercise_ids: "Sequence[str]") -> list[str]:
    """The ids in ``exercise_ids`` that have no keyframes (a catalog check: should be empty)."""
    have = set(_data()["pose"])
    return [e for e in exercise_ids if e not in have]


def exercises_with_keyframes() -> list[str]:
    """Ids that have keyframes: every catalog exercise and the clinical tests."""
    return list(_data()["pose"])


@lru_cache(maxsize=64)
def pose(exercise_id: str) -> Pose:
    """The keyframe data of ``exercise_id``; PoseError naming the known ids if there is none."""
    table = _data()["pose"]
    if exercise_id not in table:
        raise PoseError(f"no keyframes for {exercise_id!r}; known: {', '.join(sorted(table))}")
    raw = table[exercise_id]
    view = raw.get("view", "side")
    if view not in VIEWS:
        raise PoseError(f"{exercise_id}: view {view!r} is not one of {', '.join(VIEWS)}")
    frames = tuple(raw.get("frame", ()))
    if len(frames) < 2:
        raise PoseError(f"{exercise_id}: needs at least two frames (start and end), has {len(frames)}")
    for i, f in enumerate(frames):
        for key in ("name", "pelvis"):
            if key not in f:
                raise PoseError(f"{exercise_id}: frame {i + 1} has no {key!r}")
        if len(f["pelvis"]) != 3:
            raise PoseError(f"{exercise_id}, frame {f['name']}: pelvis must be [x, y, angle]")
        for where in f.get("contacts", {}):
            if where not in SURFACES:
                raise PoseError(f"{exercise_id}, frame {f['name']}: contact surface {where!r} is not one "
                                f"of {', '.join(SURFACES)}")
    return Pose(exercise_id, view, frames, dict(raw.get("props", {})), tuple(raw.get("path", ())))


def _angles(p: Pose, frame: Mapping[str, Any]) -> dict[str, float]:
    """All angles of a frame: body angles by name, limb angles as ``hip_near`` etc. (missing: 0;
    a far limb angle missing falls back to the near one)."""
    if "spine" in frame:
        raise PoseError(f"{p.id}, frame {frame['name']}: 'spine' is now two angles, 'lumbar' and 'thoracic'")
    out = {k: float(frame.get(k, 0.0)) for k in _BODY_ANGLES}
    near, far = dict(frame.get("near", {})), dict(frame.get("far", {}))
    for k in (*near, *far):
        if k not in _LIMB_ANGLES:
            raise PoseError(f"{p.id}, frame {frame['name']}: unknown angle {k!r}; allowed: "
                            f"{', '.join(_LIMB_ANGLES)}")
    for k in _LIMB_ANGLES:
        out[f"{k}_near"] = float(near.get(k, 0.0))
        out[f"{k}_far"] = float(far.get(k, near.get(k, 0.0)))
    return out


def _solve(p: Pose, frame: Mapping[str, Any], h: float) -> dict[str, tuple[float, float]]:
    """Forward kinematics of one frame: joint -> (x, y) in metres, as written (near = right)."""
    lengths = LENGTHS[p.view]
    angles = _angles(p, frame)
    px, py, pa = (float(v) for v in frame["pelvis"])
    pos: dict[str, tuple[float, float]] = {"pelvis": (px, py)}
    direction: dict[str, float] = {"pelvis": pa}  # joint -> direction of the segment ending there
    for parent, child, base, offset, angle, sign, length in _KINEMATICS[p.view]:
        for i, s in enumerate(("near", "far")):
            c, par, b = child.format(s=s), parent.format(s=s), base.format(s=s)
            if c in pos:  # rows without {s} are done once
                continue
            off = offset[i] if isinstance(offset, tuple) else offset
            sg = sign[i] if isinstance(sign, tuple) else sign
            a = angles[angle if angle in _BODY_ANGLES else f"{angle}_{s}"] if angle else 0.0
            d = direction[b] + off + sg * a
            r = lengths[length] * h
            x0, y0 = pos[par]
            pos[c] = (x0 + r * math.cos(math.radians(d)), y0 + r * math.sin(math.radians(d)))
            direction[c] = d
    return pos


def default_side(exercise_id: str) -> str | None:
    """The side drawn when none is asked for: "left" (the timer's first side) for exercises done on
    each side, None (as written in the data) for the rest."""
    if exercise_id in CLINICAL_TESTS:
        return None
    cat = _catalog()
    return "left" if exercise_id in cat and bool(cat[exercise_id]) else None


@lru_cache(maxsize=1)
def _catalog() -> dict[str, bool]:
    from .catalog import load_exercises

    cat = load_exercises(variants=True)
    return {str(i): bool(v) for i, v in cat["per_side"].items()}


def _check_side(side: str | None) -> None:
    if side not in (None, "left", "right"):
        raise PoseError(f"side must be 'left', 'right' or None, not {side!r}")


def positions(exercise_id: str) -> dict[str, dict[str, tuple[float, float]]]:
    """frame -> joint -> (x, y) in metres, as written in the data (the near side is the right side);
    the plain-Python form of `keyframes` that the pictures use."""
    p = pose(exercise_id)
    h = height_m()
    return {str(f["name"]): _solve(p, f, h) for f in p.frames}


def keyframes(exercise_id: str, *, side: str | None = None) -> pd.DataFrame:
    """Joint positions of each keyframe of an exercise, in metres, the floor at ``y = 0``.

    Columns ``frame`` (e.g. "start", "end"; in order), ``joint`` (`JOINTS`), ``x``, ``y``. The
    working limb is the near one (``*_near``); ``side="left"`` or ``"right"`` says which side of the
    body that is (the picture is mirrored for the left), ``None`` draws the default
    (`default_side`). ``attrs`` hold ``view``, ``side``, ``props`` (mat, wall, chair) and ``text``
    (each frame's position in words). Clinical tests (`CLINICAL_TESTS`) are drawn the same way.

    >>> k = keyframes("glute-bridge")
    >>> list(k.columns), list(k["frame"].unique())
    (['frame', 'joint', 'x', 'y'], ['start', 'end'])
    """
    _check_side(side)
    p = pose(exercise_id)
    side = side if side is not None else default_side(exercise_id)
    h = height_m()
    mirror = -1.0 if side == "left" else 1.0
    rows_f, rows_j, xs, ys = [], [], [], []
    for frame in p.frames:
        pos = _solve(p, frame, h)
        for j in JOINTS:
            x, y = pos[j]
            rows_f.append(frame["name"])
            rows_j.append(j)
            xs.append(mirror * x)
            ys.append(y)
    out = pd.DataFrame({"frame": pd.array(rows_f, dtype="str"), "joint": pd.array(rows_j, dtype="str"),
                        "x": np.round(np.array(xs), 6), "y": np.round(np.array(ys), 6)})
    props = dict(p.props)
    if "wall_x" in props:
        props["wall_x"] = mirror * float(props["wall_x"])
    if "chair_x" in props:
        props["chair_x"] = mirror * float(props["chair_x"])
    out.attrs.update(view=p.view, side=side, props=props, mirrored=mirror < 0,
                     text={f["name"]: str(f.get("text", f["name"])) for f in p.frames})
    return out


def joint_angles(exercise_id: str) -> pd.DataFrame:
    """Every joint angle of every keyframe with its normal range (`ROM`): columns ``frame``,
    ``angle`` (e.g. ``hip_near``; ``spine`` is the sum of ``lumbar`` and ``thoracic``), ``degrees``,
    ``low``, ``high``, ``inside`` (bool)."""
    p = pose(exercise_id)
    rows = []
    for frame in p.frames:
        angles = _angles(p, frame)
        angles["spine"] = angles["lumbar"] + angles["thoracic"]
        for name, deg in angles.items():
            kind = name.split("_")[0]
            low, high = ROM[p.view][kind]
            rows.append((frame["name"], name, deg, low, high, low - 1e-9 <= deg <= high + 1e-9))
    return pd.DataFrame(rows, columns=["frame", "angle", "degrees", "low", "high", "inside"])


def contacts(exercise_id: str) -> pd.DataFrame:
    """The declared contacts of each keyframe and how far each is from its surface.

    Columns ``frame``, ``joint``, ``surface``, ``gap_m``: the distance from the joint's skin (the
    joint position less its `PADDING`) to the surface, in metres (0 = touching)."""
    p = pose(exercise_id)
    h = height_m()
    rows = []
    for frame in p.frames:
        pos = _solve(p, frame, h)
        for surface, joints in frame.get("contacts", {}).items():
            for j in joints:
                if j not in pos:
                    raise PoseError(f"{exercise_id}, frame {frame['name']}: unknown joint {j!r} in contacts")
                x, y = pos[j]
                pad = PADDING[j.split("_")[0]] * h
                if surface == "floor":
                    gap = y - pad
                elif surface == "wall":
                    gap = abs(float(p.props["wall_x"]) - x) - pad
                else:  # chair: the top of its back (or a counter) at chair_top
                    gap = abs(y - float(p.props["chair_top"])) - pad
                rows.append((frame["name"], j, surface, gap))
    return pd.DataFrame(rows, columns=["frame", "joint", "surface", "gap_m"])


def segment_lengths(exercise_id: str) -> pd.DataFrame:
    """Length of every segment in every frame, in metres (for checks): columns ``frame``,
    ``segment`` ("a-b") and ``length``."""
    k = keyframes(exercise_id, side="right")
    rows = []
    for name, f in k.groupby("frame", sort=False):
        pos = dict(zip(f["joint"], zip(f["x"], f["y"])))
        for a, b in SEGMENTS:
            (x0, y0), (x1, y1) = pos[a], pos[b]
            rows.append((name, f"{a}-{b}", math.hypot(x1 - x0, y1 - y0)))
    return pd.DataFrame(rows, columns=["frame", "segment", "length"])
