"""Whether selectors look at siblings or children: sheets whose selectors do not can share matches.

See ``Cascade``: elements with the same chain of tags and attributes match the same rules unless some
selector uses a sibling combinator or a pseudo-class that looks beyond the element and its ancestors.
"""

from __future__ import annotations

from typing import Any

#: Pseudo-classes whose match depends only on the element's and its ancestors' names and attributes (the
#: document's language too, which is the same for the whole document). Any other, and the ``+``/``~``
#: combinators, look at siblings or children: sheets using them get no shared matching (see ``Cascade``).
CHAIN_ONLY_PSEUDO_CLASSES = frozenset(
    {"link", "any-link", "visited", "hover", "active", "focus", "focus-within", "focus-visible", "target", "root",
     "not", "is", "where", "matches", "lang", "checked", "before", "after", "first-line", "first-letter"}
)


def structural(tokens: list[Any]) -> bool:
    """Whether a selector list's tokens use a sibling combinator or a pseudo-class outside
    ``CHAIN_ONLY_PSEUDO_CLASSES`` (in any nesting, e.g. inside ``:not()``)."""
    after_colon = False
    for token in tokens:
        kind = token.type
        if after_colon:
            after_colon = False
            name = token.lower_value if kind == "ident" else token.lower_name if kind == "function" else None
            if name is not None and name not in CHAIN_ONLY_PSEUDO_CLASSES:
                return True
        if kind == "literal":
            if token.value in ("+", "~"):
                return True
            after_colon = token.value == ":"
        elif kind == "function" and structural(token.arguments):
            return True
    return False
