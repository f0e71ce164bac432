"""Build platypus flowables from the styled tree.

Block-level elements become boxes (our :class:`Box` when they paint or indent anything, their
children directly otherwise); runs of inline content become paragraphs. What each element
does is decided by an explicit table of tags and of ``display`` values, never by name lookup.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from typing import Any
from xml.etree.ElementTree import Element

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Indenter, PageBreak

from pdflet.errors import RenderFailed
from pdflet.renderers.reportlab.bidi import shape
from pdflet.renderers.reportlab.css.counters import uses_counters
from pdflet.renderers.reportlab.css.properties import Style
from pdflet.renderers.reportlab.css.values import resolve
from pdflet.renderers.reportlab.layout import inline as il
from pdflet.renderers.reportlab.layout.backgrounds import BackgroundImage
from pdflet.renderers.reportlab.layout.breaks import breaks_around
from pdflet.renderers.reportlab.layout.columns import build_columns, column_marks, is_multicol
from pdflet.renderers.reportlab.layout.flex import build_flex
from pdflet.renderers.reportlab.layout.flowables import (
    MAX_KEPT_LINES,
    Bookmark,
    Border,
    Box,
    BoxSpec,
    FloatFlow,
    ImageFlowable,
    Keep,
    ListItemBox,
    Marker,
    Para,
)
from pdflet.renderers.reportlab.layout.footnotes import MAX_FOOTNOTES
from pdflet.renderers.reportlab.layout.grid import build_grid
from pdflet.renderers.reportlab.layout.hyphenation import (
    Hyphenator,
    dictionary_language,
    element_language,
    hyphenator,
)
from pdflet.renderers.reportlab.layout.images import ImageCache
from pdflet.renderers.reportlab.layout.leaders import LEADER, LeaderLine, split_leader
from pdflet.renderers.reportlab.layout.lists import marker_text
from pdflet.renderers.reportlab.layout.metrics import normal_line_height
from pdflet.renderers.reportlab.layout.page_marks import RUNNING, PageMark, mark_for
from pdflet.renderers.reportlab.layout.positioned import (
    MAX_LAYERS,
    OUT_OF_FLOW,
    AbsolutePlaceholder,
    Layer,
    Shifted,
    Transformed,
    relative_offsets,
)
from pdflet.renderers.reportlab.layout.richtext import RichPara
from pdflet.renderers.reportlab.layout.spacing import spaced_font, spacer_font
from pdflet.renderers.reportlab.layout.svg import SVG_TAG

BLOCK_DISPLAYS = frozenset(
    {
        "block",
        "list-item",
        "table",
        "flex",
        "grid",
        "flow-root",
        "table-row-group",
        "table-header-group",
        "table-footer-group",
        "table-row",
        "table-cell",
        "table-caption",
        "inline-table",
    }
)
ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER, "justify": TA_JUSTIFY}
HEADINGS = {"h1": 0, "h2": 1, "h3": 2}
LINK_SCHEMES = ("http:", "https:", "mailto:", "tel:", "ftp:")
# ReportLab rebuilds the words of a paragraph's rest at each page break it spans: ~1.3 s for 500,000 characters
MAX_PARAGRAPH_CHARS = 500_000
_CLEAR = Color(0, 0, 0, 0)  # the border colour of visibility: hidden boxes: they keep their room
ATTR_LIST_TYPES = {"1": "decimal", "a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman", "I": "upper-roman"}


class Builder:
    """Turns one styled document (or header/footer snippet) into a list of flowables."""

    def __init__(
        self,
        styles: dict[Element, Style],
        images: ImageCache,
        fonts: Any,
        targets: set[str],
        frame: tuple[float, float],
        substitutions: dict[str, str] | None = None,
    ) -> None:
        self.styles = styles
        self.images = images
        self.fonts = fonts
        self.targets = targets
        self.frame_width, self.frame_height = frame
        self.substitutions = substitutions or {}
        self.outline: list[int] = []
        self._fonts: dict[tuple[Any, ...], str] = {}
        self._colors: dict[Any, Color | None] = {}
        self._para_styles: dict[tuple[Any, ...], ParagraphStyle] = {}
        self._runs: dict[tuple[Any, ...], il.InlineRun] = {}
        self._ordinals: dict[Element, tuple[int, str]] = {}
        self._bookmarks = 0
        self.heading_keys: set[str] = set()
        self.in_box = 0
        self.fixed_layers: list[Layer] = []  # position: fixed boxes, painted on every page
        self._layers = 0
        # most documents position nothing: then no element's children are scanned for out-of-flow boxes
        self._positioned = any(style["position"] in OUT_OF_FLOW for style in styles.values())
        self._specs: dict[int, BoxSpec] = {}
        self._auto: dict[str, ParagraphStyle] = {}
        self.avail: list[float] = [self.frame_width]
        self.page_names: dict[Element, str] = {}  # where the page name changes (see breaks.page_name_changes)
        self._languages: dict[Element, str] = {}
        self.running: list[Element] = []  # position: running() elements, by number (see running.py)
        self._running = any(style["position"].startswith("running(") for style in styles.values())
        self.footnotes: dict[str, list[Any]] = {}  # call key → the note's flowables (see layout/footnotes.py)
        self._call_styles: dict[int, Style] = {}
        self._keep: list[Style] = []  # styles made here, kept alive: caches are keyed by their ids
        # most documents set no named string and restart no page numbers: then no element is looked at for them
        self._marks = any(style["string-set"] or uses_counters(style) for style in styles.values())

    # -- values -------------------------------------------------------------------------------
    def color(self, rgba: Any) -> Color | None:
        """A ReportLab colour for a computed colour (None for fully transparent)."""
        if rgba is None or isinstance(rgba, str):
            return None
        cached = self._colors.get(rgba, False)
        if cached is not False:
            return cached
        value = None if rgba[3] <= 0.0 else Color(rgba[0], rgba[1], rgba[2], rgba[3])
        self._colors[rgba] = value
        return value

    def font(self, style: Style) -> str:
        """The registered font for a style's family, weight and slant."""
        key = (style["font-family"], style["font-weight"] >= 600, style["font-style"] != "normal")
        name = self._fonts.get(key)
        if name is None:
            name = self.fonts.resolve(list(key[0]), key[1], key[2])
            self._fonts[key] = name
        return name

    def size(self, style: Style) -> float:
        """The font size, limited so one line always fits in the page frame."""
        return min(style["font-size"], self.frame_height * 0.4)

    def leading(self, style: Style) -> float:
        kind, value = style["line-height"]
        size = self.size(style)
        if kind == "factor":
            value *= size
        elif kind != "pt":
            value = normal_line_height(self.font(style), size)
        # a zero line height (font-size: 0, line-height: 0) stacks lines on one another in a browser; ReportLab
        # divides by it, so a tenth of a point stands in
        return max(min(value, self.frame_height * 0.8), 0.1)

    def hyphenator(self, element: Element, style: Style) -> Hyphenator | None:
        """The hyphenator for ``hyphens: auto`` text of ``element``, from its ``lang``; None for unknown ones."""
        language = dictionary_language(element_language(element, self.parents, self._languages))
        if language is None:
            return None
        _word, left, right = style["hyphenate-limit-chars"]
        return hyphenator(language, left, right)

    def para_style(self, style: Style, indent: float = 0.0, hyphenate: Hyphenator | None = None) -> ParagraphStyle:
        """A shared ParagraphStyle for a block's text properties."""
        align = style["text-align"]
        if align == "start":
            align = "right" if style["direction"] == "rtl" else "left"
        elif align == "end":
            align = "left" if style["direction"] == "rtl" else "right"
        wrap = "CJK" if style["word-break"] == "break-all" else None
        key = (
            self.font(style),
            self.size(style),
            self.leading(style),
            align,
            indent,
            style["color"],
            wrap,
            min(max(style["orphans"], 1), MAX_KEPT_LINES),
            min(max(style["widows"], 1), MAX_KEPT_LINES),
            hyphenate,
            style["hyphenate-limit-chars"][0] if hyphenate else 0,
        )
        cached = self._para_styles.get(key)
        if cached is None:
            cached = ParagraphStyle(
                f"p{len(self._para_styles)}",
                fontName=key[0],
                fontSize=key[1],
                leading=key[2],
                alignment=ALIGN.get(align, TA_LEFT),
                firstLineIndent=indent,
                textColor=self.color(style["color"]) or Color(0, 0, 0),
                wordWrap=wrap,
                splitLongWords=1,
                allowOrphans=0 if key[7] > 1 else 1,
                allowWidows=0 if key[8] > 1 else 1,
                spaceBefore=0,
                spaceAfter=0,
                spaceShrinkage=0,
            )
            cached.orphans, cached.widows = key[7], key[8]  # counts for Para.split (ReportLab keeps 1 line)
            if hyphenate is not None:
                cached.hyphenationLang = hyphenate  # ReportLab takes a callable as well as a language name
                cached.hyphenationMinWordLength = key[10]
                # 2: a word that cannot be hyphenated into the rest of a line moves on and is hyphenated there,
                # instead of being cut anywhere as an over-long word
                cached.embeddedHyphenation = 2
            self._para_styles[key] = cached
        return cached

    def auto_leading(self, style: ParagraphStyle) -> ParagraphStyle:
        """The same style with line height growing to fit larger inline content."""
        cached = self._auto.get(style.name)
        if cached is None:
            cached = self._auto[style.name] = ParagraphStyle(style.name + "a", parent=style, autoLeading="max")
        return cached

    def run(self, style: Style, link: str | None, back: Any, rise: float) -> il.InlineRun:
        key = (id(style), link, id(back), rise)
        cached = self._runs.get(key)
        if cached is None:
            color = self.color(style["color"]) or Color(0, 0, 0, 0)
            font, size, spacing = self.font(style), self.size(style), style["letter-spacing"]
            hidden = style["visibility"] != "visible"
            cached = il.InlineRun(font, size, color, rise, style["text-decoration"], link, back, spacing, hidden)
            self._runs[key] = cached
        return cached

    # -- tree walk ----------------------------------------------------------------------------
    def build(self, root: Element) -> list[Any]:
        """Flowables for ``<body>`` (or the whole tree when there is none)."""
        body = root.find("body")
        if body is None:
            body = root
        story = self.block(body, self.styles[body])
        mark = mark_for(root, self.styles[root]) if self._marks and body is not root else None
        return [mark, *story] if mark is not None and mark.restart is not None else story

    def is_block(self, element: Element, style: Style) -> bool:
        display = style["display"]
        if display in BLOCK_DISPLAYS or style["float"] not in ("none", "footnote"):
            return True
        if display == "inline-block" and element.tag not in ("img", SVG_TAG):
            return any(self.is_block(c, self.styles[c]) for c in element if isinstance(c.tag, str))
        return False

    def block(self, element: Element, style: Style) -> list[Any]:
        """Flowables of one block-level element, with its margins, breaks and bookmarks."""
        handler = BLOCK_TAGS.get(element.tag)
        display = style["display"]
        if handler is None and display in ("table", "inline-table"):
            handler = BLOCK_TAGS["table"]
        flowables = handler(self, element, style) if handler is not None else self.box(element, style)
        if style["transform"] != "none" and len(flowables) == 1:
            flowables = [Transformed(flowables[0], style["transform"])]
        if style["position"] == "relative" and len(flowables) == 1:
            dx, dy = relative_offsets(style, self.frame_width)
            if dx or dy:
                flowables = [Shifted(flowables[0], dx, dy)]
        return self.decorate(element, style, flowables)

    def decorate(self, element: Element, style: Style, flowables: list[Any]) -> list[Any]:
        """Add destination/outline bookmarks and page-break behaviour around a block's flowables."""
        before, after = breaks_around(style, self.page_names.get(element))
        mark = mark_for(element, style) if self._marks else None
        if not flowables:  # an empty block still breaks the page: ``<div style="break-after: page">``
            return [item for item in (before, mark, after) if item is not None]
        level = HEADINGS.get(element.tag)
        ident = element.get("id")
        key = None
        if ident and ident in self.targets:
            key = ident
        if level is not None and self.outline is not None:
            title = " ".join("".join(element.itertext()).split())[:200]
            if title:
                key = key or f"_h{self._bookmarks}"
                self._bookmarks += 1
                depth = min(level, (self.outline[-1] + 1) if self.outline else 0)
                self.outline.append(depth)
                flowables.insert(0, Bookmark(key, title, depth))
                self.heading_keys.add(key)
                key = None
        if key is not None:
            flowables.insert(0, Bookmark(key))
        if style["break-inside"] == "avoid" and len(flowables) > 1 and not self.in_box:
            flowables = [Keep(flowables)]
        if style["break-after"] == "avoid":
            flowables[-1].keepWithNext = 1
        if mark is not None:
            flowables.insert(0, mark)
        if before is not None:
            flowables.insert(0, before)
        if after is not None:
            flowables.append(after)
        return column_marks(self, style, flowables)

    def cap(self, value: Any, fraction: float) -> Any:
        """An absolute length limited to ``fraction`` of the page frame (hostile sizes cannot
        make a box that fits on no page); percentages and keywords pass through."""
        if isinstance(value, (int, float)):
            return min(float(value), self.frame_height * fraction)
        return value

    def box_spec(self, style: Style) -> BoxSpec:
        """The used box properties of a computed style (cached: styles are shared objects)."""
        spec = self._specs.get(id(style))
        if spec is None:
            spec = self._specs[id(style)] = self._box_spec(style)
        return spec

    def _box_spec(self, style: Style) -> BoxSpec:
        cap = self.cap
        borders = tuple(
            Border(
                cap(style[f"border-{side}-width"], 0.1)
                if style[f"border-{side}-style"] not in ("none", "hidden")
                else 0.0,
                style[f"border-{side}-style"],
                self.color(
                    style["color"] if style[f"border-{side}-color"] == "currentcolor" else style[f"border-{side}-color"]
                ),
            )
            for side in ("top", "right", "bottom", "left")
        )
        if style["visibility"] != "visible":  # hidden: the borders keep their room but paint nothing
            borders = tuple(Border(b.width, b.style, _CLEAR) if b.visible else b for b in borders)
        return BoxSpec(
            margin_left=style["margin-left"],
            margin_right=style["margin-right"],
            padding=tuple(cap(style[f"padding-{side}"], 0.2) for side in ("top", "right", "bottom", "left")),
            borders=borders,  # type: ignore[arg-type]
            background=self.color(style["background-color"]) if style["visibility"] == "visible" else None,
            width=style["width"],
            min_width=style["min-width"],
            max_width=style["max-width"],
            height=cap(style["height"], 0.9),
            min_height=cap(style["min-height"], 0.9),
            border_box=style["box-sizing"] == "border-box",
            radius=style["border-radius"],
            background_image=self._background_image(style) if style["visibility"] == "visible" else None,
        )

    def _background_image(self, style: Style) -> BackgroundImage | None:
        url = style["background-image"]
        if url == "none":
            return None
        image = self.images.load(url)
        if image is None:
            return None
        natural = (image.width_px * 0.75, image.height_px * 0.75)
        return BackgroundImage(image.reader, *natural, style["background-size"], style["background-repeat"],
                               style["background-position"])

    def box(self, element: Element, style: Style) -> list[Any]:
        """A generic block.

        At page level a block that paints nothing is unrolled: its children flow straight into
        the frame between two Indenters, so long documents split natively, page by page.
        Blocks that paint (background, borders, explicit sizes) or sit inside a painted box
        become a :class:`Box`.
        """
        spec = self.box_spec(style)
        list_item = style["display"] == "list-item"
        paints = (
            spec.background is not None
            or spec.background_image is not None
            or any(b.visible for b in spec.borders)
            or spec.height != "auto"
            or spec.min_height not in (0, 0.0, "auto")
        )
        top = min(resolve(style["margin-top"], self.frame_width), self.frame_height * 0.5)
        bottom = min(resolve(style["margin-bottom"], self.frame_width), self.frame_height * 0.5)
        if not paints and not self.in_box:
            flowables = self._unrolled(element, style, spec, top, bottom)
            if flowables is not None:
                return flowables
        self.in_box += 1
        try:
            children = self.content(element, style)
        finally:
            self.in_box -= 1
        marker = self.marker(element, style) if list_item and style["list-style-position"] != "inside" else None
        needs_box = (
            paints
            or marker is not None
            or any(p not in (0, 0.0) for p in spec.padding)
            or spec.width != "auto"
            or spec.max_width != "none"
            or spec.margin_left not in (0, 0.0)
            or spec.margin_right not in (0, 0.0)
        )
        if not needs_box:
            if children:
                _set_space(children, top, bottom)
            return children
        if not children and marker is None and not paints:
            return []
        if children and spec.padding[0] in (0, 0.0) and not spec.borders[0].visible:
            top = max(top, children[0].getSpaceBefore())
            _zero_before(children[0])
        if children and spec.padding[2] in (0, 0.0) and not spec.borders[2].visible:
            bottom = max(bottom, children[-1].getSpaceAfter())
            _zero_after(children[-1])
        before: list[Any] = []
        after: list[Any] = []
        while children and isinstance(children[0], PageBreak):  # a break before the first child
            before.append(children.pop(0))
        while children and isinstance(children[-1], PageBreak):
            after.append(children.pop())
        flowable: Box = ListItemBox(children, spec, marker) if list_item else Box(children, spec)
        flowable.frame_height = self.frame_height
        flowable.space_before = max(0.0, top)
        flowable.space_after = max(0.0, bottom)
        return [*before, flowable, *after]

    def _unrolled(self, element: Element, style: Style, spec: BoxSpec, top: float, bottom: float) -> list[Any] | None:
        avail = self.avail[-1]
        pt, pr, pb, pl = (resolve(v, avail) for v in spec.padding)
        ml = resolve(spec.margin_left, avail)
        mr = resolve(spec.margin_right, avail)
        left, right = ml + pl, mr + pr
        if spec.width != "auto" or spec.max_width != "none":
            width = resolve(spec.width, avail, avail) if spec.width != "auto" else avail - left - right
            if spec.max_width != "none":
                width = min(width, resolve(spec.max_width, avail))
            if spec.border_box and spec.width != "auto":
                width -= pl + pr
            free = max(0.0, avail - width - pl - pr)
            if spec.margin_left == "auto" and spec.margin_right == "auto":
                left, right = free / 2 + pl, free / 2 + pr
            elif spec.margin_left == "auto":
                left, right = free - mr + pl, mr + pr
            else:
                right = max(right, avail - left - width)
        # Indenters add up in the frame: never indent past the width really left (keep 10pt, or all
        # there is), or nested blocks on a narrow page leave their text a negative width.
        room = max(0.0, avail - 10.0)
        left = max(0.0, min(left, avail * 0.9, room))
        right = max(0.0, min(right, room - left))
        self.avail.append(avail - left - right)
        try:
            children = self.content(element, style)
        finally:
            self.avail.pop()
        marker = None
        if style["display"] == "list-item" and style["list-style-position"] != "inside":
            marker = self.marker(element, style)
            if marker is not None:
                if not children or not isinstance(children[0], Para):
                    return None
                children[0].marker = marker
        if not children:
            return []
        if pt > 0:
            children[0].space_before = (
                top + pt + children[0].getSpaceBefore() if hasattr(children[0], "space_before") else 0.0
            )
        else:
            _set_space(children, top, 0.0)
        if pb > 0:
            if hasattr(children[-1], "space_after"):
                children[-1].space_after = bottom + pb + children[-1].getSpaceAfter()
        else:
            _set_space(children, 0.0, bottom)
        if left or right:
            return [Indenter(left, right), *children, Indenter(-left, -right)]
        return children

    def content(self, element: Element, style: Style) -> list[Any]:
        """The flowables of an element's children: blocks in order, inline runs as paragraphs."""
        if is_multicol(style):  # CSS Multi-column Layout (layout/columns.py)
            return build_columns(self, element, style)
        out: list[Any] = self.out_of_flow(element, style)
        if style["display"] in FLEX_DISPLAYS:
            flexed = build_flex(self, element, style)
            if flexed is not None:
                return out + flexed
        elif style["display"] in GRID_DISPLAYS:
            grid = build_grid(self, element, style)
            if grid is not None:
                return out + grid
        collector = Collector(self, style)
        if style["hyphens"] == "auto":
            collector.hyphenate = self.hyphenator(element, style)
        if style["display"] == "list-item" and style["list-style-position"] == "inside":
            marker = self.marker(element, style)
            if marker is not None:
                text = (
                    marker.text
                    if not marker.shape
                    else {"disc": "\u2022", "circle": "\u25e6", "square": "\u25aa"}[marker.shape]
                )
                collector.text(text + il.NBSP, style, None, None, 0.0)
        self._walk(element, style, collector, out, None, None, 0.0)
        out += collector.flush()
        if any(isinstance(item, FloatMark) for item in out):
            out = _wrap_floats(out, beside=not self.in_box)
        return out

    def out_of_flow(self, element: Element, style: Style) -> list[Any]:
        """Placeholders for the absolute children of ``element`` (its fixed children go to every page)."""
        out: list[Any] = []
        if not self._positioned:
            return out
        for child in element:
            child_style = self.styles.get(child)
            if child_style is None or child_style["position"] not in OUT_OF_FLOW or child_style["display"] == "none":
                continue
            if self._layers >= MAX_LAYERS:
                self.images.fetcher.report.warn("limit", f"More than {MAX_LAYERS} positioned boxes; the rest "
                                                         "were left out.")
                break
            self._layers += 1
            self.in_box += 1
            try:
                spec = self.box_spec(child_style)
                box = Box(self.content(child, child_style), spec)
            finally:
                self.in_box -= 1
            box.frame_height = self.frame_height
            layer = Layer(box, child_style)
            if child_style["position"] == "fixed":
                self.fixed_layers.append(layer)
            else:
                padding = None
                if style["position"] != "static":
                    parent = self.box_spec(style)
                    padding = tuple(resolve(v, self.frame_width) for v in parent.padding)
                out.append(AbsolutePlaceholder(layer, padding))  # type: ignore[arg-type]
        return out

    def _walk(
        self,
        element: Element,
        style: Style,
        collector: Collector,
        out: list[Any],
        link: str | None,
        back: Any,
        rise: float,
    ) -> None:
        if element.text:
            collector.text(element.text, style, link, back, rise)
        for child in element:
            child_style = self.styles.get(child)
            if child_style is None or child_style["display"] == "none" or child_style["position"] in OUT_OF_FLOW:
                if child.tail:
                    collector.text(child.tail, style, link, back, rise)
                continue
            if self._running and child_style["position"].startswith("running("):
                out += collector.flush()
                out.append(PageMark(((RUNNING + child_style["position"][8:-1], str(len(self.running))),), None))
                self.running.append(child)
            elif child_style["float"] == "footnote" and len(self.footnotes) < MAX_FOOTNOTES:
                self.footnote(child, child_style, style, collector, (link, back, rise))
            elif child_style["float"] not in ("none", "footnote"):
                out += collector.flush()
                out += self.floated(child, child_style)
            elif self.is_block(child, child_style):
                out += collector.flush()
                out += self.block(child, child_style)
            else:
                self.inline(child, child_style, collector, out, link, back, rise)
            if child.tail:
                collector.text(child.tail, style, link, back, rise)

    def inline(
        self,
        element: Element,
        style: Style,
        collector: Collector,
        out: list[Any],
        link: str | None,
        back: Any,
        rise: float,
    ) -> None:
        """One inline element: its own link, background, vertical offset and anchor, then its content."""
        tag = element.tag
        handler = INLINE_TAGS.get(tag)
        if handler is not None:
            handler(self, element, style, collector, link, back, rise)
            return
        ident = element.get("id") or (element.get("name") if tag == "a" else None)
        if ident and ident in self.targets:
            collector.anchor(ident, style)
        if tag == "a":
            href = (element.get("href") or "").strip()
            if (href.startswith("#") and href[1:] in self.targets) or href.lower().startswith(LINK_SCHEMES):
                link = href
        align = style["vertical-align"]
        if align == "super":
            rise += style["font-size"] * 0.45
        elif align == "sub":
            rise -= style["font-size"] * 0.25
        elif isinstance(align, tuple):
            rise += align[1]
        box = il.inline_box(self.box_spec(style), back, self.font(style), self.size(style), self.avail[-1])
        if style["visibility"] != "visible" and not isinstance(back, il.InlineBox):
            back = None  # a hidden element's background is not drawn behind its visible children
        if box is not None:  # padding, borders or rounded corners: painted around the text (layout/richtext.py)
            back = box
            first, last = (1, 3) if style["direction"] == "rtl" else (3, 1)  # inline start and end sides
            collector.box_edge(box, first, rise)
        else:
            own_back = self.color(style["background-color"])
            if own_back is not None:
                back = own_back
        classes = (element.get("class") or "").split()
        for name, value in self.substitutions.items():
            if name in classes:
                collector.text(value, style, link, back, rise)
                break
        else:
            self._walk(element, style, collector, out, link, back, rise)
        if box is not None:
            collector.box_edge(box, last, rise)

    def floated(self, element: Element, style: Style) -> list[Any]:
        """A ``float: left|right`` element: a mark that the content after it flows beside."""
        flowables = self.block(element, style)
        main = [f for f in flowables if not isinstance(f, (Bookmark, PageBreak))]
        if len(main) != 1:
            return flowables
        flowable = main[0]
        if not isinstance(flowable, (Box, ImageFlowable)):
            return flowables  # tables and kept groups are not floated
        if isinstance(flowable, Box):
            flowable.shrink = True
        elif isinstance(flowable, ImageFlowable):
            flowable.hAlign = "RIGHT" if style["float"] == "right" else "LEFT"
        gap_left = max(0.0, resolve(style["margin-left"], self.frame_width))
        gap_right = max(0.0, resolve(style["margin-right"], self.frame_width))
        others = [f for f in flowables if f is not flowable]
        return [*others, FloatMark(flowable, style["float"], gap_left, gap_right)]

    def footnote(
        self, element: Element, style: Style, parent: Style, collector: Collector, where: tuple[Any, Any, float]
    ) -> None:
        """A ``float: footnote`` element: its number raised in the text, its content kept for the page foot."""
        number = len(self.footnotes) + 1
        key = f"_fn{number}"
        link, back, rise = where
        call = self._call_styles.get(id(parent))
        if call is None:
            call = self._call_styles[id(parent)] = dict(parent, **{"font-size": parent["font-size"] * 0.7})
            self._keep.append(parent)
        collector.anchor(key, parent)
        collector.text(str(number), call, link, back, rise + parent["font-size"] * 0.35)
        self.footnotes[key] = []  # taken now: a footnote inside this one is the next number
        element.text = f"{number}. " + (element.text or "")
        note_style = dict(style, float="none", display="block", position="static")
        self._keep.append(note_style)
        self.in_box += 1
        try:
            flowables = self.block(element, note_style)
        finally:
            self.in_box -= 1
        self.footnotes[key] = [f for f in flowables if not isinstance(f, PageBreak) and hasattr(f, "drawOn")]

    # -- lists --------------------------------------------------------------------------------
    def marker(self, element: Element, style: Style) -> Marker | None:
        kind = style["list-style-type"]
        ordinal, attr_type = self._ordinal(element)
        if attr_type and kind in ("decimal", "disc"):
            kind = ATTR_LIST_TYPES.get(attr_type, kind)
        if kind == "none" or style["visibility"] != "visible":
            return None
        color = self.color(style["color"]) or Color(0, 0, 0)
        if kind in ("disc", "circle", "square"):
            return Marker("", kind, self.font(style), self.size(style), color)
        return Marker(marker_text(kind, ordinal), "", self.font(style), self.size(style), color)

    def _ordinal(self, item: Element) -> tuple[int, str]:
        known = self._ordinals.get(item)
        if known is not None:
            return known
        parent = self.parents.get(item)
        if parent is None:
            return (1, item.get("type") or "")
        reverse = parent.tag == "ol" and parent.get("reversed") is not None
        items = [c for c in parent if isinstance(c.tag, str) and self.styles.get(c, {}).get("display") == "list-item"]
        start = _int_attr(parent.get("start"))
        if start is None:
            start = len(items) if reverse else 1
        number = start
        list_type = parent.get("type") or "" if parent.tag == "ol" else ""
        for child in items:
            value = _int_attr(child.get("value"))
            if value is not None:
                number = value
            self._ordinals[child] = (number, child.get("type") or list_type)
            number += -1 if reverse else 1
        return self._ordinals.get(item, (1, ""))

    @property
    def parents(self) -> dict[Element, Element]:
        mapping = getattr(self, "_parents", None)
        if mapping is None:
            mapping = {child: parent for parent in self.styles for child in parent}
            self._parents = mapping
        return mapping


class FloatMark:
    """Where a floated flowable sits among its siblings (replaced before layout)."""

    def __init__(self, flowable: Any, side: str, gap_left: float, gap_right: float) -> None:
        self.flowable = flowable
        self.side = side
        self.gap_left = gap_left
        self.gap_right = gap_right


def _wrap_floats(out: list[Any], beside: bool = True) -> list[Any]:
    """Make the flowables after each float flow beside it (ReportLab's ImageAndFlowables).

    Inside painted boxes and table cells (``beside=False``) a float is simply placed on its side
    above what follows: ImageAndFlowables needs a frame's canvas to measure.
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
        if not rest:
            out[index:] = [flowable]
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
        out[index:] = [wrapped]
    return out


def _int_attr(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return max(-(10**9), min(10**9, int(value.strip())))
    except ValueError:
        return None


def _set_space(children: list[Any], top: float, bottom: float) -> None:
    first, last = children[0], children[-1]
    if top > 0 and hasattr(first, "space_before"):
        first.space_before = max(first.space_before, top)
    if bottom > 0 and hasattr(last, "space_after"):
        last.space_after = max(last.space_after, bottom)


def _zero_before(flowable: Any) -> None:
    if hasattr(flowable, "space_before"):
        flowable.space_before = 0.0


def _zero_after(flowable: Any) -> None:
    if hasattr(flowable, "space_after"):
        flowable.space_after = 0.0


class Collector:
    """Inline content of one block being gathered into a paragraph."""

    def __init__(self, builder: Builder, block_style: Style) -> None:
        self.builder = builder
        self.block_style = block_style
        self.frags: list[Any] = []
        self.images: list[Any] = []
        self.only_images = True
        self.last_space = True
        self.has_text = False
        self._line_ids = 0
        self._last_key: Any = None
        self.rtl_text = False
        self.boxes = False
        self.hidden = 0  # bit 1: some text is visibility: hidden, bit 2: some is visible
        self.spaced = False
        self.hyphenate: Hyphenator | None = None  # hyphens: auto in a language pyphen knows

    def text(self, text: str, style: Style, link: str | None, back: Any, rise: float) -> None:
        mode = style["white-space"]
        text = il.collapse(text, mode)
        if not text:
            return
        if mode in ("normal", "nowrap") and self.last_space and text[0] == " ":
            text = text[1:]
            if not text:
                return
        if style["text-transform"] != "none":
            text = il.transform(text, style["text-transform"], self.last_space)
        if style["hyphens"] == "none" and "\xad" in text:
            text = text.replace("\xad", "")  # soft hyphens are no break opportunities then
        if il.has_rtl(text):
            # Joined now (joining changes widths), reordered per line when drawn (see layout/richtext.py).
            text = shape(text)
            self.rtl_text = True
        self.last_space = text[-1] == " "
        run = self.builder.run(style, link, back, rise)
        if mode in ("pre", "pre-wrap", "pre-line", "break-spaces") and "\n" in text:
            lines = text.split("\n")
            for index, line in enumerate(lines):
                if index:
                    self._append_break(run)
                if line:
                    self._add(line, run)
            self.last_space = True
            return
        self._add(text, run)

    def _add(self, text: str, run: il.InlineRun) -> None:
        if text.strip():
            self.has_text = True
            self.only_images = False
            self.hidden |= 1 if run.hidden else 2
        for chunk, font in self.builder.fonts.runs(text, run.font):
            if run.spacing:
                font = spaced_font(font, run.spacing, run.size, self.builder)
                self.spaced = True
            chunk_run = run.with_font(font) if font != run.font else run
            if self.frags and self._last_key == chunk_run.key:
                self.frags[-1].text += chunk
            else:
                frag = il.make_frag(chunk, chunk_run)
                if frag.us_lines:
                    # ReportLab keys decoration lines by this tuple: two runs with equal tuples on
                    # one line would overwrite each other, so each run gets its own number.
                    frag.us_lines = [(self._line_ids + i, *line[1:]) for i, line in enumerate(frag.us_lines)]
                    self._line_ids += len(frag.us_lines)
                self.frags.append(frag)
                self._last_key = chunk_run.key

    def box_edge(self, box: il.InlineBox, side: int, rise: float) -> None:
        """An edge of an inline box: the room its left (``side`` 3) or right (1) padding and border take."""
        self.boxes = True
        font = spaced_font(spacer_font(self.builder.font(self.block_style)), box.edge(side), box.size, self.builder)
        self.frags.append(il.spacer_frag(box, rise, font))
        self._last_key = None

    def _append_break(self, run: il.InlineRun) -> None:
        self.frags.append(il.break_frag(run))
        self._last_key = None
        self.has_text = True
        self.only_images = False

    def line_break(self, style: Style) -> None:
        self._append_break(self.builder.run(style, None, None, 0.0))
        self.last_space = True

    def anchor(self, name: str, style: Style) -> None:
        self.frags.append(il.anchor_frag(name, self.builder.run(style, None, None, 0.0)))
        self._last_key = None

    def image(self, flowable: ImageFlowable, style: Style, link: str | None) -> None:
        self.images.append(flowable)
        flowable.wrap(self.builder.avail[-1], self.builder.frame_height)  # inline: sized for the container now
        run = self.builder.run(style, link, None, 0.0)
        if run.hidden:
            self.hidden |= 1
        self.frags.append(il.image_frag(flowable.reader, flowable.draw_w, flowable.draw_h, run))
        self._last_key = None
        self.last_space = False

    def flush(self) -> list[Any]:
        frags, images = self.frags, self.images
        only_images, has_text = self.only_images, self.has_text
        rtl_text, self.rtl_text = self.rtl_text, False
        boxes, self.boxes = self.boxes, False
        hidden, self.hidden = self.hidden, 0
        spaced, self.spaced = self.spaced, False
        self.frags, self.images = [], []
        self.only_images, self.has_text, self.last_space, self._last_key = True, False, True, None
        if images and only_images:
            align = self.builder.para_style(self.block_style).alignment
            h_align = {TA_CENTER: "CENTER", TA_RIGHT: "RIGHT"}.get(align, "LEFT")
            for image in images:
                image.hAlign = h_align
            return images
        if not has_text and not images:
            return []
        while frags and not getattr(frags[-1], "cbDefn", None) and not getattr(frags[-1], "lineBreak", False):
            stripped = frags[-1].text.rstrip(" ")
            if stripped:
                frags[-1].text = stripped
                break
            frags.pop()
        if not frags:
            return []
        chars = sum(len(f.text) for f in frags)
        if chars > MAX_PARAGRAPH_CHARS:
            raise RenderFailed(f"A paragraph has {chars} characters; the limit is {MAX_PARAGRAPH_CHARS}.")
        leader = split_leader(frags) if any(LEADER in getattr(f, "text", "") for f in frags) else None
        if leader is not None:
            frags = leader[0] or [copy(leader[2][0] if leader[2] else frags[0])]
            if not leader[0]:
                frags[0].text = ""
        style = self.block_style
        indent = resolve(style["text-indent"], self.builder.frame_width)
        para_style = self.builder.para_style(style, indent, self.hyphenate)
        sizes = {f.fontSize for f in frags}
        if len(sizes) > 1 or images or max(sizes) > self.builder.size(style):
            para_style = self.builder.auto_leading(para_style)
        if rtl_text or boxes or spaced or hidden & 1:
            para = RichPara("", para_style, frags=frags)
            para.bidi_base = (1 if style["direction"] == "rtl" else 0) if rtl_text else None
            para.boxes = boxes
            para.hidden = 0 if not hidden & 1 else 1 if hidden & 2 or images else 2
        else:
            para = Para("", para_style, frags=frags)
        if leader is not None:
            return [LeaderLine(para, leader[1], leader[2], leader[2][0] if leader[2] else frags[-1])]
        return [para]


def build_image(builder: Builder, element: Element, style: Style) -> ImageFlowable | None:
    """An ``<img>`` or inline ``<svg>`` as a flowable (None for a broken or refused one)."""
    is_svg = element.tag == SVG_TAG
    image = builder.images.load_element(element) if is_svg else builder.images.load_img(element)
    if image is None:
        return None
    width: Any = style["width"]
    height: Any = style["height"]
    if width == "auto":
        attr = _int_attr(element.get("width"))
        if attr is not None and attr > 0:
            width = attr * 0.75
    if height == "auto":
        attr = _int_attr(element.get("height"))
        if attr is not None and attr > 0:
            height = attr * 0.75
    flowable = ImageFlowable(
        image.reader, (image.width_px * 0.75, image.height_px * 0.75), width, height, style["max-width"]
    )
    flowable.max_height = builder.frame_height * 0.98
    if style["visibility"] != "visible":  # keeps its room, draws nothing (inline ones: see richtext.py)
        flowable.draw = _draw_nothing
    return flowable


def _draw_nothing() -> None:
    """The ``draw`` of a ``visibility: hidden`` image."""


def _image_block(builder: Builder, element: Element, style: Style) -> list[Any]:
    flowable = build_image(builder, element, style)
    if flowable is None:
        return []
    flowable.space_before = builder.cap(max(0.0, resolve(style["margin-top"], builder.frame_width)), 0.5)
    flowable.space_after = builder.cap(max(0.0, resolve(style["margin-bottom"], builder.frame_width)), 0.5)
    if style["float"] == "right" or (style["margin-left"] == "auto" and style["margin-right"] != "auto"):
        flowable.hAlign = "RIGHT"
    elif style["margin-left"] == "auto":
        flowable.hAlign = "CENTER"
    return [flowable]


def _image_inline(
    builder: Builder, element: Element, style: Style, collector: Collector, link: str | None, back: Any, rise: float
) -> None:
    flowable = build_image(builder, element, style)
    if flowable is not None:
        collector.image(flowable, style, link)
    elif element.get("alt"):
        collector.text(element.get("alt") or "", style, link, back, rise)


def _br(
    builder: Builder, element: Element, style: Style, collector: Collector, link: str | None, back: Any, rise: float
) -> None:
    collector.line_break(style)


def _hr(builder: Builder, element: Element, style: Style) -> list[Any]:
    spec = builder.box_spec(style)
    box = Box([], spec)
    box.space_before = builder.cap(max(0.0, resolve(style["margin-top"], builder.frame_width)), 0.5)
    box.space_after = builder.cap(max(0.0, resolve(style["margin-bottom"], builder.frame_width)), 0.5)
    if not any(b.visible for b in spec.borders) and spec.height == "auto":
        return []
    return [box]


def _table(builder: Builder, element: Element, style: Style) -> list[Any]:
    from pdflet.renderers.reportlab.layout.tables import build_table

    return build_table(builder, element, style)


BlockHandler = Callable[[Builder, Element, Style], list[Any]]
InlineHandler = Callable[[Builder, Element, Style, Collector, "str | None", Any, float], None]

FLEX_DISPLAYS = frozenset({"flex", "inline-flex"})
GRID_DISPLAYS = frozenset({"grid", "inline-grid"})
BLOCK_TAGS: dict[str, BlockHandler] = {"img": _image_block, SVG_TAG: _image_block, "hr": _hr, "table": _table}
INLINE_TAGS: dict[str, InlineHandler] = {"img": _image_inline, SVG_TAG: _image_inline, "br": _br}
