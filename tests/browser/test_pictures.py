"""Exercise pictures in a real JupyterLab: in the timer player during a work phase the figure moves
(its computed transform changes within a second, driven by the browser alone); with
prefers-reduced-motion it stands still and the still start/end picture shows instead; the exercise
browser's card shows the picture."""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NOTEBOOK = "pictures_check.ipynb"
CELLS = [
    "from backnotes import Routine\nfrom backnotes.widgets import ExerciseBrowser, TimerPlayer\n\n"
    "player = TimerPlayer(Routine.from_ids(['glute-bridge'], name='Pictures'), tone=False)\nplayer",
    "browser = ExerciseBrowser()\nbrowser.selected = 'glute-bridge'\nbrowser",
]
PLAYER = ".backnotes-timer-player"
PICTURE = f"{PLAYER} .backnotes-player-picture"

# every animated group's computed transform, joined: the figure's pose as the browser draws it
_POSE = """(sel) => {
  const svg = document.querySelector(sel + ' svg[data-animated="true"]');
  if (!svg) return null;
  const groups = [...svg.querySelectorAll('g[class*="-a-"]')];
  return groups.map(g => getComputedStyle(g).transform).join('|');
}"""
_SHOWN = """(sel) => {
  const still = document.querySelector(sel + ' svg g[class$="still"]');
  const moving = document.querySelector(sel + ' svg g[class$="moving"]');
  return [getComputedStyle(still).display, getComputedStyle(moving).display];
}"""


def _write_notebook(lab) -> None:
    meta = json.loads((lab.root / "notebooks" / "03_hold_timers.ipynb").read_text())["metadata"]
    cells = [{"cell_type": "code", "execution_count": None, "id": f"pic{i}", "metadata": {}, "outputs": [],
              "source": src} for i, src in enumerate(CELLS)]
    nb = {"cells": cells, "metadata": meta, "nbformat": 4, "nbformat_minor": 5}
    (lab.root / "notebooks" / NOTEBOOK).write_text(json.dumps(nb), encoding="utf-8")


def test_player_picture_moves_during_work_and_stops_for_reduced_motion(lab) -> None:
    _write_notebook(lab)
    nb = lab.open(NOTEBOOK)
    assert nb.run_clean() == 2
    page = nb.page
    player = page.locator(PLAYER).first
    player.scroll_into_view_if_needed()
    picture = page.locator(PICTURE).first
    # get ready: the start position, still, with its words
    expect(picture.locator('svg[data-animated="false"]')).to_have_count(1)
    assert "Lying on the back" in picture.locator("svg").get_attribute("aria-label")

    player.locator("button.backnotes-player-start").click()
    player.locator("button.backnotes-player-skip").click()  # straight to the work phase
    expect(picture.locator('svg[data-animated="true"]')).to_have_count(1, timeout=5_000)
    expect(player.locator(".backnotes-player-count")).to_contain_text("of 10", timeout=5_000)

    first = page.evaluate(_POSE, PICTURE)
    assert first, "the moving picture has animated groups"
    time.sleep(1.0)
    second = page.evaluate(_POSE, PICTURE)
    assert second != first, "the figure did not move in 1 s of a work phase"
    assert page.evaluate(_SHOWN, PICTURE) == ["none", "inline"]
    lab.screenshot("player-picture-moving")

    # the reader asks for reduced motion: the moving figure is hidden and frozen, the still one shows
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(_SHOWN, PICTURE) == ["inline", "none"]
    first = page.evaluate(_POSE, PICTURE)
    time.sleep(1.0)
    assert page.evaluate(_POSE, PICTURE) == first, "the figure moved despite prefers-reduced-motion"
    player.locator("button.backnotes-player-stop").click()


def test_browser_card_shows_the_picture(lab) -> None:
    _write_notebook(lab)
    nb = lab.open(NOTEBOOK)
    nb.run_all()
    assert nb.errors() == []
    card = nb.page.locator(".backnotes-card").first
    card.scroll_into_view_if_needed()
    svg = card.locator('svg[role="img"]').first
    expect(svg).to_be_visible(timeout=10_000)
    assert svg.get_attribute("data-exercise") == "glute-bridge"
    assert svg.get_attribute("aria-label").startswith("Glute bridge")
    box = svg.bounding_box()
    assert box is not None and box["width"] >= 200 and box["height"] >= 50
