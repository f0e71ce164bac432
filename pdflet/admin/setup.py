"""``/admin/setup/<token>``: create the first admin in the browser (see :mod:`pdflet.services.first_run`)."""

from __future__ import annotations

from pdflet.admin import session as cookie
from pdflet.admin.base import AdminHandler
from pdflet.errors import InvalidRequest
from pdflet.services.first_run import check_link, create_first_admin
from pdflet.services.password_policy import MIN_PASSWORD_LENGTH
from pdflet.services.users import MAX_PASSWORD_LENGTH

SETUP_KEY = "setup_token"  # where ``pdflet serve`` leaves the token in the app context's extras


class SetupHandler(AdminHandler):
    public = True
    route_name = "admin_setup"

    def get(self, token: str) -> None:
        check_link(self.ctx.extras.get(SETUP_KEY), token)
        self.render_template("setup.html", token=token, email="", error=None, min_length=MIN_PASSWORD_LENGTH)

    async def post(self, token: str) -> None:
        email = self.get_body_argument("email", "").strip()[:254]
        password = self.get_body_argument("password", "")[: MAX_PASSWORD_LENGTH + 1]
        again = self.get_body_argument("password_again", "")[: MAX_PASSWORD_LENGTH + 1]
        try:
            user = await self.run_blocking(create_first_admin, self.ctx.passwords, self.ctx.extras.get(SETUP_KEY),
                                           token, email, password, again)
        except InvalidRequest as exc:
            self.render_template("setup.html", status=400, token=token, email=email, error=exc.detail,
                                 min_length=MIN_PASSWORD_LENGTH)
            return
        self.ctx.extras[SETUP_KEY] = None  # used: the link is dead even before the user count says so
        _session, value = self.ctx.tokens.browser_login(
            user, ip=self.client_ip(), user_agent=self.request.headers.get("User-Agent", ""),
            lifetime=cookie.ABSOLUTE_SECONDS,
        )
        self.set_signed_cookie(
            cookie.COOKIE_NAME, value, expires_days=None, path=cookie.COOKIE_PATH, httponly=True,
            samesite="Lax", secure=self.request.protocol == "https",
        )
        self.redirect("/admin/keys", status=303)
