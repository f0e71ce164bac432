"""parse_render_body: the one parser of render bodies (JSON and multipart) and its budgets."""

from __future__ import annotations

import base64
import json

import pytest

from pdflet.config import Settings
from pdflet.errors import InvalidJson, InvalidRequest, PayloadTooLarge, UnsupportedMediaType
from pdflet.web.multipart import MAX_ASSETS, parse_render_body, request_limit

SETTINGS = Settings(max_body_bytes=1000, max_assets_bytes=5000)
BOUNDARY = "XyZ"
CT = f"multipart/form-data; boundary={BOUNDARY}"


def form(*parts: tuple[str, str | None, bytes]) -> bytes:
    out = b""
    for name, filename, data in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename is not None else "")
        out += f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + data + b"\r\n"
    return out + f"--{BOUNDARY}--\r\n".encode()


def test_multipart_fields_files_and_options():
    body = parse_render_body(CT, form(("files", "index.html", b"<p>x</p>"), ("files", "fonts/a.woff2", b"F"),
                                      ("options", None, b'{"page_size": "A5"}'), ("css", None, b"p{}"),
                                      ("report", None, b"true"), ("x", "style.css", b"s")), SETTINGS)
    assert body.fields == {"html": "<p>x</p>", "options": {"page_size": "A5"}, "css": "p{}"}
    assert body.assets == {"fonts/a.woff2": b"F", "style.css": b"s"} and body.report is True


def test_text_fields_may_come_as_files():
    body = parse_render_body(CT, form(("html", "page.html", b"<p>y</p>"), ("css", "x.css", b"p{}")), SETTINGS)
    assert body.fields == {"html": "<p>y</p>", "css": "p{}"} and body.assets == {}


@pytest.mark.parametrize(
    ("parts", "error"),
    [
        ((("html", None, b"a"), ("html", None, b"b")), InvalidRequest),  # a field twice
        ((("html", None, b"\xff\xfe"),), InvalidRequest),  # not UTF-8
        ((("options", None, b"{nope"),), InvalidJson),
        ((("report", None, b'"yes"'),), InvalidRequest),
        ((("files", "a.png", b"1"), ("files", "./a.png", b"2")), InvalidRequest),  # the same asset twice
        ((("files", "../a.png", b"1"),), InvalidRequest),
        ((("html", None, b"x" * 1001),), PayloadTooLarge),  # the document over its budget
        ((("files", "a.bin", b"x" * 3000), ("files", "b.bin", b"x" * 3000)), PayloadTooLarge),  # assets over
    ],
)
def test_multipart_refusals(parts, error):
    with pytest.raises(error):
        parse_render_body(CT, form(*parts), SETTINGS)


def test_too_many_parts_is_refused_before_parsing():
    parts = [("files", f"{i}.txt", b"") for i in range(MAX_ASSETS + 60)]
    with pytest.raises(PayloadTooLarge):
        parse_render_body(CT, form(*parts), Settings(max_assets_bytes=10**9))


def test_json_assets_and_budgets():
    encoded = base64.b64encode(b"x" * 3000).decode()
    body = parse_render_body("application/json", json.dumps({"html": "<p>x</p>", "assets": {"a": encoded}}).encode(),
                             SETTINGS)
    assert body.assets == {"a": b"x" * 3000}
    with pytest.raises(PayloadTooLarge):  # assets do not count against the document's budget, but have their own
        parse_render_body("application/json", json.dumps({"html": "x", "assets": {"a": encoded, "b": encoded}})
                          .encode(), SETTINGS)
    with pytest.raises(PayloadTooLarge):
        parse_render_body("application/json", json.dumps({"html": "x" * 1001}).encode(), SETTINGS)


@pytest.mark.parametrize("content_type", ["text/plain", "", "application/x-www-form-urlencoded", "multipart/mixed"])
def test_other_media_types_are_a_415(content_type):
    with pytest.raises(UnsupportedMediaType):
        parse_render_body(content_type, b"html=x", SETTINGS)


def test_a_boundary_is_required_and_the_limit_covers_both_budgets():
    with pytest.raises(InvalidRequest):
        parse_render_body("multipart/form-data", b"--x\r\n", SETTINGS)
    assert request_limit(SETTINGS) >= 1000 + 5000 * 4 // 3


def test_report_null_means_not_given():
    body = parse_render_body("application/json", b'{"html": "x", "report": null}', SETTINGS)
    assert body.report is False and "report" not in body.fields
