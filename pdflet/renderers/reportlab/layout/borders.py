"""Painting a box: its shadows, its background colour and image, and its borders (solid, dashed, dotted, double,
rounded)."""

from __future__ import annotations

from typing import Any

from pdflet.renderers.reportlab.layout.backgrounds import paint_background_image
from pdflet.renderers.reportlab.layout.boxmodel import Border, BoxSpec
from pdflet.renderers.reportlab.layout.shadows import paint_inset_shadows, paint_shadows


def paint_box(canv: Any, s: BoxSpec, x: float, y: float, w: float, h: float) -> None:
    """The background and borders of a box whose border box is (x, y, w, h)."""
    top, right, bottom, left = s.borders
    visible = [b for b in s.borders if b.visible]
    uniform = len(visible) == 4 and len({(b.width, b.style, str(b.color)) for b in s.borders}) == 1
    radius = min(s.radius, w / 2.0, h / 2.0) if s.radius > 0 else 0.0  # CSS scales radii down to fit
    if s.shadows:
        paint_shadows(canv, s.shadows, x, y, w, h, radius)
    if s.background is not None:
        canv.saveState()
        canv.setFillColor(s.background)
        if radius > 0:
            canv.roundRect(x, y, w, h, radius, stroke=0, fill=1)
        else:
            canv.rect(x, y, w, h, stroke=0, fill=1)
        canv.restoreState()
    if s.background_image is not None:
        paint_background_image(canv, s.background_image, x, y, w, h, radius)
    if s.inset_shadows:
        paint_inset_shadows(canv, s.inset_shadows, x, y, w, h, radius, s.borders)
    if radius > 0 and uniform:
        _stroke_rounded(canv, top, x, y, w, h, radius)
        return
    if top.visible:
        draw_border_side(canv, top, x, y + h - top.width / 2, x + w, y + h - top.width / 2)
    if bottom.visible:
        draw_border_side(canv, bottom, x, y + bottom.width / 2, x + w, y + bottom.width / 2)
    if left.visible:
        draw_border_side(canv, left, x + left.width / 2, y, x + left.width / 2, y + h)
    if right.visible:
        draw_border_side(canv, right, x + w - right.width / 2, y, x + w - right.width / 2, y + h)


def _stroke_rounded(canv: Any, border: Border, x: float, y: float, w: float, h: float, radius: float) -> None:
    """A uniform border around a box with rounded corners (``radius`` is the outer edge's)."""
    canv.saveState()
    third = _set_stroke(canv, border)
    width = border.width
    insets = (third / 2.0, width - third / 2.0) if third else (width / 2.0,)
    for inset in insets:
        canv.roundRect(x + inset, y + inset, w - 2 * inset, h - 2 * inset, max(radius - inset, 0.0), stroke=1, fill=0)
    canv.restoreState()


def draw_border_side(canv: Any, border: Border, x1: float, y1: float, x2: float, y2: float) -> None:
    """Stroke one border side centred on the line from (x1, y1) to (x2, y2)."""
    canv.saveState()
    third = _set_stroke(canv, border)
    if third:
        dx = third if y1 == y2 else 0.0
        dy = third if x1 == x2 else 0.0
        canv.line(x1 - dy, y1 - dx, x2 - dy, y2 - dx)
        canv.line(x1 + dy, y1 + dx, x2 + dy, y2 + dx)
    else:
        canv.line(x1, y1, x2, y2)
    canv.restoreState()


def _set_stroke(canv: Any, border: Border) -> float:
    """Set the canvas up to stroke ``border``: its colour, and its width and dashes, or for a double
    border wide enough to show two lines, a third of its width. Returns that third (0.0 if not double)."""
    canv.setStrokeColor(border.color)
    width = border.width
    if border.style == "double" and width >= 2.25:
        third = width / 3.0
        canv.setLineWidth(third)
        return third
    canv.setLineWidth(width)
    _set_dash(canv, border)
    return 0.0


def _set_dash(canv: Any, border: Border) -> None:
    """The dash pattern of a dashed or dotted border (round dots one width apart)."""
    width = border.width
    if border.style == "dashed":
        canv.setDash(max(width * 3.0, 2.0), max(width * 3.0, 2.0))
    elif border.style == "dotted":
        canv.setLineCap(1)
        canv.setDash(0.01, max(width * 2.0, 1.0))
