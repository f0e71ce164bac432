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


def test_the_body_background_covers_every_sheet(pdf):
    doc = pdf("<body style='background: rgb(238, 238, 238)'><p>x</p><p style='break-before: page'>y</p></body>")
    for page in doc.pages:
        full = [r for r in page.rects if r["width"] >= page.width - 0.5 and r["height"] >= page.height - 0.5]
        assert full and tuple(round(c, 2) for c in full[0]["non_stroking_color"]) == (0.93, 0.93, 0.93)
    doc = pdf("<html style='background: red'><body style='background: blue'><p>x</p></body></html>")
    colors = [tuple(r["non_stroking_color"]) for r in doc.pages[0].rects]
    assert colors[0] == (1, 0, 0) and (0, 0, 1) in colors  # the root's covers the sheet; the body keeps its own
    assert not pdf("<p>plain</p>").pages[0].rects


def test_a_closed_details_shows_only_its_summary(pdf):
    doc = pdf("<details><summary>Files</summary><ul><li>hidden item</li></ul></details>"
              "<details open><summary>Open</summary><p>shown</p></details>")
    assert _texts(doc) == ["Files\nOpen\nshown"]
