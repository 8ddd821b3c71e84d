"""How the body answered a session: the traffic light after each session, and per exercise.

The rules, their thresholds and their sources are data (``data/response.toml``); this module only
works out the facts a rule tests from the journal (the session check, the next-morning answer, back
pain scores around the session) and applies the rules. Nothing is guessed: a missing answer is
missing, and a light that needs it is ``"unknown"`` and says which answer is missing. Leg symptoms
decide first: further down the leg, or new numbness, tingling or weakness, is red whatever the back
does (DESIGN.md "Responding to the body").

>>> import tempfile, pathlib, backnotes
>>> from backnotes import Journal
>>> with Journal(pathlib.Path(tempfile.mkdtemp()) / "j.sqlite", tz="UTC") as j:
...     sid = j.log_session(backnotes.load_routine("gentle-start"), at="2026-03-01 09:00")
...     j.log_check(sid, back=3, leg=2, leg_change="further", new_nerve_symptoms=False, at="2026-03-01 09:30")
...     light = session_light(j, sid)
>>> light.light, light.reasons[0]
('red', 'After the session the leg symptoms reached further down the leg than before it.')
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .journal_base import JournalError

if TYPE_CHECKING:
    from .journal import Journal

__all__ = ["LIGHTS", "SessionLight", "rules", "session_light", "session_lights", "exercise_response", "source_text",
           "plural"]

#: The lights, strongest first.
LIGHTS: tuple[str, ...] = ("red", "amber", "green", "unknown")


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """The rules file ``data/response.toml`` as a dictionary (read once)."""
    text = resources.files("backnotes").joinpath("data/response.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def source_text(keys: list[str] | tuple[str, ...]) -> list[str]:
    """Source keys of the rules file -> their full texts."""
    known = rules()["sources"]
    return [known[k] for k in keys]


@dataclass(frozen=True)
class SessionLight:
    """The light after one session.

    ``light`` is ``"red"``, ``"amber"``, ``"green"`` or ``"unknown"``; ``headline`` and ``action``
    are plain sentences for the screen; ``reasons`` name the data that gave the light; ``missing``
    names the answers that were not given; ``rules`` the ids of the rules that fired; ``sources``
    the full source texts; ``exercises`` the exercises done in the session.
    """

    session_id: int
    light: str
    headline: str
    action: str
    reasons: tuple[str, ...]
    missing: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    exercises: tuple[str, ...] = field(default_factory=tuple)
    at: pd.Timestamp | None = None

    @property
    def colour(self) -> str:
        """The light's colour (a second cue only: the words say it all)."""
        return str(rules()["light"][self.light]["colour"])

    def sentence(self) -> str:
        """Headline, reasons and action as one short text."""
        return " ".join([self.headline, *self.reasons, self.action])


def _facts_all(t: np.ndarray, check_back: list[Any], leg_change: list[Any], nerve: list[Any], morning: list[Any],
               back_t: np.ndarray, back_v: np.ndarray, timing: dict[str, Any]) -> list[dict[str, Any]]:
    """The facts the rules test, for sessions starting at ``t`` (Unix seconds) with their answers."""
    after, before = int(timing["after_hours"] * 3600), int(timing["before_hours"] * 3600)
    start = np.searchsorted(back_t, t, side="left")
    end = np.searchsorted(back_t, t + after, side="right")
    first = np.searchsorted(back_t, t - before, side="left")
    out = []
    for k, (s0, e0, f0) in enumerate(zip(start.tolist(), end.tolist(), first.tolist())):
        cb = check_back[k]
        during = float(back_v[s0:e0].max()) if e0 > s0 else None
        back_after = during if cb is None else (float(cb) if during is None else max(float(cb), during))
        back_before = float(back_v[s0 - 1]) if s0 > f0 else None
        out.append({
            "leg_change": leg_change[k], "new_nerve_symptoms": None if nerve[k] is None else bool(nerve[k]),
            "back_after": back_after, "back_before": back_before,
            "back_rise": None if back_after is None or back_before is None else back_after - back_before,
            "morning_back": morning[k],
        })
    return out


def _fires(rule: dict[str, Any], value: Any) -> bool:
    if value is None:
        return False
    if "equals" in rule:
        return bool(value == rule["equals"])
    if "above" in rule:
        return bool(value > rule["above"])
    if "at_least" in rule:
        return bool(value >= rule["at_least"])
    raise JournalError(f"response.toml: rule {rule['id']!r} has no test (equals, above or at_least)")


def plural(n: int, word: str) -> str:
    """``plural(1, "session")`` -> ``"1 session"``; ``plural(2, "red light")`` -> ``"2 red lights"``."""
    return f"{n} {word}" + ("" if n == 1 else "s")


def _number(v: Any) -> str:
    if isinstance(v, (bool, str)):
        return str(v)
    return str(int(v)) if float(v) == int(v) else f"{v:g}"


def _judge(session_id: int, facts: dict[str, Any], *, overall_only: bool, exercises: tuple[str, ...],
           at: Any = None) -> SessionLight:
    r = rules()
    fired: dict[str, list[dict[str, Any]]] = {"red": [], "amber": []}
    for rule in r["rule"]:
        if _fires(rule, facts.get(rule["fact"])):
            fired[rule["light"]].append(rule)
    missing = tuple(words for fact, words in r["green_needs"].items() if facts.get(fact) is None)
    if fired["red"]:
        light, chosen = "red", fired["red"]
    elif fired["amber"]:
        light, chosen = "amber", fired["amber"]
    elif missing:
        light, chosen = "unknown", []
    else:
        light, chosen = "green", []
    reasons = [rule["reason"].format(value=_number(facts[rule["fact"]])) for rule in chosen]
    if light == "green":
        leg = {"same": "the same as", "less": "less far than", "gone": "gone, compared with"}[facts["leg_change"]]
        morning = {"same": "the same as", "better": "better than"}[facts["morning_back"]]
        reasons.append(f"Leg symptoms: {leg} before the session; no new numbness, tingling or weakness; "
                       f"the next morning the back was {morning} before.")
    if light == "unknown":
        reasons.append("Not answered: " + "; ".join(missing) + ".")
    if overall_only and light in ("unknown", "green"):
        reasons.append("Around this session only overall pain scores were logged (not split into back and leg), "
                       "so they cannot tell a rise in leg pain from a rise in back pain.")
    spec = r["light"][light]
    keys = [k for rule in chosen for k in rule["sources"]] or list(spec["sources"])
    return SessionLight(session_id=int(session_id), light=light, headline=spec["headline"], action=spec["action"],
                        reasons=tuple(reasons), missing=missing if light == "unknown" else (),
                        rules=tuple(rule["id"] for rule in chosen),
                        sources=tuple(source_text(list(dict.fromkeys(keys)))), exercises=exercises, at=at)


def _back_series(pain: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(times in Unix seconds of back scores, the back scores, times of overall-only entries)."""
    t = pain["at"].array.asi8 // 1_000_000 if len(pain) else np.empty(0, dtype=np.int64)
    has_back = pain["back"].notna().to_numpy(dtype=bool)
    only_overall = (pain["overall"].notna() & pain["back"].isna() & pain["leg"].isna()).to_numpy(dtype=bool)
    back = pain["back"].to_numpy(dtype=float, na_value=np.nan)
    return t[has_back], back[has_back], t[only_overall]


def _answers(sessions: pd.DataFrame) -> dict[str, list[Any]]:
    return {c: sessions[c].astype(object).where(sessions[c].notna(), None).tolist()
            for c in ("check_back", "check_leg", "leg_change", "new_nerve_symptoms", "morning_back")}


def _seconds(at: pd.Series) -> np.ndarray:
    return at.array.asi8 // 1_000_000 if len(at) else np.empty(0, dtype=np.int64)


def _overall_only(t: np.ndarray, back_t: np.ndarray, overall_t: np.ndarray, timing: dict[str, Any]) -> np.ndarray:
    """Sessions around which only overall (not split) scores were logged."""
    w = int(timing["before_hours"] * 3600)
    n_overall = np.searchsorted(overall_t, t + w) - np.searchsorted(overall_t, t - w)
    n_back = np.searchsorted(back_t, t + w) - np.searchsorted(back_t, t - w)
    return (n_overall > 0) & (n_back == 0)


def session_lights(journal: "Journal", *, since: Any = None, until: Any = None,
                   _frames: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Every session's light, oldest first (only sessions from ``since`` to ``until`` when given):
    ``session_id``, ``at``, ``light``, ``reasons`` (one text), ``rules``, ``missing``,
    ``exercises`` (tuple of ids), ``changed`` (the exercises the session added or whose planned
    dose changed since the session before), ``blamed`` (``changed``, or every exercise when nothing
    changed: what a red or amber light points at), ``doses`` (exercise -> planned sets, reps,
    hold) and the facts (``leg_change``, ``new_nerve_symptoms``, ``back_before``, ``back_after``,
    ``morning_back``, ``check_back``, ``check_leg``)."""
    sessions, pain = _frames if _frames is not None else (journal.sessions(), journal.pain())
    by_session = journal.session_doses(since=since)
    back_t, back_v, overall_t = _back_series(pain)
    timing = rules()["timing"]
    times = _seconds(sessions["at"])
    lo = -np.inf if since is None else pd.Timestamp(since).value // 1_000_000_000
    hi = np.inf if until is None else pd.Timestamp(until).value // 1_000_000_000
    keep = np.nonzero((times >= lo) & (times <= hi))[0]
    answers = _answers(sessions)
    picked = {c: [v[i] for i in keep.tolist()] for c, v in answers.items()}
    facts = _facts_all(times[keep], picked["check_back"], picked["leg_change"], picked["new_nerve_symptoms"],
                       picked["morning_back"], back_t, back_v, timing)
    only = _overall_only(times[keep], back_t, overall_t, timing).tolist()
    ids = sessions["id"].to_numpy()
    first_kept = int(keep[0]) if len(keep) else len(ids)
    previous: dict[str, tuple[Any, ...]] = by_session.get(int(ids[first_kept - 1]), {}) if first_kept > 0 else {}
    judged: dict[tuple[Any, ...], tuple[str, str, str, str]] = {}
    rows = []
    for k, i in enumerate(keep.tolist()):
        sid = int(ids[i])
        doses = by_session.get(sid, {})
        changed = tuple(ex for ex, dose in doses.items() if previous.get(ex) != dose)
        previous = doses or previous
        f = facts[k]
        key = (*f.values(), only[k])
        if key not in judged:  # many sessions share their answers: judge each kind once
            res = _judge(sid, f, overall_only=only[k], exercises=())
            judged[key] = (res.light, " ".join(res.reasons), ";".join(res.rules), "; ".join(res.missing))
        light, reasons, fired, missing = judged[key]
        exercises = tuple(doses)
        rows.append((sid, light, reasons, fired, missing, exercises, changed, changed or exercises, doses,
                     f["leg_change"], f["new_nerve_symptoms"], f["back_before"], f["back_after"], f["morning_back"],
                     picked["check_back"][k], picked["check_leg"][k]))
    frame = pd.DataFrame(rows, columns=["session_id", "light", "reasons", "rules", "missing", "exercises", "changed",
                                        "blamed", "doses", "leg_change", "new_nerve_symptoms", "back_before",
                                        "back_after", "morning_back", "check_back", "check_leg"])
    frame.insert(1, "at", sessions["at"].iloc[keep].reset_index(drop=True))
    frame["light"] = pd.Categorical(frame["light"], categories=list(LIGHTS))
    return frame


def session_light(journal: "Journal", session_id: int) -> SessionLight:
    """The traffic light after the session ``session_id`` (as `Journal.log_session` returned it).

    - red: leg symptoms reached further down, or new numbness, tingling or weakness;
    - amber: back pain above 5/10 during or after, a rise of 2 or more over the level before, or
      worse the next morning;
    - green: settled by the next morning, leg symptoms not further down;
    - unknown: not enough answers (``missing`` and ``reasons`` say which).

    Thresholds, words and sources come from ``data/response.toml``. An unknown session raises
    `JournalError`.
    """
    sessions = journal.sessions()
    match = np.nonzero(sessions["id"].to_numpy() == session_id)[0] if not isinstance(session_id, bool) else []
    if len(match) == 0:
        raise JournalError(f"session_id: no session {session_id!r} in this journal (sessions().id lists them)")
    one = sessions.iloc[match[:1]]
    back_t, back_v, overall_t = _back_series(journal.pain())
    timing = rules()["timing"]
    t = _seconds(one["at"])
    a = _answers(one)
    facts = _facts_all(t, a["check_back"], a["leg_change"], a["new_nerve_symptoms"], a["morning_back"],
                       back_t, back_v, timing)[0]
    done = journal.session_exercises(session_id)
    return _judge(int(session_id), facts, overall_only=bool(_overall_only(t, back_t, overall_t, timing)[0]),
                  exercises=tuple(done["exercise_id"].tolist()), at=one["at"].iloc[0])


def exercise_response(journal: "Journal") -> pd.DataFrame:
    """Per exercise done, how the body answered: ``exercise_id``, ``sessions`` (how many included it),
    ``red``, ``amber``, ``green``, ``unknown`` (lights that followed), ``red_counted`` and
    ``amber_counted`` (the red and amber lights after sessions that added it or changed its dose, or
    changed nothing at all: a session that adds one exercise points at that one), ``lights`` (the lights in
    order, one letter each: R, A, G, ?), ``leg_further``, ``leg_less`` (session checks saying the leg
    symptoms reached further down / less far or gone), ``extent_moves`` (pain entries' leg extent
    the day after compared with the day before: steps towards the foot minus steps back, summed),
    ``suggestion`` (``"pause"`` when ``red_counted`` is at least 2, else empty) and ``text``.

    Red twice is a pattern worth acting on, once is not; and an exercise done in the same session
    as the symptoms is not proven to have caused them (the text says so).
    """
    sessions, pain = journal.sessions(), journal.pain()
    lights = session_lights(journal, _frames=(sessions, pain))
    r = rules()["plan"]
    ext = pain.dropna(subset=["leg_extent"])
    ext_t = _seconds(ext["at"])
    ext_v = ext["leg_extent"].cat.codes.to_numpy().astype(np.int64)
    day = 86400
    times = _seconds(lights["at"])
    # leg extent: the last entry in the day before the session -> the last in the day after it
    i = np.searchsorted(ext_t, times)
    j = np.searchsorted(ext_t, times + day, side="right")
    ok = (i > 0) & (j > i)
    ok[ok] &= ext_t[i[ok] - 1] >= times[ok] - day
    moves = np.zeros(len(times), dtype=np.int64)
    moves[ok] = ext_v[j[ok] - 1] - ext_v[i[ok] - 1]
    stats: dict[str, dict[str, Any]] = {}
    letter = {"red": "R", "amber": "A", "green": "G", "unknown": "?"}
    for move, light, exercises, blamed, leg in zip(moves.tolist(), lights["light"].astype(str).tolist(),
                                                   lights["exercises"].tolist(), lights["blamed"].tolist(),
                                                   lights["leg_change"].tolist()):
        # red and amber count against what the session added or changed; all of it when nothing changed
        for ex in exercises:
            s = stats.get(ex)
            if s is None:
                s = stats[ex] = {"sessions": 0, "red": 0, "amber": 0, "green": 0, "unknown": 0, "lights": [],
                                 "leg_further": 0, "leg_less": 0, "extent_moves": 0, "red_counted": 0,
                                 "amber_counted": 0}
            s["sessions"] += 1
            s[light] += 1
            s["lights"].append(letter[light])
            if light in ("red", "amber") and ex in blamed:
                s[f"{light}_counted"] += 1
            s["leg_further"] += leg == "further"
            s["leg_less"] += leg in ("less", "gone")
            s["extent_moves"] += move
    rows = []
    for ex, s in stats.items():
        pause = s["red_counted"] >= r["pause_after_reds"]
        text = (rules()["plan"]["reason"]["pause"].format(reds=plural(s["red_counted"], "session")) if pause else
                f"{plural(s['sessions'], 'session')}: {s['green']} green, {s['amber']} amber, {s['red']} red, "
                f"{s['unknown']} unknown.")
        rows.append({"exercise_id": ex, **{k: s[k] for k in ("sessions", "red", "amber", "green", "unknown",
                                                             "red_counted", "amber_counted")},
                     "lights": "".join(s["lights"]), "leg_further": s["leg_further"], "leg_less": s["leg_less"],
                     "extent_moves": s["extent_moves"], "suggestion": "pause" if pause else "", "text": text})
    out = pd.DataFrame(rows, columns=["exercise_id", "sessions", "red", "amber", "green", "unknown", "red_counted",
                                      "amber_counted", "lights",
                                      "leg_further", "leg_less", "extent_moves", "suggestion", "text"])
    for c in ("exercise_id", "lights", "suggestion", "text"):
        out[c] = out[c].astype("str")
    return out.sort_values("exercise_id", kind="stable").reset_index(drop=True)

