"""Block-level images and zero-size anchors (destinations and outline entries)."""

from __future__ import annotations

from copy import copy
from typing import Any

from reportlab.platypus import Flowable

from pdflet.renderers.reportlab.layout.alpha import begin_fade
from pdflet.renderers.reportlab.layout.boxmodel import replaced_size
from pdflet.renderers.reportlab.layout.flowbase import HUGE, Spaced, ZeroMark, must_progress


class ImageFlowable(Spaced, Flowable):
    """A block-level image: CSS width/height (``%`` of the container), aspect kept, never wider
    than its container nor taller than the frame."""

    def __init__(
        self,
        reader: Any,
        natural: tuple[float, float],
        width: Any,
        height: Any,
        max_width: Any = "none",
        align: str = "LEFT",
        margin_left: float = 0.0,
    ) -> None:
        super().__init__()
        self.reader = reader
        self.natural = natural
        self.css_width = width
        self.css_height = height
        self.css_max_width = max_width
        self.hAlign = align
        self.margin_left = margin_left
        self.draw_w = self.draw_h = 0.0
        self.opacity = 1.0  # an inline image's own ``opacity`` (a block's is a wrapper around it)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        w, h = replaced_size(self.natural, self.css_width, self.css_height, self.css_max_width, availWidth)
        room = availWidth - self.margin_left
        if w > room > 0:
            h, w = h * room / w, room
        frame_h = getattr(self, "max_height", 0.0)
        if frame_h and h > frame_h:
            w, h = w * frame_h / h, frame_h
        self.draw_w, self.draw_h = max(w, 0.1), max(h, 0.1)
        self.width = self.draw_w + self.margin_left
        self.height = self.draw_h
        return self.width, self.height

    def intrinsic_widths(self) -> tuple[float, float]:
        """Its used width both ways; a percentage width can shrink to nothing (min-content 0)."""
        w, _ = self.wrap(HUGE, HUGE)
        if isinstance(self.css_width, tuple):
            return 0.0, w
        return w, w

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        """An image cannot be cut: where it must make progress it is scaled to the room left."""
        if not must_progress(self) or availHeight < 1.0:
            return []
        smaller = copy(self)
        smaller.max_height = min(getattr(self, "max_height", 0.0) or availHeight, availHeight)
        return [smaller]

    def draw(self) -> None:
        canv = self.canv
        if self.opacity < 1.0:
            begin_fade(canv, self.opacity)
        canv.drawImage(self.reader, self.margin_left, 0, self.draw_w, self.draw_h, mask="auto")
        if self.opacity < 1.0:
            canv.restoreState()


class Bookmark(ZeroMark):
    """A zero-size flowable that marks a destination (``#id``) and/or an outline entry."""

    def __init__(self, key: str, title: str | None = None, level: int = 0) -> None:
        super().__init__()
        self.key = key
        self.title = title
        self.level = level

    def draw(self) -> None:
        canv = self.canv
        canv.bookmarkHorizontal(self.key, 0, 0)
        if self.title is not None:
            # Entries are added in drawing order, which is not always building order (a heading first in
            # a list item): ReportLab refuses a jump of more than one level, so clamp to the one it is at.
            level = min(self.level, canv._doc.outline.currentlevel + 1)
            canv.addOutlineEntry(self.title, self.key, level, closed=False)
