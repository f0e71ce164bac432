"""One HTTP exchange over the standard library's urllib, errors included, and ``Retry-After`` parsing.

Standard library only, so ``pdflet.client`` adds no dependency to a program that talks to a
pdflet server (the server's own dependencies are not needed by a client).
"""

from __future__ import annotations

import email.utils
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from pdflet.client.errors import ApiError, ConnectionFailed, error_for


@dataclass
class Response:
    """A finished HTTP answer: status, headers (lower-cased names) and the whole body."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def request_id(self) -> str | None:
        return self.headers.get("x-request-id")

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8")) if self.body else None

    def error(self) -> ApiError:
        """The typed exception for this (error) answer, from its ``{"detail", "code"}`` body."""
        try:
            data = self.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            data = {}
        detail = str(data.get("detail") or f"HTTP {self.status}")
        code = str(data.get("code") or "error")
        exc = error_for(self.status)(detail, code=code, status=self.status, request_id=self.request_id,
                                     headers=self.headers)
        if hasattr(exc, "retry_after"):
            exc.retry_after = retry_after(self.headers.get("retry-after"))  # type: ignore[attr-defined]
        return exc


def send(method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float) -> Response:
    """Make one request; an HTTP error status is a :class:`Response`, no answer at all is ConnectionFailed."""
    request = urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310 (http(s) only)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 (Client checks the scheme)
            return Response(answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read())
    except urllib.error.HTTPError as exc:
        with exc:
            return Response(exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read())
    except (TimeoutError, urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ConnectionFailed(f"Cannot reach {url}: {reason}", code="connection_failed") from None


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delay-seconds or an HTTP date (RFC 9110)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))
