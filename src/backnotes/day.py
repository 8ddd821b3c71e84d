"""The day in the app: which step may open, which routines are offered, what pre-fills the log, what
the progress screen lists and what a clinician gets.

Everything the app (`backnotes.widgets.App`) decides lives here, in plain Python over the core, so
plain pytest reaches it; the widget only shows the answers. The app walks through `STEPS` in order:

1. ``"check"``     Check first: the red-flag questions (`backnotes.content.screen`).
2. ``"routine"``   Today's routine: a ready-made or saved routine (`routine_choices`).
3. ``"do"``        Do it: the hold timers.
4. ``"log"``       How was it: pain now, pre-filled from the session just done (`log_prefill`).
5. ``"progress"``  Progress: pain over time, the week's sessions (`week_sessions`), the printable
                   sheet and an export for a clinician (`export_for_clinician`).

>>> day = Day()
>>> step_allowed(day, "routine").reason
'Answer the red-flag check first.'
>>> day = day.checked_with(screen([]))
>>> [s for s in STEPS if step_allowed(day, s)]
['check', 'routine', 'log', 'progress']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .content import ScreenVerdict
from .files import atomic_write, private_folder
from .routine import Routine, RoutineError, format_duration, load_routine, ready_made_routines, routines_folder
from .session import SessionRecord
from .words import plural

if TYPE_CHECKING:
    from .journal import Journal

__all__ = [
    "STEPS", "STEP_TITLES", "Day", "StepCheck", "step_allowed", "next_step", "previous_step",
    "exercise_allowed", "asks_clearance", "step_heading", "RoutineChoice", "routine_choices", "load_choice",
    "default_choice", "RoutineOverview", "routine_overview", "LogPrefill", "log_prefill",
    "session_summary", "week_sessions", "exports_folder", "export_for_clinician", "pain_alt_text",
    "sheet_file_name", "AREA_WORDS", "LEG_CHANGE_WORDS", "MORNING_WORDS", "Places", "last_places", "light_html",
    "MorningQuestion", "morning_question", "NextWeek", "next_week_view", "use_next_week",
]

#: Body areas in a person's words, for the pain form (the stored names stay the catalog's).
AREA_WORDS: dict[str, str] = {
    "glutes": "buttock", "hamstrings": "back of the thigh", "abdominals": "belly", "quadriceps": "front of the thigh",
    "calves": "calf", "hip flexors": "front of the hip", "ankles and feet": "ankle and foot",
}
#: The session check's answers (`Journal.log_check` ``leg_change``) in words.
LEG_CHANGE_WORDS: dict[str, str] = {"further": "further down", "same": "the same", "less": "less far", "gone": "gone"}
#: The next-morning answers (`Journal.log_morning`) in words.
MORNING_WORDS: dict[str, str] = {"better": "better", "same": "the same", "worse": "worse"}

#: The app's steps, in order.
STEPS: tuple[str, ...] = ("check", "routine", "do", "log", "progress")
#: What each step's screen is called (its heading and its button in the step list).
STEP_TITLES: dict[str, str] = {
    "check": "Check first",
    "routine": "Today's routine",
    "do": "Do it",
    "log": "How was it",
    "progress": "Progress",
}


@dataclass(frozen=True)
class Day:
    """What has happened in the app today. Immutable: each ``*_with`` method returns a new day.

    ``verdict``: the red-flag verdict the person confirmed (None until they confirm the check);
    ``cleared``: for a ``"soon"`` verdict that blocks exercise (`asks_clearance`), the person says a
    doctor has already checked these signs and cleared them to exercise; ``routine``: today's routine; ``record``: the session just done
    (None until the timer finishes or is stopped); ``logged``: True once that session is in the
    journal (so it is never logged twice); ``remembered``: red flags already written to the journal
    today (`Journal.log_red_flags`), so each tick reaches the appointment report once.
    """

    verdict: ScreenVerdict | None = None
    cleared: bool = False
    routine: Routine | None = None
    record: SessionRecord | None = None
    logged: bool = False
    remembered: tuple[str, ...] = ()

    def checked_with(self, verdict: ScreenVerdict, *, cleared: bool = False) -> "Day":
        """The day after the person confirmed the red-flag check with ``verdict``."""
        return replace(self, verdict=verdict, cleared=bool(cleared) and asks_clearance(verdict))

    def flags_to_remember(self) -> tuple[str, ...]:
        """Red flags of the confirmed verdict not yet written to the journal today, most urgent first
        (a person who answers the check twice has each tick stored once)."""
        if self.verdict is None:
            return ()
        return tuple(f for f in self.verdict.flags if f not in self.remembered)

    def with_remembered(self, flags: tuple[str, ...]) -> "Day":
        """The day after ``flags`` were written to the journal."""
        return replace(self, remembered=self.remembered + tuple(f for f in flags if f not in self.remembered))

    def with_routine(self, routine: Routine | None) -> "Day":
        """The day with ``routine`` chosen. A different routine forgets a session not yet logged
        only in the sense that the next session replaces it; the journal keeps what was saved."""
        return replace(self, routine=routine)

    def with_record(self, record: SessionRecord | None) -> "Day":
        """The day after a session ended: the new record waits to be logged."""
        return replace(self, record=record, logged=False)

    def with_logged(self) -> "Day":
        """The day after the session record was written to the journal."""
        return replace(self, logged=True)


@dataclass(frozen=True)
class StepCheck:
    """Whether a step may open (truthy) and, when not, the reason in words for the person."""

    ok: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.ok


def exercise_allowed(verdict: ScreenVerdict | None, *, cleared: bool = False) -> bool:
    """True when exercise may be offered today.

    ``None`` (not checked yet): no. ``"clear"``: yes. ``"soon"`` (see a doctor within about two
    weeks): yes when no ticked sign blocks exercise (``blocks_exercise = false`` in the red-flag
    data, e.g. inflammatory back pain, for which exercise is first-line treatment: NICE NG65);
    otherwise only when the person says a doctor has already checked these signs (``cleared``).
    Anything more urgent (``"emergency"``, ``"same day"``: stop, get care today): no, whatever
    ``cleared`` says.

    >>> exercise_allowed(screen([])), exercise_allowed(None)
    (True, False)
    >>> exercise_allowed(screen(["inflammatory"])), exercise_allowed(screen(["stable-weakness"]))
    (True, False)
    """
    if verdict is None:
        return False
    if verdict.level == "clear":
        return True
    if verdict.level == "soon":
        return not verdict.blocks_exercise or bool(cleared)
    return False


def asks_clearance(verdict: ScreenVerdict | None) -> bool:
    """True when the app should offer the "a doctor has already checked these signs" box: only for
    a ``"soon"`` verdict that blocks exercise. Never for ``"emergency"`` or ``"same day"`` (no
    clearance opens exercise then), nor when nothing ticked blocks exercise (nothing to clear).

    >>> [asks_clearance(screen(t)) for t in (["stable-weakness"], ["inflammatory"], ["fever"], [])]
    [True, False, False, False]
    """
    return verdict is not None and verdict.level == "soon" and verdict.blocks_exercise


def _not_today(verdict: ScreenVerdict) -> str:
    if verdict.level == "soon":
        return ("No exercise until a doctor has checked the signs you ticked. If a doctor already has, "
                "say so on the Check first screen.")
    return f"No exercise today. {verdict.headline}"


def step_allowed(day: Day, step: str) -> StepCheck:
    """May ``step`` open on ``day``? Logging pain and reading progress always may; the routine and
    the timers need a confirmed check that allows exercise, and the timers a routine with exercises.

    Raises `ValueError` naming the steps for an unknown step.
    """
    if step not in STEPS:
        raise ValueError(f"step: unknown step {step!r}; allowed: {', '.join(map(repr, STEPS))}")
    if step in ("check", "log", "progress"):
        return StepCheck(True)
    if day.verdict is None:
        return StepCheck(False, "Answer the red-flag check first.")
    if not exercise_allowed(day.verdict, cleared=day.cleared):
        return StepCheck(False, _not_today(day.verdict))
    if step == "do" and (day.routine is None or not day.routine.items):
        return StepCheck(False, "Choose today's routine first.")
    return StepCheck(True)


def next_step(day: Day, step: str) -> str | None:
    """The first step after ``step`` that may open, or None at the end.

    After a check that rules exercise out this skips to ``"log"``: a person can still note their pain.
    """
    i = STEPS.index(step)
    return next((s for s in STEPS[i + 1:] if step_allowed(day, s)), None)


def previous_step(day: Day, step: str) -> str | None:
    """The nearest step before ``step`` that may open, or None at the start."""
    i = STEPS.index(step)
    return next((s for s in reversed(STEPS[:i]) if step_allowed(day, s)), None)


def step_heading(step: str) -> str:
    """The heading of a step's screen: ``"Step 2 of 5: Today's routine"``."""
    return f"Step {STEPS.index(step) + 1} of {len(STEPS)}: {STEP_TITLES[step]}"


# ---------------------------------------------------------------------------------------------------
# routines on offer


@dataclass(frozen=True)
class RoutineChoice:
    """One routine the app offers: ``key`` (``"saved:<file stem>"`` or ``"ready:<name>"``), the
    ``label`` a person reads, ``source`` (``"saved"`` or ``"ready-made"``) and ``problem`` (why a
    saved file cannot be used, else "")."""

    key: str
    label: str
    source: str
    problem: str = ""


def _label(routine: Routine, where: str) -> str:
    n = len(routine.items)
    return f"{routine.name} ({where}: {n} exercise{'' if n == 1 else 's'}, about {format_duration(routine.total_seconds())})"


def routine_choices(folder: str | PathLike[str] | None = None, catalog: pd.DataFrame | None = None) -> list[RoutineChoice]:
    """The routines to offer: the person's saved ones (``folder``, default `routines_folder`), newest
    first, then the ready-made ones. A saved file that cannot be read is still listed, with its
    problem, so a person sees it rather than wondering where it went."""
    where = Path(folder) if folder is not None else routines_folder(create=False)
    choices: list[RoutineChoice] = []
    files = sorted(_saved_files(where), key=lambda p: (-_mtime(p), p.name))
    for path in files:
        key = f"saved:{path.stem}"
        try:
            routine = Routine.load(path, catalog)
        except (RoutineError, OSError) as exc:
            problem = str(exc)
            choices.append(RoutineChoice(key, f"{path.name} (saved, cannot be used: {problem})", "saved", problem))
            continue
        choices.append(RoutineChoice(key, _label(routine, "saved"), "saved"))
    for name in ready_made_routines():
        choices.append(RoutineChoice(f"ready:{name}", _label(load_routine(name, catalog), "ready-made"), "ready-made"))
    return choices


def _saved_files(where: Path) -> list[Path]:
    """The ``*.json`` names in the routines folder (none when it is missing or cannot be listed)."""
    try:
        return list(where.glob("*.json")) if where.is_dir() else []
    except OSError:
        return []


def _mtime(path: Path) -> float:
    """When ``path`` was last changed; a dangling link or a loop of links counts as oldest (listed last,
    with its problem, by `routine_choices`)."""
    try:
        return path.stat().st_mtime
    except (OSError, ValueError):
        return float("-inf")


def _saved_name(name: str) -> str | None:
    """``name`` when it is a plain file name in the routines folder (no folder part, no NUL, not "." or
    ".."), else None: a key never reaches a file outside the folder."""
    if not name or "\x00" in name or "/" in name or "\\" in name or name in (".", "..") or Path(name).is_absolute():
        return None
    return name


def load_choice(key: str, folder: str | PathLike[str] | None = None, catalog: pd.DataFrame | None = None) -> Routine:
    """The routine behind a `RoutineChoice` key. Raises `RoutineError` when it cannot be used; a saved
    routine's name is a file name inside the routines folder (``"saved:../x"`` is refused)."""
    if not isinstance(key, str):
        raise RoutineError(f"a routine key such as 'ready:gentle-start' expected, got {type(key).__name__}",
                           field="routine", value=key)
    source, _, name = key.partition(":")
    if source == "saved" and name:
        if _saved_name(name) is None:
            raise RoutineError("not a saved routine: a saved routine's name is a file name in your routines "
                               "folder (no folders, no NUL characters)", field="routine", value=key)
        where = Path(folder) if folder is not None else routines_folder(create=False)
        path = where / f"{name}.json"
        try:
            return Routine.load(path, catalog)
        except OSError as exc:
            raise RoutineError(f"cannot be read: {exc}", field="routine", value=name) from None
    if source == "ready" and name in ready_made_routines():
        return load_routine(name, catalog)
    raise RoutineError("not a routine on offer; keys look like 'saved:<file>' or "
                       f"'ready:<name>' with a name from {', '.join(map(repr, ready_made_routines()))}",
                       field="routine", value=key)


def default_choice(choices: Iterable[RoutineChoice], last: str | None = None) -> str | None:
    """The routine to show first: the one used last time when it is still on offer, else the newest
    usable saved routine, else the gentlest ready-made one (``"ready:gentle-start"``)."""
    usable = [c for c in choices if not c.problem]
    keys = [c.key for c in usable]
    if last in keys:
        return last
    saved = [c.key for c in usable if c.source == "saved"]
    if saved:
        return saved[0]
    if "ready:gentle-start" in keys:
        return "ready:gentle-start"
    return keys[0] if keys else None


@dataclass(frozen=True)
class RoutineOverview:
    """What the routine screen shows: ``name``, ``total`` (time in words, with the get-ready, rests and
    side changes), ``items`` (one dict per exercise: ``exercise_id``, ``name``, ``dose``, ``minutes``
    in words, ``note``) and ``cautions`` (each exercise's cautions, once each, as ``(name, text)``)."""

    name: str
    total: str
    items: tuple[dict[str, str], ...]
    cautions: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def routine_overview(routine: Routine, catalog: pd.DataFrame | None = None) -> RoutineOverview:
    """The routine in words for the routine screen (see `RoutineOverview`)."""
    from .catalog import load_exercises

    catalog = load_exercises() if catalog is None else catalog
    frame = routine.to_frame(catalog)
    items = tuple({"exercise_id": str(r.exercise_id), "name": str(r.name), "dose": str(r.dose),
                   "minutes": format_duration(float(r.seconds)), "note": str(r.note)}
                  for r in frame.itertuples())
    cautions: list[tuple[str, str]] = []
    seen: set[str] = set()
    for eid, name in zip(frame["exercise_id"], frame["name"]):
        if eid in seen or eid not in catalog.index:
            continue
        seen.add(eid)
        cautions += [(str(name), str(c)) for c in catalog.loc[eid, "cautions"]]
    return RoutineOverview(routine.name, format_duration(routine.total_seconds()), items, tuple(cautions))


# ---------------------------------------------------------------------------------------------------
# the log and the progress screen


@dataclass(frozen=True)
class LogPrefill:
    """What the "How was it" form starts with.

    ``with_session``: log the session just done with this entry; ``session``: that session in words
    ("" when there is none); ``areas``, ``side`` and ``leg_extent``: where it hurt last time (a
    person's pain is usually in the same places; they change what differs). The score is never
    pre-filled: today's number should be today's.
    """

    with_session: bool
    session: str
    areas: tuple[str, ...] = ()
    side: str | None = None
    leg_extent: str | None = None


def session_summary(record: SessionRecord) -> str:
    """A session in words: ``"Gentle start: 10 of 10 sets, 9 min"`` (+ ``", stopped early"``)."""
    done = sum(1 for s in record.sets if not s.skipped)
    seconds = max(0.0, (record.ended_at - record.started_at).total_seconds())
    text = f"{record.routine_name}: {done} of {plural(len(record.sets), 'set')}, {format_duration(seconds)}"
    return text + ("" if record.completed else ", stopped early")


def _last_entry_places(pain: pd.DataFrame) -> tuple[tuple[str, ...], str | None, str | None]:
    """(areas, side, leg extent) of the last row of a non-empty pain frame; None where not said."""
    last = pain.iloc[-1]
    areas = tuple(a for a in str(last.get("areas", "") or "").split(";") if a)
    raw_side = last.get("side")
    side = str(raw_side) if isinstance(raw_side, str) and raw_side else None
    raw_extent = last.get("leg_extent")
    extent = str(raw_extent) if pd.notna(raw_extent) else None
    return areas, side, extent


def log_prefill(day: Day, pain: pd.DataFrame | None = None) -> LogPrefill:
    """Pre-fill the log from the session just done (when not yet logged) and from the last pain
    entry in ``pain`` (a `backnotes.Journal.pain` frame)."""
    record = day.record if (day.record is not None and not day.logged) else None
    areas: tuple[str, ...] = ()
    side = extent = None
    if pain is not None and len(pain):
        areas, side, extent = _last_entry_places(pain)
    return LogPrefill(record is not None, session_summary(record) if record is not None else "",
                      areas, side, extent)


def week_sessions(sessions: pd.DataFrame, today: date | None = None, *, days: int = 7) -> pd.DataFrame:
    """The sessions of the last ``days`` days up to ``today`` (local dates), newest first, as a small
    table: ``when`` (text), ``routine``, ``time`` ("8 min 52 s"), ``finished`` ("yes"/"stopped
    early"), ``pain`` before and after ("3 → 2", "?" for not noted)."""
    columns = ["when", "routine", "time", "finished", "pain"]
    if sessions.empty:
        return pd.DataFrame({c: pd.array([], dtype="str") for c in columns})
    today = today or datetime.now().astimezone().date()
    local = pd.to_datetime(sessions["at"])
    dates = pd.Series([t.date() for t in local], index=sessions.index)
    first = today - pd.Timedelta(days=days - 1)
    keep = sessions.loc[(dates >= first) & (dates <= today)].iloc[::-1]

    def score(v: Any) -> str:
        return "?" if pd.isna(v) else str(int(v))

    rows = {
        "when": [f"{t:%a %d %b %H:%M}" for t in pd.to_datetime(keep["at"])],
        "routine": [str(r) for r in keep["routine"]],
        "time": [("?" if pd.isna(d) else format_duration(float(d))) for d in keep["duration_s"]],
        "finished": ["yes" if c else "stopped early" for c in keep["completed"]],
        "pain": [f"{score(b)} → {score(a)}" for b, a in zip(keep["pain_before"], keep["pain_after"])],
    }
    return pd.DataFrame({c: pd.array(rows[c], dtype="str") for c in columns})


def pain_alt_text(pain: pd.DataFrame) -> str:
    """A text alternative for the pain-over-time plot: how many reports, over which dates, the
    latest score and the change against the baseline (`backnotes.insights.pain_change`)."""
    if pain.empty:
        return "Pain over time: no pain reports yet."
    from .insights import local_dates, pain_change

    dates = local_dates(pain["at"])
    n = len(pain)
    span = f"from {dates.min():%d %b %Y} to {dates.max():%d %b %Y}"
    last = int(pain["score"].iloc[-1])
    return (f"Pain over time: {n} report{'' if n == 1 else 's'} {span}; latest {last} out of 10. "
            f"{pain_change(pain).text()}")


# ---------------------------------------------------------------------------------------------------
# files for a clinician


def exports_folder(day_: date | None = None, *, create: bool = True) -> Path:
    """A new folder for today's export: ``data_home()/exports/YYYY-MM-DD`` (``-2``, ``-3`` ... when
    one exists already, so an earlier export is never overwritten)."""
    from .paths import data_home

    stamp = (day_ or date.today()).isoformat()
    base = data_home(create=create) / "exports"
    folder, n = base / stamp, 1
    while folder.exists():
        n += 1
        folder = base / f"{stamp}-{n}"
    if create:
        private_folder(folder)
    return folder


_SAFE = re.compile(r"[^\w.-]+")


def sheet_file_name(routine: Routine) -> str:
    """The printable sheet's file name for ``routine``: ``"gentle-start-sheet.html"``.

    >>> sheet_file_name(Routine("Gentle start"))
    'gentle-start-sheet.html'
    """
    stem = re.sub(r"[^\w]+", "-", routine.name.casefold()).strip("-_")[:60] or "routine"
    return f"{stem}-sheet.html"


def export_for_clinician(journal: "Journal", folder: str | PathLike[str] | None = None) -> dict[str, Path]:
    """Write what a clinician needs into ``folder`` (default: a new `exports_folder`): the journal's
    CSV files (`backnotes.Journal.export_csv`), a plain-text ``summary.txt``
    (`backnotes.insights.clinician_summary`) and, when this backnotes has one, the one-page report
    ``report.html``. Returns name -> path. Raises `backnotes.JournalError` when a file cannot be written.
    """
    from .insights import clinician_summary
    from .journal import JournalError

    try:
        target = Path(folder) if folder is not None else exports_folder()
        files = dict(journal.export_csv(target))
    except OSError as exc:
        raise JournalError(f"cannot write the export: {exc}") from exc
    from .output_guard import output_path

    summary = output_path(target / "summary.txt", what="summary", journal_path=journal.path)
    text = clinician_summary(journal.pain(), journal.sessions(), journal.sets())
    try:
        atomic_write(summary, text + "\n")  # private (0600), like every export
    except OSError as exc:
        raise JournalError(f"cannot write {summary}: {exc}") from exc
    files["summary"] = summary
    report = getattr(journal, "report_html", None)
    if callable(report):  # the one-page appointment report, where this version has it
        files["report"] = Path(report(target / "report.html"))
    return {_SAFE.sub("-", k): Path(v) for k, v in files.items()}



# ---- back and leg, the session check, the light, the morning question, the week (issue 17) -----------


@dataclass(frozen=True)
class Places:
    """Where the last entry hurt: ``areas`` (stored names), ``side``, ``leg_extent``, and ``text`` (what
    "Same places as last time" fills in, in words)."""

    areas: tuple[str, ...]
    side: str | None
    leg_extent: str | None
    text: str


def last_places(pain: pd.DataFrame | None) -> Places | None:
    """The places of the last pain entry (for the explicit "Same places as last time" button), or
    None when there is none. Nothing is filled in unless the person asks."""
    if pain is None or not len(pain):
        return None
    areas, side, extent = _last_entry_places(pain)
    words = ", ".join(AREA_WORDS.get(a, a) for a in areas) or "no places"
    text = words + (f"; side: {side}" if side else "") + (f"; down the leg to: {extent}" if extent else "")
    return Places(areas, side, extent, text)


def light_html(light: Any) -> str:
    """A `backnotes.response.SessionLight` as a short block: the light in words first (headline,
    reasons, what to do), its colour only as a second cue (a border). Red is an alert, the others a
    status, so screen readers announce it."""
    from html import escape

    role = "alert" if light.light == "red" else "status"
    reasons = " ".join(escape(r) for r in light.reasons)
    return (f"<div class='backnotes-light backnotes-light-{light.light}' role='{role}' "
            f"style='border-left:8px solid {light.colour}; padding:4px 10px; margin:6px 0'>"
            f"<p style='margin:0'><b>{escape(light.headline)}</b> {reasons}</p>"
            f"<p style='margin:0.3em 0 0'><b>What to do:</b> {escape(light.action)}</p></div>")


@dataclass(frozen=True)
class MorningQuestion:
    """The question the app asks first on the day after a session: ``session_id`` (to store the
    answer with `Journal.log_morning`), ``text`` and the ``options`` (answer, words)."""

    session_id: int
    text: str
    options: tuple[tuple[str, str], ...] = tuple((k, v) for k, v in MORNING_WORDS.items())


def morning_question(sessions: pd.DataFrame, today: date | None = None) -> MorningQuestion | None:
    """The morning question when the latest session (a `Journal.sessions` frame) was on the day before
    ``today`` (local dates) and its morning answer is missing; else None."""
    if sessions is None or sessions.empty:
        return None
    today = today or datetime.now().astimezone().date()
    last = sessions.iloc[-1]
    day = pd.Timestamp(last["at"]).date()
    if (today - day).days != 1 or ("morning_back" in sessions and pd.notna(last["morning_back"])):
        return None
    return MorningQuestion(int(last["id"]), f"Yesterday you did {last['routine'] or 'a session'}. "
                           "How is your back this morning, compared with before that session?")


@dataclass(frozen=True)
class NextWeek:
    """The week's review for the app: ``html`` (a table with the reasons, and the flare plan when
    there is a flare), ``routine`` (the suggested routine, not yet saved) and ``changes`` (how many
    exercises it changes)."""

    html: str
    routine: Routine | None
    changes: int


def next_week_view(journal: Any, routine: Routine | None, today: Any = None) -> NextWeek:
    """`backnotes.plan.next_week` for ``routine`` as the Progress screen shows it."""
    from html import escape

    from .plan import flare_plan, next_week, suggested_routine

    if routine is None:
        return NextWeek("<p>Choose a routine first: the week's review is about its exercises.</p>", None, 0)
    week = next_week(journal, routine, today=today)
    words = {"progress": "one step more", "keep": "keep", "ease": "one step easier", "pause": "pause, get advice"}
    rows = "".join(f"<tr><td>{escape(r['name'])}</td><td>{escape(r['dose'])}</td><td>{escape(words[str(r['suggestion'])])}"
                   f"</td><td>{escape(r['reason'])}</td></tr>" for r in week.to_dict("records"))
    html = ("<table class='backnotes-next-week'><caption>Next week, exercise by exercise</caption><thead><tr>"
            "<th scope='col'>exercise</th><th scope='col'>this week</th><th scope='col'>suggestion</th>"
            f"<th scope='col'>why</th></tr></thead><tbody>{rows}</tbody></table>")
    if week.attrs.get("flare"):
        plan = flare_plan()
        html = (f"<div role='status'><p><b>{escape(week.attrs['flare'])}</b></p><h4>{escape(plan['title'])}</h4>"
                f"<p>{escape(plan['what'])}</p><ul>" + "".join(f"<li>{escape(x)}</li>" for x in plan["do"])
                + "</ul><p><b>When it is a red flag instead:</b></p><ul>"
                + "".join(f"<li>{escape(x)}</li>" for x in plan["red_flag_instead"]) + "</ul></div>" + html)
    changes = int((week["suggestion"].astype(str) != "keep").sum())
    try:
        new = suggested_routine(routine, week) if changes else None
    except Exception:  # every exercise paused: nothing to suggest but advice
        new = None
    return NextWeek(html, new, changes)


def use_next_week(view: NextWeek, folder: str | PathLike[str] | None = None) -> Path:
    """Save the suggested routine as a new routine file (the old one is kept and can be chosen
    again); return its path. Raises `RoutineError` when there is nothing to save."""
    if view.routine is None:
        raise RoutineError("there is no suggested routine to save (nothing to change this week)")
    target = Path(folder) if folder is not None else routines_folder()
    name = re.sub(r"[^a-z0-9]+", "-", view.routine.name.lower()).strip("-") or "next-week"
    path = target / f"{name}.json"
    n = 2
    while path.exists():
        path = target / f"{name}-{n}.json"
        n += 1
    return view.routine.save(path)
