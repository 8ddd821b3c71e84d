"""The browser harness checks itself: a failing cell is reported, widgets are counted, BACKNOTES_HOME
reaches the kernel. Notebooks are written into the server's temporary root, never into the repo."""

from __future__ import annotations

import nbformat
import pytest

pytestmark = pytest.mark.browser

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def _write(lab, name: str, *sources: str) -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.cells = [nbformat.v4.new_code_cell(src) for src in sources]
    nbformat.write(nb, lab.root / "notebooks" / name)
    return name


def test_clean_notebook_runs_and_widgets_render(lab):
    name = _write(
        lab, "harness_ok.ipynb",
        "import os, ipywidgets as w\nprint(os.environ['BACKNOTES_HOME'])",
        "",
        "w.VBox([w.ToggleButton(description='calves', _dom_classes=['t']), w.Label('3 of 9', _dom_classes=['c'])])",
    )
    nb = lab.open(name)
    assert nb.run_all() == "done"
    assert nb.errors() == []
    assert nb.unexecuted_cells() == []
    assert nb.widget_count() >= 3
    assert nb.widget_views() == (1, 1)
    printed = nb.cells()[0]["outputs"][0]["text"]
    assert printed.strip() == str(lab.home)  # kernels see the temporary BACKNOTES_HOME
    nb.page.locator(".t").click()
    assert nb.page.locator(".c").inner_text() == "3 of 9"
    assert lab.screenshot("ok").stat().st_size > 10_000


def test_failing_cell_is_reported_and_stops_the_run(lab):
    name = _write(lab, "harness_bad.ipynb", "x = 1", "1 / 0", "y = 2")
    nb = lab.open(name)
    assert nb.run_all() == "stopped"
    errors = nb.errors()
    assert [(e.cell, e.kind) for e in errors] == [(1, "ZeroDivisionError")]
    assert "division by zero" in errors[0].text
    assert nb.unexecuted_cells() == [2]
    assert any("ZeroDivisionError" in t for t in nb.rendered_errors())


def test_stderr_traceback_is_reported(lab):
    name = _write(lab, "harness_stderr.ipynb",
                  "import sys, traceback\ntry:\n    int('x')\nexcept ValueError:\n    traceback.print_exc()")
    nb = lab.open(name)
    assert nb.run_all() == "done"
    assert [e.kind for e in nb.errors()] == ["stderr"]


def test_notebook_without_kernelspec_fails_clearly(lab):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1 + 1")]
    nbformat.write(nb, lab.root / "notebooks" / "harness_nokernel.ipynb")
    with pytest.raises(Exception, match="not ready after .*a dialog is open: Select Kernel"):
        lab.open("harness_nokernel.ipynb", timeout_ms=10_000)
