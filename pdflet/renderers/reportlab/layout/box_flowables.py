"""CSS block boxes: margins, borders, padding, backgrounds and widths around child flowables, split across
pages between and inside children; list items draw their marker outside."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reportlab.platypus import Flowable, PageBreak, Paragraph

from pdflet.renderers.reportlab.layout.borders import paint_box
from pdflet.renderers.reportlab.layout.boxmodel import (
    BoxSpec,
    UsedBox,
    intrinsic_outer,
    right_inset,
    used_box,
    used_height,
)
from pdflet.renderers.reportlab.layout.containing import enter_isolation, leave_isolation, resolve_pending
from pdflet.renderers.reportlab.layout.flowbase import (
    MIN_ROOM,
    MIN_WIDTH,
    Shrunk,
    Spaced,
    must_progress,
    passes_margins,
    split_forced,
)
from pdflet.renderers.reportlab.layout.intrinsic import content_widths
from pdflet.renderers.reportlab.layout.lift import Lift
from pdflet.renderers.reportlab.layout.markers import Marker, draw_marker
from pdflet.renderers.reportlab.layout.paragraphs import css_baseline_shift, first_line_ascent
from pdflet.renderers.reportlab.layout.shadows import clip_to


class Box(Spaced, Flowable):
    """A CSS block box around child flowables; splits across pages between and inside children."""

    used: UsedBox  # its geometry where it was last wrapped (set by ``wrap``)
    cb_key: Any = None  # set on a positioned box that is the containing block of absolute boxes (containing.py)

    def __init__(self, children: list[Any], spec: BoxSpec, *, continued: bool = False) -> None:
        super().__init__()
        self.children = children
        self.spec = spec
        self.continued = continued
        self.shrink = False
        self.frame_height = 0.0  # set by the builder: lets a box give up its decoration to make progress
        self._layout: tuple[float, float] | None = None
        self._complete = False
        self._wrapped_for = 0.0
        self._wrap_width = -1.0
        self._placed: list[tuple[Any, float, float, float]] = []

    # -- geometry -----------------------------------------------------------------------------
    def _used(self, avail: float) -> UsedBox:
        """This box laid out across ``avail`` (a shrink-to-fit box asks its children how wide they would be)."""
        shrink_to = (lambda: content_widths(self.children)[1]) if self.shrink else None
        return used_box(self.spec, avail, shrink_to)

    def intrinsic_widths(self) -> tuple[float, float]:
        """(min-content, max-content) outer widths: the children's, with this box's edges around them."""
        low, high = content_widths(self.children)
        return intrinsic_outer(self.spec, low, high)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if (
            self._layout is not None
            and self._layout[0] == availWidth
            and (self._complete or availHeight <= self._wrapped_for)
        ):
            return self._layout
        used = self._used(availWidth)
        pt, bt = used.padding.top, used.border.top
        x, content = used.content_left, used.content
        inner, complete, forced = self._stack(max(content, 1.0), availHeight - pt - bt)  # text needs some room
        self._complete = complete and not forced
        self._wrapped_for = availHeight
        self._wrap_width = availWidth
        height = used_height(self.spec, inner, used, complete and not forced)
        self.used = used
        self.width = availWidth
        if self.shrink:
            self.width = min(availWidth, x + content + right_inset(self.spec, availWidth))
        if forced:
            height = max(height, availHeight + 1.0)  # make the frame ask us to split
        self.height = height
        self._layout = (self.width, height)
        return self.width, height

    def _stack(self, content: float, room: float) -> tuple[float, bool, bool]:
        """Wrap the children one under another (collapsing their margins) until ``room`` is used up:
        the height they take, whether all were measured, and whether a forced break is among them."""
        canv = getattr(self, "canv", None)
        y = 0.0
        placed: list[tuple[Any, float, float, float]] = []
        previous_after = 0.0
        complete = True
        forced = False
        for index, child in enumerate(self.children):
            if isinstance(child, PageBreak):  # a forced break inside a painted box: split there
                placed.append((child, y, 0.0, 0.0))
                forced = True
                continue
            if isinstance(child, Lift):  # a negative top margin: the next child moves up (not above the top)
                y = max(0.0, y + max(0.0, previous_after) - child.amount)
                previous_after = 0.0
                placed.append((child, y, 0.0, 0.0))
                continue
            if passes_margins(child):  # a zero-size mark or an absolute box's place:
                child.margin_above = previous_after  # the margins collapse past it (see abs_flow)
                placed.append((child, y, 0.0, 0.0))
                continue
            # a first child's margin is here only when this box's padding or border kept it inside (else the
            # builder moved it out, collapsed with the box's own, see ``Builder._boxed``)
            gap = max(child.getSpaceBefore(), previous_after)
            y += gap
            if canv is not None:
                child.canv = canv
            w, h = child.wrap(content, max(room - y, 1.0))
            complete = complete and getattr(child, "_complete", True)  # a box cut short inside is not complete
            placed.append((child, y, w, h))
            y += h
            previous_after = child.getSpaceAfter()
            if y > room and index + 1 < len(self.children):
                complete = False  # already too tall for this frame: the rest is measured after a split
                break
        else:
            y += previous_after  # the last child's bottom margin, kept inside by padding or border
        self._placed = placed
        return y, complete, forced

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        if self._layout is not None:  # the frame passes its full width here, ignoring Indenters
            availWidth = self._wrap_width
        self.wrap(availWidth, availHeight)
        if self.height <= availHeight + 1e-6:
            return [self]
        forced = must_progress(self)
        used = self.used
        content, pt, bt = max(used.content, 1.0), used.padding.top, used.border.top
        self._layout = None  # a failed child split forgets its line breaks; wrap again before drawing
        if forced and _narrowest(self, availWidth) < MIN_WIDTH:
            # Padding and borders (nested ones, say) leave no width for text: as on a fresh page nothing
            # better can come, the content flows without this box's decoration.
            return self._give_way(availWidth, availHeight, [])
        limit = availHeight - pt - bt
        first: list[Any] = []
        rest: list[Any] = []
        for index, (child, y, _w, h) in enumerate(self._placed):
            if isinstance(child, PageBreak):
                rest = self.children[index:]
                break
            if y + h <= limit + 1e-6:
                first.append(child)
                continue
            room = limit - y
            parts = child.split(content, room) if room > 0 else []
            if not parts and forced and not first and room >= MIN_ROOM:
                parts = split_forced(child, content, room)  # nothing above it on this page: it must give way
            if len(parts) >= 2 or (forced and not first and parts):
                first.append(parts[0])
                rest = list(parts[1:]) + self.children[index + 1 :]
            else:
                rest = self.children[index:]
            break
        else:
            rest = self.children[len(self._placed) :]
        page_break = rest[0] if rest and isinstance(rest[0], PageBreak) else None  # kept: it knows its side
        if page_break is not None:
            rest = rest[1:]
        if not rest and len(first) > 1 and page_break is None:
            rest = [first.pop()]  # only the bottom padding/border overflowed: move the last child on
        if first and not rest and page_break is not None:
            return [self._clone(first, self.spec), page_break]
        if not first or not rest:
            return self._give_way(availWidth, availHeight, first) if forced else []
        if hasattr(rest[0], "space_before"):
            rest[0].space_before = 0.0
        if hasattr(first[-1], "space_after"):
            first[-1].space_after = 0.0  # margins end at a page break (the head must fit where it was measured)
        head = self._clone(first, self.spec.sliced(top=False))
        tail = self._clone(rest, self.spec.sliced(top=True))
        head.space_before = self.space_before
        tail.space_after = self.space_after
        return [head, page_break, tail] if page_break is not None else [head, tail]

    def _give_way(self, availWidth: float, availHeight: float, first: list[Any]) -> list[Any]:
        """At the top of an empty frame and still too tall: give up what stops the box from
        splitting (a fixed height, the bottom edge, then all decoration) rather than fail."""
        if self.spec.height != "auto" or self.spec.min_height not in (0, 0.0, "auto"):
            unbounded = replace(self.spec, height="auto", min_height=0.0, max_height="none")
            loose = self._clone(list(self.children), unbounded)
            loose.space_before, loose.space_after = self.space_before, self.space_after
            return split_forced(loose, availWidth, availHeight)
        if first:  # everything fits but the bottom padding and border
            head = self._clone(first, self.spec.sliced(top=False))
            head.space_before, head.space_after = self.space_before, self.space_after
            return [head]
        # Nothing fits even on a fresh page (absurd padding or nesting): let the content flow
        # without this box's decoration.
        leaves = _leaves(self)
        if not leaves:
            return [Shrunk(self, availHeight)]
        return split_forced(leaves[0], availWidth, availHeight) + leaves[1:]

    def _clone(self, children: list[Any], spec: BoxSpec) -> Box:
        box = Box(children, spec, continued=True)
        box.frame_height = self.frame_height
        box.cb_key = self.cb_key
        return box

    # -- painting -----------------------------------------------------------------------------
    def draw(self) -> None:
        canv = self.canv
        used = self.used
        x, content, ml = used.content_left, used.content, used.margin_left
        pt, bt = used.padding.top, used.border.top
        outer_w = (x - ml) + content + right_inset(self.spec, self.width)
        h = self.height
        paint_box(canv, self.spec, ml, 0.0, outer_w, h)
        top = h - bt - pt
        clips = self.spec.clips
        if clips:  # overflow: hidden/clip: children are cut at the padding edge
            border = used.border
            radius = min(self.spec.radius, outer_w / 2.0, h / 2.0)
            canv.saveState()
            clip_to(canv, ml + border.left, border.bottom, outer_w - border.horizontal, h - border.vertical,
                    max(radius - max(border.left, border.top), 0.0) if radius > 0 else 0.0)
            enter_isolation(canv)
        for child, y, w, ch in self._placed:
            child.drawOn(canv, x, top - y - ch, _sW=content - w)
        if clips:
            leave_isolation(canv)
            canv.restoreState()
        if self.cb_key is not None:
            border = used.border
            resolve_pending(canv, self.cb_key, ml + border.left, border.bottom, outer_w - border.horizontal,
                            h - border.vertical)


class ListItemBox(Box):
    """A ``display: list-item`` box that draws its marker outside, left of the first line."""

    def __init__(self, children: list[Any], spec: BoxSpec, marker: Marker | None, *, continued: bool = False):
        super().__init__(children, spec, continued=continued)
        self.marker = marker

    def _clone(self, children: list[Any], spec: BoxSpec) -> Box:
        box = ListItemBox(children, spec, None, continued=True)
        box.frame_height = self.frame_height
        box.cb_key = self.cb_key
        return box

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = super().split(availWidth, availHeight)
        if parts and parts[0] is not self:
            # the marker goes with the first line: the first part when it is this item's (a forced
            # break or a given-up height or edge can make one, two or three parts), no later one
            for index, part in enumerate(parts):
                if isinstance(part, ListItemBox):
                    part.marker = self.marker if index == 0 else None
        return parts

    def draw(self) -> None:
        super().draw()
        marker = self.marker
        if marker is None:
            return
        used = self.used
        baseline = self.height - used.border.top - used.padding.top - _first_baseline(self._placed, marker.font_size)
        draw_marker(self.canv, marker, used.content_left, baseline)


def _first_baseline(placed: list[tuple[Any, float, float, float]], size: float) -> float:
    """Distance from the content top to the first line's baseline (a guess for non-paragraphs)."""
    if not placed:
        return size
    child, y, _w, _h = placed[0]
    while isinstance(child, Box) and child._placed:
        y += child.used.padding.top + child.used.border.top
        child, cy, _w, _h = child._placed[0]
        y += cy
    if isinstance(child, Paragraph):
        return y + first_line_ascent(child) - css_baseline_shift(child)
    return y + size


def _narrowest(box: Box, avail: float, depth: int = 0) -> float:
    """The narrowest content width among ``box`` and the boxes nested in it (to a bounded depth)."""
    content = box._used(avail).content
    if depth < 64:
        for child in box.children:
            if isinstance(child, Box):
                content = min(content, _narrowest(child, content, depth + 1))
    return content


def _leaves(box: Box) -> list[Any]:
    """The non-box flowables inside ``box``, in order (its decoration dropped)."""
    out: list[Any] = []
    stack = list(reversed(box.children))
    while stack:
        item = stack.pop()
        if isinstance(item, Box):
            stack.extend(reversed(item.children))
        elif not isinstance(item, PageBreak):
            out.append(item)
    return out
