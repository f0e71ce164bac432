"""Painting a box: its shadows, its background colour and image, and its borders (solid, dashed, dotted, double,
groove, ridge, inset, outset, rounded)."""

from __future__ import annotations

from typing import Any

from pdflet.renderers.reportlab.css.values import resolve
from pdflet.renderers.reportlab.layout.backgrounds import paint_background_image
from pdflet.renderers.reportlab.layout.border_sides import draw_border_side, paint_sides, set_stroke
from pdflet.renderers.reportlab.layout.boxmodel import Border, BoxSpec
from pdflet.renderers.reportlab.layout.shadows import paint_inset_shadows, paint_shadows

__all__ = ["draw_border_side", "paint_box"]
Rect = tuple[float, float, float, float]


def paint_box(canv: Any, s: BoxSpec, x: float, y: float, w: float, h: float) -> None:
    """The background and borders of a box whose border box is (x, y, w, h)."""
    top = s.borders[0]
    visible = [b for b in s.borders if b.visible]
    uniform = len(visible) == 4 and len({(b.width, b.style, str(b.color)) for b in s.borders}) == 1
    radius = min(s.radius, w / 2.0, h / 2.0) if s.radius > 0 else 0.0  # CSS scales radii down to fit
    if s.shadows:
        paint_shadows(canv, s.shadows, x, y, w, h, radius)
    if s.background is not None or s.background_image is not None:
        _paint_background(canv, s, (x, y, w, h), radius)
    if s.inset_shadows:
        paint_inset_shadows(canv, s.inset_shadows, x, y, w, h, radius, s.borders)
    if radius > 0 and uniform:
        _stroke_rounded(canv, top, x, y, w, h, radius)
        return
    if visible:
        paint_sides(canv, s.borders, x, y, w, h)


def background_boxes(s: BoxSpec, x: float, y: float, w: float, h: float) -> dict[str, Rect]:
    """The border, padding and content boxes (x, y, w, h) of a box whose border box is given, for
    ``background-origin`` and ``background-clip`` (a percentage padding is taken of the box's own width)."""
    bt, br, bb, bl = (b.width if b.style not in ("none", "hidden") else 0.0 for b in s.borders)
    pt, pr, pb, pl = (max(resolve(p, w), 0.0) for p in s.padding)
    padding = (x + bl, y + bb, max(w - bl - br, 0.0), max(h - bt - bb, 0.0))
    content = (padding[0] + pl, padding[1] + pb, max(padding[2] - pl - pr, 0.0), max(padding[3] - pt - pb, 0.0))
    return {"border-box": (x, y, w, h), "padding-box": padding, "content-box": content}


def _paint_background(canv: Any, s: BoxSpec, box: Rect, radius: float) -> None:
    """The background colour, then the image, inside the ``background-clip`` box; the image placed in the
    ``background-origin`` box. A clip inside the border keeps a radius shrunk by the border's width."""
    boxes = background_boxes(s, *box)
    origin, clip = boxes[s.background_boxes[0]], boxes[s.background_boxes[1]]
    inner = radius - max(box[2] - clip[2], box[3] - clip[3]) / 2.0 if radius > 0 else 0.0
    inner = max(inner, 0.0)
    if s.background is not None and clip[2] > 0 and clip[3] > 0:
        canv.saveState()
        canv.setFillColor(s.background)
        if inner > 0:
            canv.roundRect(*clip, inner, stroke=0, fill=1)
        else:
            canv.rect(*clip, stroke=0, fill=1)
        canv.restoreState()
    if s.background_image is not None:
        paint_background_image(canv, s.background_image, *clip, inner, origin)


def _stroke_rounded(canv: Any, border: Border, x: float, y: float, w: float, h: float, radius: float) -> None:
    """A uniform border around a box with rounded corners (``radius`` is the outer edge's)."""
    canv.saveState()
    third = set_stroke(canv, border)
    width = border.width
    insets = (third / 2.0, width - third / 2.0) if third else (width / 2.0,)
    for inset in insets:
        canv.roundRect(x + inset, y + inset, w - 2 * inset, h - 2 * inset, max(radius - inset, 0.0), stroke=1, fill=0)
    canv.restoreState()
