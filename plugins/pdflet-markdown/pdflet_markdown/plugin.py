"""The hooks pdflet calls: declare the ``markdown`` field, turn it into ``request.html``."""

from __future__ import annotations

import re

from pdflet import hookimpl
from pdflet.errors import InvalidRequest, RenderFailed
from pdflet.request import RenderRequest, RequestFields

from pdflet_markdown.convert import markdown_to_html

MAX_MARKDOWN_CHARS = 5_000_000  # the body limit already bounds it; this keeps a library caller honest too
# The default renderer's paragraph limit. A Markdown block (lines between blank lines) that long would
# be refused after conversion anyway; markdown-it alone needs ~10 s for 1.4 M characters of short lines,
# so the refusal comes first.
MAX_BLOCK_CHARS = 500_000
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")


def longest_block(source: str) -> int:
    """Characters in the longest run of lines without a blank line between them."""
    if len(source) <= MAX_BLOCK_CHARS:
        return len(source)
    return max(len(block) for block in _BLANK_LINE.split(source))


@hookimpl
def pdflet_request_fields() -> RequestFields:
    """``markdown`` may stand in for ``html``."""
    return RequestFields(fields=("markdown",), html_sources=("markdown",))


@hookimpl(tryfirst=True)
def pdflet_prepare_request(request: RenderRequest) -> None:
    """Replace the request's HTML with the rendered Markdown (first, so other plugins see HTML)."""
    source = request.plugin_fields.get("markdown")
    if source is None:
        return
    if not isinstance(source, str):
        raise InvalidRequest("'markdown' must be a string.")
    if not source.strip():
        raise InvalidRequest("'markdown' is empty.")
    if len(source) > MAX_MARKDOWN_CHARS:
        raise InvalidRequest(f"'markdown' is longer than {MAX_MARKDOWN_CHARS} characters.")
    if request.html.strip():
        raise InvalidRequest("Send either 'html' or 'markdown', not both.")
    block = longest_block(source)
    if block > MAX_BLOCK_CHARS:
        raise RenderFailed(f"A Markdown block (lines without a blank line between) has {block} characters; "
                           f"the limit is {MAX_BLOCK_CHARS}.")
    request.html = markdown_to_html(source)
