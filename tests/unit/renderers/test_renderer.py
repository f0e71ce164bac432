"""End to end: HTML in, PDF out, read back."""

from __future__ import annotations

import pdflet


def test_render_pdf_library_call_reads_back_heading(pdf):
    doc = pdf("<h1>Hello</h1>")
    assert doc.text().strip() == "Hello"


def test_render_pdf_through_plugins():
    data = pdflet.render_pdf("<h1>Hello</h1><p>World</p>")
    assert data.startswith(b"%PDF")


def test_heading_is_bold_and_twice_the_body_size(pdf):
    doc = pdf("<h1>Big</h1><p>small</p>")
    big = doc.chars_of("Big")[0]
    small = doc.chars_of("small")[0]
    assert round(big["size"], 1) == 24.0
    assert round(small["size"], 1) == 12.0
    assert "Bold" in big["fontname"]
    assert "Bold" not in small["fontname"]


def test_inline_bold_italic_and_line_break(pdf):
    doc = pdf("<p>a <b>bold</b> <i>ital</i><br>next line</p>")
    assert "Bold" in doc.chars_of("bold")[0]["fontname"]
    assert "Italic" in doc.chars_of("ital")[0]["fontname"]
    assert doc.chars_of("next")[0]["top"] > doc.chars_of("bold")[0]["top"] + 5


def test_default_page_is_a4_with_chromium_margins(pdf):
    doc = pdf("<p>x</p>")
    page = doc.pages[0]
    assert round(page.width) == 595 and round(page.height) == 842
    first = doc.chars_of("x")[0]
    # 0.4in page margin + 8px body margin
    assert abs(first["x0"] - (28.8 + 6)) < 1.5


def test_page_options_win(pdf):
    doc = pdf("<style>@page { size: A5 }</style><p>x</p>", page_size=(612.0, 792.0), margin=(72.0,) * 4)
    assert round(doc.pages[0].width) == 612
    assert abs(doc.chars_of("x")[0]["x0"] - (72 + 6)) < 1.5


def test_a_document_laid_out_several_times_is_parsed_once(monkeypatch):
    """Footnotes and ``target-counter()`` lay a document out up to four times; html5lib's parse (the
    slowest stage for many small elements) runs once, each layout styling a copy of its tree."""
    from pdflet.renderers.base import RenderJob
    from pdflet.renderers.reportlab import renderer as module

    parses = []
    original = module.parse_html
    monkeypatch.setattr(module, "parse_html", lambda *a, **k: parses.append(1) or original(*a, **k))
    layouts = []
    layout = module.ReportLabRenderer._layout
    monkeypatch.setattr(module.ReportLabRenderer, "_layout", lambda self, *a: layouts.append(1) or layout(self, *a))
    html = "<style>.fn { float: footnote }</style>" + "<p>text<span class=fn>a note</span> more</p>" * 3
    result = module.ReportLabRenderer().render(RenderJob(html=html))
    assert result.pages == 1
    assert len(layouts) >= 2
    assert len(parses) == 1
