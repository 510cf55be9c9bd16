"""The layout of the package: no two casus modules import each other at module level, however
indirectly. A cycle makes the import order matter (a half-initialised module is seen by the
other) and ties stages together that the pipeline keeps apart.

Only imports that run when a module is loaded count: those at the top of the module or under
a plain `if`/`try`, not those inside functions or under `if TYPE_CHECKING:`. An import of
`casus.a.b` is an edge to `casus.a.b` alone, not to the package `casus.a` that Python runs
first: a package's `__init__` importing its own modules is not a cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import casus

SRC = Path(casus.__file__).resolve().parent


def module_names() -> dict[str, Path]:
    """Every module of the casus package by its dotted name."""
    names: dict[str, Path] = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _load_time_imports(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if not _type_checking(node.test):
                yield from _load_time_imports(node.body)
            yield from _load_time_imports(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from _load_time_imports(block)
            for handler in node.handlers:
                yield from _load_time_imports(handler.body)
        elif isinstance(node, ast.With):
            yield from _load_time_imports(node.body)


def _imported(
    name: str, path: Path, node: ast.Import | ast.ImportFrom, known: set[str]
) -> set[str]:
    """The casus modules an import statement loads."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in known}
    if node.level:
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{node.module}" if node.module else package
    else:
        base = node.module or ""
    found: set[str] = set()
    for alias in node.names:
        if f"{base}.{alias.name}" in known:  # `from casus.cli import code`: a module
            found.add(f"{base}.{alias.name}")
        elif base in known:
            found.add(base)
    return found


def import_graph() -> dict[str, set[str]]:
    """Each casus module and the casus modules it imports when it is loaded."""
    modules = module_names()
    known = set(modules)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        graph[name] = set()
        for node in _load_time_imports(tree.body):
            graph[name] |= _imported(name, path, node, known)
        graph[name].discard(name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of modules (Tarjan's algorithm,
    iterative so that a deep chain of imports cannot hit the recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            step = next(successors, None)
            if step is not None:
                if step not in index:
                    index[step] = low[step] = len(index)
                    stack.append(step)
                    on_stack.add(step)
                    work.append((step, iter(sorted(graph[step]))))
                elif step in on_stack:
                    low[node] = min(low[node], index[step])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(group)
    return [_cycle_in(graph, group) for group in groups]


def _cycle_in(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """A shortest cycle through the first module of a strongly connected group."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for step in sorted(graph[node] & group):
                if step == start:
                    return [*paths[node], start]
                if step not in paths:
                    paths[step] = [*paths[node], step]
                    following.append(step)
        frontier = following
    raise AssertionError(f"no cycle through {start}")  # a strongly connected group has one


def test_no_import_cycles() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)


def test_the_graph_sees_what_it_should() -> None:
    graph = import_graph()
    assert "casus.context.stage" in graph["casus.pipeline"]
    assert "casus.cli.code" in graph["casus.cli"]  # `from casus.cli import code`: the module
    # Imported inside a function or for type checking only: not an edge.
    assert "casus.pipeline" not in graph["casus"]
    assert "casus.analysis.aggregate" not in graph["casus.analysis.charts"]


def test_a_cycle_is_named() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_earlier_stages_do_not_import_later_ones() -> None:
    graph = import_graph()
    # The records every stage shares import nothing of casus but the stdlib.
    assert not graph["casus.model"]
    # Readers hand `RawDoc`s to extraction; they need none of the stages after them.
    for name, imports in graph.items():
        if name == "casus.readers" or name.startswith("casus.readers."):
            later = {m for m in imports if not m.startswith(("casus.readers", "casus.model"))}
            assert later <= {"casus.language"}, (name, later)
    # Only the command line and its entry point import the command line.
    for name, imports in graph.items():
        if not name.startswith("casus.cli"):
            assert not {m for m in imports if m.startswith("casus.cli")}, name
