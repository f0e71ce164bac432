"""Pages: @page size/margins/:first, margin boxes, breaks, request options, header/footer, metadata,
outline and links."""

from __future__ import annotations

import io

import pypdf


def _reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def test_page_size_names_lengths_and_landscape(pdf):
    assert round(pdf("<style>@page { size: letter }</style>x").pages[0].width) == 612
    doc = pdf("<style>@page { size: A4 landscape }</style>x")
    assert round(doc.pages[0].width) == 842 and round(doc.pages[0].height) == 595
    doc = pdf("<style>@page { size: 100mm 150mm }</style>x")
    assert round(doc.pages[0].width) == 283 and round(doc.pages[0].height) == 425


def test_page_margins_and_first_page(pdf):
    doc = pdf(
        "<style>@page { margin: 1in } @page :first { margin-top: 2in } body { margin: 0 } p { margin: 0 }"
        " .b { page-break-before: always }</style><p>first</p><p class='b'>second</p>"
    )
    first = doc.chars_of("first", 0)[0]
    second = doc.chars_of("second", 1)[0]
    assert abs(first["x0"] - 72) < 1
    assert 144 < first["top"] < 160
    assert 72 < second["top"] < 88


def test_request_options_win_over_at_page(pdf):
    doc = pdf(
        "<style>@page { size: A5; margin: 50mm }</style><p>x</p>", page_size=(612.0, 792.0), orientation="landscape"
    )
    assert round(doc.pages[0].width) == 792


def test_break_after_and_break_inside_avoid(pdf):
    doc = pdf("<p style='break-after: page'>one</p><p>two</p>")
    assert len(doc.pages) == 2
    filler = "".join(f"<p>filler {i}</p>" for i in range(38))
    block = "<div style='page-break-inside: avoid'>" + "".join(f"<p>kept {i}</p>" for i in range(10)) + "</div>"
    doc = pdf(filler + block)
    page_of = next(i for i, page in enumerate(doc.pages) if "kept 0" in (page.extract_text() or ""))
    assert "kept 9" in (doc.pages[page_of].extract_text() or "")


def test_margin_boxes_with_page_counters(pdf):
    doc = pdf(
        "<style>@page { @bottom-right { content: 'Page ' counter(page) ' of ' counter(pages) }"
        " @top-center { content: 'Report' } } .b { break-before: page }</style><p>a</p><p class='b'>b</p>"
    )
    assert "Page 1 of 2" in doc.pages[0].extract_text()
    assert "Page 2 of 2" in doc.pages[1].extract_text()
    report = doc.chars_of("Report", 1)[0]
    assert report["top"] < 28.8
    assert abs((report["x0"] + doc.chars_of("Report", 1)[-1]["x1"]) / 2 - doc.pages[1].width / 2) < 1


def test_header_and_footer_options(pdf):
    doc = pdf(
        "<p>a</p><p style='break-before: page'>b</p>",
        margin=(60.0, 36.0, 60.0, 36.0),
        header_html="<div>Head <span class='pageNumber'></span>/<span class='totalPages'></span></div>",
        footer_html="<p style='text-align: right'>Foot</p>",
    )
    assert "Head 1/2" in doc.pages[0].extract_text()
    assert "Head 2/2" in doc.pages[1].extract_text()
    assert doc.chars_of("Head", 0)[0]["top"] < 60
    assert doc.chars_of("Foot", 1)[0]["top"] > doc.pages[1].height - 60


def test_metadata_from_title_and_options(pdf):
    doc = pdf("<title>Doc Title</title><p>x</p>", author="Ann", subject="Subj", keywords="a, b")
    meta = _reader(doc.data).metadata
    assert meta.title == "Doc Title" and meta.author == "Ann" and meta.subject == "Subj"
    doc = pdf("<title>Doc Title</title><p>x</p>", title="Override")
    assert _reader(doc.data).metadata.title == "Override"


def test_outline_from_headings(pdf):
    doc = pdf("<h1>One</h1><h2>One.A</h2><h3>Deep</h3><h1>Two</h1><h4>not listed</h4>")
    outline = _reader(doc.data).outline

    def titles(items):
        return [titles(i) if isinstance(i, list) else i.title for i in items]

    assert titles(outline) == ["One", ["One.A", ["Deep"]], "Two"]


def test_external_and_internal_links(pdf):
    doc = pdf(
        "<p><a href='https://example.com/a'>ext</a> <a href='#target'>int</a> <a href='javascript:alert(1)'>js</a>"
        " <a href='#missing'>none</a></p><p style='break-before: page' id='target'>there</p>"
    )
    reader = _reader(doc.data)
    annots = [a.get_object() for a in reader.pages[0].get("/Annots", [])]
    uris = [a["/A"]["/URI"] for a in annots if "/A" in a]
    assert uris == ["https://example.com/a"]
    dests = [a["/Dest"] for a in annots if "/Dest" in a]
    assert len(dests) == 1
    assert dests[0][0].get_object() == reader.pages[1].get_object()


def test_a_heading_near_the_page_end_stays_with_the_start_of_its_paragraph(pdf):
    """break-after: avoid keeps the heading with the paragraph's first lines, not with all of it: a long
    paragraph after it does not leave the rest of the page empty."""
    doc = pdf("<p>filler</p>" * 20 + "<h2>Heading</h2><p>" + "word " * 600 + "</p>")
    first = (doc.pages[0].extract_text() or "").splitlines()
    assert "Heading" in first
    assert first[-1].startswith("word")


def test_a_heading_that_fits_with_no_line_of_its_paragraph_moves_with_it(pdf):
    doc = pdf("<p style='margin: 0; line-height: 1'>x</p>" * 64 + "<h2>Heading</h2><p>" + "word " * 600 + "</p>")
    first = (doc.pages[0].extract_text() or "").splitlines()
    assert "Heading" not in first
    assert (doc.pages[1].extract_text() or "").startswith("Heading")


def test_a_heading_is_not_left_alone_at_a_page_end_before_a_block(pdf):
    """<h2> then <div><p>: ReportLab kept the heading with the div's Indenter only, which has no height."""
    for lines in range(56, 64):
        doc = pdf(
            "<p style='margin: 0; line-height: 12pt'>x</p>" * lines
            + "<h2>Heading</h2><div style='margin-left: 20pt'><p>" + "word " * 300 + "</p></div>"
        )
        first = (doc.pages[0].extract_text() or "").splitlines()
        assert first[-1] != "Heading", lines
        assert "Heading" in first or (doc.pages[1].extract_text() or "").startswith("Heading")
