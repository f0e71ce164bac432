"""``display: inline-block`` (CSS 2.1 §9.2.4, §10.3.9, §10.8.1): an atomic box in a line. Its content is
laid out as a block of its own (shrink-to-fit unless it has a ``width``), with its own height, padding,
borders and margins, and the whole box then sits in the line like an image: the line grows to hold it and
text flows on either side. Its baseline is the baseline of its last line, or its bottom margin edge when it
holds no line (an empty coloured square).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pdflet.renderers.reportlab.css.values import resolve
from pdflet.renderers.reportlab.layout import inline as il
from pdflet.renderers.reportlab.layout.box_flowables import Box
from pdflet.renderers.reportlab.layout.boxmodel import border_width
from pdflet.renderers.reportlab.layout.flowbase import HUGE
from pdflet.renderers.reportlab.layout.paragraphs import Para, css_baseline_shift, first_line_ascent


class InlineBlock:
    """A laid-out inline-block as the line sees it: a width and height to make room for, drawn like an image
    (the canvas calls ``draw_on`` for objects it is given in place of a bitmap)."""

    def __init__(self, box: Box, margins: tuple[float, float, float, float]) -> None:
        self.box = box
        self.margins = margins  # top, right, bottom, left
        self.width = margins[3] + box.width + margins[1]
        self.height = margins[0] + box.height + margins[2]

    def draw_on(self, canv: Any, x: float, y: float, _width: float, _height: float) -> None:
        self.box.drawOn(canv, x + self.margins[3], y + self.margins[2])


def baseline_drop(box: Box) -> float:
    """From the bottom border edge of ``box`` up to the baseline of its last line (0: it has no line)."""
    last = box.children[-1] if box.children else None
    if not isinstance(last, Para) or not getattr(getattr(last, "blPara", None), "lines", None):
        return 0.0
    spec, used = box.spec, box.used
    above_last = (len(last.blPara.lines) - 1) * last.style.leading + first_line_ascent(last) - css_baseline_shift(last)
    below = max(0.0, last.height - above_last)
    return below + used.padding.bottom + border_width(spec.borders[2])


def make_inline_block(children: list[Any], spec: Any, style: Any, avail: float, frame_height: float) -> InlineBlock:
    """Lay out an inline-block's content flowables in a box no wider than ``avail``."""
    margins = tuple(resolve(style[f"margin-{side}"], avail) for side in ("top", "right", "bottom", "left"))
    inner = max(1.0, avail - max(0.0, margins[1]) - max(0.0, margins[3]))
    box = Box(children, replace(spec, margin_left=0.0, margin_right=0.0))
    box.shrink = True  # as wide as its content asks (its own width when it has one), not the line
    box.frame_height = frame_height
    box.wrap(inner, HUGE)
    return InlineBlock(box, margins)  # type: ignore[arg-type]


def inline_block_frag(block: InlineBlock, run: il.InlineRun) -> Any:
    """The fragment the line holds for ``block``: an image-like object raised so its baseline is the line's."""
    frag = il.image_frag(block, block.width, block.height, run)
    frag.cbDefn.valign = -(block.margins[2] + baseline_drop(block.box))
    frag.cbDefn.atomic = True  # its line is pushed down to hold it (paragraphs.py)
    return frag
