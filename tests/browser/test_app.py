"""The app (notebooks/app.ipynb) served by Voilà, in headless Chromium: the whole day once with the
mouse and once with the keyboard alone, axe-core over every screen, and the layout at 390 px and at
200 % zoom. Each test starts Voilà with its own empty BACKNOTES_HOME and reads the journal file itself.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
APP = ".backnotes-app"
HEADING = f"{APP} h2.backnotes-step-heading"


def _focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement; return {
        tag: e.tagName.toLowerCase(), cls: e.className || '', text: (e.innerText || e.value || '').trim(),
        label: e.getAttribute('aria-label') || '', type: e.type || '' }; }""")


def _heading_has_focus(page, step: str) -> bool:
    return page.evaluate("""(step) => { const e = document.activeElement;
        return !!e && e.matches('h2.backnotes-step-heading') && e.dataset.step === step; }""", step)


def _expect_step(page, step: str, title: str) -> None:
    expect(page.locator(HEADING)).to_have_text(title, timeout=15_000)
    page.wait_for_function("""(step) => { const e = document.activeElement;
        return !!e && e.matches('h2.backnotes-step-heading') && e.dataset.step === step; }""",
                           arg=step, timeout=10_000)


def _png_src(page) -> str:
    return page.locator(f"{APP} .backnotes-app-plot img").get_attribute("src") or ""


def test_app_day_with_the_mouse(voila_app, session_to_done) -> None:
    voila_app.save_quick_routine()  # one 2 s hold (conftest)
    voila_app.ready()
    page = voila_app.page
    _ = page.locator(HEADING)
    expect(page.locator(HEADING)).to_have_text("Step 1 of 5: Check first")
    expect(page).to_have_title("backnotes · Check first")
    expect(page.locator(f"{APP} .backnotes-app-nav-routine")).to_be_disabled()  # check first
    expect(page.locator(f"{APP} .backnotes-redflag").first).to_be_visible()

    page.locator(f"{APP} .backnotes-app-next").click()
    _expect_step(page, "routine", "Step 2 of 5: Today's routine")
    choices = page.locator(f"{APP} .backnotes-app-choices .widget-radio-box label")
    expect(choices.first).to_contain_text("Quick test (saved")
    choices.filter(has_text="Gentle start").click()
    expect(page.locator(f"{APP} .backnotes-app-overview")).to_contain_text("Gentle start")
    choices.filter(has_text="Quick test").click()
    overview = page.locator(f"{APP} .backnotes-app-overview")
    expect(overview).to_contain_text("Quick test")
    expect(overview).to_contain_text("Total time")
    expect(overview).to_contain_text("Take care")  # the exercise's cautions
    page.locator(f"{APP} .backnotes-app-open-builder").click()  # the builder is one click away
    expect(page.locator(f"{APP} .backnotes-routine-builder")).to_be_visible()
    page.locator(f"{APP} .backnotes-app-open-builder").click()
    expect(page.locator(f"{APP} .backnotes-routine-builder")).to_have_count(0)

    page.locator(f"{APP} .backnotes-app-next").click()
    _expect_step(page, "do", "Step 3 of 5: Do it")
    player = page.locator(f"{APP} .backnotes-timer-player")
    player.locator("button.backnotes-player-start").click()
    # the get-down to the mat waits for Ready (timing.SESSION_START_POSITION): pressed with the mouse
    assert session_to_done(player) == 1
    expect(player.locator(".backnotes-countdown")).to_have_text("Done")
    expect(page.locator(f"{APP} .backnotes-app-message")).to_contain_text("Well done")
    voila_app.screenshot("app-done")

    page.locator(f"{APP} .backnotes-app-next").click()
    _expect_step(page, "log", "Step 4 of 5: How was it")
    expect(page.locator(APP)).to_contain_text("It is saved with the session you just did: Quick test")
    log = page.locator(f"{APP} .backnotes-logbook")
    handle = log.locator(".noUi-handle").first  # the pain slider: drag its handle to the left end
    box = log.locator(".noUi-target").first.bounding_box()
    handle.hover()
    page.mouse.down()
    page.mouse.move(box["x"] + 1, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    expect(log).to_contain_text("no pain")
    where = log.locator(".backnotes-checkbox-group")  # "Where does it hurt?"
    where.get_by_label("lower back", exact=True).check()
    where.get_by_label("buttock", exact=True).check()  # a person's word; stored as glutes
    log.locator("textarea").first.click()
    page.keyboard.type("after the app's session")
    log.locator("button", has_text="Save").click()
    expect(log.locator(".backnotes-logbook-message")).to_contain_text("Saved: pain 0/10")

    rows = voila_app.pain_rows()
    assert len(rows) == 1
    assert (rows[0][1], set(rows[0][2].split(";")), rows[0][4]) == (0, {"lower back", "glutes"},
                                                                      "after the app's session"), rows
    assert voila_app.session_rows() == [("Quick test", 1, 0)]  # logged with the session, once

    page.locator(f"{APP} .backnotes-app-next").click()
    _expect_step(page, "progress", "Step 5 of 5: Progress")
    figure = page.locator(f"{APP} .backnotes-app-plot figure")
    expect(figure).to_have_attribute("data-reports", "1")
    assert "1 report" in (figure.locator("img").get_attribute("alt") or "")
    expect(page.locator(f"{APP} .backnotes-app-week")).to_contain_text("Quick test")
    first_png = _png_src(page)

    # back to the log, a second entry: the plot is redrawn with two reports, the session not repeated
    page.locator(f"{APP} .backnotes-app-nav-log").click()
    _expect_step(page, "log", "Step 4 of 5: How was it")
    log.locator("button", has_text="Save").click()
    expect(log.locator(".backnotes-logbook-message")).to_contain_text("Saved")
    page.locator(f"{APP} .backnotes-app-nav-progress").click()
    expect(figure).to_have_attribute("data-reports", "2")
    assert _png_src(page) != first_png
    assert len(voila_app.pain_rows()) == 2 and len(voila_app.session_rows()) == 1

    page.locator(f"{APP} .backnotes-app-sheet").click()
    expect(page.locator(f"{APP} .backnotes-app-files a[download]")).to_contain_text("printable sheet")
    assert (voila_app.home / "routines" / "quick-test-sheet.html").is_file()
    page.locator(f"{APP} .backnotes-app-export").click()
    files = page.locator(f"{APP} .backnotes-app-files")
    expect(files).to_contain_text("Give your clinician this one page")  # which file to hand over
    expect(files.locator("a[download$='.zip']")).to_have_count(1)  # the rest as one zip
    assert str(voila_app.home) not in files.inner_text()  # no folder paths
    exports = list((voila_app.home / "exports").glob("*/pain.csv"))
    assert len(exports) == 1 and "after the app's session" in exports[0].read_text(encoding="utf-8")
    assert [c for c in voila_app.console if c.startswith("pageerror")] == []
    # the whole day asked for nothing off this computer (Voilà's own template links a CDN font; ours not)
    assert voila_app.outside == []


# --------------------------------------------------------------------------------------------------
# the keyboard alone

def _tab_to(page, selector: str, *, shift: bool = False, limit: int = 80) -> dict:
    """Press Tab (Shift+Tab) until the focused element matches ``selector``; return what has focus."""
    key = "Shift+Tab" if shift else "Tab"
    for _ in range(limit):
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            return _focused(page)
        page.keyboard.press(key)
    raise AssertionError(f"{limit} x {key} never reached {selector}; focus is on {_focused(page)}")


def test_app_day_with_the_keyboard_only(voila_app, session_to_done) -> None:
    voila_app.save_quick_routine()  # one 2 s hold (conftest)
    voila_app.ready()
    page = voila_app.page
    expect(page.locator(HEADING)).to_have_text("Step 1 of 5: Check first")

    # Check first: tick a "see a doctor soon" sign with Space, see exercise withheld, untick it
    _tab_to(page, f"{APP} .backnotes-redflag-soon input")
    page.keyboard.press("Space")
    expect(page.locator(f"{APP} .backnotes-app-check")).to_contain_text("See a doctor before you exercise")
    expect(page.locator(f"{APP} .backnotes-app-next")).to_have_text("Next: How was it")
    page.keyboard.press("Space")
    expect(page.locator(f"{APP} .backnotes-app-next")).to_have_text("Next: Today's routine")
    assert _tab_to(page, f"{APP} .backnotes-app-next")["text"] == "Next: Today's routine"
    page.keyboard.press("Enter")
    _expect_step(page, "routine", "Step 2 of 5: Today's routine")

    # Today's routine: the arrow keys move between the routines on offer
    _tab_to(page, f"{APP} .backnotes-app-choices input[type=radio]")
    overview = page.locator(f"{APP} .backnotes-app-overview")
    expect(overview).to_contain_text("Quick test")
    page.keyboard.press("ArrowDown")
    expect(overview).not_to_contain_text("Quick test")
    page.keyboard.press("ArrowUp")
    expect(overview).to_contain_text("Quick test")
    _tab_to(page, f"{APP} .backnotes-app-next")
    page.keyboard.press("Enter")
    _expect_step(page, "do", "Step 3 of 5: Do it")

    # Do it: Space on Start; the session runs to its end
    _tab_to(page, f"{APP} button.backnotes-player-start")
    page.keyboard.press("Space")
    player = page.locator(f"{APP} .backnotes-timer-player")
    # the get-down to the mat waits: Enter on the toggle (it kept the focus, now reading "Ready")
    assert session_to_done(player, keyboard=True) == 1
    expect(player.locator(".backnotes-countdown")).to_have_text("Done")
    _tab_to(page, f"{APP} .backnotes-app-next")
    page.keyboard.press("Shift+Tab")  # one back (Back button) and forward again
    assert "Back" in _focused(page)["text"]
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    _expect_step(page, "log", "Step 4 of 5: How was it")

    # How was it: pain with the arrow keys, where with the arrow keys, a note, Save with Enter
    log = page.locator(f"{APP} .backnotes-logbook")
    _tab_to(page, f"{APP} .backnotes-logbook .noUi-handle")
    for _ in range(5):
        page.keyboard.press("ArrowLeft")  # Back now: 5 -> 0 (it starts mid-scale, "not answered")
    expect(log).to_contain_text("no pain")
    _tab_to(page, f"{APP} .backnotes-logbook .backnotes-checkbox-group input[type=checkbox]")
    page.keyboard.press("Space")  # the first area
    _tab_to(page, f"{APP} .backnotes-logbook textarea")
    page.keyboard.type("keyboard day")
    _tab_to(page, f"{APP} .backnotes-logbook button.mod-primary")
    page.keyboard.press("Enter")
    expect(log.locator(".backnotes-logbook-message")).to_contain_text("Saved: pain 0/10")
    rows = voila_app.pain_rows()
    assert len(rows) == 1 and rows[0][1] == 0 and rows[0][4] == "keyboard day", rows
    assert rows[0][2] != "", rows  # an area was ticked with Space
    assert voila_app.session_rows() == [("Quick test", 1, 0)]

    # Progress: the plot shows the new entry
    _tab_to(page, f"{APP} .backnotes-app-next")
    page.keyboard.press("Enter")
    _expect_step(page, "progress", "Step 5 of 5: Progress")
    figure = page.locator(f"{APP} .backnotes-app-plot figure")
    expect(figure).to_have_attribute("data-reports", "1")
    assert "latest 0 out of 10" in (figure.locator("img").get_attribute("alt") or "")
    _tab_to(page, f"{APP} .backnotes-app-export")
    page.keyboard.press("Enter")
    files = page.locator(f"{APP} .backnotes-app-files")
    expect(files).to_contain_text("Give your clinician this one page")  # which file to hand over
    expect(files.locator("a[download$='.zip']")).to_have_count(1)  # the rest as one zip
    assert str(voila_app.home) not in files.inner_text()  # no folder paths


# --------------------------------------------------------------------------------------------------
# every screen: axe-core, and the layout on a phone and at 200 % zoom

def _walk(voila_app, visit, session_to_done) -> None:
    """Go through the five screens with the mouse and call ``visit(step)`` on each (the routine
    screen twice: with the builder closed and open; Do it after the session ended, Ready pressed
    after the get-down with ``session_to_done``)."""
    page = voila_app.page
    nxt = page.locator(f"{APP} .backnotes-app-next")
    visit("check")
    nxt.click()
    _expect_step(page, "routine", "Step 2 of 5: Today's routine")
    visit("routine")
    page.locator(f"{APP} .backnotes-app-open-builder").click()
    expect(page.locator(f"{APP} .backnotes-routine-builder")).to_be_visible()
    visit("builder")
    page.locator(f"{APP} .backnotes-app-open-builder").click()
    nxt.click()
    _expect_step(page, "do", "Step 3 of 5: Do it")
    page.locator(f"{APP} button.backnotes-player-start").click()
    assert session_to_done(page.locator(f"{APP} .backnotes-timer-player")) == 1  # Ready after the get-down
    expect(page.locator(f"{APP} .backnotes-countdown")).to_have_text("Done")
    visit("do")
    nxt.click()
    _expect_step(page, "log", "Step 4 of 5: How was it")
    page.locator(f"{APP} .backnotes-logbook-no-leg").click()  # nothing is pre-filled: answer the leg
    page.locator(f"{APP} .backnotes-logbook button.mod-primary").click()
    expect(page.locator(f"{APP} .backnotes-logbook-message")).to_contain_text("Saved")
    visit("log")
    nxt.click()
    _expect_step(page, "progress", "Step 5 of 5: Progress")
    page.locator(f"{APP} .backnotes-app-sheet").click()
    expect(page.locator(f"{APP} .backnotes-app-files a[download]")).to_have_count(1)
    visit("progress")


def test_app_axe_core_finds_nothing_critical_serious_or_moderate(voila_app, session_to_done) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    voila_app.save_quick_routine()  # one 2 s hold (conftest)
    voila_app.ready()
    found: dict[str, list[str]] = {}
    counts: dict[str, dict[str, int]] = {}

    def visit(step: str) -> None:
        results = axe.run(voila_app.page, options={"resultTypes": ["violations"]})
        tally: dict[str, int] = {}
        for v in results.response["violations"]:
            tally[v["impact"]] = tally.get(v["impact"], 0) + len(v["nodes"])
            if v["impact"] in ("critical", "serious", "moderate"):  # moderate: e.g. content outside landmarks
                found.setdefault(step, []).append(
                    f"{v['id']} ({v['impact']}): {v['help']} -> "
                    + "; ".join(n["html"][:120] for n in v["nodes"][:3]))
        counts[step] = tally

    _walk(voila_app, visit, session_to_done)
    print("\naxe-core violations by screen (nodes per impact):", json.dumps(counts))
    assert set(counts) == {"check", "routine", "builder", "do", "log", "progress"}
    landmarks = voila_app.page.evaluate(
        "() => [document.querySelector('.backnotes-app').getAttribute('role'),"
        " document.querySelector('.backnotes-app-nav').getAttribute('role'),"
        " document.querySelectorAll('main, [role=main]').length]")
    assert landmarks == ["main", "navigation", 1], landmarks
    assert found == {}, "\n".join(f"{s}: {m}" for s, ms in found.items() for m in ms)


_OVERFLOW = """() => {
  const bad = [];
  const app = document.querySelector('.backnotes-app');
  const right = app.getBoundingClientRect().right + 1;
  for (const el of [app, ...app.querySelectorAll('.jupyter-widgets, .widget-html-content, table, figure, img')]) {
    if (el.offsetParent === null && el !== app) continue;          // not shown
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    if (el.scrollWidth > el.clientWidth + 1 && !['auto', 'scroll'].includes(style.overflowX)) {
      bad.push(`${el.className || el.tagName}: scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
    } else if (r.width > 0 && r.right > right) {
      bad.push(`${el.className || el.tagName}: right edge ${Math.round(r.right)} > app's ${Math.round(right)}`);
    }
  }
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) bad.push(`page: scrollWidth ${doc.scrollWidth} > ${doc.clientWidth}`);
  return bad;
}"""


# things printed over each other (by bounding boxes) and words cut off: the routine choices, the red
# flags' labels, the builder's notes box against the first exercise card
_OVERLAPS = """() => {
  const bad = [];
  const app = document.querySelector('.backnotes-app');
  const meet = (a, b) => a.width > 0 && b.width > 0 && a.left < b.right - 1 && b.left < a.right - 1
                         && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const labels = [...app.querySelectorAll('.widget-radio-box label')].filter(l => l.offsetParent !== null);
  labels.forEach((a, i) => labels.slice(i + 1).forEach(b => {
    if (meet(a.getBoundingClientRect(), b.getBoundingClientRect())) bad.push(`choices overlap: ${a.innerText} / ${b.innerText}`);
  }));
  labels.forEach(l => { const r = l.querySelector('input'); if (r && r.getBoundingClientRect().width < 8) bad.push(`radio hidden: ${l.innerText}`); });
  app.querySelectorAll('.widget-label-basic span, .widget-radio-box label').forEach(el => {
    if (el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1) bad.push(`cut off: ${el.innerText}`);
  });
  const notes = app.querySelector('.backnotes-routine-builder .widget-textarea');
  const card = app.querySelector('.backnotes-routine-item');
  if (notes && card && meet(notes.getBoundingClientRect(), card.getBoundingClientRect())) bad.push('notes box over the first card');
  return bad;
}"""


@pytest.mark.parametrize("size", ["390px", "zoom200"])
def test_app_fits_a_phone_and_200_percent_zoom_screenshots(voila_app, lab_browser, size, request, session_to_done) -> None:
    # 390 CSS px is a common phone; 200 % zoom of a 1280 x 800 window lays out like 640 x 400 CSS px
    # drawn at twice the pixels.
    viewport, scale = ({"width": 390, "height": 844}, 2) if size == "390px" else ({"width": 640, "height": 400}, 2)
    context = lab_browser.new_context(viewport=viewport, device_scale_factor=scale)
    context.route("https://**/*", lambda route: route.abort())  # as block_outside in conftest.py
    voila_app.page = context.new_page()
    voila_app.save_quick_routine()  # one 2 s hold (conftest)
    voila_app.ready()
    problems: dict[str, list[str]] = {}
    shots: list[Path] = []
    update = request.config.getoption("--update-screenshots")

    def visit(step: str) -> None:
        bad = voila_app.page.evaluate(_OVERFLOW) + voila_app.page.evaluate(_OVERLAPS)
        if bad:
            problems[step] = bad
        shot = voila_app.screenshot(f"app-{size}-{step}", full_page=True)
        shots.append(shot)
        if update and step in ("check", "do", "log", "progress"):
            shutil.copy(shot, REPO / "docs" / f"app-{size}-{step}.png")

    try:
        _walk(voila_app, visit, session_to_done)
        # during a session: the exercise's name, the countdown and Pause fit one screen
        page = voila_app.page
        page.locator(f"{APP} .backnotes-app-nav-do").click()
        page.locator(f"{APP} button.backnotes-player-toggle").click()
        expect(page.locator(f"{APP} button.backnotes-player-toggle")).to_have_text("Pause")
        page.locator(f"{APP} .backnotes-timer-player h3").scroll_into_view_if_needed()
        page.evaluate(f"document.querySelector('{APP} .backnotes-timer-player h3').scrollIntoView({{block: 'start'}})")
        fit = page.evaluate(f"""() => {{
          const box = (s) => document.querySelector('{APP} ' + s).getBoundingClientRect();
          return {{top: box('.backnotes-timer-player h3').top, count: box('.backnotes-countdown').bottom,
                   pause: box('button.backnotes-player-toggle').bottom, height: window.innerHeight}}; }}""")
        shots.append(voila_app.screenshot(f"app-{size}-session"))
        if not (fit["top"] >= -1 and fit["count"] <= fit["height"] and fit["pause"] <= fit["height"]):
            problems["session"] = [f"name, countdown and Pause do not fit one screen: {fit}"]
    finally:
        context.close()
    print(f"\nscreenshots ({size}):", *map(str, shots), sep="\n  ")
    assert len(shots) == 7
    assert problems == {}, json.dumps(problems, indent=1)


def test_app_screenshot(voila_app, request) -> None:
    """The README's picture of the app: today's routine on a laptop-sized window."""
    voila_app.ready()
    page = voila_app.page
    page.locator(f"{APP} .backnotes-app-next").click()
    _expect_step(page, "routine", "Step 2 of 5: Today's routine")
    expect(page.locator(f"{APP} .backnotes-app-overview")).to_contain_text("Gentle start")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    shot = voila_app.screenshot("app")
    assert shot.stat().st_size > 20_000
    if request.config.getoption("--update-screenshots"):
        shutil.copy(shot, REPO / "docs" / "screenshot-app.png")
