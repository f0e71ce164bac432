"""Every admin page through axe-core (no serious or critical violations) at phone and desktop width, in the
light and the dark colour scheme, with screenshots to look at.

axe-core is vendored as tests/browser/vendor/axe.min.js (see the README there). Playwright injects it as an
inline script, which the admin's CSP refuses, so these browsers bypass the CSP; the other browser tests keep it
and fail on any CSP report. Screenshots go to ``PDFLET_SCREENSHOT_DIR`` when set, else to the test's tmp dir.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from pdflet.db.models import ApiKey, utcnow
from tests.browser.conftest import login
from tests.browser.test_admin_polish import rotated_pair
from tests.helpers import new_key, new_user

pytestmark = pytest.mark.browser
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WIDTHS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}
PAGES = ["keys", "sessions", "usage", "try", "renderers", "users", "audit"]
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 4).map(n => n.target.join(" ")).join(" | ")}`);
}"""


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("PDFLET_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def axe_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_passes_axe(server, db, open_page, shots, width, scheme):
    staff = new_user(staff=True)
    old, _ = rotated_pair(staff)
    new_key(staff, name="CI <b>tests</b>", mode="test")
    new_key(staff, name="legacy")
    ApiKey.update(created_at=utcnow() - dt.timedelta(days=95)).where(
        (ApiKey.user == staff) & (ApiKey.name == "legacy")).execute()
    assert server.post("/api/v1/pdf/", json={"html": "<p>x</p>"}, headers={"X-API-Key": old}).status_code == 200

    page = open_page(viewport=WIDTHS[width], bypass_csp=True)
    page.emulate_media(color_scheme=scheme)
    found: dict[str, list[str]] = {}

    def check(name: str) -> None:
        found[name] = axe_violations(page)
        page.screenshot(path=shots / f"{width}-{scheme}-{name}.png", full_page=True)

    page.goto("/admin/login")
    check("login")
    login(page, staff.email)
    for name in PAGES:
        assert page.goto(f"/admin/{name}").status == 200, name
        check(name)
    page.goto("/admin/keys")
    page.get_by_role("button", name="Revoke key legacy").click()
    expect(page.locator("#confirm-dialog")).to_be_visible()
    check("keys-confirm")
    page.keyboard.press("Escape")
    page.goto("/admin/try")
    page.get_by_role("button", name="Render PDF").click()
    expect(page.locator("#tryit-result iframe")).to_be_visible()
    page.get_by_role("button", name="Copy as curl").click()
    check("try-result")
    page.goto("/admin/no-such-page")
    check("404")
    assert {name: v for name, v in found.items() if v} == {}
