"""``opacity``: a block and everything in it drawn with its alpha multiplied in.

PDF has one fill and one stroke alpha in the graphics state (``ca``/``CA``), and ReportLab sets them from
every colour's own alpha, so a child's opaque text would reset a parent's 0.5 to 1. While a faded block
draws, the canvas's graphics-state tracker is swapped for :class:`_Faded`, which multiplies every alpha
set inside by the block's factor: children's own colours multiply, nested opacities multiply, and the
save/restore pairs ReportLab already makes bring the outer state back. Overlapping children are each
faded rather than composited as one group first, which only differs where they overlap.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import ExtGState
from reportlab.platypus.doctemplate import ActionFlowable, FrameActionFlowable

from pdflet.renderers.reportlab.layout.positioned import _Wrapper

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


class Faded(_Wrapper):
    """A block drawn at ``opacity`` (laid out exactly as the block it holds)."""

    def __init__(self, inner: Any, opacity: float) -> None:
        super().__init__(inner)
        self.opacity = opacity

    def _like(self, inner: Any) -> Faded:
        return Faded(inner, self.opacity)

    def draw(self) -> None:
        canv = self.canv
        begin_fade(canv, self.opacity)
        self.inner.drawOn(canv, 0.0, 0.0)
        canv.restoreState()


def faded(flowables: list[Any], opacity: float) -> list[Any]:
    """``flowables`` each drawn at ``opacity`` (unchanged when it is 1)."""
    if opacity >= 1.0:
        return flowables
    out: list[Any] = []
    for flowable in flowables:
        if isinstance(flowable, (ActionFlowable, FrameActionFlowable)):  # page breaks, indenters: not drawn
            out.append(flowable)
            continue
        wrapper = Faded(flowable, opacity)
        wrapper.keepWithNext = getattr(flowable, "keepWithNext", 0)
        out.append(wrapper)
    return out
