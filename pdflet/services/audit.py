"""The audit trail: who did what to which key, user or session, and every login attempt."""

from __future__ import annotations

import hashlib

from pdflet.db.models import AuditEvent, User

LOGIN_NAME_PREFIX = "sha256:"


def login_name(name: str) -> str:
    """What the trail keeps of a name typed into a failed login: a digest, never the text.

    People type passwords into the email box; staff reading the trail must not see them.
    The digest of the normalised email still lets the trail be filtered by user.
    """
    normalised = name.strip().lower()[:254]
    return LOGIN_NAME_PREFIX + hashlib.sha256(normalised.encode("utf-8", "replace")).hexdigest()


def record(action: str, *, actor: User | None = None, target: str = "", ip: str = "", detail: str = "") -> None:
    """Append one event; short strings are truncated rather than refused."""
    AuditEvent.create(actor=actor, action=action[:64], target=target[:255], ip=(ip or "")[:64], detail=detail)
