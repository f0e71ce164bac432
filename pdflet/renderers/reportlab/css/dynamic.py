"""Declarations computed per element: ``var()`` substituted, shorthands split afterwards, math reduced.

A shorthand holding ``var()`` sets every one of its longhands to a pending value (CSS Variables 1 §3.2):
each longhand substitutes the same tokens, splits them with the shorthand's own parser and takes its part.
The longhands of each shorthand are the ones its registry entry declares (or, for one declaring none, those
its parser gives for the unsubstituted tokens).
"""

from __future__ import annotations

from typing import Any

import tinycss2
from tinycss2 import ast

from pdflet.renderers.reportlab.css import calc, font_units
from pdflet.renderers.reportlab.css.properties import ALIASES, COMPUTE, SHORTHANDS, Style, expand
from pdflet.renderers.reportlab.css.values import significant
from pdflet.renderers.reportlab.css.variables import EMPTY, VARS_KEY, Dynamic, Substitution, scan

INITIAL_TOKEN = ast.IdentToken(0, 0, "initial")
_KEYED_PROPERTIES = ("font-size", "line-height")  # percentages inside math resolve against a font size


def longhands(name: str, tokens: list[Any]) -> list[str]:
    """The longhands a declaration of ``name`` sets, whatever its value turns out to be."""
    name = ALIASES.get(name, name)
    if name in COMPUTE:
        return [name]
    shorthand = SHORTHANDS.get(name)
    if shorthand is None:
        return []
    if shorthand.longhands:
        return list(shorthand.longhands)
    return list(dict.fromkeys(n for n, _ in expand(name, tokens)))


def declare(name: str, values: list[Any]) -> list[tuple[str, list[Any], str]]:
    """Longhand declarations (name, tokens, cache key) for one declaration with ``var()`` in its value."""
    shorthand = ALIASES.get(name, name)
    key = f"{shorthand}!{tinycss2.serialize(values)}"
    result = []
    for longhand in longhands(name, values):
        tokens = Dynamic(values)
        tokens.has_var = True
        tokens.shorthand = None if longhand == shorthand else shorthand
        result.append((longhand, tokens, key))
    return result


def resolve(
    name: str, tokens: Dynamic, ctx: tuple[Style, Style, float], substitution: Substitution
) -> list[Any] | None:
    """The plain tokens of a dynamic declaration for this element, or ``None`` when invalid.

    Raises:
        calc.CalcError: for a math function that is invalid (without ``var()``, the declaration is then
            invalid at parse time and an earlier one applies).
    """
    style, parent, root_font_size = ctx
    plain: list[Any] = tokens
    if tokens.has_var:
        value = substitution.substitute(tokens, style.get(VARS_KEY, EMPTY))
        if value is None:
            return None
        plain = significant(value[0])
        if tokens.shorthand is not None:
            parts = expand(tokens.shorthand, plain)
            if not parts:
                return None
            plain = next((part for longhand, part in parts if longhand == name), [INITIAL_TOKEN])
        if not plain:
            return None
    plain = font_units.apply(name, plain, ctx)
    if tokens.has_math or (tokens.has_var and scan(plain)[1]):
        font_size = parent["font-size"] if name == "font-size" else style["font-size"]
        base = font_size if name in _KEYED_PROPERTIES else None
        viewport = substitution.viewport or calc.DEFAULT_VIEWPORT
        plain = calc.simplify(plain, calc.Env(font_size, root_font_size, base, viewport))
    return plain
