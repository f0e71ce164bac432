"""An oversized or refused body still gets its JSON answer in clients that send the whole body first.

Python's urllib (like curl without ``Expect: 100-continue``) writes the entire body before it reads
the response. If the server answers early and closes with the body unread, the kernel resets the
connection and the client sees "connection reset" instead of the 413. The server drains first.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from pdflet.web.base import drain_bound
from pdflet.web.multipart import ENVELOPE_BYTES
from tests.conftest import stop_server
from tests.integration.servers import shared_server

LIMIT = 100_000  # the document's budget; the assets' is as small, so the route reads at most:
ROUTE_LIMIT = LIMIT + (LIMIT * 4) // 3 + ENVELOPE_BYTES


@pytest.fixture(scope="module")
def small(server, tmp_path_factory):
    env = {"PDFLET_MAX_BODY_BYTES": str(LIMIT), "PDFLET_MAX_ASSETS_BYTES": str(LIMIT)}
    other = shared_server(server, tmp_path_factory, "small-body", env)
    yield other
    stop_server(other)


def urllib_post(url: str, data, headers: dict[str, str]) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {}
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.mark.parametrize("size", [ROUTE_LIMIT + 1, 5_000_000, 20_000_000])
def test_urllib_gets_the_413(small, api_key, size):
    status, body = urllib_post(small.url + "/api/v1/pdf/", b"x" * size, {"X-API-Key": api_key})
    assert (status, body["code"]) == (413, "payload_too_large")


def test_urllib_gets_the_413_without_credentials(small):
    status, body = urllib_post(small.url + "/api/v1/pdf/", b"x" * 5_000_000, {})
    assert (status, body["code"]) == (413, "payload_too_large")


def test_urllib_gets_the_401_for_a_bad_key_with_a_large_body(small):
    status, body = urllib_post(small.url + "/api/v1/pdf/", b"x" * (LIMIT - 10), {"X-API-Key": "pk_live_nope"})
    assert status == 401 and body["code"] in ("authentication_failed", "not_authenticated")
    status, body = urllib_post(small.url + "/api/v1/pdf/", b"x" * 5_000_000, {"Authorization": "Bearer x"})
    assert status == 413  # size is judged first


def test_urllib_chunked_body_gets_the_413(small, api_key):
    chunks = (b"x" * 65536 for _ in range(80))  # an iterable: urllib sends it chunked, no Content-Length
    status, body = urllib_post(small.url + "/api/v1/pdf/", chunks, {"X-API-Key": api_key})
    assert (status, body["code"]) == (413, "payload_too_large")


def test_a_body_past_the_drain_bound_is_cut_off_without_a_hang(small, api_key):
    size = drain_bound(ROUTE_LIMIT) + 1024
    try:
        status, _ = urllib_post(small.url + "/api/v1/pdf/", b"x" * size, {"X-API-Key": api_key})
    except (urllib.error.URLError, ConnectionError):
        status = None  # dropped at once, as documented
    assert status in (None, 413)
    assert small.get("/healthz").status_code == 200


def test_the_server_keeps_serving_after_oversized_bodies(small, api_key):
    status, _ = urllib_post(small.url + "/api/v1/pdf/", json.dumps({"html": "<p>ok</p>"}).encode(),
                            {"X-API-Key": api_key})
    assert status == 200
