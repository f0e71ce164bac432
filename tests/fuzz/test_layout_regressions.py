"""Block layout the fuzzing found failing with "Content too large to fit on a page", reduced to
small documents. A browser lays every one of them out: a block taller than the page is split,
and what cannot be split (one line, one image, one table row) is shrunk to the page.
"""

from __future__ import annotations

import base64
import io
import struct
import zlib

import pdfplumber
import pytest

from pdflet import render_pdf
from tests.helpers import pdf_text

TEXT = "lorem ipsum dolor sit amet " * 40
LONG = "".join(f"<p>para {i} {TEXT}</p>" for i in range(12))


def _png(width: int, height: int) -> str:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return "data:image/png;base64," + base64.b64encode(data).decode()


IMG = _png(10, 40)


def _pages(data: bytes) -> list[tuple[float, float, str]]:
    """(width, height, text) of each page."""
    with pdfplumber.open(io.BytesIO(data)) as doc:
        return [(page.width, page.height, page.extract_text() or "") for page in doc.pages]


def test_orphans_and_widows_give_way_on_a_page_too_short_for_them():
    """Three lines on pages that hold two: orphans/widows (2 by default) could never be met."""
    data = render_pdf("Z[[[&amp;Z1]]]", page_size="200in 0.5in", margin="0 100in")
    assert "".join(pdf_text(data).split()) == "Z[[[&Z1]]]"


def test_a_paragraph_split_after_a_refused_split_keeps_the_indented_width():
    """ReportLab's frame passes its full width to split, ignoring the body margin's Indenter: after one
    refused split the paragraph was broken again at the wrong width and its first part did not fit."""
    text = "a1X b 😀 ZWW" + "W" * 300 + "Y [[[WWWWWW"
    data = render_pdf(f"<p>{text}</p>", margin="100in 0 100in 0")
    assert "".join(pdf_text(data).split()) == "".join(text.split())


def test_keep_with_next_is_measured_at_the_indented_width():
    """A heading (break-after: avoid) kept with nothing after it on an A10 page: ReportLab's
    KeepTogether measured it at the frame's full width, then it did not fit."""
    data = render_pdf("<h2>WW</h2><em></em><sup></sup>", page_size="A10")
    assert "WW" in "".join(pdf_text(data).split())


@pytest.mark.parametrize(
    "html",
    [
        "<table><tbody><tr><th><li></li></th><th>2&amp;b1é21a&lt;</th></tr></tbody></table>c",
        f"<table border=1><tr><td>{TEXT * 8} END</td><td>b</td></tr></table>",
        f"<table><thead><tr><th>H</th></tr></thead><tr><td>{TEXT * 8} END</td></tr><tr><td>next</td></tr></table>",
        f"<h2>Title</h2><table><tr><td>{TEXT * 8} END</td></tr></table>",
        "<table><tr><td>" * 8 + TEXT * 10 + " END" + "</td></tr></table>" * 8,
        f"<table><tr><td style='padding: 50pt'><img src='{IMG}' style='height: 3000px'></td><td>END</td></tr></table>",
    ],
    ids=["a10-narrow-cells", "row-taller-than-page", "with-header", "kept-heading", "nested", "tall-image"],
)
def test_a_table_row_taller_than_the_page_ends_in_a_pdf(html):
    data = render_pdf(html, **({"page_size": "A10"} if html.startswith("<table><tbody>") else {}))
    text = "".join(pdf_text(data).split())
    assert ("END" in text) or ("2&b1é21a<" in text)


def test_a_row_taller_than_the_page_is_split_across_pages_with_header_and_footer():
    rows = "".join(f"<tr><td>row {i}</td><td>x</td></tr>" for i in range(3))
    data = render_pdf(
        "<table border=1><thead><tr><th>Head</th><th>H2</th></tr></thead><tfoot><tr><td>Foot</td><td>F</td></tr>"
        f"</tfoot><tr><td>{TEXT * 8} END</td><td>short</td></tr>{rows}</table>"
    )
    pages = _pages(data)
    assert len(pages) == 2
    for _w, _h, text in pages:
        lines = text.splitlines()
        assert lines[0] == "Head H2" and lines[-1] == "Foot F"
    assert "short" in pages[0][2] and "END" in pages[1][2] and "row 2 x" in pages[1][2]
    assert "".join(pages[0][2].split()[2:]).startswith("lorem")
    with pdfplumber.open(io.BytesIO(data)) as doc:
        assert {round(c["size"]) for page in doc.pages for c in page.chars} == {12}  # split, not shrunk


def test_a_float_taller_than_the_page_stops_floating():
    data = render_pdf(f"<div style='float: left; width: 50%; background: #eee'>{LONG}</div><p>END beside</p>")
    text = pdf_text(data)
    assert "para 11" in text and "END beside" in text


def test_a_line_taller_than_the_page_is_shrunk():
    data = render_pdf(f"<p>x <img src='{IMG}' style='height: 900pt'> END</p>", page_size="A6")
    assert "END" in pdf_text(data)


@pytest.mark.parametrize(
    "html",
    [
        f"<div style='break-inside: avoid'>{LONG}<p>END</p></div>",
        "<div style='break-inside: avoid'><div style='break-inside: avoid'><p>a</p><p>b</p></div>"
        f"{LONG}<p>END</p></div>",
        f"<div style='page-break-inside: avoid'><img src='{IMG}' style='height: 3000px'><p>END</p></div>",
        f"<div style='break-inside: avoid; padding: 200pt; border: 1px solid'><p>{TEXT}</p><p>END</p></div>",
        "<div style='height: 2000px; padding: 100pt; background: #fcc'>END</div>",
        "<div style='min-height: 5000px; border: 3px solid'>END</div>",
        f"<div style='padding: 100pt; border: 1px solid'><img src='{IMG}' style='height: 2000px'>END</div>",
        f"<div style='border: 1px solid; padding: 10pt'><div style='float: right; width: 40%; border: 1px solid'>"
        f"{LONG}</div>{LONG}END</div>",
        f"<table><tr><td><div style='float: left'>{TEXT * 3}</div>{TEXT * 8} END</td></tr></table>",
        "<div style='padding: 30pt; border: 4pt double red'>" * 4 + LONG + "END" + "</div>" * 4,
    ],
    ids=["keep", "nested-keep", "keep-image", "keep-padding", "fixed-height", "min-height", "padded-image",
         "float-in-box", "float-in-cell", "nested-padding"],
)
def test_blocks_taller_than_a_page_end_in_a_pdf(html):
    assert "END" in pdf_text(render_pdf(html))


def test_a_fixed_height_box_moves_to_the_next_page_whole():
    """A fixed height that fits a page is kept (the box moves on), not given up at the page bottom."""
    filler = "<p>filler</p>" * 45
    data = render_pdf(filler + "<div style='height: 300pt; background: #f00'>BOX</div>", page_size="A4")
    pages = _pages(data)
    assert len(pages) == 2 and "BOX" in pages[1][2]
    with pdfplumber.open(io.BytesIO(data)) as doc:
        reds = [r for r in doc.pages[1].rects if tuple(r.get("non_stroking_color") or ()) == (1, 0, 0)]
        assert reds and abs((reds[0]["bottom"] - reds[0]["top"]) - 300) < 2


def test_nested_indents_on_a_tiny_page_leave_the_text_some_width():
    """Indenters add up in the frame: a blockquote and a list on a 36pt page left the text a negative
    width, and the paragraph was split with no lines ("'Para' object has no attribute 'blPara'")."""
    html = "<style>@page { size: 36pt; margin: 0 }</style><blockquote><ul><li>ab cd</li></ul></blockquote>"
    assert "".join(pdf_text(render_pdf(html)).split()) == "abcd"


@pytest.mark.timeout(60)
def test_a_kept_heading_too_tall_for_a_page_before_a_page_break_does_not_loop():
    """A heading (kept with what follows) that no page can hold, then a forced break: the keep
    group had nothing to keep it with and split back into itself, forever."""
    html = (
        "<div style='font-size: 200px; float: left; padding: 300px'>word <h2 style='margin: 0'>word </h2>"
        f"<section style='break-before: page'>{'x' * 170}</section></div>L"
    )
    text = "".join(pdf_text(render_pdf(html)).split())  # the padding leaves a narrow column: words break
    assert text.startswith("wordword") and text.count("x") == 170 and text.endswith("L")


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "html",
    [
        # a zero font size inside a float taller than the page: a zero line height ReportLab divided by
        "<ul style='height: 2000px; font-size: 0; float: right'>" + "x" * 140
        + "<h2 style='font-size: 200px; width: 10px'>" + "x" * 140 + "</h2></ul>word",
        # a 10 px wide heading: wrapped again, its part for the page had more lines than the split counted
        "<h2 style='width: 10px'><div><ul style='page-break-inside: avoid; border: 5px dashed; padding: 300px'>"
        "word <b>" + "Lorem ipsum dolor sit amet " * 12 + "</b></ul></div></h2>",
    ],
)
def test_degenerate_widths_and_sizes_still_lay_out(html):
    assert pdf_text(render_pdf(html))


def test_tags_nested_thousands_deep_are_dropped_past_the_limit_and_their_text_kept():
    from pdflet.renderers.reportlab.parse import MAX_RAW_DEPTH, limit_nesting

    html = "<div>" * 3000 + "deep <br> text" + "</div>" * 3000 + "<p>after</p>"
    limited = limit_nesting(html)
    assert limited.count("<div>") == MAX_RAW_DEPTH and limited.count("</div>") == MAX_RAW_DEPTH
    assert "deep <br> text" in limited and limited.endswith("<p>after</p>")
    text = pdf_text(render_pdf(html))
    assert "deep" in text and "text" in text and "after" in text
