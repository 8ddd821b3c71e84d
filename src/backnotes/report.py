"""A one-page report of the journal to take to an appointment: a single HTML file (pictures inline)
that prints on one A4 or Letter page.

What it shows: the summary paragraph (`backnotes.insights.clinician_summary`), pain over time with
the band of a clinically important change (2 points or 30 %: Farrar et al. 2001, Ostelo et al.
2008), how far down the leg and on which side over time, exercise sessions (a calendar of the last
26 weeks at most) and adherence, the sessions after which pain rose (their count and the latest
few), and the red flags ever ticked (`Journal.log_red_flags`) together with the reports of pain in
both legs (a red flag in its own right: NICE CKS sciatica, GIRFT 2023).

The pictures come from `backnotes.plots` (imported only when a report is made: the core never loads
matplotlib on import). Each has a text alternative saying what it shows in numbers.
"""

from __future__ import annotations

import base64
import os
import tempfile
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import insights
from .files import make_private, private_folder
from .journal_base import JournalError
from .words import plural

if TYPE_CHECKING:
    from .journal import Journal

__all__ = ["report_html", "write_report", "MAX_FLAGGED"]

#: The red flag that pain in both legs (side "both" with leg symptoms) is: `backnotes.content.red_flags`.
BOTH_LEGS_FLAG = "sciatica-both-legs"
#: Flagged sessions listed (the latest); the count of earlier ones follows. Keeps the page to one.
MAX_FLAGGED = 5

#: Weeks the sessions calendar shows at most (the latest).
CALENDAR_WEEKS = 26
#: How the line of `insights.clinician_summary` on the sessions after which pain rose starts.
_FLAGGED_LINE = "Sessions after which pain rose"

#: Print layout: margins leave 194 x 263 mm, the part that A4 (210 x 297 mm) and Letter (216 x 279 mm)
#: have in common, so one layout fits both. Grey only: it photocopies.
_CSS = """
@page { margin: 8mm; }
* { box-sizing: border-box; }
body { margin: 0; color: #111; background: #fff;
  font: 9pt/1.3 "DejaVu Sans", Arial, Helvetica, sans-serif; }
main.backnotes-report { max-width: 194mm; margin: 0 auto; padding: 4mm; }
@media print { main.backnotes-report { padding: 0; } }
h1 { font-size: 15pt; margin: 0 0 1mm; }
h2 { font-size: 11pt; margin: 2mm 0 0.8mm; }
p { margin: 0 0 1.2mm; }
.meta { color: #444; font-size: 9pt; }
.summary { border-left: 3px solid #555; padding-left: 2.5mm; }
figure { margin: 1mm 0 0; }
figure img { display: block; width: 100%; height: auto; }
figcaption { font-size: 9pt; color: #333; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; }
@media (max-width: 600px) { .columns { grid-template-columns: 1fr; } }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #bbb; padding: 0.6mm 1mm; }
p.flag-urgent .flag, p.flag-emergency .flag { font-weight: bold; }
td.nw { white-space: nowrap; }
"""


def _since(value: Any, zone: Any) -> pd.Timestamp | None:
    if value is None:
        return None
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise JournalError(f"since: {value!r} is not a date (use ISO 8601, like 2026-03-01)") from exc
    if ts is pd.NaT:
        raise JournalError(f"since: a date is needed, got {value!r}")
    if ts.tzinfo is not None:
        return ts
    try:
        # a time in the repeated hour of a clock change is the first one; in the skipped hour, the
        # first time after it
        return ts.tz_localize(zone, ambiguous=True, nonexistent="shift_forward")
    except (ValueError, OverflowError) as exc:  # far outside the range pandas can place in a zone
        raise JournalError(f"since: {value!r} is out of range; use a date such as 2026-03-01") from exc


def _day(ts: Any) -> str:
    return f"{pd.Timestamp(ts):%d %b %Y}"


def _short_day(ts: Any) -> str:
    return f"{pd.Timestamp(ts):%d %b %y}"


def _img(svg: str, alt: str) -> str:
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{data}" alt="{escape(alt)}">'


def _pain_alt(pain: pd.DataFrame) -> str:
    if pain.empty:
        return "Pain over time: no pain reports in this period."
    return (f"Pain over time: {plural(len(pain), 'report')} from {_day(pain['at'].min())} to {_day(pain['at'].max())}, "
            f"with the 7-day average and the band of a clinically important improvement. "
            + " ".join(c.text() for c in _changes(pain)) + (" " + insights.series_note(pain)).rstrip())


def _changes(pain: pd.DataFrame) -> list[Any]:
    """Back pain and leg pain apart (and overall scores that were not split), else the one score."""
    return list(insights.pain_changes(pain).values()) if "back" in pain.columns else [insights.pain_change(pain)]


def _lights_text(journal: "Journal", since: Any) -> str:
    """The traffic light after each session (issue 17) as one sentence of the summary, so leg symptoms
    are not hidden behind the back-pain table and the report stays one page."""
    from .response import session_lights

    lights = session_lights(journal, since=since)
    if lights.empty:
        return ""
    counts = lights["light"].astype(str).value_counts()
    reds = lights[lights["light"] == "red"].tail(MAX_FLAGGED)
    days = ", ".join(f"{t:%d %b}" for t in reds["at"])
    red = f"{counts.get('red', 0)} red" + (f" ({days})" if days else "")
    return f"Session lights: {counts.get('green', 0)} green, {counts.get('amber', 0)} amber, {red}, " \
           f"{counts.get('unknown', 0)} unknown."


def _sides(pain: pd.DataFrame) -> dict[str, int]:
    if "side" not in pain or pain.empty:
        return {}
    return {str(k): int(v) for k, v in pain["side"].dropna().astype(str).value_counts().items() if k}


def _leg_alt(pain: pd.DataFrame) -> str:
    text = "How far down the leg and which side: " + insights.leg_extent_change(pain)
    sides = _sides(pain.loc[pain["leg_extent"].notna()] if not pain.empty else pain)
    if sides:
        text += " Sides reported: " + ", ".join(f"{k} {n}" for k, n in sides.items()) + "."
    return text


def _both_legs(pain: pd.DataFrame) -> pd.DataFrame:
    """Reports of pain on both sides reaching into the leg (`backnotes.insights.both_legs`)."""
    if "side" not in pain or pain.empty:
        return pain.iloc[:0]
    hit = [insights.both_legs(s if isinstance(s, str) else None, e if isinstance(e, str) else None, a or "")
           for s, e, a in zip(pain["side"], pain["leg_extent"].astype("object"), pain["areas"])]
    return pain.loc[hit]


def report_html(journal: "Journal", *, since: Any = None, today: date | None = None) -> str:
    """The report as one HTML text (see the module docstring); ``since`` (a date or time) leaves out
    what came before it."""
    from .content import URGENCY
    from .content import red_flags as red_flag_table
    from .plots.report import report_figures

    start = _since(since, journal.tz)
    pain, sessions, sets, ticked = journal.pain(), journal.sessions(), journal.sets(), journal.red_flags()
    if start is not None:
        pain, sessions = pain.loc[pain["at"] >= start], sessions.loc[sessions["at"] >= start]
        sets, ticked = sets.loc[sets["at"] >= start], ticked.loc[ticked["at"] >= start]
    pain, sessions = pain.reset_index(drop=True), sessions.reset_index(drop=True)
    # the calendar shows the latest CALENDAR_WEEKS weeks at most: years of days in half the page's
    # width were squares too small to see (adherence over the whole period is in its caption)
    cal_start = None
    if not sessions.empty:
        last = pd.Timestamp(sessions["at"].max())
        if last - pd.Timestamp(sessions["at"].min()) > pd.Timedelta(weeks=CALENDAR_WEEKS):
            cal_start = (last - pd.Timedelta(weeks=CALENDAR_WEEKS) + pd.Timedelta(days=1)).normalize()
    figures = report_figures(pain, sessions, start=cal_start)
    today = today or datetime.now(journal.tz).date()

    # the heading is our <h1>; the sessions after which pain rose have their own section (count and
    # the latest few), so the summary does not list them a second time (one page on Letter too)
    lines = [line for line in insights.clinician_summary(pain, sessions, sets).splitlines()[2:]
             if not line.startswith(_FLAGGED_LINE)]
    lines.append(_lights_text(journal, start))
    summary = " ".join(escape(line) for line in lines if line) or "Nothing logged in this period yet."
    period = (f"{_day(start)} onwards" if start is not None else "everything logged")

    # adherence
    if sessions.empty:
        adherence = "No exercise sessions logged in this period."
    else:
        weekly = insights.weekly_adherence(sessions, sets=sets)
        adherence = (f"{plural(len(sessions), 'session')} over {plural(len(weekly), 'week')}: "
                     f"{weekly['adherence'].mean():.0%} of a "
                     f"plan of 3 a week on average")
        if "completion" in weekly and weekly["completion"].notna().any():
            adherence += f"; {weekly['completion'].mean():.0%} of the planned sets done"
        adherence += "."
    calendar_note = f"The last {CALENDAR_WEEKS} weeks. " if cal_start is not None else ""
    sessions_alt = ("Exercise sessions per day, one square per day, one column per week"
                    + (f", the last {CALENDAR_WEEKS} weeks" if cal_start is not None else "") + ". " + adherence)

    # flagged sessions
    flagged = insights.flag_sessions(sessions) if not sessions.empty else sessions.iloc[:0]
    if len(flagged):
        rows = "".join(
            f"<tr><td class='nw'>{_short_day(r['at'])}</td><td>{escape(str(r['routine']))}</td>"
            f"<td class='nw'>{int(r['pain_before'])} &rarr; {int(r['pain_after'])}</td></tr>"
            for r in flagged.to_dict("records")[-MAX_FLAGGED:])
        latest = (f" The latest {MAX_FLAGGED} below, {len(flagged) - MAX_FLAGGED} earlier."
                  if len(flagged) > MAX_FLAGGED else "")
        flagged_html = (f"<p>{plural(len(flagged), 'session')}: pain rose by 2 points or more, or to above "
                        f"5/10.{latest}</p>"
                        "<table><thead><tr><th scope='col'>date</th><th scope='col'>routine</th>"
                        f"<th scope='col'>pain before &rarr; after</th></tr></thead><tbody>{rows}</tbody></table>")
    else:
        flagged_html = "<p>None: pain did not rise by 2 points or above 5/10 after any session.</p>"

    # red flags: one line each, most urgent first (the order of the red-flag table)
    table = red_flag_table()
    rows = []
    counts = ticked.groupby("flag", sort=False)["at"].agg(["size", "min", "max"]) if len(ticked) else None
    for flag in [f for f in table.index if counts is not None and f in counts.index] + \
            [f for f in (counts.index if counts is not None else []) if f not in table.index]:  # noqa: E501
        label = str(table.loc[flag, "label"]) if flag in table.index else str(flag)
        urgency = str(table.loc[flag, "urgency"]) if flag in table.index else ""
        n, first, last = counts.loc[flag, "size"], counts.loc[flag, "min"], counts.loc[flag, "max"]
        rows.append((label, urgency, f"{n}x", _short_day(first), _short_day(last)))
    both = _both_legs(pain)
    if len(both):
        label = (str(table.loc[BOTH_LEGS_FLAG, "label"]) if BOTH_LEGS_FLAG in table.index else "Pain in both legs")
        tier = str(table.loc[BOTH_LEGS_FLAG, "urgency"]) if BOTH_LEGS_FLAG in table.index else URGENCY[0]
        rows.insert(0, (f"{label}, in the pain reports", tier, f"{len(both)}x",
                        _short_day(both["at"].min()), _short_day(both["at"].max())))
    if rows:
        # running text, one paragraph per tier, most urgent first: complete and short enough for the page
        from .content import URGENCY as tiers

        paragraphs = []
        for tier in [*tiers, *sorted({u for _l, u, *_r in rows} - set(tiers))]:
            items = [f"<span class='flag'>{escape(label)} ({n}, last {b})</span>"
                     for label, u, n, a, b in rows if u == tier]
            if items:
                paragraphs.append(f"<p class='flag-{escape(tier)}'><strong>{escape(tier or 'other')}:</strong> "
                                  + " · ".join(items) + "</p>")
        red_html = "".join(paragraphs)
    else:
        red_html = "<p>None ticked in the red-flag list, and no report of pain in both legs.</p>"

    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pain journal report</title>
<style>{_CSS}</style>
</head>
<body>
<main class="backnotes-report">
<h1>Pain journal report</h1>
<p class="meta">Self-reported with backnotes (education, not a diagnosis) · period: {escape(period)} ·
made {today:%d %b %Y} · pain 0-10 (10 worst)</p>
<p class="summary">{summary}</p>
<figure>{_img(figures["pain"], _pain_alt(pain))}
</figure>
<figure>{_img(figures["leg"], _leg_alt(pain))}</figure>
<div class="columns">
<section><h2>Exercise sessions</h2>
<figure>{_img(figures["sessions"], sessions_alt)}
<figcaption>{calendar_note}Adherence: {escape(adherence)}</figcaption></figure>
</section>
<section><h2>Sessions after which pain rose</h2>{flagged_html}</section>
</div>
<section><h2>Red flags</h2>{red_html}</section>
</main>
</body>
</html>
"""


def write_report(journal: "Journal", path: str | os.PathLike[str], *, since: Any = None) -> Path:
    """Write `report_html` to ``path`` (UTF-8, replaced atomically) and return the path. A path that
    cannot be written raises `JournalError`."""
    from .output_guard import output_path

    dest = output_path(path, what="report_html", journal_path=journal.path)
    text = report_html(journal, since=since)
    try:
        private_folder(dest.parent)
        fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".html", dir=dest.parent)
        try:
            make_private(tmp)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, dest)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise JournalError(f"report_html: cannot write {str(path)!r}: {exc.strerror or exc}") from exc
    return dest
