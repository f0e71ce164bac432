"""Our flowables driven directly, the way ReportLab's frame and our containers drive them."""

from __future__ import annotations

import io

import pdfplumber
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from pdflet.renderers.reportlab.layout.flowbase import Shrunk
from pdflet.renderers.reportlab.layout.paragraphs import Para


def _para(text: str) -> Para:
    style = ParagraphStyle("t", fontName="Helvetica", fontSize=10, leading=12, allowOrphans=0, allowWidows=0)
    return Para(text, style)  # a constant of the test: no document text becomes markup


def _drawn_chars(draw) -> list[dict]:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    draw(canvas)
    canvas.save()
    with pdfplumber.open(io.BytesIO(buffer.getvalue())) as doc:
        return doc.pages[0].chars


def test_a_paragraph_drawn_after_a_refused_split_wraps_again():
    """ReportLab's split forgets the line breaks when it refuses (orphans): a container that still
    draws the paragraph raised "'Para' object has no attribute 'blPara'"."""
    para = _para("one two three four five six seven eight nine ten")
    para.wrap(60, 1000)
    assert para.split(60, 13) == []  # one line of room: orphans refuse it
    assert not hasattr(para, "blPara")
    chars = _drawn_chars(lambda canvas: para.drawOn(canvas, 72, 600))
    assert "".join(c["text"] for c in chars).replace(" ", "") == "onetwothreefourfivesixseveneightnineten"


def test_shrunk_content_is_scaled_to_the_room_it_was_given():
    para = _para("word " * 200)
    shrunk = Shrunk(para, 50.0)
    width, height = shrunk.wrap(100, 1000)
    assert abs(height - 50.0) < 1e-6 and width < 100
    chars = _drawn_chars(lambda canvas: shrunk.drawOn(canvas, 72, 600))
    assert sum(c["text"] == "w" for c in chars) == 200
    assert max(c["size"] for c in chars) < 10 * 50.0 / para.wrap(100, 1000)[1] + 0.01
    assert min(c["top"] for c in chars) > 842 - 650 - 1 and max(c["bottom"] for c in chars) < 842 - 600 + 1
