"""Accessibility of the widgets and outputs of notebooks 00-04 in a real JupyterLab.

- axe-core (bundled by the ``axe-playwright-python`` package: nothing is downloaded) over every cell
  output (``.jp-OutputArea-output``): no critical or serious violation;
- keyboard only (no clicks): pick a body area, a filter and an exercise in the exercise browser, change a
  dose in the routine builder, start and pause the timer player with the focus kept on its button;
- at a 390 px wide viewport no widget is wider than its container.

The axe counts by rule id are printed (``-s`` shows them) and written to ``axe-<notebook>.json`` in the
test's tmp folder, for the before/after figures of issue 11.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NOTEBOOKS = ["00_start_here", "01_exercise_catalog", "02_build_a_routine", "03_hold_timers",
             "04_pain_and_progress"]
BLOCKING = {"critical", "serious"}


def _axe(page, nb) -> list[dict]:
    """axe-core's violations inside this notebook's cell outputs."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context={"include": [[f"#{nb.widget_id} .jp-OutputArea-output"]]},
                        options={"resultTypes": ["violations"]})
    return results.response["violations"]


def _summary(violations: list[dict]) -> dict[str, dict]:
    return {v["id"]: {"impact": v["impact"], "nodes": len(v["nodes"]),
                      "targets": [n["target"] for n in v["nodes"][:5]]} for v in violations}


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_axe_finds_no_serious_violation_in_outputs(lab, name, tmp_path):
    nb = lab.open(name)
    nb.run_clean()
    violations = _axe(nb.page, nb)
    summary = _summary(violations)
    (tmp_path / f"axe-{name}.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    counts = Counter({rule: s["nodes"] for rule, s in summary.items()})
    print(f"\n[axe] {name}: " + (", ".join(f"{r} ({summary[r]['impact']}) x{n}" for r, n in counts.items())
                                or "no violations"))
    blocking = {rule: s for rule, s in summary.items() if s["impact"] in BLOCKING}
    assert blocking == {}, json.dumps(blocking, indent=1)


# --------------------------------------------------------------------------------------------------
# keyboard only: focus moves with Tab in real use; here each control is focused directly (no mouse
# event), then only keys are pressed. Arrow keys must change the control, not JupyterLab's cell.

_ACTIVE_CELL = "(p) => window.__backnotes[p].content.activeCellIndex"
_FOCUSED_TEXT = "() => document.activeElement && document.activeElement.innerText.trim()"


def _count_text(scope) -> str:
    return scope.locator(".backnotes-count").first.inner_text().strip()


def test_keyboard_picks_area_filter_exercise_and_dose(lab):
    nb = lab.open("02_build_a_routine")
    nb.run_clean()
    page = nb.page
    cell = nb.cell_index("RoutineBuilder(browser=browser")
    nb.scroll_to_cell(cell, output=True)
    builder = nb.cell(cell).locator(".backnotes-routine-builder")
    browser = builder.locator(".backnotes-exercise-browser")
    active = page.evaluate(_ACTIVE_CELL, nb.path)

    # an area: Space on a focused toggle button; its pressed state is exposed
    toggle = browser.locator(".backnotes-area-toggle", has_text="calves").first
    before = _count_text(browser)
    toggle.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")  # back by keyboard: the focus ring shows (:focus-visible)
    assert page.evaluate(_FOCUSED_TEXT) == "calves"
    ring = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                         " return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow]; }")
    assert ring[:3] == ["solid", "3px", "rgb(26, 79, 160)"], ring  # 7.6:1 on its white halo
    assert "rgb(255, 255, 255)" in ring[3]
    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-pressed", "true", timeout=10_000)
    expect(browser.locator(".backnotes-count").first).not_to_have_text(before, timeout=10_000)
    assert page.evaluate(_ACTIVE_CELL, nb.path) == active
    page.keyboard.press("Space")  # and off again
    expect(toggle).to_have_attribute("aria-pressed", "false", timeout=10_000)
    expect(browser.locator(".backnotes-count").first).to_have_text(before, timeout=10_000)

    # a filter: ArrowDown in the "position" dropdown chooses the first position, the cell stays
    position = browser.locator(".widget-dropdown select").first
    position.focus()
    page.keyboard.press("ArrowDown")
    expect(browser.locator(".backnotes-count").first).not_to_have_text(before, timeout=10_000)
    assert position.evaluate("(s) => s.selectedIndex") == 1
    assert page.evaluate(_ACTIVE_CELL, nb.path) == active, "the arrow key moved JupyterLab to another cell"
    page.keyboard.press("ArrowUp")  # back to "any position"
    expect(browser.locator(".backnotes-count").first).to_have_text(before, timeout=10_000)

    # an exercise: ArrowDown in the list shows the next exercise's card
    picker = browser.locator(".widget-select select").first
    card = browser.locator(".backnotes-card").first
    old_card = card.inner_text()
    picker.focus()
    page.keyboard.press("ArrowDown")
    expect(card).not_to_have_text(old_card, timeout=10_000)
    assert page.evaluate(_ACTIVE_CELL, nb.path) == active

    # a dose: ArrowRight on the first slider handle of the first routine item adds a set
    row = builder.locator(".backnotes-routine-item").first
    handle = row.locator(".backnotes-slider-sets [role=slider]").first
    expect(handle).to_have_attribute("aria-label", "sets", timeout=10_000)
    title = row.locator(".widget-html").first
    old_title = title.inner_text()
    handle.focus()
    page.keyboard.press("ArrowRight")
    expect(title).not_to_have_text(old_title, timeout=10_000)
    assert page.evaluate(_ACTIVE_CELL, nb.path) == active

    # Up/Down/Remove are named in words; moving keeps the focus on the pressed button
    assert row.locator("button", has_text="Down").count() == 1
    second = builder.locator(".backnotes-routine-item").nth(1)
    up = second.locator("button", has_text="Up")
    name_before = builder.locator(".backnotes-routine-item").first.locator(".widget-html").first.inner_text()
    up.focus()
    page.keyboard.press("Enter")
    expect(builder.locator(".backnotes-routine-item").first.locator(".widget-html").first).not_to_have_text(
        name_before, timeout=10_000)
    assert page.evaluate("() => document.activeElement.innerText.trim()") == "Up"
    assert page.evaluate("() => !!document.activeElement.closest('.backnotes-routine-item')")


def test_keyboard_starts_and_pauses_the_player_keeping_focus(lab):
    nb = lab.open("03_hold_timers")
    nb.run_clean()
    page = nb.page
    player = page.locator(".backnotes-timer-player").first
    player.scroll_into_view_if_needed()
    toggle = player.locator("button.backnotes-player-toggle")
    status = player.locator(".backnotes-player-status [role=status]")
    expect(status).to_have_attribute("aria-live", "polite", timeout=10_000)
    expect(status).to_contain_text("Ready to start")
    mute = player.locator(".backnotes-player-mute")
    expect(mute).to_have_attribute("aria-pressed", "false")

    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_text("Pause", timeout=10_000)
    expect(status).to_contain_text("Step 1 of", timeout=10_000)
    assert page.evaluate(_FOCUSED_TEXT) == "Pause"  # focus stayed on the toggle
    page.keyboard.press("Space")
    expect(toggle).to_have_text("Resume", timeout=10_000)
    expect(status).to_contain_text("Paused")
    assert page.evaluate(_FOCUSED_TEXT) == "Resume"
    assert not toggle.is_disabled()

    # Stop with the keyboard: the focus stays on Stop (never disabled under the focus)
    stop = player.locator("button.backnotes-player-stop")
    stop.focus()
    page.keyboard.press("Enter")
    expect(player.locator(".backnotes-countdown")).to_have_text("Stopped", timeout=10_000)
    assert page.evaluate(_FOCUSED_TEXT) == "Stop"
    assert "Skip this step" in (player.locator("button.backnotes-player-skip").get_attribute("title") or "")

    mute.focus()
    page.keyboard.press("Space")
    expect(mute).to_have_attribute("aria-pressed", "true", timeout=10_000)


# --------------------------------------------------------------------------------------------------
# a 390 px wide screen (a phone): no widget wider than its container, rows wrap

_OVERFLOW = """(id) => {
  const bad = [];
  document.getElementById(id).querySelectorAll('.backnotes-widget').forEach((root) => {
    const box = root.closest('.jp-OutputArea-output').getBoundingClientRect();
    if (root.scrollWidth > root.clientWidth + 1) {
      bad.push(`${root.className}: scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth}`);
    }
    root.querySelectorAll('.jupyter-widgets').forEach((el) => {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > box.right + 1) {
        bad.push(`${el.className.slice(0, 80)} ends at ${Math.round(r.right)} > ${Math.round(box.right)}`);
      }
    });
    root.querySelectorAll('button').forEach((b) => {  // not cut to one letter
      if (b.innerText.trim().length > 1 && b.scrollWidth > b.clientWidth + 2) {
        bad.push(`button "${b.innerText.trim()}" is cut: ${b.scrollWidth} > ${b.clientWidth}`);
      }
    });
  });
  return bad;
}"""


@pytest.mark.parametrize("name", ["02_build_a_routine", "03_hold_timers", "04_pain_and_progress"])
def test_widgets_fit_a_390px_screen(lab, name):
    nb = lab.open(name)
    nb.page.set_viewport_size({"width": 390, "height": 844})
    lab.collapse_sidebars()
    nb.run_clean()
    nb.page.wait_for_timeout(500)
    assert nb.node.locator(".backnotes-widget").count() >= 1
    problems = nb.page.evaluate(_OVERFLOW, nb.widget_id)
    widget = nb.node.locator(".backnotes-widget").last
    widget.scroll_into_view_if_needed()
    lab.screenshot(f"narrow-{name}")
    assert problems == [], "\n".join(problems[:20])
    if name == "04_pain_and_progress":  # the log book's "where": a checkbox, ticked with Space
        box = widget.locator(".backnotes-checkbox-group input[type=checkbox]").nth(1)
        box.focus()  # (focus makes the widget's cell the active cell)
        active = nb.page.evaluate(_ACTIVE_CELL, nb.path)
        nb.page.keyboard.press("Space")
        assert box.is_checked()
        assert nb.page.evaluate(_ACTIVE_CELL, nb.path) == active
