"""Small helpers for words a person reads: counts with the right plural.

    >>> plural(1, "report"), plural(2, "report"), plural(0, "week")
    ('1 report', '2 reports', '0 weeks')
    >>> plural(3, "pain report"), plural(1, "exercise")
    ('3 pain reports', '1 exercise')
    >>> plural(2, "body", "bodies")
    '2 bodies'
"""

from __future__ import annotations

__all__ = ["plural", "file_stem", "split_why"]


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


def split_why(text: str) -> tuple[str, str]:
    """``(plain, why)``: ``text`` without the asides a person in pain does not need on the first read
    (a source in brackets, "(UK consensus ..., Brooke-Wavell et al. 2022)", and a nerve's name in
    brackets before "nerve"), and those asides, for a "why" fold.

    >>> split_why("Avoid deep bending (UK consensus, Brooke-Wavell et al. 2022).")
    ('Avoid deep bending.', 'UK consensus, Brooke-Wavell et al. 2022')
    >>> split_why("It stretches the sciatic (tibial) nerve.")
    ('It stretches the sciatic nerve.', 'tibial nerve')
    >>> split_why("Keep the lift low.")
    ('Keep the lift low.', '')
    """
    import re

    why: list[str] = []

    def source(m: "re.Match[str]") -> str:
        why.append(m.group(1).strip())
        return ""

    def nerve(m: "re.Match[str]") -> str:
        why.append(f"{m.group(1).strip()} nerve")
        return " nerve"

    plain = re.sub(r"\s*\(([^()]*(?:\b(?:19|20)\d\d\b|et al\.?)[^()]*)\)", source, text)
    plain = re.sub(r"\s*\(([^()]{1,30})\)\s+nerve\b", nerve, plain)
    return re.sub(r"\s+([.,;:])", r"\1", plain).strip(), "; ".join(why)
