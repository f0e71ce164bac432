"""Out-of-flow boxes in the builder: which positioned ancestor is each absolute box's containing block, and
the placeholder an absolute box leaves where its static position is (``positioned.AbsolutePlaceholder``).

The containing block of an absolute box is its nearest ancestor with a ``position`` other than ``static``
(CSS 2.1 §10.1), found in one pass over the document. An ancestor that lays out as a block box is drawn as a
:class:`Box` marked with its key, and places the absolute boxes that are its own once drawn
(``containing.resolve_pending``); for any other (an inline box, a table) the box falls back to the page
area. A ``position: fixed`` box goes to every page instead.
"""

from __future__ import annotations

from typing import Any

from pdflet.renderers.reportlab.layout import boxes as bx
from pdflet.renderers.reportlab.layout.box_flowables import Box
from pdflet.renderers.reportlab.layout.positioned import MAX_LAYERS, OUT_OF_FLOW, AbsolutePlaceholder, Layer

Element = Any
#: ``display`` values whose positioned boxes are drawn as one :class:`Box` (a containing block we can measure)
BLOCK_CONTAINERS = frozenset({"block", "list-item", "flow-root", "flex", "grid"})
INLINE_LEVEL = frozenset({"inline", "inline-block", "inline-table", "inline-flex", "inline-grid"})


def containing_blocks(root: Element, styles: dict[Element, Any]) -> dict[Element, Element | None]:
    """Each absolutely positioned element → its containing block's element (None: the initial one). One
    iterative pass, so any depth and any number of boxes cost linear time."""
    found: dict[Element, Element | None] = {}
    stack: list[tuple[Element, Element | None]] = [(root, None)]
    while stack:
        element, nearest = stack.pop()
        style = styles.get(element)
        if style is not None:
            position = style["position"]
            if position == "absolute":
                found[element] = nearest
            if position in OUT_OF_FLOW or (position == "relative" and style["display"] in BLOCK_CONTAINERS):
                nearest = element
        for child in element:
            if isinstance(child.tag, str):
                stack.append((child, nearest))
    return found


def absolute_placeholder(builder: Any, child: bx.AbsoluteBox) -> AbsolutePlaceholder | None:
    """Lay out an absolute box's content (a fixed one is kept for every page) and return its placeholder,
    or None past :data:`MAX_LAYERS` boxes (one warning)."""
    if builder._layers >= MAX_LAYERS:
        if builder._layers == MAX_LAYERS:
            builder.images.fetcher.report.warn(
                "limit", f"More than {MAX_LAYERS} positioned boxes; the rest were left out."
            )
            builder._layers += 1
        return None
    builder._layers += 1
    seq = builder.next_seq()  # before its content: a box comes before its descendants in the painting order
    builder.in_box += 1
    try:
        spec = builder.used.box_spec(child.style)
        flowable = Box(builder.content(child.children[0]), spec)
    finally:
        builder.in_box -= 1
    flowable.frame_height = builder.frame_height
    if child.element in builder.containers:
        flowable.cb_key = child.element
    layer = Layer(flowable, child.style, seq)
    if isinstance(child, bx.FixedBox):
        builder.fixed_layers.append(layer)
        return None
    inline = child.style["display"] in INLINE_LEVEL
    return AbsolutePlaceholder(layer, builder.containing.get(child.element), inline)
