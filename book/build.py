"""Build the static book: the six notebooks (saved outputs, never executed), the README as the front
page and the glossary, as HTML in ``book/_build/html``. Offline: Sphinx + MyST-NB + sphinx-book-theme.

    python book/build.py [--out DIR]        (python3 run.py book does this in the project's .venv)

The sources are staged in ``<out>/../src`` first: each page gets a note that widgets need a running
kernel (with a link to how to start one), widget outputs without a static form get a short note
instead of a bare widget, and the glossary page is generated from ``backnotes.glossary``.
"""

from __future__ import annotations

import argparse
import copy
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
NOTEBOOKS = ("00_start_here", "01_exercise_catalog", "02_build_a_routine", "03_hold_timers",
             "04_pain_and_progress", "05_for_physiotherapy_students")
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
STATIC_MIMES = ("text/html", "image/png", "image/svg+xml", "image/jpeg", "text/markdown")


def kernel_note(to_root: str) -> str:
    """The note at the top of every page: what does not work here, and how to get a kernel."""
    return (
        "```{note}\n:class: backnotes-kernel-note\n"
        "**You are reading a static copy.** It shows the notebooks' saved outputs. Widgets (forms, "
        "filters, hold timers, quizzes) need a running Python kernel: "
        f"[start one with `python3 run.py lab`]({to_root}index.md#set-up). Here, each quiz answer "
        "opens with a click on *Show the answer*.\n```\n"
    )


WIDGET_NOTE = ('<p class="backnotes-widget-note"><em>An interactive widget appears here when the '
               "notebook runs with a Python kernel.</em></p>")


def _static_outputs(outputs: list[dict]) -> list[dict]:
    """Widget outputs keep their own HTML fallback; a bare widget becomes a one-line note."""
    result = []
    for out in outputs:
        data = out.get("data", {})
        if WIDGET_MIME in data and not any(m in data for m in STATIC_MIMES):
            out = copy.deepcopy(out)
            out["data"] = {"text/html": WIDGET_NOTE, "text/plain": "(interactive widget)"}
        result.append(out)
    return result


def stage_notebook(src: Path, dest: Path) -> None:
    nb = json.loads(src.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = _static_outputs(cell.get("outputs", []))
    nb["cells"].insert(0, {"cell_type": "markdown", "id": "book-kernel-note", "metadata": {},
                           "source": kernel_note("../")})
    nb.get("metadata", {}).pop("widgets", None)  # no saved widget state: nothing to load from a CDN
    dest.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")


def stage(src_dir: Path) -> Path:
    """Copy what the book shows into ``src_dir`` (emptied first) and return it."""
    sys.path.insert(0, str(ROOT / "src"))
    from backnotes.glossary import to_markdown

    if src_dir.exists():
        shutil.rmtree(src_dir)
    (src_dir / "notebooks").mkdir(parents=True)
    shutil.copy(BOOK / "conf.py", src_dir / "conf.py")
    for name in NOTEBOOKS:
        stage_notebook(ROOT / "notebooks" / f"{name}.ipynb", src_dir / "notebooks" / f"{name}.ipynb")
    (src_dir / "notebooks" / "glossary.md").write_text(
        to_markdown().replace("\n", "\n\n" + kernel_note("../") + "\n", 1), encoding="utf-8")
    if (ROOT / "docs").is_dir():
        shutil.copytree(ROOT / "docs", src_dir / "docs", ignore=shutil.ignore_patterns("*.py"))
    shutil.copy(ROOT / "LICENSE", src_dir / "LICENSE.txt")
    readme = (ROOT / "README.md").read_text(encoding="utf-8").replace("(LICENSE)", "(LICENSE.txt)")
    title, _, rest = readme.partition("\n")
    toc = "\n".join(["", "```{toctree}", ":hidden:", ":maxdepth: 1", ":caption: Notebooks", "",
                     *(f"notebooks/{n}" for n in NOTEBOOKS), "notebooks/glossary", "```", ""])
    (src_dir / "index.md").write_text(f"{title}\n\n{kernel_note('')}\n{rest}\n{toc}", encoding="utf-8")
    return src_dir


def build(out: Path, quiet: bool = True) -> tuple[float, Path]:
    """Stage the sources and build HTML into ``out``; return (seconds, warnings file)."""
    from sphinx.cmd.build import build_main

    start = time.perf_counter()
    src = stage(out.parent / "src")
    warnings = out.parent / "warnings.txt"
    args = ["-b", "html", "-E", "-w", str(warnings), str(src), str(out)]
    if quiet:
        args.insert(0, "-q")
    code = build_main(args)
    if code != 0:
        raise SystemExit(f"Sphinx failed (exit code {code}); see {warnings}")
    return time.perf_counter() - start, warnings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=BOOK / "_build" / "html", help="output folder")
    args = parser.parse_args(argv)
    seconds, warnings = build(args.out.resolve())
    text = warnings.read_text(encoding="utf-8").strip() if warnings.exists() else ""
    if text:
        print(f"Sphinx reported {len(text.splitlines())} warning lines (above; kept in {warnings})")
    print(f"Book built in {seconds:.1f} s: open {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
