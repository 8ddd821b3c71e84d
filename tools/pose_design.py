"""Design aid for data/poses.toml: solve chosen pose variables so that contacts touch, then write TOML.

The poses are described below in readable terms (angles we choose, plus which numbers are free and which
points must touch what); a small damped least-squares solve finds the free numbers, rounded to 0.1 degree
and 1 mm, and the result is written to src/backnotes/data/poses.toml. Run it after changing a pose:

    .venv/bin/python tools/pose_design.py
"""
from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from backnotes import poses  # noqa: E402

H = 1.70
P = {k: v * H for k, v in poses.PADDING.items()}


def get(frame, path):
    cur = frame
    for k in path[:-1]:
        cur = cur.setdefault(k, {})
    return cur[path[-1]] if not isinstance(path[-1], int) else cur[path[-1]]


def put(frame, path, value):
    cur = frame
    for k in path[:-1]:
        cur = cur.setdefault(k, {}) if not isinstance(k, int) else cur[k]
    cur[path[-1]] = value


def parse(var):  # "pelvis.1", "near.hip", "spine"
    return tuple(int(p) if p.isdigit() else p for p in var.split("."))


def read(frame, var):
    path = parse(var)
    cur = frame
    for k in path:
        if isinstance(cur, dict) and k not in cur:
            return 0.0
        cur = cur[k]
    return float(cur)


def solve(view, props, frame, free, targets, other=None):
    pose = poses.Pose("x", view, (frame,), props)

    def resid(vec):
        f = copy.deepcopy(frame)
        for v, val in zip(free, vec):
            put(f, parse(v), float(val))
        pos = poses._solve(pose, f, H)
        out = []
        for t in targets:
            kind = t[0]
            if kind == "floor":
                out.append(pos[t[1]][1] - P[t[1].split("_")[0]])
            elif kind == "wall":
                out.append(props["wall_x"] - pos[t[1]][0] - P[t[1].split("_")[0]])
            elif kind == "chair":
                out.append(pos[t[1]][1] - props["chair_top"] - P[t[1].split("_")[0]])
            elif kind == "x":
                out.append(pos[t[1]][0] - t[2])
            elif kind == "y":
                out.append(pos[t[1]][1] - t[2])
            elif kind == "dx":  # x of joint a minus x of joint b
                out.append(pos[t[1]][0] - pos[t[2]][0] - t[3])
            elif kind == "dy":
                out.append(pos[t[1]][1] - pos[t[2]][1] - t[3])
            elif kind == "ang":  # keep a variable near a value (soft)
                f2 = f
                out.append(0.001 * (read(f2, t[1]) - t[2]))
        return np.array(out)

    x = np.array([read(frame, v) for v in free], dtype=float)
    lam = 1e-3
    for _ in range(200):
        r = resid(x)
        J = np.zeros((len(r), len(x)))
        for i in range(len(x)):
            dx = np.zeros_like(x); dx[i] = 1e-5
            J[:, i] = (resid(x + dx) - r) / 1e-5
        step = np.linalg.solve(J.T @ J + lam * np.eye(len(x)), -J.T @ r)
        if np.linalg.norm(resid(x + step)) < np.linalg.norm(r):
            x = x + step; lam *= 0.5
        else:
            lam *= 4
        if np.linalg.norm(step) < 1e-9:
            break
    out = copy.deepcopy(frame)
    for v, val in zip(free, x):
        is_len = parse(v)[0] == "pelvis" and parse(v)[-1] in (0, 1)
        put(out, parse(v), round(float(val), 3 if is_len else 1))
    res = resid(np.array([read(out, v) for v in free]))
    return out, res


def crook(**kw):  # lying on the back, knees bent, feet flat
    d = {"hip": 50.0, "knee": 100.0, "ankle": -40.0}
    d.update(kw)
    return d


SUPINE_FREE = ["pelvis.2", "neck"]
SUPINE_T = [("floor", "neck"), ("floor", "head")]
FEET_T = [("floor", "heel_near"), ("floor", "toe_near"), ("floor", "heel_far"), ("floor", "toe_far")]
ARMS_SIDE = {"shoulder": -8.0, "elbow": 5.0}
ARMS_CHEST = {"shoulder": 40.0, "elbow": 120.0}

DESIGN = {}


def spec(eid, view="side", props=None, path=(), pivots=()):
    def deco(fn):
        DESIGN[eid] = (view, props or {}, fn, path)
        return fn
    return deco


def supine_start(arms, text, near=None, name="start"):
    f = {"name": name, "text": text, "pelvis": [0.0, P["pelvis"], 182.0], "neck": 10.0,
         "near": {**crook(), **arms, **(near or {})}, "far": {**crook(), **arms}}
    free = SUPINE_FREE + ["near.ankle", "near.hip"]
    targets = SUPINE_T + FEET_T[:2]
    f, _ = solve("side", {}, f, free, targets)
    f["far"] = dict(f["near"])
    return f, free, targets, {"floor": ["pelvis", "neck", "head", "heel_near", "toe_near", "heel_far", "toe_far"]}


@spec("knee-to-chest", props={"mat": True})
def _():
    f0, free, t, c = supine_start(ARMS_SIDE, "Lying on the back, knees bent, feet flat on the mat, arms by the sides")
    f0, r = solve("side", {}, f0, ["near.shoulder"], [("floor", "wrist_near")])
    f0["far"] = dict(f0["near"])
    f0["contacts"] = {"floor": c["floor"] + ["wrist_far"]}
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text="One knee drawn up towards the chest, hands holding it below the knee")
    f1["near"] = {"hip": 112.0, "knee": 125.0, "ankle": -20.0, "shoulder": 60.0, "elbow": 60.0}
    knee = poses._solve(poses.Pose("x", "side", (f1,), {}), f1, H)
    f1, r1 = solve("side", {}, f1, ["near.shoulder", "near.elbow"],
                   [("dx", "wrist_near", "knee_near", 0.07), ("dy", "wrist_near", "knee_near", -0.06)])
    f1["contacts"] = {"floor": ["pelvis", "neck", "head", "heel_far", "toe_far"]}
    return [f0, f1]


def bridge(eid, lift, hip_end, text_end):
    f0, free, t, c = supine_start(ARMS_CHEST, "Lying on the back, knees bent, feet flat, arms crossed on the chest")
    f0["contacts"] = {"floor": c["floor"]}
    pos0 = poses._solve(poses.Pose("x", "side", (f0,), {}), f0, H)
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text=text_end)
    f1["pelvis"] = [0.0, P["pelvis"] + lift, 182.0]
    f1["near"] = {**f0["near"], "hip": hip_end}
    f1["far"] = {**f0["far"], "hip": hip_end}
    free1 = ["pelvis.0", "pelvis.2", "near.hip", "near.knee", "near.ankle", "neck"]
    t1 = [("floor", "neck"), ("floor", "head"), ("floor", "heel_near"), ("floor", "toe_near"),
          ("x", "toe_near", pos0["toe_near"][0]), ("ang", "near.hip", hip_end)]
    f1, r1 = solve("side", {}, f1, free1, t1)
    f1["far"] = {**f0["far"], **{k: f1["near"][k] for k in ("hip", "knee", "ankle")}}
    f1["contacts"] = {"floor": ["neck", "head", "heel_near", "toe_near", "heel_far", "toe_far"]}
    return [f0, f1]


@spec("short-bridge", props={"mat": True})
def _():
    return bridge("short-bridge", 0.10, 30.0, "Hips raised a little way off the mat, shoulders and feet down")


@spec("glute-bridge", props={"mat": True})
def _():
    return bridge("glute-bridge", 0.17, 10.0, "Hips raised into a straight line from the shoulders to the knees")


@spec("small-crunch", props={"mat": True})
def _():
    f0, free, t, c = supine_start(ARMS_CHEST, "Lying on the back, knees bent, feet flat, arms folded on the chest")
    f0["contacts"] = {"floor": c["floor"]}
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text="Head and shoulders curled a little way off the mat, lower back down")
    f1["spine"] = 16.0
    f1["neck"] = 25.0
    f1["contacts"] = {"floor": ["pelvis", "heel_near", "toe_near", "heel_far", "toe_far"]}
    return [f0, f1]


@spec("double-knee-lift", props={"mat": True})
def _():
    f0, free, t, c = supine_start(ARMS_SIDE, "Lying on the back, knees bent, feet flat, arms by the sides")
    f0, r = solve("side", {}, f0, ["near.shoulder"], [("floor", "wrist_near")])
    f0["far"] = dict(f0["near"])
    f0["contacts"] = {"floor": c["floor"] + ["wrist_near", "wrist_far"]}
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text="Both bent knees drawn up together towards the chest, feet off the mat")
    f1["near"] = {**f0["near"], "hip": 100.0, "knee": 100.0, "ankle": -20.0}
    f1["far"] = {**f0["far"], "hip": 100.0, "knee": 100.0, "ankle": -20.0}
    f1["contacts"] = {"floor": ["pelvis", "neck", "head", "wrist_near", "wrist_far"]}
    return [f0, f1]


def prone_legs(f):
    f["near"].update(hip=8.0, knee=4.0, ankle=-50.0)
    f["far"].update(hip=8.0, knee=4.0, ankle=-50.0)


@spec("forearm-press-up", props={"mat": True})
def _():
    f0 = {"name": "start", "text": "Lying face down, forearms flat on the mat beside the head",
          "pelvis": [0.0, P["pelvis"], -2.0], "spine": 0.0, "neck": 10.0,
          "near": {"shoulder": 150.0, "elbow": 30.0, "hip": 2.0, "knee": 4.0, "ankle": -50.0},
          "far": {"shoulder": 150.0, "elbow": 30.0, "hip": 2.0, "knee": 4.0, "ankle": -50.0}}
    free = ["pelvis.2", "neck", "near.shoulder", "near.elbow", "near.hip", "near.knee"]
    t = [("floor", "neck"), ("floor", "head"), ("floor", "elbow_near"), ("floor", "wrist_near"),
         ("floor", "knee_near"), ("floor", "toe_near")]
    f0, r = solve("side", {}, f0, free, t)
    f0["far"] = dict(f0["near"])
    f0["contacts"] = {"floor": ["pelvis", "neck", "head", "elbow_near", "wrist_near", "knee_near", "toe_near",
                                "elbow_far", "wrist_far", "knee_far", "toe_far"]}
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text="Chest and head raised onto the forearms, elbows under the shoulders, hips on the mat")
    f1["spine"] = -20.0
    f1["pelvis"][2] = 12.0
    f1["near"].update(hip=-12.0, shoulder=60.0, elbow=90.0)
    free1 = ["neck", "near.shoulder", "near.elbow", "near.hip", "pelvis.2"]
    t1 = [("floor", "elbow_near"), ("floor", "wrist_near"), ("dx", "elbow_near", "shoulder_near", 0.0),
          ("floor", "knee_near"), ("ang", "neck", -5.0)]
    f1, r1 = solve("side", {}, f1, free1, t1)
    f1["far"] = dict(f1["near"])
    f1["contacts"] = {"floor": ["pelvis", "elbow_near", "wrist_near", "knee_near", "toe_near",
                                "elbow_far", "wrist_far", "knee_far", "toe_far"]}
    return [f0, f1]


@spec("childs-pose", props={"mat": True})
def _():
    f0 = {"name": "start", "text": "On hands and knees, hands below the shoulders, knees below the hips",
          "pelvis": [0.0, 0.47, 10.0], "spine": 0.0, "neck": -5.0,
          "near": {"shoulder": 80.0, "elbow": 0.0, "hip": 80.0, "knee": 95.0, "ankle": -50.0},
          "far": {}}
    free = ["pelvis.1", "pelvis.2", "near.shoulder", "near.hip", "near.knee", "near.elbow"]
    t = [("floor", "knee_near"), ("floor", "toe_near"), ("floor", "wrist_near"), ("dx", "knee_near", "hip_near", 0.0),
         ("dx", "wrist_near", "shoulder_near", 0.0), ("ang", "near.elbow", 0.0)]
    f0, r = solve("side", {}, f0, free, t)
    f0["far"] = dict(f0["near"])
    f0["contacts"] = {"floor": ["knee_near", "toe_near", "wrist_near", "knee_far", "toe_far", "wrist_far"]}
    pos0 = poses._solve(poses.Pose("x", "side", (f0,), {}), f0, H)
    f1 = {"name": "end", "text": "Sitting back towards the heels, arms long on the mat, forehead resting down",
          "pelvis": [pos0["pelvis"][0] - 0.3, 0.33, 18.0], "spine": 30.0, "neck": 20.0,
          "near": {"shoulder": 170.0, "elbow": 5.0, "hip": 118.0, "knee": 132.0, "ankle": -50.0}}
    free1 = ["pelvis.0", "pelvis.1", "pelvis.2", "spine", "neck", "near.shoulder", "near.knee", "near.hip"]
    t1 = [("floor", "knee_near"), ("floor", "toe_near"), ("floor", "wrist_near"), ("floor", "head"),
          ("x", "knee_near", pos0["knee_near"][0]), ("ang", "near.knee", 132.0), ("ang", "near.hip", 118.0),
          ("ang", "near.shoulder", 170.0)]
    f1, r1 = solve("side", {}, f1, free1, t1)
    f1["far"] = dict(f1["near"])
    f1["contacts"] = {"floor": ["knee_near", "toe_near", "wrist_near", "head", "knee_far", "toe_far", "wrist_far"]}
    return [f0, f1]


STAND = 0.530 * H


@spec("wall-calf-stretch", props={"wall_x": 0.58})
def _():
    props = {"wall_x": 0.58}
    f0 = {"name": "start", "text": "Standing facing a wall at arm's length, palms on the wall at shoulder height",
          "pelvis": [0.0, STAND, 90.0], "near": {"shoulder": 88.0, "elbow": 10.0}, "far": {}}
    f0, r = solve("side", props, f0, ["near.elbow", "near.shoulder"], [("wall", "wrist_near"),
                                                                        ("ang", "near.shoulder", 85.0)])
    f0["far"] = dict(f0["near"])
    f0["contacts"] = {"floor": ["heel_near", "toe_near", "heel_far", "toe_far"], "wall": ["wrist_near", "wrist_far"]}
    f1 = {"name": "end", "text": "One foot stepped back with that leg straight and its heel down, front knee bent, "
          "leaning towards the wall",
          "pelvis": [0.0, 0.85, 78.0], "spine": 0.0,
          "near": {"shoulder": 80.0, "elbow": 40.0, "hip": -12.0, "knee": 0.0, "ankle": 15.0},
          "far": {"shoulder": 80.0, "elbow": 40.0, "hip": 30.0, "knee": 35.0, "ankle": 5.0}}
    free1 = ["pelvis.0", "pelvis.1", "pelvis.2", "near.hip", "near.ankle", "far.hip", "far.knee", "far.ankle",
             "near.elbow", "near.shoulder"]
    t1 = [("floor", "heel_near"), ("floor", "toe_near"), ("floor", "heel_far"), ("floor", "toe_far"),
          ("x", "toe_far", 0.12 + 0.0), ("wall", "wrist_near"), ("dy", "wrist_near", "shoulder_near", -0.05),
          ("ang", "near.hip", -12.0), ("ang", "near.ankle", 14.0), ("ang", "far.knee", 30.0)]
    f1, r1 = solve("side", props, f1, free1, t1)
    f1["far"]["shoulder"], f1["far"]["elbow"] = f1["near"]["shoulder"], f1["near"]["elbow"]
    f1["contacts"] = {"floor": ["heel_near", "toe_near", "heel_far", "toe_far"], "wall": ["wrist_near", "wrist_far"]}
    return [f0, f1]


@spec("calf-raise", props={"wall_x": 0.5})
def _():
    props = {"wall_x": 0.5}
    f0 = {"name": "start", "text": "Standing leaning slightly forward, both hands resting on a wall, heels down",
          "pelvis": [0.0, STAND - 0.01, 84.0], "near": {"shoulder": 75.0, "elbow": 30.0, "hip": 0.0, "ankle": 6.0}}
    free = ["pelvis.1", "near.ankle", "near.elbow", "near.shoulder"]
    t = [("floor", "heel_near"), ("floor", "toe_near"), ("wall", "wrist_near"), ("dy", "wrist_near", "shoulder_near", -0.1)]
    f0, r = solve("side", props, f0, free, t)
    f0["far"] = dict(f0["near"])
    f0["contacts"] = {"floor": ["heel_near", "toe_near", "heel_far", "toe_far"], "wall": ["wrist_near", "wrist_far"]}
    pos0 = poses._solve(poses.Pose("x", "side", (f0,), {}), f0, H)
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text="Risen onto the balls of both feet, heels high, hands still on the wall")
    f1["near"]["ankle"] = -30.0
    free1 = ["pelvis.0", "pelvis.1", "near.elbow", "near.shoulder"]
    t1 = [("floor", "toe_near"), ("x", "toe_near", pos0["toe_near"][0]), ("wall", "wrist_near"),
          ("dy", "wrist_near", "shoulder_near", -0.1)]
    f1, r1 = solve("side", props, f1, free1, t1)
    f1["far"] = dict(f1["near"])
    f1["contacts"] = {"floor": ["toe_near", "toe_far"], "wall": ["wrist_near", "wrist_far"]}
    return [f0, f1]


@spec("clamshell", view="feet", props={"mat": True})
def _():
    # seen from the feet: lying on one side, the working (near) leg on top
    hip_y = P["hip"]
    f0 = {"name": "start", "text": "Lying on one side, hips and knees bent, knees and heels together",
          "pelvis": [0.0, hip_y + 0.05 * H, 90.0],
          "near": {"shoulder": -84.0, "elbow": 15.0, "hip": -20.0, "knee": 0.0, "ankle": 0.0},
          "far": {"shoulder": -5.0, "elbow": 0.0, "hip": -5.0, "knee": 0.0, "ankle": 0.0}}
    # the top arm rests along the side of the body (foreshortened), the lower arm on the mat
    free = ["near.hip", "far.hip", "far.knee", "far.shoulder"]
    t = [("dy", "knee_near", "knee_far", 2 * P["knee"]),
         ("floor", "knee_far"), ("floor", "ankle_far"), ("floor", "elbow_far")]
    f0, r = solve("feet", {}, f0, free, t)
    f0["near"]["knee"] = f0["far"]["knee"]
    f0["contacts"] = {"floor": ["hip_far", "knee_far", "ankle_far", "shoulder_far", "elbow_far"]}
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text="Top knee lifted, heels still together, pelvis not rolling back")
    f1["near"]["hip"] = round(f0["near"]["hip"] + 40.0, 1)
    f1["contacts"] = {"floor": ["hip_far", "knee_far", "ankle_far", "shoulder_far", "elbow_far"]}
    return [f0, f1]


@spec("ankle-in-out", view="front", props={"chair_x": 0.5, "chair_top": 0.92, "chair_kind": "back"})
def _():
    props = {"chair_x": 0.5, "chair_top": 0.92}
    base = {"pelvis": [0.0, STAND, 92.0], "spine": -2.0, "neck": 0.0,
            "near": {"shoulder": 8.0, "elbow": 10.0, "hip": 3.0, "ankle": 0.0},
            "far": {"shoulder": 25.0, "elbow": 30.0, "hip": 2.0, "ankle": 0.0}}
    free = ["pelvis.1", "pelvis.2", "far.hip", "far.shoulder", "far.elbow", "spine"]
    t = [("floor", "toe_far"), ("floor", "heel_far"), ("chair", "wrist_far"), ("dy", "toe_near", "toe_far", 0.045),
         ("ang", "spine", 0.0), ("x", "wrist_far", 0.42), ("ang", "far.elbow", 30.0)]
    f0 = {**copy.deepcopy(base), "name": "start", "text": "Standing on one leg beside a chair, holding it, the other "
          "foot just off the floor with its sole turned inwards"}
    f0["near"]["ankle"] = 30.0
    f0, r = solve("front", props, f0, free, t)
    f0["contacts"] = {"floor": ["heel_far", "toe_far"], "chair": ["wrist_far"]}
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text="The lifted foot's sole turned outwards, moving only at the ankle")
    f1["near"]["ankle"] = -15.0
    return [f0, f1]


@spec("straight-leg-raise", props={"mat": True}, path=("pelvis", "hip_near", "knee_near", "ankle_near", "heel_near"))
def _():
    f0 = {"name": "start", "text": "Lying on the back, both legs straight, head flat",
          "pelvis": [0.0, P["pelvis"], 182.0], "neck": 10.0,
          "near": {"shoulder": -8.0, "elbow": 5.0, "hip": 0.0, "knee": 0.0, "ankle": 0.0}}
    free = ["pelvis.2", "neck", "near.hip", "near.ankle", "near.shoulder"]
    t = [("floor", "neck"), ("floor", "head"), ("floor", "heel_near"), ("floor", "wrist_near"),
         ("ang", "near.ankle", 0.0)]
    f0, r = solve("side", {}, f0, free, t)
    f0["far"] = dict(f0["near"])
    f0["contacts"] = {"floor": ["pelvis", "neck", "head", "heel_near", "heel_far", "wrist_near", "wrist_far"]}
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text="The examiner raises one straight leg; the foot is pulled up to add nerve tension")
    f1["near"] = {**f0["near"], "hip": 60.0, "ankle": 15.0}
    f1["contacts"] = {"floor": ["pelvis", "neck", "head", "heel_far", "wrist_near", "wrist_far"]}
    return [f0, f1]


@spec("slump-test", props={"chair_x": 0.0, "chair_top": 0.60, "chair_kind": "seat"},
      path=("neck", "pelvis", "hip_near", "knee_near", "ankle_near", "heel_near"))
def _():
    props = {"chair_x": 0.0, "chair_top": 0.60}
    f0 = {"name": "start", "text": "Sitting upright on the edge of a couch, knees bent, hands behind the back",
          "pelvis": [0.0, 0.60 + P["pelvis"], 90.0], "spine": 0.0, "neck": 0.0,
          "near": {"shoulder": -40.0, "elbow": 60.0, "hip": 90.0, "knee": 90.0, "ankle": 0.0}}
    f0["far"] = dict(f0["near"])
    f0["contacts"] = {"chair": ["pelvis"]}
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text="Slumped: back and neck bent forwards, one knee straightened, foot pulled up")
    f1["spine"] = 40.0
    f1["neck"] = 40.0
    f1["pelvis"][2] = 100.0
    f1["near"] = {**f0["near"], "hip": 80.0, "knee": 5.0, "ankle": 15.0, "shoulder": -40.0}
    f1["far"] = {**f0["far"], "hip": 80.0}
    return [f0, f1]


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(round(float(v), 3))
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(v)


HEADER = '''# Keyframes of every exercise picture (and of the clinical tests in notebook 05).
#
# Read by backnotes.poses (see its docstring for the body model, the angle conventions and the sources
# of segment lengths and ranges of motion). Generated by tools/pose_design.py, which solves the free
# numbers of each pose so that the declared contacts touch; edit the design there and re-run it.
#
# Per frame: pelvis = [x m, y m, angle of the pelvis's axis in degrees]; spine and neck (flexion +);
# near / far: shoulder, elbow, hip, knee (flexion +), ankle (dorsiflexion +); in the "front" view
# shoulder and hip are abduction and ankle is inversion (eversion -), in the "feet" view hip is the
# clamshell's rotation. contacts: surface -> points resting on it. The near limb is the working one.

format = 1
height_m = 1.70
'''


def main() -> int:
    out = [HEADER]
    worst = 0.0
    for eid, (view, props, fn, path) in DESIGN.items():
        frames = fn()
        out.append(f"\n[pose.{eid}]\nview = {json.dumps(view)}\n")
        if path:
            out.append(f"path = {toml_value(list(path))}\n")
        if props:
            out.append(f"props = {toml_value(props)}\n")
        for f in frames:
            out.append(f"\n[[pose.{eid}.frame]]\n")
            for k in ("name", "text", "pelvis", "spine", "neck", "near", "far", "contacts"):
                if k in f and f[k] not in ({}, None):
                    v = f[k]
                    if k == "pelvis":
                        v = [round(v[0], 3), round(v[1], 3), round(v[2], 1)]
                    out.append(f"{k} = {toml_value(v)}\n")
    target = ROOT / "src/backnotes/data/poses.toml"
    target.write_text("".join(out), encoding="utf-8")
    poses._data.cache_clear(); poses.pose.cache_clear()
    for eid in DESIGN:
        c = poses.contacts(eid)
        bad = c[c["gap_m"].abs() > 0.005]
        worst = max(worst, float(c["gap_m"].abs().max()) if len(c) else 0.0)
        if len(bad):
            print(eid, "contacts off:\n", bad.to_string())
        a = poses.joint_angles(eid)
        if not a["inside"].all():
            print(eid, "angles outside ROM:\n", a[~a["inside"]].to_string())
        k = poses.keyframes(eid, side="right")
        if k["y"].min() < -0.001:
            print(eid, "below floor:", k.loc[k["y"].idxmin()].to_dict())
    print(f"wrote {target.relative_to(ROOT)}; worst contact gap {worst * 1000:.1f} mm")
    return 0


if __name__ == "__main__":
    sys.exit(main())
