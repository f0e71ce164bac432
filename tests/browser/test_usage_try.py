"""Usage chart, Try it and the renderers page."""

from __future__ import annotations

import base64

import pytest
from playwright.sync_api import expect

from pdflet.db.models import utcnow
from tests.helpers import new_key, new_user, pdf_text

pytestmark = pytest.mark.browser


def test_usage_chart_shows_the_requests_just_made(server, db, logged_in):
    user = new_user()
    key = new_key(user, name="reports")
    for _ in range(3):
        r = server.post("/api/v1/pdf/", json={"html": "<p>usage</p>"}, headers={"X-API-Key": key})
        assert r.status_code == 200
    page = logged_in(user, next_path="/admin/usage")
    today = utcnow().date().isoformat()
    bar = page.locator(f"svg.chart-wide rect.bar[data-day='{today}']")
    expect(bar).to_have_attribute("data-value", "3")
    expect(bar.locator("title")).to_have_text(f"{today}: 3 requests")
    assert float(bar.get_attribute("height")) > 0
    expect(page.locator("#total-requests")).to_have_text("3")
    expect(page.locator("#usage-rows")).to_contain_text("reports")
    expect(page.locator("svg.chart-wide rect.bar")).to_have_count(30)

    page.get_by_label("7 days").check()  # htmx swaps the report in place
    expect(page.locator("svg.chart-wide rect.bar")).to_have_count(7)
    expect(page.locator(f"svg.chart-wide rect.bar[data-day='{today}']")).to_have_attribute("data-value", "3")


def test_try_it_renders_inline_and_reports_errors(server, db, logged_in):
    page = logged_in(new_user(), next_path="/admin/try")
    expect(page.get_by_label("HTML")).to_contain_text("Invoice 2024-001")
    page.get_by_label("Page size").select_option("Letter")
    page.get_by_role("button", name="Render PDF").click()
    frame = page.locator("#tryit-result iframe")
    expect(frame).to_be_visible()
    src = frame.get_attribute("src").split("#")[0]
    prefix = "data:application/pdf;base64,"
    assert src.startswith(prefix)
    pdf = base64.b64decode(src[len(prefix):])
    assert "Invoice" in pdf_text(pdf)
    assert page.frame_locator("#tryit-result iframe").locator("embed, body").first.is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename == "document.pdf"

    page.get_by_label("HTML").fill("   ")
    page.get_by_role("button", name="Render PDF").click()
    expect(page.locator("#tryit-result .notice-error")).to_contain_text("empty")


def test_renderers_page_lists_the_default(server, db, logged_in):
    page = logged_in(new_user(), next_path="/admin/renderers")
    expect(page.locator("tr", has_text="reportlab").first).to_contain_text("default")
