"""HTML tables: a grid of cells with spans, browser-like automatic column widths, and page
splitting between rows with the header rows repeated.

This module builds the table from the document (rows, cells, spans, HTML attributes); measuring and
splitting are :mod:`.table_flow`'s, column widths :mod:`.table_grid`'s, painting :mod:`.table_draw`'s.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reportlab.lib.colors import Color

from pdflet.renderers.reportlab.css.properties import Style
from pdflet.renderers.reportlab.layout.boxes import Box as BoxNode
from pdflet.renderers.reportlab.layout.boxes import TableBox, TableCaptionBox, TableRowGroupBox
from pdflet.renderers.reportlab.layout.boxmodel import (
    Border,
    BoxSpec,
    block_margin,
    border_width,
    insets,
    outer_size,
    percent,
)
from pdflet.renderers.reportlab.layout.context import LayoutContext
from pdflet.renderers.reportlab.layout.table_flow import HtmlTable
from pdflet.renderers.reportlab.layout.table_grid import Cell, TableSpec

__all__ = ["MAX_CELLS", "ROW_GROUPS", "build_table"]

MAX_CELLS = 200_000
MAX_SPAN = 1000
MAX_REPEATED = 50
ROW_GROUPS = {"table-header-group": 0, "table-row-group": 1, "table-footer-group": 2}


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


def build_table(ctx: LayoutContext, box: TableBox) -> list[Any]:
    """Flowables of a table box: caption paragraphs and one :class:`HtmlTable` (boxgen has made the anonymous
    rows and cells and checked the cell limit)."""
    style = box.style
    captions = [child for child in box.children if isinstance(child, TableCaptionBox)]
    groups = [child for child in box.children if isinstance(child, TableRowGroupBox)]
    header = [r for group in groups if group.kind == 0 for r in group.children]
    body = [r for group in groups if group.kind == 1 for r in group.children]
    footer = [r for group in groups if group.kind == 2 for r in group.children]
    rows = header + body + footer
    attr_border = _attr_length(box.attr("border"))
    grid, ncols = _grid(ctx, rows, attr_border, _attr_length(box.attr("cellpadding")))
    if not grid or ncols == 0:
        return []
    spec = _table_spec(ctx, box, ncols, attr_border)
    # header and footer rows are repeated on every page the table spans (not when there are absurdly many)
    repeated = (len(header) if len(header) <= MAX_REPEATED else 0, len(footer) if len(footer) <= MAX_REPEATED else 0)
    table = HtmlTable(grid, ncols, repeated[0], spec, repeated[1])
    table.space_before = ctx.used.cap(block_margin(style["margin-top"], ctx.frame_width), 0.5)
    table.space_after = ctx.used.cap(block_margin(style["margin-bottom"], ctx.frame_width), 0.5)
    out: list[Any] = []
    for caption in captions:
        caption_flowables = ctx.content(caption)
        if caption_flowables:
            caption_flowables[-1].keepWithNext = 1
        out += caption_flowables
    out.append(table)
    return out


def _grid(
    ctx: LayoutContext, rows: list[BoxNode], attr_border: Any, attr_padding: Any
) -> tuple[list[list[Cell | None]], int]:
    """The cells of ``rows`` placed in a grid (a spanned slot holds None) and the number of columns."""
    grid: list[list[Cell | None]] = []
    occupied: dict[tuple[int, int], bool] = {}
    ncols = 0
    ctx.in_box += 1
    try:
        for r, tr in enumerate(rows):
            row_back = ctx.used.color(tr.style["background-color"])
            grid.append([])
            c = 0
            for td in tr.children:
                while occupied.get((r, c)):
                    c += 1
                cell = _make_cell(ctx, td, td.style, row_back, attr_border, attr_padding)
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
        ctx.in_box -= 1
    for row in grid:
        row.extend([None] * (ncols - len(row)))
    return grid, ncols


def _table_spec(ctx: LayoutContext, table: TableBox, ncols: int, attr_border: Any) -> TableSpec:
    """The table's own box: width, margins, background, borders, spacing (HTML attributes as fallbacks)."""
    style = table.style
    box = ctx.used.box_spec(style)
    borders = box.borders
    if attr_border and not any(b.visible for b in borders):
        borders = tuple(Border(attr_border, "outset", Color(0.5, 0.5, 0.5)) for _ in range(4))
    spacing = style["border-spacing"] if style["border-collapse"] == "separate" else (0.0, 0.0)
    if table.attr("cellspacing") is not None and style["border-collapse"] == "separate":
        attr_spacing = _attr_length(table.attr("cellspacing"))
        if attr_spacing is not None and not isinstance(attr_spacing, tuple):
            spacing = (attr_spacing, attr_spacing)
    width: Any = style["width"]
    if width == "auto":
        width = _attr_length(table.attr("width")) or "auto"
    background = ctx.used.color(style["background-color"]) or _bgcolor(ctx, table)
    padding = (0.0,) * 4
    if style["border-collapse"] == "separate":
        padding = tuple(max(0.0, percent(v, ctx.frame_width)) for v in box.padding)
    return TableSpec(
        box=replace(box, width=width, background=background, borders=borders),  # type: ignore[arg-type]
        extra=border_width(borders[1]) + border_width(borders[3]) + spacing[0] * (ncols + 1) + padding[1] + padding[3],
        padding=padding,  # type: ignore[arg-type]
        spacing=spacing,
        col_widths=table.col_widths,
        align=(table.attr("align") or "").lower(),
    )


def _bgcolor(ctx: LayoutContext, box: BoxNode) -> Color | None:
    value = box.attr("bgcolor")
    if not value:
        return None
    import tinycss2

    tokens = [t for t in tinycss2.parse_component_value_list(value) if t.type != "whitespace"]
    if len(tokens) != 1:
        return None
    from pdflet.renderers.reportlab.css.values import parse_color

    return ctx.used.color(parse_color(tokens[0]))


def _make_cell(
    ctx: LayoutContext, td: BoxNode, style: Style, row_back: Color | None, attr_border: Any, attr_padding: Any
) -> Cell:
    spec = ctx.used.box_spec(style)
    padding = tuple(percent(v, 0.0) for v in spec.padding)
    if attr_padding is not None and not isinstance(attr_padding, tuple) and padding == (0.75,) * 4:
        padding = (attr_padding,) * 4
    borders = spec.borders
    if attr_border and not any(b.visible for b in borders):
        borders = tuple(Border(0.75, "inset", Color(0.5, 0.5, 0.5)) for _ in range(4))
    # Borders take room inside the grid: half of each in the collapsing model (neighbours share
    # them), all of it in the separated one.
    inset = insets(padding, borders, 0.5 if style["border-collapse"] == "collapse" else 1.0)  # type: ignore[arg-type]
    valign = style["vertical-align"]
    attr_valign = (td.attr("valign") or "").lower()
    if attr_valign in ("top", "middle", "bottom"):
        valign = attr_valign
    width = style["width"]
    if width == "auto":
        width = _attr_length(td.attr("width")) or "auto"
    elif not isinstance(width, tuple):
        width = outer_size(width, inset[1], inset[3], spec.border_box)
    css_height = style["height"]
    height = 0.0
    if css_height != "auto" and not isinstance(css_height, tuple):
        height = outer_size(css_height, inset[0], inset[2], spec.border_box)
    elif (attr_height := _attr_length(td.attr("height"))) is not None and not isinstance(attr_height, tuple):
        height = attr_height
    # a hidden cell paints nothing, not even its row's or bgcolor's background
    visible = style["visibility"] == "visible"
    background = (spec.background or row_back or _bgcolor(ctx, td)) if visible else None
    return Cell(
        content=ctx.content(td),
        colspan=_span(td.attr("colspan")),
        rowspan=_span(td.attr("rowspan")),
        # built, not replaced: dataclasses.replace costs more than the rest of a cell's box (thousands of cells)
        box=BoxSpec(
            padding=padding,  # type: ignore[arg-type]
            borders=borders,  # type: ignore[arg-type]
            background=background,
            width=width,
            min_height=height,
            border_box=True,
        ),
        inset=inset,
        valign=valign if valign in ("top", "middle", "bottom") else "top",
    )
