"""Background images of boxes (``background-image: url(data:…)`` with size, position and repeat): the
certificate border, the letterhead texture, the logo watermark behind a block.

Painted inside the box's border edge, clipped to it (rounded with ``border-radius``), positioned in its padding
box. A repeated image is one tiling pattern (:mod:`tiling`): seamless, and one cell in the PDF however many
copies show; a tile is never smaller than 1/:data:`MAX_CELLS_ACROSS` of the box, so a viewer repeats at most
that many cells across and down.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pdflet.renderers.reportlab.layout.boxmodel import percent
from pdflet.renderers.reportlab.layout.tiling import fill_with_tiles

MAX_CELLS_ACROSS = 2000


@dataclass(frozen=True)
class BackgroundImage:
    """A loaded background image (natural size in points) and how to lay it out."""

    reader: Any
    width: float
    height: float
    size: Any  # "auto", "cover", "contain" or (width, height) of lengths, percentages or "auto"
    repeat: str  # "repeat", "repeat-x", "repeat-y" or "no-repeat"
    position: tuple[Any, Any]  # x, y: lengths or ("%", n)


def load_background(style: Any, images: Any) -> BackgroundImage | None:
    """The background image of a computed style, loaded through ``images`` (an ImageCache); None for ``none``
    or an image that cannot be loaded."""
    url = style["background-image"]
    if url == "none":
        return None
    image = images.load(url)
    if image is None:
        return None
    natural = (image.width_px * 0.75, image.height_px * 0.75)
    return BackgroundImage(image.reader, *natural, style["background-size"], style["background-repeat"],
                           style["background-position"])


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


def _span(start: float, size: float, low: float, high: float, repeat: bool) -> tuple[float, float] | None:
    """The stretch of [low, high] the image covers along one axis: all of it when it repeats, else its copy."""
    if repeat:
        return low, high
    first, last = max(start, low), min(start + size, high)
    return (first, last) if last > first else None


def paint_background_image(
    canv: Any,
    bg: BackgroundImage,
    x: float,
    y: float,
    w: float,
    h: float,
    radius: float,
    origin: tuple[float, float, float, float] | None = None,
) -> None:
    """Draw ``bg`` clipped to the box at (``x``, ``y``), ``w`` wide and ``h`` tall (the painting area), sized
    and positioned in ``origin`` (x, y, w, h: the positioning area, by default the same box)."""
    if w <= 0 or h <= 0:
        return
    ox, oy, ow, oh = origin if origin is not None else (x, y, w, h)
    tw, th = tile_size(bg, ow, oh)
    if bg.repeat in ("repeat", "repeat-x"):  # a tile too small to see is drawn as small as a viewer can bear
        tw = max(tw, w / MAX_CELLS_ACROSS)
    if bg.repeat in ("repeat", "repeat-y"):
        th = max(th, h / MAX_CELLS_ACROSS)
    px = percent(bg.position[0], ow - tw) if isinstance(bg.position[0], tuple) else float(bg.position[0])
    py = percent(bg.position[1], oh - th) if isinstance(bg.position[1], tuple) else float(bg.position[1])
    left = ox + px
    bottom = oy + oh - py - th  # CSS measures down from the top edge
    across = _span(left, tw, x, x + w, bg.repeat in ("repeat", "repeat-x"))
    down = _span(bottom, th, y, y + h, bg.repeat in ("repeat", "repeat-y"))
    if across is None or down is None:
        return
    canv.saveState()
    path = canv.beginPath()
    if radius > 0:
        path.roundRect(x, y, w, h, radius)
    else:
        path.rect(x, y, w, h)
    canv.clipPath(path, stroke=0, fill=0)
    if bg.repeat == "no-repeat":
        canv.drawImage(bg.reader, left, bottom, tw, th, mask="auto")
    else:
        area = (across[0], down[0], across[1] - across[0], down[1] - down[0])
        fill_with_tiles(canv, bg.reader, (left, bottom, tw, th), area)
    canv.restoreState()
