"""No import circles among the backnotes modules (lazy imports inside functions count too; imports
only for type checkers, under ``if TYPE_CHECKING:``, do not, since they never run)."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "src" / "backnotes"


def module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _resolve(current: str, is_pkg: bool, level: int, target: str | None) -> str:
    base = current.split(".") if is_pkg else current.split(".")[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, *([target] if target else [])])


def imports_of(path: Path, known: set[str]) -> set[str]:
    """backnotes modules that ``path`` imports at run time (anywhere in the file)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    me, is_pkg = module_name(path), path.name == "__init__.py"
    skip: set[int] = set()
    for node in ast.walk(tree):  # imports for type checkers only
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for child in node.body for n in ast.walk(child))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            mod = _resolve(me, is_pkg, node.level, node.module) if node.level else (node.module or "")
            for alias in node.names:
                sub = f"{mod}.{alias.name}"
                found.add(sub if sub in known else mod)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    # a package's own __init__ is not an edge back to it from its modules
    return {m for m in found if m in known and m != me}


def graph() -> dict[str, set[str]]:
    files = [p for p in PKG.rglob("*.py")]
    known = {module_name(p) for p in files}
    g = {module_name(p): imports_of(p, known) for p in files}
    # `backnotes/__init__.py` imports its modules on attribute access; modules importing the package
    # itself (``from backnotes import x`` / ``from .. import figures``) resolve to the submodule above
    return g


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    found, state, stack = [], {}, []

    def visit(n: str) -> None:
        state[n] = 1
        stack.append(n)
        for m in sorted(g.get(n, ())):
            if state.get(m) == 1:
                found.append(stack[stack.index(m):] + [m])
            elif m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(g):
        if n not in state:
            visit(n)
    return found


def test_no_import_circle_among_backnotes_modules() -> None:
    g = graph()
    assert "backnotes.routine" in g and "backnotes.timing" in g
    assert cycles(g) == []


def test_the_checker_finds_a_circle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_checker_sees_lazy_imports(tmp_path: Path) -> None:
    src = tmp_path / "m.py"
    src.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .x import A\n"
                   "def f():\n    from .y import B\n")
    global PKG
    old, PKG = PKG, tmp_path
    try:
        found = imports_of(src, {f"{tmp_path.name}.x", f"{tmp_path.name}.y"})
    finally:
        PKG = old
    assert found == {f"{tmp_path.name}.y"}
