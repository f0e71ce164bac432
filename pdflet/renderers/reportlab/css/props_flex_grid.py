"""Flexbox and grid properties: direction, wrap, alignment, grow/shrink/basis, gaps, grid columns.

Each property is declared once in ``GROUP`` (initial value, inheritance, computing function).
"""

from __future__ import annotations

from typing import Any

from pdflet.renderers.reportlab.css.grid import column_span, template_columns
from pdflet.renderers.reportlab.css.registry import Ctx, Group, Property, Tokens, ident, keyword, length
from pdflet.renderers.reportlab.css.values import clamp

ALIGN = frozenset(
    {"normal", "stretch", "flex-start", "flex-end", "start", "end", "self-start", "self-end", "center", "baseline"}
)
JUSTIFY = frozenset(
    {"normal", "flex-start", "flex-end", "start", "end", "left", "right", "center"}
    | {"space-between", "space-around", "space-evenly", "stretch"}
)
#: ``justify-self`` in a grid area (``left``/``right`` are the physical start/end; no ``safe``/``unsafe``).
JUSTIFY_SELF = frozenset(
    {"normal", "stretch", "start", "end", "center", "left", "right", "flex-start", "flex-end", "self-start"}
    | {"self-end", "baseline"}
)
DIRECTIONS = frozenset({"row", "row-reverse", "column", "column-reverse"})
WRAPS = frozenset({"nowrap", "wrap", "wrap-reverse"})
_NONNEG = length(True)


def factor(tokens: Tokens, ctx: Ctx) -> Any:
    """``flex-grow``/``-shrink``: a non-negative number."""
    if len(tokens) == 1 and tokens[0].type == "number" and tokens[0].value >= 0:
        return clamp(float(tokens[0].value), 0.0, 1e6)
    return None


def order(tokens: Tokens, ctx: Ctx) -> Any:
    """``order``: any integer (kept within a million either way)."""
    if len(tokens) == 1 and tokens[0].type == "number" and tokens[0].is_integer:
        return clamp(int(tokens[0].value), -1_000_000, 1_000_000)
    return None


def gap(tokens: Tokens, ctx: Ctx) -> Any:
    """``row-gap``/``column-gap``: a non-negative length; ``normal`` is 0."""
    if ident(tokens) == "normal":
        return 0.0
    return _NONNEG(tokens, ctx)


GROUP = Group(
    (
        Property("flex-direction", "row", keyword(DIRECTIONS)),
        Property("flex-wrap", "nowrap", keyword(WRAPS)),
        Property("justify-content", "normal", keyword(JUSTIFY)),
        Property("align-items", "normal", keyword(ALIGN)),
        Property("align-self", "auto", keyword(ALIGN | {"auto"})),
        Property("justify-items", "normal", keyword(JUSTIFY_SELF | {"legacy"})),
        Property("justify-self", "auto", keyword(JUSTIFY_SELF | {"auto"})),
        Property("flex-grow", 0.0, factor),
        Property("flex-shrink", 1.0, factor),
        Property("flex-basis", "auto", length(True, ("auto", "content"))),
        Property("order", 0, order),
        Property("align-content", "normal", keyword(ALIGN | {"space-between", "space-around", "space-evenly"})),
        Property("column-gap", 0.0, gap),
        Property("row-gap", 0.0, gap),
        Property("grid-template-columns", "none", template_columns),
        Property("grid-column", 1, column_span),
    )
)
