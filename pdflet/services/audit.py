"""The audit trail: who did what to which key, user or session, and every login attempt."""

from __future__ import annotations

from pdflet.db.models import AuditEvent, User


def record(action: str, *, actor: User | None = None, target: str = "", ip: str = "", detail: str = "") -> None:
    """Append one event; short strings are truncated rather than refused."""
    AuditEvent.create(actor=actor, action=action[:64], target=target[:255], ip=(ip or "")[:64], detail=detail)
