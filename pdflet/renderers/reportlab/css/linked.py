"""Stylesheets that come from elsewhere (``<link rel=stylesheet>``, ``@import``): fetched through the job's
fetcher, with their relative URLs made absolute against their own URL.

A browser resolves ``url(img/logo.png)`` and ``@import "base.css"`` in ``css/site.css`` relative to that
sheet, not to the document. The compiler (``sheets.Compiler``) fetches imports through
:class:`SheetFetcher`, which rewrites each fetched sheet's relative URLs to absolute ones once, so later
steps (``@font-face src``, ``background-image``, nested ``@import``) need no notion of where a rule came from.
Linked sheets become ``@import``\\ s (``sources.stylesheets``), so they take the same door, bounds and cache.
"""

from __future__ import annotations

from typing import Any

import tinycss2
from tinycss2.ast import URLToken
from tinycss2.serializer import serialize_url

from pdflet.renderers.assets import DOCUMENT_URL, resolve_url
from pdflet.renderers.report import RenderReport
from pdflet.renderers.resources import Fetcher, Resource

MAX_CSS_WARNINGS = 20


class SheetFetcher:
    """The compiler's fetcher: the job's, with every fetched sheet's relative URLs made absolute."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self.report = fetcher.report  # the compiler tells it what import limits cut

    def fetch(self, url: str) -> Resource:
        resource = self.fetcher.fetch(url, DOCUMENT_URL)
        if url[:5].lower() == "data:":
            return resource
        try:
            absolute = resolve_url(url.strip(), DOCUMENT_URL)
        except ValueError:
            return resource
        data = resource.data[3:] if resource.data.startswith(b"\xef\xbb\xbf") else resource.data
        rules = tinycss2.parse_stylesheet(data.decode("utf-8", "replace"))  # as written: its size is budgeted
        rules = [rule for rule in rules if rule.type != "error"]  # what a browser drops anyway
        absolutize(rules, absolute)
        try:
            text = tinycss2.serialize(rules)
        except TypeError:  # a parse error deep inside a block: keep the sheet as written rather than lose it
            return resource
        return Resource(text.encode("utf-8"), resource.mime_type)


def absolutize(nodes: list[Any], base: str) -> None:
    """Rewrite every relative ``url()`` (and ``@import "…"``) in ``nodes`` to an absolute URL, in place."""
    for index, node in enumerate(nodes):
        kind = getattr(node, "type", None)
        if kind == "url":
            nodes[index] = _url_token(node, node.value, base)
        elif kind == "function" and node.lower_name == "url":
            args = [a for a in node.arguments if a.type == "string"]
            if args:
                nodes[index] = _url_token(node, args[0].value, base)
        elif kind == "function":
            absolutize(node.arguments, base)
        elif kind in ("() block", "[] block", "{} block"):
            absolutize(node.content, base)
        elif kind in ("qualified-rule", "at-rule"):
            if kind == "at-rule" and node.lower_at_keyword == "import":
                for position, token in enumerate(node.prelude):
                    if token.type == "string":
                        node.prelude[position] = _url_token(token, token.value, base)
                        break
            absolutize(node.prelude, base)
            if node.content is not None:
                absolutize(node.content, base)


def _url_token(node: Any, url: str, base: str) -> URLToken:
    value = _absolute(url, base)
    return URLToken(node.source_line, node.source_column, value, f"url({serialize_url(value)})")


def _absolute(url: str, base: str) -> str:
    stripped = url.strip()
    if not stripped or stripped.startswith("#") or stripped[:5].lower() == "data:":
        return url
    try:
        return resolve_url(stripped, base)
    except ValueError:
        return url


def report_ignored(ignored: dict[str, int], report: RenderReport) -> None:
    """One ``css`` warning per property whose declarations were dropped, most frequent first."""
    ranked = sorted(ignored.items(), key=lambda item: (-item[1], item[0]))
    for name, times in ranked[:MAX_CSS_WARNINGS]:
        report.warn("css", f"CSS {name!r}: not supported, or its value is not; ignored {times} time"
                           f"{'s' if times != 1 else ''}.", property=name, ignored=times)
    if len(ranked) > MAX_CSS_WARNINGS:
        report.warn("css", f"{len(ranked) - MAX_CSS_WARNINGS} more CSS properties were ignored.")
