"""No import cycle anywhere in ``src/sispam``: stages talk through domain objects and public
functions, rooms sit on top, and the CLI is assembled in one place.

Every import counts — at module level or inside a function — except those under
``if TYPE_CHECKING:``. A package's ``__init__`` importing its own modules is not a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def _modules() -> dict[str, Path]:
    out = {}
    for path in SRC.rglob("*.py"):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        out[name.removesuffix(".__init__")] = path
    return out


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for n in ast.walk(node)}
    return skip


def import_graph() -> dict[str, set[str]]:
    mods = _modules()
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for mod, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_nodes(tree)
        package = mod.split(".") if path.name == "__init__.py" else mod.split(".")[:-1]
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = ".".join(package[: len(package) - node.level + 1])
                    base += f".{node.module}" if node.module else ""
                else:
                    base = node.module or ""
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            for target in targets:
                if target in mods and target != mod and not mod.startswith(target + "."):
                    graph[mod].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_checker_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    graph = import_graph()
    assert "sispam.cli.base" in graph["sispam.cli.app"]  # the scan reads real imports


# Packages with cycles inside them that are being removed, each with who removes it. A cycle all
# of whose modules lie in one of them is tolerated; any other cycle (across packages, or in any
# other package) fails, and so does an entry here once its package has no cycle left.
KNOWN: dict[str, str] = {}


def _known(cycle: tuple[str, ...]) -> str | None:
    return next((p for p in KNOWN if all(m.startswith(p) for m in cycle)), None)


def test_no_import_cycle_in_src() -> None:
    found = [tuple(c) for c in cycles(import_graph())]
    new = [c for c in found if _known(c) is None]
    assert not new, "import cycles: " + "; ".join(" <-> ".join(c) for c in new)
    gone = sorted(set(KNOWN) - {_known(c) for c in found})
    assert not gone, f"no cycle left in {gone}: remove it from KNOWN"
