"""Keeping flowables together (``break-inside: avoid``, runs of ``keepWithNext``) and floats beside
their neighbours, built on ReportLab's KeepTogether and ImageAndFlowables."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import ImageAndFlowables, KeepTogether
from reportlab.platypus.flowables import _Container

from pdflet.renderers.reportlab.layout.flowbase import frame_width, must_progress, passes_margins, split_forced


class _MeasuringCanvas:
    """Stands in for a canvas where ReportLab only stores one while measuring."""


class Keep(_Container, KeepTogether):
    """KeepTogether (``break-inside: avoid``, runs of ``keepWithNext``) that measures at the width
    the frame really offers, can be measured and drawn inside a container (a float's neighbours),
    and gives way where it must make progress."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if getattr(self, "canv", None) is None:
            self.canv = _MeasuringCanvas()
        width, forced_split = super().wrap(availWidth, availHeight)
        self.width, self.height = width, self._H
        if getattr(self, "_frame", None) is not None:
            return width, forced_split  # in a frame: make it ask us to split, where we decide
        return width, self._H

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        if getattr(self, "canv", None) is None:
            self.canv = _MeasuringCanvas()
        if getattr(self, "_frame", None) is not None:
            return super().split(frame_width(self, availWidth), availHeight)
        self.wrap(availWidth, availHeight)
        if self.height <= availHeight + 1e-6:
            return [self]
        if not must_progress(self) or not self._content:
            return []
        return split_forced(self._content[0], availWidth, availHeight) + list(self._content[1:])

    def drawOn(self, canv: Any, x: float, y: float, _sW: float = 0) -> None:
        _Container.drawOn(self, canv, x, y, _sW)

    def getSpaceBefore(self, content: Any = None) -> float:
        """The first real item's top margin. ReportLab skips only Indenters, so a zero-size mark first (a
        heading's outline entry) made it 0: the frame then offered the group a height that counted no
        margin, the group "fitted", and its last lines spilled onto the next page despite ``break-inside:
        avoid``."""
        return super().getSpaceBefore(_real(self._content if content is None else content))

    def getSpaceAfter(self, content: Any = None) -> float:
        return super().getSpaceAfter(_real(self._content if content is None else content))


def _real(content: list[Any]) -> list[Any]:
    """``content`` without zero-size marks (they pass margins through, see flowbase.ZeroMark)."""
    return [item for item in content if not passes_margins(item)]


class KeepWithNext(Keep):
    """A run of ``keepWithNext`` flowables (headings, captions) with the flowable after it. As in a
    browser, the run stays on this page when it fits with the start of what follows; the group
    moves on only when not even that fits (ReportLab moves it whenever all of it does not fit)."""

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        if getattr(self, "_frame", None) is not None:
            parts = self._keep_start(frame_width(self, availWidth), availHeight)
            if parts:
                return parts
        return super().split(availWidth, availHeight)

    def _keep_start(self, availWidth: float, availHeight: float) -> list[Any]:
        content = self._content
        if len(content) < 2 or hasattr(content[-1], "frameAction"):
            return []
        used = 0.0
        after = 0.0
        for index, item in enumerate(content[:-1]):
            if hasattr(item, "frameAction"):  # the Indenter opening a block: what follows is narrower
                left, right = getattr(item, "left", 0.0), getattr(item, "right", 0.0)
                if not isinstance(left, (int, float)) or not isinstance(right, (int, float)):
                    return []
                availWidth -= left + right
                continue
            height = item.wrap(availWidth, availHeight)[1]
            if height <= 0:
                continue
            used += (max(item.getSpaceBefore(), after) if index else 0.0) + height
            after = item.getSpaceAfter()
        last = content[-1]
        room = availHeight - used - max(last.getSpaceBefore(), after)
        if room <= 0 or last.wrap(availWidth, room)[1] <= room:
            return []  # the run alone does not fit, or all of it fits: ReportLab's rules apply
        parts = last.split(availWidth, room)
        return [*content[:-1], *parts] if len(parts) >= 2 else []


class FloatFlow(ImageAndFlowables):
    """ReportLab's ImageAndFlowables, handing its canvas to what it measures (KeepTogether and
    nested floats read ``self.canv`` in ``wrap``); a float taller than the page stops floating."""

    def _share_canvas(self) -> None:
        canv = getattr(self, "canv", None)
        if canv is None:  # measured outside a frame (inside a box's split): any stand-in will do
            canv = self.canv = _MeasuringCanvas()
        self._I.canv = canv
        for item in self._content:
            item.canv = canv

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._share_canvas()
        return super().wrap(availWidth, availHeight)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        self._share_canvas()
        availWidth = frame_width(self, availWidth)
        parts = super().split(availWidth, availHeight)
        for part in parts:
            if type(part) is ImageAndFlowables:  # ReportLab's first part: keep sharing the canvas when measured
                part.__class__ = FloatFlow
        if parts or not must_progress(self):
            return parts
        # The float alone is taller than an empty page: it flows as a block, its neighbours after it.
        return split_forced(self._I, availWidth, availHeight) + list(self._content)
