"""CSS counters: ``counter-reset``/``counter-increment``/``counter-set`` and ``counter()``/``counters()`` in
``::before``/``::after`` content — numbered clauses of a contract ("4.2.1"), "Figure 3", section numbers.

Counters are counted in one walk of the styled tree in document order, after the cascade has inserted the
generated boxes, so a ``::before`` that increments a counter and shows it (``h2::before { counter-increment:
s; content: counter(s) ". " }``) works as in a browser. Scoping follows CSS 2.1: a reset makes a new counter
for the element, its descendants and its following siblings; ``counters()`` joins the nested instances.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from pdflet.renderers.reportlab.css.content import walk_text

Style = dict[str, Any]


def uses_counters(style: Style) -> bool:
    """Whether an element's style touches a counter (the walk is skipped for documents without any)."""
    return bool(style.get("counter-reset") or style.get("counter-increment") or style.get("counter-set"))


def count(
    root: Element,
    styles: dict[Element, Style],
    generated: list[tuple[Element, tuple[Any, ...]]],
    footnote_pages: dict[int, int] | None = None,
) -> None:
    """Set the text of generated boxes whose content uses counters or quotes (``generated``: (box, content
    parts)). ``footnote_pages`` (the page of each footnote's call, by number, from the last layout) restarts
    the ``footnote`` counter on each page: ``@page { counter-reset: footnote }``.

    Walked without recursion, like the cascade: documents nest thousands of levels deep.
    """
    pending = {id(box): parts for box, parts in generated}
    counters: dict[str, list[int]] = {}
    depth = [0]  # open quotes so far, for ``open-quote``/``close-quote``
    notes, last_page = 0, 0  # footnotes met so far, the page of the last one
    stack: list[tuple[Element, Any, list[str]]] = [(root, iter(root), [])]
    while stack:
        element, children, reset_here = stack[-1]
        child = next(children, None)
        if child is None:
            for name in reset_here:  # a reset's scope ends with its parent
                counters[name].pop()
            stack.pop()
            continue
        style = styles.get(child)
        if style is None:
            continue
        for name, value in style.get("counter-reset") or ():
            counters.setdefault(name, []).append(value)
            reset_here.append(name)
        increments = style.get("counter-increment") or ()
        for name, value in increments:
            _add(counters, name, value)
        if style.get("float") == "footnote":
            notes += 1
            page = footnote_pages.get(notes) if footnote_pages is not None else None
            if page is not None and page != last_page:
                counters.setdefault("footnote", [0])[-1] = 0  # the first note of its page
                last_page = page
            if all(name != "footnote" for name, _ in increments):
                _add(counters, "footnote", 1)  # GCPM: every footnote element counts one
        for name, value in style.get("counter-set") or ():
            instances = counters.setdefault(name, [])
            if not instances:
                instances.append(0)
            instances[-1] = value
        parts = pending.get(id(child))
        if parts is not None:
            child.text = walk_text(parts, element, counters, depth, style.get("quotes", "auto"))
        stack.append((child, iter(child), []))



def _add(counters: dict[str, list[int]], name: str, value: int) -> None:
    instances = counters.setdefault(name, [])
    if not instances:  # incrementing a counter not in scope: an implied reset at the root
        instances.append(0)
    instances[-1] += value
