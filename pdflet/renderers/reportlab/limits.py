"""Refusals before the expensive work: what the document would build, counted from its markup and its styles.

:func:`check_markup` runs on the raw HTML, before html5lib: it counts table cells the markup makes
(``<td>``, ``<th>`` and inline ``display: table-cell`` declarations) or its stylesheets make
(:mod:`cellscan`), and estimates the longest
paragraph (the text between two block-level tags, tags dropped, entities and whitespace runs
counted as one character). html5lib appends a long text node piece by piece, which costs time
quadratic in its length (a 1.4 M-character paragraph of ``&amp;``-rich text spent 22 s there
before the builder refused it), so the paragraph limit has to be applied before parsing.

:func:`check_boxes` runs after the cascade, before layout: every box whose computed ``display`` is
``table-cell`` counts, however a stylesheet made it one (90,000 ``<div class=c>`` cells otherwise
went through layout for 19 s).

Both limits are the builder's own (:data:`MAX_CELLS`, :data:`MAX_PARAGRAPH_CHARS`). The paragraph
estimate splits at block-level tags and at every tag with a ``class``, ``id`` or ``style`` (a
stylesheet could make it a block), so it counts more than the builder only when a stylesheet makes
bare inline tags blocks by their name alone (``span { display: block }``) inside such a run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from pdflet.errors import RenderFailed
from pdflet.renderers.reportlab.cellscan import styled_cells
from pdflet.renderers.reportlab.layout.collector import MAX_PARAGRAPH_CHARS
from pdflet.renderers.reportlab.parse import MAX_CELLS, MAX_ELEMENTS

_BLOCKS = (
    "address|article|aside|blockquote|body|caption|dd|details|dialog|div|dl|dt|fieldset|figcaption|figure|"
    "footer|form|h[1-6]|head|header|hgroup|hr|html|legend|li|main|menu|nav|ol|p|pre|section|summary|"
    "table|tbody|td|tfoot|th|thead|tr|ul"
)
# A block-level tag, or any tag a stylesheet could make a block (it has a class, id or style).
_BLOCK_TAG = re.compile(rf"</?(?:{_BLOCKS})(?=[\s/>])[^>]*>|<[a-zA-Z][^>]*?\s(?:class|id|style)\s*=[^>]*>", re.I)
# Elements whose content is never paragraph text (unclosed: to the end, as html5lib reads them).
_RAW = re.compile(r"<(script|style|template|title|textarea|noscript|xmp|iframe|noembed|noframes|svg)\b"
                  r".*?(?:</\1\s*>|\Z)", re.I | re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);?")
_SPACE = re.compile(r"\s+")
_START_TAG = re.compile(r"<[a-zA-Z]")
_TD = re.compile(r"<t[dh][\s>/]", re.I)
_DISPLAY_CELL = re.compile(r"display\s*:\s*table-cell", re.I)


def longest_paragraph(html: str, floor: int = MAX_PARAGRAPH_CHARS) -> int:
    """An estimate (never above the builder's count) of the longest paragraph's characters, if over ``floor``.

    Below ``floor`` the answer is only "not over it" (0): pieces that cannot exceed it are not measured.
    """
    if len(html) <= floor:
        return 0
    text = _COMMENT.sub("", _RAW.sub(" ", html))
    longest = 0
    for piece in _BLOCK_TAG.split(text):
        if len(piece) <= max(floor, longest):  # dropping tags and entities only shortens it
            continue
        chars = len(_SPACE.sub(" ", _ENTITY.sub("x", _TAG.sub("", piece))).strip())
        longest = max(longest, chars)
    return longest if longest > floor else 0


def _drop_css_comments(text: str) -> str:
    """``text`` without ``/* ... */`` (an unclosed one runs to the end, as in CSS); linear in any input."""
    out: list[str] = []
    start = 0
    while (opening := text.find("/*", start)) >= 0:
        out.append(text[start:opening])
        closing = text.find("*/", opening + 2)
        if closing < 0:
            return "".join(out)
        start = closing + 2
    out.append(text[start:])
    return "".join(out)


def markup_cells(html: str) -> int:
    """Table cells the markup itself makes: ``<td>``/``<th>`` and inline ``display: table-cell``."""
    if "/*" in html or "\\" in html:  # "display:/**/table\\-cell" reads as table-cell too
        html = _drop_css_comments(html).replace("\\", "")
    inline = 0
    if "table-cell" in html.lower():  # style attributes only: <style> sheets are cellscan's
        inline = len(_DISPLAY_CELL.findall(_RAW.sub(" ", html)))
    return len(_TD.findall(html)) + inline


def check_markup(html: str, css: str | None = None) -> None:
    """Refuse, before parsing, a document with too many elements or table cells, or a paragraph too long.

    ``css`` is the request's own stylesheet (it may make cells too).

    Raises:
        RenderFailed: with the count and the limit.
    """
    if html.count("<") > MAX_ELEMENTS:  # first: the other counts cost time per tag
        elements = len(_START_TAG.findall(html))
        if elements > MAX_ELEMENTS:
            raise RenderFailed(f"The document has {elements} elements; the limit is {MAX_ELEMENTS}.")
    cells = markup_cells(html)
    if cells <= MAX_CELLS:
        cells += styled_cells(html, css, counted=cells)
    if cells > MAX_CELLS:
        raise RenderFailed(f"The document has {cells} table cells; the limit is {MAX_CELLS}.")
    chars = longest_paragraph(html)
    if chars:
        raise RenderFailed(f"A paragraph has {chars} characters; the limit is {MAX_PARAGRAPH_CHARS}.")


def check_boxes(styles: Mapping[object, Mapping[str, object]] | Iterable[Mapping[str, object]]) -> None:
    """Refuse, after the cascade and before layout, a document with more table-cell boxes than the limit.

    Raises:
        RenderFailed: with the count and the limit.
    """
    values = styles.values() if isinstance(styles, Mapping) else styles
    cells = sum(1 for style in values if style.get("display") == "table-cell")
    if cells > MAX_CELLS:
        raise RenderFailed(f"The document has {cells} table cells; the limit is {MAX_CELLS}.")
