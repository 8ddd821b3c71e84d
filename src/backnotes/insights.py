"""What a journal says: daily and rolling pain, change from baseline, sessions to look at again,
adherence and how far down the leg pain reaches. Frames in (from `backnotes.Journal`), frames out.

Daily and weekly results are indexed by local calendar dates (naive, midnight); weeks start on Monday.
The clinically important change comes from `backnotes.measures` (at least 2 points and at least 30 %:
Ostelo et al. 2008, Farrar et al. 2001, Childs et al. 2005).

>>> import pandas as pd
>>> pain = pd.DataFrame({"at": pd.date_range("2026-01-01 08:00", periods=28, freq="D", tz="UTC"),
...                      "score": [6] * 14 + [3] * 14})
>>> pain_change(pain).important
True
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from .journal_base import LEG_EXTENTS
from .measures import IMPORTANT_FRACTION, IMPORTANT_POINTS, important_change, important_threshold, nprs_band
from .vocab import BODY_AREAS
from .words import plural

__all__ = [
    "FLAG_ADVICE", "PainChange", "local_dates", "daily_pain", "rolling_pain", "pain_change", "flag_sessions",
    "LEG_FLAG_ADVICE", "flag_leg_spread",
    "weekly_adherence", "daily_sessions", "weekly_volume", "set_completion", "leg_extent_trend", "leg_extent_change",
    "area_counts", "clinician_summary", "LEG_AREAS", "both_legs", "SERIES_LABEL", "series_note", "pain_changes",
]

#: Body areas that are the leg: pain there with side "both" is sciatica in both legs. The buttock
#: (glutes) is not a leg for this flag: pain in both buttocks alone is common in back pain and is not
#: the emergency sign (NICE CKS sciatica; GIRFT suspected cauda equina pathway 2023: bilateral *leg*
#: symptoms).
LEG_AREAS: tuple[str, ...] = ("hamstrings", "thighs", "calves", "ankles and feet")
#: ``leg_extent`` values that do not reach into the leg (the buttock included, as above).
NOT_INTO_THE_LEG: tuple[str | None, ...] = (None, "", "none", "buttock")


def both_legs(side: str | None, leg_extent: str | None = None, areas: str | list[str] | tuple[str, ...] = ()) -> bool:
    """True when a report says leg symptoms on both sides: ``side == "both"`` with the pain reaching
    into the leg (``leg_extent`` beyond "buttock") or a leg area named (`LEG_AREAS`: the buttock is
    not one). Sciatica in both legs is an emergency red flag (NICE CKS sciatica; GIRFT suspected
    cauda equina pathway 2023).

    >>> both_legs("both", "thigh"), both_legs("both", None, "lower back"), both_legs("left", "foot")
    (True, False, False)
    >>> both_legs("both", "buttock", "glutes")  # pain in both buttocks alone: not the flag
    False
    """
    if side != "both":
        return False
    named = areas.split(";") if isinstance(areas, str) else list(areas)
    return (leg_extent not in NOT_INTO_THE_LEG) or any(a.strip() in LEG_AREAS for a in named)


#: The gentle wording shown next to sessions flagged for back pain (`flag_sessions`).
FLAG_ADVICE = "Pain rose after these sessions: consider a lighter dose next time, and tell your clinician."
#: The wording shown next to sessions after which leg symptoms spread further down (`flag_leg_spread`).
#: Leg symptoms follow a stricter rule than back discomfort: spreading down the leg (peripheralisation)
#: means stop that exercise and get advice (Werneke & Hart 2001).
LEG_FLAG_ADVICE = ("Leg symptoms reached further down the leg after these sessions: stop the exercise that "
                   "brought this on and get advice from your clinician. New numbness or weakness: stop and "
                   "check the red flags.")


def local_dates(at: pd.Series) -> pd.Series:
    """Tz-aware times -> the local calendar day (naive midnight). Naive times are taken as local."""
    times = pd.to_datetime(at)
    if getattr(times.dt, "tz", None) is not None:
        times = times.dt.tz_localize(None)
    return times.dt.normalize()


def _weeks(dates: pd.Series) -> pd.Series:
    return dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")


#: The pain series a journal holds (`backnotes.Journal.pain`): back and leg apart; ``overall`` is a
#: single score that was not split (older entries, imported single scores); ``score`` mixes them.
SERIES_LABEL = {"score": "pain", "back": "back pain", "leg": "leg pain",
                "overall": "overall pain (not split into back and leg)"}


def _series(pain: pd.DataFrame, series: str) -> pd.DataFrame:
    if series not in SERIES_LABEL:
        raise ValueError(f"series: {series!r} not known; choose from {', '.join(SERIES_LABEL)}")
    if series not in pain.columns:  # a frame from older code: only the single score
        return pain.iloc[0:0] if series != "overall" else pain.assign(overall=pain["score"])
    return pain.loc[pain[series].notna()].assign(score=lambda d: d[series].astype("float64"))


def series_note(pain: pd.DataFrame) -> str:
    """A sentence saying how many reports hold only an overall score (not split into back and leg),
    or "" when every report has back or leg pain apart."""
    if "overall" not in pain.columns or pain.empty:
        return ""
    only = int((pain["overall"].notna() & pain["back"].isna() & pain["leg"].isna()).sum())
    if not only:
        return ""
    if only == len(pain):
        return (f"Your {plural(only, 'pain report')} {'holds' if only == 1 else 'hold'} one overall score, "
                "not split into back and leg pain: that cannot tell a change in leg pain from a change in "
                "back pain.")
    return (f"{only} of {plural(len(pain), 'report')} {'gives' if only == 1 else 'give'} one overall score "
            "(not split into back and leg).")


def daily_pain(pain: pd.DataFrame, *, series: str = "score") -> pd.DataFrame:
    """One row per day with a report: ``mean``, ``min``, ``max`` score and ``n`` reports; index ``date``.
    ``series``: ``"back"``, ``"leg"``, ``"overall"`` (a single, not split score) or ``"score"`` (the
    entry's highest, which mixes back and leg)."""
    pain = _series(pain, series)
    if pain.empty:
        return pd.DataFrame({"mean": [], "min": [], "max": [], "n": []},
                            index=pd.DatetimeIndex([], name="date")).astype({"n": "int64"})
    g = pd.Series(pain["score"].to_numpy(dtype=float), index=local_dates(pain["at"]).to_numpy()).groupby(level=0)
    out = pd.DataFrame({"mean": g.mean(), "min": g.min(), "max": g.max(), "n": g.size().astype("int64")})
    out.index = pd.DatetimeIndex(out.index, name="date")
    return out


def rolling_pain(pain: pd.DataFrame, *, window: int = 7, series: str = "score") -> pd.DataFrame:
    """Every calendar day from the first to the last report: ``daily`` mean (NaN on days without a
    report) and ``rolling``, the mean of the daily means over the last ``window`` days (needs at least
    half of them). ``series`` as in `daily_pain`."""
    if window < 1:
        raise ValueError(f"window: a number of days >= 1 expected, got {window!r}")
    daily = daily_pain(pain, series=series)["mean"]
    if daily.empty:
        return pd.DataFrame({"daily": [], "rolling": []}, index=pd.DatetimeIndex([], name="date"))
    days = pd.date_range(daily.index.min(), daily.index.max(), freq="D", name="date")
    daily = daily.reindex(days)
    rolling = daily.rolling(window, min_periods=max(1, (window + 1) // 2)).mean()
    return pd.DataFrame({"daily": daily, "rolling": rolling})


@dataclass(frozen=True)
class PainChange:
    """Average pain in the first days (baseline) against the latest days, and whether the fall is
    clinically important (at least 2 points and at least 30 %, see `backnotes.measures.important_change`)."""

    baseline: float
    current: float
    baseline_days: int
    recent_days: int
    important: bool
    series: str = "score"

    @property
    def change(self) -> float:
        """Current minus baseline (negative = better)."""
        return self.current - self.baseline

    @property
    def percent(self) -> float:
        """Change as a percentage of the baseline (negative = better); NaN for a baseline of 0."""
        return 100.0 * self.change / self.baseline if self.baseline else float("nan")

    @property
    def threshold(self) -> float:
        """The average pain at or below which the fall counts as clinically important."""
        return important_threshold(self.baseline)

    def text(self) -> str:
        """One plain sentence for a person or a clinician (shorter for back, leg and overall, which
        are shown two or three together; the important-change rule's figures from `backnotes.measures`)."""
        band = lambda x: nprs_band(int(round(x)))  # noqa: E731
        rule = f"{IMPORTANT_POINTS} points and {float(IMPORTANT_FRACTION) * 100:.0f} %"
        short = self.series != "score"
        if short:
            label = SERIES_LABEL[self.series]
            start = (f"{label[0].upper()}{label[1:]}, average of the first {self.baseline_days} days "
                     f"{self.baseline:.1f}/10 ({band(self.baseline)}), of the last {self.recent_days} "
                     f"{self.current:.1f}/10 ({band(self.current)})")
        else:
            start = (f"Average {SERIES_LABEL.get(self.series, 'pain')} went from {self.baseline:.1f}/10 "
                     f"({band(self.baseline)}) in the first {self.baseline_days} days to {self.current:.1f}/10 "
                     f"({band(self.current)}) in the last {self.recent_days} days")
        if self.change < 0:
            pct = "" if not self.baseline else (f" ({abs(self.percent):.0f} %)" if short else
                                                f", {abs(self.percent):.0f} %")
            if short:
                verdict = "clinically important" if self.important else f"not yet the {rule} that count as important"
            else:
                verdict = (f"a clinically important improvement (at least {rule})" if self.important else
                           f"an improvement, not yet the {rule} that count as clinically important")
            return f"{start}: {abs(self.change):.1f} points lower{pct}, {verdict}."
        if self.change > 0:
            advice = ("; if it keeps rising, talk to your clinician." if short else
                      ". If pain keeps rising, talk to your clinician.")
            return f"{start}: {self.change:.1f} points higher{advice}"
        return f"{start}: no change."


def pain_change(pain: pd.DataFrame, *, baseline_days: int = 14, recent_days: int = 7,
                series: str = "score") -> PainChange:
    """Mean of the daily means over the first ``baseline_days`` days of the journal against the last
    ``recent_days`` days, for one ``series`` (``"back"``, ``"leg"``, ``"overall"`` or the mixed
    ``"score"``). Raises ValueError when the journal has no pain reports of that series."""
    daily = _exact_daily_means(_series(pain, series))
    if daily.empty:
        raise ValueError("pain: no pain reports yet; log a few days first")
    first, last = daily.index.min(), daily.index.max()
    base = daily[daily.index < first + pd.Timedelta(days=baseline_days)]
    recent = daily[daily.index > last - pd.Timedelta(days=recent_days)]
    # exact means of whole scores, so that e.g. 20/3 -> 14/3 is exactly 2 points and 30 %
    b, c = sum(base, Fraction(0)) / len(base), sum(recent, Fraction(0)) / len(recent)
    return PainChange(float(b), float(c), baseline_days, recent_days, important_change(b, c), series)


def pain_changes(pain: pd.DataFrame, *, baseline_days: int = 14, recent_days: int = 7) -> dict[str, PainChange]:
    """`pain_change` for back pain and leg pain apart, each when the journal holds that series; for
    overall scores that were not split only when there is neither (a few overall entries among back
    and leg ones are counted by `series_note` instead: their own "first and last days" mean little)."""
    out = {}
    split = any(s in pain.columns and pain[s].notna().any() for s in ("back", "leg"))
    for series in ("back", "leg", "overall"):
        if series == "overall" and split:
            continue
        if series in pain.columns and pain[series].notna().any():
            out[series] = pain_change(pain, baseline_days=baseline_days, recent_days=recent_days, series=series)
    return out


def _exact_daily_means(pain: pd.DataFrame) -> pd.Series:
    """Each day's mean score as an exact Fraction (scores read as the decimals they show).

    Whole scores (the journal's) are summed per day as integers, so this stays fast for years of
    reports; other numbers are read one by one through their decimal form."""
    if pain.empty:
        return pd.Series([], index=pd.DatetimeIndex([], name="date"), dtype=object)
    days = local_dates(pain["at"]).to_numpy()
    scores = pain["score"].to_numpy(dtype=float)
    if np.all(np.isfinite(scores)) and np.all(scores == np.round(scores)):
        g = pd.Series(scores.astype("int64"), index=days).groupby(level=0)
        sums, counts = g.sum(), g.size()
        out = pd.Series([Fraction(int(t), int(n)) for t, n in zip(sums, counts)], index=sums.index, dtype=object)
    else:
        by_day: dict[pd.Timestamp, list[Fraction]] = {}
        for day, score in zip(days, scores):
            by_day.setdefault(pd.Timestamp(day), []).append(Fraction(repr(float(score))))
        out = pd.Series({d: sum(v, Fraction(0)) / len(v) for d, v in sorted(by_day.items())}, dtype=object)
    out.index = pd.DatetimeIndex(out.index, name="date")
    return out


def flag_sessions(sessions: pd.DataFrame, *, rise: int = 2, ceiling: int = 5) -> pd.DataFrame:
    """Sessions after which pain rose by ``rise`` points or more, or rose to above ``ceiling``/10,
    with a ``reason`` column in plain words (a session that started above the ceiling and did not
    raise pain is not flagged). Worth a second look, not a cause for alarm: see `FLAG_ADVICE`."""
    before = sessions["pain_before"].astype("Float64")
    after = sessions["pain_after"].astype("Float64")
    rose = ((after - before) >= rise).fillna(False).to_numpy(dtype=bool)
    high = ((after > ceiling) & (after > before)).fillna(False).to_numpy(dtype=bool)
    out = sessions.loc[rose | high].copy()
    reasons = []
    for b, a, r, h in zip(out["pain_before"], out["pain_after"], rose[rose | high], high[rose | high]):
        parts = []
        if r:
            parts.append(f"pain rose by {int(a) - int(b)} points ({int(b)} to {int(a)})")
        if h:
            parts.append(f"pain rose to {int(a)}/10, above {ceiling}")
        reasons.append("; ".join(parts))
    out["reason"] = pd.array(reasons, dtype="str")
    return out.reset_index(drop=True)


def _utc_ns(at: pd.Series) -> np.ndarray:
    """Times as int64 nanoseconds since the epoch in UTC (naive times taken as they are)."""
    times = pd.to_datetime(pd.Series(at))
    if getattr(times.dt, "tz", None) is not None:
        times = times.dt.tz_convert("UTC").dt.tz_localize(None)
    return times.to_numpy(dtype="datetime64[ns]").astype("int64")


def flag_leg_spread(pain: pd.DataFrame, sessions: pd.DataFrame, *, within_hours: float = 24) -> pd.DataFrame:
    """Sessions after which the logged leg extent moved further down the leg.

    For each session, the last pain report with a ``leg_extent`` in the ``within_hours`` before it
    (or at the same time) is compared with the first report with a leg extent after it, within
    ``within_hours`` and before the next session. Sessions where the extent moved further down
    (say from "thigh" to "below knee") are returned with ``extent_before``, ``extent_after`` and a
    ``reason`` in plain words; see `LEG_FLAG_ADVICE`. Unlike back discomfort, leg symptoms should
    not spread down the leg during or after exercise (peripheralisation: stop that exercise and get
    advice; Werneke & Hart 2001); moving back up (centralisation) is a good sign and is not flagged.

    >>> pain = pd.DataFrame({"at": pd.to_datetime(["2026-03-02 08:00", "2026-03-02 20:00"], utc=True),
    ...                      "leg_extent": ["thigh", "below knee"]})
    >>> sessions = pd.DataFrame({"at": pd.to_datetime(["2026-03-02 18:00"], utc=True)})
    >>> flag_leg_spread(pain, sessions)["reason"].iloc[0]
    "leg symptoms reached further down: 'thigh' before, 'below knee' after"
    """
    if within_hours <= 0:
        raise ValueError(f"within_hours: a number of hours > 0 expected, got {within_hours!r}")
    cats = pd.CategoricalDtype(LEG_EXTENTS, ordered=True)
    known = pain.loc[pain["leg_extent"].notna()]
    out = sessions.iloc[:0].copy() if len(sessions) else sessions.copy()
    if known.empty or sessions.empty:
        out["extent_before"] = pd.Series([], dtype=cats)
        out["extent_after"] = pd.Series([], dtype=cats)
        out["reason"] = pd.array([], dtype="str")
        return out.reset_index(drop=True)
    order = np.argsort(_utc_ns(known["at"]), kind="stable")
    p_at = _utc_ns(known["at"])[order]
    p_code = pd.Categorical(known["leg_extent"], dtype=cats).codes[order]
    s_order = np.argsort(_utc_ns(sessions["at"]), kind="stable")
    s_at = _utc_ns(sessions["at"])[s_order]
    window = int(within_hours * 3600 * 1e9)
    rows, before, after = [], [], []
    for k, (pos, t) in enumerate(zip(s_order, s_at)):
        i = np.searchsorted(p_at, t, side="right") - 1  # last report at or before the session
        j = np.searchsorted(p_at, t, side="right")      # first report after it
        nxt = s_at[k + 1] if k + 1 < len(s_at) else np.iinfo("int64").max
        if i < 0 or j >= len(p_at) or t - p_at[i] > window or p_at[j] - t > window or p_at[j] >= nxt:
            continue
        if p_code[j] > p_code[i]:
            rows.append(pos)
            before.append(LEG_EXTENTS[p_code[i]])
            after.append(LEG_EXTENTS[p_code[j]])
    out = sessions.iloc[rows].copy()
    out["extent_before"] = pd.Categorical(before, dtype=cats)
    out["extent_after"] = pd.Categorical(after, dtype=cats)
    out["reason"] = pd.array([f"leg symptoms reached further down: '{b}' before, '{a}' after"
                              for b, a in zip(before, after)], dtype="str")
    return out.reset_index(drop=True)


def daily_sessions(sessions: pd.DataFrame) -> pd.Series:
    """Number of sessions per local calendar day (days without a session absent)."""
    if sessions.empty:
        return pd.Series([], index=pd.DatetimeIndex([], name="date"), dtype="int64", name="sessions")
    counts = local_dates(sessions["at"]).value_counts().sort_index()
    counts.index = pd.DatetimeIndex(counts.index, name="date")
    return counts.rename("sessions").astype("int64")


def weekly_adherence(sessions: pd.DataFrame, *, per_week: int = 3, sets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per week (Monday) from the first to the last session: ``sessions`` done, ``planned``
    (``per_week``) and ``adherence`` (done / planned, capped at 1). With the ``sets`` frame also
    ``sets_done`` (not skipped), ``sets_planned`` and ``completion`` (their ratio)."""
    if per_week < 1:
        raise ValueError(f"per_week: sessions planned per week must be >= 1, got {per_week!r}")
    daily = daily_sessions(sessions)
    if daily.empty:
        return pd.DataFrame({"sessions": [], "planned": [], "adherence": []}, index=pd.DatetimeIndex([], name="week"))
    weeks = pd.Series(daily.to_numpy(), index=_weeks(daily.index.to_series()).to_numpy()).groupby(level=0).sum()
    span = pd.date_range(weeks.index.min(), weeks.index.max(), freq="7D", name="week")
    done = weeks.reindex(span, fill_value=0).astype("int64")
    out = pd.DataFrame({"sessions": done, "planned": per_week, "adherence": np.minimum(done / per_week, 1.0)})
    if sets is not None and not sets.empty:
        wk = _weeks(local_dates(sets["at"])).to_numpy()
        g = pd.DataFrame({"week": wk, "done": ~sets["skipped"].to_numpy(dtype=bool)}).groupby("week")["done"]
        out["sets_done"] = g.sum().reindex(span, fill_value=0).astype("int64")
        out["sets_planned"] = g.size().reindex(span, fill_value=0).astype("int64")
        out["completion"] = (out["sets_done"] / out["sets_planned"].where(out["sets_planned"] > 0)).astype(float)
    return out


def weekly_volume(sets: pd.DataFrame) -> pd.DataFrame:
    """Tidy: one row per week and exercise with ``sets`` done (not skipped), ``reps`` done (holds count
    as reps) and ``hold_min`` (minutes held)."""
    if sets.empty:
        return pd.DataFrame({"week": pd.DatetimeIndex([]), "exercise_id": pd.array([], dtype="str"),
                             "sets": pd.array([], dtype="int64"), "reps": pd.array([], dtype="int64"),
                             "hold_min": pd.array([], dtype="float64")})
    frame = pd.DataFrame({
        "week": _weeks(local_dates(sets["at"])).to_numpy(),
        "exercise_id": sets["exercise_id"].to_numpy(),
        "sets": (~sets["skipped"].to_numpy(dtype=bool) | (sets["reps_done"].to_numpy() > 0)).astype("int64"),
        "reps": sets["reps_done"].to_numpy(dtype="int64"),
        "hold_min": sets["hold_s_done"].astype("Float64").fillna(0).to_numpy(dtype=float) / 60.0,
    })
    return frame.groupby(["week", "exercise_id"], as_index=False, sort=True).sum()


def set_completion(sets: pd.DataFrame) -> pd.DataFrame:
    """Per exercise (in the order first done): ``planned`` sets, ``done`` in full, ``cut_short``
    (skipped, or stopped early) and ``share_done`` (done / planned), sorted with the most often cut
    short first. An exercise that is often cut short may be too hard, painful or too long: worth a
    word with a clinician.

    >>> sets = pd.DataFrame({"exercise_id": ["a", "a", "b", "b"], "skipped": [False, True, False, False]})
    >>> set_completion(sets)[["planned", "done", "cut_short"]].values.tolist()
    [[2, 1, 1], [2, 2, 0]]
    """
    cols = {"planned": "int64", "done": "int64", "cut_short": "int64", "share_done": "float64"}
    if sets.empty:
        return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in cols.items()},
                            index=pd.Index([], name="exercise_id", dtype="str"))
    skipped = sets["skipped"].to_numpy(dtype=bool)
    frame = pd.DataFrame({"exercise_id": sets["exercise_id"].astype(str).to_numpy(), "cut": skipped})
    order = list(dict.fromkeys(frame["exercise_id"]))
    g = frame.groupby("exercise_id", sort=False)["cut"]
    out = pd.DataFrame({"planned": g.size(), "cut_short": g.sum()}).reindex(order)
    out["done"] = out["planned"] - out["cut_short"]
    out["share_done"] = out["done"] / out["planned"]
    out = out[["planned", "done", "cut_short", "share_done"]].astype(cols)
    out.index = pd.Index(out.index, name="exercise_id", dtype="str")
    rank = np.argsort(-out["cut_short"].to_numpy(), kind="stable")  # most often cut short first
    return out.iloc[rank]


def leg_extent_trend(pain: pd.DataFrame) -> pd.DataFrame:
    """Per week: ``furthest`` (how far down the leg pain reached at worst), ``typical`` (the median
    report) as ordered categoricals of `LEG_EXTENTS`, and ``reports`` with an extent given."""
    known = pain.loc[pain["leg_extent"].notna()]
    cats = pd.CategoricalDtype(LEG_EXTENTS, ordered=True)
    if known.empty:
        return pd.DataFrame({"furthest": pd.Series([], dtype=cats), "typical": pd.Series([], dtype=cats),
                             "reports": pd.Series([], dtype="int64")}, index=pd.DatetimeIndex([], name="week"))
    codes = pd.Categorical(known["leg_extent"], categories=LEG_EXTENTS, ordered=True).codes
    g = pd.Series(codes, index=_weeks(local_dates(known["at"])).to_numpy()).groupby(level=0)
    out = pd.DataFrame({
        "furthest": pd.Categorical.from_codes(g.max().to_numpy(), dtype=cats),
        "typical": pd.Categorical.from_codes(np.floor(g.median().to_numpy()).astype(int), dtype=cats),
        "reports": g.size().to_numpy(dtype="int64"),
    }, index=pd.DatetimeIndex(g.max().index, name="week"))
    return out


def leg_extent_change(pain: pd.DataFrame, *, days: int = 14) -> str:
    """A sentence on how far down the leg pain typically reached in the first ``days`` days against
    the last ``days`` days. Pain moving back up the leg is a good sign."""
    known = pain.loc[pain["leg_extent"].notna()]
    if known.empty:
        return "No leg reports yet: note how far down the leg pain reaches to follow this."
    dates = local_dates(known["at"])
    codes = pd.Categorical(known["leg_extent"], categories=LEG_EXTENTS, ordered=True).codes
    early = codes[(dates < dates.min() + pd.Timedelta(days=days)).to_numpy()]
    late = codes[(dates > dates.max() - pd.Timedelta(days=days)).to_numpy()]
    a, b = int(np.median(early)), int(np.median(late))
    first, last = LEG_EXTENTS[a], LEG_EXTENTS[b]
    if b < a:
        return (f"Pain has moved back up the leg: typically reaching '{first}' at the start, '{last}' lately. "
                "Physiotherapists see this as a good sign.")
    if b > a:
        return (f"Pain now reaches further down the leg: typically '{first}' at the start, '{last}' lately. "
                "Tell your clinician, especially if numbness or weakness comes with it.")
    return f"Pain typically reaches '{first}', as at the start."


def area_counts(pain: pd.DataFrame) -> pd.Series:
    """Number of pain reports naming each body area, indexed by `backnotes.BODY_AREAS` (zeros kept)."""
    parts = pain["areas"].astype(str).str.split(";").explode()
    counts = parts[parts.isin(BODY_AREAS)].value_counts()
    return counts.reindex(list(BODY_AREAS), fill_value=0).astype("int64").rename("reports")


#: Dates listed in a summary line; earlier ones are counted (a long journal stays one page).
LATEST_DATES = 5


def _latest_dates(times: pd.Series) -> str:
    """``"on 03 Mar 2026, 10 Mar 2026"``, or for many ``"the latest on ... (and 40 earlier)"``."""
    shown = ", ".join(f"{t:%d %b %Y}" for t in list(times)[-LATEST_DATES:])
    earlier = len(times) - LATEST_DATES
    return f"the latest on {shown} (and {earlier} earlier)" if earlier > 0 else f"on {shown}"


def clinician_summary(pain: pd.DataFrame, sessions: pd.DataFrame, sets: pd.DataFrame | None = None, *,
                      per_week: int = 3) -> str:
    """A short plain-text summary to hand over with the exported CSV files."""
    lines = ["Pain journal summary (made with backnotes)", ""]
    if not pain.empty:
        first, last = local_dates(pain["at"]).min(), local_dates(pain["at"]).max()
        lines.append(f"Period: {first:%d %b %Y} to {last:%d %b %Y}, {plural(len(pain), 'pain report')} (0-10 scale).")
        changes = pain_changes(pain) if "back" in pain.columns else {"score": pain_change(pain)}
        lines.extend(c.text() for c in changes.values())
        if series_note(pain):
            lines.append(series_note(pain))
        lines.append(leg_extent_change(pain))
        top = area_counts(pain)
        top = top[top > 0].sort_values(ascending=False).head(3)
        if len(top):
            lines.append("Most reported areas: " + ", ".join(f"{a} ({n})" for a, n in top.items()) + ".")
    if not sessions.empty:
        adherence = weekly_adherence(sessions, per_week=per_week, sets=sets)
        lines.append(f"Exercise sessions: {len(sessions)} over {plural(len(adherence), 'week')} "
                     f"(plan {per_week} a week; {adherence['adherence'].mean():.0%} of the plan on average).")
        flagged = flag_sessions(sessions)
        if len(flagged):
            lines.append(f"Sessions after which pain rose (2+ points, or above 5/10): {len(flagged)}, "
                         + _latest_dates(flagged["at"]) + ".")
        if not pain.empty:
            spread = flag_leg_spread(pain, sessions)
            if len(spread):
                lines.append(f"Sessions after which leg symptoms reached further down the leg: {len(spread)}, "
                             + _latest_dates(spread["at"]) + ".")
    return "\n".join(lines)
