"""Which ``@page`` rules style which page: page selectors and their cascade (CSS Paged Media 3).

A page is described by a :class:`PageKind` (its name, side, whether it is the first or a blank page, and its
place in the document and in its run of same-named pages). Selectors are ``NAME``, ``:first``, ``:left``,
``:right``, ``:blank`` and ``:nth(An+B [of NAME])``, combined (``chapter:left``) and in comma lists. Matching
rules apply in order of specificity, then of source order, as the spec defines: a name counts most, then
``:first``/``:blank``/``:nth()``, then ``:left``/``:right``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any
from xml.etree.ElementTree import Element

from pdflet.renderers.options import PageOptions
from pdflet.renderers.reportlab.css.cascade import PageRule
from pdflet.renderers.reportlab.css.properties import Style
from pdflet.renderers.reportlab.css.values import TRANSPARENT
from pdflet.renderers.reportlab.pages import PageSetup, apply_rule, fit_to_options

MAX_PAGE_RULES = 1000  # more @page rules than any document needs; each page is matched against them all
_PSEUDO = re.compile(r":(first|left|right|blank|nth\(([^)]*)\))")
_NAME = re.compile(r"-?[_a-z\u0080-\uffff][-_a-z0-9\u0080-\uffff]*")
_NTH = re.compile(
    r"^\s*(?:(?P<a>[+-]?\d*)n\s*(?P<b>[+-]\s*\d+)?|(?P<only>[+-]?\d+)|(?P<kw>odd|even))"
    r"\s*(?:of\s+(?P<of>\S+))?\s*$"
)
_NTH_LIMIT = 10**9  # larger coefficients are capped: ``:nth(1000000n)`` still matches nothing but is cheap


@dataclass(frozen=True)
class PageKind:
    """What a page selector can see of a page."""

    name: str
    right: bool
    first: bool
    blank: bool
    number: int  # its place in the document, from 1
    in_group: int  # its place among the consecutive pages of the same name, from 1


@dataclass(frozen=True)
class PageSelector:
    """One compound page selector."""

    name: str = ""
    first: bool = False
    blank: bool = False
    side: str = ""
    nth: tuple[int, int, str | None] | None = None

    @property
    def specificity(self) -> tuple[int, int, int]:
        pseudo = int(self.first) + int(self.blank) + int(self.nth is not None)
        return (1 if self.name else 0, pseudo, int(bool(self.side)))

    def matches(self, page: PageKind) -> bool:
        if self.name and self.name != page.name:
            return False
        if self.first and not page.first:
            return False
        if self.blank and not page.blank:
            return False
        if self.side and (self.side == "right") != page.right:
            return False
        if self.nth is not None:
            a, b, of = self.nth
            if of is not None and of != page.name:
                return False
            index = page.in_group if of is not None else page.number
            return _nth_matches(a, b, index)
        return True


def _nth_matches(a: int, b: int, index: int) -> bool:
    if a == 0:
        return index == b
    steps, rest = divmod(index - b, a)
    return rest == 0 and steps >= 0


def _parse_nth(text: str) -> tuple[int, int, str | None] | None:
    match = _NTH.match(text.replace("/**/", ""))  # tinycss2 separates some tokens with empty comments
    if match is None:
        return None
    if match.group("kw"):
        a, b = 2, 1 if match.group("kw") == "odd" else 0
    elif match.group("only") is not None:
        a, b = 0, int(match.group("only"))
    else:
        raw = match.group("a")
        a = -1 if raw == "-" else 1 if raw in ("", "+") else int(raw)
        b = int((match.group("b") or "0").replace(" ", ""))
    a = max(-_NTH_LIMIT, min(_NTH_LIMIT, a))
    return a, max(-_NTH_LIMIT, min(_NTH_LIMIT, b)), match.group("of")


def parse_selectors(text: str) -> list[PageSelector] | None:
    """The selectors of an ``@page`` prelude, or ``None`` when any is invalid (the rule is then ignored)."""
    selectors = []
    for part in text.split(","):
        part = part.strip()
        name_match = _NAME.match(part)
        name = name_match.group(0) if name_match and not part.startswith(":") else ""
        rest = part[len(name) :]
        fields: dict[str, object] = {"name": name}
        position = 0
        for match in _PSEUDO.finditer(rest):
            if match.start() != position:
                return None
            position = match.end()
            kind = match.group(1)
            if kind in ("left", "right"):
                fields["side"] = kind
            elif kind in ("first", "blank"):
                fields[kind] = True
            else:
                nth = _parse_nth(match.group(2))
                if nth is None:
                    return None
                fields["nth"] = nth
        if position != len(rest) or (not name and position == 0 and part):
            return None
        selectors.append(PageSelector(**fields))  # type: ignore[arg-type]
    return selectors


def canvas_background(root: Element, styles: dict[Element, Style]) -> tuple[Any, Style | None]:
    """The canvas background: the root's, or the body's when the root has none (CSS Backgrounds 3 §2.11.2), as
    (its colour or None, the style holding its image or None). The box it came from then paints none of its
    own; every page paints it over its page area."""
    body = root.find("body")
    for element in (root, body):
        style = styles.get(element) if element is not None else None
        if style is None:
            continue
        color = style["background-color"]
        painted = color != TRANSPARENT and color[3] > 0
        if painted or style["background-image"] != "none":
            styles[element] = dict(style, **{"background-color": TRANSPARENT, "background-image": "none"})
            return (color if painted else None), (style if style["background-image"] != "none" else None)
    return None, None


class PageStyles:
    """The page setup of every kind of page, from the document's ``@page`` rules and the request."""

    def __init__(
        self,
        rules: list[PageRule],
        options: PageOptions,
        canvas: tuple[float, float, float, float] | None = None,
        canvas_image: Any = None,
    ) -> None:
        self.options = options
        self.canvas = canvas  # the root's (or body's) background: painted over every page's page area
        self.canvas_image = canvas_image  # and its image (a backgrounds.BackgroundImage), over the colour
        self._rules: list[tuple[list[PageSelector], PageRule]] = []
        for rule in rules[:MAX_PAGE_RULES]:
            selectors = parse_selectors(rule.selector)
            if selectors is not None:
                self._rules.append((selectors, rule))
        self._cache: dict[tuple[int, ...], PageSetup] = {}

    def setup(self, page: PageKind) -> PageSetup:
        """The setup of ``page``: every matching rule applied, least specific first."""
        matching: list[tuple[tuple[int, int, int], int]] = []
        for order, (selectors, _rule) in enumerate(self._rules):
            best = max((s.specificity for s in selectors if s.matches(page)), default=None)
            if best is not None:
                matching.append((best, order))
        key = tuple(order for _, order in sorted(matching))
        cached = self._cache.get(key)
        if cached is None:
            setup = PageSetup()
            for order in key:
                setup = apply_rule(setup, self._rules[order][1])
            if self.canvas is not None:
                setup = replace(setup, area_background=self.canvas)
            if self.canvas_image is not None:
                setup = replace(setup, area_image=self.canvas_image)
            cached = self._cache[key] = fit_to_options(setup, self.options)
        return cached
