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

MAX_DEPTH = 64
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` without characters that are illegal in HTML or unprintable in PDF text."""
    return _CONTROL.sub("", text)


def parse_html(html: str) -> Element:
    """The document's ``<html>`` element (html5lib, etree, no namespaces)."""
    root = html5lib.parse(clean_text(html), treebuilder="etree", namespaceHTMLElements=False)
    _sanitize(root)
    return root


def parse_fragment(html: str) -> Element:
    """A header or footer snippet, wrapped in a ``<body>`` so it can be styled on its own."""
    return parse_html(f"<!DOCTYPE html><html><body>{html}</body></html>")


def _sanitize(root: Element) -> None:
    """Drop comments and processing instructions; flatten anything nested too deep."""
    stack: list[tuple[Element, int]] = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        children = list(element)
        for child in children:
            if not isinstance(child.tag, str):
                _remove_keep_tail(element, child)
        if depth >= MAX_DEPTH:
            _flatten(element)
            continue
        stack.extend((child, depth + 1) for child in element)


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
