"""A session followed without looking, in the app served by Voilà: the spoken cues and their order
(speechSynthesis replaced by a recorder: headless Chromium may have no voices), nothing said while
paused or muted, the screen kept on (Screen Wake Lock, also a recorder) and let go on pause and end,
the page asking before it is left mid-session, and what was done offered after a reload.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

APP = ".backnotes-app"

# one exercise, both sides, two short holds each: about 60 s (the get-down to the mat waits for Ready)
ROUTINE = {
    "format": "backnotes-routine", "version": 1, "name": "Voice test", "notes": "",
    "items": [{"exercise_id": "knee-to-chest", "name": "Knee to chest", "kind": "hold", "sets": 1, "reps": 2,
               "hold_s": 6, "tempo_s": None, "rest_s": 3, "per_side": True, "note": ""}],
}
PRESS_READY = "Press Ready when you are in position."
# the get-down waits for the person: no "3, 2, 1" into it, and the wait asks for Ready once
EXPECTED = ["Knee to chest, left side. Take your time getting into position.", PRESS_READY, "Hold 1 of 2",
            "Rest", "Hold 2 of 2", "Switch sides: right side", "Hold 1 of 2", "Rest", "Hold 2 of 2", "Well done"]

RECORDERS = """
window.__spoken = [];
window.__wake = [];
const synth = window.speechSynthesis || {};
synth.speak = (u) => window.__spoken.push({text: u.text, rate: u.rate, t: performance.now()});
synth.cancel = () => window.__spoken.push({text: '<cancel>', t: performance.now()});
if (!window.speechSynthesis) { window.speechSynthesis = synth; }
Object.defineProperty(navigator, 'wakeLock', {configurable: true, value: {
  request: (type) => {
    window.__wake.push('request ' + type);
    const listeners = [];
    const lock = {released: false, addEventListener(type, f) { if (type === 'release') listeners.push(f); },
                  release() { lock.released = true; window.__wake.push('release'); return Promise.resolve(); }};
    // what the browser does when the tab is hidden: it drops the lock by itself
    window.__dropLock = () => { lock.released = true; window.__wake.push('dropped'); listeners.forEach(f => f()); };
    return Promise.resolve(lock);
  }}});
"""


def _said(page) -> list[str]:
    return [u["text"] for u in page.evaluate("window.__spoken") if u["text"] != "<cancel>"]


def _to_do_it(page) -> None:
    page.locator(f"{APP} .backnotes-app-next").click()  # check first: nothing ticked
    expect(page.locator(f"{APP} .backnotes-app-overview")).to_contain_text("Voice test")
    page.locator(f"{APP} .backnotes-app-next").click()
    expect(page.locator(f"{APP} .backnotes-timer-player")).to_be_visible()


def test_spoken_cues_wake_lock_and_leaving_mid_session(voila_app, session_to_done) -> None:
    folder = Path(voila_app.home) / "routines"
    folder.mkdir(parents=True)
    (folder / "voice-test.json").write_text(json.dumps(ROUTINE), encoding="utf-8")
    page = voila_app.page
    page.context.add_init_script(RECORDERS)
    voila_app.ready()
    _to_do_it(page)
    player = page.locator(f"{APP} .backnotes-timer-player")
    voice = player.locator(".backnotes-player-voice")
    expect(voice).to_have_attribute("aria-pressed", "true")  # on by default in the app
    toggle = player.locator("button.backnotes-player-toggle")
    toggle.click()  # Start
    # the get-down to the mat: take your time (no count-in), then the player waits for Ready, asks for
    # it once, says nothing more and keeps the screen on (timing.SESSION_START_POSITION, Phase.wait)
    page.wait_for_function("window.__spoken.length > 0", timeout=10_000)
    assert _said(page) == EXPECTED[:1], _said(page)
    expect(toggle).to_have_text("Ready", timeout=40_000)
    expect(player.locator(".backnotes-countdown")).to_have_text("Ready?")
    page.wait_for_function(f"window.__spoken.some(u => u.text === {json.dumps(PRESS_READY)})", timeout=5_000)
    expect(toggle).to_have_text("Ready")  # said while the toggle asks for it
    expect(player).to_contain_text(PRESS_READY)  # the words on the screen
    time.sleep(3)
    assert _said(page) == EXPECTED[:2], _said(page)
    assert page.evaluate("window.__wake") == ["request screen"]
    toggle.click()  # Ready
    page.wait_for_function("window.__spoken.some(u => u.text === 'Hold 1 of 2')", timeout=20_000)
    assert page.evaluate("window.__wake") == ["request screen"]

    toggle.click()  # Pause
    expect(toggle).to_have_text("Resume")
    page.wait_for_function("window.__wake.includes('release')", timeout=5_000)
    before = _said(page)
    time.sleep(4)  # longer than the rest of that hold would have lasted
    assert _said(page) == before, "something was said while paused"
    assert page.evaluate("window.__spoken.at(-1).text") == "<cancel>"  # paused: stop talking at once
    toggle.click()  # Resume
    page.wait_for_function("window.__wake.filter(w => w === 'request screen').length === 2", timeout=5_000)
    # the tab was hidden (the browser dropped the lock) and is visible again: the lock is asked for again
    page.evaluate("window.__dropLock(); document.dispatchEvent(new Event('visibilitychange'))")
    page.wait_for_function("window.__wake.filter(w => w === 'request screen').length === 3", timeout=5_000)

    assert session_to_done(player) == 0  # no other wait: the sides change lying on the back
    expect(player.locator(".backnotes-countdown")).to_have_text("Done")
    page.wait_for_function("window.__spoken.some(u => u.text === 'Well done')", timeout=10_000)
    assert _said(page) == EXPECTED
    assert page.evaluate("window.__wake.at(-1)") == "release"

    # a second session, muted: silent
    toggle.click()  # Start again
    expect(toggle).to_have_text("Pause")
    expect(page.locator(f"{APP} .backnotes-app-message")).not_to_contain_text("Well done")
    player.locator(".backnotes-player-mute").click()
    expect(player.locator(".backnotes-player-mute")).to_have_attribute("aria-pressed", "true")
    page.wait_for_timeout(1000)  # the start cue, if it came before the mute, has arrived
    count = len(_said(page))
    expect(toggle).to_have_text("Ready", timeout=40_000)  # through the get-down to its wait
    time.sleep(3)  # "Press Ready ..." would have been said
    assert len(_said(page)) == count, _said(page)[count:]

    # leaving mid-session: the page asks; "stay" keeps a working session
    asked: list[str] = []
    page.once("dialog", lambda d: (asked.append(d.type), d.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(1000)
    assert asked == ["beforeunload"]
    assert not page.is_closed()
    toggle.click()  # Ready still answers: the kernel was not stopped
    expect(toggle).to_have_text("Pause")
    time.sleep(6)  # into the first hold: something done to offer

    # leaving anyway: what was done is offered next time
    page.once("dialog", lambda d: d.accept())
    page.reload(wait_until="domcontentloaded")
    resume = page.locator(f"{APP} .backnotes-app-resume")
    expect(resume).to_be_visible(timeout=120_000)
    expect(resume).to_contain_text("Last time you stopped after 0 of 1 exercise of Voice test")
    resume.locator("button", has_text="Log what I did").click()
    expect(page.locator(f"{APP} h2.backnotes-step-heading")).to_have_text("Step 4 of 5: How was it")
    expect(page.locator(APP)).to_contain_text("It is saved with the session you just did: Voice test")
