"""Login and logout: email and password, throttled exactly like the JWT API."""

from __future__ import annotations

from pdflet.admin import session as cookie
from pdflet.admin.base import AdminHandler
from pdflet.admin.security import safe_next
from pdflet.errors import Throttled
from pdflet.services import audit
from pdflet.services.users import MAX_PASSWORD_LENGTH, check_credentials

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
        names = [f"email:{email.lower()}", f"ip:{ip}"]
        throttle = self.ctx.login_throttle
        try:
            attempt = throttle.attempt(names)  # counted before verifying, like the API
        except Throttled as exc:
            self.set_header("Retry-After", exc.headers["Retry-After"])
            self.render_template("login.html", status=429, next=target, email=email, error=exc.detail)
            return
        user = None
        if email and password:
            user = await self.run_blocking(check_credentials, self.ctx.passwords, email, password)
        if user is None:
            audit.record("login.failed", ip=ip, detail=audit.login_name(email))  # the same record as the API
            error, status = LOGIN_FAILED, 400
            try:
                throttle.check(names)
            except Throttled as exc:  # that was the last allowed try: say so now, not on the next one
                error, status = exc.detail, 429
                self.set_header("Retry-After", exc.headers["Retry-After"])
            self.render_template("login.html", status=status, next=target, email=email, error=error)
            return
        throttle.passed(attempt)
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
