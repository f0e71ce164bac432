"""Reading the audit trail back, filtered by user and action, for staff."""

from __future__ import annotations

import peewee

from pdflet.db.models import AuditEvent, User
from pdflet.services.audit import login_name


def list_actions() -> list[str]:
    """The actions that occur in the trail, for a filter menu."""
    query = AuditEvent.select(AuditEvent.action).distinct().order_by(AuditEvent.action)
    return [row.action for row in query]


def list_events(user: User | None = None, action: str | None = None, limit: int = 200) -> list[AuditEvent]:
    """Newest first.

    ``user`` matches events the user did, events done to the user, and failed logins naming
    the user's email (those have no actor: the caller was never authenticated).
    """
    query = AuditEvent.select(AuditEvent, User).join(User, peewee.JOIN.LEFT_OUTER, on=(AuditEvent.actor == User.id))
    if user is not None:
        failed_login = (AuditEvent.action == "login.failed") & (AuditEvent.detail == login_name(user.email))
        query = query.where((AuditEvent.actor == user) | (AuditEvent.target == f"user:{user.id}") | failed_login)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit))
