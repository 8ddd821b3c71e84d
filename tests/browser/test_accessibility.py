"""Accessibility of the widgets and outputs of notebooks 00-04 in a real JupyterLab.

- axe-core (bundled by the ``axe-playwright-python`` package: nothing is downloaded) over every cell
  output (``.jp-OutputArea-output``): no critical or serious violation;
- keyboard only (no clicks): pick a body area, a filter and an exercise in the exercise browser, change a
  dose in the routine builder, start and pause the timer player with the focus kept on its button;
- at a 390 px wide viewport no widget is wider than its container.

The axe counts by rule id are printed (``-s`` shows them) and written to ``axe-<notebook>.json`` in the
test's tmp folder, for the before/after figures of issue 11.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NOTEBOOKS = ["00_start_here", "01_exercise_catalog", "02_build_a_routine", "03_hold_timers",
             "04_pain_and_progress"]
BLOCKING = {"critical", "serious"}


def _axe(page, nb) -> list[dict]:
    """axe-core's violations inside this notebook's cell outputs."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context={"include": [[f"#{nb.widget_id} .jp-OutputArea-output"]]},
                        options={"resultTypes": ["violations"]})
    return results.response["violations"]


def _summary(violations: list[dict]) -> dict[str, dict]:
    return {v["id"]: {"impact": v["impact"], "nodes": len(v["nodes"]),
                      "targets": [n["target"] for n in v["nodes"][:5]]} for v in violations}


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_axe_finds_no_serious_violation_in_outputs(lab, name, tmp_path):
    nb = lab.open(name)
    nb.run_clean()
    violations = _axe(nb.page, nb)
    summary = _summary(violations)
    (tmp_path / f"axe-{name}.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    counts = Counter({rule: s["nodes"] for rule, s in summary.items()})
    print(f"\n[axe] {name}: " + (", ".join(f"{r} ({summary[r]['impact']}) x{n}" for r, n in counts.items())
                                or "no violations"))
    blocking = {rule: s for rule, s in summary.items() if s["impact"] in BLOCKING}
    assert blocking == {}, json.dumps(blocking, indent=1)
