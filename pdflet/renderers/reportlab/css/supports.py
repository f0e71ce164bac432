"""``@supports`` answered from what this renderer really computes.

A ``(property: value)`` test holds when the property table turns the value into a computed value (custom
properties and values with ``var()`` always hold, as in browsers); ``selector(...)`` holds when cssselect2
compiles it; ``not``/``and``/``or`` combine them. Anything else (``font-tech()``...) is false.
"""

from __future__ import annotations

from typing import Any

import cssselect2
import tinycss2

from pdflet.renderers.reportlab.css import dynamic
from pdflet.renderers.reportlab.css.calc import CalcError
from pdflet.renderers.reportlab.css.conditions import combine
from pdflet.renderers.reportlab.css.declarations import parse_declarations
from pdflet.renderers.reportlab.css.properties import COMPUTE, INITIAL
from pdflet.renderers.reportlab.css.variables import Dynamic, Substitution

_KEYWORDS = frozenset({"inherit", "initial", "unset", "revert", "revert-layer"})


def supports(prelude: list[Any]) -> bool:
    """Whether an ``@supports`` prelude (or a ``supports()`` argument) holds."""
    tokens = [t for t in prelude if t.type not in ("whitespace", "comment")]
    try:
        return _condition(tokens, 0)
    except ValueError:
        return False


def import_supports(arguments: list[Any]) -> bool:
    """``supports(...)`` of an ``@import``: a condition, or a bare declaration (``supports(display: grid)``)."""
    tokens = [t for t in arguments if t.type not in ("whitespace", "comment")]
    if len(tokens) >= 3 and tokens[0].type == "ident" and tokens[1].type == "literal" and tokens[1].value == ":":
        return declaration_supported(tinycss2.serialize(arguments))
    return supports(arguments)


def _condition(tokens: list[Any], depth: int) -> bool:
    return combine(tokens, depth, _in_parens)


def _in_parens(token: Any, depth: int) -> bool:
    if token.type == "function":
        if token.lower_name == "selector":
            try:
                cssselect2.compile_selector_list(token.arguments)
            except cssselect2.SelectorError:
                return False
            return True
        return False
    if token.type != "() block":
        raise ValueError("expected parentheses")
    content = [t for t in token.content if t.type not in ("whitespace", "comment")]
    if not content:
        return False
    if content[0].type in ("() block", "function") or (content[0].type == "ident" and content[0].lower_value == "not"):
        return _condition(content, depth)
    if len(content) < 3 or content[0].type != "ident" or content[1].type != "literal" or content[1].value != ":":
        return False
    return declaration_supported(tinycss2.serialize(token.content))


def declaration_supported(text: str) -> bool:
    """Whether ``name: value`` is a declaration this renderer computes."""
    declarations = parse_declarations(text)
    if not declarations:
        return False
    style = dict(INITIAL)
    ctx = (style, INITIAL, 12.0)
    for (name, tokens, _), _important in declarations:
        if name.startswith("--") or (type(tokens) is Dynamic and tokens.has_var):
            continue
        if len(tokens) == 1 and tokens[0].type == "ident" and tokens[0].lower_value in _KEYWORDS:
            continue
        try:
            plain = dynamic.resolve(name, tokens, ctx, Substitution()) if type(tokens) is Dynamic else tokens
            if plain is None or COMPUTE[name](plain, ctx) is None:
                return False
        except (CalcError, AttributeError, TypeError, ValueError, IndexError):
            return False
    return True
