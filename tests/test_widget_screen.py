"""RedFlagCheck: ticking an urgent flag shows the urgent panel; unticking hides it."""

from __future__ import annotations

import pytest
import traitlets

import backnotes
from backnotes.widgets import RedFlagCheck

URGENT_IDS = list(backnotes.red_flags().query("urgency == 'urgent'").index)
SOON_IDS = list(backnotes.red_flags().query("urgency == 'soon'").index)


def _shown(w: RedFlagCheck) -> str:
    """The verdict HTML that is currently on screen."""
    (shown,) = w.verdict_box.children
    return shown.value


def _panel_shown(w: RedFlagCheck) -> bool:
    return w.urgent_panel in w.verdict_box.children


def test_one_checkbox_per_flag_with_css_class() -> None:
    w = RedFlagCheck()
    assert list(w.checkboxes) == URGENT_IDS + SOON_IDS
    for box in w.checkboxes.values():
        assert "backnotes-redflag" in box._dom_classes
        assert box.value is False
    assert "backnotes-urgent-panel" in w.urgent_panel._dom_classes


def test_starts_clear() -> None:
    w = RedFlagCheck()
    assert w.ticked == () and w.urgent is False and w.level == "clear"
    assert not _panel_shown(w)
    assert "No red flags ticked. Keep listening to your body." in _shown(w)


@pytest.mark.parametrize("fid", URGENT_IDS)
def test_ticking_urgent_shows_panel_and_unticking_hides_it(fid: str) -> None:
    w = RedFlagCheck()
    w.checkboxes[fid].value = True
    assert w.urgent is True and w.ticked == (fid,) and w.level == "urgent"
    assert _panel_shown(w)
    text = w.urgent_panel.value
    assert ">Stop — get urgent care now" in text
    assert "emergency" in text
    w.checkboxes[fid].value = False
    assert w.urgent is False and w.ticked == ()
    assert not _panel_shown(w)
    assert "No red flags ticked" in _shown(w)


def test_soon_only_shows_the_calmer_note() -> None:
    w = RedFlagCheck()
    for fid in SOON_IDS:
        w.checkboxes[fid].value = True
    assert w.urgent is False and w.level == "soon"
    assert not _panel_shown(w)
    shown = _shown(w)
    assert "See a doctor before you exercise" in shown and "Stop" not in shown
    assert w.ticked == tuple(SOON_IDS)


def test_urgent_panel_stays_while_any_urgent_remains() -> None:
    w = RedFlagCheck()
    w.checkboxes["fever"].value = True
    w.checkboxes[URGENT_IDS[0]].value = True
    w.checkboxes[URGENT_IDS[1]].value = True
    assert w.ticked == (URGENT_IDS[0], URGENT_IDS[1], "fever")
    w.checkboxes[URGENT_IDS[0]].value = False
    assert _panel_shown(w) and w.urgent
    w.checkboxes[URGENT_IDS[1]].value = False
    assert not _panel_shown(w) and w.level == "soon"


def test_setting_ticked_moves_the_boxes() -> None:
    w = RedFlagCheck()
    w.ticked = ("night-pain", "trauma")
    assert w.ticked == ("trauma", "night-pain")  # sorted most urgent first
    assert w.checkboxes["trauma"].value and w.checkboxes["night-pain"].value
    assert sum(b.value for b in w.checkboxes.values()) == 2
    assert _panel_shown(w) and w.verdict.urgent
    w.ticked = ()
    assert not any(b.value for b in w.checkboxes.values()) and not _panel_shown(w)


def test_unknown_id_is_refused_and_state_kept() -> None:
    w = RedFlagCheck()
    w.ticked = ("fever",)
    with pytest.raises((ValueError, traitlets.TraitError), match="unknown red flag"):
        w.ticked = ("fever", "headache")
    assert w.ticked == ("fever",) and w.checkboxes["fever"].value


def test_urgent_trait_notifies_observers() -> None:
    w = RedFlagCheck()
    seen: list[bool] = []
    w.observe(lambda c: seen.append(c["new"]), names="urgent")
    w.checkboxes["bladder-bowel"].value = True
    w.checkboxes["bladder-bowel"].value = False
    assert seen == [True, False]
