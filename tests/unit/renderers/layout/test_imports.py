"""The layout modules import each other without a cycle, counting imports inside functions: a container asks
its children for their intrinsic widths instead of calling back into the module that builds them."""

from __future__ import annotations

import ast
from pathlib import Path

import pdflet.renderers.reportlab.layout as layout

PACKAGE = "pdflet.renderers.reportlab.layout"


def _graph() -> dict[str, set[str]]:
    folder = Path(layout.__file__).parent
    names = {path.stem for path in folder.glob("*.py") if path.stem != "__init__"}
    graph: dict[str, set[str]] = {}
    for name in names:
        found: set[str] = set()
        for node in ast.walk(ast.parse((folder / f"{name}.py").read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == PACKAGE:
                    found.update(alias.name for alias in node.names if alias.name in names)
                elif node.module.startswith(PACKAGE + "."):
                    found.add(node.module.split(".")[4])
            elif isinstance(node, ast.Import):
                found.update(a.name.split(".")[4] for a in node.names if a.name.startswith(PACKAGE + "."))
        graph[name] = found - {name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle (as the path of modules), or None."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        path.append(name)
        for target in sorted(graph.get(name, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        state[name] = 2
        path.pop()
        return None

    for name in sorted(graph):
        if name not in state and (found := visit(name)):
            return found
    return None


def test_no_layout_module_imports_another_that_imports_it():
    assert _cycle(_graph()) is None


def test_the_cycle_check_sees_imports_inside_functions():
    graph = _graph()
    graph["box_flowables"] = graph["box_flowables"] | {"tables"}  # what Box did before it asked its children
    assert _cycle(graph) is not None


def test_boxes_and_intrinsic_widths_never_import_tables():
    graph = _graph()
    assert "tables" not in graph["box_flowables"] and "tables" not in graph["intrinsic"]
    assert not graph["intrinsic"] & {"box_flowables", "paragraphs", "image_flowable", "table_flow"}
