"""Where a webhook may be sent: the remote-resource address rules of :mod:`pdflet.netaddr`.

``http``/``https`` only; loopback, private, link-local, CGNAT, multicast and metadata
addresses are refused unless ``PDFLET_WEBHOOK_ALLOW`` names that exact host and port.
The URL is checked when the job is submitted (a clear 400) and again before every
attempt, connecting to the address that check resolved (no second DNS answer).
"""

from __future__ import annotations

from collections.abc import Iterable

from pdflet.errors import InvalidRequest
from pdflet.netaddr import AddressRefused, Target, resolve_checked

MAX_URL = 2048


def check_url(url: object, allow: Iterable[str]) -> list[Target]:
    """The addresses ``url`` may be delivered to.

    Raises:
        InvalidRequest: not a string, too long, not http(s), or a refused address (with why).
    """
    if not isinstance(url, str) or not url.strip():
        raise InvalidRequest("'webhook_url' must be a non-empty string.")
    if len(url) > MAX_URL or any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise InvalidRequest(f"'webhook_url' must be at most {MAX_URL} characters without spaces or controls.")
    try:
        return resolve_checked(url, tuple(allow))
    except AddressRefused as exc:
        raise InvalidRequest(f"'webhook_url' is refused: {exc.reason}.") from None
    except ValueError as exc:  # a malformed URL
        raise InvalidRequest(f"'webhook_url' is not a usable URL: {exc}.") from None
