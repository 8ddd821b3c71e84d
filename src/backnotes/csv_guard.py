"""Formula injection (OWASP "CSV Injection"): one leading apostrophe in on export, one out on import.

A cell that starts with ``=``, ``+``, ``-``, ``@``, tab or CR (also after leading apostrophes) is
written with one more leading apostrophe, so spreadsheets show it as text. The importer removes
exactly that one apostrophe, so our own round trip is lossless; a cell another app wrote as
``'=...`` loses its first apostrophe the same way.
"""

from __future__ import annotations

__all__ = ["FORMULA_STARTS", "guard", "unguard", "unguard_column"]

#: First characters a spreadsheet reads as the start of a formula or a command.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard(text: str) -> str:
    """``"=1+2"`` -> ``"'=1+2"``; also ``"'=x"`` -> ``"''=x"`` so that `unguard` can undo it exactly."""
    return "'" + text if text.lstrip("'")[:1] in FORMULA_STARTS and text.lstrip("'") else text


def unguard(text: str) -> str:
    """Undo `guard`: remove one apostrophe before a formula start (after any further apostrophes)."""
    return text[1:] if text[:1] == "'" and text.lstrip("'")[:1] in FORMULA_STARTS and text.lstrip("'") else text


def unguard_column(cells: list[str]) -> list[str]:
    """`unguard` every cell of a column."""
    if "'" not in "".join(cells):  # one C-level pass: most files have no apostrophe at all
        return cells
    return [unguard(c) if c[:1] == "'" else c for c in cells]
