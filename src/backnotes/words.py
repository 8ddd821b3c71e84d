"""Small helpers for words a person reads: counts with the right plural.

    >>> plural(1, "report"), plural(2, "report"), plural(0, "week")
    ('1 report', '2 reports', '0 weeks')
    >>> plural(3, "pain report"), plural(1, "exercise")
    ('3 pain reports', '1 exercise')
    >>> plural(2, "body", "bodies")
    '2 bodies'
"""

from __future__ import annotations

__all__ = ["plural", "file_stem"]


def plural(n: int | float, word: str, many: str | None = None) -> str:
    """``n`` and ``word``, with the plural (``word + "s"`` unless ``many`` is given) for any ``n``
    other than 1: "1 session", "2 sessions", "0 sessions"."""
    if isinstance(n, float) and n.is_integer():
        n = int(n)
    return f"{n} {word if n == 1 else (many or word + 's')}"


def file_stem(name: str, default: str = "routine") -> str:
    """A file name (without extension) made from a name a person typed: lower case, words joined
    by "-", only letters, digits, "-" and "_", at most 60 characters; ``default`` when nothing is left.

    >>> file_stem("My morning routine!"), file_stem("  ../Évening  "), file_stem("???")
    ('my-morning-routine', 'évening', 'routine')
    """
    import re

    words = re.findall(r"[^\W_]+|_", name.lower())
    stem = "-".join(w for w in words if w != "_")[:60].strip("-")
    return stem or default
