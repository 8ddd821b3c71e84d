"""RedFlagCheck: an emergency tick shows the emergency panel, a same-day tick the same-day panel,
"soon" ticks a calmer note; unticking hides them."""

from __future__ import annotations

import html

import pytest
import traitlets

import backnotes
from backnotes.content import red_flags
from backnotes.widgets import RedFlagCheck

_FLAGS = backnotes.red_flags()
EMERGENCY_IDS = list(_FLAGS.query("urgency == 'emergency'").index)
SAME_DAY_IDS = list(_FLAGS.query("urgency == 'same day'").index)
SOON_IDS = list(_FLAGS.query("urgency == 'soon'").index)


def _shown(w: RedFlagCheck) -> str:
    """The verdict HTML that is currently on screen."""
    (shown,) = w.verdict_box.children
    return shown.value


def _panel(w: RedFlagCheck) -> str:
    """Which verdict widget is showing."""
    (shown,) = w.verdict_box.children
    return {id(w.emergency_panel): "emergency", id(w.same_day_panel): "same day",
            id(w.note): "note"}[id(shown)]


def test_one_checkbox_per_flag_with_css_classes() -> None:
    w = RedFlagCheck()
    assert list(w.checkboxes) == EMERGENCY_IDS + SAME_DAY_IDS + SOON_IDS
    for fid, box in w.checkboxes.items():
        tier = _FLAGS.loc[fid, "urgency"].replace(" ", "-")
        assert "backnotes-redflag" in box._dom_classes
        assert f"backnotes-redflag-{tier}" in box._dom_classes
        assert box.value is False and box.description
    assert {"backnotes-urgent-panel", "backnotes-emergency-panel"} <= set(w.emergency_panel._dom_classes)
    assert {"backnotes-urgent-panel", "backnotes-same-day-panel"} <= set(w.same_day_panel._dom_classes)
    assert w.urgent_panel is w.emergency_panel


def _html(widget) -> list[str]:
    out = []
    for c in getattr(widget, "children", ()):
        if isinstance(getattr(c, "value", None), str):
            out.append(c.value)
        out.extend(_html(c))
    return out


def test_three_tier_headings_in_order_each_foldable_and_open() -> None:
    w = RedFlagCheck()
    heads = [t for t in _html(w) if t.startswith("<h3")]
    assert len(heads) == 3
    assert "Emergency" in heads[0] and "Same day" in heads[1] and "Soon" in heads[2]
    assert list(w.groups) == ["emergency", "same day", "soon"]
    for tier, group in w.groups.items():
        assert group.layout.display in (None, "")  # open by default
        w.folds[tier].value = True
        assert group.layout.display == "none" and w.folds[tier].description == "Show"
        w.folds[tier].value = False
        assert group.layout.display in (None, "")


def test_each_tier_shows_the_most_common_first_and_says_why() -> None:
    w = RedFlagCheck()
    for tier, group in w.groups.items():
        shown = [box.description for box in _boxes(group)]
        assert shown == list(_FLAGS[_FLAGS["urgency"] == tier]["label"]), tier
    (intro,) = [t for t in _html(w) if "Why this order" in t]
    assert "most common come first" in intro
    text, sources = backnotes.content.red_flag_order_note()
    assert html.escape(text) in intro and html.escape(sources) in intro
    assert intro.index("<summary>Why this order</summary>") < intro.index("Verhagen")  # sources in the fold


def _boxes(widget) -> list:
    from ipywidgets import Checkbox

    out = []
    for c in getattr(widget, "children", ()):
        out.extend([c] if isinstance(c, Checkbox) else _boxes(c))
    return out


def test_each_box_is_described_by_its_sign() -> None:
    w = RedFlagCheck()
    flags = red_flags()
    texts = "".join(_html(w))
    for fid, box in w.checkboxes.items():
        (cls,) = [c for c in box._dom_classes if c.startswith("backnotes-describedby-")]
        sign_id = cls.removeprefix("backnotes-describedby-")
        assert f"<span id='{sign_id}'" in texts
        assert texts.split(f"<span id='{sign_id}'", 1)[1].split("</span>", 1)[0].endswith(
            html.escape(str(flags.loc[fid, "sign"]), quote=True))


def test_the_verdict_appears_under_the_box_just_ticked_and_is_announced() -> None:
    w = RedFlagCheck()
    assert w.verdict_box in w._end_slot.children  # nothing ticked: at the end
    soon = next(f for f in w.checkboxes if red_flags().loc[f, "urgency"] == "soon")
    w.checkboxes[soon].value = True
    assert w._slots[soon].children == (w.verdict_box,) and w._end_slot.children == ()
    assert "assertive" in w.spoken.value and "See a doctor" in w.spoken.value
    w.checkboxes["fever"].value = True
    assert w._slots["fever"].children == (w.verdict_box,) and w._slots[soon].children == ()
    w.checkboxes["fever"].value = False  # back under the one still ticked
    assert w._slots[soon].children == (w.verdict_box,)


def test_none_of_these_clears_and_counts() -> None:
    w = RedFlagCheck()
    w.ticked = ("fever",)
    w.none_button.click()
    assert w.ticked == () and w.none_of_these == 1 and w.verdict_box in w._end_slot.children


def test_starts_clear_and_says_not_a_medical_check() -> None:
    w = RedFlagCheck()
    assert w.ticked == () and w.urgent is False and w.level == "clear"
    assert _panel(w) == "note"
    assert "No red flags ticked. Keep listening to your body." in _shown(w)
    assert "not a medical check" in _shown(w)


@pytest.mark.parametrize("fid", EMERGENCY_IDS)
def test_ticking_emergency_shows_emergency_panel_and_unticking_hides_it(fid: str) -> None:
    w = RedFlagCheck()
    w.checkboxes[fid].value = True
    assert w.urgent is True and w.ticked == (fid,) and w.level == "emergency"
    assert _panel(w) == "emergency"
    text = w.emergency_panel.value
    assert ">Stop — get emergency care now" in text and 'role="alert"' in text
    w.checkboxes[fid].value = False
    assert w.urgent is False and w.ticked == () and _panel(w) == "note"
    assert "No red flags ticked" in _shown(w)


@pytest.mark.parametrize("fid", SAME_DAY_IDS)
def test_ticking_same_day_shows_same_day_panel(fid: str) -> None:
    w = RedFlagCheck()
    w.checkboxes[fid].value = True
    assert w.urgent is True and w.level == "same day"
    assert _panel(w) == "same day"
    text = w.same_day_panel.value
    assert ">Stop — get seen by a doctor today" in text and 'role="alert"' in text
    assert "emergency care now" not in text


def test_soon_only_shows_the_calmer_note() -> None:
    w = RedFlagCheck()
    for fid in SOON_IDS:
        w.checkboxes[fid].value = True
    assert w.urgent is False and w.level == "soon"
    assert _panel(w) == "note"
    shown = _shown(w)
    assert "See a doctor before you exercise" in shown and "Stop" not in shown
    assert 'role="alert"' not in shown
    assert w.ticked == tuple(SOON_IDS)


def test_most_urgent_panel_wins_and_steps_down() -> None:
    w = RedFlagCheck()
    w.checkboxes[SOON_IDS[0]].value = True
    w.checkboxes[SAME_DAY_IDS[0]].value = True
    w.checkboxes[EMERGENCY_IDS[0]].value = True
    w.checkboxes[EMERGENCY_IDS[1]].value = True
    assert w.ticked == (EMERGENCY_IDS[0], EMERGENCY_IDS[1], SAME_DAY_IDS[0], SOON_IDS[0])
    assert _panel(w) == "emergency"
    w.checkboxes[EMERGENCY_IDS[0]].value = False
    assert _panel(w) == "emergency" and w.level == "emergency"
    w.checkboxes[EMERGENCY_IDS[1]].value = False
    assert _panel(w) == "same day" and w.urgent
    w.checkboxes[SAME_DAY_IDS[0]].value = False
    assert _panel(w) == "note" and w.level == "soon" and not w.urgent


def test_setting_ticked_moves_the_boxes() -> None:
    w = RedFlagCheck()
    w.ticked = ("night-pain", "trauma")
    assert w.ticked == ("trauma", "night-pain")  # sorted most urgent first
    assert w.checkboxes["trauma"].value and w.checkboxes["night-pain"].value
    assert sum(b.value for b in w.checkboxes.values()) == 2
    assert _panel(w) == "emergency" and w.verdict.urgent
    w.ticked = ()
    assert not any(b.value for b in w.checkboxes.values()) and _panel(w) == "note"


def test_unknown_id_is_refused_and_state_kept() -> None:
    w = RedFlagCheck()
    w.ticked = ("fever",)
    with pytest.raises((ValueError, traitlets.TraitError), match="unknown red flag"):
        w.ticked = ("fever", "headache")
    assert w.ticked == ("fever",) and w.checkboxes["fever"].value


def test_urgent_trait_notifies_observers() -> None:
    w = RedFlagCheck()
    seen: list[bool] = []
    levels: list[str] = []
    w.observe(lambda c: seen.append(c["new"]), names="urgent")
    w.observe(lambda c: levels.append(c["new"]), names="level")
    w.checkboxes["bladder-bowel"].value = True
    w.checkboxes["bladder-bowel"].value = False
    w.checkboxes["fever"].value = True
    assert seen == [True, False, True]
    assert levels == ["emergency", "clear", "same day"]
