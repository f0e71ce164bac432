"""Background images of boxes (``background-image: url(data:…)`` with size, position and repeat): the
certificate border, the letterhead texture, the logo watermark behind a block.

Painted inside the box's border edge, clipped to it (rounded with ``border-radius``). Tiling is capped
so a 1-pixel pattern over a page stays a few hundred image placements, not a hundred thousand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from pdflet.renderers.reportlab.layout.boxmodel import percent

MAX_TILES = 400


@dataclass(frozen=True)
class BackgroundImage:
    """A loaded background image (natural size in points) and how to lay it out."""

    reader: Any
    width: float
    height: float
    size: Any  # "auto", "cover", "contain" or (width, height) of lengths, percentages or "auto"
    repeat: str  # "repeat", "repeat-x", "repeat-y" or "no-repeat"
    position: tuple[Any, Any]  # x, y: lengths or ("%", n)


def tile_size(bg: BackgroundImage, w: float, h: float) -> tuple[float, float]:
    """The drawn size of one copy of the image in a box ``w`` wide and ``h`` tall."""
    nw, nh = max(bg.width, 0.01), max(bg.height, 0.01)
    if bg.size in ("cover", "contain"):
        scale = (max if bg.size == "cover" else min)(w / nw, h / nh)
        return nw * scale, nh * scale
    if bg.size == "auto":
        return nw, nh
    sw, sh = bg.size
    tw = percent(sw, w) if sw != "auto" else None
    th = percent(sh, h) if sh != "auto" else None
    if tw is None and th is None:
        return nw, nh
    if tw is None:
        tw = th * nw / nh  # type: ignore[operator]
    if th is None:
        th = tw * nh / nw
    return max(tw, 0.01), max(th, 0.01)


def _starts(origin: float, tile: float, low: float, high: float, repeat: bool) -> list[float]:
    if not repeat:
        return [origin]
    first = origin - math.ceil((origin - low) / tile) * tile
    count = min(math.ceil((high - first) / tile - 1e-6), MAX_TILES)  # copies starting before ``high``
    return [first + i * tile for i in range(max(count, 0))]


def paint_background_image(
    canv: Any, bg: BackgroundImage, x: float, y: float, w: float, h: float, radius: float
) -> None:
    """Draw ``bg`` in the box at (``x``, ``y``), ``w`` wide and ``h`` tall, clipped to it."""
    if w <= 0 or h <= 0:
        return
    tw, th = tile_size(bg, w, h)
    px = percent(bg.position[0], w - tw) if isinstance(bg.position[0], tuple) else float(bg.position[0])
    py = percent(bg.position[1], h - th) if isinstance(bg.position[1], tuple) else float(bg.position[1])
    left = x + px
    top = y + h - py  # CSS measures down from the top edge
    xs = _starts(left, tw, x, x + w, bg.repeat in ("repeat", "repeat-x"))
    ys = _starts(top - th, th, y, y + h, bg.repeat in ("repeat", "repeat-y"))
    canv.saveState()
    path = canv.beginPath()
    if radius > 0:
        path.roundRect(x, y, w, h, radius)
    else:
        path.rect(x, y, w, h)
    canv.clipPath(path, stroke=0, fill=0)
    drawn = 0
    for ty in ys:
        for tx in xs:
            if drawn >= MAX_TILES:
                break
            canv.drawImage(bg.reader, tx, ty, tw, th, mask="auto")
            drawn += 1
    canv.restoreState()
