"""The parse stage: hostile HTML text to an ElementTree a browser would have built.

html5lib follows the HTML standard's error recovery, so tag soup parses the way Chromium
parses it. The tree is then made safe to walk: NULs and other control characters are
dropped and nesting deeper than :data:`MAX_DEPTH` is flattened into its text, so no later
stage needs recursion limits of its own.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

import html5lib

from pdflet.errors import RenderFailed
from pdflet.renderers.report import RenderReport

MAX_DEPTH = 64
MAX_RAW_DEPTH = 512  # html5lib's tree building is quadratic in nesting depth
MAX_CELLS = 30_000  # a bigger table cannot be laid out within the render timeout
MAX_ELEMENTS = 100_000  # html5lib alone takes ~1.3 s per 100,000 elements here, before any styling or layout
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?(/?)>")
_CELL = re.compile(r"<t[dh][\s>/]", re.I)
_START_TAG = re.compile(r"<[a-zA-Z]")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "p", "li"}
)
_TABLE_PARTS = frozenset({"table", "thead", "tbody", "tfoot", "tr"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` without characters that are illegal in HTML or unprintable in PDF text."""
    return _CONTROL.sub("", text)


def parse_html(html: str, report: RenderReport | None = None) -> Element:
    """The document's ``<html>`` element (html5lib, etree, no namespaces).

    Nesting past the limits is flattened to text, and ``report`` (when given) is told so.

    Raises:
        RenderFailed: for a table too large, or a document with too many elements, to lay out in time.
    """
    cells = len(_CELL.findall(html))
    if cells > MAX_CELLS:
        raise RenderFailed(f"The document has {cells} table cells; the limit is {MAX_CELLS}.")
    if html.count("<") > MAX_ELEMENTS:  # cheap bound first: counting tags walks the text in Python
        elements = sum(1 for _ in _START_TAG.finditer(html))
        if elements > MAX_ELEMENTS:
            raise RenderFailed(f"The document has {elements} elements; the limit is {MAX_ELEMENTS}.")
    cleaned = clean_text(html)
    html = limit_nesting(cleaned)
    root = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    flattened = _sanitize(root)
    if report is not None and (flattened or len(html) != len(cleaned)):
        report.warn("limit", f"Elements nested deeper than {MAX_DEPTH} levels were flattened to their text.")
    return root


def limit_nesting(html: str) -> str:
    """Drop start and end tags nested deeper than :data:`MAX_RAW_DEPTH` before html5lib sees them.

    Only a document with thousands of tags is scanned; text is kept, so the content still renders.
    """
    if html.count("<") < 2 * MAX_RAW_DEPTH:
        return html
    depth = 0
    out: list[str] = []
    last = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            drop = depth > MAX_RAW_DEPTH
            depth = max(0, depth - 1) if name not in _VOID else depth
        elif self_closing or name in _VOID:
            drop = False
        else:
            depth += 1
            drop = depth > MAX_RAW_DEPTH
        if drop:
            out.append(html[last : match.start()])
            last = match.end()
    if not out:
        return html
    out.append(html[last:])
    return "".join(out)


def parse_fragment(html: str) -> Element:
    """A header or footer snippet, wrapped in a ``<body>`` so it can be styled on its own."""
    return parse_html(f"<!DOCTYPE html><html><body>{html}</body></html>")


def _sanitize(root: Element) -> int:
    """Drop comments and processing instructions; flatten anything nested too deep (returns how many)."""
    flattened = 0
    stack: list[tuple[Element, int]] = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        children = list(element)
        for child in children:
            if not isinstance(child.tag, str):
                _remove_keep_tail(element, child)
        if depth >= MAX_DEPTH and (element.tag not in _TABLE_PARTS or depth >= MAX_DEPTH + 8):
            if len(element):
                flattened += 1
            _flatten(element)  # table parts go on to their cells, which can hold the text
            continue
        stack.extend((child, depth + 1) for child in element)
    return flattened


def _remove_keep_tail(parent: Element, child: Element) -> None:
    tail = child.tail or ""
    index = list(parent).index(child)
    if tail:
        if index == 0:
            parent.text = (parent.text or "") + tail
        else:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + tail
    parent.remove(child)


def _flatten(element: Element) -> None:
    """Replace ``element``'s descendants by their text, without recursion."""
    parts: list[str] = [element.text or ""]
    stack: list[Element | str] = list(reversed(list(element)))
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        if isinstance(item.tag, str):
            parts.append(item.text or "")
        if item.tail:
            stack.append(item.tail)
        stack.extend(reversed(list(item)))
    for child in list(element):
        element.remove(child)
    element.text = " ".join(p for p in parts if p)[:1_000_000]
