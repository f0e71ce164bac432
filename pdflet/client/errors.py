"""The exceptions :class:`pdflet.client.Client` raises: one class per kind of failure a caller handles.

Every one carries what the server said — ``detail``, ``code``, ``status`` — and the
``request_id`` to quote when asking an operator. They subclass :class:`pdflet.PdfletError`, so
``except PdfletError`` catches a local ``render_pdf`` failure and a remote one alike.
"""

from __future__ import annotations

from pdflet.errors import PdfletError


class ApiError(PdfletError):
    """The server answered with an error (``{"detail", "code"}``), or could not be reached."""

    def __init__(self, detail: str, *, code: str = "error", status: int = 0, request_id: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail, headers=headers)
        self.code = code
        self.status = status
        self.request_id = request_id

    def __str__(self) -> str:
        where = f", request {self.request_id}" if self.request_id else ""
        return f"{self.detail} ({self.status} {self.code}{where})"

    def __reduce__(self):  # keep every field across pickling (PdfletError's keeps detail and headers only)
        return (_rebuild, (type(self), self.detail, self.code, self.status, self.request_id, self.headers))


def _rebuild(cls: type[ApiError], detail: str, code: str, status: int, request_id: str | None,
             headers: dict[str, str]) -> ApiError:
    return cls(detail, code=code, status=status, request_id=request_id, headers=headers)


class ConnectionFailed(ApiError):
    """No HTTP answer at all: refused, reset, timed out, DNS (``status`` 0)."""


class InvalidRequest(ApiError):
    """400, 413, 415: the request itself is wrong; sending it again will not help."""


class AuthenticationFailed(ApiError):
    """401: no credentials, a bad key, a token that could not be refreshed, a revoked session."""


class PermissionDenied(ApiError):
    """403: the key lacks the scope, or the user is not staff."""


class NotFound(ApiError):
    """404."""


class Conflict(ApiError):
    """409 and 410: a job's PDF not ready yet, or gone."""


class RenderFailed(ApiError):
    """422: the document could not be laid out (``detail`` says why), or an idempotency mismatch."""


class Throttled(ApiError):
    """429 after the client's retries: ``retry_after`` says how long the server asked to wait."""

    retry_after: float | None = None


class Unavailable(ApiError):
    """503 after the client's retries (queue full, database unreachable), or 504 ``render_timeout``."""

    retry_after: float | None = None


class ServerError(ApiError):
    """Any other 5xx: a bug or an outage on the server's side."""


_BY_STATUS: dict[int, type[ApiError]] = {
    400: InvalidRequest, 401: AuthenticationFailed, 403: PermissionDenied, 404: NotFound, 409: Conflict,
    410: Conflict, 413: InvalidRequest, 415: InvalidRequest, 422: RenderFailed, 429: Throttled,
    503: Unavailable, 504: Unavailable,
}


def error_for(status: int) -> type[ApiError]:
    """The exception class for an HTTP error status."""
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    return ServerError if status >= 500 else InvalidRequest
