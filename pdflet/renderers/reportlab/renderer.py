"""The default renderer: parse → style → layout → draw, one document per call."""

from __future__ import annotations

import copy
from typing import Any
from xml.etree.ElementTree import Element

from reportlab.platypus import Indenter, Spacer

import pdflet
from pdflet.renderers.base import RenderedPdf, RenderJob
from pdflet.renderers.reportlab.css.cascade import Cascade
from pdflet.renderers.reportlab.css.linked import SheetFetcher, report_ignored
from pdflet.renderers.reportlab.css.media import MediaContext
from pdflet.renderers.reportlab.css.sheets import Budget
from pdflet.renderers.reportlab.css.sources import page_media, stylesheets
from pdflet.renderers.reportlab.draw import Metadata, build_pdf, draw_margin_boxes
from pdflet.renderers.reportlab.fonts import get_font_library
from pdflet.renderers.reportlab.layout.backgrounds import load_background
from pdflet.renderers.reportlab.layout.breaks import ForcedBreak, page_name_changes
from pdflet.renderers.reportlab.layout.builder import Builder
from pdflet.renderers.reportlab.layout.footnotes import FootnoteArea, NotesPage, Placement, footnote_rule
from pdflet.renderers.reportlab.layout.image_flowable import Bookmark
from pdflet.renderers.reportlab.layout.images import ImageCache
from pdflet.renderers.reportlab.layout.page_marks import PageMark
from pdflet.renderers.reportlab.limits import check_boxes, check_markup
from pdflet.renderers.reportlab.page_styles import PageKind, PageStyles, canvas_background
from pdflet.renderers.reportlab.pages import MarginBox, PageSetup
from pdflet.renderers.reportlab.parse import parse_fragment, parse_html
from pdflet.renderers.reportlab.running import RunningElements, draw_snippet, margin_area
from pdflet.renderers.reportlab.webfonts import load_font_faces, report_families
from pdflet.renderers.resources import Fetcher

END_KEY = "_pdflet_end"
MAX_LAYOUTS = 4  # target-counter(), footnotes: a first layout, one with its pages, one more if that moved one
HEADER_CSS = "body { margin: 0; font-size: 9pt; font-family: sans-serif; } p { margin: 0; }"


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
        # target-counter() needs the pages of its targets: lay out, then again with the pages the first
        # layout found (and once more if that moved a target: a longer table of contents, say)
        check_markup(job.html, job.css)  # once, before any layout's parse
        # parsed once: each layout styles a copy (the cascade adds pseudo-element boxes to its tree), a
        # tenth of a parse's time
        source = parse_html(job.html, job.fetcher.report)
        known: dict[str, tuple[int, int]] | None = None
        history = Placement()  # footnotes: the pages each note was kept on, where calls landed
        for _ in range(MAX_LAYOUTS):
            found: dict[str, tuple[int, int]] = {}
            data, count, again = self._layout(job, copy.deepcopy(source), known, found, history)
            if not again or found == known:
                break
            known = found
        return RenderedPdf(data, count)

    def _layout(
        self,
        job: RenderJob,
        root: Element,
        known: dict[str, tuple[int, int]] | None,
        found: dict[str, tuple[int, int]],
        history: Placement,
    ) -> tuple[bytes, int, bool]:
        """One layout of the document: PDF bytes, page count, and whether it depends on where things landed
        (``target-counter()``, footnotes), given where they landed last time (``known``)."""
        fonts = get_font_library()
        first_layout = known is None  # warnings are reported once, not once per layout
        cascade, pages = self._cascade(root, job, PageStyles([], job.options))
        if self._media(pages, job) != cascade.media:  # @page changed the page: answer media queries again
            cascade, pages = self._cascade(root, job, pages)
        cascade.target_pages = None if known is None else {key: label for key, (_, label) in known.items()}
        calls = (known or {}).items()
        cascade.footnote_pages = {int(k[3:]): page for k, (page, _) in calls if k[:3] == "_fn" and k[3:].isdigit()}
        styles = cascade.compute_tree(root)
        check_boxes(styles)
        load_font_faces(cascade.rules.font_faces, job.fetcher, fonts)
        if first_layout:
            report_families(styles.values(), fonts, job.fetcher.report)
            report_ignored(cascade.rules.ignored, job.fetcher.report)
        canvas, canvas_style = canvas_background(root, styles)
        images = ImageCache(job.fetcher)
        canvas_image = load_background(canvas_style, images) if canvas_style is not None else None
        pages = PageStyles(cascade.rules.pages, job.options, canvas, canvas_image)
        rtl = styles[root]["direction"] == "rtl"
        targets = _link_targets(root)
        builder = Builder(styles, images, fonts, targets, pages.setup(PageKind("", not rtl, False, False, 2, 2)).frame)
        builder.page_names = page_name_changes(root, styles)
        builder.marker_styles = cascade.marker_styles
        story = builder.build(root)
        _keep_first_margin(story)
        footnotes = self._footnotes(builder, cascade, story, known, history) if builder.footnotes else None
        meta = Metadata(
            title=job.options.title if job.options.title is not None else _title(root),
            author=job.options.author or "",
            subject=job.options.subject or "",
            keywords=job.options.keywords or "",
        )
        running = RunningElements(builder.running, styles, images, fonts)
        decorate = _Decorations(job, fonts, images, running).decorate
        initial_font = builder.used.font(styles[root])
        outline = bool(builder.heading_keys)
        data, count = build_pdf(
            story, pages, rtl, meta, decorate, outline, initial_font, builder.fixed_layers, found, footnotes
        )
        return data, count, cascade.uses_targets or footnotes is not None

    @staticmethod
    def _footnotes(
        builder: Builder,
        cascade: Cascade,
        story: list[Any],
        known: dict[str, tuple[int, int]] | None,
        history: Placement,
    ) -> FootnoteArea:
        """The notes of this layout, placed by where their calls landed in the last one. Notes carried past
        the last page of text get pages of their own, at the end."""
        footnotes = FootnoteArea(
            builder.footnotes, footnote_rule(cascade.rules.pages), builder.footnote_displays, builder.footnote_policies
        )
        footnotes.placement = history
        story.append(Bookmark(END_KEY))  # records the last page of text
        calls = {key: page for key, (page, _) in (known or {}).items() if key in builder.footnotes}
        if calls:
            footnotes.place(calls, builder.frame_width, builder.frame_height)
            last_text_page = (known or {}).get(END_KEY, (1, 1))[0]
            for _ in range(min(footnotes.last_page - last_text_page, 50)):
                story += [ForcedBreak("page"), NotesPage()]
        return footnotes

    @staticmethod
    def _media(pages: PageStyles, job: RenderJob) -> MediaContext:
        """What media queries are answered for: the area of the document's usual (unnamed, right) page."""
        setup = pages.setup(PageKind("", True, False, False, 3, 3))
        return page_media(setup.size, setup.margins, job.options.media)

    def _cascade(self, root: Element, job: RenderJob, pages: PageStyles) -> tuple[Cascade, PageStyles]:
        """The cascade of the document's sheets and the request's ``css`` for the page area ``pages`` give, and
        the page styles it makes; all the CSS (imports and linked sheets included) counts against one budget."""
        media = self._media(pages, job)
        sheets = stylesheets(root, media)
        if job.css:
            sheets.append(job.css)
        cascade = Cascade(sheets, SheetFetcher(job.fetcher), media, Budget())
        return cascade, PageStyles(cascade.rules.pages, job.options)


def _keep_first_margin(story: list[Any]) -> None:
    """A browser keeps the first block's top margin at the top of the document, and the top margin of the first
    block after a forced break at the top of its page (CSS Fragmentation 3 §5.2: only margins at an unforced
    break are truncated); a frame drops every margin at its top, so those become spacers."""
    starts = [0] + [index + 1 for index, flowable in enumerate(story) if isinstance(flowable, ForcedBreak)]
    for start in reversed(starts):  # from the end: inserting a spacer leaves earlier indexes as they are
        _keep_margin_from(story, start)


def _keep_margin_from(story: list[Any], start: int) -> None:
    for index in range(start, len(story)):
        flowable = story[index]
        if isinstance(flowable, ForcedBreak):
            return  # nothing before the next break
        if isinstance(flowable, (Indenter, Bookmark)) or (isinstance(flowable, PageMark) and not flowable.space_before):
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

    def __init__(self, job: RenderJob, fonts: Any, images: ImageCache, running: RunningElements) -> None:
        self.fonts = fonts
        self.images = images
        self.running = running
        self.header = self._prepare(job.options.header_html, job.fetcher)
        self.footer = self._prepare(job.options.footer_html, job.fetcher)

    @staticmethod
    def _prepare(html: str | None, fetcher: Fetcher) -> tuple[Element, dict[Element, Any]] | None:
        if not html or not html.strip():
            return None
        root = parse_fragment(html)
        sheets = [HEADER_CSS, *stylesheets(root, MediaContext())]
        return root, Cascade(sheets, SheetFetcher(fetcher)).compute_tree(root)

    def _font(self, box: MarginBox) -> str:
        return self.fonts.resolve(list(box.families), box.bold, box.italic)

    def decorate(self, canv: Any, page: int, total: int, setup: PageSetup) -> None:
        if setup.boxes:
            draw_margin_boxes(canv, setup, page, total, self._font, self.fonts.runs)
        marks = getattr(canv, "pdflet_marks", None)
        subs = {"pageNumber": str(marks.label(page) if marks is not None else page), "totalPages": str(total)}
        self.running.draw(canv, page, setup, subs)
        for part, top in ((self.header, True), (self.footer, False)):
            if part is None:
                continue
            root, styles = part
            area = margin_area("top-center" if top else "bottom-center", setup)
            if area[3] < 4:
                continue
            builder = Builder(styles, self.images, self.fonts, set(), (area[2], area[3]), subs)
            builder.outline = None  # type: ignore[assignment]
            draw_snippet(canv, builder.build(root), area)
