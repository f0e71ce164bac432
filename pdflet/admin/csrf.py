"""The admin's CSRF token, bound to the browser session it protects.

Tornado's own ``_xsrf`` check is a double submit: the form must carry the value of the
``_xsrf`` cookie. Whoever can set a cookie on the host (a sibling subdomain, a plain-HTTP
man in the middle) can set both halves. Once a browser is logged in, the token is instead
an HMAC of its session id under a server key: it cannot be computed without the server
secret, and a token of one session is worthless in another. Before login (the login form)
the double submit remains; the worst a planted pair can do there is log a browser into the
planter's own account.
"""

from __future__ import annotations

import hashlib
import hmac

VERSION = "s1"  # tells a session token from Tornado's "2|…" cookie tokens


def session_token(key: str, session_id: str) -> str:
    """The one valid token of session ``session_id`` (stable for the session's life)."""
    mac = hmac.new(key.encode(), f"csrf:{session_id}".encode(), hashlib.sha256).hexdigest()
    return f"{VERSION}|{mac}"


def matches(presented: str | None, expected: str) -> bool:
    """Constant-time comparison of a submitted token with the session's."""
    return bool(presented) and hmac.compare_digest(presented.encode(), expected.encode())
