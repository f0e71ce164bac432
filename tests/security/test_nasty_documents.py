"""Nasty documents over HTTP through a real server: a PDF (200) or a reason (422), in time, and it keeps serving.

The server runs with a short ``PDFLET_RENDER_TIMEOUT`` (5 s) so the suite stays quick, and every document
must be answered within it: a 504 ``render_timeout`` fails the test. The pathological ones (a million
empty elements, 10 MB in one paragraph, 20,000 glyphs in a 1px column, 10,000-level nesting, a
100,000-cell table) render in about a second or are refused with a reason before layout.
"""

from __future__ import annotations

import re
import time

import pytest
import requests

from tests.conftest import Server
from tests.security import nasty
from tests.security.conftest import RENDER_TIMEOUT

ANSWERS = {200, 422}


def post(srv: Server, headers: dict[str, str], body: dict) -> tuple[requests.Response, float]:
    started = time.monotonic()
    r = requests.post(srv.url + "/api/v1/pdf/", json=body, headers=headers, timeout=RENDER_TIMEOUT + 60)
    return r, time.monotonic() - started


def assert_still_serving(srv: Server, headers: dict[str, str]) -> None:
    assert srv.process.poll() is None, srv.log()[-3000:]
    ok = requests.post(srv.url + "/api/v1/pdf/", json={"html": "<p>still here</p>"}, headers=headers, timeout=60)
    assert ok.status_code == 200, ok.text


def check(srv: Server, headers: dict[str, str], body: dict) -> requests.Response:
    r, seconds = post(srv, headers, body)
    try:
        assert seconds < RENDER_TIMEOUT + 20, f"answered after {seconds:.1f} s"
        assert r.status_code in ANSWERS, f"{r.status_code}: {r.text[:300]}"
        if r.status_code == 200:
            assert r.content.startswith(b"%PDF-") and int(r.headers["X-Pdflet-Pages"]) >= 1
        elif r.status_code == 422:
            detail = r.json()["detail"]
            assert r.json()["code"] == "render_failed" and detail
            assert not re.search(r"0x[0-9a-f]{6,}", detail), f"the reason leaks a heap address: {detail}"
    finally:
        assert_still_serving(srv, headers)
    return r


CHECKED_BELOW = ("a_million_empty_elements", "narrow_long_word")


@pytest.mark.parametrize("name", [name for name in nasty.NASTY if name not in CHECKED_BELOW])
def test_nasty_document(nasty_server, nasty_headers, name):
    check(nasty_server, nasty_headers, nasty.NASTY[name]())


def test_a_million_empty_elements_is_refused_with_a_reason(nasty_server, nasty_headers):
    r = check(nasty_server, nasty_headers, nasty.a_million_empty_elements())
    assert r.status_code == 422 and "1000000 elements" in r.json()["detail"]


def test_a_narrow_column_of_glyphs_renders(nasty_server, nasty_headers):
    r = check(nasty_server, nasty_headers, nasty.narrow_long_word())
    assert r.status_code == 200 and int(r.headers["X-Pdflet-Pages"]) > 300  # one glyph per line


def test_ten_megabytes_of_text(nasty_server, nasty_headers):
    limit = 10 * 1024 * 1024
    body = nasty.ten_megabytes_of_text(limit)
    assert limit - 1024 < len(body["html"]) < limit
    r = check(nasty_server, nasty_headers, body)
    assert r.status_code == 422 and "paragraph has" in r.json()["detail"]


def test_invalid_utf8_bytes_are_a_400(nasty_server, nasty_headers):
    raw = b'{"html": "<p>\xff\xfe\xc3\x28 \xed\xa0\x80</p>"}'
    r = requests.post(nasty_server.url + "/api/v1/pdf/", data=raw, timeout=30,
                      headers={**nasty_headers, "Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["code"] == "invalid_json"
    assert_still_serving(nasty_server, nasty_headers)


def test_eleven_megabytes_is_a_413(nasty_server, nasty_headers):
    body = {"html": "<p>" + "x" * (11 * 1024 * 1024) + "</p>"}
    r, _seconds = post(nasty_server, nasty_headers, body)
    assert r.status_code == 413 and r.json()["code"] == "payload_too_large"
    assert_still_serving(nasty_server, nasty_headers)
