"""Journal pictures: pain over time, which exercises get cut short, an adherence calendar, pain before and
after each session, and where it hurts. Each takes the journal's frames (`backnotes.Journal.pain`,
``sessions``, ``sets``) and ``ax=None`` and returns the Axes. Shapes, line styles and light-to-dark
colour maps carry the meaning, so the pictures read when printed in grey.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import insights
from ..alt_text import pain_over_time_alt
from .show import set_alt
from ..measures import NPRS_BANDS
from ..words import plural

__all__ = ["pain_over_time", "back_and_leg_over_time", "sets_cut_short", "adherence_calendar", "pain_before_after", "pain_locations",
           "leg_extent_over_time"]

PAIN_LABEL = "pain (0 = none, 10 = worst imaginable)"


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is None:
        _fig, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _naive(at: pd.Series) -> np.ndarray:
    """Local wall-clock times without the zone: what a person reads on a calendar."""
    times = pd.to_datetime(at)
    if getattr(times.dt, "tz", None) is not None:
        times = times.dt.tz_localize(None)
    return times.to_numpy()


def _date_axis(ax: Axes) -> None:
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _empty(ax: Axes, title: str, what: str) -> Axes:
    ax.set_title(title)
    ax.text(0.5, 0.5, f"No {what} yet", ha="center", va="center", transform=ax.transAxes, color="0.35")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def _pain_bands(ax: Axes) -> None:
    """The words for the scale at the right edge: mild / moderate / severe."""
    for label, low, high in NPRS_BANDS[1:]:
        ax.text(1.01, (low + high) / 2 / 10, label, transform=ax.transAxes, va="center", ha="left",
                fontsize=9, color="0.3", rotation=90)
        if high < 10:
            ax.axhline(high + 0.5, color="0.85", lw=0.6, zorder=0)


def _pain_time_axes(ax: Axes, title: str) -> None:
    """The 0-10 pain scale over dates, with the scale's words at the right and the legend below."""
    ax.set_ylim(-0.5, 10.5)
    ax.set_yticks(range(0, 11))
    ax.set_ylabel(PAIN_LABEL)
    ax.set_title(title)
    _pain_bands(ax)
    _date_axis(ax)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=9, frameon=False)


def pain_over_time(pain: pd.DataFrame, ax: Axes | None = None, *, window: int = 7, baseline_days: int = 14,
                   show_reports: bool = True, show_band: bool = True, title: str | None = None) -> Axes:
    """Pain reports over time with their ``window``-day average, the baseline (the average of the
    first ``baseline_days`` days) and the band of clinically important improvement (at least 2
    points and at least 30 % below the baseline: Ostelo et al. 2008, Farrar et al. 2001; none is
    drawn for a baseline under 2, which no fall can reach)."""
    ax = _axes(ax, (10, 4.2))
    title = title or "Pain over time"
    if pain.empty:
        return _empty(ax, title, "pain reports")
    roll = insights.rolling_pain(pain, window=window)
    if show_band:
        change = insights.pain_change(pain, baseline_days=baseline_days)
        if change.threshold >= 0:
            ax.axhspan(-0.5, change.threshold, facecolor="0.92", edgecolor="0.78", hatch="//", lw=0, zorder=0,
                       label=f"clinically important improvement: {change.threshold:.1f} or less "
                             "(at least 2 points and 30 % below baseline)")
        ax.axhline(change.baseline, color="0.25", ls="--", lw=1.2,
                   label=f"baseline, first {baseline_days} days: {change.baseline:.1f}")
    if show_reports:
        # plot() with markers only: much faster than scatter() for ten years of reports
        ax.plot(_naive(pain["at"]), pain["score"].to_numpy(), ls="none", marker="o", ms=3, mfc="0.65",
                mec="0.45", mew=0.4, label="each report")
    ax.plot(roll.index.to_numpy(), roll["rolling"].to_numpy(), color="black", lw=2.2, label=f"{window}-day average")
    _pain_time_axes(ax, title)
    set_alt(ax, pain_over_time_alt(pain))
    return ax


def back_and_leg_over_time(pain: pd.DataFrame, ax: Axes | None = None, *, window: int = 7,
                           title: str | None = None) -> Axes:
    """Back pain and leg pain as two series: each report (back: filled circles, leg: open squares) and
    each series' ``window``-day average (back: solid line, leg: dashed), told apart by line style and
    marker, not colour alone. Old or imported single scores (not split into back and leg) are drawn as
    a third, dotted series labelled "overall (not split)", and the title says so; they are never
    guessed into back or leg."""
    ax = _axes(ax, (10, 4.2))
    title = title or "Back pain and leg pain over time"
    if pain.empty:
        return _empty(ax, title, "pain reports")
    styles = {"back": dict(color="black", ls="-", marker="o", mfc="0.35"),
              "leg": dict(color="0.35", ls="--", marker="s", mfc="white"),
              "overall": dict(color="0.55", ls=":", marker="^", mfc="0.8")}
    drawn = []
    for series in ("back", "leg", "overall"):
        if series not in pain.columns or not pain[series].notna().any():
            continue
        st = styles[series]
        rows = pain.loc[pain[series].notna()]
        ax.plot(_naive(rows["at"]), rows[series].to_numpy(dtype=float), ls="none", marker=st["marker"], ms=3.5,
                mfc=st["mfc"], mec=st["color"], mew=0.6)
        roll = insights.rolling_pain(pain, window=window, series=series)
        label = {"back": "back pain", "leg": "leg pain", "overall": "overall (not split into back and leg)"}[series]
        ax.plot(roll.index.to_numpy(), roll["rolling"].to_numpy(), color=st["color"], ls=st["ls"], lw=2.2,
                marker=st["marker"], markevery=max(1, len(roll) // 12), mfc=st["mfc"], mec=st["color"],
                label=f"{label}: {window}-day average")
        drawn.append(series)
    if drawn == ["overall"]:
        title += " (only overall scores: not split into back and leg)"
    _pain_time_axes(ax, title)
    note = insights.series_note(pain)
    set_alt(ax, "Chart of back pain and leg pain over time, two lines. " + pain_over_time_alt(pain)
            + (f" {note}" if note else ""))
    return ax


def sets_cut_short(sets: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Which exercises get skipped or stopped early: one horizontal bar per exercise, sets done in
    full (light) and sets cut short (dark, hatched), the most often cut short at the top, with
    "n of N cut short" written beside each bar. An exercise that is often cut short may be too hard,
    painful or too long (see `backnotes.insights.set_completion`)."""
    ax = _axes(ax, (9, 4.8))
    title = title or "Which exercises get cut short?"
    table = insights.set_completion(sets)
    if table.empty:
        return _empty(ax, title, "sets")
    names = _exercise_names()
    y = np.arange(len(table))
    done, cut = table["done"].to_numpy(), table["cut_short"].to_numpy()
    ax.barh(y, done, height=0.6, color="#dddddd", edgecolor="black", linewidth=0.6, label="done in full")
    ax.barh(y, cut, left=done, height=0.6, color="#333333", hatch="//", edgecolor="black", linewidth=0.6,
            label="skipped or stopped early")
    longest = float(table["planned"].max())
    for k, (n_cut, n) in enumerate(zip(cut, table["planned"])):
        ax.text(n + 0.01 * longest, k, f"{n_cut} of {n} cut short ({n_cut / n:.0%})", va="center", ha="left",
                fontsize=9)
    ax.set_yticks(y, [names.get(e, e) for e in table.index])
    ax.invert_yaxis()
    ax.set_xlim(0, longest * 1.35)
    ax.set_xlabel("sets planned")
    ax.set_title(title)
    ax.legend(loc="lower right", frameon=True)
    return ax


def _exercise_names() -> dict[str, str]:
    try:
        from ..catalog import load_exercises

        return {str(k): str(v) for k, v in load_exercises(variants=True)["name"].items()}
    except Exception:  # a catalog problem must not hide a person's own log
        return {}


def adherence_calendar(sessions: pd.DataFrame, ax: Axes | None = None, *, start: object = None,
                       end: object = None, title: str | None = None) -> Axes:
    """One square per day, one column per week (like a contributions chart): white = no session,
    grey = one session, black = two or more. ``start``/``end`` set the dates shown (default: the
    weeks with sessions)."""
    ax = _axes(ax, (10, 2.8))
    title = title or "Exercise sessions per day"
    counts = insights.daily_sessions(sessions)
    if counts.empty and start is None:
        return _empty(ax, title, "sessions")
    first = pd.Timestamp(start).normalize() if start is not None else counts.index.min()
    last = pd.Timestamp(end).normalize() if end is not None else counts.index.max()
    first, last = first.tz_localize(None) if first.tzinfo else first, last.tz_localize(None) if last.tzinfo else last
    monday = first - pd.Timedelta(days=first.day_of_week)
    days = pd.date_range(monday, last + pd.Timedelta(days=6 - last.day_of_week), freq="D")
    values = counts.reindex(days, fill_value=0).to_numpy(dtype=float)
    values[(days < first) | (days > last)] = np.nan  # outside the period: no square
    grid = values.reshape(-1, 7).T  # rows Monday..Sunday, columns weeks
    cmap = ListedColormap(["white", "0.6", "0.15"]).with_extremes(bad=(0, 0, 0, 0))
    norm = BoundaryNorm([-0.5, 0.5, 1.5, 100], cmap.N)
    ax.pcolormesh(np.ma.masked_invalid(grid), cmap=cmap, norm=norm, edgecolors="0.4", linewidth=0.8)
    ax.set_aspect("equal")
    ax.invert_yaxis()
    ax.set_yticks(np.arange(7) + 0.5, ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], fontsize=9)
    weeks = days[::7]
    step = max(1, -(-len(weeks) // 8))  # at most 8 labels
    ax.set_xticks(np.arange(0, len(weeks), step) + 0.5, [f"{w:%d %b}" for w in weeks[::step]], fontsize=9,
                  rotation=45, ha="right", rotation_mode="anchor")
    ax.set_xlabel("week starting")
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.legend(handles=[Patch(facecolor=c, edgecolor="0.4", label=t) for c, t in
                       (("white", "no session"), ("0.6", "1 session"), ("0.15", "2 or more"))],
              loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, frameon=False)
    done = int(np.nansum(values))
    ax.set_title(f"{title}: {done} sessions on {int(np.nansum(values > 0))} of {int(np.sum(~np.isnan(values)))} days")
    return ax


def pain_before_after(sessions: pd.DataFrame, ax: Axes | None = None, *, rise: int = 2, ceiling: int = 5,
                      title: str | None = None) -> Axes:
    """Pain just before and just after each session: a line from an open circle (before) to a filled
    triangle (after; pointing down when pain fell). Sessions after which pain rose by ``rise`` or
    more, or rose above ``ceiling``, are drawn thick and dashed (see `backnotes.insights.flag_sessions`)."""
    ax = _axes(ax, (10, 4.2))
    title = title or "Pain before and after each session"
    both = sessions.loc[sessions["pain_before"].notna() & sessions["pain_after"].notna()]
    if both.empty:
        return _empty(ax, title, "sessions with pain before and after")
    x = _naive(both["at"])
    before = both["pain_before"].to_numpy(dtype=float)
    after = both["pain_after"].to_numpy(dtype=float)
    flagged_at = set(insights.flag_sessions(both, rise=rise, ceiling=ceiling)["at"])
    flagged = both["at"].isin(flagged_at).to_numpy()
    for xi, b, a, f in zip(x, before, after, flagged):
        ax.plot([xi, xi], [b, a], color="black" if f else "0.45", lw=2.4 if f else 1.2, ls="--" if f else "-",
                zorder=2)
    ax.plot(x, before, ls="none", marker="o", ms=6, mfc="white", mec="black", zorder=3)
    down = after < before
    ax.plot(x[down], after[down], ls="none", marker="v", ms=7, color="0.3", zorder=4)
    ax.plot(x[~down], after[~down], ls="none", marker="^", ms=7, color="0.3", zorder=4)
    ax.axhline(ceiling, color="0.5", lw=0.8, ls=":", zorder=1)
    ax.set_ylim(-0.5, 10.5)
    ax.set_yticks(range(0, 11))
    ax.set_ylabel(PAIN_LABEL)
    ax.set_xlabel("session date")
    ax.set_title(f"{title} ({int(flagged.sum())} flagged)")
    _pain_bands(ax)
    _date_axis(ax)
    ax.legend(handles=[
        Line2D([], [], ls="none", marker="o", mfc="white", mec="black", label="before"),
        Line2D([], [], ls="none", marker="v", color="0.3", label="after (lower)"),
        Line2D([], [], ls="none", marker="^", color="0.3", label="after (same or higher)"),
        Line2D([], [], color="black", lw=2.4, ls="--", label=f"pain rose {rise}+ points or above {ceiling}"),
    ], loc="upper right", fontsize=9, framealpha=0.9)
    return ax


def pain_locations(pain: pd.DataFrame, ax: Axes | None = None, *, cmap: str = "Reds",
                   title: str | None = None, annotate: bool = True) -> Axes:
    """How often each body area was named in the pain reports, shaded on the body map."""
    from .body import body_map

    counts = insights.area_counts(pain) if not pain.empty else pd.Series(dtype="int64")
    return body_map(counts, ax=ax, cmap=cmap, label="pain reports", annotate=annotate,
                    title=title or f"Where it hurt: pain reports per body area ({plural(len(pain), 'report')})")


#: Marker per side: shapes, not colours, so the picture reads in grey.
_SIDE_MARKERS = {"left": ("<", "left leg"), "right": (">", "right leg"), "both": ("D", "both legs"),
                 "": ("o", "side not said")}


def leg_extent_over_time(pain: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """How far down the leg pain reached in each report (none, buttock, thigh, below knee, foot), with
    the side as the marker's shape (pointing left, pointing right, a diamond for both legs, a circle
    when not said) and the furthest extent of each week as a step line. Pain moving back up the leg
    is a good sign; pain spreading further down, or into both legs, is worth telling a clinician."""
    from ..journal_base import LEG_EXTENTS

    ax = _axes(ax, (10, 3.2))
    title = title or "How far down the leg, and which side"
    known = pain.loc[pain["leg_extent"].notna()] if "leg_extent" in pain else pain.iloc[:0]
    if known.empty:
        return _empty(ax, title, "leg reports")
    codes = pd.Categorical(known["leg_extent"], categories=LEG_EXTENTS, ordered=True).codes.astype(float)
    sides = (known["side"].astype("object").where(known["side"].notna(), "").astype(str).to_numpy()
             if "side" in known else np.full(len(known), "", dtype=object))
    x = _naive(known["at"])
    weekly = insights.leg_extent_trend(known)
    if len(weekly):
        furthest = pd.Categorical(weekly["furthest"], categories=LEG_EXTENTS, ordered=True).codes
        ax.step(weekly.index.to_numpy(), furthest, where="post", color="0.55", lw=1.4,
                label="furthest in the week")
    for side, (marker, label) in _SIDE_MARKERS.items():
        pick = sides == side
        if pick.any():
            ax.plot(x[pick], codes[pick], ls="none", marker=marker, ms=6 if side != "both" else 7,
                    mfc="white" if side == "" else "0.2", mec="black", mew=0.8, label=label)
    ax.set_ylim(len(LEG_EXTENTS) - 0.5, -0.5)  # further down the leg = lower in the picture
    ax.set_yticks(range(len(LEG_EXTENTS)), [e if e != "none" else "back only" for e in LEG_EXTENTS])
    ax.set_ylabel("pain reached down to")
    ax.set_title(title)
    _date_axis(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, frameon=False)
    return ax
