"""Text and font properties: colour, fonts, line height, alignment, decoration, spacing, white space, lists.

Each property is declared once in ``GROUP`` (initial value, inheritance, computing function).
"""

from __future__ import annotations

from typing import Any

from pdflet.renderers.reportlab.css.counter_styles import NAMES as PREDEFINED_STYLES
from pdflet.renderers.reportlab.css.registry import Ctx, Group, Property, Tokens, ident, keyword, length
from pdflet.renderers.reportlab.css.values import BLACK, clamp, length_or_percent, length_pt, parse_color

LIST_TYPES = frozenset(
    {
        "disc",
        "circle",
        "square",
        "disclosure-open",
        "disclosure-closed",
        "decimal",
        "decimal-leading-zero",
        "lower-alpha",
        "upper-alpha",
        "lower-latin",
        "upper-latin",
        "lower-roman",
        "upper-roman",
        "lower-greek",
        "none",
    }
    | PREDEFINED_STYLES
)
FONT_SIZE_KEYWORDS = {
    "xx-small": 7.0,
    "x-small": 7.5,
    "small": 9.75,
    "medium": 12.0,
    "large": 13.5,
    "x-large": 18.0,
    "xx-large": 24.0,
    "xxx-large": 36.0,
}
ALIGNS = frozenset({"left", "right", "center", "justify", "start", "end"})


def color(tokens: Tokens, ctx: Ctx) -> Any:
    """``color``: ``currentcolor`` is the parent's colour."""
    if len(tokens) != 1:
        return None
    return parse_color(tokens[0], ctx[1]["color"])


def font_size(tokens: Tokens, ctx: Ctx) -> Any:
    """``font-size``: keywords, ``larger``/``smaller``, lengths and percentages of the parent's size."""
    parent = ctx[1]["font-size"]
    if len(tokens) != 1:
        return None
    word = ident(tokens)
    if word is not None:
        if word in FONT_SIZE_KEYWORDS:
            return FONT_SIZE_KEYWORDS[word]
        if word == "larger":
            return parent * 1.2
        if word == "smaller":
            return parent / 1.2
        return None
    token = tokens[0]
    if token.type == "percentage":
        return clamp(parent * token.value / 100.0, 0.0, 2000.0)
    value = length_pt(token, parent, ctx[2])
    if value is None or value < 0:
        return None
    return clamp(value, 0.0, 2000.0)


def font_weight(tokens: Tokens, ctx: Ctx) -> Any:
    """``font-weight``: a number 1 to 1000, with ``bolder``/``lighter`` relative to the parent."""
    if len(tokens) != 1:
        return None
    word = ident(tokens)
    parent = ctx[1]["font-weight"]
    if word == "normal":
        return 400
    if word == "bold":
        return 700
    if word == "bolder":
        return 700 if parent < 600 else 900
    if word == "lighter":
        return 400 if parent >= 600 else 100
    if tokens[0].type == "number" and 1 <= tokens[0].value <= 1000:
        return int(tokens[0].value)
    return None


def font_family(tokens: Tokens, ctx: Ctx) -> Any:
    """``font-family``: a tuple of family names, in order of preference."""
    families: list[str] = []
    current: list[str] = []
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            if current:
                families.append(" ".join(current))
            current = []
        elif token.type == "ident" or token.type == "string":
            current.append(token.value)
        else:
            return None
    if current:
        families.append(" ".join(current))
    return tuple(f for f in families if f) or None


def line_height(tokens: Tokens, ctx: Ctx) -> Any:
    """``line-height``: ``("normal", 0)``, ``("factor", n)`` (inherited as a factor) or ``("pt", n)``."""
    if len(tokens) != 1:
        return None
    token = tokens[0]
    if ident(tokens) == "normal":
        return ("normal", 0.0)
    if token.type == "number" and token.value >= 0:
        return ("factor", clamp(token.value, 0.0, 100.0))
    if token.type == "percentage" and token.value >= 0:
        return ("pt", clamp(ctx[0]["font-size"] * token.value / 100.0, 0.0, 20000.0))
    value = length_pt(token, ctx[0]["font-size"], ctx[2])
    if value is None or value < 0:
        return None
    return ("pt", value)


def text_decoration(tokens: Tokens, ctx: Ctx) -> Any:
    """``text-decoration``: the set of lines, added to the parent's (a child cannot remove them)."""
    inherited = ctx[1]["text-decoration"]
    lines = set()
    for token in tokens:
        if token.type != "ident":
            continue
        word = token.lower_value
        if word == "none":
            return frozenset(inherited)
        if word in ("underline", "line-through", "overline"):
            lines.add(word)
    if not lines:
        return None
    return frozenset(inherited | lines)


def letter_spacing(tokens: Tokens, ctx: Ctx) -> Any:
    """``letter-spacing`` in points (``normal`` is 0)."""
    if ident(tokens) == "normal":
        return 0.0
    if len(tokens) != 1:
        return None
    value = length_pt(tokens[0], ctx[0]["font-size"], ctx[2])
    return None if value is None else clamp(value, -50.0, 200.0)


def vertical_align(tokens: Tokens, ctx: Ctx) -> Any:
    """``vertical-align``: a keyword or ``("pt", shift)`` (percentages of the font size)."""
    word = ident(tokens)
    if word in ("baseline", "sub", "super", "top", "middle", "bottom", "text-top", "text-bottom"):
        return word
    if len(tokens) == 1:
        value = length_or_percent(tokens[0], ctx[0]["font-size"], ctx[2])
        if isinstance(value, tuple):
            return ("pt", ctx[0]["font-size"] * value[1] / 100.0)
        if value is not None:
            return ("pt", value)
    return None


GROUP = Group(
    (
        Property("color", BLACK, color, inherited=True),
        Property("font-family", ("serif",), font_family, inherited=True),
        Property("font-size", 12.0, font_size, inherited=True),
        Property("font-weight", 400, font_weight, inherited=True),
        Property("font-style", "normal", keyword(frozenset({"normal", "italic", "oblique"})), inherited=True),
        Property("font-variant", "normal", keyword(frozenset({"normal", "small-caps"})), inherited=True),
        Property("line-height", ("normal", 0.0), line_height, inherited=True),
        Property("text-align", "start", keyword(ALIGNS), inherited=True),
        Property("text-align-last", "auto", keyword(ALIGNS | {"auto"}), inherited=True),
        Property("text-indent", 0.0, length(), inherited=True),
        Property("text-decoration", frozenset(), text_decoration, inherited=True),
        Property(
            "text-transform",
            "none",
            keyword(frozenset({"none", "uppercase", "lowercase", "capitalize"})),
            inherited=True,
        ),
        Property("letter-spacing", 0.0, letter_spacing, inherited=True),
        Property(
            "white-space",
            "normal",
            keyword(frozenset({"normal", "pre", "pre-wrap", "pre-line", "nowrap", "break-spaces"})),
            inherited=True,
        ),
        Property("vertical-align", "baseline", vertical_align),
        Property(
            "word-break",
            "normal",
            keyword(frozenset({"normal", "break-all", "keep-all", "break-word"})),
            inherited=True,
        ),
        Property(
            "overflow-wrap", "normal", keyword(frozenset({"normal", "break-word", "anywhere"})), inherited=True
        ),
        Property("direction", "ltr", keyword(frozenset({"ltr", "rtl"})), inherited=True),
        Property("visibility", "visible", keyword(frozenset({"visible", "hidden", "collapse"})), inherited=True),
        Property("list-style-type", "disc", keyword(LIST_TYPES), inherited=True),
        Property("list-style-position", "outside", keyword(frozenset({"inside", "outside"})), inherited=True),
    )
)
