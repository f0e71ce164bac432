"""The CSS 2.1 constraint equations of absolutely positioned boxes (§10.3.7 and §10.6.4), as numbers."""

from __future__ import annotations

from pdflet.renderers.reportlab.layout.abs_geometry import (
    Axis,
    Solved,
    shrink_to_fit,
    solve_horizontal,
    solve_vertical,
)


def _fit(available: float) -> float:
    return shrink_to_fit(20.0, 80.0, available)


def test_all_auto_takes_the_static_position_and_shrinks_to_fit():
    assert solve_horizontal(Axis(None, None, None, None, None, 0.0), 500.0, 37.0, _fit) == Solved(37.0, 80.0)
    assert solve_horizontal(Axis(None, None, None, None, None, 0.0), 500.0, 450.0, _fit) == Solved(450.0, 50.0)


def test_left_and_right_give_the_width_of_an_auto_box():
    assert solve_horizontal(Axis(10.0, 30.0, 5.0, None, None, 4.0), 200.0, 0.0, _fit) == Solved(15.0, 155.0)


def test_right_alone_puts_the_shrunk_box_against_the_right_edge():
    assert solve_horizontal(Axis(None, 10.0, None, 5.0, None, 0.0), 200.0, 0.0, _fit) == Solved(105.0, 80.0)
    assert solve_horizontal(Axis(None, 10.0, 2.0, 5.0, 50.0, 0.0), 200.0, 0.0, _fit) == Solved(135.0, 50.0)


def test_auto_margins_centre_a_box_with_both_offsets_and_a_width():
    assert solve_horizontal(Axis(0.0, 0.0, None, None, 100.0, 0.0), 300.0, 0.0, _fit) == Solved(100.0, 100.0)
    # too wide: horizontally the left margin is 0 (left to right); vertically the margins stay equal
    assert solve_horizontal(Axis(0.0, 0.0, None, None, 400.0, 0.0), 300.0, 0.0, _fit) == Solved(0.0, 400.0)
    assert solve_vertical(Axis(0.0, 0.0, None, None, 400.0, 0.0), 300.0, 0.0, _fit) == Solved(-50.0, 400.0)
    assert solve_horizontal(Axis(0.0, 0.0, None, 20.0, 100.0, 0.0), 300.0, 0.0, _fit) == Solved(180.0, 100.0)


def test_over_constrained_ignores_right_and_bottom():
    assert solve_horizontal(Axis(10.0, 10.0, 5.0, 5.0, 100.0, 0.0), 300.0, 0.0, _fit) == Solved(15.0, 100.0)
    assert solve_vertical(Axis(50.0, 50.0, 50.0, 50.0, 150.0, 0.0), 300.0, 0.0, _fit) == Solved(100.0, 150.0)


def test_vertical_auto_height_is_the_content_or_what_top_and_bottom_leave():
    def content(_room: float) -> float:
        return 40.0

    assert solve_vertical(Axis(None, None, None, None, None, 0.0), 300.0, 12.0, content) == Solved(12.0, 40.0)
    assert solve_vertical(Axis(None, 0.0, None, None, None, 0.0), 300.0, 12.0, content) == Solved(260.0, 40.0)
    assert solve_vertical(Axis(10.0, 20.0, None, None, None, 6.0), 300.0, 0.0, content) == Solved(10.0, 270.0)
    assert solve_vertical(Axis(10.0, 400.0, None, None, None, 6.0), 300.0, 0.0, content) == Solved(10.0, 6.0)
