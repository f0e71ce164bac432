"""Every form works as a plain HTML post or get: htmx enhances, it does not carry."""

from __future__ import annotations

import re

import jwt
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import api_login
from tests.helpers import new_key, new_user

pytestmark = pytest.mark.browser


def test_sessions_usage_try_and_users_without_javascript(server, db, logged_in):
    staff = new_user(staff=True)
    tokens = api_login(server, staff)
    sid = jwt.decode(tokens["access"], options={"verify_signature": False})["sid"]
    key = new_key(staff, name="plain")
    server.post("/api/v1/pdf/", json={"html": "<p>x</p>"}, headers={"X-API-Key": key})
    page = logged_in(staff, next_path="/admin/sessions", java_script_enabled=False)

    page.locator(f"#session-{sid}").get_by_role("button", name=re.compile("^Revoke")).click()
    expect(page).to_have_url(re.compile(r"/admin/sessions$"))
    expect(page.locator("#messages")).to_contain_text("Session revoked.")
    expect(page.locator(f"#session-{sid}")).to_have_count(0)

    page.goto("/admin/usage")
    page.get_by_label("7 days").check()
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"/admin/usage\?days=7$"))
    expect(page.locator("svg.chart-wide rect.bar")).to_have_count(7)

    page.goto("/admin/try")
    page.get_by_role("button", name="Render PDF").click()
    expect(page.locator("#tryit-result iframe")).to_have_count(1)

    victim = new_user()
    page.goto("/admin/users")
    page.get_by_role("button", name=f"Deactivate {victim.email}").click()
    expect(page).to_have_url(re.compile(r"/admin/users$"))
    expect(page.locator("#messages")).to_contain_text(f"{victim.email} deactivated")
    expect(page.locator(f"#user-{victim.id}")).to_contain_text("deactivated")

    page.goto(f"/admin/audit?user={victim.email}")
    page.get_by_label("Action").select_option("user.deactivate")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#audit-table tbody tr")).to_have_count(1)
