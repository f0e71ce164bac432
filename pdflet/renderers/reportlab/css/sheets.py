"""A stylesheet read into compiled rules: nesting flattened, conditions decided, layers named, imports inlined.

What comes out (:class:`CompiledSheet`) depends only on the sheet's text, the page it is printed on and what
its ``data:`` imports hold, so a worker can keep it (see :mod:`.sheetcache`) and hand it to every document
that sends the same framework CSS. ``@page`` and ``@font-face`` rules are kept raw for the cascade to read.

Hostile sheets are bounded: rules nest at most :data:`MAX_DEPTH` deep, imports :data:`MAX_IMPORT_DEPTH`
deep and :data:`MAX_IMPORTS` in all (a URL already being imported is skipped: no loops), and all the CSS a
document brings in, imports included, is limited to :data:`MAX_CSS_BYTES`.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field
from typing import Any

import cssselect2
import tinycss2

from pdflet.errors import RenderFailed
from pdflet.renderers.reportlab.css.declarations import Declaration, read_declarations
from pdflet.renderers.reportlab.css.media import MediaContext, matches
from pdflet.renderers.reportlab.css.nesting import nest
from pdflet.renderers.reportlab.css.structure import structural
from pdflet.renderers.reportlab.css.supports import import_supports, supports
from pdflet.renderers.resources import ResourceError

MAX_CSS_BYTES = 20 * 1024 * 1024  # a framework with a few inlined fonts fits; more is refused, not cut
MAX_DEPTH = 32
MAX_IMPORT_DEPTH = 8
MAX_IMPORTS = 64
MAX_LAYERS = 20_000
#: Pseudo-elements honoured (``None`` is the element itself); ``::first-line`` and the like are ignored.
PSEUDO_ELEMENTS = frozenset({None, "before", "after"})
_ANONYMOUS = itertools.count(1)  # anonymous layers are distinct in every sheet of the process


@dataclass
class Rule:
    """One compiled selector of a style rule, with its place in the sheet and its cascade layer."""

    selector: Any  # cssselect2 CompiledSelector
    order: int
    declarations: list[tuple[Declaration, bool]]
    layer: str  # dotted full name; "" when unlayered


@dataclass
class CompiledSheet:
    """Everything a stylesheet contributes, ready for any document."""

    rules: list[Rule] = field(default_factory=list)
    pages: list[tuple[list[Any], list[Any]]] = field(default_factory=list)  # @page prelude and content
    font_faces: list[list[Any]] = field(default_factory=list)  # @font-face content
    layers: list[str] = field(default_factory=list)  # layer names in order of first appearance
    structural: bool = False
    cacheable: bool = True  # False when an import came from outside (its content may change)


class Budget:
    """The CSS bytes one document may still bring in (its sheets and their imports)."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = MAX_CSS_BYTES if limit is None else limit
        self.left = self.limit

    def spend(self, size: int) -> None:
        """Count ``size`` bytes of CSS, failing the render past the limit (never a silent cut)."""
        self.left -= size
        if self.left < 0:
            raise RenderFailed(
                f"The document's CSS is more than {self.limit} bytes (style elements, the request's css and "
                f"imported sheets together); the limit is {self.limit} bytes."
            )


class Compiler:
    """Reads one stylesheet (and what it imports) into a :class:`CompiledSheet`."""

    def __init__(self, media: MediaContext, fetcher: Any = None, budget: Budget | None = None) -> None:
        self.media = media
        self.fetcher = fetcher
        self.budget = budget or Budget()
        self.sheet = CompiledSheet()
        self._order = itertools.count(1)
        self._imports = 0
        self._seen_layers: set[str] = set()

    def compile(self, css: str) -> CompiledSheet:
        """The compiled sheet for ``css`` (its size already counted by the caller)."""
        rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        self._top_level(rules, "", 0, ())
        return self.sheet

    def _layer(self, name: str) -> None:
        if name and name not in self._seen_layers and len(self._seen_layers) < MAX_LAYERS:
            self._seen_layers.add(name)
            self.sheet.layers.append(name)

    def _top_level(self, rules: list[Any], layer: str, depth: int, importing: tuple[str, ...]) -> None:
        """A list of rules outside any style rule (a sheet, or the body of ``@media``, ``@layer``...)."""
        if depth > MAX_DEPTH:
            return
        imports_allowed = True
        for rule in rules:
            if rule.type == "qualified-rule":
                imports_allowed = False
                self._style_rule(None, rule.prelude, rule.content, layer, depth)
            elif rule.type == "at-rule":
                keyword = rule.lower_at_keyword
                if keyword == "import":
                    if imports_allowed:
                        self._import(rule.prelude, layer, depth, importing)
                    continue
                if keyword not in ("charset", "layer") or rule.content is not None:
                    imports_allowed = False
                self._at_rule(rule, None, layer, depth, importing)

    def _at_rule(self, rule: Any, parent: str | None, layer: str, depth: int, importing: tuple[str, ...]) -> None:
        """A conditional or grouping at-rule, at the top level (``parent`` None) or inside a style rule."""
        keyword = rule.lower_at_keyword
        if keyword == "layer":
            names = _layer_names(rule.prelude)
            if rule.content is None:
                for name in names:
                    self._layer(_join(layer, name))
                return
            if len(names) > 1:
                return  # a block takes at most one name
            name = _join(layer, names[0] if names else f"#anonymous{next(_ANONYMOUS)}")
            self._layer(name)
            self._body(rule.content, parent, name, depth + 1, importing)
            return
        if rule.content is None:
            return
        if (keyword == "media" and matches(rule.prelude, self.media)) or (
            keyword == "supports" and supports(rule.prelude)
        ):
            self._body(rule.content, parent, layer, depth + 1, importing)
        elif keyword in ("container", "scope", "document", "-moz-document") and parent is None:
            return  # no containers or scopes on paper: their rules are left out
        elif keyword == "page" and parent is None:
            self.sheet.pages.append((rule.prelude, rule.content))
        elif keyword == "font-face" and parent is None:
            self.sheet.font_faces.append(rule.content)

    def _body(self, content: list[Any], parent: str | None, layer: str, depth: int, importing: tuple[str, ...]) -> None:
        if parent is None:
            inner = tinycss2.parse_rule_list(content, skip_comments=True, skip_whitespace=True)
            self._top_level(inner, layer, depth, importing)
        else:
            self._block(parent, content, layer, depth, importing)

    def _style_rule(self, parent: str | None, prelude: list[Any], content: list[Any], layer: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            return
        text = nest(parent, prelude)
        if not text:
            return
        self._block(text, content, layer, depth + 1, ())

    def _block(self, selector: str, content: list[Any], layer: str, depth: int, importing: tuple[str, ...]) -> None:
        """A style rule's contents: its declarations for ``selector``, then its nested rules in order."""
        if depth > MAX_DEPTH:
            return
        items = tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True)
        own = [item for item in items if item.type == "declaration"]
        if own:
            self._add(selector, read_declarations(own), layer)
        for item in items:
            if item.type == "qualified-rule":
                self._style_rule(selector, item.prelude, item.content, layer, depth)
            elif item.type == "at-rule":
                self._at_rule(item, selector, layer, depth, importing)

    def _add(self, text: str, declarations: list[tuple[Declaration, bool]], layer: str) -> None:
        if not declarations:
            return
        compiled = compile_selectors(text)
        if compiled is None:
            return
        selectors, is_structural = compiled
        self.sheet.structural = self.sheet.structural or is_structural
        for selector in selectors:
            if selector.pseudo_element in PSEUDO_ELEMENTS:
                self.sheet.rules.append(Rule(selector, next(self._order), declarations, layer))

    def _import(self, prelude: list[Any], layer: str, depth: int, importing: tuple[str, ...]) -> None:
        """``@import url [layer | layer(name)] [supports(...)] [media]``, loaded through the fetcher."""
        tokens = [t for t in prelude if t.type not in ("whitespace", "comment")]
        if not tokens or self.fetcher is None or len(importing) >= MAX_IMPORT_DEPTH or self._imports >= MAX_IMPORTS:
            return
        url = _url(tokens[0])
        if url is None or url in importing:
            return
        rest = tokens[1:]
        target = layer
        if rest and rest[0].type == "ident" and rest[0].lower_value == "layer":
            target = _join(layer, f"#anonymous{next(_ANONYMOUS)}")
            rest = rest[1:]
        elif rest and rest[0].type == "function" and rest[0].lower_name == "layer":
            names = _layer_names(rest[0].arguments)
            if len(names) != 1:
                return
            target = _join(layer, names[0])
            rest = rest[1:]
        if rest and rest[0].type == "function" and rest[0].lower_name == "supports":
            if not import_supports(rest[0].arguments):
                return
            rest = rest[1:]
        if rest and not matches(rest, self.media):
            return
        self._imports += 1
        try:
            resource = self.fetcher.fetch(url)
        except (ResourceError, ValueError):
            return
        if url[:5].lower() != "data:":
            self.sheet.cacheable = False
        self.budget.spend(len(resource.data))
        self._layer(target)
        css = resource.data.decode("utf-8", "replace")
        rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        self._top_level(rules, target, depth + 1, (*importing, url))


@functools.lru_cache(maxsize=32768)
def compile_selectors(text: str) -> tuple[tuple[Any, ...], bool] | None:
    """A selector list compiled by cssselect2 (immutable, so shared by every sheet that repeats it) and
    whether it looks at siblings or children; ``None`` when invalid."""
    try:
        selectors = tuple(cssselect2.compile_selector_list(text))
    except (cssselect2.SelectorError, RecursionError):
        return None
    return selectors, structural(tinycss2.parse_component_value_list(text))


def _url(token: Any) -> str | None:
    if token.type in ("url", "string"):
        return str(token.value)
    if token.type == "function" and token.lower_name == "url":
        strings = [a for a in token.arguments if a.type == "string"]
        return str(strings[0].value) if strings else None
    return None


def _layer_names(tokens: list[Any]) -> list[str]:
    """``a, b.c`` → ``["a", "b.c"]``; an invalid list gives ``[]``."""
    names: list[str] = []
    current = ""
    for token in tokens:
        if token.type in ("whitespace", "comment"):
            continue
        if token.type == "ident":
            current += token.value
        elif token.type == "literal" and token.value == "." and current:
            current += "."
        elif token.type == "literal" and token.value == "," and current:
            names.append(current)
            current = ""
        else:
            return []
    if current:
        names.append(current)
    return names


def _join(outer: str, name: str) -> str:
    return f"{outer}.{name}" if outer else name
