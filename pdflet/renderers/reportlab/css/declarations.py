"""Declaration blocks read into longhand declarations, each with its ``!important`` flag.

A declaration becomes ``(longhand name, tokens, cache key)``. Tokens that can only be computed per element
(``var()``, math functions) are :class:`~.variables.Dynamic`; custom properties keep their tokens under their
case-sensitive name.
"""

from __future__ import annotations

from typing import Any

import tinycss2

from pdflet.renderers.reportlab.css import dynamic
from pdflet.renderers.reportlab.css.properties import expand
from pdflet.renderers.reportlab.css.values import significant
from pdflet.renderers.reportlab.css.variables import mark, scan, too_deep

Declaration = tuple[str, list[Any], str]  # longhand name, tokens, cache key text


def parse_declarations(tokens: list[Any] | str) -> list[tuple[Declaration, bool]]:
    """Expanded longhand declarations of a block, each with its ``!important`` flag.

    Custom properties keep their tokens under their case-sensitive name; a value with ``var()`` becomes
    pending longhands (see :mod:`.dynamic`); values nested deeper than any real stylesheet are dropped.
    """
    return read_declarations(tinycss2.parse_blocks_contents(tokens, skip_comments=True, skip_whitespace=True))


def read_declarations(items: list[Any]) -> list[tuple[Declaration, bool]]:
    """Longhand declarations of already parsed block contents (other items are skipped)."""
    result: list[tuple[Declaration, bool]] = []
    for item in items:
        if item.type != "declaration":
            continue
        values = significant(item.value)
        if too_deep(values):
            continue
        if item.name.startswith("--"):
            result.append(((item.name, values, tinycss2.serialize(values)), item.important))
            continue
        if not values:
            continue
        if scan(values)[0]:
            result += [(declaration, item.important) for declaration in dynamic.declare(item.lower_name, values)]
            continue
        for name, longhand_tokens in expand(item.lower_name, values):
            key = (
                tinycss2.serialize(longhand_tokens)
                if hasattr(longhand_tokens[0], "serialize")
                else repr([getattr(t, "value", "") for t in longhand_tokens])
            )
            result.append(((name, mark(longhand_tokens), key), item.important))
    return result
