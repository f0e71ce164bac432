"""The error codes of the product contract, as exceptions.

Every failure a user can cause is one of these. The web layer turns any of them into
``{"detail": ..., "code": ...}`` with the status below; the CLI prints ``detail`` and
exits non-zero; ``render_pdf`` lets them propagate so library callers can branch on
``code``. Anything else reaching the web layer is a bug (and is logged as one).
"""

from __future__ import annotations


class PdfletError(Exception):
    """Base of every user-facing pdflet error."""

    status: int = 500
    code: str = "error"
    default_detail: str = "Something went wrong."

    def __init__(self, detail: str | None = None, *, headers: dict[str, str] | None = None) -> None:
        self.detail = detail or self.default_detail
        self.headers = dict(headers or {})
        super().__init__(self.detail)

    def as_dict(self) -> dict[str, str]:
        return {"detail": self.detail, "code": self.code}

    def __reduce__(self):  # keep detail and headers across process boundaries
        return (_rebuild, (type(self), self.detail, self.headers))


def _rebuild(cls: type[PdfletError], detail: str, headers: dict[str, str]) -> PdfletError:
    return cls(detail, headers=headers)


class InvalidJson(PdfletError):
    status, code, default_detail = 400, "invalid_json", "The request body is not valid JSON."


class InvalidRequest(PdfletError):
    status, code, default_detail = 400, "invalid_request", "The request is not valid."


class NotAuthenticated(PdfletError):
    status, code, default_detail = 401, "not_authenticated", "Authentication credentials were not provided."


class AuthenticationFailed(PdfletError):
    status, code, default_detail = 401, "authentication_failed", "Invalid API key or credentials."


class TokenNotValid(PdfletError):
    """A bearer token that will never work: malformed, forged, wrong type. The client logs in again.

    Every token error carries RFC 6750's ``WWW-Authenticate: Bearer error="invalid_token"``; the
    ``code`` tells the client what to do next (see the subclasses).
    """

    status, code, default_detail = 401, "token_not_valid", "Token is invalid."

    def __init__(self, detail: str | None = None, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail, headers=headers)
        description = "".join(c for c in self.detail if c.isascii() and c.isprintable() and c not in '"\\')
        self.headers.setdefault(
            "WWW-Authenticate", f'Bearer realm="pdflet", error="invalid_token", error_description="{description}"'
        )


class TokenExpired(TokenNotValid):
    """A genuine token past its ``exp``: refresh the access token (or log in when the refresh token expired)."""

    status, code, default_detail = 401, "token_expired", "Token has expired."


class SessionRevoked(TokenNotValid):
    """The token's session was logged out, revoked, or its user deactivated: log in again."""

    status, code, default_detail = 401, "session_revoked", "The session of this token has ended; log in again."


class PermissionDenied(PdfletError):
    status, code, default_detail = 403, "permission_denied", "You do not have permission to do this."


class NotFound(PdfletError):
    status, code, default_detail = 404, "not_found", "Not found."


class MethodNotAllowed(PdfletError):
    status, code, default_detail = 405, "method_not_allowed", "Method not allowed."


class PayloadTooLarge(PdfletError):
    status, code, default_detail = 413, "payload_too_large", "The request body is too large."


class UnsupportedMediaType(PdfletError):
    status, code, default_detail = 415, "unsupported_media_type", "Send the body as application/json."


class RenderFailed(PdfletError):
    status, code, default_detail = 422, "render_failed", "The document could not be rendered."


class Throttled(PdfletError):
    status, code, default_detail = 429, "throttled", "Too many requests; try again later."

    def __init__(self, detail: str | None = None, *, retry_after: int = 60,
                 headers: dict[str, str] | None = None) -> None:
        merged = {"Retry-After": str(max(1, int(retry_after)))}
        merged.update(headers or {})
        super().__init__(detail, headers=merged)


class Busy(PdfletError):
    status, code, default_detail = 503, "busy", "The render queue is full; try again shortly."

    def __init__(self, detail: str | None = None, *, retry_after: int = 1,
                 headers: dict[str, str] | None = None) -> None:
        merged = {"Retry-After": str(max(1, int(retry_after)))}
        merged.update(headers or {})
        super().__init__(detail, headers=merged)


class RenderTimeout(PdfletError):
    status, code, default_detail = 504, "render_timeout", "Rendering took longer than the allowed time."


class ServiceUnavailable(PdfletError):
    status, code, default_detail = 503, "unavailable", "The service is not ready."
