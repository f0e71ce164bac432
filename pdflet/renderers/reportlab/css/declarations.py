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


def read_declarations(items: list[Any], unknown: list[str] | None = None) -> list[tuple[Declaration, bool]]:
    """Longhand declarations of already parsed block contents (other items are skipped); the names of
    properties nothing here knows go to ``unknown`` (for the render report; vendor-prefixed ones are not:
    documents carry them for other engines on purpose)."""
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
        longhands = expand(item.lower_name, values)
        if not longhands and unknown is not None and not item.lower_name.startswith("-"):
            unknown.append(item.lower_name)
        for name, longhand_tokens in longhands:
            key = (
                tinycss2.serialize(longhand_tokens)
                if hasattr(longhand_tokens[0], "serialize")
                else repr([getattr(t, "value", "") for t in longhand_tokens])
            )
            result.append(((name, mark(longhand_tokens), key), item.important))
    return result
