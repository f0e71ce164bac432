"""CSS value parsing on tinycss2 tokens: lengths, colours, keywords.

Every parser returns ``None`` for something it does not understand, so the caller can
ignore the declaration exactly like a browser drops an invalid one. Numbers are clamped
so hostile values (``1e308px``, ``NaN``) never reach the layout stage.
"""

from __future__ import annotations

import colorsys
import math
from collections.abc import Callable
from typing import Any

from tinycss2 import ast

from pdflet.renderers.options import PT_PER_UNIT  # one table of absolute units for request options and CSS
from pdflet.renderers.reportlab.css.colors import color_mix, parse_modern

# A colour is (r, g, b, a) with every channel in 0..1.
Color = tuple[float, float, float, float]
TRANSPARENT: Color = (0.0, 0.0, 0.0, 0.0)
BLACK: Color = (0.0, 0.0, 0.0, 1.0)

MAX_LENGTH = 20000.0  # points; beyond any page we can make
MODERN_FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color"})


# CSS Color Module Level 4 named colours.
_NAMED_TEXT = """
aliceblue f0f8ff antiquewhite faebd7 aqua 00ffff aquamarine 7fffd4 azure f0ffff beige f5f5dc bisque
ffe4c4 black 000000 blanchedalmond ffebcd blue 0000ff blueviolet 8a2be2 brown a52a2a burlywood
deb887 cadetblue 5f9ea0 chartreuse 7fff00 chocolate d2691e coral ff7f50 cornflowerblue 6495ed
cornsilk fff8dc crimson dc143c cyan 00ffff darkblue 00008b darkcyan 008b8b darkgoldenrod b8860b
darkgray a9a9a9 darkgreen 006400 darkgrey a9a9a9 darkkhaki bdb76b darkmagenta 8b008b darkolivegreen
556b2f darkorange ff8c00 darkorchid 9932cc darkred 8b0000 darksalmon e9967a darkseagreen 8fbc8f
darkslateblue 483d8b darkslategray 2f4f4f darkslategrey 2f4f4f darkturquoise 00ced1 darkviolet
9400d3 deeppink ff1493 deepskyblue 00bfff dimgray 696969 dimgrey 696969 dodgerblue 1e90ff firebrick
b22222 floralwhite fffaf0 forestgreen 228b22 fuchsia ff00ff gainsboro dcdcdc ghostwhite f8f8ff gold
ffd700 goldenrod daa520 gray 808080 green 008000 greenyellow adff2f grey 808080 honeydew f0fff0
hotpink ff69b4 indianred cd5c5c indigo 4b0082 ivory fffff0 khaki f0e68c lavender e6e6fa
lavenderblush fff0f5 lawngreen 7cfc00 lemonchiffon fffacd lightblue add8e6 lightcoral f08080
lightcyan e0ffff lightgoldenrodyellow fafad2 lightgray d3d3d3 lightgreen 90ee90 lightgrey d3d3d3
lightpink ffb6c1 lightsalmon ffa07a lightseagreen 20b2aa lightskyblue 87cefa lightslategray 778899
lightslategrey 778899 lightsteelblue b0c4de lightyellow ffffe0 lime 00ff00 limegreen 32cd32 linen
faf0e6 magenta ff00ff maroon 800000 mediumaquamarine 66cdaa mediumblue 0000cd mediumorchid ba55d3
mediumpurple 9370db mediumseagreen 3cb371 mediumslateblue 7b68ee mediumspringgreen 00fa9a
mediumturquoise 48d1cc mediumvioletred c71585 midnightblue 191970 mintcream f5fffa mistyrose ffe4e1
moccasin ffe4b5 navajowhite ffdead navy 000080 oldlace fdf5e6 olive 808000 olivedrab 6b8e23 orange
ffa500 orangered ff4500 orchid da70d6 palegoldenrod eee8aa palegreen 98fb98 paleturquoise afeeee
palevioletred db7093 papayawhip ffefd5 peachpuff ffdab9 peru cd853f pink ffc0cb plum dda0dd
powderblue b0e0e6 purple 800080 rebeccapurple 663399 red ff0000 rosybrown bc8f8f royalblue 4169e1
saddlebrown 8b4513 salmon fa8072 sandybrown f4a460 seagreen 2e8b57 seashell fff5ee sienna a0522d
silver c0c0c0 skyblue 87ceeb slateblue 6a5acd slategray 708090 slategrey 708090 snow fffafa
springgreen 00ff7f steelblue 4682b4 tan d2b48c teal 008080 thistle d8bfd8 tomato ff6347 turquoise
40e0d0 violet ee82ee wheat f5deb3 white ffffff whitesmoke f5f5f5 yellow ffff00 yellowgreen 9acd32
"""
_NAMED_HEX = _NAMED_TEXT.split()


def _hex(text: str) -> Color | None:
    text = text.lower()
    if not all(c in "0123456789abcdef" for c in text):
        return None
    if len(text) in (3, 4):
        text = "".join(c * 2 for c in text)
    if len(text) == 6:
        text += "ff"
    if len(text) != 8:
        return None
    r, g, b, a = (int(text[i : i + 2], 16) / 255.0 for i in range(0, 8, 2))
    return (r, g, b, a)


NAMED_COLORS: dict[str, Color] = {
    _NAMED_HEX[i]: _hex(_NAMED_HEX[i + 1])
    for i in range(0, len(_NAMED_HEX), 2)  # type: ignore[misc]
}


def clamp(value: float, low: float, high: float) -> float:
    """``value`` limited to [low, high]; NaN becomes ``low``."""
    if value != value:  # NaN
        return low
    return low if value < low else high if value > high else value


def significant(tokens: list[Any]) -> list[Any]:
    """Tokens without whitespace and comments."""
    return [t for t in tokens if t.type not in ("whitespace", "comment")]


def _channel(token: Any, scale: float) -> float | None:
    if token.type == "percentage":
        return clamp(token.value / 100.0, 0.0, 1.0)
    if token.type == "number":
        return clamp(token.value / scale, 0.0, 1.0)
    return None


def _function_args(token: ast.FunctionBlock) -> list[Any]:
    return [t for t in significant(token.arguments) if not (t.type == "literal" and t.value in (",", "/"))]


def _mixes_legacy_channels(token: ast.FunctionBlock, channels: list[Any]) -> bool:
    """``rgb(0%, 255, 0)``: the comma-separated (CSS 2.1) form takes three numbers or three percentages, never
    both, so the declaration is invalid and the one before it applies (the space-separated form may mix)."""
    commas = any(t.type == "literal" and t.value == "," for t in token.arguments)
    return commas and len({t.type for t in channels if t.type in ("number", "percentage")}) > 1


def parse_color(token: Any, current: Color | None = None) -> Color | None:
    """One colour token: a name, ``#rgb``/``#rrggbb``, rgb()/rgba()/hsl()/hsla(), transparent, currentColor."""
    kind = token.type
    if kind == "ident":
        name = token.lower_value
        if name == "transparent":
            return TRANSPARENT
        if name == "currentcolor":
            return current if current is not None else BLACK
        return NAMED_COLORS.get(name)
    if kind == "hash":
        return _hex(token.value)
    if kind == "function":
        name = token.lower_name
        args = _function_args(token)
        if name in ("rgb", "rgba") and len(args) in (3, 4):
            if _mixes_legacy_channels(token, args[:3]):
                return None
            chans = [_channel(a, 255.0) for a in args[:3]]
            alpha = _channel(args[3], 1.0) if len(args) == 4 else 1.0
            if None in chans or alpha is None:
                return parse_modern(token)  # ``none`` channels, mixed forms
            return (chans[0], chans[1], chans[2], alpha)  # type: ignore[return-value]
        if name in ("hsl", "hsla") and len(args) in (3, 4):
            hue = args[0]
            if hue.type not in ("number", "dimension") or args[1].type != "percentage":
                return None
            if args[2].type != "percentage":
                return None
            degrees = hue.value
            if hue.type == "dimension":
                unit = hue.lower_unit
                factor = {"deg": 1.0, "turn": 360.0, "rad": 180.0 / math.pi, "grad": 0.9}.get(unit, math.nan)
                degrees = factor * hue.value
            if not math.isfinite(degrees):
                return None
            sat = clamp(args[1].value / 100.0, 0.0, 1.0)
            light = clamp(args[2].value / 100.0, 0.0, 1.0)
            alpha = _channel(args[3], 1.0) if len(args) == 4 else 1.0
            if alpha is None:
                return None
            r, g, b = colorsys.hls_to_rgb((degrees % 360.0) / 360.0, light, sat)
            return (r, g, b, alpha)
        if name == "color-mix":
            return color_mix(token, lambda part: parse_color(part, current))
        if name in MODERN_FUNCTIONS:
            return parse_modern(token)
    return None


def length_pt(token: Any, font_size: float, root_font_size: float) -> float | None:
    """An absolute or font-relative length in points (``None`` for % and anything else)."""
    kind = token.type
    if kind == "dimension":
        unit = token.lower_unit
        factor = PT_PER_UNIT.get(unit)
        if factor is not None:
            value = token.value * factor
        elif unit == "em":
            value = token.value * font_size
        elif unit == "rem":
            value = token.value * root_font_size
        elif unit == "ex" or unit == "ch":
            value = token.value * font_size * 0.5
        else:
            return None
        return clamp(value, -MAX_LENGTH, MAX_LENGTH)
    if kind == "number" and token.value == 0:
        return 0.0
    return None


class MixedPercent(tuple):  # type: ignore[type-arg]
    """``("%", n)`` from a math function mixing a percentage with a length (``calc(100% - 2em)``): ``n`` is
    an approximation for code that reads it directly; :func:`resolve` uses ``at(base)``, the exact points."""

    at: Callable[[float], float]

    def __new__(cls, approx: float, at: Callable[[float], float]) -> MixedPercent:
        made = super().__new__(cls, ("%", approx))
        made.at = at
        return made


def length_or_percent(token: Any, font_size: float, root_font_size: float) -> float | tuple[str, float] | None:
    """A length in points, or ``("%", value)`` to resolve against the container later."""
    if token.type == "percentage":
        at = getattr(token, "at", None)
        if at is not None:
            return MixedPercent(clamp(token.value, -10000.0, 10000.0), at)
        return ("%", clamp(token.value, -10000.0, 10000.0))
    return length_pt(token, font_size, root_font_size)


def resolve(value: Any, base: float, default: float = 0.0) -> float:
    """A computed length (points, ``("%", n)`` or ``"auto"``) against a containing width."""
    if isinstance(value, MixedPercent):
        return value.at(base)
    if isinstance(value, tuple):
        return base * value[1] / 100.0
    if isinstance(value, (int, float)):
        return float(value)
    return default


def split_commas(tokens: list[Any]) -> list[list[Any]]:
    """Tokens split at their top-level commas (selector lists, function arguments)."""
    parts: list[list[Any]] = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts
