"""HTML tables: a grid of cells with spans, browser-like automatic column widths, and page
splitting between rows with the header rows repeated.

We draw tables ourselves rather than through ReportLab's ``Table``: row heights and column
widths are measured once, so splitting a long table costs O(rows) instead of re-measuring the
remainder on every page, and CSS per-cell borders, padding and backgrounds map one to one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from xml.etree.ElementTree import Element

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Paragraph

from pdflet.errors import RenderFailed
from pdflet.renderers.reportlab.css.properties import Style
from pdflet.renderers.reportlab.css.values import resolve
from pdflet.renderers.reportlab.layout.anonymous import table_cells, table_rows
from pdflet.renderers.reportlab.layout.flowables import (
    HUGE,
    MIN_ROOM,
    Border,
    Box,
    BoxSpec,
    ImageFlowable,
    Shrunk,
    Spaced,
    draw_border_side,
    must_progress,
)

MAX_CELLS = 200_000
MAX_SPAN = 1000
MAX_REPEATED = 50
ROW_GROUPS = {"table-header-group": 0, "table-row-group": 1, "table-footer-group": 2}


@dataclass
class Cell:
    """One table cell: its flowables and used box properties."""

    content: list[Any]
    colspan: int = 1
    rowspan: int = 1
    padding: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)
    borders: tuple[Border, Border, Border, Border] = field(
        default_factory=lambda: (Border(), Border(), Border(), Border())
    )
    background: Color | None = None
    valign: str = "middle"
    width: Any = "auto"
    height: float = 0.0
    placed: list[Any] = field(default_factory=list)
    placed_width: float = -1.0
    min_w: float = -1.0
    max_w: float = -1.0


def content_widths(flowables: list[Any]) -> tuple[float, float]:
    """(minimum, preferred) widths of block content, like a browser's min/max-content."""
    low = high = 0.0
    for item in flowables:
        lo, hi = _widths(item)
        low, high = max(low, lo), max(high, hi)
    return low, high


def _widths(item: Any) -> tuple[float, float]:
    if isinstance(item, Paragraph):
        line = best = 0.0
        for frag in item.frags:
            if isinstance(frag, list):  # already broken by ReportLab: [width, (frag, text), ...]
                line += frag[0] if frag and isinstance(frag[0], (int, float)) else 0.0
                continue
            if getattr(frag, "lineBreak", False):
                best, line = max(best, line), 0.0
                continue
            cb = getattr(frag, "cbDefn", None)
            if cb is not None and getattr(cb, "kind", "") == "img":
                line += cb.width
                continue
            if getattr(frag, "text", ""):
                line += stringWidth(frag.text, frag.fontName, frag.fontSize)
        best = max(best, line) + abs(item.style.firstLineIndent or 0)
        try:
            low = item.minWidth()
        except Exception:  # minWidth fails on some fragment kinds; fall back to the longest word
            low = best
        return min(low, best), best
    if isinstance(item, ImageFlowable):
        w, _ = item.wrap(HUGE, HUGE)
        if isinstance(item.css_width, tuple):
            return 0.0, w
        return w, w
    if isinstance(item, HtmlTable):
        return item.content_widths()
    if isinstance(item, Box):
        low, high = content_widths(item.children)
        spec = item.spec
        extra = sum(resolve(v, 0.0) for v in (spec.padding[1], spec.padding[3]))
        extra += sum(b.width for b in (spec.borders[1], spec.borders[3]) if b.visible)
        extra += resolve(spec.margin_left, 0.0) + resolve(spec.margin_right, 0.0)
        if spec.width not in ("auto",) and not isinstance(spec.width, tuple):
            fixed = spec.width + (0.0 if spec.border_box else extra)
            return fixed, fixed
        return low + extra, high + extra
    if hasattr(item, "intrinsic_widths"):  # a set of columns (layout/columns.py)
        return item.intrinsic_widths()
    content = getattr(item, "_content", None)  # KeepTogether and friends
    if isinstance(content, list):
        return content_widths(content)
    return 0.0, 0.0


class HtmlTable(Spaced, Flowable):
    """A laid-out HTML table (or a slice of one after a page break)."""

    def __init__(
        self, grid: list[list[Cell | None]], ncols: int, header_rows: int, spec: dict[str, Any], footer_rows: int = 0
    ) -> None:
        super().__init__()
        self.grid = grid
        self.ncols = ncols
        self.header_rows = header_rows
        self.footer_rows = footer_rows  # the last rows: the footer, repeated under every slice
        self.spec = spec
        self._cols: list[float] | None = None
        self._rows: list[float] | None = None
        self._for = -1.0
        self._offset = 0.0

    # -- measuring ----------------------------------------------------------------------------
    def content_widths(self) -> tuple[float, float]:
        lows, highs, _ = self._column_widths()
        extra = self.spec["extra"]
        width = self.spec["width"]
        if width != "auto" and not isinstance(width, tuple):
            return width, width
        return sum(lows) + extra, sum(highs) + extra

    def _column_widths(self) -> tuple[list[float], list[float], list[Any]]:
        n = self.ncols
        lows, highs = [0.0] * n, [0.0] * n
        wanted: list[Any] = list(self.spec["col_widths"]) + ["auto"] * max(0, n - len(self.spec["col_widths"]))
        spanning: list[tuple[int, Cell]] = []
        for row in self.grid:
            for c, cell in enumerate(row):
                if cell is None or not isinstance(cell, Cell):
                    continue
                if cell.min_w < 0:
                    low, high = content_widths(cell.content)
                    pad = cell.padding[1] + cell.padding[3]
                    cell.min_w, cell.max_w = low + pad, max(high, low) + pad
                if cell.colspan == 1:
                    lows[c] = max(lows[c], cell.min_w)
                    highs[c] = max(highs[c], cell.max_w)
                    if cell.width != "auto" and wanted[c] == "auto":
                        wanted[c] = cell.width
                else:
                    spanning.append((c, cell))
        for c, cell in spanning:
            cols = range(c, min(n, c + cell.colspan))
            for target, values in ((cell.min_w, lows), (cell.max_w, highs)):
                have = sum(values[i] for i in cols)
                if target > have:
                    share = (target - have) / len(cols)
                    for i in cols:
                        values[i] += share
        return lows, highs, wanted

    def _layout(self, avail: float) -> None:
        if self._cols is not None and self._for == avail:
            return
        spec = self.spec
        ml = resolve(spec["margin_left"], avail)
        mr = resolve(spec["margin_right"], avail)
        room = max(10.0, avail - ml - mr)
        lows, highs, wanted = self._column_widths()
        extra = spec["extra"]
        if spec["width"] != "auto":
            total = resolve(spec["width"], avail) - extra
            total = min(max(total, 1.0), room - extra)
            explicit = True
        else:
            total = min(room - extra, sum(highs))
            explicit = False
        if spec.get("max_width", "none") != "none":  # a table's min/max-width bound its border box
            total = max(1.0, min(total, resolve(spec["max_width"], avail) - extra))
        if spec.get("min_width", 0.0) not in ("auto", 0, 0.0):
            wanted_min = min(resolve(spec["min_width"], avail), room) - extra
            if wanted_min > total:
                total, explicit = wanted_min, True
        cols = distribute(total, lows, highs, wanted, explicit)
        width = sum(cols) + extra
        if width > room + 0.01 and sum(cols) > 0:
            scale = max(room - extra, 1.0) / sum(cols)
            cols = [c * scale for c in cols]
            width = sum(cols) + extra
        if spec["margin_left"] == "auto" and spec["margin_right"] == "auto":
            ml = (avail - width) / 2.0
        elif spec["margin_left"] == "auto":
            ml = avail - width - mr
        elif spec["align"] == "right":
            ml = avail - width
        elif spec["align"] == "center":
            ml = (avail - width) / 2.0
        self._offset = max(0.0, ml)
        self._cols = cols
        self._rows = self._row_heights(cols)
        self._for = avail

    def _row_heights(self, cols: list[float]) -> list[float]:
        heights = [0.0] * len(self.grid)
        spans: list[tuple[int, Cell, float]] = []
        for r, row in enumerate(self.grid):
            for c, cell in enumerate(row):
                if not isinstance(cell, Cell):
                    continue
                width = max(sum(cols[c : c + cell.colspan]) - cell.padding[1] - cell.padding[3], 1.0)
                stacked, cell.placed = _stack(cell.content, width)
                cell.placed_width = width
                height = max(stacked + cell.padding[0] + cell.padding[2], cell.height)
                if cell.rowspan == 1:
                    heights[r] = max(heights[r], height)
                else:
                    spans.append((r, cell, height))
        for r, cell, height in spans:
            last = min(len(heights), r + cell.rowspan)
            have = sum(heights[r:last]) + self.spec["spacing"][1] * (last - r - 1)
            if height > have:
                heights[last - 1] += height - have
        return heights

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._layout(availWidth)
        self.width = availWidth
        self.height = self._stacked_height(self._rows or [])
        return self.width, self.height

    def _stacked_height(self, rows: list[float]) -> float:
        """The height of ``rows`` one under another, with the vertical border spacing around each."""
        return sum(rows) + self.spec["spacing"][1] * (len(rows) + 1)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        # ReportLab's frame passes its full width to split, ignoring Indenters; the width we were
        # just wrapped at is the one we will be drawn at.
        self._layout(self._for if self._cols is not None else availWidth)
        rows = self._rows or []
        gap = self.spec["spacing"][1]
        if self._stacked_height(rows) <= availHeight:
            return [self]
        blocked = self._span_blocked()
        footer = self._repeated_footer(rows, gap)
        body_end = len(rows) - len(footer)
        used = gap + sum(rows[r] + gap for r in footer)  # room kept for the footer under every slice
        cut = 0
        for r in range(body_end):
            if used + rows[r] + gap > availHeight + 1e-6:
                break
            used += rows[r] + gap
            cut = r + 1
        while cut > self.header_rows and cut in blocked:
            cut -= 1
        if cut <= self.header_rows:
            end = self.header_rows + 1
            while end in blocked:
                end += 1
            needed = sum(rows[:end]) + sum(rows[r] for r in footer) + gap * (end + len(footer) + 1)
            forced = must_progress(self)
            if forced or needed > _frame_height(self):  # no page would hold the row: split it here
                parts = self._split_row(availHeight, end, footer)
                if parts or not forced:
                    return parts
                return self._split_oversized(availHeight, end, footer)  # row spans: shrink what is tied
            return []
        return self._split_at(cut, footer)

    def _repeated_footer(self, rows: list[float], gap: float) -> list[int]:
        """The indexes of the footer rows repeated under every slice (as Chromium does), unless header
        and footer together would take more than half the page."""
        count = self.footer_rows
        if not count or count >= len(rows) - self.header_rows:
            return []
        repeated = sum(rows[: self.header_rows]) + sum(rows[-count:]) + gap * (self.header_rows + count)
        if repeated > _frame_height(self) / 2:
            return []
        return list(range(len(rows) - count, len(rows)))

    def _split_at(self, cut: int, footer: list[int]) -> list[Any]:
        """Rows ``:cut`` (and the footer) on this page; the header and rows ``cut:`` after."""
        head = self._slice(list(range(cut)) + footer, len(footer))
        tail = self._slice(list(range(self.header_rows)) + list(range(cut, len(self.grid))), self.footer_rows)
        head.space_before = self.space_before
        tail.space_after = self.space_after
        return [head, tail]

    def _split_row(self, availHeight: float, end: int, footer: list[int]) -> list[Any]:
        """Split the first body row across the page break, each cell's content where the room ends
        (as browsers do with a row taller than a page); [] when row spans tie it to other rows."""
        r = self.header_rows
        rows, cols = self._rows or [], self._cols or []
        if end != r + 1 or any(
            isinstance(cell, Cell) and (cell.rowspan > 1 if index == r else index + cell.rowspan > r)
            for index in range(r + 1)
            for cell in self.grid[index]
        ):
            return []
        gap = self.spec["spacing"][1]
        room = availHeight - sum(rows[:r]) - sum(rows[i] for i in footer) - gap * (r + len(footer) + 2)
        if room < 2 * MIN_ROOM:
            return []
        first_row: list[Cell | None] = []
        rest_row: list[Cell | None] = []
        for c, cell in enumerate(self.grid[r]):
            if not isinstance(cell, Cell):
                first_row.append(cell)
                rest_row.append(cell)
                continue
            width = max(sum(cols[c : c + cell.colspan]) - cell.padding[1] - cell.padding[3], 1.0)
            inner = room - cell.padding[0] - cell.padding[2]
            content = Box(list(cell.content), BoxSpec())
            content._pdflet_forced = True  # the row fits no page: its cells must give way here
            try:
                parts = content.split(width, inner) if inner > MIN_ROOM else []
            finally:
                content._pdflet_forced = False
            if not parts:
                return []
            rest = [part for part in parts[1:] if not isinstance(part, PageBreak)]
            first_row.append(replace(cell, content=[parts[0]], height=0.0, placed=[], placed_width=-1.0))
            rest_row.append(replace(cell, content=rest, height=0.0, placed=[], placed_width=-1.0))
        head = self._regrid(self.grid[:r] + [first_row] + [self.grid[i] for i in footer], len(footer))
        tail = self._regrid([*self.grid[:r], rest_row, *self.grid[r + 1 :]], self.footer_rows)
        if head.wrap(self._for, availHeight)[1] > availHeight + 1e-6:
            return []
        head.space_before = self.space_before
        tail.space_after = self.space_after
        return [head, tail]

    def _regrid(self, grid: list[list[Cell | None]], footer_rows: int) -> HtmlTable:
        """A table of these rows at this table's column widths (row heights measured again)."""
        table = HtmlTable(grid, self.ncols, self.header_rows, self.spec, footer_rows)
        table._cols = self._cols
        table._rows = table._row_heights(self._cols or [])
        table._for = self._for
        table._offset = self._offset
        return table

    def _split_oversized(self, availHeight: float, end: int, footer: list[int]) -> list[Any]:
        """The first body row (with the header, and the rows its row spans tie it to: ``:end``) is
        taller than any page: shrink that slice to fit, and go on after it."""
        if end >= len(self.grid) - len(footer):
            return [Shrunk(self, availHeight)]
        head, tail = self._split_at(end, footer)
        return [Shrunk(head, availHeight), tail]

    def _span_blocked(self) -> set[int]:
        blocked = set()
        for r, row in enumerate(self.grid):
            for cell in row:
                if isinstance(cell, Cell) and cell.rowspan > 1:
                    blocked.update(range(r + 1, r + cell.rowspan))
        return blocked

    def _slice(self, indexes: list[int], footer_rows: int = 0) -> HtmlTable:
        table = HtmlTable([self.grid[i] for i in indexes], self.ncols, self.header_rows, self.spec, footer_rows)
        table._cols = self._cols
        table._rows = [(self._rows or [])[i] for i in indexes]
        table._for = self._for
        table._offset = self._offset
        return table

    # -- painting -----------------------------------------------------------------------------
    def draw(self) -> None:
        canv = self.canv
        cols = self._cols or []
        rows = self._rows or []
        gap_x, gap_y = self.spec["spacing"]
        total_h = self._stacked_height(rows)
        x0 = self._offset
        lefts, rights = [], []
        x = x0 + gap_x
        for w in cols:
            lefts.append(x)
            rights.append(x + w)
            x += w + gap_x
        right_edge = x
        tops, bottoms = [], []
        y = total_h - gap_y
        for h in rows:
            tops.append(y)
            bottoms.append(y - h)
            y -= h + gap_y
        spec = self.spec
        if spec["background"] is not None:
            canv.saveState()
            canv.setFillColor(spec["background"])
            canv.rect(x0, 0, right_edge - x0, total_h, stroke=0, fill=1)
            canv.restoreState()
        deferred: list[tuple[Border, float, float, float, float]] = []
        for r, row in enumerate(self.grid):
            for c, cell in enumerate(row):
                if not isinstance(cell, Cell):
                    continue
                last_c = min(len(cols), c + cell.colspan)
                last_r = min(len(rows), r + cell.rowspan)
                left, right = lefts[c], rights[last_c - 1]
                top, bottom = tops[r], bottoms[last_r - 1]
                if cell.background is not None:
                    canv.saveState()
                    canv.setFillColor(cell.background)
                    canv.rect(left, bottom, right - left, top - bottom, stroke=0, fill=1)
                    canv.restoreState()
                self._draw_content(cell, left, right, top, bottom)
                bt, br, bb, bl = cell.borders
                for border, coords in (
                    (bt, (left, top, right, top)),
                    (bb, (left, bottom, right, bottom)),
                    (bl, (left, bottom, left, top)),
                    (br, (right, bottom, right, top)),
                ):
                    if border.visible:
                        deferred.append((border, *coords))
        _draw_borders(canv, deferred)
        outer = spec["borders"]
        for border, coords in (
            (outer[0], (x0, total_h, right_edge, total_h)),
            (outer[2], (x0, 0, right_edge, 0)),
            (outer[3], (x0, 0, x0, total_h)),
            (outer[1], (right_edge, 0, right_edge, total_h)),
        ):
            if border.visible:
                draw_border_side(canv, border, *coords)

    def _draw_content(self, cell: Cell, left: float, right: float, top: float, bottom: float) -> None:
        pt, pr, pb, pl = cell.padding
        width = max(right - left - pl - pr, 1.0)
        if cell.placed_width != width:
            _, cell.placed = _stack(cell.content, width)
            cell.placed_width = width
        placed = cell.placed
        used = placed[-1][1] + placed[-1][3] if placed else 0.0
        room = top - bottom - pt - pb
        shift = 0.0
        if cell.valign == "middle":
            shift = max(0.0, (room - used) / 2.0)
        elif cell.valign == "bottom":
            shift = max(0.0, room - used)
        for child, cy, w, h in placed:
            child.drawOn(self.canv, left + pl, top - pt - shift - cy - h, _sW=width - w)


def _frame_height(flowable: Any) -> float:
    """The content height of the frame ``flowable`` is being split in (unbounded outside one)."""
    frame = getattr(flowable, "_frame", None)
    return HUGE if frame is None else frame._aH


def _stack(flowables: list[Any], width: float) -> tuple[float, list[tuple[Any, float, float, float]]]:
    """Wrap flowables one under another at ``width``: total height and (flowable, y, w, h) each."""
    y = 0.0
    previous_after = 0.0
    placed = []
    for index, child in enumerate(flowables):
        y += max(child.getSpaceBefore() if index else 0.0, previous_after)
        w, h = child.wrap(width, HUGE)
        placed.append((child, y, w, h))
        y += h
        previous_after = child.getSpaceAfter()
    return y, placed


def _draw_borders(canv: Any, segments: list[tuple[Any, ...]]) -> None:
    """Cell borders: solid ones batched into one path per width and colour (shared edges once)."""
    solid: dict[tuple[float, str], tuple[Border, set[tuple[float, float, float, float]]]] = {}
    for border, *coords in segments:
        if border.style in ("solid", "inset", "outset", "groove", "ridge"):
            key = (round(border.width, 3), str(border.color))
            solid.setdefault(key, (border, set()))[1].add(tuple(round(c, 3) for c in coords))
        else:
            draw_border_side(canv, border, *coords)
    for border, lines in solid.values():
        canv.saveState()
        canv.setStrokeColor(border.color)
        canv.setLineWidth(border.width)
        canv.lines(sorted(lines))
        canv.restoreState()


def distribute(total: float, lows: list[float], highs: list[float], wanted: list[Any], explicit: bool) -> list[float]:
    """Column widths summing to about ``total``: fixed and percentage columns first, then the
    automatic ones between their minimum and preferred widths (CSS 2.1 automatic layout)."""
    n = len(lows)
    cols = [0.0] * n
    auto = []
    for i in range(n):
        want = wanted[i]
        if want == "auto":
            auto.append(i)
            cols[i] = lows[i]
        elif isinstance(want, tuple):
            cols[i] = max(lows[i], total * want[1] / 100.0)
        else:
            cols[i] = max(lows[i], float(want))
    remaining = total - sum(cols)
    if remaining > 0 and auto:
        growth = [highs[i] - lows[i] for i in auto]
        grow_total = sum(growth)
        if grow_total > 0:
            step = min(1.0, remaining / grow_total)
            for i, g in zip(auto, growth, strict=True):
                cols[i] += g * step
            remaining -= grow_total * step
        if remaining > 0 and explicit:
            weights = [highs[i] or 1.0 for i in auto]
            for i, wgt in zip(auto, weights, strict=True):
                cols[i] += remaining * wgt / sum(weights)
    elif remaining > 0 and explicit and n:
        weights = [c or 1.0 for c in cols]
        for i in range(n):
            cols[i] += remaining * weights[i] / sum(weights)
    return cols


def _attr_length(value: str | None) -> Any:
    if not value:
        return None
    value = value.strip()
    try:
        if value.endswith("%"):
            return ("%", max(0.0, min(100.0, float(value[:-1]))))
        return max(0.0, min(20000.0, float(value.rstrip("px")) * 0.75))
    except ValueError:
        return None


def _span(value: str | None) -> int:
    try:
        return max(1, min(MAX_SPAN, int((value or "1").strip())))
    except ValueError:
        return 1


def build_table(builder: Any, element: Element, style: Style) -> list[Any]:
    """Flowables of a ``<table>``: caption paragraphs and one :class:`HtmlTable`."""
    styles = builder.styles
    groups: list[tuple[int, list[Element]]] = []
    captions: list[Element] = []
    col_widths: list[Any] = []
    loose: list[Element] = []
    for child in element:
        child_style = styles.get(child)
        if child_style is None:
            continue
        display = child_style["display"]
        if display == "table-caption":
            captions.append(child)
        elif display in ROW_GROUPS:
            if loose:
                groups.append((1, loose))
                loose = []
            groups.append((ROW_GROUPS[display], list(table_rows(child, styles))))
        elif display == "table-row":
            loose.append(child)
        elif display not in ("none", "table-column-group", "table-column") and isinstance(child.tag, str):
            loose.extend(table_rows(_holder(child), styles, style))  # a stray block: its own anonymous row
        elif display in ("table-column-group", "table-column"):
            cols = [child] if display == "table-column" else [c for c in child if c.tag == "col"] or [child]
            for col in cols:
                width = styles[col]["width"] if col in styles else "auto"
                if width == "auto":
                    width = _attr_length(col.get("width")) or "auto"
                col_widths.extend([width] * _span(col.get("span")))
    if loose:
        groups.append((1, loose))
    header = [r for kind, rows in groups if kind == 0 for r in rows]
    body = [r for kind, rows in groups if kind == 1 for r in rows]
    footer = [r for kind, rows in groups if kind == 2 for r in rows]
    rows = header + body + footer
    cell_count = sum(len(r) for r in rows)
    if cell_count > MAX_CELLS:
        raise RenderFailed(f"A table has {cell_count} cells; the limit is {MAX_CELLS}.")

    attr_border = _attr_length(element.get("border"))
    attr_padding = _attr_length(element.get("cellpadding"))
    grid: list[list[Cell | None]] = []
    occupied: dict[tuple[int, int], bool] = {}
    ncols = 0
    builder.in_box += 1
    try:
        for r, tr in enumerate(rows):
            row_style = styles[tr]
            row_back = builder.color(row_style["background-color"])
            grid.append([])
            c = 0
            for td in table_cells(tr, styles):
                cell_style = styles[td]
                while occupied.get((r, c)):
                    c += 1
                cell = _make_cell(builder, td, cell_style, row_back, attr_border, attr_padding)
                cell.rowspan = min(cell.rowspan, len(rows) - r)
                row = grid[r]
                while len(row) < c:
                    row.append(None)
                row.append(cell)
                row.extend([None] * (cell.colspan - 1))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        occupied[(r + dr, c + dc)] = True
                c += cell.colspan
                ncols = max(ncols, c)
        # columns only rowspans reach: one pass at the end (a pass per row was quadratic in the cells)
        ncols = max(ncols, max((cc + 1 for (_rr, cc) in occupied), default=0))
    finally:
        builder.in_box -= 1
    if not grid or ncols == 0:
        return []
    for row in grid:
        row.extend([None] * (ncols - len(row)))
    spec_box = builder.box_spec(style)
    borders = spec_box.borders
    if attr_border and not any(b.visible for b in borders):
        borders = tuple(Border(attr_border, "outset", Color(0.5, 0.5, 0.5)) for _ in range(4))
    spacing = style["border-spacing"] if style["border-collapse"] == "separate" else (0.0, 0.0)
    if element.get("cellspacing") is not None and style["border-collapse"] == "separate":
        attr_spacing = _attr_length(element.get("cellspacing"))
        if attr_spacing is not None and not isinstance(attr_spacing, tuple):
            spacing = (attr_spacing, attr_spacing)
    extra = sum(b.width for b in (borders[1], borders[3]) if b.visible) + spacing[0] * (ncols + 1)
    width: Any = style["width"]
    if width == "auto":
        width = _attr_length(element.get("width")) or "auto"
    align = (element.get("align") or "").lower()
    spec = {
        "width": width,
        "margin_left": style["margin-left"],
        "margin_right": style["margin-right"],
        "background": builder.color(style["background-color"]) or _bgcolor(builder, element),
        "borders": borders,
        "extra": extra,
        "spacing": spacing,
        "col_widths": col_widths,
        "align": align,
        "max_width": style["max-width"],
        "min_width": style["min-width"],
    }
    # header and footer rows are repeated on every page the table spans (not when there are absurdly many)
    repeated = (len(header) if len(header) <= MAX_REPEATED else 0, len(footer) if len(footer) <= MAX_REPEATED else 0)
    table = HtmlTable(grid, ncols, repeated[0], spec, repeated[1])
    table.space_before = builder.cap(max(0.0, resolve(style["margin-top"], builder.frame_width)), 0.5)
    table.space_after = builder.cap(max(0.0, resolve(style["margin-bottom"], builder.frame_width)), 0.5)
    out: list[Any] = []
    for caption in captions:
        caption_flowables = builder.content(caption, styles[caption])
        if caption_flowables:
            caption_flowables[-1].keepWithNext = 1
        out += caption_flowables
    out.append(table)
    return out


def _bgcolor(builder: Any, element: Element) -> Color | None:
    value = element.get("bgcolor")
    if not value:
        return None
    import tinycss2

    tokens = [t for t in tinycss2.parse_component_value_list(value) if t.type != "whitespace"]
    if len(tokens) != 1:
        return None
    from pdflet.renderers.reportlab.css.values import parse_color

    return builder.color(parse_color(tokens[0]))


def _holder(child: Element) -> Element:
    """A parent for one stray child of a table, so it is wrapped like a row group's stray children."""
    holder = Element("pdflet-holder")
    holder.append(child)
    return holder


def _make_cell(
    builder: Any, td: Element, style: Style, row_back: Color | None, attr_border: Any, attr_padding: Any
) -> Cell:
    spec = builder.box_spec(style)
    padding = tuple(resolve(v, 0.0) for v in spec.padding)
    if attr_padding is not None and not isinstance(attr_padding, tuple) and padding == (0.75,) * 4:
        padding = (attr_padding,) * 4
    borders = spec.borders
    if attr_border and not any(b.visible for b in borders):
        borders = tuple(Border(0.75, "inset", Color(0.5, 0.5, 0.5)) for _ in range(4))
    # Borders take room inside the grid: half of each in the collapsing model (neighbours share
    # them), all of it in the separated one.
    share = 0.5 if style["border-collapse"] == "collapse" else 1.0
    padding = tuple(p + (b.width * share if b.visible else 0.0) for p, b in zip(padding, borders, strict=True))
    valign = style["vertical-align"]
    attr_valign = (td.get("valign") or "").lower()
    if attr_valign in ("top", "middle", "bottom"):
        valign = attr_valign
    width = style["width"]
    if width == "auto":
        width = _attr_length(td.get("width")) or "auto"
    elif not isinstance(width, tuple) and style["box-sizing"] != "border-box":
        width = width + padding[1] + padding[3]
    css_height = style["height"]
    height = 0.0
    if css_height != "auto" and not isinstance(css_height, tuple):
        height = css_height + (0.0 if style["box-sizing"] == "border-box" else padding[0] + padding[2])
    elif (attr_height := _attr_length(td.get("height"))) is not None and not isinstance(attr_height, tuple):
        height = attr_height
    return Cell(
        height=height,
        content=builder.content(td, style),
        colspan=_span(td.get("colspan")),
        rowspan=_span(td.get("rowspan")),
        padding=padding,  # type: ignore[arg-type]
        borders=borders,  # type: ignore[arg-type]
        # a hidden cell paints nothing, not even its row's or bgcolor's background
        background=(spec.background or row_back or _bgcolor(builder, td)) if style["visibility"] == "visible" else None,
        valign=valign if valign in ("top", "middle", "bottom") else "top",
        width=width,
    )
