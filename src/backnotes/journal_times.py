"""Time texts of a journal file -> the stored UTC texts (``2026-03-01T07:30:00+00:00``).

`parse_times` serves the CSV import and `Journal.log_pain` alike, so both accept and refuse the same
texts. Times of our export's shape (``2026-03-01T08:30:00+01:00``) are parsed with integer numpy
arithmetic (`_exact_times`), other shapes with a regular expression and pandas (`_general_times`);
``tests/test_import_fast_paths.py`` checks both agree. `stored_seconds` turns stored texts back into
Unix seconds the same cheap way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import tzinfo
from typing import NamedTuple

import numpy as np
import pandas as pd

__all__ = ["parse_times", "stored_seconds", "pad_time"]

#: ISO 8601 date, optional time, optional offset: Z, +HH, +HHMM, +HH:MM or +HH:MM:SS (historic zones
#: such as Amsterdam before 1937 had offsets with seconds).
_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?))?"
                   r"(?: ?(?P<z>[Zz]|UTC)|(?P<sign>[+-])(?P<h>\d{2})(?::?(?P<m>\d{2})(?::?(?P<s>\d{2}))?)?)?")
_UNPARSED = "not a date and time: use ISO 8601, like 2026-03-01 08:30 or 2026-03-01T08:30:00+01:00"
_EARLIEST = np.datetime64("1900-01-01T00:00:00", "s")


def pad_time(t: str) -> str:
    """``8:30`` -> ``08:30``: some apps drop the leading zero, ISO 8601 needs it."""
    return "0" + t if len(t) > 1 and t[1] == ":" else t


#: Our export's time shape ``YYYY-MM-DDTHH:MM:SS+HH:MM``: each position's lowest and highest byte
#: (digits 0-9; the sign + or -, with the "," between them refused below).
_SHAPE = "0000-00-00T00:00:00+00:00"
_LOW = np.frombuffer(_SHAPE.encode(), dtype=np.uint8)[:, None]
_HIGH = np.frombuffer(_SHAPE.replace("0", "9").replace("+", "-").encode(), dtype=np.uint8)[:, None]
_SHAPE_CODES = np.frombuffer(_SHAPE.encode("utf-32-le"), dtype=np.uint32)
_DIGIT_ROWS = np.array([i for i, ch in enumerate(_SHAPE) if ch == "0"])
_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _days_from_civil(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of proleptic Gregorian dates (H. Hinnant's ``days_from_civil``)."""
    y = y - (m <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * np.where(m > 2, m - 3, m + 9) + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def _civil_from_days(z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The inverse of `_days_from_civil`: (year, month, day)."""
    z = z + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    m = np.where(mp < 10, mp + 3, mp - 9)
    return yoe + era * 400 + (m <= 2), m, doy - (153 * mp + 2) // 5 + 1


class _Exact(NamedTuple):
    """Times of our export's shape, parsed by `_exact_times`."""

    seconds: np.ndarray  # UTC seconds since 1970 (int64)
    ok: np.ndarray  # a real date and time of that shape
    codes: np.ndarray  # the texts' characters, one row per position (uint8, 25 x n)
    same_day: np.ndarray  # whole-hour offset and UTC on the same date: only the hour changes


def _exact_times(texts: list[str]) -> _Exact | None:
    """Texts of our export's shape ``YYYY-MM-DDTHH:MM:SS+HH:MM`` parsed in a few integer numpy
    passes; ``ok`` is False where a text is not a real date and time of that shape (those go to the
    general parser, which says why). None unless every text is 25 ASCII characters. Export files
    are this shape, and turning their times into stored texts was the largest part of an import."""
    n = len(texts)
    try:
        joined = "".join(texts).encode("ascii")
    except UnicodeEncodeError:
        return None
    if not n or len(joined) != 25 * n or max(map(len, texts)) != 25:  # total and longest: all are 25
        return None
    c = np.ascontiguousarray(np.frombuffer(joined, dtype=np.uint8).reshape(n, 25).T)  # row = position
    ok = ((c >= _LOW) & (c <= _HIGH)).all(axis=0) & (c[19] != ord(","))
    d = c[_DIGIT_ROWS].astype(np.int32) - 48  # the 18 digit positions, in order
    year = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3]
    month, day = d[4] * 10 + d[5], d[6] * 10 + d[7]
    hour, minute, second = d[8] * 10 + d[9], d[10] * 10 + d[11], d[12] * 10 + d[13]
    off_h, off_m = d[14] * 10 + d[15], d[16] * 10 + d[17]
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    good_month = (month >= 1) & (month <= 12)
    last_day = _MONTH_DAYS[np.where(good_month, month, 0)] + ((month == 2) & leap)
    ok &= good_month & (day >= 1) & (day <= last_day) & (hour <= 23) & (minute <= 59) & (second <= 59)
    ok &= (off_h <= 23) & (off_m <= 59)
    east = c[19] == ord("+")
    offset = np.where(east, 1, -1) * (off_h * 3600 + off_m * 60)
    days = _days_from_civil(year.astype(np.int64), month, day)
    seconds = days * 86400 + (hour * 3600 + minute * 60 + second - offset)
    utc_hour = hour - np.where(east, off_h, -off_h)
    return _Exact(seconds, ok, c, ok & (off_m == 0) & (utc_hour >= 0) & (utc_hour <= 23))


def _utc_texts(exact: _Exact, accepted: np.ndarray) -> list[str]:
    """Stored texts ``YYYY-MM-DDTHH:MM:SS+00:00`` of the accepted times (the others get a dummy):
    the written characters with the hour moved and the offset zeroed where the date stays, the
    date computed from the seconds elsewhere. No per-row Python or date formatting."""
    codes = exact.codes.astype(np.uint32)
    codes[:, ~accepted] = _SHAPE_CODES[:, None]  # a dummy date 0000-00-00... (never stored)
    simple = exact.same_day & accepted
    hour = exact.seconds[simple] // 3600 % 24
    codes[11, simple] = hour // 10 + 48
    codes[12, simple] = hour % 10 + 48
    codes[19:, accepted] = _SHAPE_CODES[19:, None]  # +00:00
    rest = np.flatnonzero(accepted & ~simple)
    if len(rest):  # crossing midnight, or an offset with minutes: the whole date and time
        days, within = np.divmod(exact.seconds[rest], 86400)
        year, month, day = _civil_from_days(days)
        hour, within = np.divmod(within, 3600)
        minute, second = np.divmod(within, 60)
        for at, value, width in ((0, year, 4), (5, month, 2), (8, day, 2), (11, hour, 2), (14, minute, 2),
                                 (17, second, 2)):
            for k in range(width):
                codes[at + width - 1 - k, rest] = value // 10 ** k % 10 + 48
    return np.ascontiguousarray(codes.T).view("U25").ravel().tolist()


def parse_times(cells: list[str], zone: tzinfo) -> tuple[list[str], dict[int, str]]:
    """Time texts -> stored UTC texts (``2026-03-01T07:30:00+00:00``) and {index: reason} for bad ones.

    Texts with an offset (``Z``, ``+01``, ``+0100``, ``+01:00``, ``+00:19:32``) are exact; texts
    without one are read in ``zone`` (a time that does not exist there is refused; one that happens
    twice is the first). Dates from 1900-01-01 00:00 UTC to one day from now are accepted. Used by
    the import and by `Journal.log_pain`, so both accept and refuse the same texts.
    """
    texts = list(map(str.strip, cells))
    exact = _exact_times(texts)
    if exact is None:
        return _general_times(texts, zone)
    seconds, ok = exact.seconds, exact.ok
    accepted = ok & (seconds >= _EARLIEST_S) & (seconds <= _latest_s())
    bad: dict[int, str] = {int(i): _OUT_OF_RANGE for i in np.flatnonzero(ok & ~accepted)}
    stored = _utc_texts(exact, accepted)
    if not ok.all():  # the few that are not real dates of that shape: the general parser says why
        idx = np.flatnonzero(~ok)
        others, bad_others = _general_times([texts[i] for i in idx], zone)
        bad.update({int(idx[j]): reason for j, reason in bad_others.items()})
        for j, i in enumerate(idx.tolist()):
            stored[i] = others[j]
    return stored, bad


def stored_seconds(stored: Sequence[str]) -> np.ndarray:
    """Stored time texts (``2026-03-01T07:30:00+00:00``, the shape the table's CHECK holds them to)
    -> Unix seconds, with `_exact_times`: several times cheaper than SQLite's ``strftime('%s', at)``
    per row. Anything else (never written by backnotes) goes through pandas."""
    texts = list(stored)
    if not texts:
        return np.empty(0, dtype=np.int64)
    exact = _exact_times(texts)
    if exact is not None and exact.ok.all():
        return exact.seconds
    return (pd.to_datetime(pd.Series(texts, dtype=object), utc=True, format="ISO8601").dt.tz_convert(None)
            .to_numpy().astype("datetime64[s]").astype(np.int64))


_OUT_OF_RANGE = "the date is in the future or before 1900-01-01 00:00 UTC"
_EARLIEST_S = int(_EARLIEST.astype(np.int64))


def _latest_s() -> int:
    """The latest accepted time: one day from now (a clock set a little wrong is not refused)."""
    return int(pd.Timestamp.now(tz="UTC").timestamp()) + 86400


def _general_times(texts: list[str], zone: tzinfo) -> tuple[list[str], dict[int, str]]:
    """`parse_times` for any accepted shape: one regex per text, then vectorised date parsing."""
    n = len(texts)
    bad: dict[int, str] = {i: "a date and time is needed" for i, t in enumerate(texts) if not t}
    utc = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    naive: list[str] = []
    offset = np.zeros(n, dtype=np.int64)
    has_offset = np.zeros(n, dtype=bool)
    for i, t in enumerate(texts):
        m = _TIME.fullmatch(t) if t else None
        if m is None:
            naive.append("")
            continue
        clock = m[2]
        naive.append(m[1] + (" " + pad_time(clock).replace(",", ".") if clock else ""))
        if m["z"]:
            has_offset[i] = True
        elif m["sign"]:
            h, mi, se = int(m["h"]), int(m["m"] or 0), int(m["s"] or 0)
            if h > 23 or mi > 59 or se > 59:
                naive[-1] = ""
                continue
            has_offset[i] = True
            offset[i] = (1 if m["sign"] == "+" else -1) * (h * 3600 + mi * 60 + se)
    stamps = pd.to_datetime(pd.Series(naive, dtype=object), format="ISO8601", errors="coerce")
    values = stamps.to_numpy().astype("datetime64[s]")
    if has_offset.any():
        utc[has_offset] = values[has_offset] - offset[has_offset].astype("timedelta64[s]")
    local = ~has_offset & ~np.isnat(values)
    if local.any():
        idx = np.flatnonzero(local)
        placed = pd.Series(values[idx]).dt.tz_localize(zone, ambiguous=np.ones(len(idx), dtype=bool),
                                                       nonexistent="NaT")
        for j in np.flatnonzero(placed.isna().to_numpy()):
            bad.setdefault(int(idx[j]), f"this local time does not exist in {zone} (the clocks went forward)")
        utc[idx] = placed.dt.tz_convert(None).to_numpy().astype("datetime64[s]")
    for i in np.flatnonzero(np.isnat(utc)):
        bad.setdefault(int(i), _UNPARSED)
    latest = np.datetime64(_latest_s(), "s")
    for i in np.flatnonzero(~np.isnat(utc) & ((utc > latest) | (utc < _EARLIEST))):
        bad.setdefault(int(i), _OUT_OF_RANGE)
    text = np.char.add(np.datetime_as_string(utc, unit="s"), "+00:00")
    return text.tolist(), bad
