"""Show a just-created API key once after a redirect, without putting it in a cookie.

A plain-HTML form post (no htmx) creates the key, then redirects (Post/Redirect/Get); the
page after the redirect must show the key once. The browser's one-time message carries only
a random *reveal id*. The database holds the key masked with a pad derived from that id,
under a digest of the id, bound to the browser session, for two minutes at most. The first
read deletes the row, so a reload, another session, or a copied cookie shows nothing.
Shared through the database, it works whichever instance behind a load balancer answers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from pdflet.db.models import OneTimeSecret, utcnow

LIFETIME_SECONDS = 120
MAX_SECRET = 120


def _row_id(reveal_id: str) -> str:
    return hashlib.sha256(b"pdflet-reveal-id:" + reveal_id.encode()).hexdigest()


def _pad(reveal_id: str, length: int) -> bytes:
    return hashlib.shake_256(b"pdflet-reveal-pad:" + reveal_id.encode()).digest(length)


def put(session_id: str, secret: str) -> str:
    """Keep ``secret`` for one read by ``session_id``; returns the reveal id for the one-time message."""
    data = secret.encode("ascii")[:MAX_SECRET]
    reveal_id = secrets.token_urlsafe(32)
    masked = bytes(a ^ b for a, b in zip(data, _pad(reveal_id, len(data)), strict=True)).hex()
    now = utcnow()
    OneTimeSecret.delete().where(OneTimeSecret.expires_at <= now).execute()  # sweep what nobody came for
    OneTimeSecret.create(id=_row_id(reveal_id), session_id=session_id, masked=masked,
                         expires_at=now + dt.timedelta(seconds=LIFETIME_SECONDS))
    return reveal_id


def take(session_id: str, reveal_id: object) -> str | None:
    """The secret, once: None for an unknown, expired, already read or other session's id."""
    if not isinstance(reveal_id, str) or not 20 <= len(reveal_id) <= 64:
        return None
    row_id = _row_id(reveal_id)
    row = OneTimeSecret.get_or_none((OneTimeSecret.id == row_id) & (OneTimeSecret.session_id == session_id))
    if row is None:
        return None
    deleted = OneTimeSecret.delete().where(OneTimeSecret.id == row_id).execute()
    if deleted != 1 or row.expires_at <= utcnow():  # another request read it first, or it is stale
        return None
    masked = bytes.fromhex(row.masked)
    return bytes(a ^ b for a, b in zip(masked, _pad(reveal_id, len(masked)), strict=True)).decode("ascii")
