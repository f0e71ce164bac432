"""A table's own padding, and the ``align``/``nowrap`` attributes of cells, read back from the PDF."""

from __future__ import annotations

RESET = "<style>body { margin: 0 } p { margin: 0 }</style>"
PAGE = {"margin": (0.0, 0.0, 0.0, 0.0)}


def _word(doc, text: str) -> dict:
    return next(w for w in doc.pages[0].extract_words() if w["text"] == text)


def test_table_padding_moves_the_cells_in_and_the_next_block_down(pdf):
    doc = pdf(
        RESET + "<table style='padding: 30pt; border-spacing: 0; width: 300pt; background: #eee'>"
        "<tr><td style='padding: 0'>Padded</td></tr></table><p>After</p>",
        **PAGE,
    )
    padded = _word(doc, "Padded")
    assert abs(padded["x0"] - 30) < 0.5 and abs(padded["top"] - 30) < 3
    (rect,) = doc.pages[0].rects  # the background covers the padding: 300 wide (border-box), 60 + a line tall
    assert abs(rect["x1"] - rect["x0"] - 300) < 0.5 and rect["bottom"] - rect["top"] > 60
    assert _word(doc, "After")["top"] >= rect["bottom"] - 0.5


def test_table_padding_does_not_apply_to_collapsed_borders(pdf):
    doc = pdf(
        RESET + "<table style='padding: 30pt; border-collapse: collapse'><tr><td style='padding: 0'>Cell</td>"
        "</tr></table>",
        **PAGE,
    )
    assert _word(doc, "Cell")["x0"] < 1


def test_padded_table_splits_across_pages_without_losing_rows(pdf):
    rows = "".join(f"<tr><td>row{i}</td></tr>" for i in range(120))
    doc = pdf(RESET + f"<table style='padding: 40pt'>{rows}</table>", **PAGE)
    text = doc.text()
    assert all(f"row{i}" in text for i in range(120)) and len(doc.pages) >= 2
    for page in doc.pages:
        assert all(w["bottom"] <= page.height + 0.5 for w in page.extract_words())


def test_align_attributes_on_cells_and_header_cells(pdf):
    doc = pdf(
        RESET + "<table style='width: 400pt'><tr><th align=left>Head</th><td align=RIGHT>Right</td></tr>"
        "<tr><th>Mid</th><td align=center>C</td></tr></table>",
        **PAGE,
    )
    head, right, mid, centre = (_word(doc, t) for t in ("Head", "Right", "Mid", "C"))
    assert head["x0"] < 5  # align=left beats th's centring
    assert mid["x0"] > head["x0"] + 5  # a plain th stays centred
    assert right["x1"] > 390  # pushed to the right edge of the table
    assert right["x0"] > centre["x0"] > mid["x1"]


def test_author_css_beats_the_align_attribute(pdf):
    doc = pdf(
        RESET + "<style>td { text-align: left }</style><table style='width: 400pt'><tr><td>x</td>"
        "<td align=right>Right</td></tr></table>",
        **PAGE,
    )
    assert _word(doc, "Right")["x1"] < 300


def test_nowrap_keeps_a_cell_on_one_line(pdf):
    doc = pdf(
        RESET + "<table style='width: 400pt'><tr><td nowrap width=50>alpha beta gamma</td><td>x</td></tr></table>",
        **PAGE,
    )
    words = doc.pages[0].extract_words()
    assert len({round(w["top"]) for w in words}) == 1, words


def test_a_nested_table_does_not_take_a_cells_align(pdf):
    doc = pdf(
        RESET + "<table style='width: 400pt'><tr><td align=center>Direct<table style='width: 100%'><tr>"
        "<td>Nested</td></tr></table><p>Para</p></td></tr></table>",
        **PAGE,
    )
    assert _word(doc, "Direct")["x0"] > 150 and _word(doc, "Para")["x0"] > 150  # centred, as in Chromium
    assert _word(doc, "Nested")["x0"] < 10


def test_a_row_that_would_leave_the_page_mostly_empty_splits_there(pdf):
    # as in a padded e-mail layout: a short row, then one tall row that fits a fresh page but not the rest
    # of this one; browsers split it instead of leaving most of the page empty
    lines = "".join(f"<p>line{i}</p>" for i in range(20))
    doc = pdf(
        RESET + "<table style='padding: 20pt'><tr><td style='height: 120pt'>Top</td></tr>"
        f"<tr><td><table><tr><td>{lines}</td></tr></table></td></tr></table>",
        page_size=(300.0, 400.0),
        **PAGE,
    )
    first = doc.pages[0].extract_text()
    assert "Top" in first and "line0" in first and "line19" not in first
    assert "line19" in doc.text() and len(doc.pages) == 2


def test_a_table_of_header_rows_only_splits_across_pages(pdf):
    # nothing follows the header to repeat it over: it splits like body rows (this raised IndexError)
    doc = pdf(
        "<style>@page { size: 5in 3in; margin: 0.5in } p { height: 1in; margin: 0 }</style>"
        "<p>one</p><table><thead style='page-break-inside: avoid'><tr><td><p>two</p><p>three</p></td></tr>"
        "</thead></table>"
    )
    text = doc.text()
    assert "two" in text and "three" in text and len(doc.pages) >= 2
