"""``display: inline-block`` (CSS 2.1 §9.2.4, §10.3.9): an atomic box in its line with its own width, height,
padding, borders and margins; text flows beside it on its baseline, and the line grows to hold it."""

from __future__ import annotations

RESET = "<style>body { margin: 0 } p { margin: 0 }</style>"
PAGE = {"margin": (0.0, 0.0, 0.0, 0.0)}
GREEN, RED, BLUE = (0.0, 1.0, 0.0), (1.0, 0.0, 0.0), (0.0, 0.0, 1.0)


def _fill(doc, colour):
    (rect,) = [r for r in doc.pages[0].rects if tuple(r.get("non_stroking_color") or ()) == colour]
    return rect


def test_inline_blocks_sit_side_by_side_with_their_own_size(pdf):
    doc = pdf(
        RESET + "<p><span style='display: inline-block; width: 40pt; height: 30pt; background: #0f0'></span>"
        "<span style='display: inline-block; width: 20pt; height: 10pt; background: #f00'></span></p>",
        **PAGE,
    )
    green, red = _fill(doc, GREEN), _fill(doc, RED)
    assert abs(green["width"] - 40) < 0.1 and abs(green["height"] - 30) < 0.1
    assert abs(red["x0"] - 40) < 0.1 and abs(red["width"] - 20) < 0.1 and abs(red["height"] - 10) < 0.1
    assert abs(green["bottom"] - red["bottom"]) < 0.1  # both on the baseline
    assert abs(green["top"]) < 0.1  # the line grew to hold the taller one


def test_margins_padding_and_borders_take_room_in_the_line(pdf):
    doc = pdf(
        RESET + "<p>ab<span style='display: inline-block; margin: 0 10pt; padding: 5pt; "
        "border: 2pt solid #00f; background: #f00'>xy</span>cd</p>",
        **PAGE,
    )
    b, x, c = doc.chars_of("b")[0], doc.chars_of("xy")[0], doc.chars_of("cd")[0]
    red = _fill(doc, RED)
    assert abs(red["x0"] - (b["x1"] + 10)) < 0.2  # the margin, then the border box (painted to its edge)
    assert abs(x["x0"] - (red["x0"] + 2 + 5)) < 0.2  # the border and the padding
    assert abs(c["x0"] - (red["x1"] + 10)) < 0.5
    assert abs(x["bottom"] - b["bottom"]) < 0.5  # the text inside is on the line's baseline


def test_an_inline_block_holding_blocks_stays_in_the_line(pdf):
    doc = pdf(
        RESET + "<section>before<span style='display: inline-block; width: 60pt; background: #00f'>"
        "<div>one</div><div>two</div></span>after</section>",
        **PAGE,
    )
    before = doc.chars_of("before")[-1]
    one, two, after = (doc.chars_of(w)[0] for w in ("one", "two", "after"))
    blue = _fill(doc, BLUE)
    assert abs(blue["width"] - 60) < 0.1 and abs(one["x0"] - before["x1"]) < 0.5
    assert two["top"] > one["bottom"] - 0.5  # blocks stack inside it
    assert abs(two["bottom"] - after["bottom"]) < 0.5  # its baseline is that of its last line
    assert abs(after["x0"] - (before["x1"] + 60)) < 0.5


def test_a_huge_inline_block_still_renders(pdf):
    doc = pdf(
        RESET + "<p>x<span style='display: inline-block; width: 1e9pt; height: 1e9pt; background: #f00'>"
        "</span>y</p><p>after</p>",
        **PAGE,
    )
    assert "after" in doc.text()
