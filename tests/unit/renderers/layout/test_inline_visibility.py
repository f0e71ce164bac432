"""visibility: hidden (inherited) keeps its room and draws nothing; visibility: visible on a child shows it."""

from __future__ import annotations

import pytest

BASE = "<style>body { margin: 0 } p { margin: 0 0 8pt; font-size: 12pt; font-family: sans-serif }</style>"
MARGINS = {"margin": (36.0, 36.0, 36.0, 36.0)}
LOREM = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore "


def _visible(doc):
    return "".join(c["text"] for c in doc.pages[0].chars if c["text"].strip() and c["text"] != "\u2060")


def test_hidden_span_keeps_its_room_and_draws_nothing(pdf):
    hidden = pdf(BASE + "<p>before <u style='visibility: hidden'>secret words</u> after <b>bold</b></p>", **MARGINS)
    shown = pdf(BASE + "<p>before <u>secret words</u> after <b>bold</b></p>", **MARGINS)
    assert "secret" not in hidden.text()
    assert _visible(hidden) == "beforeafterbold"
    for word in ("after", "bold"):
        assert hidden.chars_of(word)[0]["x0"] == pytest.approx(shown.chars_of(word)[0]["x0"], abs=0.01)
    assert not (hidden.pages[0].lines + hidden.pages[0].rects)  # nor its underline


def test_visibility_is_inherited_and_a_visible_child_shows_again(pdf):
    hidden = pdf(
        BASE + "<div style='visibility: hidden'><p>hide this <i style='visibility: visible'>shown</i> tail</p>"
        "<p>second hidden</p></div><p>last</p>",
        **MARGINS,
    )
    shown = pdf(BASE + "<div><p>hide this <i>shown</i> tail</p><p>second hidden</p></div><p>last</p>", **MARGINS)
    assert _visible(hidden) == "shownlast"
    for word in ("shown", "last"):
        got, want = hidden.chars_of(word)[0], shown.chars_of(word)[0]
        assert (got["x0"], got["top"]) == pytest.approx((want["x0"], want["top"]), abs=0.01)


def test_justified_lines_keep_their_spacing_around_hidden_words(pdf):
    text = LOREM * 3
    words = text.split()
    marked = " ".join(f"<span style='visibility: hidden'>{w}</span>" if i % 5 == 2 else w for i, w in enumerate(words))
    hidden = pdf(BASE + f"<p style='text-align: justify; width: 300pt'>{marked}</p>", **MARGINS)
    shown = pdf(BASE + f"<p style='text-align: justify; width: 300pt'>{text}</p>", **MARGINS)
    got = {(c["text"], round(c["x0"], 1), round(c["top"], 1)) for c in hidden.pages[0].chars if c["text"].strip()}
    want = {(c["text"], round(c["x0"], 1), round(c["top"], 1)) for c in shown.pages[0].chars if c["text"].strip()}
    assert got and got < want
    assert len(want - got) == sum(len(w) for i, w in enumerate(words) if i % 5 == 2)


def test_hidden_boxes_paint_nothing_but_keep_their_size(pdf):
    css = "background: #f00; border: 3px solid #00f; padding: 10px"
    hidden = pdf(
        BASE + f"<div style='{css}; visibility: hidden'><p>in box</p></div><p>after "
        f"<span style='{css}; visibility: hidden'>pill</span> tail</p>",
        **MARGINS,
    )
    shown = pdf(BASE + f"<div style='{css}'><p>in box</p></div><p>after <span style='{css}'>pill</span> tail</p>")
    page = hidden.pages[0]
    painted = [
        s
        for s in page.rects + page.curves + page.lines
        if (s.get("fill") and s.get("non_stroking_color") == (1.0, 0.0, 0.0))
        or (s.get("stroke") and tuple(s.get("stroking_color") or ()) == (0.0, 0.0, 1.0))
    ]
    assert not painted
    assert _visible(hidden) == "aftertail"
    shown_again = pdf(
        BASE + f"<div style='{css}'><p>in box</p></div><p>after <span style='{css}'>pill</span> tail</p>", **MARGINS
    )
    assert shown.pages[0].chars  # rendered without options too
    for word in ("after", "tail"):
        got, want = hidden.chars_of(word)[0], shown_again.chars_of(word)[0]
        assert (got["x0"], got["top"]) == pytest.approx((want["x0"], want["top"]), abs=0.01)


def test_hidden_list_item_draws_no_marker(pdf):
    doc = pdf(BASE + "<ul><li style='visibility: hidden'>gone</li><li>here</li></ul>")
    page = doc.pages[0]
    assert _visible(doc) == "here"
    markers = [c for c in page.curves if c["top"] < doc.chars_of("here")[0]["top"] - 2]
    assert not markers


@pytest.mark.parametrize("value", ["collapse", "bogus", "inherit", "initial", "hidden !important"])
def test_other_values(pdf, value):
    doc = pdf(BASE + f"<p>a <span style='visibility: {value}'>b</span> c</p>")
    assert "a" in doc.text() and "c" in doc.text()


PNG = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def test_hidden_images_keep_their_room_and_are_not_drawn(pdf):
    img = f"<img src='{PNG}' width='40' height='20' style='visibility: hidden'>"
    shown_img = f"<img src='{PNG}' width='40' height='20'>"
    hidden = pdf(BASE + f"<p>a {img} b</p><p>{img}</p><p>after</p>", **MARGINS)
    shown = pdf(BASE + f"<p>a {shown_img} b</p><p>{shown_img}</p><p>after</p>", **MARGINS)
    assert not hidden.pages[0].images
    assert len(shown.pages[0].images) == 2
    for word in ("b", "after"):
        got, want = hidden.chars_of(word)[0], shown.chars_of(word)[0]
        assert (got["x0"], got["top"]) == pytest.approx((want["x0"], want["top"]), abs=0.01)


def test_a_hidden_table_cell_paints_no_background(pdf):
    doc = pdf(
        "<table><tr style='background: #ff0000'><td>shown</td><td style='visibility: hidden'>gone</td></tr>"
        "<tr><td bgcolor='#00ff00' style='visibility: hidden'>gone too</td></tr></table>"
    )
    fills = [tuple(round(v, 2) for v in r["non_stroking_color"]) for r in doc.pages[0].rects]
    assert fills.count((1.0, 0.0, 0.0)) == 1 and (0.0, 1.0, 0.0) not in fills
    assert "gone" not in doc.text() and "shown" in doc.text()
