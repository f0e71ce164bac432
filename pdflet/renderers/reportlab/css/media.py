"""Media queries (Media Queries 4) answered for the page we print on.

The medium is ``print``; ``width``/``height`` are the page area in CSS px, ``orientation`` and
``aspect-ratio`` follow from them; the preferences are those of paper (light, reduced motion, no hover).
Range syntax (``(400px <= width < 800px)``), ``min-``/``max-`` prefixes, ``not``/``only``/``and``/``or`` and
comma lists are understood; an unknown feature or a malformed query is false, as in browsers.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import tinycss2

from pdflet.renderers.reportlab.css.conditions import Malformed, combine

PX_PER_UNIT = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "q": 96 / 101.6,
               "em": 16.0, "rem": 16.0, "ex": 8.0, "ch": 8.0}
DPI_PER_UNIT = {"dpi": 1.0, "dpcm": 2.54, "dppx": 96.0, "x": 96.0}
_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "=": operator.eq,
}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="}
#: Discrete features and the one value paper has.
_DISCRETE = {
    "prefers-color-scheme": "light", "prefers-reduced-motion": "reduce", "prefers-contrast": "no-preference",
    "prefers-reduced-transparency": "reduce", "prefers-reduced-data": "no-preference", "forced-colors": "none",
    "inverted-colors": "none", "hover": "none", "any-hover": "none", "pointer": "none", "any-pointer": "none",
    "scan": "progressive", "update": "none", "scripting": "none", "overflow-block": "paged",
    "overflow-inline": "none", "display-mode": "browser", "color-gamut": "srgb", "dynamic-range": "standard",
}


@dataclass(frozen=True)
class MediaContext:
    """The page area in CSS px that queries are answered for."""

    width: float = 793.7  # A4 less no margin; the renderer passes the real page area
    height: float = 1122.5
    medium: str = "print"  # ``screen`` only when a caller emulates it (Gotenberg's emulatedMediaType)

    def discrete(self) -> dict[str, str]:
        """Values of the keyword features."""
        return {**_DISCRETE, "orientation": "portrait" if self.height >= self.width else "landscape"}

    def ranged(self) -> dict[str, float]:
        """Values of the range features."""
        ratio = self.width / self.height if self.height else 0.0
        return {
            "width": self.width, "height": self.height, "device-width": self.width, "device-height": self.height,
            "aspect-ratio": ratio, "device-aspect-ratio": ratio, "resolution": 96.0, "color": 8.0,
            "color-index": 0.0, "monochrome": 0.0, "grid": 0.0,
        }


def matches(query: list[Any] | str, context: MediaContext) -> bool:
    """Whether a media query list (prelude tokens or text, e.g. a ``media`` attribute) applies."""
    tokens = tinycss2.parse_component_value_list(query) if isinstance(query, str) else query
    parts: list[list[Any]] = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        elif token.type not in ("whitespace", "comment"):
            parts[-1].append(token)
    if len(parts) == 1 and not parts[0]:
        return True  # an empty list is "all"
    return any(_query(part, context) for part in parts)


def _query(tokens: list[Any], context: MediaContext) -> bool:
    try:
        if tokens and tokens[0].type == "ident":
            words = [t.lower_value if t.type == "ident" else None for t in tokens[:3]]
            negate = words[0] == "not"
            start = 1 if words[0] in ("not", "only") else 0
            if start < len(tokens) and tokens[start].type == "ident":
                media_type = tokens[start].lower_value
                result = media_type == "all" or media_type == context.medium
                rest = tokens[start + 1 :]
                if rest:
                    if rest[0].type != "ident" or rest[0].lower_value != "and" or len(rest) < 2:
                        raise Malformed("expected 'and'")
                    result = result and _condition(rest[1:], context, 0)
                return result != negate
        return _condition(tokens, context, 0)
    except Malformed:
        return False


def _condition(tokens: list[Any], context: MediaContext, depth: int) -> bool:
    return combine(tokens, depth, lambda token, deeper: _in_parens(token, context, deeper))


def _in_parens(token: Any, context: MediaContext, depth: int) -> bool:
    if token.type == "function":
        return False  # general-enclosed: unknown, false
    if token.type != "() block":
        raise Malformed("expected a parenthesised condition")
    content = [t for t in token.content if t.type not in ("whitespace", "comment")]
    if not content:
        raise Malformed("empty parentheses")
    if content[0].type == "() block" or (content[0].type == "ident" and content[0].lower_value == "not"):
        return _condition(content, context, depth)
    return _feature(_join_operators(content), context)


def _join_operators(tokens: list[Any]) -> list[Any]:
    """``<`` ``=`` as one ``<=`` (tinycss2 gives one literal per character)."""
    out: list[Any] = []
    for token in tokens:
        if token.type == "literal" and token.value == "=" and out and out[-1] in ("<", ">"):
            out[-1] += "="
        elif token.type == "literal" and token.value in ("<", ">", "="):
            out.append(token.value)
        else:
            out.append(token)
    return out


def _feature(parts: list[Any], context: MediaContext) -> bool:
    ranged = context.ranged()
    if len(parts) == 1:
        name = _name(parts[0])
        if name in ranged:
            return ranged[name] != 0
        discrete = context.discrete()
        return name in discrete and discrete[name] not in ("none", "no-preference")
    if len(parts) >= 3 and _is_colon(parts[1]):
        return _plain(_name(parts[0]), parts[2:], context)
    return _range(parts, ranged)


def _is_colon(token: Any) -> bool:
    return not isinstance(token, str) and token.type == "literal" and token.value == ":"


def _name(token: Any) -> str:
    if isinstance(token, str) or token.type != "ident":
        raise Malformed("expected a feature name")
    return str(token.lower_value)


def _plain(name: str, value: list[Any], context: MediaContext) -> bool:
    ranged = context.ranged()
    prefix = name[:4]
    if prefix in ("min-", "max-") and name[4:] in ranged:
        actual, wanted = ranged[name[4:]], _number(name[4:], value)
        return actual >= wanted if prefix == "min-" else actual <= wanted
    if name in ranged:
        return abs(ranged[name] - _number(name, value)) < 1e-6
    discrete = context.discrete()
    if name in discrete:
        if len(value) != 1 or value[0].type != "ident":
            raise Malformed("expected a keyword")
        return bool(value[0].lower_value == discrete[name])
    return False


def _range(parts: list[Any], ranged: dict[str, float]) -> bool:
    """``name op value``, ``value op name`` or ``value op name op value``."""
    ops = [i for i, p in enumerate(parts) if isinstance(p, str)]
    if len(ops) not in (1, 2) or any(parts[i] not in _OPS for i in ops):
        raise Malformed("bad range")
    bounds = [parts[: ops[0]], *([parts[ops[0] + 1 : ops[1]], parts[ops[1] + 1 :]] if len(ops) == 2 else
                                 [parts[ops[0] + 1 :]])]
    names = [i for i, b in enumerate(bounds) if len(b) == 1 and b[0].type == "ident"]
    if len(names) != 1 or (len(ops) == 2 and names[0] != 1):
        raise Malformed("a range needs one feature name")
    name = str(bounds[names[0]][0].lower_value)
    if name not in ranged:
        return False
    actual = ranged[name]
    result = True
    for index, op_index in enumerate(ops):
        left, right = bounds[index], bounds[index + 1]
        op = parts[op_index]
        if index == names[0]:  # name op value
            result = result and _OPS[op](actual, _number(name, right))
        else:  # value op name
            result = result and _OPS[_FLIP[op]](actual, _number(name, left))
    return result


def _number(name: str, value: list[Any]) -> float:
    """A feature's value in the unit ``ranged`` uses (px, dpi, a ratio or a plain number)."""
    if name.endswith("aspect-ratio"):
        numbers = [t.value for t in value if t.type == "number"]
        if len(value) == 3 and len(numbers) == 2 and numbers[1]:
            return float(numbers[0] / numbers[1])
        if len(value) == 1 and len(numbers) == 1:
            return float(numbers[0])
        raise Malformed("bad ratio")
    if len(value) != 1:
        raise Malformed("expected one value")
    token = value[0]
    if token.type == "number" and (token.value == 0 or name not in ("width", "height", "resolution")):
        return float(token.value)
    if token.type == "dimension":
        unit = token.lower_unit
        table = DPI_PER_UNIT if name == "resolution" else PX_PER_UNIT
        if unit in table:
            return float(token.value * table[unit])
    raise Malformed("bad value")
