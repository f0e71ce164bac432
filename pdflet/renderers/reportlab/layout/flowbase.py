"""What every flowable of ours shares: vertical margins on the instance, the rule for making progress on
an empty page, and shrinking what no page can hold.

All of them carry ``space_before``/``space_after`` (vertical margins) as instance values so
ReportLab's frame collapses adjacent margins the way CSS does (the larger one wins).
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

HUGE = 1e7
#: ``orphans``/``widows`` above this are clamped: keeping more lines together only pushes text to the next page.
MAX_KEPT_LINES = 50


MIN_ROOM = 6.0  # less height than this inside a box on an empty page: the box gives up its decoration
MIN_WIDTH = 12.0  # the same for the narrowest content width of a box and the boxes in it


def must_progress(flowable: Any) -> bool:
    """Whether ``flowable`` is being split at the top of an empty frame (or first in a box that
    is): moving it to the next page gains nothing, so it must split, or shrink, now.

    ReportLab hands a flowable its frame only while adding or splitting it; a box sets
    ``_pdflet_forced`` on the child it is forcing (see :func:`split_forced`).
    """
    if getattr(flowable, "_pdflet_forced", False):
        return True
    frame = getattr(flowable, "_frame", None)
    return bool(getattr(frame, "_atTop", 0))


def frame_width(flowable: Any, availWidth: float) -> float:
    """The width a frame really offers: ReportLab's ``Frame.split`` passes its full width,
    ignoring the Indenters that narrowed it for ``wrap``."""
    frame = getattr(flowable, "_frame", None)
    if frame is not None and hasattr(frame, "_getAvailableWidth"):
        return frame._getAvailableWidth()
    return availWidth


def split_forced(flowable: Any, availWidth: float, availHeight: float) -> list[Any]:
    """Split ``flowable`` where it must make progress: its own best effort, else all of it
    shrunk to the room there is (only for content no page can hold: an image, a table row)."""
    flowable._pdflet_forced = True
    try:
        parts = flowable.split(availWidth, availHeight)
    finally:
        flowable._pdflet_forced = False
    return parts or [Shrunk(flowable, availHeight)]


class Spaced:
    """Vertical margins stored on the instance (ReportLab reads them through these getters)."""

    space_before: float = 0.0
    space_after: float = 0.0

    def _restrictSize(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """What ReportLab's ImageAndFlowables asks a floated flowable for: its size."""
        return self.wrap(availWidth, availHeight)  # type: ignore[attr-defined]

    def _unRestrictSize(self) -> None:
        """Nothing to undo: we never shrink to fit a float's space."""

    def getSpaceBefore(self) -> float:
        return self.space_before

    def getSpaceAfter(self) -> float:
        return self.space_after


def passes_margins(flowable: Any) -> bool:
    """Whether ``flowable`` is a zero-size mark the margins on either side of it collapse across (an outline
    entry, an absolute box's place): it is never a box's first or last child for margin collapsing, nor the
    first or last item of a kept group. One test for the frame's ``_SPACETRANSFER`` flag, used everywhere."""
    return bool(getattr(flowable, "_SPACETRANSFER", False))


class ZeroMark(Spaced, Flowable):
    """A flowable of no size, kept with what follows it, that only records something when drawn (a
    destination, a page mark): it lands on the page of the content after it.

    It is transparent to margin collapsing: the margins on either side of it still collapse into one, as
    CSS has them (a heading's outline entry between a paragraph and the heading must not add the two
    margins). ReportLab's frame honours ``_SPACETRANSFER``; our boxes' stacking does the same."""

    _SPACETRANSFER = True
    _ZEROSIZE = True

    def __init__(self) -> None:
        super().__init__()
        self.keepWithNext = 1
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0


class Shrunk(Spaced, Flowable):
    """Content taller than the room any page has for it (one image, one table row, one line of
    text), scaled down to fit. A browser lets it overflow and clips it; shrinking keeps it all."""

    def __init__(self, inner: Any, limit: float) -> None:
        super().__init__()
        self.inner = inner
        self.limit = max(limit, 1.0)
        self.scale = 1.0
        self.space_before = inner.getSpaceBefore()
        self.space_after = inner.getSpaceAfter()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        w, h = self.inner.wrap(max(availWidth, 1.0), HUGE)  # laid out in some width, if shrunk with it
        self.scale = min(1.0, self.limit / h) if h > 0 else 1.0
        self.width, self.height = w * self.scale, h * self.scale
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.scale(self.scale, self.scale)
        self.inner.drawOn(canv, 0, 0)
        canv.restoreState()
