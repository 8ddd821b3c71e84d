"""SVG pictures of the exercises, static or moving in the browser.

One renderer for every place a person meets an exercise: the browser card and lists, the routine
builder, the timer player, the printable sheet, notebook 01's gallery and the book. The body comes
from `backnotes.poses` (keyframes computed by forward kinematics); this module only draws.

Why a small hand-written SVG builder (`_el`) rather than an SVG library: the pictures need a handful
of elements (lines, circles, paths, groups) plus a ``<style>`` with CSS keyframes, and they must be
byte-for-byte deterministic (notebook outputs, tests). Every attribute value and every text node goes
through `xml.sax.saxutils` escaping in one function, which is the only place escaping can go wrong.
svgwrite, the usual choice, is no longer maintained, and drawsvg adds features (rasterising, video)
that we do not use; neither makes CSS animation simpler.

How the animation works: the body is a tree of nested ``<g>`` groups, one per segment, each rotated
about its own joint (``translate(parent length) rotate(angle)``). A CSS ``@keyframes`` rule per group
moves it between the keyframes at the exercise's tempo, with holds held still, so the browser animates
and the kernel renders nothing per frame. ``@media (prefers-reduced-motion: reduce)`` hides the moving
figure and shows the static start/end picture instead. Class names and keyframe names carry a prefix
unique to the picture, so many figures can share a page. Colours print as greys (``@media print``).

    >>> svg = exercise_svg("glute-bridge", animate=False, width=200)
    >>> svg.startswith("<svg") and 'role="img"' in svg and "<title" in svg
    True
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from xml.sax.saxutils import escape

import pandas as pd

from . import poses

__all__ = ["exercise_svg", "clinical_test_svg", "gallery_svg", "thumbnail_svg", "figure_text", "has_picture",
           "cached_svg",
           "CLINICAL_TESTS", "COLOURS"]

CLINICAL_TESTS = poses.CLINICAL_TESTS

#: Screen colours (and, second, the grey each prints as).
COLOURS: dict[str, tuple[str, str]] = {
    "near": ("#1f4e79", "#222222"),     # the near (working) side: darker
    "trunk": ("#2e6399", "#444444"),
    "far": ("#8fb3dc", "#9a9a9a"),      # the far side: lighter
    "ghost": ("#c9ced6", "#d6d6d6"),    # the start position in static pictures
    "arrow": ("#c0561b", "#000000"),
    "nerve": ("#c62828", "#000000"),
    "floor": ("#6b6b6b", "#555555"),
    "mat": ("#a9cfa4", "#cccccc"),
    "wall": ("#b9b2a6", "#bbbbbb"),
    "chair": ("#8d6e63", "#777777"),
}

_VIEW_WORDS = {"side": "seen from the side", "front": "seen from the front",
               "lying": "seen from the front, lying on one side"}


def _el(tag: str, attrs: Mapping[str, object] | None = None, *children: str, text: str | None = None) -> str:
    """One XML element; attribute values and text are escaped here and nowhere else (numbers are
    written by `_n` and need no escaping)."""
    a = "".join(f' {k}="{_attr(v) if isinstance(v, str) else _n(v)}"'
                for k, v in (attrs or {}).items() if v is not None)
    body = (escape(text) if text is not None else "") + "".join(children)
    return f"<{tag}{a}>{body}</{tag}>" if body or tag in ("title", "style", "desc", "text") else f"<{tag}{a}/>"


def _attr(text: str) -> str:
    """Text for a double-quoted attribute value."""
    if "&" in text or "<" in text or ">" in text or '"' in text:
        return escape(text, {'"': "&quot;"})
    return text


def _n(v: object) -> str:
    """A number for SVG or CSS: at most 3 decimals (1 mm in metres), no trailing zeros."""
    if isinstance(v, int):
        return str(v)
    return format(round(float(v), 3) + 0.0, "g")  # + 0.0 turns -0.0 into 0.0


# --------------------------------------------------------------------------------------------
# Words


_CAT: dict[str, dict[str, object]] | None = None


def _catalog() -> dict[str, dict[str, object]]:
    global _CAT
    if _CAT is None:
        from .catalog import load_exercises

        c = load_exercises(variants=True)  # the named variants have pictures too
        _CAT = {str(i): {"name": str(r["name"]), "kind": str(r["kind"]),
                         "tempo_s": None if pd.isna(r["tempo_s"]) else float(r["tempo_s"]),
                         "per_side": bool(r["per_side"]), "variant_of": str(r["variant_of"])}
                for i, r in c.iterrows()}
    return _CAT


_CLINICAL_NAMES = {"straight-leg-raise": "Straight-leg raise (clinical test)",
                   "slump-test": "Slump test (clinical test)",
                   "slump-neck-release": "Slump test, neck released (clinical test)",
                   "prone-knee-bend": "Prone knee bend, femoral nerve (clinical test)",
                   "babinski": "Babinski sign, the foot (clinical test)"}


def _name(exercise_id: str) -> str:
    row = _catalog().get(exercise_id)
    return str(row["name"]) if row else _CLINICAL_NAMES.get(exercise_id, exercise_id)


def figure_text(exercise_id: str, *, side: str | None = None, frame: str | None = None) -> str:
    """The picture in words (its ``<title>``/``aria-label``): the exercise, the side and the position.

    >>> figure_text("knee-to-chest", side="left", frame="start")
    'Single knee to chest, left side, seen from the side: Lying on the back, knees bent, feet flat on the mat, arms by the sides.'
    """
    p = poses.pose(exercise_id)
    side = side if side is not None else poses.default_side(exercise_id)
    head = _name(exercise_id) + (f", {side} side" if side and _per_side(exercise_id) else "")
    head += f", {_VIEW_WORDS[p.view]}"
    if frame is not None:
        return f"{head}: {p.text(frame)}."
    names = p.frame_names
    words = f"from: {p.text(names[0])}; to: {p.text(names[-1])}"
    if len(names) > 2:
        words = f"from: {p.text(names[0])}; " + "; ".join(f"then: {p.text(n)}" for n in names[1:])
    return f"{head}, {words}."


def _per_side(exercise_id: str) -> bool:
    row = _catalog().get(exercise_id)
    return bool(row and row["per_side"])


# --------------------------------------------------------------------------------------------
# Geometry: the body as nested groups


@functools.lru_cache(maxsize=8)
def _tree(view: str) -> list[tuple[str, str]]:
    """(parent joint, child joint) in the order of the kinematic table."""
    rows = []
    for parent, child, *_ in poses._KINEMATICS[view]:
        for s in ("near", "far"):
            pair = (parent.format(s=s), child.format(s=s))
            if pair not in rows:
                rows.append(pair)
    return rows


@functools.lru_cache(maxsize=64)
def _layout(exercise_id: str) -> tuple[poses.Pose, dict[str, dict[str, tuple[float, float]]]]:
    """The pose data and each frame's joint positions, as written (the outer group mirrors them)."""
    return poses.pose(exercise_id), poses.positions(exercise_id)


def _directions(tree: Sequence[tuple[str, str]], xy: Mapping[str, tuple[float, float]], pelvis_angle: float,
                previous: Mapping[str, float] | None) -> dict[str, float]:
    """Absolute direction (degrees) of the segment ending at each joint; zero-length segments take
    their parent's direction; angles unwrapped against ``previous`` so CSS turns the short way."""
    d: dict[str, float] = {"pelvis": pelvis_angle}
    for parent, child in tree:
        (x0, y0), (x1, y1) = xy[parent], xy[child]
        if math.hypot(x1 - x0, y1 - y0) < 1e-9:
            a = d[parent]
        else:
            a = math.degrees(math.atan2(y1 - y0, x1 - x0))
        ref = previous[child] if previous else d[parent]
        a += 360.0 * round((ref - a) / 360.0)
        d[child] = a
    return d


# --------------------------------------------------------------------------------------------
# Drawing


def _limb_width(joint: str, h: float) -> float:
    return 2 * poses.PADDING[joint.split("_")[0]] * h


def _side_of(joint: str, view: str = "side") -> str:
    return "near" if joint.endswith("_near") else "far" if joint.endswith("_far") else "body"


@functools.lru_cache(maxsize=2048)
def _segment_shape(parent: str, child: str, length: float, h: float, cls: str, view: str) -> str:
    """The drawing of one segment in its own frame (from the origin along +x): a rounded limb whose
    ends have the joints' `poses.PADDING` radii, so a point declared on the floor looks on it."""
    c = child.split("_")[0]
    if c == "heel":
        return ""  # drawn with the foot, as the sole
    heel_on_toe = _heel_base(view) == "toe"
    if (c == "ball" and not heel_on_toe) or (c == "toe" and heel_on_toe):
        if length < 1e-9:
            return ""
        # the foot: a rounded triangle ankle - ball (or toe, seen from the front) - heel
        hx, hy = _heel_local(view, child, h)
        return _el("path", {"d": f"M0,0 L{_n(length)},0 L{_n(hx)},{_n(hy)} Z", "class": f"{cls} foot",
                            "stroke-width": _n(0.016 * h)})
    if c == "toe":  # the toes, from the ball of the foot: a short rounded bar
        return _el("path", {"d": f"M0,0 L{_n(length)},0", "class": f"{cls} foot", "stroke-width": _n(0.022 * h)})
    if c == "ball":
        return ""
    if length < 1e-9:
        return ""
    r0 = poses.PADDING[parent.split("_")[0]] * h
    r1 = poses.PADDING[c] * h
    if c == "head":  # the neck, then the head as a circle at the end
        rn = 0.022 * h
        return (_el("path", {"d": f"M0,{_n(rn)} L{_n(length)},{_n(rn)} L{_n(length)},{_n(-rn)} L0,{_n(-rn)} Z",
                             "class": cls})
                + _el("circle", {"cx": _n(length), "cy": 0, "r": _n(r1), "class": f"{cls} head"}))
    if view != "side" and c in ("shoulder", "hip"):  # the shoulder girdle and the pelvis, seen head-on
        r0 = r1 = 0.03 * h if c == "hip" else 0.02 * h
    return (_el("path", {"d": f"M0,{_n(r0)} L{_n(length)},{_n(r1)} L{_n(length)},{_n(-r1)} L0,{_n(-r0)} Z",
                         "class": cls})
            + _el("circle", {"cx": 0, "cy": 0, "r": _n(r0), "class": cls})
            + _el("circle", {"cx": _n(length), "cy": 0, "r": _n(r1), "class": cls}))


def _heel_base(view: str) -> str:
    """The joint whose segment the heel is fixed to: "ball" (side view) or "toe" (from the front)."""
    rows = {r[1]: r for r in poses._KINEMATICS[view]}
    return rows["heel_{s}"][2].split("_")[0]


def _heel_local(view: str, foot: str, h: float) -> tuple[float, float]:
    """Where the heel sits in the frame of the foot segment ending at ``foot`` (rigid with it)."""
    rows = {r[1]: r for r in poses._KINEMATICS[view]}
    _parent, _child, _base, offset, _a, _s, length = rows["heel_{s}"]
    off = offset[0 if foot.endswith("_near") else 1] if isinstance(offset, tuple) else offset
    r = poses.LENGTHS[view][length] * h
    return r * math.cos(math.radians(off)), r * math.sin(math.radians(off))


def _order(tree: Sequence[tuple[str, str]]) -> list[str]:
    groups = {"far": [], "body": [], "near": []}
    for _parent, child in tree:
        groups[_side_of(child)].append(child)
    return [*groups["far"], *groups["body"], *groups["near"]]


@functools.lru_cache(maxsize=8)
def _structure(view: str) -> tuple[dict[str, tuple[str, ...]], dict[str, str], dict[str, str]]:
    """children of each joint, parent of each joint, layer (far, body, near) of each segment."""
    tree = _tree(view)
    children: dict[str, list[str]] = {}
    for parent, child in tree:
        children.setdefault(parent, []).append(child)
    return ({k: tuple(v) for k, v in children.items()}, {c: par for par, c in tree},
            {c: _side_of(c, view) for _par, c in tree})


_LAYERS = ("far", "body", "near")


def _body(pfx: str, p: poses.Pose, xy0: Mapping[str, tuple[float, float]], pelvis_angle: float,
          h: float, *, kind: str, anim: Mapping[str, str] | None, nerve: bool) -> str:
    """The figure as nested groups posed at ``xy0``; ``anim`` maps joint -> CSS class of its
    animation (None: still). ``kind`` is "body" or "ghost"."""
    d0 = _directions(_tree(p.view), xy0, pelvis_angle, None)
    children, parent_of, layer_of = _structure(p.view)
    path = set(p.path) if nerve else set()
    ghost = kind == "ghost"

    # three layers (far, body, near) so the near side is drawn over the trunk; each layer repeats
    # the chain of groups down to its own segments (one walk of the tree builds all three)
    def chain(joint: str) -> list[str]:
        par = parent_of[joint]
        length = math.dist(xy0[par], xy0[joint])
        parts = ["", "", ""]
        layer = _LAYERS.index(layer_of[joint])
        shape = _segment_shape(par, joint, length, h, f"{pfx}{'ghost' if ghost else layer_of[joint]}", p.view)
        if path and par in path and length > 1e-9 and (joint in path or joint == "waist"):
            # along the limb; up the trunk only as far as the path goes: the whole spine when it
            # starts at the neck (slump test), most of the lumbar part when it starts at the pelvis
            reach = length if joint in path else 0.7 * length
            shape += f'<line x1="0" y1="0" x2="{_n(reach)}" y2="0" class="{pfx}nerve"/>'
        parts[layer] = shape
        for c in children.get(joint, ()):
            for i, text in enumerate(chain(c)):
                parts[i] += text
        plen = math.dist(xy0[parent_of[par]], xy0[par]) if par in parent_of else 0.0
        cls = f' class="{anim[joint]}"' if anim and joint in anim else ""
        head = f'<g transform="translate({_n(plen)},0) rotate({_n(d0[joint] - d0[par])})"{cls}>'
        return [f"{head}{t}</g>" if t else "" for t in parts]

    layers = ["", "", ""]
    for c in children.get("pelvis", ()):
        for i, text in enumerate(chain(c)):
            layers[i] += text
    (px, py) = xy0["pelvis"]
    cls = f' class="{anim["pelvis"]}"' if anim and "pelvis" in anim else ""
    pel = ""
    if not ghost and p.view == "side":  # a small round pelvis so the hip does not look cut
        pel = f'<circle cx="0" cy="0" r="{_n(0.05 * h)}" class="{pfx}trunkfill"/>'
    return (f'<g transform="translate({_n(px)},{_n(py)}) rotate({_n(pelvis_angle)})"{cls}>'
            f"{pel}{''.join(layers)}</g>")


def _keyframe_css(pfx: str, p: poses.Pose, frames: Sequence[Mapping[str, tuple[float, float]]],
                  pelvis: Sequence[Sequence[float]], stops: Sequence[float], seconds: float,
                  delay: float = 0.0) -> tuple[str, dict[str, str]]:
    """CSS @keyframes for every group that moves; returns (css, joint -> class)."""
    tree = _tree(p.view)
    dirs, prev = [], None
    for xy, pv in zip(frames, pelvis):
        prev = _directions(tree, xy, pv[2], prev)
        dirs.append(prev)
    parent_of = {c: par for par, c in tree}
    lengths = {c: math.dist(frames[0][par], frames[0][c]) for par, c in tree}
    css, classes = [], {}
    for joint in ["pelvis", *parent_of]:
        if joint == "pelvis":
            values = [f"translate({_n(pv[0])}px,{_n(pv[1])}px) rotate({_n(pv[2])}deg)" for pv in pelvis]
        else:
            par = parent_of[joint]
            values = [f"translate({_n(lengths.get(par, 0.0))}px,0px) rotate({_n(d[joint] - d[par])}deg)"
                      for d in dirs]
        if len(set(values)) == 1:
            continue
        name = f"{pfx}k-{joint}"
        classes[joint] = f"{pfx}a-{joint}"
        steps = " ".join(f"{_n(100 * s)}%{{transform:{v}}}" for s, v in zip(stops, [values[i] for i in _stop_frames(stops, len(values))]))
        css.append(f"@keyframes {name}{{{steps}}}")
        css.append(f".{classes[joint]}{{animation:{name} {_n(seconds)}s ease-in-out {_n(delay)}s infinite}}"
                   if delay else f".{classes[joint]}{{animation:{name} {_n(seconds)}s ease-in-out infinite}}")
    return "".join(css), classes


def _timeline(kind: str, n_frames: int, tempo_s: float | None) -> tuple[list[float], float]:
    """Keyframe stops (fractions of the cycle) and the cycle's seconds.

    reps and mobility: one repetition per ``tempo_s``: out (40 %), a short pause, back (to 100 %).
    holds and clinical tests: into the position (25 %), held still (to 75 %), back; 8 s in all.
    With more than two frames the movement visits each in turn and returns."""
    if kind in ("reps", "mobility"):
        seconds = float(tempo_s or 3.0)
        go, stay = 0.40, 0.15
    else:
        seconds = 8.0
        go, stay = 0.25, 0.50
    # frames 0..n-1 out, hold at the last, then back to 0
    out = [go * i / (n_frames - 1) for i in range(n_frames)]
    return [*out, go + stay, 1.0], seconds


def _stop_frames(stops: Sequence[float], n_frames: int) -> list[int]:
    return [*range(n_frames), n_frames - 1, 0]


# --------------------------------------------------------------------------------------------
# Scene: props, arrow, framing


def _bounds(frames: Iterable[Mapping[str, tuple[float, float]]], props: Mapping[str, object], h: float,
            view: str) -> tuple[float, float, float, float]:
    pad = poses.PADDING["head"] * h + 0.03
    xs, ys = [], [0.0]
    for xy in frames:
        for x, y in xy.values():
            xs.append(x)
            ys.append(y)
    x0, x1 = min(xs) - pad, max(xs) + pad
    if "wall_x" in props:
        wx = float(props["wall_x"])  # type: ignore[arg-type]
        x0, x1 = min(x0, wx - 0.08), max(x1, wx + 0.08)
    if "chair_x" in props:
        cx = float(props["chair_x"])  # type: ignore[arg-type]
        x0, x1 = min(x0, cx - 0.25), max(x1, cx + 0.25)
        ys.append(float(props["chair_top"]) + 0.05)  # type: ignore[arg-type]
    return x0, -0.06, x1, max(ys) + pad


def _props_svg(pfx: str, props: Mapping[str, object], x0: float, x1: float, h: float) -> str:
    parts = []
    if props.get("mat"):
        parts.append(_el("rect", {"x": _n(x0 + 0.02), "y": -0.018, "width": _n(x1 - x0 - 0.04), "height": 0.018,
                                  "rx": 0.009, "class": f"{pfx}mat"}))
    parts.append(_el("line", {"x1": _n(x0), "y1": -0.02, "x2": _n(x1), "y2": -0.02, "class": f"{pfx}floor"}))
    if "wall_x" in props:
        wx = float(props["wall_x"])  # type: ignore[arg-type]
        parts.append(_el("rect", {"x": _n(wx), "y": -0.02, "width": 0.06, "height": 2.2, "class": f"{pfx}wall"}))
    if "chair_x" in props:
        cx, top = float(props["chair_x"]), float(props["chair_top"])  # type: ignore[arg-type]
        if props.get("chair_kind") == "seat":  # a couch to sit on: a box with legs
            parts.append(_el("rect", {"x": _n(cx - 0.2), "y": _n(top - 0.08), "width": 0.42, "height": 0.08,
                                      "rx": 0.015, "class": f"{pfx}chair"}))
            for lx in (cx - 0.17, cx + 0.17):
                parts.append(_el("line", {"x1": _n(lx), "y1": -0.02, "x2": _n(lx), "y2": _n(top - 0.08),
                                          "class": f"{pfx}chairleg"}))
        else:  # the back of a chair, held at its top
            seat = 0.46
            parts.append(_el("path", {"d": f"M{_n(cx - 0.2)},-0.02 L{_n(cx - 0.2)},{_n(seat)} L{_n(cx + 0.2)},{_n(seat)} "
                                           f"L{_n(cx + 0.2)},-0.02 M{_n(cx + 0.2)},{_n(seat)} L{_n(cx + 0.2)},{_n(top)} "
                                           f"M{_n(cx - 0.2)},{_n(seat)} L{_n(cx - 0.2)},{_n(top)} "
                                           f"M{_n(cx - 0.22)},{_n(top)} L{_n(cx + 0.22)},{_n(top)}",
                                      "class": f"{pfx}chairleg"}))
    return "".join(parts)


#: The shortest arrow drawn, as a share of the body's height: a turn of the ankle moves the toes a few
#: centimetres, and an arrow that short is lost beside the foot (review of the gallery).
_SHORTEST_ARROW = 0.09


def _arrow(pfx: str, a: Mapping[str, tuple[float, float]], b: Mapping[str, tuple[float, float]], h: float) -> str:
    """An arrow beside the point that moves most, from where it starts to where it ends."""
    best, dist = None, 0.0
    for j in a:
        if j == "pelvis" or j not in b:
            continue
        d = math.dist(a[j], b[j])
        if d > dist + 1e-6:
            best, dist = j, d
    if best is None or dist < 0.03:
        return ""
    (x0, y0), (x1, y1) = a[best], b[best]
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    if dist < _SHORTEST_ARROW * h:  # a small turn (the ankle's): drawn long enough to see, same direction
        grow = _SHORTEST_ARROW * h / dist
        x0, y0, x1, y1 = mx + (x0 - mx) * grow, my + (y0 - my) * grow, mx + (x1 - mx) * grow, my + (y1 - my) * grow
        dist = _SHORTEST_ARROW * h
    # bow the arrow outwards a little, away from the body's middle, but never into the floor
    nx, ny = -(y1 - y0) / dist, (x1 - x0) / dist
    cx, cy = a.get("pelvis", (0.0, 0.0))
    if (mx - cx) * nx + (my - cy) * ny < 0:
        nx, ny = -nx, -ny
    off = 0.12 * h * 0.5
    if min(y0 + ny * off, y1 + ny * off, my + ny * (off + 0.25 * dist)) < 0:  # it would sink into the floor
        nx, ny = -nx, -ny
    sx, sy, ex, ey = x0 + nx * off, y0 + ny * off, x1 + nx * off, y1 + ny * off
    qx, qy = mx + nx * (off + 0.25 * dist), my + ny * (off + 0.25 * dist)
    # the head: two short strokes at the end, along the curve's end tangent
    tx, ty = ex - qx, ey - qy
    tl = math.hypot(tx, ty) or 1.0
    tx, ty = tx / tl, ty / tl
    hl = 0.045
    h1 = (ex - hl * (tx * math.cos(0.5) - ty * math.sin(0.5)), ey - hl * (ty * math.cos(0.5) + tx * math.sin(0.5)))
    h2 = (ex - hl * (tx * math.cos(-0.5) - ty * math.sin(-0.5)), ey - hl * (ty * math.cos(-0.5) + tx * math.sin(-0.5)))
    d = (f"M{_n(sx)},{_n(sy)} Q{_n(qx)},{_n(qy)} {_n(ex)},{_n(ey)} "
         f"M{_n(h1[0])},{_n(h1[1])} L{_n(ex)},{_n(ey)} L{_n(h2[0])},{_n(h2[1])}")
    return _el("path", {"d": d, "class": f"{pfx}arrow"})


def _style(pfx: str, anim_css: str) -> str:
    rules = []
    for key, (screen, _print) in COLOURS.items():
        if key in ("near", "trunk", "far", "ghost"):
            c = f".{pfx}{'body' if key == 'trunk' else key}"
            rules.append(f"{c}{{fill:{screen};stroke:none}}{c}.foot{{stroke:{screen};stroke-linejoin:round}}")
    rules += [
        f".{pfx}trunkfill{{fill:{COLOURS['trunk'][0]}}}",
        f".{pfx}arrow{{fill:none;stroke:{COLOURS['arrow'][0]};stroke-width:0.018;stroke-linecap:round;stroke-linejoin:round}}",
        f".{pfx}nerve{{stroke:{COLOURS['nerve'][0]};stroke-width:0.014;stroke-dasharray:0.03 0.02;stroke-linecap:round}}",
        f".{pfx}floor{{stroke:{COLOURS['floor'][0]};stroke-width:0.012}}",
        f".{pfx}mat{{fill:{COLOURS['mat'][0]}}}",
        f".{pfx}wall{{fill:{COLOURS['wall'][0]}}}",
        f".{pfx}chair{{fill:{COLOURS['chair'][0]}}}",
        f".{pfx}chairleg{{fill:none;stroke:{COLOURS['chair'][0]};stroke-width:0.03;stroke-linecap:round}}",
        f".{pfx}label{{font:600 13px system-ui,sans-serif;fill:#333}}",
    ]
    if anim_css:
        rules.append(f".{pfx}still{{display:none}}")
        rules.append(anim_css)
        rules.append(f"@media (prefers-reduced-motion: reduce){{.{pfx}moving{{display:none}}"
                     f".{pfx}still{{display:inline}}.{pfx}moving *{{animation:none!important}}}}")
    prints = [f".{pfx}{'body' if k == 'trunk' else k}{{fill:{v[1]}}}.{pfx}{'body' if k == 'trunk' else k}.foot"
              f"{{stroke:{v[1]}}}" for k, v in COLOURS.items() if k in ("near", "trunk", "far", "ghost")]
    prints += [f".{pfx}trunkfill{{fill:{COLOURS['trunk'][1]}}}", f".{pfx}arrow{{stroke:{COLOURS['arrow'][1]}}}",
               f".{pfx}nerve{{stroke:{COLOURS['nerve'][1]}}}", f".{pfx}mat{{fill:{COLOURS['mat'][1]}}}",
               f".{pfx}wall{{fill:{COLOURS['wall'][1]}}}", f".{pfx}chair{{fill:{COLOURS['chair'][1]}}}",
               f".{pfx}chairleg{{stroke:{COLOURS['chair'][1]}}}"]
    rules.append("@media print{" + "".join(prints) + "}")
    return _el("style", None, text="".join(rules))


# --------------------------------------------------------------------------------------------
# Public


def _prefix(*parts: object) -> str:
    return "bn" + hashlib.sha1(repr(parts).encode()).hexdigest()[:8] + "-"


def exercise_svg(exercise_id: str, *, side: str | None = None, animate: bool = True, width: int = 320,
                 frame: str | None = None, tempo_s: float | None = None, nerve: bool | None = None,
                 label: str | None = None, start_at: float = 0.0) -> str:
    """The picture of an exercise as an SVG string (inline in HTML, a notebook or a printed sheet).

    ``side`` ("left", "right" or None: `poses.default_side`) is the working side, drawn nearest the
    viewer. ``animate=True`` moves the figure between its keyframes in the browser at the exercise's
    tempo (``tempo_s`` overrides the catalog's), holding still for holds; with the reader's
    ``prefers-reduced-motion`` it shows the static picture instead. ``animate=False`` draws the start
    position in pale grey, the end position over it and an arrow for the movement; no animation at
    all. ``frame`` ("start", "end", ...) draws that one position only (still). ``width`` is in CSS
    pixels (the height follows the picture). ``start_at`` starts the movement that many seconds
    into its cycle (the player uses it to resume in step with the count). ``nerve`` marks a nerve's tension path (default: on for
    the clinical tests). ``label`` replaces the text alternative.

    The SVG has ``role="img"``, an ``aria-label`` and a ``<title>`` saying the exercise, the side and
    the position in words (`figure_text`). Raises `backnotes.poses.PoseError` for an id without
    keyframes and for a bad side or frame.
    """
    p, frames = _layout(exercise_id)
    side = side if side is not None else poses.default_side(exercise_id)
    if side not in (None, "left", "right"):
        raise poses.PoseError(f"side must be 'left', 'right' or None, not {side!r}")
    if frame is not None and frame not in frames:
        raise poses.PoseError(f"{exercise_id}: no frame {frame!r}; frames: {', '.join(frames)}")
    if not isinstance(width, int) or width < 16:
        raise poses.PoseError(f"width must be a whole number of pixels, at least 16, not {width!r}")
    nerve = bool(p.path) if nerve is None else nerve
    h = poses.height_m()
    names = list(frames)
    pelvis = [tuple(float(v) for v in f["pelvis"]) for f in p.frames]
    x0, y0, x1, y1 = _bounds(frames.values(), p.props, h, p.view)
    if "crop" in p.props:  # a close-up (the foot of the Babinski sign): the rest is clipped
        x0, y0, x1, y1 = (float(v) for v in p.props["crop"])  # type: ignore[union-attr]
    w_m, h_m = x1 - x0, y1 - y0
    height = max(16, round(width * h_m / w_m))
    mirror = side == "left"
    pfx = _prefix(exercise_id, side, animate, width, frame, tempo_s, nerve, start_at)
    text = label or figure_text(exercise_id, side=side, frame=frame)
    # world (metres, y up) -> picture: flip y; mirror x for the left side
    world = (f"scale(-1,-1) translate({_n(-x1)},{_n(-y1)})" if mirror
             else f"scale(1,-1) translate({_n(-x0)},{_n(-y1)})")
    scene = _props_svg(pfx, p.props, x0, x1, h)

    def still(kind_frames: Sequence[str]) -> str:
        if len(kind_frames) == 1:
            i = names.index(kind_frames[0])
            return _body(pfx, p, frames[names[i]], pelvis[i][2], h, kind="body", anim=None, nerve=nerve)
        first, last = names.index(kind_frames[0]), names.index(kind_frames[-1])
        ghost = _body(pfx, p, frames[names[first]], pelvis[first][2], h, kind="ghost", anim=None, nerve=False)
        end = _body(pfx, p, frames[names[last]], pelvis[last][2], h, kind="body", anim=None, nerve=nerve)
        return ghost + end + _arrow(pfx, frames[names[first]], frames[names[last]], h)

    anim_css = ""
    if frame is not None:
        content = still([frame])
    elif not animate:
        content = still(names)
    else:
        row = _catalog().get(exercise_id)
        kind = str(row["kind"]) if row else "hold"
        tempo = tempo_s if tempo_s is not None else (row["tempo_s"] if row else None)
        stops, seconds = _timeline(kind, len(names), tempo)  # type: ignore[arg-type]
        anim_css, classes = _keyframe_css(pfx, p, [frames[n] for n in names], pelvis, stops, seconds,
                                          -(start_at % seconds) if start_at else 0.0)
        moving = _body(pfx, p, frames[names[0]], pelvis[0][2], h, kind="body", anim=classes, nerve=nerve)
        content = (_el("g", {"class": f"{pfx}moving"}, moving)
                   + _el("g", {"class": f"{pfx}still"}, still(names)))
    pix = width / w_m
    svg_attrs = {
        "xmlns": "http://www.w3.org/2000/svg", "role": "img", "aria-label": text,
        "viewBox": f"0 0 {width} {height}", "width": width, "height": height,
        "class": f"backnotes-figure {pfx}svg", "data-exercise": exercise_id, "data-side": side or "",
        "data-animated": "true" if anim_css else "false",
        "overflow": "hidden" if "crop" in p.props else None,
    }
    return _el("svg", svg_attrs, _el("title", None, text=text), _style(pfx, anim_css),
               _el("g", {"transform": f"scale({_n(pix)})"},
                   _el("g", {"transform": world}, scene, content)))


def has_picture(exercise_id: str) -> bool:
    """True if ``exercise_id`` has keyframes (bundled exercises and the clinical tests do; exercises
    of a person's own or a foreign catalog may not)."""
    return exercise_id in _posed()


@functools.lru_cache(maxsize=1)
def _posed() -> frozenset[str]:
    return frozenset(poses.exercises_with_keyframes())


@functools.lru_cache(maxsize=512)
def cached_svg(exercise_id: str, **kwargs: object) -> str:
    """`exercise_svg` with its result remembered (widgets redraw often; the pictures never change)."""
    return exercise_svg(exercise_id, **kwargs)  # type: ignore[arg-type]


def thumbnail_svg(exercise_id: str, *, side: str | None = None, width: int = 120) -> str:
    """A small still picture for lists (start in pale grey, end over it, an arrow)."""
    return exercise_svg(exercise_id, side=side, animate=False, width=width)


def clinical_test_svg(name: str, *, animate: bool = False, width: int = 360, side: str | None = None) -> str:
    """A clinical test drawn with the body model, its nerve tension path marked (red dashes).

    ``name`` is one of `CLINICAL_TESTS`:

    - ``"straight-leg-raise"``: lying on the back, one straight leg raised with the foot relaxed,
      then the foot pulled up at the top (sciatic nerve);
    - ``"slump-test"``: sitting, pelvis rolled back, back rounded, chin to chest, one knee
      straightened, foot pulled up (the whole nerve tract);
    - ``"slump-neck-release"``: from that slumped position only the head lifts (structural
      differentiation: symptoms that ease as the neck is released point to nerve tissue);
    - ``"prone-knee-bend"``: lying face down, the examiner bends one knee, heel towards the
      buttock (femoral nerve, the front of the thigh).
    - ``"babinski"``: a close-up of the foot of a person lying on the back; after the sole is
      stroked, the big toe bends up instead of curling down (an upper-motor-neurone sign).

    The same ids work with `backnotes.poses.keyframes`. The text alternative (the SVG's title and
    ``aria-label``) is `figure_text` of the same name.

    >>> svg = clinical_test_svg("prone-knee-bend", width=200)
    >>> 'role="img"' in svg and "Prone knee bend" in svg
    True
    """
    if name not in CLINICAL_TESTS:
        raise poses.PoseError(f"no clinical test {name!r}; known: {', '.join(CLINICAL_TESTS)}")
    return exercise_svg(name, animate=animate, width=width, side=side, nerve=True)


def gallery_svg(exercise_ids: Sequence[str] | None = None, *, columns: int = 3, cell_width: int = 260) -> str:
    """Every exercise (start in pale grey, end over it, an arrow), with its name, in one SVG.

    ``exercise_ids`` defaults to the catalog in order (the article's exercises, no variants). The
    gallery has ``role="img"`` and a title listing the exercises; each picture inside keeps its own
    title."""
    ids = (list(exercise_ids) if exercise_ids is not None
           else [e for e, row in _catalog().items() if not row["variant_of"]])
    label_h, gap = 22, 12
    cells = []
    for i, eid in enumerate(ids):
        svg = exercise_svg(eid, animate=False, width=cell_width)
        hgt = int(svg.split('height="', 1)[1].split('"', 1)[0])
        cells.append((eid, svg, hgt))
    rows = [cells[i:i + columns] for i in range(0, len(cells), columns)]
    parts, y = [], 0
    for row in rows:
        rh = max(c[2] for c in row)
        for col, (eid, svg, hgt) in enumerate(row):
            x = col * (cell_width + gap)
            inner = svg.replace("<svg ", f'<svg x="{x}" y="{y + label_h + rh - hgt}" ', 1)
            parts.append(_el("text", {"x": x + cell_width / 2, "y": y + 16, "text-anchor": "middle",
                                      "class": "bn-gallery-label"}, text=_name(eid)))
            parts.append(inner)
        y += rh + label_h + gap
    width = columns * cell_width + (columns - 1) * gap
    title = "Gallery of the exercises, each from its start (pale) to its end position: " + ", ".join(
        _name(e) for e in ids) + "."
    style = _el("style", None, text=".bn-gallery-label{font:600 14px system-ui,sans-serif;fill:#222}")
    return _el("svg", {"xmlns": "http://www.w3.org/2000/svg", "role": "img", "aria-label": title,
                       "viewBox": f"0 0 {width} {y}", "width": width, "height": y,
                       "class": "backnotes-gallery"},
               _el("title", None, text=title), style,
               _el("rect", {"x": 0, "y": 0, "width": width, "height": y, "fill": "#ffffff"}), *parts)
