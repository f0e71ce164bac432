"""CSS Multi-column Layout 1: a block's content laid out in columns (newsletters, glossaries, indexes).

The builder hands a multicol container's children here (:func:`build_columns`). Each run of children
between ``column-span: all`` spanners becomes one :class:`ColumnSet`, a flowable that

- resolves the used column count and width from ``column-count``/``column-width``/``column-gap`` and the
  width it is given (the pseudo-algorithm of the spec's §3.4), the count capped at :data:`MAX_COLUMNS`;
- fills its columns one after another (``column-fill: auto``) or, for ``balance``, searches the smallest
  column height at which everything fits (bisection, at most :data:`BALANCE_STEPS` trial layouts; not for
  content nested deeper than :data:`MAX_BALANCED_NESTING` nor inside the trials of
  :data:`MAX_BALANCE_DEPTH` other column sets, whose trials would multiply);
- continues on the next page when the columns of this page are full: every fragment but the last is
  filled to the page's height, the last one is balanced;
- honours ``break-before/after: column``, ``break-inside: avoid`` (a box moves to the next column when it
  can) and the container's own ``height``/``max-height`` (columns beyond the count then overflow to the
  inline end, as the spec says for a height-constrained container);
- draws ``column-rule`` in the middle of each gap between two columns that both have content.

Floats and footnotes inside columns are laid out as inside any box, not per column.
"""

from __future__ import annotations

import math
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable, PageBreak, Paragraph

from pdflet.renderers.reportlab.css.values import resolve
from pdflet.renderers.reportlab.layout import boxes as bx
from pdflet.renderers.reportlab.layout.borders import draw_border_side
from pdflet.renderers.reportlab.layout.boxmodel import Border
from pdflet.renderers.reportlab.layout.flowbase import Spaced, must_progress, split_forced
from pdflet.renderers.reportlab.layout.intrinsic import content_widths
from pdflet.renderers.reportlab.layout.keeps import Keep

MAX_COLUMNS = 100  # more used columns than this are not made (``column-count: 100000``, ``column-width: 0.001px``)
MAX_OVERFLOW_COLUMNS = 1000  # columns overflowing a height-constrained container, in all
BALANCE_STEPS = 12  # trial layouts when balancing: the height is then known to within 1/4096 of the page
# Balanced multicol boxes inside the trial layouts of others: each level multiplies the work by the trials
# (nested twenty deep between flex containers, a render ran for hours). Deeper ones fill column by column.
MAX_BALANCE_DEPTH = 2
_balancing: ContextVar[int] = ContextVar("pdflet_balancing", default=0)
# Content nested deeper than this is not balanced: every trial height splits it again at every level, and
# splits of nested boxes call one another's layout (twenty flex-in-multicol levels ran for hours).
MAX_BALANCED_NESTING = 16
MIN_COLUMN_WIDTH = 1.0  # narrower columns only cost time: each letter becomes a line
_MULTICOL_DISPLAYS = frozenset({"block", "list-item", "flow-root", "inline-block", "table-cell", "table-caption"})
_SPANNER_DISPLAYS = frozenset({"block", "list-item", "table", "flex", "grid", "flow-root"})
_EPSILON = 1e-6


def is_multicol(style: Any) -> bool:
    """Whether ``style`` makes its element a multi-column container."""
    return (style["column-count"] != "auto" or style["column-width"] != "auto") and (
        style["display"] in _MULTICOL_DISPLAYS
    )


class ColumnBreak(Spaced, Flowable):
    """``break-before``/``break-after: column``: the next content starts a new column (nothing elsewhere)."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        """Nothing to paint."""


def column_marks(builder: Any, style: Any, flowables: list[Any]) -> list[Any]:
    """The builder's flowables of one block with its column breaks added and, inside columns, kept together
    for ``break-inside: avoid`` (a column then moves the block on whole when it can, see :func:`fill`)."""
    if style["break-inside"] == "avoid" and getattr(builder, "in_columns", 0):
        if len(flowables) > 1 and not any(isinstance(f, PageBreak) for f in flowables):
            flowables = [Keep(flowables)]
        for flowable in flowables:
            if not isinstance(flowable, PageBreak):
                flowable.avoid_break = True
    if style["break-before"] == "column":
        flowables.insert(0, ColumnBreak())
    if style["break-after"] == "column":
        flowables.append(ColumnBreak())
    return flowables


@dataclass
class ColumnSpec:
    """The used multicol properties of one container (lengths in points; the gap may be a percentage)."""

    count: int | None
    width: float | None
    gap: Any
    fill: str = "balance"
    rtl: bool = False
    rule: Border | None = None
    height: float | None = None  # the container's content height, when it has one
    max_height: float | None = None
    warn: Any = None  # called once with a message when a limit cut something
    warned: set[str] = field(default_factory=set)

    def tell(self, key: str, message: str) -> None:
        if key not in self.warned and self.warn is not None:
            self.warned.add(key)
            self.warn(message)

    def used(self, avail: float) -> tuple[int, float, float]:
        """(count, column width, gap) for a content box ``avail`` wide (CSS Multi-column 1, §3.4)."""
        gap = max(0.0, min(resolve(self.gap, avail), avail))
        if self.width is None:
            count = self.count or 1
            if count > 1 and avail - (count - 1) * gap <= 0:
                count = 1  # the gaps leave the columns no width: one column, as browsers lay it out
        else:
            fitting = max(1, math.floor((avail + gap) / max(self.width + gap, _EPSILON)))
            count = min(self.count, fitting) if self.count is not None else fitting
        if count > MAX_COLUMNS:
            self.tell("count", f"A multi-column box asks for {count} columns; {MAX_COLUMNS} were made.")
            count = MAX_COLUMNS
        width = (avail - (count - 1) * gap) / count
        return count, max(width, MIN_COLUMN_WIDTH), gap


@dataclass
class Filled:
    """Columns filled with flowables: each column a list of (flowable, y from its top, width, height)."""

    columns: list[list[tuple[Any, float, float, float]]]
    heights: list[float]
    rest: list[Any]
    page_break: PageBreak | None = None

    @property
    def complete(self) -> bool:
        return not self.rest and self.page_break is None

    @property
    def height(self) -> float:
        return max(self.heights, default=0.0)


def fill(items: list[Any], count: int, width: float, height: float, *, force: bool, top: bool,
         canv: Any = None, memo: dict[int, Any] | None = None) -> Filled:
    """Place ``items`` into at most ``count`` columns ``height`` high, in order.

    An item that does not fit is split there, or moves on whole to the next column (``break-inside:
    avoid`` boxes, paragraphs that keep lines together). An empty column that cannot take the next item
    stops the filling unless ``force`` (the columns are at the top of an empty page: nothing better
    comes) makes it split or shrink. ``top``: the first column keeps its first item's top margin.
    ``memo`` keeps paragraphs' sizes between the trial layouts of one balancing (see :func:`_measure`).
    """
    todo = list(items)
    index = 0
    columns: list[list[tuple[Any, float, float, float]]] = []
    heights: list[float] = []
    while len(columns) < count and index < len(todo):
        placed: list[tuple[Any, float, float, float]] = []
        y = 0.0
        after = 0.0
        while index < len(todo):
            item = todo[index]
            if isinstance(item, ColumnBreak):
                index += 1
                if placed:
                    break
                continue
            if isinstance(item, PageBreak) and not placed and not any(columns):
                index += 1  # a page break before any content here: the page is empty already
                continue
            if isinstance(item, PageBreak):
                columns.append(placed)
                heights.append(y)
                return Filled(columns, heights, todo[index + 1 :], item)
            if canv is not None:
                item.canv = canv
            before = item.getSpaceBefore() if placed or (top and not columns) else 0.0
            gap = max(before, after) if placed else before
            room = height - y - gap
            w, h = _measure(item, width, room, memo)
            if h <= room + _EPSILON:
                placed.append((item, y + gap, w, h))
                y += gap + h
                after = item.getSpaceAfter()
                index += 1
                continue
            parts = _split(item, width, room, placed, force)
            if parts:
                head = parts[0]
                hw, hh = head.wrap(width, max(room, 1.0))
                placed.append((head, y + gap, hw, hh))
                y += gap + hh
                todo[index : index + 1] = parts[1:]
            elif not placed and not force:
                columns.append(placed)
                heights.append(y)
                return Filled(columns, heights, todo[index:])
            else:
                index, y = _keep_with_next(placed, todo, index, y)
            break
        columns.append(placed)
        heights.append(y)
    return Filled(columns, heights, todo[index:])


def _measure(item: Any, width: float, room: float, memo: dict[int, Any] | None) -> tuple[float, float]:
    """``item.wrap``, skipped for a paragraph already broken into lines at this width (its height does not
    depend on the room; ReportLab breaks its lines again at every wrap, the cost of balancing)."""
    if memo is not None and isinstance(item, Paragraph):
        known = memo.get(id(item))
        if known is not None and known[1] == width and item.width == width and hasattr(item, "blPara"):
            return known[2], known[3]
        w, h = item.wrap(width, max(room, 1.0))
        memo[id(item)] = (item, width, w, h)  # the item is kept too: its id cannot be reused meanwhile
        return w, h
    return item.wrap(width, max(room, 1.0))


def _nested_deeper(children: list[Any], limit: int, budget: int = 20_000) -> bool:
    """Whether flowables nest more than ``limit`` deep inside ``children`` (boxes, flex items, column sets);
    also True when the walk would visit more than ``budget`` flowables (then balancing is not worth it)."""
    todo = [(child, 1) for child in children]
    while todo:
        budget -= 1
        if budget < 0:
            return True
        item, depth = todo.pop()
        if depth > limit:
            return True
        inner = getattr(item, "children", None)
        items = getattr(item, "items", None)
        if inner is None and isinstance(items, list):  # a flex or grid container's items
            inner = [getattr(i, "box", None) for i in items]
        if isinstance(inner, list):
            todo.extend((c, depth + 1) for c in inner if c is not None)
    return False


def _keep_with_next(placed: list[Any], todo: list[Any], index: int, y: float) -> tuple[int, float]:
    """Before moving ``todo[index]`` to the next column, take back the headings at the column's end that
    keep with it (``keepWithNext``, and the zero-height anchors among them), unless they are all there is."""
    count = 0
    while count < len(placed):
        item = placed[-1 - count][0]
        if not (getattr(item, "keepWithNext", 0) or placed[-1 - count][3] <= 0):
            break
        count += 1
    if count == 0 or count == len(placed):
        return index, y
    del placed[-count:]
    y = placed[-1][1] + placed[-1][3]
    return index - count, y


def _split(item: Any, width: float, room: float, placed: list[Any], force: bool) -> list[Any]:
    """The parts of ``item`` whose first fits in ``room`` (empty: it moves on whole)."""
    if placed and getattr(item, "avoid_break", False):
        return []
    parts = item.split(width, room) if room > 0 else []
    if len(parts) >= 2:
        return list(parts)
    if not placed and force:
        return list(split_forced(item, width, max(room, 1.0)))
    return []


class ColumnSet(Spaced, Flowable):
    """One run of a multicol container's content between spanners, laid out in columns."""

    def __init__(self, children: list[Any], spec: ColumnSpec, *, continued: bool = False) -> None:
        super().__init__()
        self.children = children
        self.spec = spec
        self.continued = continued
        self._filled: Filled | None = None
        self._fixed = False  # a fragment made by split: its layout is final
        self._geometry = (1, 0.0, 0.0)
        self._wrap_width = -1.0
        self._wrapped_for = (-1.0, -1.0)
        self._memo: dict[int, Any] = {}  # paragraph sizes while one wrap balances (see _measure)
        self._complete = True

    # -- layout -------------------------------------------------------------------------------
    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._filled is not None and (self._fixed or self._wrapped_for == (availWidth, availHeight)):
            return self.width, self.height  # laid out already (a frame wraps, then splits, at the same size)
        count, width, gap = self.spec.used(availWidth)
        self._memo = {}
        self._geometry = (count, width, gap)
        self._wrap_width = availWidth
        self.width = availWidth
        limit, constrained = self._limit(availHeight)
        canv = getattr(self, "canv", None)
        top = not self.continued
        if constrained:
            filled = self._overflowing(count, width, limit, canv)
        else:
            filled = fill(self.children, count, width, limit, force=False, top=top, canv=canv, memo=self._memo)
            if filled.complete and self.spec.fill != "auto":
                filled = self._balanced(filled, count, width, canv)
        self._filled = filled
        self._wrapped_for = (availWidth, availHeight)
        self._complete = filled.complete or constrained  # read by a Box around us: measure again with more room
        if not filled.complete and not constrained:
            self.height = max(availHeight + 1.0, filled.height)  # the page is full: the frame splits us
        elif constrained and self.spec.height is not None:
            self.height = limit
        else:
            self.height = filled.height
        return self.width, self.height

    def _limit(self, availHeight: float) -> tuple[float, bool]:
        """The column height to fill to, and whether the container's own height sets it."""
        spec = self.spec
        own = spec.height if spec.height is not None else spec.max_height
        if own is not None and own <= availHeight + _EPSILON:
            return max(own, 1.0), True
        return max(availHeight, 1.0), False

    def _overflowing(self, count: int, width: float, limit: float, canv: Any) -> Filled:
        """A height-constrained container: its columns, then more to the inline end (overflow columns)."""
        top = not self.continued
        filled = fill(self.children, count, width, limit, force=False, top=top, canv=canv, memo=self._memo)
        if filled.complete and self.spec.fill != "auto":
            return self._balanced(filled, count, width, canv)
        filled = fill(self.children, MAX_OVERFLOW_COLUMNS, width, limit, force=True, top=top, canv=canv,
                      memo=self._memo)
        if filled.rest:
            self.spec.tell("overflow", f"A multi-column box overflows into more than {MAX_OVERFLOW_COLUMNS} "
                                       "columns; the rest of its content was left out.")
            filled.rest = []
        filled.page_break = None
        return filled

    def _balanced(self, filled: Filled, count: int, width: float, canv: Any) -> Filled:
        """The smallest column height at which all the content still fits in ``count`` columns."""
        depth = _balancing.get()
        if count <= 1 or depth >= MAX_BALANCE_DEPTH or _nested_deeper(self.children, MAX_BALANCED_NESTING):
            return filled
        token = _balancing.set(depth + 1)
        try:
            return self._bisect(filled, count, width, canv)
        finally:
            _balancing.reset(token)

    def _bisect(self, filled: Filled, count: int, width: float, canv: Any) -> Filled:
        top = not self.continued
        high = filled.height
        low = max(0.0, sum(filled.heights) / count - 1.0)
        best_height = high
        for _step in range(BALANCE_STEPS):
            if high - low < 0.5:
                break
            middle = (low + high) / 2.0
            trial = fill(self.children, count, width, middle, force=False, top=top, canv=canv, memo=self._memo)
            if trial.complete:
                high = best_height = middle
            else:
                low = middle
        best = fill(self.children, count, width, best_height, force=False, top=top, canv=canv, memo=self._memo)
        if best.complete:
            return best
        return fill(self.children, count, width, filled.height, force=False, top=top, canv=canv, memo=self._memo)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        if self._wrap_width > 0:  # the frame passes its full width here, ignoring Indenters
            availWidth = self._wrap_width
        self.wrap(availWidth, availHeight)
        if self.height <= availHeight + _EPSILON:
            return [self]
        count, width, _gap = self._geometry
        limit = max(availHeight, 1.0)
        filled = self._filled
        if filled is None or not (filled.columns and filled.columns[0]) or self._wrapped_for[1] != availHeight:
            filled = fill(self.children, count, width, limit, force=must_progress(self), top=not self.continued,
                          canv=getattr(self, "canv", None))
        if availHeight < 1.0 or not any(h > 0 for column in filled.columns for _i, _y, _w, h in column):
            return []  # no room, or only anchors fit: all of it goes on the next page
        head = ColumnSet([], self.spec, continued=self.continued)
        head._filled, head._fixed, head._geometry = filled, True, self._geometry
        # a fragment with content after it fills the page: the rest goes on the next one, not below it
        head.width, head.height = availWidth, min(limit if filled.rest else filled.height, availHeight)
        head.space_before = self.space_before
        parts: list[Any] = [head]
        if filled.page_break is not None:
            parts.append(filled.page_break)
        if filled.rest:
            tail = ColumnSet(filled.rest, self.spec, continued=True)
            tail.space_after = self.space_after
            parts.append(tail)
        else:
            head.space_after = self.space_after
        return parts

    def intrinsic_widths(self) -> tuple[float, float]:
        """(min-content, max-content) widths, for table cells and flex items: the widest thing that cannot
        break, and the count of columns each as wide as the content would like."""
        low, high = content_widths(self.children)
        spec = self.spec
        gap = resolve(spec.gap, 0.0)
        if spec.width is not None:
            low, high = max(low, min(spec.width, high)), max(high, spec.width)
        count = min(spec.count or 1, MAX_COLUMNS)
        return low, count * high + (count - 1) * gap

    # -- painting -----------------------------------------------------------------------------
    def _column_x(self, index: int) -> float:
        _count, width, gap = self._geometry
        offset = index * (width + gap)
        return self.width - width - offset if self.spec.rtl else offset

    def draw(self) -> None:
        filled = self._filled
        if filled is None:
            return
        canv = self.canv
        _count, width, gap = self._geometry
        top = self.height
        for index, column in enumerate(filled.columns):
            x = self._column_x(index)
            for item, y, w, h in column:
                item.drawOn(canv, x, top - y - h, _sW=width - w)
        rule = self.spec.rule
        if rule is None or not rule.visible:
            return
        for index in range(len(filled.columns) - 1):
            if filled.columns[index] and filled.columns[index + 1]:
                left = min(self._column_x(index), self._column_x(index + 1)) + width
                middle = left + gap / 2.0
                draw_border_side(canv, rule, middle, 0.0, middle, top)


def _column_spec(builder: Any, style: Any) -> ColumnSpec:
    """The used multicol properties of a container's computed style."""
    gap = style["column-gap"]
    if gap == "normal":
        gap = float(style["font-size"])  # 1em
    rule = None
    if style["column-rule-style"] not in ("none", "hidden") and style["column-rule-width"] > 0:
        color = style["column-rule-color"]
        color = builder.used.color(style["color"] if color == "currentcolor" else color)
        rule = Border(min(float(style["column-rule-width"]), 500.0), style["column-rule-style"], color)
    report = builder.images.fetcher.report
    count = style["column-count"]
    width = style["column-width"]
    return ColumnSpec(
        count=None if count == "auto" else int(count),
        width=None if width == "auto" else float(width),
        gap=gap,
        fill="auto" if style["column-fill"] == "auto" else "balance",
        rtl=style["direction"] == "rtl",
        rule=rule,
        height=_content_height(builder, style, "height"),
        max_height=_content_height(builder, style, "max-height"),
        warn=lambda message: report.warn("limit", message),
    )


def _content_height(builder: Any, style: Any, name: str) -> float | None:
    """The container's ``height`` or ``max-height`` as a content height (None: auto, none or a percentage)."""
    value = style[name]
    if not isinstance(value, (int, float)):
        return None
    value = min(float(value), builder.frame_height * 10.0)
    if style["box-sizing"] == "border-box":
        for side in ("top", "bottom"):
            padding = style[f"padding-{side}"]
            value -= padding if isinstance(padding, (int, float)) else 0.0
            if style[f"border-{side}-style"] not in ("none", "hidden"):
                value -= style[f"border-{side}-width"]
    return max(value, 0.0)


def _segments(box: bx.Box, plain: Any) -> list[tuple[str, bx.Box]]:
    """The container's children as runs (``("columns", box)``, laid out with ``plain``) and spanners
    (``("span", child)``)."""
    def spans(child: Any) -> bool:
        if not isinstance(child, bx.Box) or child.element is None:
            return False
        style = child.style
        return (
            style["column-span"] == "all"
            and style["display"] in _SPANNER_DISPLAYS
            and style["float"] == "none"
            and style["position"] in ("static", "relative")
        )

    out: list[tuple[str, bx.Box]] = []
    run: list[Any] = []
    for child in box.children:
        if spans(child):
            out.append(("columns", bx.BlockBox(box.element, plain, run)))
            out.append(("span", child))
            run = []
            continue
        run.append(child)
    out.append(("columns", bx.BlockBox(box.element, plain, run)))
    return out


def build_columns(builder: Any, box: bx.Box) -> list[Any]:
    """The flowables of a multicol container's content: column sets, and spanners between them."""
    style = box.style
    spec = _column_spec(builder, style)
    plain = dict(style, **{"column-count": "auto", "column-width": "auto"})  # its content, laid out plainly
    builder._keep.append(plain)
    out: list[Any] = []
    column_width = spec.used(builder.avail[-1])[1]
    for kind, part in _segments(box, plain):
        if kind == "span":
            out += builder.block(part)
            continue
        builder.avail.append(column_width)  # percentages inside resolve against a column
        builder.in_box += 1  # every block in a column is a box (the columns place them)
        builder.in_columns = getattr(builder, "in_columns", 0) + 1  # read by column_marks
        try:
            children = builder.content(part)
        finally:
            builder.in_box -= 1
            builder.in_columns -= 1
            builder.avail.pop()
        before: list[Any] = []
        after: list[Any] = []
        while children and isinstance(children[0], PageBreak):  # a page break before the first content
            before.append(children.pop(0))
        while children and isinstance(children[-1], PageBreak):
            after.insert(0, children.pop())
        out += before
        if any(not isinstance(child, ColumnBreak) for child in children):
            out.append(ColumnSet(children, spec))
        out += after
    return out
