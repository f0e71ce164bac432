"""The boolean grammar that ``@media`` and ``@supports`` conditions share: ``not C``, ``C and C ...`` and
``C or C ...`` (``and`` and ``or`` never mixed without parentheses), nested at most :data:`MAX_DEPTH` deep.

Each rule says what one parenthesised condition means (``in_parens``); the combining is written once here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MAX_DEPTH = 16


class Malformed(ValueError):
    """A condition that breaks the grammar: the whole rule is false (or dropped), never an error."""


def combine(tokens: list[Any], depth: int, in_parens: Callable[[Any, int], bool]) -> bool:
    """Evaluate ``not C`` or a chain of ``C and C`` / ``C or C`` over ``tokens`` (whitespace removed);
    ``in_parens(token, depth)`` evaluates one parenthesised condition or function one level deeper."""
    if depth > MAX_DEPTH or not tokens:
        raise Malformed("empty or too deep")
    first = tokens[0]
    if first.type == "ident" and first.lower_value == "not":
        if len(tokens) != 2:
            raise Malformed("not takes one condition")
        return not in_parens(tokens[1], depth + 1)
    values = [in_parens(first, depth + 1)]
    joiner = None
    for index in range(1, len(tokens), 2):
        word = tokens[index].lower_value if tokens[index].type == "ident" else None
        if word not in ("and", "or") or (joiner is not None and word != joiner) or index + 1 >= len(tokens):
            raise Malformed("expected and/or")
        joiner = word
        values.append(in_parens(tokens[index + 1], depth + 1))
    return any(values) if joiner == "or" else all(values)
