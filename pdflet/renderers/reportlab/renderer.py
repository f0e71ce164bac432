"""The default renderer: parse → style → layout → draw, one document per call."""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element

from reportlab.platypus import Frame, Indenter, Spacer

import pdflet
from pdflet.renderers.base import RenderedPdf, RenderJob
from pdflet.renderers.reportlab.css.cascade import Cascade
from pdflet.renderers.reportlab.draw import Metadata, build_pdf, draw_margin_boxes
from pdflet.renderers.reportlab.fonts import get_font_library
from pdflet.renderers.reportlab.layout.builder import Builder
from pdflet.renderers.reportlab.layout.flowables import Bookmark
from pdflet.renderers.reportlab.layout.images import ImageCache
from pdflet.renderers.reportlab.limits import check_boxes, check_markup
from pdflet.renderers.reportlab.pages import MarginBox, PageSetup, page_setups
from pdflet.renderers.reportlab.parse import parse_fragment, parse_html
from pdflet.renderers.resources import ResourceError

HEADER_CSS = "body { margin: 0; font-size: 9pt; font-family: sans-serif; } p { margin: 0; }"
_SCREEN_ONLY = re.compile(r"^\s*(screen|speech)\b", re.I)


def _stylesheets(root: Element) -> list[str]:
    """The text of ``<style>`` elements for print, in document order."""
    sheets = []
    for element in root.iter("style"):
        media = element.get("media") or ""
        if media and _SCREEN_ONLY.match(media):
            continue
        sheets.append("".join(element.itertext())[:2_000_000])
    return sheets


def _link_targets(root: Element) -> set[str]:
    """Ids that some ``<a href="#id">`` points at and that exist."""
    wanted = set()
    for element in root.iter("a"):
        href = element.get("href") or ""
        if href.startswith("#") and len(href) > 1:
            wanted.add(href[1:])
    if not wanted:
        return set()
    found = set()
    for element in root.iter():
        ident = element.get("id") if isinstance(element.tag, str) else None
        if ident in wanted:
            found.add(ident)
        name = element.get("name") if element.tag == "a" else None
        if name in wanted:
            found.add(name)
    return found


class ReportLabRenderer:
    """html5lib + a CSS cascade + ReportLab platypus: no browser, tens of milliseconds."""

    name = "reportlab"
    version = pdflet.__version__
    description = "Built-in renderer: html5lib, tinycss2/cssselect2 cascade and ReportLab layout."

    def render(self, job: RenderJob) -> RenderedPdf:
        fonts = get_font_library()
        check_markup(job.html, job.css)
        root = parse_html(job.html)
        sheets = _stylesheets(root)
        if job.css:
            sheets.append(job.css)
        cascade = Cascade(sheets)
        styles = cascade.compute_tree(root)
        check_boxes(styles)
        self._load_font_faces(cascade, job, fonts)
        first, later = page_setups(cascade.rules.pages, job.options)
        images = ImageCache(job.fetcher)
        targets = _link_targets(root)
        builder = Builder(styles, images, fonts, targets, later.frame)
        story = builder.build(root)
        _keep_first_margin(story)
        meta = Metadata(
            title=job.options.title if job.options.title is not None else _title(root),
            author=job.options.author or "",
            subject=job.options.subject or "",
            keywords=job.options.keywords or "",
        )
        decorate = _Decorations(job, fonts, images).decorate
        initial_font = builder.font(styles[root])
        outline = bool(builder.heading_keys)
        data, pages = build_pdf(story, first, later, meta, decorate, outline, initial_font, builder.fixed_layers)
        return RenderedPdf(data, pages)

    @staticmethod
    def _load_font_faces(cascade: Cascade, job: RenderJob, fonts: Any) -> None:
        for face in cascade.rules.font_faces[:50]:
            for url in face.urls:
                try:
                    data = job.fetcher.fetch(url).data
                except (ResourceError, ValueError):
                    continue
                try:
                    if fonts.add_font_face(face.family, face.bold, face.italic, data):
                        break
                except Exception:  # noqa: S112 - a broken font is ignored like a browser does
                    continue


def _keep_first_margin(story: list[Any]) -> None:
    """A browser keeps the first block's top margin at the top of the document (a frame drops it)."""
    for index, flowable in enumerate(story):
        if isinstance(flowable, (Indenter, Bookmark)):
            continue
        space = getattr(flowable, "space_before", 0.0)
        if space > 0:
            flowable.space_before = 0.0
            story.insert(index, Spacer(1, space))
        return


def _title(root: Element) -> str:
    title = root.find("head/title")
    if title is None:
        return ""
    return " ".join("".join(title.itertext()).split())[:500]


class _Decorations:
    """Margin boxes and the header/footer options, painted on each finished page."""

    def __init__(self, job: RenderJob, fonts: Any, images: ImageCache) -> None:
        self.fonts = fonts
        self.images = images
        self.header = self._prepare(job.options.header_html)
        self.footer = self._prepare(job.options.footer_html)

    @staticmethod
    def _prepare(html: str | None) -> tuple[Element, dict[Element, Any]] | None:
        if not html or not html.strip():
            return None
        root = parse_fragment(html)
        sheets = [HEADER_CSS, *_stylesheets(root)]
        return root, Cascade(sheets).compute_tree(root)

    def _font(self, box: MarginBox) -> str:
        return self.fonts.resolve(list(box.families), box.bold, box.italic)

    def decorate(self, canv: Any, page: int, total: int, setup: PageSetup) -> None:
        if setup.boxes:
            draw_margin_boxes(canv, setup, page, total, self._font, self.fonts.runs)
        width, height = setup.size
        t, r, b, left = setup.margins
        subs = {"pageNumber": str(page), "totalPages": str(total)}
        for part, top in ((self.header, True), (self.footer, False)):
            if part is None:
                continue
            root, styles = part
            area_h = t if top else b
            if area_h < 4:
                continue
            frame_w = max(width - left - r, 36.0)
            builder = Builder(styles, self.images, self.fonts, set(), (frame_w, area_h), subs)
            builder.outline = None  # type: ignore[assignment]
            story = builder.build(root)
            y = height - area_h if top else 0.0
            frame = Frame(
                left,
                y,
                frame_w,
                area_h,
                leftPadding=0,
                rightPadding=0,
                topPadding=area_h * 0.2,
                bottomPadding=area_h * 0.2,
                showBoundary=0,
            )
            frame.addFromList(story, canv)
