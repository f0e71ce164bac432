"""POST /api/v1/pdf/ over real HTTP: the happy path, options, and every bad input of the contract."""

from __future__ import annotations

import io
import json
import subprocess

import pytest
from pypdf import PdfReader

from pdflet.db.models import UsageDay
from tests.helpers import new_key, new_user, pdf_pages, pdf_text

HELLO = {"html": "<h1>Hello</h1>"}


def usage_rows(user) -> list[tuple[int, int, int]]:
    return [(u.requests, u.pages, u.bytes) for u in UsageDay.select().where(UsageDay.user == user)]


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers.get("X-Request-Id")
    body = response.json()
    assert set(body) == {"detail", "code"}
    assert body["code"] == code
    assert body["detail"]
    return body


def test_curl_line_from_the_docs_returns_a_pdf(server, api_key):
    result = subprocess.run(
        ["curl", "-sS", "-D", "-", f"{server.url}/api/v1/pdf/", "-H", f"X-API-Key: {api_key}",
         "-H", "Content-Type: application/json", "-d", '{"html": "<h1>Hello</h1>"}', "-o", "-"],
        capture_output=True, timeout=60, check=True,
    )
    head, _, body = result.stdout.partition(b"\r\n\r\n")
    assert b"200 OK" in head.split(b"\r\n")[0]
    assert b"application/pdf" in head
    assert body.startswith(b"%PDF-")
    assert pdf_text(body).strip() == "Hello"


def test_pdf_response_headers(server, key_headers):
    r = server.post("/api/v1/pdf/", json={**HELLO, "filename": "report-2024.pdf"}, headers=key_headers)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/pdf"
    assert r.headers["Content-Disposition"] == 'inline; filename="report-2024.pdf"'
    assert r.headers["X-Pdflet-Pages"] == "1"
    assert len(r.headers["X-Request-Id"]) >= 8
    assert int(r.headers["X-RateLimit-Limit"]) == 600
    assert int(r.headers["X-RateLimit-Remaining"]) < 600


def test_incoming_request_id_is_echoed(server, key_headers):
    r = server.post("/api/v1/pdf/", json=HELLO, headers={**key_headers, "X-Request-Id": "trace-123"})
    assert r.headers["X-Request-Id"] == "trace-123"
    r = server.post("/api/v1/pdf/", json=HELLO, headers={**key_headers, "X-Request-Id": "bad id\u00e9"})
    assert r.headers["X-Request-Id"] != "bad id"


@pytest.mark.parametrize("name", ['a"b.pdf', "../../etc/passwd", "line\nbreak.pdf", "x\\y.pdf", "", "...."])
def test_hostile_filenames_give_a_safe_content_disposition(server, key_headers, name):
    r = server.post("/api/v1/pdf/", json={**HELLO, "filename": name}, headers=key_headers)
    assert r.status_code == 200
    value = r.headers["Content-Disposition"]
    filename = value.split('filename="', 1)[1][:-1]
    assert filename.endswith(".pdf")
    assert not set('"/\\\r\n') & set(filename)
    assert not filename.startswith(".")


def test_page_options_and_metadata(server, key_headers):
    body = {
        "html": "<title>Doc title</title><p>Body</p>",
        "options": {"page_size": "Letter", "orientation": "landscape", "margin": "1in 0.5in",
                    "author": "Ada", "subject": "Tests", "keywords": "a, b"},
    }
    r = server.post("/api/v1/pdf/", json=body, headers=key_headers)
    assert r.status_code == 200, r.text
    reader = PdfReader(io.BytesIO(r.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (792, 612)
    assert reader.metadata.title == "Doc title"
    assert reader.metadata.author == "Ada"
    assert reader.metadata.subject == "Tests"


def test_explicit_page_size_in_lengths(server, key_headers):
    r = server.post("/api/v1/pdf/", json={**HELLO, "options": {"page_size": "100mm 150mm"}}, headers=key_headers)
    box = PdfReader(io.BytesIO(r.content)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (283, 425)


def test_renders_with_a_bearer_token(server, bearer):
    r = server.post("/api/v1/pdf/", json=HELLO, headers=bearer)
    assert r.status_code == 200
    assert pdf_text(r.content).strip() == "Hello"


def test_live_renders_are_metered(server, db):
    owner = new_user()
    key = new_key(owner)
    for _ in range(2):
        assert server.post("/api/v1/pdf/", json=HELLO, headers={"X-API-Key": key}).status_code == 200
    [(requests_, pages, size)] = usage_rows(owner)
    assert (requests_, pages) == (2, 2)
    assert size > 500


def test_test_keys_watermark_every_page_and_are_not_metered(server, db):
    owner = new_user()
    key = new_key(owner, mode="test")
    assert key.startswith("pk_test_")
    html = "<p>one</p><p style='page-break-before: always'>two</p>"
    r = server.post("/api/v1/pdf/", json={"html": html}, headers={"X-API-Key": key})
    assert r.status_code == 200, r.text
    assert pdf_pages(r.content) == 2
    reader = PdfReader(io.BytesIO(r.content))
    for page in reader.pages:
        assert "TEST" in page.extract_text()
    assert usage_rows(owner) == []


# -- bad input: clear 4xx, nothing stored, server keeps serving ---------------------------------

def post_raw(server, data, headers, content_type="application/json"):
    return server.post("/api/v1/pdf/", data=data, headers={**headers, "Content-Type": content_type})


@pytest.mark.parametrize("raw", [b"{not json", b"", b"\xff\xfe\x00", b'{"html": "<p>x</p>"', b"[" * 100000])
def test_malformed_json(server, key_headers, user, raw):
    assert_error(post_raw(server, raw, key_headers), 400, "invalid_json")
    assert usage_rows(user) == []


@pytest.mark.parametrize("doc", [[], "html", 42, None, ["<p>x</p>"]])
def test_json_that_is_not_an_object(server, key_headers, doc):
    assert_error(post_raw(server, json.dumps(doc), key_headers), 400, "invalid_json")


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({}, "html"),
        ({"html": None}, "html"),
        ({"html": 5}, "html"),
        ({"html": ["<p>"]}, "html"),
        ({"html": "   "}, "empty"),
        ({"html": "<p>x</p>", "css": 3}, "css"),
        ({"html": "<p>x</p>", "htlm": "typo"}, "htlm"),
        ({"html": "<p>x</p>", "options": {"page_sise": "A4"}}, "page_sise"),
        ({"html": "<p>x</p>", "options": {"page_size": "A99"}}, "page_size"),
        ({"html": "<p>x</p>", "options": {"page_size": "-5mm 10mm"}}, "page_size"),
        ({"html": "<p>x</p>", "options": {"page_size": "1e400mm"}}, "page_size"),
        ({"html": "<p>x</p>", "options": {"orientation": "sideways"}}, "orientation"),
        ({"html": "<p>x</p>", "options": {"margin": "2 furlongs"}}, "margin"),
        ({"html": "<p>x</p>", "options": {"margin": "-1mm"}}, "margin"),
        ({"html": "<p>x</p>", "options": {"title": 7}}, "title"),
        ({"html": "<p>x</p>", "options": "A4"}, "options"),
        ({"html": "<p>x</p>", "renderer": "nope"}, "reportlab"),
        ({"html": "<p>x</p>", "filename": 3}, "filename"),
    ],
)
def test_invalid_requests_name_the_problem(server, key_headers, user, body, needle):
    detail = assert_error(server.post("/api/v1/pdf/", json=body, headers=key_headers), 400, "invalid_request")["detail"]
    assert needle in detail
    assert usage_rows(user) == []


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_wrong_content_type(server, key_headers, content_type):
    r = post_raw(server, json.dumps(HELLO), key_headers, content_type)
    assert_error(r, 415, "unsupported_media_type")


def test_json_with_charset_is_accepted(server, key_headers):
    r = post_raw(server, json.dumps(HELLO).encode(), key_headers, "application/json; charset=utf-8")
    assert r.status_code == 200


def test_twenty_megabyte_body_is_refused(server, key_headers, user):
    big = json.dumps({"html": "<p>" + "x" * (20 * 1024 * 1024) + "</p>"})
    r = post_raw(server, big, key_headers)
    assert_error(r, 413, "payload_too_large")
    assert server.get("/healthz").status_code == 200
    assert usage_rows(user) == []


def test_chunked_body_over_the_limit_is_refused(server, key_headers):
    def chunks():
        yield b'{"html": "'
        for _ in range(11):
            yield b"x" * (1024 * 1024)
        yield b'"}'

    r = post_raw(server, chunks(), key_headers)
    assert_error(r, 413, "payload_too_large")
    assert server.get("/healthz").status_code == 200


def test_unknown_route_and_wrong_method(server, key_headers):
    assert_error(server.get("/api/v1/nope/"), 404, "not_found")
    assert_error(server.get("/api/v1/pdf/", headers=key_headers), 405, "method_not_allowed")
    assert_error(server.delete("/api/v1/pdf/", headers=key_headers), 405, "method_not_allowed")


def test_server_keeps_serving_after_bad_input(server, key_headers):
    r = server.post("/api/v1/pdf/", json=HELLO, headers=key_headers)
    assert r.status_code == 200
