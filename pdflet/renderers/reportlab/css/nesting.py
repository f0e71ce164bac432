"""CSS Nesting: the selector of a rule nested in another, written out for cssselect2.

``&`` stands for the parent's selector list as ``:is(parent)`` (so specificity is that of ``:is()``, as the
spec says); a nested selector without ``&`` is relative: ``.x`` becomes ``:is(parent) .x`` and ``> .x``
becomes ``:is(parent) > .x``. The result is text, compiled like any top-level selector.
"""

from __future__ import annotations

from typing import Any

import tinycss2
import tinycss2.serializer

from pdflet.renderers.reportlab.css.values import split_commas


def nest(parent: str | None, prelude: list[Any]) -> str:
    """The selector text of a rule with ``prelude`` nested in a rule whose selector text is ``parent``."""
    if parent is None:
        return tinycss2.serialize(prelude).strip()
    wrapped = f":is({parent})"
    out = []
    for part in split_commas(prelude):
        text, found = _replace(part, wrapped, 0)
        text = text.strip()
        if not found:
            text = f"{wrapped} {text}"
        out.append(text)
    return ", ".join(out)


def _replace(tokens: list[Any], wrapped: str, depth: int) -> tuple[str, bool]:
    """``tokens`` as text with every ``&`` (also inside ``:not()``, ``:is()``...) replaced by ``wrapped``."""
    chunks = []
    found = False
    for token in tokens:
        if token.type == "literal" and token.value == "&":
            chunks.append(wrapped)
            found = True
        elif token.type == "function" and depth < 8:
            inner, inner_found = _replace(token.arguments, wrapped, depth + 1)
            chunks.append(f"{tinycss2.serializer.serialize_identifier(token.name)}({inner})")
            found = found or inner_found
        else:
            chunks.append(tinycss2.serialize([token]))
    return "".join(chunks), found
