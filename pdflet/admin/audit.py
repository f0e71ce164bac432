"""Staff only: the audit trail, filterable by user (email) and action."""

from __future__ import annotations

from pdflet.admin.base import AdminHandler
from pdflet.services.audit_trail import list_actions, list_events
from pdflet.services.directory import list_users
from pdflet.services.users import find_user

LIMIT = 200


class AuditHandler(AdminHandler):
    nav = "audit"
    route_name = "admin_audit"
    staff_only = True

    def get(self) -> None:
        email = self.get_query_argument("user", "").strip()[:254]
        action = self.get_query_argument("action", "").strip()[:64]
        actions = list_actions()
        user = find_user(email) if email else None
        events = [] if email and user is None else list_events(user, action or None, LIMIT)
        self.render_page(
            "audit.html", "_audit_table.html", events=events, actions=actions, email=email, action=action,
            unknown_user=bool(email and user is None), limit=LIMIT, emails=[s.user.email for s in list_users()],
        )
