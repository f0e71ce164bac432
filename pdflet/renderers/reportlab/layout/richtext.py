"""Paragraphs that need work at drawing time which ReportLab's paragraph does not do.

- Right-to-left text is kept in logical order (Arabic already joined, see ``bidi.py``) through measuring and
  line breaking, and turned into visual order one line at a time just before the lines are drawn: the Unicode
  bidi algorithm reorders within a line (rule L2), so a paragraph reordered as a whole would draw its first
  words on its last line. Splitting across pages works on the logical lines, so a continued paragraph stays
  correct.
- Inline boxes (``inline.InlineBox``: padding, borders, backgrounds, rounded corners) are painted per line
  behind the text, at the positions ReportLab is about to draw the fragments at; their left and right edges
  took room in the line as spacer fragments.
- Letter-spaced text, spacers and ``visibility: hidden`` text are measured one way and drawn another (see
  :class:`_TextObject`).

Only paragraphs that hold such content are built as :class:`RichPara`; every other paragraph is a plain
``Para`` and pays nothing.
"""

from __future__ import annotations

from typing import Any

from reportlab import rl_config
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont, stringWidth
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Paragraph

from pdflet.renderers.reportlab.bidi import visual_runs
from pdflet.renderers.reportlab.layout.borders import draw_border_side
from pdflet.renderers.reportlab.layout.inline import NBSP, SPACER
from pdflet.renderers.reportlab.layout.paragraphs import Para
from pdflet.renderers.reportlab.layout.spacing import drawing_font, spaced_font, spacer_font

OBJECT = "\ufffc"  # stands for an image or anchor while a line is reordered (a neutral, like the browser's)


class RichPara(Para):
    """A paragraph drawn with its lines in visual order (``bidi_base`` 0 for ltr, 1 for rtl, None for no
    right-to-left text) and/or with inline boxes painted behind its text (``boxes``)."""

    bidi_base: int | None = None
    boxes: bool = False
    hidden: int = 0  # 1: some fragments are visibility: hidden; 2: all of them (nothing is drawn)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = Para.split(self, availWidth, availHeight)
        for part in parts:
            if part is not self:
                part.bidi_base = self.bidi_base
                part.boxes = self.boxes
                part.hidden = self.hidden
        return parts

    def beginText(self, x: float = 0, y: float = 0) -> Any:
        return _TextObject(self.canv, x, y, self.style.fontName)

    def drawPara(self, debug: int = 0) -> None:
        if self.hidden == 2:
            return
        logical = self.blPara
        drawn = logical
        boxes = self.boxes and drawn.kind == 1
        if boxes:
            drawn = drawn.clone(lines=[_spaces_out_of_spacers(line) for line in drawn.lines])
        if self.bidi_base is not None:
            drawn = visual_lines(drawn, self.bidi_base == 1)
        if self.hidden and drawn.kind == 1:
            drawn = drawn.clone(lines=[_hide(line, self) for line in drawn.lines])
        self.blPara = drawn
        offsets = getattr(self, "_offsets", None)
        if self.bidi_base == 1 and self.style.alignment == TA_JUSTIFY:
            self._offsets = _rtl_justify_offsets(self, drawn)
        if boxes:
            paint_inline_boxes(self)
        try:
            Paragraph.drawPara(self, debug)
        finally:
            self.blPara = logical
            if offsets is None:
                self.__dict__.pop("_offsets", None)
            else:
                self._offsets = offsets


def _rtl_justify_offsets(para: Any, bl_para: Any) -> list[float]:
    """Line offsets that put the lines a justified paragraph does not stretch (its last line, lines ended by
    a forced break) at the right edge, where a right-to-left paragraph starts, instead of ReportLab's left."""
    lines = bl_para.lines
    offsets = _line_offsets(para, len(lines))
    no_justify_last = not getattr(para, "_JustifyLast", False)
    for i, line in enumerate(lines):
        if bl_para.kind == 1:
            extra, forced = line.extraSpace, line.lineBreak
        else:
            extra, forced = line[0], False
        if (forced or (no_justify_last and i == len(lines) - 1)) and extra > 0:
            offsets[i] += extra
    return offsets


def _line_offsets(para: Any, count: int) -> list[float]:
    """The x offset of each of ``count`` lines: the paragraph's ``_offsets`` (default ``[0]``) with its last
    value repeated for lines past the list, as ReportLab's ``drawPara`` extends them."""
    offsets = list(getattr(para, "_offsets", [0]))
    offsets += (count - len(offsets)) * [offsets[-1]]
    return offsets


class HiddenText(str):
    """The text of a ``visibility: hidden`` fragment: measured like its text, drawn as a bare move."""

    __slots__ = ()


def _hide(line: Any, para: Any) -> Any:
    if not any(getattr(f, "hidden", False) for f in line.words):
        return line
    words = []
    for frag in line.words:
        if not getattr(frag, "hidden", False):
            words.append(frag)
        elif getattr(frag, "cbDefn", None) is None:
            words.append(frag.clone(text=HiddenText(frag.text)))
        elif frag.cbDefn.kind == "img":  # a hidden image: a move as wide as the image
            width = float(frag.cbDefn.width)
            size = frag.fontSize or 1.0
            gap = frag.clone(text=HiddenText(SPACER))
            del gap.cbDefn
            gap.fontName = spaced_font(spacer_font(para.style.fontName), width, size, para)
            words.append(gap if stringWidth(SPACER, gap.fontName, size) > width - 0.01 else frag)
        else:
            words.append(frag)
    return line.clone(words=words)


class _TextObject(PDFTextObject):
    """ReportLab's text object, with three kinds of text drawn differently from how they are measured.

    ReportLab places text by measuring what it hands over and lets the PDF advance the text point by
    drawing it. Letter-spaced text (measured in a widened clone font, see ``spacing.py``) is drawn in its
    original font with the ``Tc`` operator making up the difference. Spacers (the room inline padding and
    borders take) and :class:`HiddenText` are drawn as a bare ``TJ`` move of their measured width: nothing
    of them is drawn or extracted, and everything after them lands where it was measured.
    """

    def __init__(self, canv: Any, x: float, y: float, move_font: str) -> None:
        super().__init__(canv, x, y)
        self._move_font = move_font  # a font the paragraph uses anyway: moves need one selected

    def _formatText(self, text: str) -> str:
        info = drawing_font(self._fontname)
        if isinstance(text, HiddenText) or (info is not None and info[2]):
            return self._move(text)
        if info is None:
            return super()._formatText(text)
        measured_as = self._fontname
        self._fontname = info[0]
        try:
            code = super()._formatText(text)
        finally:
            self._fontname = measured_as
        if not code or not info[1]:
            return code
        return f"{fp_str(info[1] * self._fontsize / 1000.0)} Tc {code} 0 Tc"

    def _move(self, text: str) -> str:
        size = self._fontsize or 1.0
        word_space = getattr(self, "_wordSpace", 0.0) or 0.0
        width = stringWidth(text, self._fontname, size) + word_space * (text.count(" ") + text.count(NBSP))
        if abs(width) < 1e-6:
            return ""
        font = getFont(self._move_font)
        if not getattr(font, "_dynamicFont", False):
            return ""
        self._curSubset = -1  # the next real text selects its own font again
        select = f"{font.getSubsetInternalName(0, self._canvas._doc)} {fp_str(size)} Tf"
        return f"{select} [{fp_str(-width * 1000.0 / size)}] TJ"


def _spaces_out_of_spacers(line: Any) -> Any:
    """Line breakers append the space between two words to the first word's last fragment; after a box's
    end spacer that space would be drawn in the spacer font (almost no width), so it moves to a fragment of
    the text around it, which is what it was measured in."""
    words = line.words
    if not any(getattr(f, "spacer", None) and f.text.endswith(" ") for f in words):
        return line
    out: list[Any] = []
    for index, frag in enumerate(words):
        if getattr(frag, "spacer", None) and frag.text.endswith(" "):
            spaces = len(frag.text) - len(frag.text.rstrip(" "))
            out.append(frag.clone(text=frag.text.rstrip(" ")))
            donor = _text_neighbour(words, index)
            if donor is not None:
                space = donor.clone(text=" " * spaces, us_lines=[], link=[])
                space.inline_box = getattr(frag.inline_box, "parent", None)
                out.append(space)
            continue
        out.append(frag)
    return line.clone(words=out)


def _text_neighbour(words: list[Any], index: int) -> Any:
    """The nearest real text fragment after ``index`` (else before it) on the line."""
    order = [*range(index + 1, len(words)), *range(index - 1, -1, -1)]
    for i in order:
        frag = words[i]
        if not getattr(frag, "spacer", None) and getattr(frag, "cbDefn", None) is None and frag.text:
            return frag
    return None


def _line_starts(para: Paragraph) -> list[tuple[float, float, float]]:
    """(x of the first fragment, extra width per space, baseline y) of each line, as ReportLab's
    ``drawPara``/``_putFragLine`` place them (kind 1 lines)."""
    style = para.style
    lines = para.blPara.lines
    leading = style.leading
    auto = getattr(para, "autoLeading", getattr(style, "autoLeading", "")) == "max"
    offsets = _line_offsets(para, len(lines))
    last_index = len(lines) - 1
    no_justify_last = not getattr(para, "_JustifyLast", False)
    first = lines[0]
    baseline = para.height - (first.fontSize if rl_config.paraFontSizeHeightOffset else first.ascent)
    out = []
    previous_descent = 0.0
    for i, line in enumerate(lines):
        if i:
            if auto:
                ascent = max(5.0 / 6.0 * leading, line.ascent)
                baseline -= previous_descent + ascent
            else:
                baseline -= leading
        if auto:
            previous_descent = max(leading / 6.0, -line.descent)
        offset = (style.firstLineIndent + offsets[0]) if i == 0 else offsets[i]
        extra = line.extraSpace
        last = no_justify_last and i == last_index
        spaces = line.wordCount - 1 + sum(f.text.count(NBSP) for f in line.words if not hasattr(f, "cbDefn"))
        align = style.alignment
        if align == TA_JUSTIFY:
            simple = line.lineBreak or -1e-8 < extra <= 1e-8 or (last and extra > -1e-8)
        else:
            simple = extra > -1e-8
        if simple or spaces <= 0:
            shift = {TA_CENTER: extra / 2.0, TA_RIGHT: extra}.get(align, 0.0)
            out.append((style.leftIndent + offset + shift, 0.0, baseline))
        else:
            out.append((style.leftIndent + offset, extra / spaces, baseline))
    return out


def paint_inline_boxes(para: Paragraph) -> None:
    """Backgrounds and borders of inline boxes, line by line, behind the text about to be drawn."""
    canv = para.canv
    for line, (x, word_space, baseline) in zip(para.blPara.lines, _line_starts(para), strict=True):
        spans: dict[int, list[Any]] = {}  # id(box) -> [box, x0, x1, opens here, closes here]
        spaces = 0
        for frag in line.words:
            cb = getattr(frag, "cbDefn", None)
            start = x + spaces * word_space
            if cb is not None:
                width = float(getattr(cb, "width", 0) or 0) if cb.kind == "img" else 0.0
                ink_end = start + width
                x += width
            else:
                text = frag.text
                width = stringWidth(text, frag.fontName, frag.fontSize)
                inner = text.rstrip(" ")  # trailing spaces are not inked
                inner_width = width if len(inner) == len(text) else stringWidth(inner, frag.fontName, frag.fontSize)
                inner_spaces = inner.count(" ") + inner.count(NBSP)
                ink_end = start + inner_width + inner_spaces * word_space
                x += width
                spaces += text.count(" ") + text.count(NBSP)
            box = getattr(frag, "inline_box", None)
            if box is None:
                continue
            edge = getattr(frag, "spacer", False)
            for outer in box.chain():
                span = spans.get(id(outer))
                if span is None:  # its left edge is on this line if its first fragment here is an edge
                    span = spans[id(outer)] = [outer, start, ink_end, edge and outer is box, False]
                span[2] = max(span[2], ink_end)
                span[4] = edge and outer is box  # likewise the right edge and the last fragment
        for box, x0, x1, left, right in sorted(spans.values(), key=lambda s: s[0].depth):
            _paint_box(canv, box, x0, x1, baseline, left, right)


def _paint_box(canv: Any, box: Any, x0: float, x1: float, baseline: float, opens: bool, closes: bool) -> None:
    if box.background is None and not any(b.visible and b.color.alpha > 0 for b in box.borders):
        return  # nothing to see (visibility: hidden boxes keep only their room)
    ascent, descent = getAscentDescent(box.font, box.size)
    top_b, bottom_b = (b.width if b.visible else 0.0 for b in (box.borders[0], box.borders[2]))
    pad_top, pad_bottom = box.padding[0], box.padding[2]
    top = baseline + ascent + pad_top + top_b
    bottom = baseline + descent - pad_bottom - bottom_b
    if x1 <= x0 or top <= bottom:
        return
    radius = min(box.radius, (top - bottom) / 2.0, (x1 - x0) / 2.0)
    canv.saveState()
    if box.background is not None:
        canv.setFillColor(box.background)
        _outline(canv, x0, bottom, x1, top, radius if opens else 0.0, radius if closes else 0.0, fill=True)
    sides = box.borders
    uniform = all(b.visible for b in sides) and len({(b.width, b.style, str(b.color)) for b in sides}) == 1
    if uniform and sides[0].style in ("solid", "dashed", "dotted"):  # one path, rounded or not
        inset = sides[0].width / 2.0
        canv.setStrokeColor(sides[0].color)
        canv.setLineWidth(sides[0].width)
        if sides[0].style == "dashed":
            canv.setDash(3 * sides[0].width, 2 * sides[0].width)
        elif sides[0].style == "dotted":
            canv.setLineCap(1)
            canv.setDash(0.01, 2 * sides[0].width)
        _outline(
            canv,
            x0 + (inset if opens else 0.0),
            bottom + inset,
            x1 - (inset if closes else 0.0),
            top - inset,
            max(0.0, radius - inset) if opens else 0.0,
            max(0.0, radius - inset) if closes else 0.0,
            fill=False,
            open_left=not opens,
            open_right=not closes,
        )
    else:
        half = [b.width / 2.0 for b in sides]
        if sides[0].visible:
            draw_border_side(canv, sides[0], x0, top - half[0], x1, top - half[0])
        if sides[2].visible:
            draw_border_side(canv, sides[2], x0, bottom + half[2], x1, bottom + half[2])
        if opens and sides[3].visible:
            draw_border_side(canv, sides[3], x0 + half[3], bottom, x0 + half[3], top)
        if closes and sides[1].visible:
            draw_border_side(canv, sides[1], x1 - half[1], bottom, x1 - half[1], top)
    canv.restoreState()


def _outline(
    canv: Any,
    x0: float,
    y0: float,
    x1: float,
    y1: float,
    r_left: float,
    r_right: float,
    fill: bool,
    open_left: bool = False,
    open_right: bool = False,
) -> None:
    """A rectangle with the left and/or right corners rounded; stroked outlines can leave a cut side open
    (a box continued on the next or previous line)."""
    path = canv.beginPath()
    k = 0.5523  # control-point factor of a quarter circle
    path.moveTo(x0 + r_left, y1)
    path.lineTo(x1 - r_right, y1)
    if r_right:
        path.curveTo(x1 - r_right * (1 - k), y1, x1, y1 - r_right * (1 - k), x1, y1 - r_right)
    if open_right and not fill:
        path.moveTo(x1, y0 + r_right)
    else:
        path.lineTo(x1, y0 + r_right)
    if r_right:
        path.curveTo(x1, y0 + r_right * (1 - k), x1 - r_right * (1 - k), y0, x1 - r_right, y0)
    path.lineTo(x0 + r_left, y0)
    if r_left:
        path.curveTo(x0 + r_left * (1 - k), y0, x0, y0 + r_left * (1 - k), x0, y0 + r_left)
    if open_left and not fill:
        path.moveTo(x0, y1 - r_left)
    else:
        path.lineTo(x0, y1 - r_left)
    if r_left:
        path.curveTo(x0, y1 - r_left * (1 - k), x0 + r_left * (1 - k), y1, x0 + r_left, y1)
    if fill:
        path.close()
    canv.drawPath(path, stroke=0 if fill else 1, fill=1 if fill else 0)


def visual_lines(bl_para: Any, rtl: bool) -> Any:
    """A copy of ReportLab's broken lines with each line in drawing order."""
    if bl_para.kind == 0:
        lines = []
        for line in bl_para.lines:
            extra, words = line[0], line[1]
            text = " ".join(words)
            ordered = visual_runs([(text, None)], rtl)[0][0] if words else text
            lines.append((extra, ordered.split(" ") if words else words))
        return bl_para.clone(lines=lines)
    return bl_para.clone(lines=[_visual_frag_line(line, rtl) for line in bl_para.lines])


def _visual_frag_line(line: Any, rtl: bool) -> Any:
    words = line.words
    tail = []
    while words and getattr(words[-1], "lineBreak", False):  # a forced break stays last (it ends the line)
        tail.insert(0, words[-1])
        words = words[:-1]
    pieces = [
        (OBJECT if getattr(frag, "cbDefn", None) is not None else frag.text, frag) for frag in words if frag is not None
    ]
    ordered = visual_runs(pieces, rtl)
    if ordered is pieces:
        return line
    out: list[Any] = []
    for text, frag in ordered:
        if getattr(frag, "cbDefn", None) is not None:
            out.append(frag)
        else:
            out.append(frag.clone(text=text))
    return line.clone(words=out + tail)
