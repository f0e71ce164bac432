"""Inline boxes: padding, borders, background and rounded corners on inline elements (the invoice "pill")."""

from __future__ import annotations

import pytest

BASE = "<style>body { margin: 0 } p { margin: 0 0 8pt; font-size: 12pt; font-family: sans-serif }</style>"
MARGINS = {"margin": (36.0, 36.0, 36.0, 36.0)}
PILL = "border: 1px solid #0a0; padding: 2px 6px; border-radius: 8px; background: #efe"
EDGE = 6 * 0.75 + 0.75  # padding-left/right plus the border, in points


def _ink(chars):
    return [c for c in chars if c["text"].strip() and c["text"] != "\u2060"]


def _fills(page, color):
    return [s for s in page.rects + page.curves if s.get("fill") and s.get("non_stroking_color") == color]


def _strokes(page, color):
    shapes = page.rects + page.curves + page.lines
    return [s for s in shapes if s.get("stroke") and tuple(s.get("stroking_color") or ()) == color]


def _vertical_edges(shape):
    """Drawn vertical segments of a stroked shape (lines, rectangles, or paths with gaps)."""
    if shape["object_type"] == "line":
        return int(abs(shape["x0"] - shape["x1"]) < 0.01)
    if shape["object_type"] == "rect":
        return 2
    count, here = 0, None
    for command in shape["path"]:
        point = command[-1]
        if command[0] == "l" and here is not None and abs(point[0] - here[0]) < 0.01 and abs(point[1] - here[1]) > 1:
            count += 1
        here = point
    return count


def test_pill_takes_its_padding_in_the_line_and_paints_around_the_text(pdf):
    doc = pdf(BASE + f"<p>Status: <span style='{PILL}'>PAID</span> next</p>", **MARGINS)
    page = doc.pages[0]
    status, paid, nxt = doc.chars_of("Status: "), doc.chars_of("PAID"), doc.chars_of("next")
    assert paid[0]["x0"] - status[-1]["x1"] == pytest.approx(EDGE, abs=0.05)
    space = status[-1]["x1"] - status[-1]["x0"]  # the space after the pill keeps its width
    assert nxt[0]["x0"] - paid[-1]["x1"] == pytest.approx(EDGE + space, abs=0.05)
    (fill,) = _fills(page, (0.933333, 1.0, 0.933333))
    assert fill["x0"] == pytest.approx(paid[0]["x0"] - EDGE, abs=0.1)
    assert fill["x1"] == pytest.approx(paid[-1]["x1"] + EDGE, abs=0.1)
    # vertical padding and border reach beyond the glyphs' em box
    assert fill["top"] < paid[0]["top"] and fill["bottom"] > paid[0]["bottom"]
    (border,) = _strokes(page, (0.0, 0.666667, 0.0))
    assert border["x0"] < paid[0]["x0"] and border["x1"] > paid[-1]["x1"]
    assert len(border["pts"]) > 4  # a rounded outline, not a bare rectangle
    assert doc.text().replace("\u2060", "").startswith("Status: PAID next")


def test_vertical_padding_does_not_change_line_height(pdf):
    words = "word " * 40
    plain = pdf(BASE + f"<p style='width: 200pt'>{words}</p>", **MARGINS)
    boxed = pdf(
        BASE + f"<p style='width: 200pt'>word <span style='padding: 20px 0; border: 3px solid'>big</span> {words}</p>",
        **MARGINS,
    )

    def tops(doc):
        return sorted({round(c["top"], 1) for c in doc.pages[0].chars})

    assert tops(boxed)[:4] == tops(plain)[:4]


def test_right_and_centre_alignment_count_the_box_edges(pdf):
    doc = pdf(
        BASE + f"<p style='text-align: right'>Total <span style='{PILL}'>DUE</span></p>"
        f"<p style='text-align: center'><span style='{PILL}'>MID</span></p>",
        **MARGINS,
    )
    page = doc.pages[0]
    right = page.width - 36
    assert doc.chars_of("DUE")[-1]["x1"] == pytest.approx(right - EDGE, abs=0.1)
    fills = sorted(_fills(page, (0.933333, 1.0, 0.933333)), key=lambda s: s["top"])
    assert fills[0]["x1"] == pytest.approx(right, abs=0.1)
    assert (fills[1]["x0"] + fills[1]["x1"]) / 2 == pytest.approx(page.width / 2, abs=0.1)


def test_a_wrapping_box_is_painted_per_line_with_edges_only_where_it_opens_and_closes(pdf):
    long_span = "sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore"
    doc = pdf(
        BASE + "<p style='width: 200pt; text-align: justify'>Lorem ipsum "
        f"<span style='background: #fdd; padding: 0 10px; border: 2px solid #00f'>{long_span}</span> et dolore</p>",
        **MARGINS,
    )
    page = doc.pages[0]
    fills = sorted(_fills(page, (1.0, 0.866667, 0.866667)), key=lambda s: s["top"])
    assert len(fills) >= 3
    assert fills[0]["x0"] == pytest.approx(doc.chars_of("sit")[0]["x0"] - 10 * 0.75 - 1.5, abs=0.1)
    assert fills[1]["x0"] == pytest.approx(36, abs=0.1)  # continued lines start at the edge, no padding
    blue = _strokes(page, (0.0, 0.0, 1.0))
    # one left edge where it opens, one right edge where it closes: the cut sides are left open
    assert sum(_vertical_edges(shape) for shape in blue) == 2
    lines: dict[int, list] = {}
    for ch in _ink(page.chars):
        lines.setdefault(round(ch["top"]), []).append(ch)
    rows = [sorted(v, key=lambda c: c["x0"]) for _, v in sorted(lines.items())]
    for row in rows[:-1]:  # justified lines still end at the right edge
        assert row[-1]["x1"] == pytest.approx(36 + 200, abs=0.5)
    assert max(c["x1"] for c in page.chars) <= 36 + 200 + 0.5


def test_nested_background_inside_a_box_and_a_box_in_a_link(pdf):
    doc = pdf(
        BASE + f"<p><a href='https://example.com'><span style='{PILL}'>A <b style='background: yellow'>B</b> C"
        "</span></a></p>",
        **MARGINS,
    )
    page = doc.pages[0]
    outer = _fills(page, (0.933333, 1.0, 0.933333))
    inner = _fills(page, (1.0, 1.0, 0.0))
    assert outer and inner
    assert outer[0]["x0"] < inner[0]["x0"] and inner[0]["x1"] < outer[0]["x1"]
    b = doc.chars_of("B")[0]
    assert inner[0]["x0"] <= b["x0"] + 0.01 and inner[0]["x1"] >= b["x1"] - 0.01
    assert page.hyperlinks and page.hyperlinks[0]["uri"] == "https://example.com"


def test_rtl_paragraph_with_a_box(pdf):
    doc = pdf(BASE + f"<p style='direction: rtl'>שלום <span style='{PILL}'>עולם</span> טוב</p>", **MARGINS)
    page = doc.pages[0]
    (fill,) = _fills(page, (0.933333, 1.0, 0.933333))
    word = doc.chars_of("םלוע")
    assert word[0]["x0"] - fill["x0"] == pytest.approx(EDGE, abs=0.1)
    assert fill["x1"] - word[-1]["x1"] == pytest.approx(EDGE, abs=0.1)
    assert _ink(page.chars)[-1]["x1"] == pytest.approx(page.width - 36, abs=0.5)


def test_plain_background_spans_keep_the_fast_path(pdf):
    from pdflet.renderers.reportlab.layout.richtext import RichPara

    doc = pdf(BASE + "<p>a <span style='background: yellow'>b</span> c</p>")
    assert _fills(doc.pages[0], (1.0, 1.0, 0.0))
    from pdflet.renderers.reportlab.css.cascade import Cascade
    from pdflet.renderers.reportlab.fonts import get_font_library
    from pdflet.renderers.reportlab.layout.builder import Builder
    from pdflet.renderers.reportlab.layout.images import ImageCache
    from pdflet.renderers.reportlab.parse import parse_html
    from pdflet.renderers.resources import Fetcher

    root = parse_html("<p>a <span style='background: yellow'>b</span> c <b>d</b></p>")
    styles = Cascade([]).compute_tree(root)
    story = Builder(styles, ImageCache(Fetcher()), get_font_library(), set(), (400.0, 600.0)).build(root)
    assert story and not any(isinstance(f, RichPara) for f in story)


@pytest.mark.parametrize(
    "style",
    [
        "padding: 10%; border: 1px solid",
        "padding: -5px; border: bogus",
        "padding: 1e9px 1e9px; border: 1e9px solid red",
        "border-radius: 1e9px; background: red; border: 1px solid",
        "border-left: 3px double blue; border-right: 2px dotted red; padding-left: 4px",
        "display: inline; padding: 3px; background: transparent; border: 1px solid transparent",
    ],
)
def test_odd_box_values_render(pdf, style):
    doc = pdf(BASE + f"<p>before <span style='{style}'>inside text</span> after</p>")
    text = doc.text().replace("\u2060", "")
    assert "inside" in text and "after" in text
