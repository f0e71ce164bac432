"""Floats (CSS 2.1 §9.5): the content after a float flows beside it, at page level and inside painted boxes."""

from __future__ import annotations

PAGE = {"margin": (36.0, 36.0, 36.0, 36.0)}
RESET = "<style>body { margin: 0 } p { margin: 0 }</style>"
FLOAT = "<div style='float: {}; width: 100pt; height: 40pt; background: rgb(0, 0, 255)'></div>"


def test_text_flows_beside_a_float_inside_a_bordered_box(pdf):
    for side in ("left", "right"):
        doc = pdf(RESET + "<div style='border: 2pt solid black; padding: 4pt'>" + FLOAT.format(side)
                  + "<p>beside</p></div><p>after</p>", **PAGE)
        beside, after = doc.chars_of("beside"), doc.chars_of("after")[0]
        if side == "left":
            assert beside[0]["x0"] >= 36 + 2 + 4 + 100 - 0.5
        else:
            assert abs(beside[0]["x0"] - (36 + 6)) < 0.5 and beside[-1]["x1"] <= 595.28 - 36 - 6 - 100 + 0.5
        assert beside[0]["top"] < 36 + 6 + 20  # beside the float, not under it
        assert after["top"] > 36 + 6 + 40  # the box holds its float


def test_text_flows_beside_a_float_at_page_level(pdf):
    doc = pdf(RESET + FLOAT.format("left") + "<p>beside</p>", **PAGE)
    assert doc.chars_of("beside")[0]["x0"] >= 136 - 0.5


def test_clear_puts_a_block_below_the_floats_of_its_side(pdf):
    for side, clear, below in (("left", "left", True), ("left", "both", True), ("right", "both", True),
                               ("left", "right", False), ("left", "none", False)):
        doc = pdf(RESET + FLOAT.format(side) + f"<p>beside</p><p style='clear: {clear}'>cleared</p>", **PAGE)
        cleared = doc.chars_of("cleared")[0]
        assert (cleared["top"] >= 36 + 40 - 0.5) is below, (side, clear)


def test_clear_inside_a_box_and_a_cleared_block_right_after_the_float(pdf):
    doc = pdf(RESET + "<div style='border: 1pt solid black'>" + FLOAT.format("left")
              + "<p style='clear: both'>cleared</p></div>", **PAGE)
    cleared = doc.chars_of("cleared")[0]
    assert cleared["top"] >= 36 + 1 + 40 - 0.5 and abs(cleared["x0"] - 37) < 0.5


def test_a_float_that_clears_goes_below_the_float_before_it(pdf):
    second = "<div style='float: left; clear: left; width: 50pt; height: 20pt; background: rgb(255, 0, 0)'></div>"
    doc = pdf(RESET + FLOAT.format("left") + second + "<p>text</p>", **PAGE)
    (red,) = [r for r in doc.pages[0].rects if tuple(round(c, 2) for c in r["non_stroking_color"]) == (1.0, 0.0, 0.0)]
    assert abs(red["x0"] - 36) < 0.5 and red["top"] >= 36 + 40 - 0.5  # under the first, at the left edge


def test_a_long_run_of_floats_is_nested_only_so_deep():
    from reportlab.platypus import Spacer

    from pdflet.renderers.reportlab.layout.floats import MAX_NESTED_FLOATS, FloatMark, wrap_floats

    story = [FloatMark(Spacer(10, 10), "left", 0.0, 0.0) for _ in range(40)] + [Spacer(10, 10)]
    out = wrap_floats(story)
    level = [item for item in out if hasattr(item, "pdflet_depth")][:1]
    depth = 0
    while level and hasattr(level[0], "pdflet_depth"):  # follow the chain of floats flowing beside floats
        depth += 1
        level = level[0]._content
    assert depth == MAX_NESTED_FLOATS  # each level measures all below it again: unbounded, that is 2^n
    assert len(out) == 40 - MAX_NESTED_FLOATS + 1  # the floats before it are placed above, none lost
