"""Base handlers: request ids, the one JSON error shape, body limits, authentication.

Modelled on jupyter_server's chain: :class:`ApiHandler` authenticates in ``prepare()``
and refuses by default unless a handler is marked ``public``; every failure, including
Tornado's own 404/405, is written as ``{"detail", "code"}`` without a traceback.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import json
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

import peewee
import tornado.web

from pdflet.errors import (
    NotAuthenticated,
    NotFound,
    PayloadTooLarge,
    PdfletError,
    PermissionDenied,
    UnsupportedMediaType,
)
from pdflet.services import rate_limiting
from pdflet.services.error_description import describe_error
from pdflet.services.principal import Principal
from pdflet.web.context import AppContext
from pdflet.web.cors import cors_headers, preflight_headers
from pdflet.web.declare import Operation
from pdflet.web.jsonbody import json_object
from pdflet.web.validation import check_body

log = logging.getLogger("pdflet.web")
T = TypeVar("T")

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})  # other names: "other"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


DRAIN_MIN_BYTES = 32 * 1024 * 1024


def drain_bound(limit: int) -> int:
    """How many bytes of an oversized body are read and dropped so its sender gets the 413:
    twice the limit, at least 32 MiB. Past that the connection is dropped at once."""
    return max(2 * limit, DRAIN_MIN_BYTES) + 1


def isoformat(value: dt.datetime | None) -> str | None:
    """Naive-UTC database datetimes as RFC 3339 with ``Z``."""
    if value is None:
        return None
    return value.replace(microsecond=0).isoformat() + "Z"


def _guarded(db: peewee.Database, fn: Any, args: tuple) -> Any:
    """Call ``fn`` in an I/O thread; a broken connection is closed so that thread's next query reconnects."""
    try:
        return fn(*args)
    except (peewee.OperationalError, peewee.InterfaceError):
        if not db.is_closed():
            db.close()
        raise


class BaseHandler(tornado.web.RequestHandler):
    """Request ids and JSON errors for every response of the app."""

    route_name = "other"
    operations: ClassVar[dict[str, Operation]] = {}  # the declaration of each method (see web/declare.py)
    _rate_headers: dict[str, str] | None = None
    _counted = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ctx.requests_in_flight += 1  # a graceful shutdown waits for this to reach zero
        self._counted = True

    @property
    def ctx(self) -> AppContext:
        return self.application.settings["pdflet"]

    def set_default_headers(self) -> None:
        incoming = self.request.headers.get("X-Request-Id", "")
        if not getattr(self, "request_id", None):
            self.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        self.set_header("X-Request-Id", self.request_id)
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "same-origin")
        for name, value in (self._rate_headers or {}).items():  # kept on errors (send_error clears headers)
            self.set_header(name, value)
        origin = self.request.headers.get("Origin")
        for name, value in cors_headers(self.ctx.settings.cors_origins, self.request.path, origin).items():
            self.set_header(name, value)

    def _uncount(self) -> None:
        if self._counted:
            self._counted = False
            self.ctx.requests_in_flight -= 1

    def on_connection_close(self) -> None:
        super().on_connection_close()
        self._uncount()

    async def run_io(self, fn: Any, *args: Any) -> Any:
        """Run blocking database or Redis work in the context's I/O threads (see AppContext.io_executor)."""
        return await asyncio.get_running_loop().run_in_executor(self.ctx.io_executor, _guarded, self.ctx.db, fn, args)

    async def run_blocking(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a slow service call (argon2 hashing, a login) in the context's executor, off the IOLoop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.ctx.executor, functools.partial(func, *args, **kwargs))

    def client_ip(self) -> str:
        return self.request.remote_ip or ""

    def allowed_methods(self) -> list[str]:
        """The methods this handler implements, for the ``Allow`` header a 405 must carry (RFC 9110)."""
        return [m for m in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
                if getattr(type(self), m.lower()) is not getattr(tornado.web.RequestHandler, m.lower())]

    def write_json(self, data: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(data, separators=(",", ":"), ensure_ascii=False))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc = kwargs.get("exc_info", (None, None, None))[1]
        error = describe_error(exc, self.request.method or "", status_code)
        for name, value in error.headers.items():
            self.set_header(name, value)
        if error.status == 405:
            self.set_header("Allow", ", ".join(self.allowed_methods()))
        if error.status == 401 and "WWW-Authenticate" not in self._headers:  # token errors bring RFC 6750's own
            self.set_header("WWW-Authenticate", 'Bearer realm="pdflet", charset="UTF-8"')
        self.clear_header("Content-Disposition")
        self.set_status(error.status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(error.as_dict()))

    def log_exception(self, typ, value, tb) -> None:  # type: ignore[no-untyped-def]
        if isinstance(value, PdfletError):
            return  # expected outcomes, logged by the access log line
        if isinstance(value, tornado.web.HTTPError) and value.status_code < 500:
            return
        log.error("unhandled error in %s %s [%s]", self.request.method, self.request.path,
                  getattr(self, "request_id", "-"), exc_info=(typ, value, tb))

    def on_finish(self) -> None:
        self._uncount()
        method = self.request.method if self.request.method in METHODS else "other"  # a fixed label set
        self.ctx.metrics.requests.labels(self.route_name, method, str(self.get_status())).inc()


class PreflightMixin:
    """Answers CORS preflights (``OPTIONS``) without credentials: browsers never send them on one."""

    def options(self, *args: str) -> None:
        handler: BaseHandler = self  # type: ignore[assignment]
        extra = preflight_headers(handler.ctx.settings.cors_origins, handler.request.path,
                                  handler.request.headers.get("Origin"), handler.allowed_methods())
        for name, value in extra.items():
            handler.set_header(name, value)
        handler.set_header("Allow", ", ".join(handler.allowed_methods()))
        handler.set_status(204)
        handler.finish()


class NotFoundHandler(BaseHandler):
    """Every unknown route: a JSON 404 whatever the method."""

    route_name = "other"  # one label for every unknown path, so paths cannot grow /metrics

    def prepare(self) -> None:
        raise NotFound(f"No route for {self.request.path}.")


@tornado.web.stream_request_body
class ApiHandler(PreflightMixin, BaseHandler):
    """Authenticated JSON API handler.

    The body is streamed so that its size is checked as it arrives (a 20 MB upload is
    refused with a JSON 413 after the headers, not buffered); credentials are checked
    before a byte of body is read, so anonymous clients cannot make the server buffer.
    """

    public = False  # no credentials at all (its operations declare no scope)
    principal: Principal | None = None

    def body_limit(self) -> int:
        """The most bytes this route reads of a request body (routes taking assets allow more)."""
        return self.ctx.settings.max_body_bytes

    async def prepare(self) -> None:
        self._chunks: list[bytes] = []
        self._received = 0
        self._refused: PdfletError | None = None
        limit = self.body_limit()
        # Tornado starts reading the body as soon as this returns; until then, up to drain_bound.
        self.request.connection.set_max_body_size(drain_bound(limit))
        try:
            await self.admit(limit)
        except PdfletError as exc:
            if not self._body_pending(limit):
                raise
            # Lingering close, as nginx does: answering now would close the connection with the
            # body unread, the kernel would send a reset, and a client still sending (Python's
            # urllib, curl) would never see our 413 or 401. So the body is read and dropped first
            # (up to drain_bound), and the handler's method is replaced by one raising the error.
            self._refused = exc
            setattr(self, self.request.method.lower(), self._raise_refused)

    async def admit(self, limit: int) -> None:
        """Size, credentials, scope and rate limit: everything decided before the body is read."""
        length = self.request.headers.get("Content-Length")
        if length is not None and length.isdigit() and int(length) > limit:
            raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
        if not self.public and self.request.method != "OPTIONS":
            self.principal = await self.authenticate()
            self.require_scope(self.principal)
            await self.apply_rate_limit(self.principal)

    def _body_pending(self, limit: int) -> bool:
        """A body is still to come and small enough to be drained before we answer."""
        length = self.request.headers.get("Content-Length")
        if length is not None:
            return length.isdigit() and 0 < int(length) < drain_bound(limit)
        return "chunked" in self.request.headers.get("Transfer-Encoding", "").lower()

    def _raise_refused(self, *args: Any) -> None:
        assert self._refused is not None
        raise self._refused

    def require_scope(self, principal: Principal) -> None:
        """Every implemented method of a non-public handler declares its scope; one that does not is refused.

        Deny by default: a route added (or a declaration's scope deleted) without a scope is a 403
        for every caller, not open to every key. Methods the handler does not implement fall
        through to their 405.
        """
        method = self.request.method or ""
        if method not in self.allowed_methods():
            return
        operation = self.operations.get(method)
        scope = operation.scope if operation is not None else None
        if scope is None:
            raise PermissionDenied("This route has no scope assigned; it is closed.")
        principal.require(scope)

    def data_received(self, chunk: bytes) -> None:
        self._received += len(chunk)
        if self._refused is not None or self._received > self.body_limit():
            self._chunks.clear()  # keep reading to the end, but keep nothing
            return
        self._chunks.append(chunk)

    async def authenticate(self) -> Principal:
        api_key = self.request.headers.get("X-API-Key")
        if api_key is not None:
            return await self.run_io(self.ctx.keys.authenticate, api_key.strip())
        auth = self.request.headers.get("Authorization", "")
        scheme, _, token = auth.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return await self.run_io(self.ctx.tokens.authenticate, token.strip())
        if auth:
            raise NotAuthenticated("Use 'Authorization: Bearer <access token>' or an 'X-API-Key' header.")
        raise NotAuthenticated()

    async def apply_rate_limit(self, principal: Principal) -> None:
        """One request off the caller's per-minute limit (see :mod:`pdflet.services.rate_limiting`)."""
        decision = await rate_limiting.take(self.ctx.rate_limiter, principal, self.ctx.settings.rate_limit_per_minute,
                                            self.run_io)
        if decision.limit:
            self._rate_headers = decision.headers()
            for header, value in self._rate_headers.items():
                self.set_header(header, value)

    def body_bytes(self) -> bytes:
        limit = self.body_limit()
        if self._received > limit:
            raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
        return b"".join(self._chunks)

    def json_body(self, *, required: bool = True) -> dict[str, Any]:
        """The body as a JSON object valid for this method's declared schema, or the contract's 415/400 errors."""
        raw = self.body_bytes()
        if not raw.strip() and not required:
            return {}
        content_type = self.request.headers.get("Content-Type", "")
        media = content_type.split(";", 1)[0].strip().lower()
        if media != "application/json" and not media.endswith("+json"):
            raise UnsupportedMediaType(f"Send the body as application/json, not {media or 'no content type'}.")
        body = json_object(raw)
        operation = self.operations.get(self.request.method or "")
        if operation is not None and operation.body is not None:
            check_body(body, operation.body)
        return body
