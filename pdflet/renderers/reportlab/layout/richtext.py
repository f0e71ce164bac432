"""Paragraphs that need work at drawing time which ReportLab's paragraph does not do.

Right-to-left text is kept in logical order (Arabic already joined, see ``bidi.py``) through measuring and
line breaking, and turned into visual order one line at a time just before the lines are drawn: the Unicode
bidi algorithm reorders within a line (rule L2), so a paragraph reordered as a whole would draw its first words
on its last line. Splitting across pages works on the logical lines, so a continued paragraph stays correct.

Only paragraphs that hold such content are built as :class:`RichPara`; every other paragraph is a plain
``Para`` and pays nothing.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph

from pdflet.renderers.reportlab.bidi import visual_runs
from pdflet.renderers.reportlab.layout.flowables import Para

OBJECT = "\ufffc"  # stands for an image or anchor while a line is reordered (a neutral, like the browser's)


class RichPara(Para):
    """A paragraph drawn with its lines in visual order (``bidi_base`` 0 for ltr, 1 for rtl, None for no
    right-to-left text)."""

    bidi_base: int | None = None

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = Para.split(self, availWidth, availHeight)
        for part in parts:
            if part is not self:
                part.bidi_base = self.bidi_base
        return parts

    def drawPara(self, debug: int = 0) -> None:
        logical = self.blPara
        if self.bidi_base is not None:
            self.blPara = visual_lines(logical, self.bidi_base == 1)
        try:
            Paragraph.drawPara(self, debug)
        finally:
            self.blPara = logical


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
