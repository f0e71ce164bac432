"""Forced breaks per CSS Fragmentation 3: only between content, combined when adjacent, left/right/recto/verso
with one blank page when needed, and named pages (``page: NAME``) as breaks."""

from __future__ import annotations

import time

import pytest

from pdflet.renderers.reportlab.layout.breaks import ForcedBreak, combined, physical_side


def texts(doc) -> list[str]:
    return [(page.extract_text() or "").strip() for page in doc.pages]


def test_no_break_before_the_first_content_or_after_the_last(pdf):
    assert texts(pdf("<h1 style='break-before: page'>Title</h1><p>text</p>")) == ["Title\ntext"]
    assert texts(pdf("<p>one</p><p style='break-after: page'>two</p>")) == ["one\ntwo"]
    # nested: the break is on an element inside wrappers, at the very start and end of the document
    html = "<div><section><p style='page-break-before: always'>a</p></section></div><div><p>b</p></div>"
    assert texts(pdf(html + "<div style='break-after: page'></div>")) == ["a\nb"]


def test_adjacent_forced_breaks_make_one(pdf):
    doc = pdf("<p style='break-after: page'>one</p><p style='break-before: page'>two</p>")
    assert texts(doc) == ["one", "two"]
    chapters = "".join(
        f"<section style='break-before: page; break-after: page'><h2>Chapter {i}</h2><p>text</p></section>"
        for i in range(4)
    )
    assert texts(pdf(chapters)) == [f"Chapter {i}\ntext" for i in range(4)]
    # the breaks of a wrapper's end and of the next block's start, with indentation between them
    doc = pdf(
        "<div style='margin-left: 20px'><p style='break-after: page'>x</p></div><p style='break-before: page'>y</p>"
    )
    assert texts(doc) == ["x", "y"]


def test_right_and_left_breaks_add_one_blank_page_when_needed(pdf):
    doc = pdf("<p>A</p><p style='break-before: right'>B</p><p style='break-before: right'>C</p>")
    assert texts(doc) == ["A", "", "B", "", "C"]  # B and C on pages 3 and 5, both right-hand
    doc = pdf("<p>A</p><p style='break-before: left'>B</p><p style='break-after: left'>C</p><p>D</p>")
    assert texts(doc) == ["A", "B\nC", "", "D"]
    # page after a break already on the right side: no blank page
    assert texts(pdf("<p>A</p><p style='break-before: left'>B</p>")) == ["A", "B"]


def test_a_side_break_before_the_first_content_sets_the_first_page_side(pdf):
    doc = pdf(
        "<style>@page :left { @top-left { content: 'left' } } @page :right { @top-right { content: 'right' } }"
        "</style><p style='break-before: left'>A</p><p style='break-before: page'>B</p>"
    )
    first, second = texts(doc)
    assert "A" in first and "left" in first and "right" not in first
    assert "B" in second and "right" in second


def test_recto_and_verso_follow_the_page_progression(pdf):
    # the first page is the recto: a right-hand page left to right, a left-hand page right to left
    for start in ("", "<html dir='rtl'><body>"):
        assert texts(pdf(start + "<p>A</p><p style='break-before: recto'>B</p>")) == ["A", "", "B"]
        assert texts(pdf(start + "<p>A</p><p style='break-before: verso'>B</p>")) == ["A", "B"]
    right = "<p>A</p><p style='break-before: right'>B</p>"
    assert texts(pdf(right)) == ["A", "", "B"]
    assert texts(pdf("<html dir='rtl'><body>" + right)) == ["A", "B"]


def test_an_empty_block_with_a_break_still_breaks(pdf):
    doc = pdf("<p>A</p><div style='page-break-after: always'></div><p>B</p>")
    assert texts(doc) == ["A", "B"]
    doc = pdf("<p>A</p><div style='break-before: page'></div><div style='break-after: page'></div><p>B</p>")
    assert texts(doc) == ["A", "B"]


def test_a_break_inside_a_painted_box_keeps_its_side(pdf):
    doc = pdf("<div style='border: 1px solid black'><p>A</p><p style='break-before: right'>B</p></div>")
    assert texts(doc) == ["A", "", "B"]


def test_named_pages_break_where_the_name_changes(pdf):
    html = (
        "<style>@page wide { size: A4 landscape } .wide { page: wide }</style>"
        "<p>intro</p><div class='wide'>table 1</div><div class='wide'>table 2</div><p>outro</p>"
    )
    doc = pdf(html)
    assert texts(doc) == ["intro", "table 1\ntable 2", "outro"]
    sizes = [(round(page.width), round(page.height)) for page in doc.pages]
    assert sizes == [(595, 842), (842, 595), (595, 842)]


def test_a_named_page_first_in_the_document_names_the_first_page(pdf):
    doc = pdf("<style>@page cover { size: A5 } body { page: cover }</style><p>cover</p>")
    assert [(round(p.width), round(p.height)) for p in doc.pages] == [(420, 595)]
    doc = pdf("<style>@page cover { size: A5 }</style><div style='page: cover'>c</div><p>body</p>")
    assert texts(doc) == ["c", "body"]
    assert [round(p.width) for p in doc.pages] == [420, 595]


def test_a_named_page_after_a_page_filled_exactly_restyles_the_new_page(pdf):
    # the first paragraph fills page one, so the named block begins on a fresh page that must take its size
    filler = "".join(f"<p style='margin:0; line-height: 20px'>line {i}</p>" for i in range(200))
    doc = pdf("<style>@page land { size: A4 landscape }</style>" + filler + "<div style='page: land'>named</div>")
    last = doc.pages[-1]
    assert "named" in (last.extract_text() or "")
    assert round(last.width) == 842
    assert all("named" not in (p.extract_text() or "") for p in doc.pages[:-1])


def test_combining_breaks():
    assert combined(ForcedBreak("page"), ForcedBreak("right")).side == "right"
    assert combined(ForcedBreak("left"), ForcedBreak("page")).side == "left"
    assert combined(ForcedBreak("page", "a"), ForcedBreak("name", None)).name == "a"
    assert physical_side("recto", rtl=True) == "left" and physical_side("verso", rtl=False) == "left"


@pytest.mark.parametrize("side", ["right", "page"])
def test_many_empty_breaking_elements_stay_bounded(pdf, side):
    started = time.monotonic()
    doc = pdf("<p>A</p>" + f"<div style='break-after: {side}'></div>" * 20_000 + "<p>B</p>")
    assert texts(doc) == ["A", "B"] if side == "page" else ["A", "", "B"]
    assert time.monotonic() - started < 20


def test_a_run_of_side_breaks_on_an_empty_page_restyles_it_once(pdf, monkeypatch):
    """``break-after: right`` on thousands of empty elements: each break finds the first page still empty and
    already right-hand; restyling it (its set-up painted again) per break made 100,000 of them take seconds."""
    from pdflet.renderers.reportlab.page_flow import PageFlow

    restyled = []
    original = PageFlow._retemplate
    monkeypatch.setattr(PageFlow, "_retemplate", staticmethod(lambda doc, t: restyled.append(t) or original(doc, t)))
    doc = pdf("<style>i { display: block; break-after: right }</style>" + "<i></i>" * 500 + "<p>end</p>")
    assert len(doc.pages) == 1
    assert "end" in (doc.pages[0].extract_text() or "")
    assert len(restyled) <= 2


def test_break_inside_avoid_counts_the_top_margin_of_a_heading_first_in_the_block(pdf):
    # the heading has an outline entry (a zero-size mark) before it: its 60pt margin must still count, or the
    # block measures 60pt short, "fits", and its last lines spill onto the next page
    lines = " ".join(f"line{i}" for i in range(7))
    html = (
        "<style>body { margin: 0 } h2 { margin: 60pt 0 0; font-size: 12pt; line-height: 15pt }"
        " p { margin: 0; width: 40pt; line-height: 15pt } section { break-inside: avoid }</style>"
        f"<div style='height: 630pt'></div><section><h2>Heading</h2><p>{lines}</p></section>"
    )
    doc = pdf(html, margin=(36.0, 36.0, 36.0, 36.0))
    texts = [page.extract_text() or "" for page in doc.pages]
    assert len(texts) == 2 and "Heading" in texts[1] and "line6" in texts[1] and "line0" in texts[1]


def test_the_top_margin_after_a_forced_break_is_kept_and_after_an_unforced_one_truncated(pdf):
    html = (
        "<style>body { margin: 0 } p { margin: 0; line-height: 12pt; font-size: 10pt } h2 { margin: 30pt 0 0;"
        " font-size: 10pt; line-height: 12pt }</style><p>first</p><h2 style='break-before: page'>forced</h2>"
        "<div style='height: 760pt'></div><h2>unforced</h2>"
    )
    doc = pdf(html, margin=(36.0, 36.0, 36.0, 36.0))
    assert abs(doc.chars_of("forced", page=1)[0]["top"] - (36 + 30)) < 3  # CSS Fragmentation 3 §5.2
    assert abs(doc.chars_of("unforced", page=2)[0]["top"] - 36) < 3
