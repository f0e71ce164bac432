"""Where an absolutely positioned box goes in its containing block: the CSS 2.1 constraint equations of
§10.3.7 (``left + margin-left + border-box width + margin-right + right = containing block width``) and §10.6.4
(the same vertically), with ``auto`` offsets taken from the static position, ``auto`` widths shrunk to fit,
``auto`` margins centring the box, and an over-constrained box ignoring ``right`` and ``bottom``.

Pure functions of numbers (no flowable or canvas), so each rule is tested on its own
(``tests/unit/renderers/layout/test_abs_geometry.py``). Lengths are in points; ``None`` stands for ``auto``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Axis:
    """One axis of an absolute box: its offsets, margins and size as specified (None = ``auto``)."""

    start: float | None  # left or top
    end: float | None  # right or bottom
    margin_start: float | None
    margin_end: float | None
    size: float | None  # the border-box width or height, when not auto
    extra: float  # padding plus border on this axis


@dataclass(frozen=True)
class Solved:
    """The used offset of the border box from the containing block's start edge, and its border-box size."""

    offset: float
    size: float


def solve_horizontal(axis: Axis, cb: float, static: float, shrink: Callable[[float], float]) -> Solved:
    """§10.3.7: ``static`` is the static position's distance from the containing block's left edge;
    ``shrink(available)`` gives the shrink-to-fit border-box width for the room ``available``."""
    return _solve(axis, cb, static, shrink, centre_negative=False)


def solve_vertical(axis: Axis, cb: float, static: float, content: Callable[[float], float]) -> Solved:
    """§10.6.4: ``content(width)`` is the border-box height the content needs (an ``auto`` height)."""
    return _solve(axis, cb, static, content, centre_negative=True)


def _solve(axis: Axis, cb: float, static: float, natural: Callable[[float], float], centre_negative: bool) -> Solved:
    start, end, size = axis.start, axis.end, axis.size
    ms, me = axis.margin_start, axis.margin_end
    if start is None and end is None:
        start = static  # only the static position says where it goes; the size is the natural one
    if size is None:
        ms, me = ms or 0.0, me or 0.0
        if start is not None and end is not None:
            size = max(cb - start - end - ms - me, axis.extra)
        else:
            size = max(natural(max(cb - (start or 0.0) - (end or 0.0) - ms - me, 0.0)), axis.extra)
        if start is None:
            start = cb - (end or 0.0) - me - size - ms
        return Solved(start + ms, size)
    if start is not None and end is not None:
        free = cb - start - end - size
        if ms is None and me is None:
            ms = free / 2.0 if free >= 0 or centre_negative else 0.0
        elif ms is None:
            ms = free - (me or 0.0)
        # both margins set: over-constrained, ``right``/``bottom`` is ignored (its value solves the equation)
        return Solved(start + (ms or 0.0), size)
    ms, me = ms or 0.0, me or 0.0
    if start is None:
        start = cb - (end or 0.0) - me - size - ms
    return Solved(start + ms, size)


def shrink_to_fit(low: float, high: float, available: float) -> float:
    """CSS's shrink-to-fit width: ``min(max(min-content, available), max-content)``."""
    return min(max(low, available), high)
