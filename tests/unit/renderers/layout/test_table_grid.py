"""Table grids: column widths from <col> and its width attribute, vertical alignment in cells."""

from __future__ import annotations

PAGE = {"margin": (36.0, 36.0, 36.0, 36.0)}
RESET = "<style>body { margin: 0 } p { margin: 0 }</style>"


def test_col_widths_size_the_columns(pdf):
    doc = pdf(
        RESET + "<table style='width: 400pt; border-collapse: collapse'>"
        "<colgroup><col style='width: 300pt'><col></colgroup>"
        "<tr><td style='padding: 0'>left</td><td style='padding: 0'>right</td></tr></table>",
        **PAGE,
    )
    left, right = doc.chars_of("left")[0], doc.chars_of("right")[0]
    assert abs((right["x0"] - left["x0"]) - 300) < 3


def test_col_width_attribute(pdf):
    doc = pdf(
        RESET + "<table style='width: 400pt; border-collapse: collapse'><col width='100'><col>"
        "<tr><td style='padding: 0'>left</td><td style='padding: 0'>right</td></tr></table>",
        **PAGE,
    )
    left, right = doc.chars_of("left")[0], doc.chars_of("right")[0]
    assert abs((right["x0"] - left["x0"]) - 75) < 3  # 100 CSS px = 75 pt


def test_vertical_align_middle_and_bottom_in_cells(pdf):
    doc = pdf(
        RESET + "<table style='border-collapse: collapse'><tr>"
        "<td style='height: 100pt; padding: 0'>tall<br>tall<br>tall<br>tall<br>tall</td>"
        "<td style='vertical-align: middle; padding: 0'>mid</td>"
        "<td style='vertical-align: bottom; padding: 0'>bot</td>"
        "<td style='vertical-align: top; padding: 0'>top</td></tr></table>",
        **PAGE,
    )
    top, mid, bot = doc.chars_of("top")[0], doc.chars_of("mid")[0], doc.chars_of("bot")[0]
    assert top["top"] < mid["top"] < bot["top"]
    assert abs((mid["top"] - top["top"]) - (bot["top"] - mid["top"])) < 3
