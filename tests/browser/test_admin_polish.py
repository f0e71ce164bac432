"""Admin polish in the browser: tables at 1280 px, local relative times, the rotated pair told apart,
rotation reminders, the confirmation dialog, Try it's options and "copy as curl"."""

from __future__ import annotations

import base64
import datetime as dt
import io
import os
import subprocess

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from pdflet.db.models import ApiKey, utcnow
from pdflet.services import keys as key_service
from tests.browser.conftest import confirm
from tests.helpers import new_key, new_user

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 900}
LONG_NAME = "Billing service, production cluster eu-west-1 (nightly invoices)"


def console_problems(page: Page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def rotated_pair(user, name: str = LONG_NAME) -> tuple[str, str]:
    """A key and its successor, rotated through the service as the API and CLI do."""
    old = key_service.create_key(user, name, scopes=["pdf:create", "keys:read", "keys:write", "usage:read"])
    ApiKey.update(last_used_at=utcnow()).where(ApiKey.id == old.record.id).execute()
    new = key_service.rotate_key(old.record, grace_hours=24)
    return old.secret, new.secret


def test_revoke_stays_in_view_at_1280_with_a_rotating_key(server, db, logged_in):
    user = new_user()
    old, fresh = rotated_pair(user)
    for key in (old, fresh):
        assert server.post("/api/v1/pdf/", json={"html": "<p>x</p>"}, headers={"X-API-Key": key}).status_code == 200
    page = logged_in(user, viewport=DESKTOP)
    problems = console_problems(page)
    gap = page.evaluate("document.querySelector('main h1').getBoundingClientRect().top"
                        " - document.querySelector('.topbar').getBoundingClientRect().bottom")
    assert gap >= 24, gap  # the heading has room under the top bar
    buttons = page.get_by_role("button", name=f"Revoke key {LONG_NAME}")
    expect(buttons).to_have_count(2)
    for i in range(2):
        box = buttons.nth(i).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= DESKTOP["width"], box
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    wrap = page.locator("#keys-table .table-wrap")  # the table fits its card: nothing hides under the actions
    assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth"), wrap.evaluate("e => [e.scrollWidth, e.clientWidth]")
    page.set_viewport_size({"width": 800, "height": 900})  # too narrow: the table scrolls in its card,
    assert wrap.evaluate("e => e.scrollWidth > e.clientWidth")  # and the actions stay in view
    for i in range(2):
        box = buttons.nth(i).bounding_box()
        assert box and box["x"] + box["width"] <= 800, box
    page.set_viewport_size(DESKTOP)

    rotating = page.locator("#keys-table tr.status-rotating")
    expect(rotating.locator("td.status")).to_contain_text("rotating")
    expect(rotating.locator(".status-note")).to_have_text("expires in 23 h")
    today = utcnow().date().isoformat()
    successor = page.locator("#keys-table tr.status-active .key-name")
    expect(successor).to_have_text(f"{LONG_NAME} (rotated {today})")

    page.goto("/admin/usage")
    rows = page.locator("#usage-rows")
    for key in (old, fresh):
        expect(rows).to_contain_text(key[:12])
    assert problems == []


def test_times_are_local_and_relative_with_the_exact_time_on_hover(server, db, logged_in):
    user = new_user()
    new_key(user, name="three days old")
    created = (utcnow() - dt.timedelta(days=3)).replace(microsecond=0)
    ApiKey.update(created_at=created).where(ApiKey.user == user).execute()
    page = logged_in(user, timezone_id="Asia/Tokyo", locale="en-GB")
    cell = page.locator("#keys-table tr", has_text="three days old").locator("td[data-label=Created] time")
    expect(cell).to_have_text("3 days ago")
    assert cell.get_attribute("datetime") == created.isoformat() + "Z"
    tokyo = created + dt.timedelta(hours=9)
    title = cell.get_attribute("title")
    assert f"{tokyo:%H}:{tokyo:%M}" in title and "GMT+9" in title, title


def test_revoke_asks_in_a_styled_dialog_not_confirm(server, db, logged_in):
    user = new_user()
    secret = new_key(user, name="dialog key")
    page = logged_in(user)
    problems = console_problems(page)
    native: list[str] = []
    page.on("dialog", lambda d: native.append(d.message))
    revoke = page.get_by_role("button", name="Revoke key dialog key")
    revoke.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Revoke “dialog key”? Requests with this key will fail at once.")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("tr", has_text="dialog key").locator(".badge-active")).to_be_visible()
    assert server.post("/api/v1/pdf/", json={"html": "<p>x</p>"}, headers={"X-API-Key": secret}).status_code == 200

    revoke.click()
    page.keyboard.press("Escape")  # Escape cancels too
    expect(dialog).to_be_hidden()
    revoke.click()
    confirm(page, "Revoke")
    expect(page.locator("tr", has_text="dialog key").locator(".badge-revoked")).to_be_visible()
    assert server.post("/api/v1/pdf/", json={"html": "<p>x</p>"}, headers={"X-API-Key": secret}).status_code == 401
    assert native == [] and problems == []

    icon = page.locator("link[rel=icon]").get_attribute("href")
    response = page.request.get(icon)
    assert response.status == 200 and response.headers["content-type"].startswith("image/svg+xml")


def test_rotation_reminders_and_expiry_presets(server, db, logged_in):
    user = new_user()
    for name, age in (("nearly due", 80), ("overdue", 100), ("fresh", 3)):
        new_key(user, name=name)
        ApiKey.update(created_at=utcnow() - dt.timedelta(days=age, hours=1)).where(
            (ApiKey.user == user) & (ApiKey.name == name)).execute()
    page = logged_in(user)
    banner = page.locator("#rotation-reminder")
    expect(banner).to_contain_text("Time to rotate 2 keys")
    expect(banner.locator("li", has_text="nearly due")).to_contain_text("80 days old, due in 10 days")
    expect(banner.locator("li", has_text="overdue")).to_contain_text("100 days old, past due")
    expect(banner).not_to_contain_text("fresh")

    expect(page.get_by_label("Expires after")).to_have_value("")  # never, by default
    assert page.get_by_label("Expires after").locator("option").all_text_contents() == [
        "Never", "30 days", "90 days", "365 days"]
    page.get_by_label("Name", exact=True).fill("quarterly")
    page.get_by_label("Expires after").select_option(label="90 days")
    page.get_by_role("button", name="Create API key").click()
    expect(page.locator("#new-key-value")).to_be_visible()
    expires = ApiKey.get((ApiKey.user == user) & (ApiKey.name == "quarterly")).expires_at
    assert 89 <= (expires - utcnow()).days <= 90

    page.locator("#keys-table tr", has_text="overdue").get_by_role("button", name="Rotate key overdue").click()
    confirm(page, "Rotate")
    expect(page.locator("#new-key-value")).to_be_visible()
    expect(banner).to_contain_text("Time to rotate a key")  # the overdue one is rotating now
    expect(banner).not_to_contain_text("overdue")


def test_try_it_with_css_options_and_copy_as_curl(server, db, logged_in, tmp_path):
    user = new_user()
    api_key = new_key(user, name="curl")
    page = logged_in(user, next_path="/admin/try")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_label("HTML", exact=True).fill("<h1>Quarterly report</h1><p>It's fine.</p>")
    page.get_by_label("CSS").fill("h1 { color: #c00; }")
    page.get_by_label("Orientation").select_option("landscape")
    page.get_by_label("Margin").fill("10mm")
    page.get_by_role("button", name="Render PDF").click()
    frame = page.locator("#tryit-result iframe")
    expect(frame).to_be_visible()
    pdf = base64.b64decode(frame.get_attribute("src").split("#")[0].split(",", 1)[1])
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert box.width > box.height  # landscape

    page.get_by_role("button", name="Copy as curl").click()
    expect(page.get_by_role("button", name="Copied!")).to_be_visible()
    command = page.evaluate("navigator.clipboard.readText()")
    expect(page.locator("#curl-command")).to_have_text(command)
    assert "$PDFLET_API_KEY" in command and api_key not in command
    done = subprocess.run(["bash", "-c", command], cwd=tmp_path, timeout=30, capture_output=True,
                          env={**os.environ, "PDFLET_API_KEY": api_key})
    assert done.returncode == 0, done.stderr
    reader = PdfReader(tmp_path / "document.pdf")
    assert "Quarterly report" in reader.pages[0].extract_text() and "It's fine." in reader.pages[0].extract_text()
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height

    page.get_by_label("Margin").fill("lots")
    page.get_by_role("button", name="Render PDF").click()
    expect(page.locator("#tryit-result .notice-error")).to_contain_text("margin")


def test_htmx_swaps_log_no_csp_errors(server, db, logged_in):
    """Every kind of swap (forms, filters, out-of-band panels, the dialog) without a CSP report or script error."""
    staff = new_user(staff=True)
    other = new_user()
    page = logged_in(staff)
    problems = console_problems(page)
    page.get_by_label("Name", exact=True).fill("swap key")
    page.get_by_role("button", name="Create API key").click()
    expect(page.locator("#new-key-value")).to_be_visible()
    page.get_by_role("button", name="Rotate key swap key").click()
    confirm(page, "Rotate")
    expect(page.locator("#keys-table .badge-rotating")).to_have_count(1)
    expect(page.locator("#keys-table time.relative").first).to_be_visible()  # swapped-in times enhanced too
    page.goto("/admin/usage")
    page.get_by_label("7 days").check()
    expect(page.locator("svg.chart-wide rect.bar")).to_have_count(7)
    page.goto("/admin/audit")
    page.get_by_label("User (email)").fill(staff.email)  # the trail is shared by every test of the session
    page.get_by_label("Action").select_option("key.rotate")
    expect(page.locator("#audit-table tbody tr")).to_have_count(1)
    expect(page.locator("#audit-table time.relative")).to_have_count(1)
    page.goto("/admin/users")
    page.get_by_role("button", name=f"Deactivate {other.email}").click()
    confirm(page, "Deactivate")
    expect(page.locator("tr", has_text=other.email)).to_contain_text("deactivated")
    page.goto("/admin/try")
    page.get_by_role("button", name="Render PDF").click()
    expect(page.locator("#tryit-result iframe")).to_be_visible()
    assert problems == []
