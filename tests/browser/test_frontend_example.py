"""The page of docs/frontend.md, served as written from another origin, runs in Chromium against the API:
log in → render → the access token expires → render (refreshing) → log out."""

from __future__ import annotations

import functools
import http.server
import re
import threading
import time
from pathlib import Path

import jwt
import pytest
import requests
from playwright.sync_api import expect

from tests.conftest import free_port, stop_server
from tests.helpers import PASSWORD, new_user
from tests.integration.servers import shared_server

pytestmark = pytest.mark.browser

DOC = Path(__file__).resolve().parents[2] / "docs" / "frontend.md"
ACCESS_SECONDS = 2  # long enough for login → first render on a loaded machine


def example_page() -> str:
    """The one ```html block between the frontend-example markers, byte for byte."""
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"<!-- frontend-example:start -->\n```html\n(.*?)```\n<!-- frontend-example:end -->", text, re.S)
    assert block, "docs/frontend.md lost its example markers"
    return block.group(1)


@pytest.fixture(scope="module")
def app_origin(tmp_path_factory):
    """A static web server on a second local port: the page's origin differs from the API's."""
    folder = tmp_path_factory.mktemp("frontend")
    (folder / "index.html").write_text(example_page(), encoding="utf-8")
    port = free_port()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def api(server, tmp_path_factory, app_origin):
    other = shared_server(server, tmp_path_factory, "frontend-api", {
        "PDFLET_CORS_ORIGINS": app_origin, "PDFLET_ACCESS_TOKEN_SECONDS": str(ACCESS_SECONDS)})
    yield other
    stop_server(other)


def test_the_documented_page_logs_in_renders_refreshes_and_logs_out(api, app_origin, db, new_context):
    user = new_user()
    context = new_context(accept_downloads=True)
    page = context.new_page()
    seen: list[tuple[str, str, str | None]] = []
    page.on("request", lambda r: seen.append((r.method, r.url, r.headers.get("authorization"))))
    page.goto(f"{app_origin}/?api={api.url}")
    status = page.locator("#status")

    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(status).to_have_text("Logged in.")

    page.get_by_role("button", name="Render PDF").click()
    expect(status).to_have_text("Rendered 1 page(s).")  # X-Pdflet-Pages is readable cross-origin
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    first = [auth for method, url, auth in seen if method == "POST" and url.endswith("/api/v1/pdf/")][-1]

    exp = jwt.decode(first.split()[1], options={"verify_signature": False})["exp"]
    time.sleep(max(0.0, exp + 0.1 - time.time()))  # the only wait: the access token's lifetime passing
    mark = len(seen)
    with page.expect_response(lambda r: r.url.endswith("/api/v1/auth/jwt/refresh/") and r.ok):
        page.get_by_role("button", name="Render PDF").click()
    expect(status).to_have_text("Rendered 1 page(s).")
    after = [(url.rsplit("/api/v1/", 1)[-1], auth) for method, url, auth in seen[mark:] if method == "POST"]
    assert [path for path, _ in after] == ["pdf/", "auth/jwt/refresh/", "pdf/"], after  # expired, refreshed, again
    assert after[0][1] == first and after[2][1] != first
    latest = after[2][1]

    page.get_by_role("button", name="Log out").click()
    expect(status).to_have_text("Logged out.")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    r = requests.post(api.url + "/api/v1/pdf/", json={"html": "x"}, headers={"Authorization": latest}, timeout=10)
    assert r.status_code == 401 and r.json()["code"] == "session_revoked"
    context.close()
