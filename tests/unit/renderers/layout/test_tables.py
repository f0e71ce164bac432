"""Tables: spans, widths, borders, alignment, nesting, captions, header rows repeated on every page."""

from __future__ import annotations

RESET = "<style>body { margin: 0 } table { border-collapse: collapse } td, th { padding: 2pt }</style>"
PAGE = {"margin": (36.0, 36.0, 36.0, 36.0)}


def test_cells_in_a_grid(pdf):
    doc = pdf(RESET + "<table><tr><td>a1</td><td>b1</td></tr><tr><td>a2</td><td>b2</td></tr></table>", **PAGE)
    a1, b1, a2 = doc.chars_of("a1")[0], doc.chars_of("b1")[0], doc.chars_of("a2")[0]
    assert abs(a1["top"] - b1["top"]) < 0.5 and b1["x0"] > a1["x1"]
    assert a2["top"] > a1["top"] + 5 and abs(a2["x0"] - a1["x0"]) < 0.5


def test_colspan_and_rowspan(pdf):
    doc = pdf(
        RESET + "<table style='width: 300pt'><tr><td colspan='2' style='text-align:center'>wide</td>"
        "<td rowspan='2'>tall</td></tr><tr><td>x</td><td>y</td></tr><tr><td>p</td><td>q</td><td>r</td></tr></table>",
        **PAGE,
    )
    wide = doc.chars_of("wide")
    centre = (wide[0]["x0"] + wide[-1]["x1"]) / 2
    x, y = doc.chars_of("x")[0], doc.chars_of("y")[0]
    assert x["x0"] < centre < y["x1"] + 10
    r = doc.chars_of("r")[0]
    tall = doc.chars_of("tall")[0]
    assert abs(r["x0"] - tall["x0"]) < 0.5 and r["top"] > doc.chars_of("y")[0]["top"]


def test_percent_and_fixed_widths(pdf):
    doc = pdf(
        RESET + "<table style='width: 400pt; border: 1pt solid black'><tr><td style='width: 25%'>q</td>"
        "<td style='width: 100pt'>f</td><td>rest</td></tr></table>",
        **PAGE,
    )
    q, f, rest = doc.chars_of("q")[0], doc.chars_of("f")[0], doc.chars_of("rest")[0]
    assert abs((f["x0"] - q["x0"]) - 100) < 2
    assert abs((rest["x0"] - f["x0"]) - 100 - 4) < 3


def test_borders_and_backgrounds(pdf):
    doc = pdf(
        RESET + "<table><tr><th style='background: #ff0000; border: 1pt solid #0000ff'>h</th></tr></table>", **PAGE
    )
    page = doc.pages[0]
    assert any(tuple(round(v, 2) for v in r["non_stroking_color"]) == (1.0, 0.0, 0.0) for r in page.rects)
    strokes = [
        e
        for e in page.lines + page.rects
        if tuple(round(v, 2) for v in e.get("stroking_color") or ()) == (0.0, 0.0, 1.0)
    ]
    assert len(strokes) >= 4
    assert "Bold" in doc.chars_of("h")[0]["fontname"]


def test_cell_alignment(pdf):
    doc = pdf(
        RESET + "<table style='width: 300pt'><tr><td style='text-align: right; height: 60pt'>r</td>"
        "<td style='vertical-align: bottom'>b</td><td style='vertical-align: top'>t</td></tr></table>",
        **PAGE,
    )
    b, t = doc.chars_of("b")[0], doc.chars_of("t")[0]
    assert b["top"] > t["top"] + 20


def test_header_rows_repeat_across_pages(pdf):
    rows = "".join(f"<tr><td>row {i}</td><td>{i * 3}</td></tr>" for i in range(150))
    doc = pdf(
        RESET + f"<table><thead><tr><th>Name</th><th>Value</th></tr></thead><tbody>{rows}</tbody></table>", **PAGE
    )
    assert len(doc.pages) >= 3
    for page in doc.pages:
        text = page.extract_text() or ""
        assert text.lstrip().startswith("Name Value")
    assert "row 149" in doc.text()


def test_nested_table_and_caption(pdf):
    doc = pdf(
        RESET + "<table><caption>Cap</caption><tr><td>outer<table><tr><td>inner</td></tr></table></td></tr></table>",
        **PAGE,
    )
    assert doc.chars_of("Cap")[0]["top"] < doc.chars_of("outer")[0]["top"]
    assert doc.chars_of("inner")[0]["top"] > doc.chars_of("outer")[0]["top"]


def test_table_margin_pushes_it_right(pdf):
    doc = pdf(RESET + "<table style='width: 40%; margin-left: 60%'><tr><td>tot</td></tr></table>", **PAGE)
    width = doc.pages[0].width - 72
    assert abs(doc.chars_of("tot")[0]["x0"] - (36 + width * 0.6 + 2)) < 2


def test_border_spacing_separates_cells(pdf):
    doc = pdf(
        "<style>body { margin: 0 } td { border: 1pt solid black; padding: 0 }</style>"
        "<table style='border-collapse: separate; border-spacing: 10pt'><tr><td>a</td><td>b</td></tr></table>",
        **PAGE,
    )
    a, b = doc.chars_of("a")[0], doc.chars_of("b")[0]
    assert abs(a["x0"] - (36 + 10 + 0.5)) < 1
    assert b["x0"] - a["x1"] > 10


def test_footer_rows_repeat_at_the_bottom_of_every_page(pdf):
    rows = "".join(f"<tr><td>row {i}</td><td>{i * 3}</td></tr>" for i in range(120))
    doc = pdf(
        RESET + "<table><thead><tr><th>Name</th><th>Value</th></tr></thead>"
        "<tfoot><tr><td>Total</td><td>sum</td></tr></tfoot>"
        f"<tbody>{rows}</tbody></table><p>after the table</p>",
        **PAGE,
    )
    assert len(doc.pages) == 3
    seen = set()
    for number, page in enumerate(doc.pages):
        lines = (page.extract_text() or "").splitlines()
        assert lines[0] == "Name Value"
        body = [line for line in lines if line.startswith("row ")]
        seen.update(body)
        footer = [i for i, line in enumerate(lines) if line == "Total sum"]
        assert len(footer) == 1, lines
        assert footer[0] > max(i for i, line in enumerate(lines) if line.startswith("row "))
        total = doc.chars_of("Total", number)[0]
        last_row = doc.chars_of(body[-1].split()[0] + " " + body[-1].split()[1], number)[0]
        assert total["top"] > last_row["top"]
    assert len(seen) == 120
    assert "after the table" in (doc.pages[-1].extract_text() or "").splitlines()[-1]


def test_a_table_that_fits_draws_its_footer_once_after_the_body(pdf):
    table = "<table><tfoot><tr><td>foot</td></tr></tfoot><tbody><tr><td>body</td></tr></tbody></table>"
    doc = pdf(RESET + table, **PAGE)
    assert doc.text().split() == ["body", "foot"]


def test_a_caption_starts_its_long_table_on_the_current_page(pdf):
    """The caption is kept with the table's first rows, not with the whole table (which would leave
    the rest of the page empty)."""
    filler = "<p>filler</p>" * 20
    rows = "".join(f"<tr><td>row {i}</td></tr>" for i in range(60))
    doc = pdf(RESET + filler + f"<table><caption>Cap</caption>{rows}</table>", **PAGE)
    first = (doc.pages[0].extract_text() or "").splitlines()
    assert "Cap" in first and "row 0" in first
    assert doc.chars_of("Cap")[0]["top"] < doc.chars_of("row 0")[0]["top"]


def _extent(page):
    edges = page.rects + page.lines
    return min(e["x0"] for e in edges), max(e["x1"] for e in edges)


def test_max_width_and_min_width_bound_a_table(pdf):
    cell = "<tr><td>x</td><td>y</td></tr>"
    capped = pdf(RESET + f"<table border=1 style='width: 100%; max-width: 300pt'>{cell}</table>", **PAGE)
    left, right = _extent(capped.pages[0])
    assert abs((right - left) - 300) < 2
    widened = pdf(RESET + f"<table border=1 style='min-width: 50%; margin: 0 auto'>{cell}</table>", **PAGE)
    page = widened.pages[0]
    left, right = _extent(page)
    assert abs((right - left) - (page.width - 72) / 2) < 2 and abs((left + right) / 2 - page.width / 2) < 2


def test_text_straight_in_a_display_table_element_gets_an_anonymous_cell(pdf):
    doc = pdf(
        "<style>body { margin: 0 } .t { display: table; margin: 0 } .c { display: table-cell }</style>"
        "<p class='t'>alpha</p><div class='t'>beta <b>bold</b> tail</div>"
        "<div class='t'>gamma<div class='c'>cell</div></div>",
        margin=(36.0, 36.0, 36.0, 36.0),
    )
    text = doc.text()
    for word in ("alpha", "beta", "bold", "tail", "gamma", "cell"):
        assert word in text
    beta, bold = doc.chars_of("beta")[0], doc.chars_of("bold")[0]
    assert abs(beta["top"] - bold["top"]) < 1  # the leading text and the inline after it share one cell
    assert doc.chars_of("alpha")[0]["top"] < beta["top"] < doc.chars_of("gamma")[0]["top"]


def test_border_spacing_is_zero_unless_the_table_element_sets_it(pdf):
    doc = pdf(
        "<style>body { margin: 0 } .t { display: table } .r { display: table-row } "
        ".c { display: table-cell; background: #ff0000 }</style>"
        "<div class='t'><div class='r'><div class='c'>div</div></div></div>"
        "<table><tr><td style='background: #0000ff'>tab</td></tr></table>",
        margin=(36.0, 36.0, 36.0, 36.0),
    )
    rects = {tuple(round(v, 2) for v in r["non_stroking_color"]): r for r in doc.pages[0].rects}
    assert abs(rects[(1.0, 0.0, 0.0)]["x0"] - 36) < 0.1  # CSS's initial border-spacing: 0
    assert abs(rects[(0.0, 0.0, 1.0)]["x0"] - 37.5) < 0.1  # the UA sheet's 2px for <table>


def test_an_inline_table_sits_in_the_line(pdf):
    doc = pdf(
        "<style>body { margin: 0 } p { margin: 0 }</style>"
        "<p>before <table style='display: inline-table; border: 1px solid red'><tr><td>in</td></tr></table> after</p>"
        "<p>x <span style='display: inline-table'>anon</span> y</p>",
        margin=(36.0, 36.0, 36.0, 36.0),
    )
    before, inside, after = doc.chars_of("before"), doc.chars_of("in")[0], doc.chars_of("after")[0]
    assert before[-1]["x1"] < inside["x0"] < after["x0"]
    assert abs(inside["top"] - after["top"]) < 8  # one line, not a block between two
    x, anon, y = doc.chars_of("x")[0], doc.chars_of("anon")[0], doc.chars_of("y")[0]
    assert x["x1"] < anon["x0"] < y["x0"] and abs(anon["top"] - y["top"]) < 8
