"""What an exception means to a caller: one status, ``{detail, code}`` and headers for both front doors.

The JSON API writes the description as the contract's error body; the admin writes the
same status and words into an HTML page (it only words its own generic cases more
kindly). Nothing here knows Tornado: an HTTP-level error is anything with an integer
``status_code`` (and perhaps a ``log_message``), as :class:`tornado.web.HTTPError` has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from http import HTTPStatus

import peewee

from pdflet.errors import PdfletError

STATUS_CODES = {
    400: "invalid_request", 401: "not_authenticated", 403: "permission_denied", 404: "not_found",
    405: "method_not_allowed", 411: "invalid_request", 413: "payload_too_large",
    415: "unsupported_media_type", 429: "throttled", 503: "unavailable",
}
DATABASE_DOWN = "The database is not reachable; try again shortly."
INTERNAL = "Internal server error."


@dataclass(frozen=True)
class ErrorDescription:
    status: int
    detail: str
    code: str
    headers: dict[str, str] = field(default_factory=dict)
    specific: bool = True  # False: ``detail`` only repeats the status's phrase (a page may word it better)

    def as_dict(self) -> dict[str, str]:
        return {"detail": self.detail, "code": self.code}


def phrase(status: int) -> str:
    """The status's reason phrase ("Not Found"), or "Error" for a number HTTP does not name."""
    return HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"


def describe_error(exc: BaseException | None, method: str = "", status_code: int = 500) -> ErrorDescription:
    """The answer to give for ``exc`` (``None``: an error status raised without an exception).

    Our own errors say what they are; a client error of the framework keeps its message
    except for 404 and 405, whose messages would echo the path; a lost database is a 503
    the client may retry; anything else is a 500 that tells nothing about the server.
    """
    if isinstance(exc, PdfletError):
        return ErrorDescription(exc.status, exc.detail, exc.code, dict(exc.headers))
    status = getattr(exc, "status_code", None) if exc is not None else status_code
    if isinstance(status, int) and status < 500:
        if status == 405:
            return ErrorDescription(405, f"Method {method} is not allowed here.", STATUS_CODES[405])
        reason = getattr(exc, "log_message", None) if status != 404 else None
        return ErrorDescription(status, reason or f"{phrase(status)}.", STATUS_CODES.get(status, "error"),
                                specific=bool(reason))
    if isinstance(exc, (peewee.OperationalError, peewee.InterfaceError)):
        return ErrorDescription(503, DATABASE_DOWN, "unavailable", {"Retry-After": "5"})
    return ErrorDescription(500, INTERNAL, "internal_error", specific=False)
