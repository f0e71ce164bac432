"""Box generation: the styled tree (elements and their computed styles) becomes the box tree.

Every decision about what kind of box an element makes is taken here and only here: ``display`` (block,
inline, inline-block holding blocks, list items and their markers, flex and grid containers, tables with their
anonymous rows and cells), ``float`` (left/right, footnote), ``position`` (absolute, fixed, running) and
``display: none``. The emit stage (``layout/builder.py``) then walks the boxes and never looks at the DOM to
decide a box's kind. ``::before``/``::after`` are still inserted by the cascade as elements (their text is
counted there, see ``css/cascade.py``); here they become pseudo boxes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple
from xml.etree.ElementTree import Element

from pdflet.errors import RenderFailed
from pdflet.renderers.reportlab.css.cascade import CALL_TAG, MARKER_ATTR, PSEUDO_TAG
from pdflet.renderers.reportlab.css.properties import Style
from pdflet.renderers.reportlab.layout import boxes as bx
from pdflet.renderers.reportlab.layout.anonymous import anonymous_style
from pdflet.renderers.reportlab.layout.flex import MAX_ITEMS, TABLES
from pdflet.renderers.reportlab.layout.flex import anonymous_style as flex_item_style
from pdflet.renderers.reportlab.layout.inline import CSS_SPACE
from pdflet.renderers.reportlab.layout.positioned import OUT_OF_FLOW
from pdflet.renderers.reportlab.layout.svg import SVG_TAG
from pdflet.renderers.reportlab.layout.tables import MAX_CELLS, ROW_GROUPS
from pdflet.renderers.reportlab.layout.tables import _attr_length as attr_length
from pdflet.renderers.reportlab.layout.tables import _span as attr_span

BLOCK_DISPLAYS = frozenset(
    {
        "block",
        "list-item",
        "table",
        "flex",
        "grid",
        "flow-root",
        "table-row-group",
        "table-header-group",
        "table-footer-group",
        "table-row",
        "table-cell",
        "table-caption",
    }
)
FLEX_DISPLAYS = frozenset({"flex", "inline-flex"})
GRID_DISPLAYS = frozenset({"grid", "inline-grid"})
REPLACED_TAGS = frozenset({"img", SVG_TAG})
_FLEX_BLOCK_ITEMS = frozenset({"img", "table", "hr", SVG_TAG})  # items that paint their own box
_TABLE_SKIPPED = frozenset({"none", "table-column", "table-column-group", "table-caption"})
_ROW_PLAN = tuple[Element | None, Any]  # (a row element, its style) or (None, a run of stray children)


class BoxGenerator:
    """Builds boxes for the elements of one styled tree (``styles`` maps each element to its computed style)."""

    def __init__(self, styles: dict[Element, Style]) -> None:
        self.styles = styles
        self._ordinals: dict[Element, tuple[int, str]] = {}
        self._parents: dict[Element, Element] | None = None

    # -- entry points ---------------------------------------------------------------------------------
    def document(self, root: Element) -> bx.Box:
        """The box of ``<body>`` (or of the whole tree when there is none)."""
        body = root.find("body")
        if body is None:
            body = root
        return self.block_level(body, self.styles[body])

    def in_flow(self, element: Element, style: Style) -> bx.Box:
        """The box of an element in the flow, ignoring that it floats to the page foot (past the note limit),
        without its ``::footnote-marker``: the note's text reads as part of the paragraph, uncalled."""
        box = self.block_level(element, style) if self.is_block(element, style) else self.inline(element, style)
        first = box.children[0] if box.children else None
        if isinstance(first, bx.Box) and first.element is not None and first.element.get(MARKER_ATTR) is not None:
            del box.children[0]
        return box

    def is_block(self, element: Element, style: Style) -> bool:
        """Whether the element makes a block-level box."""
        # an inline-block is atomic in its line, whatever it holds (see inline())
        return style["display"] in BLOCK_DISPLAYS or style["float"] not in ("none", "footnote")

    # -- block level ----------------------------------------------------------------------------------
    def block_level(self, element: Element, style: Style) -> bx.Box:
        """The block-level box of an element: replaced, rule, table or a block container."""
        tag = element.tag
        if tag in REPLACED_TAGS:
            return bx.ReplacedBox(element, style)
        if tag == "hr":
            return bx.RuleBox(element, style)
        if tag == "table" or style["display"] in ("table", "inline-table"):
            return self.table(element, style)
        if tag == PSEUDO_TAG:
            return self.container(element, style, bx.PseudoBlockBox)
        if style["display"] == "inline-block":
            return self.container(element, style, bx.InlineBlockBox)
        return self.container(element, style)

    def container(self, element: Element, style: Style, kind: type[bx.BlockBox] = bx.BlockBox) -> bx.BlockBox:
        """A box whose children are laid out inside it: flex or grid items, or a flow of blocks and lines."""
        display = style["display"]
        if display in FLEX_DISPLAYS:
            if len(element) <= MAX_ITEMS:
                return bx.FlexContainer(element, style, self.items(element, style))
        elif display in GRID_DISPLAYS and len(element) <= MAX_ITEMS:
            return bx.GridContainer(element, style, self.items(element, style))
        children = self.flow(element.text, element, style)
        if display == "list-item":
            ordinal, list_type = self._ordinal(element)
            inside = style["list-style-position"] == "inside"
            children.insert(0, bx.MarkerBox(element, style, ordinal=ordinal, list_type=list_type, inside=inside))
        return kind(element, style, children)

    def flow(self, text: str | None, children: Iterable[Element], style: Style) -> list[bx.Node]:
        """The boxes of a run of content: ``text`` first, then each child and the text after it."""
        out: list[bx.Node] = []
        if text:
            out.append(text)
        styles = self.styles
        for child in children:
            child_style = styles.get(child)
            if child_style is not None and child_style["display"] != "none" and child.tag != CALL_TAG:
                out.append(self.child(child, child_style))  # (a note's call is placed by ``footnote``)
            if child.tail:
                out.append(child.tail)
        return out

    def child(self, element: Element, style: Style) -> bx.Box:
        """The box a displayed child makes in its parent's flow."""
        position = style["position"]
        if position in OUT_OF_FLOW:
            kind = bx.FixedBox if position == "fixed" else bx.AbsoluteBox
            return kind(element, style, [self.container(element, style)])
        if position.startswith("running("):
            static = dict(style, position="static")
            return bx.RunningBox(element, style, [self.block_level(element, static)], name=position[8:-1])
        floated = style["float"]
        if floated == "footnote":
            return self.footnote(element, style)
        if floated != "none":
            return bx.FloatBox(element, style, [self.block_level(element, style)])
        if self.is_block(element, style):
            return self.block_level(element, style)
        return self.inline(element, style)

    def footnote(self, element: Element, style: Style) -> bx.FootnoteBox:
        """A ``float: footnote`` element: the note as a block (starting with its ``::footnote-marker``), and its
        ``::footnote-call``, which the cascade made the element's first child, as an inline box for the text."""
        note_style = dict(style, float="none", display="block", position="static")
        note = self.block_level(element, note_style)
        first = element[0] if len(element) else None
        call = None
        if first is not None and first.tag == CALL_TAG:
            call = bx.PseudoInlineBox(first, self.styles[first], [first.text] if first.text else [])
        return bx.FootnoteBox(element, style, note=note, call=call)

    # -- inline level ---------------------------------------------------------------------------------
    def inline(self, element: Element, style: Style) -> bx.Box:
        """An inline-level box: an image in the line, a line break, or an inline box around its content."""
        tag = element.tag
        if tag in REPLACED_TAGS:
            return bx.ReplacedBox(element, style, inline=True)
        if tag == "br":
            return bx.LineBreak(element, style)
        if style["display"] == "inline-block":
            return self.container(element, style, bx.InlineBlockBox)
        if style["display"] == "inline-table":  # the table, atomic in the line inside an anonymous inline-block
            wrapper = anonymous_style(style, "inline-block")
            wrapper["vertical-align"] = style["vertical-align"]
            return bx.InlineBlockBox(None, wrapper, [self.table(element, style)])
        kind = bx.PseudoInlineBox if tag == PSEUDO_TAG else bx.InlineBox
        return kind(element, style, self.flow(element.text, element, style))

    # -- flex and grid items --------------------------------------------------------------------------
    def items(self, element: Element, style: Style) -> list[bx.Node]:
        """A flex or grid container's items; text directly inside becomes an anonymous block item."""
        out: list[bx.Node] = []
        text = (element.text or "").strip(CSS_SPACE)
        if text:
            out.append(self._anonymous_item(text, style))
        styles = self.styles
        for child in element:
            child_style = styles.get(child)
            if child_style is not None and child_style["display"] != "none" and child.tag != CALL_TAG:
                if child_style["position"] in OUT_OF_FLOW:
                    out.append(self.child(child, child_style))
                elif child.tag in _FLEX_BLOCK_ITEMS or child_style["display"] in TABLES:
                    out.append(self.block_level(child, child_style))  # paints its own box
                else:
                    out.append(self.container(child, child_style))
            tail = (child.tail or "").strip(CSS_SPACE)
            if tail:
                out.append(self._anonymous_item(tail, style))
        return out

    @staticmethod
    def _anonymous_item(text: str, container: Style) -> bx.AnonymousBlockBox:
        style = flex_item_style(container)
        return bx.AnonymousBlockBox(None, style, [text])

    # -- tables ---------------------------------------------------------------------------------------
    def table(self, element: Element, style: Style) -> bx.TableBox:
        """A table's captions and row groups, with anonymous rows and cells around stray children
        (CSS 2.1 §17.2.1: ``td { display: block }`` keeps the cells in the table)."""
        styles = self.styles
        captions: list[bx.Node] = []
        groups: list[tuple[int, Element | None, Style, list[_ROW_PLAN]]] = []
        loose: list[_ROW_PLAN] = []
        col_widths: list[Any] = []
        for child in element:
            child_style = styles.get(child)
            if child_style is None:
                continue
            display = child_style["display"]
            if display == "table-caption":
                captions.append(self.container(child, child_style, bx.TableCaptionBox))
            elif display in ROW_GROUPS:
                if loose:
                    groups.append((1, None, style, loose))
                    loose = []
                groups.append((ROW_GROUPS[display], child, child_style, list(self._row_plans(child))))
            elif display == "table-row":
                loose.append((child, child_style))
            elif display not in ("none", "table-column-group", "table-column") and isinstance(child.tag, str):
                loose.extend(self._row_plans([child]))  # a stray block: its own anonymous row
            elif display in ("table-column-group", "table-column"):
                col_widths.extend(self._columns(child, display))
        if loose:
            groups.append((1, None, style, loose))
        lead = element.text
        if lead and lead.strip():  # text straight in the table: an anonymous cell holds it (with what follows)
            _lead_into(groups, element, lead, style)
        count = sum(len(row) if row is not None else 1 for *_, plans in groups for row, _ in plans)
        if count > MAX_CELLS:
            raise RenderFailed(f"A table has {count} cells; the limit is {MAX_CELLS}.")
        children: list[bx.Node] = list(captions)
        for kind, group, group_style, plans in groups:
            rows: list[bx.Node] = [self._row(row, value, group_style) for row, value in plans]
            children.append(bx.TableRowGroupBox(group, group_style, rows, kind=kind))
        return bx.TableBox(element, style, children, col_widths=col_widths)

    def _columns(self, child: Element, display: str) -> list[Any]:
        cols = [child] if display == "table-column" else [c for c in child if c.tag == "col"] or [child]
        widths: list[Any] = []
        for col in cols:
            width = self.styles[col]["width"] if col in self.styles else "auto"
            if width == "auto":
                width = attr_length(col.get("width")) or "auto"
            widths.extend([width] * attr_span(col.get("span")))
        return widths

    def _row_plans(self, children: Iterable[Element]) -> Iterator[_ROW_PLAN]:
        """The rows among ``children``: (row, its style), or (None, a run of stray children) for an anonymous row."""
        for row, run in self._runs(children, "table-row"):
            yield (row, self.styles[row]) if row is not None else (None, run)

    def _row(self, row: Element | None, value: Any, parent: Style) -> bx.TableRowBox:
        if row is None:  # an anonymous row of one anonymous cell around the run ``value``
            style = anonymous_style(parent, "table-cell")
            text, run = value if isinstance(value, _Lead) else (None, value)
            cell = bx.TableCellBox(None, style, self.flow(text, run, style))
            return bx.TableRowBox(None, anonymous_style(parent, "table-row"), [cell])
        cells: list[bx.Node] = []
        for cell, run in self._runs(row, "table-cell"):
            if cell is not None:
                cells.append(self.container(cell, self.styles[cell], bx.TableCellBox))
            else:
                style = anonymous_style(value, "table-cell")
                cells.append(bx.TableCellBox(None, style, self.flow(None, run, style)))
        return bx.TableRowBox(row, value, cells)

    def _runs(self, children: Iterable[Element], wanted: str) -> Iterator[tuple[Element | None, list[Element]]]:
        """(a child of the ``wanted`` display, []) or (None, a run of other in-flow children)."""
        run: list[Element] = []
        for child in children:
            style = self.styles.get(child)
            if not isinstance(child.tag, str) or style is None or style["display"] in _TABLE_SKIPPED:
                continue
            if style["display"] == wanted:
                if run:
                    yield None, run
                    run = []
                yield child, []
            elif style["position"] not in OUT_OF_FLOW:
                run.append(child)
        if run:
            yield None, run

    # -- list markers ---------------------------------------------------------------------------------
    def _ordinal(self, item: Element) -> tuple[int, str]:
        """A list item's number and ``type`` (``<ol start reversed type>``, ``<li value type>``)."""
        known = self._ordinals.get(item)
        if known is not None:
            return known
        if self._parents is None:
            self._parents = {child: parent for parent in self.styles for child in parent}
        parent = self._parents.get(item)
        if parent is None:
            return (1, item.get("type") or "")
        styles = self.styles
        reverse = parent.tag == "ol" and parent.get("reversed") is not None
        items = [c for c in parent if isinstance(c.tag, str) and styles.get(c, {}).get("display") == "list-item"]
        start = int_attr(parent.get("start"))
        if start is None:
            start = len(items) if reverse else 1
        number = start
        list_type = parent.get("type") or "" if parent.tag == "ol" else ""
        for child in items:
            value = int_attr(child.get("value"))
            if value is not None:
                number = value
            self._ordinals[child] = (number, child.get("type") or list_type)
            number += -1 if reverse else 1
        return self._ordinals.get(item, (1, ""))


def int_attr(value: str | None) -> int | None:
    """An integer attribute, clamped; None when it is missing or not a number."""
    if value is None:
        return None
    try:
        return max(-(10**9), min(10**9, int(value.strip())))
    except ValueError:
        return None


def build_tree(root: Element, styles: dict[Element, Style]) -> bx.Box:
    """The box tree of a styled document (what the emit stage lays out)."""
    return BoxGenerator(styles).document(root)


class _Lead(NamedTuple):
    """An anonymous row's run that starts with the table element's own text."""

    text: str
    run: list[Element]


def _lead_into(groups: list[Any], element: Element, text: str, style: Style) -> None:
    """Put a table's leading text into the anonymous row of the stray children right after it, or into an
    anonymous row of its own before the first row (CSS 2.1 §17.2.1: text in a table gets an anonymous cell)."""
    if groups and groups[0][1] is None:
        plans = groups[0][3]
        row, run = plans[0]
        if row is None and run and len(element) and run[0] is element[0]:
            plans[0] = (None, _Lead(text, run))
            return
    groups.insert(0, (1, None, style, [(None, _Lead(text, []))]))
