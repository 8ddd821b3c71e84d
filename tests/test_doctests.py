"""The examples in the public docstrings run and print what they say (palmerpenguins-style docs)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "backnotes", "backnotes.catalog", "backnotes.content", "backnotes.freedb", "backnotes.measures",
    "backnotes.routine", "backnotes.timing", "backnotes.journal", "backnotes.insights",
    "backnotes.matching", "backnotes.poses", "backnotes.figures", "backnotes.showing", "backnotes.sheet",
    "backnotes.locations", "backnotes.voice",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_the_catalog_loader_documents_every_column() -> None:
    import backnotes
    from backnotes.catalog import COLUMNS

    doc = backnotes.load_exercises.__doc__ or ""
    missing = [c for c in COLUMNS if f"\n    {c} " not in doc]
    assert not missing, f"load_exercises' data dictionary lacks {missing}"
