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

from pdflet.renderers.reportlab.parse import MAX_CELLS

_STYLE = re.compile(r"<style\b[^>]*>(.*?)(?:</style\s*>|\Z)", re.I | re.S)
_START_TAG = re.compile(r"<[a-zA-Z]")
_TABLE_CELL = re.compile(r"display\s*:\s*table-cell", re.I)
_COMBINATOR = re.compile(r"\s*[>+~]\s*|\s+")
_TAG = re.compile(r"^[a-zA-Z][\w-]*")
_CLASS = re.compile(r"\.([\w-]+)")
_ID = re.compile(r"#([\w-]+)")
_SIMPLE = re.compile(r"^[a-zA-Z][\w-]*(?:[.#][\w-]+)*$|^(?:[.#][\w-]+)+$")  # tag, classes, id: nothing else


def _rules(css: str) -> list[tuple[str, str]]:
    """(selector, declarations) of every qualified rule, those inside @media/@supports included."""
    found: list[tuple[str, str]] = []
    pending = [tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)]
    while pending:
        for rule in pending.pop():
            if rule.type == "qualified-rule":
                found.append((tinycss2.serialize(rule.prelude).strip(), tinycss2.serialize(rule.content)))
            elif rule.type == "at-rule" and rule.content is not None:
                pending.append(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
    return found


def cell_selectors(sheets: list[str]) -> list[str]:
    """Selectors of the rules that declare ``display: table-cell``."""
    return [sel for css in sheets for sel, body in _rules(css) if _TABLE_CELL.search(body)]


def _subject(selector: str) -> tuple[str | None, set[str], str | None]:
    """The tag, classes and id of a selector's last compound (what a matching element must have)."""
    last = _COMBINATOR.split(selector.strip())[-1]
    tag = _TAG.match(last)
    found_id = _ID.search(last)
    return (tag.group(0).lower() if tag else None, set(_CLASS.findall(last)),
            found_id.group(1) if found_id else None)


def _may_match(element: lxml.etree._Element, subjects: list[tuple[str | None, set[str], str | None]]) -> bool:
    classes = set((element.get("class") or "").split())
    for tag, wanted, ident in subjects:
        if (tag is None or element.tag == tag) and wanted <= classes and (ident is None or element.get("id") == ident):
            return True
    return False


def styled_cells(html: str, css: str | None = None) -> int:
    """How many elements stylesheets make table cells; 0 when it cannot be over :data:`MAX_CELLS`.

    Past the limit the count stops early: the answer is then only "over it".
    """
    if html.count("<") <= MAX_CELLS or sum(1 for _ in _START_TAG.finditer(html)) <= MAX_CELLS:
        return 0
    sheets = [m.group(1) for m in _STYLE.finditer(html)] + ([css] if css else [])
    selectors = [s for s in cell_selectors([s for s in sheets if _TABLE_CELL.search(s)]) if s]
    if not selectors:
        return 0
    try:
        root = lxml.html.document_fromstring(html)
        compiled = [c for s in selectors for c in cssselect2.compile_selector_list(s)]
    except (lxml.etree.LxmlError, ValueError, cssselect2.SelectorError):
        return 0  # the cascade counts it instead
    parts = [part.strip() for sel in selectors for part in sel.split(",")]
    subjects = [_subject(part) for part in parts]
    bound = sum(1 for e in root.iter() if isinstance(e.tag, str) and _may_match(e, subjects))
    if bound <= MAX_CELLS:
        return 0
    if all(_SIMPLE.match(part) for part in parts):
        return bound  # for selectors of one compound the bound is the count
    matcher = cssselect2.Matcher()
    for selector in compiled:
        matcher.add_selector(selector, True)
    count = 0
    for wrapper in cssselect2.ElementWrapper.from_html_root(root).iter_subtree():
        if isinstance(wrapper.etree_element.tag, str) and matcher.match(wrapper):
            count += 1
            if count > MAX_CELLS:
                break
    return count if count > MAX_CELLS else 0
