"""The import's fast ways must read exactly what the careful ways read.

`backnotes.csv_fast` is a fast reader (numpy finds the records and delimiters, one ``str.split``
cuts the cells) beside the standard library's ``csv`` reader, and a fast time parser for our export's
shape (integer numpy arithmetic) beside the general one (regular expression + pandas). Each test
below gives both the same random input and asserts the same output, so a speed-up can never change
what is imported.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from backnotes import csv_fast, journal_times
from backnotes.journal_import import ImportReader
from backnotes.journal_times import _general_times, parse_times

HEADER = ["at", "score", "areas", "leg_extent", "note"]

#: Characters that matter to CSV (delimiters, quotes, line breaks, the careful reader's end mark's
#: neighbours) plus ordinary text, controls and non-ASCII.
cell_text = st.text(alphabet=st.sampled_from(list('ab ,;"\n\r\t\x00\x01\x1c\x1f\u2028\x85é€😀\'=') + ["x"]),
                    max_size=12)
records = st.lists(st.lists(cell_text, min_size=5, max_size=5), min_size=1, max_size=25)


def _read(path: Path, *, fast: bool, block: int, monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Every chunk the reader yields, flattened: (line, cells) per record, then the dropped rows."""
    with monkeypatch.context() as m:
        m.setattr(csv_fast, "BLOCK_BYTES", block)
        if not fast:
            m.setattr(ImportReader, "_fast_block", lambda self, b, line: None)
        reader = ImportReader(path, kind="pain", columns=None, zone=ZoneInfo("UTC"))
        out: list[tuple] = []
        for chunk in reader._records():
            cells = list(zip(*chunk.cols)) if chunk.lines else []
            out.extend(("record", line, tuple(c)) for line, c in zip(chunk.lines, cells))
            out.extend(("dropped", e.line, e.reason.split(";")[0]) for e in chunk.dropped)
    return sorted(out, key=lambda r: (r[1], r[0]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=records, crlf=st.booleans(), blank_every=st.integers(0, 4), block=st.sampled_from([48, 200, 1 << 20]),
       ragged=st.booleans())
@example(rows=[["a", "b,c", '"q"', "line\nbreak", ""]], crlf=True, blank_every=0, block=1 << 20, ragged=False)
@example(rows=[["", "", "", "", ""], ["x", "", "", "", ""]], crlf=False, blank_every=1, block=48, ragged=True)
def test_fast_reader_reads_what_the_csv_module_reads(tmp_path_factory: pytest.TempPathFactory,
                                                     monkeypatch: pytest.MonkeyPatch, rows: list[list[str]],
                                                     crlf: bool, blank_every: int, block: int, ragged: bool) -> None:
    """Random cells (quotes, delimiters, CR, LF, NUL, non-ASCII), written by ``csv.writer`` with LF or
    CR LF, with blank lines and short rows mixed in, in blocks small enough that records and quoted
    cells straddle block ends: the fast reader gives the same records, lines and dropped rows."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(HEADER)
    for i, row in enumerate(rows):
        if blank_every and i % blank_every == 0:
            buf.write("\r\n" if crlf else "\n")
        writer.writerow(row[:3] if ragged and i % 3 == 1 else row)
    path = tmp_path_factory.mktemp("csv") / "pain.csv"
    path.write_bytes(buf.getvalue().encode("utf-8"))
    careful = _read(path, fast=False, block=block, monkeypatch=monkeypatch)
    fast = _read(path, fast=True, block=block, monkeypatch=monkeypatch)
    assert fast == careful
    assert sum(r[0] == "record" for r in careful) <= len(rows)  # and the reader really read records


# --- times ------------------------------------------------------------------------------------------

EARLIEST = datetime(1899, 12, 30)
LATEST = datetime(2030, 12, 31)


@st.composite
def export_times(draw: st.DrawFn) -> str:
    """A 25-character time of our export's shape, sometimes not a real date or time."""
    local = draw(st.datetimes(EARLIEST, LATEST)).replace(microsecond=0)
    sign = draw(st.sampled_from("+-"))
    hours = draw(st.integers(0, 25))  # 24 and 25 are not offsets
    minutes = draw(st.sampled_from([0, 0, 0, 30, 45, 19, 59, 60]))
    text = f"{local:%Y-%m-%dT%H:%M:%S}{sign}{hours:02d}:{minutes:02d}"
    spoil = draw(st.sampled_from([None, None, None, "month", "day", "hour", "minute", "letter", "comma"]))
    if spoil == "month":
        text = text[:5] + draw(st.sampled_from(["00", "13", "99"])) + text[7:]
    elif spoil == "day":
        text = text[:8] + draw(st.sampled_from(["00", "29", "30", "31", "32"])) + text[10:]
    elif spoil == "hour":
        text = text[:11] + "24" + text[13:]
    elif spoil == "minute":
        text = text[:14] + "60" + text[16:]
    elif spoil == "letter":
        at = draw(st.sampled_from([0, 3, 6, 9, 12, 15, 18, 21, 24]))
        text = text[:at] + "x" + text[at + 1:]
    elif spoil == "comma":
        text = text[:19] + "," + text[20:]
    return text


def _assert_parsers_agree(texts: list[str], tz: ZoneInfo) -> None:
    """The fast parser refuses the same rows (same reasons) and stores the same UTC text for the rest."""
    fast_texts, fast_bad = parse_times(texts, tz)
    slow_texts, slow_bad = _general_times(texts, tz)
    assert fast_bad == slow_bad
    accepted = [i for i in range(len(texts)) if i not in slow_bad]
    assert [fast_texts[i] for i in accepted] == [slow_texts[i] for i in accepted]


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(export_times(), min_size=1, max_size=40),
       zone=st.sampled_from(["UTC", "Europe/London", "Europe/Berlin", "Asia/Kolkata"]))
@example(texts=["2024-02-29T00:30:00+01:00", "2023-02-29T10:00:00+00:00", "1900-01-01T00:30:00+01:00",
                "2026-03-29T01:30:00-00:45", "1999-12-31T23:59:59-05:00", "2000-03-01T00:00:00+23:59"],
         zone="Europe/Berlin")
def test_fast_time_parser_agrees_with_the_general_one(texts: list[str], zone: str) -> None:
    """Same refusals (same reasons) and the same stored UTC text for every accepted time: leap days,
    midnight and month ends crossed by the offset, offsets with minutes, the 1900 and 'tomorrow'
    limits, and spoiled digits."""
    _assert_parsers_agree(texts, ZoneInfo(zone))


def test_fast_time_parser_is_really_used_and_exact() -> None:
    """Our export's shape goes the fast way (no regular expression per text), and a time just
    before UTC midnight in a zone east of Greenwich lands on the previous UTC day."""
    texts = ["2026-03-01T00:30:00+01:00", "2024-12-31T23:59:59-00:30"]
    exact = journal_times._exact_times(texts)
    assert exact is not None and exact.ok.all()
    assert exact.same_day.tolist() == [False, False]  # both cross midnight: computed in full
    stored, bad = parse_times(texts, ZoneInfo("UTC"))
    assert bad == {}
    assert stored == ["2026-02-28T23:30:00+00:00", "2025-01-01T00:29:59+00:00"]
    assert stored == [(datetime.fromisoformat(t).astimezone(timezone.utc)).isoformat() for t in texts]
    assert journal_times._exact_times(["2026-03-01 08:00"]) is None  # another shape: the general way


def test_future_limit_is_the_same_both_ways() -> None:
    tomorrow = datetime.now(timezone.utc) + timedelta(days=1, minutes=5)
    texts = [f"{tomorrow:%Y-%m-%dT%H:%M:%S}+00:00"]
    assert parse_times(texts, ZoneInfo("UTC"))[1] == _general_times(texts, ZoneInfo("UTC"))[1] == {
        0: "the date is in the future or before 1900-01-01 00:00 UTC"}


# --- the database's own checks ------------------------------------------------------------------------


def test_import_pauses_check_constraints_only_while_it_writes(tmp_path: Path) -> None:
    """Imports write with SQLite's CHECK constraints paused (every value was checked already, more
    strictly); afterwards, after a refused file too, they are on again, so other writes are checked,
    and the imported rows pass SQLite's own check of every constraint."""
    from backnotes.journal import Journal, JournalError

    good = tmp_path / "good.csv"
    good.write_text("at,score,areas,side,leg_extent,note\n2026-03-01T08:00:00+01:00,3,left calf,,foot,x\n"
                    "2026-03-02 09:00,10,lower back,both,,\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("at,score\n2026-03-03 09:00,11\n", encoding="utf-8")
    with Journal(tmp_path / "j.sqlite", tz="Europe/London") as j:
        assert j.import_csv(good) == 2
        with pytest.raises(JournalError):
            j.import_csv(bad)
        conn = j._conn
        assert conn.execute("PRAGMA ignore_check_constraints").fetchone()[0] == 0
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        with pytest.raises(Exception, match="CHECK constraint failed"):  # the table still refuses bad rows
            conn.execute("INSERT INTO pain (at, score) VALUES ('2026-03-03T09:00:00+00:00', 11)")
        assert j.pain()["score"].tolist() == [3, 10]


@pytest.mark.parametrize("order", ["in time order", "shuffled"])
def test_repeated_rows_are_kept_once_in_any_order(tmp_path: Path, order: str) -> None:
    """A file in time order skips the repeat search (one comparison pass); a shuffled one searches.
    Both keep each entry once, also across a second import of the same file."""
    from backnotes.journal import Journal

    rows = [f"2026-03-{d:02d}T08:00:00+00:00,{d % 11},lower back,,," for d in range(1, 21)]
    rows.insert(5, rows[5])  # the same entry twice, side by side
    if order == "shuffled":
        rows = rows[::-1]
    path = tmp_path / "p.csv"
    path.write_text("at,score,areas,side,leg_extent,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with Journal(tmp_path / "j.sqlite", tz="UTC") as j:
        assert j.import_csv(path) == 20
        assert j.import_csv(path) == 0
        assert j.pain()["at"].is_monotonic_increasing and len(j.pain()) == 20


def test_reading_times_back_agrees_with_sqlite() -> None:
    """`Journal.pain` turns stored times into seconds with the numpy parser (SQLite's strftime did it
    per row before); both give the same seconds, and a text of another shape still reads (pandas)."""
    import sqlite3

    import numpy as np

    from backnotes.journal import _categorical
    from backnotes.journal_times import stored_seconds

    stored = ["1900-01-01T00:00:00+00:00", "2024-02-29T23:59:59+00:00", "2026-03-29T01:00:00+00:00"]
    con = sqlite3.connect(":memory:")
    expected = [con.execute("SELECT CAST(strftime('%s', ?) AS INTEGER)", (s,)).fetchone()[0] for s in stored]
    assert stored_seconds(stored).tolist() == expected
    assert stored_seconds([*stored, "2026-03-29T01:00:00Z"]).tolist() == [*expected, expected[-1]]
    cat = _categorical(np.array(["foot", None, "thigh", "elsewhere"], dtype=object), ["thigh", "foot"], ordered=True)
    assert [cat[0], cat[2]] == ["foot", "thigh"] and cat.isna().tolist() == [False, True, False, True]
    assert cat.ordered and list(cat.categories) == ["thigh", "foot"]


# --- other apps' time shapes (issue 20): Z, +0000, no offset, a space for T, fractions ---------------

_SHAPES = ["%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S+0000", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S",
           "%Y-%m-%dT%H:%M:%S.123Z", "%Y-%m-%d %H:%M:%S,5-0330", "%Y-%m-%dT%H:%M:%S+05", "%Y-%m-%dT%H:%M:%S+00:19:32",
           "%Y-%m-%dT%H:%M:%S.999999+01:00"]


@st.composite
def shaped_column(draw: st.DrawFn) -> list[str]:
    """A column of times in one shape, a few of them spoiled (another shape, bad digits, a date that
    does not exist, a local time the clocks skip)."""
    shape = draw(st.sampled_from(_SHAPES))
    if draw(st.booleans()):  # a few shapes in one column (Python's isoformat drops zero microseconds)
        shape = draw(st.sampled_from(["iso", "iso-z", shape]))
    if shape.startswith("iso"):
        z = "Z" if shape == "iso-z" else ""
        local = st.datetimes(EARLIEST, LATEST).map(lambda t: t.isoformat() + z)
    else:
        local = st.datetimes(EARLIEST, LATEST).map(lambda t: t.strftime(shape))
    texts = draw(st.lists(local, min_size=1, max_size=30))
    for i in draw(st.lists(st.integers(0, len(texts) - 1), max_size=3)):
        spoil = draw(st.sampled_from(["month", "day", "hour", "letter", "T", "skipped", "repeated"]))
        t = texts[i]
        if spoil == "month":
            texts[i] = t[:5] + "13" + t[7:]
        elif spoil == "day":
            texts[i] = t[:8] + "31" + t[10:]
        elif spoil == "hour":
            texts[i] = t[:11] + "24" + t[13:]
        elif spoil == "letter":
            at = draw(st.integers(0, len(t) - 1))
            texts[i] = t[:at] + "x" + t[at + 1:]
        elif spoil == "T":
            texts[i] = t[:10] + ("T" if t[10] == " " else " ") + t[11:]
        elif spoil == "skipped":
            texts[i] = "2025-03-30 02:30:00"[:10] + t[10] + "02:30:00" + t[19:]
        else:
            texts[i] = "2025-10-26" + t[10] + "02:30:00" + t[19:]
    return texts


@settings(max_examples=300, deadline=None)
@given(texts=shaped_column(), zone=st.sampled_from(["UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kolkata"]))
def test_other_shapes_parse_as_the_general_parser_does(texts: list[str], zone: str) -> None:
    _assert_parsers_agree(texts, ZoneInfo(zone))


@pytest.mark.parametrize("texts", [["2026-03-01T07:30:00Z"], ["2026-03-01T08:30:00+0100"],
                                   ["2026-03-01 08:30:00"], ["2026-03-01T08:30:00.250+01:00"]])
def test_other_shapes_take_the_fast_way(texts: list[str]) -> None:
    found = journal_times._shaped_times(texts, ZoneInfo("Europe/Berlin"))
    assert found is not None and found[1].all()
    assert parse_times(texts, ZoneInfo("Europe/Berlin")) == (["2026-03-01T07:30:00+00:00"], {})


def test_a_column_of_a_few_lengths_takes_the_fast_way_by_length() -> None:
    texts = ["2026-03-01T08:30:00", "2026-03-01T08:30:00.500000", "2026-03-01T08:31:00"]
    zone = ZoneInfo("Europe/Berlin")
    assert journal_times._shaped_times(texts, zone) is None  # not one shape
    found = journal_times._shaped_groups(texts, zone)
    assert found is not None and found[1].all()
    assert parse_times(texts, zone)[0] == ["2026-03-01T07:30:00+00:00"] * 2 + ["2026-03-01T07:31:00+00:00"]


def test_blocks_scale_with_the_file_within_bounds() -> None:
    # a small file is read in small blocks (its import's memory stays below its size), a large one
    # in blocks of at most BLOCK_BYTES (memory flat however long the file is)
    assert csv_fast.block_bytes(0) == csv_fast.block_bytes(50_000) == csv_fast.MIN_BLOCK_BYTES
    assert csv_fast.block_bytes(64 * 100_000) == 100_000
    assert csv_fast.block_bytes(10**10) == csv_fast.BLOCK_BYTES
    assert csv_fast.MIN_BLOCK_BYTES < csv_fast.BLOCK_BYTES


def test_an_import_holds_a_page_cache_of_an_eighth_of_the_file_then_gives_it_back(tmp_path, monkeypatch) -> None:
    # SQLite's cached pages are the import's memory: small for a small file, bounded for a large one
    from backnotes import journal as journal_module
    from backnotes.journal import Journal

    path = tmp_path / "p.csv"
    path.write_text("at,score\n" + "".join(f"2020-01-{d:02d}T08:00:00+00:00,{d % 11}\n" for d in range(1, 29)),
                    encoding="utf-8")
    with Journal(tmp_path / "j.sqlite", tz="UTC") as j:
        said: list[str] = []
        j._conn.set_trace_callback(said.append)
        assert j.import_csv(path) == 28
        j._conn.set_trace_callback(None)
        assert f"PRAGMA cache_size = -{journal_module.IMPORT_CACHE_MIN_KIB}" in said  # a tiny file: the least
        assert j._conn.execute("PRAGMA cache_size").fetchone()[0] == -journal_module.CACHE_KIB  # given back
    monkeypatch.setattr(journal_module, "_file_size", lambda _path: 1 << 30)  # as if 1 GiB: the bound
    with Journal(tmp_path / "k.sqlite", tz="UTC") as j:
        said = []
        j._conn.set_trace_callback(said.append)
        j.import_csv(path)
        assert f"PRAGMA cache_size = -{journal_module.IMPORT_CACHE_KIB}" in said
