"""Issue 17 in the app served by Voilà: a session whose leg symptoms reached further down gives the
red light, shown in words (with its colour only as a second cue) and announced in the live region;
and Progress then suggests pausing the exercise that was followed by red twice.

The first red session is written into the journal before the app opens (yesterday, the same routine),
so that today's Progress is the "next day" of a red session, and today's red is the second one.
"""

from __future__ import annotations

import pandas as pd
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

APP = ".backnotes-app"
HEADING = f"{APP} h2.backnotes-step-heading"


def _seed(app) -> None:
    """The saved quick routine (conftest), and yesterday's session of it after which the leg symptoms spread."""
    from backnotes import Journal, Routine

    routine = Routine.from_dict(app.save_quick_routine())
    with Journal(app.home / "journal.sqlite") as j:
        at = (pd.Timestamp.now(tz=j.tz) - pd.Timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
        sid = j.log_session(routine, at=at.to_pydatetime())
        j.log_check(sid, back=3, leg=5, leg_change="further", new_nerve_symptoms=False,
                    at=(at + pd.Timedelta(minutes=30)).to_pydatetime())


def _serious(page) -> list[str]:
    """axe-core's critical and serious findings on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations"]})
    return [f"{v['id']}: {v['help']} -> " + "; ".join(n["html"][:100] for n in v["nodes"][:3])
            for v in results.response["violations"] if v["impact"] in ("critical", "serious")]


def test_red_light_announced_and_pause_suggested(voila_app, session_to_done) -> None:
    _seed(voila_app)
    voila_app.ready()
    page = voila_app.page
    expect(page.locator(HEADING)).to_contain_text("Check first", timeout=15_000)
    # the day after a session: the morning question comes first
    expect(page.locator(f"{APP} .backnotes-app-morning")).to_contain_text("this morning")
    problems = {"check": _serious(page)}
    page.locator(f"{APP} .backnotes-app-morning-same").click()
    expect(page.locator(f"{APP} .backnotes-app-morning")).to_contain_text("Noted")

    page.locator(f"{APP} .backnotes-app-next").click()
    expect(page.locator(HEADING)).to_contain_text("Today's routine", timeout=15_000)
    page.locator(f"{APP} .backnotes-app-choices .widget-radio-box label").filter(has_text="Quick test").click()
    page.locator(f"{APP} .backnotes-app-next").click()
    expect(page.locator(HEADING)).to_contain_text("Do it", timeout=15_000)
    player = page.locator(f"{APP} .backnotes-timer-player")
    player.locator("button.backnotes-player-start").click()
    assert session_to_done(player) == 1  # Ready pressed after the get-down to the mat
    expect(player.locator(".backnotes-countdown")).to_have_text("Done")

    page.locator(f"{APP} .backnotes-app-next").click()
    expect(page.locator(HEADING)).to_contain_text("How was it", timeout=15_000)
    log = page.locator(f"{APP} .backnotes-logbook")
    expect(log).to_contain_text("not answered yet")  # nothing pre-filled
    handles = log.locator(".noUi-handle")
    unanswered = log.get_by_text("not answered yet")
    for i in (0, 1):  # Back now and Leg now, by keyboard: steps down from the middle
        for _attempt in range(5):  # the screen may still be taking focus to its heading: press again
            handles.nth(i).focus()
            page.keyboard.press("ArrowLeft")
            try:
                expect(unanswered).to_have_count(1 - i, timeout=3_000)
                break
            except AssertionError:
                continue
    expect(unanswered).to_have_count(0)
    log.locator("button", has_text="further down").click()
    log.locator(".backnotes-logbook-save, button", has_text="Save").first.click()

    light = log.locator(".backnotes-logbook-light [role=alert]")
    expect(light).to_contain_text("Red: stop and check.", timeout=15_000)
    expect(light).to_contain_text("further down the leg")
    expect(light).to_contain_text("What to do:")
    live = page.locator(f"{APP} .backnotes-app-message [role=status]")
    expect(live).to_contain_text("Red: stop and check.")  # announced, not only coloured
    problems["log"] = _serious(page)  # the sliders, the check questions and the light have names

    page.locator(f"{APP} .backnotes-app-next").click()
    expect(page.locator(HEADING)).to_contain_text("Progress", timeout=15_000)
    week = page.locator(f"{APP} .backnotes-app-next-week")
    expect(week).to_contain_text("pause, get advice")
    expect(week).to_contain_text("not proof")
    problems["progress"] = _serious(page)
    assert not any(problems.values()), problems
    assert not voila_app.outside
