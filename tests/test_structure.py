"""Size limits of DESIGN.md that keep the code readable: checked, not hoped for.

- No class has more than 25 public methods (properties do not count: they are state).
- No module is longer than 600 lines unless it says why in a comment near its top,
  `# long module: <the reason>`, within its first ten lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "kiosk"
MAX_PUBLIC_METHODS = 25
MAX_LINES = 600
REASON_MARK = "# long module:"
PROPERTY_DECORATORS = {"property", "Property", "cached_property", "setter", "getter", "deleter"}


def sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "resources" not in p.parts)


def _decorator_name(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def public_methods(cls: ast.ClassDef) -> list[str]:
    return [
        node.name
        for node in cls.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and not node.name.startswith("_")
        and not any(_decorator_name(d) in PROPERTY_DECORATORS for d in node.decorator_list)
    ]


def test_no_class_has_more_than_25_public_methods() -> None:
    too_big = []
    for path in sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                count = len(public_methods(node))
                if count > MAX_PUBLIC_METHODS:
                    where = path.relative_to(PACKAGE.parent)
                    too_big.append(f"{where}: {node.name} has {count} public methods")
    assert not too_big, "\n".join(too_big)


def test_long_modules_say_why() -> None:
    unexplained = []
    for path in sources():
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) > MAX_LINES and not any(
            line.strip().startswith(REASON_MARK) for line in lines[:10]
        ):
            unexplained.append(f"{path.relative_to(PACKAGE.parent)}: {len(lines)} lines")
    assert not unexplained, "modules over 600 lines with no reason at the top:\n" + "\n".join(
        unexplained
    )


def test_properties_are_not_counted_as_methods() -> None:
    tree = ast.parse(
        "class A:\n"
        "    @property\n    def a(self): ...\n"
        "    @a.setter\n    def a(self, v): ...\n"
        "    @Property(str, notify=x)\n    def b(self): ...\n"
        "    def c(self): ...\n"
        "    async def d(self): ...\n"
        "    def _e(self): ...\n"
    )
    cls = tree.body[0]
    assert isinstance(cls, ast.ClassDef)
    assert public_methods(cls) == ["c", "d"]
