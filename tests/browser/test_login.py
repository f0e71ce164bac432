"""Login, logout, redirects back, cookie flags, throttling and XSRF."""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import login, next_ip
from tests.helpers import PASSWORD, new_user

pytestmark = pytest.mark.browser


def test_login_returns_to_the_page_asked_for_and_logout(server, db, open_page):
    user = new_user()
    page = open_page()
    page.goto("/admin/usage?days=7")
    expect(page).to_have_url(re.compile(r"/admin/login\?next=%2Fadmin%2Fusage%3Fdays%3D7$"))
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/usage\?days=7$"))
    expect(page.get_by_role("heading", name="Usage")).to_be_visible()

    cookie = next(c for c in page.context.cookies() if c["name"] == "pdflet_admin")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/admin"
    assert not cookie["secure"]  # plain HTTP here; Secure is set when the request is HTTPS
    assert cookie["expires"] == -1  # a browser-session cookie; the server enforces idle and absolute limits

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/admin/login$"))
    page.goto("/admin/keys")
    expect(page).to_have_url(re.compile(r"/admin/login\?next="))


def test_foreign_next_is_ignored(server, db, open_page):
    user = new_user()
    page = open_page()
    page.goto("/admin/login?next=//evil.example/x")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/admin/keys$"))


def test_new_session_id_at_login(server, db, open_page):
    from pdflet.db.models import AuthSession

    user = new_user()
    page = open_page()
    login(page, user.email)
    browser_sessions = AuthSession.select().where((AuthSession.user == user) & (AuthSession.kind == "browser"))
    [first] = list(browser_sessions)
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf")
    again = page.request.post("/admin/login", form={"email": user.email, "password": PASSWORD, "_xsrf": token})
    assert again.ok
    rows = {s.id: s for s in browser_sessions.clone()}  # a fresh query: peewee caches results
    assert len(rows) == 2 and rows[first.id].revoked_at is not None  # the old id is dead, a new one issued
    page.goto("/admin/sessions")
    expect(page.locator(".badge-current")).to_have_count(1)
    expect(page.locator(f"#session-{first.id}")).to_have_count(0)
    cookie = next(c["value"] for c in page.context.cookies() if c["name"] == "pdflet_admin")
    # an altered cookie fails its signature and is treated as no login at all
    forged = requests.get(server.url + "/admin/keys", cookies={"pdflet_admin": cookie[:-2] + "xx"},
                          allow_redirects=False, timeout=10)
    assert forged.status_code == 302 and "/admin/login" in forged.headers["Location"]


def test_wrong_password_five_times_is_throttled(server, db, open_page):
    user = new_user()
    page = open_page()
    page.goto("/admin/login")
    for attempt in range(5):
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(f"wrong password {attempt}")
        page.get_by_role("button", name="Log in").click()
        if attempt < 4:
            expect(page.locator("#login-error")).to_have_text("Wrong email or password.")
    expect(page.locator("#login-error")).to_contain_text("Too many failed login attempts")
    page.get_by_label("Password").fill(PASSWORD)  # even the right password waits now
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#login-error")).to_contain_text("Too many failed login attempts")


def test_post_without_xsrf_token_is_refused(server, db, logged_in):
    user = new_user()
    page = logged_in(user)
    refused = page.request.post("/admin/keys", form={"name": "sneaky"}, max_redirects=0)
    assert refused.status == 403
    assert "security token" in refused.text()
    forged = page.request.post("/admin/keys", form={"name": "sneaky", "_xsrf": "2|00|00|00"}, max_redirects=0)
    assert forged.status == 403
    htmx_like = page.request.post("/admin/keys", form={"name": "sneaky"},
                                  headers={"HX-Request": "true", "X-XSRFToken": "nope"})
    assert htmx_like.status == 403
    page.reload()
    expect(page.locator("#keys-table")).not_to_contain_text("sneaky")


def test_idle_and_absolute_timeouts_end_the_login(server, db, logged_in):
    import datetime as dt

    from pdflet.db.models import AuthSession, utcnow

    user = new_user()
    page = logged_in(user)
    browser_sessions = AuthSession.select().where((AuthSession.user == user) & (AuthSession.kind == "browser"))
    AuthSession.update(last_used_at=utcnow() - dt.timedelta(hours=2)).where(
        AuthSession.id.in_([s.id for s in browser_sessions])).execute()
    page.goto("/admin/sessions")
    expect(page).to_have_url(re.compile(r"/admin/login\?next=%2Fadmin%2Fsessions$"))

    page = logged_in(user)
    newest = browser_sessions.order_by(AuthSession.created_at.desc()).first()
    AuthSession.update(expires_at=utcnow() - dt.timedelta(seconds=1)).where(AuthSession.id == newest.id).execute()
    page.goto("/admin/keys")
    expect(page).to_have_url(re.compile(r"/admin/login\?next="))


def test_keyboard_only_login_and_key_creation(server, db, open_page):
    user = new_user()
    page = open_page()
    page.goto("/admin/login")
    expect(page.get_by_label("Email")).to_be_focused()  # autofocus
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/keys$"))
    page.get_by_label("Name", exact=True).focus()
    page.keyboard.type("typed key")
    page.keyboard.press("Enter")
    expect(page.locator("#new-key-value")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Copy")).to_be_focused()


def test_cookie_is_secure_behind_https(server, db):
    user = new_user()
    https = {"X-Forwarded-Proto": "https", "X-Real-Ip": next_ip()}
    first = requests.get(server.url + "/admin/login", headers=https, timeout=10)
    assert "Secure" in first.headers["Set-Cookie"] and "SameSite=Lax" in first.headers["Set-Cookie"]  # _xsrf
    token = first.cookies["_xsrf"]  # a client would only send it back over HTTPS; the proxy header stands in
    response = requests.post(server.url + "/admin/login", headers={**https, "Cookie": f"_xsrf={token}"},
                             data={"email": user.email, "password": PASSWORD, "_xsrf": token},
                             allow_redirects=False, timeout=10)
    assert response.status_code == 303
    cookie = next(c for c in response.headers["Set-Cookie"].split(", pdflet") if "pdflet_admin=" in c)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_htmx_request_after_logout_elsewhere_goes_to_login(server, db, logged_in):
    page = logged_in(new_user(), next_path="/admin/usage")
    cookies = [c for c in page.context.cookies() if c["name"] != "pdflet_admin"]
    page.context.clear_cookies()
    page.context.add_cookies(cookies)  # keep the XSRF cookie, drop the login
    page.get_by_label("7 days").click()  # an htmx GET; the server answers with HX-Redirect (click: the page leaves)
    expect(page).to_have_url(re.compile(r"/admin/login\?next=%2Fadmin%2Fusage$"))
