"""SVG pictures of the exercises (backnotes.figures)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from backnotes import figures, load_exercises, poses

SVG = "{http://www.w3.org/2000/svg}"
IDS = list(load_exercises().index)


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


@pytest.mark.parametrize("eid", IDS + list(figures.CLINICAL_TESTS))
@pytest.mark.parametrize("animate", [True, False])
def test_every_svg_parses_and_has_its_title(eid: str, animate: bool) -> None:
    svg = figures.exercise_svg(eid, animate=animate)
    root = parse(svg)
    title = root.find(f"{SVG}title")
    assert title is not None and title.text
    assert root.get("role") == "img"
    assert root.get("aria-label") == title.text
    name = load_exercises().loc[eid, "name"] if eid in IDS else eid.split("-")[0].capitalize()
    assert title.text.lower().startswith(str(name).lower()[:8])
    # the position in words, start and end
    p = poses.pose(eid)
    assert p.text("start") in title.text and p.text("end") in title.text


@pytest.mark.parametrize("eid", IDS)
def test_static_pictures_have_no_animation(eid: str) -> None:
    svg = figures.exercise_svg(eid, animate=False)
    assert "@keyframes" not in svg and "animation" not in svg
    assert 'data-animated="false"' in svg
    assert "<animate" not in svg  # no SMIL either
    assert re.search(r'class="[^"]*arrow', svg)  # the direction of movement


@pytest.mark.parametrize("eid", IDS)
def test_animated_pictures_move_and_stop_for_reduced_motion(eid: str) -> None:
    svg = figures.exercise_svg(eid, animate=True)
    assert "@keyframes" in svg and 'data-animated="true"' in svg
    assert "@media (prefers-reduced-motion: reduce)" in svg
    media = svg.split("@media (prefers-reduced-motion: reduce)", 1)[1]
    assert "moving{display:none}" in media and "still{display:inline}" in media


def test_animation_runs_at_the_exercise_tempo() -> None:
    svg = figures.exercise_svg("glute-bridge")  # tempo 4 s per repetition in the catalog
    assert re.search(r"animation:\S+ 4s ease-in-out infinite", svg)
    assert re.search(r"animation:\S+ 2.5s ", figures.exercise_svg("glute-bridge", tempo_s=2.5))
    # a hold: into the position, held still (two equal stops), back
    hold = figures.exercise_svg("knee-to-chest")
    frames = re.findall(r"@keyframes (\S+?)\{(.*?)\}\}", hold)
    assert frames
    stops = re.findall(r"([\d.]+)%\{transform:([^}]*)\}", frames[0][1] + "}")
    values = [v for _, v in stops]
    assert values[1] == values[2] and values[0] == values[-1] and values[0] != values[1]


def test_text_is_escaped() -> None:
    svg = figures.exercise_svg("clamshell", label='Knees <together> & "heels"')
    root = parse(svg)
    assert root.find(f"{SVG}title").text == 'Knees <together> & "heels"'
    assert "&lt;together&gt; &amp;" in svg


def test_side_changes_the_picture_and_the_words() -> None:
    left = figures.exercise_svg("clamshell", side="left", animate=False)
    right = figures.exercise_svg("clamshell", side="right", animate=False)
    assert left != right
    assert "left side" in parse(left).find(f"{SVG}title").text
    assert "right side" in parse(right).find(f"{SVG}title").text
    assert "scale(-1,-1)" in left and "scale(-1,-1)" not in right  # mirrored for the left
    with pytest.raises(poses.PoseError, match="side must be"):
        figures.exercise_svg("clamshell", side="up")


def test_one_frame_only() -> None:
    svg = figures.exercise_svg("glute-bridge", frame="end")
    assert "@keyframes" not in svg
    assert not re.search(r'class="[^"]*(ghost|arrow)', svg)  # one position: no pale start, no arrow
    assert poses.pose("glute-bridge").text("end") in svg
    with pytest.raises(poses.PoseError, match="no frame 'middle'"):
        figures.exercise_svg("glute-bridge", frame="middle")


def test_prefixes_are_unique_per_picture() -> None:
    """Several figures on one page: no class or keyframe name is shared between different pictures."""
    a = figures.exercise_svg("glute-bridge")
    b = figures.exercise_svg("small-crunch")
    c = figures.exercise_svg("glute-bridge", side="left", width=200)
    names = [set(re.findall(r"@keyframes (\S+?)\{", s)) for s in (a, b, c)]
    assert names[0] and not (names[0] & names[1]) and not (names[0] & names[2])
    assert a == figures.exercise_svg("glute-bridge")  # deterministic


def test_prints_in_grey() -> None:
    svg = figures.exercise_svg("glute-bridge")
    css = svg.split("@media print{", 1)[1]
    colours = set(re.findall(r"#([0-9a-f]{6})", css))
    assert colours and all(c[0:2] == c[2:4] == c[4:6] for c in colours), colours


def test_scene_props() -> None:
    assert "wall" in figures.exercise_svg("wall-calf-stretch", animate=False)
    assert "chairleg" in figures.exercise_svg("ankle-in-out", animate=False)
    assert "-mat" in figures.exercise_svg("glute-bridge", animate=False)


def test_width_and_bad_width() -> None:
    root = parse(figures.exercise_svg("glute-bridge", width=150))
    assert root.get("width") == "150"
    with pytest.raises(poses.PoseError, match="width"):
        figures.exercise_svg("glute-bridge", width=0)


def test_clinical_tests_mark_the_nerve() -> None:
    for name in figures.CLINICAL_TESTS:
        svg = figures.clinical_test_svg(name)
        root = parse(svg)
        assert "nerve" in svg and "clinical test" in root.find(f"{SVG}title").text
    with pytest.raises(poses.PoseError, match="no clinical test"):
        figures.clinical_test_svg("lasegue")


def test_gallery_has_every_exercise() -> None:
    svg = figures.gallery_svg()
    root = parse(svg)
    inner = root.findall(f"{SVG}svg")
    assert [s.get("data-exercise") for s in inner] == IDS
    labels = [t.text for t in root.findall(f"{SVG}text")]
    assert labels == list(load_exercises()["name"])
    assert root.get("role") == "img" and "Glute bridge" in root.find(f"{SVG}title").text
    assert "@keyframes" not in svg


def test_figures_module_imports_no_plotting_or_widgets() -> None:
    import subprocess
    import sys

    code = ("import sys, backnotes.figures as f; f.exercise_svg('glute-bridge'); "
            "print('matplotlib' in sys.modules, 'ipywidgets' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


@pytest.mark.parametrize("eid", IDS)
def test_arrows_are_long_enough_to_see_and_stay_above_the_floor(eid: str) -> None:
    """A turn of the ankle moves the toes a few centimetres: its arrow is still drawn at least 9 % of
    the body's height long, and no arrow bows down into the floor (y < 0, where it was cut off)."""
    svg = figures.exercise_svg(eid, animate=False)
    d = re.search(r'<path d="M([-\d.]+),([-\d.]+) Q([-\d.]+),([-\d.]+) ([-\d.]+),([-\d.]+) M[^"]*" class="[^"]*arrow"', svg)
    assert d, "no arrow"
    sx, sy, qx, qy, ex, ey = map(float, d.groups())
    assert ((ex - sx) ** 2 + (ey - sy) ** 2) ** 0.5 >= 0.09 * 1.70 - 0.002
    assert min(sy, qy, ey) >= 0.0


def test_named_variants_are_drawn_planned_and_printed_like_any_exercise() -> None:
    from backnotes import sheet, timing
    from backnotes.routine import Routine
    from backnotes.showing import picture_cue

    ids = ["single-leg-bridge", "seated-calf-raise", "side-lying-leg-lift"]
    routine = Routine.from_ids(ids, name="Variants")
    assert [it.exercise_id for it in routine.items] == ids
    svg = figures.exercise_svg("single-leg-bridge", width=200)
    root = parse(svg)
    assert root.get("role") == "img" and "Single-leg bridge, left side" in root.findtext(f"{SVG}title")
    assert figures.has_picture("seated-calf-raise")
    phases = [p for p in timing.plan(routine) if p.exercise_id]
    assert {p.exercise_id for p in phases} == set(ids)
    cue = picture_cue(phases[0], 0.0)
    assert cue.exercise_id == "single-leg-bridge"
    html = sheet.to_html(routine)
    for eid in ids:
        assert f'data-exercise="{eid}"' in html
    assert "Seated calf raise" in html


@pytest.mark.parametrize("name, words", [("slump-neck-release", "Only the head lifts"),
                                         ("prone-knee-bend", "heel towards the buttock"),
                                         ("babinski", "big toe")])
def test_new_clinical_figures_say_what_they_show(name: str, words: str) -> None:
    svg = figures.clinical_test_svg(name, width=240)
    root = parse(svg)
    title = root.findtext(f"{SVG}title")
    assert root.get("role") == "img" and root.get("aria-label") == title
    assert "clinical test" in title and words in title
    assert title == figures.figure_text(name)
