"""Signing and verifying pdflet webhooks (standard library only, so receivers can vendor it).

A delivery carries ``Pdflet-Signature: t=<unix time>,v1=<hex>[,v1=<hex>]``: each ``v1`` is
HMAC-SHA256 with one of the user's ``whsec_`` secrets over ``"<t>.<raw body>"`` (two while a
rolled secret is still valid). Receivers check one of them matches and that ``t`` is recent,
so a captured request cannot be replayed later. This is Stripe's scheme, deliberately::

    from pdflet.webhooks import verify, WebhookSignatureError

    @app.post("/pdflet-hook")
    def hook():
        try:
            event = verify(request.get_data(), request.headers["Pdflet-Signature"], SECRET)
        except (KeyError, WebhookSignatureError):
            return "", 400
        if event["type"] == "job.succeeded":
            download(event["data"]["links"]["pdf"])
        return "", 204
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Iterable
from typing import Any

HEADER = "Pdflet-Signature"


class WebhookSignatureError(ValueError):
    """The signature header is missing, malformed, does not match, or is too old."""


def signature(payload: bytes, secret: str, timestamp: int) -> str:
    """Hex HMAC-SHA256 of ``"<timestamp>.<payload>"`` under ``secret``."""
    signed = str(timestamp).encode() + b"." + payload
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def sign(payload: bytes, secrets: Iterable[str], timestamp: int | None = None) -> str:
    """The ``Pdflet-Signature`` value for ``payload``: one ``v1=`` per secret."""
    t = int(time.time()) if timestamp is None else int(timestamp)
    parts = [f"t={t}"] + [f"v1={signature(payload, s, t)}" for s in secrets]
    return ",".join(parts)


def _parse(header: str) -> tuple[int, list[str]]:
    timestamp, sigs = None, []
    for item in header.split(","):
        name, _, value = item.strip().partition("=")
        if name == "t" and value.isdigit() and len(value) <= 12:
            timestamp = int(value)
        elif name == "v1" and value:
            sigs.append(value)
    if timestamp is None or not sigs:
        raise WebhookSignatureError("The signature header has no timestamp or no v1 signature.")
    return timestamp, sigs


def verify(payload: bytes, header: str, secret: str, tolerance: int = 300, now: float | None = None) -> Any:
    """Check ``header`` against the raw ``payload`` and return the decoded event.

    Raises:
        WebhookSignatureError: no ``v1`` matches ``secret``, or ``t`` is more than
            ``tolerance`` seconds from now (``tolerance=0`` skips the time check).
    """
    if isinstance(payload, str):
        payload = payload.encode()
    if not isinstance(header, str) or not header:
        raise WebhookSignatureError("No signature header.")
    timestamp, sigs = _parse(header)
    expected = signature(payload, secret, timestamp)
    if not any(hmac.compare_digest(expected, s) for s in sigs):
        raise WebhookSignatureError("No signature matches the secret.")
    current = time.time() if now is None else now
    if tolerance and abs(current - timestamp) > tolerance:
        raise WebhookSignatureError(f"The signature is older than {tolerance} s (or from the future).")
    try:
        return json.loads(payload)
    except ValueError:
        raise WebhookSignatureError("The payload is not JSON.") from None
