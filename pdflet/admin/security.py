"""Browser-facing security rules of the admin: the CSP, and which ``next`` targets are allowed."""

from __future__ import annotations

from urllib.parse import urlsplit

# No 'unsafe-inline' anywhere: scripts are static files, styles a static stylesheet. htmx is told
# not to inject its indicator styles (see base.html), and SVG charts use attributes, not style="".
CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "frame-src data:",  # the "Try it" preview: the PDF itself, as a data: URL
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

DEFAULT_NEXT = "/admin/keys"


def safe_next(target: str | None) -> str:
    """Where to go after login: only a local admin path, never another host (an open redirect).

    ``//evil.example`` and ``/\\evil.example`` are protocol-relative URLs to browsers, so a
    target must start with exactly one slash, carry no scheme or host, and stay under /admin/.
    """
    if not target or not isinstance(target, str) or len(target) > 2000:
        return DEFAULT_NEXT
    if any(ch in target for ch in "\\\r\n\t") or not target.startswith("/") or target.startswith("//"):
        return DEFAULT_NEXT
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/admin/"):
        return DEFAULT_NEXT
    if parts.path.startswith(("/admin/login", "/admin/logout")):
        return DEFAULT_NEXT
    return target
