"""CSV import and export: our own format, other apps' exports, every bad-input case, round trip."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import backnotes
from backnotes.journal import Journal, JournalError, RowError, find_demo_folder

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def journal(tmp_path: Path):
    with Journal(tmp_path / "j.sqlite", tz="Europe/London") as j:
        yield j


def plain(column: pd.Series) -> list:
    """A categorical column as a list with None for missing values."""
    return [None if pd.isna(v) else v for v in column]


def write(tmp_path: Path, text: str, name: str = "in.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_import_own_format(journal: Journal, tmp_path: Path) -> None:
    path = write(tmp_path, "at,score,areas,leg_extent,note\n"
                           "2026-03-01T08:00:00+01:00,5,lower back;glutes,thigh,first\n"
                           "2026-03-01 20:00,4,\"Lower back, Hamstrings\",,\n"
                           "\n"
                           "2026-03-02T08:00:00Z,3,,none,\"two\nlines\"\n")
    assert journal.import_csv(path) == 3
    df = journal.pain()
    assert df["score"].tolist() == [5, 4, 3]
    assert df["at"].iloc[0] == pd.Timestamp("2026-03-01T07:00:00Z")  # offset respected
    assert df["at"].iloc[1] == pd.Timestamp("2026-03-01T20:00:00Z")  # naive = journal zone (GMT in March)
    assert df["areas"].tolist() == ["lower back;glutes", "lower back;hamstrings", ""]
    assert df["note"].iloc[2] == "two\nlines"
    assert journal.import_csv(path) == 0  # re-import: duplicates skipped, not doubled


def test_import_tz_for_naive_times(journal: Journal, tmp_path: Path) -> None:
    path = write(tmp_path, "at,score\n2026-03-01 08:00,5\n")
    assert journal.import_csv(path, tz="America/New_York") == 1
    assert journal.pain()["at"].iloc[0] == pd.Timestamp("2026-03-01T13:00:00Z")


def test_import_other_app_with_mapping(journal: Journal, tmp_path: Path) -> None:
    path = write(tmp_path, "Date;Time;Pain level;Location;Comment;Mood\n"
                           "2026-03-01;8:05;6;Lower back, Glutes;ok;good\n"
                           "2026-03-02;20:30;4;lower back;;meh\n")
    cols = {"date": "Date", "time": "Time", "score": "Pain level", "areas": "Location", "note": "Comment"}
    assert journal.import_csv(path, columns=cols) == 2
    df = journal.pain()
    assert df["at"].dt.strftime("%Y-%m-%d %H:%M").tolist() == ["2026-03-01 08:05", "2026-03-02 20:30"]
    assert df["areas"].tolist() == ["lower back;glutes", "lower back"]
    # no leg-extent column: the most distal leg area gives it (glutes -> buttock; the back alone says nothing)
    assert df["leg_extent"].tolist()[0] == "buttock" and pd.isna(df["leg_extent"].iloc[1])
    assert journal.import_csv(path, columns=cols) == 0


#: How notebook 04 maps the invented "other app" export onto our fields.
EXAMPLE_COLUMNS = {"date": "Date", "time": "Time", "score": "Pain (0-10)", "areas": "Where",
                   "note": "Comment"}


def test_example_other_app_file_imports(tmp_path: Path) -> None:
    example = REPO / "data" / "examples" / "other-app-pain-export.csv"
    with Journal(tmp_path / "j.sqlite") as j:
        n = j.import_csv(example, columns=EXAMPLE_COLUMNS, tz="Europe/London")
        assert n == len(pd.read_csv(example)) - 1  # the file repeats one row on purpose
        assert j.import_csv(example, columns=EXAMPLE_COLUMNS, tz="Europe/London") == 0


def test_errors_list_every_bad_row(journal: Journal, tmp_path: Path) -> None:
    journal.log_pain(1, at="2026-01-01 08:00")
    path = write(tmp_path, "at,score,areas,leg_extent,note\n"
                           "2026-03-01 08:00,5,,,\n"        # line 2 fine
                           "2026-03-01 09:00,11,,,\n"       # 3 out of range
                           "2026-03-01 10:00,five,,,\n"     # 4 not a number
                           "2026-03-01 11:00,4.5,,,\n"      # 5 not whole
                           "2026-13-01 08:00,4,,,\n"        # 6 bad date
                           "2026-03-01 25:00,4,,,\n"        # 7 bad time
                           ",4,,,\n"                        # 8 no time
                           "2026-03-01 12:00,,,,\n"         # 9 no score
                           "2026-03-01 13:00,4,knee,,\n"    # 10 unknown area
                           "2026-03-01 14:00,4,,ankle,\n"   # 11 unknown leg extent
                           "2026-03-01 15:00,4,,\n"         # 12 too few fields
                           "2099-03-01 15:00,4,,,\n")       # 13 in the future
    with pytest.raises(JournalError) as info:
        journal.import_csv(path)
    errors = info.value.errors
    assert [e.line for e in errors] == list(range(3, 14))
    assert all(isinstance(e, RowError) for e in errors)
    by_line = {e.line: e for e in errors}
    assert by_line[3].column == "score" and by_line[3].value == "11" and "0 to 10" in by_line[3].reason
    assert by_line[4].column == "score" and "not a number" in by_line[4].reason
    assert by_line[5].column == "score" and "whole" in by_line[5].reason
    assert by_line[6].column == "at" and by_line[7].column == "at" and by_line[8].column == "at"
    assert by_line[9].column == "score"
    assert by_line[10].column == "areas" and "lower back" in by_line[10].reason
    assert by_line[11].column == "leg_extent" and "below knee" in by_line[11].reason
    assert "fields" in by_line[12].reason
    assert "future" in by_line[13].reason
    assert "line 3" in str(info.value)
    assert journal.counts()["pain"] == 1  # all or nothing


def test_line_numbers_count_multiline_cells(journal: Journal, tmp_path: Path) -> None:
    path = write(tmp_path, 'at,score,note\n2026-03-01 08:00,5,"a\nb\nc"\n2026-03-01 09:00,12,x\n')
    with pytest.raises(JournalError) as info:
        journal.import_csv(path)
    assert [e.line for e in info.value.errors] == [5]


@pytest.mark.parametrize("text, match", [
    ("", "empty"),
    ("   \n\n", "empty"),
    ("when,score\n2026-03-01 08:00,5\n", "missing column"),
    ("at,pain\n2026-03-01 08:00,5\n", "missing column"),
])
def test_file_level_errors(journal: Journal, tmp_path: Path, text: str, match: str) -> None:
    with pytest.raises(JournalError, match=match):
        journal.import_csv(write(tmp_path, text))
    assert journal.counts()["pain"] == 0


def test_missing_columns_listed_as_errors(journal: Journal, tmp_path: Path) -> None:
    with pytest.raises(JournalError) as info:
        journal.import_csv(write(tmp_path, "note\nhello\n"))
    assert {(e.line, e.column) for e in info.value.errors} == {(1, "at"), (1, "score")}


def test_wrong_encoding(journal: Journal, tmp_path: Path) -> None:
    path = write(tmp_path, "at,score,note\n2026-03-01 08:00,5,caf\u00e9 cr\u00e8me\n", encoding="cp1252")
    with pytest.raises(JournalError, match="UTF-8") as info:
        journal.import_csv(path)
    assert "line 2" in str(info.value)
    assert journal.counts()["pain"] == 0
    assert journal.import_csv(path, encoding="cp1252") == 1
    assert journal.pain()["note"].iloc[0] == "caf\u00e9 cr\u00e8me"
    with pytest.raises(JournalError, match="encoding"):
        journal.import_csv(path, encoding="no-such-codec")


def test_utf8_bom_and_semicolon_delimiter(journal: Journal, tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffat;score;note\n2026-03-01 08:00;5;b\u00f6se\n".encode("utf-8"))
    assert journal.import_csv(path) == 1


@pytest.mark.parametrize("columns, match", [
    ({"pain": "Pain level"}, "not a field"),
    ({"score": "No such column", "at": "Date"}, "not in the header"),
    ({"at": "Date", "date": "Date", "score": "Pain level"}, "not both"),
    ({"time": "Time", "score": "Pain level"}, "needs a 'date'"),
    ({"areas": "Location"}, "missing column"),
])
def test_bad_mappings(journal: Journal, tmp_path: Path, columns: dict, match: str) -> None:
    path = write(tmp_path, "Date,Time,Pain level,Location\n2026-03-01,08:00,5,lower back\n")
    with pytest.raises(JournalError, match=match):
        journal.import_csv(path, columns=columns)
    assert journal.counts()["pain"] == 0


def test_bad_kind_and_missing_file(journal: Journal, tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="kind"):
        journal.import_csv(tmp_path / "x.csv", kind="moods")
    with pytest.raises(JournalError, match="not found"):
        journal.import_csv(tmp_path / "x.csv")


def test_sessions_and_sets_import(journal: Journal, tmp_path: Path) -> None:
    sessions = write(tmp_path, "at,routine,duration_s,completed,pain_before,pain_after,notes\n"
                               "2026-03-01 09:00,Gentle start,600,yes,5,4,\n"
                               "2026-03-02 09:00,Gentle start,,no,,,\n", "sessions.csv")
    sets = write(tmp_path, "at,exercise_id,set,side,reps_planned,reps_done,hold_s_planned,hold_s_done,skipped\n"
                           "2026-03-01 09:00,knee-to-chest,1,left,3,3,60,60,no\n"
                           "2026-03-01 09:00,short-bridge,1,,8,6,,,yes\n", "sets.csv")
    with pytest.raises(JournalError, match="no session") as info:
        journal.import_csv(sets, kind="sets")
    assert [e.line for e in info.value.errors] == [2, 3]
    assert journal.import_csv(sessions, kind="sessions") == 2
    assert journal.import_csv(sets, kind="sets") == 2
    assert journal.import_csv(sets, kind="sets") == 0
    s = journal.sessions()
    assert s["completed"].tolist() == [True, False] and pd.isna(s["pain_before"].iloc[1])
    x = journal.sets()
    assert x["skipped"].tolist() == [False, True] and x["side"].tolist() == ["left", ""]


@pytest.mark.parametrize("kind, text, column", [
    ("sessions", "at,completed\n2026-03-01 09:00,maybe\n", "completed"),
    ("sessions", "at,duration_s\n2026-03-01 09:00,-5\n", "duration_s"),
    ("sessions", "at,pain_after\n2026-03-01 09:00,15\n", "pain_after"),
    ("sets", "at,exercise_id,set,reps_done\n2026-03-01 09:00,,1,3\n", "exercise_id"),
    ("sets", "at,exercise_id,set,reps_done\n2026-03-01 09:00,x,0,3\n", "set"),
    ("sets", "at,exercise_id,set,reps_done\n2026-03-01 09:00,x,1,-3\n", "reps_done"),
    ("sets", "at,exercise_id,set,reps_done,side\n2026-03-01 09:00,x,1,3,up\n", "side"),
    # float("inf") parses, and int() of it raises OverflowError: it must become a row error
    ("pain", "at,score\n2026-03-01 09:00,inf\n", "score"),
    ("pain", "at,score\n2026-03-01 09:00,-inf\n", "score"),
    ("sessions", "at,duration_s\n2026-03-01 09:00,inf\n", "duration_s"),
    ("sessions", "at,pain_before\n2026-03-01 09:00,inf\n", "pain_before"),
    ("sets", "at,exercise_id,set,reps_done\n2026-03-01 09:00,x,1,inf\n", "reps_done"),
])
def test_bad_session_and_set_rows(journal: Journal, tmp_path: Path, kind: str, text: str, column: str) -> None:
    journal.log_session(backnotes.load_routine("gentle-start"), at="2026-03-01 09:00")
    before = journal.counts()
    with pytest.raises(JournalError) as info:
        journal.import_csv(write(tmp_path, text), kind=kind)
    assert [(e.line, e.column) for e in info.value.errors] == [(2, column)]
    assert journal.counts() == before


def test_export_round_trip(tmp_path: Path) -> None:
    source = find_demo_folder()
    with Journal(tmp_path / "a.sqlite", tz="Europe/London") as a, Journal(tmp_path / "b.sqlite", tz="UTC") as b:
        for kind in ("pain", "sessions", "sets"):
            a.import_csv(source / f"{kind}.csv", kind=kind)
        a.log_pain(3, at="2026-09-01 08:00", areas=["lower back"], note='quote " comma , and\nnewline <b>')
        paths = a.export_csv(tmp_path / "export")
        assert sorted(paths) == ["pain", "red_flags", "sessions", "sets"]  # red flags: a file of their own
        assert not list((tmp_path / "export").glob(".*"))  # no temporary files left
        for kind in ("pain", "sessions", "sets"):
            assert b.import_csv(paths[kind], kind=kind) == a.counts()[kind]
        for name in ("pain", "sessions", "sets"):
            left, right = getattr(a, name)(), getattr(b, name)()
            for c in ("at", "checked_at", "morning_at"):
                if c in right:
                    right[c] = right[c].dt.tz_convert("Europe/London")
            pd.testing.assert_frame_equal(left, right)
        # exporting again gives the same files, byte for byte
        first = {k: p.read_bytes() for k, p in paths.items()}
        assert {k: p.read_bytes() for k, p in a.export_csv(tmp_path / "export").items()} == first
        assert b"+01:00" in first["pain"]  # local time with its UTC offset


def test_demo_files_are_our_export_format() -> None:
    source = find_demo_folder()
    header = (source / "pain.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "at,score,back,leg,areas,side,leg_extent,note"
    assert "invented" in (source / "README.md").read_text(encoding="utf-8").lower()


def test_ragged_rows_and_empty_rows(journal: Journal, tmp_path: Path) -> None:
    short = write(tmp_path, "at,score,note\n2026-03-01 08:00,5,a\n2026-03-01 09:00,4\n", "short.csv")
    with pytest.raises(JournalError) as info:
        journal.import_csv(short)
    assert [(e.line, "fields" in e.reason) for e in info.value.errors] == [(3, True)]
    long = write(tmp_path, "at,score\n2026-03-01 08:00,5,extra\n", "long.csv")
    with pytest.raises(JournalError) as info:
        journal.import_csv(long)
    assert [e.line for e in info.value.errors] == [2]
    assert journal.counts()["pain"] == 0
    gaps = write(tmp_path, "at,score,note\n,,\n2026-03-01 08:00,5,a\n\n,,\n2026-03-01 09:00,4,b\n", "gaps.csv")
    assert journal.import_csv(gaps) == 2  # spreadsheet filler rows are ignored


@pytest.mark.parametrize("header", ["at,score,score", "at,Score,score ", "at,score,note,Note"])
def test_duplicate_header_names_are_an_error(journal: Journal, tmp_path: Path, header: str) -> None:
    cells = ",".join(["2026-03-01 08:00", "5"] + ["x"] * (header.count(",") - 1))
    with pytest.raises(JournalError, match="more than once") as info:
        journal.import_csv(write(tmp_path, f"{header}\n{cells}\n"))
    assert info.value.errors and info.value.errors[0].line == 1
    assert journal.counts()["pain"] == 0


def test_demo_generator_is_deterministic(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_demo", REPO / "data" / "demo" / "make_demo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    module.main(tmp_path)
    for kind in ("pain", "sessions", "sets"):
        assert (tmp_path / f"{kind}.csv").read_bytes() == (REPO / "data" / "demo" / f"{kind}.csv").read_bytes()


@pytest.mark.parametrize("texts", [
    ["2026-03-01T08:00:00+01:00", "2026-03-01T08:00:00-05:00", "2026-03-01T08:00:00+00:00"],  # the fast shape
    ["2026-03-01T08:00:00+01:00", "2026-03-01T08:00:00.000000"],  # same length, one without offset
    ["2026-03-01 08:00", "2026-03-01T08:00Z", "2026-03-01T08:00+0100", "2026-03-01"],
])
def test_time_parser_fast_shape_agrees_with_general_path(texts: list[str]) -> None:
    from backnotes.journal_csv import parse_times

    zone = __import__("zoneinfo").ZoneInfo("Europe/Berlin")
    fast = parse_times(texts, zone)
    general = parse_times(texts + ["2026-03-01 08:00"], zone)  # a different shape forces the general path
    assert fast[1] == {} and general[1] == {}
    assert fast[0] == general[0][:-1]


# --- locations and sides ---------------------------------------------------------------------------

#: How notebook 04 maps the invented pain-diary export with sides onto our fields.
DIARY_COLUMNS = {"date": "Date", "time": "Time", "score": "Pain level", "areas": "Location", "note": "Notes"}


def test_example_export_with_sides_imports(tmp_path: Path) -> None:
    example = REPO / "data" / "examples" / "pain-diary-export-with-sides.csv"
    with Journal(tmp_path / "j.sqlite", tz="Europe/London") as j:
        with pytest.raises(JournalError, match="area_map") as caught:  # "Sciatic nerve" is no body area
            j.import_csv(example, columns=DIARY_COLUMNS)
        assert [(e.line, e.column) for e in caught.value.errors] == [(4, "Location")]
        assert "'Sciatic nerve'" in caught.value.errors[0].reason
        assert j.counts()["pain"] == 0
        n = j.import_csv(example, columns=DIARY_COLUMNS, area_map={"sciatic nerve": "glutes"})
        assert n == 7
        df = j.pain()
    assert df["areas"].tolist() == ["lower back;glutes;thighs", "lower back;glutes", "glutes;calves;ankles and feet",
                                    "glutes;calves", "lower back", "lower back;glutes", "lower back"]
    assert plain(df["side"]) == ["left", "left", "left", "left", None, "left", None]
    assert plain(df["leg_extent"]) == ["thigh", "buttock", "foot", "below knee", None, "buttock", None]


def test_locations_sides_and_leg_extent_in_import(journal: Journal, tmp_path: Path) -> None:
    path = write(tmp_path, "when,pain,where,side\n"
                           "2026-03-01 08:00,5,Left calf; Left foot,\n"
                           "2026-03-01 09:00,5,calf (right),R\n"
                           "2026-03-01 10:00,5,\"L calf, Right-sided buttock\",\n"
                           "2026-03-01 11:00,5,Lower back,bilateral\n"
                           "2026-03-01 12:00,5,thigh,\n")
    cols = {"at": "when", "score": "pain", "areas": "where", "side": "side"}
    assert journal.import_csv(path, columns=cols) == 5
    df = journal.pain()
    assert plain(df["side"]) == ["left", "right", "both", "both", None]
    assert plain(df["leg_extent"]) == ["foot", "below knee", "below knee", None, "thigh"]
    with Journal(tmp_path / "off.sqlite") as other:  # switched off: no leg extent is made up
        assert other.import_csv(path, columns=cols, infer_leg_extent=False) == 5
        assert other.pain()["leg_extent"].isna().all()


@pytest.mark.parametrize("text, column, match", [
    ("at,score,areas,side\n2026-03-01 08:00,5,left calf,right\n", "side", "disagrees|says"),
    ("at,score,areas,side\n2026-03-01 08:00,5,calf,up\n", "side", "left, right, both"),
    ("at,score,areas\n2026-03-01 08:00,5,calf; knee\n", "areas", r"area_map=\{'knee'"),
])
def test_bad_locations_and_sides(journal: Journal, tmp_path: Path, text: str, column: str, match: str) -> None:
    with pytest.raises(JournalError) as caught:
        journal.import_csv(write(tmp_path, text))
    assert [(e.line, e.column) for e in caught.value.errors] == [(2, column)]
    assert caught.value.errors[0].reason and __import__("re").search(match, caught.value.errors[0].reason)


def test_bad_area_map_is_a_journal_error(journal: Journal, tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="area_map"):
        journal.import_csv(write(tmp_path, "at,score\n2026-03-01 08:00,5\n"), area_map={"x": "spleen"})


def test_side_round_trip(journal: Journal, tmp_path: Path) -> None:
    journal.log_pain(4, at="2026-03-01 08:00", areas="left calf", leg_extent="below knee")
    journal.log_pain(4, at="2026-03-02 08:00", areas="lower back", side="both")
    journal.log_pain(4, at="2026-03-03 08:00")
    files = journal.export_csv(tmp_path / "out")
    assert files["pain"].read_text(encoding="utf-8").splitlines()[0] == "at,score,back,leg,areas,side,leg_extent,note"
    with Journal(tmp_path / "copy.sqlite", tz="UTC") as copy:
        assert copy.import_csv(files["pain"]) == 3
        pd.testing.assert_frame_equal(copy.pain().drop(columns="at"), journal.pain().drop(columns="at"))


# --- back and leg apart (schema 3) ------------------------------------------------------------------


def test_import_maps_back_leg_and_score_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "when,Back pain,Leg pain,Pain\n"
                           "2026-03-01 08:00,4,6,\n2026-03-02 08:00,3,,\n2026-03-03 08:00,,,5\n2026-03-04 08:00,,0,\n")
    with Journal(tmp_path / "j.sqlite", tz="UTC") as j:
        j.import_csv(path, columns={"at": "when", "back": "Back pain", "leg": "Leg pain", "score": "Pain"})
        df = j.pain()
        assert df["back"].astype(object).tolist() == [4, 3, pd.NA, pd.NA]
        assert df["leg"].astype(object).tolist() == [6, pd.NA, pd.NA, 0]
        # an imported single score stays overall: never guessed into back or leg
        assert df["overall"].astype(object).tolist() == [pd.NA, pd.NA, 5, pd.NA]


def test_import_needs_a_score_of_some_kind(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite", tz="UTC") as j:
        with pytest.raises(JournalError) as info:
            j.import_csv(write(tmp_path, "at,back,leg,score\n2026-03-01 08:00,,,\n2026-03-02 08:00,11,,\n"))
        assert [(e.line, e.column) for e in info.value.errors] == [(2, "score"), (3, "back")]
        assert "back, leg or a single overall score" in info.value.errors[0].reason
        with pytest.raises(JournalError, match="missing column"):
            j.import_csv(write(tmp_path, "at,areas\n2026-03-01 08:00,calf\n"))
        assert j.pain().empty


def test_back_leg_and_session_checks_round_trip(tmp_path: Path) -> None:
    with Journal(tmp_path / "a.sqlite", tz="Europe/London") as a, Journal(tmp_path / "b.sqlite", tz="Europe/London") as b:
        a.log_pain(back=4, leg=6, at="2026-03-01 08:00", areas="left calf")
        a.log_pain(5, at="2026-03-02 08:00")
        a.log_pain(back=1, at="2026-03-03 08:00")
        sid = a.log_session(backnotes.load_routine("gentle-start"), at="2026-03-01 09:00", pain_before=4)
        a.log_check(sid, back=5, leg=7, leg_change="further", new_nerve_symptoms=True, at="2026-03-01 09:45")
        a.log_morning(sid, back="worse", at="2026-03-02 07:10")
        a.log_session(backnotes.load_routine("gentle-start"), at="2026-03-03 09:00")
        files = a.export_csv(tmp_path / "out")
        header = files["pain"].read_text(encoding="utf-8").splitlines()
        assert header[0] == "at,score,back,leg,areas,side,leg_extent,note"
        assert header[1].startswith("2026-03-01T08:00:00+00:00,,4,6,")  # score (overall) empty: not guessed
        for kind in ("pain", "sessions", "sets"):
            b.import_csv(files[kind], kind=kind)
        pd.testing.assert_frame_equal(a.pain(), b.pain())
        pd.testing.assert_frame_equal(a.sessions().drop(columns="id"), b.sessions().drop(columns="id"))


def test_columns_empty_in_every_row_are_not_written_and_repeats_still_found(tmp_path) -> None:
    # a file with a single score leaves back, leg and side empty: those columns are left out of the
    # insert (NULL in the table); importing the file again still adds nothing, and an entry at the
    # same time with the same score but also a back score is a different entry
    from backnotes.journal import Journal

    split = tmp_path / "split.csv"
    split.write_text("at,score,back\n2026-03-01T08:00:00+00:00,4,3\n", encoding="utf-8")
    path = tmp_path / "scores.csv"
    path.write_text("at,score\n2026-03-01T08:00:00+00:00,4\n2026-03-01T09:00:00+00:00,5\n", encoding="utf-8")
    with Journal(tmp_path / "j.sqlite", tz="UTC") as j:
        assert j.import_csv(split) == 1
        assert j.import_csv(path) == 2
        assert j.import_csv(path) == 0  # repeats, though the insert left columns out
        stored = j._conn.execute("SELECT at, score, back, leg, side FROM pain ORDER BY id").fetchall()
    assert stored == [("2026-03-01T08:00:00+00:00", 4, 3, None, None),
                      ("2026-03-01T08:00:00+00:00", 4, None, None, None),
                      ("2026-03-01T09:00:00+00:00", 5, None, None, None)]
