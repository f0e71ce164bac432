"""A no-break space is text, not collapsible white space (CSS Text 3 §4.1): a line holding only ``&nbsp;``
keeps its height, in a block and in a flex item, while spaces, tabs and newlines alone still make no line."""

from __future__ import annotations

RESET = "<style>body { margin: 0 }</style>"
PAGE = {"margin": (0.0, 0.0, 0.0, 0.0)}


def _fills(doc, colour):
    return [r for r in doc.pages[0].rects if r.get("non_stroking_color") == colour]


def test_a_block_of_only_nbsp_keeps_its_line(pdf):
    doc = pdf(RESET + "<div style='background: #00ff00'>&nbsp;</div><div>after</div>", **PAGE)
    (green,) = _fills(doc, (0.0, 1.0, 0.0))
    assert green["height"] > 10  # one line of the default font
    assert doc.chars_of("after")[0]["top"] >= green["bottom"] - 0.5


def test_collapsible_spaces_alone_still_make_no_line(pdf):
    doc = pdf(RESET + "<div style='background: #00ff00'> \t\n </div><div>after</div>", **PAGE)
    assert all(r["height"] < 1 for r in _fills(doc, (0.0, 1.0, 0.0)))
    assert doc.chars_of("after")[0]["top"] < 5


def test_nbsp_text_directly_in_a_flex_container_is_an_item(pdf):
    doc = pdf(
        RESET + "<div style='display: flex; background: #00ff00'>&nbsp;</div><div>after</div>",
        **PAGE,
    )
    (green,) = _fills(doc, (0.0, 1.0, 0.0))
    assert green["height"] > 10
    assert doc.chars_of("after")[0]["top"] >= green["bottom"] - 0.5
