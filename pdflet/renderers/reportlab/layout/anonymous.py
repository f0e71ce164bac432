"""Anonymous table objects (CSS 2.1 §17.2.1): what a table does with children that are not rows or cells.

Responsive e-mails restyle their layout tables (``td { display: block }``) so the cells stack; CSS keeps such
children in the table by wrapping each run of them in an anonymous cell (and an anonymous row where a row
was expected). Without that, the cells and everything in them disappeared. The wrappers are new elements
that hold the same children (ElementTree elements have no parent pointer, so nothing in the document moves),
with a style computed as a browser computes an anonymous box's: inherited properties from the parent, the
rest initial.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element

from pdflet.renderers.reportlab.css.cascade import PSEUDO_TAG
from pdflet.renderers.reportlab.css.properties import INHERITED, INITIAL, Style

_SKIPPED = frozenset({"none", "table-column", "table-column-group", "table-caption"})


def anonymous_style(parent: Style, display: str) -> Style:
    """The computed style of an anonymous box of ``display`` inside ``parent``."""
    style = {name: (parent[name] if name in INHERITED else value) for name, value in INITIAL.items()}
    style["display"] = display
    return style


def _wrapper(children: list[Element], parent_style: Style, display: str, styles: dict[Element, Any]) -> Element:
    box = Element(PSEUDO_TAG)
    box.extend(children)
    styles[box] = anonymous_style(parent_style, display)
    return box


def _runs(parent: Element, styles: dict[Element, Any], wanted: str) -> Iterator[tuple[Element | None, list[Element]]]:
    """The element children of ``parent``: (a child of the ``wanted`` display, []) or (None, a run of others)."""
    run: list[Element] = []
    for child in parent:
        style = styles.get(child)
        if not isinstance(child.tag, str) or style is None or style["display"] in _SKIPPED:
            continue
        if style["display"] == wanted:
            if run:
                yield None, run
                run = []
            yield child, []
        elif style["position"] not in ("absolute", "fixed"):
            run.append(child)
    if run:
        yield None, run


def table_cells(row: Element, styles: dict[Element, Any]) -> Iterator[Element]:
    """A row's cells, a run of non-cell children (``td { display: block }``, a stray ``div``) as one cell."""
    for cell, run in _runs(row, styles, "table-cell"):
        yield cell if cell is not None else _wrapper(run, styles[row], "table-cell", styles)


def table_rows(group: Element, styles: dict[Element, Any], group_style: Style | None = None) -> Iterator[Element]:
    """A row group's rows, a run of non-row children (``tr { display: block }``) as a row of one cell."""
    parent = group_style if group_style is not None else styles[group]
    for row, run in _runs(group, styles, "table-row"):
        if row is not None:
            yield row
        else:
            cell = _wrapper(run, parent, "table-cell", styles)
            yield _wrapper([cell], parent, "table-row", styles)
