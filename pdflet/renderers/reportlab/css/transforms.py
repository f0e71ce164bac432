"""``transform``: rotate/scale/translate/skew/matrix functions as a PDF matrix (the diagonal "DRAFT" watermark,
a rotated "PAID" stamp).

The value is one affine matrix ``(a, b, c, d, e, f)`` in PDF space (y up, points), applied about the box's
``transform-origin`` (its centre) when it is drawn. Layout is not affected, as in a browser.
"""

from __future__ import annotations

import math
from typing import Any

from pdflet.renderers.reportlab.css.values import length_pt, significant

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_ANGLE = {"deg": math.pi / 180.0, "rad": 1.0, "turn": 2 * math.pi, "grad": math.pi / 200.0}


def _angle(token: Any) -> float | None:
    if token.type == "dimension" and token.lower_unit in _ANGLE:
        return float(token.value) * _ANGLE[token.lower_unit]
    if token.type == "number" and token.value == 0:
        return 0.0
    return None


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (the order CSS lists functions in, innermost last)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + c * b2,
        b * a2 + d * b2,
        a * c2 + c * d2,
        b * c2 + d * d2,
        a * e2 + c * f2 + e,
        b * e2 + d * f2 + f,
    )


def _function(token: Any, font_size: float, root: float) -> Matrix | None:
    name = token.lower_name
    args = [a for a in significant(token.arguments) if not (a.type == "literal" and a.value == ",")]
    if name in ("rotate", "rotatez") and len(args) == 1:
        angle = _angle(args[0])
        if angle is None:
            return None
        cos, sin = math.cos(-angle), math.sin(-angle)  # CSS turns clockwise on a y-down page
        return (cos, sin, -sin, cos, 0.0, 0.0)
    if name in ("scale", "scalex", "scaley") and 1 <= len(args) <= 2 and all(a.type == "number" for a in args):
        sx = float(args[0].value)
        sy = float(args[-1].value)
        if name == "scalex":
            sy = 1.0
        elif name == "scaley":
            sx, sy = 1.0, sx
        return (max(-100.0, min(sx, 100.0)), 0.0, 0.0, max(-100.0, min(sy, 100.0)), 0.0, 0.0)
    if name in ("translate", "translatex", "translatey") and 1 <= len(args) <= 2:
        values = [length_pt(a, font_size, root) for a in args]
        if any(v is None for v in values):
            return None
        tx, ty = values[0], values[1] if len(values) == 2 else 0.0
        if name == "translatey":
            tx, ty = 0.0, values[0]
        return (1.0, 0.0, 0.0, 1.0, max(-2e4, min(tx, 2e4)), -max(-2e4, min(ty, 2e4)))  # type: ignore[arg-type]
    if name in ("skewx", "skewy") and len(args) == 1:
        angle = _angle(args[0])
        if angle is None:
            return None
        slope = max(-100.0, min(math.tan(angle), 100.0))
        return (1.0, 0.0, -slope, 1.0, 0.0, 0.0) if name == "skewx" else (1.0, -slope, 0.0, 1.0, 0.0, 0.0)
    if name == "matrix" and len(args) == 6 and all(a.type == "number" for a in args):
        a, b, c, d, e, f = (float(x.value) for x in args)
        return (a, -b, -c, d, e, -f)  # the same map, seen with y pointing up
    return None


def transform(tokens: list[Any], ctx: tuple[Any, Any, float]) -> Any:
    """The computed ``transform``: ``"none"`` or one matrix; None (ignored) when any function is unknown."""
    words = [t for t in tokens if t.type not in ("whitespace", "comment")]
    if len(words) == 1 and words[0].type == "ident" and words[0].lower_value == "none":
        return "none"
    matrix = IDENTITY
    for token in words[:20]:
        if token.type != "function":
            return None
        step = _function(token, ctx[0]["font-size"], ctx[2])
        if step is None:
            return None
        matrix = _multiply(matrix, step)
    return matrix if words else None


def apply_about_centre(canv: Any, matrix: Matrix, x: float, y: float, w: float, h: float) -> None:
    """Set ``matrix`` on the canvas about the centre of the box at (``x``, ``y``), ``w`` by ``h``."""
    cx, cy = x + w / 2.0, y + h / 2.0
    canv.translate(cx, cy)
    canv.transform(*matrix)
    canv.translate(-cx, -cy)
