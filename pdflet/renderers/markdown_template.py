"""Gotenberg's Markdown route: ``{{ toHTML "file.md" }}`` in an ``index.html`` template, filled with HTML.

Converting runs in the render worker (the pipeline calls :func:`fill_markdown` before rendering), so a
pathological Markdown file costs the worker's time budget, never the web process's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pdflet.errors import InvalidRequest

TO_HTML = re.compile(r"\{\{-?\s*toHTML\s+\"([^\"]{1,1024})\"\s*-?\}\}")


def markdown_names(template: str) -> list[str]:
    """The files a template asks for, in order."""
    return [match.group(1) for match in TO_HTML.finditer(template)]


def fill_markdown(template: str, assets: Mapping[str, bytes]) -> str:
    """``template`` with each ``{{ toHTML "name.md" }}`` replaced by that asset rendered as CommonMark
    (with tables and strikethrough; raw HTML kept, as the renderer treats all HTML as untrusted anyway)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])

    def swap(match: re.Match[str]) -> str:
        name = match.group(1)
        source = assets.get(name)
        if source is None:
            raise InvalidRequest(f"index.html asks for {name!r} (toHTML), which was not sent.")
        try:
            return md.render(source.decode("utf-8"))
        except UnicodeDecodeError:
            raise InvalidRequest(f"{name!r} is not UTF-8 text.") from None

    return TO_HTML.sub(swap, template)
