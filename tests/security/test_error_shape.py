"""Every error answer is the contract's JSON shape with X-Request-Id, Tornado's own included, and odd paths
(NUL, control characters, traversal, bad UTF-8) are a 400 or 404, never a 500."""

from __future__ import annotations

import json
import socket

import pytest

from tests.helpers import new_key, new_user


def raw(server, data: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send ``data`` as is and read the whole answer (status, headers, body)."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def get(server, path: str, extra: str = "") -> tuple[int, dict[str, str], bytes]:
    return raw(server, f"GET {path} HTTP/1.1\r\nHost: x\r\n{extra}Connection: close\r\n\r\n".encode("latin-1"))


def assert_json_error(status: int, headers: dict[str, str], body: bytes, expected: tuple[int, ...]) -> dict:
    assert status in expected, (status, body[:300])
    assert headers["content-type"].startswith("application/json"), headers
    assert headers.get("x-request-id"), headers
    data = json.loads(body)
    assert set(data) == {"detail", "code"}, data
    return data


@pytest.mark.parametrize(("path", "expected"), [
    ("/static/x%00", 400),
    ("/static/%00", 400),
    ("/static/css%00/x", 400),
    ("/static/x%0a", 400),
    ("/static/x%7f", 400),
    ("/static/../../etc/passwd", 404),
    ("/static/..%2f..%2fetc%2fpasswd", 404),
    ("/static/", 404),
    ("/static/no-such-file.css", 404),
    ("/static/%ff", 400),
])
def test_odd_static_paths_are_json_400_or_404(server, path, expected):
    status, headers, body = get(server, path)
    assert_json_error(status, headers, body, (expected,))
    assert "Traceback" not in server.log()


def test_static_files_are_still_served(server):
    status, headers, body = get(server, "/static/admin.css")
    assert headers["x-request-id"]
    assert status == 200 and body


@pytest.mark.parametrize("path", [
    "/%00", "/x%00y", "//", "/%2e%2e/%2e%2e/etc/passwd", "/api/v1/%ff", "/api/v2/pdf/", "/.env",
    "/api/v1/pdf/%00", "/healthz%00", "/" + "a" * 4000, "/%0d%0aSet-Cookie:%20x=1",
])
def test_odd_paths_on_the_default_handler_are_json_404_or_400(server, path):
    status, headers, body = get(server, path)
    assert_json_error(status, headers, body, (400, 404))
    assert "set-cookie" not in headers


@pytest.mark.parametrize("path", [
    "/api/v1/keys/%00/", "/api/v1/keys/%00/rotate/", "/api/v1/auth/sessions/%00/", "/api/v1/keys/%ff/",
    "/api/v1/keys/" + "9" * 40 + "/", "/api/v1/usage/?days=%00", "/api/v1/keys/%0a/",
])
def test_odd_ids_in_api_paths_are_4xx(server, db, path):
    key = new_key(new_user(), scopes=["keys:read", "keys:write", "usage:read"])
    status, headers, body = get(server, path, f"X-API-Key: {key}\r\n")
    assert_json_error(status, headers, body, (400, 404, 405))


@pytest.mark.parametrize("request_bytes", [
    b"GARBAGE\r\n\r\n",
    b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
    b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
], ids=["garbage", "version", "nul-in-header", "no-colon", "bad-length", "length-and-chunked", "two-lengths"])
def test_requests_tornado_cannot_parse_get_a_json_400(server, request_bytes):
    status, headers, body = raw(server, request_bytes)
    data = assert_json_error(status, headers, body, (400,))
    assert data["code"] == "invalid_request"
