"""The draw stage: flowables onto pages, with page templates, margin boxes, header and footer,
metadata, outline and links, into PDF bytes.

Page decorations are painted when the document is saved, so ``counter(pages)`` and
``totalPages`` know the final count without laying the document out twice.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Indenter
from reportlab.platypus.doctemplate import LayoutError, _ktAllow

from pdflet.errors import RenderFailed
from pdflet.renderers.reportlab.layout.backgrounds import paint_background_image
from pdflet.renderers.reportlab.layout.breaks import ForcedBreak
from pdflet.renderers.reportlab.layout.footnotes import FootnoteArea
from pdflet.renderers.reportlab.layout.keeps import KeepWithNext
from pdflet.renderers.reportlab.layout.page_marks import PageMarks
from pdflet.renderers.reportlab.layout.positioned import STATIC_CALLBACK, paint_overlays, static_callback
from pdflet.renderers.reportlab.layout.stacking import mark_flow_start
from pdflet.renderers.reportlab.page_flow import PageFlow, shows_something
from pdflet.renderers.reportlab.page_styles import PageKind, PageStyles
from pdflet.renderers.reportlab.pages import MarginBox, PageSetup

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
# (canvas, page number, total pages, setup) -> None
Decorator = Callable[[Canvas, int, int, PageSetup], None]


@dataclass
class Metadata:
    """PDF document information."""

    title: str = ""
    author: str = ""
    subject: str = ""
    keywords: str = ""


class DeferredCanvas(Canvas):
    """A canvas that keeps finished pages until ``save`` so decorations can know the page count."""

    def __init__(self, *args: Any, decorate: Decorator | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pending: list[tuple[dict[str, Any], PageSetup]] = []
        self._decorate = decorate
        self.current_setup: PageSetup | None = None
        self._linked: set[str] = set()
        self._pdflet_dests: set[str] = set()
        self.pdflet_fixed: list[Any] = []  # position: fixed layers, painted on every page
        self.setNamedCB(STATIC_CALLBACK, static_callback)  # absolute boxes' static positions inside lines
        self.pdflet_marks = PageMarks()  # named strings and page-number restarts, by page
        self.pdflet_dest_pages: dict[str, int] = {}  # the page each #id landed on, for target-counter()
        self.pdflet_dest_y: dict[str, float] = {}  # footnote calls: how high on its page each landed
        self.pdflet_offset = 0.0  # how far this page's drawing is shifted into its bleed (see _on_page)

    def showPage(self) -> None:
        paint_overlays(self, self.pdflet_fixed)
        self.pdflet_offset = 0.0  # the next page's stream starts unshifted
        if self._decorate is None:
            super().showPage()
            return
        self._pending.append((dict(self.__dict__), self.current_setup))  # type: ignore[arg-type]
        # Destinations made on later pages name the page by the document's counter: advance it
        # now as a real showPage would, and rewind it before the pages are written out.
        self._doc.pageCounter += 1
        self._startPage()

    def drawImage(self, image: Any, x: float, y: float, width: Any = None, height: Any = None, **kw: Any) -> Any:
        """Bitmaps as ReportLab draws them; SVG (a VectorImage) as vector paths in the same box."""
        draw_on = getattr(image, "draw_on", None)
        if draw_on is not None:
            width = image.width if width is None else width
            height = image.height if height is None else height
            draw_on(self, x, y, width, height)
            return width, height
        return super().drawImage(image, x, y, width, height, **kw)

    def bookmarkHorizontal(self, key: str, relativeX: float, relativeY: float, **kw: Any) -> None:
        self._pdflet_dests.add(key)
        self.pdflet_dest_pages.setdefault(key, len(self._pending) + 1)
        if key.startswith("_fn"):
            self.pdflet_dest_y.setdefault(key, self.absolutePosition(relativeX, relativeY)[1])
        super().bookmarkHorizontal(key, relativeX, relativeY, **kw)

    def linkRect(self, contents: str, destinationname: str, *args: Any, **kwargs: Any) -> None:
        self._linked.add(destinationname)
        super().linkRect(contents, destinationname, *args, **kwargs)

    def _define_missing_destinations(self) -> None:
        """A link whose target was never drawn (an empty anchor, say) points at page 1, not a crash."""
        for key in sorted(self._linked - self._pdflet_dests):
            self.bookmarkPage(key)
            self._pdflet_dests.add(key)

    def save(self) -> None:
        if self._decorate is None:
            self._define_missing_destinations()
        if self._decorate is not None:
            total = len(self._pending)
            self._doc.pageCounter -= total
            for number, (state, setup) in enumerate(self._pending, start=1):
                linked, dests = self._linked, self._pdflet_dests
                self.__dict__.update(state)
                self._linked, self._pdflet_dests = linked, dests
                if number == 1:
                    self._define_missing_destinations()
                if setup is not None:
                    self._decorate(self, number, total, setup)
                Canvas.showPage(self)
            self._pending = []
        super().save()


class _Document(BaseDocTemplate):
    """ReportLab's document template, keeping a heading with the content of the block after it, and
    choosing each page's template and carrying out forced breaks through a :class:`PageFlow`."""

    pdflet_flow: PageFlow

    def handle_documentBegin(self) -> None:
        super().handle_documentBegin()
        self.pageTemplate = self.pdflet_flow.next_template(1)

    def beforePage(self) -> None:
        self.pdflet_flow.page_has_content = False

    def afterFlowable(self, flowable: Any) -> None:
        if not self.pdflet_flow.page_has_content and shows_something(flowable):
            self.pdflet_flow.page_has_content = True

    def _setPageTemplate(self) -> None:
        self.pageTemplate = self.pdflet_flow.next_template(self.page + 1)

    def handle_flowable(self, flowables: list[Any]) -> None:
        if flowables and isinstance(flowables[0], ForcedBreak):
            self.pdflet_flow.forced_break(self, flowables.pop(0), flowables)
            return
        super().handle_flowable(flowables)

    def handle_keepWithNext(self, flowables: list[Any]) -> None:
        """Group a run of ``keepWithNext`` flowables with the next one, as ReportLab does, but reach
        over the Indenters that open a block (``<h2>`` then ``<div><p>``): ReportLab kept the heading
        with the zero-height Indenter only, so it could end a page alone."""
        count = len(flowables)
        index = 0
        while index < count and _ktAllow(flowables[index]) and (
            flowables[index].getKeepWithNext() or (index and isinstance(flowables[index], Indenter))
        ):
            index += 1
        if not index:
            return
        if index < count and _ktAllow(flowables[index]):
            index += 1
        else:
            # Nothing to keep the run with (a page break or the end follows): grouping it anyway made a
            # group that, too tall for an empty page, split back into the same run, forever.
            for item in flowables[:index]:
                item.__dict__["keepWithNext"] = 0
            return
        group = self.keepTogetherClass(flowables[:index])
        for item in group._content[:-1]:
            item.__dict__["keepWithNext"] = 0
        del flowables[:index]
        flowables.insert(0, group)


def _on_page(setup: PageSetup) -> Callable[[Canvas, Any], None]:
    """Mark the page with its setup (for the decorations painted at save) and paint its background."""

    def mark(canv: Canvas, _doc: Any) -> None:
        canv.current_setup = setup  # type: ignore[attr-defined]
        offset = getattr(canv, "pdflet_offset", 0.0)  # a page restyled after it began is already shifted
        sheet_w, sheet_h = setup.sheet
        if setup.background is not None:
            canv.saveState()
            canv.setFillColor(Color(*setup.background[:3], alpha=setup.background[3]))
            canv.rect(-offset, -offset, sheet_w, sheet_h, stroke=0, fill=1)  # into the bleed, as printers need
            canv.restoreState()
        if setup.area_background is not None:  # the document's background: the page area, not the margins
            top, right, bottom, left = setup.margins
            width, height = setup.size[0] - left - right, setup.size[1] - top - bottom
            if width > 0 and height > 0:
                canv.saveState()
                canv.setFillColor(Color(*setup.area_background[:3], alpha=setup.area_background[3]))
                shift = setup.bleed_width - offset
                canv.rect(left + shift, bottom + shift, width, height, stroke=0, fill=1)
                canv.restoreState()
        if setup.area_image is not None:  # its image, positioned and clipped in the page area
            top, right, bottom, left = setup.margins
            width, height = setup.size[0] - left - right, setup.size[1] - top - bottom
            shift = setup.bleed_width - offset
            paint_background_image(canv, setup.area_image, left + shift, bottom + shift, width, height, 0.0)
        bleed = setup.bleed_width
        if setup.marks:
            canv.saveState()
            canv.translate(-offset, -offset)
            draw_print_marks(canv, setup)
            canv.restoreState()
        canv.setTrimBox((bleed, bleed, bleed + setup.size[0], bleed + setup.size[1]) if bleed else None)
        canv.setBleedBox((0, 0, sheet_w, sheet_h) if bleed else None)
        if bleed != offset:  # the page is drawn in trim coordinates: the flow, margins and decorations alike
            canv.translate(bleed - offset, bleed - offset)
            canv.pdflet_offset = bleed  # type: ignore[attr-defined]
        mark_flow_start(canv)

    return mark


def build_pdf(
    story: list[Any],
    pages: PageStyles,
    rtl: bool,
    meta: Metadata,
    decorate: Decorator | None,
    show_outline: bool,
    initial_font: str,
    fixed: list[Any] | None = None,
    found: dict[str, tuple[int, int]] | None = None,
    footnotes: FootnoteArea | None = None,
) -> tuple[bytes, int]:
    """Lay out ``story`` and return the PDF bytes and the page count; ``found``, when given, is filled with
    the page of every link target and footnote call: (physical page, number as ``counter(page)`` shows it).

    ``initial_font`` replaces ReportLab's Helvetica in every page's preamble: a font the
    document uses anyway, so the PDF names no unembedded font (PDF/A and print checkers flag those).
    """
    buffer = io.BytesIO()
    flow = PageFlow(pages, _on_page, rtl, footnotes)
    first = pages.setup(PageKind("", not rtl, True, False, 1, 1))
    doc = _Document(
        buffer,
        pagesize=first.size,
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        keywords=meta.keywords,
        creator="pdflet",
        producer="pdflet",
        pageCompression=1,
        initialFontName=initial_font,
    )
    doc.keepTogetherClass = KeepWithNext  # runs of keepWithNext, measured at the frame's real width
    doc.pdflet_flow = flow
    doc.addPageTemplates([flow.template(1, "", False)])

    canvases: list[DeferredCanvas] = []

    def make_canvas(*args: Any, **kwargs: Any) -> DeferredCanvas:
        canvas = DeferredCanvas(*args, decorate=decorate, **kwargs)
        canvases.append(canvas)
        canvas.pdflet_fixed = fixed or []
        if show_outline:
            canvas.showOutline()
        return canvas

    try:
        doc.build(story or [_Empty()], canvasmaker=make_canvas)
    except LayoutError as exc:
        # ReportLab's message names the flowable by its repr: keep the sizes, drop heap addresses
        detail = _ADDRESS.sub("", str(exc))[:200]
        raise RenderFailed(f"Content too large to fit on a page: {detail}") from None
    if found is not None and canvases:
        marks = canvases[-1].pdflet_marks
        found.update({key: (page, marks.label(page)) for key, page in canvases[-1].pdflet_dest_pages.items()})
        if footnotes is not None:
            footnotes.record_calls(canvases[-1].pdflet_dest_y, canvases[-1].pdflet_dest_pages)
    return buffer.getvalue(), doc.page


def _empty_class() -> type:
    from reportlab.platypus import Spacer

    return Spacer


class _Empty(_empty_class()):  # type: ignore[misc]
    """A blank page for an empty document (a PDF needs at least one)."""

    def __init__(self) -> None:
        super().__init__(1, 1)


def draw_print_marks(canv: Canvas, setup: PageSetup) -> None:
    """Crop marks at the trim corners and registration crosses at the middle of each side, in the bleed."""
    bleed = setup.bleed_width
    width, height = setup.size
    gap = min(3.0, bleed / 3)
    canv.setStrokeColor(Color(0, 0, 0))
    canv.setLineWidth(0.25)
    if "crop" in setup.marks:
        for x in (bleed, bleed + width):
            for y in (bleed, bleed + height):
                out_x = -1 if x == bleed else 1
                out_y = -1 if y == bleed else 1
                canv.line(x + out_x * gap, y, x + out_x * bleed, y)
                canv.line(x, y + out_y * gap, x, y + out_y * bleed)
    if "cross" in setup.marks:
        radius = max(1.0, min(6.0, bleed / 2 - 1))
        sheet_w, sheet_h = setup.sheet
        for cx, cy in ((sheet_w / 2, bleed / 2), (sheet_w / 2, sheet_h - bleed / 2),
                       (bleed / 2, sheet_h / 2), (sheet_w - bleed / 2, sheet_h / 2)):
            canv.circle(cx, cy, radius * 0.6, stroke=1, fill=0)
            canv.line(cx - radius, cy, cx + radius, cy)
            canv.line(cx, cy - radius, cx, cy + radius)


def margin_box_text(box: MarginBox, page: int, total: int, marks: PageMarks | None = None) -> str:
    """A margin box's ``content`` with its counters and named strings filled in."""
    out = []
    for part in box.parts:
        kind = part[0]
        if kind == "text":
            out.append(part[1])
        elif kind == "string":
            out.append(marks.string(part[1], page, part[2]) if marks is not None else "")
        elif kind == "element":
            continue  # painted with its own CSS (see running.py)
        elif part[1] == "page":
            out.append(str(marks.label(page) if marks is not None else page))
        else:
            out.append(str(total))
    return "".join(out)


def draw_margin_boxes(
    canv: Canvas,
    setup: PageSetup,
    page: int,
    total: int,
    font_for: Callable[[MarginBox], str],
    runs: Callable[[str, str], list[tuple[str, str]]],
) -> None:
    """Paint ``@top-*`` / ``@bottom-*`` boxes in the page margins."""
    width, height = setup.size
    t, r, b, left = setup.margins
    for name, box in setup.boxes.items():
        text = margin_box_text(box, page, total, getattr(canv, "pdflet_marks", None))
        if not text:
            continue
        font = font_for(box)
        size = box.font_size
        y = height - t / 2.0 - size * 0.35 if name.startswith("top") else b / 2.0 - size * 0.35
        if name.endswith("left") or name.endswith("left-corner"):
            x, anchor = left, "left"
        elif name.endswith("right") or name.endswith("right-corner"):
            x, anchor = width - r, "right"
        else:
            x, anchor = width / 2.0, "center"
        chunks = runs(text, font)
        total_width = sum(canv.stringWidth(chunk, f, size) for chunk, f in chunks)
        if anchor == "right":
            x -= total_width
        elif anchor == "center":
            x -= total_width / 2.0
        canv.saveState()
        canv.setFillColor(Color(*box.color[:3], alpha=box.color[3]))
        for chunk, f in chunks:
            canv.setFont(f, size)
            canv.drawString(x, y, chunk)
            x += canv.stringWidth(chunk, f, size)
        canv.restoreState()
