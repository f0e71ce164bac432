"""A stylesheet read into compiled rules: nesting flattened, conditions decided, layers named, imports inlined.

What comes out (:class:`CompiledSheet`) depends only on the sheet's text, the page it is printed on and what
its ``data:`` imports hold, so a worker can keep it (see :mod:`.sheetcache`) and hand it to every document
that sends the same framework CSS. ``@page``, ``@font-face`` and ``@property`` rules are kept raw for the
cascade to read.

Hostile sheets are bounded: rules nest at most :data:`MAX_DEPTH` deep, imports :data:`MAX_IMPORT_DEPTH`
deep and :data:`MAX_IMPORTS` in all (a URL already being imported is skipped: no loops), and all the CSS a
document brings in, imports included, is limited to :data:`MAX_CSS_BYTES`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from typing import Any

import tinycss2

from pdflet.errors import RenderFailed
from pdflet.renderers.reportlab.css.media import MediaContext, matches
from pdflet.renderers.reportlab.css.nesting import nest
from pdflet.renderers.reportlab.css.selectors import Rule, SelectorList, needed_keys, split
from pdflet.renderers.reportlab.css.supports import import_supports, supports
from pdflet.renderers.resources import ResourceError

MAX_CSS_BYTES = 20 * 1024 * 1024  # a framework with a few inlined fonts fits; more is refused, not cut
MAX_DEPTH = 32
MAX_IMPORT_DEPTH = 8
MAX_IMPORTS = 64
MAX_LAYERS = 20_000
_ANONYMOUS = itertools.count(1)  # anonymous layers are distinct in every sheet of the process


@dataclass
class CompiledSheet:
    """Everything a stylesheet contributes, ready for any document."""

    rules: list[Rule] = field(default_factory=list)
    pages: list[tuple[list[Any], list[Any], tuple[Condition, ...]]] = field(default_factory=list)
    font_faces: list[tuple[list[Any], tuple[Condition, ...]]] = field(default_factory=list)
    properties: list[tuple[list[Any], list[Any]]] = field(default_factory=list)  # @property preludes, bodies
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


class Condition:
    """A media query list on some rules (``@media``, an ``@import``'s media): kept with the compiled sheet and
    answered per page, so one compiled sheet serves every page size."""

    __slots__ = ("_last", "query")

    def __init__(self, query: list[Any]) -> None:
        self.query = query
        self._last: tuple[MediaContext, bool] | None = None

    def holds(self, media: MediaContext) -> bool:
        """Whether the query matches ``media`` (the last answer is remembered)."""
        if self._last is None or self._last[0] != media:
            self._last = (media, matches(self.query, media))
        return self._last[1]


@dataclass(frozen=True)
class Scope:
    """Where a rule sits: its layer, nesting depth, the imports it comes through and its media conditions."""

    layer: str = ""
    depth: int = 0
    importing: tuple[str, ...] = ()
    when: tuple[Condition, ...] = ()

    def inner(self, **changes: Any) -> Scope:
        """One level deeper, with ``changes``."""
        return replace(self, depth=self.depth + 1, **changes)


class Compiler:
    """Reads one stylesheet (and what it imports) into a :class:`CompiledSheet`."""

    def __init__(self, fetcher: Any = None, budget: Budget | None = None) -> None:
        self.fetcher = fetcher
        self.budget = budget or Budget()
        self.sheet = CompiledSheet()
        self._order = itertools.count(1)
        self._imports = 0
        self._seen_layers: set[str] = set()
        self._shared: dict[Any, Any] = {}  # equal key sets and names as one object each

    def _warn(self, kind: str, message: str) -> None:
        """Tell the render report (through the fetcher, when it keeps one) what an import limit cut."""
        report = getattr(self.fetcher, "report", None)
        if report is not None:
            report.warn(kind, message)

    def compile(self, css: str) -> CompiledSheet:
        """The compiled sheet for ``css`` (its size already counted by the caller)."""
        rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        self._top_level(rules, Scope())
        return self.sheet

    def _layer(self, name: str) -> None:
        if name and name not in self._seen_layers and len(self._seen_layers) < MAX_LAYERS:
            self._seen_layers.add(name)
            self.sheet.layers.append(name)

    def _top_level(self, rules: list[Any], scope: Scope) -> None:
        """A list of rules outside any style rule (a sheet, or the body of ``@media``, ``@layer``...)."""
        if scope.depth > MAX_DEPTH:
            return
        imports_allowed = True
        for rule in rules:
            if rule.type == "qualified-rule":
                imports_allowed = False
                self._style_rule(None, rule.prelude, rule.content, scope)
            elif rule.type == "at-rule":
                keyword = rule.lower_at_keyword
                if keyword == "import":
                    if imports_allowed:
                        self._import(rule.prelude, scope)
                    continue
                if keyword not in ("charset", "layer") or rule.content is not None:
                    imports_allowed = False
                self._at_rule(rule, None, scope)

    def _at_rule(self, rule: Any, parent: str | None, scope: Scope) -> None:
        """A conditional or grouping at-rule, at the top level (``parent`` None) or inside a style rule."""
        keyword = rule.lower_at_keyword
        if keyword == "layer":
            names = _layer_names(rule.prelude)
            if rule.content is None:
                for name in names:
                    self._layer(_join(scope.layer, name))
                return
            if len(names) > 1:
                return  # a block takes at most one name
            name = _join(scope.layer, names[0] if names else f"#anonymous{next(_ANONYMOUS)}")
            self._layer(name)
            self._body(rule.content, parent, scope.inner(layer=name))
            return
        if rule.content is None:
            return
        if keyword == "media":
            self._body(rule.content, parent, scope.inner(when=(*scope.when, Condition(rule.prelude))))
        elif keyword == "supports" and supports(rule.prelude):
            self._body(rule.content, parent, scope.inner())
        elif keyword == "page" and parent is None:
            self.sheet.pages.append((rule.prelude, rule.content, scope.when))
        elif keyword == "font-face" and parent is None:
            self.sheet.font_faces.append((rule.content, scope.when))
        elif keyword == "property" and parent is None:
            self.sheet.properties.append((rule.prelude, rule.content))
        # @container, @scope and unknown at-rules: their rules are left out (no containers on paper)

    def _body(self, content: list[Any], parent: str | None, scope: Scope) -> None:
        if parent is None:
            self._top_level(tinycss2.parse_rule_list(content, skip_comments=True, skip_whitespace=True), scope)
        else:
            self._block(parent, content, scope)

    def _style_rule(self, parent: str | None, prelude: list[Any], content: list[Any], scope: Scope) -> None:
        if scope.depth > MAX_DEPTH:
            return
        selector: str | list[Any] = prelude if parent is None else nest(parent, prelude)
        if selector:
            self._block(selector, content, scope.inner())

    def _block(self, selector: str | list[Any], content: list[Any], scope: Scope) -> None:
        """A style rule's contents: its declarations for ``selector`` (text, or a top-level rule's prelude
        tokens), then its nested rules in order."""
        if scope.depth > MAX_DEPTH:
            return
        items = tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True)
        own = [item for item in items if item.type == "declaration"]
        if own:
            self._add(selector, own, scope)
        if len(own) == len(items):
            return
        text = selector if isinstance(selector, str) else nest(None, selector)
        for item in items:
            if item.type == "qualified-rule":
                self._style_rule(text, item.prelude, item.content, scope)
            elif item.type == "at-rule":
                self._at_rule(item, text, scope)

    def _add(self, selector: str | list[Any], items: list[Any], scope: Scope) -> None:
        """One style rule's selectors, with its declaration items (read when a document needs the rule)."""
        parts, is_structural = split(selector)
        self.sheet.structural = self.sheet.structural or is_structural
        group = SelectorList(selector, items)
        for part in parts:
            rule = Rule(next(self._order), scope.layer, needed_keys(part, self._shared), group, scope.when)
            group.rules.append(rule)
            self.sheet.rules.append(rule)

    def _import(self, prelude: list[Any], scope: Scope) -> None:
        """``@import url [layer | layer(name)] [supports(...)] [media]``, loaded through the fetcher."""
        tokens = [t for t in prelude if t.type not in ("whitespace", "comment")]
        importing = scope.importing
        url = _url(tokens[0]) if tokens else None
        if url is None or self.fetcher is None:
            return
        if url in importing:
            self._warn("css", f"@import loop: {url[-200:]} imports itself; the loop was cut.")
            return
        if len(importing) >= MAX_IMPORT_DEPTH:
            self._warn("limit", f"@import nested deeper than {MAX_IMPORT_DEPTH}; deeper sheets were ignored.")
            return
        if self._imports >= MAX_IMPORTS:
            self._warn("limit", f"More than {MAX_IMPORTS} imported stylesheets; the rest were ignored.")
            return
        rest = tokens[1:]
        target = scope.layer
        if rest and rest[0].type == "ident" and rest[0].lower_value == "layer":
            target = _join(scope.layer, f"#anonymous{next(_ANONYMOUS)}")
            rest = rest[1:]
        elif rest and rest[0].type == "function" and rest[0].lower_name == "layer":
            names = _layer_names(rest[0].arguments)
            if len(names) != 1:
                return
            target = _join(scope.layer, names[0])
            rest = rest[1:]
        if rest and rest[0].type == "function" and rest[0].lower_name == "supports":
            if not import_supports(rest[0].arguments):
                return
            rest = rest[1:]
        self._imports += 1
        try:
            resource = self.fetcher.fetch(url)
        except (ResourceError, ValueError):
            return
        if url[:5].lower() != "data:":
            self.sheet.cacheable = False
        self.budget.spend(len(resource.data))
        self._layer(target)
        rules = tinycss2.parse_stylesheet(resource.data.decode("utf-8", "replace"), skip_comments=True,
                                          skip_whitespace=True)
        when = (*scope.when, Condition(rest)) if rest else scope.when
        self._top_level(rules, Scope(target, scope.depth + 1, (*importing, url), when))


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
