"""Notebook 03 in a real JupyterLab: the timer player's background task ticks while the kernel is idle
(the proof that ipykernel#1510 does not bite here), Pause freezes the countdown, Skip advances, and
the tone is an autoplaying, non-looping audio element."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from backnotes.timing import POSITION_CHANGE_S

pytestmark = pytest.mark.browser

PLAYER = ".backnotes-timer-player"
COUNTDOWN = f"{PLAYER} .backnotes-countdown"  # document.querySelector: the first player's

_CHANGED = """([sel, old]) => {
  const n = document.querySelector(sel);
  return !!n && n.innerText.trim() !== old;
}"""


def test_notebook_03_timer_ticks_pauses_and_skips(lab) -> None:
    nb = lab.open("03_hold_timers.ipynb")
    expected = nb.run_clean()  # no errors, every cell run, every widget live
    assert expected >= 2  # the short routine's player and the user's

    page = nb.page
    player = page.locator(PLAYER).first
    player.scroll_into_view_if_needed()
    countdown = player.locator(".backnotes-countdown")
    title = player.locator("h3")
    button = lambda name: player.locator(f"button.backnotes-player-{name}")  # noqa: E731
    get_down = f"{POSITION_CHANGE_S:.0f}"  # a session starts standing: the first get-ready is a get-down
    assert countdown.inner_text().strip() == get_down  # not started
    assert "Get ready" in title.inner_text()
    expect(button("start")).to_have_text("Start")  # one Start/Pause toggle, never disabled

    # Start: the cell is long finished, so only the background task can move the countdown
    button("start").click()
    page.wait_for_function(_CHANGED, arg=[COUNTDOWN, get_down], timeout=3_000)
    moved = countdown.inner_text().strip()
    assert moved.isdigit() and int(moved) < POSITION_CHANGE_S
    page.wait_for_function(_CHANGED, arg=[COUNTDOWN, moved], timeout=3_000)  # and it keeps ticking

    # the tone: an autoplaying audio element that does not loop
    audio = player.locator("audio")
    expect(audio).to_have_count(1, timeout=5_000)
    assert audio.get_attribute("autoplay") is not None and audio.get_attribute("loop") is None
    # and the browser let it play (Start was a click): it is playing or has played to its end
    page.wait_for_function(f"() => {{ const a = document.querySelector('{PLAYER} audio');"
                           " return !!a && (a.ended || a.currentTime > 0); }", timeout=5_000)

    # Pause (the same toggle) freezes the countdown
    expect(button("start")).to_have_text("Pause")
    button("start").click()
    expect(button("start")).to_have_text("Resume", timeout=5_000)
    expect(player).to_contain_text("Paused")
    frozen = countdown.inner_text().strip()
    time.sleep(2.5)
    assert countdown.inner_text().strip() == frozen
    lab.screenshot("timer-paused")

    # Skip advances to the first hold, which waits (paused) at its full length
    before = title.inner_text()
    button("skip").click()
    expect(title).not_to_have_text(before, timeout=5_000)
    assert "hold 1" in title.inner_text()
    expect(countdown).to_have_text("8", timeout=5_000)

    # Resume: it counts down again; Stop ends the session and offers the record
    button("start").click()  # Resume
    page.wait_for_function(_CHANGED, arg=[COUNTDOWN, "8"], timeout=3_000)
    expect(player).to_contain_text("Breathe in slowly")  # the breathing cue of a hold
    button("stop").click()
    expect(countdown).to_have_text("Stopped", timeout=5_000)
    expect(player).to_contain_text("Session saved as a record: log it in notebook 04")
    expect(button("start")).to_have_text("Start again")
    lab.screenshot("timer-stopped")
