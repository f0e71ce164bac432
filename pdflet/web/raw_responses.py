"""Whole HTTP answers written straight to a socket, in the JSON error shape, for requests no handler sees.

Tornado answers a request line or header it cannot parse (``GARBAGE``, a NUL in a header, an
unknown HTTP version, a bad ``Content-Length``) itself with a bare ``400 Bad Request`` and no body,
and a connection refused for being over the cap has no handler either. These get the same
``{"detail", "code"}`` body and ``X-Request-Id`` as every other error.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import tornado.iostream

_TORNADO_BAD_REQUEST = b"HTTP/1.1 400 Bad Request\r\n\r\n"


def error_response(status: int, phrase: str, detail: str, code: str, headers: dict[str, str] | None = None) -> bytes:
    """A complete ``Connection: close`` response with a JSON error body."""
    body = json.dumps({"detail": detail, "code": code}).encode()
    lines = [f"HTTP/1.1 {status} {phrase}", "Content-Type: application/json", f"Content-Length: {len(body)}",
             f"X-Request-Id: {uuid.uuid4().hex}", "X-Content-Type-Options: nosniff", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + body


MALFORMED = error_response(400, "Bad Request", "The request line or headers are malformed.", "invalid_request")


def answer_malformed_in_json(stream: tornado.iostream.IOStream) -> None:
    """Make Tornado's own bare 400 for an unparsable request on ``stream`` a JSON one."""
    write = stream.write

    def json_write(data: Any, *args: Any, **kwargs: Any) -> Any:
        if data == _TORNADO_BAD_REQUEST:
            data = MALFORMED
        return write(data, *args, **kwargs)

    stream.write = json_write  # type: ignore[method-assign]
