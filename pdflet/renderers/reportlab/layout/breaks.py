"""Forced page breaks and page names, as CSS Fragmentation 3 and CSS Paged Media 3 define them.

A forced break is decided when it is reached during layout, not when the story is built, because only
then is it known whether the page holds anything yet: a break before the first piece of content or after
the last one does nothing, adjacent breaks combine into one, and ``left``/``right``/``recto``/``verso``
add one blank page only when the next page would be on the wrong side. Named pages (``page: NAME``) ride
on the same breaks: a change of page name is a forced break, and a page takes the name of its first
content. The runtime side of this lives in ``draw.py``'s document; this module says where breaks go.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from xml.etree.ElementTree import Element

from reportlab.platypus import PageBreak

SIDE_BREAKS = frozenset({"left", "right", "recto", "verso"})
FORCED_BREAKS = frozenset({"page"}) | SIDE_BREAKS
# Block-level displays whose boxes take part in the flow the page names follow.
_BLOCKS = frozenset({"block", "list-item", "table", "flex", "grid", "flow-root"})
_SIDE_STRENGTH = {"name": 0, "page": 1, "left": 2, "right": 2, "recto": 2, "verso": 2}


class ForcedBreak(PageBreak):
    """A forced page break: ``side`` is ``page``, ``left``, ``right``, ``recto`` or ``verso``, or ``name``
    for a break that happens only when the page name changes; ``name`` is the page name of the content
    after it (``None``: unchanged, ``""``: the unnamed page)."""

    def __init__(self, side: str = "page", name: str | None = None) -> None:
        super().__init__()
        self.side = side
        self.name = name

    def __repr__(self) -> str:
        return f"ForcedBreak({self.side!r}, {self.name!r})"


def combined(first: ForcedBreak | None, second: ForcedBreak) -> ForcedBreak:
    """Two forced breaks at one break point are one break: a side wins over ``page``, the later
    side over an earlier one, and the later page name over an earlier one."""
    if first is None:
        return second
    side = second.side if _SIDE_STRENGTH[second.side] >= _SIDE_STRENGTH[first.side] else first.side
    name = second.name if second.name is not None else first.name
    return ForcedBreak(side, name)


def physical_side(side: str, rtl: bool) -> str:
    """``recto``/``verso`` as ``right``/``left`` for the document's page progression."""
    if side == "recto":
        return "left" if rtl else "right"
    if side == "verso":
        return "right" if rtl else "left"
    return side


def breaks_around(style: Mapping[str, Any], name: str | None) -> tuple[ForcedBreak | None, ForcedBreak | None]:
    """The breaks an element's ``break-before``/``break-after`` (and a page-name change before it) ask for."""
    before = None
    if name is not None:
        before = ForcedBreak("name", name)
    if style["break-before"] in FORCED_BREAKS:
        before = combined(before, ForcedBreak(style["break-before"], name))
    after = ForcedBreak(style["break-after"]) if style["break-after"] in FORCED_BREAKS else None
    return before, after


def page_name_changes(root: Element, styles: Mapping[Element, Any]) -> dict[Element, str]:
    """The block elements before which the page name changes, with the name that starts there.

    The used value of ``page: auto`` is the parent's; a block whose used name differs from the name in
    effect at the end of the block before it (or, first in its parent, from its parent's) starts a new
    page of that name. Returns an empty map, at no cost, for the usual document with no named pages.
    """
    if not any(style.get("page", "auto") != "auto" for style in styles.values()):
        return {}
    changes: dict[Element, str] = {}
    stack: list[tuple[Element, str, Iterable[Element]]] = []
    root_name = _own_name(styles.get(root), "")
    current = ""  # the first page is unnamed until content with a name reaches it
    stack.append((root, root_name, iter(list(root))))
    while stack:
        _parent, parent_name, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            continue
        style = styles.get(child)
        if not isinstance(child.tag, str) or style is None or not _in_flow_block(style):
            continue
        name = _own_name(style, parent_name)
        if name != current:
            changes[child] = name
            current = name
        stack.append((child, name, iter(list(child))))
    return changes


def _own_name(style: Mapping[str, Any] | None, inherited: str) -> str:
    value = style.get("page", "auto") if style is not None else "auto"
    return inherited if value == "auto" else value


def _in_flow_block(style: Mapping[str, Any]) -> bool:
    return (
        style["display"] in _BLOCKS
        and style["float"] == "none"
        and style.get("position", "static") not in ("absolute", "fixed")
    )
