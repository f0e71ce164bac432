"""The hooks pdflet calls: declare the ``markdown`` field, turn it into ``request.html``."""

from __future__ import annotations

from pdflet import hookimpl
from pdflet.errors import InvalidRequest
from pdflet.request import RenderRequest, RequestFields

from pdflet_markdown.convert import markdown_to_html

MAX_MARKDOWN_CHARS = 5_000_000  # the body limit already bounds it; this keeps a library caller honest too


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
    request.html = markdown_to_html(source)
