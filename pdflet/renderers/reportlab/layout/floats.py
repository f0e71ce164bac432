"""``float: left|right`` in the emitted story: a mark where the float sits, then the content after it made to
flow beside it (ReportLab's ImageAndFlowables, see ``FloatFlow``)."""

from __future__ import annotations

from typing import Any

from pdflet.renderers.reportlab.layout.keeps import FloatFlow

MAX_NESTED_FLOATS = 8  # floats flowing beside floats beside floats... deeper ones are placed above their text


class FloatMark:
    """Where a floated flowable sits among its siblings (replaced before layout)."""

    def __init__(self, flowable: Any, side: str, gap_left: float, gap_right: float) -> None:
        self.flowable = flowable
        self.side = side
        self.gap_left = gap_left
        self.gap_right = gap_right


def wrap_floats(out: list[Any], beside: bool = True) -> list[Any]:
    """Make the flowables after each float flow beside it (ReportLab's ImageAndFlowables), at page level and
    inside painted boxes alike (``FloatFlow`` measures with a stand-in canvas where no frame gives one).
    With ``beside=False`` a float is only placed on its side above what follows.
    """
    for index in range(len(out) - 1, -1, -1):
        mark = out[index]
        if not isinstance(mark, FloatMark):
            continue
        rest = out[index + 1 :]
        flowable = mark.flowable
        if not beside:
            flowable.hAlign = "RIGHT" if mark.side == "right" else "LEFT"
            out[index] = flowable
            continue
        cut = _clearing(rest, mark.side)
        rest, below = rest[:cut], rest[cut:]
        if not rest:
            flowable.hAlign = "RIGHT" if mark.side == "right" else "LEFT"
            out[index:] = [flowable, *below]
            continue
        depth = 1 + max((getattr(item, "pdflet_depth", 0) for item in rest), default=0)
        if depth > MAX_NESTED_FLOATS:
            # Each float flowing beside the next measures all that follows it again: a run of floats nested
            # this deep cost twice as much per float (22 took 13 s). Past the limit a float goes above.
            flowable.hAlign = "RIGHT" if mark.side == "right" else "LEFT"
            out[index:] = [flowable, *rest, *below]
            continue
        side = "left" if mark.side == "left" else "right"
        wrapped = FloatFlow(
            flowable,
            rest,
            imageLeftPadding=mark.gap_left if side == "right" else 0.0,
            imageRightPadding=mark.gap_right if side == "left" else 0.0,
            imageTopPadding=0,
            imageBottomPadding=getattr(flowable, "space_after", 0.0),
            imageSide=side,
        )
        wrapped.pdflet_depth = depth
        wrapped.pdflet_clear = getattr(flowable, "pdflet_clear", "none")  # a float that clears starts below
        out[index:] = [wrapped, *below]
    return out


def _clearing(flowables: list[Any], side: str) -> int:
    """Where the first block that clears ``side`` starts (``clear``, CSS 2.1 §9.5.2): it and what follows go
    below the float, not beside it; the length of the list when none does."""
    for index, flowable in enumerate(flowables):
        if getattr(flowable, "pdflet_clear", "none") in (side, "both"):
            return index
    return len(flowables)
