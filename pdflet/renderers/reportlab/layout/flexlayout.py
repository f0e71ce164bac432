"""CSS Flexible Box Layout 1, §9 (the layout algorithm), as pure geometry: numbers in, numbers out.

Kept apart from ReportLab so that every rule can be tested on its own numbers. The caller measures the items
(their max-content and min-content main sizes, and for rows a function giving the height at a width) and gets
back each item's border box relative to the container's content box (x to the right, y downwards), the lines
(bands across the cross axis) and the container's used content size.

Covered: ``order``, ``flex-direction`` (and reverses), ``flex-wrap`` (and ``wrap-reverse``), flex base and
hypothetical main sizes, the §9.7 loop resolving flexible lengths with min/max clamping and frozen items, the
automatic minimum size (§4.5), cross sizes with ``align-items``/``align-self`` (``stretch``, start/end, center,
``baseline`` from a caller-given first baseline), ``align-content``, ``justify-content``, gaps, auto margins on
both axes, definite or indefinite container sizes on either axis, ``direction: rtl`` (a row's main axis and a
column's cross axis start on the right) and ``visibility: collapse`` items (§4.4: no main size, a strut across).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

INF = math.inf
_EPS = 1e-6
Margin = float | None  # None: ``auto``


@dataclass
class FlexItem:
    """One flex item, in border-box sizes (pt). Physical margins: top, right, bottom, left (None = auto)."""

    grow: float = 0.0
    shrink: float = 1.0
    basis: float | str = "auto"  # a definite border-box size, "auto" (use main_size) or "content"
    main_size: float | None = None  # the definite main size property (width for rows), None when auto
    min_main: float | None = None  # None: ``auto``, the automatic minimum size (§4.5)
    max_main: float = INF
    content_main: float = 0.0  # max-content main size
    min_content_main: float = 0.0  # min-content main size (the automatic minimum's content suggestion)
    cross_size: float | None = None  # the definite cross size property
    min_cross: float = 0.0
    max_cross: float = INF
    measure: Callable[[float], float] | None = None  # content cross size at a given main size
    margins: tuple[Margin, Margin, Margin, Margin] = (0.0, 0.0, 0.0, 0.0)
    align: str = "auto"  # align-self
    order: int = 0
    baseline: float | None = None  # first baseline below the border box's top (rows), None: synthesized
    collapsed: bool = False  # ``visibility: collapse``: no main size, its cross size kept as a strut (§4.4)


@dataclass
class FlexContainer:
    """The container's flex properties and its content-box size (None where indefinite)."""

    direction: str = "row"
    wrap: str = "nowrap"
    justify: str = "normal"
    align_items: str = "normal"
    align_content: str = "normal"
    row_gap: float = 0.0
    column_gap: float = 0.0
    width: float | None = None
    height: float | None = None
    min_height: float = 0.0  # bounds an indefinite height
    max_height: float = INF
    rtl: bool = False  # ``direction: rtl``: a row's main axis and a column's cross axis start on the right

    def main_flipped(self) -> bool:
        """Whether the main axis runs right-to-left or bottom-to-top (physical end to start)."""
        reverse = self.direction.endswith("-reverse")
        return reverse != self.rtl if self.direction.startswith("row") else reverse

    def cross_flipped(self) -> bool:
        """Whether the cross axis runs right-to-left or bottom-to-top."""
        reverse = self.wrap == "wrap-reverse"
        return reverse if self.direction.startswith("row") else reverse != self.rtl


@dataclass
class Placement:
    """An item's used border box and margins, relative to the container's content box."""

    x: float
    y: float
    width: float
    height: float
    stretched: bool = False


@dataclass
class FlexLine:
    """One flex line: the items on it (indices into the input) and its physical band."""

    items: list[int]
    cross_start: float = 0.0  # y of a row's line, x of a column's line
    cross_size: float = 0.0


@dataclass
class FlexResult:
    items: list[Placement]
    lines: list[FlexLine]
    width: float
    height: float


@dataclass
class _State:
    """Flex-relative working numbers of one item."""

    item: FlexItem
    margins: list[Margin]  # main-start, main-end, cross-start, cross-end
    base: float = 0.0
    hypothetical: float = 0.0
    lo: float = 0.0
    hi: float = INF
    target: float = 0.0
    frozen: bool = False
    cross: float = 0.0
    main_pos: float = 0.0
    cross_pos: float = 0.0
    stretched: bool = False
    align: str = "flex-start"
    strut: float | None = None  # a collapsed item's outer cross size, which its line keeps

    def main_margins(self) -> float:
        return (self.margins[0] or 0.0) + (self.margins[1] or 0.0)

    def cross_margins(self) -> float:
        return (self.margins[2] or 0.0) + (self.margins[3] or 0.0)


def layout(container: FlexContainer, items: Sequence[FlexItem]) -> FlexResult:
    """Lay the items out in the container (§9.1-9.9)."""
    row = container.direction in ("row", "row-reverse")
    order = sorted(range(len(items)), key=lambda i: items[i].order)  # stable: document order breaks ties
    states = {i: _prepare(items[i], container, row) for i in order}
    main_gap = container.column_gap if row else container.row_gap
    cross_gap = container.row_gap if row else container.column_gap
    if row:
        main_avail = container.width if container.width is not None else INF
    else:
        main_avail = container.height if container.height is not None else container.max_height
    lines = _collect_lines(order, states, container.wrap, main_avail, main_gap)
    main_size = _main_size(container, row, lines, states, main_gap)
    for line in lines:
        _resolve_flexible(line.items, states, main_size, main_gap)
        for i in line.items:
            _hypothetical_cross(states[i])
    cross_size = container.height if row else container.width
    _line_cross_sizes(lines, states, container, cross_size)
    used_cross = _align_content(lines, container, cross_size, cross_gap)
    for line in lines:
        _stretch(line, states)
        _justify(line, states, container, row, main_size, main_gap)
        _align_items(line, states, container.wrap == "wrap-reverse")
    return _physical(container, row, lines, states, main_size, used_cross, len(items))


def _prepare(item: FlexItem, container: FlexContainer, row: bool) -> _State:
    """Margins in flex-relative order, the flex base size and the hypothetical main size (§9.2.3)."""
    top, right, bottom, left = item.margins
    margins = [left, right, top, bottom] if row else [top, bottom, left, right]
    if container.main_flipped():  # flex-relative: main-start is the right (bottom) edge
        margins[0], margins[1] = margins[1], margins[0]
    if container.cross_flipped():
        margins[2], margins[3] = margins[3], margins[2]
    state = _State(item, margins)
    if isinstance(item.basis, (int, float)):
        base = float(item.basis)
    elif item.basis == "auto" and item.main_size is not None:
        base = item.main_size
    else:
        base = item.content_main
    state.base = max(base, 0.0)
    state.hi = item.max_main
    if item.min_main is not None:
        state.lo = item.min_main
    else:  # §4.5: the content-based minimum, never above the specified size or the maximum
        suggestion = item.min_content_main
        if item.main_size is not None:
            suggestion = min(suggestion, item.main_size)
        state.lo = min(suggestion, item.max_main)
    state.hi = max(state.hi, state.lo)
    state.hypothetical = _clamp(state.base, state.lo, state.hi)
    if item.collapsed:  # §4.4: measured as it would be, then given no room along the main axis
        state.target = state.hypothetical
        _hypothetical_cross(state)
        state.strut = state.cross + state.cross_margins()
        state.base = state.hypothetical = state.lo = state.hi = 0.0
        state.margins[0] = state.margins[1] = 0.0
    align = item.align if item.align != "auto" else container.align_items
    state.align = "flex-start" if align == "baseline" and not row else align  # no baselines across columns
    return state


def _clamp(value: float, lo: float, hi: float) -> float:
    return max(lo, min(value, hi))


def _collect_lines(order: list[int], states: dict[int, _State], wrap: str, avail: float, gap: float) -> list[FlexLine]:
    """§9.3: one line, or as many items per line as fit the available main space (at least one)."""
    if wrap == "nowrap":
        return [FlexLine(list(order))] if order else []
    lines: list[FlexLine] = []
    current: list[int] = []
    used = 0.0
    for i in order:
        outer = states[i].hypothetical + states[i].main_margins()
        if current and used + gap + outer > avail + 0.01:
            lines.append(FlexLine(current))
            current, used = [], 0.0
        used += (gap if current else 0.0) + outer
        current.append(i)
    if current:
        lines.append(FlexLine(current))
    return lines


def _main_size(
    container: FlexContainer, row: bool, lines: list[FlexLine], states: dict[int, _State], gap: float
) -> float:
    """The container's inner main size: its definite size, or the longest line of hypothetical sizes."""
    definite = container.width if row else container.height
    if definite is not None:
        return definite
    longest = 0.0
    for line in lines:
        outer = sum(states[i].hypothetical + states[i].main_margins() for i in line.items)
        longest = max(longest, outer + gap * max(0, len(line.items) - 1))
    if row:
        return longest
    return _clamp(longest, container.min_height, container.max_height)


def _resolve_flexible(indices: list[int], states: dict[int, _State], main_size: float, gap: float) -> None:
    """§9.7: grow or shrink the items of a line towards the free space, freezing those clamped by min/max."""
    line = [states[i] for i in indices]
    avail = main_size - gap * max(0, len(line) - 1) - sum(s.main_margins() for s in line)
    growing = sum(s.hypothetical for s in line) < avail
    for s in line:
        s.target = s.hypothetical
        factor = s.item.grow if growing else s.item.shrink
        pinned = (growing and s.base > s.hypothetical) or (not growing and s.base < s.hypothetical)
        s.frozen = factor == 0 or s.item.collapsed or pinned

    def free() -> float:
        return avail - sum(s.target if s.frozen else s.base for s in line)

    initial = free()
    for _ in range(len(line) + 1):
        active = [s for s in line if not s.frozen]
        if not active:
            break
        remaining = free()
        factors = sum(s.item.grow if growing else s.item.shrink for s in active)
        if factors < 1 and abs(initial * factors) < abs(remaining):
            remaining = initial * factors
        if growing:
            for s in active:
                s.target = s.base + (remaining * s.item.grow / factors if factors else 0.0)
        else:
            scaled = sum(s.item.shrink * s.base for s in active)
            for s in active:
                s.target = s.base + (remaining * s.item.shrink * s.base / scaled if scaled else 0.0)
        total = 0.0
        clamped: list[tuple[_State, float]] = []
        for s in active:
            used = _clamp(s.target, max(s.lo, 0.0), s.hi)
            clamped.append((s, used - s.target))
            total += used - s.target
            s.target = used
        if abs(total) < _EPS:
            for s in active:
                s.frozen = True
        for s, violation in clamped:
            if (total > _EPS and violation > _EPS) or (total < -_EPS and violation < -_EPS):
                s.frozen = True


def _hypothetical_cross(state: _State) -> None:
    """§9.4: the cross size the item takes at its used main size (a definite one wins)."""
    item = state.item
    if state.strut is not None:
        cross = 0.0
    elif item.cross_size is not None:
        cross = item.cross_size
    elif item.measure is not None:
        cross = item.measure(state.target)
    else:
        cross = 0.0
    state.cross = _clamp(cross, item.min_cross, item.max_cross)


def _baseline(state: _State) -> float:
    """The item's baseline measured from its cross-start margin edge (the bottom edge if it has none)."""
    base = state.item.baseline if state.item.baseline is not None else state.cross
    return (state.margins[2] or 0.0) + base


def _line_cross_sizes(
    lines: list[FlexLine], states: dict[int, _State], container: FlexContainer, cross_size: float | None
) -> None:
    """§9.4 steps 7-8: a single line with a definite container takes its cross size; others fit their items."""
    for line in lines:
        above = below = largest = 0.0
        for i in line.items:
            s = states[i]
            if s.strut is not None:
                largest = max(largest, s.strut)
                continue
            outer = s.cross + s.cross_margins()
            if s.align == "baseline" and None not in (s.margins[2], s.margins[3]):
                b = _baseline(s)
                above, below = max(above, b), max(below, outer - b)
            else:
                largest = max(largest, outer)
        line.cross_size = max(largest, above + below)
    if len(lines) == 1 and container.wrap == "nowrap":
        if cross_size is not None:
            lines[0].cross_size = cross_size
        elif container.direction.startswith("row"):  # an indefinite height still obeys min/max-height
            lines[0].cross_size = _clamp(lines[0].cross_size, container.min_height, container.max_height)


def _distribute(mode: str, free: float, count: int) -> tuple[float, float]:
    """Start offset and space between ``count`` subjects for a content-distribution keyword (already
    flex-relative: flex-start/flex-end), with the fallbacks CSS gives when the space is negative."""
    if count == 0:
        return 0.0, 0.0
    if free < 0 and mode in ("space-between", "stretch"):
        mode = "flex-start"
    if free < 0 and mode in ("space-around", "space-evenly"):
        mode = "center"
    if mode == "flex-end":
        return free, 0.0
    if mode == "center":
        return free / 2.0, 0.0
    if mode == "space-between":
        return (0.0, free / (count - 1)) if count > 1 else (0.0, 0.0)
    if mode == "space-around":
        return free / count / 2.0, free / count
    if mode == "space-evenly":
        return free / (count + 1), free / (count + 1)
    return 0.0, 0.0


def _align_content(lines: list[FlexLine], container: FlexContainer, cross_size: float | None, gap: float) -> float:
    """§9.4 step 15 / §9.6: place the lines along the cross axis (flex-relative: from cross-start).
    Returns the container's used inner cross size."""
    gaps = gap * max(0, len(lines) - 1)
    total = sum(line.cross_size for line in lines) + gaps
    used = cross_size if cross_size is not None else total
    if cross_size is None and container.direction.startswith("row"):
        used = _clamp(total, container.min_height, container.max_height)
    free = used - total
    multi = container.wrap != "nowrap"
    mode = _flex_relative(container.align_content, container.wrap == "wrap-reverse") if multi else "flex-start"
    if mode in ("normal", "stretch"):
        if free > 0 and lines:
            for line in lines:
                line.cross_size += free / len(lines)
            free = 0.0
        mode = "flex-start"
    start, between = _distribute(mode, free, len(lines))
    pos = start
    for line in lines:
        line.cross_start = pos
        pos += line.cross_size + gap + between
    return used


def _flex_relative(mode: str, reverse: bool) -> str:
    """A box-alignment keyword as flex-start/flex-end/center/... along an axis that may run reversed
    (``start``/``end``/``left``/``right`` are physical; ``flex-start``/``flex-end`` follow the flex flow)."""
    physical = {"start": "flex-start", "left": "flex-start", "self-start": "flex-start"}
    physical.update({"end": "flex-end", "right": "flex-end", "self-end": "flex-end"})
    if mode in physical:
        mode = physical[mode]
        if reverse:
            mode = "flex-end" if mode == "flex-start" else "flex-start"
    return mode


def _stretch(line: FlexLine, states: dict[int, _State]) -> None:
    """§9.4 step 11: ``stretch`` items with an auto cross size and no auto cross margin fill the line."""
    for i in line.items:
        s = states[i]
        if s.align not in ("stretch", "normal") or s.item.cross_size is not None or s.strut is not None:
            continue
        if s.margins[2] is None or s.margins[3] is None:
            continue
        size = _clamp(line.cross_size - s.cross_margins(), s.item.min_cross, s.item.max_cross)
        if size > s.cross + _EPS:
            s.stretched = True
        s.cross = max(size, 0.0)


def _justify(
    line: FlexLine, states: dict[int, _State], container: FlexContainer, row: bool, main_size: float, gap: float
) -> None:
    """§9.5: auto margins take positive free space first, then ``justify-content`` places the items."""
    line_states = [states[i] for i in line.items]
    used = sum(s.target + s.main_margins() for s in line_states) + gap * max(0, len(line_states) - 1)
    free = main_size - used
    autos = sum((s.margins[0] is None) + (s.margins[1] is None) for s in line_states)
    reverse = container.direction.endswith("-reverse")
    extra = free / autos if autos and free > 0 else 0.0
    if autos and free > 0:
        free = 0.0
    mode = container.justify
    if not row and mode in ("left", "right"):
        mode = "start"
    elif mode in ("left", "right"):  # physical: the main-start edge is on the left unless flipped
        mode = "flex-start" if (mode == "left") != container.main_flipped() else "flex-end"
    mode = _flex_relative(mode, reverse)
    start, between = _distribute(mode, free, len(line_states))
    pos = start
    for s in line_states:
        pos += s.margins[0] if s.margins[0] is not None else extra
        s.main_pos = pos
        pos += s.target + (s.margins[1] if s.margins[1] is not None else extra) + gap + between


def _align_items(line: FlexLine, states: dict[int, _State], wrap_reverse: bool) -> None:
    """§9.6: auto cross margins, then ``align-self`` within the line (flex-relative cross positions)."""
    baseline = max((_baseline(states[i]) for i in line.items if states[i].align == "baseline"), default=0.0)
    for i in line.items:
        s = states[i]
        before, after = s.margins[2], s.margins[3]
        free = line.cross_size - s.cross - s.cross_margins()
        if before is None or after is None:
            share = max(free, 0.0) / (2 if before is None and after is None else 1)
            offset = (share if before is None else before) if free > 0 or before is not None else 0.0
            s.cross_pos = line.cross_start + offset
            continue
        mode = _flex_relative(s.align, wrap_reverse)
        if mode == "center":
            offset = before + free / 2.0
        elif mode == "flex-end":
            offset = before + free
        elif mode == "baseline":
            offset = baseline - _baseline(s) + before
        else:
            offset = before
        s.cross_pos = line.cross_start + offset


def _physical(
    container: FlexContainer,
    row: bool,
    lines: list[FlexLine],
    states: dict[int, _State],
    main_size: float,
    cross_size: float,
    count: int,
) -> FlexResult:
    """Flex-relative positions turned into boxes (x right, y down), reverses applied."""
    main_reverse = container.main_flipped()
    cross_reverse = container.cross_flipped()
    placements: list[Placement] = [Placement(0.0, 0.0, 0.0, 0.0)] * count
    for i, s in states.items():
        main = main_size - s.main_pos - s.target if main_reverse else s.main_pos
        cross = cross_size - s.cross_pos - s.cross if cross_reverse else s.cross_pos
        if row:
            placements[i] = Placement(main, cross, s.target, s.cross, s.stretched)
        else:
            placements[i] = Placement(cross, main, s.cross, s.target, s.stretched)
    for line in lines:
        if cross_reverse:
            line.cross_start = cross_size - line.cross_start - line.cross_size
    width, height = (main_size, cross_size) if row else (cross_size, main_size)
    return FlexResult(placements, lines, width, height)
