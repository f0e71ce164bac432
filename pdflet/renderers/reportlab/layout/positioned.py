"""Positioned boxes: ``position: absolute`` (a "PAID" stamp in a corner of its header, a logo at a fixed
place on the page), ``position: fixed`` (repeated on every page, as Chromium prints it) and
``position: relative`` (shifted, its room kept).

Out-of-flow boxes are laid out when the page they land on is drawn and painted last on that page, over the
flow, as their usual ``z-index`` would put them. The containing block is the parent when the parent is
positioned, else the page area. An absolute box deeper inside unpositioned elements is placed against the
page area: the nearest positioned ancestor further up is not looked for.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import ActionFlowable

from pdflet.renderers.reportlab.css.properties import Style
from pdflet.renderers.reportlab.css.transforms import apply_about_centre
from pdflet.renderers.reportlab.layout.box_flowables import Box
from pdflet.renderers.reportlab.layout.boxmodel import border_box_width, percent, right_inset
from pdflet.renderers.reportlab.layout.flowbase import HUGE, Spaced, must_progress, split_forced
from pdflet.renderers.reportlab.layout.intrinsic import content_widths
from pdflet.renderers.reportlab.layout.stacking import paint_under_flow, z_order

OUT_OF_FLOW = frozenset({"absolute", "fixed"})
# the laid-out box, x, bottom y, its transform matrix or "none", and its stacking level (see stacking.py)
Placement = tuple[Box, float, float, Any, int]
MAX_LAYERS = 500  # per document: each is drawn once per page it lands on (fixed ones on every page)
MAX_NESTING = 32  # absolute boxes inside absolute boxes, painted with their parent


class Layer:
    """One out-of-flow box with its offsets, laid out against a containing block when drawn."""

    def __init__(self, box: Box, style: Style) -> None:
        self.box = box
        self.offsets = (style["top"], style["right"], style["bottom"], style["left"])
        self.matrix = style["transform"]
        self.z = z_order(style["z-index"])

    def place(
        self, cb: tuple[float, float, float, float], static: tuple[float, float]
    ) -> Placement:
        """The box laid out in ``cb`` (x, top, width, height in page coordinates): (box, x, bottom, transform)."""
        cb_x, cb_top, cb_w, cb_h = cb
        top, right, bottom, left = (None if v == "auto" else percent(v, base) for v, base in zip(
            self.offsets, (cb_h, cb_w, cb_h, cb_w), strict=True
        ))
        fixed = border_box_width(self.box.spec, cb_w)
        if fixed is not None:
            outer = fixed
        elif left is not None and right is not None:
            outer = cb_w - left - right
        else:
            outer = min(content_widths([self.box])[1], cb_w - (left or 0.0) - (right or 0.0))
        outer = max(outer, 1.0)
        box = Box(self.box.children, replace(self.box.spec, width="auto", margin_left=0.0, margin_right=0.0))
        box.frame_height = self.box.frame_height
        _, height = box.wrap(outer, HUGE)
        if left is not None:
            x = cb_x + left
        elif right is not None:
            x = cb_x + cb_w - right - outer
        else:
            x = static[0]
        if top is not None:
            y_top = cb_top - top
        elif bottom is not None:
            y_top = cb_top - cb_h + bottom + height
        else:
            y_top = static[1]
        return box, x, y_top - height, self.matrix, self.z


class AbsolutePlaceholder(Spaced, Flowable):
    """Where an absolute box's containing block starts in the flow: it takes no room, and queues the box
    for the page it is drawn on."""

    def __init__(self, layer: Layer, parent_padding: tuple[float, float, float, float] | None) -> None:
        super().__init__()
        self.layer = layer
        self.parent_padding = parent_padding  # (top, right, bottom, left) of a positioned parent, else None
        self.avail = 0.0
        self.width = self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.avail = availWidth
        return 0.0, 0.0

    def draw(self) -> None:
        canv = self.canv
        ax, ay = canv.absolutePosition(0, 0)
        if self.parent_padding is not None:
            pt, pr, _, pl = self.parent_padding
            cb = (ax - pl, ay + pt, self.avail + pl + pr, 0.0)
        else:
            cb = page_area(canv)
        queue(canv, self.layer.place(cb, (ax, ay)))


def page_area(canv: Any) -> tuple[float, float, float, float]:
    """The current page's content area: (x, top, width, height) in page coordinates."""
    setup = getattr(canv, "current_setup", None)
    if setup is None:
        width, height = canv._pagesize
        return 0.0, height, width, height
    top, _, _, left = setup.margins
    width, height = setup.frame
    return left, setup.size[1] - top, width, height


def queue(canv: Any, placed: Placement) -> None:
    """Keep a laid-out box to paint at the end of the page (over the flow)."""
    pending = canv.__dict__.setdefault("pdflet_overlays", [])
    if len(pending) < MAX_LAYERS:
        pending.append(placed)


def paint_overlays(canv: Any, fixed: list[Layer]) -> None:
    """At the end of a page: its fixed boxes, then the absolute boxes queued while drawing it."""
    area = page_area(canv)
    placed = [layer.place(area, (area[0], area[1])) for layer in fixed]
    placed += canv.__dict__.pop("pdflet_overlays", [])
    placed.sort(key=lambda item: item[4])  # stable: the document's order among equal levels
    for item in placed:
        if item[4] < 0:
            paint_under_flow(canv, lambda item=item: _paint_with_nested(canv, item, 0))
        else:
            _paint_with_nested(canv, item, 0)


def _paint_with_nested(canv: Any, placed: Placement, depth: int) -> None:
    """A box, then the absolute boxes inside it (queued while it was drawn), in z-index order over it."""
    _paint(canv, placed)
    nested = canv.__dict__.pop("pdflet_overlays", [])
    if depth >= MAX_NESTING:
        return
    nested.sort(key=lambda item: item[4])
    for item in nested:
        _paint_with_nested(canv, item, depth + 1)


def _paint(canv: Any, placed: Placement) -> None:
    box, x, y, matrix, _ = placed
    if matrix == "none":
        box.drawOn(canv, x, y)
        return
    canv.saveState()
    apply_about_centre(canv, matrix, x, y, box.width, box.height)
    box.drawOn(canv, x, y)
    canv.restoreState()


class _Wrapper(Spaced, Flowable):
    """A flowable laid out exactly like the one it holds, drawn differently (see the subclasses)."""

    def __init__(self, inner: Any) -> None:
        super().__init__()
        self.inner = inner
        self.space_before = inner.getSpaceBefore()
        self.space_after = inner.getSpaceAfter()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        inner = self.inner
        inner._frame = getattr(self, "_frame", None)  # the inner one decides as if it were in the frame itself
        if must_progress(self):
            parts = split_forced(inner, availWidth, availHeight)
        else:
            parts = inner.split(availWidth, availHeight)
        return [p if isinstance(p, ActionFlowable) else self._like(p) for p in parts]

    def _like(self, inner: Any) -> _Wrapper:
        raise NotImplementedError


class Shifted(_Wrapper):
    """``position: relative``: the flowable drawn ``dx``/``dy`` away from where it keeps its room."""

    def __init__(self, inner: Any, dx: float, dy: float) -> None:
        super().__init__(inner)
        self.dx, self.dy = dx, dy

    def _like(self, inner: Any) -> Shifted:
        return Shifted(inner, self.dx, self.dy)

    def draw(self) -> None:
        self.inner.drawOn(self.canv, self.dx, -self.dy)


def relative_offsets(style: Style, avail: float) -> tuple[float, float]:
    """(dx, dy) of ``position: relative`` (``left`` wins over ``right``, ``top`` over ``bottom``)."""
    top, right, bottom, left = style["top"], style["right"], style["bottom"], style["left"]
    dx = percent(left, avail) if left != "auto" else (-percent(right, avail) if right != "auto" else 0.0)
    dy = percent(top, 0.0) if top != "auto" else (-percent(bottom, 0.0) if bottom != "auto" else 0.0)
    return dx, dy


class Transformed(_Wrapper):
    """``transform`` on an in-flow block: drawn rotated/scaled about its centre, laid out as if it were not."""

    def __init__(self, inner: Any, matrix: Any) -> None:
        super().__init__(inner)
        self.matrix = matrix

    def _like(self, inner: Any) -> Transformed:
        return Transformed(inner, self.matrix)

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        x, width = _painted(self.inner, self.width)
        apply_about_centre(canv, self.matrix, x, 0.0, width, self.height)
        self.inner.drawOn(canv, 0.0, 0.0)
        canv.restoreState()


def _painted(flowable: Any, width: float) -> tuple[float, float]:
    """Where a block's border box sits across the width it was given: the transform origin is its centre."""
    used = getattr(flowable, "used", None)
    if not isinstance(flowable, Box) or used is None:
        return 0.0, width
    ml = used.margin_left
    return ml, (used.content_left - ml) + used.content + right_inset(flowable.spec, width)
