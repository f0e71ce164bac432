"""The cascade: which declarations win for each element, and the computed style they make.

Origins in order: the user-agent sheet (``ua.css``, parsed and compiled once per process),
the document's ``<style>`` elements, the request's ``css``, then ``style=""`` attributes;
``!important`` reverses author over user-agent. Computed styles are cached by (parent style,
winning declarations), so the thousand paragraphs of a long document share one dict.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Any
from xml.etree.ElementTree import Element

import cssselect2
import tinycss2

from pdflet.renderers.reportlab.css.counters import count
from pdflet.renderers.reportlab.css.properties import COMPUTE, INHERITED, INITIAL, Style, expand
from pdflet.renderers.reportlab.css.values import significant
from pdflet.renderers.reportlab.layout.leaders import LEADER
from pdflet.renderers.reportlab.layout.lists import counter_text

Declaration = tuple[str, list[Any], str]  # longhand name, tokens, cache key text

UA_ORIGIN, AUTHOR_ORIGIN = 0, 1
#: Pseudo-elements honoured (``None`` is the element itself); ``::first-line`` and the like are ignored.
PSEUDO_ELEMENTS = frozenset({None, "before", "after"})
#: Elements that never get ``::before``/``::after`` boxes: replaced and void elements, as in browsers, and
#: table structure, where an extra inline child would become an anonymous cell.
NO_PSEUDO_TAGS = frozenset(
    {
        "img",
        "br",
        "hr",
        "input",
        "select",
        "textarea",
        "iframe",
        "object",
        "embed",
        "video",
        "audio",
        "canvas",
        "svg",
        "meter",
        "progress",
        "col",
        "colgroup",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
    }
)
NO_PSEUDO_DISPLAYS = frozenset(
    {
        "none",
        "table",
        "inline-table",
        "table-row",
        "table-row-group",
        "table-header-group",
        "table-footer-group",
        "table-column",
        "table-column-group",
    }
)
PSEUDO_TAG = "pdflet-pseudo"  # the tag of generated boxes: no handler or selector knows it
MAX_GENERATED_CHARS = 10_000
MONOSPACE = ("monospace",)
#: Pseudo-classes whose match depends only on the element's and its ancestors' names and attributes (the
#: document's language too, which is the same for the whole document). Any other, and the ``+``/``~``
#: combinators, look at siblings or children: sheets using them get no shared matching (see ``Cascade``).
CHAIN_ONLY_PSEUDO_CLASSES = frozenset(
    {"link", "any-link", "visited", "hover", "active", "focus", "focus-within", "focus-visible", "target", "root",
     "not", "is", "where", "matches", "lang", "checked", "before", "after", "first-line", "first-letter"}
)


@dataclass
class PageRule:
    """An ``@page`` rule: its selector (``""``, ``":first"``...), declarations and margin boxes."""

    selector: str
    declarations: list[tuple[str, list[Any]]]
    margin_boxes: dict[str, list[tuple[str, list[Any]]]] = field(default_factory=dict)


@dataclass
class FontFace:
    """An ``@font-face`` rule: family name, bold/italic, and the URLs of its ``src``."""

    family: str
    bold: bool
    italic: bool
    urls: list[str]


@dataclass
class SheetRules:
    """What a document's stylesheets contribute beyond selector rules."""

    pages: list[PageRule] = field(default_factory=list)
    font_faces: list[FontFace] = field(default_factory=list)
    structural: bool = False  # a selector looks at siblings or children (see ``CHAIN_ONLY_PSEUDO_CLASSES``)
    media: str = "print"  # the medium ``@media`` rules are matched against (``screen`` when a caller emulates it)
    #: declarations dropped (unknown property, or a value nothing here draws), by property name: for the report
    ignored: dict[str, int] = field(default_factory=dict)


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


def parse_declarations(
    tokens: list[Any] | str, ignored: dict[str, int] | None = None
) -> list[tuple[Declaration, bool]]:
    """Expanded longhand declarations of a block, each with its ``!important`` flag.

    A declaration that expands to nothing is counted in ``ignored`` (vendor-prefixed and custom properties
    are not: documents carry them for other engines on purpose).
    """
    result: list[tuple[Declaration, bool]] = []
    for item in tinycss2.parse_blocks_contents(tokens, skip_comments=True, skip_whitespace=True):
        if item.type != "declaration":
            continue
        values = significant(item.value)
        if not values:
            continue
        longhands = expand(item.lower_name, values)
        if not longhands and ignored is not None and not item.lower_name.startswith("-"):
            ignored[item.lower_name] = ignored.get(item.lower_name, 0) + 1
        for name, longhand_tokens in longhands:
            key = (
                tinycss2.serialize(longhand_tokens)
                if hasattr(longhand_tokens[0], "serialize")
                else repr([getattr(t, "value", "") for t in longhand_tokens])
            )
            result.append(((name, longhand_tokens, key), item.important))
    return result


def media_words_apply(words: list[str], media: str = "print") -> bool:
    """Whether a media query list's words select ``media`` (``print``, or ``screen`` when emulated)."""
    if not words:
        return True
    if "not" in words:
        return False
    other = "screen" if media == "print" else "print"
    return any(w in ("all", media) for w in words) or not any(w in (other, "speech", "tv") for w in words)


def _media_applies(prelude: list[Any], media: str = "print") -> bool:
    return media_words_apply([t.lower_value for t in prelude if t.type == "ident"], media)


def _font_face(content: list[Any]) -> FontFace | None:
    family = ""
    bold = italic = False
    urls: list[str] = []
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if item.type != "declaration":
            continue
        values = significant(item.value)
        if item.lower_name == "font-family" and values:
            family = " ".join(str(t.value) for t in values if t.type in ("ident", "string"))
        elif item.lower_name == "font-weight" and values:
            token = values[0]
            bold = (token.type == "ident" and token.lower_value in ("bold", "bolder")) or (
                token.type == "number" and token.value >= 600
            )
        elif item.lower_name == "font-style" and values:
            italic = values[0].type == "ident" and values[0].lower_value in ("italic", "oblique")
        elif item.lower_name == "src":
            for token in values:
                if token.type == "url":
                    urls.append(token.value)
                elif token.type == "function" and token.lower_name == "url":
                    args = [a for a in token.arguments if a.type == "string"]
                    if args:
                        urls.append(args[0].value)
    if not family or not urls:
        return None
    return FontFace(family, bold, italic, urls)


def _page_rule(prelude: list[Any], content: list[Any]) -> PageRule:
    selector = "".join(tinycss2.serialize([t]) for t in prelude if t.type != "whitespace").strip().lower()
    rule = PageRule(selector, [])
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            rule.declarations.append((item.lower_name, significant(item.value)))
        elif item.type == "at-rule" and item.content is not None:
            box = [
                (d.lower_name, significant(d.value))
                for d in tinycss2.parse_blocks_contents(item.content, skip_comments=True, skip_whitespace=True)
                if d.type == "declaration"
            ]
            rule.margin_boxes[item.lower_at_keyword] = box
    return rule


def add_stylesheet(matcher: cssselect2.Matcher, css: str | list[Any], order_base: int, extra: SheetRules | None) -> int:
    """Compile a stylesheet's rules (its text, or rules already parsed by ``sheets``) into ``matcher``;
    returns the next rule number."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True) if isinstance(css, str) else css
    return _add_rules(matcher, rules, order_base, extra, 0)


def _add_rules(matcher: cssselect2.Matcher, rules: list[Any], order: int, extra: SheetRules | None, depth: int) -> int:
    for rule in rules:
        if rule.type == "qualified-rule":
            try:
                selectors = cssselect2.compile_selector_list(rule.prelude)
            except cssselect2.SelectorError:
                continue
            declarations = parse_declarations(rule.content, extra.ignored if extra is not None else None)
            if not declarations:
                continue
            if extra is not None and not extra.structural:
                extra.structural = structural(rule.prelude)
            for selector in selectors:
                if selector.pseudo_element not in PSEUDO_ELEMENTS:
                    continue
                order += 1
                matcher.add_selector(selector, (order, declarations))
        elif rule.type == "at-rule" and rule.content is not None:
            keyword = rule.lower_at_keyword
            media = extra.media if extra is not None else "print"
            if keyword == "media" and depth < 8 and _media_applies(rule.prelude, media):
                inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                order = _add_rules(matcher, inner, order, extra, depth + 1)
            elif keyword == "page" and extra is not None:
                extra.pages.append(_page_rule(rule.prelude, rule.content))
            elif keyword == "font-face" and extra is not None:
                face = _font_face(rule.content)
                if face is not None:
                    extra.font_faces.append(face)
    return order


def _ordered(normal: list[Any], important: list[Any]) -> list[Declaration]:
    """Declarations from lowest to highest precedence (normal ones by origin, specificity and order, then
    ``!important`` ones with the user-agent origin last)."""
    normal.sort(key=lambda item: item[0])
    important.sort(key=lambda item: (-item[0][0], *item[0][1:]))
    return [d for _, d in normal] + [d for _, d in important]


@functools.cache
def ua_structural() -> bool:
    """Whether the user-agent sheet has selectors that look at siblings or children (once per process)."""
    rules = SheetRules()
    add_stylesheet(cssselect2.Matcher(), _ua_css(), 0, rules)
    return rules.structural


def _ua_css() -> str:
    return resources.files("pdflet.renderers.reportlab").joinpath("ua.css").read_text(encoding="utf-8")


@functools.cache
def ua_matcher() -> cssselect2.Matcher:
    """The user-agent sheet, compiled once per process."""
    matcher = cssselect2.Matcher()
    add_stylesheet(matcher, _ua_css(), 0, None)
    return matcher


class Cascade:
    """Computes the style of every element of one document."""

    def __init__(self, author_sheets: list[str | list[Any]], media: str = "print") -> None:
        self.rules = SheetRules(media=media)
        self.author = cssselect2.Matcher()
        order = 0
        for css in author_sheets:
            order = add_stylesheet(self.author, css, order, self.rules)
        self._cache: dict[tuple[int, tuple[str, ...]], Style] = {}
        self._keep: list[Style] = []
        self.root_font_size = INITIAL["font-size"]
        # target-counter(): the pages of the document's ids after a first layout (see renderer.render)
        self.target_pages: dict[str, int] | None = None
        self.uses_targets = False
        # Elements with the same selector inputs (tag and attributes, their parent's the same way, up to the
        # root) match the same rules: when no selector looks at siblings or children, they share one match
        # (``_matches``, by chain number) and one computed style per parent style (``_computed``, by ids of
        # objects these dicts and ``_keep`` hold alive). A thousand <p> of a long document match once.
        self._share_matches = not (self.rules.structural or ua_structural())
        self._chains: dict[tuple[Any, ...], int] = {}
        self._matches: dict[int, tuple[list[Declaration], dict[str, list[Declaration]] | None]] = {}
        self._computed: dict[tuple[int, int], Style] = {}

    def compute_tree(self, root: Element) -> dict[Element, Style]:
        """Styles for ``root`` and all its descendants, walked without recursion."""
        styles: dict[Element, Style] = {}
        ua = ua_matcher()
        wrapper = cssselect2.ElementWrapper.from_html_root(root)
        root_style: Style = dict(INITIAL)
        self._keep.append(root_style)
        generated: list[tuple[Element, Style, dict[str, list[Declaration]]]] = []
        chains: dict[Element, int] = {}
        for element in wrapper.iter_subtree():
            etree = element.etree_element
            parent_style = styles[element.parent.etree_element] if element.parent is not None else root_style
            if self._share_matches:
                parent_chain = chains[element.parent.etree_element] if element.parent is not None else -1
                chain = self._chains.setdefault(
                    (parent_chain, etree.tag, tuple(etree.attrib.items())), len(self._chains)
                )
                chains[etree] = chain
                matched = self._matches.get(chain)
                if matched is None:
                    matched = self._matches[chain] = self._declarations(element, ua)
                declarations, pseudo = matched
                key = (id(parent_style), id(declarations))
                style = self._computed.get(key)
                if style is None:
                    style = self._computed[key] = self.compute(parent_style, declarations)
            else:
                declarations, pseudo = self._declarations(element, ua)
                style = self.compute(parent_style, declarations)
            if element.parent is None:
                self.root_font_size = style["font-size"]
            styles[etree] = style
            if pseudo:
                generated.append((etree, style, pseudo))
        self._counted: list[tuple[Element, tuple[Any, ...]]] = []
        for etree, style, pseudo in generated:  # after the walk: the tree is not changed while it is walked
            self._generate(etree, style, pseudo, styles)
        if self._counted:
            count(root, styles, self._counted)
        return styles

    def _generate(
        self, element: Element, style: Style, pseudo: dict[str, list[Declaration]], styles: dict[Element, Style]
    ) -> None:
        """Insert ``::before``/``::after`` boxes as children with their computed styles.

        The generated text is plain element text, so it goes through the same escaping-free fragment path as
        document text and can never become markup.
        """
        if (
            not isinstance(element.tag, str)
            or element.tag in NO_PSEUDO_TAGS
            or element.tag == PSEUDO_TAG
            or style["display"] in NO_PSEUDO_DISPLAYS
        ):
            return
        for kind in ("before", "after"):
            declarations = pseudo.get(kind)
            if not declarations:
                continue
            box_style = self.compute(style, declarations)
            parts = box_style["content"]
            if not parts or box_style["display"] == "none":
                continue
            if any(part[0] in ("target", "leader") for part in parts):
                parts = self._cross_references(element, parts)
            counted = any(part[0] in ("ctr", "ctrs") for part in parts)
            text = "".join(
                part[1] if part[0] == "text" else (element.get(part[1]) or "") if part[0] == "attr" else ""
                for part in parts
            )[:MAX_GENERATED_CHARS]
            if not text and not counted:
                continue
            box = Element(PSEUDO_TAG)
            box.text = text
            if kind == "before":
                box.tail, element.text = element.text, None
                element.insert(0, box)
            else:
                element.append(box)
            styles[box] = box_style
            if counted:
                self._counted.append((box, parts))

    def _cross_references(self, element: Element, parts: tuple[Any, ...]) -> tuple[Any, ...]:
        """``target-counter()`` as the page its target landed on (``0`` until a first layout has told, nothing for
        a target that is not in the document) and
        ``leader()`` as the leader mark the line layout fills in."""
        self.uses_targets = self.uses_targets or any(part[0] == "target" for part in parts)
        resolved: list[tuple[str, ...]] = []
        for part in parts:
            if part[0] == "target":
                href = element.get(part[1]) or ""
                if self.target_pages is None:
                    resolved.append(("text", "0"))  # a placeholder of about the right width, laid out once
                    continue
                page = self.target_pages.get(href[1:]) if href.startswith("#") else None
                resolved.append(("text", counter_text(part[2], page) if page is not None else ""))
            elif part[0] == "leader":
                resolved.append(("text", LEADER + part[1]))
            else:
                resolved.append(part)
        return tuple(resolved)

    def _declarations(
        self, element: cssselect2.ElementWrapper, ua: cssselect2.Matcher
    ) -> tuple[list[Declaration], dict[str, list[Declaration]] | None]:
        """The element's declarations in cascade order, and those of its ``::before``/``::after``, if any."""
        normal: list[tuple[tuple[int, ...], Declaration]] = []
        important: list[tuple[tuple[int, ...], Declaration]] = []
        pseudo: dict[str, tuple[list[Any], list[Any]]] | None = None
        for origin, matcher in ((UA_ORIGIN, ua), (AUTHOR_ORIGIN, self.author)):
            for specificity, _order, kind, payload in matcher.match(element):
                rule_order, declarations = payload
                if kind is None:
                    lists = (normal, important)
                else:
                    if pseudo is None:
                        pseudo = {}
                    lists = pseudo.setdefault(kind, ([], []))
                for index, (declaration, is_important) in enumerate(declarations):
                    key = (origin, *specificity, rule_order, index)
                    lists[1 if is_important else 0].append((key, declaration))
        attribute = element.etree_element.get("style")
        if attribute:
            for index, (declaration, is_important) in enumerate(
                parse_declarations(attribute[:20000], self.rules.ignored)
            ):
                key = (AUTHOR_ORIGIN, 1000, 0, 0, 0, index)
                (important if is_important else normal).append((key, declaration))
        own = _ordered(normal, important)
        if pseudo is None:
            return own, None
        return own, {kind: _ordered(*lists) for kind, lists in pseudo.items()}

    def compute(self, parent: Style, declarations: list[Declaration]) -> Style:
        """The computed style from a parent's and the matching declarations (later ones win;
        an invalid value falls back to the one before it, as a browser drops it at parse time)."""
        by_name: dict[str, list[Declaration]] = {}
        for declaration in declarations:
            by_name.setdefault(declaration[0], []).append(declaration)
        cache_key = (
            id(parent),
            tuple(f"{n}:{'|'.join(d[2] for d in ds)}" for n, ds in sorted(by_name.items())),
        )
        cached = self._cache.get(cache_key)
        if cached is not None:
            return cached
        style: Style = {name: (parent[name] if name in INHERITED else value) for name, value in INITIAL.items()}
        ctx = (style, parent, self.root_font_size)
        sized = "font-size" in by_name  # checked after the loop below, which pops it
        for first in ("font-size", "color"):
            if first in by_name:
                self._apply_first_valid(style, by_name.pop(first), ctx)
        for candidates in by_name.values():
            self._apply_first_valid(style, candidates, ctx)
        if style["font-family"] == MONOSPACE and parent["font-family"] != MONOSPACE and not sized:
            # Browsers' quirk: a bare ``monospace`` family defaults to 13px where others get 16px.
            style["font-size"] = style["font-size"] * 13.0 / 16.0
        self._cache[cache_key] = style
        self._keep.append(parent)
        return style

    def _apply_first_valid(self, style: Style, candidates: list[Declaration], ctx: tuple[Style, Style, float]) -> None:
        for declaration in reversed(candidates):
            if self._apply(style, declaration, ctx):
                return
        name = candidates[0][0]
        self.rules.ignored[name] = self.rules.ignored.get(name, 0) + 1

    @staticmethod
    def _apply(style: Style, declaration: Declaration, ctx: tuple[Style, Style, float]) -> bool:
        name, tokens, _ = declaration
        if len(tokens) == 1 and tokens[0].type == "ident":
            word = tokens[0].lower_value
            if word == "inherit":
                style[name] = ctx[1][name]
                return True
            if word in ("initial", "unset", "revert"):
                style[name] = ctx[1][name] if (word != "initial" and name in INHERITED) else INITIAL[name]
                return True
        try:
            value = COMPUTE[name](tokens, ctx)
        except (AttributeError, TypeError, ValueError, IndexError):
            value = None
        if value is None:
            return False
        style[name] = value
        return True
