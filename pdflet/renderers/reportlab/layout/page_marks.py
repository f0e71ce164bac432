"""What the page margins learn from the flow: named strings (``string-set``) and page-number restarts.

A running head needs the title of the chapter a page is in; a book restarts its page numbers after the front
matter (``counter-reset: page 1``). Both depend on where content lands, which is known only while pages are
drawn: a zero-size :class:`PageMark` goes into the flow before its element and records, when drawn, on which
page it landed. Margin boxes are painted after the last page (see ``draw.DeferredCanvas``), so they can read
the whole record through :class:`PageMarks`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from pdflet.renderers.reportlab.layout.flowbase import ZeroMark

RUNNING = "\0running:"  # the named-string namespace of running elements: no CSS name can start so
MAX_STRING = 1000  # characters of one named string (a running head, not a chapter)
MAX_MARKS = 100_000


@dataclass
class PageMarks:
    """Named strings and page-number restarts, by the physical page they were drawn on."""

    strings: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    restarts: list[tuple[int, int]] = field(default_factory=list)
    count: int = 0

    def add(self, page: int, strings: tuple[tuple[str, str], ...], restart: int | None) -> None:
        if self.count >= MAX_MARKS:
            return
        self.count += 1
        for name, value in strings:
            self.strings.setdefault(name, []).append((page, value))
        if restart is not None:
            self.restarts.append((page, restart))

    def label(self, page: int) -> int:
        """``counter(page)`` on physical page ``page``: counted from the last restart at or before it."""
        number = page
        for restart_page, value in self.restarts:
            if restart_page > page:
                break
            number = value + (page - restart_page)
        return number

    def string(self, name: str, page: int, policy: str = "first") -> str:
        """``string(name, policy)`` on ``page`` (CSS GCPM: ``first``, ``start``, ``last``, ``first-except``)."""
        assigned = self.strings.get(name)
        if not assigned:
            return ""
        pages = [p for p, _ in assigned]  # appended in drawing order, so sorted by page
        start, end = bisect_left(pages, page), bisect_right(pages, page)
        before = assigned[start - 1][1] if start else ""
        if policy == "first-except":
            return "" if end > start else before
        if policy == "start":
            return before  # the value the page starts with (an assignment at its very top is not seen)
        if end > start:
            return assigned[end - 1][1] if policy == "last" else assigned[start][1]
        return before


class PageMark(ZeroMark):
    """A zero-size flowable, kept with what follows it, that records its page in the canvas' marks."""

    def __init__(self, strings: tuple[tuple[str, str], ...], restart: int | None) -> None:
        super().__init__()
        self.strings = strings
        self.restart = restart

    def draw(self) -> None:
        marks = getattr(self.canv, "pdflet_marks", None)
        if marks is not None:
            marks.add(self.canv.getPageNumber(), self.strings, self.restart)


def string_values(element: Element, style: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The values an element's ``string-set`` assigns: its text, strings and attributes, joined."""
    out = []
    for name, parts in style.get("string-set") or ():
        text = []
        for kind, value in parts:
            if kind == "text":
                text.append(value)
            elif kind == "attr":
                text.append(element.get(value) or "")
            elif kind == "content":
                text.append(" ".join("".join(element.itertext())[: MAX_STRING * 4].split()))
        out.append((name, "".join(text)[:MAX_STRING]))
    return tuple(out)


def page_restart(style: dict[str, Any]) -> int | None:
    """The page number ``counter-reset: page N`` (or ``counter-set``) asks the element's page to carry."""
    for prop in ("counter-set", "counter-reset"):
        for name, value in style.get(prop) or ():
            if name.lower() == "page":
                return value if prop == "counter-set" or value else max(value, 1)
    return None


def mark_for(element: Element, style: dict[str, Any]) -> PageMark | None:
    """The mark an element needs, if its style sets a named string or restarts page numbers."""
    strings = string_values(element, style) if style.get("string-set") else ()
    restart = page_restart(style) if style.get("counter-reset") or style.get("counter-set") else None
    if not strings and restart is None:
        return None
    return PageMark(strings, restart)
