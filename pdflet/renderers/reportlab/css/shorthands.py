"""Shorthands: each declared once with the longhands it sets and the function splitting its value.

Legacy names (``word-wrap``, ``page-break-*``…) are shorthands of one longhand (:func:`registry.alias`).
"""

from __future__ import annotations

from typing import Any

from pdflet.renderers.reportlab.css.props_box import BORDER_STYLES, BORDER_WIDTH_KEYWORDS
from pdflet.renderers.reportlab.css.props_text import LIST_TYPES
from pdflet.renderers.reportlab.css.registry import (
    SIDES,
    Group,
    Ident,
    Longhands,
    Number,
    Shorthand,
    Tokens,
    Zero,
    alias,
    ident,
)
from pdflet.renderers.reportlab.css.values import parse_color

_BORDER_PARTS = ("width", "style", "color")


def _flex(tokens: Tokens) -> Longhands | None:
    """``flex``: ``none``, ``auto``, or up to two numbers (grow, shrink) and a basis (``flex: 1`` is ``1 1 0%``)."""
    word = ident(tokens)
    if word == "none":
        return [("flex-grow", [Number(0)]), ("flex-shrink", [Number(0)]), ("flex-basis", [Ident("auto")])]
    if word == "auto":
        return [("flex-grow", [Number(1)]), ("flex-shrink", [Number(1)]), ("flex-basis", [Ident("auto")])]
    numbers = [t for t in tokens if t.type == "number"]
    others = [t for t in tokens if t.type != "number"]
    if not tokens or len(numbers) > 2 or len(others) > 1:
        return None
    grow = numbers[0] if numbers else Number(1)
    shrink = numbers[1] if len(numbers) > 1 else Number(1)
    basis = others or [Zero()]
    return [("flex-grow", [grow]), ("flex-shrink", [shrink]), ("flex-basis", basis)]


def _flex_flow(tokens: Tokens) -> Longhands | None:
    out: Longhands = []
    for token in tokens:
        word = token.lower_value if token.type == "ident" else None
        if word in ("row", "row-reverse", "column", "column-reverse"):
            out.append(("flex-direction", [token]))
        elif word in ("nowrap", "wrap", "wrap-reverse"):
            out.append(("flex-wrap", [token]))
        else:
            return None
    return out


def _gap(tokens: Tokens) -> Longhands | None:
    if not 1 <= len(tokens) <= 2:
        return None
    return [("row-gap", [tokens[0]]), ("column-gap", [tokens[-1]])]


def _place(align: str, justify: str) -> Any:
    """``place-items``/``place-self``: the align value, then the justify value (the same when one is given)."""

    def expand(tokens: Tokens) -> Longhands | None:
        if not 1 <= len(tokens) <= 2:
            return None
        return [(align, [tokens[0]]), (justify, [tokens[-1]])]

    return expand


def _background(tokens: Tokens) -> Longhands:
    """``background``: the colour, the image, its repeat, position and ``/ size``; what is left out resets.

    A gradient is not drawn: the whole declaration is ignored, so a plain colour declared before it (the usual
    fallback) shows, as in a browser without gradients.
    """
    if any(t.type == "function" and t.lower_name.endswith("gradient") for t in tokens):
        return []
    images = [t for t in tokens if t.type == "url" or (t.type == "function" and t.lower_name == "url")]
    out: Longhands = [("background-image", images[:1] or [Ident("none")])]
    repeats = ("repeat", "repeat-x", "repeat-y", "no-repeat")
    repeat = [t for t in tokens if t.type == "ident" and t.lower_value in repeats]
    out.append(("background-repeat", repeat[:1] or [Ident("repeat")]))
    slash = next((i for i, t in enumerate(tokens) if t.type == "literal" and t.value == "/"), None)
    if slash is not None:
        out.append(("background-size", tokens[slash + 1 : slash + 2]))
    else:
        out.append(("background-size", [Ident("auto")]))
    position = [
        t
        for i, t in enumerate(tokens)
        if (slash is None or i < slash)
        and (
            (t.type == "ident" and t.lower_value in ("left", "right", "top", "bottom", "center"))
            or t.type in ("percentage", "dimension")
            or (t.type == "number" and t.value == 0)
        )
    ]
    if position:
        out.append(("background-position", position[:2]))
    else:
        out.append(("background-position", [Zero(), Zero()]))
    boxes = [t for t in tokens if t.type == "ident" and t.lower_value in ("border-box", "padding-box", "content-box")]
    out.append(("background-origin", boxes[:1] or [Ident("padding-box")]))  # one box sets both, two: origin, clip
    out.append(("background-clip", boxes[1:2] or boxes[:1] or [Ident("border-box")]))
    color = _background_color(tokens)
    if not color and images:
        color = [("background-color", [Ident("transparent")])]
    return out + color


def _background_color(tokens: Tokens) -> Longhands:
    colors = [t for t in tokens if t.type in ("hash", "function", "ident")]
    for token in reversed(colors):
        if parse_color(token) is not None or (
            token.type == "ident" and token.lower_value in ("transparent", "currentcolor")
        ):
            return [("background-color", [token])]
    if any(t.type == "ident" and t.lower_value == "none" for t in tokens):
        return [("background-color", [Ident("transparent")])]
    return []


def _sides(longhands: tuple[str, ...]) -> Any:
    """An expander giving 1 to 4 values to the four ``longhands`` (top, right, bottom, left) as CSS repeats them."""

    def expand(tokens: Tokens) -> Longhands | None:
        if not 1 <= len(tokens) <= 4:
            return None
        t = tokens
        if len(t) == 1:
            values = (t[0], t[0], t[0], t[0])
        elif len(t) == 2:
            values = (t[0], t[1], t[0], t[1])
        elif len(t) == 3:
            values = (t[0], t[1], t[2], t[1])
        else:
            values = tuple(t)
        return [(name, [value]) for name, value in zip(longhands, values, strict=True)]

    return expand


def _four(pattern: str) -> Shorthand:
    """``margin``, ``padding``, ``border-width``…: the shorthand named by ``pattern`` without its side."""
    longhands = tuple(pattern.format(side) for side in SIDES)
    return Shorthand(pattern.replace("-{}", "", 1), longhands, _sides(longhands))


def _is_border_width(token: Any) -> bool:
    return (
        token.type in ("dimension", "number")
        or (token.type == "ident" and token.lower_value in BORDER_WIDTH_KEYWORDS)
        or (token.type == "function" and token.lower_name in ("calc", "min", "max", "clamp"))
    )


def border_parts(tokens: Tokens) -> tuple[Tokens, Tokens, Tokens] | None:
    """``<width> || <style> || <color>`` (``border``, ``border-SIDE``, ``column-rule``): each
    part at most once, in any order; None when a token fits no part left."""
    width: Tokens = []
    style: Tokens = []
    color: Tokens = []
    for token in tokens:
        if token.type == "ident" and token.lower_value in BORDER_STYLES and not style:
            style = [token]
        elif _is_border_width(token) and not width:
            width = [token]
        elif not color:
            color = [token]
        else:
            return None
    return width, style, color


def _border(sides: tuple[str, ...]) -> Any:
    """An expander of ``border`` (all ``sides``) or ``border-SIDE``: width, style and colour in any order."""

    def expand(tokens: Tokens) -> Longhands | None:
        parts = border_parts(tokens)
        if parts is None:
            return None
        width, style, color = parts
        out: Longhands = []
        for side in sides:
            out.append((f"border-{side}-width", width or [Ident("medium")]))
            out.append((f"border-{side}-style", style or [Ident("none")]))
            out.append((f"border-{side}-color", color or [Ident("currentcolor")]))
        return out

    return expand


def _border_longhands(sides: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"border-{side}-{part}" for side in sides for part in _BORDER_PARTS)


def _font(tokens: Tokens) -> Longhands | None:
    """``font``: [style] [weight] size [/ line-height] family; style, weight and line height reset."""
    style: Tokens = [Ident("normal")]
    weight: Tokens = [Ident("normal")]
    i = 0
    while i < len(tokens) and tokens[i].type in ("ident", "number"):
        token = tokens[i]
        word = token.lower_value if token.type == "ident" else None
        if word in ("italic", "oblique"):
            style = [token]
        elif word in ("bold", "bolder", "lighter") or (token.type == "number" and token.value >= 100):
            weight = [token]
        elif word not in ("normal", "small-caps"):
            break
        i += 1
    if i >= len(tokens):
        return None
    out: Longhands = [("font-style", style), ("font-weight", weight), ("font-size", [tokens[i]])]
    i += 1
    line_height: Tokens = [Ident("normal")]
    if i < len(tokens) and tokens[i].type == "literal" and tokens[i].value == "/":
        if i + 1 >= len(tokens):
            return None
        line_height = [tokens[i + 1]]
        i += 2
    out.append(("line-height", line_height))
    if i >= len(tokens):
        return None
    out.append(("font-family", tokens[i:]))
    return out


def _list_style(tokens: Tokens) -> Longhands:
    out: Longhands = []
    for token in tokens:
        if token.type == "ident" and token.lower_value in LIST_TYPES:
            out.append(("list-style-type", [token]))
        elif token.type == "ident" and token.lower_value in ("inside", "outside"):
            out.append(("list-style-position", [token]))
    return out


def _inset(tokens: Tokens) -> Longhands | None:
    return _sides(SIDES)(tokens)


_BACKGROUND = ("background-image", "background-repeat", "background-size", "background-position", "background-color",
               "background-origin", "background-clip")
_GAPS = ("row-gap", "column-gap")

GROUP = Group(
    (),
    (
        _four("margin-{}"),
        _four("padding-{}"),
        _four("border-{}-width"),
        _four("border-{}-style"),
        _four("border-{}-color"),
        Shorthand("inset", SIDES, _inset),
        Shorthand("border", _border_longhands(SIDES), _border(SIDES)),
        *(Shorthand(f"border-{side}", _border_longhands((side,)), _border((side,))) for side in SIDES),
        Shorthand("background", _BACKGROUND, _background),
        Shorthand("font", ("font-style", "font-weight", "font-size", "line-height", "font-family"), _font),
        Shorthand("list-style", ("list-style-type", "list-style-position"), _list_style),
        Shorthand("flex", ("flex-grow", "flex-shrink", "flex-basis"), _flex),
        Shorthand("flex-flow", ("flex-direction", "flex-wrap"), _flex_flow),
        Shorthand("gap", _GAPS, _gap),
        Shorthand("grid-gap", _GAPS, _gap),
        Shorthand("place-items", ("align-items", "justify-items"), _place("align-items", "justify-items")),
        Shorthand("place-self", ("align-self", "justify-self"), _place("align-self", "justify-self")),
        alias("page-break-before", "break-before"),
        alias("page-break-after", "break-after"),
        alias("page-break-inside", "break-inside"),
        alias("word-wrap", "overflow-wrap"),
        alias("grid-column-gap", "column-gap"),
        alias("grid-row-gap", "row-gap"),
        alias("text-decoration-line", "text-decoration"),
    ),
)
