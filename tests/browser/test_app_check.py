"""The app's first screen and builder in Chromium: the red-flag check's tiers are headings, each box
is described by its sign, a newly ticked flag's answer shows beside it (in view, announced at once),
"None of these" moves on; every tab stop has a name; Remove in the builder keeps the focus.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

APP = ".backnotes-app"

_NAME = """() => { const e = document.activeElement; if (!e || e === document.body) return null;
  const byId = (ids) => (ids || '').split(' ').map(i => document.getElementById(i)).filter(Boolean)
                          .map(n => n.textContent.trim()).join(' ');
  const label = e.labels && e.labels.length ? [...e.labels].map(l => l.innerText.trim()).join(' ') : '';
  return {tag: e.tagName.toLowerCase(), cls: String(e.className || ''),
          name: (e.getAttribute('aria-label') || byId(e.getAttribute('aria-labelledby')) || label ||
                 (['BUTTON', 'SUMMARY', 'A'].includes(e.tagName) ? e.innerText.trim() : '') ||
                 e.getAttribute('title') || '').trim()}; }"""


def test_check_screen_headings_descriptions_verdict_in_view_and_none_of_these(voila_app, lab_browser) -> None:
    context = lab_browser.new_context(viewport={"width": 390, "height": 844})
    context.route("https://**/*", lambda route: route.abort())
    voila_app.page = page = context.new_page()
    try:
        voila_app.ready()
        check = page.locator(f"{APP} .backnotes-redflag-check")
        heads = check.locator("h3")
        expect(heads).to_have_count(3)
        assert [h.strip() for h in heads.all_inner_texts()] == ["Emergency", "Same day", "Soon"]
        boxes = check.locator(".backnotes-redflag input[type=checkbox]")
        page.wait_for_function("""() => [...document.querySelectorAll('.backnotes-redflag input')]
                                      .every(i => i.getAttribute('aria-describedby'))""", timeout=10_000)
        for i in range(boxes.count()):
            target = boxes.nth(i).get_attribute("aria-describedby")
            assert page.locator(f"#{target}").inner_text().strip(), target
        # the last "soon" box, far down the page: its answer shows next to it, on screen, announced
        soon = check.locator(".backnotes-redflag-soon input[type=checkbox]").last
        soon.scroll_into_view_if_needed()
        soon.check()
        verdict = check.locator(".backnotes-redflag-slot .backnotes-redflag-verdict")  # under a tick box
        expect(verdict).to_contain_text("See a doctor", timeout=15_000)
        expect(check.locator(".backnotes-redflag-verdict")).to_have_count(1)  # moved there, not copied
        page.wait_for_timeout(500)
        box, tick = verdict.bounding_box(), soon.bounding_box()
        assert 0 <= box["y"] and box["y"] < 844, box  # in view
        assert 0 <= box["y"] - (tick["y"] + tick["height"]) < 250, (box, tick)  # right under the tick box
        expect(check.locator("[aria-live=assertive]")).to_contain_text("See a doctor")
        assert page.locator(f"{APP} .backnotes-app-stop").count() == 0  # said once, not again in red
        # folding a tier hides its signs, unfolding shows them again
        fold = check.locator(".backnotes-redflag-fold").first
        fold.click()
        expect(check.locator(".backnotes-redflag-emergency").first).to_be_hidden()
        fold.click()
        expect(check.locator(".backnotes-redflag-emergency").first).to_be_visible()
        check.locator(".backnotes-redflag-none").click()
        expect(page.locator(f"{APP} h2.backnotes-step-heading")).to_have_text("Step 2 of 5: Today's routine",
                                                                               timeout=15_000)
    finally:
        context.close()


def test_every_tab_stop_has_a_name_and_remove_keeps_the_focus(voila_app) -> None:
    voila_app.ready()
    page = voila_app.page
    unnamed, seen = [], 0

    def tab_through(limit: int) -> list[dict]:
        stops = []
        page.locator(f"{APP} h1").click()
        for _ in range(limit):
            page.keyboard.press("Tab")
            info = page.evaluate(_NAME)
            if info is None:
                break
            stops.append(info)
        return stops

    for info in tab_through(60):
        seen += 1
        if not info["name"]:
            unnamed.append(info)
    page.locator(f"{APP} .backnotes-app-next").click()
    expect(page.locator(f"{APP} .backnotes-app-overview")).to_contain_text("Total time")
    page.locator(f"{APP} .backnotes-app-open-builder").click()
    rows = page.locator(f"{APP} .backnotes-routine-item")
    expect(rows.first).to_be_visible()
    page.wait_for_function("""() => [...document.querySelectorAll('.backnotes-routine-item .widget-readout')]
                                  .every(r => r.getAttribute('aria-label'))""", timeout=10_000)
    stops = tab_through(120)
    seen += len(stops)
    unnamed += [s for s in stops if not s["name"]]
    assert seen > 40 and unnamed == [], unnamed
    removes = [s["name"] for s in stops if "backnotes-item-remove" in s["cls"] or s["name"].startswith("Remove ")]
    assert len(removes) >= 2 and len(set(removes)) == len(removes), removes  # each names its exercise

    n = rows.count()
    first_name = rows.first.locator(".backnotes-item-remove").get_attribute("aria-label")
    rows.first.locator(".backnotes-item-remove").click()
    expect(rows).to_have_count(n - 1)
    page.wait_for_function("() => document.activeElement.closest('.backnotes-item-remove, .backnotes-routine-item')",
                           timeout=10_000)
    now = page.evaluate(_NAME)
    assert now["name"].startswith("Remove ") and now["name"] != first_name, now
