"""Write every exercise picture (and the clinical tests) as SVG and as a PNG rendered by Chromium.

For review by eye: open the folder and look at each PNG (start in pale grey, end over it, an arrow;
both sides of the exercises done per side). Also writes ``gallery.svg``/``gallery.png``.

    .venv/bin/python tools/render_figures.py --out /tmp/figures
    .venv/bin/python tools/render_figures.py --out /tmp/figures --readme   # also docs/gallery.png and
                                                                          # docs/routine-sheet.png

The browser is found like the browser tests find it ($BACKNOTES_CHROMIUM, /usr/bin/chromium, PATH)
and is never downloaded. ``--no-png`` writes the SVGs only (no browser needed).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from backnotes import figures, poses  # noqa: E402

from browser_lookup import chromium_args, find_chromium  # noqa: E402  (tools/ is on sys.path)


def pictures() -> dict[str, str]:
    """file stem -> SVG text."""
    out: dict[str, str] = {}
    per_side = figures._catalog()
    for eid in poses.exercises_with_keyframes():
        sides = ("left", "right") if eid in per_side and per_side[eid]["per_side"] else (None,)
        for side in sides:
            stem = eid + (f"-{side}" if side else "")
            out[stem] = figures.exercise_svg(eid, side=side, animate=False, width=480)
            for frame in poses.pose(eid).frame_names:
                out[f"{stem}-{frame}"] = figures.exercise_svg(eid, side=side, frame=frame, width=480)
    out["gallery"] = figures.gallery_svg()
    out["gallery-readme"] = figures.gallery_svg(columns=4, cell_width=220)
    return out


def render_png(svgs: dict[str, Path], exe: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, headless=True, args=[*chromium_args(), "--disable-gpu"])
        try:
            page = browser.new_page(device_scale_factor=2)
            for stem, path in svgs.items():
                page.set_content("<html><body style='margin:0;background:#fff'>"
                                 + path.read_text(encoding="utf-8") + "</body></html>")
                page.locator("svg").first.screenshot(path=str(path.with_suffix(".png")))
        finally:
            browser.close()


def render_sheet(exe: str, out: Path) -> None:
    """The printed sheet of the bundled "article-full" routine (its first page, as a person sees it on
    screen) as a PNG: the current safety line, steps, doses and pictures."""
    from playwright.sync_api import sync_playwright

    from backnotes import load_routine, sheet

    html = out.with_suffix(".html")
    sheet.save_html(load_routine("article-full"), html)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, headless=True, args=[*chromium_args(), "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 820, "height": 1160}, device_scale_factor=1)
            page.goto(html.resolve().as_uri())
            page.screenshot(path=str(out))
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, type=Path, help="folder to write into (created)")
    ap.add_argument("--no-png", action="store_true", help="SVG only, no browser")
    ap.add_argument("--readme", action="store_true", help="also copy gallery.png to docs/gallery.png")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for stem, svg in pictures().items():
        path = args.out / f"{stem}.svg"
        path.write_text(svg, encoding="utf-8")
        written[stem] = path
    print(f"wrote {len(written)} SVG files to {args.out}")
    if args.no_png:
        return 0
    exe = find_chromium()
    if exe is None:
        print("no Chromium found: set BACKNOTES_CHROMIUM or install chromium (apt-get install chromium); "
              "the SVGs are written", file=sys.stderr)
        return 2
    render_png(written, exe)
    print(f"rendered {len(written)} PNG files with {exe}")
    if args.readme:
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(args.out / "gallery-readme.png", ROOT / "docs" / "gallery.png")
        print("copied gallery.png to docs/gallery.png")
        render_sheet(exe, args.out / "routine-sheet.png")
        shutil.copyfile(args.out / "routine-sheet.png", ROOT / "docs" / "routine-sheet.png")
        print("wrote docs/routine-sheet.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
