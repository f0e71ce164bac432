"""Flex containers laid out by the flex algorithm, read back from the PDF: columns, definite sizes, order,
reverses, align-content, baseline, nested containers, page splits."""

from __future__ import annotations

import pytest

PAGE = {"margin": (36.0, 36.0, 36.0, 36.0)}
RESET = "<style>body { margin: 0 } p { margin: 0 }</style>"
WIDTH = 595.28 - 72


def _rgb(obj):
    return tuple(round(v, 2) for v in (obj.get("non_stroking_color") or ()))


def _rect(doc, color, page=0):
    return next(r for r in doc.pages[page].rects if _rgb(r) == color)


RED, GREEN, BLUE = (1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)


def test_progress_bar_stretches_to_the_container_height(pdf):
    html = (
        "<div style='display: flex; height: 20pt; background: #00f'>"
        "<div style='width: 25%; background: #f00'></div></div>"
    )
    doc = pdf(RESET + html, **PAGE)
    bar = _rect(doc, RED)
    assert abs(bar["height"] - 20) < 0.5 and abs(bar["width"] - WIDTH / 4) < 0.5


def test_column_centres_on_both_axes_in_a_definite_height(pdf):
    html = (
        "<div style='display: flex; flex-direction: column; height: 200pt; justify-content: center;"
        " align-items: center'><div style='width: 40pt; height: 40pt; background: #f00'></div></div>"
    )
    doc = pdf(RESET + html, **PAGE)
    box = _rect(doc, RED)
    assert abs(box["x0"] - (36 + (WIDTH - 40) / 2)) < 0.5
    assert abs(box["top"] - (36 + 80)) < 0.5


def test_column_min_height_pushes_a_growing_item_and_the_footer_down(pdf):
    html = (
        "<div style='display: flex; flex-direction: column; min-height: 300pt'>"
        "<p>header</p><div style='flex-grow: 1'></div><p>footer</p></div>"
    )
    doc = pdf(RESET + html, **PAGE)
    assert abs(doc.chars_of("footer")[0]["bottom"] - (36 + 300)) < 3


def test_column_items_keep_their_width_unless_stretched(pdf):
    html = (
        "<div style='display: flex; flex-direction: column; align-items: flex-start'>"
        "<div style='background: #f00'>short</div><div style='align-self: stretch; background: #0f0'>wide</div></div>"
    )
    doc = pdf(RESET + html, **PAGE)
    assert _rect(doc, RED)["width"] < 60 and abs(_rect(doc, GREEN)["width"] - WIDTH) < 0.5


def test_order_places_items_by_their_order_value(pdf):
    html = "<div style='display: flex'><span style='order: 2'>AAA</span><span style='order: 1'>BBB</span></div>"
    doc = pdf(RESET + html, **PAGE)
    assert doc.chars_of("BBB")[0]["x0"] < doc.chars_of("AAA")[0]["x0"]
    assert abs(doc.chars_of("BBB")[0]["x0"] - 36) < 0.5


def test_wrap_reverse_puts_the_first_line_at_the_bottom(pdf):
    items = "".join(f"<div style='width: 300pt'>line{i}</div>" for i in range(2))
    doc = pdf(RESET + f"<div style='display: flex; flex-wrap: wrap-reverse'>{items}</div>", **PAGE)
    assert doc.chars_of("line0")[0]["top"] > doc.chars_of("line1")[0]["bottom"]


def test_align_content_center_places_the_lines_in_the_middle(pdf):
    items = "".join(f"<div style='width: 300pt; height: 20pt; background: {c}'></div>" for c in ("#f00", "#0f0"))
    html = f"<div style='display: flex; flex-wrap: wrap; height: 200pt; align-content: center'>{items}</div>"
    doc = pdf(RESET + html, **PAGE)
    assert abs(_rect(doc, RED)["top"] - (36 + 80)) < 0.5 and abs(_rect(doc, GREEN)["top"] - (36 + 100)) < 0.5


def test_baseline_alignment_lines_up_text_of_different_sizes(pdf):
    html = (
        "<div style='display: flex; align-items: baseline'>"
        "<div style='font-size: 30pt'>Big</div><div style='font-size: 10pt'>small</div></div>"
    )
    doc = pdf(RESET + html, **PAGE)
    assert abs(doc.chars_of("Big")[0]["bottom"] - doc.chars_of("small")[0]["bottom"]) < 3
    assert doc.chars_of("small")[0]["top"] > doc.chars_of("Big")[0]["top"] + 10


def test_nested_row_is_as_wide_as_its_items_together(pdf):
    inner = "<div style='display: flex'><div style='width: 60pt'>a</div><div style='width: 60pt'>b</div></div>"
    html = f"<div style='display: flex'>{inner}<span>next</span></div>"
    doc = pdf(RESET + html, **PAGE)
    assert abs(doc.chars_of("next")[0]["x0"] - (36 + 120)) < 0.5


def test_min_width_zero_lets_an_item_shrink_below_its_longest_word(pdf):
    word = "W" * 40  # about 450 pt: longer than half the line
    html = (
        "<div style='display: flex'><div style='flex: 0 1 400pt; min-width: {}'>{}</div>"
        "<div style='flex: 0 1 400pt'>second</div></div>"
    )
    doc = pdf(RESET + html.format("0", word), **PAGE)
    assert abs(doc.chars_of("second")[0]["x0"] - (36 + WIDTH / 2)) < 1
    doc = pdf(RESET + html.format("auto", word), **PAGE)  # the automatic minimum: the word's width
    assert doc.chars_of("second")[0]["x0"] > 36 + WIDTH / 2 + 100


def test_auto_margins_centre_an_item_vertically(pdf):
    html = (
        "<div style='display: flex; height: 100pt'>"
        "<div style='margin: auto 0; height: 20pt; width: 20pt; background: #f00'></div></div>"
    )
    doc = pdf(RESET + html, **PAGE)
    assert abs(_rect(doc, RED)["top"] - (36 + 40)) < 0.5


def test_single_line_column_taller_than_a_page_splits_between_items(pdf):
    items = "".join(f"<div style='height: 100pt; background: #f00'>item{i}</div>" for i in range(12))
    doc = pdf(RESET + f"<div style='display: flex; flex-direction: column'>{items}</div>", **PAGE)
    assert len(doc.pages) >= 2
    first_page = doc.pages[0].extract_text()
    assert "item0" in first_page and "item11" not in first_page
    assert all(f"item{i}" in doc.text() for i in range(12))
    # whole items on each page: the first item of page 2 starts at its top
    second = doc.pages[1]
    top = min(r["top"] for r in second.rects if _rgb(r) == RED)
    assert abs(top - 36) < 0.5


def test_gap_separates_items_of_a_column(pdf):
    items = "".join(f"<div style='height: 10pt; background: {c}'></div>" for c in ("#f00", "#0f0"))
    doc = pdf(RESET + f"<div style='display: flex; flex-direction: column; row-gap: 15pt'>{items}</div>", **PAGE)
    assert abs(_rect(doc, GREEN)["top"] - _rect(doc, RED)["bottom"] - 15) < 0.5


def test_ten_thousand_nested_flex_containers_render(pdf):
    rows = "<div style='display: flex'>" * 5000
    columns = "<div style='display: flex; flex-direction: column; align-items: center'>" * 5000
    doc = pdf(RESET + rows + columns + "deep" + "</div>" * 10000, **PAGE)
    assert "deep" in doc.text()


def test_a_hundred_thousand_flex_items_fail_clearly():
    from pdflet.errors import RenderFailed
    from tests.unit.renderers.conftest import render

    html = "<div style='display: flex; flex-wrap: wrap'>" + "<span>item</span>" * 100_000 + "</div>"
    with pytest.raises(RenderFailed, match="elements"):
        render(html)


def test_many_items_in_a_column_flow_across_pages(pdf):
    items = "".join(f"<div>row{i}</div>" for i in range(600))
    doc = pdf(RESET + f"<div style='display: flex; flex-direction: column'>{items}</div>", **PAGE)
    assert len(doc.pages) >= 5 and all(f"row{i}" in doc.text().split() for i in (0, 299, 599))


def test_break_before_on_a_column_item_starts_a_new_page(pdf):
    html = (
        "<div style='display: flex; flex-direction: column'><div>first</div>"
        "<div style='break-before: page'>second</div><div style='break-after: page'>third</div><div>fourth</div></div>"
    )
    doc = pdf(RESET + html, **PAGE)
    assert [page.extract_text().split() for page in doc.pages] == [["first"], ["second", "third"], ["fourth"]]


def test_break_before_on_a_wrapped_row_moves_its_line_to_the_next_page(pdf):
    items = "".join(
        f"<div style='width: 300pt{'; page-break-before: always' if i == 2 else ''}'>card{i}</div>" for i in range(4)
    )
    doc = pdf(RESET + f"<div style='display: flex; flex-wrap: wrap'>{items}</div>", **PAGE)
    assert [page.extract_text().split() for page in doc.pages] == [["card0", "card1"], ["card2", "card3"]]


def test_letter_spaced_chips_keep_their_text_on_one_line(pdf):
    chip = "<span style='padding: 2px 10px; letter-spacing: .05em; background: #dbeafe'>{}</span>"
    html = "<div style='display: flex; flex-wrap: wrap; gap: 8px'>" + "".join(
        chip.format(t) for t in ("Python", "Data Engineering", "Airflow pipelines")
    )
    doc = pdf(RESET + html + "</div>", **PAGE)
    tops = {round(c["top"]) for c in doc.chars()}
    assert len(tops) == 1  # every chip as wide as its text: no word wraps to a second line


def test_a_stretched_item_that_is_a_column_centres_its_text_in_the_stretched_height(pdf):
    bar = (
        "<div style='display: flex; flex-direction: column; justify-content: center; width: 25%;"
        " background: #f00'>25%</div>"
    )
    doc = pdf(RESET + f"<div style='display: flex; height: 60pt'>{bar}</div>", **PAGE)
    text = doc.chars_of("25%")
    middle = (text[0]["top"] + text[0]["bottom"]) / 2
    assert abs(_rect(doc, RED)["height"] - 60) < 0.5 and abs(middle - (36 + 30)) < 3


def test_a_stretched_card_pushes_its_footer_to_the_bottom(pdf):
    card = "<div style='display: flex; flex-direction: column; flex: 1'><p>{}</p>"
    card += "<p style='margin-top: auto'>{}</p></div>"
    html = "<div style='display: flex'>" + card.format("short", "footA") + card.format("long " * 200, "footB")
    doc = pdf(RESET + html + "</div>", **PAGE)
    assert abs(doc.chars_of("footA")[0]["top"] - doc.chars_of("footB")[0]["top"]) < 0.5


def test_column_items_shrink_below_their_height_to_fit_a_definite_container(pdf):
    items = "".join(f"<div style='height: 100pt; background: {c}'></div>" for c in ("#f00", "#0f0"))
    doc = pdf(RESET + f"<div style='display: flex; flex-direction: column; height: 100pt'>{items}</div>", **PAGE)
    red, green = _rect(doc, RED), _rect(doc, GREEN)
    assert abs(red["height"] - 50) < 0.5 and abs(green["top"] - (36 + 50)) < 0.5


def test_rtl_row_places_the_first_item_on_the_right(pdf):
    html = (
        "<div style='display: flex; direction: rtl; width: 300pt'>"
        "<div style='width: 50pt; height: 10pt; background: #f00'></div>"
        "<div style='width: 50pt; height: 10pt; background: #00f; margin-right: 10pt'></div></div>"
    )
    doc = pdf(RESET + html, **PAGE)
    assert _rect(doc, RED)["x0"] == pytest.approx(36 + 250, abs=0.05)
    assert _rect(doc, BLUE)["x0"] == pytest.approx(36 + 190, abs=0.05)


def test_an_object_without_data_shows_its_fallback_content_as_a_flex_item(pdf):
    html = (
        "<div style='display: flex; justify-content: space-between; width: 300pt'>"
        "<object>fallback<param name='a' value='b'></object><p>second</p></div>"
        "<object data='movie.swf'>hidden</object>"
    )
    doc = pdf(RESET + html, **PAGE)
    text = doc.pages[0].extract_text() or ""
    assert "fallback" in text and "hidden" not in text
    assert doc.chars_of("fallback")[0]["x0"] == pytest.approx(36, abs=0.05)
    assert doc.chars_of("second")[-1]["x1"] == pytest.approx(336, abs=0.1)  # two items, spaced apart


def test_visibility_collapse_removes_an_item_but_its_line_keeps_its_height(pdf):
    html = (
        "<div style='display: flex; width: 300pt'>"
        "<div style='width: 50pt; height: 10pt; background: #f00'></div>"
        "<div style='visibility: collapse; width: 50pt; height: 30pt; background: #0f0'></div>"
        "<div style='width: 50pt; background: #00f'></div></div>"
    )
    doc = pdf(RESET + html, **PAGE)
    assert not [r for r in doc.pages[0].rects if _rgb(r) == GREEN]
    blue = _rect(doc, BLUE)
    assert blue["x0"] == pytest.approx(36 + 50, abs=0.05)  # straight after the first item
    assert blue["height"] == pytest.approx(30, abs=0.05)  # stretched to the collapsed item's strut
