"""The admin under attack, over plain HTTP (no browser): CSRF, session fixation, stored XSS, CSP."""

from __future__ import annotations

import re
import uuid

import pytest
import requests

from pdflet.db.models import AuthSession
from pdflet.services.users import create_user
from tests.helpers import FAST, PASSWORD, new_key, new_user

XSS = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def xsrf_of(session: requests.Session, server) -> str:
    session.get(server.url + "/admin/login", timeout=10)
    return session.cookies["_xsrf"]


def admin_login(server, email: str, session: requests.Session | None = None) -> requests.Session:
    session = session or requests.Session()
    token = xsrf_of(session, server)
    r = session.post(server.url + "/admin/login", data={"email": email, "password": PASSWORD, "_xsrf": token},
                     allow_redirects=False, timeout=30, headers={"X-Real-Ip": f"192.0.2.{uuid.uuid4().int % 200 + 1}"})
    assert r.status_code == 303, r.text[:500]
    session.get(server.url + "/admin/keys", timeout=10)  # the first page after login sets the session's token
    return session


def assert_escaped(html: str, needle: str = XSS) -> None:
    assert needle not in html
    assert "<script>alert(1)</script>" not in html
    assert 'onerror="alert(2)"' not in html


def test_csp_and_framing_headers_on_every_admin_page(server, db):
    session = admin_login(server, new_user(staff=True).email)
    for path in ("/admin/login", "/admin/keys", "/admin/sessions", "/admin/usage", "/admin/users", "/admin/audit",
                 "/admin/nope"):
        r = session.get(server.url + path, timeout=10)
        csp = r.headers.get("Content-Security-Policy", "")
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, path
        assert r.headers.get("X-Frame-Options") == "DENY", path
        assert r.headers.get("X-Content-Type-Options") == "nosniff", path


@pytest.mark.parametrize("token", [None, "", "2|00000000|00000000|00000000", "not-a-token"])
def test_state_changes_without_a_valid_xsrf_token_are_403(server, db, token):
    user = new_user()
    session = admin_login(server, user.email)
    form = {"name": "sneaky"} if token is None else {"name": "sneaky", "_xsrf": token}
    r = session.post(server.url + "/admin/keys", data=form, allow_redirects=False, timeout=10)
    assert r.status_code == 403
    header_only = session.post(server.url + "/admin/keys", data={"name": "sneaky"}, timeout=10,
                               headers={"X-XSRFToken": token or "x", "HX-Request": "true"}, allow_redirects=False)
    assert header_only.status_code == 403
    assert "sneaky" not in session.get(server.url + "/admin/keys", timeout=10).text


def test_cross_site_post_with_the_victims_cookie_but_no_token(server, db):
    """What a forged form on another site can send: the browser's cookies, never our token."""
    user = new_user()
    victim = admin_login(server, user.email)
    cookies = {"pdflet_admin": victim.cookies["pdflet_admin"]}
    r = requests.post(server.url + "/admin/logout", cookies=cookies, allow_redirects=False, timeout=10)
    assert r.status_code == 403
    assert victim.get(server.url + "/admin/keys", allow_redirects=False, timeout=10).status_code == 200


def test_the_session_id_changes_at_login(server, db):
    user = new_user()
    session = admin_login(server, user.email)
    first_cookie = session.cookies["pdflet_admin"]
    browser = AuthSession.select().where((AuthSession.user == user) & (AuthSession.kind == "browser"))
    [first] = list(browser)
    admin_login(server, user.email, session)  # logging in again from the same browser
    assert session.cookies["pdflet_admin"] != first_cookie
    rows = {s.id: s for s in browser.clone()}
    assert len(rows) == 2 and rows[first.id].revoked_at is not None
    stale = requests.get(server.url + "/admin/keys", cookies={"pdflet_admin": first_cookie},
                         allow_redirects=False, timeout=10)
    assert stale.status_code == 302 and "/admin/login" in stale.headers["Location"]


def test_a_planted_session_cookie_is_not_adopted(server, db):
    """Session fixation: a cookie value chosen by an attacker is ignored, and login issues a new one."""
    user = new_user()
    session = requests.Session()
    session.cookies.set("pdflet_admin", "attacker-chosen-value", domain="127.0.0.1", path="/admin")
    admin_login(server, user.email, session)
    assert "attacker-chosen-value" not in session.cookies.get("pdflet_admin", path="/admin")
    assert session.get(server.url + "/admin/keys", allow_redirects=False, timeout=10).status_code == 200


def test_key_names_are_escaped(server, db):
    user = new_user()
    new_key(user, name=XSS)
    session = admin_login(server, user.email)
    page = session.get(server.url + "/admin/keys", timeout=10).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert_escaped(page)
    partial = session.get(server.url + "/admin/keys", headers={"HX-Request": "true"}, timeout=10).text
    assert_escaped(partial)


def test_user_emails_are_escaped(server, db):
    email = f'"><svg/onload=alert(3)>{uuid.uuid4().hex[:6]}@example.com'  # no spaces: a valid address here
    create_user(FAST, email, PASSWORD)
    session = admin_login(server, new_user(staff=True).email)
    page = session.get(server.url + "/admin/users", timeout=10).text
    assert "<svg/onload=alert(3)>" not in page
    assert "&lt;svg/onload=alert(3)&gt;" in page


def page_token(session: requests.Session, server) -> str:
    html = session.get(server.url + "/admin/keys", timeout=10).text
    return re.search(r'name="_xsrf" value="([^"]+)"', html).group(1)


def test_the_xsrf_token_is_bound_to_the_session(server, db):
    """A planted cookie + form pair (the double submit) or another session's token is refused once logged in."""
    def create(session, name, token, **kwargs):
        return session.post(server.url + "/admin/keys", data={"name": name, "scopes": "pdf:create", "_xsrf": token},
                            allow_redirects=False, timeout=10, **kwargs)

    victim = admin_login(server, new_user().email)
    own = page_token(victim, server)
    assert create(victim, "mine", own).status_code == 303
    planted = "2|0badc0de|" + "ab" * 16 + "|1700000000"
    victim.cookies.set("_xsrf", planted)
    r = create(victim, "planted", planted)
    assert r.status_code == 403
    attacker = admin_login(server, new_user().email)
    theirs = page_token(attacker, server)
    assert theirs != own
    victim.cookies.set("_xsrf", theirs)
    r = create(victim, "foreign", theirs, headers={"X-XSRFToken": theirs})
    assert r.status_code == 403
    assert "planted" not in victim.get(server.url + "/admin/keys", timeout=10).text


def test_audit_keeps_only_a_digest_of_failed_login_names(server, db):
    """A failed login's 'email' (a hostile string, or a password typed into the wrong box) is never stored."""
    from pdflet.db.models import AuditEvent
    from pdflet.services.audit import login_name

    marker = uuid.uuid4().hex[:8]
    hostile = f"{XSS}{marker}@example.com"
    for name in (hostile, f"Secret-Password-{marker}"):
        r = server.post("/api/v1/auth/jwt/create/", json={"email": name, "password": "nope"},
                        headers={"X-Real-Ip": f"198.18.0.{uuid.uuid4().int % 200 + 1}"})
        assert r.status_code == 401
    assert not AuditEvent.select().where(AuditEvent.detail.contains(marker)).exists()
    session = admin_login(server, new_user(staff=True).email)
    page = session.get(server.url + "/admin/audit", timeout=10).text
    assert marker not in page
    assert login_name(hostile) in page
    assert_escaped(page)


def test_open_redirect_after_login_is_refused(server, db):
    user = new_user()
    session = requests.Session()
    token = xsrf_of(session, server)
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"):
        r = session.post(server.url + "/admin/login", timeout=30, allow_redirects=False,
                         data={"email": user.email, "password": PASSWORD, "_xsrf": token, "next": target})
        assert r.status_code == 303
        location = r.headers["Location"]
        assert re.match(r"^/admin/", location), location


@pytest.mark.parametrize("path", ["/admin/keys/{n}/revoke", "/admin/keys/{n}/rotate", "/admin/users/{n}/deactivate"])
def test_ids_past_64_bits_are_not_found(server, db, path):
    session = admin_login(server, new_user(staff=True).email)
    r = session.post(server.url + path.format(n="9" * 23), data={"_xsrf": session.cookies["_xsrf"]},
                     allow_redirects=False, timeout=10)
    assert r.status_code == 404
