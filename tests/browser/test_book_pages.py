"""The static book in Chromium: every page renders, every image loads, internal links resolve, quiz
answers unfold, and no page shows a traceback. The book is built from the saved notebooks first."""

from __future__ import annotations

import functools
import http.server
import importlib.util
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """The book built into a temporary folder and served on a free local port: (base URL, folder)."""
    pytest.importorskip("myst_nb", reason="the book extra is not installed (python3 run.py book installs it)")
    spec = importlib.util.spec_from_file_location("backnotes_book_build", REPO / "book" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path_factory.mktemp("book") / "html"
    module.build(out)
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", out
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep the test output readable
        pass


@pytest.fixture
def page(lab_browser):
    context = lab_browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def _pages(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html")
                  if not p.relative_to(folder).as_posix().startswith("_"))


def _ids(folder: Path, rel: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', (folder / rel).read_text(encoding="utf-8")))


def test_every_page_renders_with_images_links_and_no_traceback(book, page) -> None:
    base, folder = book
    pages = _pages(folder)
    assert {"index.html", "notebooks/05_for_physiotherapy_students.html", "notebooks/glossary.html"} <= set(pages)
    broken: list[str] = []
    for rel in pages:
        page.goto(base + rel, wait_until="load")
        assert page.locator("main, article").first.is_visible(), rel
        text = page.inner_text("body")
        assert "Traceback" not in text, rel
        if rel != "genindex.html" and rel != "search.html":
            assert "start one with" in text, f"{rel}: no note on how to start a kernel"
        images = page.eval_on_selector_all(
            "img", "els => els.map(e => ({src: e.getAttribute('src'), ok: e.complete && e.naturalWidth > 0}))")
        assert all(i["ok"] for i in images), (rel, [i["src"] for i in images if not i["ok"]])
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        for href in hrefs:
            if re.match(r"^[a-z]+:", href):  # http(s), mailto: outside the book
                continue
            target = urlsplit(urljoin(base + rel, href))
            target_rel = target.path.lstrip("/") or "index.html"
            if not (folder / target_rel).exists():
                broken.append(f"{rel}: {href}")
            elif target.fragment and target_rel.endswith(".html") and target.fragment not in _ids(folder, target_rel):
                broken.append(f"{rel}: {href} (no such anchor)")
    assert broken == []


def test_quiz_answers_unfold(book, page) -> None:
    base, folder = book
    for n in ("00_start_here", "03_hold_timers", "05_for_physiotherapy_students"):
        page.goto(f"{base}notebooks/{n}.html", wait_until="load")
        quiz = page.locator(".backnotes-quiz details").first
        answer = quiz.locator("p").first
        assert not answer.is_visible()
        quiz.locator("summary").click()
        assert quiz.evaluate("d => d.open") is True
        assert answer.is_visible() and "Answer:" in answer.inner_text()
        quiz.locator("summary").focus()  # keyboard too: Enter folds it again
        page.keyboard.press("Enter")
        assert quiz.evaluate("d => d.open") is False


def test_book_screenshot(book, page, request, tmp_path) -> None:
    """A book page with a quiz answer open: tmp folder always, docs/ with --update-screenshots."""
    base, _ = book
    page.goto(f"{base}notebooks/04_pain_and_progress.html", wait_until="load")
    quiz = page.locator(".backnotes-quiz").first
    quiz.locator("summary").first.click()
    quiz.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -120)")
    shot = tmp_path / "book-page.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if request.config.getoption("--update-screenshots"):
        shutil.copy(shot, REPO / "docs" / "book-page.png")
