"""Flexbox rows: widths from flex-basis/grow/shrink, wrapping, justify-content, align-items, page splits."""

from __future__ import annotations

import pytest

PAGE = {"margin": (36.0, 36.0, 36.0, 36.0)}
RESET = "<style>body { margin: 0 } p { margin: 0 }</style>"
WIDTH = 595.28 - 72  # the content width of an A4 page with 36 pt margins


def _rgb(obj):
    return tuple(round(v, 2) for v in (obj.get("non_stroking_color") or ()))


def _rect(doc, color, page=0):
    return next(r for r in doc.pages[page].rects if _rgb(r) == color)


def test_header_with_logo_left_and_details_right(pdf):
    doc = pdf(
        RESET + "<div style='display: flex; justify-content: space-between; align-items: center'>"
        "<div style='width: 80pt; height: 40pt; background: #0000ff'></div>"
        "<div style='text-align: right'>INVOICE<br>No. 42</div></div>",
        **PAGE,
    )
    logo = _rect(doc, (0.0, 0.0, 1.0))
    assert abs(logo["x0"] - 36) < 0.5 and abs(logo["width"] - 80) < 0.5
    invoice = doc.chars_of("INVOICE")
    assert abs(invoice[-1]["x1"] - (36 + WIDTH)) < 1  # pushed to the right edge
    # centred: the two lines of text sit around the logo's middle
    middle = (logo["top"] + logo["bottom"]) / 2
    assert invoice[0]["top"] < middle < doc.chars_of("No.")[0]["bottom"]


def test_grow_shares_free_space_by_factor(pdf):
    doc = pdf(
        RESET + "<div style='display: flex; gap: 20pt'>"
        "<div style='flex: 2; background: #ff0000'>a</div><div style='flex: 1; background: #00ff00'>b</div></div>",
        **PAGE,
    )
    red, green = _rect(doc, (1.0, 0.0, 0.0)), _rect(doc, (0.0, 1.0, 0.0))
    assert abs(red["width"] - 2 * green["width"]) < 1
    assert abs(green["x0"] - red["x1"] - 20) < 0.5
    assert abs(red["width"] + green["width"] + 20 - WIDTH) < 1


def test_fixed_label_column_and_flexible_value_wraps_beside_it(pdf):
    doc = pdf(
        RESET + "<div style='display: flex'><span style='width: 100pt'>Label</span>"
        f"<span style='flex: 1'>{'ww ' * 150}</span></div>",
        **PAGE,
    )
    label = doc.chars_of("Label")[0]
    lines: dict[int, float] = {}
    for c in doc.chars():
        if c["text"] == "w":
            lines[round(c["top"])] = min(lines.get(round(c["top"]), 1e9), c["x0"])
    assert len(lines) >= 3
    assert all(abs(x - 136) < 0.5 for x in lines.values())  # every line of the value starts 100 pt right
    assert abs(min(lines) - round(label["top"])) <= 1  # the first value line beside the label


def test_auto_margin_pushes_an_item_to_the_end(pdf):
    html = "<div style='display: flex'><span>Left</span><span style='margin-left: auto'>Right</span></div>"
    doc = pdf(RESET + html, **PAGE)
    assert abs(doc.chars_of("Right")[-1]["x1"] - (36 + WIDTH)) < 1
    assert abs(doc.chars_of("Left")[0]["x0"] - 36) < 0.5


@pytest.mark.parametrize(
    ("justify", "expected_x0"),
    [("flex-start", 36.0), ("flex-end", 36 + WIDTH - 100), ("center", 36 + (WIDTH - 100) / 2)],
)
def test_justify_content_places_the_items(pdf, justify, expected_x0):
    doc = pdf(
        RESET + f"<div style='display: flex; justify-content: {justify}'>"
        "<div style='width: 100pt; height: 10pt; background: #0000ff'></div></div>",
        **PAGE,
    )
    assert abs(_rect(doc, (0.0, 0.0, 1.0))["x0"] - expected_x0) < 0.5


def test_space_between_and_evenly(pdf):
    items = "".join(f"<div style='width: 50pt; height: 10pt; background: {c}'></div>" for c in ("#f00", "#0f0", "#00f"))
    doc = pdf(RESET + f"<div style='display: flex; justify-content: space-between'>{items}</div>", **PAGE)
    assert abs(_rect(doc, (1.0, 0.0, 0.0))["x0"] - 36) < 0.5
    assert abs(_rect(doc, (0.0, 1.0, 0.0))["x0"] - (36 + (WIDTH - 50) / 2)) < 0.5
    assert abs(_rect(doc, (0.0, 0.0, 1.0))["x1"] - (36 + WIDTH)) < 0.5
    doc = pdf(RESET + f"<div style='display: flex; justify-content: space-evenly'>{items}</div>", **PAGE)
    space = (WIDTH - 150) / 4
    assert abs(_rect(doc, (1.0, 0.0, 0.0))["x0"] - (36 + space)) < 0.5


def test_stretch_makes_siblings_equally_tall(pdf):
    doc = pdf(
        RESET + "<div style='display: flex'><div style='flex: 1; background: #ff0000'>one</div>"
        "<div style='flex: 1; background: #00ff00'>two<br>lines<br>here</div></div>",
        **PAGE,
    )
    red, green = _rect(doc, (1.0, 0.0, 0.0)), _rect(doc, (0.0, 1.0, 0.0))
    assert abs(red["height"] - green["height"]) < 0.5 and red["height"] > 30


def test_wrap_starts_new_lines_and_items_grow_on_each(pdf):
    cards = "".join(f"<div style='flex: 1 1 150pt; border: 1pt solid #000'>card{i}</div>" for i in range(5))
    doc = pdf(RESET + f"<div style='display: flex; flex-wrap: wrap; gap: 10pt'>{cards}</div>", **PAGE)
    tops = [round(doc.chars_of(f"card{i}")[0]["top"]) for i in range(5)]
    assert tops[0] == tops[1] == tops[2] < tops[3] == tops[4]  # 3 fit in 523 pt at 150 + gaps
    assert doc.chars_of("card3")[0]["x0"] < doc.chars_of("card1")[0]["x0"]


def test_shrink_never_goes_below_the_longest_word(pdf):
    doc = pdf(
        RESET + "<div style='display: flex'><div style='flex: 0 1 400pt'>Supercalifragilistic</div>"
        "<div style='flex: 0 1 400pt'>second</div></div>",
        **PAGE,
    )
    word = doc.chars_of("Supercalifragilistic")
    assert round(word[0]["top"]) == round(word[-1]["top"])  # not broken
    assert doc.chars_of("second")[0]["x0"] > word[-1]["x1"]


def test_column_direction_stacks_like_blocks(pdf):
    html = "<div style='display: flex; flex-direction: column'><div>first</div><div>second</div></div>"
    doc = pdf(RESET + html, **PAGE)
    assert doc.chars_of("second")[0]["top"] > doc.chars_of("first")[0]["bottom"]


def test_two_columns_taller_than_a_page_split_across_pages(pdf):
    side = "".join(f"<p>side{i}</p>" for i in range(20))
    main = "".join(f"<p>main{i} {'text ' * 120}</p>" for i in range(15))
    doc = pdf(
        RESET + f"<div style='display: flex; gap: 10pt'><div style='width: 120pt'>{side}</div>"
        f"<div style='flex: 1'>{main}</div></div>",
        **PAGE,
    )
    assert len(doc.pages) >= 2
    text = doc.text()
    for i in range(15):
        assert text.count(f"main{i} ") == 1
    for i in range(20):
        assert f"side{i}" in text
    second = [c for c in doc.chars(1) if c["text"] == "t"]
    assert second and min(c["x0"] for c in second) > 36 + 120  # the main column keeps its place on page 2


def test_many_flex_rows_flow_across_pages(pdf):
    rows = "".join(
        f"<div style='display: flex'><span style='width: 100pt'>key{i}</span><span>value{i}</span></div>"
        for i in range(120)
    )
    doc = pdf(RESET + rows, **PAGE)
    assert len(doc.pages) >= 2
    assert all(f"value{i}" in doc.text() for i in range(120))


def test_hostile_flex_values_and_sizes_still_render(pdf):
    nested = "<div style='display: flex'>" * 300 + "deep" + "</div>" * 300
    many = "<div style='display: flex; flex-wrap: wrap'>" + "<span style='padding: 2px'>item</span>" * 6000 + "</div>"
    odd = (
        "<div style='display: flex; gap: 1e9px; justify-content: space-evenly'>"
        "<div style='flex: 1e9 -1 1e9px; width: NaNpx'>a</div><div style='flex: 0 0 -5px; min-width: 1e9px'>b</div>"
        "<div style='margin-left: auto; margin-right: auto; align-self: bogus'>c</div></div>"
    )
    doc = pdf(RESET + nested + many + odd, **PAGE)
    text = doc.text()
    # past 5,000 items the container is laid out as a block, nothing lost (the run of items breaks mid-word)
    assert "deep" in text and "".join(text.split()).count("item") == 6000


def test_row_reverse_packs_from_the_right_in_reverse_order(pdf):
    html = "<div style='display: flex; flex-direction: row-reverse'><span>first</span><span>second</span></div>"
    doc = pdf(RESET + html, **PAGE)
    first, second = doc.chars_of("first"), doc.chars_of("second")
    assert abs(first[-1]["x1"] - (36 + WIDTH)) < 1 and second[-1]["x1"] <= first[0]["x0"] + 0.5
