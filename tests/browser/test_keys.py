"""API keys in the browser: shown once, used over HTTP, revoked and rotated in place, escaped."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import confirm
from tests.helpers import new_key, new_user

pytestmark = pytest.mark.browser
KEY_RE = re.compile(r"^pk_live_[a-z0-9]{32}$")


def render_status(server, key: str) -> int:
    return server.post("/api/v1/pdf/", json={"html": "<p>hello</p>"}, headers={"X-API-Key": key}).status_code


def create_key(page, name: str) -> str:
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_role("button", name="Create API key").click()
    field = page.locator("#new-key-value")
    expect(field).to_be_visible()
    return field.input_value()


def test_create_read_once_use_and_revoke(server, db, logged_in):
    user = new_user()
    page = logged_in(user)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    expect(page.get_by_label("pdf:create")).to_be_checked()
    secret = create_key(page, "Production server")
    assert KEY_RE.match(secret)
    expect(page.get_by_text("This key will not be shown again")).to_be_visible()
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied!")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == secret
    row = page.locator("#keys-table tr", has_text="Production server")
    expect(row).to_contain_text(secret[:12])
    expect(row).to_contain_text(secret[-4:])

    page.get_by_role("link", name="Sessions").click()
    expect(page).to_have_url(re.compile(r"/admin/sessions$"))
    page.go_back()
    expect(page.get_by_role("heading", name="Your keys")).to_be_visible()
    expect(page.locator("#new-key-value")).to_have_count(0)
    page.reload()
    expect(page.locator("#new-key-value")).to_have_count(0)
    assert secret not in page.content()

    assert render_status(server, secret) == 200
    page.get_by_role("button", name="Revoke key Production server").click()
    confirm(page, "Revoke")
    expect(row.locator(".badge-revoked")).to_have_text("revoked")
    assert render_status(server, secret) == 401


def test_rotate_keeps_both_keys_working(server, db, logged_in):
    user = new_user()
    old = new_key(user, name="nightly job")
    page = logged_in(user)
    page.get_by_role("button", name="Rotate key nightly job").click()
    confirm(page, "Rotate")
    new = page.locator("#new-key-value")
    expect(new).to_be_visible()
    fresh = new.input_value()
    assert KEY_RE.match(fresh) and fresh != old
    expect(page.locator("#keys-table .badge-rotating")).to_have_count(1)
    expect(page.locator("#keys-table .badge-active")).to_have_count(1)
    assert render_status(server, old) == 200
    assert render_status(server, fresh) == 200


def test_key_name_is_escaped(server, db, logged_in):
    page = logged_in(new_user())
    alerts: list[str] = []
    page.on("dialog", lambda dialog: alerts.append(dialog.message))
    name = "<script>alert(1)</script>"
    create_key(page, name)
    expect(page.locator("#keys-table .key-name").first).to_have_text(name)
    page.reload()
    expect(page.locator("#keys-table .key-name").first).to_have_text(name)
    assert alerts == []
    assert page.locator("#keys-table script").count() == 0


def test_old_keys_carry_a_rotate_flag(server, db, logged_in):
    import datetime as dt

    from pdflet.db.models import ApiKey, utcnow

    user = new_user()
    new_key(user, name="ancient")
    new_key(user, name="recent")
    ApiKey.update(created_at=utcnow() - dt.timedelta(days=120)).where(
        (ApiKey.user == user) & (ApiKey.name == "ancient")).execute()
    page = logged_in(user)
    expect(page.locator("tr", has_text="ancient").locator(".badge-rotate")).to_have_text("rotate")
    expect(page.locator("tr", has_text="recent").locator(".badge-rotate")).to_have_count(0)


def test_create_without_javascript(server, db, logged_in):
    user = new_user()
    page = logged_in(user, java_script_enabled=False)
    page.get_by_label("Name", exact=True).fill("no-js key")
    page.get_by_label("Test").check()
    page.get_by_label("usage:read").check()
    page.get_by_role("button", name="Create API key").click()
    secret = page.locator("#new-key-value").input_value()
    assert secret.startswith("pk_test_")
    expect(page.locator("tr", has_text="no-js key")).to_contain_text("usage:read")
    page.reload()
    expect(page.locator("#new-key-value")).to_have_count(0)
    page.get_by_role("button", name="Revoke key no-js key").click()
    expect(page.locator("tr", has_text="no-js key").locator(".badge-revoked")).to_be_visible()
    assert render_status(server, secret) == 401


def test_invalid_form_shows_the_error(server, db, logged_in):
    page = logged_in(new_user())
    page.get_by_label("Name", exact=True).fill("no scopes")
    page.get_by_label("pdf:create").uncheck()
    page.get_by_role("button", name="Create API key").click()
    expect(page.locator("#keys-form .notice-error")).to_contain_text("at least one scope")
    expect(page.get_by_label("Name", exact=True)).to_have_value("no scopes")
