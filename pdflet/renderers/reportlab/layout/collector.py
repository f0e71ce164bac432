"""The inline content of one block, gathered into a paragraph: text runs, inline box edges, line breaks,
anchors and inline images become ReportLab fragments (objects, never markup: CVE-2023-33733).
"""

from __future__ import annotations

from copy import copy
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_RIGHT

from pdflet.errors import RenderFailed
from pdflet.renderers.reportlab.bidi import shape
from pdflet.renderers.reportlab.css.properties import Style
from pdflet.renderers.reportlab.css.values import resolve
from pdflet.renderers.reportlab.layout import inline as il
from pdflet.renderers.reportlab.layout.hyphenation import Hyphenator
from pdflet.renderers.reportlab.layout.image_flowable import ImageFlowable
from pdflet.renderers.reportlab.layout.leaders import LEADER, LeaderLine, split_leader
from pdflet.renderers.reportlab.layout.paragraphs import Para
from pdflet.renderers.reportlab.layout.richtext import RichPara
from pdflet.renderers.reportlab.layout.spacing import spaced_font, spacer_font
from pdflet.renderers.reportlab.layout.used import UsedValues

# ReportLab rebuilds the words of a paragraph's rest at each page break it spans: ~1.3 s for 500,000 characters
MAX_PARAGRAPH_CHARS = 500_000


class Collector:
    """Inline content of one block being gathered into a paragraph."""

    def __init__(self, used: UsedValues, block_style: Style, avail: list[float]) -> None:
        self.used = used
        self.avail = avail  # the emit stage's stack of available widths: inline images are sized for the last
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
        self.atomics = False  # an inline-block is in the lines: they grow to hold it

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
        run = self.used.run(style, link, back, rise)
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
        if text.strip(il.CSS_SPACE):  # a line of only &nbsp; is text: it keeps its line
            self.has_text = True
            self.only_images = False
            self.hidden |= 1 if run.hidden else 2
        for chunk, font in self.used.fonts.runs(text, run.font):
            if run.spacing:
                font = spaced_font(font, run.spacing, run.size, self.used)
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
        font = spaced_font(spacer_font(self.used.font(self.block_style)), box.edge(side), box.size, self.used)
        self.frags.append(il.spacer_frag(box, rise, font))
        self._last_key = None

    def _append_break(self, run: il.InlineRun) -> None:
        self.frags.append(il.break_frag(run))
        self._last_key = None
        self.has_text = True
        self.only_images = False

    def line_break(self, style: Style) -> None:
        self._append_break(self.used.run(style, None, None, 0.0))
        self.last_space = True

    def anchor(self, name: str, style: Style) -> None:
        self.frags.append(il.anchor_frag(name, self.used.run(style, None, None, 0.0)))
        self._last_key = None

    def mark(self, frag: Any) -> None:
        """A zero-width fragment that calls back when drawn (an absolute box's static position)."""
        self.frags.append(frag)
        self._last_key = None

    def image(self, flowable: ImageFlowable, style: Style, link: str | None) -> None:
        self.images.append(flowable)
        flowable.wrap(self.avail[-1], self.used.frame_height)  # inline: sized for the container now
        run = self.used.run(style, link, None, 0.0)
        if run.hidden:
            self.hidden |= 1
        self.frags.append(il.image_frag(flowable.reader, flowable.draw_w, flowable.draw_h, run))
        self._last_key = None
        self.last_space = False

    def atomic(self, frag: Any, hidden: bool) -> None:
        """An atomic inline (an inline-block, see inline_block.py): room in the line, like an image's."""
        self.frags.append(frag)
        self._last_key = None
        self.last_space = False
        self.has_text = True
        self.only_images = False
        self.atomics = True
        self.hidden |= 1 if hidden else 2

    def flush(self) -> list[Any]:
        frags, images = self.frags, self.images
        only_images, has_text = self.only_images, self.has_text
        rtl_text, self.rtl_text = self.rtl_text, False
        boxes, self.boxes = self.boxes, False
        hidden, self.hidden = self.hidden, 0
        spaced, self.spaced = self.spaced, False
        atomics, self.atomics = self.atomics, False
        self.frags, self.images = [], []
        self.only_images, self.has_text, self.last_space, self._last_key = True, False, True, None
        if images and only_images:
            align = self.used.para_style(self.block_style).alignment
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
        indent = resolve(style["text-indent"], self.used.frame_width)
        para_style = self.used.para_style(style, indent, self.hyphenate)
        sizes = {f.fontSize for f in frags}
        if len(sizes) > 1 or images or atomics or max(sizes) > self.used.size(style):
            para_style = self.used.auto_leading(para_style)
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
