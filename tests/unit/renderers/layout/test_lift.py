"""Negative top margins pull a block up over the one before it (CSS 2.1 §8.3), in the page flow and inside a
painted box, and collapse with a positive margin before them as positive max + negative min (§8.3.1)."""

from __future__ import annotations

RESET = "<style>body { margin: 0 } div { height: 40pt }</style>"
PAGE = {"margin": (0.0, 0.0, 0.0, 0.0)}
BLUE = (0.0, 0.0, 1.0)


def _top_of(doc, colour):
    (rect,) = [r for r in doc.pages[0].rects if r.get("non_stroking_color") == colour]
    return rect["top"]


def test_negative_top_margin_pulls_the_block_up_in_the_page_flow(pdf):
    doc = pdf(
        RESET + "<div style='background: #0f0'></div><div style='margin-top: -30pt; background: #00f'></div>",
        **PAGE,
    )
    assert abs(_top_of(doc, BLUE) - 10) < 0.5


def test_negative_margin_collapses_with_the_positive_one_before_it(pdf):
    doc = pdf(
        RESET + "<div style='margin-bottom: 10pt; background: #0f0'></div>"
        "<div style='margin-top: -30pt; background: #00f'></div>",
        **PAGE,
    )
    assert abs(_top_of(doc, BLUE) - 20) < 0.5  # 40 + max(10) + min(-30)


def test_negative_top_margin_inside_a_painted_box(pdf):
    doc = pdf(
        RESET + "<section style='border: 2pt solid #000'><div style='background: #0f0'></div>"
        "<div style='margin-top: -30pt; background: #00f'></div><p style='margin: 0'>after</p></section>",
        **PAGE,
    )
    assert abs(_top_of(doc, BLUE) - 12) < 0.5
    assert abs(doc.chars_of("after")[0]["top"] - 52) < 4  # the flow goes on under the lifted block


def test_negative_top_margin_never_lifts_above_the_page_area(pdf):
    doc = pdf(RESET + "<div style='margin-top: -500pt; background: #00f'></div>", margin=(20.0, 0.0, 0.0, 0.0))
    assert abs(_top_of(doc, BLUE) - 20) < 0.5
