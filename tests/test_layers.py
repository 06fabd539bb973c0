"""The import direction of DESIGN.md, and no import cycles anywhere in `kiosk`.

    app -> widget/session -> sdk -> wire -> core;  session -> pos;  venue -> wire;
    pos_bridge -> pos (protocol);  devtools -> everything;  nothing runtime -> devtools.

Imports are read from the source with `ast` (function-level ones included), so a lazy
import cannot hide a wrong direction.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kiosk"

# part -> the parts it may import (itself always allowed)
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "wire": {"core"},
    "sdk": {"wire", "core"},
    "venue": {"wire", "core"},
    "pos": {"wire", "core"},
    "pos_bridge": {"pos", "wire", "core"},
    "session": {"sdk", "pos", "wire", "core"},
    "widget": {"sdk", "wire", "core"},
    "app": {"widget", "session", "sdk", "pos", "venue", "wire", "core", "buildinfo"},
    "devtools": {"app", "widget", "session", "sdk", "pos", "venue", "wire", "core", "buildinfo"},
    # top-level modules
    "buildinfo": set(),
    "journey_cli": {"sdk", "wire", "core"},
    "cli": {"*"},
    "__init__": {"buildinfo"},
}
# The command-line entry points may load the developer tools, lazily, for their commands.
LAZY_DEVTOOLS = {"kiosk.cli", "kiosk.app.main"}


@dataclass(frozen=True)
class Import:
    source: str  # importing module, dotted
    target: str  # imported kiosk module, dotted
    line: int
    at: str  # "module", "type_checking" (an `if TYPE_CHECKING:` block) or "function"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "resources" not in path.relative_to(PACKAGE).parts
    }


def part_of(module: str) -> str:
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else "__init__"


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(module: str, path: Path, known: set[str]) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[Import] = []

    def visit(node: ast.AST, at: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                visit(child, "function")
            elif isinstance(child, ast.If) and _is_type_checking(child) and at == "module":
                visit(child, "type_checking")
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.split(".")[0] == "kiosk":
                        found.append(Import(module, alias.name, child.lineno, at))
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - (child.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                if base.split(".")[0] != "kiosk":
                    continue
                for alias in child.names:
                    candidate = f"{base}.{alias.name}"
                    target = candidate if candidate in known else base
                    found.append(Import(module, target, child.lineno, at))
            else:
                visit(child, at)

    visit(tree, "module")
    return found


MODULES = all_modules()
IMPORTS = [
    found for name, path in MODULES.items() for found in imports_of(name, path, set(MODULES))
]


def test_every_part_has_a_rule() -> None:
    parts = {part_of(module) for module in MODULES}
    assert parts <= set(ALLOWED), f"parts without a layer rule: {sorted(parts - set(ALLOWED))}"


def test_imports_point_the_way_design_md_says() -> None:
    wrong = []
    for found in IMPORTS:
        source, target = part_of(found.source), part_of(found.target)
        if source == target or target == "__init__" or "*" in ALLOWED[source]:
            continue  # every part may read the package's version
        if target == "devtools" and found.source in LAZY_DEVTOOLS and found.at == "function":
            continue
        if target not in ALLOWED[source]:
            where = MODULES[found.source].relative_to(PACKAGE.parent)
            wrong.append(f"{where}:{found.line}: {source} imports {found.target}")
    assert not wrong, "imports against the layer rules:\n" + "\n".join(wrong)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_there_are_no_import_cycles() -> None:
    """Every import counts, type-only and lazy ones too: a cycle hidden behind
    TYPE_CHECKING or inside a function is still two modules that cannot be understood (or
    moved) one without the other."""
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for found in IMPORTS:
        if found.target in graph and found.target != found.source:
            graph[found.source].add(found.target)
    cycles = _cycles(graph)
    assert not cycles, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


@pytest.mark.parametrize(
    ("source", "expected"),
    [("kiosk.core.clock", "core"), ("kiosk.cli", "cli"), ("kiosk", "__init__")],
)
def test_parts_are_named_by_their_first_package(source: str, expected: str) -> None:
    assert part_of(source) == expected


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
