"""Login and logout: email and password, throttled exactly like the JWT API."""

from __future__ import annotations

from pdflet.admin import session as cookie
from pdflet.admin.base import AdminHandler
from pdflet.admin.security import safe_next
from pdflet.errors import Throttled
from pdflet.services.login import LoginFailed, verify_login
from pdflet.services.users import MAX_PASSWORD_LENGTH

LOGIN_FAILED = "Wrong email or password."  # one message whether the account exists or not


class LoginHandler(AdminHandler):
    public = True
    login_form = True
    route_name = "admin_login"

    def get(self) -> None:
        target = safe_next(self.get_query_argument("next", None))
        if self.current_user is not None:
            self.redirect(target)
            return
        self.render_template("login.html", next=target, email="", error=None)

    async def post(self) -> None:
        email = self.get_body_argument("email", "").strip()[:254]
        password = self.get_body_argument("password", "")[: MAX_PASSWORD_LENGTH + 1]
        target = safe_next(self.get_body_argument("next", None))
        ip = self.client_ip()
        try:
            user = await verify_login(self.ctx.login_throttle, self.ctx.passwords, email, password, ip,
                                      run_io=self.run_io, run_blocking=self.run_blocking)
        except (Throttled, LoginFailed) as exc:
            refusal = exc.lockout if isinstance(exc, LoginFailed) else exc
            if refusal is not None:  # too many tries, or that was the last allowed one: say so now
                self.set_header("Retry-After", refusal.headers["Retry-After"])
            self.render_template("login.html", status=400 if refusal is None else 429, next=target, email=email,
                                 error=LOGIN_FAILED if refusal is None else refusal.detail)
            return
        self.end_current_session()  # a fresh session id at every login (no session fixation)
        _session, value = self.ctx.tokens.browser_login(
            user, ip=ip, user_agent=self.request.headers.get("User-Agent", ""), lifetime=cookie.ABSOLUTE_SECONDS,
        )
        self.set_signed_cookie(
            cookie.COOKIE_NAME, value, expires_days=None, path=cookie.COOKIE_PATH, httponly=True,
            samesite="Lax", secure=self.request.protocol == "https",
        )
        self.redirect(target, status=303)

    def end_current_session(self) -> None:
        if self.current_user is not None and self.auth_session is not None:
            self.ctx.tokens.revoke(self.auth_session, actor=self.current_user, ip=self.client_ip())


class LogoutHandler(AdminHandler):
    public = True
    route_name = "admin_logout"

    def get(self) -> None:
        self.redirect("/admin/login" if self.current_user is None else "/admin/keys")

    def post(self) -> None:
        if self.current_user is not None and self.auth_session is not None:
            self.ctx.tokens.revoke(self.auth_session, actor=self.current_user, ip=self.client_ip())
        self.clear_cookie(cookie.COOKIE_NAME, path=cookie.COOKIE_PATH, samesite="Lax",
                          secure=self.request.protocol == "https")
        self.redirect("/admin/login", status=303)


class IndexHandler(AdminHandler):
    """``/admin/``: the keys page is the dashboard people come for."""

    def get(self) -> None:
        self.redirect("/admin/keys")
