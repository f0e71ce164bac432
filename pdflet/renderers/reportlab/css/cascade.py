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

from pdflet.renderers.reportlab.css import content, dynamic, font_units, sheetcache
from pdflet.renderers.reportlab.css.calc import CalcError
from pdflet.renderers.reportlab.css.counters import count
from pdflet.renderers.reportlab.css.declarations import Declaration, parse_declarations
from pdflet.renderers.reportlab.css.first_letter import BLOCK_CONTAINERS, wrap_first_letter
from pdflet.renderers.reportlab.css.media import MediaContext
from pdflet.renderers.reportlab.css.paged import LEADER
from pdflet.renderers.reportlab.css.properties import COMPUTE, INHERITED, INITIAL, Style
from pdflet.renderers.reportlab.css.registered import Registry
from pdflet.renderers.reportlab.css.selectors import DEAD
from pdflet.renderers.reportlab.css.sheets import Budget, CompiledSheet, Compiler
from pdflet.renderers.reportlab.css.structure import structural as structural
from pdflet.renderers.reportlab.css.values import significant
from pdflet.renderers.reportlab.css.variables import EMPTY, VARS_KEY, Dynamic, Substitution
from pdflet.renderers.reportlab.layout.lists import counter_text

UA_ORIGIN, AUTHOR_ORIGIN = 0, 1
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
CALL_TAG = "pdflet-footnote-call"  # a ``::footnote-call`` box, first child of its note until boxgen moves it
#: The user-agent styles of a note's call and marker (CSS GCPM), here rather than in ``ua.css``: a rule there
#: has no element to select by, and a universal one would be matched against every element of every document.
FOOTNOTE_UA = {
    "footnote-call": "content: counter(footnote); vertical-align: super; font-size: 70%",
    "footnote-marker": 'content: counter(footnote) ". "',
}
MARKER_ATTR = "pdflet-footnote-marker"  # set on a ``::footnote-marker`` box (dropped when a note stays in the text)
MAX_GENERATED_CHARS = 10_000
MONOSPACE = ("monospace",)


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
    #: declarations dropped (unknown property, or a value nothing here draws), by property name: for the report
    ignored: dict[str, int] = field(default_factory=dict)


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


def layer_ranks(sheets: list[CompiledSheet]) -> dict[str, int]:
    """Each layer name's rank (later wins for normal declarations), unlayered (``""``) above all.

    Layers are ordered by first appearance, a layer's sublayers before the rules directly in it: ``a.x``,
    ``a.y``, ``a``, ``b``, then unlayered styles.
    """
    first: dict[str, int] = {}
    for sheet in sheets:
        for name in sheet.layers:
            parts = name.split(".")
            for end in range(1, len(parts) + 1):
                first.setdefault(".".join(parts[:end]), len(first))
    never = len(first) + 1

    def path(name: str) -> tuple[int, ...]:
        parts = name.split(".")
        return (*(first[".".join(parts[:end])] for end in range(1, len(parts) + 1)), never)

    ranks = {name: rank for rank, name in enumerate(sorted(first, key=path))}
    ranks[""] = len(ranks)
    return ranks


def document_keys(root: Element) -> set[str]:
    """The ids (``#x``), classes (``.x``) and lower-case tag names the document has."""
    keys: set[str] = set()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        keys.add(element.tag.lower())
        ident = element.get("id")
        if ident is not None:
            keys.add("#" + ident)
        names = element.get("class")
        if names:
            keys.update("." + name for name in names.split())
    return keys


def build_matcher(
    sheets: list[CompiledSheet],
    ranks: dict[str, int],
    root: Element | None,
    media: MediaContext,
    ignored: dict[str, int] | None = None,
) -> cssselect2.Matcher:
    """A matcher of the sheets' rules, without those needing an id, class or tag the document lacks (in any
    compound: they could never match, and testing them is most of the time big framework sheets take)."""
    matcher = cssselect2.Matcher()
    present = document_keys(root) if root is not None else None
    for index, sheet in enumerate(sheets):
        for rule in sheet.rules:
            if present is not None and not rule.needs <= present:
                continue
            if rule.when and not all(condition.holds(media) for condition in rule.when):
                continue
            selector = rule.compiled()
            if ignored is not None:
                for name in rule.unknown:
                    ignored[name] = ignored.get(name, 0) + 1
            if selector is not DEAD:
                matcher.add_selector(selector, (index, rule.order, rule.declarations, ranks[rule.layer]))
    return matcher


def _ordered(normal: list[Any], important: list[Any]) -> list[Declaration]:
    """Declarations from lowest to highest precedence (normal ones by origin, specificity and order, then
    ``!important`` ones with the user-agent origin last)."""
    normal.sort(key=lambda item: item[0])
    important.sort(key=lambda item: (-item[0][0], *item[0][1:]))
    return [d for _, d in normal] + [d for _, d in important]


@functools.cache
def footnote_ua(kind: str) -> list[Declaration]:
    """The parsed :data:`FOOTNOTE_UA` declarations of ``::footnote-call`` or ``::footnote-marker``."""
    return [declaration for declaration, _ in parse_declarations(FOOTNOTE_UA[kind])]


@functools.cache
def ua_sheet() -> CompiledSheet:
    """The user-agent sheet, read once per process."""
    return Compiler().compile(_ua_css())


def ua_structural() -> bool:
    """Whether the user-agent sheet has selectors that look at siblings or children."""
    return ua_sheet().structural


def _ua_css() -> str:
    return resources.files("pdflet.renderers.reportlab").joinpath("ua.css").read_text(encoding="utf-8")


@functools.cache
def ua_matcher() -> cssselect2.Matcher:
    """The user-agent sheet, compiled once per process."""
    return build_matcher([ua_sheet()], {"": 0}, None, MediaContext())


class Cascade:
    """Computes the style of every element of one document."""

    def __init__(
        self,
        author_sheets: list[str],
        fetcher: Any = None,
        media: MediaContext | None = None,
        budget: Budget | None = None,
    ) -> None:
        media = media or MediaContext()
        self.media = media
        self.sheets = [sheetcache.compiled(css, fetcher, budget) for css in author_sheets]
        self.ranks = layer_ranks(self.sheets)
        faces = [
            _font_face(content)
            for sheet in self.sheets
            for content, when in sheet.font_faces
            if all(c.holds(media) for c in when)
        ]
        self.rules = SheetRules(
            pages=[
                _page_rule(prelude, content)
                for sheet in self.sheets
                for prelude, content, when in sheet.pages
                if all(c.holds(media) for c in when)
            ],
            font_faces=[face for face in faces if face is not None],
            structural=any(sheet.structural for sheet in self.sheets),
        )
        self.registry = Registry(rule for sheet in self.sheets for rule in sheet.properties)
        self.marker_styles: dict[Element, Style] = {}  # ``::marker`` styles of list items a rule gives one
        self.author = cssselect2.Matcher()  # the document's own, made in ``compute_tree``
        self._cache: dict[tuple[int, tuple[str, ...]], Style] = {}
        self.substitution = Substitution((self.media.width * 0.75, self.media.height * 0.75))
        self._keep: list[Style] = []
        self.root_font_size = INITIAL["font-size"]
        # target-counter(): the pages of the document's ids after a first layout (see renderer.render)
        self.target_pages: dict[str, int] | None = None
        self.uses_targets = False
        # footnotes: the page of each note's call in the last layout (by number), for ``@page { counter-reset:
        # footnote }``, which restarts the count on each page
        self.footnote_pages: dict[int, int] = {}
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
        self.author = build_matcher(self.sheets, self.ranks, root, self.media, self.rules.ignored)
        wrapper = cssselect2.ElementWrapper.from_html_root(root)
        root_style: Style = dict(INITIAL)
        self._keep.append(root_style)
        generated: list[tuple[Element, Style, dict[str, list[Declaration]], Style]] = []
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
            if pseudo and "marker" in pseudo and style["display"] == "list-item":
                self.marker_styles[etree] = self.compute(style, pseudo["marker"])
            if (pseudo and ("before" in pseudo or "after" in pseudo or "first-letter" in pseudo)) or style[
                "float"
            ] == "footnote":
                generated.append((etree, style, pseudo or {}, parent_style))
        self._counted: list[tuple[Element, tuple[Any, ...]]] = []
        self._pseudo_styles: dict[tuple[str, int, int], Style] = {}
        for etree, style, pseudo, parent_style in generated:  # after the walk: the tree is not changed meanwhile
            self._generate(etree, style, pseudo, styles, parent_style)
            if "first-letter" in pseudo and style["display"] in BLOCK_CONTAINERS:  # after its ::before
                self._first_letter(etree, pseudo["first-letter"], styles)
        self._pseudo_styles = {}
        if self._counted:
            count(root, styles, self._counted, self.footnote_pages if self._footnotes_per_page() else None)
        return styles

    def _generate(
        self,
        element: Element,
        style: Style,
        pseudo: dict[str, list[Declaration]],
        styles: dict[Element, Style],
        parent_style: Style,
    ) -> None:
        """Insert ``::before``/``::after`` boxes as children with their computed styles, and for a ``float:
        footnote`` element its ``::footnote-marker`` (first, before ``::before``) and ``::footnote-call`` (first
        of all, tagged :data:`CALL_TAG`: boxgen takes it out of the note and places it where the note was
        called). The call inherits from the text it sits in, the marker from the note.

        The generated text is plain element text, so it goes through the same escaping-free fragment path as
        document text and can never become markup.
        """
        if not isinstance(element.tag, str) or element.tag == PSEUDO_TAG:
            return
        footnote = style["float"] == "footnote"
        if element.tag in NO_PSEUDO_TAGS or style["display"] in NO_PSEUDO_DISPLAYS:
            kinds: tuple[str, ...] = ("footnote-call",) if footnote else ()  # an image note is still called
        else:
            kinds = ("before", "after", "footnote-marker", "footnote-call") if footnote else ("before", "after")
        for kind in kinds:
            declarations = pseudo.get(kind)
            if kind in FOOTNOTE_UA:
                declarations = footnote_ua(kind) + (declarations or [])
            if not declarations:
                continue
            base = parent_style if kind == "footnote-call" else style
            key = (kind, id(base), id(pseudo.get(kind)))  # (both alive until the walk ends: see compute_tree)
            box_style = self._pseudo_styles.get(key)
            if box_style is None:
                box_style = self._pseudo_styles[key] = self.compute(base, declarations)
            parts = box_style["content"]
            if not parts or box_style["display"] == "none":
                continue
            if any(part[0] in ("target", "leader") for part in parts):
                parts = self._cross_references(element, parts)
            counted = content.needs_walk(parts)
            text = content.static_text(parts, element)[:MAX_GENERATED_CHARS]
            if not text and not counted:
                continue
            box = Element(CALL_TAG if kind == "footnote-call" else PSEUDO_TAG)
            box.text = text
            if kind == "footnote-marker":
                box.set(MARKER_ATTR, "")
            if kind != "after":
                box.tail, element.text = element.text, None
                element.insert(0, box)
            else:
                element.append(box)
            styles[box] = box_style
            if counted:
                self._counted.append((box, parts))

    def _first_letter(self, element: Element, declarations: list[Declaration], styles: dict[Element, Style]) -> None:
        """The ``::first-letter`` box of a block (see first_letter.py), styled from the text's parent."""
        made = wrap_first_letter(element, PSEUDO_TAG)
        if made is None:
            return
        box, parent = made
        base = styles.get(parent)
        if base is None:
            base = styles[element]
        key = ("first-letter", id(base), id(declarations))
        box_style = self._pseudo_styles.get(key)
        if box_style is None:
            box_style = self._pseudo_styles[key] = self.compute(base, declarations)
        styles[box] = box_style

    def _footnotes_per_page(self) -> bool:
        return any(
            name == "counter-reset" and any(t.type == "ident" and t.value == "footnote" for t in tokens)
            for rule in self.rules.pages
            for name, tokens in rule.declarations
        )

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
                sheet, rule_order, declarations, rank = payload
                if kind is None:
                    lists = (normal, important)
                else:
                    if pseudo is None:
                        pseudo = {}
                    lists = pseudo.setdefault(kind, ([], []))
                for index, (declaration, is_important) in enumerate(declarations):
                    # Layers: later ones win for normal declarations, earlier ones for !important.
                    key = (origin, 0, -rank if is_important else rank, *specificity, sheet, rule_order, index)
                    lists[1 if is_important else 0].append((key, declaration))
        attribute = element.etree_element.get("style")
        if attribute:
            for index, (declaration, is_important) in enumerate(parse_declarations(attribute[:20000])):
                key = (AUTHOR_ORIGIN, 1, 0, 0, 0, 0, 0, 0, index)  # element-attached: above every layer
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
        style[VARS_KEY] = self._custom_properties(parent, by_name)
        ctx = (style, parent, self.root_font_size)
        sized = "font-size" in by_name  # checked after the loop below, which pops it
        for first in ("font-family", "font-weight", "font-style", "font-size", "color"):  # what ex/ch need
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

    def _custom_properties(self, parent: Style, by_name: dict[str, list[Declaration]]) -> Any:
        """The element's custom properties (popped from ``by_name``): the parent's map when it declares none."""
        inherited = self.registry.for_child(parent.get(VARS_KEY, EMPTY))
        declared: dict[str, list[Any] | None] = {}
        for name in [n for n in by_name if n.startswith("--")]:
            tokens = by_name.pop(name)[-1][1]
            word = tokens[0].lower_value if len(tokens) == 1 and tokens[0].type == "ident" else None
            if word == "initial":
                initial = self.registry.initial(name)
                declared[name] = initial[0] if initial is not None else None
            elif word not in ("inherit", "unset", "revert", "revert-layer"):
                declared[name] = tokens
        if not declared:
            return inherited
        return self.substitution.custom_properties(declared, inherited)

    def _apply_first_valid(self, style: Style, candidates: list[Declaration], ctx: tuple[Style, Style, float]) -> None:
        for declaration in reversed(candidates):
            if self._apply(style, declaration, ctx):
                return
        name = candidates[0][0]
        self.rules.ignored[name] = self.rules.ignored.get(name, 0) + 1

    def _apply(self, style: Style, declaration: Declaration, ctx: tuple[Style, Style, float]) -> bool:
        name, tokens, _ = declaration
        if type(tokens) is Dynamic:
            try:
                resolved = dynamic.resolve(name, tokens, ctx, self.substitution)
            except CalcError:
                resolved = None
            if resolved is None:
                if not tokens.has_var:
                    return False  # an invalid math function: invalid at parse time, an earlier value applies
                # Invalid at computed-value time: as ``unset`` (CSS Variables 1 §3.1).
                style[name] = ctx[1][name] if name in INHERITED else INITIAL[name]
                return True
            tokens = resolved
        elif font_units.mentions_font_units(declaration[2]):
            tokens = font_units.apply(name, tokens, ctx)
        if len(tokens) == 1 and tokens[0].type == "ident":
            word = tokens[0].lower_value
            if word == "inherit":
                style[name] = ctx[1][name]
                return True
            if word in ("initial", "unset", "revert", "revert-layer"):
                style[name] = ctx[1][name] if (word != "initial" and name in INHERITED) else INITIAL[name]
                return True
        try:
            value = COMPUTE[name](tokens, ctx)
        except (AttributeError, TypeError, ValueError, IndexError):
            value = None
        if value is None:
            if type(declaration[1]) is Dynamic and declaration[1].has_var:
                style[name] = ctx[1][name] if name in INHERITED else INITIAL[name]
                return True
            return False
        style[name] = value
        return True
