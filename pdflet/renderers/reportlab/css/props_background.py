"""Background properties: colour, image, size, repeat and position; ``box-shadow``.

Each property is declared once in ``GROUP`` (initial value, inheritance, computing function).
"""

from __future__ import annotations

from typing import Any

from pdflet.renderers.reportlab.css.registry import Ctx, Group, Property, Tokens, ident, keyword
from pdflet.renderers.reportlab.css.values import (
    TRANSPARENT,
    clamp,
    length_or_percent,
    length_pt,
    parse_color,
    significant,
    split_commas,
)

REPEATS = frozenset({"repeat", "repeat-x", "repeat-y", "no-repeat"})
BOXES = frozenset({"border-box", "padding-box", "content-box"})  # background-origin and -clip
MAX_SHADOWS = 16  # layers kept per box: a list of 10,000 shadows paints its first 16
MAX_SHADOW_LENGTH = 750.0  # points (1000px): offsets, blur and spread beyond a page are clamped
_POSITION_WORDS = {"left": ("x", 0.0), "right": ("x", 100.0), "top": ("y", 0.0), "bottom": ("y", 100.0)}


def background_color(tokens: Tokens, ctx: Ctx) -> Any:
    """``background-color``: ``currentcolor`` is the element's own colour."""
    if len(tokens) != 1:
        return None
    return parse_color(tokens[0], ctx[0]["color"])


def background_image(tokens: Tokens, ctx: Ctx) -> Any:
    """``background-image``: a URL or ``none``; gradients and ``image-set()`` are not drawn (the colour
    underneath shows)."""
    if ident(tokens) == "none":
        return "none"
    if len(tokens) != 1:
        return None
    token = tokens[0]
    if token.type == "url":
        return token.value
    if token.type == "function" and token.lower_name == "url":
        args = significant(token.arguments)
        if len(args) == 1 and args[0].type == "string":
            return args[0].value
    return None


def background_size(tokens: Tokens, ctx: Ctx) -> Any:
    """``background-size``: ``auto``/``cover``/``contain`` or (width, height) of lengths, ``("%", n)``, ``auto``."""
    word = ident(tokens)
    if word in ("auto", "cover", "contain"):
        return word
    if not 1 <= len(tokens) <= 2:
        return None
    sizes = []
    for token in tokens:
        if token.type == "ident" and token.lower_value == "auto":
            sizes.append("auto")
            continue
        value = length_or_percent(token, ctx[0]["font-size"], ctx[2])
        if value is None:
            return None
        sizes.append(value)
    return (sizes[0], sizes[-1] if len(sizes) == 2 else "auto")


def background_position(tokens: Tokens, ctx: Ctx) -> Any:
    """``background-position``: (x, y) as lengths or ``("%", n)``; edge keywords become percentages."""
    if not 1 <= len(tokens) <= 2:
        return None
    x: Any = None
    y: Any = None
    loose: list[Any] = []
    for token in tokens:
        word = token.lower_value if token.type == "ident" else None
        if word in _POSITION_WORDS:
            axis, value = _POSITION_WORDS[word]
            if axis == "x":
                x = ("%", value)
            else:
                y = ("%", value)
        elif word == "center":
            loose.append(("%", 50.0))
        else:
            value = length_or_percent(token, ctx[0]["font-size"], ctx[2])
            if value is None:
                return None
            loose.append(value)
    for value in loose:
        if x is None:
            x = value
        elif y is None:
            y = value
    return (x if x is not None else ("%", 50.0), y if y is not None else ("%", 50.0))


def _shadow(tokens: Tokens, ctx: Ctx) -> tuple[Any, ...] | None:
    """One ``box-shadow`` layer: (dx, dy, blur, spread, colour, inset), lengths in points."""
    lengths: list[float] = []
    color: Any = None
    inset = False
    for token in tokens:
        if token.type == "ident" and token.lower_value == "inset" and not inset:
            inset = True
            continue
        value = length_pt(token, ctx[0]["font-size"], ctx[2])
        if value is not None:
            lengths.append(value)
            continue
        if color is not None:
            return None
        color = parse_color(token, ctx[0]["color"])
        if color is None:
            return None
    if not 2 <= len(lengths) <= 4 or (len(lengths) >= 3 and lengths[2] < 0):
        return None
    dx, dy, blur, spread = [*lengths, 0.0, 0.0][:4]
    top = MAX_SHADOW_LENGTH
    return (clamp(dx, -top, top), clamp(dy, -top, top), clamp(blur, 0.0, top), clamp(spread, -top, top),
            color if color is not None else ctx[0]["color"], inset)


def box_shadow(tokens: Tokens, ctx: Ctx) -> Any:
    """``box-shadow``: ``none`` or a tuple of layers, first on top (see :func:`_shadow`); at most
    :data:`MAX_SHADOWS` are kept."""
    if ident(tokens) == "none":
        return "none"
    layers = []
    for part in split_commas(tokens):
        layer = _shadow(part, ctx)
        if layer is None:
            return None
        if len(layers) < MAX_SHADOWS:
            layers.append(layer)
    return tuple(layers) or None


GROUP = Group(
    (
        Property("background-color", TRANSPARENT, background_color),
        Property("background-image", "none", background_image),
        Property("background-size", "auto", background_size),
        Property("background-repeat", "repeat", keyword(REPEATS)),
        Property("background-position", (("%", 0.0), ("%", 0.0)), background_position),
        Property("background-origin", "padding-box", keyword(BOXES)),
        Property("background-clip", "border-box", keyword(BOXES)),
        Property("box-shadow", "none", box_shadow),
    )
)
