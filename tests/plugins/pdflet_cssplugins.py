"""A fetcher plugin for the CSS limit tests: ``https://test-css.invalid/big…`` is a 6 MiB stylesheet (one long
comment)."""

from __future__ import annotations

from pdflet import hookimpl
from pdflet.renderers.resources import Resource

BIG = b"/*" + b" " * (6 * 1024 * 1024) + b"*/ .late { color: red }"


@hookimpl
def pdflet_fetch_resource(url):
    if url.startswith("https://test-css.invalid/big"):
        return Resource(BIG, "text/css")
    return None
