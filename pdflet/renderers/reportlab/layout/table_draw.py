"""Drawing a laid-out table: backgrounds, cell content aligned vertically, cell borders batched, the
table's own border."""

from __future__ import annotations

from typing import Any

from pdflet.renderers.reportlab.layout.borders import draw_border_side
from pdflet.renderers.reportlab.layout.boxmodel import Border
from pdflet.renderers.reportlab.layout.table_grid import Cell, stack


def draw_table(table: Any, canv: Any) -> None:
    """Paint ``table`` (an ``HtmlTable`` already laid out) with its bottom left corner at the origin."""
    cols = table._cols or []
    rows = table._rows or []
    gap_x, gap_y = table.spec.spacing
    total_h = table._stacked_height(rows)
    x0 = table._offset
    pad_top, pad_right, _pad_bottom, pad_left = table.spec.padding
    lefts, rights = [], []
    x = x0 + pad_left + gap_x
    for w in cols:
        lefts.append(x)
        rights.append(x + w)
        x += w + gap_x
    right_edge = x + pad_right
    tops, bottoms = [], []
    y = total_h - pad_top - gap_y
    for h in rows:
        tops.append(y)
        bottoms.append(y - h)
        y -= h + gap_y
    spec = table.spec
    if spec.box.background is not None:
        canv.saveState()
        canv.setFillColor(spec.box.background)
        canv.rect(x0, 0, right_edge - x0, total_h, stroke=0, fill=1)
        canv.restoreState()
    deferred: list[tuple[Border, float, float, float, float]] = []
    for r, row in enumerate(table.grid):
        for c, cell in enumerate(row):
            if not isinstance(cell, Cell):
                continue
            last_c = min(len(cols), c + cell.colspan)
            last_r = min(len(rows), r + cell.rowspan)
            left, right = lefts[c], rights[last_c - 1]
            top, bottom = tops[r], bottoms[last_r - 1]
            if cell.box.background is not None:
                canv.saveState()
                canv.setFillColor(cell.box.background)
                canv.rect(left, bottom, right - left, top - bottom, stroke=0, fill=1)
                canv.restoreState()
            _draw_content(canv, cell, left, right, top, bottom)
            bt, br, bb, bl = cell.box.borders
            for border, coords in (
                (bt, (left, top, right, top)),
                (bb, (left, bottom, right, bottom)),
                (bl, (left, bottom, left, top)),
                (br, (right, bottom, right, top)),
            ):
                if border.visible:
                    deferred.append((border, *coords))
    _draw_borders(canv, deferred)
    outer = spec.box.borders
    for border, coords in (
        (outer[0], (x0, total_h, right_edge, total_h)),
        (outer[2], (x0, 0, right_edge, 0)),
        (outer[3], (x0, 0, x0, total_h)),
        (outer[1], (right_edge, 0, right_edge, total_h)),
    ):
        if border.visible:
            draw_border_side(canv, border, *coords)


def _draw_content(canv: Any, cell: Cell, left: float, right: float, top: float, bottom: float) -> None:
    pt, pr, pb, pl = cell.inset
    width = max(right - left - pl - pr, 1.0)
    if cell.placed_width != width:
        _, cell.placed = stack(cell.content, width)
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
        child.drawOn(canv, left + pl, top - pt - shift - cy - h, _sW=width - w)


def _draw_borders(canv: Any, segments: list[tuple[Any, ...]]) -> None:
    """Cell borders: solid ones batched into one path per width and colour (shared edges once)."""
    solid: dict[tuple[float, str], tuple[Border, set[tuple[float, float, float, float]]]] = {}
    for border, *coords in segments:
        if border.style in ("solid", "inset", "outset", "groove", "ridge"):
            key = (round(border.width, 3), str(border.color))
            x1, y1, x2, y2 = coords  # unpacked: a generator per segment cost more than the rounding
            solid.setdefault(key, (border, set()))[1].add((round(x1, 3), round(y1, 3), round(x2, 3), round(y2, 3)))
        else:
            draw_border_side(canv, border, *coords)
    for border, lines in solid.values():
        canv.saveState()
        canv.setStrokeColor(border.color)
        canv.setLineWidth(border.width)
        canv.lines(sorted(lines))
        canv.restoreState()
