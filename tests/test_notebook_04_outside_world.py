"""Notebook 04 shows the journal meeting the world (issue 12): another app's export with location
words and sides, ``export_fhir`` and ``report_html``, in checked cells whose saved outputs nbval
compares, with no machine paths. (nbval itself re-runs the notebook: ``run.py test notebooks``.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "04_pain_and_progress.ipynb"


def _cells() -> list[tuple[str, str, bool]]:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    out = []
    for c in nb["cells"]:
        if c["cell_type"] != "code":
            continue
        text = "".join("".join(o.get("text") or o.get("data", {}).get("text/plain") or "") for o in c["outputs"])
        out.append(("".join(c["source"]), text, "nbval-check-output" in c["metadata"].get("tags", [])))
    return out


def _cell(needle: str) -> tuple[str, bool]:
    hits = [(out, checked) for src, out, checked in _cells() if needle in src]
    assert len(hits) == 1, f"{needle!r} in {len(hits)} cells"
    return hits[0]


def test_import_with_sides_and_locations_is_shown_and_checked() -> None:
    out, checked = _cell("area_map=")
    assert checked
    assert "added 7 rows" in out and "side" in out and "left" in out
    assert "glutes;calves;ankles and feet" in out  # "Left calf; Left foot; Sciatic nerve" mapped
    error, checked = _cell("except JournalError as problem:\n    for row in problem.errors:\n        print(f\"line")
    assert checked and "unknown location 'Sciatic nerve'" in error and "area_map" in error


def test_fhir_export_and_report_are_shown_and_checked() -> None:
    fhir, checked = _cell("export_fhir(")
    assert checked and "Patient          1" in fhir and "272741003=7771000" in fhir
    report, checked = _cell("report_html(")
    assert checked and report.strip() == "Open and print: for-my-physio/appointment-report.html"


def test_no_machine_paths_in_saved_outputs() -> None:
    text = NOTEBOOK.read_text(encoding="utf-8")
    assert not re.search(r"/(tmp|root|home|work|Users)/", text)
