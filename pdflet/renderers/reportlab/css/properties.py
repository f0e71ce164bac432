"""Property definitions: initial values, inheritance, shorthand expansion and computed values.

A declaration is expanded to longhands when its stylesheet is read; each longhand has a
``compute`` function turning its tokens into a plain Python value given the parent's
computed style. Invalid values return ``None`` and the declaration is ignored, as in a browser.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pdflet.renderers.reportlab.css.counters import counter_list
from pdflet.renderers.reportlab.css.grid import column_span, template_columns
from pdflet.renderers.reportlab.css.multicol import MULTICOL_INITIAL, MULTICOL_SHORTHANDS, multicol_compute
from pdflet.renderers.reportlab.css.paged import (
    PAGED_COMPUTE,
    PAGED_INHERITED,
    PAGED_INITIAL,
    cross_reference,
    string_part,
)
from pdflet.renderers.reportlab.css.transforms import transform
from pdflet.renderers.reportlab.css.values import (
    BLACK,
    TRANSPARENT,
    clamp,
    length_or_percent,
    length_pt,
    parse_color,
    significant,
)

Style = dict[str, Any]
SIDES = ("top", "right", "bottom", "left")

INITIAL: Style = {
    "display": "inline",
    "color": BLACK,
    "background-color": TRANSPARENT,
    "font-family": ("serif",),
    "font-size": 12.0,
    "font-weight": 400,
    "font-style": "normal",
    "line-height": ("normal", 0.0),
    "text-align": "start",
    "text-indent": 0.0,
    "text-decoration": frozenset(),
    "text-transform": "none",
    "letter-spacing": 0.0,
    "white-space": "normal",
    "vertical-align": "baseline",
    "word-break": "normal",
    "overflow-wrap": "normal",
    "direction": "ltr",
    "visibility": "visible",
    "list-style-type": "disc",
    "list-style-position": "outside",
    "border-collapse": "separate",
    "border-spacing": (1.5, 1.5),
    "caption-side": "top",
    "orphans": 2,
    "widows": 2,
    "width": "auto",
    "height": "auto",
    "min-width": "auto",  # CSS's initial value: the automatic minimum size of flex items
    "max-width": "none",
    "min-height": "auto",
    "max-height": "none",
    "float": "none",
    "clear": "none",
    "box-sizing": "content-box",
    "border-radius": 0.0,
    "break-before": "auto",
    "break-after": "auto",
    "break-inside": "auto",
    "content": None,
    "text-align-last": "auto",
    "font-variant": "normal",
}
for _side in SIDES:
    INITIAL[f"margin-{_side}"] = 0.0
    INITIAL[f"padding-{_side}"] = 0.0
    INITIAL[f"border-{_side}-width"] = 2.25  # medium = 3px
    INITIAL[f"border-{_side}-style"] = "none"
    INITIAL[f"border-{_side}-color"] = "currentcolor"

INHERITED = frozenset(
    {
        "color",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
        "line-height",
        "text-align",
        "text-indent",
        "text-decoration",
        "text-transform",
        "letter-spacing",
        "white-space",
        "word-break",
        "overflow-wrap",
        "direction",
        "visibility",
        "list-style-type",
        "list-style-position",
        "border-collapse",
        "border-spacing",
        "caption-side",
        "orphans",
        "widows",
        "text-align-last",
        "font-variant",
    }
)

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
LIST_TYPES = frozenset(
    {
        "disc",
        "circle",
        "square",
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
BORDER_WIDTH_KEYWORDS = {"thin": 0.75, "medium": 2.25, "thick": 3.75}

Tokens = list[Any]
Ctx = tuple[Style, Style, float]  # (style being computed, parent style, root font size)


def _ident(tokens: Tokens) -> str | None:
    if len(tokens) == 1 and tokens[0].type == "ident":
        return tokens[0].lower_value
    return None


def _keyword(allowed: frozenset[str] | set[str]) -> Callable[[Tokens, Ctx], Any]:
    def compute(tokens: Tokens, ctx: Ctx) -> Any:
        word = _ident(tokens)
        return word if word in allowed else None

    return compute


def _length(nonneg: bool = False, keywords: tuple[str, ...] = ()) -> Callable[[Tokens, Ctx], Any]:
    def compute(tokens: Tokens, ctx: Ctx) -> Any:
        if len(tokens) != 1:
            return None
        word = _ident(tokens)
        if word is not None:
            return word if word in keywords else None
        value = length_or_percent(tokens[0], ctx[0]["font-size"], ctx[2])
        if value is None:
            return None
        if nonneg and (value[1] < 0 if isinstance(value, tuple) else value < 0):
            return None
        return value

    return compute


def _color(tokens: Tokens, ctx: Ctx) -> Any:
    if len(tokens) != 1:
        return None
    return parse_color(tokens[0], ctx[1]["color"])


def _color_current(tokens: Tokens, ctx: Ctx) -> Any:
    if len(tokens) != 1:
        return None
    return parse_color(tokens[0], ctx[0]["color"])


def _font_size(tokens: Tokens, ctx: Ctx) -> Any:
    parent = ctx[1]["font-size"]
    if len(tokens) != 1:
        return None
    word = _ident(tokens)
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


def _font_weight(tokens: Tokens, ctx: Ctx) -> Any:
    if len(tokens) != 1:
        return None
    word = _ident(tokens)
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


def _font_family(tokens: Tokens, ctx: Ctx) -> Any:
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


def _line_height(tokens: Tokens, ctx: Ctx) -> Any:
    if len(tokens) != 1:
        return None
    token = tokens[0]
    if _ident(tokens) == "normal":
        return ("normal", 0.0)
    if token.type == "number" and token.value >= 0:
        return ("factor", clamp(token.value, 0.0, 100.0))
    if token.type == "percentage" and token.value >= 0:
        return ("pt", clamp(ctx[0]["font-size"] * token.value / 100.0, 0.0, 20000.0))
    value = length_pt(token, ctx[0]["font-size"], ctx[2])
    if value is None or value < 0:
        return None
    return ("pt", value)


def _text_decoration(tokens: Tokens, ctx: Ctx) -> Any:
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


def _letter_spacing(tokens: Tokens, ctx: Ctx) -> Any:
    if _ident(tokens) == "normal":
        return 0.0
    if len(tokens) != 1:
        return None
    value = length_pt(tokens[0], ctx[0]["font-size"], ctx[2])
    return None if value is None else clamp(value, -50.0, 200.0)


def _vertical_align(tokens: Tokens, ctx: Ctx) -> Any:
    word = _ident(tokens)
    if word in ("baseline", "sub", "super", "top", "middle", "bottom", "text-top", "text-bottom"):
        return word
    if len(tokens) == 1:
        value = length_or_percent(tokens[0], ctx[0]["font-size"], ctx[2])
        if isinstance(value, tuple):
            return ("pt", ctx[0]["font-size"] * value[1] / 100.0)
        if value is not None:
            return ("pt", value)
    return None


def _border_width(tokens: Tokens, ctx: Ctx) -> Any:
    word = _ident(tokens)
    if word in BORDER_WIDTH_KEYWORDS:
        return BORDER_WIDTH_KEYWORDS[word]
    if len(tokens) == 1:
        value = length_pt(tokens[0], ctx[0]["font-size"], ctx[2])
        if value is not None and value >= 0:
            return clamp(value, 0.0, 500.0)
    return None


def _border_color(tokens: Tokens, ctx: Ctx) -> Any:
    if len(tokens) != 1:
        return None
    if tokens[0].type == "ident" and tokens[0].lower_value == "currentcolor":
        return "currentcolor"
    return parse_color(tokens[0], ctx[0]["color"])


def _border_spacing(tokens: Tokens, ctx: Ctx) -> Any:
    values = [length_pt(t, ctx[0]["font-size"], ctx[2]) for t in tokens]
    if not values or len(values) > 2 or any(v is None or v < 0 for v in values):
        return None
    return (values[0], values[-1])


def _integer(tokens: Tokens, ctx: Ctx) -> Any:
    if len(tokens) == 1 and tokens[0].type == "number" and tokens[0].is_integer and tokens[0].value >= 1:
        return min(int(tokens[0].value), 1000)
    return None


def _break(tokens: Tokens, ctx: Ctx) -> Any:
    word = _ident(tokens)
    if word in ("always", "page"):
        return "page"
    if word in ("left", "right", "recto", "verso"):
        return word
    if word in ("avoid", "avoid-page"):
        return "avoid"
    if word == "auto":
        return "auto"
    return None


def _break_inside(tokens: Tokens, ctx: Ctx) -> Any:
    word = _ident(tokens)
    if word in ("avoid", "avoid-page"):
        return "avoid"
    if word == "auto":
        return "auto"
    return None


def _radius(tokens: Tokens, ctx: Ctx) -> Any:
    if not tokens:
        return None
    value = length_or_percent(tokens[0], ctx[0]["font-size"], ctx[2])
    if value is None:
        return None
    if isinstance(value, tuple):
        return 0.0
    return max(0.0, value)


QUOTES = {"open-quote": "\u201c", "close-quote": "\u201d", "no-open-quote": "", "no-close-quote": ""}


def _content(tokens: Tokens, ctx: Ctx) -> Any:
    """``content`` of a page-margin box: strings and the ``page``/``pages`` counters (other parts dropped)."""
    parts = _generated_content(tokens, ctx)
    if parts is None:
        return None
    return tuple(p for p in parts if p[0] in ("text", "counter", "string", "element"))


def _counter_part(token: Any) -> tuple[str, ...] | None:
    """``counter(name[, style])`` → ``("ctr", name, style)``; ``counters(name, sep[, style])`` → ``("ctrs",
    name, sep, style)``; the page counters of margin boxes stay ``("counter", "page"|"pages")``."""
    args = [a for a in significant(token.arguments) if not (a.type == "literal" and a.value == ",")]
    if not args or args[0].type != "ident":
        return None
    name = args[0].value
    if name.lower() in ("page", "pages"):
        return ("counter", name.lower())
    if token.lower_name == "counter":
        kind = args[1].lower_value if len(args) > 1 and args[1].type == "ident" else "decimal"
        return ("ctr", name, kind)
    if len(args) < 2 or args[1].type != "string":
        return None
    kind = args[2].lower_value if len(args) > 2 and args[2].type == "ident" else "decimal"
    return ("ctrs", name, args[1].value[:20], kind)


def _generated_content(tokens: Tokens, ctx: Ctx) -> Any:
    """``content`` as parts: ``("text", s)``, ``("attr", name)``, ``("counter", "page"|"pages")``, and the
    document counters of :func:`_counter_part`.

    Quotes become the typographic double quotes (nesting levels are not tracked); images and unknown
    functions are dropped, so what is left still shows. ``()`` for ``none``/``normal``.
    """
    parts: list[tuple[str, ...]] = []
    for token in tokens:
        if token.type == "string":
            parts.append(("text", token.value))
        elif token.type == "function" and token.lower_name in ("counter", "counters"):
            counter = _counter_part(token)
            if counter is not None:
                parts.append(counter)
        elif token.type == "function" and token.lower_name == "attr":
            args = [a for a in significant(token.arguments) if a.type == "ident"]
            if args:
                parts.append(("attr", args[0].value))
        elif token.type == "function" and token.lower_name in ("target-counter", "leader"):
            part = cross_reference(token)
            if part is not None:
                parts.append(part)
        elif token.type == "function" and token.lower_name in ("string", "element"):
            part = string_part(token)
            if part is not None:
                parts.append(part)
        elif token.type == "ident" and token.lower_value in QUOTES:
            parts.append(("text", QUOTES[token.lower_value]))
        elif token.type == "ident" and token.lower_value in ("none", "normal"):
            return ()
    return tuple(parts)


COMPUTE: dict[str, Callable[[Tokens, Ctx], Any]] = {
    "display": _keyword(DISPLAYS),
    "color": _color,
    "background-color": _color_current,
    "font-family": _font_family,
    "font-size": _font_size,
    "font-weight": _font_weight,
    "font-style": _keyword(frozenset({"normal", "italic", "oblique"})),
    "font-variant": _keyword(frozenset({"normal", "small-caps"})),
    "line-height": _line_height,
    "text-align": _keyword(frozenset({"left", "right", "center", "justify", "start", "end"})),
    "text-align-last": _keyword(frozenset({"auto", "left", "right", "center", "justify", "start", "end"})),
    "text-indent": _length(),
    "text-decoration": _text_decoration,
    "text-transform": _keyword(frozenset({"none", "uppercase", "lowercase", "capitalize"})),
    "letter-spacing": _letter_spacing,
    "white-space": _keyword(frozenset({"normal", "pre", "pre-wrap", "pre-line", "nowrap", "break-spaces"})),
    "vertical-align": _vertical_align,
    "word-break": _keyword(frozenset({"normal", "break-all", "keep-all", "break-word"})),
    "overflow-wrap": _keyword(frozenset({"normal", "break-word", "anywhere"})),
    "direction": _keyword(frozenset({"ltr", "rtl"})),
    "visibility": _keyword(frozenset({"visible", "hidden", "collapse"})),
    "list-style-type": _keyword(LIST_TYPES),
    "list-style-position": _keyword(frozenset({"inside", "outside"})),
    "border-collapse": _keyword(frozenset({"collapse", "separate"})),
    "border-spacing": _border_spacing,
    "caption-side": _keyword(frozenset({"top", "bottom"})),
    "orphans": _integer,
    "widows": _integer,
    "width": _length(True, ("auto",)),
    "height": _length(True, ("auto",)),
    "min-width": _length(True, ("auto",)),
    "max-width": _length(True, ("none",)),
    "min-height": _length(True, ("auto",)),
    "max-height": _length(True, ("none",)),
    "float": _keyword(frozenset({"left", "right", "none", "footnote"})),
    "clear": _keyword(frozenset({"left", "right", "both", "none"})),
    "box-sizing": _keyword(frozenset({"content-box", "border-box"})),
    "border-radius": _radius,
    "break-before": _break,
    "break-after": _break,
    "break-inside": _break_inside,
    "content": _generated_content,
}
for _side in SIDES:
    COMPUTE[f"margin-{_side}"] = _length(False, ("auto",))
    COMPUTE[f"padding-{_side}"] = _length(True)
    COMPUTE[f"border-{_side}-width"] = _border_width
    COMPUTE[f"border-{_side}-style"] = _keyword(BORDER_STYLES)
    COMPUTE[f"border-{_side}-color"] = _border_color

INITIAL.update(PAGED_INITIAL)
INHERITED = INHERITED | PAGED_INHERITED
COMPUTE.update(PAGED_COMPUTE)

# -- flexbox ------------------------------------------------------------------------------------
INITIAL.update(
    {
        "flex-direction": "row",
        "flex-wrap": "nowrap",
        "justify-content": "normal",
        "align-items": "normal",
        "align-self": "auto",
        "flex-grow": 0.0,
        "flex-shrink": 1.0,
        "flex-basis": "auto",
        "order": 0,
        "align-content": "normal",
        "column-gap": 0.0,
        "row-gap": 0.0,
        "grid-template-columns": "none",
        "grid-column": 1,
        "position": "static",
        "transform": "none",
        "background-image": "none",
        "background-size": "auto",
        "background-repeat": "repeat",
        "background-position": (("%", 0.0), ("%", 0.0)),
        "counter-reset": (),
        "counter-increment": (),
        "counter-set": (),
        "top": "auto",
        "right": "auto",
        "bottom": "auto",
        "left": "auto",
    }
)
_ALIGN = frozenset(
    {"normal", "stretch", "flex-start", "flex-end", "start", "end", "self-start", "self-end", "center", "baseline"}
)


def _factor(tokens: Tokens, ctx: Ctx) -> Any:
    if len(tokens) == 1 and tokens[0].type == "number" and tokens[0].value >= 0:
        return clamp(float(tokens[0].value), 0.0, 1e6)
    return None


def _order(tokens: Tokens, ctx: Ctx) -> Any:
    """``order``: any integer (kept within a million either way)."""
    if len(tokens) == 1 and tokens[0].type == "number" and tokens[0].is_integer:
        return clamp(int(tokens[0].value), -1_000_000, 1_000_000)
    return None


def _background_image(tokens: Tokens, ctx: Ctx) -> Any:
    if _ident(tokens) == "none":
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
    return None  # gradients and image-set() are not drawn: the colour underneath shows


def _background_size(tokens: Tokens, ctx: Ctx) -> Any:
    word = _ident(tokens)
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


_POSITION_WORDS = {"left": ("x", 0.0), "right": ("x", 100.0), "top": ("y", 0.0), "bottom": ("y", 100.0)}


def _background_position(tokens: Tokens, ctx: Ctx) -> Any:
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


def _position(tokens: Tokens, ctx: Ctx) -> Any:
    word = _ident(tokens)
    if word == "sticky":  # paged media has no scrolling: sticky is where it is
        return "relative"
    if len(tokens) == 1 and tokens[0].type == "function" and tokens[0].lower_name == "running":
        names = [a.lower_value for a in tokens[0].arguments if a.type == "ident"]
        return f"running({names[0]})" if len(names) == 1 else None
    return word if word in ("static", "relative", "absolute", "fixed") else None


def _gap(tokens: Tokens, ctx: Ctx) -> Any:
    if _ident(tokens) == "normal":
        return 0.0
    return _length(True)(tokens, ctx)


COMPUTE.update(
    {
        "flex-direction": _keyword(frozenset({"row", "row-reverse", "column", "column-reverse"})),
        "flex-wrap": _keyword(frozenset({"nowrap", "wrap", "wrap-reverse"})),
        "justify-content": _keyword(
            frozenset(
                {"normal", "flex-start", "flex-end", "start", "end", "left", "right", "center"}
                | {"space-between", "space-around", "space-evenly", "stretch"}
            )
        ),
        "align-items": _keyword(_ALIGN),
        "align-self": _keyword(_ALIGN | {"auto"}),
        "flex-grow": _factor,
        "flex-shrink": _factor,
        "flex-basis": _length(True, ("auto", "content")),
        "order": _order,
        "align-content": _keyword(_ALIGN | {"space-between", "space-around", "space-evenly"}),
        "column-gap": _gap,
        "row-gap": _gap,
        "grid-template-columns": template_columns,
        "grid-column": column_span,
        "position": _position,
        "transform": transform,
        "background-image": _background_image,
        "background-size": _background_size,
        "background-repeat": _keyword(frozenset({"repeat", "repeat-x", "repeat-y", "no-repeat"})),
        "background-position": _background_position,
        "counter-reset": counter_list(0),
        "counter-increment": counter_list(1),
        "counter-set": counter_list(0),
        "top": _length(False, ("auto",)),
        "right": _length(False, ("auto",)),
        "bottom": _length(False, ("auto",)),
        "left": _length(False, ("auto",)),
    }
)


def _flex_shorthand(tokens: Tokens) -> list[tuple[str, Tokens]] | None:
    """``flex``: ``none``, ``auto``, or up to two numbers (grow, shrink) and a basis (``flex: 1`` is ``1 1 0%``)."""
    word = _ident(tokens)
    if word == "none":
        return [("flex-grow", [_Number(0)]), ("flex-shrink", [_Number(0)]), ("flex-basis", [_Ident("auto")])]
    if word == "auto":
        return [("flex-grow", [_Number(1)]), ("flex-shrink", [_Number(1)]), ("flex-basis", [_Ident("auto")])]
    numbers = [t for t in tokens if t.type == "number"]
    others = [t for t in tokens if t.type != "number"]
    if not tokens or len(numbers) > 2 or len(others) > 1:
        return None
    grow = numbers[0] if numbers else _Number(1)
    shrink = numbers[1] if len(numbers) > 1 else _Number(1)
    basis = others or [_Zero()]
    return [("flex-grow", [grow]), ("flex-shrink", [shrink]), ("flex-basis", basis)]


def _flex_flow(tokens: Tokens) -> list[tuple[str, Tokens]] | None:
    out: list[tuple[str, Tokens]] = []
    for token in tokens:
        word = token.lower_value if token.type == "ident" else None
        if word in ("row", "row-reverse", "column", "column-reverse"):
            out.append(("flex-direction", [token]))
        elif word in ("nowrap", "wrap", "wrap-reverse"):
            out.append(("flex-wrap", [token]))
        else:
            return None
    return out


def _gap_shorthand(tokens: Tokens) -> list[tuple[str, Tokens]] | None:
    if not 1 <= len(tokens) <= 2:
        return None
    return [("row-gap", [tokens[0]]), ("column-gap", [tokens[-1]])]


class _Number:
    """A synthetic number token (shorthand defaults)."""

    type = "number"
    is_integer = True

    def __init__(self, value: float) -> None:
        self.value = value


class _Zero:
    """A synthetic ``0%`` token: the basis ``flex: <number>`` implies."""

    type = "percentage"
    value = 0.0
    is_integer = True


def _background_shorthand(tokens: Tokens) -> list[tuple[str, Tokens]]:
    """``background``: the colour, the image, its repeat, position and ``/ size``; what is left out resets.

    A gradient is not drawn: the whole declaration is ignored, so a plain colour declared before it (the usual
    fallback) shows, as in a browser without gradients.
    """
    if any(t.type == "function" and t.lower_name.endswith("gradient") for t in tokens):
        return []
    images = [t for t in tokens if t.type == "url" or (t.type == "function" and t.lower_name == "url")]
    out: list[tuple[str, Tokens]] = [("background-image", images[:1] or [_Ident("none")])]
    repeats = ("repeat", "repeat-x", "repeat-y", "no-repeat")
    repeat = [t for t in tokens if t.type == "ident" and t.lower_value in repeats]
    out.append(("background-repeat", repeat[:1] or [_Ident("repeat")]))
    slash = next((i for i, t in enumerate(tokens) if t.type == "literal" and t.value == "/"), None)
    if slash is not None:
        out.append(("background-size", tokens[slash + 1 : slash + 2]))
    else:
        out.append(("background-size", [_Ident("auto")]))
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
        out.append(("background-position", [_Zero(), _Zero()]))
    color = _background_color(tokens)
    if not color and images:
        color = [("background-color", [_Ident("transparent")])]
    return out + color


def _background_color(tokens: Tokens) -> list[tuple[str, Tokens]]:
    colors = [t for t in tokens if t.type in ("hash", "function", "ident")]
    for token in reversed(colors):
        if parse_color(token) is not None or (
            token.type == "ident" and token.lower_value in ("transparent", "currentcolor")
        ):
            return [("background-color", [token])]
    if any(t.type == "ident" and t.lower_value == "none" for t in tokens):
        return [("background-color", [_Ident("transparent")])]
    return []


SHORTHANDS: dict[str, Callable[[Tokens], list[tuple[str, Tokens]] | None]] = {
    "flex": _flex_shorthand,
    "flex-flow": _flex_flow,
    "gap": _gap_shorthand,
    "grid-gap": _gap_shorthand,
}
INITIAL.update(MULTICOL_INITIAL)  # CSS Multi-column Layout 1 (css/multicol.py); column-gap "normal" is 1em there
COMPUTE.update(multicol_compute(COMPUTE))
SHORTHANDS.update(MULTICOL_SHORTHANDS)

ALIASES = {
    "page-break-before": "break-before",
    "page-break-after": "break-after",
    "page-break-inside": "break-inside",
    "word-wrap": "overflow-wrap",
    "grid-column-gap": "column-gap",
    "grid-row-gap": "row-gap",
    "text-decoration-line": "text-decoration",
}


def _four(prefix: str, suffix: str, tokens: Tokens) -> list[tuple[str, Tokens]] | None:
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
    return [(f"{prefix}-{side}{suffix}", [value]) for side, value in zip(SIDES, values, strict=True)]


def _is_border_style(token: Any) -> bool:
    return token.type == "ident" and token.lower_value in BORDER_STYLES


def _is_border_width(token: Any) -> bool:
    return (
        token.type in ("dimension", "number")
        or (token.type == "ident" and token.lower_value in BORDER_WIDTH_KEYWORDS)
        or (token.type == "function" and token.lower_name in ("calc", "min", "max", "clamp"))
    )


def _border_parts(tokens: Tokens) -> tuple[Tokens, Tokens, Tokens] | None:
    width: Tokens = []
    style: Tokens = []
    color: Tokens = []
    for token in tokens:
        if _is_border_style(token) and not style:
            style = [token]
        elif _is_border_width(token) and not width:
            width = [token]
        elif not color:
            color = [token]
        else:
            return None
    return width, style, color


def _border_side(side: str, tokens: Tokens) -> list[tuple[str, Tokens]] | None:
    parts = _border_parts(tokens)
    if parts is None:
        return None
    width, style, color = parts
    out: list[tuple[str, Tokens]] = []
    out.append((f"border-{side}-width", width or [_Ident("medium")]))
    out.append((f"border-{side}-style", style or [_Ident("none")]))
    out.append((f"border-{side}-color", color or [_Ident("currentcolor")]))
    return out


class _Ident:
    """A synthetic ident token, for shorthand parts left out (they reset to initial)."""

    type = "ident"

    def __init__(self, value: str) -> None:
        self.value = value
        self.lower_value = value.lower()


def _font_shorthand(tokens: Tokens) -> list[tuple[str, Tokens]] | None:
    out: list[tuple[str, Tokens]] = []
    style: Tokens = [_Ident("normal")]
    weight: Tokens = [_Ident("normal")]
    i = 0
    while i < len(tokens) and tokens[i].type in ("ident", "number"):
        token = tokens[i]
        word = token.lower_value if token.type == "ident" else None
        if word in ("italic", "oblique"):
            style = [token]
        elif word in ("bold", "bolder", "lighter") or (token.type == "number" and token.value >= 100):
            weight = [token]
        elif word in ("normal", "small-caps"):
            pass
        else:
            break
        i += 1
    if i >= len(tokens):
        return None
    out += [("font-style", style), ("font-weight", weight), ("font-size", [tokens[i]])]
    i += 1
    line_height: Tokens = [_Ident("normal")]
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


def expand(name: str, tokens: Tokens) -> list[tuple[str, Tokens]]:
    """Longhands of one declaration (``[]`` when the property is unknown or the value malformed)."""
    name = ALIASES.get(name, name)
    if name in COMPUTE:
        return [(name, tokens)]
    if name in SHORTHANDS:
        return SHORTHANDS[name](tokens) or []
    if name == "inset":
        sides = _four("inset", "", tokens) or []
        return [(longhand[len("inset-") :], value) for longhand, value in sides]
    if name in ("margin", "padding"):
        return _four(name, "", tokens) or []
    if name == "border-width":
        return _four("border", "-width", tokens) or []
    if name == "border-style":
        return _four("border", "-style", tokens) or []
    if name == "border-color":
        return _four("border", "-color", tokens) or []
    if name == "border":
        result: list[tuple[str, Tokens]] = []
        for side in SIDES:
            part = _border_side(side, tokens)
            if part is None:
                return []
            result += part
        return result
    if name.startswith("border-") and name[7:] in SIDES:
        return _border_side(name[7:], tokens) or []
    if name == "background":
        return _background_shorthand(tokens)
    if name == "font":
        return _font_shorthand(tokens) or []
    if name == "list-style":
        result = []
        for token in tokens:
            if token.type == "ident" and token.lower_value in LIST_TYPES:
                result.append(("list-style-type", [token]))
            elif token.type == "ident" and token.lower_value in ("inside", "outside"):
                result.append(("list-style-position", [token]))
        return result
    if name == "text-decoration":
        return [("text-decoration", tokens)]
    return []
