"""Positioned boxes: ``position: absolute`` (a "PAID" stamp in a corner of its header, a logo at a fixed
place on the page), ``position: fixed`` (repeated on every page, as Chromium prints it) and
``position: relative`` (shifted, its room kept).

Out-of-flow boxes are laid out when the page they land on is drawn and painted last on that page, over the
flow, by ``z-index`` and then document order (CSS 2.1 Appendix E; a negative one under the flow, see
stacking.py); shifted relative boxes join them. The containing block is the padding box of the nearest
positioned ancestor drawn as a block, else the page area (containing.py, abs_flow.py); the static position is
where the box's placeholder (or its mark inside a line) was drawn; the CSS 2.1 constraint equations place the
box in its containing block (abs_geometry.py); ``clip: rect()`` cuts it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reportlab.lib.abag import ABag
from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import ActionFlowable

from pdflet.renderers.reportlab.css.properties import Style
from pdflet.renderers.reportlab.css.transforms import apply_about_centre
from pdflet.renderers.reportlab.layout.abs_geometry import (
    Axis,
    Solved,
    shrink_to_fit,
    solve_horizontal,
    solve_vertical,
)
from pdflet.renderers.reportlab.layout.box_flowables import Box
from pdflet.renderers.reportlab.layout.boxmodel import (
    BoxSpec,
    border_box_width,
    clamp_content,
    horizontal_extra,
    percent,
    right_inset,
    vertical_extra,
)
from pdflet.renderers.reportlab.layout.containing import (
    defer,
    defer_positioned,
    enter_isolation,
    isolated,
    leave_isolation,
    overlay,
    take_pending,
)
from pdflet.renderers.reportlab.layout.flowbase import HUGE, Spaced, must_progress, split_forced
from pdflet.renderers.reportlab.layout.intrinsic import content_widths
from pdflet.renderers.reportlab.layout.stacking import paint_under_flow, z_order

OUT_OF_FLOW = frozenset({"absolute", "fixed"})
# the laid-out box, x, bottom y, its transform matrix or "none", its stacking level (see stacking.py) and
# its ``clip`` ("auto" or the four sides), whether it forms a stacking context of its own, and its place in
# the document's order (what orders boxes of one stacking level)
Placement = tuple[Any, float, float, Any, int, Any, bool, int]
MAX_LAYERS = 500  # per document: each is drawn once per page it lands on (fixed ones on every page)
MAX_NESTING = 32  # absolute boxes inside absolute boxes, painted with their parent


class Layer:
    """One out-of-flow box with its offsets, laid out against a containing block when drawn."""

    def __init__(self, box: Box, style: Style, seq: int = 0) -> None:
        self.box = box
        self.seq = seq
        self.offsets = (style["top"], style["right"], style["bottom"], style["left"])
        self.margins = (style["margin-top"], style["margin-bottom"])
        self.matrix = style["transform"]
        self.z = z_order(style["z-index"])
        self.clip = style["clip"]
        # CSS 2.1 §9.9.1 (and the Color and Transforms modules): what its negative descendants stay above
        self.context = style["z-index"] != "auto" or style["opacity"] < 1 or style["transform"] != "none"

    def place(
        self, cb: tuple[float, float, float, float], static: tuple[float, float]
    ) -> Placement:
        """The box laid out in ``cb`` (x, top, width, height in page coordinates), its static position given
        in page coordinates: (box, x, bottom, transform, z, clip)."""
        cb_x, cb_top, cb_w, cb_h = cb
        top, right, bottom, left = (None if v == "auto" else percent(v, base) for v, base in zip(
            self.offsets, (cb_h, cb_w, cb_h, cb_w), strict=True
        ))
        spec = self.box.spec
        width = self._width(spec, cb_w, left, right, static[0] - cb_x)
        box = Box(self.box.children, replace(spec, width="auto", margin_left=0.0, margin_right=0.0))
        box.frame_height = self.box.frame_height
        box.cb_key = getattr(self.box, "cb_key", None)
        extra_v = vertical_extra(spec, cb_w)
        fixed_h = None if spec.height == "auto" else (
            percent(spec.height, cb_h) + (0.0 if spec.border_box else extra_v))

        def content(_room: float) -> float:
            return box.wrap(width.size, HUGE)[1]

        mt, mb = (None if v == "auto" else percent(v, cb_w) for v in self.margins)
        vertical = solve_vertical(Axis(top, bottom, mt, mb, fixed_h, extra_v), cb_h, cb_top - static[1], content)
        if spec.height != "auto" or (top is not None and bottom is not None):
            inner = vertical.size - (0.0 if spec.border_box else extra_v)
            box.spec = replace(box.spec, height=max(inner, 0.0), clips=spec.clips)
        _, height = box.wrap(width.size, HUGE)
        x, y = cb_x + width.offset, cb_top - vertical.offset - height
        return box, x, y, self.matrix, self.z, self.clip, self.context, self.seq

    def _width(self, spec: BoxSpec, cb_w: float, left: float | None, right: float | None, static: float) -> Solved:
        """The horizontal constraint solved, ``min-width``/``max-width`` applied (CSS 2.1 §10.3.7, §10.4)."""
        extra = horizontal_extra(spec, cb_w)
        ml, mr = (None if v == "auto" else percent(v, cb_w) for v in (spec.margin_left, spec.margin_right))
        low, high = content_widths([Box(self.box.children, replace(spec, width="auto", margin_left=0.0,
                                                                  margin_right=0.0))])

        def shrink(available: float) -> float:
            return shrink_to_fit(low, high, available)

        fixed = border_box_width(spec, cb_w)
        solved = solve_horizontal(Axis(left, right, ml, mr, fixed, extra), cb_w, static, shrink)
        content = max(solved.size - extra, 0.0)
        clamped = clamp_content(content, spec, cb_w, extra)
        if abs(clamped - content) > 1e-6:
            size = max(clamped, 0.0) + extra
            solved = solve_horizontal(Axis(left, right, ml, mr, size, extra), cb_w, static, shrink)
        return Solved(solved.offset, max(solved.size, 1.0))


class AbsolutePlaceholder(Spaced, Flowable):
    """An absolute box's static position in the flow: it takes no room and leaves the margins around it
    collapsing as if it were not there (ReportLab's zero-size, space-transferring flowable). When drawn it
    records the box for its containing block (``cb_key``: the positioned ancestor's key, None for the initial
    containing block), which places it when it has been drawn itself (:func:`resolve_pending`)."""

    _ZEROSIZE = True
    _SPACETRANSFER = True

    def __init__(self, layer: Layer, cb_key: Any, inline: bool = False) -> None:
        super().__init__()
        self.layer = layer
        self.cb_key = cb_key
        self.inline = inline  # an inline-level box before it was positioned (its static position is in the line)
        # the margin above it, when a Box stacks it before adding that margin (a frame has already moved past it)
        self.margin_above = 0.0
        self.width = self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        canv = self.canv
        static = canv.absolutePosition(0, -self.margin_above)
        defer(canv, self.cb_key, self.layer, static, MAX_LAYERS)

    def drawn_in_line(self, canv: Any, x: float, baseline: float, leading: float) -> None:
        """Drawn as a mark inside a line of text (see :func:`static_frag`): an inline-level box's static
        position is there, at the line's top; a block-level one's is under the line, at its start."""
        if self.inline:
            static = canv.absolutePosition(x, baseline + leading * 0.8)
        else:
            static = canv.absolutePosition(0.0, baseline - leading * 0.2)
        defer(canv, self.cb_key, self.layer, static, MAX_LAYERS)


STATIC_CALLBACK = "pdflet_static"


def static_callback(canv: Any, kind: str, placeholder: AbsolutePlaceholder) -> None:
    """The canvas callback (``setNamedCB``) a paragraph calls where an absolute box's mark is in its line."""
    info = canv._curr_tx_info
    placeholder.drawn_in_line(canv, float(info["cur_x"]), float(info["cur_y"]), float(info["leading"]))


def static_frag(placeholder: AbsolutePlaceholder, frag: Any) -> Any:
    """``frag`` (a zero-width fragment of the line's text style) made into the mark of ``placeholder``: the
    paragraph calls back when it draws it, with where it is."""
    frag.text = ""
    frag.cbDefn = ABag(kind="onDraw", name=STATIC_CALLBACK, label=placeholder)
    return frag


def page_area(canv: Any) -> tuple[float, float, float, float]:
    """The current page's content area: (x, top, width, height) in page coordinates."""
    setup = getattr(canv, "current_setup", None)
    if setup is None:
        width, height = canv._pagesize
        return 0.0, height, width, height
    top, _, _, left = setup.margins
    width, height = setup.frame
    ox, oy = canv.absolutePosition(0, 0)  # a page with bleed is drawn translated into its sheet
    return left + ox, setup.size[1] - top + oy, width, height


def paint_overlays(canv: Any, fixed: list[Layer]) -> None:
    """At the end of a page: its fixed boxes, then the absolute boxes queued while drawing it."""
    area = page_area(canv)
    placed = [layer.place(area, (area[0], area[1])) for layer in fixed]
    placed += [layer.place(area, static) for _, layer, static in take_pending(canv)]
    placed += canv.__dict__.pop("pdflet_overlays", [])
    placed.sort(key=_stacking_order)
    for item in placed:
        if item[4] < 0:
            paint_under_flow(canv, lambda item=item: _paint_with_nested(canv, item, 0, item[6]))
        else:
            _paint_with_nested(canv, item, 0, item[6])
    defer_positioned(canv, False)


def _paint_with_nested(canv: Any, placed: Placement, depth: int, in_context: bool) -> None:
    """A box, then the absolute boxes inside it (queued while it was drawn), in z-index order over it. A
    negative ``z-index`` one whose ancestors form no stacking context belongs to the page's: it goes under
    the page's flow, not over its parent (CSS 2.1 Appendix E)."""
    _paint(canv, placed)
    nested = canv.__dict__.pop("pdflet_overlays", [])
    area = page_area(canv)  # nested ones whose containing block is further up: against the page area
    nested += [layer.place(area, static) for _, layer, static in take_pending(canv)]
    if depth >= MAX_NESTING:
        return
    nested.sort(key=_stacking_order)
    for item in nested:
        inside = in_context or item[6]
        if item[4] < 0 and not in_context:
            paint_under_flow(canv, lambda item=item, inside=inside: _paint_with_nested(canv, item, depth + 1, inside))
        else:
            _paint_with_nested(canv, item, depth + 1, inside)


def _stacking_order(item: Placement) -> tuple[int, int]:
    """``z-index`` first, then the document's order (Appendix E: positioned boxes of one level in tree order)."""
    return item[4], item[7]


def _paint(canv: Any, placed: Placement) -> None:
    box, x, y, matrix, _, clip, _, _ = placed
    ox, oy = canv.absolutePosition(0, 0)  # placements are in page coordinates; the page may be translated
    x, y = x - ox, y - oy
    if matrix == "none" and clip == "auto":
        box.drawOn(canv, x, y)
        return
    enter_isolation(canv)
    try:
        _paint_cut(canv, box, x, y, matrix, clip)
    finally:
        leave_isolation(canv)


def _paint_cut(canv: Any, box: Any, x: float, y: float, matrix: Any, clip: Any) -> None:
    canv.saveState()
    if matrix != "none":
        apply_about_centre(canv, matrix, x, y, box.width, box.height)
    if clip != "auto":
        rect = clip_rect(clip, box.width, box.height)
        if rect is None:  # an empty clipping region: nothing of the box shows
            canv.restoreState()
            return
        left, bottom, width, height = rect
        path = canv.beginPath()
        path.rect(x + left, y + bottom, width, height)
        canv.clipPath(path, stroke=0, fill=0)
    box.drawOn(canv, x, y)
    canv.restoreState()


def clip_rect(clip: tuple[Any, Any, Any, Any], width: float, height: float) -> tuple[float, float, float, float] | None:
    """``clip: rect(top, right, bottom, left)`` as (left, bottom, width, height) from the border box's bottom-left
    corner; ``auto`` sides are the border box's edges. None when the region is empty (CSS 2.1 §11.1.2)."""
    top, right, bottom, left = (
        default if value == "auto" else value for value, default in zip(clip, (0.0, width, height, 0.0), strict=True)
    )
    if right <= left or bottom <= top:
        return None
    return left, height - bottom, right - left, bottom - top


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
    """``position: relative``: the flowable drawn ``dx``/``dy`` away from where it keeps its room. As a
    positioned box it paints over the page's in-flow content, with the absolute boxes, in ``z-index`` and then
    document order (CSS 2.1 Appendix E), unless it is inside a clip, transform or opacity group."""

    def __init__(self, inner: Any, dx: float, dy: float, z: Any = "auto", seq: int = 0) -> None:
        super().__init__(inner)
        self.dx, self.dy = dx, dy
        self.z, self.seq = z, seq

    def _like(self, inner: Any) -> Shifted:
        return Shifted(inner, self.dx, self.dy, self.z, self.seq)

    def draw(self) -> None:
        canv = self.canv
        if isolated(canv):
            self.inner.drawOn(canv, self.dx, -self.dy)
            return
        x, y = canv.absolutePosition(self.dx, -self.dy)
        overlay(canv, (self.inner, x, y, "none", z_order(self.z), "auto", self.z != "auto", self.seq))


def is_offset(style: Style) -> bool:
    """Whether a ``position: relative`` box moves (an offset) or has a stacking level of its own."""
    return style["z-index"] != "auto" or any(style[side] != "auto" for side in ("top", "right", "bottom", "left"))


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
        enter_isolation(canv)
        try:
            self.inner.drawOn(canv, 0.0, 0.0)
        finally:
            leave_isolation(canv)
        canv.restoreState()


def _painted(flowable: Any, width: float) -> tuple[float, float]:
    """Where a block's border box sits across the width it was given: the transform origin is its centre."""
    used = getattr(flowable, "used", None)
    if not isinstance(flowable, Box) or used is None:
        return 0.0, width
    ml = used.margin_left
    return ml, (used.content_left - ml) + used.content + right_inset(flowable.spec, width)
