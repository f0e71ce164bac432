"""The admin's "Try it" is metered like the API: usage recorded, one per-minute limit with the user's API calls."""

from __future__ import annotations

import pytest

from pdflet.db.models import UsageDay
from tests.conftest import start_server, stop_server
from tests.helpers import PASSWORD, new_user
from tests.integration.test_user_changes import browser_login

PREVIEW = {"html": "<h1>Preview</h1>", "page_size": "A4"}


def preview(server, browser, token):
    return browser.post(server.url + "/admin/try", data={**PREVIEW, "_xsrf": token},
                        headers={"HX-Request": "true"}, timeout=60)


def test_previews_are_recorded_in_usage(server, db):
    user = new_user()
    browser, token = browser_login(server, user.email)
    r = preview(server, browser, token)
    assert r.status_code == 200 and "data:application/pdf;base64," in r.text
    row = UsageDay.get((UsageDay.user == user) & (UsageDay.key_id == 0))
    assert row.requests == 1 and row.pages == 1 and row.bytes > 0


@pytest.fixture(scope="module")
def strict(tmp_path_factory, server):
    srv = start_server(tmp_path_factory.mktemp("strict"), {"PDFLET_RATE_LIMIT_PER_MINUTE": "3"},
                       database_url=server.database_url)
    yield srv
    stop_server(srv)


def test_previews_share_the_users_rate_limit_with_the_api(strict, db):
    user = new_user()
    browser, token = browser_login(strict, user.email)
    tokens = strict.post("/api/v1/auth/jwt/create/", json={"email": user.email, "password": PASSWORD},
                         headers={"X-Real-Ip": "192.0.2.77"}).json()
    bearer = {"Authorization": f"Bearer {tokens['access']}"}
    assert strict.post("/api/v1/pdf/", json={"html": "<p>api</p>"}, headers=bearer).status_code == 200
    assert preview(strict, browser, token).status_code == 200
    assert preview(strict, browser, token).status_code == 200
    assert preview(strict, browser, token).status_code == 429  # three per minute, API and previews together
    assert strict.post("/api/v1/pdf/", json={"html": "<p>api</p>"}, headers=bearer).status_code == 429


def _counter(server, name: str) -> float:
    line = next(line for line in server.get("/metrics").text.splitlines() if line.startswith(name + " "))
    return float(line.split()[1])


def test_previews_count_in_the_render_metrics(server, db):
    user = new_user()
    browser, token = browser_login(server, user.email)
    pages, size = _counter(server, "pdflet_pages_rendered_total"), _counter(server, "pdflet_bytes_rendered_total")
    assert preview(server, browser, token).status_code == 200
    assert _counter(server, "pdflet_pages_rendered_total") == pages + 1
    assert _counter(server, "pdflet_bytes_rendered_total") > size
    assert _counter(server, "pdflet_render_in_flight") == 0
