"""Markdown to a complete HTML document, with the default stylesheet.

markdown-it-py in CommonMark mode plus tables and strikethrough, with raw HTML turned
off: ``<script>`` or ``<img src=...>`` written inside the Markdown comes out as visible,
escaped text, so a Markdown request can carry nothing an HTML request could not, and a
writer who pastes angle brackets sees them printed. Links with ``javascript:`` or
``vbscript:`` targets are dropped by markdown-it's link validation.
"""

from __future__ import annotations

import functools
import html
from importlib.resources import files

from markdown_it import MarkdownIt


@functools.cache
def default_stylesheet() -> str:
    """The package's stylesheet, read once per process (it never depends on the document)."""
    return files("pdflet_markdown").joinpath("default.css").read_text(encoding="utf-8")


def make_parser(allow_html: bool = False) -> MarkdownIt:
    """A CommonMark parser with GitHub-style tables and strikethrough; raw HTML off unless asked."""
    return MarkdownIt("commonmark", {"html": allow_html, "typographer": True}).enable(
        ["table", "strikethrough", "replacements", "smartquotes"]
    )


def first_heading(md: MarkdownIt, source: str) -> str | None:
    """The text of the first heading, used as ``<title>`` (the PDF title when none is given)."""
    tokens = md.parse(source)
    for index, token in enumerate(tokens[:-1]):
        if token.type == "heading_open":
            inline = tokens[index + 1]
            text = "".join(child.content for child in inline.children or () if child.type in ("text", "code_inline"))
            return text.strip() or None
    return None


def markdown_to_html(source: str, allow_html: bool = False) -> str:
    """A full HTML document for ``source``; the request's own ``css`` still applies after ours."""
    md = make_parser(allow_html)
    body = md.render(source)
    title = first_heading(md, source)
    head_title = f"<title>{html.escape(title)}</title>" if title else ""
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"{head_title}<style>\n{default_stylesheet()}</style></head>\n"
        f'<body><article class="markdown-body">\n{body}</article></body></html>\n'
    )
