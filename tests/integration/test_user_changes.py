"""Staff changes to an account end that account's sessions at once: access, refresh and cookie alike."""

from __future__ import annotations

import re
import uuid

import pytest
import requests

from tests.helpers import PASSWORD, new_user


def page_token(html: str) -> str:
    return re.search(r'name="_xsrf" value="([^"]+)"', html).group(1)


def browser_login(server, email: str) -> tuple[requests.Session, str]:
    """A logged-in admin browser and the form token of its session."""
    session = requests.Session()
    token = page_token(session.get(server.url + "/admin/login", timeout=10).text)
    r = session.post(server.url + "/admin/login", data={"email": email, "password": PASSWORD, "_xsrf": token},
                     headers={"X-Real-Ip": f"192.0.2.{uuid.uuid4().int % 200 + 1}"}, allow_redirects=False,
                     timeout=30)
    assert r.status_code == 303, r.text[:300]
    return session, page_token(session.get(server.url + "/admin/keys", timeout=10).text)


def api_login(server, email: str) -> dict[str, str]:
    r = server.post("/api/v1/auth/jwt/create/", json={"email": email, "password": PASSWORD},
                    headers={"X-Real-Ip": f"192.0.2.{uuid.uuid4().int % 200 + 1}"})
    assert r.status_code == 200, r.text
    return r.json()


def still_works(server, tokens, browser) -> dict[str, bool]:
    access = server.get("/api/v1/auth/sessions/", headers={"Authorization": f"Bearer {tokens['access']}"})
    refresh = server.post("/api/v1/auth/jwt/refresh/", json={"refresh": tokens["refresh"]})
    cookie = browser.get(server.url + "/admin/keys", allow_redirects=False, timeout=10)
    return {"access": access.status_code == 200, "refresh": refresh.status_code == 200,
            "cookie": cookie.status_code == 200}


@pytest.mark.parametrize(("action", "form"), [
    ("password", {"password": "a brand new passphrase"}),
    ("deactivate", {}),
    ("staff", {}),
])
def test_a_staff_change_ends_every_session_of_the_user(server, db, action, form):
    staff_browser, staff_token = browser_login(server, new_user(staff=True).email)
    victim = new_user()
    tokens = api_login(server, victim.email)
    browser, _ = browser_login(server, victim.email)
    assert still_works(server, tokens, browser) == {"access": True, "refresh": True, "cookie": True}
    tokens = api_login(server, victim.email)  # the refresh above may have rotated the first pair
    r = staff_browser.post(f"{server.url}/admin/users/{victim.id}/{action}", data={**form, "_xsrf": staff_token},
                           allow_redirects=False, timeout=30)
    assert r.status_code == 303, r.text[:300]
    assert still_works(server, tokens, browser) == {"access": False, "refresh": False, "cookie": False}


def test_removing_staff_rights_ends_sessions_too(server, db):
    staff_browser, staff_token = browser_login(server, new_user(staff=True).email)
    victim = new_user(staff=True)
    tokens = api_login(server, victim.email)
    r = staff_browser.post(f"{server.url}/admin/users/{victim.id}/unstaff", data={"_xsrf": staff_token},
                           allow_redirects=False, timeout=30)
    assert r.status_code == 303
    assert server.get("/api/v1/auth/sessions/", headers={"Authorization": f"Bearer {tokens['access']}"}) \
        .status_code == 401


@pytest.mark.parametrize("password", ["password", "12345678", "qwertyuiop"])
def test_staff_cannot_set_a_common_password(server, db, password):
    staff_browser, staff_token = browser_login(server, new_user(staff=True).email)
    victim = new_user()
    r = staff_browser.post(f"{server.url}/admin/users/{victim.id}/password",
                           data={"password": password, "_xsrf": staff_token}, allow_redirects=False, timeout=30)
    assert r.status_code == 400 and "common" in r.text
    created = staff_browser.post(f"{server.url}/admin/users", allow_redirects=False, timeout=30,
                                 data={"email": f"n-{uuid.uuid4().hex[:8]}@example.com", "password": password,
                                       "_xsrf": staff_token})
    assert created.status_code == 400 and "common" in created.text
