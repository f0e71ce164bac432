"""Multiplying alpha into everything drawn: the canvas side of ``opacity``.

PDF has one fill and one stroke alpha in the graphics state (``ca``/``CA``), and ReportLab sets them from
every colour's own alpha, so a child's opaque text would reset a parent's 0.5 to 1. While a faded block
draws, the canvas's graphics-state tracker is swapped for :class:`_Faded`, which multiplies every alpha
set inside by the block's factor: children's own colours multiply, nested opacities multiply, and the
save/restore pairs ReportLab already makes bring the outer state back. An image inside a line of text is
drawn in the middle of the paragraph's text, so it gets a faded copy of its pixels instead
(:func:`faded_reader`, one per image and opacity in a document).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import ExtGState

_ALPHAS = ("ca", "CA")


class _Faded(ExtGState):
    """An ExtGState that multiplies the fill and stroke alphas set through it by ``factor``."""

    factor = 1.0

    def set(self, canv: Any, a: str, v: Any) -> None:
        super().set(canv, a, v * self.factor if a in _ALPHAS else v)

    def pushCopy(self) -> _Faded:
        copy = super().pushCopy()
        copy.factor = self.factor
        return copy  # type: ignore[no-any-return]


def begin_fade(canv: Any, opacity: float) -> None:
    """Save the graphics state and multiply every alpha set from now on by ``opacity`` (undone by the
    caller's ``restoreState``)."""
    canv.saveState()
    state = canv._extgstate
    faded = _Faded()
    faded._d = state._d.copy()
    faded._c = state._c  # the named states are shared by the page, as ReportLab's own copies do
    faded.factor = getattr(state, "factor", 1.0) * opacity
    canv._extgstate = faded
    ExtGState.set(faded, canv, "ca", faded.factor)
    ExtGState.set(faded, canv, "CA", faded.factor)


def faded_reader(reader: Any, opacity: float, cache: dict[Any, Any]) -> Any:
    """``reader``'s image with its alpha multiplied by ``opacity`` (``reader`` itself when it is not a
    bitmap or is opaque enough to leave); ``cache`` keeps one copy per image and opacity."""
    image = getattr(reader, "_image", None)
    if opacity >= 1.0 or image is None:
        return reader
    key = (id(reader), round(opacity, 3))
    made = cache.get(key)
    if made is None:
        rgba = image.convert("RGBA")
        rgba.putalpha(rgba.getchannel("A").point(lambda v: round(v * opacity)))
        made = cache[key] = (reader, ImageReader(rgba))  # the source is kept alive: the key is its id
    return made[1]
