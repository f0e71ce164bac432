"""Boxes: margins, padding, borders, backgrounds, widths, centring, display, lists."""

from __future__ import annotations

import pytest

PAGE = {"margin": (36.0, 36.0, 36.0, 36.0)}
RESET = "<style>body { margin: 0 } p { margin: 0 }</style>"


def _rgb(obj, key="non_stroking_color"):
    return tuple(round(v, 2) for v in (obj.get(key) or ()))


def test_padding_border_and_background(pdf):
    doc = pdf(
        RESET + "<div style='padding: 20pt; border: 4pt solid #ff0000; background-color: #00ff00'>boxed</div>",
        **PAGE,
    )
    page = doc.pages[0]
    assert abs(doc.chars_of("boxed")[0]["x0"] - (36 + 4 + 20)) < 1
    fills = [r for r in page.rects if _rgb(r) == (0.0, 1.0, 0.0)]
    assert fills and abs(fills[0]["x0"] - 36) < 1 and abs(fills[0]["x1"] - (page.width - 36)) < 1
    sides = [c for c in page.curves + page.rects if c["fill"] and _rgb(c) == (1.0, 0.0, 0.0)]
    assert len(sides) == 4  # each side a filled shape


def test_margins_collapse_between_siblings(pdf):
    doc = pdf(RESET + "<p style='margin-bottom: 30pt'>one</p><p style='margin-top: 10pt'>two</p>", **PAGE)
    one, two = doc.chars_of("one")[0], doc.chars_of("two")[0]
    gap = two["top"] - one["bottom"]
    assert 28 < gap < 36


@pytest.mark.parametrize("wrapper", ["{}", "<section style='background: #eee'>{}</section>"])
def test_margins_collapse_across_a_headings_outline_entry(pdf, wrapper):
    # h2 carries a zero-size outline mark before it; the paragraph's and the heading's margins still collapse
    body = "<p style='margin-bottom: 12pt'>one</p><h2 style='margin: 18pt 0 0; font-size: 12pt'>two</h2>"
    doc = pdf(RESET + wrapper.format(body), **PAGE)
    one, two = doc.chars_of("one")[0], doc.chars_of("two")[0]
    assert abs((two["top"] - one["bottom"]) - 18) < 4  # 18pt, not 12 + 18


def test_headings_margin_collapses_through_its_parent_despite_the_outline_entry(pdf):
    html = RESET + (
        "<p style='margin-bottom: 6pt'>one</p><section style='background: #00ff00'>"
        "<h2 style='margin: 30pt 0 0; font-size: 12pt'>two</h2></section>"
    )
    doc = pdf(html, **PAGE)
    one = doc.chars_of("one")[0]
    green = [r for r in doc.pages[0].rects if _rgb(r) == (0.0, 1.0, 0.0)]
    assert green and abs((green[0]["top"] - one["bottom"]) - 30) < 4  # the section moves down, not its text


def test_width_and_auto_margins_centre(pdf):
    doc = pdf(RESET + "<div style='width: 200pt; margin: 0 auto; border: 1pt solid black'>c</div>", **PAGE)
    page = doc.pages[0]
    shapes = page.lines + page.rects + page.curves
    xs = sorted({round(e["x0"]) for e in shapes} | {round(e["x1"]) for e in shapes})
    assert abs(xs[0] - (page.width - 202) / 2) < 2 and abs(xs[-1] - (page.width + 202) / 2) < 2


def test_max_width_and_percent(pdf):
    doc = pdf(RESET + "<div style='width: 50%; background: #0000ff'>half</div>", **PAGE)
    page = doc.pages[0]
    box = next(r for r in page.rects if _rgb(r) == (0.0, 0.0, 1.0))
    assert abs((box["x1"] - box["x0"]) - (page.width - 72) / 2) < 1


def test_nested_indent_by_margin(pdf):
    doc = pdf(RESET + "<blockquote style='margin: 0 0 0 50pt'><p>quoted</p></blockquote>", **PAGE)
    assert abs(doc.chars_of("quoted")[0]["x0"] - 86) < 1


def test_inline_block_with_text_stays_inline(pdf):
    doc = pdf(RESET + "<p>before <span style='display: inline-block'>inside</span> after</p>", **PAGE)
    assert abs(doc.chars_of("inside")[0]["top"] - doc.chars_of("before")[0]["top"]) < 1


def test_border_styles_do_not_fail(pdf):
    html = "".join(
        f"<div style='border: 3px {style} #333; border-radius: 4px; margin: 4px'>{style}</div>"
        for style in ("solid", "dashed", "dotted", "double", "groove", "none")
    )
    assert "double" in pdf(html).text()


def test_box_splits_across_pages_with_its_background(pdf):
    body = "".join(f"<p>line {i}</p>" for i in range(120))
    doc = pdf(RESET + f"<div style='background: #eeeeee; padding: 10pt'>{body}</div>", **PAGE)
    assert len(doc.pages) >= 2
    for page in doc.pages:
        assert any(_rgb(r) == (0.93, 0.93, 0.93) for r in page.rects)
    assert "line 119" in doc.text()


@pytest.mark.parametrize(
    ("css_type", "markers"),
    [
        ("decimal", ["1.", "2.", "3."]),
        ("decimal-leading-zero", ["01.", "02."]),
        ("lower-alpha", ["a.", "b.", "c."]),
        ("upper-alpha", ["A.", "B."]),
        ("lower-roman", ["i.", "ii.", "iii."]),
        ("upper-roman", ["I.", "II.", "III."]),
    ],
)
def test_ordered_list_markers(pdf, css_type, markers):
    doc = pdf(f"<ol style='list-style-type: {css_type}'><li>one</li><li>two</li><li>three</li></ol>")
    text = doc.text()
    for marker in markers:
        assert marker in text
    assert doc.chars_of(markers[0])[-1]["x1"] < doc.chars_of("one")[0]["x0"]


def test_list_start_value_type_and_reversed(pdf):
    doc = pdf(
        "<ol start='4'><li>d</li><li value='10'>j</li><li>k</li></ol>"
        "<ol type='A'><li>first</li></ol><ol reversed><li>x</li><li>y</li></ol>"
    )
    text = doc.text()
    for marker in ("4.", "10.", "11.", "A.", "2.", "1."):
        assert marker in text


def test_unordered_markers_are_drawn_and_none_draws_nothing(pdf):
    doc = pdf("<ul><li>disc</li></ul>")
    assert doc.pages[0].curves or doc.pages[0].rects
    bare = pdf("<ul style='list-style: none'><li>plain</li></ul>")
    assert not (bare.pages[0].curves or bare.pages[0].rects)


def test_nested_lists_indent_further(pdf):
    doc = pdf("<ul><li>outer<ul><li>inner</li></ul></li></ul>")
    assert doc.chars_of("inner")[0]["x0"] > doc.chars_of("outer")[0]["x0"] + 20


def test_floats_let_text_flow_beside_them(pdf):
    import base64
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (100, 100), (200, 0, 0)).save(buffer, "PNG")
    uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 12
    doc = pdf(
        RESET + f"<p><img src='{uri}' style='float: right'>{text}</p>"
        f"<div style='float: left; width: 100pt; border: 1px solid red'>Side</div><p>beside {text}</p>",
        **PAGE,
    )
    page = doc.pages[0]
    image = page.images[0]
    assert abs(image["x1"] - (page.width - 36)) < 1
    first_line = [c for c in page.chars if abs(c["top"] - page.chars[0]["top"]) < 1]
    assert first_line[-1]["x1"] < image["x0"]
    assert doc.chars_of("beside")[0]["x0"] > 36 + 100
    assert abs(doc.chars_of("beside")[0]["top"] - doc.chars_of("Side")[0]["top"]) < 2


def test_forced_break_inside_a_painted_box(pdf):
    doc = pdf(
        "<div style='border: 1px solid black'><p>one</p><p style='break-before: page'>two</p>"
        "<div style='background: #eeeeee'><p>three</p><p style='page-break-before: always'>four</p></div></div>"
    )
    texts = [(page.extract_text() or "").split() for page in doc.pages]
    assert texts == [["one"], ["two", "three"], ["four"]]


def test_absurdly_nested_painted_boxes_still_render(pdf):
    doc = pdf("<div style='border: 1px solid; padding: 10px'>" * 60 + "deep text here" + "</div>" * 60)
    assert "deep text here" in doc.text()


def test_border_radius_rounds_the_background_under_a_one_sided_border(pdf):
    doc = pdf(
        RESET + "<div style='border-radius: 10pt; background: #00ff00; border-bottom: 3pt solid #ff0000; "
        "height: 50pt'>r</div>",
        **PAGE,
    )
    page = doc.pages[0]
    green = [c for c in page.curves if _rgb(c) == (0.0, 1.0, 0.0) and c["fill"]]
    assert len(green) == 1 and not [r for r in page.rects if _rgb(r) == (0.0, 1.0, 0.0)]
    assert [c for c in page.curves + page.rects if c["fill"] and _rgb(c) == (1.0, 0.0, 0.0)]


@pytest.mark.parametrize(
    ("style", "strokes", "dashed"), [("dotted", 1, True), ("dashed", 1, True), ("double", 2, False)]
)
def test_rounded_borders_keep_their_style(pdf, style, strokes, dashed):
    doc = pdf(RESET + f"<div style='border-radius: 10pt; border: 6pt {style} #0000ff; height: 50pt'>r</div>", **PAGE)
    blue = [c for c in doc.pages[0].curves if _rgb(c, "stroking_color") == (0.0, 0.0, 1.0)]
    assert len(blue) == strokes
    assert all(bool(c.get("dash") and c["dash"][0]) == dashed for c in blue)


def test_a_radius_larger_than_the_box_is_scaled_down(pdf):
    doc = pdf(RESET + "<div style='border-radius: 500pt; background: #ff0000; height: 20pt'>r</div>", **PAGE)
    red = [c for c in doc.pages[0].curves if _rgb(c) == (1.0, 0.0, 0.0)]
    assert len(red) == 1 and abs((red[0]["bottom"] - red[0]["top"]) - 20) < 0.5


def test_a_list_item_split_by_a_forced_break_keeps_its_marker(pdf):
    doc = pdf(
        RESET + "<ol><li style='border: 1px solid'>first<p style='break-before: page'>second page</p></li>"
        "<li>two</li></ol>"
    )
    assert (doc.pages[0].extract_text() or "").startswith("1. first")
    assert "1." not in (doc.pages[1].extract_text() or "") and "2. two" in (doc.pages[1].extract_text() or "")


def test_min_width_wins_over_max_width_in_a_block_that_paints_nothing(pdf):
    # An unrolled block (no background or border) takes its indents from the box model: min-width counts,
    # and wins over a smaller max-width, as CSS orders them (Bootstrap's print container relies on it).
    doc = pdf(
        RESET + "<div style='box-sizing: border-box; width: 100%; max-width: 200pt; min-width: 300pt;"
        " padding: 0 10pt; text-align: right'><p>end</p></div>",
        **PAGE,
    )
    assert abs(doc.chars_of("end")[-1]["x1"] - (36 + 300 - 10)) < 1


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


def test_a_fixed_height_holds_whatever_overflows_it(pdf):
    doc = pdf(
        RESET + "<div style='height: 10pt; background: #00ff00'>one<br/>two<br/>three</div><p>after</p>",
        **PAGE,
    )
    box = next(r for r in doc.pages[0].rects if _rgb(r) == (0.0, 1.0, 0.0))
    assert abs(box["height"] - 10) < 0.5
    # the next block starts under the 10pt box, over the overflowing lines (as in a browser)
    assert abs(doc.chars_of("after")[0]["top"] - doc.chars_of("two")[0]["top"]) < 12
    assert doc.chars_of("after")[0]["top"] < doc.chars_of("three")[0]["top"]


def test_height_zero_paints_no_background(pdf):
    doc = pdf(RESET + "<div style='height: 0; background: #ff0000'>Filler</div>", **PAGE)
    assert not [r for r in doc.pages[0].rects if _rgb(r) == (1.0, 0.0, 0.0) and r["height"] > 0.5]
    assert doc.chars_of("Filler")


def test_max_height_limits_a_fixed_height(pdf):
    doc = pdf(RESET + "<div style='height: 72pt; max-height: 20pt; background: #0000ff'>x</div><p>next</p>", **PAGE)
    box = next(r for r in doc.pages[0].rects if _rgb(r) == (0.0, 0.0, 1.0))
    assert abs(box["height"] - 20) < 0.5
    assert abs(doc.chars_of("next")[0]["top"] - (36 + 20)) < 3


def test_a_zero_or_one_pixel_width_is_kept(pdf):
    doc = pdf(RESET + "<div style='width: 0; height: 20pt; background: #ff0000'></div>"
              "<div style='width: 1px; height: 20pt; background: #0000ff'></div>", **PAGE)
    rects = doc.pages[0].rects
    assert not [r for r in rects if _rgb(r) == (1.0, 0.0, 0.0) and r["width"] > 0.1]
    blue = next(r for r in rects if _rgb(r) == (0.0, 0.0, 1.0))
    assert abs(blue["width"] - 0.75) < 0.05


def test_a_tall_box_with_a_short_height_still_splits_across_pages(pdf):
    lines = "<br/>".join(f"line{i}" for i in range(120))
    doc = pdf(RESET + f"<div style='height: 30pt; border: 1pt solid black'>{lines}</div>", **PAGE)
    assert "line119" in doc.text()


def test_a_negative_left_margin_moves_a_painted_box_over_its_parents_padding(pdf):
    doc = pdf(
        RESET + "<div style='padding-left: 72pt; border-left: 6pt solid #ff0000'>"
        "<div style='margin-left: -78pt; height: 20pt; background: #0000ff'></div></div>",
        **PAGE,
    )
    blue = next(r for r in doc.pages[0].rects if _rgb(r) == (0.0, 0.0, 1.0))
    assert abs(blue["x0"] - 36) < 0.5
    assert abs(blue["x1"] - (doc.pages[0].width - 36)) < 0.5  # the auto width grew by the 78pt


def test_summary_gets_a_disclosure_triangle_and_closed_details_hide_the_rest(pdf):
    doc = pdf(
        "<details><summary>Closed one</summary><p>hidden</p></details>"
        "<details open><summary>Open one</summary><p>shown</p></details>"
        "<ul style='list-style-type: disclosure-closed'><li>item</li></ul>",
        **PAGE,
    )
    text = doc.text()
    assert "\u25b8 Closed one" in text and "\u25be Open one" in text and "shown" in text
    assert "hidden" not in text
    assert "\u25b8" in text.split("Open one")[1]  # as a list style, without a "." after the symbol
    assert "\u25b8." not in text


def test_marker_pseudo_element_colours_and_replaces_the_marker(pdf):
    doc = pdf(
        "<style>li::marker { color: #ff0000 } .arrow li::marker { content: '\\2192  ' }"
        " .paren li::marker { content: counter(list-item, lower-roman) ') '; color: #0000ff }"
        " .gone li::marker { content: none }</style>"
        "<ol><li>red number</li></ol><ul class='arrow'><li>arrow item</li></ul>"
        "<ol class='paren'><li>one</li><li>two</li></ol><ul class='gone'><li>bare</li></ul>",
        **PAGE,
    )
    text = doc.text()
    assert "1. red number" in text and "\u2192 arrow item" in text and "i) one" in text and "ii) two" in text
    assert "bare" in text and not doc.pages[0].curves  # content: none leaves the disc out
    assert _rgb(doc.chars_of("1.")[0]) == (1.0, 0.0, 0.0)
    assert _rgb(doc.chars_of("ii)")[0]) == (0.0, 0.0, 1.0)
    assert _rgb(doc.chars_of("red number")[0]) == (0.0, 0.0, 0.0)  # the item's own text keeps its colour
