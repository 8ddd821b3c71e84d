"""Text alternatives for the pictures: what a chart shows, in a sentence or two, written from the same
data the chart is drawn from (pure pandas; no matplotlib), so a screen-reader user learns what a
sighted reader sees.

`backnotes.plots` attaches these to the figures it draws; `backnotes.plots.figure_html` shows a
figure as ``<figure><img alt=...><figcaption>``.

>>> counts_alt({"calves": 3, "lower back": 5, "neck": 0}, what="exercises")
'Body map shaded by exercises per body area: lower back 5, calves 3; none for the other areas.'
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

__all__ = ["counts_alt", "pain_over_time_alt", "generic_alt"]


def _fmt(value: float) -> str:
    value = float(value)
    return f"{value:.0f}" if value.is_integer() else f"{value:.1f}"


def counts_alt(counts: Mapping[str, float] | pd.Series, *, what: str = "exercises", top: int = 6) -> str:
    """A body map's numbers, largest first (at most ``top`` areas named; areas at 0 summed up)."""
    series = pd.Series(counts, dtype="float64") if not isinstance(counts, pd.Series) else counts.astype("float64")
    series = series[series > 0].sort_values(ascending=False, kind="stable")
    if series.empty:
        return f"Body map shaded by {what} per body area: no area has any yet."
    named = ", ".join(f"{area} {_fmt(v)}" for area, v in series.iloc[:top].items())
    more = f"; {len(series) - top} more areas with fewer" if len(series) > top else ""
    return f"Body map shaded by {what} per body area: {named}{more}; none for the other areas."


def pain_over_time_alt(pain: pd.DataFrame) -> str:
    """The pain chart in words: how many reports, over which dates, the range, the first and the latest
    weekly average (the scores the reader would look for)."""
    if pain.empty:
        return "Chart of pain over time: no pain reports yet."
    at = pd.to_datetime(pain["at"], utc=True).sort_values()
    scores = pain["score"].astype("float64")
    order = at.index
    first_week = scores.loc[order][(at - at.iloc[0]) < pd.Timedelta(days=7)].mean()
    last_week = scores.loc[order][(at.iloc[-1] - at) < pd.Timedelta(days=7)].mean()
    return (f"Chart of pain over time (0 = no pain, 10 = worst imaginable): {len(pain)} report{'' if len(pain) == 1 else 's'} from "
            f"{at.iloc[0]:%d %b %Y} to {at.iloc[-1]:%d %b %Y}, scores from {_fmt(scores.min())} to "
            f"{_fmt(scores.max())}; average {_fmt(round(first_week, 1))} in the first week and "
            f"{_fmt(round(last_week, 1))} in the last week.")


def generic_alt(title: str, xlabel: str = "", ylabel: str = "") -> str:
    """A fallback from a chart's title and axis labels, for charts without their own description."""
    parts = [f"Chart: {title.strip() or 'untitled'}"]
    if xlabel.strip():
        parts.append(f"across: {xlabel.strip()}")
    if ylabel.strip():
        parts.append(f"up: {ylabel.strip()}")
    return "; ".join(parts) + "."
