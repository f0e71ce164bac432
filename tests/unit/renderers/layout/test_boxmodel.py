"""The box model's geometry, computed without drawing a PDF: percentages, ``box-sizing``, auto margins,
min/max clamping, used heights, replaced sizes and intrinsic widths of nested boxes and tables."""

from __future__ import annotations

import pytest
from reportlab.lib.colors import black
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from pdflet.renderers.reportlab.layout.box_flowables import Box
from pdflet.renderers.reportlab.layout.boxmodel import (
    Border,
    BoxSpec,
    block_margin,
    border_box_width,
    horizontal_extra,
    insets,
    intrinsic_outer,
    outer_size,
    replaced_size,
    used_box,
    used_height,
    vertical_extra,
)
from pdflet.renderers.reportlab.layout.image_flowable import ImageFlowable
from pdflet.renderers.reportlab.layout.intrinsic import content_widths
from pdflet.renderers.reportlab.layout.paragraphs import Para
from pdflet.renderers.reportlab.layout.table_flow import HtmlTable
from pdflet.renderers.reportlab.layout.table_grid import Cell, TableSpec

PCT = "%"


def solid(width: float) -> Border:
    return Border(width, "solid", black)


def edged(**fields) -> BoxSpec:
    """A box with 10 pt padding and a 2 pt solid border on every side."""
    return BoxSpec(padding=(10.0, 10.0, 10.0, 10.0), borders=(solid(2), solid(2), solid(2), solid(2)), **fields)


def para(text: str) -> Para:
    return Para(text, ParagraphStyle("t", fontName="Helvetica", fontSize=10, leading=12))


# -- percentages ---------------------------------------------------------------------------------
def test_percentages_resolve_against_the_containing_width():
    spec = BoxSpec(width=(PCT, 50.0), padding=((PCT, 5.0), (PCT, 10.0), 0.0, (PCT, 10.0)), margin_left=(PCT, 25.0))
    used = used_box(spec, 400.0)
    assert used.content == 200.0
    assert (used.padding.top, used.padding.left, used.padding.right) == (20.0, 40.0, 40.0)
    assert used.margin_left == 100.0
    assert used.content_left == 140.0


def test_padding_percentages_count_as_zero_in_intrinsic_widths():
    spec = BoxSpec(padding=(0.0, (PCT, 50.0), 0.0, 4.0), margin_left=(PCT, 10.0))
    assert intrinsic_outer(spec, 30.0, 60.0) == (34.0, 64.0)


# -- box-sizing ----------------------------------------------------------------------------------
def test_content_box_width_is_the_content_width():
    assert used_box(edged(width=100.0), 500.0).content == 100.0


def test_border_box_width_includes_padding_and_border():
    assert used_box(edged(width=100.0, border_box=True), 500.0).content == 76.0


def test_an_invisible_border_takes_no_room():
    spec = BoxSpec(width=100.0, border_box=True, borders=(Border(), Border(5, "none", black), Border(), solid(3)))
    assert horizontal_extra(spec) == 3.0
    assert used_box(spec, 500.0).content == 97.0


def test_border_box_width_of_a_fixed_and_an_auto_width():
    assert border_box_width(edged(width=100.0), 500.0) == 124.0
    assert border_box_width(edged(width=100.0, border_box=True), 500.0) == 100.0
    assert border_box_width(edged(), 500.0) is None


def test_box_sizing_applies_to_min_and_max_width():
    assert used_box(edged(max_width=60.0, border_box=True), 500.0).content == 36.0
    assert used_box(edged(max_width=60.0), 500.0).content == 60.0
    assert used_box(edged(width=10.0, min_width=60.0, border_box=True), 500.0).content == 36.0


def test_outer_size_adds_edges_only_for_content_box():
    assert outer_size(50.0, 3.0, 4.0, border_box=False) == 57.0
    assert outer_size(50.0, 3.0, 4.0, border_box=True) == 50.0


# -- widths and auto margins ---------------------------------------------------------------------
def test_an_auto_width_fills_what_the_margins_leave():
    used = used_box(BoxSpec(margin_left=30.0, margin_right=20.0), 300.0)
    assert (used.margin_left, used.content) == (30.0, 250.0)


def test_auto_margins_centre_a_box():
    used = used_box(BoxSpec(width=100.0, margin_left="auto", margin_right="auto"), 300.0)
    assert used.margin_left == 100.0


def test_an_auto_left_margin_pushes_the_box_against_the_right_margin():
    used = used_box(BoxSpec(width=100.0, margin_left="auto", margin_right=20.0), 300.0)
    assert used.margin_left == 180.0


def test_over_constrained_the_right_margin_gives_way():
    used = used_box(BoxSpec(width=100.0, margin_left=30.0, margin_right=100.0), 200.0)
    assert (used.margin_left, used.content) == (30.0, 100.0)


def test_a_box_wider_than_its_container_is_narrowed_and_loses_its_left_margin():
    used = used_box(edged(width=500.0, margin_left=40.0), 200.0)
    assert used.content == 176.0
    assert used.margin_left == 0.0


def test_centred_box_with_edges():
    used = used_box(edged(width=100.0, margin_left="auto", margin_right="auto"), 300.0)
    assert used.margin_left == 88.0  # (300 - 124) / 2


# -- min/max clamping ----------------------------------------------------------------------------
def test_max_width_caps_the_width():
    assert used_box(BoxSpec(width=300.0, max_width=120.0), 500.0).content == 120.0


def test_min_width_wins_over_max_width():
    assert used_box(BoxSpec(max_width=50.0, min_width=80.0), 500.0).content == 80.0


def test_min_width_raises_a_percentage_width():
    assert used_box(BoxSpec(width=(PCT, 10.0), min_width=(PCT, 30.0)), 500.0).content == 150.0


def test_a_shrink_to_fit_box_takes_its_preferred_width_between_min_and_max():
    assert used_box(BoxSpec(), 500.0, lambda: 60.0).content == 60.0
    assert used_box(BoxSpec(max_width=40.0), 500.0, lambda: 60.0).content == 40.0
    assert used_box(BoxSpec(min_width=90.0), 500.0, lambda: 60.0).content == 90.0


def test_a_shrink_to_fit_preference_is_ignored_for_a_fixed_width():
    assert used_box(BoxSpec(width=200.0), 500.0, lambda: 60.0).content == 200.0


def test_the_content_width_never_exceeds_the_room_and_may_be_zero():
    assert used_box(BoxSpec(min_width=900.0), 500.0).content == 500.0
    assert used_box(edged(), 20.0).content == 0.0
    assert used_box(BoxSpec(width=0.0), 500.0).content == 0.0  # width: 0 is 0 wide (a 1px border beside it)
    assert used_box(BoxSpec(width=0.75), 500.0).content == 0.75  # 1px stays 1px


# -- heights -------------------------------------------------------------------------------------
def test_height_and_box_sizing():
    spec = edged(height=50.0)
    assert used_height(spec, 10.0, used_box(spec, 500.0)) == 74.0
    spec = edged(height=50.0, border_box=True)
    assert used_height(spec, 10.0, used_box(spec, 500.0)) == 50.0


def test_a_length_height_is_the_height_whatever_the_content():
    spec = edged(height=50.0, min_height=30.0)
    assert used_height(spec, 80.0, used_box(spec, 500.0)) == 74.0
    spec = BoxSpec(height=0.0)
    assert used_height(spec, 80.0, used_box(spec, 500.0)) == 0.0


def test_content_cut_short_by_the_page_is_never_cut_by_the_height():
    spec = edged(height=50.0)
    assert used_height(spec, 80.0, used_box(spec, 500.0), complete=False) == 104.0


def test_a_percentage_height_is_auto_in_the_flow():
    spec = BoxSpec(height=(PCT, 50.0))
    assert used_height(spec, 80.0, used_box(spec, 500.0)) == 80.0


def test_max_height_caps_and_min_height_wins_over_it():
    spec = BoxSpec(height=72.0, max_height=0.0)
    assert used_height(spec, 10.0, used_box(spec, 500.0)) == 0.0
    spec = BoxSpec(max_height=20.0)
    assert used_height(spec, 80.0, used_box(spec, 500.0)) == 20.0
    spec = edged(max_height=20.0, border_box=True)
    assert used_height(spec, 80.0, used_box(spec, 500.0)) == 24.0  # never under padding and border
    spec = BoxSpec(max_height=20.0, min_height=40.0)
    assert used_height(spec, 80.0, used_box(spec, 500.0)) == 40.0
    spec = BoxSpec(max_height=(PCT, 10.0))
    assert used_height(spec, 80.0, used_box(spec, 500.0)) == 80.0


def test_min_height_raises_the_height():
    spec = edged(min_height=100.0, border_box=True)
    assert used_height(spec, 10.0, used_box(spec, 500.0)) == 100.0


def test_vertical_padding_percentages_are_of_the_width():
    spec = BoxSpec(padding=((PCT, 10.0), 0.0, (PCT, 5.0), 0.0))
    assert used_height(spec, 0.0, used_box(spec, 200.0)) == 30.0


# -- replaced elements and cells -----------------------------------------------------------------
def test_replaced_size_keeps_the_aspect_ratio_and_obeys_max_width():
    assert replaced_size((200.0, 100.0), "auto", "auto", "none", 500.0) == (200.0, 100.0)
    assert replaced_size((200.0, 100.0), 100.0, "auto", "none", 500.0) == (100.0, 50.0)
    assert replaced_size((200.0, 100.0), "auto", 20.0, "none", 500.0) == (40.0, 20.0)
    assert replaced_size((200.0, 100.0), (PCT, 50.0), "auto", "none", 600.0) == (300.0, 150.0)
    assert replaced_size((200.0, 100.0), "auto", (PCT, 50.0), "none", 600.0) == (200.0, 100.0)
    assert replaced_size((200.0, 100.0), "auto", "auto", (PCT, 25.0), 400.0) == (100.0, 50.0)


def test_cell_insets_share_borders_in_the_collapsing_model():
    padding, borders = (1.0, 2.0, 3.0, 4.0), (solid(2), Border(), solid(4), solid(6))
    assert insets(padding, borders, 0.5) == (2.0, 2.0, 5.0, 7.0)
    assert insets(padding, borders, 1.0) == (3.0, 2.0, 7.0, 10.0)


# -- intrinsic widths ----------------------------------------------------------------------------
def test_a_paragraph_answers_its_longest_word_and_its_line():
    low, high = para("tiny enormousword").intrinsic_widths()
    assert low == pytest.approx(stringWidth("enormousword", "Helvetica", 10))
    assert high == pytest.approx(stringWidth("tiny enormousword", "Helvetica", 10))


def test_nested_boxes_add_their_edges_around_the_content():
    text = para("tiny enormousword")
    low, high = text.intrinsic_widths()
    inner = Box([text], edged(margin_left=5.0))
    outer = Box([inner], BoxSpec(padding=(0.0, 3.0, 0.0, 3.0)))
    assert outer.intrinsic_widths() == pytest.approx((low + 29.0 + 6.0, high + 29.0 + 6.0))


def test_a_fixed_width_box_is_its_width_both_ways():
    assert Box([para("whatever text")], edged(width=80.0)).intrinsic_widths() == (104.0, 104.0)
    assert Box([para("whatever text")], edged(width=80.0, border_box=True)).intrinsic_widths() == (80.0, 80.0)


def test_a_box_asks_each_child_through_the_protocol():
    class Fixed:
        def intrinsic_widths(self) -> tuple[float, float]:
            return 40.0, 70.0

    assert Box([Fixed(), Fixed()], BoxSpec(padding=(0.0, 1.0, 0.0, 1.0))).intrinsic_widths() == (42.0, 72.0)
    assert content_widths([object()]) == (0.0, 0.0)  # a flowable that cannot tell takes no width


def test_an_image_with_a_percentage_width_can_shrink_to_nothing():
    assert ImageFlowable(None, (100.0, 50.0), 60.0, "auto").intrinsic_widths() == (60.0, 60.0)
    assert ImageFlowable(None, (100.0, 50.0), (PCT, 50.0), "auto").intrinsic_widths()[0] == 0.0


def _table(cells: list[list[Cell | None]], extra: float = 6.0, **box) -> HtmlTable:
    spec = TableSpec(BoxSpec(**box), extra=extra, spacing=(2.0, 2.0))
    return HtmlTable(cells, len(cells[0]), 0, spec)


def test_a_table_sums_its_columns_with_insets_and_spacing():
    a, b = para("alpha beta"), para("gamma")
    cells = [[Cell([a], inset=(1.0, 2.0, 1.0, 3.0)), Cell([b], inset=(0.0, 0.0, 0.0, 0.0))]]
    low, high = _table(cells).intrinsic_widths()
    assert low == pytest.approx(a.intrinsic_widths()[0] + 5.0 + b.intrinsic_widths()[0] + 6.0)
    assert high == pytest.approx(a.intrinsic_widths()[1] + 5.0 + b.intrinsic_widths()[1] + 6.0)


def test_a_spanning_cell_widens_the_columns_it_spans():
    wide = para("a-rather-long-unbreakable-word")
    cells = [[Cell([wide], colspan=2, inset=(0.0,) * 4), None], [Cell([para("x")], inset=(0.0,) * 4)] * 2]
    low, _ = _table(cells, extra=0.0).intrinsic_widths()
    assert low == pytest.approx(wide.intrinsic_widths()[0])


def test_a_table_in_a_box_is_asked_like_any_child():
    table = _table([[Cell([para("cell")], inset=(0.0,) * 4)]])
    box = Box([table], BoxSpec(padding=(0.0, 4.0, 0.0, 4.0)))
    assert box.intrinsic_widths() == pytest.approx(tuple(w + 8.0 for w in table.intrinsic_widths()))
    assert _table([[Cell([para("cell")])]], width=300.0).intrinsic_widths() == (300.0, 300.0)


def test_a_table_with_auto_margins_is_centred():
    table = _table([[Cell([para("cell")], inset=(0.0,) * 4)]], width=100.0, margin_left="auto", margin_right="auto")
    table.wrap(400.0, 1000.0)
    assert table._offset == 150.0


def test_a_block_margin_is_a_percentage_of_the_width_and_never_negative():
    assert block_margin((PCT, 10.0), 300.0) == 30.0
    assert block_margin(-12.0, 300.0) == 0.0


def test_a_table_is_as_wide_as_its_content_within_its_min_and_max_width():
    cell = para("some words in a cell")
    table = _table([[Cell([cell], inset=(0.0,) * 4)]], extra=0.0)
    table.wrap(1000.0, 1000.0)
    assert sum(table._cols) == pytest.approx(cell.intrinsic_widths()[1])
    capped = _table([[Cell([para("some words in a cell")], inset=(0.0,) * 4)]], extra=0.0, max_width=40.0)
    capped.wrap(1000.0, 1000.0)
    assert sum(capped._cols) == pytest.approx(40.0)
    widened = _table([[Cell([para("x")], inset=(0.0,) * 4)]], extra=0.0, min_width=(PCT, 50.0))
    widened.wrap(400.0, 1000.0)
    assert sum(widened._cols) == pytest.approx(200.0)


def test_vertical_extra_is_top_and_bottom_padding_and_visible_border():
    hidden = Border(7, "none", black)
    spec = BoxSpec(padding=((PCT, 10.0), 99.0, 4.0, 99.0), borders=(solid(2), solid(50), hidden, solid(50)))
    assert vertical_extra(spec, 100.0) == 10.0 + 4.0 + 2.0
    assert vertical_extra(spec) == 4.0 + 2.0  # percentages count as 0 without a base


def test_a_negative_left_margin_pulls_the_box_out_and_widens_an_auto_width():
    used = used_box(BoxSpec(margin_left=-30.0), 200.0)
    assert used.margin_left == -30.0 and used.content == 230.0
    used = used_box(BoxSpec(margin_right=-30.0), 200.0)
    assert used.margin_left == 0.0 and used.content == 230.0
    used = used_box(BoxSpec(margin_left=-30.0, width=50.0), 200.0)
    assert used.margin_left == -30.0 and used.content == 50.0


def test_a_hostile_negative_margin_is_bounded_by_the_containing_width():
    used = used_box(BoxSpec(margin_left=-1e9, margin_right=-1e9), 200.0)
    assert used.margin_left == -200.0 and used.content == 600.0
