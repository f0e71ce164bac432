"""Browser fixtures: Debian's chromium through Playwright, against the shared ``pdflet serve``.

Every page gets its own client IP (the server runs with ``--xheaders``, so ``X-Real-Ip``
is the address it sees): login throttling of one test never leaks into another.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.helpers import PASSWORD

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

_ips = itertools.count(1)
expect.set_options(timeout=10_000)  # a loaded CI machine (renders, other suites) is slower than a laptop


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):  # pytest-playwright
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(server) -> str:
    """The shared server (replaces pytest-base-url's fixture, whose class-style definition pytest 9 warns about)."""
    return server.url


@pytest.fixture
def open_page(server, new_context) -> Callable[..., Page]:
    """A new browser (context) on the admin, with its own client IP; dialogs are accepted."""

    def _open(**kwargs) -> Page:
        headers = {"X-Real-Ip": next_ip()}
        context: BrowserContext = new_context(extra_http_headers=headers, **kwargs)
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        return page

    return _open


def login(page: Page, email: str, password: str = PASSWORD, next_path: str = "/admin/keys") -> None:
    page.goto(next_path)
    expect(page).to_have_url(re.compile(r"/admin/login"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(next_path) + "$"))


def next_ip() -> str:
    """A client address no other test uses (login throttling counts per IP)."""
    n = next(_ips)
    return f"10.77.{n // 250}.{n % 250 + 1}"


def api_login(server, user) -> dict[str, str]:
    """JWT access and refresh tokens for ``user`` through the JSON API, from a fresh client IP."""
    r = server.post("/api/v1/auth/jwt/create/", json={"email": user.email, "password": PASSWORD},
                    headers={"X-Real-Ip": next_ip()})
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture
def logged_in(db, open_page) -> Callable[..., Page]:
    """A page logged in as ``user`` (``next_path`` is where to land)."""

    def _logged_in(user, next_path: str = "/admin/keys", **kwargs) -> Page:
        page = open_page(**kwargs)
        login(page, user.email, next_path=next_path)
        return page

    return _logged_in


def confirm(page: Page, action: str) -> None:
    """Answer the admin's confirmation dialog (a styled ``<dialog>``, not the browser's confirm())."""
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name=action, exact=True).click()
    expect(dialog).to_be_hidden()
