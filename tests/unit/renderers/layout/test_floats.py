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
