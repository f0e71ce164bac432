"""Users' webhook signing secrets: ``whsec_`` + 32 characters, rolled with a 24 h overlap.

The secret must be readable to sign with, so it is stored as is (like a JWT secret), and
shown to its owner once: at creation or on a roll. After a roll the previous secret keeps
signing (a second ``v1=``) until ``retires_at``, so receivers can switch without a gap.
"""

from __future__ import annotations

import datetime as dt
import secrets
import string

from pdflet.db.job_models import WebhookSecret
from pdflet.db.models import User, utcnow

_ALPHABET = string.ascii_letters + string.digits
OVERLAP = dt.timedelta(hours=24)


def _new_secret() -> str:
    return "whsec_" + "".join(secrets.choice(_ALPHABET) for _ in range(32))


def current(user: User | int) -> WebhookSecret | None:
    return (WebhookSecret.select().where((WebhookSecret.user == user) & (WebhookSecret.retires_at.is_null()))
            .order_by(WebhookSecret.id.desc()).first())


def ensure(user: User | int) -> tuple[WebhookSecret, bool]:
    """The user's current secret, created when there is none; True when it was just created."""
    row = current(user)
    if row is not None:
        return row, False
    return WebhookSecret.create(user=user, secret=_new_secret()), True


def roll(user: User | int, now: dt.datetime | None = None) -> WebhookSecret:
    """A new secret; the old one signs alongside it for 24 h."""
    now = now or utcnow()
    with WebhookSecret._meta.database.atomic():
        WebhookSecret.update(retires_at=now + OVERLAP).where(
            (WebhookSecret.user == user) & (WebhookSecret.retires_at.is_null())).execute()
        return WebhookSecret.create(user=user, secret=_new_secret(), created_at=now)


def signing_secrets(user: User | int, now: dt.datetime | None = None) -> list[str]:
    """Secrets that sign a delivery now: the current one first, then those still overlapping."""
    now = now or utcnow()
    rows = WebhookSecret.select().where(
        (WebhookSecret.user == user) & (WebhookSecret.retires_at.is_null() | (WebhookSecret.retires_at > now)))
    found = [r.secret for r in sorted(rows, key=lambda r: (r.retires_at is not None, -r.id))]
    if not found:
        found = [ensure(user)[0].secret]
    return found


def masked(row: WebhookSecret) -> str:
    return f"whsec_…{row.secret[-4:]}"
