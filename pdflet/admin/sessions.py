"""The sessions page: the user's JWT and browser logins, each revocable."""

from __future__ import annotations

from pdflet.admin import session as cookie
from pdflet.admin.base import AdminHandler


class SessionsBase(AdminHandler):
    nav = "sessions"
    route_name = "admin_sessions"

    def current_id(self) -> str | None:
        return self.auth_session.id if self.auth_session is not None else None


class SessionsHandler(SessionsBase):
    def get(self) -> None:
        sessions = self.ctx.tokens.list_sessions(self.current_user)
        self.render_template("sessions.html", sessions=sessions, current=self.current_id(),
                             flashes=self.take_flashes())


class SessionRevokeHandler(SessionsBase):
    def post(self, session_id: str) -> None:
        target = self.ctx.tokens.get_session(self.current_user, session_id)
        is_current = target.id == self.current_id()
        self.ctx.tokens.revoke(target, actor=self.current_user, ip=self.client_ip())
        if is_current:  # revoking this browser's own session is a logout
            self.clear_cookie(cookie.COOKIE_NAME, path=cookie.COOKIE_PATH)
            if self.is_htmx:
                self.set_header("HX-Redirect", "/admin/login")
                self.finish()
            else:
                self.redirect("/admin/login", status=303)
            return
        if self.is_htmx:
            self.render_template("_session_row.html", s=target, current=self.current_id())
        else:
            self.done("/admin/sessions", "Session revoked.")
