"""Flex containers (``display: flex``): the header with a logo on the left and the invoice details on the right,
label/value rows, card grids with ``flex-wrap``, progress bars, sticky footers in a ``min-height`` column.

Each item is an ordinary :class:`Box` (padding, borders, background, radius and page splitting come with it).
Widths and places come from :func:`.flexlayout.layout`, the CSS Flexible Box Layout algorithm on plain numbers:
this module measures the items for it (min/max-content widths, the height at a width), turns its answer into
bands (a row's lines, a single-line column's items) and lets :class:`.flexbands.Bands` draw and split them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from types import SimpleNamespace
from typing import Any

from reportlab.platypus import Paragraph

from pdflet.renderers.reportlab.css.properties import INHERITED, INITIAL, Style
from pdflet.renderers.reportlab.layout import boxes as bx
from pdflet.renderers.reportlab.layout.box_flowables import Box
from pdflet.renderers.reportlab.layout.boxmodel import BoxSpec, horizontal_extra, outer_size, percent, vertical_extra
from pdflet.renderers.reportlab.layout.breaks import ForcedBreak, breaks_around
from pdflet.renderers.reportlab.layout.context import LayoutContext
from pdflet.renderers.reportlab.layout.flexbands import Bands, Placed
from pdflet.renderers.reportlab.layout.flexlayout import FlexContainer, FlexItem, FlexResult, layout
from pdflet.renderers.reportlab.layout.flowbase import HUGE
from pdflet.renderers.reportlab.layout.intrinsic import content_widths
from pdflet.renderers.reportlab.layout.paragraphs import first_line_ascent

MAX_ITEMS = 5000  # a container with more children is laid out as a block (slower layouts gain nothing)
TABLES = frozenset({"table", "inline-table"})
INF = math.inf
SLACK = 0.01  # pt added to measured content widths, see Item.content_widths
__all__ = ["FlexLines", "Item", "Placed", "build_flex", "collect_items"]


@dataclass
class Item:
    """One flex item: its box and the computed values the flex algorithm needs."""

    box: Box
    grow: float
    shrink: float
    basis: Any  # "auto", "content", a length or ("%", n)
    width: Any
    min_width: Any
    max_width: Any
    extra: float  # horizontal padding + borders: border-box minus content-box
    border_box: bool
    margins: tuple[Any, Any, Any, Any]  # top, right, bottom, left (each may be "auto")
    align: str
    span: int = 1  # grid columns taken (-1: all)
    low: float = -1.0
    high: float = -1.0
    order: int = 0
    height: Any = "auto"
    min_height: Any = "auto"
    max_height: Any = "none"
    vextra: float = 0.0  # vertical padding + borders
    clips: bool = False  # overflow other than visible: no automatic minimum size
    collapsed: bool = False  # visibility: collapse: not drawn, takes no room along the main axis
    breaks: tuple[ForcedBreak | None, ForcedBreak | None] = (None, None)  # break-before, break-after
    justify: str = "auto"  # justify-self, for grid items

    def content_widths(self) -> tuple[float, float]:
        if self.low < 0:
            low, high = content_widths([self.box])
            # A paragraph given exactly its measured width can still break its last word (the sums of
            # advances differ in the last bits): a hundredth of a point of slack keeps it on one line.
            self.low, self.high = low + SLACK, high + SLACK
        return self.low, self.high

    def to_border_box(self, value: Any, avail: float) -> float:
        return outer_size(percent(value, avail), self.extra, 0.0, self.border_box)

    def to_border_height(self, value: Any, avail: float | None) -> float | None:
        """A height property as a border-box height; None when it is auto or a percentage of nothing."""
        if value in ("auto", "none") or (isinstance(value, tuple) and avail is None):
            return None
        return outer_size(percent(value, avail or 0.0), self.vextra, 0.0, self.border_box)


class FlexLines(Bands):
    """A flex container's items, laid out by the flex algorithm at wrap time (widths depend on the frame)."""

    def __init__(self, items: list[Item], container: Style, spec: BoxSpec | None = None) -> None:
        super().__init__(items, container, gap=0.0)
        self.spec = spec or BoxSpec()
        self.row = container["flex-direction"] in ("row", "row-reverse")
        self.definite: float | None = None  # a content height given by the parent flex line (stretch)

    def with_definite_height(self, height: float) -> FlexLines:
        """This container as a stretched (or grown) flex item: its content height is ``height``."""
        if self.definite is not None and abs(self.definite - height) < 1e-6:
            return self
        other = FlexLines(self.items, self.container, self.spec)
        other.definite = max(height, 0.0)
        other.space_before, other.space_after = self.space_before, self.space_after
        return other

    def _compute(self, avail: float) -> tuple[list[list[Placed]], list[float]]:
        box = self._flex_container(avail)
        flex_items = [self._flex_item(item, avail, box) for item in self.items]
        result = layout(box, flex_items)
        return self._bands(result)

    def _flex_container(self, avail: float) -> FlexContainer:
        style, spec = self.container, self.spec
        vextra = vertical_extra(spec, avail)

        def content_height(value: Any) -> float | None:
            if not isinstance(value, (int, float)):
                return None
            return max(0.0, float(value) - (vextra if spec.border_box else 0.0))

        column_gap, row_gap = self._gaps(avail)
        return FlexContainer(
            direction=style["flex-direction"],
            wrap=style["flex-wrap"],
            justify=style["justify-content"],
            align_items=style["align-items"],
            align_content=style.get("align-content", "normal"),
            row_gap=row_gap,
            column_gap=column_gap,
            width=avail,
            height=self.definite if self.definite is not None else content_height(spec.height),
            min_height=content_height(spec.min_height) or 0.0,
            max_height=content_height(style.get("max-height")) or INF,
            rtl=style.get("direction") == "rtl",
        )

    def _flex_item(self, item: Item, avail: float, box: FlexContainer) -> FlexItem:
        """The numbers the algorithm needs about one item (sizes as border boxes)."""
        margins = tuple(None if m == "auto" else percent(m, avail) for m in item.margins)
        low, high = item.content_widths()
        align = item.align if item.align != "auto" else box.align_items
        flex = FlexItem(
            grow=item.grow,
            shrink=item.shrink,
            margins=margins,
            align=align,
            order=item.order,  # type: ignore[arg-type]
            collapsed=item.collapsed,
        )
        width = None if item.width == "auto" else item.to_border_box(item.width, avail)
        min_width = item.to_border_box(item.min_width, avail) if item.min_width != "auto" else None
        max_width = item.to_border_box(item.max_width, avail) if item.max_width != "none" else INF
        height = item.to_border_height(item.height, box.height)
        min_height = item.to_border_height(item.min_height, box.height)
        max_height = item.to_border_height(item.max_height, box.height)
        if self.row:
            flex.basis = _basis(item, avail, lambda v: item.to_border_box(v, avail))
            flex.main_size, flex.max_main = width, max_width
            flex.min_main = 0.0 if min_width is None and item.clips else min_width
            flex.content_main, flex.min_content_main = high, low
            flex.cross_size, flex.min_cross = height, min_height or 0.0
            flex.max_cross = max_height if max_height is not None else INF
            flex.measure = lambda w, box_=item.box: box_.wrap(max(w, 0.0), HUGE)[1]
            if align == "baseline":
                flex.baseline = _first_baseline(item.box, min(max(high, low), avail))
            return flex
        cross = _column_width(item, avail, width, min_width, max_width, margins, align, box)
        natural = _natural_height(item.box, cross)
        flex.basis = _basis(item, box.height, lambda v: item.to_border_height(v, box.height) or 0.0)
        flex.main_size, flex.max_main = height, max_height if max_height is not None else INF
        flex.min_main = 0.0 if min_height is None and item.clips else min_height
        flex.content_main = flex.min_content_main = natural
        flex.cross_size, flex.min_cross, flex.max_cross = width, min_width or 0.0, max_width
        flex.measure = lambda _h, w=cross: w
        return flex

    def _bands(self, result: FlexResult) -> tuple[list[list[Placed]], list[float]]:
        """The algorithm's boxes cut into bands that stack from the top: a row's lines, or a single-line
        column's items (each can go to the next page on its own); a multi-line column is one band."""
        places = result.items
        if self.row:
            groups = [(line.cross_start, line.items) for line in result.lines]
        elif self.container["flex-wrap"] == "nowrap":
            groups = [(places[i].y, [i]) for i in range(len(places))]
        else:
            groups = [(0.0, list(range(len(places))))]
        groups.sort(key=lambda g: g[0])
        tops = [0.0] + [max(top, 0.0) for top, _ in groups[1:]]
        tops = [max(t, tops[k - 1]) if k else t for k, t in enumerate(tops)]
        ends = [*tops[1:], max(result.height, tops[-1] if tops else 0.0)]
        lines: list[list[Placed]] = []
        for (_, indices), top in zip(groups, tops, strict=True):
            line = []
            for i in indices:
                p = places[i]
                item = self.items[i]
                box = None if item.collapsed else item.box
                line.append(Placed(item, box, p.x, max(p.width, 1.0), p.y - top, p.height, p.stretched))
            lines.append(line)
        return lines, [end - top for top, end in zip(tops, ends, strict=True)]

    @property
    def _content(self) -> list[Any]:
        """What :func:`.intrinsic.content_widths` measures of a nested flex container: its min-/max-content."""
        low = high = 0.0
        for item in self.items:
            lo, hi = item.content_widths()
            if isinstance(item.width, (int, float)):
                hi = item.to_border_box(item.width, 0.0)
                lo = min(lo, hi)
            outer = percent(item.margins[1], 0.0) + percent(item.margins[3], 0.0)
            lo, hi = lo + outer, hi + outer
            if self.row and self.container["flex-wrap"] == "nowrap":
                low += lo
            else:
                low = max(low, lo)
            high = high + hi if self.row else max(high, hi)
        return [_Widths(low, high)]


class _Widths(Paragraph):
    """Stands for a known (min-content, max-content) pair where only paragraphs, images, tables and boxes are
    measured: a row's max-content is the sum of its items', not the widest one."""

    def __init__(self, low: float, high: float) -> None:  # no Paragraph.__init__: nothing is laid out
        self.frags = [[high]]
        self.style = SimpleNamespace(firstLineIndent=0.0)  # the only style attribute read
        self._low = low

    def minWidth(self) -> float:
        return self._low


def _basis(item: Item, avail: float | None, to_size: Any) -> float | str:
    """``flex-basis`` as a border-box size, or "auto"/"content" (a percentage of an indefinite size is content)."""
    basis = item.basis
    if basis in ("auto", "content"):
        return basis
    if isinstance(basis, tuple) and avail is None:
        return "content"
    return float(to_size(basis))


def _column_width(
    item: Item,
    avail: float,
    width: float | None,
    min_width: float | None,
    max_width: float,
    margins: tuple[Any, ...],
    align: str,
    box: FlexContainer,
) -> float:
    """The border-box width a column's item is laid out at: its width, the container's (stretch), or fit-content."""
    if width is not None:
        used = width
    else:
        room = avail - (margins[1] or 0.0) - (margins[3] or 0.0)
        low, high = item.content_widths()
        stretch = align in ("stretch", "normal") and None not in (margins[1], margins[3])
        used = room if stretch and box.wrap == "nowrap" else min(high, max(low, room))
    return max(min(used, max_width), min_width or 0.0, 1.0)


def _natural_height(box: Box, width: float) -> float:
    """The item's content height at ``width`` (its own height properties left out: the algorithm applies them)."""
    if box.spec.height != "auto" or box.spec.min_height not in (0, 0.0, "auto"):
        box = Box(box.children, replace(box.spec, height="auto", min_height=0.0))
    return box.wrap(width, HUGE)[1]


def _first_baseline(box: Box, width: float) -> float | None:
    """The first line's baseline below the top of ``box`` laid out at ``width`` (None: no text line)."""
    box.wrap(width, HUGE)
    offset = 0.0
    for _ in range(64):  # nested boxes: each adds its top padding and border
        if not box._placed:
            return None
        used = box.used
        child, y, _, _ = box._placed[0]
        offset += used.padding.top + used.border.top + y
        if isinstance(child, Paragraph):
            return offset + first_line_ascent(child)
        if not isinstance(child, Box):
            return None
        box = child
    return None


def anonymous_style(container: Style) -> Style:
    """The style of an anonymous block around text sitting directly in a flex container."""
    style = {k: (container[k] if k in INHERITED else INITIAL.get(k, container[k])) for k in container}
    style["display"] = "block"
    return style


def build_flex(ctx: LayoutContext, box: bx.FlexContainer) -> list[Any] | None:
    """The flowables of a flex container's content, or None to lay it out as a block."""
    items = collect_items(ctx, box)
    return [FlexLines(items, box.style, ctx.used.box_spec(box.style))] if items else []


def collect_items(ctx: LayoutContext, box: bx.BlockBox) -> list[Item]:
    """The items of a flex or grid container box (boxgen has made its text into anonymous items and left out
    what is not displayed); its out-of-flow children are not items."""
    items: list[Item] = []
    ctx.in_box += 1
    try:
        for child in box.children:
            if not isinstance(child, bx.AbsoluteBox):
                items.append(_item(ctx, child))
    finally:
        ctx.in_box -= 1
    return items


def _item(ctx: LayoutContext, child: bx.Box) -> Item:
    style = child.style
    spec = ctx.used.box_spec(style)
    if isinstance(child, (bx.ReplacedBox, bx.RuleBox, bx.TableBox)):
        # a replaced element or a table paints its own box: the item box around it stays bare
        children = ctx.block(child)
        inner = BoxSpec()
    else:
        children = ctx.content(child)
        inner = replace(spec, width="auto", min_width=0.0, max_width="none", margin_left=0.0, margin_right=0.0)
    flowable = Box(children, inner)
    flowable.frame_height = ctx.frame_height
    if child.element in ctx.containers:  # a positioned item places its absolute boxes (containing.py)
        flowable.cb_key = child.element
    return Item(
        box=flowable,
        grow=style["flex-grow"],
        shrink=style["flex-shrink"],
        basis=style["flex-basis"],
        width=spec.width,
        min_width=spec.min_width,
        max_width=spec.max_width,
        extra=horizontal_extra(spec),
        border_box=spec.border_box,
        margins=(style["margin-top"], style["margin-right"], style["margin-bottom"], style["margin-left"]),
        align=style["align-self"],
        justify=style["justify-self"],
        span=style["grid-column"],
        order=style.get("order", 0),
        height=spec.height,
        min_height=spec.min_height,
        max_height=style.get("max-height", "none"),
        vextra=vertical_extra(spec),
        clips=style.get("overflow", "visible") not in ("visible", "clip"),
        collapsed=style.get("visibility") == "collapse",
        breaks=breaks_around(style, None) if not isinstance(child, bx.AnonymousBlockBox) else (None, None),
    )
