"""A laid-out HTML table (or a slice of one after a page break): column widths and row heights measured
once, page splitting between rows with header and footer rows repeated, a row taller than a page split
across it.

We draw tables ourselves rather than through ReportLab's ``Table``: row heights and column
widths are measured once, so splitting a long table costs O(rows) instead of re-measuring the
remainder on every page, and CSS per-cell borders, padding and backgrounds map one to one.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reportlab.platypus import Flowable, PageBreak

from pdflet.renderers.reportlab.layout.box_flowables import Box
from pdflet.renderers.reportlab.layout.boxmodel import BoxSpec, auto_margin_left, percent
from pdflet.renderers.reportlab.layout.flowbase import HUGE, MIN_ROOM, Shrunk, Spaced, must_progress
from pdflet.renderers.reportlab.layout.table_draw import draw_table
from pdflet.renderers.reportlab.layout.table_grid import Cell, TableSpec, column_widths, distribute, stack


class HtmlTable(Spaced, Flowable):
    """A laid-out HTML table (or a slice of one after a page break)."""

    def __init__(
        self, grid: list[list[Cell | None]], ncols: int, header_rows: int, spec: TableSpec, footer_rows: int = 0
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
    def intrinsic_widths(self) -> tuple[float, float]:
        """(min-content, max-content) widths: the columns' sums with the borders and spacing; a fixed width both."""
        lows, highs, _ = self._column_widths()
        extra = self.spec.extra
        width = self.spec.box.width
        if width != "auto" and not isinstance(width, tuple):
            return width, width
        return sum(lows) + extra, sum(highs) + extra

    def _column_widths(self) -> tuple[list[float], list[float], list[Any]]:
        return column_widths(self.grid, self.ncols, self.spec.col_widths)

    def _layout(self, avail: float) -> None:
        if self._cols is not None and self._for == avail:
            return
        spec = self.spec
        ml = percent(spec.box.margin_left, avail)
        mr = percent(spec.box.margin_right, avail)
        room = max(10.0, avail - ml - mr)
        lows, highs, wanted = self._column_widths()
        extra = spec.extra
        if spec.box.width != "auto":
            total = percent(spec.box.width, avail) - extra
            total = min(max(total, 1.0), room - extra)
            explicit = True
        else:
            total = min(room - extra, sum(highs))
            explicit = False
        if spec.box.max_width != "none":  # a table's min/max-width bound its border box
            total = max(1.0, min(total, percent(spec.box.max_width, avail) - extra))
        if spec.box.min_width not in ("auto", 0, 0.0):
            wanted_min = min(percent(spec.box.min_width, avail), room) - extra
            if wanted_min > total:
                total, explicit = wanted_min, True
        cols = distribute(total, lows, highs, wanted, explicit)
        width = sum(cols) + extra
        if width > room + 0.01 and sum(cols) > 0:
            scale = max(room - extra, 1.0) / sum(cols)
            cols = [c * scale for c in cols]
            width = sum(cols) + extra
        auto = auto_margin_left(spec.box.margin_left, spec.box.margin_right, avail - width, mr)
        if auto is not None:
            ml = auto
        elif spec.align == "right":
            ml = avail - width
        elif spec.align == "center":
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
                width = cell.content_width(cols, c)
                stacked, cell.placed = stack(cell.content, width)
                cell.placed_width = width
                height = max(stacked + cell.inset[0] + cell.inset[2], cell.box.min_height)
                if cell.rowspan == 1:
                    heights[r] = max(heights[r], height)
                else:
                    spans.append((r, cell, height))
        for r, cell, height in spans:
            last = min(len(heights), r + cell.rowspan)
            have = sum(heights[r:last]) + self.spec.spacing[1] * (last - r - 1)
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
        return sum(rows) + self.spec.spacing[1] * (len(rows) + 1) + self.spec.vertical_padding

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        # ReportLab's frame passes its full width to split, ignoring Indenters; the width we were
        # just wrapped at is the one we will be drawn at.
        self._layout(self._for if self._cols is not None else availWidth)
        rows = self._rows or []
        gap = self.spec.spacing[1]
        if self._stacked_height(rows) <= availHeight:
            return [self]
        if self.header_rows >= len(rows) - self.footer_rows:
            self.header_rows = 0  # a table of header (and footer) rows only: nothing is left to repeat them over
        blocked = self._span_blocked()
        footer = self._repeated_footer(rows, gap)
        body_end = len(rows) - len(footer)
        # room kept for the table's padding and the footer under every slice
        used = gap + self.spec.vertical_padding + sum(rows[r] + gap for r in footer)
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
            frame = _frame_height(self)
            if frame >= HUGE or availHeight > frame / 2:  # most of the room would stay empty: split the row
                return self._split_row(availHeight, end, footer, row=self.header_rows)
            return []
        if cut < body_end and cut + 1 not in blocked and availHeight - used > min(_frame_height(self), availHeight) / 2:
            # the next row would leave most of the room here empty: split it, as browsers do
            parts = self._split_row(availHeight, cut + 1, footer, row=cut)
            if parts:
                return parts
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

    def _split_row(self, availHeight: float, end: int, footer: list[int], row: int = -1) -> list[Any]:
        """Split the first body row (or ``row``, with the rows above it) across the page break, each cell's
        content where the room ends (as browsers do with a row taller than a page, or than the rest of it);
        [] when row spans tie it to other rows. Only a row that fits no page forces its cells to give way."""
        forced = row < 0
        r = self.header_rows if forced else row
        rows, cols = self._rows or [], self._cols or []
        if end != r + 1 or any(
            isinstance(cell, Cell) and (cell.rowspan > 1 if index == r else index + cell.rowspan > r)
            for index in range(r + 1)
            for cell in self.grid[index]
        ):
            return []
        gap = self.spec.spacing[1]
        room = availHeight - sum(rows[:r]) - sum(rows[i] for i in footer) - gap * (r + len(footer) + 2)
        room -= self.spec.vertical_padding
        if room < 2 * MIN_ROOM:
            return []
        first_row: list[Cell | None] = []
        rest_row: list[Cell | None] = []
        for c, cell in enumerate(self.grid[r]):
            if not isinstance(cell, Cell):
                first_row.append(cell)
                rest_row.append(cell)
                continue
            width = cell.content_width(cols, c)
            inner = room - cell.inset[0] - cell.inset[2]
            content = Box(list(cell.content), BoxSpec())
            content._pdflet_forced = forced  # a row that fits no page: its cells must give way here
            try:
                parts = content.split(width, inner) if inner > MIN_ROOM else []
            finally:
                content._pdflet_forced = False
            if not parts:
                return []
            loose = replace(cell.box, min_height=0.0)
            rest = [part for part in parts[1:] if not isinstance(part, PageBreak)]
            first_row.append(replace(cell, content=[parts[0]], box=loose, placed=[], placed_width=-1.0))
            rest_row.append(replace(cell, content=rest, box=loose, placed=[], placed_width=-1.0))
        head = self._regrid(self.grid[:r] + [first_row] + [self.grid[i] for i in footer], len(footer))
        tail = self._regrid([*self.grid[: self.header_rows], rest_row, *self.grid[r + 1 :]], self.footer_rows)
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
        draw_table(self, self.canv)


def _frame_height(flowable: Any) -> float:
    """The content height of the frame ``flowable`` is being split in (unbounded outside one)."""
    frame = getattr(flowable, "_frame", None)
    return HUGE if frame is None else frame._aH
