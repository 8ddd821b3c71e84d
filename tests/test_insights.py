"""Analysis of journal frames: daily and rolling pain, important change, flags, adherence, leg extent."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from backnotes import insights
from backnotes.journal import LEG_EXTENTS, demo_journal
from backnotes.measures import important_change


def pain_frame(scores, *, start="2026-03-02 08:00", extents=None, areas=None) -> pd.DataFrame:
    n = len(scores)
    return pd.DataFrame({
        "at": pd.date_range(start, periods=n, freq="D", tz="Europe/London"),
        "score": np.asarray(scores, dtype="int64"),
        "areas": pd.array(areas or [""] * n, dtype="str"),
        "leg_extent": pd.Categorical(extents or [None] * n, categories=LEG_EXTENTS, ordered=True),
        "note": pd.array([""] * n, dtype="str"),
    })


def sessions_frame(days, before, after) -> pd.DataFrame:
    return pd.DataFrame({
        "at": pd.DatetimeIndex([pd.Timestamp("2026-03-02 18:00", tz="UTC") + pd.Timedelta(days=d) for d in days]),
        "routine": "r", "pain_before": pd.array(before, dtype="Int64"), "pain_after": pd.array(after, dtype="Int64"),
    })


def test_daily_pain_groups_by_local_day() -> None:
    df = pd.DataFrame({"at": pd.DatetimeIndex(["2026-06-01T23:30:00Z", "2026-06-02T06:00:00Z"]).tz_convert("Europe/London"),
                       "score": [4, 6]})
    daily = insights.daily_pain(df)
    # 23:30 UTC on 1 June is 00:30 on 2 June in London: both reports fall on the same local day
    assert daily.index.tolist() == [pd.Timestamp("2026-06-02")]
    assert daily.loc["2026-06-02", "mean"] == 5.0 and daily.loc["2026-06-02", "n"] == 2


def test_rolling_pain_fills_calendar_and_averages() -> None:
    df = pain_frame([6, 6, 6, 2, 2, 2, 2])
    df = df.drop(index=2)  # a day without a report
    roll = insights.rolling_pain(df, window=3)
    assert len(roll) == 7 and np.isnan(roll["daily"].iloc[2])
    assert roll["rolling"].iloc[3] == pytest.approx((6 + 2) / 2)  # NaN day skipped
    assert roll["rolling"].iloc[-1] == pytest.approx(2.0)
    with pytest.raises(ValueError, match="window"):
        insights.rolling_pain(df, window=0)
    assert insights.rolling_pain(df.iloc[:0]).empty


def test_pain_change_uses_measures() -> None:
    df = pain_frame([6] * 14 + [5] * 7 + [4] * 7)
    change = insights.pain_change(df)
    assert change.baseline == 6 and change.current == 4
    assert change.important == important_change(6, 4) is True
    assert change.change == -2 and change.percent == pytest.approx(-100 / 3)
    assert change.threshold == pytest.approx(4.0)  # max(2 points, 30 % of 6 = 1.8)
    assert "clinically important improvement" in change.text() and "2 points and 30 %" in change.text()
    high = insights.pain_change(pain_frame([8] * 14 + [6] * 14))  # 2 points but only 25 %
    assert not high.important and high.threshold == pytest.approx(5.6)


def test_pain_change_is_exact_for_averages() -> None:
    # baseline mean 20/3 (days of 6, 7, 7), recent mean 14/3: exactly 2 points and exactly 30 %
    change = insights.pain_change(pain_frame([6, 7, 7] * 2 + [4, 5, 5] * 2), baseline_days=6, recent_days=6)
    assert change.baseline == pytest.approx(20 / 3) and change.current == pytest.approx(14 / 3)
    assert change.important is True
    small = insights.pain_change(pain_frame([6] * 14 + [5] * 14))
    assert not small.important and "not yet" in small.text()
    worse = insights.pain_change(pain_frame([3] * 14 + [6] * 14))
    assert worse.change == 3 and "higher" in worse.text()
    with pytest.raises(ValueError, match="no pain reports"):
        insights.pain_change(pain_frame([]))


def test_flag_sessions() -> None:
    s = sessions_frame(range(5), [3, 3, 7, 4, None], [5, 4, 6, 6, 8])
    flagged = insights.flag_sessions(s)
    # rose by 2 (3->5); 7->6 started high but fell: not flagged; 4->6 rose above 5; missing before: only "above 5"?
    assert flagged["pain_before"].tolist()[:2] == [3, 4]
    assert "rose by 2 points" in flagged["reason"].iloc[0]
    assert "above 5" in flagged["reason"].iloc[1]
    assert len(flagged) == 2  # a session without "before" cannot show a rise
    assert "lighter dose" in insights.FLAG_ADVICE and "clinician" in insights.FLAG_ADVICE


def test_weekly_adherence() -> None:
    s = sessions_frame([0, 2, 4, 14], [1] * 4, [1] * 4)  # 2 Mar 2026 is a Monday
    weekly = insights.weekly_adherence(s, per_week=3)
    assert weekly.index.tolist() == [pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-09"), pd.Timestamp("2026-03-16")]
    assert weekly["sessions"].tolist() == [3, 0, 1]
    assert weekly["adherence"].tolist() == pytest.approx([1.0, 0.0, 1 / 3])
    with pytest.raises(ValueError, match="per_week"):
        insights.weekly_adherence(s, per_week=0)


def test_leg_extent_trend_and_change() -> None:
    extents = ["foot"] * 7 + ["below knee"] * 7 + ["thigh"] * 7 + ["buttock"] * 7
    df = pain_frame([5] * 28, extents=extents)
    trend = insights.leg_extent_trend(df)
    assert [str(v) for v in trend["typical"]] == ["foot", "below knee", "thigh", "buttock"]
    assert trend["furthest"].cat.ordered
    assert "moved back up" in insights.leg_extent_change(df)
    assert "further down" in insights.leg_extent_change(pain_frame([5] * 28, extents=extents[::-1]))
    assert "No leg reports" in insights.leg_extent_change(pain_frame([5, 5]))


def test_area_counts_and_summary_on_demo() -> None:
    with demo_journal() as j:
        p, s, x = j.pain(), j.sessions(), j.sets()
    counts = insights.area_counts(p)
    assert counts.index.tolist()[0] == "neck" and counts["lower back"] == p["areas"].str.contains("lower back").sum()
    volume = insights.weekly_volume(x)
    assert volume["reps"].sum() == x["reps_done"].sum()
    assert volume["hold_min"].sum() == pytest.approx(x["hold_s_done"].astype("Float64").fillna(0).sum() / 60)
    adherence = insights.weekly_adherence(s, per_week=4, sets=x)
    assert adherence["sets_planned"].sum() == len(x) and (adherence["completion"] <= 1).all()
    change = insights.pain_change(p)
    assert change.important  # the invented story improves
    text = insights.clinician_summary(p, s, x)
    assert "Back pain, average of the first" in text and "Leg pain, average of the first" in text
    assert "Sessions after which pain rose" in text


def _leg_pain(times_extents) -> pd.DataFrame:
    at = pd.DatetimeIndex([pd.Timestamp(t, tz="UTC") for t, _ in times_extents])
    n = len(at)
    return pd.DataFrame({
        "at": at, "score": np.full(n, 3, dtype="int64"), "areas": pd.array([""] * n, dtype="str"),
        "leg_extent": pd.Categorical([e for _, e in times_extents], categories=LEG_EXTENTS, ordered=True),
        "note": pd.array([""] * n, dtype="str"),
    })


def test_flag_leg_spread_flags_only_spreading_down() -> None:
    s = sessions_frame([0, 1, 2, 3, 4], [3] * 5, [3] * 5)  # sessions at 18:00 UTC, 2-6 March 2026
    pain = _leg_pain([
        ("2026-03-02 08:00", "thigh"), ("2026-03-02 21:00", "below knee"),   # day 0: spread down -> flag
        ("2026-03-03 08:00", "below knee"), ("2026-03-03 21:00", "thigh"),   # day 1: moved up -> no flag
        ("2026-03-04 08:00", "thigh"), ("2026-03-04 21:00", "thigh"),        # day 2: same -> no flag
        ("2026-03-05 08:00", "buttock"),                                     # day 3: next report 23 h later
        ("2026-03-06 17:00", "foot"),                                        # day 4: nothing after
        ("2026-03-07 17:00", None),
    ])
    flagged = insights.flag_leg_spread(pain, s)
    assert flagged["at"].dt.day.tolist() == [2, 5]
    row = flagged.iloc[0]
    assert row["at"] == pd.Timestamp("2026-03-02 18:00", tz="UTC")
    assert row["extent_before"] == "thigh" and row["extent_after"] == "below knee"
    assert "further down" in row["reason"] and "'thigh' before" in row["reason"]
    assert "stop" in insights.LEG_FLAG_ADVICE.lower() and "red flags" in insights.LEG_FLAG_ADVICE
    # day 3's "after" report came 23 h later: a 12-hour window leaves it out
    assert insights.flag_leg_spread(pain, s, within_hours=12)["at"].dt.day.tolist() == [2]


def test_flag_leg_spread_stops_at_next_session_and_handles_empty() -> None:
    s = sessions_frame([0], [3], [3])
    s2 = pd.concat([s, sessions_frame([0], [3], [3]).assign(at=pd.Timestamp("2026-03-02 20:00", tz="UTC"))],
                   ignore_index=True)
    pain = _leg_pain([("2026-03-02 10:00", "buttock"), ("2026-03-02 21:00", "foot")])
    assert len(insights.flag_leg_spread(pain, s)) == 1
    # with a second session at 20:00 the 21:00 report belongs to that one
    flagged = insights.flag_leg_spread(pain, s2)
    assert flagged["at"].tolist() == [pd.Timestamp("2026-03-02 20:00", tz="UTC")]
    assert insights.flag_leg_spread(pain.iloc[:0], s).empty
    assert insights.flag_leg_spread(pain, s.iloc[:0]).empty
    with pytest.raises(ValueError, match="within_hours"):
        insights.flag_leg_spread(pain, s, within_hours=0)


def test_clinician_summary_lists_leg_spread_sessions() -> None:
    s = sessions_frame([0], [3], [3])
    pain = _leg_pain([("2026-03-02 10:00", "buttock"), ("2026-03-02 21:00", "foot")])
    assert "leg symptoms reached further down the leg: 1" in insights.clinician_summary(pain, s)


def test_pain_change_exact_with_decimal_scores() -> None:
    # imported scores may have decimals: 7 -> 4.9 is exactly 30 % and 2.1 points
    df = pd.DataFrame({"at": pd.date_range("2026-03-02 08:00", periods=4, freq="D", tz="UTC"),
                       "score": [7.0, 7.0, 4.9, 4.9]})
    change = insights.pain_change(df, baseline_days=2, recent_days=2)
    assert change.baseline == 7.0 and change.current == pytest.approx(4.9) and change.important is True


# --- the both-legs red flag in pain reports (issue 18 item 2) ----------------------------------

@pytest.mark.parametrize("side,extent,areas,expected", [
    ("both", "thigh", (), True),
    ("both", "below knee", "lower back", True),
    ("both", None, ("lower back", "calves"), True),
    ("both", None, "lower back;hamstrings", True),
    ("both", "buttock", (), False),              # pain in both buttocks alone: not a leg
    ("both", None, ("glutes",), False),
    ("both", "buttock", "lower back;glutes", False),
    ("both", "none", ("lower back",), False),
    ("left", "foot", ("calves",), False),        # one side only
    (None, "thigh", (), False),
])
def test_both_legs_counts_the_leg_not_the_buttock(side, extent, areas, expected) -> None:
    from backnotes.insights import LEG_AREAS, both_legs

    assert "glutes" not in LEG_AREAS
    assert both_legs(side, extent, areas) is expected
