"""``::first-letter``: the first letter of a block, with the punctuation around it, as a box of its own.

CSS Pseudo-Elements 4: punctuation before the first letter (an opening quote, a dash) and right after it belongs
to it, so ``“Tis`` gives the drop cap ``“T``; spaces before it do not. The letter is looked for in the block's
first text in document order (its ``::before`` included, inline and block descendants alike); a replaced
element or a forced line break before any text means there is none. The box is a generated element (the
cascade's pseudo tag) with the text's parent as its parent, so its style inherits from there and its text
stays plain text.
"""

from __future__ import annotations

import unicodedata
from xml.etree.ElementTree import Element

#: Block containers: the only elements with a first letter (an inline element has none of its own).
BLOCK_CONTAINERS = frozenset({"block", "list-item", "table-cell", "table-caption", "inline-block", "flow-root"})
_STOPS = frozenset({"img", "svg", "video", "audio", "canvas", "iframe", "object", "embed", "input", "select",
                    "textarea", "button", "br", "hr", "math", "table"})
_PUNCTUATION = ("Ps", "Pe", "Pi", "Pf", "Po", "Pd", "Pc")


def split_first_letter(text: str) -> tuple[str, str, str] | None:
    """(what comes before, the letter with its punctuation, the rest) of ``text``; None when it has no letter
    or digit after its leading punctuation."""
    n = len(text)
    start = 0
    while start < n and text[start].isspace():
        start += 1
    end = start
    while end < n and unicodedata.category(text[end]) in _PUNCTUATION:
        end += 1
    if end >= n or unicodedata.category(text[end])[0] not in "LN":
        return None
    end += 1
    while end < n and unicodedata.category(text[end])[0] == "M":  # combining marks stay with their letter
        end += 1
    while end < n and unicodedata.category(text[end]) in _PUNCTUATION:
        end += 1
    return text[:start], text[start:end], text[end:]


def first_text(element: Element) -> tuple[Element, Element | None] | None:
    """Where the first letter of ``element`` is: (the element whose ``.text`` holds it, None) or (the element
    whose ``.tail`` holds it, its parent); None when something else comes first or there is no text."""
    found = _first_text(element)
    return None if found is _STOP else found  # type: ignore[return-value]


_STOP = object()  # a replaced element or a line break came before any text


def _first_text(element: Element) -> object:
    if element.text and element.text.strip():
        return element, None
    for child in element:
        if not isinstance(child.tag, str) or child.tag in _STOPS:
            return _STOP
        found = _first_text(child)  # (nesting is bounded by the parse's depth limit)
        if found is not None:
            return found
        if child.tail and child.tail.strip():
            return child, element
    return None


def wrap_first_letter(element: Element, tag: str) -> tuple[Element, Element] | None:
    """Put the first letter of ``element`` in a new ``tag`` element; returns (that box, its parent), or None."""
    found = first_text(element)
    if found is None:
        return None
    holder, parent = found
    parts = split_first_letter((holder.text if parent is None else holder.tail) or "")
    if parts is None:
        return None
    before, letter, rest = parts
    box = Element(tag)
    box.text, box.tail = letter, rest
    if parent is None:
        holder.text = before
        holder.insert(0, box)
        return box, holder
    holder.tail = before
    parent.insert(list(parent).index(holder) + 1, box)
    return box, parent
