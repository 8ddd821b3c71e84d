"""ExerciseBrowser: its traits drive the count, table and detail card; its controls drive the traits."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest
import traitlets

import backnotes
from backnotes import filter_exercises, load_exercises
from backnotes.catalog import dose_text
from backnotes.widgets import ExerciseBrowser


@pytest.fixture
def browser() -> ExerciseBrowser:
    return ExerciseBrowser()


def _shown_names(b: ExerciseBrowser) -> list[str]:
    """Exercise names in the table, in order (first cell of each body row)."""
    rows = b.table.value.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    return [html.unescape(re.search(r"<td[^>]*>(.*?)</td>", r)[1]) for r in rows]


def test_starts_with_the_bundled_catalog(browser: ExerciseBrowser) -> None:
    df = load_exercises()
    assert browser.total == len(df) == browser.count
    assert browser.count_label.value == f"{len(df)} of {len(df)} exercises"
    assert "backnotes-count" in browser.count_label._dom_classes
    assert _shown_names(browser) == list(df["name"])
    assert browser.selected == df.index[0]
    assert html.escape(df.iloc[0]["name"]) in browser.card.value


def test_one_toggle_per_area_present_with_css_class(browser: ExerciseBrowser) -> None:
    present = [a for a in backnotes.BODY_AREAS if any(a in areas for areas in browser.catalog["body_areas"])]
    assert list(browser.area_toggles) == present
    for area, toggle in browser.area_toggles.items():
        assert toggle.description == area
        assert "backnotes-area-toggle" in toggle._dom_classes


def test_setting_areas_changes_count_table_and_card(browser: ExerciseBrowser) -> None:
    df = browser.catalog
    browser.areas = ("calves",)
    expected = filter_exercises(df, areas="calves")
    assert browser.count == len(expected) < browser.total
    assert browser.count_label.value == f"{len(expected)} of {len(df)} exercises"
    assert _shown_names(browser) == list(expected["name"])
    assert browser.selected in expected.index  # the card follows the filter
    assert html.escape(df.loc[browser.selected, "name"]) in browser.card.value
    assert browser.area_toggles["calves"].value and not browser.area_toggles["glutes"].value


def test_toggles_update_areas(browser: ExerciseBrowser) -> None:
    seen: list[tuple[str, ...]] = []
    browser.observe(lambda change: seen.append(change.new), names="areas")
    browser.area_toggles["glutes"].value = True
    browser.area_toggles["abdominals"].value = True
    assert browser.areas == ("abdominals", "glutes")  # BODY_AREAS order
    assert seen[-1] == ("abdominals", "glutes")
    assert browser.count == len(filter_exercises(browser.catalog, areas=["abdominals", "glutes"]))
    browser.area_toggles["glutes"].value = False
    assert browser.areas == ("abdominals",)


def test_each_choice_trait_filters_and_updates_its_dropdown(browser: ExerciseBrowser) -> None:
    df = browser.catalog
    for name, value in (("position", "standing"), ("equipment", "wall"), ("phase", "strengthening"),
                        ("kind", "hold")):
        browser.clear()
        setattr(browser, name, value)
        assert browser.count == len(filter_exercises(df, **{name: value})), name
        assert browser.dropdowns[name].value == value
        assert list(browser.filtered.index) == list(filter_exercises(df, **{name: value}).index)


def test_dropdowns_and_search_box_drive_traits(browser: ExerciseBrowser) -> None:
    browser.dropdowns["position"].value = "lying on back"
    assert browser.position == "lying on back"
    browser.search.value = "BRIDGE"
    assert browser.text == "BRIDGE"
    expected = filter_exercises(browser.catalog, position="lying on back", text="bridge")
    assert browser.count == len(expected) > 0
    browser.dropdowns["position"].value = ""
    assert browser.position == ""


def test_combined_filters_and_no_match(browser: ExerciseBrowser) -> None:
    browser.areas = ("lower back",)
    browser.phase = "strengthening"
    assert browser.count == len(filter_exercises(browser.catalog, areas="lower back", phase="strengthening"))
    browser.text = "no such exercise zzz"
    assert browser.count == 0
    assert "No exercise matches" in browser.table.value
    assert browser.selected == ""
    assert "Choose an exercise" in browser.card.value
    browser.clear()
    assert browser.count == browser.total and browser.areas == () and browser.text == ""
    assert not any(t.value for t in browser.area_toggles.values())


def test_selected_drives_detail_card(browser: ExerciseBrowser) -> None:
    df = browser.catalog
    seen: list[str] = []
    browser.observe(lambda change: seen.append(change.new), names="selected")
    browser.selected = "wall-calf-stretch"
    row = df.loc["wall-calf-stretch"]
    card = browser.card.value
    assert seen == ["wall-calf-stretch"]
    assert browser.picker.value == "wall-calf-stretch"
    for text in (row["name"], row["summary"], *row["steps"], *row["cues"], *row["cautions"], dose_text(row)):
        assert html.escape(text) in card, text
    assert "3 holds of 20 s each side, 10 s rest" in card  # the dose in plain words
    assert "Note:" in card and "hamstring" in card  # the calf-vs-hamstring correction
    assert html.escape(row["source"]) in card
    browser.picker.value = "clamshell"  # choosing in the list sets the trait
    assert browser.selected == "clamshell"
    assert html.escape(df.loc["clamshell", "steps"][0]) in browser.card.value


def test_bad_values_are_refused_naming_allowed(browser: ExerciseBrowser) -> None:
    with pytest.raises(traitlets.TraitError, match="standing"):
        browser.position = "upside down"
    with pytest.raises(traitlets.TraitError, match="lower back"):
        browser.areas = ("spleen",)
    with pytest.raises(traitlets.TraitError, match="no-such-id"):
        browser.selected = "no-such-id"
    assert browser.count == browser.total  # nothing changed


def test_valid_value_missing_from_catalog_gives_zero(browser: ExerciseBrowser) -> None:
    browser.equipment = "machine"  # a known word that no bundled exercise uses
    assert browser.count == 0
    assert browser.dropdowns["equipment"].value == "machine"


def test_html_in_catalog_text_is_escaped(tmp_path: Path) -> None:
    df = load_exercises()
    evil = "<script>alert('x')</script> & <b>bold</b>"
    df.loc["glute-bridge", "name"] = evil
    df.loc["glute-bridge", "notes"] = evil
    df.at["glute-bridge", "steps"] = (evil, "Lower slowly.")
    b = ExerciseBrowser(df)
    b.selected = "glute-bridge"
    for widget in (b.table, b.card):
        assert "<script>" not in widget.value and "<b>bold</b>" not in widget.value
        assert html.escape(evil) in widget.value
    assert evil in [label for label, _ in b.picker.options]  # a Select shows plain text


FREE_DB_SAMPLE = [
    {"id": "Hip_Lift", "name": "Hip Lift", "category": "strength", "equipment": "body only", "level": "beginner",
     "primaryMuscles": ["glutes"], "secondaryMuscles": ["lower back"], "instructions": ["Lift the hips."]},
    {"id": "Reach", "name": "Seated Reach", "category": "stretching", "equipment": None, "level": "beginner",
     "primaryMuscles": ["hamstrings"], "secondaryMuscles": [], "instructions": ["Reach forward."]},
    {"id": "Curl", "name": "Curl", "category": "strength", "equipment": "dumbbell", "level": "expert",
     "primaryMuscles": ["biceps"], "secondaryMuscles": ["forearms"], "instructions": ["Bend the elbow."]},
]


def test_works_on_a_free_exercise_db_frame(tmp_path: Path) -> None:
    path = tmp_path / "exercises.json"
    path.write_text(json.dumps(FREE_DB_SAMPLE), encoding="utf-8")
    df = backnotes.load_free_exercise_db(path)
    b = ExerciseBrowser(df)
    assert b.total == 3 == b.count
    assert list(b.area_toggles) == ["arms", "lower back", "glutes", "hamstrings"]
    assert b.dropdowns["position"].disabled  # no positions in this format
    assert "&ndash;" in b.table.value          # missing position shown as a dash
    b.area_toggles["glutes"].value = True
    assert b.count == 1 and b.selected == "Hip_Lift"
    b.areas = ()
    b.kind = "hold"
    assert b.count == 1 and b.selected == "Reach"
    assert "1 hold" in b.card.value or "holds" in b.card.value


def test_table_is_capped_but_count_is_not() -> None:
    df = load_exercises()
    b = ExerciseBrowser(df, max_rows=4)
    assert len(_shown_names(b)) == 4 and b.count == len(df)
    assert f"first 4 of {len(df)}" in b.table.value


def test_filtered_property_uses_filter_exercises(browser: ExerciseBrowser) -> None:
    browser.areas = ("hips", "glutes")
    browser.kind = "reps"
    pd.testing.assert_frame_equal(browser.filtered,
                                  filter_exercises(browser.catalog, areas=["hips", "glutes"], kind="reps"))


def test_table_scrolls_in_a_named_focusable_region_and_count_is_announced() -> None:
    from backnotes.widgets._a11y import LIVE_CLASS

    b = ExerciseBrowser()
    assert "tabindex='0'" in b.table.value and "role='region'" in b.table.value
    assert f"aria-label='Exercises that match the filters: {b.count} of {b.total}'" in b.table.value
    assert LIVE_CLASS in b.count_label._dom_classes and "backnotes-widget" in b._dom_classes


def test_card_and_list_show_pictures(browser: ExerciseBrowser) -> None:
    browser.selected = "glute-bridge"
    assert 'data-exercise="glute-bridge"' in browser.card.value
    assert 'data-animated="true"' in browser.card.value and 'role="img"' in browser.card.value
    table = browser.table.value
    assert table.count("<svg") == browser.count
    assert 'data-animated="true"' not in table  # lists: still thumbnails
