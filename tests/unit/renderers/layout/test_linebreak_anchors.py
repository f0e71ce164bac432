"""The fast line breaker with zero-width anchors (link targets, footnote calls): the same lines as ReportLab's
own breaker, without falling back to it (which compares fragments word by word: a paragraph of thousands
of footnote calls took most of a minute)."""

from __future__ import annotations

import copy

from reportlab.lib.abag import ABag
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus.paraparser import ParaFrag

from pdflet.renderers.reportlab.layout.linebreak import fast_break_lines


def _frag(text: str, font: str = "Helvetica", size: float = 10) -> ParaFrag:
    frag = ParaFrag()
    frag.text, frag.fontName, frag.fontSize, frag.rise = text, font, size, 0
    frag.textColor, frag.us_lines, frag.link, frag.backColor = None, [], [], None
    return frag


def _anchor(name: str) -> ParaFrag:
    frag = _frag("")
    frag.cbDefn = ABag(kind="anchor", label="anchor", name=name)
    return frag


def _break() -> ParaFrag:
    frag = _frag("")
    frag.lineBreak = True
    return frag


def _lines(lines) -> list[tuple[float, int, str, tuple[str, ...]]]:
    """Per line: its free space, word count, drawn text and the anchors on it."""
    out = []
    for line in lines.lines:
        anchors = tuple(w.cbDefn.name for w in line.words if hasattr(w, "cbDefn"))
        text = " ".join("".join(w.text for w in line.words if not hasattr(w, "cbDefn")).split())
        out.append((round(line.extraSpace, 6), line.wordCount, text, anchors))
    return out


CASES = [
    [_frag("word "), _anchor("a"), _frag("next words here and more")],  # after a word's space
    [_frag("call"), _anchor("b"), _frag("1", "Helvetica", 7), _frag(" and text goes on for a while")],  # in a word
    [_anchor("c"), _frag("Heading text that is long enough to wrap")],  # at the start
    [_frag("one"), _break(), _anchor("d"), _anchor("e"), _frag("two three four five six seven")],  # after <br>
    [_frag("bold words", "Helvetica-Bold"), _anchor("f"), _frag(" plain words after the anchor and more")],
]


def test_fast_lines_with_anchors_match_reportlab():
    style = ParagraphStyle("s", fontName="Helvetica", fontSize=10, leading=12)
    for frags in CASES:
        for width in (40, 80, 150):
            fast = fast_break_lines(Paragraph("", style, frags=copy.deepcopy(frags)), [width, width])
            assert fast is not None  # the fast path took it
            slow = Paragraph.breakLines(Paragraph("", style, frags=copy.deepcopy(frags)), [width, width])
            assert _lines(fast) == _lines(slow)


def test_an_anchor_alone_as_a_word_is_left_to_reportlab():
    style = ParagraphStyle("s", fontName="Helvetica", fontSize=10, leading=12)
    frags = [_anchor("x"), _frag(" text after a space")]
    assert fast_break_lines(Paragraph("", style, frags=frags), [100, 100]) is None


def test_a_paragraph_of_footnote_calls_is_broken_without_reportlabs_breaker(pdf, monkeypatch):
    calls = []
    original = Paragraph.breakLines
    monkeypatch.setattr(Paragraph, "breakLines", lambda self, w: calls.append(1) or original(self, w))
    style = "<style>.fn { float: footnote }</style>"
    doc = pdf(style + "<p>" + "".join(f"word<span class=fn>note {i}</span> and " for i in range(300)) + "</p>")
    assert "note 299" in "".join(page.extract_text() or "" for page in doc.pages)
    assert not calls
