"""Math functions (``calc()``, ``min()``, ``max()``, ``clamp()``) reduced to plain tokens per element.

A math function becomes a number, a length in ``pt`` or a percentage token, so every property parser that
takes such a token takes a math function too. A sum of a percentage and a length (``calc(100% - 2em)``) or
a comparison of the two (``min(100%, 30rem)``) needs the containing block's size, known only at layout:
it becomes a :class:`MixedToken`, whose percentage the layout resolves through ``values.resolve``.

Nesting is bounded (:data:`MAX_DEPTH`): ``calc()`` nested 1,000 deep is invalid, never a crash.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from tinycss2 import ast

from pdflet.renderers.reportlab.css.values import MAX_LENGTH, clamp, length_pt, split_commas

MAX_DEPTH = 32
MATH = frozenset({"calc", "-webkit-calc", "-moz-calc", "min", "max", "clamp"})
#: A value: (number part, length part in pt, percentage part, kinds present). ``kinds`` is a subset of
#: {"num", "len", "%"}; a number never mixes with the others.
Sum = tuple[float, float, float, frozenset[str]]
NUM = frozenset({"num"})
#: CSS Values 4 constants. ``infinity`` is how frameworks say "as large as it gets" (Tailwind's
#: ``rounded-full`` is ``calc(infinity * 1px)``): the result is clamped to the largest length we keep, and
#: NaN becomes 0, as the spec asks of a top-level value.
CONSTANTS = {"pi": math.pi, "e": math.e, "infinity": math.inf, "-infinity": -math.inf, "nan": math.nan}


class CalcError(ValueError):
    """An invalid math expression (the declaration is then invalid)."""


class NeedsBase(CalcError):
    """A comparison of a percentage with a length: it can only be decided against a known base."""


class MixedToken:
    """A length-percentage that needs the containing block: ``at(base)`` gives points.

    It looks like a percentage token (``value`` is the equivalent percentage of an 500pt-wide block) so
    parsers that accept percentages accept it, and ``values.length_or_percent`` keeps its ``at``.
    """

    type = "percentage"
    is_integer = False
    representation = "0"

    def __init__(self, at: Callable[[float], float]) -> None:
        self.at = at
        self.value = at(500.0) / 5.0

    def serialize(self) -> str:
        return f"{self.value}%"


VIEWPORT_UNITS = frozenset({"vw", "vh", "vmin", "vmax", "svw", "svh", "lvw", "lvh", "dvw", "dvh", "vi", "vb"})
DEFAULT_VIEWPORT = (523.3, 769.9)  # A4 less Chromium's default margins, in points


class Env:
    """What lengths need: the font size ``em`` refers to, the root's, the percentage base if known, and the
    viewport (the page area, in points, as Chromium uses for ``vw``/``vh`` when printing)."""

    def __init__(
        self,
        font_size: float,
        root_font_size: float,
        base: float | None = None,
        viewport: tuple[float, float] = DEFAULT_VIEWPORT,
    ) -> None:
        self.font_size = font_size
        self.root_font_size = root_font_size
        self.base = base
        self.viewport = viewport


def viewport_length(token: Any, viewport: tuple[float, float]) -> float | None:
    """A ``vw``/``vh``/``vmin``/``vmax`` length in points (``None`` for other units)."""
    unit = token.lower_unit
    if unit not in VIEWPORT_UNITS:
        return None
    width, height = viewport
    size = {"w": width, "i": width, "h": height, "b": height}.get(unit[-1])
    if unit.endswith("min"):
        size = min(width, height)
    elif unit.endswith("max"):
        size = max(width, height)
    return clamp(float(token.value) * (size or 0.0) / 100.0, -MAX_LENGTH, MAX_LENGTH)


def simplify(tokens: list[Any], env: Env) -> list[Any]:
    """``tokens`` with every math function (at any depth, e.g. inside ``rgb()``) replaced by its value."""
    return [_simplify_token(t, env, 0) for t in tokens]


def _simplify_token(token: Any, env: Env, depth: int) -> Any:
    if token.type == "dimension" and token.lower_unit in VIEWPORT_UNITS:
        length = viewport_length(token, env.viewport)
        return ast.DimensionToken(0, 0, length, None, "0", "pt")
    if token.type != "function":
        return token
    if token.lower_name in MATH:
        return reduce(token, env)
    if depth > MAX_DEPTH:
        raise CalcError("nested too deep")
    arguments = [_simplify_token(t, env, depth + 1) for t in token.arguments]
    return ast.FunctionBlock(token.source_line, token.source_column, token.name, arguments)


def reduce(token: Any, env: Env) -> Any:
    """One math function as a number, ``pt`` dimension, percentage or :class:`MixedToken`."""
    try:
        value = _function(token, env, 0)
    except NeedsBase:
        value = None
    if value is not None:
        number, length, percent, kinds = value
        if kinds == NUM:  # an integer where one is expected: rounded, halves up (CSS Values 4 §10.9)
            number = _finite(number)
            return ast.NumberToken(0, 0, number, math.floor(number + 0.5), "0")
        if "%" not in kinds:
            return ast.DimensionToken(0, 0, _finite(length), None, "0", "pt")
        if "len" not in kinds:
            return ast.PercentageToken(0, 0, _finite(percent), None, "0")
        if env.base is not None:
            return ast.DimensionToken(0, 0, _finite(length + percent * env.base / 100.0), None, "0", "pt")
    _function(token, Env(env.font_size, env.root_font_size, 500.0, env.viewport), 0)  # raises when invalid at any base

    def at(base: float) -> float:
        result = _function(token, Env(env.font_size, env.root_font_size, base, env.viewport), 0)
        return clamp(result[1] + result[2] * base / 100.0, -MAX_LENGTH, MAX_LENGTH)

    return MixedToken(at)


def _finite(value: float) -> float:
    return 0.0 if value != value else clamp(value, -1e9, 1e9)


def _function(token: Any, env: Env, depth: int) -> Sum:
    if depth > MAX_DEPTH:
        raise CalcError("nested too deep")
    name = token.lower_name
    if name in ("calc", "-webkit-calc", "-moz-calc"):
        return _sum(_significant(token.arguments), env, depth + 1)
    arguments = [_sum(part, env, depth + 1) for part in _split_commas(token.arguments)]
    if name == "clamp":
        if len(arguments) != 3:
            raise CalcError("clamp() takes three arguments")
        low, middle, high = arguments
        return _pick(max, [low, _pick(min, [middle, high], env)], env)
    if name in ("min", "max") and arguments:
        return _pick(min if name == "min" else max, arguments, env)
    raise CalcError(f"unknown math function {name}")


def _pick(choose: Callable[..., Any], values: list[Sum], env: Env) -> Sum:
    kinds = values[0][3]
    if any((v[3] == NUM) != (kinds == NUM) for v in values):
        raise CalcError("numbers compared with lengths")
    if kinds == NUM:
        return choose(values, key=lambda v: v[0])
    if all(v[3] == frozenset({"%"}) for v in values):
        return choose(values, key=lambda v: v[2])
    if all("%" not in v[3] for v in values):
        return choose(values, key=lambda v: v[1])
    if env.base is None:
        raise NeedsBase("a percentage compared with a length")
    resolved = [v[1] + v[2] * env.base / 100.0 for v in values]
    return (0.0, choose(resolved), 0.0, frozenset({"len"}))


def _split_commas(tokens: list[Any]) -> list[list[Any]]:
    parts = split_commas(_significant(tokens))
    if any(not part for part in parts):
        raise CalcError("empty argument")
    return parts


def _significant(tokens: list[Any]) -> list[Any]:
    return [t for t in tokens if t.type not in ("whitespace", "comment")]


def _sum(tokens: list[Any], env: Env, depth: int) -> Sum:
    """``a + b - c`` of products; ``+``/``-`` are separate tokens when written with spaces, as CSS requires."""
    if not tokens:
        raise CalcError("empty expression")
    terms: list[tuple[int, list[Any]]] = [(1, [])]
    for token in tokens:
        if token.type == "literal" and token.value in ("+", "-"):
            terms.append((1 if token.value == "+" else -1, []))
        else:
            terms[-1][1].append(token)
    total: Sum | None = None
    for sign, term in terms:
        value = _product(term, env, depth)
        if sign < 0:
            value = (-value[0], -value[1], -value[2], value[3])
        total = value if total is None else _add(total, value)
    assert total is not None
    return total


def _add(a: Sum, b: Sum) -> Sum:
    if (a[3] == NUM) != (b[3] == NUM):
        raise CalcError("a number added to a length")
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] | b[3])


def _product(tokens: list[Any], env: Env, depth: int) -> Sum:
    if not tokens or len(tokens) % 2 == 0:
        raise CalcError("malformed product")
    value = _operand(tokens[0], env, depth)
    for index in range(1, len(tokens), 2):
        operator, right = tokens[index], _operand(tokens[index + 1], env, depth)
        if operator.type != "literal" or operator.value not in ("*", "/"):
            raise CalcError("expected * or /")
        if operator.value == "*":
            if value[3] == NUM:
                value, right = right, value
            if right[3] != NUM:
                raise CalcError("a length times a length")
            factor = right[0]
        else:
            if right[3] != NUM or right[0] == 0:
                raise CalcError("division by a length or zero")
            factor = 1.0 / right[0]
        value = (value[0] * factor, value[1] * factor, value[2] * factor, value[3])
    return value


def _operand(token: Any, env: Env, depth: int) -> Sum:
    kind = token.type
    if kind == "number":
        return (float(token.value), 0.0, 0.0, NUM)
    if kind == "percentage":
        return (0.0, 0.0, float(token.value), frozenset({"%"}))
    if kind == "dimension":
        length = length_pt(token, env.font_size, env.root_font_size)
        if length is None:
            length = viewport_length(token, env.viewport)
        if length is None:
            raise CalcError(f"unsupported unit {token.unit}")
        return (0.0, length, 0.0, frozenset({"len"}))
    if kind == "() block":
        if depth > MAX_DEPTH:
            raise CalcError("nested too deep")
        return _sum(_significant(token.content), env, depth + 1)
    if kind == "function" and token.lower_name in MATH:
        return _function(token, env, depth + 1)
    if kind == "ident" and token.lower_value in CONSTANTS:
        return (CONSTANTS[token.lower_value], 0.0, 0.0, NUM)
    raise CalcError(f"unexpected {kind} in a math function")
