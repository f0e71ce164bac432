"""Every page at desktop and phone width: renders, no CSP violations or console errors, partials for htmx.

Screenshots go to ``PDFLET_SCREENSHOT_DIR`` when set (to look at them), else to the test's tmp dir.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from tests.helpers import new_key, new_user

pytestmark = pytest.mark.browser

OVERFLOW_JS = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap'))
  .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))"""
PAGES = ["keys", "sessions", "usage", "try", "renderers", "users", "audit"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("PDFLET_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_page_renders_cleanly(server, db, open_page, logged_in, shots, viewport):
    staff = new_user(staff=True)
    live = new_key(staff, name="Production server", scopes=["pdf:create", "usage:read"])
    new_key(staff, name="CI <b>tests</b>", mode="test")
    for _ in range(2):
        server.post("/api/v1/pdf/", json={"html": "<p>x</p>"}, headers={"X-API-Key": live})
    anonymous = open_page(viewport=VIEWPORTS[viewport])
    problems: list[str] = []
    anonymous.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    anonymous.goto("/admin/login")
    anonymous.screenshot(path=shots / f"{viewport}-login.png", full_page=True)

    page = logged_in(staff, viewport=VIEWPORTS[viewport])
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    for name in PAGES:
        response = page.goto(f"/admin/{name}")
        assert response.status == 200, name
        expect(page.locator("main h1")).to_be_visible()
        if viewport == "phone":  # nothing may force sideways scrolling of the whole page
            assert page.evaluate(OVERFLOW_JS) == [], name
        if name == "users":  # show the reset-password form too
            page.locator("details.reset summary").first.click()
        page.screenshot(path=shots / f"{viewport}-{name}.png", full_page=True)

    page.goto("/admin/keys")
    page.get_by_label("Name", exact=True).fill("Shown once")
    page.get_by_role("button", name="Create API key").click()
    expect(page.locator("#new-key-value")).to_be_focused()
    page.screenshot(path=shots / f"{viewport}-keys-created.png", full_page=True)
    page.goto("/admin/try")
    page.get_by_role("button", name="Render PDF").click()
    expect(page.locator("#tryit-result iframe")).to_be_visible()
    page.wait_for_timeout(2000)  # let the PDF viewer paint before the screenshot
    page.screenshot(path=shots / f"{viewport}-try-result.png", full_page=True)
    page.goto("/admin/no-such-page")
    page.screenshot(path=shots / f"{viewport}-404.png", full_page=True)
    assert [p for p in problems if "404" not in p] == []


def test_partials_for_htmx_and_headers(server, db, logged_in):
    user = new_user()
    page = logged_in(user)
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    session = requests.Session()
    session.cookies.update(cookies)
    full = session.get(server.url + "/admin/usage", timeout=10)
    partial = session.get(server.url + "/admin/usage", headers={"HX-Request": "true"}, timeout=10)
    assert full.status_code == partial.status_code == 200
    assert full.text.startswith("<!doctype html>") and "<html" not in partial.text
    assert partial.text.lstrip().startswith('<section id="usage-report"')
    for response in (full, partial):
        assert "HX-Request" in response.headers["Vary"]
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["Cache-Control"] == "no-store"
    missing = session.get(server.url + "/admin/nothing-here", timeout=10)
    assert missing.status_code == 404 and missing.headers["Content-Type"].startswith("text/html")
    anonymous = requests.get(server.url + "/admin/keys", headers={"HX-Request": "true"}, timeout=10,
                             allow_redirects=False)
    assert anonymous.status_code == 401 and anonymous.headers["HX-Redirect"].startswith("/admin/login")
