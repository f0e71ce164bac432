"""The flowable of a flex or grid container: its items placed in horizontal bands, drawn and split across pages.

A band is a strip across the container that can be moved to the next page as a whole: a row flex line, one item
of a single-line column, or a grid row. Where the widths and places come from (the flex algorithm of
:mod:`.flexlayout`, grid tracks) is the subclasses' business; this module paints the bands and splits between
them, or, when one band is taller than the room left, splits each of its items at the same height.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass, replace
from typing import Any

from reportlab.platypus import Flowable, PageBreak

from pdflet.renderers.reportlab.css.properties import Style
from pdflet.renderers.reportlab.css.values import resolve
from pdflet.renderers.reportlab.layout.box_flowables import Box
from pdflet.renderers.reportlab.layout.boxmodel import BoxSpec
from pdflet.renderers.reportlab.layout.breaks import ForcedBreak, combined
from pdflet.renderers.reportlab.layout.flowbase import HUGE, Shrunk, Spaced, must_progress

_END = frozenset({"flex-end", "end", "right", "self-end"})


@dataclass
class Placed:
    """An item (or the part of it on this page) at its place in a band.

    ``y`` is the border box's offset below the band's top when a layout algorithm placed it (then ``height``,
    when larger than the box's own, is the height it is stretched to); ``None`` aligns it in the band by its
    ``align-self`` (grid rows, continued parts)."""

    item: Any  # a flex.Item
    box: Box | None
    x: float
    width: float
    y: float | None = None
    height: float = 0.0
    stretched: bool = False


class Bands(Spaced, Flowable):
    """Bands of placed items, laid out at wrap time (widths depend on the frame)."""

    def __init__(
        self,
        items: list[Any],
        container: Style,
        fixed: list[list[Placed]] | None = None,
        gap: float | None = None,
        heights: list[float | None] | None = None,
    ) -> None:
        super().__init__()
        self.items = items
        self.container = container
        self.fixed = fixed  # the parts left after a page break keep the places they were given
        self.fixed_heights = heights  # the bands that were not cut keep their height (None: measure again)
        self.gap = gap  # the space between bands; None: the container's row-gap
        self._lines: list[list[Placed]] = []
        self._heights: list[float] = []
        self._breaks: list[ForcedBreak | None] = []
        self._for = -1.0

    # -- layout -------------------------------------------------------------------------------
    def _layout(self, avail: float) -> None:
        if self._for == avail and self._lines:
            return
        if self.fixed is not None:
            lines = self.fixed
            known = self.fixed_heights or [None] * len(lines)
            heights = [self._measure(line) if h is None else h for line, h in zip(lines, known, strict=True)]
        else:
            lines, heights = self._compute(avail)
        self._lines = lines
        self._heights = heights
        self._breaks = [None, *(_forced_between(a, b) for a, b in itertools.pairwise(lines))]
        self._for = avail

    def _compute(self, avail: float) -> tuple[list[list[Placed]], list[float]]:
        lines = self._compute_lines(avail)
        return lines, [self._measure(line) for line in lines]

    def _compute_lines(self, avail: float) -> list[list[Placed]]:
        raise NotImplementedError

    def _gaps(self, avail: float) -> tuple[float, float]:
        return resolve(self.container["column-gap"], avail), resolve(self.container["row-gap"], avail)

    def _band_gap(self, avail: float) -> float:
        return self.gap if self.gap is not None else self._gaps(avail)[1]

    def _measure(self, line: list[Placed]) -> float:
        height = 0.0
        for part in line:
            if part.box is None:
                continue
            _, h = part.box.wrap(part.width, HUGE)
            if part.y is not None:
                height = max(height, part.y + max(h, part.height))
                continue
            top, bottom = self._vertical_margins(part.item)
            height = max(height, h + top + bottom)
        return height

    def _vertical_margins(self, item: Any) -> tuple[float, float]:
        top, _, bottom, _ = item.margins
        avail = max(self._for, 0.0)
        return (0.0 if top == "auto" else resolve(top, avail)), (0.0 if bottom == "auto" else resolve(bottom, avail))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._layout(availWidth)
        gap = self._band_gap(availWidth)
        self.width = availWidth
        self.height = sum(self._heights) + gap * max(0, len(self._heights) - 1)
        if any(self._breaks):  # a forced break between bands: make the frame ask us to split
            self.height = max(self.height, availHeight + 1.0)
        return self.width, self.height

    # -- pages --------------------------------------------------------------------------------
    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        avail = self._for if self._lines else availWidth
        self.wrap(avail, availHeight)
        if self.height <= availHeight + 1e-6:
            return [self]
        gap = self._band_gap(avail)
        used = 0.0
        index = 0
        heights = self._heights
        while index < len(heights) and used + heights[index] <= availHeight + 1e-6:
            if self._breaks[index] is not None:
                break
            used += heights[index] + gap
            index += 1
        if index >= len(heights):
            return [self]
        forced = self._breaks[index]
        if forced is not None:  # break-before/-after on an item: the next band starts a page
            head = self._part(self._lines[:index], avail, heights[:index])
            head.space_before = self.space_before
            return [head, forced, *self._rest(self._lines[index:], avail, heights[index:])]
        head_lines = self._lines[:index]
        head_heights: list[float | None] = list(heights[:index])
        tail_heights: list[float | None] = list(heights[index:])
        room = availHeight - used
        split_line = self._split_line(self._lines[index], room) if room > 1.0 else None
        if split_line is not None:
            head_lines = [*head_lines, split_line[0]]
            head_heights.append(None)
            tail_lines = [split_line[1], *self._lines[index + 1 :]]
            tail_heights[0] = None
        else:
            tail_lines = self._lines[index:]
        if not head_lines:
            if must_progress(self):
                first = Shrunk(self._part([self._lines[0]], avail, heights[:1]), availHeight)
                return [first, *self._rest(self._lines[1:], avail, heights[1:])]
            return []
        head = self._part(head_lines, avail, head_heights)
        head.space_before = self.space_before
        return [head, *self._rest(tail_lines, avail, tail_heights)]

    def _rest(self, lines: list[list[Placed]], avail: float, heights: list[float | None]) -> list[Any]:
        if not lines:
            return []
        tail = self._part(lines, avail, heights)
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
            if part.y is not None:
                top, bottom = part.y, 0.0
            else:
                top, bottom = self._vertical_margins(part.item)
            _, h = part.box.wrap(part.width, HUGE)
            fill = max(room - top, 0.0) if part.stretched else 0.0  # a stretched item fills the page
            if h + top + bottom <= room + 1e-6:
                heads.append(replace(part, height=fill))
                tails.append(replace(part, box=None))
                progress = True
                continue
            pieces = [p for p in part.box.split(part.width, max(room - top, 0.0)) if not isinstance(p, PageBreak)]
            if len(pieces) >= 2:
                heads.append(replace(part, box=pieces[0], height=fill))
                tails.append(replace(part, box=_boxed(pieces[1:]), y=None if part.y is None else 0.0, height=0.0))
                progress = True
            else:
                heads.append(replace(part, box=None))
                tails.append(replace(part, y=None if part.y is None else 0.0, height=0.0))
        return (heads, tails) if progress else None

    def _part(self, lines: list[list[Placed]], avail: float, heights: list[float | None]) -> Bands:
        part = Bands(self.items, self.container, fixed=lines, gap=self.gap, heights=list(heights))
        part._layout(avail)
        return part

    # -- painting -----------------------------------------------------------------------------
    def draw(self) -> None:
        canv = self.canv
        gap = self._band_gap(self._for)
        top = self.height
        for line, height in zip(self._lines, self._heights, strict=True):
            for part in line:
                if part.box is None:
                    continue
                if part.y is not None:
                    box = part.box
                    _, h = box.wrap(part.width, HUGE)
                    if part.height > h + 0.01:
                        box = _stretched(box, part.height)
                        _, h = box.wrap(part.width, HUGE)
                    elif 0.0 < part.height < h - 0.01 and box.spec.height != "auto":
                        box = _shrunk(box, part.height)  # a column item shrunk below its height property
                        _, h = box.wrap(part.width, HUGE)
                    box.drawOn(canv, part.x, top - part.y - h)
                    continue
                self._draw_aligned(part, top, height)
            top -= height + gap

    def _draw_aligned(self, part: Placed, top: float, height: float) -> None:
        """A part placed by its ``align-self`` in a band of ``height`` (grid rows, continued parts)."""
        m_top, m_bottom = self._vertical_margins(part.item)
        align = part.item.align
        if align == "auto":
            align = self.container["align-items"]
        box = part.box
        assert box is not None
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
        box.drawOn(self.canv, part.x, top - offset - h)


def _forced_between(above: list[Placed], below: list[Placed]) -> ForcedBreak | None:
    """The forced break between two bands: a ``break-after`` of an item above, a ``break-before`` below."""
    found = None
    for part in above:
        after = getattr(part.item, "breaks", (None, None))[1]
        if after is not None and part.box is not None:
            found = combined(found, after)
    for part in below:
        before = getattr(part.item, "breaks", (None, None))[0]
        if before is not None and part.box is not None and part.box is part.item.box:
            found = combined(found, before)
    return found


def _boxed(pieces: list[Any]) -> Box:
    """The rest of a split item as one box (a split can hand back several flowables)."""
    if len(pieces) == 1 and isinstance(pieces[0], Box):
        return pieces[0]
    return Box(pieces, BoxSpec())


def _shrunk(box: Box, height: float) -> Box:
    """The same box with its ``height`` property replaced by the smaller used size (never below its content)."""
    shrunk = copy.copy(box)
    shrunk.spec = replace(box.spec, height="auto", min_height=height, max_height="none", border_box=True)
    shrunk._layout = None
    return shrunk


def _stretched(box: Box, height: float) -> Box:
    """``align-items: stretch`` (or a grown column item): the same box, at least ``height`` tall."""
    stretched = copy.copy(box)
    spec = box.spec
    stretched.spec = replace(spec, min_height=height, border_box=True, width="auto", height="auto")
    stretched._layout = None
    # A flex container stretched (or grown) this way has a definite height its own items can fill.
    inner = height - sum(resolve(v, 0.0) for v in (spec.padding[0], spec.padding[2]))
    inner -= sum(b.width for b in (spec.borders[0], spec.borders[2]) if b.visible)
    stretched.children = [
        child.with_definite_height(inner) if hasattr(child, "with_definite_height") else child for child in box.children
    ]
    return stretched
