"""Selectors compiled only when a document can use them.

cssselect2 compiles each selector into a Python function (``eval``): for a framework sheet of 14,000
selectors that is most of the time spent reading it, while a document uses a few hundred. So a sheet keeps
each selector list's tokens and, per selector, the ids, classes and tags it needs in the document (read from
the tokens, cheaply); a list is compiled the first time a document has what one of its selectors needs, and
stays compiled with the cached sheet. A list with one invalid selector is invalid as a whole, as in CSS.
The rule's declarations are read at the same moment, for the same reason.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import cssselect2
import tinycss2

from pdflet.renderers.reportlab.css.declarations import read_declarations
from pdflet.renderers.reportlab.css.structure import structural
from pdflet.renderers.reportlab.css.values import split_commas

#: Pseudo-elements honoured (``None`` is the element itself); ``::first-line`` and the like are ignored.
PSEUDO_ELEMENTS = frozenset({None, "before", "after", "footnote-call", "footnote-marker", "marker", "first-letter"})
DEAD = False  # a rule's selector when it is invalid or selects a pseudo-element we do not draw


class Rule:
    """One selector of a style rule: its compiled form (``None`` until needed), place, layer and needs."""

    __slots__ = ("declarations", "group", "layer", "needs", "order", "selector", "unknown", "when")

    def __init__(self, order: int, layer: str, needs: frozenset[str], group: Any, when: tuple[Any, ...]) -> None:
        self.selector: Any = None
        self.order = order
        self.declarations: list[Any] = []  # read with the selectors, on first use
        self.unknown: tuple[str, ...] = ()  # properties of its declarations nothing here knows (the report)
        self.layer = layer  # dotted full name; "" when unlayered
        self.needs = needs  # ids ("#x"), classes (".x") and tags the document must have
        self.group: SelectorList = group
        self.when = when  # media conditions that must hold on the page (``sheets.Condition``)

    def compiled(self) -> Any:
        """The cssselect2 selector, or :data:`DEAD`."""
        if self.selector is None:
            self.group.compile()
        return self.selector


class SelectorList:
    """The selectors of one rule and its declarations (parsed items), compiled together on first use."""

    __slots__ = ("items", "rules", "source")

    def __init__(self, source: str | list[Any], items: list[Any]) -> None:
        self.source = source
        self.items = items
        self.rules: list[Rule] = []

    def compile(self) -> None:
        """Compile every selector of the list (all are dead if one is invalid or no declaration is valid)."""
        text = self.source if isinstance(self.source, str) else tinycss2.serialize(self.source)
        compiled = compile_list(text.strip())
        unknown: list[str] = []
        declarations = read_declarations(self.items, unknown)
        self.items = []
        for rule in self.rules:
            rule.declarations = declarations
        if unknown and self.rules:
            self.rules[0].unknown = tuple(unknown)  # counted once per rule, not once per selector
        if compiled is None or len(compiled) != len(self.rules) or not declarations:
            for rule in self.rules:
                rule.selector = DEAD
            return
        for rule, selector in zip(self.rules, compiled, strict=True):
            rule.selector = selector if selector.pseudo_element in PSEUDO_ELEMENTS else DEAD


#: Pseudo-elements a browser knows and cssselect2 does not: valid, and never drawn here. Chromium also takes any
#: ``::-webkit-…`` name. Without this, Tailwind 4's reset (``*, ::after, ::before, ::backdrop,
#: ::file-selector-button { margin: 0; padding: 0 }``) was invalid as a whole and every margin stayed.
_BROWSER_PSEUDO_ELEMENTS = re.compile(
    r"::(?:-webkit-[\w-]+|backdrop|cue|grammar-error|spelling-error|target-text|details-content|checkmark|column"
    r"|scroll-marker(?:-group)?|scroll-button|view-transition(?:-[\w-]+)?|picker-icon)"
    r"(?:\([^()]*\))?(?![\w-])"
    r"|::(?:highlight|part|slotted|picker|cue|view-transition-[\w-]+)\([^()]*\)",
    re.IGNORECASE,
)
_UNDRAWN = "::selection"  # a pseudo-element cssselect2 parses and the cascade leaves out


@functools.lru_cache(maxsize=32768)
def compile_list(text: str) -> tuple[Any, ...] | None:
    """A selector list compiled by cssselect2 (``None`` when invalid), cached by its text: sheets repeat
    selectors (``p``, ``.btn``...) and compiled selectors are immutable, so any sheet may share them."""
    try:
        return tuple(cssselect2.compile_selector_list(text))
    except (cssselect2.SelectorError, RecursionError):
        pass
    known = _BROWSER_PSEUDO_ELEMENTS.sub(_UNDRAWN, text)
    if known == text:
        return None
    try:
        return tuple(cssselect2.compile_selector_list(known))
    except (cssselect2.SelectorError, RecursionError):
        return None


def split(selector: str | list[Any]) -> tuple[list[list[Any]], bool]:
    """A selector list's tokens per selector (split at top-level commas), and whether it is structural."""
    tokens = tinycss2.parse_component_value_list(selector) if isinstance(selector, str) else selector
    return split_commas(tokens), structural(tokens)


def needed_keys(tokens: list[Any], shared: dict[Any, Any] | None = None) -> frozenset[str]:
    """Ids (``#x``), classes (``.x``) and tags (``x``) some element must have for one selector to match.

    Every compound counts (ancestors and siblings must exist too); what is inside functional pseudo-classes
    (``:not()``, ``:is()``...) and attribute selectors adds nothing. A namespace prefix makes it give up.
    ``shared`` makes equal sets (and names) one object: a framework sheet repeats them thousands of times.
    """
    keys: set[str] = set()
    previous: Any = None
    for token in tokens:
        kind = token.type
        if kind == "hash" and token.is_identifier and not _after_colon(previous):
            keys.add("#" + token.value)
        elif kind == "ident":
            if previous is not None and previous.type == "literal" and previous.value == ".":
                keys.add("." + token.value)
            elif not _after_colon(previous):
                keys.add(token.value.lower())
        elif kind == "literal" and token.value == "|":
            return frozenset()
        previous = token
    if shared is None:
        return frozenset(keys)
    result = frozenset(shared.setdefault(key, key) for key in keys)
    return shared.setdefault(result, result)  # type: ignore[no-any-return]


def _after_colon(token: Any) -> bool:
    return token is not None and token.type == "literal" and token.value == ":"
