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


def parse(var):  # "pelvis.1", "near.hip", "lumbar"
    return tuple(int(p) if p.isdigit() else p for p in var.split("."))


def read(frame, var):
    path = parse(var)
    cur = frame
    for k in path:
        if isinstance(cur, dict) and k not in cur:
            return 0.0
        cur = cur[k]
    return float(cur)


def _chest_gap(pos, wrist):
    """Wrist skin to chest skin (the trunk between waist and neck), as tests/test_poses.py measures it."""
    pnt, a, b = (np.array(pos[j]) for j in (wrist, "waist", "neck"))
    t = float(np.clip(np.dot(pnt - a, b - a) / np.dot(b - a, b - a), 0.0, 1.0))
    return float(np.linalg.norm(pnt - (a + t * (b - a)))) - P["neck"] - P["wrist"]


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
            elif kind == "at":  # a point kept where it was: (x, y)
                out.append(pos[t[1]][0] - t[2][0])
                out.append(pos[t[1]][1] - t[2][1])
            elif kind == "dx":  # x of joint a minus x of joint b
                out.append(pos[t[1]][0] - pos[t[2]][0] - t[3])
            elif kind == "dy":
                out.append(pos[t[1]][1] - pos[t[2]][1] - t[3])
            elif kind == "dist":  # distance between two joints
                out.append(float(np.hypot(pos[t[1]][0] - pos[t[2]][0], pos[t[1]][1] - pos[t[2]][1])) - t[3])
            elif kind == "chest":  # a hand resting on the chest, t[2] above its skin
                out.append(_chest_gap(pos, t[1]) - t[2])
            elif kind == "ang":  # keep a variable near a value (soft)
                out.append(0.001 * (read(f, t[1]) - t[2]))
        return np.array(out)

    x = np.array([read(frame, v) for v in free], dtype=float)
    lam = 1e-3
    for _ in range(300):
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


def at(f, view="side", props=None):
    """Joint positions of a designed frame."""
    return poses._solve(poses.Pose("x", view, (f,), props or {}), f, H)


def crook(**kw):  # lying on the back, knees bent, feet flat
    d = {"hip": 50.0, "knee": 100.0, "ankle": -40.0}
    d.update(kw)
    return d


SUPINE_FREE = ["pelvis.2", "neck"]
SUPINE_T = [("floor", "neck"), ("floor", "head")]
FEET_T = [("floor", "heel_near"), ("floor", "ball_near"), ("floor", "heel_far"), ("floor", "ball_far")]
ARMS_SIDE = {"shoulder": -8.0, "elbow": 5.0}
ARMS_CHEST = {"shoulder": 8.0, "elbow": 145.0}
FLOOR_BACK = ["pelvis", "waist", "neck", "head"]
FLOOR_FEET = ["heel_near", "ball_near", "toe_near", "heel_far", "ball_far", "toe_far"]

DESIGN = {}


def spec(eid, view="side", props=None, path=(), pivots=()):
    def deco(fn):
        DESIGN[eid] = (view, props or {}, fn, path)
        return fn
    return deco


def cross_arms(f, side="near"):
    """Arms crossed on the chest: elbows by the ribs, hands resting on the chest."""
    f, _ = solve("side", {}, f, [f"{side}.shoulder", f"{side}.elbow"],
                 [("chest", f"wrist_{side}", 0.035), ("ang", f"{side}.elbow", 140.0), ("ang", f"{side}.shoulder", 8.0)])
    return f


def supine_start(arms, text, near=None, name="start"):
    f = {"name": name, "text": text, "pelvis": [0.0, P["pelvis"], 182.0], "neck": 10.0,
         "near": {**crook(), **arms, **(near or {})}, "far": {**crook(), **arms}}
    free = SUPINE_FREE + ["near.ankle", "near.hip"]
    targets = SUPINE_T + FEET_T[:2]
    f, _ = solve("side", {}, f, free, targets)
    if arms is ARMS_CHEST:
        f = cross_arms(f)
    f["far"] = dict(f["near"])
    return f, free, targets, {"floor": FLOOR_BACK + FLOOR_FEET}


@spec("knee-to-chest", props={"mat": True})
def _():
    f0, free, t, c = supine_start(ARMS_SIDE, "Lying on the back, knees bent, feet flat on the mat, arms by the sides")
    f0, r = solve("side", {}, f0, ["near.shoulder"], [("floor", "wrist_near")])
    f0["far"] = dict(f0["near"])
    f0["contacts"] = {"floor": c["floor"] + ["wrist_far"]}
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text="One knee drawn up towards the chest, hands holding it below the knee")
    f1["near"] = {"hip": 112.0, "knee": 125.0, "ankle": -20.0, "shoulder": 60.0, "elbow": 60.0}
    f1, r1 = solve("side", {}, f1, ["near.shoulder", "near.elbow"],
                   [("dx", "wrist_near", "knee_near", 0.07), ("dy", "wrist_near", "knee_near", -0.06)])
    f1["contacts"] = {"floor": FLOOR_BACK + ["heel_far", "ball_far", "toe_far"]}
    return [f0, f1]


def bridge(lift, hip_end, text_end, arms=ARMS_CHEST, start_text=None, single=False):
    start_text = start_text or "Lying on the back, knees bent, feet flat, arms crossed on the chest"
    f0, free, t, c = supine_start(arms, start_text)
    if arms is ARMS_SIDE:
        f0, r = solve("side", {}, f0, ["near.shoulder"], [("floor", "wrist_near")])
        f0["far"] = dict(f0["near"])
        c["floor"] = c["floor"] + ["wrist_near", "wrist_far"]
    f0["contacts"] = {"floor": list(c["floor"])}
    pos0 = at(f0)
    if single:  # the other leg held straight, its thigh beside the working one
        f0["far"] = {**f0["far"], "hip": f0["near"]["hip"], "knee": 0.0, "ankle": 0.0}
        f0["contacts"]["floor"] = [j for j in f0["contacts"]["floor"] if not j.endswith("_far") or j.startswith("wrist")]
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text=text_end)
    f1["pelvis"] = [0.0, P["pelvis"] + lift, 182.0]
    f1["near"] = {**f0["near"], "hip": hip_end}
    free1 = ["pelvis.0", "pelvis.1", "pelvis.2", "lumbar", "thoracic", "neck", "near.hip", "near.knee", "near.ankle"]
    # head and shoulders stay where they rest; the feet stay; the hips rise
    t1 = [("at", "neck", pos0["neck"]), ("at", "head", pos0["head"]), ("at", "heel_near", pos0["heel_near"]),
          ("at", "ball_near", pos0["ball_near"]), ("y", "pelvis", P["pelvis"] + lift),
          ("ang", "lumbar", 0.0), ("ang", "thoracic", 0.0)]
    if arms is ARMS_SIDE:
        free1 += ["near.shoulder"]
        t1 += [("floor", "wrist_near")]
    f1, r1 = solve("side", {}, f1, free1, t1)
    if single:
        f1["far"] = {**f1["far"], "hip": f1["near"]["hip"], "knee": 0.0}
    else:
        f1["far"] = {**f0["far"], **{k: f1["near"][k] for k in ("hip", "knee", "ankle")}}
    if arms is ARMS_SIDE:
        f1["far"]["shoulder"] = f1["near"]["shoulder"]
    back = ["neck", "head"] + (["wrist_near", "wrist_far"] if arms is ARMS_SIDE else [])
    feet = ["heel_near", "ball_near", "toe_near"] + ([] if single else ["heel_far", "ball_far", "toe_far"])
    f1["contacts"] = {"floor": back + feet}
    return [f0, f1]


@spec("short-bridge", props={"mat": True})
def _():
    return bridge(0.10, 30.0, "Hips raised a little way off the mat, shoulders and feet down, arms still crossed on the chest")


@spec("glute-bridge", props={"mat": True})
def _():
    return bridge(0.17, 10.0, "Hips raised into a straight line from the shoulders to the knees, arms still crossed on the chest")


@spec("bridge-arms-down", props={"mat": True})
def _():
    return bridge(0.12, 25.0, "Hips raised a little way, arms pressing lightly into the mat for balance",
                  arms=ARMS_SIDE, start_text="Lying on the back, knees bent, feet flat, arms by the sides on the mat")


@spec("single-leg-bridge", props={"mat": True})
def _():
    return bridge(0.15, 12.0, "Hips raised on one foot, the other leg held straight in line with its thigh",
                  arms=ARMS_SIDE, single=True,
                  start_text="Lying on the back, one foot flat, the other leg held straight with the thighs level, arms on the mat")


def crunch(text0, text1, arms="chest"):
    if arms == "chest":
        f0, free, t, c = supine_start(ARMS_CHEST, text0)
    else:
        f0, free, t, c = supine_start(ARMS_SIDE, text0)
    f0["contacts"] = {"floor": c["floor"]}
    if arms == "reach":  # arms straight, hands by the thighs, resting off the mat
        f0["near"].update(shoulder=18.0, elbow=0.0)
        f0["far"].update(shoulder=18.0, elbow=0.0)
    elif arms == "temples":  # fingertips at the temples, elbows out
        f0["near"].update(shoulder=130.0, elbow=140.0)
        f0, _ = solve("side", {}, f0, ["near.shoulder", "near.elbow"],
                      [("dist", "wrist_near", "head", P["head"] * 0.6), ("ang", "near.shoulder", 130.0)])
        f0["far"] = dict(f0["near"])
    pos0 = at(f0)
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text=text1)
    # the upper trunk curls at the waist and the neck nods; the lower back stays on the mat
    f1["thoracic"] = 12.0
    f1["neck"] = f0["neck"] + 18.0
    f1, r = solve("side", {}, f1, ["thoracic"], [("y", "neck", pos0["neck"][1] + 0.065)])
    if arms == "reach":
        f1["near"].update(shoulder=14.0)
        f1["far"].update(shoulder=14.0)
    f1["contacts"] = {"floor": ["pelvis", "waist", *FLOOR_FEET]}
    return [f0, f1]


@spec("small-crunch", props={"mat": True})
def _():
    return crunch("Lying on the back, knees bent, feet flat, arms folded on the chest",
                  "Head and shoulders curled a little way off the mat, lower back down")


@spec("reaching-crunch", props={"mat": True})
def _():
    return crunch("Lying on the back, knees bent, feet flat, arms straight by the thighs",
                  "Head and shoulders curled a little way up, hands sliding towards the knees, lower back down",
                  arms="reach")


@spec("crunch-hands-at-temples", props={"mat": True})
def _():
    return crunch("Lying on the back, knees bent, feet flat, fingertips resting at the temples, elbows out",
                  "Head and shoulders curled a little way up, elbows still out, lower back down", arms="temples")


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
    f1["contacts"] = {"floor": FLOOR_BACK + ["wrist_near", "wrist_far"]}
    return [f0, f1]


@spec("single-knee-lift", props={"mat": True})
def _():
    f0, f1 = DESIGN["double-knee-lift"][2]()
    f0["text"] = "Lying on the back, knees bent, feet flat, arms by the sides"
    f1["text"] = "One bent knee lifted until the hip is bent to about a right angle, the other foot down"
    f1["far"] = dict(f0["far"])
    f1["near"] = {**f1["near"], "hip": 90.0, "knee": 95.0}
    f1["contacts"] = {"floor": FLOOR_BACK + ["wrist_near", "wrist_far", "heel_far", "ball_far", "toe_far"]}
    return [f0, f1]


@spec("dead-bug", props={"mat": True})
def _():
    f0, free, t, c = supine_start(ARMS_SIDE, "x")
    f0.update(text="Lying on the back, hips and knees bent to right angles, arms reaching up to the ceiling")
    for s in ("near", "far"):
        f0[s] = {"hip": 90.0, "knee": 90.0, "ankle": -20.0, "shoulder": 90.0, "elbow": 0.0}
    f0["contacts"] = {"floor": FLOOR_BACK}
    f1 = copy.deepcopy(f0)
    f1.update(text="One leg stretched out just above the mat and the other arm reaching overhead, back still flat",
              name="end")
    f1["near"] = {**f0["near"], "hip": 25.0, "knee": 5.0, "ankle": -20.0}
    f1["far"] = {**f0["far"], "shoulder": 165.0}
    f1["contacts"] = {"floor": FLOOR_BACK}
    return [f0, f1]


def prone_legs(f):
    f["near"].update(hip=8.0, knee=4.0, ankle=-50.0)
    f["far"].update(hip=8.0, knee=4.0, ankle=-50.0)


PRONE_FLOOR = ["pelvis", "waist", "knee_near", "toe_near", "knee_far", "toe_far"]


@spec("forearm-press-up", props={"mat": True})
def _():
    # start: face down, forearms flat on the mat with the elbows a little in front of the shoulders
    # (as close under them as lying low allows), the chest low, the head down
    f0 = {"name": "start", "text": "Lying face down, forearms flat on the mat, elbows just in front of the shoulders, "
          "head down", "pelvis": [0.0, P["pelvis"], 5.0], "lumbar": -5.0, "thoracic": -3.0, "neck": 10.0,
          "near": {"shoulder": 40.0, "elbow": 50.0, "hip": -5.0, "knee": 4.0, "ankle": -50.0, "toes": 0.0},
          "far": {}}
    free = ["pelvis.2", "lumbar", "thoracic", "neck", "near.shoulder", "near.elbow", "near.hip", "near.knee"]
    t = [("floor", "elbow_near"), ("floor", "wrist_near"), ("dx", "elbow_near", "shoulder_near", 0.20),
         ("floor", "knee_near"), ("floor", "toe_near"), ("dy", "head", "neck", -0.06),
         ("ang", "lumbar", -5.0), ("ang", "thoracic", -3.0)]
    f0, r = solve("side", {}, f0, free, t)
    f0["far"] = dict(f0["near"])
    f0["contacts"] = {"floor": ["pelvis", "elbow_near", "wrist_near", "knee_near", "toe_near",
                                "elbow_far", "wrist_far", "knee_far", "toe_far"]}
    # end: propped on the forearms, elbows under the shoulders, chest up, hips down
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text="Chest and head raised onto the forearms, elbows under the shoulders, hips on the mat")
    f1["pelvis"][2] = 10.0
    f1["lumbar"], f1["thoracic"] = -14.0, -8.0
    f1["near"].update(hip=-12.0, shoulder=70.0, elbow=90.0)
    free1 = ["neck", "near.shoulder", "near.elbow", "near.hip", "pelvis.2", "lumbar", "thoracic"]
    t1 = [("floor", "elbow_near"), ("floor", "wrist_near"), ("dx", "elbow_near", "shoulder_near", 0.0),
          ("floor", "knee_near"), ("ang", "neck", -5.0), ("ang", "lumbar", -14.0), ("ang", "thoracic", -8.0)]
    f1, r1 = solve("side", {}, f1, free1, t1)
    f1["far"] = dict(f1["near"])
    f1["contacts"] = {"floor": ["pelvis", "elbow_near", "wrist_near", "knee_near", "toe_near",
                                "elbow_far", "wrist_far", "knee_far", "toe_far"]}
    return [f0, f1]


@spec("childs-pose", props={"mat": True})
def _():
    f0 = {"name": "start", "text": "On hands and knees, hands below the shoulders, knees below the hips",
          "pelvis": [0.0, 0.47, 10.0], "neck": -5.0,
          "near": {"shoulder": 80.0, "elbow": 0.0, "hip": 80.0, "knee": 95.0, "ankle": -50.0},
          "far": {}}
    free = ["pelvis.1", "pelvis.2", "near.shoulder", "near.hip", "near.knee", "near.elbow"]
    t = [("floor", "knee_near"), ("floor", "toe_near"), ("floor", "wrist_near"), ("dx", "knee_near", "hip_near", 0.0),
         ("dx", "wrist_near", "shoulder_near", 0.0), ("ang", "near.elbow", 0.0)]
    f0, r = solve("side", {}, f0, free, t)
    f0["far"] = dict(f0["near"])
    f0["contacts"] = {"floor": ["knee_near", "toe_near", "wrist_near", "knee_far", "toe_far", "wrist_far"]}
    pos0 = at(f0)
    f1 = {"name": "end", "text": "Sitting back towards the heels, arms long on the mat, forehead resting down",
          "pelvis": [pos0["pelvis"][0] - 0.3, 0.33, 18.0], "lumbar": 15.0, "thoracic": 15.0, "neck": 20.0,
          "near": {"shoulder": 170.0, "elbow": 5.0, "hip": 118.0, "knee": 132.0, "ankle": -50.0}}
    free1 = ["pelvis.0", "pelvis.1", "pelvis.2", "lumbar", "thoracic", "neck", "near.shoulder", "near.knee", "near.hip"]
    t1 = [("floor", "knee_near"), ("floor", "toe_near"), ("floor", "wrist_near"), ("floor", "head"),
          ("x", "knee_near", pos0["knee_near"][0]), ("ang", "near.knee", 132.0), ("ang", "near.hip", 118.0),
          ("ang", "near.shoulder", 170.0), ("ang", "lumbar", 15.0), ("ang", "thoracic", 15.0)]
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
    f0, r = solve("side", props, f0, ["near.elbow", "near.shoulder"],
                  [("wall", "wrist_near"), ("ang", "near.shoulder", 85.0)])
    f0["far"] = dict(f0["near"])
    f0["contacts"] = {"floor": FLOOR_FEET, "wall": ["wrist_near", "wrist_far"]}
    pos0 = at(f0, props=props)
    # end: the front foot steps towards the wall, the back foot about 2.3 foot lengths behind it,
    # back leg straight with its heel down, front knee over the foot, hips forward towards the wall
    f1 = {"name": "end", "text": "One foot forward and the other well back, back leg straight with its heel down, "
          "front knee bent over the foot, hips and chest leaning towards the wall",
          "pelvis": [pos0["pelvis"][0] - 0.02, 0.85, 81.0],
          "near": {"shoulder": 80.0, "elbow": 30.0, "hip": -12.0, "knee": 0.0, "ankle": 15.0},
          "far": {"shoulder": 80.0, "elbow": 30.0, "hip": 30.0, "knee": 35.0, "ankle": 5.0}}
    foot = 0.152 * H
    front_heel = pos0["heel_far"][0] + 0.24
    f1["near"]["ankle"] = 19.5  # close to the AAOS limit of 20 degrees: the back leg leans as far as it can
    free1 = ["pelvis.0", "pelvis.1", "near.hip", "far.hip", "far.knee", "far.ankle", "near.elbow", "near.shoulder"]
    t1 = [("floor", "heel_near"), ("floor", "ball_near"), ("floor", "heel_far"), ("floor", "ball_far"),
          ("dx", "heel_far", "heel_near", 2.0 * foot), ("dx", "knee_far", "heel_far", 0.0),
          ("x", "pelvis", pos0["pelvis"][0] + 0.01),
          ("wall", "wrist_near"), ("dy", "wrist_near", "shoulder_near", -0.05)]
    f1, r1 = solve("side", props, f1, free1, t1)
    f1["far"]["shoulder"], f1["far"]["elbow"] = f1["near"]["shoulder"], f1["near"]["elbow"]
    f1["contacts"] = {"floor": FLOOR_FEET, "wall": ["wrist_near", "wrist_far"]}
    return [f0, f1]


def calf_raise(props, single=False):
    f0 = {"name": "start", "text": "Standing leaning slightly forward, both hands resting on a wall, heels down",
          "pelvis": [0.0, STAND - 0.01, 84.0], "near": {"shoulder": 75.0, "elbow": 30.0, "hip": 0.0, "ankle": 6.0}}
    free = ["pelvis.1", "near.ankle", "near.elbow", "near.shoulder"]
    t = [("floor", "heel_near"), ("floor", "ball_near"), ("wall", "wrist_near"), ("dy", "wrist_near", "shoulder_near", -0.1)]
    f0, r = solve("side", props, f0, free, t)
    f0["far"] = dict(f0["near"])
    f0["contacts"] = {"floor": FLOOR_FEET, "wall": ["wrist_near", "wrist_far"]}
    if single:
        f0["text"] = "Standing on one foot, the other knee bent with that foot off the floor behind, hands on a wall"
        f0["far"] = {**f0["far"], "hip": 0.0, "knee": 70.0, "ankle": -20.0}
        f0["contacts"]["floor"] = ["heel_near", "ball_near", "toe_near"]
    pos0 = at(f0, props=props)
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text="Risen onto the balls of both feet, heels high, toes flat, hands still on the wall")
    if single:
        f1["text"] = "Risen onto the ball of the standing foot, heel high, toes flat, hands still on the wall"
    f1["near"]["ankle"] = -30.0
    free1 = ["pelvis.0", "pelvis.1", "near.toes", "near.elbow", "near.shoulder"]
    t1 = [("at", "ball_near", pos0["ball_near"]), ("floor", "toe_near"), ("wall", "wrist_near"),
          ("dy", "wrist_near", "shoulder_near", -0.1)]
    f1, r1 = solve("side", props, f1, free1, t1)
    if single:
        f1["far"] = {**f0["far"], "shoulder": f1["near"]["shoulder"], "elbow": f1["near"]["elbow"]}
        f1["contacts"] = {"floor": ["ball_near", "toe_near"], "wall": ["wrist_near", "wrist_far"]}
    else:
        f1["far"] = dict(f1["near"])
        f1["contacts"] = {"floor": ["ball_near", "toe_near", "ball_far", "toe_far"], "wall": ["wrist_near", "wrist_far"]}
    return [f0, f1]


@spec("calf-raise", props={"wall_x": 0.5})
def _():
    return calf_raise({"wall_x": 0.5})


@spec("single-leg-calf-raise", props={"wall_x": 0.5})
def _():
    return calf_raise({"wall_x": 0.5}, single=True)


SEAT = 0.40  # a low chair's seat height, metres (thighs level at Winter's knee height)


@spec("seated-calf-raise", props={"chair_x": -0.05, "chair_top": SEAT, "chair_kind": "seat"})
def _():
    props = {"chair_x": -0.05, "chair_top": SEAT}
    f0 = {"name": "start", "text": "Sitting upright near the front of a chair, feet flat, hands resting on the thighs",
          "pelvis": [0.0, SEAT + P["pelvis"], 90.0], "neck": 0.0,
          "near": {"shoulder": 20.0, "elbow": 60.0, "hip": 90.0, "knee": 80.0, "ankle": 0.0}}
    f0, r = solve("side", props, f0, ["near.knee", "near.ankle", "near.shoulder", "near.elbow"],
                  [("floor", "heel_near"), ("floor", "ball_near"), ("dy", "wrist_near", "knee_near", 0.06),
                   ("dx", "wrist_near", "knee_near", -0.08)])
    f0["far"] = dict(f0["near"])
    f0["contacts"] = {"floor": FLOOR_FEET, "chair": ["pelvis"]}
    pos0 = at(f0, props=props)
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text="Heels raised high, the balls of the feet and the toes still on the floor")
    f1["near"]["ankle"] = -30.0
    f1, r1 = solve("side", props, f1, ["near.hip", "near.knee", "near.toes", "near.shoulder", "near.elbow"],
                   [("at", "ball_near", pos0["ball_near"]), ("floor", "toe_near"), ("dy", "wrist_near", "knee_near", 0.06),
                    ("dx", "wrist_near", "knee_near", -0.08), ("ang", "near.knee", 80.0)])
    f1["far"] = dict(f1["near"])
    f1["contacts"] = {"floor": ["ball_near", "toe_near", "ball_far", "toe_far"], "chair": ["pelvis"]}
    return [f0, f1]


def side_lying(view, props, near, far, text):
    """Lying on the far side, seen from the front (the body along x, the head to the right): the
    lower shoulder and hip on the mat, the head resting on the lower arm."""
    f = {"name": "start", "text": text, "pelvis": [0.0, P["hip"] + 0.05 * H, 0.0],
         "lumbar": 0.0, "thoracic": 0.0, "neck": 0.0, "near": near, "far": far}
    free = ["pelvis.1", "pelvis.2", "thoracic", "neck", "far.shoulder"]
    t = [("floor", "hip_far"), ("floor", "shoulder_far"), ("y", "head", P["head"] + 0.095),
         ("floor", "wrist_far"), ("ang", "pelvis.2", 0.0)]
    return solve(view, props, f, free, t)[0]


@spec("clamshell", view="lying", props={"mat": True})
def _():
    # lying on one side seen from the front, the working (near) leg on top
    f0 = side_lying("lying", {}, {"shoulder": -40.0, "elbow": 0.0, "hip": -20.0, "knee": 20.0, "ankle": 0.0},
                    {"shoulder": 170.0, "elbow": 0.0, "hip": 10.0, "knee": 0.0, "ankle": 0.0},
                    "Lying on one side, hips and knees bent, knees and heels together, head on the lower arm")
    free = ["near.hip", "near.knee", "far.hip", "far.knee"]
    t = [("dy", "knee_near", "knee_far", 2 * P["knee"]), ("dx", "knee_near", "knee_far", 0.0),
         ("dy", "ankle_near", "ankle_far", 2 * P["ankle"]),
         ("floor", "knee_far"), ("floor", "ankle_far")]
    f0, r = solve("lying", {}, f0, free, t)
    # the top arm rests in front of the chest, its hand on the mat
    f0, r = solve("lying", {}, f0, ["near.shoulder"], [("floor", "wrist_near")])
    f0["contacts"] = {"floor": ["hip_far", "knee_far", "ankle_far", "shoulder_far", "wrist_far", "wrist_near"]}
    pos0 = at(f0, "lying")
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text="Top knee lifted, heels still together, pelvis not rolling back")
    # the top knee turns up about the line from hip to heel (seen here as its mirror image across
    # that line), the heels staying together
    f1["near"]["hip"] = round(f0["near"]["hip"] + 50.0, 1)
    f1["near"]["knee"] = -f0["near"]["knee"]
    f1, r1 = solve("lying", {}, f1, ["near.hip", "near.knee"], [("at", "ankle_near", pos0["ankle_near"])])
    return [f0, f1]


@spec("side-lying-leg-lift", view="front", props={"mat": True})
def _():
    f0 = side_lying("front", {}, {"shoulder": -40.0, "elbow": 0.0, "hip": 0.0, "ankle": 0.0},
                    {"shoulder": 170.0, "elbow": 0.0, "hip": 0.0, "ankle": 0.0},
                    "Lying on one side in a straight line, legs long and stacked, head on the lower arm")
    f0, r = solve("front", {}, f0, ["near.hip", "far.hip"],
                  [("dy", "heel_near", "heel_far", 0.0), ("floor", "toe_far")])
    f0, r = solve("front", {}, f0, ["near.shoulder"], [("floor", "wrist_near")])
    f0["contacts"] = {"floor": ["hip_far", "toe_far", "shoulder_far", "wrist_far", "wrist_near"]}
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text="Top leg lifted straight up to about 30 degrees, toes facing forward, hips stacked")
    f1["near"]["hip"] = 30.0
    return [f0, f1]


@spec("standing-side-leg-lift", view="front", props={"chair_x": 0.5, "chair_top": 0.92, "chair_kind": "back"})
def _():
    props = {"chair_x": 0.5, "chair_top": 0.92}
    f0 = {"name": "start", "text": "Standing tall beside a chair, holding it, weight on the leg nearer the chair",
          "pelvis": [0.0, STAND, 90.0], "lumbar": 0.0, "thoracic": 0.0, "neck": 0.0,
          "near": {"shoulder": 8.0, "elbow": 10.0, "hip": 0.0, "ankle": 0.0},
          "far": {"shoulder": 30.0, "elbow": 30.0, "hip": 0.0, "ankle": 0.0}}
    f0, _r = solve("front", props, f0, ["pelvis.1", "far.shoulder", "far.elbow"],
                   [("floor", "heel_far"), ("chair", "wrist_far"), ("x", "wrist_far", 0.42)])
    f0["contacts"] = {"floor": ["heel_far", "toe_far", "heel_near", "toe_near"], "chair": ["wrist_far"]}
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text="The other leg lifted a little way out to the side, toes facing forward, the trunk "
              "staying upright")
    f1["near"]["hip"] = 25.0
    f1["contacts"] = {"floor": ["heel_far", "toe_far"], "chair": ["wrist_far"]}
    return [f0, f1]


def ankle_turns(text0, hands="one"):
    props = {"chair_x": 0.5, "chair_top": 0.92}
    base = {"pelvis": [0.0, STAND, 85.0], "lumbar": 0.0, "thoracic": 0.0, "neck": 0.0,
            "near": {"shoulder": 8.0, "elbow": 10.0, "hip": 3.0, "ankle": 0.0},
            "far": {"shoulder": 25.0, "elbow": 30.0, "hip": 2.0, "ankle": 0.0}}
    free = ["pelvis.1", "pelvis.2", "far.hip", "far.shoulder", "far.elbow", "lumbar", "thoracic"]
    # standing on the far leg: the trunk upright, a little over the standing leg
    t = [("floor", "toe_far"), ("floor", "heel_far"), ("dy", "toe_near", "toe_far", 0.06),
         ("dx", "neck", "pelvis", 0.02), ("ang", "lumbar", 0.0), ("ang", "thoracic", 0.0), ("ang", "far.elbow", 30.0)]
    if hands == "one":
        t += [("chair", "wrist_far"), ("x", "wrist_far", 0.42)]
    else:  # arms a little out from the sides, not holding on
        base["far"].update(shoulder=20.0, elbow=10.0)
        free = [v for v in free if v not in ("far.shoulder", "far.elbow")]
    f0 = {**copy.deepcopy(base), "name": "start", "text": text0}
    f0["near"]["ankle"] = 35.0  # AAOS inversion 35, eversion 15: the whole range, to be seen
    f0, r = solve("front", props, f0, free, t)
    f0["contacts"] = {"floor": ["heel_far", "toe_far"], **({"chair": ["wrist_far"]} if hands == "one" else {})}
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text="The lifted foot's sole turned outwards, moving only at the ankle")
    f1["near"]["ankle"] = -15.0
    return [f0, f1]


@spec("ankle-in-out", view="front", props={"chair_x": 0.5, "chair_top": 0.92, "chair_kind": "back"})
def _():
    return ankle_turns("Standing on one leg beside a chair, holding it, the other foot just off the floor "
                       "with its sole turned inwards")


@spec("ankle-turns-no-hands", view="front", props={"chair_x": 0.5, "chair_top": 0.92, "chair_kind": "back"})
def _():
    return ankle_turns("Standing on one leg with a chair beside you but not holding it, the other foot just off "
                       "the floor with its sole turned inwards", hands="none")


@spec("seated-ankle-turns", props={"chair_x": -0.05, "chair_top": SEAT, "chair_kind": "seat"})
def _():
    # seen from the side: sitting, one leg straightened, the foot pointing and pulling up as it circles
    props = {"chair_x": -0.05, "chair_top": SEAT}
    f0 = {"name": "start", "text": "Sitting upright on a chair, one leg stretched out with the heel just off the floor, "
          "foot pointed", "pelvis": [0.0, SEAT + P["pelvis"], 90.0], "neck": 0.0,
          "near": {"shoulder": 10.0, "elbow": 30.0, "hip": 90.0, "knee": 30.0, "ankle": -35.0},
          "far": {"shoulder": 10.0, "elbow": 30.0, "hip": 90.0, "knee": 80.0, "ankle": 0.0}}
    f0, r = solve("side", props, f0, ["far.knee", "far.ankle", "near.knee"],
                  [("floor", "heel_far"), ("floor", "ball_far"), ("y", "heel_near", 0.10)])
    f0["contacts"] = {"floor": ["heel_far", "ball_far", "toe_far"], "chair": ["pelvis"]}
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text="The same foot pulled up towards the shin, turning at the ankle only; "
              "the sole also turns in and out as the foot circles")
    f1["near"]["ankle"] = 18.0
    return [f0, f1]


@spec("straight-leg-raise", props={"mat": True}, path=("pelvis", "hip_near", "knee_near", "ankle_near", "heel_near"))
def _():
    f0 = {"name": "start", "text": "Lying on the back, both legs straight and relaxed, head flat",
          "pelvis": [0.0, P["pelvis"], 182.0], "neck": 10.0,
          "near": {"shoulder": -8.0, "elbow": 5.0, "hip": 0.0, "knee": 0.0, "ankle": -20.0}}
    free = ["pelvis.2", "neck", "near.hip", "near.shoulder"]
    t = [("floor", "neck"), ("floor", "head"), ("floor", "heel_near"), ("floor", "wrist_near")]
    f0, r = solve("side", {}, f0, free, t)
    f0["far"] = dict(f0["near"])
    f0["contacts"] = {"floor": ["pelvis", "waist", "neck", "head", "heel_near", "heel_far", "wrist_near", "wrist_far"]}
    f1 = copy.deepcopy(f0)
    f1.update(name="raised", text="The examiner raises one straight leg, the foot still relaxed")
    f1["near"] = {**f0["near"], "hip": 60.0}
    f1["contacts"] = {"floor": ["pelvis", "waist", "neck", "head", "heel_far", "wrist_near", "wrist_far"]}
    f2 = copy.deepcopy(f1)
    f2.update(name="end", text="At the top, the foot is pulled up towards the shin to add nerve tension")
    f2["near"] = {**f1["near"], "ankle": 15.0}
    return [f0, f1, f2]


def _slumped(f0, text, name="end"):
    f1 = copy.deepcopy(f0)
    f1.update(name=name, text=text)
    # the pelvis rolls back, the lumbar and thoracic spine round, the chin drops to the chest;
    # the thighs stay level on the couch (hip angle follows the pelvis)
    f1["pelvis"][2] = 110.0
    f1["lumbar"], f1["thoracic"], f1["neck"] = 20.0, 26.0, 44.0
    f1["near"] = {**f0["near"], "hip": 70.0, "knee": 5.0, "ankle": 15.0, "shoulder": -55.0}
    f1["far"] = {**f0["far"], "hip": 70.0, "shoulder": -55.0}
    return f1


SLUMP_PATH = ("neck", "waist", "pelvis", "hip_near", "knee_near", "ankle_near", "heel_near")


def _slump_start():
    f0 = {"name": "start", "text": "Sitting upright on the edge of a couch, knees bent, hands behind the back",
          "pelvis": [0.0, 0.60 + P["pelvis"], 90.0], "lumbar": 0.0, "thoracic": 0.0, "neck": 0.0,
          "near": {"shoulder": -40.0, "elbow": 60.0, "hip": 90.0, "knee": 90.0, "ankle": 0.0}}
    f0["far"] = dict(f0["near"])
    f0["contacts"] = {"chair": ["pelvis"]}
    return f0


@spec("slump-test", props={"chair_x": 0.0, "chair_top": 0.60, "chair_kind": "seat"}, path=SLUMP_PATH)
def _():
    f0 = _slump_start()
    return [f0, _slumped(f0, "Slumped: pelvis rolled back, back rounded, chin to chest, one knee straightened, "
                             "foot pulled up")]


@spec("slump-neck-release", props={"chair_x": 0.0, "chair_top": 0.60, "chair_kind": "seat"}, path=SLUMP_PATH)
def _():
    f0 = _slumped(_slump_start(), "Slumped with the chin to the chest, one knee straightened, foot pulled up",
                  name="start")
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text="Only the head lifts, the chin off the chest; back, knee and foot stay where they were")
    f1["neck"] = -5.0
    return [f0, f1]


@spec("prone-knee-bend", props={"mat": True}, path=("waist", "pelvis", "hip_near", "knee_near"))
def _():
    f0 = {"name": "start", "text": "Lying face down, legs straight, arms by the sides, head turned to one side",
          "pelvis": [0.0, P["pelvis"], -2.0], "neck": 10.0,
          "near": {"shoulder": 5.0, "elbow": 5.0, "hip": 2.0, "knee": 4.0, "ankle": -50.0}}
    free = ["pelvis.2", "neck", "near.hip", "near.knee", "near.shoulder"]
    t = [("floor", "neck"), ("floor", "head"), ("floor", "knee_near"), ("floor", "toe_near"), ("floor", "wrist_near")]
    f0, r = solve("side", {}, f0, free, t)
    f0["far"] = dict(f0["near"])
    f0["contacts"] = {"floor": ["pelvis", "waist", "neck", "head", "knee_near", "toe_near", "knee_far", "toe_far"]}
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text="The examiner bends one knee, bringing the heel towards the buttock; the hip stays on the couch")
    f1["near"] = {**f0["near"], "knee": 120.0, "ankle": -20.0}
    f1["contacts"] = {"floor": ["pelvis", "waist", "neck", "head", "knee_near", "knee_far", "toe_far"]}
    return [f0, f1]


@spec("babinski", props={"mat": True, "crop": [0.5, -0.06, 1.15, 0.42]})
def _():
    # lying on the back, legs straight; drawn cropped to the lower leg and foot
    f0 = {"name": "start", "text": "Lying on the back, legs straight, foot relaxed; the examiner strokes the outer "
          "edge of the sole from the heel towards the little toe, then across the ball of the foot",
          "pelvis": [0.0, P["pelvis"], 182.0], "neck": 10.0,
          "near": {"shoulder": -8.0, "elbow": 5.0, "hip": 0.0, "knee": 0.0, "ankle": -20.0, "toes": 0.0}}
    f0, r = solve("side", {}, f0, ["pelvis.2", "neck", "near.hip", "near.shoulder"],
                  [("floor", "neck"), ("floor", "head"), ("floor", "heel_near"), ("floor", "wrist_near")])
    f0["far"] = dict(f0["near"])
    f0["contacts"] = {"floor": ["pelvis", "waist", "neck", "head", "heel_near", "heel_far"]}
    f1 = copy.deepcopy(f0)
    f1.update(name="end", text="An upgoing big toe: the toes bend up (and fan out) instead of curling down, "
              "a sign of a problem in the brain or spinal cord in an adult")
    f1["near"] = {**f0["near"], "toes": 45.0}
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


def render() -> str:
    """The text of data/poses.toml as the designs above give it."""
    out = [HEADER]
    for eid, (view, props, fn, path) in DESIGN.items():
        frames = fn()
        out.append(f"\n[pose.{eid}]\nview = {json.dumps(view)}\n")
        if path:
            out.append(f"path = {toml_value(list(path))}\n")
        if props:
            out.append(f"props = {toml_value(props)}\n")
        for f in frames:
            out.append(f"\n[[pose.{eid}.frame]]\n")
            for k in ("name", "text", "pelvis", "lumbar", "thoracic", "neck", "near", "far", "contacts"):
                if k in f and f[k] not in ({}, None):
                    v = f[k]
                    if k == "pelvis":
                        v = [round(v[0], 3), round(v[1], 3), round(v[2], 1)]
                    out.append(f"{k} = {toml_value(v)}\n")
    return "".join(out)


def main() -> int:
    worst = 0.0
    target = ROOT / "src/backnotes/data/poses.toml"
    target.write_text(render(), encoding="utf-8")
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
