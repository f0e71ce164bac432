"""The page sequence while the document is laid out: each page's template, forced breaks, blank pages.

ReportLab picks a page's template before the page begins and ends a page at every ``PageBreak``. CSS wants
more: a forced break with nothing before it or after it does nothing, breaks in a row make one, a
``left``/``right`` break adds a blank page only when the next page is on the wrong side, and each page is
styled by the ``@page`` rules for its name, side and place. :class:`PageFlow` keeps that state for one
document; ``draw.py``'s document template calls it at page ends and forced breaks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.platypus import Frame, PageTemplate
from reportlab.platypus.doctemplate import ActionFlowable, FrameActionFlowable
from reportlab.platypus.flowables import Spacer

from pdflet.renderers.reportlab.layout.breaks import SIDE_BREAKS, ForcedBreak, physical_side
from pdflet.renderers.reportlab.layout.footnotes import FootnoteArea
from pdflet.renderers.reportlab.layout.image_flowable import Bookmark
from pdflet.renderers.reportlab.layout.page_marks import PageMark
from pdflet.renderers.reportlab.page_styles import PageKind, PageStyles
from pdflet.renderers.reportlab.pages import PageSetup

OnPage = Callable[[PageSetup], Callable[[Any, Any], None]]


class _EndBlankPage(ActionFlowable):
    """Ends the blank page a ``left``/``right`` break inserted, right after it begins."""

    def apply(self, doc: Any) -> None:
        doc.handle_pageBreak()


def _is_content(flowable: Any) -> bool:
    if isinstance(flowable, (ForcedBreak, ActionFlowable, FrameActionFlowable, Bookmark, PageMark)):
        return False
    return not (isinstance(flowable, Spacer) and not flowable.height)


def shows_something(flowable: Any) -> bool:
    """Whether a flowable drawn on a page puts content there (a margin's spacer does not)."""
    return _is_content(flowable) and not isinstance(flowable, Spacer) and bool(getattr(flowable, "height", 1))


class PageFlow:
    """Page names, sides and templates of one document being laid out."""

    def __init__(
        self, styles: PageStyles, on_page: OnPage, rtl: bool = False, footnotes: FootnoteArea | None = None
    ) -> None:
        self.styles = styles
        self.on_page = on_page
        self.footnotes = footnotes
        self.rtl = rtl
        self.first_right = not rtl  # a left-to-right document starts on a right-hand page
        self.name = ""  # the current page's name
        self.group_start = 1  # the first page of the current run of same-named pages
        self._plan: list[tuple[str, bool]] = []  # (name, blank) of the pages that follow a forced break
        self._templates: dict[tuple[int, float], PageTemplate] = {}
        self._content_at: int | None = None  # the last content seen ahead, counted from the end of the story
        self.page_has_content = False  # set as flowables are drawn (see draw._Document.afterFlowable)

    # -- templates ------------------------------------------------------------------------------
    def is_right(self, number: int) -> bool:
        return (number % 2 == 1) == self.first_right

    def setup(self, number: int, name: str, blank: bool) -> PageSetup:
        if name != self.name or number == 1:
            self.group_start = number
        kind = PageKind(name, self.is_right(number), number == 1, blank, number, number - self.group_start + 1)
        self.name = name
        return self.styles.setup(kind)

    def template(self, number: int, name: str, blank: bool) -> PageTemplate:
        """The ReportLab template for page ``number`` (templates are shared by pages styled alike)."""
        setup = self.setup(number, name, blank)
        reserve = self.footnotes.reserve(number) if self.footnotes is not None and not blank else 0.0
        cut = self.footnotes.cut(number) if self.footnotes is not None and not blank else None
        key = (id(setup), reserve, cut)
        cached = self._templates.get(key)
        if cached is None:
            t, r, b, left = setup.margins
            width, height = setup.size[0] - left - r, setup.size[1] - t - b
            reserve = min(reserve, height / 2)
            if cut is not None:  # footnote-policy: the text ends above a call whose note goes on
                reserve = max(reserve, min(cut - b, height - 1.0))
            frame = Frame(
                left, b + reserve, width, height - reserve, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
            )
            on_page = self._with_footnotes(setup) if reserve else self.on_page(setup)
            cached = PageTemplate(id=f"page{len(self._templates)}", frames=[frame], onPage=on_page)
            cached.pagesize = setup.sheet  # the page and its bleed (see draw._on_page)
            self._templates[key] = cached
        return cached

    def _with_footnotes(self, setup: PageSetup) -> Callable[[Any, Any], None]:
        """The page's own set-up, then its notes painted at its foot."""
        mark = self.on_page(setup)
        _, r, b, left = setup.margins

        def on_page(canv: Any, doc: Any) -> None:
            mark(canv, doc)
            if self.footnotes is not None:
                self.footnotes.draw(canv, doc.page, left, b, setup.size[0] - left - r)

        return on_page

    def next_template(self, number: int) -> PageTemplate:
        """The template of the page about to begin: as a forced break planned it, or like the last page."""
        name, blank = self._plan.pop(0) if self._plan else (self.name, False)
        return self.template(number, name, blank)

    # -- forced breaks ---------------------------------------------------------------------------
    def content_ahead(self, doc: Any, flowables: list[Any]) -> bool:
        """Whether anything with a size is left to lay out (amortised: each item is looked at once)."""
        if flowables is getattr(doc, "_hanging", None):
            return True
        count = len(flowables)
        if self._content_at is not None and count >= self._content_at:
            return True
        for index, flowable in enumerate(flowables):
            if _is_content(flowable):
                self._content_at = count - index
                return True
        self._content_at = None
        return False

    def forced_break(self, doc: Any, brk: ForcedBreak, flowables: list[Any]) -> None:
        """Carry out a forced break at its place in the flow."""
        if not self.content_ahead(doc, flowables):
            return  # no break after the last content
        side = physical_side(brk.side, self.rtl)
        name = self.name if brk.name is None else brk.name
        if not self.page_has_content:
            self._at_page_start(doc, side, name)
            return
        if side == "name" and name == self.name:
            return
        following = doc.page + 1
        blank = side in SIDE_BREAKS and self.is_right(following) != (side == "right")
        self._plan = [(name, True), (name, False)] if blank else [(name, False)]
        doc.handle_pageBreak()
        if blank:
            doc._hanging.append(_EndBlankPage())

    def _at_page_start(self, doc: Any, side: str, name: str) -> None:
        """A break where the page holds nothing yet is already satisfied, except for its side and name."""
        if side in SIDE_BREAKS and self.is_right(doc.page) != (side == "right"):
            if doc.page == 1:
                self.first_right = side == "right"  # the document starts on the side its first break asks
            else:
                self._retemplate(doc, self.template(doc.page, name, True))
                self._plan = [(name, False)]
                doc.handle_pageBreak()
                return
        if name != self.name or doc.page == 1:
            template = self.template(doc.page, name, False)
            if template is not doc.pageTemplate:  # (not again and again for a run of breaks on one page)
                self._retemplate(doc, template)

    @staticmethod
    def _retemplate(doc: Any, template: PageTemplate) -> None:
        """Restyle the page that has just begun, keeping the indentation of the blocks it is inside."""
        old = doc.frame
        doc.pageTemplate = template
        template.checkPageSize(doc.canv, doc)
        template.onPage(doc.canv, doc)
        frame = template.frames[0]
        frame._reset()
        frame._leftExtraIndent = old._leftExtraIndent
        frame._rightExtraIndent = old._rightExtraIndent
        frame._frameBGs = old._frameBGs
        doc.frame = frame
