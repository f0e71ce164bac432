"""Painting order of positioned boxes (CSS 2.1 §9.9, Appendix E): a negative ``z-index`` paints under the
in-flow content (over the page background), the rest over it in ``z-index`` order. Read back as the order
of the filled rectangles in the page's content stream (later = on top)."""

from __future__ import annotations

RESET = "<style>body { margin: 0 } div { width: 40pt; height: 40pt }</style>"
PAGE = {"margin": (0.0, 0.0, 0.0, 0.0)}
RED, GREEN, BLUE, YELLOW = (1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0), (1.0, 1.0, 0.0)


def _order(doc) -> list[tuple[float, ...]]:
    return [tuple(r["non_stroking_color"]) for r in doc.pages[0].rects]


def test_negative_z_index_paints_under_the_flow(pdf):
    doc = pdf(
        RESET + "<div style='position: absolute; z-index: -1; top: 0; left: 0; background: #f00'></div>"
        "<div style='background: #0f0'></div>",
        **PAGE,
    )
    assert _order(doc) == [RED, GREEN]


def test_negative_z_index_paints_over_the_page_background(pdf):
    doc = pdf(
        "<html style='background: #ff0'><body style='margin: 0'>"
        "<div style='position: absolute; z-index: -5; width: 9pt; height: 9pt; background: #f00'></div>"
        "<p>text</p></body></html>",
        **PAGE,
    )
    assert _order(doc) == [YELLOW, RED]


def test_negative_levels_keep_their_order_under_the_flow(pdf):
    doc = pdf(
        RESET + "<div style='position: absolute; z-index: -1; background: #00f'></div>"
        "<div style='position: absolute; z-index: -2; background: #f00'></div>"
        "<div style='background: #0f0'></div>",
        **PAGE,
    )
    assert _order(doc) == [RED, BLUE, GREEN]


def test_positive_z_index_orders_overlapping_boxes(pdf):
    doc = pdf(
        RESET + "<div style='position: absolute; z-index: 3; background: #00f'></div>"
        "<div style='position: absolute; z-index: 1; background: #f00'></div>"
        "<div style='position: absolute; background: #0f0'></div>",
        **PAGE,
    )
    assert _order(doc) == [GREEN, RED, BLUE]  # auto paints as level 0, in document order


def test_invalid_z_index_is_ignored(pdf):
    doc = pdf(
        RESET + "<div style='position: absolute; z-index: 1.5; background: #f00'></div>"
        "<div style='position: absolute; z-index: -1; z-index: x; background: #00f'></div>"
        "<div style='background: #0f0'></div>",
        **PAGE,
    )
    assert _order(doc) == [BLUE, GREEN, RED]  # 1.5 is dropped (auto: over the flow); x leaves -1 in force


def test_an_absolute_box_inside_an_absolute_box_is_painted_over_it(pdf):
    doc = pdf(
        RESET + "<div style='position: absolute; top: 10pt; left: 10pt; width: 100pt; background: #00f'>"
        "<div style='position: absolute; top: 5pt; left: 5pt; width: 9pt; height: 9pt; background: #f00'></div>"
        "</div>",
        **PAGE,
    )
    assert _order(doc) == [BLUE, RED]
    red = doc.pages[0].rects[1]
    assert abs(red["x0"] - 15) < 0.1 and abs(red["top"] - 15) < 0.1


def test_deeply_nested_absolute_boxes_still_render(pdf):
    depth = 60
    html = "<div style='position: absolute; left: 1pt; background: #f00'>" * depth + "x" + "</div>" * depth
    doc = pdf(RESET + html + "<p>after</p>", **PAGE)
    assert "after" in doc.text()
    assert len(doc.pages[0].rects) == 33  # painted down to the nesting limit (32 below the first), then left out


def test_a_negative_child_of_a_box_without_z_index_goes_under_the_flow_not_over_its_parent(pdf):
    doc = pdf(
        RESET + "<p style='margin: 0; background: #ff0'>flow</p>"
        "<div style='position: absolute; top: 0; background: #0f0'>"
        "<div style='position: absolute; z-index: -1; background: #f00'></div></div>",
        **PAGE,
    )
    assert _order(doc) == [RED, YELLOW, GREEN]


def test_a_negative_child_of_a_stacking_context_stays_over_its_parent(pdf):
    for context in ("z-index: 0", "opacity: 0.99", "transform: rotate(0deg)"):
        doc = pdf(
            RESET + "<p style='margin: 0; background: #ff0'>flow</p>"
            f"<div style='position: absolute; top: 0; {context}; background: #0f0'>"
            "<div style='position: absolute; z-index: -1; background: #f00'></div></div>",
            **PAGE,
        )
        assert _order(doc)[0] == YELLOW and _order(doc).index(GREEN) < _order(doc).index(RED), context


def test_a_relative_box_paints_over_later_in_flow_blocks_and_in_document_order_with_absolute_ones(pdf):
    doc = pdf(
        RESET + "<div style='position: relative; top: 20pt; background: #00f'></div>"
        "<div style='background: #f00'></div>",
        **PAGE,
    )
    assert _order(doc) == [RED, BLUE]
    doc = pdf(
        RESET + "<div style='position: relative'><div style='position: absolute; background: #f00'></div>"
        "<div style='position: relative; top: 1pt; background: #0f0'></div></div>",
        **PAGE,
    )
    assert _order(doc) == [RED, GREEN]  # tree order among positioned boxes of one level


def test_z_index_orders_relative_boxes_and_a_negative_one_goes_under_the_flow(pdf):
    doc = pdf(
        RESET + "<div style='position: relative; z-index: 2; background: #00f'></div>"
        "<div style='position: relative; z-index: 1; top: -20pt; background: #f00'></div>"
        "<div style='position: relative; z-index: -1; top: -40pt; background: #ff0'></div>"
        "<div style='background: #0f0'></div>",
        **PAGE,
    )
    assert _order(doc) == [YELLOW, GREEN, RED, BLUE]


def test_a_relative_box_inside_a_clipping_or_transformed_box_paints_in_place(pdf):
    for outer in ("overflow: hidden; width: 40pt; height: 40pt", "transform: translate(5pt, 0)", "opacity: 0.5"):
        doc = pdf(
            RESET + f"<div style='{outer}'><div style='position: relative; top: 5pt; background: #00f'></div>"
            "<div style='background: #f00'></div></div>",
            **PAGE,
        )
        assert _order(doc) == [BLUE, RED], outer
