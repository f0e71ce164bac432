"""Running elements (CSS GCPM): ``position: running(NAME)`` takes an element out of the flow, and a margin box's
``content: element(NAME)`` shows it, with all its CSS, on the pages it applies to.

This is how a letterhead with a logo, an address block and rules repeats at the top of every page. Which
element a page shows follows the named-string rules (``first``, ``start``, ``last``, ``first-except``): the
element's place in the flow is recorded like a named string's (see ``layout/page_marks.py``), its value being
the element's number. The header and footer request options are painted the same way.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from reportlab.platypus import Frame

from pdflet.renderers.reportlab.layout.boxes import RunningBox
from pdflet.renderers.reportlab.layout.builder import Builder
from pdflet.renderers.reportlab.layout.page_marks import RUNNING
from pdflet.renderers.reportlab.pages import PageSetup


def margin_area(name: str, setup: PageSetup) -> tuple[float, float, float, float]:
    """x, y, width, height of a margin box's area (top and bottom boxes span the content width)."""
    width, height = setup.size
    t, r, b, left = setup.margins
    y, h = (height - t, t) if name.startswith("top") else (0.0, b)
    if name.endswith("left-corner"):
        return 0.0, y, left, h
    if name.endswith("right-corner"):
        return width - r, y, r, h
    return left, y, max(width - left - r, 36.0), h


def draw_snippet(
    canv: Any, story: list[Any], area: tuple[float, float, float, float], pad: float | None = 0.2
) -> None:
    """Lay ``story`` out in ``area`` (what does not fit is left out, as a margin box clips). ``pad``: the share
    of the height kept free above and below, or None to centre the story vertically, as margin boxes do."""
    x, y, w, h = area
    if pad is None:
        used = sum(f.wrap(w, h)[1] + (f.getSpaceBefore() if i else 0.0) for i, f in enumerate(story))
        top = bottom = max(0.0, (h - used) / 2)
    else:
        top = bottom = h * pad
    frame = Frame(x, y, w, h, leftPadding=0, rightPadding=0, topPadding=top, bottomPadding=bottom, showBoundary=0)
    frame.addFromList(story, canv)


class RunningElements:
    """The document's running elements, drawn into the margin boxes that name them."""

    def __init__(self, elements: list[RunningBox], styles: dict[Element, Any], images: Any, fonts: Any) -> None:
        self.elements = elements
        self.styles = styles
        self.images = images
        self.fonts = fonts

    def draw(self, canv: Any, page: int, setup: PageSetup, subs: dict[str, str]) -> None:
        marks = getattr(canv, "pdflet_marks", None)
        if not self.elements or marks is None:
            return
        for name, box in setup.boxes.items():
            wanted = next((part for part in box.parts if part[0] == "element"), None)
            if wanted is None:
                continue
            index = marks.string(RUNNING + wanted[1], page, wanted[2])
            if not index:
                continue
            running = self.elements[int(index)]
            area = margin_area(name, setup)
            if area[3] < 4:
                continue
            builder = Builder(self.styles, self.images, self.fonts, set(), (area[2], area[3]), subs)
            builder.outline = None  # type: ignore[assignment]
            story = builder.block(running.children[0])  # the element's box as position: static
            draw_snippet(canv, story, area, pad=None)
