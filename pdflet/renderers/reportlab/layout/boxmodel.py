"""The CSS box model, written once: borders, padding, margins, ``box-sizing``, percentages, auto margins
and min/max clamping.

A :class:`BoxSpec` holds an element's used box properties with percentages still unresolved (a box is laid
out at whatever width its container offers); the functions here turn a spec and a containing width into
numbers. They are pure (no flowable, canvas or builder), so every layout module shares one rule and the
rules can be tested without drawing a PDF (``tests/unit/renderers/layout/test_boxmodel.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from reportlab.lib.colors import Color

from pdflet.renderers.reportlab.css.values import resolve

#: ``resolve(value, base, default)``: a length, ``("%", n)`` of ``base``, or ``default`` for ``auto``/``none``.
percent = resolve


@dataclass
class Border:
    """One side of a border: width in points, CSS style keyword, colour."""

    width: float = 0.0
    style: str = "none"
    color: Color | None = None

    @property
    def visible(self) -> bool:
        return self.width > 0 and self.style not in ("none", "hidden") and self.color is not None


def border_width(border: Border) -> float:
    """The room a border side takes: its width when it is drawn, else nothing."""
    return border.width if border.visible else 0.0


def no_borders() -> tuple[Border, Border, Border, Border]:
    """Four invisible sides (a fresh tuple: borders are mutable dataclasses)."""
    return (Border(), Border(), Border(), Border())


@dataclass
class BoxSpec:
    """The used box properties of one element (percentages resolved at wrap time)."""

    margin_left: Any = 0.0
    margin_right: Any = 0.0
    padding: tuple[Any, Any, Any, Any] = (0.0, 0.0, 0.0, 0.0)
    borders: tuple[Border, Border, Border, Border] = field(default_factory=no_borders)
    background: Color | None = None
    width: Any = "auto"
    min_width: Any = 0.0
    max_width: Any = "none"
    height: Any = "auto"
    min_height: Any = 0.0
    max_height: Any = "none"
    border_box: bool = False
    radius: float = 0.0
    background_image: Any = None  # a backgrounds.BackgroundImage
    background_boxes: tuple[str, str] = ("padding-box", "border-box")  # background-origin, background-clip
    shadows: tuple[Any, ...] = ()  # outer box-shadows (dx, dy, blur, spread, Color), bottom one first
    inset_shadows: tuple[Any, ...] = ()  # inset ones, the same way, painted inside the padding box
    clips: bool = False  # overflow other than visible: children are clipped to the padding box

    def sliced(self, top: bool) -> BoxSpec:
        """The spec of a fragment after a page break: no border/padding on the cut side."""
        p = self.padding
        b = self.borders
        if top:
            return replace(
                self,
                padding=(0.0, p[1], p[2], p[3]),
                borders=(Border(), b[1], b[2], b[3]),
                height="auto",
                min_height=0.0,
                max_height="none",
            )
        return replace(
            self,
            padding=(p[0], p[1], 0.0, p[3]),
            borders=(b[0], b[1], Border(), b[3]),
            height="auto",
            min_height=0.0,
            max_height="none",
        )


@dataclass(frozen=True)
class Edges:
    """Four resolved widths (top, right, bottom, left) of one layer of a box: padding or border."""

    top: float = 0.0
    right: float = 0.0
    bottom: float = 0.0
    left: float = 0.0

    @property
    def horizontal(self) -> float:
        return self.left + self.right

    @property
    def vertical(self) -> float:
        return self.top + self.bottom


def padding_edges(spec: BoxSpec, base: float) -> Edges:
    """Padding resolved against ``base``, the containing block's width (vertical padding too, as in CSS)."""
    pt, pr, pb, pl = (resolve(v, base) for v in spec.padding)
    return Edges(pt, pr, pb, pl)


def border_edges(spec: BoxSpec) -> Edges:
    """The room each border side takes."""
    bt, br, bb, bl = (border_width(b) for b in spec.borders)
    return Edges(bt, br, bb, bl)


def horizontal_extra(spec: BoxSpec, base: float = 0.0) -> float:
    """Left and right padding plus visible border: what ``box-sizing`` adds to or takes from a width."""
    padding = resolve(spec.padding[1], base) + resolve(spec.padding[3], base)
    return padding + (border_width(spec.borders[1]) + border_width(spec.borders[3]))


def vertical_extra(spec: BoxSpec, base: float = 0.0) -> float:
    """Top and bottom padding plus visible border: what ``box-sizing`` adds to or takes from a height."""
    padding = resolve(spec.padding[0], base) + resolve(spec.padding[2], base)
    return padding + (border_width(spec.borders[0]) + border_width(spec.borders[2]))


def right_inset(spec: BoxSpec, base: float) -> float:
    """Right padding plus right border: from the content's right edge to the border box's."""
    return resolve(spec.padding[1], base) + border_width(spec.borders[1])


def border_box_width(spec: BoxSpec, base: float) -> float | None:
    """The border-box width ``spec.width`` asks for, or None for ``auto`` (``box-sizing`` applied)."""
    if spec.width == "auto":
        return None
    return resolve(spec.width, base) + (0.0 if spec.border_box else horizontal_extra(spec, 0.0))


def to_content(value: Any, base: float, extra: float, border_box: bool) -> float:
    """A width property as a content width: ``border-box`` sizes include padding and border (``extra``)."""
    return resolve(value, base) - (extra if border_box else 0.0)


def clamp_content(content: float, spec: BoxSpec, base: float, extra: float, shrink_to: float | None = None) -> float:
    """A content width bounded as CSS orders it: ``max-width`` first, a shrink-to-fit preference, then
    ``min-width`` (which wins over ``max-width`` when they conflict)."""
    if spec.max_width != "none":
        content = min(content, to_content(spec.max_width, base, extra, spec.border_box))
    if shrink_to is not None:
        content = min(content, shrink_to)
    if spec.min_width not in ("auto", 0.0):
        content = max(content, to_content(spec.min_width, base, extra, spec.border_box))
    return content


def auto_margin_left(margin_left: Any, margin_right: Any, free: float, right: float) -> float | None:
    """The left margin auto margins give in ``free`` room (None when the left margin is not ``auto``):
    both auto centre the box, an auto left margin alone pushes it right against ``right``."""
    if margin_left == "auto" and margin_right == "auto":
        return free / 2.0
    if margin_left == "auto":
        return free - right
    return None


@dataclass(frozen=True)
class UsedBox:
    """A box's used horizontal geometry in a containing width, and the vertical padding and border."""

    margin_left: float
    content: float
    padding: Edges
    border: Edges

    @property
    def content_left(self) -> float:
        """From the containing block's left edge to the content's."""
        return self.margin_left + self.border.left + self.padding.left

    @property
    def vertical_extra(self) -> float:
        return self.padding.top + self.padding.bottom + self.border.top + self.border.bottom


def used_box(spec: BoxSpec, avail: float, shrink_to: Callable[[], float] | None = None) -> UsedBox:
    """Lay ``spec`` out horizontally in ``avail``: the content width (``width`` or what the margins leave,
    clamped, never wider than the room) and the left margin (auto margins share the free room; an
    over-constrained box keeps its left margin, as CSS's left-to-right rule says). ``shrink_to`` gives
    the preferred content width of a shrink-to-fit box (asked only when its width is ``auto``).

    Negative margins pull the box out of its containing block (CSS 2.1 §10.3.3): a negative left margin
    moves it left and, like a negative right one, widens an ``auto`` width by as much (each bounded by
    the containing width, so a hostile margin cannot make a box of unbounded width)."""
    padding = padding_edges(spec, avail)
    border = border_edges(spec)
    ml = max(resolve(spec.margin_left, avail), -avail)
    mr = max(resolve(spec.margin_right, avail), -avail)
    extra = padding.left + padding.right + border.left + border.right
    fixed = spec.width != "auto"
    content = to_content(spec.width, avail, extra, spec.border_box) if fixed else avail - ml - mr - extra
    preferred = max(shrink_to(), 1.0) if shrink_to is not None and spec.width == "auto" else None
    content = clamp_content(content, spec, avail, extra, preferred)
    room = avail - extra if fixed or preferred is not None else avail - extra - min(ml, 0.0) - min(mr, 0.0)
    content = max(0.0, min(content, room)) if avail > extra else 0.0
    free = avail - content - extra
    auto = auto_margin_left(spec.margin_left, spec.margin_right, free, mr)
    if auto is not None:
        ml = max(auto, 0.0)
    ml = ml if ml < 0 else max(0.0, min(ml, free))
    return UsedBox(ml, content, padding, border)


def block_margin(value: Any, base: float) -> float:
    """A top or bottom margin as the flow uses it: a percentage is of the containing width, as in CSS, and a
    negative margin counts as none (the frame can only add space between flowables)."""
    return max(0.0, resolve(value, base))


def used_height(spec: BoxSpec, stacked: float, used: UsedBox, complete: bool = True) -> float:
    """The border-box height of a box whose content stacks ``stacked`` high (CSS 2.1 §10.5-10.7): a length
    ``height`` is the height, whatever the content (what does not fit overflows, painted over what follows
    unless the box clips it); ``max-height`` then ``min-height`` bound it (``box-sizing`` applied).
    Percentages count as ``auto``: the containing block's height is not known in the flow.

    ``complete`` is False while the content is cut short by the page: then the box is never shorter than
    what it holds, so the page splits it rather than losing content."""
    extra = used.vertical_extra
    content_height = stacked + extra
    height = content_height
    sized = _length(spec.height)
    if sized is not None:
        height = max(sized + (0.0 if spec.border_box else extra), extra)
    limit = _length(spec.max_height)
    if limit is not None:
        height = min(height, max(limit + (0.0 if spec.border_box else extra), extra))
    if spec.min_height not in ("auto", 0.0):
        height = max(height, resolve(spec.min_height, 0.0) + (0.0 if spec.border_box else extra))
    if not complete:
        height = max(height, content_height)
    return height


def _length(value: Any) -> float | None:
    """A definite vertical length (None for ``auto``, ``none`` and percentages of an unknown height)."""
    if isinstance(value, (int, float)):
        return float(value)
    return None


def intrinsic_outer(spec: BoxSpec, low: float, high: float) -> tuple[float, float]:
    """A block's (min-content, max-content) outer widths from its content's: padding, border and margins
    added (percentages count as 0, as in intrinsic sizing); a fixed width is both."""
    extra = horizontal_extra(spec, 0.0)
    extra += resolve(spec.margin_left, 0.0) + resolve(spec.margin_right, 0.0)
    if spec.width != "auto" and not isinstance(spec.width, tuple):
        fixed = spec.width + (0.0 if spec.border_box else extra)
        return fixed, fixed
    return low + extra, high + extra


def outer_size(value: float, near: float, far: float, border_box: bool) -> float:
    """A fixed ``width``/``height`` as a border-box size: ``content-box`` adds the two edges (``near``, ``far``)."""
    return value if border_box else value + near + far


def insets(
    padding: tuple[float, float, float, float], borders: tuple[Border, Border, Border, Border], border_share: float
) -> tuple[float, float, float, float]:
    """Padding (already resolved) plus ``border_share`` of each visible border: the room a table cell's
    content is inset by (half a border in the collapsing model, where neighbours share it)."""
    return tuple(  # type: ignore[return-value]
        p + (b.width * border_share if b.visible else 0.0) for p, b in zip(padding, borders, strict=True)
    )


def replaced_size(
    natural: tuple[float, float], width: Any, height: Any, max_width: Any, avail: float
) -> tuple[float, float]:
    """The used size of a replaced element (an image): CSS ``width``/``height`` (a percentage height has no
    definite base here and counts as ``auto``), the natural aspect ratio for the ``auto`` one, then
    ``max-width`` scaling both down."""
    nw, nh = natural
    w = resolve(width, avail, -1.0) if width != "auto" else -1.0
    h = resolve(height, 0.0, -1.0) if height != "auto" and not isinstance(height, tuple) else -1.0
    if w < 0 and h < 0:
        w, h = nw, nh
    elif w < 0:
        w = h * nw / nh if nh else nw
    elif h < 0:
        h = w * nh / nw if nw else nh
    if max_width != "none":
        limit = resolve(max_width, avail)
        if w > limit > 0:
            h, w = h * limit / w, limit
    return w, h
