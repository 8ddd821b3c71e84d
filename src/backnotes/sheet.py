"""The printable routine sheet: a page to print or keep beside the mat.

Each exercise with its dose, steps, tips, cautions, the person's note, its start and end positions as
pictures (inline SVG from `backnotes.figures`, grey on paper), a week of tick boxes and the safety
line. Markdown (`to_markdown`) for notebooks and plain-text notes, HTML (`to_html`, `save_html`) to
print. `backnotes.Routine.to_markdown`, ``to_html`` and ``save_html`` call these.

This module reads a routine through its attributes only (``name``, ``notes``, ``items``,
``total_seconds()``) and never imports `backnotes.routine`, so there is no import circle.
"""

from __future__ import annotations

import html
import re
from datetime import date as _date
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import figures
from .catalog import dose_text, load_exercises
from .content import SAFETY_LINE
from .files import atomic_write
from .timing import seconds_per_item
from .words import plural

if TYPE_CHECKING:
    from .routine import Routine

__all__ = ["sheet_rows", "to_markdown", "to_html", "save_html"]


def _about(seconds: float) -> str:
    """A rounded time for the printed sheet, where "about 8 min 52 s" would be false precision:
    whole minutes from a minute on, else the nearest 5 s."""
    if seconds >= 60:
        return f"{max(1, round(seconds / 60))} min"
    return f"{max(5, 5 * round(seconds / 5))} s"


def sheet_rows(routine: "Routine", catalog: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """One dict per item with what the sheet prints (name, other names, summary, dose, steps, cues,
    cautions, note, rounded minutes, exercise id)."""
    if catalog is None:
        catalog = load_exercises(variants=True)
    rows = []
    for it, seconds in zip(routine.items, seconds_per_item(routine)):
        row = catalog.loc[it.exercise_id] if it.exercise_id in catalog.index else None
        rows.append({
            "name": it.name or it.exercise_id,
            "aka": tuple(row["aka"])[:2] if row is not None else (),
            "summary": str(row["summary"]) if row is not None else "",
            "dose": dose_text(it),
            "steps": tuple(row["steps"]) if row is not None else (),
            "cues": tuple(row["cues"]) if row is not None else (),
            "cautions": tuple(row["cautions"]) if row is not None else (),
            "note": it.note,
            "minutes": _about(seconds),
            "exercise_id": it.exercise_id,
        })
    return rows


def to_markdown(routine: "Routine", catalog: pd.DataFrame | None = None, *, date: _date | None = None) -> str:
    """The printable sheet as Markdown: name, date, each exercise (dose, steps, cautions), a week
    of tick boxes and the safety line. User text is escaped so it shows as typed."""
    day = _day_text(date)
    lines = [f"# {_md(routine.name)}", "",
             f"*{day} · {plural(len(routine.items), 'exercise')} · about {_about(routine.total_seconds())}*", ""]
    if routine.notes.strip():
        lines += [_md(routine.notes), ""]
    lines += [f"**Safety:** {SAFETY_LINE}", ""]
    for n, r in enumerate(sheet_rows(routine, catalog), start=1):
        lines += [f"## {n}. {_md(r['name'])}", "", f"**Dose:** {r['dose']} · about {r['minutes']}", ""]
        lines += [f"{k}. {_md(s)}" for k, s in enumerate(r["steps"], start=1)]
        lines += [""] if r["steps"] else []
        lines += [f"- Tip: {_md(c)}" for c in r["cues"]]
        lines += [f"- **Caution:** {_md(c)}" for c in r["cautions"]]
        if r["note"]:
            lines += [f"- **Your note:** {_md(r['note'])}"]
        lines += [""]
    lines += ["## This week", "", "Tick a box each day you do the exercise. Week starting: ____________", "", "| Exercise | " + " | ".join(_DAYS) + " |",
              "|---|" + "---|" * len(_DAYS)]
    lines += [f"| {_md(r['name'])} | " + " | ".join("☐" for _ in _DAYS) + " |" for r in sheet_rows(routine, catalog)]
    return "\n".join(lines) + "\n"


def to_html(routine: "Routine", catalog: pd.DataFrame | None = None, *, date: _date | None = None,
            fragment: bool = False, pictures: bool = True) -> str:
    """The printable sheet as HTML: a whole page to open and print (A4 or Letter), or with
    ``fragment=True`` a ``<div class="backnotes-sheet">`` to show inside a notebook (its styles
    apply only inside that div). All user text is HTML-escaped."""
    day = _day_text(date)
    e = html.escape
    rows = sheet_rows(routine, catalog)
    parts = ['<div class="backnotes-sheet">', '<div class="sheet-head">', f"<h1>{e(routine.name)}</h1>",
             f'<p class="meta">{day} · {len(routine.items)} exercise{"" if len(routine.items) == 1 else "s"} · '
             f"about {_about(routine.total_seconds())}</p>"]
    if routine.notes.strip():
        parts.append(f'<p class="notes">{e(routine.notes)}</p>')
    parts += ["</div>", f'<p class="safety"><strong>Safety:</strong> {e(SAFETY_LINE)}</p>']
    if not rows:
        parts.append('<p class="empty">No exercises yet.</p>')
    parts.append('<ol class="exercises">')
    for r in rows:
        aka = f' <span class="aka">({e(", ".join(r["aka"]))})</span>' if r["aka"] else ""
        parts += ['<li class="exercise">', f"<h2>{e(r['name'])}{aka}</h2>",
                  f'<p class="dose"><strong>{e(r["dose"])}</strong> <span class="time">· about {r["minutes"]}</span></p>']
        if pictures and figures.has_picture(r["exercise_id"]):
            parts.append(_pictures_html(r["exercise_id"]))
        if r["summary"]:
            parts.append(f'<p class="summary">{e(r["summary"])}</p>')
        if r["steps"]:
            parts.append('<ol class="steps">' + "".join(f"<li>{e(s)}</li>" for s in r["steps"]) + "</ol>")
        if r["cues"]:
            parts.append('<p class="cues"><strong>Tips:</strong> ' + " ".join(e(c) for c in r["cues"]) + "</p>")
        for c in r["cautions"]:
            parts.append(f'<p class="caution"><strong>Caution:</strong> {e(c)}</p>')
        if r["note"]:
            parts.append(f'<p class="note"><strong>Your note:</strong> {e(r["note"])}</p>')
        parts.append("</li>")
    parts.append("</ol>")
    parts += ['<section class="week">', "<h2>This week</h2>",
              "<p>Tick a box each day you do the exercise. Week starting: ____________</p>",
              '<table class="week-grid"><thead><tr><th scope="col">Exercise</th>'
              + "".join(f'<th scope="col">{d}</th>' for d in _DAYS) + "</tr></thead><tbody>"]
    for r in rows:
        parts.append(f'<tr><th scope="row">{e(r["name"])}</th>'
                     + '<td><span class="box" aria-hidden="true"></span><span class="sr-only">not done yet</span></td>' * len(_DAYS) + "</tr>")
    parts += ["</tbody></table>", "</section>",
              '<p class="sheet-foot">Made with backnotes. Exercises from S. Montana, "Exercises to Strengthen the Lower '
              'Back and Sciatic Nerve" (2009), described in backnotes\' own words. Not medical advice: '
              "ask a doctor or physiotherapist before you start.</p>", "</div>"]
    body = "\n".join(parts)
    if fragment:
        return f"<style>{_SHEET_CSS}</style>\n{body}"
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{e(routine.name)} · backnotes routine</title>\n"
            f"<style>{_PAGE_CSS}{_SHEET_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def save_html(routine: "Routine", path: str | PathLike[str], catalog: pd.DataFrame | None = None, *,
              date: _date | None = None) -> Path:
    """Write the printable sheet (`to_html`) to ``path`` atomically; open it in a browser to print."""
    return atomic_write(Path(path), to_html(routine, catalog, date=date))


def _pictures_html(exercise_id: str) -> str:
    """The start and end positions side by side, each with its caption and its own text alternative."""
    cells = []
    for frame, caption in (("start", "Start"), ("end", "End")):
        svg = figures.cached_svg(exercise_id, frame=frame, width=200)
        cells.append(f"<figure>{svg}<figcaption>{caption}</figcaption></figure>")
    return '<div class="pictures">' + "".join(cells) + "</div>"


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# A4 is 210 mm wide and Letter 216 mm: with 15 mm margins, 180 mm of content fits both.
_PAGE_CSS = """
@page { size: A4; margin: 15mm; }
html, body { margin: 0; padding: 0; background: #fff; }
body { padding: 8mm; }
@media print { body { padding: 0; } }
"""
_SHEET_CSS = """
.backnotes-sheet { max-width: 180mm; margin: 0 auto; color: #111; background: #fff;
  font: 11pt/1.4 "DejaVu Sans", Arial, Helvetica, sans-serif; }
.backnotes-sheet h1 { font-size: 20pt; margin: 0 0 2mm; }
.backnotes-sheet h2 { font-size: 13pt; margin: 0 0 1mm; }
.backnotes-sheet .meta { margin: 0 0 2mm; color: #444; }
.backnotes-sheet .notes { margin: 0 0 3mm; white-space: pre-wrap; }
.backnotes-sheet .safety { border: 2px solid #111; border-radius: 2mm; padding: 2mm 3mm; margin: 0 0 4mm;
  break-inside: avoid; page-break-inside: avoid; }
.backnotes-sheet ol.exercises { list-style: none; margin: 0; padding: 0; counter-reset: ex; }
.backnotes-sheet li.exercise { counter-increment: ex; border-top: 1px solid #999; padding: 2.5mm 0 2mm;
  break-inside: avoid; page-break-inside: avoid; }
.backnotes-sheet li.exercise h2::before { content: counter(ex) ". "; }
.backnotes-sheet .aka { font-weight: normal; font-size: 10pt; color: #444; }
.backnotes-sheet .dose { margin: 0 0 1mm; }
.backnotes-sheet .time { white-space: nowrap; }
.backnotes-sheet .summary { margin: 0 0 1mm; font-style: italic; }
.backnotes-sheet ol.steps { margin: 0 0 1mm; padding-left: 6mm; }
.backnotes-sheet ol.steps li { margin: 0; }
.backnotes-sheet .cues, .backnotes-sheet .caution, .backnotes-sheet .note { margin: 0.5mm 0 0; font-size: 10pt; }
.backnotes-sheet .caution { padding-left: 2mm; border-left: 3px solid #111; }
.backnotes-sheet .week { break-inside: avoid; page-break-inside: avoid; border-top: 1px solid #999;
  padding-top: 3mm; margin-top: 2mm; }
.backnotes-sheet .week p { margin: 0 0 2mm; }
.backnotes-sheet table.week-grid { border-collapse: collapse; width: 100%; table-layout: fixed; }
.backnotes-sheet table.week-grid thead th:first-child { width: 38%; }
.backnotes-sheet table.week-grid th, .backnotes-sheet table.week-grid td { border: 1px solid #666;
  padding: 1.5mm; text-align: center; font-size: 10pt; }
.backnotes-sheet table.week-grid th[scope=row] { text-align: left; font-weight: normal; }
.backnotes-sheet .box { display: inline-block; width: 5mm; height: 5mm; border: 1.5px solid #111;
  border-radius: 1mm; vertical-align: middle; }
.backnotes-sheet .pictures { display: flex; flex-wrap: wrap; gap: 3mm; margin: 1mm 0 1.5mm; }
.backnotes-sheet .pictures figure { margin: 0; text-align: center; }
.backnotes-sheet .pictures figcaption { font-size: 9pt; color: #444; }
.backnotes-sheet .pictures svg { max-width: 60mm; height: auto; }
.backnotes-sheet .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
.backnotes-sheet .sheet-foot { margin-top: 4mm; font-size: 8.5pt; color: #444; }
"""


def _day_text(day: _date | None) -> str:
    day = day or _date.today()
    return f"{day.day} {day:%B %Y}"  # "25 November 2026": no day/month order to misread


def _md(text: str) -> str:
    """User text for Markdown: HTML-escaped (notebooks render HTML in Markdown) and with Markdown's
    marks backslash-escaped, on one line."""
    text = html.escape(" ".join(text.split()), quote=False)
    return re.sub(r"([\\`*_{}\[\]#|!])", r"\\\1", text)
