"""position: absolute (against a positioned parent or the page area), fixed (every page) and relative."""

from __future__ import annotations

PAGE = {"margin": (36.0, 36.0, 36.0, 36.0)}
RESET = "<style>body { margin: 0 } p { margin: 0 }</style>"
WIDTH = 595.28 - 72


def test_absolute_in_a_relative_parent_sits_in_its_corner_and_takes_no_room(pdf):
    doc = pdf(
        RESET + "<div style='position: relative; padding: 10pt; border: 1pt solid #000'>"
        "<p>Header</p><div style='position: absolute; top: 5pt; right: 5pt'>PAID</div></div><p>After</p>",
        **PAGE,
    )
    paid = doc.chars_of("PAID")
    assert abs(paid[-1]["x1"] - (36 + WIDTH - 1 - 5)) < 1.5  # right: 5pt inside the border
    assert abs(paid[0]["top"] - (36 + 1 + 5)) < 4
    header, after = doc.chars_of("Header")[0], doc.chars_of("After")[0]
    assert after["top"] - header["bottom"] < 30  # the stamp took no room in the flow


def test_absolute_without_positioned_parent_is_placed_on_the_page_area(pdf):
    doc = pdf(RESET + "<p>flow</p><div style='position: absolute; left: 100pt; top: 300pt'>placed</div>", **PAGE)
    placed = doc.chars_of("placed")[0]
    assert abs(placed["x0"] - 136) < 0.5 and abs(placed["top"] - 336) < 4
    assert doc.chars_of("flow")[0]["top"] < 40


def test_fixed_box_repeats_on_every_page(pdf):
    filler = "<p>" + "filler words " * 1500 + "</p>"
    doc = pdf(RESET + "<div style='position: fixed; bottom: 0; left: 0'>Letterhead footer</div>" + filler, **PAGE)
    assert len(doc.pages) >= 2
    for page in range(len(doc.pages)):
        chars = doc.chars_of("Letterhead", page)
        assert abs(chars[0]["x0"] - 36) < 0.5 and abs(chars[0]["bottom"] - (842 - 36)) < 4


def test_relative_shifts_but_keeps_its_place(pdf):
    doc = pdf(RESET + "<p>one</p><p style='position: relative; left: 30pt; top: 10pt'>two</p><p>three</p>", **PAGE)
    one, two, three = (doc.chars_of(w)[0] for w in ("one", "two", "three"))
    assert abs(two["x0"] - (one["x0"] + 30)) < 0.5
    assert abs((two["top"] - one["top"]) - (three["top"] - one["top"]) / 2 - 10) < 1


def test_hostile_offsets_and_many_layers_still_render(pdf):
    style = "position: absolute; left: {}px; top: -{}e9px; width: 1e9px"
    layers = "".join(f"<div style='{style.format(i * 1e6, i)}'>L{i}</div>" for i in range(800))
    doc = pdf(RESET + "<p>body</p>" + layers, **PAGE)
    assert len(doc.pages) == 1
    assert {"b", "o", "d", "y"} <= {c["text"] for c in doc.chars()}



def test_positioned_boxes_keep_their_place_on_a_page_with_bleed(pdf):
    style = "<style>@page { size: A5; margin: 20mm; bleed: 3mm } body { margin: 0 } p { margin: 0 }</style>"
    body = ("<p>flow</p><div style='position: absolute; left: 50pt; top: 60pt'>placed</div>"
            "<p style='position: relative; left: 30pt'>shifted</p>")
    plain = pdf(style.replace(" bleed: 3mm", "") + body)
    bled = pdf(style + body)
    bleed = 3 * 72 / 25.4
    for word in ("flow", "placed", "shifted"):
        a, b = plain.chars_of(word)[0], bled.chars_of(word)[0]
        assert abs(b["x0"] - a["x0"] - bleed) < 0.2 and abs(b["top"] - a["top"] - bleed) < 0.2, word


def test_relative_offsets_move_a_block_of_several_paragraphs_at_page_level(pdf):
    plain = pdf(RESET + "<p>x</p><div><p>a</p><p>b</p></div>", **PAGE)
    moved = pdf(RESET + "<p>x</p><div style='position: relative; left: 30pt; top: 10pt'><p>a</p><p>b</p></div>",
                **PAGE)
    for word in ("a", "b"):
        a, b = plain.chars_of(word)[0], moved.chars_of(word)[0]
        assert abs(b["x0"] - a["x0"] - 30) < 0.5 and abs(b["top"] - a["top"] - 10) < 0.5, word
    assert abs(plain.chars_of("x")[0]["top"] - moved.chars_of("x")[0]["top"]) < 0.1
