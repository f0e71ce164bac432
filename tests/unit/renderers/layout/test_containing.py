"""Containing blocks and static positions of absolute boxes (CSS 2.1 §10.1, §10.3.7, §10.6.4), read back
from rendered PDFs: positions of text, and colours of rasterised boxes."""

from __future__ import annotations

from tests.unit.renderers.raster import BLUE, RED, WHITE, near, raster

PAGE = {"margin": (36.0, 36.0, 36.0, 36.0)}
RESET = "<style>body { margin: 0 } p { margin: 0 }</style>"


def test_the_nearest_positioned_ancestor_is_the_containing_block_not_only_the_parent(pdf):
    doc = pdf(
        RESET + "<p>before</p><div style='position: relative; margin-left: 100pt; height: 200pt'>"
        "<div><div><span style='position: absolute; left: 10pt; top: 20pt'>deep</span></div></div></div>",
        **PAGE,
    )
    deep, before = doc.chars_of("deep")[0], doc.chars_of("before")[0]
    assert abs(deep["x0"] - (36 + 100 + 10)) < 0.5
    assert abs(deep["top"] - (before["bottom"] + 20)) < 4


def test_bottom_and_right_are_measured_from_the_containing_blocks_far_edges(pdf):
    doc = pdf(
        RESET + "<div style='position: relative; width: 300pt; height: 200pt; border: 5pt solid black'>"
        "<span style='position: absolute; right: 0; bottom: 0'>corner</span></div>",
        **PAGE,
    )
    corner = doc.chars_of("corner")
    assert abs(corner[-1]["x1"] - (36 + 5 + 300)) < 1.5
    assert abs(corner[0]["bottom"] - (36 + 5 + 200)) < 4


def test_the_static_position_is_where_the_box_would_have_been_in_the_flow(pdf):
    doc = pdf(
        RESET + "<p>first</p><p>second</p><div style='position: absolute'>static</div><p>third</p>", **PAGE
    )
    second, static, third = (doc.chars_of(w)[0] for w in ("second", "static", "third"))
    assert abs(static["top"] - third["top"]) < 1  # below "second", and it took no room from "third"
    assert static["top"] > second["top"] + 5


def test_an_absolute_box_leaves_the_margins_around_it_collapsing(pdf):
    base = "<p style='margin: 20pt 0'>one</p>{}<p style='margin: 20pt 0'>two</p>"
    plain = pdf(base.format(""), **PAGE)
    marked = pdf(base.format("<div style='position: absolute; left: 300pt'>x</div>"), **PAGE)
    for word in ("one", "two"):
        assert abs(plain.chars_of(word)[0]["top"] - marked.chars_of(word)[0]["top"]) < 0.1


def test_an_absolute_box_inside_an_inline_box_is_laid_out():
    image = raster(
        "<p>text <span>and <span style='position: absolute; left: 100pt; top: 100pt; width: 50pt; height: 50pt;"
        " background: rgb(0, 0, 255)'></span> more</span></p>"
    )
    assert near(image.getpixel((125, 125)), BLUE)


def test_auto_margins_centre_an_absolute_box_with_left_right_and_width():
    image = raster(
        "<div style='position: relative; width: 300pt; height: 100pt'><div style='position: absolute; left: 0;"
        " right: 0; width: 100pt; height: 10pt; margin: 0 auto; background: rgb(0, 0, 255)'></div></div>"
    )
    assert near(image.getpixel((150, 5)), BLUE)
    assert near(image.getpixel((95, 5)), WHITE) and near(image.getpixel((205, 5)), WHITE)


def test_top_and_bottom_stretch_an_auto_height_and_over_constraint_ignores_bottom():
    image = raster(
        "<div style='position: relative; width: 200pt; height: 200pt'>"
        "<div style='position: absolute; top: 10pt; bottom: 20pt; left: 0; width: 50pt; background: rgb(0, 0, 255)'>"
        "</div><div style='position: absolute; top: 50pt; bottom: 50pt; left: 100pt; width: 50pt; height: 20pt;"
        " margin: 10pt 0; background: rgb(255, 0, 0)'></div></div>"
    )
    assert near(image.getpixel((25, 12)), BLUE) and near(image.getpixel((25, 178)), BLUE)
    assert near(image.getpixel((25, 185)), WHITE)
    assert near(image.getpixel((125, 62)), RED) and near(image.getpixel((125, 78)), RED)
    assert near(image.getpixel((125, 85)), WHITE)


def test_percentages_resolve_against_the_containing_block():
    image = raster(
        "<div style='position: relative; width: 200pt; height: 100pt'>"
        "<div style='position: absolute; left: 50%; top: 50%; width: 25%; height: 20%;"
        " background: rgb(0, 0, 255)'></div></div>"
    )
    assert near(image.getpixel((120, 60)), BLUE)
    assert near(image.getpixel((95, 60)), WHITE) and near(image.getpixel((155, 60)), WHITE)
    assert near(image.getpixel((120, 75)), WHITE)


def test_the_static_position_is_below_the_previous_margin_at_page_level_and_inside_a_box():
    for wrap in ("{}", "<div style='border: 1pt solid black'>{}</div>"):
        html = "<p style='margin: 0 0 20pt'>one</p>{}<p>two</p>"
        image = raster(wrap.format(html.format(
            "<div style='position: absolute; width: 30pt; height: 30pt; background: rgb(0, 0, 255)'></div>")))
        plain = raster(wrap.format(html.format("<div style='width: 30pt; height: 30pt; background: rgb(0, 0, 255)'>"
                                               "</div>")))
        rows = [y for y in range(100) if near(image.getpixel((10, y)), BLUE)]
        plain_rows = [y for y in range(100) if near(plain.getpixel((10, y)), BLUE)]
        assert rows and rows[0] == plain_rows[0], wrap


def test_an_inline_absolute_box_keeps_its_static_position_in_the_line(pdf):
    doc = pdf(RESET + "<p>one two <span style='position: absolute'>mark</span>three</p><p>next</p>", **PAGE)
    two, mark, three, following = (doc.chars_of(w)[0] for w in ("two", "mark", "three", "next"))
    assert abs(mark["top"] - two["top"]) < 2  # on the line, not after the paragraph
    assert mark["x0"] > two["x1"] and abs(three["x0"] - mark["x0"]) < 6  # took no room in the line
    assert following["top"] > two["bottom"]


def test_a_block_absolute_box_in_a_line_starts_under_it(pdf):
    doc = pdf(RESET + "<p>one two <span style='position: absolute; display: block'>mark</span>three</p>", **PAGE)
    one, mark = doc.chars_of("one")[0], doc.chars_of("mark")[0]
    assert abs(mark["x0"] - one["x0"]) < 0.5 and mark["top"] >= one["bottom"] - 1


def test_a_positioned_flex_item_is_the_containing_block_of_its_absolute_boxes(pdf):
    doc = pdf(
        RESET + "<div style='display: flex'><div style='width: 100pt'>one</div>"
        "<div style='position: relative; width: 100pt; height: 50pt'>two"
        "<span style='position: absolute; right: 0; bottom: 0'>tag</span></div></div>",
        **PAGE,
    )
    tag = doc.chars_of("tag")
    assert abs(tag[-1]["x1"] - (36 + 200)) < 1.5 and abs(tag[0]["bottom"] - (36 + 50)) < 4
