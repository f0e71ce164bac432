"""Failures the renderer fuzzing found, kept as small regression tests."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from pdflet import render_pdf
from pdflet.pipeline import validate_request
from pdflet.plugins import make_plugin_manager
from tests.helpers import pdf_text


def test_lone_surrogates_from_json_escapes_do_not_crash_the_renderer():
    """JSON may carry "\\ud800"; writing it to PDF metadata raised UnicodeEncodeError inside ReportLab."""
    pm = make_plugin_manager(load_entrypoints=False)
    body = {"html": "<p>a\ud800b</p>", "css": "p::after { content: '\udfff' }",
            "options": {"title": "\ud800", "author": "x\udc00", "header_html": "<b>\ud800</b>"}}
    request = validate_request(pm, body)
    assert "\ud800" not in request.html and request.options.title == "\ufffd"
    data = render_pdf(body["html"], css=body["css"], **body["options"])
    assert "a" in pdf_text(data)


def outline_entries(data: bytes) -> list[tuple[int, str]]:
    def walk(items: list, depth: int) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        for item in items:
            found += walk(item, depth + 1) if isinstance(item, list) else [(depth, item.title)]
        return found

    return walk(PdfReader(io.BytesIO(data)).outline, 0)


@pytest.mark.parametrize(("html", "outline"), [
    ("<ul><li><h2>a</h2></li></ul>", [(0, "a")]),
    ("<h1>x</h1><ol><li><h3>a</h3></li></ol>", [(0, "x"), (1, "a")]),
    ("<div><ol><li><h2>a</h2><h1>b</h1></li></ol></div>", [(0, "a"), (0, "b")]),
])
def test_heading_first_in_a_list_item(html, outline):
    """ReportLab raised ValueError ("can't jump from outline level -1 to level 1") for these."""
    assert outline_entries(render_pdf(html)) == outline
