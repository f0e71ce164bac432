"""``box-shadow``s (outer and inset) and ``overflow`` clipping, painted around and inside a box's border box.

A shadow is its box's border box moved by the offsets and grown by the spread, painted under the
background and only outside the border box (as in a browser, a transparent box does not show its own
shadow through). A blur is approximated by a few translucent copies growing across the blur band,
their alphas chosen so the colour ramps up across the band: at most
:data:`BLUR_STEPS` fills per layer, whatever the blur radius. An inset shadow is the padding box less a hole
(the padding box moved by the offsets and shrunk by the spread), painted over the background inside the
padding box, with the same ramp fading it inwards (GitHub's ``<kbd>`` underline, Tailwind's inset rings).
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import FILL_EVEN_ODD

BLUR_STEPS = 5
_FAR = 100_000.0  # the clip path's outer rectangle: beyond any page


def _shape(path: Any, x: float, y: float, w: float, h: float, radius: float) -> None:
    if radius > 0:
        path.roundRect(x, y, w, h, min(radius, w / 2.0, h / 2.0))
    else:
        path.rect(x, y, w, h)


def paint_shadows(canv: Any, shadows: tuple[Any, ...], x: float, y: float, w: float, h: float, radius: float) -> None:
    """Paint ``shadows`` (bottom one first) of the border box (x, y, w, h) with corner ``radius``."""
    if not shadows or w <= 0 or h <= 0:
        return
    canv.saveState()
    outside = canv.beginPath()
    outside.rect(x - _FAR, y - _FAR, w + 2 * _FAR, h + 2 * _FAR)
    _shape(outside, x, y, w, h, radius)
    canv.clipPath(outside, stroke=0, fill=0, fillMode=FILL_EVEN_ODD)
    for dx, dy, blur, spread, color in shadows:
        steps = BLUR_STEPS if blur >= 1.0 else 1
        for step, (grow, alpha) in enumerate(_ramp(spread, blur, color.alpha, steps)):
            sw, sh = w + 2 * grow, h + 2 * grow
            if sw <= 0 or sh <= 0 or alpha <= 0:
                continue
            canv.setFillColorRGB(color.red, color.green, color.blue, alpha=alpha)
            corner = radius + grow if radius > 0 else blur * (steps - step) / (2.0 * steps)
            path = canv.beginPath()
            _shape(path, x + dx - grow, y - dy - grow, sw, sh, max(corner, 0.0))
            canv.drawPath(path, stroke=0, fill=1)
    canv.restoreState()


def _ramp(spread: float, blur: float, alpha: float, steps: int) -> list[tuple[float, float]]:
    """(growth, alpha) of each copy, the largest first: where ``j`` copies overlap, the colour has
    reached ``j / steps`` of its alpha, so the blur band ramps from nothing to the full colour."""
    out = []
    reached = 0.0
    for j in range(1, steps + 1):
        grow = spread + blur * (0.5 - (j - 0.5) / steps) if steps > 1 else spread
        target = alpha * j / steps
        out.append((grow, 1.0 - (1.0 - target) / (1.0 - reached) if reached < 1.0 else 0.0))
        reached = target
    return out


def clip_to(canv: Any, x: float, y: float, w: float, h: float, radius: float) -> None:
    """Clip what is drawn next (until the caller's ``restoreState``) to the box (x, y, w, h)."""
    path = canv.beginPath()
    _shape(path, x, y, max(w, 0.0), max(h, 0.0), radius)
    canv.clipPath(path, stroke=0, fill=0)


def paint_inset_shadows(
    canv: Any, shadows: tuple[Any, ...], x: float, y: float, w: float, h: float, radius: float, borders: Any
) -> None:
    """Paint inset ``shadows`` (bottom one first) inside the padding box of the border box (x, y, w, h)."""
    top, right, bottom, left = (b.width if b.visible else 0.0 for b in borders)
    px, py, pw, ph = x + left, y + bottom, w - left - right, h - top - bottom
    if pw <= 0 or ph <= 0:
        return
    inner_radius = max(radius - max(top, right, bottom, left), 0.0) if radius > 0 else 0.0
    canv.saveState()
    clip_to(canv, px, py, pw, ph, inner_radius)
    for dx, dy, blur, spread, color in shadows:
        steps = BLUR_STEPS if blur >= 1.0 else 1
        for shrink, alpha in _ramp(spread, blur, color.alpha, steps):
            if alpha <= 0:
                continue
            canv.setFillColorRGB(color.red, color.green, color.blue, alpha=alpha)
            path = canv.beginPath()
            path.rect(px - _FAR, py - _FAR, pw + 2 * _FAR, ph + 2 * _FAR)
            hw, hh = pw - 2 * shrink, ph - 2 * shrink
            if hw > 0 and hh > 0:
                _shape(path, px + dx + shrink, py - dy + shrink, hw, hh, max(inner_radius - shrink, 0.0))
            canv.drawPath(path, stroke=0, fill=1, fillMode=FILL_EVEN_ODD)
    canv.restoreState()
