"""The admin handler: cookie login, XSRF on every state change, HTML errors, htmx partials.

The app runs with ``xsrf_cookies=False`` because the JSON API must not need XSRF tokens,
so this handler checks the token itself on every non-GET request. Like django-htmx, a
handler renders the partial for an htmx request and the whole page otherwise, with
``Vary: HX-Request`` so caches keep the two apart.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode, urlsplit

import jinja2
import tornado.web

from pdflet.admin import csrf
from pdflet.admin import session as cookie
from pdflet.admin.flash import FLASH_COOKIE, FLASH_SECONDS, Flash, decode, encode
from pdflet.admin.security import CSP
from pdflet.db.models import AuthSession, User
from pdflet.services import reveal
from pdflet.services.error_description import describe_error, phrase
from pdflet.services.principal import Principal
from pdflet.services.signing import derive
from pdflet.web.base import BaseHandler

log = logging.getLogger("pdflet.admin")

NAV = [
    ("keys", "/admin/keys", "API keys", False),
    ("sessions", "/admin/sessions", "Sessions", False),
    ("usage", "/admin/usage", "Usage", False),
    ("jobs", "/admin/jobs", "Jobs", False),
    ("try", "/admin/try", "Try it", False),
    ("renderers", "/admin/renderers", "Renderers", False),
    ("users", "/admin/users", "Users", True),
    ("audit", "/admin/audit", "Audit", True),
]

ADMIN_MESSAGES = {403: "You do not have permission to see this page.", 404: "There is no such page."}


class AdminHandler(BaseHandler):
    """Base of every admin page. Subclasses set ``public`` for the login page, ``staff_only`` for staff pages."""

    public = False
    staff_only = False
    login_form = False  # the login page: checked by double submit only (see check_xsrf_cookie)
    nav = ""
    route_name = "admin"

    def initialize(self, env: jinja2.Environment) -> None:
        self.env = env
        self._flashes: list[Flash] = []
        self.auth_session: AuthSession | None = None
        self.principal: Principal | None = None

    # -- headers ---------------------------------------------------------------------------
    def set_default_headers(self) -> None:
        super().set_default_headers()
        self.set_header("Content-Security-Policy", CSP)
        self.set_header("X-Frame-Options", "DENY")
        self.set_header("Cache-Control", "no-store")
        self.set_header("Vary", "HX-Request")

    def set_cookie(self, name: str, value: str | bytes, *args: Any, **kwargs: Any) -> None:
        """The ``_xsrf`` cookie Tornado sets gets the same SameSite and Secure rules as the login cookie."""
        if name == "_xsrf":
            kwargs.setdefault("samesite", "Lax")
            kwargs.setdefault("secure", self.request.protocol == "https")
        super().set_cookie(name, value, *args, **kwargs)

    # -- CSRF: bound to the session once logged in (see pdflet.admin.csrf) -------------------
    def _csrf_expected(self) -> str | None:
        if self.current_user is None or self.auth_session is None:
            return None
        return csrf.session_token(derive(self.ctx.secret, "csrf"), self.auth_session.id)

    @property
    def xsrf_token(self) -> bytes:
        expected = self._csrf_expected()
        if expected is None:
            return super().xsrf_token  # before login: Tornado's double-submit cookie
        if self.get_cookie("_xsrf") != expected:  # scripts and old clients read the cookie: keep it in step
            self.set_cookie("_xsrf", expected)
        return expected.encode()

    def check_xsrf_cookie(self) -> None:
        expected = self._csrf_expected()
        if expected is None or self.login_form:  # a login form posts with the pre-login token, even in a
            super().check_xsrf_cookie()  # logged-in browser's second tab; it can only start a session
            return
        presented = (self.get_argument("_xsrf", None) or self.request.headers.get("X-Xsrftoken")
                     or self.request.headers.get("X-Csrftoken"))
        if not csrf.matches(presented, expected):
            raise tornado.web.HTTPError(403, "XSRF token missing or not of this session")

    @property
    def is_htmx(self) -> bool:
        return self.request.headers.get("HX-Request") == "true"

    # -- authentication --------------------------------------------------------------------
    def get_current_user(self) -> User | None:
        raw = self.get_signed_cookie(cookie.COOKIE_NAME, max_age_days=cookie.SIGNATURE_MAX_AGE_DAYS)
        if not raw:
            return None
        session = self.ctx.tokens.browser_session(raw.decode("utf-8", "replace"), cookie.IDLE_SECONDS)
        if session is None:
            return None
        self.auth_session = session
        # the access log names the user of every admin request, as it does for the API
        self.principal = Principal(user=session.user, scopes=frozenset(), session_id=session.id)
        return session.user

    def prepare(self) -> None:
        if self.request.method not in ("GET", "HEAD"):
            self.check_xsrf_cookie()  # raises a 403 for a missing or wrong token
        else:
            self.xsrf_token  # noqa: B018 -- touching it sets the _xsrf cookie for the forms of this page
        if self.public:
            return
        if self.current_user is None:
            self.redirect_to_login()
            return
        if self.staff_only and not self.current_user.is_staff:
            raise tornado.web.HTTPError(403, "This page is for staff only.")

    def redirect_to_login(self) -> None:
        """Send an anonymous browser to the login page, remembering where it wanted to go."""
        target = self.request.uri if self.request.method in ("GET", "HEAD") else None
        if self.is_htmx:  # the page the user is on, not the fragment htmx asked for
            current = urlsplit(self.request.headers.get("HX-Current-URL", ""))
            target = current.path + (f"?{current.query}" if current.query else "") if current.path else None
        url = "/admin/login" + (f"?{urlencode({'next': target})}" if target else "")
        if self.is_htmx:
            self.set_header("HX-Redirect", url)
            self.set_status(401)
            self.finish()
        else:
            self.redirect(url, status=303 if self.request.method not in ("GET", "HEAD") else 302)

    # -- rendering ---------------------------------------------------------------------------
    def template_context(self) -> dict[str, Any]:
        user = self.current_user
        return {
            "user": user,
            "nav": [item for item in NAV if not item[3] or (user is not None and user.is_staff)],
            "active": self.nav,
            "xsrf": self.xsrf_token.decode(),
            "static_url": self.static_url,
            "path": self.request.path,
            "flashes": [],
        }

    def render_template(self, name: str, status: int = 200, **data: Any) -> None:
        context = {**self.template_context(), **data}
        body = self.env.get_template(f"admin/{name}").render(context)
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.finish(body)

    def render_page(self, page: str, partial: str | None = None, status: int = 200, **data: Any) -> None:
        """The partial for htmx, the page otherwise (same data for both)."""
        self.render_template(partial if (partial and self.is_htmx) else page, status=status, **data)

    def flash(self, kind: str, text: str, **extra: Any) -> None:
        """Remember a message for the next page of this browser session (see :mod:`pdflet.admin.flash`)."""
        if self.auth_session is None:
            return
        self._flashes.append(Flash(kind, text, **extra))
        self.set_signed_cookie(
            FLASH_COOKIE, encode(self.auth_session.id, self._flashes), expires_days=None, path=cookie.COOKIE_PATH,
            httponly=True, samesite="Lax", secure=self.request.protocol == "https",
        )

    def take_flashes(self) -> list[Flash]:
        """The messages left by the previous request, once: the cookie is cleared as it is read."""
        if self.get_cookie(FLASH_COOKIE) is None or self.auth_session is None:
            return []
        raw = self.get_signed_cookie(FLASH_COOKIE, max_age_days=FLASH_SECONDS / 86400)
        self.clear_cookie(FLASH_COOKIE, path=cookie.COOKIE_PATH)
        return decode(raw, self.auth_session.id)

    def reveal_after_redirect(self, url: str, text: str, secret: str, label: str) -> None:
        """Redirect to ``url``, which shows ``secret`` once: the cookie carries a reveal id, never the secret."""
        assert self.auth_session is not None
        self.flash("ok", text, reveal=reveal.put(self.auth_session.id, secret), key_name=label)
        self.redirect(url, status=303)

    def take_revealed(self) -> tuple[dict[str, str] | None, list[Flash]]:
        """The secret a redirect left to show once (or None), and the other messages of this page."""
        flashes = self.take_flashes()
        created = None
        for item in (f for f in flashes if f.reveal):
            assert self.auth_session is not None
            secret = reveal.take(self.auth_session.id, item.reveal)
            if secret is not None:
                created = {"secret": secret, "key_name": item.key_name or "", "text": item.text}
        return created, [f for f in flashes if not f.reveal]

    def done(self, url: str, text: str) -> None:
        """After a plain form post: remember a message and redirect (Post/Redirect/Get)."""
        self.flash("ok", text)
        self.redirect(url, status=303)

    # -- errors ------------------------------------------------------------------------------
    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc = kwargs.get("exc_info", (None, None, None))[1]
        error = describe_error(exc, self.request.method or "", status_code)
        status, title, message = error.status, phrase(error.status), error.detail
        for name, value in error.headers.items():
            self.set_header(name, value)
        if status == 403 and isinstance(exc, tornado.web.HTTPError) and message.startswith(("'_xsrf'", "XSRF")):
            message = "The form was stale or incomplete (missing security token). Reload the page and try again."
        elif not error.specific:  # a page words the generic cases for people, not clients
            message = ADMIN_MESSAGES.get(status, "Something went wrong on our side. Try again." if status >= 500
                                         else title + ".")
        context = {"code": status, "title": title, "message": message}
        try:
            if self.is_htmx:
                self.set_header("HX-Retarget", "#messages")
                self.set_header("HX-Reswap", "innerHTML")
                self.render_template("_messages_list.html", status=status,
                                     flashes=[Flash("error", message)], **context)
            else:
                self.render_template("error.html", status=status, **context)
        except Exception:  # the error page must not fail in turn: fall back to plain text
            log.exception("could not render the error page [%s]", getattr(self, "request_id", "-"))
            self.clear()
            self.set_status(status)
            self.set_header("Content-Type", "text/plain; charset=UTF-8")
            self.finish(f"{status} {title}: {message}\n")


class AdminNotFoundHandler(AdminHandler):
    """Unknown pages under /admin/: an HTML 404, not the API's JSON one."""

    public = True

    def prepare(self) -> None:
        raise tornado.web.HTTPError(404)
