"""The emit stage: the box tree (``layout/boxgen.py``) becomes platypus flowables.

Block-level boxes become our :class:`Box` flowable when they paint or indent anything, their children directly
otherwise; runs of inline content become paragraphs (``layout/collector.py``). What a box does is decided by
its class, never by looking at the DOM: boxgen has taken every decision about kinds already. Flex, grid and
table containers are handed to their layout modules with this builder as their :class:`LayoutContext`.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from reportlab.platypus import Indenter, PageBreak

from pdflet.renderers.reportlab.css.counters import uses_counters
from pdflet.renderers.reportlab.css.properties import Style
from pdflet.renderers.reportlab.css.values import resolve
from pdflet.renderers.reportlab.layout import boxes as bx
from pdflet.renderers.reportlab.layout import inline as il
from pdflet.renderers.reportlab.layout.abs_flow import absolute_placeholder, containing_blocks
from pdflet.renderers.reportlab.layout.box_flowables import Box, ListItemBox
from pdflet.renderers.reportlab.layout.boxgen import BoxGenerator
from pdflet.renderers.reportlab.layout.boxmodel import BoxSpec, block_margin, border_width, padding_edges, used_box
from pdflet.renderers.reportlab.layout.breaks import breaks_around
from pdflet.renderers.reportlab.layout.collapse import empty_block, fold_margins
from pdflet.renderers.reportlab.layout.collector import MAX_PARAGRAPH_CHARS as MAX_PARAGRAPH_CHARS
from pdflet.renderers.reportlab.layout.collector import Collector
from pdflet.renderers.reportlab.layout.columns import build_columns, column_marks, is_multicol
from pdflet.renderers.reportlab.layout.flex import build_flex
from pdflet.renderers.reportlab.layout.floats import FloatMark, wrap_floats
from pdflet.renderers.reportlab.layout.flowbase import passes_margins
from pdflet.renderers.reportlab.layout.footnotes import BLOCK_SUFFIX, MAX_FOOTNOTES
from pdflet.renderers.reportlab.layout.grid import build_grid
from pdflet.renderers.reportlab.layout.hyphenation import (
    Hyphenator,
    dictionary_language,
    element_language,
    hyphenator,
)
from pdflet.renderers.reportlab.layout.image_flowable import Bookmark, ImageFlowable
from pdflet.renderers.reportlab.layout.images import ImageCache
from pdflet.renderers.reportlab.layout.inline_block import inline_block_frag, make_inline_block
from pdflet.renderers.reportlab.layout.keeps import Keep
from pdflet.renderers.reportlab.layout.lift import lifted
from pdflet.renderers.reportlab.layout.markers import Marker, make_marker
from pdflet.renderers.reportlab.layout.opacity import faded
from pdflet.renderers.reportlab.layout.page_marks import RUNNING, PageMark, mark_for
from pdflet.renderers.reportlab.layout.paragraphs import Para
from pdflet.renderers.reportlab.layout.positioned import (
    OUT_OF_FLOW,
    Layer,
    Shifted,
    Transformed,
    is_offset,
    relative_offsets,
    static_frag,
)
from pdflet.renderers.reportlab.layout.replaced import image_block, image_inline, rule
from pdflet.renderers.reportlab.layout.used import UsedValues

HEADINGS = {"h1": 0, "h2": 1, "h3": 2}
LINK_SCHEMES = ("http:", "https:", "mailto:", "tel:", "ftp:")
ATTR_LIST_TYPES = {"1": "decimal", "a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman", "I": "upper-roman"}
_BULLETS = {"disc": "\u2022", "circle": "\u25e6", "square": "\u25aa"}
_Where = tuple[Any, Any, float]  # the link, background and baseline shift inline content is emitted with


class Builder:
    """Turns one styled document (or header/footer snippet, or running element) into a list of flowables."""

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
        self.used = UsedValues(fonts, images, frame)
        self.boxes = BoxGenerator(styles)
        self.marker_styles: dict[Element, Style] = {}  # the cascade's ``::marker`` styles
        self.substitutions = substitutions or {}
        self.outline: list[int] = []
        self._bookmarks = 0
        self.heading_keys: set[str] = set()
        self.in_box = 0
        self.fixed_layers: list[Layer] = []  # position: fixed boxes, painted on every page
        self._layers = 0
        self._floats = 0  # float marks made so far: content() wraps its flowables around them only when it made one
        # most documents position nothing: then no box's children are scanned for out-of-flow boxes
        self._positioned = any(style["position"] in OUT_OF_FLOW for style in styles.values())
        self.avail: list[float] = [self.frame_width]
        self.page_names: dict[Element, str] = {}  # where the page name changes (see breaks.page_name_changes)
        self._languages: dict[Element, str] = {}
        self.running: list[bx.RunningBox] = []  # position: running() boxes, by number (see running.py)
        self.footnotes: dict[str, list[Any]] = {}  # call key → the note's flowables (see layout/footnotes.py)
        self.footnote_displays: dict[str, str] = {}  # call key → footnote-display, when not "block"
        # call key → (footnote-policy, the call's line height), when the policy is not "auto"
        self.footnote_policies: dict[str, tuple[str, float]] = {}
        self._keep: list[Style] = []  # styles made here, kept alive: caches are keyed by their ids
        # most documents set no named string and restart no page numbers: then no element is looked at for them
        self._marks = any(style["string-set"] or uses_counters(style) for style in styles.values())

    # -- entry ----------------------------------------------------------------------------------------
    def build(self, root: Element) -> list[Any]:
        """Flowables for ``<body>`` (or the whole tree when there is none)."""
        body = root.find("body")
        story = self.block(self.boxes.document(root))
        mark = mark_for(root, self.styles[root]) if self._marks and body is not None else None
        return [mark, *story] if mark is not None and mark.restart is not None else story

    def hyphenator(self, box: bx.Box) -> Hyphenator | None:
        """The hyphenator for ``hyphens: auto`` text of ``box``, from its ``lang``; None for unknown ones."""
        lang = element_language(box.element, self.parents, self._languages) if box.element is not None else ""
        language = dictionary_language(lang)
        if language is None:
            return None
        _word, left, right = box.style["hyphenate-limit-chars"]
        return hyphenator(language, left, right)

    @property
    def parents(self) -> dict[Element, Element]:
        mapping = getattr(self, "_parents", None)
        if mapping is None:
            mapping = {child: parent for parent in self.styles for child in parent}
            self._parents = mapping
        return mapping

    # -- block level ----------------------------------------------------------------------------------
    def block(self, box: bx.Box) -> list[Any]:
        """Flowables of one block-level box, with its margins, breaks and bookmarks."""
        style = box.style
        seq = self.next_seq() if style["position"] == "relative" else 0  # its place in the painting order
        if isinstance(box, bx.ReplacedBox):
            flowables = image_block(self.images, self.used, box)
        elif isinstance(box, bx.RuleBox):
            flowables = rule(self.used, box)
        elif isinstance(box, bx.TableBox):
            from pdflet.renderers.reportlab.layout.tables import build_table

            flowables = build_table(self, box)
        else:
            flowables = self.box(box)
        flowables = lifted(style, self.frame_width, self.frame_height, flowables)
        if style["transform"] != "none" and len(flowables) == 1:
            flowables = [Transformed(flowables[0], style["transform"])]
        if style["position"] == "relative" and len(flowables) == 1:
            dx, dy = relative_offsets(style, self.frame_width)
            if dx or dy or style["z-index"] != "auto":
                flowables = [Shifted(flowables[0], dx, dy, style["z-index"], seq)]
        flowables = self.decorate(box, faded(flowables, style["opacity"]))
        if style["clear"] != "none" and flowables:
            flowables[0].pdflet_clear = style["clear"]  # it starts below earlier floats (floats.py)
        return flowables

    def decorate(self, box: bx.Box, flowables: list[Any]) -> list[Any]:
        """Add destination/outline bookmarks and page-break behaviour around a block's flowables."""
        element, style = box.element, box.style
        if element is None:
            return flowables
        before, after = breaks_around(style, self.page_names.get(element))
        mark = mark_for(element, style) if self._marks else None
        if not flowables:  # an empty block still breaks the page: ``<div style="break-after: page">``
            return [item for item in (before, mark, after) if item is not None]
        self._bookmark(element, flowables)
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

    def _bookmark(self, element: Element, flowables: list[Any]) -> None:
        """The link destination (an ``id`` a link targets) and outline entry (h1 to h3) before a block."""
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

    def box(self, box: bx.Box) -> list[Any]:
        """A generic block.

        At page level a block that paints nothing is unrolled: its children flow straight into
        the frame between two Indenters, so long documents split natively, page by page.
        Blocks that paint (background, borders, explicit sizes) or sit inside a painted box
        become a :class:`Box`.
        """
        style = box.style
        spec = self.used.box_spec(style)
        list_item = style["display"] == "list-item"
        paints = (
            spec.background is not None
            or spec.background_image is not None
            or bool(spec.shadows)
            or bool(spec.inset_shadows)
            or any(b.visible for b in spec.borders)
            or spec.height != "auto"
            or spec.min_height not in (0, 0.0, "auto")
            or isinstance(spec.max_height, (int, float))
            or box.element in self.containers  # it places absolute boxes: drawn as one box that knows its place
            or (style["position"] == "relative" and is_offset(style))  # shifted or stacked as one box
        )
        top = min(resolve(style["margin-top"], self.frame_width), self.frame_height * 0.5)
        bottom = min(resolve(style["margin-bottom"], self.frame_width), self.frame_height * 0.5)
        floating = style["float"] in ("left", "right")  # a float is a box, however plain: it is sized to fit
        if not paints and not self.in_box and not floating:
            flowables = self._unrolled(box, spec, top, bottom)
            if flowables is not None:
                return flowables
        self.in_box += 1
        try:
            children = self.content(box)
        finally:
            self.in_box -= 1
        marker = self.marker(box) if list_item and style["list-style-position"] != "inside" else None
        needs_box = (
            paints
            or floating
            or marker is not None
            or any(p not in (0, 0.0) for p in spec.padding)
            or spec.width != "auto"
            or spec.max_width != "none"
            or spec.margin_left not in (0, 0.0)
            or spec.margin_right not in (0, 0.0)
        )
        if not needs_box:
            if not children:
                return empty_block(top, bottom)
            _set_space(children, top, bottom)
            return children
        if not children and marker is None and not paints:
            return empty_block(top, bottom)
        out = self._boxed(children, spec, marker if list_item else False, top, bottom)
        if box.element in self.containers:
            for flowable in out:
                if isinstance(flowable, Box):
                    flowable.cb_key = box.element
        return out

    def _boxed(self, children: list[Any], spec: BoxSpec, marker: Any, top: float, bottom: float) -> list[Any]:
        """The :class:`Box` flowable around ``children`` (a :class:`ListItemBox` when ``marker`` is not False)."""
        padding = padding_edges(spec, self.avail[-1])
        # The first and last child's margins collapse through a box without padding or border there, unless it
        # starts a block formatting context (``overflow`` other than visible); zero-size marks (a heading's
        # outline entry) do not count as the first or last child.
        real = [child for child in children if not passes_margins(child)] if not spec.clips else []
        if real and padding.top == 0 and border_width(spec.borders[0]) == 0:
            top = max(top, real[0].getSpaceBefore())
            _zero_before(real[0])
        if real and padding.bottom == 0 and border_width(spec.borders[2]) == 0:
            bottom = max(bottom, real[-1].getSpaceAfter())
            _zero_after(real[-1])
        before: list[Any] = []
        after: list[Any] = []
        while children and isinstance(children[0], PageBreak):  # a break before the first child
            before.append(children.pop(0))
        while children and isinstance(children[-1], PageBreak):
            after.append(children.pop())
        flowable: Box = ListItemBox(children, spec, marker) if marker is not False else Box(children, spec)
        flowable.frame_height = self.frame_height
        flowable.space_before = max(0.0, top)
        flowable.space_after = max(0.0, bottom)
        return [*before, flowable, *after]

    def _indents(self, spec: BoxSpec, avail: float) -> tuple[float, float, float, float]:
        """Top and bottom padding, and the left and right indents of an unrolled block (the box model's
        width and auto-margin rule: the content starts at ``content_left`` and is ``content`` wide)."""
        used = used_box(spec, avail)
        left = used.content_left
        right = avail - left - used.content
        # Indenters add up in the frame: never indent past the width really left (keep 10pt, or all
        # there is), or nested blocks on a narrow page leave their text a negative width.
        room = max(0.0, avail - 10.0)
        left = max(0.0, min(left, avail * 0.9, room))
        right = max(0.0, min(right, room - left))
        return used.padding.top, used.padding.bottom, left, right

    def _unrolled(self, box: bx.Box, spec: BoxSpec, top: float, bottom: float) -> list[Any] | None:
        avail = self.avail[-1]
        pt, pb, left, right = self._indents(spec, avail)
        self.avail.append(avail - left - right)
        try:
            children = self.content(box)
        finally:
            self.avail.pop()
        style = box.style
        if style["display"] == "list-item" and style["list-style-position"] != "inside":
            marker = self.marker(box)
            if marker is not None:
                if not children or not isinstance(children[0], Para):
                    return None
                children[0].marker = marker
        if not children:
            return empty_block(top, bottom) if pt + pb == 0 else []
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

    # -- a container's children -----------------------------------------------------------------------
    def content(self, box: bx.Box) -> list[Any]:
        """The flowables of a container box's children: the one place a block container's content is laid
        out (flex and grid items by their modules; blocks in order and inline runs as paragraphs otherwise)."""
        if is_multicol(box.style):  # CSS Multi-column Layout (layout/columns.py)
            return build_columns(self, box)
        out: list[Any] = self.out_of_flow(box)
        if isinstance(box, bx.FlexContainer):
            return out + (build_flex(self, box) or [])
        if isinstance(box, bx.GridContainer):
            return out + (build_grid(self, box) or [])
        style = box.style
        collector = Collector(self.used, style, self.avail)
        if style["hyphens"] == "auto":
            collector.hyphenate = self.hyphenator(box)
        kids = box.children
        if kids and isinstance(kids[0], bx.MarkerBox):
            if kids[0].inside:
                marker = self.marker(box)
                if marker is not None:
                    text = marker.text if not marker.shape else _BULLETS[marker.shape]
                    collector.text(text + il.NBSP, style, None, None, 0.0)
            kids = kids[1:]
        floats = self._floats
        self._walk(kids, style, collector, out, (None, None, 0.0))
        out += collector.flush()
        out = fold_margins(out)
        if self._floats != floats:  # a float among these children (or, already wrapped, deeper down)
            out = wrap_floats(out)
        return out

    def out_of_flow(self, box: bx.Box) -> list[Any]:
        """Placeholders for the absolute children of a flex or grid container, before its items (a block
        container's are placed where they come in its flow, by ``_place``)."""
        out: list[Any] = []
        if not self._positioned or not isinstance(box, (bx.FlexContainer, bx.GridContainer)):
            return out
        for child in box.children:
            if isinstance(child, bx.AbsoluteBox):
                placeholder = absolute_placeholder(self, child)
                if placeholder is not None:
                    out.append(placeholder)
        return out

    def next_seq(self) -> int:
        """The next number in the document order of positioned boxes (see positioned.py)."""
        self._seq = getattr(self, "_seq", 0) + 1
        return self._seq

    @property
    def containing(self) -> dict[Element, Element | None]:
        """Each absolute element's containing block element (see abs_flow.py), computed once."""
        mapping = getattr(self, "_containing", None)
        if mapping is None:
            root = next(iter(self.styles), None)
            while root is not None and root in self.parents:
                root = self.parents[root]
            mapping = containing_blocks(root, self.styles) if root is not None else {}
            self._containing = mapping
            self._containers = {cb for cb in mapping.values() if cb is not None}
        return mapping

    @property
    def containers(self) -> set[Element]:
        """The elements that are some absolute box's containing block: each is drawn as a marked Box."""
        if not self._positioned:
            return set()
        self.containing  # noqa: B018 (computes both)
        return self._containers

    def _walk(self, kids: list[bx.Node], style: Style, collector: Collector, out: list[Any], where: _Where) -> None:
        """Emit a run of flow boxes: text and inline boxes into the lines, the others between paragraphs."""
        link, back, rise = where
        for kid in kids:
            if isinstance(kid, str):
                collector.text(kid, style, link, back, rise)
            elif type(kid) is bx.InlineBox:  # the common kinds first, without the isinstance chain
                self.inline(kid, collector, out, where)
            elif type(kid) is bx.BlockBox:
                out += collector.flush()
                out += self.block(kid)
            else:
                self._place(kid, style, collector, out, where)

    def _place(self, kid: bx.Box, style: Style, collector: Collector, out: list[Any], where: _Where) -> None:
        if isinstance(kid, (bx.InlineBox, bx.LineBreak)) or (isinstance(kid, bx.ReplacedBox) and kid.inline):
            self.inline(kid, collector, out, where)
        elif isinstance(kid, bx.InlineBlockBox):
            self.inline_block(kid, collector, where)
        elif isinstance(kid, bx.BlockBox):
            out += collector.flush()
            out += self.block(kid)
        elif isinstance(kid, bx.AbsoluteBox):
            placeholder = absolute_placeholder(self, kid)
            if placeholder is None:
                pass
            elif collector.has_text:  # its static position is in the line being collected: a mark there
                run = self.used.run(style, None, None, 0.0)
                collector.mark(static_frag(placeholder, il.make_frag("", run)))
            else:
                out += collector.flush()
                out.append(placeholder)
        elif isinstance(kid, bx.RunningBox):
            out += collector.flush()
            out.append(PageMark(((RUNNING + kid.name, str(len(self.running))),), None))
            self.running.append(kid)
        elif isinstance(kid, bx.FootnoteBox):
            if len(self.footnotes) < MAX_FOOTNOTES:
                self.footnote(kid, style, collector, where)
            else:
                assert kid.element is not None  # a footnote is an element
                self._place(self.boxes.in_flow(kid.element, kid.style), style, collector, out, where)
        elif isinstance(kid, bx.FloatBox):
            out += collector.flush()
            out += self.floated(kid)
        else:
            out += collector.flush()
            out += self.block(kid)

    # -- inline level ---------------------------------------------------------------------------------
    def inline(self, box: bx.Box, collector: Collector, out: list[Any], where: _Where) -> None:
        """One inline box: its own link, background, vertical offset and anchor, then its content."""
        style = box.style
        if isinstance(box, bx.ReplacedBox):
            image_inline(self.images, self.used, box, collector, where)
            return
        if isinstance(box, bx.LineBreak):
            collector.line_break(style)
            return
        element = box.element
        assert element is not None  # an inline box is an element's
        link, back, rise = where
        tag = element.tag
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
        used = self.used
        painted = il.inline_box(used.box_spec(style), back, used.font(style), used.size(style), self.avail[-1])
        if style["visibility"] != "visible" and not isinstance(back, il.InlineBox):
            back = None  # a hidden element's background is not drawn behind its visible children
        if painted is not None:  # padding, borders or rounded corners: painted around the text (layout/richtext.py)
            back = painted
            first, last = (1, 3) if style["direction"] == "rtl" else (3, 1)  # inline start and end sides
            collector.box_edge(painted, first, rise)
        else:
            own_back = used.color(style["background-color"])
            if own_back is not None:
                back = own_back
        classes = (element.get("class") or "").split()
        for name, value in self.substitutions.items():
            if name in classes:
                collector.text(value, style, link, back, rise)
                break
        else:
            self._walk(box.children, style, collector, out, (link, back, rise))
        if painted is not None:
            collector.box_edge(painted, last, rise)

    def inline_block(self, box: bx.InlineBlockBox, collector: Collector, where: _Where) -> None:
        """An inline-block: its content laid out as a box of its own, then placed in the line whole."""
        style, avail = box.style, self.avail[-1]
        spec = self.used.box_spec(style)
        self.in_box += 1
        self.avail.append(avail)
        try:
            children = self.content(box)
        finally:
            self.avail.pop()
            self.in_box -= 1
        block = make_inline_block(children, spec, style, avail, self.frame_height)
        run = self.used.run(style, where[0], None, where[2])
        collector.atomic(inline_block_frag(block, run), run.hidden)

    # -- out of the flow ------------------------------------------------------------------------------
    def floated(self, box: bx.FloatBox) -> list[Any]:
        """A ``float: left|right`` box: a mark that the content after it flows beside."""
        style = box.style
        flowables = self.block(box.children[0])
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
        gap_left = block_margin(style["margin-left"], self.frame_width)
        gap_right = block_margin(style["margin-right"], self.frame_width)
        others = [f for f in flowables if f is not flowable]
        self._floats += 1
        return [*others, FloatMark(flowable, style["float"], gap_left, gap_right)]

    def footnote(self, box: bx.FootnoteBox, parent: Style, collector: Collector, where: _Where) -> None:
        """A ``float: footnote`` box: its ``::footnote-call`` in the text, its note kept for the page foot (the
        note starts with its ``::footnote-marker``, made by the cascade)."""
        key = f"_fn{len(self.footnotes) + 1}"
        collector.anchor(key, parent)
        if box.call is not None:
            self.inline(box.call, collector, [], where)
        self.footnotes[key] = []  # taken now: a footnote inside this one is the next number
        if box.style["footnote-display"] != "block":
            self.footnote_displays[key] = box.style["footnote-display"]
        policy = box.style["footnote-policy"]
        if policy != "auto":
            self.footnote_policies[key] = (policy, self.used.leading(collector.block_style))
            if policy == "block":  # where the call's paragraph starts, for a break before it
                collector.frags.insert(0, il.anchor_frag(key + BLOCK_SUFFIX, self.used.run(parent, None, None, 0.0)))
        assert box.note is not None  # boxgen always makes the note
        self.in_box += 1
        try:
            flowables = self.block(box.note)
        finally:
            self.in_box -= 1
        self.footnotes[key] = [f for f in flowables if not isinstance(f, PageBreak) and hasattr(f, "drawOn")]

    # -- lists ----------------------------------------------------------------------------------------
    def marker(self, box: bx.Box) -> Marker | None:
        """The marker of a list item box (None for ``list-style-type: none`` or a hidden one)."""
        first = box.children[0] if box.children else None
        if not isinstance(first, bx.MarkerBox):
            return None
        kind = box.style["list-style-type"]
        if first.list_type and kind in ("decimal", "disc"):
            kind = ATTR_LIST_TYPES.get(first.list_type, kind)
        own = self.marker_styles.get(box.element) if box.element is not None else None  # ::marker
        return make_marker(self.used, kind, first.ordinal, box.style, own, box.element)


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
