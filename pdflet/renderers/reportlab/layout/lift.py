"""Negative top margins (CSS 2.1 §8.3): a block with ``margin-top: -20px`` is pulled up over what comes
before it. The frame and painted boxes only add space between flowables, so a :class:`Lift` placed before the
block moves the current point back up by the negative part. Collapsing stays right: the frame still adds the
larger positive margin of the two, and the lift then takes the negative one away (positive max + negative min).
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from pdflet.renderers.reportlab.css.values import resolve


class Lift(Flowable):
    """Moves the current point of the frame (or painted box) it is in up by ``amount`` points."""

    def __init__(self, amount: float) -> None:
        super().__init__()
        self.amount = amount
        self.width = self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0.0, 0.0

    def frameAction(self, frame: Any) -> None:
        """Called by the frame instead of drawing: never above the frame's top."""
        top = frame._y2 - frame._topPadding
        frame._y = min(frame._y + self.amount, top)
        frame._atTop = 0

    def draw(self) -> None:
        """Nothing to paint."""


def lifted(style: Any, frame_width: float, frame_height: float, flowables: list[Any]) -> list[Any]:
    """``flowables`` with a :class:`Lift` in front when the box's top margin is negative (at most half a
    frame, as positive margins are capped)."""
    if not flowables:
        return flowables
    top = resolve(style["margin-top"], frame_width)
    if top >= 0:
        return flowables
    return [Lift(min(-top, frame_height * 0.5)), *flowables]
