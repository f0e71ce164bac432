"""``opacity`` on a block: the block and everything in it drawn with its alpha multiplied in (see
:mod:`.alpha`). Overlapping children are each faded rather than composited as one group first, which only
differs where they overlap."""

from __future__ import annotations

from typing import Any

from reportlab.platypus.doctemplate import ActionFlowable, FrameActionFlowable

from pdflet.renderers.reportlab.layout.alpha import begin_fade
from pdflet.renderers.reportlab.layout.containing import enter_isolation, leave_isolation
from pdflet.renderers.reportlab.layout.positioned import _Wrapper


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
        enter_isolation(canv)
        try:
            self.inner.drawOn(canv, 0.0, 0.0)
        finally:
            leave_isolation(canv)
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
