"""CORS for the JSON API: which browser origins may call ``/api/v1/`` and what they may read.

Only paths under ``/api/v1/`` ever answer cross-origin (the admin never does: it relies on
same-origin cookies). An origin not in ``PDFLET_CORS_ORIGINS`` gets no CORS header at all, so
the browser keeps the response from the page; the request itself is authenticated as usual
(CORS protects the reader, not the server). ``*`` is only ever sent without
``Access-Control-Allow-Credentials``, as the Fetch standard requires.
"""

from __future__ import annotations

API_PREFIX = "/api/v1/"
ALLOWED_HEADERS = "Authorization, X-API-Key, Content-Type, Idempotency-Key"
EXPOSED_HEADERS = (
    "Content-Disposition, X-Request-Id, X-Pdflet-Pages, X-Pdflet-Warnings, "
    "X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After"
)
MAX_AGE = "600"  # seconds a browser may cache a preflight (Chromium caps it at 7200)


def allowed_origin(origins: tuple[str, ...], origin: str | None) -> str | None:
    """The ``Access-Control-Allow-Origin`` value for ``origin``, or None when it is refused."""
    if not origin or not origins:
        return None
    if origins == ("*",):
        return "*"
    return origin if origin in origins else None  # exact match: no suffixes, no patterns


def cors_headers(origins: tuple[str, ...], path: str, origin: str | None) -> dict[str, str]:
    """Headers every response to ``path`` carries (none outside ``/api/v1/``)."""
    if not path.startswith(API_PREFIX) or not origins:
        return {}
    headers = {"Vary": "Origin"}
    allow = allowed_origin(origins, origin)
    if allow is None:
        return headers
    headers["Access-Control-Allow-Origin"] = allow
    headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    if allow != "*":
        headers["Access-Control-Allow-Credentials"] = "true"
    return headers


def preflight_headers(origins: tuple[str, ...], path: str, origin: str | None, methods: list[str]) -> dict[str, str]:
    """Extra headers of a preflight (``OPTIONS``) answer from an allowed origin."""
    if not path.startswith(API_PREFIX) or allowed_origin(origins, origin) is None:
        return {}
    return {
        "Access-Control-Allow-Methods": ", ".join(methods),
        "Access-Control-Allow-Headers": ALLOWED_HEADERS,
        "Access-Control-Max-Age": MAX_AGE,
    }
