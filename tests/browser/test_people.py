"""Sessions page and staff pages: revoking sessions, deactivating users, staff-only access."""

from __future__ import annotations

import re

import jwt
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import api_login, confirm, next_ip
from tests.helpers import PASSWORD, new_key, new_user

pytestmark = pytest.mark.browser


def test_revoke_a_session_from_the_sessions_page(server, db, logged_in):
    user = new_user()
    tokens = api_login(server, user)
    bearer = {"Authorization": f"Bearer {tokens['access']}"}
    assert server.get("/api/v1/auth/sessions/", headers=bearer).status_code == 200
    sid = jwt.decode(tokens["access"], options={"verify_signature": False})["sid"]

    page = logged_in(user, next_path="/admin/sessions")
    row = page.locator(f"#session-{sid}")
    expect(row).to_contain_text("API (JWT)")
    expect(page.locator(".badge-current")).to_have_text("this browser")
    row.get_by_role("button", name=re.compile("^Revoke")).click()
    confirm(page, "Revoke")
    expect(row).to_contain_text("revoked")
    assert server.get("/api/v1/auth/sessions/", headers=bearer).status_code == 401
    page.reload()
    expect(page.locator(f"#session-{sid}")).to_have_count(0)


def test_staff_deactivates_a_user(server, db, logged_in):
    staff = new_user(staff=True)
    victim = new_user()
    key = new_key(victim, name="victim key")
    assert server.post("/api/v1/pdf/", json={"html": "<p>x</p>"}, headers={"X-API-Key": key}).status_code == 200
    victim_page = logged_in(victim)
    tokens = api_login(server, victim)

    page = logged_in(staff, next_path="/admin/users")
    row = page.locator("tr", has_text=victim.email)
    row.get_by_role("button", name=f"Deactivate {victim.email}").click()
    confirm(page, "Deactivate")
    expect(row).to_contain_text("deactivated")

    assert server.post("/api/v1/pdf/", json={"html": "<p>x</p>"}, headers={"X-API-Key": key}).status_code == 401
    bearer = {"Authorization": f"Bearer {tokens['access']}"}
    assert server.get("/api/v1/auth/sessions/", headers=bearer).status_code == 401
    victim_page.reload()
    expect(victim_page).to_have_url(re.compile(r"/admin/login"))

    page.goto(f"/admin/audit?user={victim.email}&action=user.deactivate")
    expect(page.locator("#audit-table tbody tr")).to_have_count(1)
    expect(page.locator("#audit-table")).to_contain_text(staff.email)

    refused = server.post("/api/v1/auth/jwt/create/", json={"email": victim.email, "password": PASSWORD},
                          headers={"X-Real-Ip": next_ip()})
    assert refused.status_code == 401
    page.goto(f"/admin/audit?user={victim.email}&action=login.failed")  # no actor, found by the email
    expect(page.locator("#audit-table tbody tr")).to_have_count(1)



def test_staff_creates_user_resets_password_and_grants_staff(server, db, logged_in, open_page):
    import uuid

    staff = new_user(staff=True)
    page = logged_in(staff, next_path="/admin/users")
    email = f"made-{uuid.uuid4().hex[:8]}@example.com"
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill("first password 1")
    page.get_by_role("button", name="Create user").click()
    expect(page.locator("#users-form .notice-ok")).to_contain_text(email)
    row = page.locator("tr", has_text=email)
    expect(row).to_contain_text("active")

    row.locator("summary").click()
    row.get_by_label(f"New password for {email}").fill("second password 2")
    row.get_by_role("button", name="Set password").click()
    expect(page.locator("tr", has_text=email)).to_contain_text("Password of")
    page.locator("tr", has_text=email).get_by_role("button", name=f"Grant staff to {email}").click()
    confirm(page, "Grant staff")
    expect(page.locator("tr", has_text=email).locator(".badge-staff")).to_be_visible()

    other = open_page()
    other.goto("/admin/login?next=/admin/users")
    other.get_by_label("Email").fill(email)
    other.get_by_label("Password").fill("second password 2")
    other.get_by_role("button", name="Log in").click()
    expect(other.get_by_role("heading", name="Users", exact=True)).to_be_visible()


def test_non_staff_gets_403_on_staff_pages(server, db, logged_in):
    user = new_user()
    page = logged_in(user)
    expect(page.get_by_role("link", name=re.compile("^Users"))).to_have_count(0)
    for path in ("/admin/users", "/admin/audit"):
        response = page.goto(path)
        assert response.status == 403
        expect(page.get_by_role("heading", name="Forbidden")).to_be_visible()
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf")
    response = page.request.post(f"/admin/users/{user.id}/staff", form={"_xsrf": token}, max_redirects=0)
    assert response.status == 403
    from pdflet.db.models import User

    assert not User.get_by_id(user.id).is_staff
