"""Counting the table cells a stylesheet makes, before html5lib and the cascade pay for every element.

``display: table-cell`` set by a rule (``.c { display: table-cell }``) is only known after the
cascade, and html5lib alone needs over a second for the 90,000 elements such an attack sends. So a
document with more elements than :data:`MAX_CELLS` whose stylesheets declare ``table-cell`` is
read first with lxml's C parser, and the rules' selectors are matched with cssselect2:

1. an upper bound: elements matching a selector's last compound (tag, classes, id) — cheap, and
   enough to let almost every honest document through at once; for selectors that are one such
   compound (``.c``, ``div.cell``) it is the count;
2. past that bound, for other selectors, the exact count, stopping as soon as it is over the limit.

lxml's parser is not HTML5's, so on tag soup its tree can differ slightly from html5lib's; the
cascade's own count (:func:`limits.check_boxes`) stays the authority before layout.
"""

from __future__ import annotations

import re

import cssselect2
import lxml.etree
import lxml.html
import tinycss2
from cssselect import ExpressionError, HTMLTranslator, SelectorError

from pdflet.renderers.reportlab.parse import MAX_CELLS

_STYLE = re.compile(r"<style\b([^>]*)>(.*?)(?:</style\s*>|\Z)", re.I | re.S)
_SCREEN_ONLY = re.compile(r"\bmedia\s*=\s*['\"]?\s*screen\b", re.I)  # the renderer skips these sheets
_START_TAG = re.compile(r"<[a-zA-Z]")
_COMBINATOR = re.compile(r"\s*[>+~]\s*|\s+")
_TAG = re.compile(r"^[a-zA-Z][\w-]*")
_CLASS = re.compile(r"\.([\w-]+)")
_ID = re.compile(r"#([\w-]+)")
_SIMPLE = re.compile(r"^[a-zA-Z][\w-]*(?:[.#][\w-]+)*$|^(?:[.#][\w-]+)+$")  # tag, classes, id: nothing else


def _makes_cells(content: list) -> bool:
    """Whether a rule's declarations set ``display: table-cell`` (as tinycss2 reads it: comments, escapes)."""
    for decl in tinycss2.parse_declaration_list(content, skip_comments=True, skip_whitespace=True):
        if decl.type == "declaration" and decl.lower_name == "display":
            values = [t for t in decl.value if t.type not in ("whitespace", "comment")]
            if values and values[0].type == "ident" and values[0].lower_value == "table-cell":
                return True
    return False


def cell_selectors(sheets: list[str]) -> list[str]:
    """Selectors of the rules that declare ``display: table-cell``, those inside @media/@supports included."""
    found: list[str] = []
    pending = [tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True) for css in sheets]
    while pending:
        for rule in pending.pop():
            if rule.type == "qualified-rule" and _makes_cells(rule.content):
                found.append(tinycss2.serialize(rule.prelude).strip())
            elif rule.type == "at-rule" and rule.content is not None:
                pending.append(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
    return found


def _subject(selector: str) -> tuple[str | None, set[str], str | None]:
    """The tag, classes and id of a selector's last compound (what a matching element must have)."""
    last = _COMBINATOR.split(selector.strip())[-1]
    tag = _TAG.match(last)
    found_id = _ID.search(last)
    return (tag.group(0).lower() if tag else None, set(_CLASS.findall(last)),
            found_id.group(1) if found_id else None)


def _may_match(element: lxml.etree._Element, subjects: list[tuple[str | None, set[str], str | None]]) -> bool:
    if element.tag in ("td", "th"):  # counted from the markup already
        return False
    classes = set((element.get("class") or "").split())
    for tag, wanted, ident in subjects:
        if (tag is None or element.tag == tag) and wanted <= classes and (ident is None or element.get("id") == ident):
            return True
    return False


def _xpath_count(root: lxml.etree._Element, parts: list[str]) -> int | None:
    """Elements besides ``<td>``/``<th>`` that any of the selectors match, counted by lxml's XPath in C (no
    Python object per element), or None when one does not translate to XPath (cssselect2 counts those)."""
    translator = HTMLTranslator()
    try:
        union = " | ".join(f"({translator.css_to_xpath(part)})" for part in parts)
        found = lxml.etree.XPath(f"count(({union})[not(self::td or self::th)])")(root)
    except (SelectorError, ExpressionError, lxml.etree.XPathError):
        return None
    return int(found)


def styled_cells(html: str, css: str | None = None, counted: int = 0) -> int:
    """How many elements besides ``<td>``/``<th>`` stylesheets make table cells; 0 unless that and
    ``counted`` (the cells the markup makes) together are over :data:`MAX_CELLS`.

    Past the limit the count stops early: the answer is then only "over it".
    """
    limit = MAX_CELLS - counted
    if html.count("<") <= limit or len(_START_TAG.findall(html)) <= limit:
        return 0
    sheets = [m.group(2) for m in _STYLE.finditer(html) if not _SCREEN_ONLY.search(m.group(1))]
    selectors = [s for s in cell_selectors(sheets + ([css] if css else [])) if s]
    if not selectors:
        return 0
    try:
        root = lxml.html.document_fromstring(html)
        compiled = [c for s in selectors for c in cssselect2.compile_selector_list(s)]
    except (lxml.etree.LxmlError, ValueError, cssselect2.SelectorError):
        return 0  # the cascade counts it instead
    parts = [part.strip() for sel in selectors for part in sel.split(",")]
    if not all(_SIMPLE.match(part) for part in parts):
        exact = _xpath_count(root, parts)  # combinators: lxml's XPath matches them in C, in one pass
        if exact is not None:
            return exact if exact > limit else 0
    subjects = [_subject(part) for part in parts]
    bound = sum(1 for e in root.iter() if isinstance(e.tag, str) and _may_match(e, subjects))
    if bound <= limit:
        return 0
    if all(_SIMPLE.match(part) for part in parts):
        return bound  # for selectors of one compound the bound is the count
    matcher = cssselect2.Matcher()
    for selector in compiled:
        matcher.add_selector(selector, True)
    count = 0
    for wrapper in cssselect2.ElementWrapper.from_html_root(root).iter_subtree():
        tag = wrapper.etree_element.tag
        if isinstance(tag, str) and tag not in ("td", "th") and matcher.match(wrapper):
            count += 1
            if count > limit:
                break
    return count if count > limit else 0
