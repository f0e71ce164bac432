"""A document's author stylesheets, in cascade order: ``<style>``, ``<link rel=stylesheet>`` and ``@import``.

Every linked or imported sheet comes through the job's fetcher (the request's assets, or a remote URL an
operator allowed), and its relative ``url()`` values are rewritten to absolute URLs against the sheet's own
URL here, once, so that later steps (``@font-face src``, ``background-image``, nested ``@import``) resolve
them the way a browser does: relative to the stylesheet they appear in, not to the document.

Limits, each told in the render report: an ``@import`` chain at most :data:`MAX_IMPORT_DEPTH` deep, at most
:data:`MAX_SHEETS` fetched sheets per document, :data:`MAX_SHEET_CHARS` characters per sheet; an ``@import``
loop is cut where it closes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

import tinycss2
from tinycss2.ast import URLToken
from tinycss2.serializer import serialize_url

from pdflet.renderers.assets import DOCUMENT_URL, resolve_url
from pdflet.renderers.report import RenderReport
from pdflet.renderers.reportlab.css.cascade import media_words_apply
from pdflet.renderers.resources import Fetcher, ResourceError

MAX_SHEET_CHARS = 2_000_000
MAX_IMPORT_DEPTH = 8
MAX_SHEETS = 64
_WORD = re.compile(r"[a-z][a-z-]*")


@dataclass
class _Walk:
    """State of one document's sheet collection."""

    fetcher: Fetcher
    report: RenderReport
    media: str = "print"
    fetched: int = 0
    out: list[list[Any]] = field(default_factory=list)


def _applies(media_attribute: str | None, media: str) -> bool:
    """A ``media`` attribute's verdict for the medium rendered (print, or screen when emulated)."""
    return media_words_apply(_WORD.findall((media_attribute or "").lower()), media)


def collect_sheets(root: Element, extra_css: str | None, fetcher: Fetcher, media: str = "print") -> list[list[Any]]:
    """The author sheets of ``root`` as parsed rule lists, imports first, ``extra_css`` last."""
    walk = _Walk(fetcher, fetcher.report, media=media)
    for element in root.iter():
        tag = element.tag
        if tag == "style":
            if _applies(element.get("media"), media):
                _add(walk, "".join(element.itertext()), DOCUMENT_URL, (), "<style>")
        elif tag == "link":
            rel = (element.get("rel") or "").lower().split()
            href = (element.get("href") or "").strip()
            if "stylesheet" in rel and "alternate" not in rel and href and _applies(element.get("media"), media):
                _fetch_and_add(walk, href, DOCUMENT_URL, ())
    if extra_css:
        _add(walk, extra_css, DOCUMENT_URL, (), "the request's css")
    return walk.out


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8", "replace")


def _fetch_and_add(walk: _Walk, url: str, base: str, chain: tuple[str, ...]) -> None:
    try:
        absolute = resolve_url(url, base)
    except ValueError:
        absolute = url  # the fetcher refuses it below, and reports it
    if absolute in chain:
        walk.report.warn("css", f"@import loop: {absolute[-200:]} imports itself; the loop was cut.")
        return
    if len(chain) >= MAX_IMPORT_DEPTH:
        walk.report.warn("limit", f"@import nested deeper than {MAX_IMPORT_DEPTH}; deeper sheets were ignored.")
        return
    if walk.fetched >= MAX_SHEETS:
        walk.report.warn("limit", f"More than {MAX_SHEETS} linked or imported stylesheets; the rest were ignored.")
        return
    walk.fetched += 1
    try:
        resource = walk.fetcher.fetch(url, base)
    except ResourceError:
        return  # the fetcher reported it
    _add(walk, _decode(resource.data), absolute, (*chain, absolute), absolute)


def _add(walk: _Walk, text: str, base: str, chain: tuple[str, ...], name: str) -> None:
    if len(text) > MAX_SHEET_CHARS:
        walk.report.warn("limit", f"Stylesheet {name[-200:]} is over {MAX_SHEET_CHARS} characters; the rest "
                                  "was ignored.")
        text = text[:MAX_SHEET_CHARS]
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    if base != DOCUMENT_URL:
        _absolutize(rules, base)
    body_started = False
    kept = []
    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            if body_started:
                walk.report.warn("css", "@import after other rules is ignored (as browsers do).")
                continue
            target, applies = _import_target(rule.prelude, walk.media)
            if target and applies:
                _fetch_and_add(walk, target, base, chain)
            continue
        if not (rule.type == "at-rule" and rule.lower_at_keyword == "charset"):
            body_started = True
        kept.append(rule)
    walk.out.append(kept)


def _import_target(prelude: list[Any], media: str) -> tuple[str | None, bool]:
    """The URL of an ``@import`` and whether its media list applies to print."""
    tokens = [t for t in prelude if t.type not in ("whitespace", "comment")]
    if not tokens:
        return None, False
    first = tokens[0]
    url = None
    if first.type in ("url", "string"):
        url = first.value
    elif first.type == "function" and first.lower_name == "url":
        args = [a for a in first.arguments if a.type == "string"]
        url = args[0].value if args else None
    return url, media_words_apply([t.lower_value for t in tokens[1:] if t.type == "ident"], media)


def _absolutize(nodes: list[Any], base: str) -> None:
    """Rewrite every relative ``url()`` in ``nodes`` (rules, blocks, functions) to an absolute URL, in place."""
    for index, node in enumerate(nodes):
        kind = getattr(node, "type", None)
        if kind == "url":
            value = _absolute(node.value, base)
            nodes[index] = URLToken(node.source_line, node.source_column, value, f"url({serialize_url(value)})")
        elif kind == "function" and node.lower_name == "url":
            args = [a for a in node.arguments if a.type == "string"]
            if args:
                value = _absolute(args[0].value, base)
                nodes[index] = URLToken(node.source_line, node.source_column, value, f"url({serialize_url(value)})")
        elif kind == "function":
            _absolutize(node.arguments, base)
        elif kind in ("() block", "[] block", "{} block"):
            _absolutize(node.content, base)
        elif kind in ("qualified-rule", "at-rule"):
            _absolutize(node.prelude, base)
            if node.content is not None:
                _absolutize(node.content, base)


def _absolute(url: str, base: str) -> str:
    stripped = url.strip()
    if not stripped or stripped.startswith("#") or stripped[:5].lower() == "data:":
        return url
    try:
        return resolve_url(stripped, base)
    except ValueError:
        return url


MAX_CSS_WARNINGS = 20


def report_ignored(ignored: dict[str, int], report: RenderReport) -> None:
    """One ``css`` warning per property whose declarations were dropped, most frequent first."""
    ranked = sorted(ignored.items(), key=lambda item: (-item[1], item[0]))
    for name, times in ranked[:MAX_CSS_WARNINGS]:
        report.warn("css", f"CSS {name!r}: not supported, or its value is not; ignored {times} time"
                           f"{'s' if times != 1 else ''}.", property=name, ignored=times)
    if len(ranked) > MAX_CSS_WARNINGS:
        report.warn("css", f"{len(ranked) - MAX_CSS_WARNINGS} more CSS properties were ignored.")
