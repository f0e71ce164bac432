"""The flex layout algorithm (CSS Flexible Box Layout 1, §9) on plain numbers: one test per rule."""

from __future__ import annotations

import pytest

from pdflet.renderers.reportlab.layout.flexlayout import FlexContainer, FlexItem, layout


def _item(**kwargs) -> FlexItem:
    kwargs.setdefault("measure", lambda width: 10.0)
    return FlexItem(**kwargs)


def _xs(result):
    return [round(p.x, 3) for p in result.items]


def _widths(result):
    return [round(p.width, 3) for p in result.items]


def test_grow_shares_free_space_by_factor():
    r = layout(FlexContainer(width=300), [_item(grow=1, basis=0), _item(grow=2, basis=0)])
    assert _widths(r) == [100, 200] and _xs(r) == [0, 100]


def test_grow_factors_below_one_take_only_their_share():
    r = layout(FlexContainer(width=100), [_item(grow=0.25, basis=0), _item(grow=0.25, basis=0)])
    assert _widths(r) == [25, 25]


def test_shrink_is_weighted_by_the_base_size():
    r = layout(FlexContainer(width=100), [_item(basis=100, min_main=0), _item(basis=50, min_main=0)])
    # 50 pt too much: taken 2:1 from the 100 and 50 pt items
    assert _widths(r) == pytest.approx([66.667, 33.333], abs=1e-3)


def test_max_clamp_freezes_the_item_and_the_rest_grow_further():
    r = layout(FlexContainer(width=300), [_item(grow=1, basis=0, max_main=50), _item(grow=1, basis=0)])
    assert _widths(r) == [50, 250]


def test_min_clamp_freezes_a_shrinking_item():
    r = layout(FlexContainer(width=100), [_item(basis=100, min_main=90), _item(basis=100, min_main=0)])
    assert _widths(r) == [90, 10]


def test_basis_auto_uses_the_main_size_and_content_uses_max_content():
    items = [_item(main_size=40, content_main=70), _item(basis="content", main_size=40, content_main=70)]
    r = layout(FlexContainer(width=500, justify="flex-start"), items)
    assert _widths(r) == [40, 70]


def test_automatic_minimum_is_the_min_content_size():
    r = layout(FlexContainer(width=50), [_item(content_main=200, min_content_main=80)])
    assert _widths(r) == [80]  # does not shrink below its longest word


def test_automatic_minimum_never_exceeds_the_specified_size():
    r = layout(FlexContainer(width=10), [_item(main_size=30, content_main=200, min_content_main=80)])
    assert _widths(r) == [30]


def test_wrap_breaks_lines_and_stacks_them():
    items = [_item(basis=60), _item(basis=60), _item(basis=60)]
    r = layout(FlexContainer(width=130, wrap="wrap"), items)
    assert [line.items for line in r.lines] == [[0, 1], [2]]
    assert [p.y for p in r.items] == [0, 0, 10] and r.height == 20


def test_nowrap_keeps_one_line_and_shrinks():
    r = layout(FlexContainer(width=130), [_item(basis=60, min_main=0) for _ in range(3)])
    assert len(r.lines) == 1 and sum(p.width for p in r.items) == pytest.approx(130)


def test_wrap_reverse_stacks_lines_from_the_bottom():
    items = [_item(basis=60), _item(basis=60), _item(basis=60)]
    r = layout(FlexContainer(width=130, wrap="wrap-reverse"), items)
    assert [p.y for p in r.items] == [10, 10, 0]


def test_row_reverse_starts_at_the_right():
    r = layout(FlexContainer(width=100, direction="row-reverse"), [_item(basis=10), _item(basis=20)])
    assert _xs(r) == [90, 70]


def test_start_in_row_reverse_packs_to_the_left():
    r = layout(FlexContainer(width=100, direction="row-reverse", justify="start"), [_item(basis=10), _item(basis=20)])
    assert _xs(r) == [20, 0]


def test_order_sorts_items_and_keeps_document_order_for_ties():
    items = [_item(basis=10, order=2), _item(basis=20, order=1), _item(basis=30, order=1)]
    assert _xs(layout(FlexContainer(width=100), items)) == [50, 0, 20]


@pytest.mark.parametrize(
    ("justify", "xs"),
    [
        ("flex-start", [0, 20]),
        ("flex-end", [60, 80]),
        ("center", [30, 50]),
        ("space-between", [0, 80]),
        ("space-around", [15, 65]),
        ("space-evenly", [20, 60]),
    ],
)
def test_justify_content(justify, xs):
    r = layout(FlexContainer(width=100, justify=justify), [_item(basis=20), _item(basis=20)])
    assert _xs(r) == xs


def test_space_between_with_negative_free_space_packs_at_the_start():
    r = layout(FlexContainer(width=30, justify="space-around"), [_item(basis=20, shrink=0), _item(basis=20, shrink=0)])
    assert _xs(r) == [-5, 15]  # space-around falls back to center


def test_gap_between_items_and_lines():
    items = [_item(basis=40), _item(basis=40), _item(basis=40)]
    r = layout(FlexContainer(width=100, wrap="wrap", column_gap=10, row_gap=5), items)
    assert _xs(r) == [0, 50, 0] and [p.y for p in r.items] == [0, 0, 15]


def test_auto_margins_take_the_free_space_before_justify():
    r = layout(FlexContainer(width=100, justify="center"), [_item(basis=20), _item(basis=20, margins=(0, 0, 0, None))])
    assert _xs(r) == [0, 80]


def test_auto_margins_on_both_sides_center_an_item_on_both_axes():
    r = layout(FlexContainer(width=100, height=50), [_item(basis=20, margins=(None, None, None, None))])
    p = r.items[0]
    assert (p.x, p.y, p.height) == (40, 20, 10)  # auto cross margins: not stretched either


def test_stretch_fills_the_line_and_definite_cross_sizes_do_not():
    items = [_item(basis=10, measure=lambda w: 30), _item(basis=10), _item(basis=10, cross_size=5)]
    r = layout(FlexContainer(width=100), items)
    assert [p.height for p in r.items] == [30, 30, 5]
    assert r.items[1].stretched and not r.items[2].stretched


def test_single_line_takes_the_definite_container_cross_size():
    r = layout(FlexContainer(width=100, height=40), [_item(basis=10)])
    assert r.items[0].height == 40 and r.height == 40


def test_stretch_is_clamped_by_max_cross():
    r = layout(FlexContainer(width=100, height=40), [_item(basis=10, max_cross=25)])
    assert r.items[0].height == 25


@pytest.mark.parametrize(("align", "y"), [("flex-start", 0), ("flex-end", 20), ("center", 10), ("end", 20)])
def test_align_self_within_the_line(align, y):
    r = layout(FlexContainer(width=100, height=30), [_item(basis=10, align=align)])
    assert r.items[0].y == y and r.items[0].height == 10


def test_align_items_is_the_default_of_align_self():
    items = [_item(basis=10), _item(basis=10, align="flex-start")]
    r = layout(FlexContainer(width=100, height=30, align_items="center"), items)
    assert [p.y for p in r.items] == [10, 0]


def test_baseline_aligns_first_baselines():
    items = [_item(basis=10, measure=lambda w: 20, baseline=15), _item(basis=10, measure=lambda w: 10, baseline=5)]
    r = layout(FlexContainer(width=100, align_items="baseline"), items)
    assert [p.y for p in r.items] == [0, 10] and r.height == 20


@pytest.mark.parametrize(
    ("mode", "ys"),
    [
        ("flex-start", [0, 10]),
        ("flex-end", [80, 90]),
        ("center", [40, 50]),
        ("space-between", [0, 90]),
        ("space-around", [20, 70]),
        ("space-evenly", [80 / 3, 10 + 160 / 3]),
    ],
)
def test_align_content_places_the_lines(mode, ys):
    items = [_item(basis=60, align="flex-start"), _item(basis=60, align="flex-start")]
    r = layout(FlexContainer(width=100, height=100, wrap="wrap", align_content=mode), items)
    assert [p.y for p in r.items] == pytest.approx(ys)


def test_align_content_stretch_grows_the_lines():
    r = layout(FlexContainer(width=100, height=100, wrap="wrap"), [_item(basis=60), _item(basis=60)])
    assert [(p.y, p.height) for p in r.items] == [(0, 50), (50, 50)]


def test_column_stacks_items_and_the_height_is_their_sum():
    r = layout(FlexContainer(width=100, direction="column"), [_item(basis=20), _item(basis=30)])
    assert [p.y for p in r.items] == [0, 20] and r.height == 50
    assert [p.width for p in r.items] == [0, 0] or [p.width for p in r.items] == [100, 100]


def test_column_with_definite_height_grows_and_stretches_across():
    items = [_item(content_main=20, cross_size=None, measure=lambda h: 30), _item(content_main=20, grow=1)]
    r = layout(FlexContainer(width=100, height=200, direction="column"), items)
    assert [(p.y, p.height) for p in r.items] == [(0, 20), (20, 180)]
    assert r.items[0].width == 100  # stretched to the container's width


def test_column_min_height_gives_room_to_grow():
    r = layout(FlexContainer(width=100, direction="column", min_height=100), [_item(content_main=20, grow=1)])
    assert r.items[0].height == 100 and r.height == 100


def test_column_reverse_starts_at_the_bottom():
    r = layout(FlexContainer(width=100, height=100, direction="column-reverse"), [_item(basis=20), _item(basis=30)])
    assert [p.y for p in r.items] == [80, 50]


def test_column_wrap_makes_columns_side_by_side():
    items = [_item(basis=60, cross_size=30), _item(basis=60, cross_size=30)]
    r = layout(FlexContainer(width=100, height=100, direction="column", wrap="wrap", align_content="flex-start"), items)
    assert [(p.x, p.y) for p in r.items] == [(0, 0), (30, 0)]


def test_margins_count_in_the_outer_size():
    r = layout(FlexContainer(width=100), [_item(grow=1, basis=0, margins=(5, 10, 5, 10))])
    p = r.items[0]
    assert (p.x, p.width, p.y, r.height) == (10, 80, 5, 20)


def test_no_items():
    r = layout(FlexContainer(width=100), [])
    assert r.items == [] and r.height == 0


def test_baseline_in_a_column_falls_back_to_the_start():
    items = [_item(basis=10, cross_size=30), _item(basis=10, cross_size=10)]
    r = layout(FlexContainer(width=100, direction="column", align_items="baseline"), items)
    assert [p.x for p in r.items] == [0, 0]


def test_rtl_row_starts_on_the_right_and_swaps_physical_margins():
    items = [_item(basis=50), _item(basis=50, margins=(0.0, 10.0, 0.0, 0.0))]
    r = layout(FlexContainer(width=300, rtl=True), items)
    assert _xs(r) == [250, 190]  # the right margin of the second item is its main-start margin
    reverse = layout(FlexContainer(width=300, rtl=True, direction="row-reverse"), [_item(basis=50), _item(basis=50)])
    assert _xs(reverse) == [0, 50]


def test_rtl_justify_left_and_right_stay_physical():
    r = layout(FlexContainer(width=300, rtl=True, justify="left"), [_item(basis=50), _item(basis=50)])
    assert _xs(r) == [50, 0]
    r = layout(FlexContainer(width=300, rtl=True, justify="right"), [_item(basis=50), _item(basis=50)])
    assert _xs(r) == [250, 200]


def test_rtl_column_lines_stack_from_the_right():
    items = [_item(basis=10, cross_size=50) for _ in range(3)]
    box = FlexContainer(direction="column", wrap="wrap", width=300, height=20, rtl=True, align_items="flex-start")
    r = layout(box, items)
    assert _xs(r) == [250, 250, 100]  # two lines of 150 pt; the first on the right, items at its start
    box.wrap = "wrap-reverse"
    assert _xs(layout(box, items)) == [0, 0, 150]


def test_collapsed_item_takes_no_main_space_but_keeps_its_cross_size_as_a_strut():
    items = [
        _item(basis=50, measure=lambda w: 10.0),
        _item(basis=50, collapsed=True, measure=lambda w: 30.0, margins=(5.0, 5.0, 5.0, 5.0)),
        _item(basis=50, measure=lambda w: 10.0),
    ]
    r = layout(FlexContainer(width=300), items)
    assert _xs(r) == [0, 50, 50] and _widths(r) == [50, 0, 50]
    assert r.height == 40  # the strut: 30 pt plus its 10 pt of vertical margins
    assert [p.height for p in r.items] == [40, 0, 40]  # the others stretch to the line


def test_collapsed_item_in_a_wrapping_row_frees_its_room_for_the_next_item():
    items = [_item(basis=60), _item(basis=60, collapsed=True), _item(basis=40)]
    r = layout(FlexContainer(width=100, wrap="wrap"), items)
    assert len(r.lines) == 1 and _xs(r) == [0, 60, 60]
