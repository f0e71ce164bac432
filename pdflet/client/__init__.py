"""A Python client for a pdflet server: ``Client(base_url, api_key=…)`` or ``Client(base_url, email=…, password=…)``.

    from pdflet.client import Client
    pdf = Client("https://pdf.example.com", api_key="pk_live_…").render("<h1>Hello</h1>", page_size="A5")

Standard library only (urllib). What it takes care of:

- **JWT**: logs in on first use, refreshes the access token when the server answers
  ``token_expired`` and sends the request again (once), keeps a rotated refresh token when the
  refresh answer carries one, and logs in again with the password when the refresh token itself
  has expired. A revoked session (``session_revoked``) is not silently replaced: it raises.
- **Retries**: 429 and 503 are sent again after the server's ``Retry-After`` (or a short backoff),
  at most ``max_retries`` times and never waiting longer than ``max_retry_wait`` at once.
- **Errors**: typed exceptions (:mod:`pdflet.client.errors`) carrying ``detail``, ``code``,
  ``status`` and ``request_id``.

New endpoints are methods built on :meth:`Client.request`, which does all of the above.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pdflet import __version__
from pdflet.client.errors import (
    ApiError,
    AuthenticationFailed,
    Conflict,
    ConnectionFailed,
    InvalidRequest,
    NotFound,
    PermissionDenied,
    RenderFailed,
    ServerError,
    Throttled,
    Unavailable,
)
from pdflet.client.transport import Response, retry_after, send

RETRY_STATUSES = (429, 503)

__all__ = [
    "ApiError", "AuthenticationFailed", "Client", "Conflict", "ConnectionFailed", "InvalidRequest", "NotFound",
    "PermissionDenied", "RenderFailed", "Response", "ServerError", "Throttled", "Unavailable",
]


class Client:
    """A connection-less client of one pdflet server (each call is one or a few HTTP requests)."""

    def __init__(self, base_url: str, api_key: str | None = None, email: str | None = None,
                 password: str | None = None, *, timeout: float = 60.0, max_retries: int = 3,
                 max_retry_wait: float = 30.0, sleep: Callable[[float], None] = time.sleep) -> None:
        if api_key is not None and (email is not None or password is not None):
            raise ValueError("use either api_key or email and password, not both")
        if api_key is None and (email is None or password is None):
            raise ValueError("give api_key, or both email and password")
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"base_url must be an http:// or https:// URL, not {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.email = email
        self._password = password
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_retry_wait = max_retry_wait
        self._sleep = sleep  # replaceable, so a program (or a test) decides how waiting happens
        self.access_token: str | None = None
        self.refresh_token: str | None = None
        self._lock = threading.Lock()  # one login/refresh at a time when threads share a client

    def __repr__(self) -> str:
        who = f"key {self.api_key[:12]}…" if self.api_key else f"user {self.email}"
        return f"<pdflet.client.Client {self.base_url} as {who}>"

    # -- rendering ---------------------------------------------------------------------------
    def render(self, html: str, *, css: str | None = None, renderer: str | None = None,
               filename: str | None = None, **options: Any) -> bytes:
        """The PDF of ``html``; ``options`` as the API's (``page_size``, ``margin``, ``header_html`` …)."""
        body: dict[str, Any] = {"html": html}
        for name, value in (("css", css), ("renderer", renderer), ("filename", filename)):
            if value is not None:
                body[name] = value
        if options:
            body["options"] = options
        return self.request("POST", "/api/v1/pdf/", json=body).body

    def render_to_file(self, path: str | Path, html: str, **kwargs: Any) -> Path:
        """Render and write the PDF to ``path`` (nothing is written when rendering fails)."""
        data = self.render(html, **kwargs)
        target = Path(path)
        target.write_bytes(data)
        return target

    # -- JWT ---------------------------------------------------------------------------------
    def login(self) -> None:
        """Start a session with the email and password (done on first use; call it to fail early)."""
        with self._lock:
            self._login()

    def _login(self) -> None:
        r = self._send("POST", "/api/v1/auth/jwt/create/", {"email": self.email, "password": self._password}, {})
        data = r.json()
        self.access_token, self.refresh_token = data["access"], data["refresh"]

    def refresh(self) -> None:
        """A new access token from the refresh token (and the new refresh token when the server rotates it)."""
        with self._lock:
            self._refresh()

    def _refresh(self) -> None:
        if self.refresh_token is None:
            self._login()
            return
        try:
            r = self._send("POST", "/api/v1/auth/jwt/refresh/", {"refresh": self.refresh_token}, {})
        except AuthenticationFailed as exc:
            if exc.code != "token_expired":
                raise  # a revoked session or a bad token: logging in again is the owner's decision
            self._login()  # the refresh token expired: a new session with the password
            return
        data = r.json()
        self.access_token = data["access"]
        self.refresh_token = data.get("refresh") or self.refresh_token

    def logout(self) -> None:
        """End the session: its access and refresh tokens stop working at once."""
        with self._lock:
            if self.refresh_token is not None:
                token, self.access_token, self.refresh_token = self.refresh_token, None, None
                self._send("POST", "/api/v1/auth/jwt/logout/", {"refresh": token}, {})

    # -- the one request path --------------------------------------------------------------
    def request(self, method: str, path: str, *, json: Any = None, headers: dict[str, str] | None = None) -> Response:
        """Send an authenticated request with refresh and retries; an error status raises :class:`ApiError`."""
        renewed = False
        while True:
            sent_with = self._credentials()
            try:
                return self._send(method, path, json, {**sent_with, **(headers or {})})
            except AuthenticationFailed as exc:
                if self.api_key is not None or renewed or exc.code != "token_expired":
                    raise
                renewed = True
                with self._lock:
                    if self.access_token == sent_with.get("Authorization", "")[len("Bearer "):]:
                        self._refresh()  # another thread may have refreshed it meanwhile

    def _credentials(self) -> dict[str, str]:
        if self.api_key is not None:
            return {"X-API-Key": self.api_key}
        with self._lock:
            if self.access_token is None:
                self._login()
            return {"Authorization": f"Bearer {self.access_token}"}

    def _send(self, method: str, path: str, payload: Any, headers: dict[str, str]) -> Response:
        """One logical request: sent again on 429/503 after ``Retry-After``, within the bounds."""
        body = None if payload is None else json.dumps(payload).encode("utf-8")
        headers = {"User-Agent": f"pdflet-client/{__version__}", "Accept": "application/json, application/pdf",
                   **({"Content-Type": "application/json"} if body is not None else {}), **headers}
        url = self.base_url + path
        for attempt in range(self.max_retries + 1):
            r = send(method, url, body, headers, self.timeout)
            if r.status < 400:
                return r
            if r.status not in RETRY_STATUSES or attempt == self.max_retries:
                raise r.error()
            wait = retry_after(r.headers.get("retry-after"))
            wait = min(2.0 ** attempt, self.max_retry_wait) if wait is None else wait
            if wait > self.max_retry_wait:
                raise r.error()  # the server asks for longer than the caller allows: say so now
            self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    # -- context manager, for symmetry with logout ------------------------------------------
    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.refresh_token is not None:
            with contextlib.suppress(ApiError):  # the session may already be gone: nothing to clean up
                self.logout()
