"""Anonymous table objects (``td { display: block }`` stacks the cells) and the root/body background on
every sheet."""

from __future__ import annotations


def _texts(doc) -> list[str]:
    return [(page.extract_text() or "").strip() for page in doc.pages]


def test_cells_restyled_as_blocks_stack_and_keep_their_content(pdf):
    doc = pdf("<style>td { display: block }</style><table><tr><td>Left cell</td><td>Right cell</td></tr></table>"
              "<p>after</p>")
    assert _texts(doc) == ["Left cell\nRight cell\nafter"]
    left, right = doc.chars_of("Left", 0)[0], doc.chars_of("Right", 0)[0]
    assert abs(left["x0"] - right["x0"]) < 1 and right["top"] > left["top"]  # stacked, not side by side


def test_rows_and_strays_in_tables_are_wrapped_not_dropped(pdf):
    assert "A\nB" in _texts(pdf("<style>tr { display: block }</style><table><tr><td>A</td><td>B</td></tr></table>"))[0]
    nested = "<table><tr><td>cell</td></tr><tbody><tr><td>x</td></tr><div style='display:block'>kept</div></tbody>"
    assert "kept" in _texts(pdf(nested + "</table>"))[0]
    # a cell that is display: none is gone, and the next cell takes its column
    doc = pdf("<table><tr><td>1</td><td>2</td></tr><tr><td style='display: none'>h</td><td>3</td></tr></table>")
    assert "h" not in _texts(doc)[0]
    assert abs(doc.chars_of("3", 0)[0]["x0"] - doc.chars_of("1", 0)[0]["x0"]) < 1


def _area(page):
    """The rectangles that cover the page area (the page minus 72pt margins) and no more."""
    return [r for r in page.rects
            if abs(r["width"] - (page.width - 144)) < 0.5 and abs(r["height"] - (page.height - 144)) < 0.5
            and abs(r["x0"] - 72) < 0.5]


def test_the_body_background_covers_the_page_area_of_every_sheet_not_its_margins(pdf):
    # CSS Paged Media §3.3: the root's (or body's) background is painted over the page area; the margins stay
    # white, as Chromium and WeasyPrint print it
    style = "<style>@page { margin: 72pt }</style>"
    doc = pdf(style + "<body style='background: rgb(238, 238, 238)'><p>x</p><p style='break-before: page'>y</p></body>")
    assert len(doc.pages) == 2
    for page in doc.pages:
        area = _area(page)
        assert area and tuple(round(c, 2) for c in area[0]["non_stroking_color"]) == (0.93, 0.93, 0.93)
        assert not [r for r in page.rects if r["width"] >= page.width - 0.5]  # nothing over the whole sheet
    doc = pdf(style + "<html style='background: red'><body style='background: blue'><p>x</p></body></html>")
    colors = [tuple(r["non_stroking_color"]) for r in doc.pages[0].rects]
    assert colors[0] == (1, 0, 0) and (0, 0, 1) in colors  # the root's covers the page area; the body keeps its own
    assert tuple(_area(doc.pages[0])[0]["non_stroking_color"]) == (1, 0, 0)
    assert not pdf("<p>plain</p>").pages[0].rects


def test_an_at_page_background_covers_the_sheet_and_the_root_background_the_page_area(pdf):
    doc = pdf("<style>@page { margin: 72pt; background: rgb(0, 255, 0) } body { background: blue }</style><p>x</p>")
    page = doc.pages[0]
    sheet = [r for r in page.rects if r["width"] >= page.width - 0.5 and r["height"] >= page.height - 0.5]
    assert sheet and tuple(sheet[0]["non_stroking_color"]) == (0, 1, 0)
    assert tuple(_area(page)[0]["non_stroking_color"]) == (0, 0, 1)  # painted after, over the page area


def test_a_closed_details_shows_only_its_summary(pdf):
    doc = pdf("<details><summary>Files</summary><ul><li>hidden item</li></ul></details>"
              "<details open><summary>Open</summary><p>shown</p></details>")
    assert _texts(doc) == ["\u25b8 Files\n\u25be Open\nshown"]  # each summary with its disclosure triangle
