"""Flexbox rows: ``display: flex`` with ``flex-direction: row`` (the header with a logo on the left and the
invoice details on the right, label/value rows, card grids with ``flex-wrap``).

Each item is an ordinary :class:`Box` (padding, borders, background, radius and page splitting come with it);
this module only decides widths and positions, following CSS Flexible Box Layout for one main axis:
hypothetical sizes from ``flex-basis``/``width``/max-content, lines when wrapping, ``flex-grow`` and
``flex-shrink`` (shrinking weighted by the basis, never below the min-content width), auto margins, then
``justify-content`` and ``align-items``/``align-self``. Column flex containers stack like blocks.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from typing import Any

from reportlab.platypus import Flowable, PageBreak

from pdflet.renderers.reportlab.css.properties import INHERITED, INITIAL, Style
from pdflet.renderers.reportlab.css.values import resolve
from pdflet.renderers.reportlab.layout import boxes as bx
from pdflet.renderers.reportlab.layout.context import LayoutContext
from pdflet.renderers.reportlab.layout.flowables import HUGE, Box, BoxSpec, Shrunk, Spaced, must_progress
from pdflet.renderers.reportlab.layout.tables import content_widths

MAX_ITEMS = 5000  # a container with more children is laid out as a block (slower layouts gain nothing)
_END = frozenset({"flex-end", "end", "right", "self-end"})
TABLES = frozenset({"table", "inline-table"})


@dataclass
class Item:
    """One flex item: its box and the numbers the flex algorithm needs (border-box widths, pt)."""

    box: Box
    grow: float
    shrink: float
    basis: Any  # "auto", "content", a length or ("%", n)
    width: Any
    min_width: Any
    max_width: Any
    extra: float  # horizontal padding + borders: border-box minus content-box
    border_box: bool
    margins: tuple[Any, Any, Any, Any]  # top, right, bottom, left (may be "auto" left/right)
    align: str
    span: int = 1  # grid columns taken (-1: all)
    low: float = -1.0
    high: float = -1.0

    def content_widths(self) -> tuple[float, float]:
        if self.low < 0:
            self.low, self.high = content_widths([self.box])
        return self.low, self.high

    def to_border_box(self, value: Any, avail: float) -> float:
        width = resolve(value, avail)
        return width if self.border_box else width + self.extra

    def hypothetical(self, avail: float) -> tuple[float, float, float]:
        """(flex base size, min, max), border-box widths."""
        low, high = self.content_widths()
        if self.basis not in ("auto", "content"):
            base = self.to_border_box(self.basis, avail)
        elif self.basis == "auto" and self.width != "auto":
            base = self.to_border_box(self.width, avail)
        else:
            base = high
        if self.min_width not in ("auto", 0.0, 0):
            least = self.to_border_box(self.min_width, avail)
        else:
            least = low if self.width == "auto" else min(low, self.to_border_box(self.width, avail))
        most = self.to_border_box(self.max_width, avail) if self.max_width != "none" else HUGE
        return base, least, max(least, most)

    def horizontal_margins(self, avail: float) -> tuple[float, float]:
        _, right, _, left = self.margins
        return (0.0 if left == "auto" else resolve(left, avail)), (0.0 if right == "auto" else resolve(right, avail))


@dataclass
class Placed:
    """An item (or the part of it on this page) at its place in a line."""

    item: Item
    box: Box | None
    x: float
    width: float


class FlexLines(Spaced, Flowable):
    """The lines of a row flex container, laid out at wrap time (widths depend on the frame)."""

    def __init__(self, items: list[Item], container: Style, fixed: list[list[Placed]] | None = None) -> None:
        super().__init__()
        self.items = items
        self.container = container
        self.fixed = fixed  # the parts left after a page break keep the widths they were given
        self._lines: list[list[Placed]] = []
        self._heights: list[float] = []
        self._for = -1.0

    # -- layout -------------------------------------------------------------------------------
    def _layout(self, avail: float) -> None:
        if self._for == avail and self._lines:
            return
        lines = self.fixed if self.fixed is not None else self._compute_lines(avail)
        self._lines = lines
        self._heights = [self._measure(line) for line in lines]
        self._for = avail

    def _compute_lines(self, avail: float) -> list[list[Placed]]:
        return [self._line(group, avail) for group in self._groups(avail)]

    def _gaps(self, avail: float) -> tuple[float, float]:
        return resolve(self.container["column-gap"], avail), resolve(self.container["row-gap"], avail)

    def _groups(self, avail: float) -> list[list[Item]]:
        items = self.items
        if self.container["flex-wrap"] == "nowrap":
            return [items] if items else []
        gap, _ = self._gaps(avail)
        groups: list[list[Item]] = []
        current: list[Item] = []
        used = 0.0
        for item in items:
            base, least, most = item.hypothetical(avail)
            ml, mr = item.horizontal_margins(avail)
            outer = min(max(base, least), most) + ml + mr
            if current and used + gap + outer > avail + 0.01:
                groups.append(current)
                current, used = [], 0.0
            used += (gap if current else 0.0) + outer
            current.append(item)
        if current:
            groups.append(current)
        return groups

    def _line(self, items: list[Item], avail: float) -> list[Placed]:
        gap, _ = self._gaps(avail)
        sizes = []
        for item in items:
            base, least, most = item.hypothetical(avail)
            sizes.append([base, least, most, min(max(base, least), most)])
        margins = [item.horizontal_margins(avail) for item in items]
        outer_fixed = sum(ml + mr for ml, mr in margins) + gap * max(0, len(items) - 1)
        widths = _resolve_flexible(items, sizes, avail - outer_fixed)
        free = avail - outer_fixed - sum(widths)
        autos = [(i, side) for i, item in enumerate(items) for side in (1, 3) if item.margins[side] == "auto"]
        extra_left = [0.0] * len(items)
        extra_right = [0.0] * len(items)
        if free > 0 and autos:
            share = free / len(autos)
            for i, side in autos:
                (extra_left if side == 3 else extra_right)[i] += share
            free = 0.0
        start, between = _justify(self.container["justify-content"], max(free, 0.0), len(items))
        if self.container["flex-direction"] == "row-reverse":
            order = list(reversed(range(len(items))))
            if between == 0:  # main-start is on the right: packing at the start packs to the right
                start = max(free, 0.0) - start
        else:
            order = list(range(len(items)))
        placed: list[Placed] = []
        x = start
        for n, i in enumerate(order):
            ml, mr = margins[i]
            x += ml + extra_left[i]
            placed.append(Placed(items[i], items[i].box, x, widths[i]))
            x += widths[i] + mr + extra_right[i] + (gap + between if n + 1 < len(order) else 0.0)
        return placed

    def _measure(self, line: list[Placed]) -> float:
        height = 0.0
        for part in line:
            if part.box is None:
                continue
            _, h = part.box.wrap(part.width, HUGE)
            top, bottom = self._vertical_margins(part.item)
            height = max(height, h + top + bottom)
        return height

    def _vertical_margins(self, item: Item) -> tuple[float, float]:
        top, _, bottom, _ = item.margins
        avail = max(self._for, 0.0)
        return (0.0 if top == "auto" else resolve(top, avail)), (0.0 if bottom == "auto" else resolve(bottom, avail))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._layout(availWidth)
        _, row_gap = self._gaps(availWidth)
        self.width = availWidth
        self.height = sum(self._heights) + row_gap * max(0, len(self._heights) - 1)
        return self.width, self.height

    # -- pages --------------------------------------------------------------------------------
    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        avail = self._for if self._lines else availWidth
        self.wrap(avail, availHeight)
        if self.height <= availHeight + 1e-6:
            return [self]
        _, row_gap = self._gaps(avail)
        used = 0.0
        index = 0
        heights = self._heights
        while index < len(heights) and used + heights[index] <= availHeight + 1e-6:
            used += heights[index] + row_gap
            index += 1
        if index >= len(heights):
            return [self]
        head_lines = self._lines[:index]
        room = availHeight - used
        split_line = self._split_line(self._lines[index], room) if room > 1.0 else None
        if split_line is not None:
            head_lines = [*head_lines, split_line[0]]
            tail_lines = [split_line[1], *self._lines[index + 1 :]]
        else:
            tail_lines = self._lines[index:]
        if not head_lines:
            if must_progress(self):
                return [Shrunk(self._part([self._lines[0]], avail), availHeight), *self._rest(self._lines[1:], avail)]
            return []
        head = self._part(head_lines, avail)
        head.space_before = self.space_before
        return [head, *self._rest(tail_lines, avail)]

    def _rest(self, lines: list[list[Placed]], avail: float) -> list[Any]:
        if not lines:
            return []
        tail = self._part(lines, avail)
        tail.space_after = self.space_after
        return [tail]

    def _split_line(self, line: list[Placed], room: float) -> tuple[list[Placed], list[Placed]] | None:
        """Each item's part that fits in ``room`` on this page, and the rest, at the same places."""
        heads: list[Placed] = []
        tails: list[Placed] = []
        progress = False
        for part in line:
            if part.box is None:
                heads.append(part)
                tails.append(part)
                continue
            top, bottom = self._vertical_margins(part.item)
            _, h = part.box.wrap(part.width, HUGE)
            if h + top + bottom <= room + 1e-6:
                heads.append(part)
                tails.append(replace(part, box=None))
                progress = True
                continue
            pieces = [p for p in part.box.split(part.width, max(room - top, 0.0)) if not isinstance(p, PageBreak)]
            if len(pieces) >= 2:
                heads.append(replace(part, box=pieces[0]))
                tails.append(replace(part, box=_boxed(pieces[1:])))
                progress = True
            else:
                heads.append(replace(part, box=None))
                tails.append(part)
        return (heads, tails) if progress else None

    def _part(self, lines: list[list[Placed]], avail: float) -> FlexLines:
        part = FlexLines(self.items, self.container, fixed=lines)
        part._layout(avail)
        return part

    # -- painting -----------------------------------------------------------------------------
    def draw(self) -> None:
        canv = self.canv
        _, row_gap = self._gaps(self._for)
        top = self.height
        for line, height in zip(self._lines, self._heights, strict=True):
            for part in line:
                if part.box is None:
                    continue
                m_top, m_bottom = self._vertical_margins(part.item)
                align = part.item.align
                if align == "auto":
                    align = self.container["align-items"]
                box = part.box
                _, h = box.wrap(part.width, HUGE)
                room = height - m_top - m_bottom
                if align in ("normal", "stretch") and h < room - 0.01:
                    box = _stretched(box, room)
                    _, h = box.wrap(part.width, HUGE)
                offset = m_top
                if align == "center":
                    offset += max(0.0, (room - h) / 2.0)
                elif align in _END:
                    offset += max(0.0, room - h)
                box.drawOn(canv, part.x, top - offset - h)
            top -= height + row_gap


def _resolve_flexible(items: list[Item], sizes: list[list[float]], room: float) -> list[float]:
    """Target widths: grow or shrink from the hypothetical sizes, freezing items at their limits."""
    n = len(items)
    target = [s[3] for s in sizes]
    frozen = [False] * n
    growing = sum(target) < room
    for i, item in enumerate(items):
        factor = item.grow if growing else item.shrink
        if factor == 0 or (growing and sizes[i][0] > target[i]) or (not growing and sizes[i][0] < target[i]):
            frozen[i] = True
    for _ in range(n + 1):
        free = room - sum(target[i] if frozen[i] else sizes[i][0] for i in range(n))
        active = [i for i in range(n) if not frozen[i]]
        if not active:
            break
        if growing:
            total = sum(items[i].grow for i in active)
            if total < 1:  # factors summing below one take only that fraction of the space
                free *= total
            proposed = {i: sizes[i][0] + free * items[i].grow / total for i in active}
        else:
            scaled = {i: items[i].shrink * sizes[i][0] for i in active}
            total = sum(scaled.values()) or 1.0
            proposed = {i: sizes[i][0] + free * scaled[i] / total for i in active}
        violated = False
        for i, value in proposed.items():
            clamped = min(max(value, sizes[i][1]), sizes[i][2])
            target[i] = clamped
            if abs(clamped - value) > 1e-6:
                frozen[i] = True
                violated = True
        if not violated:
            break
    return [max(t, 1.0) for t in target]


def _justify(mode: str, free: float, count: int) -> tuple[float, float]:
    """Start offset and extra space between items for ``justify-content``."""
    if free <= 0 or count == 0:
        return 0.0, 0.0
    if mode in _END:
        return free, 0.0
    if mode == "center":
        return free / 2.0, 0.0
    if mode == "space-between":
        return (0.0, free / (count - 1)) if count > 1 else (0.0, 0.0)
    if mode == "space-around":
        return free / count / 2.0, free / count
    if mode == "space-evenly":
        return free / (count + 1), free / (count + 1)
    return 0.0, 0.0


def _boxed(pieces: list[Any]) -> Box:
    """The rest of a split item as one box (a split can hand back several flowables)."""
    if len(pieces) == 1 and isinstance(pieces[0], Box):
        return pieces[0]
    return Box(pieces, BoxSpec())


def _stretched(box: Box, height: float) -> Box:
    """``align-items: stretch``: the same box, at least ``height`` tall (its background fills the line)."""
    stretched = copy.copy(box)
    stretched.spec = replace(box.spec, min_height=height, border_box=True, width="auto")
    stretched._layout = None
    return stretched


def anonymous_style(container: Style) -> Style:
    """The style of an anonymous block around text sitting directly in a flex container."""
    style = {k: (container[k] if k in INHERITED else INITIAL.get(k, container[k])) for k in container}
    style["display"] = "block"
    return style


def build_flex(ctx: LayoutContext, box: bx.FlexContainer) -> list[Any] | None:
    """The flowables of a row flex container's content, or None to lay it out as a block."""
    if box.style["flex-direction"] not in ("row", "row-reverse"):
        return None
    items = collect_items(ctx, box)
    return [FlexLines(items, box.style)] if items else []


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
    extra = sum(resolve(v, 0.0) for v in (spec.padding[1], spec.padding[3]))
    extra += sum(b.width for b in (spec.borders[1], spec.borders[3]) if b.visible)
    flowable = Box(children, inner)
    flowable.frame_height = ctx.frame_height
    return Item(
        box=flowable,
        grow=style["flex-grow"],
        shrink=style["flex-shrink"],
        basis=style["flex-basis"],
        width=spec.width,
        min_width=spec.min_width,
        max_width=spec.max_width,
        extra=extra,
        border_box=spec.border_box,
        margins=(style["margin-top"], style["margin-right"], style["margin-bottom"], style["margin-left"]),
        align=style["align-self"],
        span=style["grid-column"],
    )
