"""The four border sides of a rectangular box, painted as filled shapes.

Each side is the trapezoid between the box's outer (border) edge and its inner (padding) edge, cut at the
corners along the line joining the outer and inner corners, as CSS 2.1 §8.5 draws them: two sides of
different colours meet on that diagonal, and a side is exactly as wide as its ``border-*-width``. A filled
shape is placed on the device grid like a background is (a stroked line of the same width may be moved half a
pixel by a viewer's stroke adjustment, so a 1px border and a 1px-wide box would not coincide).

Styles: ``solid``; ``double`` (the outer and the inner third); ``groove``/``ridge`` (two halves, one darker);
``inset``/``outset`` (top and left darker or lighter than bottom and right); ``dashed``/``dotted`` (a dashed
line along the side's middle, clipped to its trapezoid so corners join).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color

from pdflet.renderers.reportlab.layout.boxmodel import Border

Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # x, y (bottom), width, height
_SIDES = ("top", "right", "bottom", "left")


def shade(color: Color, factor: float) -> Color:
    """``color`` darker (``factor`` < 1) or lighter (``factor`` > 1, towards white), alpha kept: the two tones
    of the 3D border styles."""
    alpha = getattr(color, "alpha", 1.0)
    if factor <= 1.0:
        return Color(color.red * factor, color.green * factor, color.blue * factor, alpha=alpha)
    mix = factor - 1.0
    return Color(*(c + (1.0 - c) * mix for c in (color.red, color.green, color.blue)), alpha=alpha)


def _tones(border: Border, side: str) -> tuple[Color, Color]:
    """(outer half, inner half) colours of a side; equal for every style but the 3D ones."""
    color = border.color
    assert color is not None
    dark, light = shade(color, 0.5), shade(color, 1.5)
    upper = side in ("top", "left")
    if border.style in ("inset", "outset"):
        tone = dark if upper == (border.style == "inset") else light
        return tone, tone
    if border.style in ("groove", "ridge"):
        return (dark, light) if upper == (border.style == "groove") else (light, dark)
    return color, color


def band(side: int, widths: tuple[float, ...], box: Rect, f0: float, f1: float) -> list[Point]:
    """The part of side ``side`` (0 top … 3 left) lying between fractions ``f0`` and ``f1`` of every border
    width inward from the outer edge: a trapezoid whose ends follow the corner diagonals."""
    x, y, w, h = box
    top, right, bottom, left = widths

    def corners(f: float) -> tuple[Point, Point, Point, Point]:  # top-left, top-right, bottom-right, bottom-left
        return ((x + f * left, y + h - f * top), (x + w - f * right, y + h - f * top),
                (x + w - f * right, y + f * bottom), (x + f * left, y + f * bottom))

    outer, inner = corners(f0), corners(f1)
    a, b = side, (side + 1) % 4
    return [outer[a], outer[b], inner[b], inner[a]]


def _fill(canv: Any, points: list[Point], color: Color) -> None:
    path = canv.beginPath()
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    path.close()
    canv.setFillColor(color)
    canv.drawPath(path, stroke=0, fill=1)


def _dashes(canv: Any, border: Border, side: int, widths: tuple[float, ...], box: Rect) -> None:
    """A dashed or dotted side: its middle line stroked with the dash pattern, clipped to the side's shape."""
    canv.saveState()
    clip = canv.beginPath()
    shape = band(side, widths, box, 0.0, 1.0)
    clip.moveTo(*shape[0])
    for point in shape[1:]:
        clip.lineTo(*point)
    clip.close()
    canv.clipPath(clip, stroke=0, fill=0)
    x, y, w, h = box
    half = border.width / 2.0
    line = ((x, y + h - half, x + w, y + h - half), (x + w - half, y, x + w - half, y + h),
            (x, y + half, x + w, y + half), (x + half, y, x + half, y + h))[side]
    draw_border_side(canv, border, *line)
    canv.restoreState()


def paint_sides(canv: Any, borders: tuple[Border, ...], x: float, y: float, w: float, h: float) -> None:
    """Paint the visible sides of ``borders`` around the border box (x, y, w, h) (y is the bottom edge)."""
    widths = tuple(b.width if b.style not in ("none", "hidden") else 0.0 for b in borders)
    box = (x, y, w, h)
    canv.saveState()
    for side, border in enumerate(borders):
        if not border.visible:
            continue
        style = border.style
        if style in ("dashed", "dotted"):
            _dashes(canv, border, side, widths, box)
        elif style == "double" and border.width >= 2.25:  # 3px: room for two lines and a gap
            _fill(canv, band(side, widths, box, 0.0, 1.0 / 3.0), border.color)  # type: ignore[arg-type]
            _fill(canv, band(side, widths, box, 2.0 / 3.0, 1.0), border.color)  # type: ignore[arg-type]
        else:
            outer, inner = _tones(border, _SIDES[side])
            if outer is inner:
                _fill(canv, band(side, widths, box, 0.0, 1.0), outer)
            else:
                _fill(canv, band(side, widths, box, 0.0, 0.5), outer)
                _fill(canv, band(side, widths, box, 0.5, 1.0), inner)
    canv.restoreState()


def draw_border_side(canv: Any, border: Border, x1: float, y1: float, x2: float, y2: float) -> None:
    """Stroke one border side centred on the line from (x1, y1) to (x2, y2) (table cells, column rules, inline
    boxes: shapes without the corner joins of :func:`paint_sides`)."""
    canv.saveState()
    third = set_stroke(canv, border)
    if third:
        dx = third if y1 == y2 else 0.0
        dy = third if x1 == x2 else 0.0
        canv.line(x1 - dy, y1 - dx, x2 - dy, y2 - dx)
        canv.line(x1 + dy, y1 + dx, x2 + dy, y2 + dx)
    else:
        canv.line(x1, y1, x2, y2)
    canv.restoreState()


def set_stroke(canv: Any, border: Border) -> float:
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
