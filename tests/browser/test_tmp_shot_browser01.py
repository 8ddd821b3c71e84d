import pytest
pytestmark = pytest.mark.browser

def test_shot(lab):
    nb = lab.open("01_exercise_catalog")
    nb.page.set_viewport_size({"width": 1280, "height": 1500})
    nb.run_all()
    b = nb.node.locator(".backnotes-exercise-browser").first
    b.evaluate("el => el.scrollIntoView()")
    nb.page.wait_for_timeout(500)
    nb.page.screenshot(path="/tmp/bn/browser_page.png")
    b.locator(".backnotes-area-toggle", has_text="calves").first.click()
    nb.page.wait_for_timeout(1500)
    nb.page.screenshot(path="/tmp/bn/browser_page_calves.png")
