"""Box properties: display, sizes, margins, padding, borders, positioning, floats, breaks and tables.

Each property is declared once in ``GROUP`` (initial value, inheritance, computing function).
"""

from __future__ import annotations

from typing import Any

from pdflet.renderers.reportlab.css.registry import (
    Ctx,
    Group,
    Property,
    Tokens,
    ident,
    keyword,
    length,
    per_side,
)
from pdflet.renderers.reportlab.css.transforms import transform
from pdflet.renderers.reportlab.css.values import clamp, length_or_percent, length_pt, parse_color

DISPLAYS = frozenset(
    {
        "inline",
        "block",
        "inline-block",
        "none",
        "list-item",
        "table",
        "inline-table",
        "table-row",
        "table-cell",
        "table-row-group",
        "table-header-group",
        "table-footer-group",
        "table-caption",
        "table-column",
        "table-column-group",
        "flex",
        "inline-flex",
        "grid",
        "inline-grid",
        "flow-root",
        "contents",
    }
)
BORDER_STYLES = frozenset(
    {"none", "hidden", "solid", "dashed", "dotted", "double", "groove", "ridge", "inset", "outset"}
)
BORDER_WIDTH_KEYWORDS = {"thin": 0.75, "medium": 2.25, "thick": 3.75}


def border_width(tokens: Tokens, ctx: Ctx) -> Any:
    """``border-*-width``: a keyword or a non-negative length in points."""
    word = ident(tokens)
    if word in BORDER_WIDTH_KEYWORDS:
        return BORDER_WIDTH_KEYWORDS[word]
    if len(tokens) == 1:
        value = length_pt(tokens[0], ctx[0]["font-size"], ctx[2])
        if value is not None and value >= 0:
            return clamp(value, 0.0, 500.0)
    return None


def border_color(tokens: Tokens, ctx: Ctx) -> Any:
    """``border-*-color``: ``"currentcolor"`` stays a keyword (the used colour follows ``color``)."""
    if len(tokens) != 1:
        return None
    if tokens[0].type == "ident" and tokens[0].lower_value == "currentcolor":
        return "currentcolor"
    return parse_color(tokens[0], ctx[0]["color"])


def border_spacing(tokens: Tokens, ctx: Ctx) -> Any:
    """``border-spacing``: (horizontal, vertical) in points."""
    values = [length_pt(t, ctx[0]["font-size"], ctx[2]) for t in tokens]
    if not values or len(values) > 2 or any(v is None or v < 0 for v in values):
        return None
    return (values[0], values[-1])


def integer(tokens: Tokens, ctx: Ctx) -> Any:
    """A positive integer (``orphans``, ``widows``), capped; ``calc()`` gives its value rounded."""
    if len(tokens) == 1 and tokens[0].type == "number" and tokens[0].is_integer and tokens[0].int_value >= 1:
        return min(tokens[0].int_value, 1000)
    return None


def z_index(tokens: Tokens, ctx: Ctx) -> Any:
    """``z-index``: ``auto`` or an integer (capped): the painting order of positioned boxes (CSS 2.1 §9.9)."""
    if ident(tokens) == "auto":
        return "auto"
    if len(tokens) == 1 and tokens[0].type == "number" and tokens[0].is_integer:
        return max(-(10**6), min(tokens[0].int_value, 10**6))
    return None


def break_between(tokens: Tokens, ctx: Ctx) -> Any:
    """``break-before``/``-after``: ``page``, a side, ``avoid`` or ``auto``."""
    word = ident(tokens)
    if word in ("always", "page"):
        return "page"
    if word in ("left", "right", "recto", "verso"):
        return word
    return break_inside(tokens, ctx)


def break_inside(tokens: Tokens, ctx: Ctx) -> Any:
    """``break-inside``: ``avoid`` or ``auto`` (also what ``break-before``/``-after`` take besides pages)."""
    word = ident(tokens)
    if word in ("avoid", "avoid-page"):
        return "avoid"
    if word == "auto":
        return "auto"
    return None


def radius(tokens: Tokens, ctx: Ctx) -> Any:
    """``border-radius``: the first length in points (percentages are not drawn: 0)."""
    if not tokens:
        return None
    value = length_or_percent(tokens[0], ctx[0]["font-size"], ctx[2])
    if value is None:
        return None
    if isinstance(value, tuple):
        return 0.0
    return max(0.0, value)


def position(tokens: Tokens, ctx: Ctx) -> Any:
    """``position``; ``sticky`` is ``relative`` (paged media does not scroll), ``running(name)`` kept."""
    word = ident(tokens)
    if word == "sticky":
        return "relative"
    if len(tokens) == 1 and tokens[0].type == "function" and tokens[0].lower_name == "running":
        names = [a.lower_value for a in tokens[0].arguments if a.type == "ident"]
        return f"running({names[0]})" if len(names) == 1 else None
    return word if word in ("static", "relative", "absolute", "fixed") else None


OVERFLOWS = frozenset({"visible", "hidden", "clip", "scroll", "auto"})


def opacity(tokens: Tokens, ctx: Ctx) -> Any:
    """``opacity``: a number or percentage, clamped to 0..1."""
    if len(tokens) != 1:
        return None
    token = tokens[0]
    if token.type == "number":
        return clamp(float(token.value), 0.0, 1.0)
    if token.type == "percentage":
        return clamp(float(token.value) / 100.0, 0.0, 1.0)
    return None


def overflow(tokens: Tokens, ctx: Ctx) -> Any:
    """``overflow``: one keyword, or two (x then y); a box clips when either is not ``visible``, so the
    stronger of the two is kept."""
    words = [t.lower_value if t.type == "ident" else None for t in tokens]
    if not 1 <= len(words) <= 2 or any(w not in OVERFLOWS for w in words):
        return None
    clipping = [w for w in words if w != "visible"]
    return clipping[0] if clipping else "visible"


def clip(tokens: Tokens, ctx: Ctx) -> Any:
    """``clip``: ``auto`` or ``rect(top, right, bottom, left)`` (commas optional, as CSS 2.1 allows), each
    ``auto`` or a length in points measured from the border box's top-left corner (CSS 2.1 §11.1.2)."""
    if ident(tokens) == "auto":
        return "auto"
    if len(tokens) != 1 or tokens[0].type != "function" or tokens[0].lower_name != "rect":
        return None
    parts = [t for t in tokens[0].arguments if t.type not in ("whitespace", "comment")]
    commas = [t for t in parts if t.type == "literal" and t.value == ","]
    values = [t for t in parts if not (t.type == "literal" and t.value == ",")]
    if len(values) != 4 or len(commas) not in (0, 3):
        return None
    if commas and [i for i, t in enumerate(parts) if t in commas] != [1, 3, 5]:
        return None
    sides: list[Any] = []
    for token in values:
        if token.type == "ident" and token.lower_value == "auto":
            sides.append("auto")
            continue
        value = length_pt(token, ctx[0]["font-size"], ctx[2])
        if value is None:
            return None
        sides.append(clamp(value, -1e6, 1e6))
    return tuple(sides)


_AUTO = ("auto",)
_OFFSET = length(False, _AUTO)

GROUP = Group(
    (
        Property("display", "inline", keyword(DISPLAYS)),
        Property("border-collapse", "separate", keyword(frozenset({"collapse", "separate"})), inherited=True),
        Property("border-spacing", (0.0, 0.0), border_spacing, inherited=True),  # 2px comes from ua.css
        Property("caption-side", "top", keyword(frozenset({"top", "bottom"})), inherited=True),
        Property("orphans", 2, integer, inherited=True),
        Property("widows", 2, integer, inherited=True),
        Property("width", "auto", length(True, _AUTO)),
        Property("height", "auto", length(True, _AUTO)),
        Property("min-width", "auto", length(True, _AUTO)),  # CSS's initial value: flex items' automatic minimum
        Property("max-width", "none", length(True, ("none",))),
        Property("min-height", "auto", length(True, _AUTO)),
        Property("max-height", "none", length(True, ("none",))),
        Property("float", "none", keyword(frozenset({"left", "right", "none", "footnote"}))),
        Property("clear", "none", keyword(frozenset({"left", "right", "both", "none"}))),
        Property("box-sizing", "content-box", keyword(frozenset({"content-box", "border-box"}))),
        Property("border-radius", 0.0, radius),
        Property("break-before", "auto", break_between),
        Property("break-after", "auto", break_between),
        Property("break-inside", "auto", break_inside),
        *per_side("margin-{}", 0.0, length(False, _AUTO)),
        *per_side("padding-{}", 0.0, length(True)),
        *per_side("border-{}-width", 2.25, border_width),  # medium = 3px
        *per_side("border-{}-style", "none", keyword(BORDER_STYLES)),
        *per_side("border-{}-color", "currentcolor", border_color),
        Property("position", "static", position),
        Property("top", "auto", _OFFSET),
        Property("right", "auto", _OFFSET),
        Property("bottom", "auto", _OFFSET),
        Property("left", "auto", _OFFSET),
        Property("transform", "none", transform),
        Property("opacity", 1.0, opacity),
        Property("overflow", "visible", overflow),
        Property("z-index", "auto", z_index),
        Property("clip", "auto", clip),
    )
)
