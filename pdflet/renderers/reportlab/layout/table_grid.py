"""A table's cells and column widths: browser-like automatic layout (CSS 2.1) from each cell's
intrinsic widths, and stacking a cell's content."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pdflet.renderers.reportlab.layout.boxmodel import BoxSpec
from pdflet.renderers.reportlab.layout.flowbase import HUGE
from pdflet.renderers.reportlab.layout.intrinsic import content_widths


@dataclass(frozen=True)
class TableSpec:
    """A table's own box and what the grid adds to it.

    ``box`` holds the table's width, margins, min/max widths, background and borders (``box-sizing`` does
    not apply: a table's width is its border box); ``extra`` is what the side borders and the horizontal
    border spacing take of that width (and the side padding); ``spacing`` is (horizontal, vertical)
    ``border-spacing``; ``padding`` the table's own (top, right, bottom, left) padding, between its border
    and the cells (none in the collapsing border model, as in CSS).
    """

    box: BoxSpec
    extra: float = 0.0
    spacing: tuple[float, float] = (0.0, 0.0)
    col_widths: list[Any] = field(default_factory=list)
    align: str = ""
    padding: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)

    @property
    def vertical_padding(self) -> float:
        return self.padding[0] + self.padding[2]


@dataclass
class Cell:
    """One table cell: its flowables, its used box and its place in the grid.

    ``box`` is the cell's ``BoxSpec`` with padding resolved, its ``width`` and ``min_height`` as border-box
    sizes (what the column and row must give it); ``inset`` is the padding plus the room the borders take
    (:func:`boxmodel.insets`), by which the content sits inside the cell.
    """

    content: list[Any]
    colspan: int = 1
    rowspan: int = 1
    box: BoxSpec = field(default_factory=BoxSpec)
    inset: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)
    valign: str = "middle"
    placed: list[Any] = field(default_factory=list)
    placed_width: float = -1.0
    min_w: float = -1.0
    max_w: float = -1.0

    def content_width(self, cols: list[float], c: int) -> float:
        """The width left for the content of this cell in column ``c`` at column widths ``cols``."""
        return max(sum(cols[c : c + self.colspan]) - self.inset[1] - self.inset[3], 1.0)


def column_widths(
    grid: list[list[Cell | None]], ncols: int, col_widths: list[Any]
) -> tuple[list[float], list[float], list[Any]]:
    """Each column's (minimum, preferred) width and the width asked for it (``<col>`` or a cell's)."""
    n = ncols
    lows, highs = [0.0] * n, [0.0] * n
    wanted: list[Any] = list(col_widths) + ["auto"] * max(0, n - len(col_widths))
    spanning: list[tuple[int, Cell]] = []
    for row in grid:
        for c, cell in enumerate(row):
            if cell is None or not isinstance(cell, Cell):
                continue
            if cell.min_w < 0:
                low, high = content_widths(cell.content)
                pad = cell.inset[1] + cell.inset[3]
                cell.min_w, cell.max_w = low + pad, max(high, low) + pad
            if cell.colspan == 1:
                lows[c] = max(lows[c], cell.min_w)
                highs[c] = max(highs[c], cell.max_w)
                if cell.box.width != "auto" and wanted[c] == "auto":
                    wanted[c] = cell.box.width
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


def stack(flowables: list[Any], width: float) -> tuple[float, list[tuple[Any, float, float, float]]]:
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
