"""Margins that collapse through an empty block (CSS 2.1 §8.3.1).

A block with no content, no height, no padding and no border has no flowable of its own, but its margins still
count: its top and bottom margins collapse with each other and with the margins of its neighbours, so
``<p style="margin-bottom: 4pt">a</p><div style="margin: 30pt 0"></div><p>b</p>`` leaves 30pt between the
paragraphs, not 4pt. The builder emits a :class:`CollapsedMargin` for such a block and :func:`fold_margins`
merges it into the nearest flowable after it (or before it) that carries margins; ReportLab's frame and our
painted boxes then collapse the merged margin with the rest (the larger one wins).
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Indenter

from pdflet.renderers.reportlab.layout.flowbase import ZeroMark


class CollapsedMargin(ZeroMark):
    """The collapsed margins of an empty block: no size, only ``space_before`` (until folded away). Unlike
    other zero-size marks it is no ``_SPACETRANSFER``: a lone one is its parent's first child and carries the
    margin to it."""

    _SPACETRANSFER = False

    def __init__(self, amount: float) -> None:
        super().__init__()
        self.keepWithNext = 0
        self.space_before = amount

    def draw(self) -> None:
        """Nothing to paint."""


def empty_block(top: float, bottom: float) -> list[Any]:
    """What an empty block leaves in the flow: its positive collapsed margin, or nothing (a negative margin
    of an empty block is dropped, as the frame cannot pull the next block up through it)."""
    amount = max(top, bottom, 0.0)
    return [CollapsedMargin(amount)] if amount > 0 else []


def _transparent(flowable: Any) -> bool:
    """Flowables margins pass through: zero-size marks and indenters (they take no room of their own)."""
    return isinstance(flowable, (ZeroMark, Indenter))


def fold_margins(flowables: list[Any]) -> list[Any]:
    """``flowables`` with every :class:`CollapsedMargin` merged into the next flowable with margins (its
    ``space_before`` raised to it), else the previous one (its ``space_after``); one with no such neighbour
    stays, carrying the margin to the parent box, which collapses its first child's margin with its own."""
    if not any(isinstance(f, CollapsedMargin) for f in flowables):
        return flowables
    out = list(flowables)
    index = 0
    while index < len(out):
        item = out[index]
        if not isinstance(item, CollapsedMargin):
            index += 1
            continue
        target = _neighbour(out, index, 1)
        if target is not None:
            target.space_before = max(target.getSpaceBefore(), item.space_before)
        else:
            target = _neighbour(out, index, -1)
            if target is None:
                index += 1
                continue
            target.space_after = max(target.getSpaceAfter(), item.space_before)
        del out[index]
    return out


def _neighbour(flowables: list[Any], index: int, step: int) -> Any | None:
    """The nearest flowable from ``index`` in direction ``step`` (past transparent ones) that has margins."""
    at = index + step
    while 0 <= at < len(flowables):
        candidate = flowables[at]
        if isinstance(candidate, CollapsedMargin):
            at += step
            continue
        if _transparent(candidate):
            at += step
            continue
        if hasattr(candidate, "space_before") and hasattr(candidate, "space_after"):
            return candidate
        return None
    return None
