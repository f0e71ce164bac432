"""Layout details a browser gets right and a reader notices: pre-wrap, column widths, box-sizing, orphans."""

from __future__ import annotations

PAGE = {"margin": (36.0, 36.0, 36.0, 36.0)}
RESET = "<style>body { margin: 0 } p { margin: 0 }</style>"


def _rgb(obj, key="non_stroking_color"):
    return tuple(round(v, 2) for v in (obj.get(key) or ()))


def test_pre_wrap_keeps_spaces_and_line_feeds_but_wraps(pdf):
    words = " ".join(["wrapping"] * 60)
    doc = pdf(RESET + f"<p style='white-space: pre-wrap'>a   b\nsecond line\n{words}</p>", **PAGE)
    a, b = doc.chars_of("a")[0], doc.chars_of("b")[0]
    assert b["x0"] - a["x1"] > 7  # three 3 pt spaces kept, not collapsed to one
    assert doc.chars_of("second")[0]["top"] > a["top"] + 5  # the line feed breaks
    tops = {round(c["top"]) for c in doc.chars() if c["text"] == "w"}
    assert len(tops) >= 3  # the long line wraps
    assert max(c["x1"] for c in doc.chars()) <= doc.pages[0].width - 36 + 0.5


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


def test_box_sizing_border_box_includes_padding_and_border(pdf):
    doc = pdf(
        RESET + "<div style='box-sizing: border-box; width: 200pt; padding: 20pt; border: 5pt solid #000;"
        " background: #0000ff'>in</div>"
        "<div style='width: 200pt; padding: 20pt; border: 5pt solid #000; background: #ff0000'>out</div>",
        **PAGE,
    )
    page = doc.pages[0]
    blue = next(r for r in page.rects if _rgb(r) == (0.0, 0.0, 1.0))
    red = next(r for r in page.rects if _rgb(r) == (1.0, 0.0, 0.0))
    blue_outer = blue["x1"] - blue["x0"]
    red_outer = red["x1"] - red["x0"]
    assert abs(red_outer - blue_outer - 50) < 2  # content-box adds 2 x (padding + border)
    assert 190 <= blue_outer <= 201


def test_min_width_beats_width_and_max_width(pdf):
    doc = pdf(
        RESET + "<div style='width: 50pt; min-width: 150pt; background: #00ff00'>m</div>"
        "<div style='width: 300pt; max-width: 120pt; background: #0000ff'>n</div>",
        **PAGE,
    )
    page = doc.pages[0]
    green = next(r for r in page.rects if _rgb(r) == (0.0, 1.0, 0.0))
    blue = next(r for r in page.rects if _rgb(r) == (0.0, 0.0, 1.0))
    assert abs((green["x1"] - green["x0"]) - 150) < 1
    assert abs((blue["x1"] - blue["x0"]) - 120) < 1


def test_orphans_move_a_paragraph_start_to_the_next_page(pdf):
    filler = "<div style='height: 370pt'></div>" * 2  # one box that tall would be capped to the frame
    lines = "<br>".join(f"line{i}" for i in range(8))
    doc = pdf(RESET + filler + f"<p style='orphans: 3; widows: 3; line-height: 14pt'>{lines}</p>", **PAGE)
    # 770 - 740 pt leaves room for two lines: fewer than orphans, so the paragraph starts on page 2
    first_page = doc.pages[0].extract_text() or ""
    assert "line0" not in first_page
    assert "line0" in (doc.pages[1].extract_text() or "")


def test_widows_pull_lines_back(pdf):
    filler = "<div style='height: 340pt'></div>" * 2
    lines = "<br>".join(f"line{i}" for i in range(7))
    doc = pdf(RESET + filler + f"<p style='orphans: 2; widows: 3; line-height: 14pt'>{lines}</p>", **PAGE)
    # room for 6 lines: 6 + 1 would leave one widow, so only 4 stay and 3 go over
    second = doc.pages[1].extract_text() or ""
    assert all(f"line{i}" in second for i in (4, 5, 6))


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
