"""Glossary of the terms used in notebooks 00-05, kept as data (``data/glossary.toml``)."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

import pandas as pd

__all__ = ["terms", "anchor", "to_markdown"]


def anchor(term: str) -> str:
    """The link anchor of a glossary term: lower case, spaces and other separators as hyphens.

    It matches the id the static book (MyST heading anchors) gives the term's heading.

    >>> anchor("straight-leg raise"), anchor("NPRS")
    ('straight-leg-raise', 'nprs')
    """
    return re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


@lru_cache(maxsize=1)
def _rows() -> tuple[dict, ...]:
    text = resources.files("backnotes").joinpath("data/glossary.toml").read_text(encoding="utf-8")
    return tuple(tomllib.loads(text)["term"])


def terms() -> pd.DataFrame:
    """The glossary: one row per term, in the order a reader meets them, indexed by ``term``.

    Columns: ``definition`` (a sentence or two), ``source`` (where the meaning comes from), ``anchor``
    (its id on the glossary page: link to ``glossary.md#<anchor>``).

    >>> "sciatica" in terms().index
    True
    """
    df = pd.DataFrame(list(_rows())).set_index("term")
    df["anchor"] = [anchor(t) for t in df.index]
    return df


def to_markdown() -> str:
    """The glossary page (``notebooks/glossary.md``): one heading per term, in alphabetical order."""
    df = terms()
    lines = [
        "# Glossary",
        "",
        "Terms used in notebooks 00-05, with where their meaning comes from. Generated from "
        "`backnotes.glossary.terms()` (`src/backnotes/data/glossary.toml`): edit the data, then run "
        "`python tools/make_glossary.py`.",
        "",
    ]
    for term in sorted(df.index, key=str.lower):
        row = df.loc[term]
        # the book (MyST heading anchors, level 2) gives this heading the id anchor(term)
        lines += [f"## {term}", "", row["definition"], "", f"*Source:* {row['source']}", ""]
    return "\n".join(lines)
