"""HTML tables: a grid of cells with spans, browser-like automatic column widths, and page
splitting between rows with the header rows repeated.

This module builds the table from the document (rows, cells, spans, HTML attributes); measuring and
splitting are :mod:`.table_flow`'s, column widths :mod:`.table_grid`'s, painting :mod:`.table_draw`'s.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from xml.etree.ElementTree import Element

from reportlab.lib.colors import Color

from pdflet.errors import RenderFailed
from pdflet.renderers.reportlab.css.properties import Style
from pdflet.renderers.reportlab.layout.anonymous import table_cells, table_rows
from pdflet.renderers.reportlab.layout.boxmodel import (
    Border,
    BoxSpec,
    block_margin,
    border_width,
    insets,
    outer_size,
    percent,
)
from pdflet.renderers.reportlab.layout.intrinsic import content_widths
from pdflet.renderers.reportlab.layout.table_flow import HtmlTable
from pdflet.renderers.reportlab.layout.table_grid import Cell, TableSpec, distribute

__all__ = ["MAX_CELLS", "Cell", "HtmlTable", "TableSpec", "build_table", "content_widths", "distribute"]

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


def build_table(builder: Any, element: Element, style: Style) -> list[Any]:
    """Flowables of a ``<table>``: caption paragraphs and one :class:`HtmlTable`."""
    styles = builder.styles
    captions, col_widths, groups = _parts(element, style, styles)
    header = [r for kind, rows in groups if kind == 0 for r in rows]
    body = [r for kind, rows in groups if kind == 1 for r in rows]
    footer = [r for kind, rows in groups if kind == 2 for r in rows]
    rows = header + body + footer
    cell_count = sum(len(r) for r in rows)
    if cell_count > MAX_CELLS:
        raise RenderFailed(f"A table has {cell_count} cells; the limit is {MAX_CELLS}.")
    attr_border = _attr_length(element.get("border"))
    grid, ncols = _grid(builder, rows, attr_border, _attr_length(element.get("cellpadding")))
    if not grid or ncols == 0:
        return []
    spec = _table_spec(builder, element, style, ncols, col_widths, attr_border)
    # header and footer rows are repeated on every page the table spans (not when there are absurdly many)
    repeated = (len(header) if len(header) <= MAX_REPEATED else 0, len(footer) if len(footer) <= MAX_REPEATED else 0)
    table = HtmlTable(grid, ncols, repeated[0], spec, repeated[1])
    table.space_before = builder.cap(block_margin(style["margin-top"], builder.frame_width), 0.5)
    table.space_after = builder.cap(block_margin(style["margin-bottom"], builder.frame_width), 0.5)
    out: list[Any] = []
    for caption in captions:
        caption_flowables = builder.content(caption, styles[caption])
        if caption_flowables:
            caption_flowables[-1].keepWithNext = 1
        out += caption_flowables
    out.append(table)
    return out


def _parts(
    element: Element, style: Style, styles: Any
) -> tuple[list[Element], list[Any], list[tuple[int, list[Element]]]]:
    """A table's captions, the widths its ``<col>``s ask for, and its row groups (kind, rows): header 0,
    body 1, footer 2; stray rows and blocks between groups make anonymous body groups."""
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
    return captions, col_widths, groups


def _grid(
    builder: Any, rows: list[Element], attr_border: Any, attr_padding: Any
) -> tuple[list[list[Cell | None]], int]:
    """The cells of ``rows`` placed in a grid (a spanned slot holds None) and the number of columns."""
    styles = builder.styles
    grid: list[list[Cell | None]] = []
    occupied: dict[tuple[int, int], bool] = {}
    ncols = 0
    builder.in_box += 1
    try:
        for r, tr in enumerate(rows):
            row_back = builder.color(styles[tr]["background-color"])
            grid.append([])
            c = 0
            for td in table_cells(tr, styles):
                while occupied.get((r, c)):
                    c += 1
                cell = _make_cell(builder, td, styles[td], row_back, attr_border, attr_padding)
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
    for row in grid:
        row.extend([None] * (ncols - len(row)))
    return grid, ncols


def _table_spec(
    builder: Any, element: Element, style: Style, ncols: int, col_widths: list[Any], attr_border: Any
) -> TableSpec:
    """The table's own box: width, margins, background, borders, spacing (HTML attributes as fallbacks)."""
    box = builder.box_spec(style)
    borders = box.borders
    if attr_border and not any(b.visible for b in borders):
        borders = tuple(Border(attr_border, "outset", Color(0.5, 0.5, 0.5)) for _ in range(4))
    spacing = style["border-spacing"] if style["border-collapse"] == "separate" else (0.0, 0.0)
    if element.get("cellspacing") is not None and style["border-collapse"] == "separate":
        attr_spacing = _attr_length(element.get("cellspacing"))
        if attr_spacing is not None and not isinstance(attr_spacing, tuple):
            spacing = (attr_spacing, attr_spacing)
    width: Any = style["width"]
    if width == "auto":
        width = _attr_length(element.get("width")) or "auto"
    background = builder.color(style["background-color"]) or _bgcolor(builder, element)
    return TableSpec(
        box=replace(box, width=width, background=background, borders=borders),  # type: ignore[arg-type]
        extra=border_width(borders[1]) + border_width(borders[3]) + spacing[0] * (ncols + 1),
        spacing=spacing,
        col_widths=col_widths,
        align=(element.get("align") or "").lower(),
    )


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
    attr_valign = (td.get("valign") or "").lower()
    if attr_valign in ("top", "middle", "bottom"):
        valign = attr_valign
    width = style["width"]
    if width == "auto":
        width = _attr_length(td.get("width")) or "auto"
    elif not isinstance(width, tuple):
        width = outer_size(width, inset[1], inset[3], spec.border_box)
    css_height = style["height"]
    height = 0.0
    if css_height != "auto" and not isinstance(css_height, tuple):
        height = outer_size(css_height, inset[0], inset[2], spec.border_box)
    elif (attr_height := _attr_length(td.get("height"))) is not None and not isinstance(attr_height, tuple):
        height = attr_height
    # a hidden cell paints nothing, not even its row's or bgcolor's background
    visible = style["visibility"] == "visible"
    background = (spec.background or row_back or _bgcolor(builder, td)) if visible else None
    return Cell(
        content=builder.content(td, style),
        colspan=_span(td.get("colspan")),
        rowspan=_span(td.get("rowspan")),
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
